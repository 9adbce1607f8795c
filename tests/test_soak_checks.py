"""The soak's log checks (bench/soak_concurrency.py) catch what they count: an undo that
overwrote another reviewer's decision, and one step undone twice."""

from __future__ import annotations

from typing import Any

from bench.soak_concurrency import _overwrites


def row(
    id_: int, target: str, op: str, reviewer: str, ref: int | None = None, action: str = "status"
) -> dict[str, Any]:
    return {"id": id_, "target_type": "flag", "target": target, "action": action, "op": op,
            "ref": ref, "reviewer": reviewer}  # fmt: skip


def test_an_undo_over_another_reviewers_decision_is_counted() -> None:
    log = [row(1, "x", "do", "ana"), row(2, "x", "do", "ben"), row(3, "x", "undo", "ana", 1)]
    assert _overwrites(log) == (1, 0)


def test_an_undo_after_the_other_reviewer_withdrew_is_not() -> None:
    log = [
        row(1, "x", "do", "ana"), row(2, "x", "do", "ben"), row(3, "x", "undo", "ben", 2),
        row(4, "x", "undo", "ana", 1), row(5, "x", "redo", "ana", 1),
    ]  # fmt: skip
    assert _overwrites(log) == (0, 0)


def test_withdrawing_a_note_beside_another_reviewers_note_is_not() -> None:
    log = [
        row(1, "x", "do", "ana", action="note"), row(2, "x", "do", "ben", action="note"),
        row(3, "x", "undo", "ana", 1, action="note"),
    ]  # fmt: skip
    assert _overwrites(log) == (0, 0)


def verdict(id_: int, op: str, reviewer: str, claim: str | None, ref: int | None = None) -> Any:
    return {**row(id_, "k", op, reviewer, ref, action="claim"), "target_type": "claim",
            "claim": claim}  # fmt: skip


def test_verdicts_in_two_claims_of_one_sentence_do_not_meet() -> None:
    """ana's verdict in claim A, ben's in claim B: ana may undo hers; ben's verdict in every
    claim meets ana's lane, so her undo after it is counted."""
    assert _overwrites(
        [verdict(1, "do", "ana", "A"), verdict(2, "do", "ben", "B"),
         verdict(3, "undo", "ana", "A", 1)]
    ) == (0, 0)  # fmt: skip
    assert _overwrites(
        [verdict(1, "do", "ana", "A"), verdict(2, "do", "ben", None),
         verdict(3, "undo", "ana", "A", 1)]
    ) == (1, 0)  # fmt: skip


def test_one_step_undone_twice_is_counted() -> None:
    log = [row(1, "y", "do", "ana"), row(2, "y", "undo", "ana", 1), row(3, "y", "undo", "ana", 1)]
    assert _overwrites(log) == (0, 1)


def test_clusters_left_apart_from_the_replay_of_claim_edits_are_counted(built: Any) -> None:
    from bench.soak_concurrency import _replay_drift
    from store import Store

    with Store.open(built.path) as store:
        (first, *_) = store.clusters()
        members = store.cluster_members(first.id)
        store.edit_claim("remove", [members[1].claim_key], "ana")
    assert _replay_drift(built.path) == 0
    with Store.open(built.path) as store, store.db.conn:  # a rebuild cut short
        store.db.conn.execute("DELETE FROM cluster_members WHERE sentence_id = ?",
                              [members[0].sentence_id])  # fmt: skip
    assert _replay_drift(built.path) == 2  # the claim as it is, and as the replay has it
