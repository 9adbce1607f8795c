"""A reviewer's change made while another program holds the database's write lock never freezes
the screen: it is tried a moment at a time from a timer, the top line says it waits, keys are
handled meanwhile, and it lands once the lock is released (tui/screens/base.py `_guard`). Past the
busy timeout it is refused as before, what was typed back in its dialog."""

from __future__ import annotations

import pytest
from tui_fixtures import Built, async_test, capture_notifications, flag_status, queue, write_lock

from store import Store
from tui import patient
from tui.app import ReviewApp
from tui.screens import FlagsScreen
from tui.screens.modals import PromptScreen
from tui.widgets.nav import NavBar

SIZE = (120, 40)


@async_test
async def test_a_decision_waits_for_the_lock_without_freezing_the_screen(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FlagsScreen)
        first, second = queue(app)[:2]
        assert screen.current_flag().fingerprint == first  # type: ignore[union-attr]
        with write_lock(built.path) as other:
            await pilot.press("y")
            await pilot.pause(0.3)
            assert app.waiting_write == patient.WAITING  # the wait is shown...
            assert screen.query_one(NavBar).waiting == patient.WAITING
            assert "waiting for the database" in str(screen.query_one(NavBar).render())
            await pilot.press("down")  # ...and keys are handled meanwhile
            await pilot.pause()
            assert screen.current_flag().fingerprint == second  # type: ignore[union-attr]
            assert flag_status(built.path, first) == "open"
            other.execute("COMMIT")  # the other program is done
            await pilot.pause(0.5)
        assert app.waiting_write == ""
        assert flag_status(built.path, first) == "accepted"
        assert flag_status(built.path, second) == "open"
        await pilot.press("u")  # still one step: one undo takes it back
        await pilot.pause()
    assert flag_status(built.path, first) == "open"


@async_test
async def test_no_change_overtakes_one_that_waits(app: ReviewApp, built: Built) -> None:
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        first = queue(app)[0]
        with write_lock(built.path) as other:
            await pilot.press("n")
            await pilot.pause(0.3)
            await pilot.press("u")  # undo while the reject waits: refused, said
            await pilot.pause()
            assert any("previous change is still waiting" in n for n in notes), notes
            other.execute("COMMIT")
            await pilot.pause(0.5)
        assert flag_status(built.path, first) == "rejected"
    with Store.open(built.path) as store:
        assert store.flag(first).status == "rejected"


@async_test
async def test_a_second_decision_while_one_waits_is_refused_not_queued(
    app: ReviewApp, built: Built
) -> None:
    """The second key was pressed on a screen that did not show the first change yet: it is
    refused and said, never saved later behind the first one."""
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        first, second = queue(app)[:2]
        with write_lock(built.path) as other:
            await pilot.press("y")
            await pilot.pause(0.3)
            await pilot.press("down", "n")  # the next flag, while the accept waits
            await pilot.pause()
            (said,) = [n for n in notes if "previous change is still waiting" in n]
            assert "nothing else was changed" in said
            other.execute("COMMIT")
            await pilot.pause(0.5)
        assert app.waiting_write == ""
    assert (flag_status(built.path, first), flag_status(built.path, second)) == (
        "accepted",
        "open",
    )
    with Store.open(built.path) as store:
        assert len(store.review_log(10)) == 1


@async_test
async def test_a_note_refused_after_the_wait_comes_back_in_its_dialog(
    app: ReviewApp, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the wait, shortened (but long enough to be seen on a loaded machine)
    monkeypatch.setattr(patient, "BUSY_TIMEOUT_MS", 1500)
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        flag = queue(app)[0]
        with write_lock(built.path):
            await pilot.press("m", *"seen in the wire copy", "enter")
            assert app.waiting_write  # the first try was refused at once
            for _ in range(100):  # until the wait runs out (polled: the machine may be slow)
                await pilot.pause(0.1)
                if isinstance(app.screen, PromptScreen) and app.screen.query("#prompt"):
                    break  # the dialog is back and mounted
            assert isinstance(app.screen, PromptScreen)  # refused: back, with the text
            assert app.screen.query_one("#prompt").value == "seen in the wire copy"
            assert app.waiting_write == ""
            assert any("still locked" in n and "What you typed is kept" in n for n in notes)
        await pilot.press("enter")  # the lock is gone: saved
        await pilot.pause(0.3)
        assert not isinstance(app.screen, PromptScreen)
    with Store.open(built.path) as store:
        assert [n.note for n in store.notes("flag", flag)] == ["seen in the wire copy"]


@async_test
async def test_an_undo_waits_for_the_lock_without_freezing_the_screen(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FlagsScreen)
        first = queue(app)[0]
        await pilot.press("y")
        await pilot.pause()
        assert flag_status(built.path, first) == "accepted"
        shown = screen.current_flag().fingerprint  # type: ignore[union-attr]
        with write_lock(built.path) as other:
            await pilot.press("u")
            await pilot.pause(0.3)
            assert app.waiting_write == patient.WAITING
            await pilot.press("down")  # handled while the undo waits
            await pilot.pause()
            assert screen.current_flag().fingerprint != shown  # type: ignore[union-attr]
            assert flag_status(built.path, first) == "accepted"
            other.execute("COMMIT")
            await pilot.pause(0.5)
        assert app.waiting_write == ""
        assert flag_status(built.path, first) == "open"
        assert screen.current_flag().fingerprint == first  # type: ignore[union-attr]


@async_test
async def test_a_rename_refused_after_the_wait_comes_back_with_the_name_typed(
    app: ReviewApp, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a note does: an outlet's new name (and an entity merge's or split's name) typed into
    its dialog was dropped when the write was refused; it comes back in the dialog."""
    from textual.widgets import Input
    from tui_fixtures import open_screen, scored

    from tui.screens import SourcesScreen

    monkeypatch.setattr(patient, "BUSY_TIMEOUT_MS", 1500)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, "s", SourcesScreen)
        await scored(pilot)
        old = screen._stats[screen._current_source_key() or ""].name
        with write_lock(built.path):
            await pilot.press("f2")
            for _ in range(50):  # the dialog, mounted (polled: the machine may be slow)
                await pilot.pause(0.1)
                if isinstance(app.screen, PromptScreen) and app.screen.query("#prompt"):
                    break
            app.screen.query_one(Input).value = "Vellport Courier"
            await pilot.press("enter")
            assert app.waiting_write
            for _ in range(100):
                await pilot.pause(0.1)
                if isinstance(app.screen, PromptScreen) and app.screen.query("#prompt"):
                    break
            assert isinstance(app.screen, PromptScreen)
            assert app.screen.query_one(Input).value == "Vellport Courier"
        await pilot.press("enter")  # the lock is gone: renamed
        await pilot.pause(0.3)
        assert not isinstance(app.screen, PromptScreen)
    with Store.open(built.path) as store:
        names = {s.name for s in store.scoring_input().sources}
    assert "Vellport Courier" in names and old not in names
