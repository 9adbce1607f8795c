"""Layout snapshots of the Claims, Flags and Sources screens on the fixture database at 100x30.

Regenerate after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui_fixtures import REVIEWER, fixture_db

from tui.app import ReviewApp
from tui.config import Config

SIZE = (100, 30)
Compare = Callable[..., bool]


def app_on(tmp_path: Path) -> ReviewApp:
    built = fixture_db(tmp_path)  # same content every time; the reviewer is fixed, no clock
    return ReviewApp(built.path, REVIEWER, config=Config())


def test_claims_screen(snap_compare: Compare, tmp_path: Path) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=SIZE)


def test_flags_screen(snap_compare: Compare, tmp_path: Path) -> None:
    assert snap_compare(app_on(tmp_path), press=["f", "down", "space"], terminal_size=SIZE)


def test_sources_screen(snap_compare: Compare, tmp_path: Path) -> None:
    async def scored(pilot: Any) -> None:  # the scores come from a worker
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_on(tmp_path), run_before=scored, terminal_size=SIZE)


def test_claims_screen_light_theme_narrow(snap_compare: Compare, tmp_path: Path) -> None:
    built = fixture_db(tmp_path)
    app = ReviewApp(built.path, REVIEWER, config=Config(theme="textual-light"))
    assert snap_compare(app, press=["tab"], terminal_size=(80, 24))


def test_side_by_side_screen(snap_compare: Compare, tmp_path: Path) -> None:
    """A claim's sentence against another outlet's, each pane scrolled to its span."""
    assert snap_compare(app_on(tmp_path), press=["tab", "w"], terminal_size=SIZE)


def test_claims_screen_of_an_empty_database(
    snap_compare: Compare, tmp_path: Path, monkeypatch: Any
) -> None:
    """What to do next, wrapped in the claim pane (the path is relative: the same every run)."""
    from store import Store

    monkeypatch.chdir(tmp_path)
    Store.open(Path("empty.db")).close()
    app = ReviewApp(Path("empty.db"), REVIEWER, config=Config())
    assert snap_compare(app, terminal_size=SIZE)
