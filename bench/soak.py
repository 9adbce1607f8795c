"""Soak (issue 10): every reliability sweep in one run, by hand, minutes not seconds.

Two halves, each also runnable alone:

- `bench.soak_concurrency`: scripted reviewers deciding, undoing and redoing on one database
  beside an import and an analysis, with kill -9 of reviewers; counts lost decisions, "locked"
  errors, undos over another reviewer's decision, double undos, integrity.
- `bench.soak_inputs`: hostile-text timing (10 kB vs 100 kB per detector), the bad-input import
  sweep, kill -9 of `analyze` and orphaned workers.

Run: `nice .venv/bin/python -m bench.soak` (add `--quick` for a short smoke run). Each half
writes its own `bench/results/soak_*.json`; the exit code is non-zero when either half found a
broken promise.
"""

from __future__ import annotations

import argparse
import sys

from bench import soak_concurrency, soak_inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run of both halves")
    parser.add_argument(
        "--only", default="concurrency,inputs", help="comma-separated: concurrency, inputs"
    )
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = parts - {"concurrency", "inputs"}
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    status = 0
    if "concurrency" in parts:
        quick = ["--reviewers", "2", "--seconds", "20", "--kills", "3", "--import-files", "20"]
        quick += ["--latency-rows", "1000,20000"]
        status |= soak_concurrency.main(quick if args.quick else [])
    if "inputs" in parts:
        status |= soak_inputs.main(["--quick"] if args.quick else [])
    return status


if __name__ == "__main__":
    sys.exit(main())
