"""The append-only review log: record, undo and redo reviewer actions.

Every step (one decision, a bulk decision, a note, a merge or a split) is written in one
BEGIN IMMEDIATE transaction. Undo never deletes: it appends a row whose decision is the state the
target had before the undone action, so "status = latest row" stays true. Each reviewer's
undo/redo stack is materialised in `review_steps` and read and written inside the same write
transaction as the rows it describes, so two processes with one reviewer name cannot undo one
step twice, and an undo costs the same at any log length (indexed lookups only).

Several reviewers share one log, so an undo or redo that would overwrite a decision another
reviewer made since is refused (`UndoConflict`) instead of erasing it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from store import verdicts
from store.connection import StoreError, immediate
from store.rows import ReviewRow

STATE_ACTIONS = ("status", "claim")  # actions whose latest row is the target's state
ENTITY_ACTIONS = ("merge", "split")  # decisions on one spelling: any of them conflicts
_SHOWN_CONFLICTS = 3
_ID_CHARS = 12  # of a flag or claim id in a message: what `corroborator flags` prints


class UndoConflict(StoreError):
    """An undo or redo refused because another reviewer decided one of its targets since.

    `step` names the refused step, so the reviewer can set it aside (`skip`) and reach the one
    before it; `op` is "undo" or "redo"; `first` is the step's first row, to describe it."""

    def __init__(self, message: str, step: int, op: str, first: ReviewRow) -> None:
        super().__init__(message)
        self.step = step
        self.op = op
        self.first = first


class StaleDecision(StoreError):
    """A decision refused because another reviewer decided the flag after the screen it was made
    on showed it: deciding on a view that is no longer true would overwrite their decision
    unseen. The screen reloads; deciding again (now seeing theirs) replaces it. `what`: who
    decided what and when, without that advice, for a screen whose reload moved the cursor
    off the flag (deciding "again" there would decide another one)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} The screen shows it now; decide again to replace their decision.")
        self.what = what


class NotInClaim(StoreError):
    """A verdict refused because the claim it was given in no longer holds its sentence (another
    reviewer's claim edit, or an analysis, moved it since the screen showed it): given there, it
    would hold in a claim the sentence is not in. The screen reloads and asks again for the claim
    as it is now."""


@dataclass(frozen=True, slots=True)
class Seen:
    """A target's state as the reviewer's screen showed it: for a flag the time of its latest
    decision (None while it had none), for a claim its verdict ("unreviewed" while none)."""

    target: str
    decided_at: str | None = None
    target_type: str = "flag"
    verdict: str | None = None
    claim: str | None = None  # the claim a verdict was shown in (store/verdicts.py)


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a step, before it is written."""

    target_type: str
    target: str
    action: str
    decision: str | None = None
    value: str | None = None
    note: str | None = None
    claim: str | None = None  # a verdict's claim (store/verdicts.py)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _insert(
    db: Database, entry: Entry, reviewer: str, op: str, ref: int | None, batch: str | None
) -> int:
    cursor = db.execute(
        "INSERT INTO reviews (target_type, target, action, decision, value, note, op, ref,"
        " batch, reviewer, at, claim) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            entry.target_type, entry.target, entry.action, entry.decision, entry.value,
            entry.note, op, ref, batch, reviewer, now(), entry.claim,
        ],
    )  # fmt: skip
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def record(
    db: Database, reviewer: str, entries: Sequence[Entry], seen: Sequence[Seen] = ()
) -> list[ReviewRow]:
    """Write `entries` as one step of `reviewer`: all or nothing, pushed on their undo stack
    (which empties their redo stack). Rows of a multi-row step share a batch. `seen` flags must
    still be as the reviewer saw them, checked under the write lock (else `StaleDecision`)."""
    if not entries:
        return []
    batch = new_batch() if len(entries) > 1 else None
    with immediate(db):
        check_unchanged(db, reviewer, seen)
        ids = [_insert(db, e, reviewer, "do", None, batch) for e in entries]
        db.execute("DELETE FROM review_steps WHERE reviewer = ? AND state = 'undone'", [reviewer])
        db.execute(
            "INSERT INTO review_steps (reviewer, first_review, batch, state, seq)"
            " VALUES (?, ?, ?, 'done', ?)",
            [reviewer, ids[0], batch, ids[-1]],
        )
        return [get(db, i) for i in ids]


