"""The TUI says so when the latest analysis has not finished writing (running, or killed)."""

from __future__ import annotations

from tui_fixtures import REVIEWER, Built, async_test, capture_notifications

from store import Store
from tui.app import ReviewApp


@async_test
async def test_an_unfinished_analysis_is_announced_on_start(built: Built) -> None:
    with Store.open(built.path) as store:
        store.db.execute("INSERT INTO analysis_runs (started_at) VALUES ('2026-01-02T03:04')")
    app = ReviewApp(built.path, REVIEWER)
    notes = capture_notifications(app)
    async with app.run_test(size=(120, 40)):
        pass
    assert any("2026-01-02T03:04" in n and "has not finished" in n for n in notes)


@async_test
async def test_a_finished_analysis_is_not(app: ReviewApp) -> None:
    notes = capture_notifications(app)
    async with app.run_test(size=(120, 40)):
        pass
    assert not any("has not finished" in n for n in notes)
