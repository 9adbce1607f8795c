"""Opening a database safely: refuse foreign, newer or unusable files with one clear line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A database problem the user can act on; the message is one line."""


def _explain(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the database is locked by another program; close it and retry")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: the database is read-only; check its permissions")
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return StoreError(f"{path}: not a corroborator database (not a SQLite file)")
    if "unable to open" in text:
        return StoreError(f"{path}: cannot open the database file (missing folder or permissions)")
    return StoreError(f"{path}: database error: {text}")


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """Open (and migrate) a corroborator database in WAL mode with foreign keys on."""
    p = Path(path)
    if p.is_dir():
        raise StoreError(f"{p}: is a folder, not a database file")
    if not p.exists():
        if not create:
            raise StoreError(f"{p}: no such database; run `corroborator import` first")
        if not p.parent.exists():
            raise StoreError(f"{p}: the folder {p.parent} does not exist")
    try:
        conn = sqlite3.connect(str(p), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_identity(p, db)
        db.execute("PRAGMA foreign_keys = ON")
        if next(iter(db.query("PRAGMA journal_mode")))["journal_mode"] != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db)
    except sqlite3.Error as exc:
        raise _explain(p, exc) from None
    return db


def _pragma(db: Database, name: str) -> int:
    return int(next(iter(db.query(f"PRAGMA {name}")))[name])


def _check_identity(path: Path, db: Database) -> None:
    app_id = _pragma(db, "application_id")
    version = _pragma(db, "user_version")
    has_tables = bool(db.table_names())
    if app_id != APPLICATION_ID and (has_tables or version):
        raise StoreError(
            f"{path}: not a corroborator database (it holds other data); use another --db"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer corroborator (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade corroborator to open it"
        )


def _migrate(db: Database) -> None:
    version = _pragma(db, "user_version")
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        with db.atomic():
            migration(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {number}")