_DECIDED = {"open": "reopened", "accepted": "accepted", "rejected": "rejected"}


def check_unchanged(db: Database, reviewer: str, seen: Sequence[Seen]) -> None:
    """Refuse (`StaleDecision`) a decision made on a flag or claim another reviewer decided after
    the screen showed it. Checked under the write lock, and by a screen before it asks for a
    decision's text, so nobody types a correction that cannot be saved."""
    changed = []
    for s in seen:
        if s.target_type == "flag":
            latest = latest_state(db, s.target_type, s.target, "status")
        elif s.target_type == "entity":  # a merge or split of this spelling, or its undo
            latest = latest_entity_row(db, s.target)
        else:  # the verdict the screen showed in this claim
            latest = verdicts.status_in(db, s.target, s.claim)
        if latest is None or latest.reviewer == reviewer:
            continue
        if s.verdict is not None:  # an undone verdict leaves no decision: shown 'unreviewed'
            moved = (latest.decision or "unreviewed") != s.verdict
        else:
            moved = latest.at != s.decided_at
        if moved:
            changed.append(latest)
    if not changed:
        return
    first = changed[0]
    if first.target_type == "flag":
        did = f"{_DECIDED.get(first.decision or '', first.decision)} flag"
        what = f"{did} {first.target[:_ID_CHARS]}"
    elif first.target_type == "entity":
        did = (
            f"merged “{first.target}” into “{first.value}”"
            if first.action == "merge"
            else (f"kept “{first.target}” apart")
        )
        what = did if first.op == "do" else f"took back a step on “{first.target}”"
    else:
        what = f"marked claim {first.target[:_ID_CHARS]} {first.decision}"
    kind = {"flag": "flags", "entity": "names"}.get(first.target_type, "claims")
    more = f" (and {len(changed) - 1} more of these {kind})" if len(changed) > 1 else ""
    raise StaleDecision(
        f"{first.reviewer} {what} at {first.at[11:16]} UTC, after your screen showed it{more}:"
        " not saved."
    )


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


def latest_entity_row(db: Database, name: str) -> ReviewRow | None:
    """The latest row of a merge or split of spelling `name` (also an undo or redo of one)."""
    rows = list(
        db.query(
            "SELECT * FROM reviews WHERE target_type = 'entity' AND target = ?"
            " AND action IN ('merge', 'split') ORDER BY id DESC LIMIT 1",
            [name],
        )
    )
    return ReviewRow.from_row(rows[0]) if rows else None


def new_batch() -> str:
    return uuid.uuid4().hex


def _top(db: Database, reviewer: str, state: str) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM review_steps WHERE reviewer = ? AND state = ? ORDER BY seq DESC LIMIT 1",
            [reviewer, state],
        )
    )
    return rows[0] if rows else None


def _originals(db: Database, step: dict[str, Any]) -> list[ReviewRow]:
    """The `do` rows of one step, in the order they were written."""
    if step["batch"] is None:
        return [get(db, step["first_review"])]
    rows = db.query(
        "SELECT * FROM reviews WHERE batch = ? AND op = 'do' ORDER BY id", [step["batch"]]
    )
    return [ReviewRow.from_row(r) for r in rows]


def _decided_since(db: Database, original: ReviewRow, since: int, reviewer: str) -> set[str]:
    """Other reviewers whose decision on `original`'s target, made after row `since`, is still
    in force (not undone by them). Notes never conflict: withdrawing one erases nothing else."""
    if original.action == "edit":
        return _edited_since(db, original, since, reviewer)
    if original.action in STATE_ACTIONS:
        actions: tuple[str, ...] = (original.action,)
    elif original.action in ENTITY_ACTIONS:
        actions = ENTITY_ACTIONS
    else:
        return set()
    # a verdict given in one claim conflicts with one that holds in that claim too: given there
    # (under its name then or now), or in every claim
    meets = (
        verdicts.sharing(db, original)
        if original.action == "claim" and original.claim is not None
        else None
    )
    in_force: dict[int, tuple[bool, str]] = {}
    for row in db.query(
        "SELECT id, op, ref, reviewer, claim FROM reviews WHERE target_type = ? AND target = ?"
        f" AND id > ? AND reviewer != ? AND action IN ({', '.join('?' for _ in actions)})"
        " ORDER BY id",
        [original.target_type, original.target, since, reviewer, *actions],
    ):
        if meets is not None and not meets(row["claim"], row["id"]):
            continue
        key = row["id"] if row["op"] == "do" else row["ref"]
        in_force[key] = (row["op"] != "undo", row["reviewer"])
    return {who for live, who in in_force.values() if live}


