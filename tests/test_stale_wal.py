"""A database copied or restored beside a `-wal` file left by an earlier run: SQLite would replay
that old `-wal` into it. Opening says so in one line instead; a `-wal` a killed run left beside
its own database is replayed as before (nothing lost), and one a live run is using is never
touched."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import Store, StoreError

_KILLED_RUN = """
import os, signal, sys
from store import Store
s = Store.open(sys.argv[1])
s.add_article(text="Hello world.", sha256="a", source="A")
s.add_note("article", "a", "written before the kill", "ana")
if sys.argv[2] == "checkpoint":  # every step copied into the database; the -wal stays
    s.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
sys.stdout.write("ready\\n"); sys.stdout.flush()
if sys.argv[2] in ("kill", "checkpoint"):
    os.kill(os.getpid(), signal.SIGKILL)
sys.stdin.read()  # a live run: keeps the database open until told to stop
"""


def _run(path: Path, how: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_RUN, str(path), how],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def _killed(path: Path, how: str = "kill") -> Path:
    child = _run(path, how)
    assert child.wait(30) == -signal.SIGKILL
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 0
    return wal


def _age(file: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(file, (then, then))


def test_a_killed_runs_wal_is_replayed(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    _killed(path)
    with Store.open(path) as store:
        assert [n.note for n in store.notes("article", "a")] == ["written before the kill"]


def test_a_database_restored_beside_an_older_wal_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    backup = tmp_path / "backup.db"
    with Store.open(backup):
        pass
    wal = _killed(path)
    _age(wal, 120)
    shutil.copyfile(backup, path)  # restored after the killed run
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    message = str(refused.value)
    assert "\n" not in message and "r.db-wal is older than the database" in message
    assert "move r.db-wal" in message and f"touch {wal}" in message
    wal.touch()  # "it was not replaced": the reviewer keeps the steps it holds
    with Store.open(path) as store:
        assert store.counts().articles == 1


def test_a_wal_a_live_run_is_using_is_never_called_stale(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    live = _run(path, "stay")
    try:
        wal = path.with_name(path.name + "-wal")
        _age(wal, 120)  # as if its checkpoint came long after its last write
        with Store.open(path) as store:
            assert store.counts().articles == 1
    finally:
        assert live.stdin is not None
        live.stdin.close()
        live.wait(30)


def test_a_wal_already_copied_into_its_database_is_not_called_stale(tmp_path: Path) -> None:
    """A run killed after a checkpoint that came long after its last write: the database is
    newer than its -wal, but the -wal holds nothing the database does not, so it is its own."""
    path = tmp_path / "r.db"
    wal = _killed(path, "checkpoint")
    _age(wal, 120)
    with Store.open(path) as store:
        assert [n.note for n in store.notes("article", "a")] == ["written before the kill"]
