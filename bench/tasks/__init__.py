"""Benchmark tasks: each module has `run(...) -> list[dict]` rows.

Row keys: task, data, metric, ours, baseline, split, note.
"""
