"""A sentence that states two claims sits in two claim clusters, one through each claim unit
(analysis/claim_items.py): clustering, the store, claim edits, re-analysis and the Claims screen."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tui_fixtures import async_test, focus

from analysis.align import MERGED_PER_ARTICLE, Aligner
from analysis.importing import import_paths
from analysis.model import AlignUnit, ClusterDraft
from analysis.pipeline import analyze
from store import Store, StoreError
from store.claim_replay import Claim, Edit, Member, apply_edits
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.widgets.cards import UNIT_MARK

# an invented story: article 1's first sentence states what article 2 and article 3 each state
BOTH = (
    "The regional council approved a new budget for the harbour district on Tuesday, and the "
    "mayor announced that the old ferry terminal will close in March."
)
BUDGET = "Councillors approved the harbour district budget on Tuesday after a long debate."
FERRY = "The old ferry terminal will close in March, the mayor announced."
STORY = {
    1: [BOTH, "Residents were not consulted about the plan."],
    2: [BUDGET, "Fishermen complained about the noise from the building site."],
    3: [FERRY, "Tourists were disappointed by the news."],
}


def _units(story: dict[int, list[str]]) -> list[AlignUnit]:
    return [
        AlignUnit(article_id=a, sentence_idx=i, text=t, source=f"outlet {a}")
        for a, texts in story.items()
        for i, t in enumerate(texts)
    ]


def _holding(clusters: list[ClusterDraft], article: int, idx: int) -> list[ClusterDraft]:
    return [
        c for c in clusters if any((m.article_id, m.sentence_idx) == (article, idx)
                                   for m in c.members)
    ]  # fmt: skip


def test_a_sentence_of_two_claims_joins_both_through_different_units() -> None:
    clusters = Aligner().align(_units(STORY))
    held = _holding(clusters, 1, 0)
    assert len(held) == 2
    partners = set()
    units = []
    for c in held:
        (mine,) = [m for m in c.members if (m.article_id, m.sentence_idx) == (1, 0)]
        assert mine.tier == "same_claim" and mine.unit and mine.unit in BOTH
        units.append(mine.unit)
        partners |= {m.article_id for m in c.members if m.article_id != 1}
    assert partners == {2, 3}
    assert units[0] != units[1]
    assert any("budget" in u for u in units) and any("ferry" in u for u in units)


def test_without_claim_units_the_sentence_joins_one_claim_only() -> None:
    import dataclasses

    from analysis.claim_model import load_claim_model

    whole = Aligner(claim_model=dataclasses.replace(load_claim_model(), units=False))
    assert len(_holding(whole.align(_units(STORY)), 1, 0)) <= 1


POOL = [
    BOTH,
    BUDGET,
    FERRY,
    "The council approved the budget on Tuesday, while the mayor said the terminal will close.",
    "The harbour budget was approved by the council, which met on Tuesday evening.",
    "The ferry terminal closes in March, and its staff will move to the new port.",
    "Residents were not consulted about the plan.",
    "The mayor announced the closure of the old ferry terminal on Tuesday.",
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(POOL), min_size=1, max_size=3), min_size=2, max_size=4))
def test_an_item_joins_one_claim_and_a_sentences_units_never_join_each_other(
    articles: list[list[str]],
) -> None:
    story = {a + 1: texts for a, texts in enumerate(articles)}
    units = _units(story)
    aligner = Aligner()
    prepared = aligner.prepare(units)
    clusters = aligner.cluster(prepared)
    assert prepared.scorer is not None
    table = prepared.scorer.unit_scorer()[0]
    index = {(u.article_id, u.sentence_idx): k for k, u in enumerate(units)}
    held: Counter[tuple[int, int]] = Counter()
    seen_units: dict[tuple[int, int], list[str | None]] = {}
    for c in clusters:
        places = [(m.article_id, m.sentence_idx) for m in c.members]
        assert len(places) == len(set(places))  # never two items of one sentence in one claim
        per_article = Counter(m.article_id for m in c.members if m.tier != "related")
        assert max(per_article.values()) <= MERGED_PER_ARTICLE
        for m in c.members:
            held[(m.article_id, m.sentence_idx)] += 1
            seen_units.setdefault((m.article_id, m.sentence_idx), []).append(m.unit)
    for place, n in held.items():
        rows = table.rows[index[place]]
        assert n <= max(1, len(rows))  # at most one claim per claim unit
        if n > 1:  # each claim through another of its units
            assert len(set(seen_units[place])) == n and None not in seen_units[place]


# ---- the store, claim edits and re-analysis ---------------------------------------------------


def _story_db(tmp_path: Path, story: dict[int, list[str]] = STORY) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    for article, texts in story.items():
        (folder / f"outlet{article}.txt").write_text(" ".join(texts) + "\n", encoding="utf-8")
    path = tmp_path / "story.db"
    with Store.open(path) as store:
        import_paths(store, [folder])
        analyze(store, workers=1)
    return path


def _place(store: Store, text: str) -> tuple[int, int, str]:
    for article in store.articles():
        for s in store.sentences(article.id):
            if s.text.strip() == text:
                return article.id, s.idx, s.claim_key
    raise AssertionError(f"no sentence {text!r}")


def test_the_store_keeps_both_claims_and_an_edit_applies_to_the_claim_it_was_made_in(
    tmp_path: Path,
) -> None:
    path = _story_db(tmp_path)
    with Store.open(path) as store:
        article, idx, key = _place(store, BOTH)
        both = store.clusters_of_sentence(article, idx)
        assert len(both) == 2
        units = {
            c: next(m.unit for m in store.cluster_members(c) if m.claim_key == key) for c in both
        }
        ferry = next(c for c, u in units.items() if u and "ferry" in u)
        budget = next(c for c in both if c != ferry)
        # a two-member claim cannot lose a sentence; split it off the ferry claim instead
        store.edit_claim("split", [key], "ann", within=ferry)
        after = store.clusters_of_sentence(article, idx)
        budget_members = {m.claim_key for m in store.cluster_members(budget)}
        assert key in budget_members  # the budget claim still holds it, through its unit
        assert len(after) == 2 and budget in after
        (log,) = store.claim_edit_log()
        assert log.applied
    with Store.open(path) as store:  # re-analysis replays the edit onto the new clusters
        analyze(store, workers=1, full=True)
        (log,) = store.claim_edit_log()
        assert log.applied
        held = store.clusters_of_sentence(article, idx)
        ferry_now = [
            c for c in held
            if {m.claim_key for m in store.cluster_members(c)} != {key}
            and any(m.claim_key == key and m.unit and "ferry" in m.unit
                    for m in store.cluster_members(c))
        ]  # fmt: skip
        assert ferry_now == []  # the split holds: no claim joins it with the ferry sentence


def test_an_edit_in_a_claim_that_has_lost_the_sentence_since_is_refused(tmp_path: Path) -> None:
    """ben's screen still shows the ferry claim after ann split the shared sentence off it: his
    reject there is refused, not made in the budget claim or the split-off one he never saw."""
    path = _story_db(tmp_path)
    with Store.open(path) as store:
        article, idx, key = _place(store, BOTH)
        both = store.clusters_of_sentence(article, idx)
        ferry = next(
            c for c in both
            if any(m.claim_key == key and m.unit and "ferry" in m.unit
                   for m in store.cluster_members(c))
        )  # fmt: skip
        store.edit_claim("split", [key], "ann", within=ferry)

        def shape() -> dict[int, list[tuple[str, str]]]:
            clusters = store.clusters(limit=-1)
            return {c.id: [(m.claim_key, m.tier) for m in store.cluster_members(c.id)]
                    for c in clusters}  # fmt: skip

        before = shape()
        with pytest.raises(StoreError, match="no longer in the claim you are looking at"):
            store.edit_claim("reject", [key], "ben", within=ferry)
        assert shape() == before
        assert [e.reviewer for e in store.claim_edit_log()] == ["ann"]


def test_a_whole_sentence_members_edit_keeps_its_key_and_replays(tmp_path: Path) -> None:
    """Claim keys are the sentence's (its article and text): a member that is a whole sentence,
    as every member was before claim units were clustered, is edited by that key, and the edit
    applies to the clusters as analysis builds them now, also after a full re-analysis."""
    path = _story_db(tmp_path)
    with Store.open(path) as store:
        article, idx, key = _place(store, BUDGET)
        (cluster,) = store.clusters_of_sentence(article, idx)
        (member,) = [m for m in store.cluster_members(cluster) if m.claim_key == key]
        assert member.unit is None  # a whole-sentence member
        store.edit_claim("reject", [key], "ann")
    with Store.open(path) as store:
        analyze(store, workers=1, full=True)
        (log,) = store.claim_edit_log()
        assert log.applied
        (cluster,) = store.clusters_of_sentence(article, idx)
        (member,) = [m for m in store.cluster_members(cluster) if m.claim_key == key]
        assert member.tier == "related" and member.edit == "reject"


def _member(key: str) -> Member:
    return Member(int(key[1:]), key, f"Sentence {key}.", 0.5, "same_claim")


def test_the_replay_edits_a_sentence_in_the_claim_the_edit_names() -> None:
    claims = [
        Claim(0, "a", "c0", [_member("k0"), _member("k1"), _member("k2")]),
        Claim(1, "b", "c1", [_member("k0"), _member("k3"), _member("k4")]),
    ]
    out, outcome = apply_edits(claims, [Edit(1, "remove", "a", ("k0",), ("k3", "k4"))])
    assert outcome == {1: None}
    keys = {c.ident: {m.claim_key for m in c.members} for c in out}
    assert keys == {0: {"k0", "k1", "k2"}, 1: {"k3", "k4"}}
    out, outcome = apply_edits(claims, [Edit(2, "reject", "a", ("k0",), ("k1",))])
    tiers = {(c.ident, m.claim_key): m.tier for c in out for m in c.members}
    assert tiers[(0, "k0")] == "related" and tiers[(1, "k0")] == "same_claim"
    # merging two claims that share a sentence keeps the sentence once
    out, outcome = apply_edits(claims, [Edit(3, "merge", "a", ("k3", "k4", "k0"), ("k1", "k2"))])
    assert outcome == {3: None}
    (merged,) = out
    assert sorted(m.claim_key for m in merged.members) == ["k0", "k1", "k2", "k3", "k4"]
    # a split made in claim 1 leaves claim 0 as it was
    out, outcome = apply_edits(claims, [Edit(4, "split", "a", ("k0",), ("k3", "k4"))])
    assert outcome == {4: None}
    assert sorted(tuple(sorted(m.claim_key for m in c.members)) for c in out) == [
        ("k0",), ("k0", "k1", "k2"), ("k3", "k4"),
    ]  # fmt: skip


def split_budget_off(store: Store) -> tuple[str, str, str]:
    """Split the budget sentence off the budget claim, which then holds only the shared
    sentence (in the ferry claim too), so it is named by where its clause starts: the shared
    and the budget sentence's keys, and that claim's name."""
    _, _, both = _place(store, BOTH)
    _, _, budget = _place(store, BUDGET)
    (budget_claim,) = store.clusters_of_claim(budget)
    store.edit_claim("split", [budget], "ann", within=budget_claim)
    (alone,) = [
        c for c in store.clusters_of_claim(both)
        if {m.claim_key for m in store.cluster_members(c)} == {both}
    ]  # fmt: skip
    return both, budget, str(store.cluster_name(alone))


# ---- the Claims screen ------------------------------------------------------------------------


@pytest.fixture
def story_app(tmp_path: Path) -> ReviewApp:
    return ReviewApp(_story_db(tmp_path), "ann")


@async_test
async def test_the_claims_screen_shows_the_sentence_in_both_claims_each_with_its_clause(
    story_app: ReviewApp,
) -> None:
    async with story_app.run_test(size=(140, 40)) as pilot:
        screen = story_app.screen
        assert isinstance(screen, ClaimsScreen)
        article, idx, key = _place(story_app.store, BOTH)
        both = story_app.store.clusters_of_sentence(article, idx)
        shown: list[str] = []
        for cluster in both:
            rows = [k for k, c in screen._clusters.items() if c.id == cluster]
            assert rows, "the claim is not in the list"
            screen.show_cluster(rows[0])
            await pilot.pause()
            (card,) = [c for c in screen._cards if c.member.claim_key == key]
            content = screen._card_content(card, [])
            marked = "".join(
                content.plain[s.start : s.end] for s in content.spans if s.style == UNIT_MARK
            )
            assert marked and " ".join(marked.split()) in " ".join(BOTH.split())
            shown.append(marked)
        assert len(shown) == 2 and shown[0] != shown[1]
        await focus(pilot, "#members")


@async_test
async def test_the_article_view_marks_a_sentence_in_two_claims_once_with_the_count(
    story_app: ReviewApp,
) -> None:
    from textual.widgets import Static

    from tui.screens.article import ArticleScreen

    async with story_app.run_test(size=(140, 40)) as pilot:
        article, _, _ = _place(story_app.store, BOTH)
        await story_app.push_screen(ArticleScreen(article))
        await pilot.pause()
        shown = " ".join(str(p.render()) for p in story_app.screen.query(".para").results(Static))
        assert shown.count("[in 2 claims]") == 1
        assert shown.index("[in 2 claims]") > shown.index("close in March.")
        other = next(a.id for a in story_app.store.articles() if a.id != article)
        await story_app.push_screen(ArticleScreen(other))
        await pilot.pause()
        shown = " ".join(str(p.render()) for p in story_app.screen.query(".para").results(Static))
        assert "claims]" not in shown  # a sentence in one claim carries no mark


@async_test
async def test_a_claim_whose_sentences_all_sit_in_other_claims_is_merged_from_the_screen(
    story_app: ReviewApp,
) -> None:
    """Split the budget sentence off its claim: the claim left holds only the shared sentence
    (named by where its clause starts). Picked in the merge dialog of the split claim, it is
    that claim that joins, not the ferry claim, which holds the shared sentence too."""
    from textual.widgets import OptionList

    from tui.screens.claim_edit import PickScreen

    store = story_app.store
    both, budget, name = split_budget_off(store)
    async with story_app.run_test(size=(140, 40)) as pilot:
        screen = story_app.screen
        assert isinstance(screen, ClaimsScreen)
        (split,) = store.clusters_of_claim(budget)
        (row,) = [k for k, c in screen._clusters.items() if c.id == split]
        screen.show_cluster(row)
        await pilot.pause()
        await pilot.press("g")
        picker = story_app.screen
        assert isinstance(picker, PickScreen)
        picker.run_search("regional council")
        results = picker.query_one("#pick-results", OptionList)
        results.highlighted = results.get_option_index(name)
        results.action_select()
        await pilot.pause()
        assert story_app.screen is screen
        held = [
            {m.text.strip() for m in store.cluster_members(c)}
            for c in store.clusters_of_claim(both)
        ]
        assert sorted(map(sorted, held)) == sorted([sorted([BOTH, BUDGET]), sorted([BOTH, FERRY])])


def test_a_sentence_in_two_claims_is_compared_in_each_through_its_clause() -> None:
    """The comparison stages read a sentence in two claims through the clause each claim holds
    it by (analysis/clause_view.py), so it stays in both, each time with its clause."""
    from analysis.align import same_claim_only

    clusters = Aligner().align(_units(STORY))
    assert len(_holding(clusters, 1, 0)) == 2
    judged = same_claim_only(clusters)
    held = [m for c in _holding(judged, 1, 0) for m in c.members if m.article_id == 1]
    clauses = {m.unit for m in held}
    assert len(held) == 2 and len(clauses) == 2 and None not in clauses
    whole = [c for c in clusters if not any(m.article_id == 1 for m in c.members)]
    assert len(same_claim_only(whole)) == len([c for c in whole if c.tier == "same_claim"])


def test_two_claims_sharing_a_sentence_have_different_names(tmp_path: Path) -> None:
    with Store.open(_story_db(tmp_path)) as store:
        article, idx, _ = _place(store, BOTH)
        both = store.clusters_of_sentence(article, idx)
        names = {store.cluster_name(c) for c in both}
        assert len(names) == 2 and None not in names
