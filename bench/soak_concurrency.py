"""Soak: scripted reviewers, an import and kill -9 on one database; counts what must stay zero.

N reviewer processes decide, bulk-decide, annotate, edit claims, undo and redo for T seconds on
one database (the demo, analysed), while another process imports 200 files and analyses them,
and K times a reviewer is killed with SIGKILL and restarted under the same name. Every reviewer
keeps a ledger of what the store told it was committed. Afterwards the log is checked:

- lost: a ledger row missing from the database, or different there;
- foreign undos: an undo/redo row that overwrote another reviewer's decision still in force
  (flag statuses, verdicts, entity merges; a claim edit's conflicts are by effect, which the
  store decides by replaying the edits, `store.claim_edits.changed_by`, tested on its own);
- double undos: one step undone (or redone) twice in a row;
- replay drift: clusters that differ from a fresh replay of the claim edits in force;
- "locked" errors seen by a reviewer or the import, and PRAGMA integrity_check.

Then undo/redo latency is timed on logs of 1,000 and 200,000 rows. Run by hand (minutes):
`nice .venv/bin/python -m bench.soak_concurrency --reviewers 4 --seconds 120`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._data import ROOT, BenchDataMissing, bench_dir

RESULTS = ROOT / "bench" / "results" / "soak_concurrency.json"
STATUSES = ("accepted", "rejected", "open")
# weights: undo is the risky path; claim edits rebuild clusters inside the step's transaction
OPS = ("decide", "decide", "bulk", "undo", "undo", "redo", "note", "edit", "edit", "verdict")
EDITS = ("remove", "confirm", "reject", "split", "merge")
VERDICTS = ("corroborated", "disputed", "false", "unverifiable")


def _reviewer(db: str, name: str, seconds: float, seed: int, ledger: str) -> None:
    """One scripted reviewer: random steps until the deadline; each committed one is written to
    `ledger` (one JSON line, flushed) right after the store returned it."""
    from store import Store, StoreError
    from store.reviews import UndoConflict

    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    with Store.open(db) as store, open(ledger, "a", encoding="utf-8") as out:
        flags = [f.fingerprint for f in store.flags()]
        while time.monotonic() < deadline:
            op = rng.choice(OPS)
            started = time.monotonic()
            entry: dict[str, Any] = {"op": op}
            try:
                if op == "decide":
                    rows = [store.set_flag_status(rng.choice(flags), rng.choice(STATUSES), name)]
                elif op == "bulk":
                    picked = rng.sample(flags, k=min(len(flags), rng.randint(2, 5)))
                    rows = store.set_flag_statuses(picked, rng.choice(STATUSES), name)
                elif op == "note":
                    rows = [_note(store, rng, flags, name)]
                elif op == "edit":
                    rows = [_claim_edit(store, rng, name)]
                elif op == "verdict":
                    rows = _verdict(store, rng, name)
                else:
                    row = store.undo(name) if op == "undo" else store.redo(name)
                    rows = [row] if row is not None else []
                entry["rows"] = [
                    [r.id, r.target, r.op, r.decision, r.reviewer] for r in rows
                ]  # fmt: skip
            except UndoConflict:
                entry["refused"] = True
            except StoreError as exc:
                if "locked" in str(exc) or op != "edit":
                    entry["error"] = str(exc)
                    entry["locked"] = "locked" in str(exc)
                else:  # an edit that makes no sense on the clusters as they are now
                    entry["declined"] = str(exc)
            entry["ms"] = round((time.monotonic() - started) * 1000, 2)
            out.write(json.dumps(entry) + "\n")
            out.flush()
            time.sleep(rng.uniform(0.0, 0.02))


def _note(store: Any, rng: random.Random, flags: list[str], name: str) -> Any:
    """A note on a flag, a sentence or a whole claim."""
    clusters = store.clusters(limit=200)
    kind = rng.choice(("flag", "claim", "cluster"))
    if kind == "flag" or not clusters:
        return store.add_note("flag", rng.choice(flags), f"soak note by {name}", name)
    cluster = rng.choice(clusters)
    if kind == "cluster":
        return store.add_note("cluster", cluster.key, f"soak note by {name}", name)
    member = rng.choice(store.cluster_members(cluster.id))
    return store.add_note("claim", member.claim_key, f"soak note by {name}", name)


def _verdict(store: Any, rng: random.Random, name: str) -> list[Any]:
    """A verdict on a random claim's sentence, given in that claim (`reviews.claim`), with a
    note half the time (which then belongs to that claim too)."""
    cluster = rng.choice(store.clusters(limit=200))
    member = rng.choice(store.cluster_members(cluster.id))
    note = f"soak verdict note by {name}" if rng.random() < 0.5 else None
    claim = store.cluster_name(cluster.id)
    return list(
        store.record_verdicts([member.claim_key], rng.choice(VERDICTS), name, note=note,
                              claim=claim)
    )  # fmt: skip


def _claim_edit(store: Any, rng: random.Random, name: str) -> Any:
    """One random claim edit of a random cluster's sentence (the store declines those that make
    no sense on the clusters as they are, e.g. removing a claim's only sentence)."""
    clusters = [c for c in store.clusters(limit=200) if c.size > 1] or store.clusters(limit=200)
    cluster = rng.choice(clusters)
    member = rng.choice(store.cluster_members(cluster.id))
    kind = rng.choice(EDITS)
    if kind == "merge":
        other = rng.choice(store.clusters(limit=200))
        anchor = store.cluster_members(other.id)[0].claim_key
        return store.edit_claim("merge", [member.claim_key], name, target=anchor)
    return store.edit_claim(kind, [member.claim_key], name)


