"""Editing claims on the Claims screen: each key press updates the screen, writes one review row,
and `u` puts everything back; edits survive a restart and a real re-analysis."""

from __future__ import annotations

from pathlib import Path

import pytest
import tui_fixtures
from textual.widgets import OptionList, Static
from textual.widgets._footer import FooterKey
from tui_fixtures import (
    REVIEWER,
    Built,
    async_test,
    capture_notifications,
    focus,
    open_screen,
    write_lock,
)

from store import Store, StoreError
from store.claim_edits import ClaimChanged
from tui import patient
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.screens.claim_edit import PickScreen, refusal_line
from tui.screens.modals import ChoiceScreen
from tui.widgets.paged_table import PagedTable

SIZE = (120, 40)
DEAL = ["Harbor Times", "Daily Ledger", "Nord Post", "Kyodo Wire"]  # the first cluster shown


def claims(app: ReviewApp) -> ClaimsScreen:
    assert isinstance(app.screen, ClaimsScreen)
    return app.screen


def edits(built: Built) -> list[tuple[str, str, int]]:
    with Store.open(built.path) as store:
        return [(e.kind, e.reviewer, e.applied) for e in store.claim_edit_log()]


async def on_member(pilot: object, app: ReviewApp, index: int) -> None:
    await focus(pilot, "#members")
    claims(app).query_one("#members", OptionList).highlighted = index


def tiers(screen: ClaimsScreen) -> dict[str, str]:
    return {m.source: m.tier for m in screen._members}