def _edited_since(db: Database, original: ReviewRow, since: int, reviewer: str) -> set[str]:
    """Other reviewers' claim edits in force, made or redone after row `since`, that taking back
    or redoing `original` would change (store.claim_edits.changed_by): each as "ben's split of
    “…” (05:10 UTC)". An edit in another claim that merely shares a sentence is no conflict."""
    from store.claim_edits import changed_by  # claim_edits records its edits through this module

    in_force: dict[int, tuple[bool, str]] = {}
    for row in db.query(
        "SELECT id, op, ref, reviewer FROM reviews WHERE target_type = 'claim'"
        " AND action = 'edit' AND id > ? AND reviewer != ? ORDER BY id",
        [since, reviewer],
    ):
        key = row["id"] if row["op"] == "do" else row["ref"]
        in_force[key] = (row["op"] != "undo", row["reviewer"])
    later = [i for i, (live, _) in in_force.items() if live]
    if not later:
        return set()
    return {_edit_label(db, get(db, i)) for i in changed_by(db, original.id, later)}


def _edit_label(db: Database, edit: ReviewRow) -> str:
    """Another reviewer's claim edit as a refusal names it: who, what, on which sentence, when."""
    rows = list(db.query("SELECT text FROM sentences WHERE claim_key = ? LIMIT 1", [edit.target]))
    text = f" of “{_short(' '.join(str(rows[0]['text']).split()), 40)}”" if rows else ""
    return f"{edit.reviewer}'s {edit.decision}{text} ({edit.at[11:16]} UTC)"


def _refuse_if_overwritten(
    db: Database, op: str, originals: list[ReviewRow], step: dict[str, Any], reviewer: str
) -> None:
    since = step["seq"]
    conflicts = [
        (o, sorted(who)) for o in originals if (who := _decided_since(db, o, since, reviewer))
    ]
    if not conflicts:
        return
    shown = "; ".join(_conflict(db, o, who) for o, who in conflicts[:_SHOWN_CONFLICTS])
    more = len(conflicts) - _SHOWN_CONFLICTS
    raise UndoConflict(
        f"{op} refused: another reviewer decided since your step ({shown}"
        f"{f'; and {more} more' if more > 0 else ''}); nothing was changed",
        step["id"],
        op,
        originals[0],
    )


def _conflict(db: Database, original: ReviewRow, who: list[str]) -> str:
    """One conflict in a refusal: who decided the target since, or, for a claim edit, which
    other reviewer's later edits it would change (they build on it or act on its sentences)."""
    if original.action == "edit":
        return f"your {original.decision} of {_label(db, original)} would change {'; '.join(who)}"
    by = f"by {', '.join(who)}"
    if original.action == "claim" and original.claim is not None:  # which of its claims
        name = verdicts.Renames(db).now(original.claim, original.id)
        now = verdicts.status_in(db, original.target, str(name))
        shown = f"{_label(db, original)} in {verdicts.short_name(str(name))} {by}"
        return f"{shown}, now {now.decision if now and now.decision else 'unreviewed'}"
    if original.action == "status":  # what it is now: the step's own row says what it was
        now = latest_state(db, original.target_type, original.target, "status")
        return (
            f"{_label(db, original)} {by}, now {now.decision if now and now.decision else 'open'}"
        )
    return f"{_label(db, original)} {by}"


def _short(text: str, keep: int = 24) -> str:
    return text if len(text) <= keep else text[: keep - 1] + "…"


