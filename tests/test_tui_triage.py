"""Triage on the Flags screen: progress, deciding a whole kind or detector in one undoable step,
undo putting the cursor on what it restored, and evidence read as sentences."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from tui_fixtures import Built, async_test, capture_notifications

from store import Store
from tui.app import ReviewApp
from tui.screens import FlagsScreen
from tui.screens.modals import ChoiceScreen
from tui.widgets.nav import NavBar
from tui.widgets.paged_table import PagedTable

SIZE = (120, 40)


def flags_screen(app: ReviewApp) -> FlagsScreen:
    assert isinstance(app.screen, FlagsScreen)
    return app.screen


def cursor_flag(app: ReviewApp) -> str | None:
    return flags_screen(app).query_one("#flags", PagedTable).current_key


async def goto(app: ReviewApp, pilot: object, fingerprint: str) -> None:
    table = flags_screen(app).query_one("#flags", PagedTable)
    table.move_cursor(row=table.get_row_index(fingerprint), animate=False)
    await pilot.pause()  # type: ignore[attr-defined]


async def bulk_menu(app: ReviewApp, pilot: object, fingerprint: str) -> ChoiceScreen:
    """The Flags screen's bulk dialog, opened on `fingerprint`."""
    await pilot.press("f")  # type: ignore[attr-defined]
    await goto(app, pilot, fingerprint)
    await pilot.press("b")  # type: ignore[attr-defined]
    assert isinstance(app.screen, ChoiceScreen)
    return app.screen


def statuses(path: Path, names: dict[str, str]) -> dict[str, str]:
    with Store.open(path) as store:
        return {name: store.flag(fp).status for name, fp in names.items()}


@async_test
async def test_progress_counts_decided_flags(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        line = flags_screen(app).query_one("#flag-filters", Static)
        assert str(line.render()).startswith("0 of 8 decided")
        await pilot.press("y", "n")
        assert str(line.render()).startswith("2 of 8 decided")
        assert app.screen.query_one(NavBar).status == "2 of 8 decided"


@async_test
async def test_bulk_decides_a_whole_kind_in_one_undoable_step(app: ReviewApp, built: Built) -> None:
    artefacts = {n: built.flags[n] for n in ("spacing", "ai-note")}
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        menu = await bulk_menu(app, pilot, built.flags["spacing"])
        labels = [label for _, label in menu.choices]
        assert labels[0] == "Accept all 2 open “MT artefact” flags"
        assert labels[2] == "Accept all 1 open flags from detector percent-spacing"
        await pilot.press("1")
        assert statuses(built.path, artefacts) == {"spacing": "accepted", "ai-note": "accepted"}
        assert statuses(built.path, {"share": built.flags["share"]}) == {"share": "open"}
        await pilot.press("u")  # one step takes the whole decision back
        assert statuses(built.path, artefacts) == {"spacing": "open", "ai-note": "open"}
        assert cursor_flag(app) in artefacts.values()
        assert any(n.startswith("Undone:") and "and 1 more of the same step" in n for n in notes)


@async_test
async def test_bulk_by_detector_leaves_the_kind_s_other_detectors_alone(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await bulk_menu(app, pilot, built.flags["spacing"])
        await pilot.press("4")  # reject all from this detector
    names = {n: built.flags[n] for n in ("spacing", "ai-note")}
    assert statuses(built.path, names) == {"spacing": "rejected", "ai-note": "open"}


@async_test
async def test_undo_puts_the_cursor_on_the_restored_flag(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        first = cursor_flag(app)
        await pilot.press("y", "down", "down")
        assert cursor_flag(app) != first
        await pilot.press("u")
        assert cursor_flag(app) == first
        card = str(flags_screen(app).query_one("#flag-card", Static).render())
        assert "open" in card


@async_test
async def test_evidence_reads_as_sentences_not_json(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await goto(app, pilot, built.flags["price"])
        card = flags_screen(app).query_one("#flag-card", Static)
        text = str(card.render())
        assert "Read as 2.1 billion EUR against 2.4 billion EUR." in text
        assert "{" not in text and "values:" not in text
