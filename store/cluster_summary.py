"""Active flags per claim cluster and kind, counted once per state of the clusters and flags.

The cluster list puts clusters with a contradiction first and filters them by flag kind. Counting
that from the flags outwards (every active flag, its sentences, their clusters) on each page took
0.3 s of the Claims screen's first paint on 10,000 articles, and grows with the corpus. The counts
only change when clusters or flags do: when an analysis writes, and when a claim edit (or its
undo or redo) rebuilds clusters. Both leave a trace that is cheap to read, the latest analysis run
and the claim edits' state; together they are the *marker*. `cluster_flag_counts` is kept with
the marker it was counted at (`summary_state`), and `make_current` counts again when the marker
moved. Reviewer decisions never change these counts (a decided flag is still active), so the list
reads each page's open flags live.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from sqlite_utils import Database

from store.connection import BUSY_TIMEOUT_MS

NAME = "cluster_flag_counts"
CONFLICT_KIND = "contradiction"
GARBLE_KINDS = ("name_variant", "unverified_name", "translation_artifact")
WAIT_MS = 100
"""How long a reader waits for the write lock to store fresh counts before counting live."""

# Every active flag against each cluster member carrying its claim key: from the flags outwards
# (tens of thousands) through the claim_key and sentence_id indexes, never from every member.
_COUNT = """
INSERT INTO cluster_flag_counts (cluster_id, kind, flags)
SELECT cm.cluster_id, f.kind, count(*)
FROM flags f CROSS JOIN sentences s ON s.claim_key = f.claim_key
CROSS JOIN cluster_members cm ON cm.sentence_id = s.id
WHERE f.active = 1 AND f.claim_key IS NOT NULL
GROUP BY cm.cluster_id, f.kind
"""


def marker(db: Database) -> str | None:
    """What the counts depend on, as text; None while the latest analysis has not finished
    writing (its rows are half old, half new until it does)."""
    conn = db.conn
    run = conn.execute(
        "SELECT id, finished_at FROM analysis_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if run is not None and run[1] is None:
        return None
    edits = conn.execute(
        "SELECT group_concat(review_id || ':' || applied, ',') FROM"
        " (SELECT review_id, applied FROM claim_edit_state ORDER BY review_id)"
    ).fetchone()[0]
    digest = hashlib.sha256((edits or "").encode()).hexdigest()[:16]
    return json.dumps([list(run) if run else None, digest])


def stored_marker(db: Database) -> str | None:
    row = db.conn.execute("SELECT marker FROM summary_state WHERE name = ?", [NAME]).fetchone()
    return str(row[0]) if row else None


def refresh(db: Database) -> None:
    """Count again and record the marker; call inside a write transaction (analysis's write
    calls it last, so the first look after an analysis finds the counts ready)."""
    now = marker(db)
    db.execute("DELETE FROM cluster_flag_counts")
    db.execute(_COUNT)
    if now is None:
        db.execute("DELETE FROM summary_state WHERE name = ?", [NAME])
        return
    db.execute(
        "INSERT INTO summary_state (name, marker) VALUES (?, ?)"
        " ON CONFLICT(name) DO UPDATE SET marker = excluded.marker",
        [NAME, now],
    )


def make_current(db: Database) -> bool:
    """True when the counts describe the clusters and flags now, counting them again first if
    the marker moved. False when they cannot be trusted or written at this moment (an analysis
    is mid-write, another program holds the write lock longer than WAIT_MS, the file is
    read-only, or the caller is inside a transaction): the caller then counts live."""
    now = marker(db)
    if now is None:
        return False
    if stored_marker(db) == now:
        return True
    conn = db.conn
    if conn.in_transaction:
        return False
    conn.execute(f"PRAGMA busy_timeout = {WAIT_MS}")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if stored_marker(db) != marker(db):  # another reader may have counted meanwhile
                refresh(db)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.OperationalError:  # locked a while longer, or read-only
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return stored_marker(db) == marker(db)
