"""Opening a database safely: refuse foreign, newer or unusable files with one clear line."""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import struct
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000
STEP_SECONDS = 0.5  # a long writer commits at least this often (well under the busy timeout)
STEP_GAP_SECONDS = 0.15  # ...and leaves the lock free this long: longer than SQLite's busy
# handler sleeps between two tries (at most 100 ms), so a waiting reviewer gets its turn


class StoreError(Exception):
    """A database problem the user can act on; the message is one line."""


class DatabaseLocked(StoreError):
    """Another program held the write lock past the busy wait: nothing was written, and the same
    write may be tried again (the TUI does, from a timer, so it never freezes while it waits)."""


IN_CHUNK = 500  # bound parameters per IN (...) list: well under SQLite's limit


def placeholders(values: Sequence[Any]) -> str:
    """ "?, ?, ?" for an IN (...) list of `values`."""
    return ", ".join("?" for _ in values)


def chunked(values: Iterable[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    """`values` in lists of at most `size`, one IN (...) query each."""
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate (bytes a terminal or argv could not decode) cannot be sent to SQLite."""


def fts_match(terms: Iterable[str], *, any_of: bool = False) -> str:
    """An FTS5 MATCH string for `terms`: each quoted (a doubled `"` inside), so user text such
    as "U.S.", "Mar-a-Lago", "NEAR" or a stray quote is a word to find, never query syntax. All
    terms must match, or any one with `any_of`; no terms match nothing (`""`). A NUL, which ends
    FTS5's reading of the string ("unterminated string"), separates words; a lone surrogate is
    U+FFFD."""
    quoted = []
    for term in terms:
        term = _SURROGATE.sub("\ufffd", term.replace("\x00", " "))
        if term.strip():
            quoted.append('"' + term.replace('"', '""') + '"')
    return (" OR " if any_of else " ").join(quoted) or '""'


def _explain(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        waited = BUSY_TIMEOUT_MS / 1000
        return DatabaseLocked(
            f"{path}: the database is still locked by another program after waiting {waited:g} s;"
            " retry when it is done"
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: the database is read-only; check its permissions")
    if "malformed" in text:
        return StoreError(
            f"{path}: the database file is damaged ({text}); restore a backup or import the"
            " articles again into a new --db"
        )
    if "not a database" in text or "file is encrypted" in text:
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
    stale = _stale_wal(p) if _first_open(p) else None
    if stale:
        _opened.discard(p.resolve())  # asked again after the reviewer moved the file
        raise StoreError(stale)
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


WAL_OLDER_SECONDS = 5.0


def _stale_wal(path: Path) -> str | None:
    """Why the `-wal` file beside `path` looks left over from another copy of the database, or
    None. SQLite replays whatever valid `-wal` sits beside a database when it opens it, also one
    from before the file was replaced (a backup copied back over it after a killed run), mixing
    old pages into it. Every write of ours goes to the `-wal` first and SQLite copies it into the
    database right after (a checkpoint), so the database changing more than a few seconds after
    its `-wal` was last written means the file was replaced. A `-wal` newer than the database is
    what a killed run leaves, and is replayed (nothing is lost); so is an older one that holds
    nothing the database does not (`_copied_in`: a late checkpoint); a copy that kept its old time
    (`cp -p`) is not detected (README, "Where the database lives")."""
    wal = path.with_name(path.name + "-wal")
    try:
        db_time, wal_stat = path.stat().st_mtime, wal.stat()
    except OSError:
        return None
    if wal_stat.st_size == 0 or db_time - wal_stat.st_mtime <= WAL_OLDER_SECONDS:
        return None
    if _in_use(path):  # a live run's own checkpoint may be later than its last write
        return None
    if _copied_in(path, wal):  # its own checkpoint came late, with no write after: harmless
        return None
    return (
        f"{path}: {wal.name} is older than the database it sits beside, so it is likely left"
        f" over from before {path.name} was copied or restored, and opening would mix it in;"
        f" move {wal.name} (and {path.name}-shm) away, or if {path.name} was not replaced,"
        f" `touch {wal}` to keep the steps it holds"
    )


_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER, _FRAME_HEADER = 32, 24


def _copied_in(path: Path, wal: Path) -> bool:
    """True when replaying `wal` would change nothing: each page its last committed frame holds
    (frames with the header's salts, as SQLite reads them) is that page of the database as it
    is. That is a `-wal` whose checkpoint copied it all in, later than its last write; a `-wal`
    left beside a database restored from elsewhere holds pages the database does not. A `-wal`
    that cannot be read as one is left to SQLite (False: the age check stands)."""
    try:
        with wal.open("rb") as w, path.open("rb") as d:
            head = w.read(_WAL_HEADER)
            if len(head) < _WAL_HEADER:
                return False
            magic, _, size, _, salt1, salt2 = struct.unpack(">6I", head[:24])
            if magic not in _WAL_MAGIC or not 512 <= size <= 65536:
                return False
            frames: dict[int, int] = {}  # page -> offset of its newest frame
            committed: dict[int, int] = {}
            at = _WAL_HEADER
            while frame := w.read(_FRAME_HEADER):
                if len(frame) < _FRAME_HEADER:
                    break
                page, commit, s1, s2 = struct.unpack(">4I", frame[:16])
                if (s1, s2) != (salt1, salt2) or page == 0:
                    break
                frames[page] = at + _FRAME_HEADER
                if commit:
                    committed = dict(frames)
                at += _FRAME_HEADER + size
                w.seek(at)
            for page, offset in committed.items():
                w.seek(offset)
                d.seek((page - 1) * size)
                if w.read(size) != d.read(size):
                    return False
            return True
    except OSError:
        return False


_SHM_DMS_BYTE = 128  # every SQLite connection to a WAL database holds a read lock on it
_opened: set[Path] = set()


def _first_open(path: Path) -> bool:
    """Whether this process opens `path` for the first time (the stale `-wal` check runs then
    only: see `_in_use`)."""
    key = path.resolve()
    first = key not in _opened
    _opened.add(key)
    return first


def _in_use(path: Path) -> bool:
    """Whether another process has the database open. Only asked before this process first
    opens it: closing a descriptor of a file drops every POSIX lock this process holds on it, so
    probing a file SQLite has open here would drop SQLite's locks."""
    try:
        fd = os.open(path.with_name(path.name + "-shm"), os.O_RDWR)
    except OSError:
        return False  # no -shm: nobody has it open in WAL mode
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the probe's lock
    return False


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


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """One write transaction that takes the write lock before its first read (BEGIN IMMEDIATE).

    A deferred BEGIN that reads and then writes cannot wait for another writer: SQLite answers
    "locked" at once to avoid a deadlock. BEGIN IMMEDIATE waits up to the busy timeout instead,
    and whatever it reads stays true until it commits. Nested use becomes a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class Stepwise:
    """A long write (analysis results) committed in steps of about `budget` seconds.

    Call `pause()` between pieces of work: once the current step has held the write lock for
    `budget` seconds it commits, leaves the lock free for a moment so a reviewer waiting in its
    busy handler gets in, then takes the lock again. Reviewers therefore wait about `budget`
    seconds at most, never the whole write; readers may see a write half done meanwhile. Inside
    an outer transaction it cannot commit, so it never pauses.
    """

    def __init__(
        self, db: Database, budget: float | None = None, gap: float = STEP_GAP_SECONDS
    ) -> None:
        self.conn = db.conn
        self.budget = STEP_SECONDS if budget is None else budget
        self.gap = gap
        self.commits = 0
        self._nested = self.conn.in_transaction
        self._since = 0.0

    def __enter__(self) -> Stepwise:
        if not self._nested:
            self.conn.execute("BEGIN IMMEDIATE")
        self._since = time.monotonic()
        return self

    def pause(self) -> None:
        if self._nested or time.monotonic() - self._since < self.budget:
            return
        self.conn.execute("COMMIT")
        self.commits += 1
        time.sleep(self.gap)
        self.conn.execute("BEGIN IMMEDIATE")
        self._since = time.monotonic()

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if self._nested or not self.conn.in_transaction:
            return
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _migrate(db: Database) -> None:
    """Apply missing migrations one transaction each; the version is read again under the write
    lock, so two processes opening a new database at once never apply one migration twice."""
    while _pragma(db, "user_version") < len(MIGRATIONS):
        with immediate(db):
            number = _pragma(db, "user_version")
            if number >= len(MIGRATIONS):
                break
            MIGRATIONS[number](db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {number + 1}")
