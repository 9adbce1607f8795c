"""The append-only review log: record, undo and redo reviewer actions.

Every action is one INSERT, committed at once. Undo never deletes: it appends a row whose decision
is the state the target had before the undone action, so "status = latest row" stays true. The
undo/redo stacks of a reviewer are rebuilt by replaying that reviewer's rows, so they survive
restarts and work across processes. Rows written together (a bulk decision) share a `batch`,
and one undo takes back the whole batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlite_utils import Database

from store.rows import ReviewRow

STATE_ACTIONS = ("status", "claim")  # actions whose latest row is the target's state


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def append(
    db: Database,
    *,
    target_type: str,
    target: str,
    action: str,
    reviewer: str,
    decision: str | None = None,
    value: str | None = None,
    note: str | None = None,
    op: str = "do",
    ref: int | None = None,
    batch: str | None = None,
) -> ReviewRow:
    cursor = db.execute(
        "INSERT INTO reviews (target_type, target, action, decision, value, note, op, ref,"
        " batch, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [target_type, target, action, decision, value, note, op, ref, batch, reviewer, now()],
    )
    row_id = cursor.lastrowid
    assert row_id is not None
    return get(db, row_id)


def get(db: Database, review_id: int) -> ReviewRow:
    row = next(iter(db.query("SELECT * FROM reviews WHERE id = ?", [review_id])))
    return ReviewRow.from_row(row)


def latest_state(
    db: Database, target_type: str, target: str, action: str, before_id: int | None = None
) -> ReviewRow | None:
    sql = "SELECT * FROM reviews WHERE target_type = ? AND target = ? AND action = ?"
    params: list[object] = [target_type, target, action]
    if before_id is not None:
        sql += " AND id < ?"
        params.append(before_id)
    rows = list(db.query(sql + " ORDER BY id DESC LIMIT 1", params))
    return ReviewRow.from_row(rows[0]) if rows else None


def new_batch() -> str:
    return uuid.uuid4().hex


def stacks(db: Database, reviewer: str) -> tuple[list[list[int]], list[list[int]]]:
    """(done, undone) stacks of one reviewer, by replaying their log; each entry is one step:
    the ids of the rows recorded together (one id, or every row of a bulk decision)."""
    members: dict[str, list[int]] = {}
    key_of: dict[int, str] = {}
    done: list[str] = []
    undone: list[str] = []
    for row in db.query(
        "SELECT id, op, ref, batch FROM reviews WHERE reviewer = ? ORDER BY id", [reviewer]
    ):
        if row["op"] == "do":
            key = row["batch"] or f"#{row['id']}"
            if key not in members:
                members[key] = []
                done.append(key)
                undone.clear()
            members[key].append(row["id"])
            key_of[row["id"]] = key
            continue
        key = key_of.get(row["ref"], "")
        if row["op"] == "undo" and key in done:
            done.remove(key)
            undone.append(key)
        elif row["op"] == "redo" and key in undone:
            undone.remove(key)
            done.append(key)
    return [members[k] for k in done], [members[k] for k in undone]


def _previous(db: Database, original: ReviewRow) -> tuple[str | None, str | None]:
    """The (decision, value) the target had just before `original` was recorded."""
    before = latest_state(db, original.target_type, original.target, original.action, original.id)
    if before is None:
        return None, None
    return before.decision, before.value


def undo(db: Database, reviewer: str) -> ReviewRow | None:
    """Take back the reviewer's latest step; returns the first row written."""
    done, _ = stacks(db, reviewer)
    if not done:
        return None

    def undoing(original: ReviewRow) -> tuple[str | None, str | None, str | None]:
        if original.action in STATE_ACTIONS:
            decision, value = _previous(db, original)
        else:  # notes, merges, aliases: undo marks the original as withdrawn
            decision, value = "withdrawn", None
        return decision, value, original.note if original.action == "note" else None

    return _answer(db, reviewer, list(reversed(done[-1])), "undo", undoing)


def redo(db: Database, reviewer: str) -> ReviewRow | None:
    """Record again the reviewer's latest undone step; returns the first row written."""
    _, undone = stacks(db, reviewer)
    if not undone:
        return None
    return _answer(db, reviewer, undone[-1], "redo", lambda o: (o.decision, o.value, o.note))


def _answer(
    db: Database,
    reviewer: str,
    review_ids: list[int],
    op: str,
    state: Callable[[ReviewRow], tuple[str | None, str | None, str | None]],
) -> ReviewRow:
    """One batch of `op` rows, each pointing back at its original with the (decision, value,
    note) that `state` gives it; all or nothing. Returns the first row written."""
    batch = new_batch()
    written: list[ReviewRow] = []
    with db.atomic():
        for review_id in review_ids:
            original = get(db, review_id)
            decision, value, note = state(original)
            written.append(
                append(
                    db,
                    target_type=original.target_type,
                    target=original.target,
                    action=original.action,
                    reviewer=reviewer,
                    decision=decision,
                    value=value,
                    note=note,
                    op=op,
                    ref=original.id,
                    batch=batch,
                )
            )
    return written[0]


def withdrawn_ids(db: Database) -> set[int]:
    """Ids of non-state actions (notes, merges, aliases) currently undone."""
    state: dict[int, bool] = {}
    for row in db.query("SELECT op, ref FROM reviews WHERE op != 'do' ORDER BY id"):
        state[row["ref"]] = row["op"] == "undo"
    return {ref for ref, is_undone in state.items() if is_undone}