_TEXT_OF = {  # what a reviewer recognises a target by, besides its key
    "flag": "SELECT quote AS text FROM flags WHERE fingerprint = ?",
    "claim": "SELECT text FROM sentences WHERE claim_key = ? LIMIT 1",
}


def _label(db: Database, original: ReviewRow) -> str:
    """A target as a reviewer recognises it: `flag 3f2a… “the quote”`."""
    sql = _TEXT_OF.get(original.target_type)
    # a flag's or claim's id as `corroborator flags` prints it; a name (entity, source) whole
    target = original.target[:_ID_CHARS] if sql else _short(original.target)
    label = f"{original.target_type} {target}"
    rows = list(db.query(sql, [original.target])) if sql else []
    text = " ".join(str(rows[0]["text"]).split()) if rows else ""
    return f"{label} “{_short(text, 40)}”" if text else label


def undo(db: Database, reviewer: str) -> ReviewRow | None:
    """Take back the reviewer's latest step, whole; returns the first row written, None when
    there is nothing to undo. Raises UndoConflict when another reviewer decided since."""

    def undoing(original: ReviewRow) -> Entry:
        if original.action in STATE_ACTIONS:
            if original.action == "claim":  # what the claim it was given in showed before
                before = verdicts.lane_state(db, original.target, original.claim, original.id)
            else:
                before = latest_state(
                    db, original.target_type, original.target, original.action, original.id
                )
            decision, value = (before.decision, before.value) if before else (None, None)
        else:  # notes, merges, splits: undo marks the original as withdrawn
            decision, value = "withdrawn", None
        note = original.note if original.action == "note" else None
        return _entry(original, decision, value, note)

    return _step(db, reviewer, "undo", undoing)


def redo(db: Database, reviewer: str) -> ReviewRow | None:
    """Record again the reviewer's latest undone step; None when there is nothing to redo.
    Raises UndoConflict when another reviewer decided one of its targets since the undo."""
    return _step(db, reviewer, "redo", lambda o: _entry(o, o.decision, o.value, o.note))


def _entry(original: ReviewRow, decision: str | None, value: str | None, note: str | None) -> Entry:
    return Entry(
        original.target_type, original.target, original.action, decision, value, note,
        original.claim,
    )  # fmt: skip


def _step(
    db: Database, reviewer: str, op: str, state: Callable[[ReviewRow], Entry]
) -> ReviewRow | None:
    """Undo or redo the top step of one stack: read, check and write under one write lock."""
    with immediate(db):
        step = _top(db, reviewer, "done" if op == "undo" else "undone")
        if step is None:
            return None
        originals = _originals(db, step)
        _refuse_if_overwritten(db, op, originals, step, reviewer)
        ordered = list(reversed(originals)) if op == "undo" else originals
        batch = new_batch()
        renamed = verdicts.Renames(db)  # a claim renamed since is written under its name now
        ids = [
            _insert(db, replace(state(o), claim=renamed.now(o.claim, o.id)), reviewer, op, o.id,
                    batch)
            for o in ordered
        ]  # fmt: skip
        db.execute(
            "UPDATE review_steps SET state = ?, seq = ? WHERE id = ?",
            ["undone" if op == "undo" else "done", ids[-1], step["id"]],
        )
        return get(db, ids[0])


def skip(db: Database, reviewer: str, op: str, step_id: int) -> bool:
    """Set aside step `step_id` when it is still the top of `reviewer`'s undo (op "undo") or
    redo stack: it leaves the stack, its rows stay in the log as they are. False (and nothing
    changed) when another window of the same reviewer moved that stack since."""
    with immediate(db):
        step = _top(db, reviewer, "done" if op == "undo" else "undone")
        if step is None or step["id"] != step_id:
            return False
        db.execute("UPDATE review_steps SET state = 'skipped' WHERE id = ?", [step_id])
        return True


def withdrawn_ids(db: Database) -> set[int]:
    """Ids of non-state actions (notes, merges, aliases) currently undone."""
    state: dict[int, bool] = {}
    for row in db.query("SELECT op, ref FROM reviews WHERE op != 'do' ORDER BY id"):
        state[row["ref"]] = row["op"] == "undo"
    return {ref for ref, is_undone in state.items() if is_undone}
