"""The Sources screen: reliability with its interval, decisions that move it, articles."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable, Input
from tui_fixtures import Built, async_test, open_screen, scored

from store import Store
from tui.app import ReviewApp
from tui.screens import ArticleScreen, SourcesScreen

SIZE = (120, 40)


@async_test
async def test_sources_scored_with_intervals_and_their_articles(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, "s", SourcesScreen)
        await scored(pilot)
        table = screen.query_one("#sources", DataTable)
        names = [screen._scores[str(r.key.value)].name for r in table.ordered_rows]
        scores = [screen._scores[str(r.key.value)] for r in table.ordered_rows]
        assert sorted(names) == ["Daily Ledger", "Harbor Times", "Kyodo Wire", "Nord Post"]
        assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)
        assert all(s.low < s.score < s.high for s in scores)
        translated = {s.name for s in scores if s.machine_translated}
        assert translated == {"Kyodo Wire", "Nord Post"}
        harbor = names.index("Harbor Times")
        table.move_cursor(row=harbor)
        await pilot.press("enter")
        articles = screen.query_one("#source-articles", DataTable)
        assert app.focused is articles
        assert articles.row_count == 2
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article_id == built.article_ids[4]
        await pilot.press("escape", "escape")
        assert app.focused is table
        await pilot.press("m", *"ok", "enter")
        pane = screen.query_one("#source-articles-pane")
        assert pane.border_subtitle == "note: ok"
        await pilot.press("f2")
        app.screen.query_one(Input).value = "Harbor Daily"
        await pilot.press("enter")  # the note follows the rename
        await scored(pilot)
        assert "Harbor Daily" in str(pane.border_title)
        assert pane.border_subtitle == "note: ok"
    with Store.open(built.path) as store:
        assert [n.note for n in store.notes("source", "Harbor Daily")] == ["ok"]


@async_test
async def test_a_confirmed_flag_lowers_the_score_at_once(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, "s", SourcesScreen)
        await scored(pilot)
        before = {s.name: s for s in screen._scores.values()}
        await pilot.press("f", "k", "y", "s")  # accept the Kyodo name variant, back to Sources
        await scored(pilot)
        after = {s.name: s for s in screen._scores.values()}
        kyodo = after["Kyodo Wire"]  # machine-translated: the translator's error, not the reporter
        assert kyodo.score == before["Kyodo Wire"].score
        assert (before["Kyodo Wire"].translation_errors, kyodo.translation_errors) == (0, 1)
        assert after["Daily Ledger"] == before["Daily Ledger"]
        table = screen.query_one("#sources", DataTable)
        table.move_cursor(row=table.get_row_index(next(
            k for k, s in screen._scores.items() if s.name == "Kyodo Wire"
        )))  # fmt: skip
        await pilot.pause()
        evidence = screen.query_one("#source-evidence", DataTable)
        assert evidence.row_count == len(kyodo.evidence)
        row = next(n for n, e in enumerate(kyodo.evidence) if e.figure == "translation")
        evidence.focus()
        evidence.move_cursor(row=row)
        await pilot.press("enter")  # the evidence opens at its flag's span
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article_id == kyodo.evidence[row].article_id


@async_test
async def test_opening_sources_scores_once_and_again_only_after_a_change(
    app: ReviewApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens import sources

    calls: list[int] = []
    real = sources.score_sources

    def counted(facts: Any) -> Any:
        calls.append(1)
        return real(facts)

    monkeypatch.setattr(sources, "score_sources", counted)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, "s", SourcesScreen)
        await scored(pilot)
        assert len(calls) == 1 and screen._scores  # mounting, then resuming: one scoring
        await pilot.press("c", "s")
        await scored(pilot)
        assert len(calls) == 1  # nothing changed: the scores still hold
        await pilot.press("f", "k", "y", "s")  # a decision elsewhere
        await scored(pilot)
        assert len(calls) == 2


@async_test
async def test_evidence_shows_why_whole_on_a_100_column_screen(app: ReviewApp) -> None:
    """The why column (the reason an item counts) was cut to a few letters at 100 columns: the
    quote had a fixed 44. The why now gets what its longest text needs, the quote the rest."""
    from textual.widgets.data_table import ColumnKey

    from tui.screens.sources import evidence_widths

    # (table width, longest why) -> (quote, why): the why whole while the quote keeps 12
    assert evidence_widths(104, 37) == (52, 37)
    assert evidence_widths(64, 37) == (12, 37)
    assert evidence_widths(64, 70) == (12, 37)  # longer: it wraps
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(pilot, "s", SourcesScreen)
        await scored(pilot)
        await pilot.pause()
        evidence = screen.query_one("#source-evidence", DataTable)
        reasons = [e.reason for e in screen._evidence]
        assert reasons
        assert evidence.columns[ColumnKey("why")].width >= max(map(len, reasons))
        widths = sum(c.get_render_width(evidence) for c in evidence.columns.values())
        assert widths <= evidence.size.width
        names = screen.query_one("#sources", DataTable)
        assert names.columns[ColumnKey("name")].width > 16  # outlet names were cut at 16


@pytest.mark.parametrize("change", ["resize", "reload"])
@async_test
async def test_the_evidence_cursor_stays_on_its_item(app: ReviewApp, change: str) -> None:
    """A reviewer reading an outlet's evidence item by item lost the place on every resize of
    the terminal, and on every reload (r, or any decision, which scores again): the Evidence
    table was filled anew with the cursor on its first row. It stays on the item it was on."""
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_screen(pilot, "s", SourcesScreen)
        await scored(pilot)
        table = screen.query_one("#sources", DataTable)
        most = max(screen._scores, key=lambda k: len(screen._scores[k].evidence))
        table.move_cursor(row=table.get_row_index(most))
        await pilot.pause()
        evidence = screen.query_one("#source-evidence", DataTable)
        assert evidence.row_count >= 3
        evidence.focus()
        evidence.move_cursor(row=2)
        await pilot.pause()
        item = screen._evidence[2]
        if change == "resize":
            await pilot.resize_terminal(110, 40)  # the evidence columns are laid out again
        else:
            await pilot.press("r")
            await scored(pilot)
        await pilot.pause()
        await pilot.pause()
        assert screen._current_source_key() == most
        assert screen._evidence[evidence.cursor_row] == item
        assert app.focused is evidence