def _replay_drift(db: Path) -> int:
    """Clusters whose membership differs from a fresh replay of every edit in force over
    analysis's clusters (a killed step must never leave clusters half rebuilt). Read-only: the
    replay runs in a transaction that is rolled back."""
    from store import Store
    from store.claim_edits import materialise

    def members(store: Any) -> set[frozenset[str]]:
        return {frozenset(m.claim_key for m in ms) for ms in store.all_cluster_members().values()}

    with Store.open(db) as store:
        before = members(store)
        conn = store.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            materialise(store.db)
            after = members(store)
        finally:
            conn.rollback()
    return len(before ^ after)


def _spawn(ctx: Any, db: Path, name: str, seconds: float, seed: int, ledger: Path) -> Any:
    proc = ctx.Process(target=_reviewer, args=(str(db), name, seconds, seed, str(ledger)))
    proc.start()
    return proc


def _import_files(folder: Path, count: int) -> str:
    """`count` article files to import beside the reviewers: BBC articles when the bench data is
    there, else generated text (each file distinct)."""
    try:
        source = sorted(bench_dir("bbc-news-2225").rglob("*.txt"))
    except BenchDataMissing:
        source = []
    source = [p for p in source if p.name.upper() != "README.TXT"][:count]
    for i in range(count):
        if i < len(source):
            shutil.copyfile(source[i], folder / f"{i:03d}_{source[i].name}")
        else:
            words = " ".join(f"word{(i * 7 + k) % 997}" for k in range(200))
            (folder / f"{i:03d}_generated.txt").write_text(f"Story {i}\n\n{words}.\n")
    return "bbc-news-2225" if source else "generated"


def _side_job(db: Path, folder: Path, log: Path) -> subprocess.Popen[str]:
    """Import the folder, then analyse: two CLI commands, output kept for the report."""
    cli = str(Path(sys.executable).with_name("corroborator"))
    script = (
        f'{cli} import {folder} --db {db}; echo "import exit $?";'
        f' {cli} analyze --db {db}; echo "analyze exit $?"'
    )
    handle = log.open("w", encoding="utf-8")
    return subprocess.Popen(
        ["sh", "-c", script], stdout=handle, stderr=subprocess.STDOUT, text=True
    )


