"""Workers die with their parent: kill -9 or SIGTERM of a process running the extraction pool or
the worker beside the aligner leaves no orphan behind."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import processes

ROOT = Path(__file__).resolve().parent.parent

# A parent that starts workers which would run for minutes, prints their pids, then waits.
_PARENT = """
import os, sys, time
from analysis import processes

def slow(x):
    time.sleep(600)
    return x


class Work:  # top level, so that a spawned worker can unpickle it
    def names(self):
        time.sleep(600)

    def contradiction_run(self):
        raise AssertionError

if __name__ == "__main__":
    kind, method = sys.argv[1], sys.argv[2]
    processes.start_method = lambda: method
    if kind == "pool":
        # three chunks: spawn starts workers as tasks arrive, so one chunk would start only one
        items = list(range(3 * processes.CHUNK_ARTICLES))
        it = processes.map_in_order(slow, items, lambda *a: None, 2)
        import threading
        threading.Thread(target=lambda: next(it), daemon=True).start()
    else:
        beside = processes.Beside(Work())
    import multiprocessing as mp
    deadline = time.monotonic() + 60
    while len(mp.active_children()) < (2 if kind == "pool" else 1):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)  # the workers' initializers have run
    print(" ".join(str(p.pid) for p in mp.active_children()), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has exited; it only waits for its parent to reap it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    ("kind", "method", "sig"),
    [
        ("pool", "fork", signal.SIGKILL),
        ("pool", "spawn", signal.SIGTERM),
        ("beside", "fork", signal.SIGKILL),
        ("beside", "spawn", signal.SIGKILL),
    ],
)
def test_workers_exit_when_their_parent_is_killed(
    tmp_path: Path, kind: str, method: str, sig: signal.Signals
) -> None:
    script = tmp_path / "parent.py"
    script.write_text(_PARENT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen(
        [sys.executable, str(script), kind, method], stdout=subprocess.PIPE, text=True, env=env
    )
    children: list[int] = []
    try:
        assert parent.stdout is not None
        ready, _, _ = select.select([parent.stdout], [], [], 120)
        assert ready, "the parent never started its workers"
        children = [int(p) for p in parent.stdout.readline().split()]
        assert children and all(_alive(p) for p in children)
        parent.send_signal(sig)
        parent.wait(30)
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = [p for p in children if _alive(p)]
        assert survivors == [], f"orphans 5 s after {sig.name}: {survivors}"
    finally:
        parent.kill()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_watchdog_ends_a_worker_whose_parent_is_gone() -> None:
    """Where prctl is missing the worker polls its parent's pid: a pid that is not its parent
    means the parent died, and the worker exits."""
    code = (
        "import os, time; from analysis import processes; "
        "processes.WATCH_SECONDS = 0.05; "
        "processes._set_parent_death_signal = lambda: False; "
        "processes.die_with_parent(os.getppid() + 10**6); time.sleep(30)"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60)
    assert done.returncode == 1 and time.monotonic() - started < 30
    assert processes.WATCH_SECONDS > 0