@async_test
async def test_remove_a_sentence_then_undo(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        seen = capture_notifications(app)
        assert [m.source for m in screen._members] == DEAL
        await pilot.press("d")  # from the cluster list: refused, nothing written
        assert edits(built) == [] and len(screen._members) == 4
        await on_member(pilot, app, 1)
        await pilot.press("d")
        assert [m.source for m in screen._members] == ["Harbor Times", "Nord Post", "Kyodo Wire"]
        assert "3 sentences · 3 sources" in str(screen.query_one("#members").border_subtitle)
        assert edits(built) == [("remove", REVIEWER, 1)]
        await pilot.press("u")
        assert [m.source for m in screen._members] == DEAL
        assert edits(built)[0][2] == 0  # kept in the log, no longer applied
        assert "Undone: remove of “Northwind Energy will pay €2.4 billion" in seen[-1]


@async_test
async def test_reject_and_confirm_one_key_each(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        await on_member(pilot, app, 2)
        await pilot.press("minus")
        assert tiers(screen)["Nord Post"] == "related"
        assert "1 related" in str(screen.query_one("#members").border_subtitle)
        nord = next(m for m in screen._members if m.source == "Nord Post")
        assert (nord.edit, nord.edited_by) == ("reject", REVIEWER)
        index = [m.source for m in screen._members].index("Nord Post")
        card = screen.query_one("#members", OptionList).get_option(str(index))
        assert f"reject by {REVIEWER}" in str(card.prompt)
        await on_member(pilot, app, index)
        await pilot.press("plus")
        assert tiers(screen)["Nord Post"] == "same_claim"
        assert [k for k, *_ in edits(built)] == ["reject", "confirm"]
        await pilot.press("u")
        assert tiers(screen)["Nord Post"] == "related"
        await pilot.press("u")
        assert set(tiers(screen).values()) == {"same_claim"}


@async_test
async def test_mark_and_split_off_a_new_claim(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        table = screen.query_one("#clusters", PagedTable)
        assert table.row_count == 6
        await on_member(pilot, app, 2)
        await pilot.press("space", "down", "space")
        assert len(screen._marked) == 2
        members = screen.query_one("#members", OptionList)
        assert "to split off" in str(members.get_option("2").prompt)
        assert "to split off" not in str(members.get_option("1").prompt)
        await pilot.press("p")  # the cursor was on a marked sentence: it goes with it
        assert [m.source for m in screen._members] == ["Nord Post", "Kyodo Wire"]
        assert screen.current_member().source == "Kyodo Wire"
        assert table.row_count == 7 and screen._marked == set()
        assert edits(built) == [("split", REVIEWER, 1)]
        await pilot.press("u")
        assert table.row_count == 6
        assert [m.source for m in screen._members] == DEAL


@async_test
async def test_after_a_split_the_cursor_stays_on_its_sentence(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        await on_member(pilot, app, 0)
        await pilot.press("space", "down", "down", "space", "up")  # mark 0 and 2, sit on 1
        await pilot.press("p")
        assert [m.source for m in screen._members] == ["Daily Ledger", "Kyodo Wire"]
        assert screen.current_member().source == "Daily Ledger"
        assert app.focused is screen.query_one("#members")
        # an edit in the claim the split made (renumbered by every edit) keeps showing it
        await pilot.press("d")
        assert [m.source for m in screen._members] == ["Kyodo Wire"]


@async_test
async def test_the_edit_keys_are_in_the_footer_while_in_the_claims_sentences(
    app: ReviewApp,
) -> None:
    async with app.run_test(size=(160, 40)) as pilot:

        def footer() -> list[str]:
            return [k.description for k in app.screen.query(FooterKey)]

        await pilot.pause()
        assert "Remove" not in footer() and "Kind" in footer()
        await on_member(pilot, app, 0)
        await pilot.pause()
        shown = footer()
        assert {"Remove", "Mark", "Split", "Refresh"} <= set(shown) and "Kind" not in shown
        await pilot.press("k")  # hidden from the footer there, the filter key still works
        assert claims(app).kind is not None


@async_test
async def test_a_merged_claims_notes_show_on_the_claim_it_joined(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        notes = screen.query_one("#cluster-notes", Static)
        table = screen.query_one("#clusters", PagedTable)
        assert not notes.display
        table.move_cursor(row=[c.label for c in screen._clusters.values()].index(
            "The company employs 4,500 people"))  # fmt: skip
        await pilot.pause()
        await pilot.press("m", *"staff count from the annual report", "enter")
        assert notes.display and "staff count" in str(notes.render())
        table.move_cursor(row=0)
        await pilot.pause()
        assert not notes.display
        await pilot.press("g", *"4,500", "enter")
        await pilot.press("enter")
        assert len(screen._members) == 6
        assert notes.display and "staff count from the annual report" in str(notes.render())
    with Store.open(built.path) as store:
        (joined,) = [c for c in store.clusters() if c.size == 6]
        assert [n.note for n in store.notes_for("cluster", [joined.key])[joined.key]] == [
            "staff count from the annual report"
        ]


@async_test
async def test_merge_another_claim_picked_from_search(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        table = screen.query_one("#clusters", PagedTable)
        await pilot.press("g")
        assert isinstance(app.screen, PickScreen)
        await pilot.press(*"4,500", "enter")  # search, then the results have the focus
        await pilot.press("enter")
        assert app.screen is screen
        assert len(screen._members) == 6 and table.row_count == 5
        assert edits(built) == [("merge", REVIEWER, 1)]
        await pilot.press("u")  # the cursor goes to the claim the undo restored
        assert table.row_count == 6
        assert [m.source for m in screen._members] == ["Harbor Times", "Daily Ledger"]


@async_test
async def test_add_a_sentence_found_by_search_and_cancel_adds_nothing(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        await pilot.press("i")
        await pilot.press("escape")
        assert app.screen is screen and edits(built) == []
        picker = await open_screen(pilot, "i", PickScreen)
        await pilot.press(*"translated", "enter")
        results = picker.query_one("#pick-results", OptionList)
        assert results.option_count == 1 and app.focused is results
        await pilot.press("enter")
        assert "Kyodo Wire" in [m.source for m in screen._members[4:]]
        assert len(screen._members) == 5 and edits(built) == [("add", REVIEWER, 1)]
        added = screen._members[-1] if screen._members[-1].edit else screen._members[4]
        assert (added.tier, added.edit) == ("same_claim", "add")
        await pilot.press("u")
        assert len(screen._members) == 4


@async_test
async def test_the_add_picker_says_what_to_do_before_a_search_and_what_found_nothing(
    app: ReviewApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        picker = await open_screen(pilot, "i", PickScreen)
        results = picker.query_one("#pick-results", OptionList)
        first = str(results.get_option_at_index(0).prompt)
        assert first.startswith("Type words, then enter") and "Nothing found" not in first
        await pilot.press(*"zzqx", "enter")
        assert str(results.get_option_at_index(0).prompt) == "Nothing found for “zzqx”."


@async_test
async def test_undo_refused_when_another_reviewer_edited_the_claim_since(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        seen = capture_notifications(app)
        screen = claims(app)
        await on_member(pilot, app, 1)
        removed = screen.current_member()
        assert removed is not None
        await pilot.press("d")
        with Store.open(built.path) as other:  # bob puts the removed sentence in another claim
            (elsewhere, *_) = [c for c in other.clusters() if c.key != screen._shown]
            target = other.cluster_members(elsewhere.id)[0].claim_key
            other.edit_claim("add", [removed.claim_key], "bob", target=target)
        await pilot.press("u")
        assert isinstance(app.screen, ChoiceScreen)  # why, and an offer to set it aside
        assert "another reviewer" in app.screen.context and "bob's add of" in app.screen.context
        await pilot.press("escape")
        assert not any(s.startswith("Undone") for s in seen)
        assert len(screen._members) == 3  # nothing changed


@async_test
async def test_undo_goes_through_when_another_reviewer_edited_another_sentence(
    app: ReviewApp, built: Built
) -> None:
    """Bob rejecting another member of the claim does the same with or without the sentence
    ana removed: her undo is no conflict, and his edit stands."""
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        await on_member(pilot, app, 1)
        await pilot.press("d")
        kyodo = next(m for m in screen._members if m.source == "Kyodo Wire")
        with Store.open(built.path) as other:
            other.edit_claim("reject", [kyodo.claim_key], "bob")
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ClaimsScreen)
        assert tiers(screen) == {
            "Harbor Times": "same_claim", "Daily Ledger": "same_claim",
            "Nord Post": "same_claim", "Kyodo Wire": "related",
        }  # fmt: skip


@async_test
async def test_an_edit_is_there_after_a_restart(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_member(pilot, app, 3)
        await pilot.press("minus")
    again = ReviewApp(built.path, REVIEWER)
    async with again.run_test(size=SIZE):
        assert tiers(claims(again))["Kyodo Wire"] == "related"


@async_test
async def test_the_list_says_when_an_edit_no_longer_applies(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ReviewApp(built.path, REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await on_member(pilot, app, 1)
        await pilot.press("d")
    monkeypatch.setattr(tui_fixtures, "CLUSTERS", tui_fixtures.CLUSTERS[1:])
    tui_fixtures.build_fixture_db(built.path)  # re-analysis: that claim is gone
    again = ReviewApp(built.path, REVIEWER)
    async with again.run_test(size=SIZE):
        line = str(claims(again).query_one("#cluster-filters", Static).render())
        assert "1 claim edit no longer applies" in line


def test_a_confirmed_member_stays_confirmed_after_a_real_reanalysis(demo_copy: Path) -> None:
    from analysis.pipeline import analyze

    with Store.open(demo_copy) as store:
        possible = [
            m
            for c in store.clusters(limit=500)
            for m in store.cluster_members(c.id)
            if m.tier == "possible"
        ]
        assert possible, "the demo corpus has possible members"
        member = possible[0]
        store.edit_claim("confirm", [member.claim_key], "ann")
        analyze(store, workers=1, full=True)
        cluster = store.cluster_of_claim(member.claim_key)
        assert cluster is not None
        (after,) = [m for m in store.cluster_members(cluster) if m.claim_key == member.claim_key]
        assert (after.tier, after.edit, after.edited_by) == ("same_claim", "confirm", "ann")
        assert [e.applied for e in store.claim_edit_log()] == [1]


PICKERS = pytest.mark.parametrize(
    ("key", "query", "kind"), [("g", "4,500", "merge"), ("i", "translated", "add")]
)
"""The merge picker (g) and the add picker (i), a search that finds something to pick in each."""


@PICKERS
@async_test
async def test_a_pick_after_another_reviewer_changed_the_claim_asks_again_with_the_query(
    app: ReviewApp, built: Built, key: str, query: str, kind: str
) -> None:
    """Found probing the pickers while an analysis ran in another process: the claim shown
    changed under an open merge picker, the pick was refused ('no longer in the claim you are
    looking at') and the picker and its search were gone. It comes back, the search typed, for
    the claim as the reloaded screen shows it, and the pick then lands in that claim. The add
    picker the same."""
    async with app.run_test(size=SIZE) as pilot:
        seen = capture_notifications(app)
        screen = claims(app)
        anchor = screen._members[0].claim_key
        await open_screen(pilot, key, PickScreen)
        await pilot.press(*query, "enter")
        with Store.open(built.path) as ben:  # the sentence the pick goes to leaves the claim
            ben.edit_claim("remove", [anchor], "ben")
        await pilot.press("enter")
        await pilot.pause()
        assert any("is in no claim" in n and "typed is kept" in n for n in seen), seen
        picker = app.screen
        assert isinstance(picker, PickScreen), picker
        assert picker.query_one("#pick-query").value == query
        assert "Changed while this was open" in picker.context
        shown = {m.claim_key for m in screen._members}
        assert anchor not in shown
        await pilot.press("enter", "enter")  # search again, pick
        await pilot.pause()
        assert app.screen is screen
        assert [(k, r) for k, r, _ in edits(built)] == [("remove", "ben"), (kind, REVIEWER)]
        assert shown < {m.claim_key for m in screen._members}  # in the claim shown now


@PICKERS
@async_test
async def test_a_pick_refused_by_a_lock_does_not_say_the_claim_changed(
    app: ReviewApp, built: Built, monkeypatch: pytest.MonkeyPatch, key: str, query: str, kind: str
) -> None:
    """Another program held the write lock past the wait: nothing was saved and nothing changed.
    The picker comes back with the search typed and says the database was busy, not that the
    claim changed while it was open (it did not: the claim shown is the same); once the lock is
    gone the same pick lands in that claim."""
    monkeypatch.setattr(patient, "BUSY_TIMEOUT_MS", 1500)
    async with app.run_test(size=SIZE) as pilot:
        seen = capture_notifications(app)
        screen = claims(app)
        before = {m.claim_key for m in screen._members}
        first = await open_screen(pilot, key, PickScreen)
        await pilot.press(*query, "enter")
        await pilot.pause()
        assert app.focused is first.query_one("#pick-results")  # a result to pick
        with write_lock(built.path):
            await pilot.press("enter")
            for _ in range(100):  # until the wait runs out (polled: the machine may be slow)
                await pilot.pause(0.1)
                again = app.screen
                back = again is not first and isinstance(again, PickScreen)
                if back and again.query("#pick-query"):
                    break
            picker = app.screen
            assert isinstance(picker, PickScreen), picker
            assert picker.query_one("#pick-query").value == query
            assert "Changed while this was open" not in picker.context
            assert "Not saved, nothing changed (the database was busy)" in picker.context
            assert "still locked" in picker.context
            assert any("still locked" in n and "typed is kept" in n for n in seen), seen
            assert {m.claim_key for m in screen._members} == before
        await pilot.press("enter", "enter")  # search again, pick: the lock is gone
        for _ in range(100):  # until the pick lands (polled: the machine may be slow)
            await pilot.pause(0.1)
            if app.screen is screen and edits(built):
                break
        assert app.screen is screen
        assert [(k, r) for k, r, _ in edits(built)] == [(kind, REVIEWER)]
        assert before < {m.claim_key for m in screen._members}


def test_only_a_claim_change_is_told_as_one() -> None:
    """The picker's line for each refusal: a change waiting for the lock and the store's other
    one-line refusals (the sentence already in the claim, say) are not told as a change."""
    assert refusal_line(ClaimChanged("sentence ab is in no claim")).startswith("Changed while")
    waiting = refusal_line(patient.StillWaiting())
    assert waiting.startswith("Not saved, nothing changed") and "Changed while" not in waiting
    other = refusal_line(StoreError("the sentence is in this claim already."))
    assert other == "Not saved: the sentence is in this claim already. Pick again."
