"""Benchmark tasks: each module has `run(...) -> list[dict]` rows.

Row keys: task, data, metric, ours, baseline, split, note.
"""

from __future__ import annotations


def result_row(
    task: str,
    data: str,
    metric: str,
    ours: float | None,
    baseline: float | None,
    split: str,
    note: str,
) -> dict[str, object]:
    """One row of the quality table, numbers rounded to four places."""
    return {
        "task": task,
        "data": data,
        "metric": metric,
        "ours": None if ours is None else round(ours, 4),
        "baseline": None if baseline is None else round(baseline, 4),
        "split": split,
        "note": note,
    }
