"""The Flags queue: decide one flag or many, correct, filter, see other reviewers' decisions."""

from __future__ import annotations

from textual.widgets import Input
from tui_fixtures import Built, async_test, queue
from tui_fixtures import flag_status as status

from store import Store
from tui.app import ReviewApp
from tui.screens import FlagsScreen

SIZE = (120, 40)


def flags_screen(app: ReviewApp) -> FlagsScreen:
    assert isinstance(app.screen, FlagsScreen)
    return app.screen


@async_test
async def test_queue_is_open_flags_most_confident_first(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        screen = flags_screen(app)
        confidences = [screen._rows[fp].confidence for fp in queue(app)]
        assert len(confidences) == 8
        assert confidences == sorted(confidences, reverse=True)
        assert queue(app)[0] == built.flags["ai-note"]


@async_test
async def test_accept_reject_correct_leave_the_queue_and_reach_the_database(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        first, second, third = queue(app)[:3]
        await pilot.press("y")
        assert status(built.path, first) == "accepted"  # committed at once, before exit
        await pilot.press("n")
        assert status(built.path, second) == "rejected"
        assert queue(app)[0] == third
        await pilot.press("x")
        app.screen.query_one(Input).value = "Share buttons"
        await pilot.press("enter")
        assert len(queue(app)) == 5
        await pilot.press("t")  # every status: decided flags are back, with their status
        assert len(queue(app)) == 8
    with Store.open(built.path) as store:
        corrected = store.flag(third)
        assert (corrected.status, corrected.correction) == ("corrected", "Share buttons")
        assert store.counts().open_flags == 5


@async_test
async def test_bulk_selection(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        picked = queue(app)[1:4:2]  # the second and the fourth
        # space selects and moves down; pressed again on a selected row it unselects
        await pilot.press("down", "space", "space", "up", "space", "space", "R")
        assert [status(built.path, fp) for fp in picked] == ["rejected", "rejected"]
        assert flags_screen(app).selected == set()
        await pilot.press("asterisk", "A")  # select all, accept all
    with Store.open(built.path) as store:
        assert store.counts().open_flags == 0
        assert store.flag_count(status="rejected") == 2


@async_test
async def test_refresh_shows_another_reviewers_decisions(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        top = queue(app)[0]
        with Store.open(built.path) as other:  # a second process, as far as SQLite can tell
            other.set_flag_status(top, "rejected", "colleague")
        assert queue(app)[0] == top
        await pilot.press("r")
        assert top not in queue(app)
        await pilot.press("t", "t")  # accepted flags: none; rejected: the colleague's
        await pilot.press("t")
        assert queue(app) == [top]
        assert flags_screen(app)._rows[top].decided_by == "colleague"


@async_test
async def test_kind_filter_and_note(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "k")  # name variants only
        assert queue(app) == [built.flags["mariya"]]
        await pilot.press("m", *"ok", "enter")
    with Store.open(built.path) as store:
        assert [n.note for n in store.notes("flag", built.flags["mariya"])] == ["ok"]
