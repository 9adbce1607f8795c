"""Worker processes for the analysis: a pool for the per-article stages and one process beside
the aligner. Pure plumbing: it runs the functions and objects it is given and never sees the store.

Why processes: the stages are pure Python, so threads would share one core through the GIL. The
tool is sized for two cores, so at most two workers, and only for corpora big enough to repay
starting them.

Why the start method matters: fork is cheap and needs no `if __name__ == "__main__"` guard in the
caller's script, but a forked child inherits every lock as it was at the fork; if another thread
held one (the TUI analyses in a worker thread), the child can deadlock. So fork only when the
caller is the only thread, spawn otherwise. A spawned child re-imports what it runs, so every
function and object sent to it must be importable at module level (`analysis.pipeline` keeps
`extract_article` and `_Later` top-level for this reason).

Cancelling is the caller's `tick(stage, done, total)` raising: the pool drops chunks not yet
started, and the process beside the aligner is terminated.

Why workers watch their parent: a parent killed outright (kill -9, or SIGTERM, which Python does
not turn into cleanup) runs no `finally`, so nothing shuts its pool down, and the workers, ~100 MB
each, would live on as orphans. Each worker asks Linux to kill it when its parent dies
(prctl PR_SET_PDEATHSIG), and elsewhere polls its parent's pid from a daemon thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from analysis.collections_budget import raise_for_this_process

if TYPE_CHECKING:
    from analysis.contradiction import ContradictionRun
    from analysis.model import FlagDraft

Tick = Callable[[str, int, int], None]  # (stage, done, total); raises to cancel
T = TypeVar("T")
R = TypeVar("R")

PARALLEL_MIN_ARTICLES = 50  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 2
CHUNK_ARTICLES = 16  # articles per task sent to a worker: ~0.3 s of work, so cancelling is quick


def worker_count(n_articles: int) -> int:
    """Processes for the per-article stages: $CORROBORATOR_WORKERS if set, else up to two (the
    cores the tool is sized for) once there are enough articles to repay starting them."""
    configured = os.environ.get("CORROBORATOR_WORKERS", "").strip()
    if configured:
        return max(1, int(configured))
    if n_articles <= PARALLEL_MIN_ARTICLES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def start_method() -> str:
    """fork when this is the only thread: cheap, and the caller's script need not guard its
    `__main__`. With other threads running (the TUI analyses in a worker thread) a forked child
    may inherit a lock another thread holds, so then spawn."""
    alone = threading.active_count() == 1 and threading.current_thread() is threading.main_thread()
    return "fork" if alone and "fork" in mp.get_all_start_methods() else "spawn"


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0  # how often a worker without prctl checks that its parent lives


def die_with_parent(parent: int) -> None:
    """In a worker: end this process when `parent` (the pid that started it) dies, however it
    dies. A worker initializer; `parent` comes from the caller because by now the parent may
    already be gone (then this exits at once)."""
    if sys.platform.startswith("linux") and _set_parent_death_signal():
        if os.getppid() != parent:  # died before the signal was armed
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _set_parent_death_signal() -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _map_chunk(fn: Callable[[T], R], items: list[T]) -> list[R]:
    return [fn(item) for item in items]


def map_in_order(
    fn: Callable[[T], R], items: list[T], tick: Tick, workers: int, *, stage: str = "extract"
) -> Iterator[R]:
    """`fn` on every item, in item order, in `workers` processes when more than one (`fn` must be
    importable at module level). Ticks `stage` with the number of results yielded so far.

    Items go to the pool in chunks as workers free up, so no worker holds the whole corpus; results
    are taken in submission order, so the output does not depend on which worker was faster.
    Cancelling drops the chunks not yet started and waits only for the running ones.
    """
    if workers <= 1:
        total = len(items)
        for n, item in enumerate(items):
            tick(stage, n, total)
            yield fn(item)
        tick(stage, total, total)
        return
    yield from OrderedMap(fn, items, workers).results(tick, stage=stage)


class OrderedMap(Generic[T, R]):
    """`map_in_order` in `workers` processes (one or more), started at once: the caller does
    other work while they run (the pipeline decodes its cached results while the new articles
    are extracted), then takes the results in item order from `results`."""

    def __init__(self, fn: Callable[[T], R], items: list[T], workers: int) -> None:
        self.total = len(items)
        self.pool = ProcessPoolExecutor(
            max(1, workers),
            mp_context=mp.get_context(start_method()),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
        try:
            self.futures = [
                self.pool.submit(_map_chunk, fn, items[i : i + CHUNK_ARTICLES])
                for i in range(0, self.total, CHUNK_ARTICLES)
            ]
        except BaseException:
            self.pool.shutdown(wait=True, cancel_futures=True)
            raise

    def results(self, tick: Tick, *, stage: str = "extract") -> Iterator[R]:
        """The results in item order; the pool is shut down when they are all taken, or when
        the caller stops early (a raising `tick`)."""
        try:
            tick(stage, 0, self.total)
            done = 0
            for future in self.futures:
                for one in future.result():
                    yield one
                    done += 1
                    tick(stage, done, self.total)
        finally:
            self.close()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class BesideWork(Protocol):
    """The corpus-wide detectors that can start before the clusters exist (the pipeline's
    `_Later`). With spawn it is pickled, so its class must be importable at module level."""

    def names(self) -> Any: ...  # the name flags, with whatever else the caller keeps

    def contradiction_run(self) -> ContradictionRun: ...

    def kept(self, run: ContradictionRun) -> Any: ...  # what the caller keeps of a finished run


# In the process beside the aligner: the contradiction run between its two tasks, the event that
# says the clusters are ready, and (fork only) the work it inherits instead of receiving it
# pickled.
_PENDING: ContradictionRun | None = None
_WORK: BesideWork | None = None  # the work of the first task, for the second
_ALIGNED: Any = None
_HANDOVER: BesideWork | None = None


def _init_beside(aligned: Any, parent: int) -> None:
    global _ALIGNED
    die_with_parent(parent)
    raise_for_this_process()  # a spawned child starts with CPython's defaults
    _ALIGNED = aligned


def _names_and_prepare(work: BesideWork | None = None) -> Any:
    global _PENDING, _WORK
    work = _WORK = work or _HANDOVER
    assert work is not None
    names = work.names()
    _PENDING = work.contradiction_run()
    _PENDING.prepare()
    _PENDING.read_ahead(_ALIGNED.is_set)  # while the aligner still runs
    return names


def _finish_contradictions(clusters: list[Any]) -> tuple[list[FlagDraft], Any]:
    """The contradiction flags, and what the caller keeps of the run (`BesideWork.kept`: its
    sentence readings encoded for the next run, made here rather than in the caller, whose write
    waits for it, and sent as bytes rather than as objects to pickle)."""
    global _PENDING
    run, _PENDING = _PENDING, None
    assert run is not None and _WORK is not None, "_names_and_prepare runs first"
    return run.finish(clusters), _WORK.kept(run)


class Beside:
    """One worker process that finds name variants and prepares the contradiction detector while
    the aligner runs in the caller (the aligner keeps one core busy, the other would idle), reading
    sentences ahead until the clusters exist, then finishes the contradictions. Leaving the block
    early (an exception, e.g. a cancelling `tick`) terminates the worker."""

    def __init__(self, work: BesideWork) -> None:
        global _HANDOVER
        method = start_method()
        if method == "fork":
            _HANDOVER = work  # the child inherits it; no pickling of the whole corpus
        context = mp.get_context(method)
        self.aligned = context.Event()
        try:
            self.pool = context.Pool(
                1, initializer=_init_beside, initargs=(self.aligned, os.getpid())
            )
        finally:
            _HANDOVER = None
        self.first = self.pool.apply_async(_names_and_prepare, () if method == "fork" else (work,))
        self.second: Any = None  # the contradictions, once `start` has the clusters
        self.done = False

    def __enter__(self) -> Beside:
        return self

    def start(self, clusters: list[Any]) -> None:
        """Hand the worker the clusters: it finishes the contradictions (after the names, in
        order) while the caller does other work that needs the clusters (the comparison)."""
        self.aligned.set()
        self.second = self.pool.apply_async(_finish_contradictions, (clusters,))

    def collect(self, tick: Tick) -> tuple[Any, list[FlagDraft], Any]:
        """What `work.names()` returned, the contradiction flags and what `work.kept` returned
        of the contradiction run, after `start`; ticks "compare" while waiting."""
        names = _wait(self.first, tick)
        contradictions, reading = _wait(self.second, tick)
        self.done = True
        return names, contradictions, reading

    def finish(self, clusters: list[Any], tick: Tick) -> tuple[Any, list[FlagDraft], Any]:
        """`start` and `collect` with nothing between."""
        self.start(clusters)
        return self.collect(tick)

    def __exit__(self, *exc: object) -> None:
        if self.done:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()


def _wait(result: Any, tick: Tick) -> Any:
    """The result of an `apply_async`, asking `tick` (which may cancel) while it runs."""
    while not result.ready():
        tick("compare", 0, 1)
        result.wait(0.2)
    tick("compare", 1, 1)
    return result.get()