def _check_log(db: Path, ledgers: list[Path]) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {r["id"]: r for r in conn.execute("SELECT * FROM reviews ORDER BY id")}
    ops: dict[str, int] = {}
    lost, refused, declined, locked, errors, waits = 0, 0, 0, 0, [], []
    for ledger in ledgers:
        for line in ledger.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:  # the last line of a killed reviewer
                continue
            ops[entry["op"]] = ops.get(entry["op"], 0) + 1
            waits.append(entry["ms"])
            refused += bool(entry.get("refused"))
            declined += "declined" in entry
            if "error" in entry:
                locked += bool(entry.get("locked"))
                errors.append(entry["error"])
            for rid, target, op, decision, reviewer in entry.get("rows", []):
                got = rows.get(rid)
                if got is None or [got["target"], got["op"], got["decision"], got["reviewer"]] != [
                    target, op, decision, reviewer
                ]:  # fmt: skip
                    lost += 1
    foreign, double = _overwrites(list(rows.values()))
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return {
        "ops": ops,
        "log_rows": len(rows),
        "lost": lost,
        "refused_conflicts": refused,
        "declined_edits": declined,
        "locked_errors": locked,
        "other_errors": sorted(set(e for e in errors if "locked" not in e))[:5],
        "foreign_undos": foreign,
        "double_undos": double,
        "integrity_check": integrity,
        "step_ms": _spread(waits),
    }


