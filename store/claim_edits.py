"""Reviewers' edits of claim clusters: remove a sentence, split, merge, add, confirm, reject.

An edit is one review-log row (target_type `claim`, action `edit`, decision the kind, value
`{"keys": [...], "with": [...]}`), keyed by claim keys (article hash + normalised wording), never
by row ids, which re-analysis rebuilds. `keys` are the sentences it acts on; `with` the members
of the claim it acted in. An edit applies only where that claim still exists, so after a
re-analysis an edit whose sentence or claim is gone is kept and marked not applicable, never
dropped and never forced onto an unrelated cluster.

The clusters everyone reads (`clusters`, `cluster_members`) are rebuilt from analysis's own
clusters (snapshotted in `claim_base` the first time an edit touches them) by replaying every edit
in force, in log order, inside the transaction that records, undoes or redoes one. Undoing every
edit therefore restores analysis's clusters exactly, and scores, which read `cluster_members`,
move at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from store import reviews, verdicts
from store.claim_replay import TIER_OF, Claim, Edit, Member, apply_edits, witness_sources
from store.claim_replay import edit_effects as apply_effects
from store.connection import IN_CHUNK, StoreError, chunked, immediate, placeholders
from store.rows import ReviewRow

EDIT_KINDS = ("remove", "split", "merge", "add", "confirm", "reject")


# ---- rebuilding the clusters ---------------------------------------------------------------


def _edit_rows(db: Database) -> tuple[list[dict[str, Any]], set[int]]:
    """Every edit ever recorded (oldest first) and the ids of those now undone."""
    rows = list(
        db.query(
            "SELECT id, decision, value, reviewer FROM reviews WHERE target_type = 'claim'"
            " AND action = 'edit' AND op = 'do' ORDER BY id"
        )
    )
    undone: dict[int, bool] = {}
    for r in db.query(
        "SELECT op, ref FROM reviews WHERE target_type = 'claim' AND action = 'edit'"
        " AND op != 'do' ORDER BY id"
    ):
        undone[r["ref"]] = r["op"] == "undo"
    return rows, {ref for ref, is_undone in undone.items() if is_undone}


def edits_in_force(db: Database) -> list[Edit]:
    """The edits not undone, oldest first: what analysis replays over its own clusters before
    the contradiction and comparison stages (the same replay `materialise` runs at write time)."""
    rows, undone = _edit_rows(db)
    return [_edit(r) for r in rows if r["id"] not in undone]


def _edit(row: dict[str, Any]) -> Edit:
    keys, with_ = edit_refs(row["value"])
    return Edit(row["id"], row["decision"], row["reviewer"], keys, with_)


def edit_refs(value: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The (keys, with) of an edit row's value."""
    data = json.loads(value or "{}")
    return tuple(data.get("keys", ())), tuple(data.get("with", ()))


