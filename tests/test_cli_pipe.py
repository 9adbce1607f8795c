"""`corroborator stats | head`: a reader that stops before the output ends closes the pipe, and
the command should end quietly then, as any Unix tool does, not say 'error: Broken pipe' (the
reader went away on purpose; the reviewer saw what they asked for)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tui_fixtures import Built

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = (
    ("stats",),
    ("flags", "--limit", "50"),
    ("db-path",),
    ("claim", "edits"),
    ("export", "--format", "md"),
    ("--help",),
)


def closed_pipe_run(args: tuple[str, ...], db: Path) -> tuple[int, str]:
    """Run `corroborator ARGS --db DB` with its output a pipe whose reader has already gone:
    every write to it fails, as after `head` has read its lines and ended."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from tui.cli import main; main()", *args]
            + ([] if args == ("--help",) else ["--db", str(db)]),
            cwd=ROOT, stdout=write, stderr=subprocess.PIPE, text=True, timeout=120,
            env={**os.environ, "CORROBORATOR_DB": str(db)},
        )  # fmt: skip
    finally:
        os.close(write)
    return done.returncode, done.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_command_whose_reader_went_away_ends_quietly(args: tuple[str, ...], built: Built) -> None:
    code, said = closed_pipe_run(args, built.path)
    assert said == "", said
    assert code == 1  # nothing it printed was read: not a success, and no message for it