def _overwrites(log: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
    """(undo/redo rows that replaced another reviewer's decision in force, steps undone or
    redone twice in a row) by replaying the log. A verdict's lane is its claim
    (store/verdicts.py): one given in every claim (no claim) meets each lane, two given in two
    claims do not (a claim renamed by an edit or analysis is not followed here)."""
    latest: dict[tuple[str, str, str], dict[str | None, Mapping[str, Any]]] = {}
    last_op: dict[int, str] = {}
    foreign = double = 0
    for row in log:
        key = (row["target_type"], row["target"], row["action"])
        if row["action"] == "note":  # notes add up: withdrawing one erases no other
            continue
        # a claim edit conflicts with another reviewer's later one by effect, not by sharing its
        # first sentence (store.claim_edits.changed_by): the replay check below covers edits
        if row["action"] == "edit":
            continue
        lane = row["claim"] if row["action"] == "claim" else None
        lanes = latest.setdefault(key, {})
        if row["op"] != "do":
            met = [r for k, r in lanes.items() if lane is None or k is None or k == lane]
            before = max(met, key=lambda r: r["id"], default=None)
            if (
                before is not None
                and before["reviewer"] != row["reviewer"]
                and before["op"] in ("do", "redo")
            ):
                foreign += 1
            double += last_op.get(row["ref"], "redo" if row["op"] == "undo" else "") == row["op"]
            last_op[row["ref"]] = row["op"]
        lanes[lane] = row
    return foreign, double


def _spread(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max": round(ordered[-1], 2),
    }


def undo_latency(db: Path, log_rows: int, repeats: int = 30) -> dict[str, Any]:
    """Median and p95 of one undo and one redo after `log_rows` rows from 50 reviewers."""
    from store import Store

    with Store.open(db) as store:
        flags = [f.fingerprint for f in store.flags()]
        with store.db.conn:
            store.db.conn.executemany(
                "INSERT INTO reviews (target_type, target, action, decision, reviewer, at)"
                " VALUES ('flag', ?, 'status', 'accepted', ?, 'then')",
                ((flags[i % len(flags)], f"bulk{i % 50}") for i in range(log_rows)),
            )
            store.db.conn.execute(
                "INSERT INTO review_steps (reviewer, first_review, batch, state, seq)"
                " SELECT reviewer, id, NULL, 'done', id FROM reviews WHERE reviewer LIKE 'bulk%'"
            )
        undo, redo = [], []
        for i in range(repeats):
            store.set_flag_status(flags[i % len(flags)], "accepted", "timer")
            started = time.perf_counter()
            if store.undo("timer") is None:
                raise RuntimeError("the timed undo found nothing to undo")
            undo.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            store.redo("timer")
            redo.append((time.perf_counter() - started) * 1000)
        total = store.counts().reviews
    return {"log_rows": total, "undo_ms": _spread(undo), "redo_ms": _spread(redo)}


def soak(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from analysis.demo import prepare_demo

    db = prepare_demo(work / "soak.db")
    folder = work / "import"
    folder.mkdir()
    imported_from = _import_files(folder, args.import_files)
    ctx = mp.get_context("spawn")
    rng = random.Random(args.seed)
    names = [f"reviewer{i + 1}" for i in range(args.reviewers)]
    ledgers = {n: work / f"{n}.jsonl" for n in names}
    started = time.monotonic()
    procs = {n: _spawn(ctx, db, n, args.seconds, rng.randrange(1 << 30), ledgers[n]) for n in names}
    side = _side_job(db, folder, work / "side.log")
    kills = 0
    for k in range(args.kills):
        time.sleep(max(0.0, started + args.seconds * (k + 1) / (args.kills + 1) - time.monotonic()))
        victim = rng.choice(names)
        if procs[victim].is_alive():
            os.kill(procs[victim].pid, signal.SIGKILL)
            procs[victim].join()
            kills += 1
        left = max(1.0, args.seconds - (time.monotonic() - started))
        procs[victim] = _spawn(ctx, db, victim, left, rng.randrange(1 << 30), ledgers[victim])
    for proc in procs.values():
        proc.join()
    side_code = side.wait()
    side_log = (work / "side.log").read_text(encoding="utf-8", errors="replace").splitlines()
    result = _check_log(db, list(ledgers.values()))
    result["replay_drift"] = _replay_drift(db)
    result.update(
        kills=kills,
        side={
            "files": args.import_files,
            "data": imported_from,
            "exit": side_code,
            "import_summary": next((ln for ln in side_log if " imported, " in ln), None),
            "import_exit": next((ln for ln in side_log if ln.startswith("import exit")), None),
            "analyze_exit": next((ln for ln in side_log if ln.startswith("analyze exit")), None),
            "locked_lines": sum("locked" in ln for ln in side_log),
            "errors": [ln for ln in side_log if "error" in ln][:5],
        },
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--kills", type=int, default=20, help="kill -9 of a reviewer, spread out")
    parser.add_argument("--import-files", type=int, default=200)
    parser.add_argument("--latency-rows", default="1000,200000", help="log sizes to time undo at")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep", type=Path, help="copy the soaked database here, to inspect")
    args = parser.parse_args(argv)
    from analysis.demo import prepare_demo

    with tempfile.TemporaryDirectory(prefix="corroborator-soak-") as folder:
        work = Path(folder)
        result = soak(args, work)
        if args.keep:
            shutil.copy(work / "soak.db", args.keep)
        latency = []
        for size in (int(s) for s in args.latency_rows.split(",") if s.strip()):
            fresh = prepare_demo(work / f"latency-{size}.db")
            latency.append(undo_latency(fresh, size))
    result["undo_latency"] = latency
    verdicts = [
        f"{name}: {result[key]} (target 0)"
        for name, key in (
            ("lost decisions", "lost"),
            ("'locked' errors of reviewers", "locked_errors"),
            ("undos that overwrote another reviewer", "foreign_undos"),
            ("steps undone twice", "double_undos"),
            ("clusters differing from a replay of the claim edits", "replay_drift"),
        )
    ]
    verdicts.append(f"integrity_check: {result['integrity_check']}")
    verdicts.append(
        f"import beside: {result['side']['import_summary']} ({result['side']['import_exit']})"
    )
    for row in latency:
        verdicts.append(
            f"undo at {row['log_rows']} log rows: median {row['undo_ms']['median']} ms,"
            f" p95 {row['undo_ms']['p95']} ms; redo median {row['redo_ms']['median']} ms"
        )
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            [
                ".venv/bin/python",
                "-m",
                "bench.soak_concurrency",
                *(sys.argv[1:] if argv is None else argv),
            ]
        ),
        "reviewers": args.reviewers,
        "seconds": args.seconds,
        **result,
        "verdicts": verdicts,
    }
    print(json.dumps(record, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print("\n".join(verdicts))
    print(f"wrote {args.out}")
    clean = not (
        result["lost"] or result["locked_errors"] or result["foreign_undos"]
        or result["replay_drift"]
    )  # fmt: skip
    return 0 if clean and result["integrity_check"] == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
