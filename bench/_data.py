"""Where the evaluation-only data sets live, and a clear error when they are not there.

The data sets under ../shared/bench-data are read at run time and never copied into the package
(several are non-commercial or research-only; see their PROVENANCE.md).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "CORROBORATOR_BENCH_DATA"


class BenchDataMissing(FileNotFoundError):
    """A benchmark's data set is not beside the project."""


def bench_data_root() -> Path:
    """`$CORROBORATOR_BENCH_DATA`, else ../shared/bench-data beside the project."""
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else ROOT.parent / "shared" / "bench-data"


def bench_dir(name: str) -> Path:
    """The directory of one data set, or BenchDataMissing saying where it was looked for."""
    path = bench_data_root() / name
    if not path.is_dir():
        raise BenchDataMissing(
            f"benchmark data {name!r} not found at {path}; put ../shared/bench-data beside the "
            f"project or set ${ENV_VAR}"
        )
    return path


def bench_file(name: str, *parts: str) -> Path:
    """One file of a data set, or BenchDataMissing naming the missing path."""
    path = bench_dir(name).joinpath(*parts)
    if not path.exists():
        raise BenchDataMissing(f"benchmark file missing: {path}")
    return path


def detokenise(text: str) -> str:
    """Undo ECB+'s tokenisation: "90 - day" → "90-day", "do n't" → "don't", quotes closed up."""
    t = text.replace("``", '"').replace("''", '"')
    t = re.sub(r"(\w) - (?=\w)", r"\1-", t)
    t = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", t)
    t = re.sub(r"\s+([,.;:!?%)\]])", r"\1", t)
    t = re.sub(r"([(\[$])\s+", r"\1", t)
    parts = t.split('"')
    for i in range(1, len(parts), 2):  # inside each quote pair
        parts[i] = parts[i].strip()
    t = '"'.join(parts)
    return re.sub(r"\s{2,}", " ", t).strip()
