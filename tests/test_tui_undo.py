"""Undo and redo replay the review log, so they work after a restart and per reviewer."""

from __future__ import annotations

from tui_fixtures import REVIEWER, Built, async_test, capture_notifications, queue
from tui_fixtures import flag_status as status

from store import Store
from tui.app import ReviewApp
from tui.screens.modals import ChoiceScreen

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
        assert isinstance(app.screen, ChoiceScreen)  # why, in one line, and what it can do
        assert "undo refused" in app.screen.context and "Ben" in app.screen.context
        assert first[:12] in app.screen.context and "\n" not in app.screen.context
        # the title names the step (my accept), the line what the flag is now (Ben's reject):
        # a title "flag … is accepted" read as its state beside a list that says rejected
        assert app.screen.title_text.startswith("Cannot undo your accept of flag “")
        assert "is accepted" not in app.screen.title_text
        assert "by Ben, now rejected" in app.screen.context
        await pilot.press("escape")  # keep it: nothing changes
        assert status(built.path, first) == "rejected"
        assert not notes or not any("Undone" in n for n in notes)


@async_test
async def test_a_refused_undo_can_be_skipped_to_undo_the_step_before_it(
    app: ReviewApp, built: Built
) -> None:
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        first, second = queue(app)[:2]
        await pilot.press("y", "y")  # accept the first two flags: two steps
        with Store.open(built.path) as store:
            store.set_flag_status(second, "rejected", "Ben")  # Ben overrides my latest
        log = _log_length(built)
        await pilot.press("u")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")  # set it aside, undo the step before it
        assert not isinstance(app.screen, ChoiceScreen)
        assert status(built.path, first) == "open"
        assert status(built.path, second) == "rejected"  # Ben's decision stands
        assert _log_length(built) == log + 1  # the undo row; the skipped step's row stays
        assert any(n.startswith("Set aside: your accept of flag") for n in notes), notes
        assert any(n.startswith("Undone") for n in notes)
        await pilot.press("u")  # nothing left: the skipped step is no longer on my stack
        assert status(built.path, second) == "rejected"
        assert not isinstance(app.screen, ChoiceScreen)
        await pilot.press("ctrl+r")  # redo reaches the step I undid, not the skipped one
        assert status(built.path, first) == "accepted"


def _log_length(built: Built) -> int:
    with Store.open(built.path) as store:
        return len(store.review_log(10_000))
