"""The command line as the CLI tests drive it: one call, arguments as text, exceptions raised."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tui.cli import main


def run(*args: str | Path) -> Result:
    """`corroborator ARGS…` in-process; a bug surfaces as its exception, not a bare exit code."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
