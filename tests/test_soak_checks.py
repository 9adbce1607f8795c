"""The soak's log checks (bench/soak_concurrency.py) catch what they count: an undo that
overwrote another reviewer's decision, and one step undone twice."""

from __future__ import annotations

from typing import Any

from bench.soak_concurrency import _overwrites


def row(id_: int, target: str, op: str, reviewer: str, ref: int | None = None) -> dict[str, Any]:
    return {"id": id_, "target_type": "flag", "target": target, "action": "status", "op": op,
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


def test_one_step_undone_twice_is_counted() -> None:
    log = [row(1, "y", "do", "ana"), row(2, "y", "undo", "ana", 1), row(3, "y", "undo", "ana", 1)]
    assert _overwrites(log) == (0, 1)
