"""Claim edits and pickers on a sentence that sits in two claims (one per claim unit): the claim
the reviewer picked is the one edited, never the other claim sharing that sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_claim_items import BOTH, BUDGET, FERRY, STORY, _place, _story_db
from tui_fixtures import async_test

from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.screens.claim_edit import PickScreen

RESIDENTS = "Residents said nobody had consulted them about the plan."


@pytest.fixture
def shared_db(tmp_path: Path) -> Path:
    """The claim-unit story and a fourth outlet, so a third claim exists to merge into."""
    return _story_db(tmp_path, {**STORY, 4: [RESIDENTS, "Shops on the quay stayed open late."]})


def _members(store: Store) -> list[set[str]]:
    return [{m.text.strip() for m in store.cluster_members(c.id)} for c in store.clusters()]


async def _show_third(pilot: Any, screen: ClaimsScreen) -> None:
    """Show the claim that shares no sentence with the two claims of BOTH."""
    (third,) = [
        k for k, c in screen._clusters.items()
        if any("consulted" in m.text for m in screen.store.cluster_members(c.id))
    ]  # fmt: skip
    screen.show_cluster(third)
    await pilot.pause()


@async_test
async def test_merging_a_claim_picked_in_the_tui_merges_that_claim(shared_db: Path) -> None:
    with Store.open(shared_db) as store:
        article, idx, _ = _place(store, BOTH)
        assert len(store.clusters_of_sentence(article, idx)) == 2
        texts = _members(store)
        assert len(texts) == 3, texts
    app = ReviewApp(shared_db, "ann")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        for picked_text in (BUDGET, FERRY):  # whichever claim of the two has the lower row id
            await _show_third(pilot, screen)
            screen.action_merge_claim()
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, PickScreen)
            found = picker.search("")
            picker.run_search("")  # two claims that share a sentence are both offered
            keys = [k for k, label in found if picked_text[:20] in str(label)]
            assert len(keys) == 1, (picked_text, found)
            key = keys[0]
            picker.dismiss(key)
            await pilot.pause()
            merged = next(t for t in _members(app.store) if any("consulted" in x for x in t))
            assert picked_text in merged, (picked_text, merged)
            other = FERRY if picked_text == BUDGET else BUDGET
            assert other not in merged, (picked_text, merged)
            await pilot.press("u")
            await pilot.pause()


@async_test
async def test_search_and_the_add_picker_list_a_sentence_in_two_claims(shared_db: Path) -> None:
    from tui.screens.search import SearchScreen

    app = ReviewApp(shared_db, "ann")
    async with app.run_test(size=(140, 40)) as pilot:
        app.push_screen(SearchScreen("ferry"))
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        both = [h for h in search.hits if h.text.strip() == BOTH]
        assert len(both) == 2  # once per claim, each naming its own claim
        assert len({h.cluster_id for h in both}) == 2
        search.dismiss(None)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        await _show_third(pilot, screen)
        screen.action_add_member()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickScreen)
        picker.run_search("ferry")
        keys = [k for k, _ in picker.search("ferry")]
        assert _place(app.store, BOTH)[2] in keys and len(keys) == len(set(keys))


# the other outlet's sentence also states both claims: two claims of the same two sentences
BOTH_AGAIN = (
    "Councillors approved a new budget for the harbour district on Tuesday, while the mayor "
    "said that the old ferry terminal would close in March."
)


@async_test
async def test_two_claims_of_the_same_sentences_are_both_listed(tmp_path: Path) -> None:
    from tui.widgets.paged_table import PagedTable

    path = _story_db(tmp_path, {1: STORY[1], 2: [BOTH_AGAIN, "Fishermen were angry."]})
    with Store.open(path) as store:
        clusters = store.clusters(limit=-1)
        # no unshared sentence to name either: the names tell the clauses apart
        assert len(clusters) == 2 and clusters[0].name != clusters[1].name
    app = ReviewApp(path, "ann")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        assert screen.query_one("#clusters", PagedTable).row_count == 2
        assert {c.id for c in screen._clusters.values()} == {c.id for c in clusters}


def test_a_verdict_another_reviewer_took_back_does_not_lock_the_claim(tmp_path: Path) -> None:
    """An undone verdict leaves a row with no decision; the screen shows 'unreviewed'. Giving a
    verdict over it must not be refused as stale, again and again (ana was locked out)."""
    with Store.open(_story_db(tmp_path)) as store:
        _, _, key = _place(store, BUDGET)
        store.record_verdicts([key], "false", "ben")
        store.undo("ben")
        shown = store.claim_status(key)
        assert shown == "unreviewed"
        store.record_verdicts([key], "corroborated", "ana", seen=[shown])
        assert store.claim_status(key) == "corroborated"


def test_adding_a_sentence_to_the_claim_it_is_possible_in_moves_it_from_there() -> None:
    """A sentence may be a possible member of one claim (one clause) and state another (its other
    clause). Adding it to the first must take it from there, not out of the second: the first
    claim would hold it twice and the second would lose it."""
    from store.claim_replay import Claim, Edit, Member, apply_edits

    def member(key: str, tier: str = "same_claim") -> Member:
        return Member(int(key[1:]), key, f"Sentence {key}.", 0.5, tier)

    claims = [
        Claim(0, "b", "c0", [member("k0"), member("k3"), member("k4")]),  # k0 states this one
        Claim(1, "a", "c1", [member("k1"), member("k2"), member("k0", "possible")]),
    ]
    out, outcome = apply_edits(claims, [Edit(1, "add", "a", ("k0",), ("k1", "k2"))])
    assert outcome == {1: None}
    held = {c.ident: [(m.claim_key, m.tier) for m in c.members] for c in out}
    assert sorted(held[1]) == [("k0", "same_claim"), ("k1", "same_claim"), ("k2", "same_claim")]
    assert sorted(held[0]) == [("k0", "same_claim"), ("k3", "same_claim"), ("k4", "same_claim")]


@async_test
async def test_showing_a_search_hit_opens_the_claim_it_was_found_in(shared_db: Path) -> None:
    from textual.widgets import OptionList

    from tui.screens.search import SearchScreen

    app = ReviewApp(shared_db, "ann")
    async with app.run_test(size=(140, 40)) as pilot:
        for nth in (0, 1):  # each claim of the shared sentence, whichever has the lower row id
            app.push_screen(SearchScreen("ferry"))
            await pilot.pause()
            search = app.screen
            assert isinstance(search, SearchScreen)
            hit = [h for h in search.hits if h.text.strip() == BOTH][nth]
            results = search.query_one("#search-results", OptionList)
            results.highlighted = results.get_option_index(f"{hit.id}:{hit.cluster_id}")
            search.action_show_claim()
            await pilot.pause()
            await pilot.pause()
            claims = app.screen
            assert isinstance(claims, ClaimsScreen)
            shown = claims._clusters.get(claims._shown or "")
            assert shown is not None and shown.id == hit.cluster_id


def test_edits_in_two_claims_that_share_a_sentence_do_not_block_each_others_undo(
    shared_db: Path,
) -> None:
    """Ann edits the budget claim, ben the ferry claim; both hold BOTH (one clause each). Ben's
    edit does the same with or without ann's, so her undo is no conflict; it used to be refused
    with "ben edited that claim since", which was untrue."""
    with Store.open(shared_db) as store:
        article, idx, _ = _place(store, BOTH)
        budget_key, ferry_key = _place(store, BUDGET)[2], _place(store, FERRY)[2]
        (budget,) = store.clusters_of_claim(budget_key)
        (ferry,) = store.clusters_of_claim(ferry_key)
        store.edit_claim("reject", [budget_key], "ann", within=budget)
        store.edit_claim("reject", [ferry_key], "ben", within=ferry)
        assert store.undo("ann") is not None
        tiers = {m.claim_key: m.tier for c in store.clusters_of_sentence(article, idx)
                 for m in store.cluster_members(c)}  # fmt: skip
        assert tiers[budget_key] == "same_claim" and tiers[ferry_key] == "related"
        assert store.redo("ann") is not None
