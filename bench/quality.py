"""Every quality benchmark in one run: one table on screen, the same rows in results/quality.json.

Tasks: alignment (ECB+), pairs (MSRP, SemEval STS), contradiction (RTE-3), names (WMT23 MQM name
errors, Wikidata names, BBC), claims (QAGS), native controls (BBC articles; ECB+ same-story
clusters). A task whose data set is not beside the project is skipped with one line saying which;
a task that fails is reported and the others still run.

Run: `.venv/bin/python -m bench.quality [--quick] [--only names,claims]`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._data import ROOT, BenchDataMissing

TASKS = (
    "alignment", "pairs", "contradiction", "names", "claims", "native", "ecb_control",
    "mqm_spans",
)  # fmt: skip
QUICK_CLUSTERS = 6  # ECB+ clusters in --quick (half train, half test)
COLUMNS = (("task", 13), ("data", 46), ("metric", 58), ("ours", 9), ("baseline", 9), ("split", 30))
RESULTS = ROOT / "bench" / "results" / "quality.json"


def _runner(task: str, quick: bool) -> Callable[[], list[dict[str, Any]]]:
    module = importlib.import_module(f"bench.tasks.{task}")
    if task == "alignment":
        return lambda: module.run(QUICK_CLUSTERS if quick else None)
    if task in ("names", "claims", "native", "ecb_control", "mqm_spans"):
        return lambda: module.run(quick)
    return module.run


def run_tasks(tasks: tuple[str, ...], quick: bool) -> dict[str, Any]:
    """Run each task; collect rows, skipped data sets, failures and seconds per task."""
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    failed: list[dict[str, str]] = []
    seconds: dict[str, float] = {}
    for task in tasks:
        started = time.perf_counter()
        print(f"... {task}", file=sys.stderr, flush=True)
        try:
            rows.extend(_runner(task, quick)())
        except BenchDataMissing as exc:
            skipped.append({"task": task, "reason": str(exc)})
        except Exception as exc:  # one broken task must not hide the others' numbers
            failed.append(
                {
                    "task": task,
                    "error": f"{type(exc).__name__}: {exc}",
                    "traceback": traceback.format_exc(),
                }
            )
        seconds[task] = round(time.perf_counter() - started, 1)
    return {"rows": rows, "skipped": skipped, "failed": failed, "seconds": seconds}


def _cell(value: Any, width: int) -> str:
    if value is None:
        text = "-"
    elif isinstance(value, float):
        text = f"{value:.4g}" if abs(value) >= 1000 else f"{value:.3f}"
    else:
        text = " ".join(str(value).split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def format_table(rows: list[dict[str, Any]]) -> str:
    """One plain-text table of the rows (long cells cut; the JSON keeps them whole)."""
    head = " ".join(_cell(name, width) for name, width in COLUMNS)
    lines = [head, "-" * len(head)]
    for row in rows:
        lines.append(" ".join(_cell(row.get(name), width) for name, width in COLUMNS).rstrip())
    return "\n".join(lines)


def status_lines(result: dict[str, Any]) -> list[str]:
    out = [f"{s['task']}: skipped: {s['reason']}" for s in result["skipped"]]
    out += [f"{f['task']}: FAILED: {f['error']}" for f in result["failed"]]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small samples, for a fast look")
    parser.add_argument("--only", help=f"comma-separated subset of {', '.join(TASKS)}")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    tasks = tuple(t.strip() for t in args.only.split(",")) if args.only else TASKS
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        parser.error(f"unknown task(s): {', '.join(unknown)}")
    started = time.perf_counter()
    result = run_tasks(tasks, args.quick)
    print(format_table(result["rows"]))
    for line in status_lines(result):
        print(line)
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            [".venv/bin/python", "-m", "bench.quality", *(sys.argv[1:] if argv is None else argv)]
        ),
        "quick": args.quick,
        "total_seconds": round(time.perf_counter() - started, 1),
        **result,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {args.out}")
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
