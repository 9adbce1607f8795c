"""What the trust walk (two reviewers, a killed process, analyses in between) found, each as a
test: the analysis summary counts the claims as stored, after the reviewers' edits; an export
refused in the TUI says why in one plain line."""

from __future__ import annotations

from pathlib import Path

from tui_fixtures import REVIEWER, Built, async_test, capture_notifications

from analysis.pipeline import analyze
from store import Store
from tui.app import ReviewApp


def test_the_analysis_summary_counts_claims_after_the_reviewers_edits(demo_copy: Path) -> None:
    with Store.open(demo_copy) as store:
        before = store.cluster_count()
        cluster = next(c for c in store.clusters(multi_only=True) if c.n_sources >= 3)
        member = next(m for m in store.cluster_members(cluster.id) if m.tier == "same_claim")
        store.edit_claim("split", [member.claim_key], "ben")  # one claim more
        summary = analyze(store, full=True, workers=1)
        assert store.cluster_count() == before + 1
        assert summary.clusters == before + 1
        assert f"{before + 1} claim clusters" in summary.describe()
        assert summary.multi_source_clusters == store.cluster_count(multi_only=True)


@async_test
async def test_an_export_over_the_database_is_refused_in_one_plain_line(built: Built) -> None:
    """The real export child, asked to write over the database in use: one line, without the
    command line's "corroborator: error:" prefix inside the toast, and the database intact."""
    app = ReviewApp(built.path, REVIEWER)
    notes = capture_notifications(app)
    size = built.path.stat().st_size
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+e", "tab", "ctrl+u")
        await pilot.press(*str(built.path), "enter")
        for _ in range(600):  # the child process starts, refuses and exits
            if app.job is None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
    refused = [n for n in notes if n.startswith("Export: ")]
    assert refused == [f"Export: {built.path}: is the database in use; choose another output file"]
    assert built.path.stat().st_size >= size
    with Store.open(built.path) as store:
        assert store.counts().flags > 0


def test_the_entities_gazetteer_column_names_the_entry_or_its_list() -> None:
    from tui.screens.entities import _gazetteer_cell

    assert _gazetteer_cell("wd:Q30") == "Q30"
    assert _gazetteer_cell("bioguide:X000123") == "bioguide"
    assert _gazetteer_cell("sp500:AAPL") == "sp500"
    assert _gazetteer_cell(None) == _gazetteer_cell("") == ""


def test_a_refused_undo_of_a_claim_edit_names_the_edit_it_would_change(
    demo_copy: Path,
) -> None:
    """The walk: ana removed one sentence, ben put it in another claim; ana's undo would take it
    out of ben's claim, so it is refused, naming ben's edit. It used to read as if ben had
    decided ana's own sentence ("claim X … by ben"), and it refused too when ben only edited
    another sentence of the claim (his edit does the same with or without ana's)."""
    import pytest

    from store.reviews import UndoConflict

    with Store.open(demo_copy) as store:
        cluster, other = [c for c in store.clusters(multi_only=True) if c.n_sources >= 3][:2]
        first, second = [m for m in store.cluster_members(cluster.id) if m.tier == "same_claim"][:2]
        elsewhere = store.cluster_members(other.id)[0]
        store.edit_claim("remove", [first.claim_key], "ana")
        store.edit_claim("split", [second.claim_key], "ben")  # independent of ana's remove
        store.edit_claim("add", [first.claim_key], "ben", target=elsewhere.claim_key)
        with pytest.raises(UndoConflict) as refused:
            store.undo("ana")
        message = str(refused.value)
        assert f"your remove of claim {first.claim_key[:12]}" in message
        assert "would change ben's add of “" in message and "split" not in message
        assert "by ben" not in message
        store.undo("ben")  # his add: ana's undo is free now, his split stands
        assert store.undo("ana") is not None
        assert store.cluster_of_claim(first.claim_key) == cluster.id
        assert store.cluster_of_claim(second.claim_key) != cluster.id


@async_test
async def test_renaming_an_outlet_to_a_blank_name_says_so_and_renames_nothing(
    app: ReviewApp, built: Built
) -> None:
    from textual.widgets import Input
    from tui_fixtures import open_screen, scored

    from tui.screens import SourcesScreen

    notes = capture_notifications(app)
    with Store.open(built.path) as store:
        names = sorted(s.name for s in store.sources())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "s", SourcesScreen)
        await scored(pilot)
        await pilot.press("f2")
        app.screen.query_one(Input).value = "   "
        await pilot.press("enter")
        await pilot.pause()
    assert any(n.startswith("An outlet needs a name: it stays") for n in notes), notes
    with Store.open(built.path) as store:
        assert sorted(s.name for s in store.sources()) == names
        assert store.review_log(10) == []
