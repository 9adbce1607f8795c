"""The process plumbing on its own: pool size, results in order, cancelling, the worker beside."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any

import pytest

from analysis import processes
from analysis.processes import Beside, map_in_order, worker_count


class _Stop(Exception):
    pass


def test_worker_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORROBORATOR_WORKERS", raising=False)
    assert worker_count(processes.PARALLEL_MIN_ARTICLES) == 1
    assert 1 <= worker_count(2000) <= processes.MAX_WORKERS
    monkeypatch.setenv("CORROBORATOR_WORKERS", "3")
    assert worker_count(10) == 3
    monkeypatch.setenv("CORROBORATOR_WORKERS", "0")
    assert worker_count(2000) == 1


def test_start_method_is_spawn_while_another_thread_runs() -> None:
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert processes.start_method() == "spawn"
    finally:
        release.set()
        other.join()


@pytest.mark.parametrize("start", ["fork", "spawn"])
@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_item_order(
    monkeypatch: pytest.MonkeyPatch, start: str, workers: int
) -> None:
    monkeypatch.setattr(processes, "CHUNK_ARTICLES", 3)
    monkeypatch.setattr(processes, "start_method", lambda: start)
    items = ["x" * n for n in range(20, 0, -1)]  # the long ones first: chunks finish out of order
    ticks: list[tuple[str, int, int]] = []
    out = list(map_in_order(len, items, lambda *a: ticks.append(a), workers, stage="s"))
    assert out == list(range(20, 0, -1))
    assert ticks[0] == ("s", 0, 20) and ticks[-1] == ("s", 20, 20)
    assert not mp.active_children()


def test_a_raising_tick_stops_the_pool() -> None:
    seen: list[int] = []

    def tick(stage: str, done: int, total: int) -> None:
        seen.append(done)
        if done >= 5:
            raise _Stop

    with pytest.raises(_Stop):
        list(map_in_order(len, ["ab"] * 100, tick, 2))
    assert max(seen) == 5
    assert not mp.active_children()


class _Run:
    """A stand-in for ContradictionRun that records what the worker did, in the worker."""

    def __init__(self) -> None:
        self.read_ahead_stopped = False
        self.reading_memo = {"read": 1}

    def prepare(self) -> None:
        pass

    def read_ahead(self, stop: Callable[[], bool]) -> None:
        while not stop():
            pass
        self.read_ahead_stopped = True

    def finish(self, clusters: list[Any]) -> list[Any]:
        return [("finished", clusters, self.read_ahead_stopped)]


class _Work:
    def names(self) -> list[Any]:
        return ["names"]

    def contradiction_run(self) -> Any:
        return _Run()

    def kept(self, run: _Run) -> bytes:
        return repr(run.reading_memo).encode()  # made in the worker: the caller gets bytes


def test_beside_returns_both_results_once_the_clusters_are_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(processes, "start_method", lambda: "fork")  # the fake need not be pickled
    stages: list[str] = []
    with Beside(_Work()) as beside:  # type: ignore[arg-type]
        names, contradictions, reading = beside.finish([1, 2], lambda s, d, t: stages.append(s))
    assert names == ["names"]
    assert contradictions == [("finished", [1, 2], True)]
    assert reading == b"{'read': 1}"
    assert set(stages) == {"compare"}
    assert not mp.active_children()


def test_leaving_beside_early_terminates_its_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "start_method", lambda: "fork")
    with pytest.raises(_Stop), Beside(_Work()):  # type: ignore[arg-type]
        assert mp.active_children()
        raise _Stop
    assert not mp.active_children()
