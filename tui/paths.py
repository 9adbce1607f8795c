"""Where databases live: --db, then $CORROBORATOR_DB, then ./corroborator.db; the demo's in the
user data directory ($CORROBORATOR_DATA_DIR overrides it, which tests use)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    override = os.environ.get("CORROBORATOR_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("corroborator"))


def resolve_db(cli_value: str | Path | None) -> Path:
    if cli_value:
        return Path(cli_value)
    env = os.environ.get("CORROBORATOR_DB")
    return Path(env) if env else Path("corroborator.db")


def demo_db() -> Path:
    return data_dir() / "demo.db"


def _last_file() -> Path:
    return data_dir() / "last-db"


def remember_opened(path: Path) -> None:
    """Note the database the review TUI opened, so `db-path` can name it afterwards."""
    try:
        _last_file().parent.mkdir(parents=True, exist_ok=True)
        _last_file().write_text(str(Path(path).resolve()), encoding="utf-8")
    except OSError:
        pass  # a read-only data directory only costs the convenience


def working_db(cli_value: str | Path | None, *, demo: bool = False) -> Path:
    """The database a user means when they ask for "the" database (`db-path`, `datasette`):
    --demo, else --db or $CORROBORATOR_DB, else the one the TUI opened last (the demo after
    `make demo`) while it exists, else ./corroborator.db."""
    if demo:
        return demo_db()
    if cli_value or os.environ.get("CORROBORATOR_DB"):
        return resolve_db(cli_value)
    try:
        last = Path(_last_file().read_text(encoding="utf-8").strip())
    except OSError:
        last = None
    if last is not None and last.is_file():
        return last
    return resolve_db(None)
