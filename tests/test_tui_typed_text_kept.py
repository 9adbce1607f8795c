"""What a reviewer typed is not lost when it cannot be saved: a note, a correction or a verdict's
note that the database refused (it stayed locked past the wait, say) comes back in its dialog,
filled in, so Enter tries again. A refusal because another reviewer decided meanwhile is told
as before (tests/test_stale_decisions.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tui_fixtures import Built, async_test, capture_notifications, queue

from store import Store, StoreError
from tui.app import ReviewApp
from tui.screens.modals import PromptScreen, VerdictScreen

SIZE = (120, 40)
LOCKED = "review.db: the database is still locked by another program after waiting 5 s"


def fail_once(monkeypatch: pytest.MonkeyPatch, store: Store, name: str) -> list[int]:
    """Make `store.name` refuse its first call as a lock that did not clear; count the calls."""
    real: Callable[..., Any] = getattr(store, name)
    calls: list[int] = []

    def refusing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise StoreError(LOCKED)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, name, refusing)
    return calls


@async_test
async def test_a_note_the_database_refused_comes_back_in_its_dialog(
    app: ReviewApp, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        flag = queue(app)[0]
        calls = fail_once(monkeypatch, app.store, "add_note")
        await pilot.press("m", *"checked the wire copy", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)  # back, with the text
        assert app.screen.query_one("#prompt").value == "checked the wire copy"
        assert any(LOCKED in n and "What you typed is kept" in n for n in notes), notes
        await pilot.press("enter")  # the lock is gone: saved
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen) and len(calls) == 2
    with Store.open(built.path) as store:
        assert [n.note for n in store.notes("flag", flag)] == ["checked the wire copy"]


@async_test
async def test_a_correction_the_database_refused_comes_back_in_its_dialog(
    app: ReviewApp, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        flag = queue(app)[0]
        fail_once(monkeypatch, app.store, "set_flag_status")
        await pilot.press("x", *"Ann Vaker", "enter")  # typing replaces the suggestion
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one("#prompt").value == "Ann Vaker"
        await pilot.press("escape")  # dropped on purpose: nothing saved
        await pilot.pause()
    with Store.open(built.path) as store:
        assert store.flag(flag).status == "open"


@async_test
async def test_a_verdicts_note_the_database_refused_comes_back_in_its_dialog(
    app: ReviewApp, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens import ClaimsScreen

    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        await pilot.pause()
        keys = {m.claim_key for m in screen._members if m.tier == "same_claim"}
        fail_once(monkeypatch, app.store, "record_verdicts")
        await pilot.press("v", "tab", *"two wires agree", "enter", "1")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.query_one("#verdict-note").value == "two wires agree"
        await pilot.press("1")  # the verdict picked again, the note still there
        await pilot.pause()
        assert not isinstance(app.screen, VerdictScreen)
    with Store.open(built.path) as store:
        given = {r.target: r.decision for r in store.claim_decisions()}
        assert keys and {k: given.get(k) for k in keys} == dict.fromkeys(keys, "corroborated")
