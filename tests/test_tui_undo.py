"""Undo and redo replay the review log, so they work after a restart and per reviewer."""

from __future__ import annotations

from tui_fixtures import REVIEWER, Built, async_test, capture_notifications, queue
from tui_fixtures import flag_status as status

from store import Store
from tui.app import ReviewApp

SIZE = (120, 40)


@async_test
async def test_undo_and_redo(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        first = queue(app)[0]
        await pilot.press("y")
        assert first not in queue(app)
        await pilot.press("u")
        assert status(built.path, first) == "open"
        assert queue(app)[0] == first
        await pilot.press("ctrl+r")
        assert status(built.path, first) == "accepted"
        await pilot.press("u", "u")  # the second undo has nothing left to undo
        assert status(built.path, first) == "open"
    with Store.open(built.path) as store:
        assert [r.op for r in reversed(store.review_log())] == ["do", "undo", "redo", "undo"]


@async_test
async def test_undo_after_the_app_is_closed_and_reopened(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "y", "n")
        decided = queue(app)
    with Store.open(built.path) as store:
        assert store.counts().open_flags == 6
    again = ReviewApp(built.path, REVIEWER)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert queue(again) == decided
        await pilot.press("u")  # undoes the reject from the previous session
        assert len(queue(again)) == 7
        await pilot.press("u", "ctrl+r")
        assert len(queue(again)) == 7
    other = ReviewApp(built.path, "someone-else")
    async with other.run_test(size=SIZE) as pilot:
        await pilot.press("f", "u")  # another reviewer has nothing to undo
    with Store.open(built.path) as store:
        assert store.counts().open_flags == 7


@async_test
async def test_undo_that_would_erase_another_reviewers_decision_is_refused(
    app: ReviewApp, built: Built
) -> None:
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        first = queue(app)[0]
        await pilot.press("y")
        with Store.open(built.path) as store:
            store.set_flag_status(first, "rejected", "Ben")
        await pilot.press("u")
        assert status(built.path, first) == "rejected"
        assert any("undo refused" in n and "Ben" in n and first[:12] in n for n in notes)
