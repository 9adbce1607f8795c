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
