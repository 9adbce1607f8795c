"""A reviewer's write that waits for another program's write lock without freezing the screen.

SQLite's busy wait blocks the thread that asked: in the TUI that is the one handling keys, so a
write under a held lock froze the screen for the whole busy timeout with no sign of it. Here the
write is tried with a short busy timeout and again from a timer, the app's `waiting_write`
saying so meanwhile (the top line shows it), until the usual timeout has passed.

A second change (a decision, note, edit, undo or redo) asked for while one waits is refused
(`StillWaiting`), not queued behind it. A key pressed then was aimed at a screen that does not
show the waiting change yet: the cursor has not moved on, the flag still reads open. Queued, a
second `y` would decide the same flag again and an undo would take back a change the reviewer
never saw land. Refused, changes land in the order they were made and each is one undo step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, TypeVar

from store import DatabaseLocked, Store, StoreError
from store.connection import BUSY_TIMEOUT_MS

T = TypeVar("T")

TRY_MS = 40
"""How long one try waits for the lock: the longest the screen stops answering keys."""
RETRY_SECONDS = 0.15
WAITING = "waiting for the database (locked by another program)…"


class StillWaiting(StoreError):
    """A change refused, before it started, because an earlier one still waits for the lock."""

    def __init__(self) -> None:
        super().__init__(
            f"Not started: your previous change is still {WAITING.rstrip('…')}; nothing else"
            " was changed. Try again once the top line no longer says it waits."
        )


class WaitingApp(Protocol):
    waiting_write: str

    def set_timer(self, delay: float, callback: Callable[[], object]) -> object:
        """Call `callback` once after `delay` seconds."""


def write_patiently(
    app: WaitingApp,
    store: Store,
    work: Callable[[], T],
    finish: Callable[[T | None, StoreError | None], object],
) -> None:
    """Run `work` (one write transaction: a try refused as locked wrote nothing) and then
    `finish(result, None)`, or `finish(None, error)` when the store refused it, the lock still
    held after the busy timeout included, or when an earlier write still waits (`StillWaiting`:
    `work` is not run), so writes keep the order they were made in."""
    if app.waiting_write:
        finish(None, StillWaiting())
        return
    give_up = time.monotonic() + BUSY_TIMEOUT_MS / 1000

    def attempt() -> None:
        try:
            with store.patience(TRY_MS):
                result = work()
        except DatabaseLocked as exc:
            if time.monotonic() < give_up:
                app.waiting_write = WAITING
                app.set_timer(RETRY_SECONDS, attempt)
                return
            done(None, exc)
        except StoreError as exc:
            done(None, exc)
        else:
            done(result, None)

    def done(result: T | None, error: StoreError | None) -> None:
        app.waiting_write = ""
        finish(result, error)

    attempt()