def _sentences(db: Database, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in chunked(dict.fromkeys(keys)):
        for r in db.query(
            "SELECT s.id, s.claim_key, s.text, s.article_id, cm.cluster_id FROM sentences s"
            f" LEFT JOIN cluster_members cm ON cm.sentence_id = s.id"
            f" WHERE s.claim_key IN ({placeholders(chunk)}) ORDER BY s.id",
            chunk,
        ):
            out.setdefault(r["claim_key"], []).append(r)
    return out


def _ids(db: Database, table: str) -> set[int]:
    return {r["cluster_id"] for r in db.query(f"SELECT cluster_id FROM {table}")}


def _snapshot(db: Database, cluster_ids: Iterable[int]) -> None:
    """Keep analysis's version of clusters an edit is about to touch for the first time."""
    for chunk in chunked(cluster_ids):
        db.execute(
            "INSERT OR IGNORE INTO claim_base (cluster_id, label, key)"
            f" SELECT id, label, key FROM clusters WHERE id IN ({placeholders(chunk)})",
            chunk,
        )
        db.execute(
            "INSERT OR IGNORE INTO claim_base_members"
            " (cluster_id, sentence_id, similarity, tier, copy_of, unit, unit_at)"
            " SELECT cluster_id, sentence_id, similarity, tier, copy_of, unit, unit_at"
            " FROM cluster_members"
            f" WHERE cluster_id IN ({placeholders(chunk)})",
            chunk,
        )


def _base_claims(db: Database) -> list[Claim]:
    claims: dict[int, Claim] = {
        r["cluster_id"]: Claim(r["cluster_id"], r["label"], r["key"])
        for r in db.query("SELECT * FROM claim_base ORDER BY cluster_id")
    }
    for r in db.query(
        "SELECT b.*, s.claim_key, s.text FROM claim_base_members b"
        " JOIN sentences s ON s.id = b.sentence_id ORDER BY b.cluster_id, b.sentence_id"
    ):
        claims[r["cluster_id"]].members.append(
            Member(r["sentence_id"], r["claim_key"], r["text"], r["similarity"], r["tier"],
                   r["copy_of"], unit=r["unit"], unit_at=r["unit_at"])
        )  # fmt: skip
    return list(claims.values())


def _replay_inputs(
    db: Database, edits: Sequence[Edit], snapshot: set[int] | None = None
) -> tuple[list[Claim], dict[str, list[Member]]]:
    """Analysis's clusters the edits touch and the sentences in no claim they name. With
    `snapshot` (the clusters kept already), clusters touched for the first time are kept first."""
    found = _sentences(db, (k for e in edits for k in (*e.keys, *e.with_)))
    if snapshot is not None:
        touched = {s["cluster_id"] for ss in found.values() for s in ss if s["cluster_id"]}
        _snapshot(db, sorted(touched - snapshot))
    base = _base_claims(db)
    in_base = {m.claim_key for c in base for m in c.members}
    loose = {
        key: [Member(s["id"], key, s["text"], 0.0, "same_claim") for s in ss]
        for key, ss in found.items()
        if key not in in_base
    }
    return base, loose


def last_step(db: Database) -> int:
    """The id of the latest claim edit, undo or redo recorded (0 before any): a write that reads
    it twice learns whether one landed in between."""
    row = db.execute(
        "SELECT max(id) FROM reviews WHERE target_type = 'claim' AND action = 'edit'"
    ).fetchone()
    return int(row[0] or 0)


def changed_by(db: Database, review_id: int, others: Iterable[int]) -> set[int]:
    """Those of edits `others` (in force) whose effect depends on edit `review_id`: replayed with
    it and without it, one of them applies in one replay only, or moves other sentences or to
    other claims. Undoing or redoing `review_id` would change what they did; other edits, e.g.
    one in another claim that shares a sentence with its claim, are left as they were."""
    rows, undone = _edit_rows(db)
    edits = [_edit(r) for r in rows]
    live = [e for e in edits if e.review_id not in undone or e.review_id == review_id]
    base, loose = _replay_inputs(db, live)
    with_it = apply_effects(base, live, loose)
    without = apply_effects(base, [e for e in live if e.review_id != review_id], loose)
    return {i for i in others if with_it.get(i) != without.get(i)}


def materialise(db: Database, *, renames: bool = True) -> None:
    """Rebuild every cluster an edit touches from analysis's version plus the edits in force,
    and record which edits apply. Call inside a write transaction. With `renames`, a claim the
    rebuild renamed (its naming sentence left it) is recorded as renamed, so the verdicts given
    under its old name stay with it (store/verdicts.Renames); not after an analysis, whose
    clusters before the edits were never shown under their names."""
    rows, undone = _edit_rows(db)
    base_ids, made = _ids(db, "claim_base"), _ids(db, "claim_edited")
    if not rows and not base_ids and not made:
        return
    edits = [_edit(r) for r in rows]
    base, loose = _replay_inputs(db, edits, snapshot=base_ids | made)
    live = [e for e in edits if e.review_id not in undone]
    claims, outcome = apply_edits(base, live, loose)
    replaced = made | {c.ident for c in base if isinstance(c.ident, int)}
    before = verdicts.names_of(db, replaced) if renames else {}
    _write(db, claims, replaced)
    verdicts.record_renames(db, verdicts.edit_renames(db, before))
    db.execute("DELETE FROM claim_edit_state")
    db.table("claim_edit_state").insert_all(
        (
            {"review_id": e.review_id, "applied": int(e.review_id not in undone and
                                                      outcome.get(e.review_id) is None),
             "reason": "undone" if e.review_id in undone else outcome.get(e.review_id)}
            for e in edits
        ),
        batch_size=IN_CHUNK,
    )  # fmt: skip


def _write(db: Database, claims: list[Claim], replaced: set[int]) -> None:
    """Replace the rows of the edited clusters (`replaced`) with `claims`. A claim a split made
    gets an id above every analysis cluster's, so restoring one never finds its id taken; the
    splits are numbered in the order they were made, so a claim keeps its number through other
    edits (`claim show`, the Claims screen's title)."""
    made = _ids(db, "claim_edited")
    for chunk in chunked(sorted(replaced)):
        db.execute(
            f"DELETE FROM cluster_members WHERE cluster_id IN ({placeholders(chunk)})", chunk
        )
        db.execute(f"DELETE FROM clusters WHERE id IN ({placeholders(chunk)})", chunk)
    db.execute("DELETE FROM claim_edited")
    ids = [m.sentence_id for c in claims for m in c.members]
    facts: dict[int, dict[str, Any]] = {}
    for chunk in chunked(ids):
        for r in db.query(
            "SELECT s.id, s.article_id, src.name AS source FROM sentences s"
            " JOIN articles a ON a.id = s.article_id JOIN sources src ON src.id = a.source_id"
            f" WHERE s.id IN ({placeholders(chunk)})",
            chunk,
        ):
            facts[r["id"]] = r
    next_id = 1 + max(
        [*(replaced - made), *(r["n"] or 0 for r in db.query("SELECT max(id) AS n FROM clusters"))]
    )
    for claim in sorted(claims, key=_split_order):
        if isinstance(claim.ident, int):
            cluster_id = claim.ident
        else:
            cluster_id, next_id = next_id, next_id + 1
            db.execute("INSERT INTO claim_edited (cluster_id) VALUES (?)", [cluster_id])
        members = [
            {**facts[m.sentence_id], "tier": m.tier, "copy_of": m.copy_of} for m in claim.members
        ]
        db.execute(
            "INSERT INTO clusters (id, label, size, n_sources, key) VALUES (?, ?, ?, ?, ?)",
            [cluster_id, claim.label, len(claim.members), witness_sources(members), claim.key],
        )
        db.table("cluster_members").insert_all(
            (
                {"cluster_id": cluster_id, "sentence_id": m.sentence_id,
                 "similarity": m.similarity, "tier": m.tier, "copy_of": m.copy_of,
                 "edit": m.edit, "edited_by": m.edited_by, "unit": m.unit,
                 "unit_at": m.unit_at}
                for m in claim.members
            ),
            ignore=True,
        )  # fmt: skip


def _split_order(claim: Claim) -> tuple[int, int]:
    """Analysis's claims first, then those splits made, oldest split first (`split:<review>`)."""
    if isinstance(claim.ident, int):
        return 0, claim.ident
    return 1, int(str(claim.ident).removeprefix("split:"))


# ---- recording an edit -------------------------------------------------------------------------


class ClaimChanged(StoreError):
    """An edit refused because the claim it names no longer holds its sentence (another edit or
    an analysis moved it since the reviewer read it): the screen may ask again for the claim as
    it is now."""


def _holding(
    db: Database, key: str, within: int | None = None
) -> tuple[int, list[dict[str, Any]]] | None:
    """The cluster holding sentence `key` and its members (key, tier), or None. A sentence may
    sit in several claims through its claim units: `within` is the cluster the reviewer is
    looking at. When it no longer holds the sentence (another reviewer's edit or an analysis
    changed it since the reviewer read it), the edit is refused rather than made in another
    claim of the sentence, which the reviewer never saw."""
    found = [
        r["cluster_id"]
        for r in db.query(
            "SELECT DISTINCT cm.cluster_id FROM cluster_members cm JOIN sentences s"
            " ON s.id = cm.sentence_id WHERE s.claim_key = ? ORDER BY cm.cluster_id",
            [key],
        )
    ]
    if not found:
        return None
    if within is not None and within not in found:
        raise ClaimChanged(
            f"sentence {key[:12]} is no longer in the claim you are looking at (another edit"
            " or an analysis changed it since): look at the claim again"
        )
    cluster_id = within if within is not None else found[0]
    members = list(
        db.query(
            "SELECT DISTINCT s.claim_key, cm.tier FROM cluster_members cm JOIN sentences s"
            " ON s.id = cm.sentence_id WHERE cm.cluster_id = ? ORDER BY cm.sentence_id",
            [cluster_id],
        )
    )
    return cluster_id, members


def _need_claim(
    db: Database, key: str, within: int | None = None
) -> tuple[int, list[dict[str, Any]]]:
    held = _holding(db, key, within)
    if held is None:
        if not list(db.query("SELECT 1 FROM sentences WHERE claim_key = ? LIMIT 1", [key])):
            raise StoreError(f"no sentence with claim id {key[:12]}")
        raise ClaimChanged(f"sentence {key[:12]} is in no claim")
    return held


def _plan(
    db: Database,
    kind: str,
    keys: list[str],
    target: str | None,
    within: int | None = None,
    merging: int | None = None,
) -> tuple[list[str], list[str]]:
    """(keys, with) for one edit, after checking it makes sense on the clusters as they are.
    `merging`: for a merge, the cluster of `keys[0]` merged in (its sentences may all sit in
    other claims too, so the sentence alone does not say which claim is meant)."""
    if kind not in EDIT_KINDS:
        raise StoreError(f"unknown claim edit {kind!r}; use one of {', '.join(EDIT_KINDS)}")
    if not keys:
        raise StoreError("no sentence given")
    keys = list(dict.fromkeys(keys))
    if kind in ("remove", "confirm", "reject"):
        if len(keys) != 1:
            raise StoreError(f"{kind} takes one sentence")
        _, members = _need_claim(db, keys[0], within)
        others = [m["claim_key"] for m in members if m["claim_key"] != keys[0]]
        tier = next(m["tier"] for m in members if m["claim_key"] == keys[0])
        if kind == "remove" and not others:
            raise StoreError("the sentence is the only one of its claim: nothing to remove it from")
        if kind != "remove" and tier == TIER_OF[kind]:
            what = "counts as the same claim" if kind == "confirm" else "is only related"
            raise StoreError(f"the sentence already {what}")
        return keys, others
    if kind == "split":
        _, members = _need_claim(db, keys[0], within)
        inside = {m["claim_key"] for m in members}
        if any(k not in inside for k in keys):
            raise StoreError("the sentences to split off must all be in one claim")
        stay = [m["claim_key"] for m in members if m["claim_key"] not in keys]
        if not stay:
            raise StoreError("a split must leave at least one sentence in the claim")
        return keys, stay
    if target is None:
        where = "merge into" if kind == "merge" else "add to"
        raise StoreError(f"{kind} needs a sentence of the claim to {where}")
    target_id, target_members = _need_claim(db, target, within)
    into = [m["claim_key"] for m in target_members]
    if kind == "merge":
        if len(keys) != 1:
            raise StoreError("merge takes one sentence of the claim to merge in")
        other_id, members = _need_claim(db, keys[0], merging)
        if other_id == target_id:
            raise StoreError("both sentences are in the same claim already")
        return [m["claim_key"] for m in members], into
    if len(keys) != 1:  # add
        raise StoreError("add takes one sentence")
    if not list(db.query("SELECT 1 FROM sentences WHERE claim_key = ? LIMIT 1", keys)):
        raise StoreError(f"no sentence with claim id {keys[0][:12]}")
    if any(m["claim_key"] == keys[0] and m["tier"] == "same_claim" for m in target_members):
        raise StoreError("the sentence is in this claim already")
    return keys, into


def edit(
    db: Database,
    reviewer: str,
    kind: str,
    keys: Sequence[str],
    target: str | None = None,
    within: int | None = None,
    merging: int | None = None,
) -> ReviewRow:
    """Record one edit as one undoable step and rebuild the clusters it touches, all in one
    write transaction. `target` is a sentence of the claim to merge into or add to; `within`
    the cluster the edit is made in (a sentence may sit in several claims through its units);
    `merging` the cluster a merge takes in."""
    with immediate(db):
        keys_, with_ = _plan(db, kind, list(keys), target, within, merging)
        value = json.dumps({"keys": keys_, "with": with_})
        entry = reviews.Entry("claim", keys_[0], "edit", decision=kind, value=value)
        (row,) = reviews.record(db, reviewer, [entry])
        materialise(db)
        return row


LIST_SQL = """
SELECT r.id AS review_id, r.decision AS kind, r.reviewer, r.at, r.target AS claim_key, r.value,
       (SELECT s.text FROM sentences s WHERE s.claim_key = r.target LIMIT 1) AS text,
       COALESCE(st.applied, 0) AS applied, st.reason
FROM reviews r LEFT JOIN claim_edit_state st ON st.review_id = r.id
WHERE r.target_type = 'claim' AND r.action = 'edit' AND r.op = 'do'
ORDER BY r.id
"""
