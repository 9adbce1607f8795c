"""tui/patient.py without a screen: a write under another connection's lock is tried again from
a timer until it lands, and a second write asked for meanwhile is refused at once, unrun."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tui_fixtures import Built

from store import Store, StoreError
from tui import patient


class FakeApp:
    """What write_patiently needs of the app: the waiting line and a timer run by hand."""

    def __init__(self) -> None:
        self.waiting_write = ""
        self.timers: list[Callable[[], object]] = []

    def set_timer(self, delay: float, callback: Callable[[], object]) -> object:
        self.timers.append(callback)
        return None

    def fire(self) -> None:
        pending, self.timers = self.timers, []
        for callback in pending:
            callback()


def test_a_second_write_while_one_waits_is_refused_unrun(built: Built) -> None:
    app = FakeApp()
    results: list[tuple[object, StoreError | None]] = []
    ran: list[str] = []
    other = sqlite3.connect(str(built.path), isolation_level=None)
    with Store.open(built.path) as store:
        first, second = (f.fingerprint for f in store.flags(status="open", limit=2))

        def decide(fingerprint: str) -> Callable[[], object]:
            def work() -> object:
                ran.append(fingerprint)
                return store.set_flag_status(fingerprint, "accepted", "ana")

            return work

        other.execute("BEGIN IMMEDIATE")
        patient.write_patiently(app, store, decide(first), lambda r, e: results.append((r, e)))
        assert app.waiting_write == patient.WAITING and results == [] and len(app.timers) == 1
        patient.write_patiently(app, store, decide(second), lambda r, e: results.append((r, e)))
        ((none, refused),) = results
        assert none is None and isinstance(refused, patient.StillWaiting)
        assert ran == [first]  # the second never ran, not even to try
        other.execute("COMMIT")
        app.fire()
        assert app.waiting_write == "" and ran == [first, first]
        assert results[1][1] is None
        assert store.flag(first).status == "accepted" and store.flag(second).status == "open"
    other.close()


def test_a_refused_write_gives_the_store_error(built: Built) -> None:
    app = FakeApp()
    results: list[StoreError | None] = []

    def work() -> object:
        raise StoreError("an empty note was not saved")

    with Store.open(built.path) as store:
        patient.write_patiently(app, store, work, lambda _r, e: results.append(e))
    assert [str(e) for e in results] == ["an empty note was not saved"]
    assert app.waiting_write == ""
