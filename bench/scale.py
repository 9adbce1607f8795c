"""How import and analysis grow with the corpus: 2,225 BBC News articles, and an ECB+ load.

Each size runs in a fresh subprocess through the real code path (`import_paths` then
`pipeline.analyze` into a new database), so peak RSS is that run's own. The parent records wall
time for import and analysis separately, a per-stage breakdown (the pipeline's functions wrapped
with timers in the worker, not changed), candidate pairs against all cross-article pairs, and then,
in another subprocess, the naive alternative: every cross-article sentence pair scored with the
same similarity model. The naive run stops at a timeout and is reported as "> N s": nothing is
extrapolated. Sizes are nested prefixes of one fixed shuffle, so each doubling adds articles to the
same corpus.

Run: `.venv/bin/python -m bench.scale` (about 20 minutes; `--quick` for 250 and 500 only).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import pickle
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._data import ROOT, BenchDataMissing, bench_dir, bench_file

SIZES = (250, 500, 1000, 2000, 2225)
QUICK_SIZES = (250, 500)
NAIVE_TIMEOUT = 180.0
TARGET_SECONDS = 60.0  # 2,225 articles, import + analyse, 2 cores
TARGET_RSS_MB = 1024.0
TARGET_DOUBLING = 2.2
TARGET_SYNTH_ARTICLES = 20_000  # issue 13: full analysis < 10 min wall, < 2 GB peak, 2 cores
TARGET_SYNTH_SECONDS = 600.0
TARGET_SYNTH_MB = 2048.0
MIN_STEP = 1.8  # growth is judged between sizes at least this far apart
WORK_DIR = Path(tempfile.gettempdir()) / "corroborator-bench"
TUI_DB = WORK_DIR / "bbc-2225.db"  # kept for bench/tui_speed.py
RESULTS = ROOT / "bench" / "results"
# pipeline functions timed in the worker: only those the pipeline calls in its own process. The
# per-article stages run in a process pool and name variants / contradictions in a process beside
# the aligner, where a wrapper's totals would be lost; the pipeline's progress phases (extract,
# detect, align, compare, write) time those instead.
STAGES = ("group_entities", "detect_translation_artifacts", "align_in_epoch")


# --- corpora -----------------------------------------------------------------------------------


def bbc_paths() -> list[Path]:
    """All BBC articles in one fixed shuffled order (prefixes are the nested sizes)."""
    root = bench_dir("bbc-news-2225") / "bbc"
    paths = sorted(root.glob("*/*.txt"))
    if not paths:
        raise BenchDataMissing(f"no articles under {root}")
    random.Random(2225).shuffle(paths)
    return paths


def write_ecb_articles(folder: Path) -> list[Path]:
    """ECB+ documents as JSON articles (one sentence per line) in a scratch folder; the data is
    evaluation-only, so the copies live in the temp directory and are deleted after the run."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    src = bench_file("ecbplus", "ecbplus_documents_derived.jsonl")
    for line in src.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        path = folder / f"{doc['doc'].removesuffix('.xml')}.json"
        body = {"text": "\n".join(doc["sentences"]), "source": doc["doc"]}
        path.write_text(json.dumps(body), encoding="utf-8")
        out.append(path)
    return out


# --- workers (run in their own process) --------------------------------------------------------


# functions called once per analysis: entering one is written to the progress file, so a run
# stopped at the timeout still says where its time went
_ONCE = frozenset({"group_entities", "align_in_epoch", "write"})


class _Progress:
    """Per-stage seconds so far, written to a side file whenever a one-off stage starts or ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.totals: dict[str, float] = defaultdict(float)
        self.facts: dict[str, Any] = {}
        self.current: str | None = None
        self.since = time.perf_counter()
        self.memory: dict[str, dict[str, float]] = {}  # stage -> RSS (MB) on entry, exit, peak

    def save(self) -> None:
        record = {
            **self.facts,
            "current": self.current,
            "current_for_s": round(time.perf_counter() - self.since, 3),
            "stages_s": {k: round(v, 3) for k, v in self.totals.items()},
            "memory_mb": self.memory,
        }
        self.path.write_text(json.dumps(record), encoding="utf-8")

    def timed(self, fn: Callable[..., Any], name: str) -> Callable[..., Any]:
        once = name in _ONCE

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            if once:
                self.current, self.since = name, started
                self.memory[name] = {"entry": _rss_mb(), "peak_before": _peak_mb()}
                self.save()
            try:
                return fn(*args, **kwargs)
            finally:
                self.totals[name] += time.perf_counter() - started
                if once:
                    self.current = None
                    self.memory[name].update(exit=_rss_mb(), peak_after=_peak_mb())
                    self.save()

        return wrapper


def _rss_mb() -> float:
    """Resident set size now (Linux /proc), MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# pipeline functions whose entry starts a memory phase (the progress ticks alone put the
# comparison, slot swaps and the payload inside "align")
_PHASE_ENTRIES = {
    "group_entities": "entities",
    "detect_gender_pronouns": "pronouns",
    "choose_epoch": "epoch",
    "align_in_epoch": "align",
    "compare_articles": "compare-articles",
    "slot_swap_flags": "slot-swaps",
    "_payload": "payload",
}


class _PhaseMemory:
    """Which pipeline phase the worker is in, written to a side file on each change: the parent,
    which samples the process tree's memory (`_wait4`), attributes each sample to that phase. No
    thread here: a second thread would make the pipeline spawn its helper processes instead of
    forking them (analysis/processes.py), which costs memory of its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.phase = ""
        self.enter("setup")

    def enter(self, phase: str) -> None:
        if phase != self.phase:
            self.phase = phase
            self.path.write_text(phase, encoding="utf-8")

    def entering(self, fn: Callable[..., Any], phase: str) -> Callable[..., Any]:
        """`fn`, switching the phase to `phase` when it is called."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.enter(phase)
            return fn(*args, **kwargs)

        return wrapper


def pipeline_worker(paths_file: Path, db: Path, units_out: Path, out: Path) -> None:
    """Import + analyse the listed files into `db`; write timings, stats and the align units."""
    started = time.perf_counter()
    import analysis.pipeline as pipeline
    from analysis.align import cross_article_pairs
    from analysis.importing import import_paths
    from store import Store

    imported = time.perf_counter()
    progress = _Progress(out.with_suffix(".progress.json"))
    progress.facts["code"] = code_fingerprint()
    captured: dict[str, Any] = {}

    aligning = pipeline.align_in_epoch

    def align_spy(units: list[Any], *args: Any, **kwargs: Any) -> Any:
        run = aligning(units, *args, **kwargs)
        captured["units"], captured["run"] = units, run
        return run

    pipeline.align_in_epoch = align_spy  # type: ignore[assignment]
    for name in STAGES:
        if callable(getattr(pipeline, name, None)):
            setattr(pipeline, name, progress.timed(getattr(pipeline, name), name))
    paths = [Path(p) for p in paths_file.read_text(encoding="utf-8").splitlines()]
    store = Store.open(db)
    store.write_analysis = progress.timed(store.write_analysis, "write")  # type: ignore[method-assign]
    t0 = time.perf_counter()
    report = import_paths(store, paths)
    t1 = time.perf_counter()
    progress.facts.update(
        articles=len(report.added), import_s=round(t1 - t0, 3), analysis_started=time.time()
    )
    progress.save()
    phases: dict[str, list[float]] = {}  # the pipeline's own progress stages: first, last tick
    sampler = _PhaseMemory(out.with_suffix(".phase"))
    for fn_name, phase in _PHASE_ENTRIES.items():  # finer phases than the progress ticks
        if callable(getattr(pipeline, fn_name, None)):
            setattr(pipeline, fn_name, sampler.entering(getattr(pipeline, fn_name), phase))
    store.write_analysis = sampler.entering(store.write_analysis, "write")  # type: ignore[method-assign]

    def on_progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        phases.setdefault(stage, [now, now])[1] = now
        sampler.enter(stage)

    summary = pipeline.analyze(store, progress=on_progress)
    t2 = time.perf_counter()
    store.close()
    run = captured.get("run")
    units = captured.get("units", [])
    with units_out.open("wb") as fh:
        pickle.dump(units, fh)
    result = {
        "files": len(paths),
        "articles": summary.articles,
        "duplicates": len(report.duplicates),
        "import_errors": len(report.errors),
        "sentences": summary.sentences,
        "clusters": summary.clusters,
        "flags": summary.flags_by_kind,
        "python_import_s": imported - started,
        "import_s": t1 - t0,
        "analyse_s": t2 - t1,
        "stages_s": {k: round(v, 3) for k, v in progress.totals.items()},
        "phases_s": _phase_seconds(phases, t1, t2),
        "align_units": len(units),
        "candidate_pairs": run.pairs if run else None,
        "all_cross_pairs": cross_article_pairs([u.article_id for u in units]) if run else None,
        "uses_embeddings": run.uses_embeddings if run else None,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "code": progress.facts["code"],
        "memory_mb": progress.memory,
    }
    out.write_text(json.dumps(result), encoding="utf-8")


def analyze_worker(db: Path, out: Path, full: bool) -> None:
    """What `corroborator analyze [--full]` does to `db`, with the pipeline's phases timed."""
    started = time.perf_counter()
    from analysis.pipeline import analyze
    from store import Store

    imported = time.perf_counter()
    phases: dict[str, list[float]] = {}

    def on_progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        phases.setdefault(stage, [now, now])[1] = now

    with Store.open(db, create=False) as store:
        t0 = time.perf_counter()
        summary = analyze(store, progress=on_progress, full=full)
        t1 = time.perf_counter()
    result = {
        "python_import_s": imported - started,
        "analyse_s": t1 - t0,
        "phases_s": _phase_seconds(phases, t0, t1),
        "articles": summary.articles,
        "extracted": summary.extracted,
        "unchanged": summary.unchanged,
        "pairs": summary.pairs,
        "pairs_reused": summary.pairs_reused,
        "summary": summary.describe(),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    out.write_text(json.dumps(result), encoding="utf-8")


def _phase_seconds(phases: dict[str, list[float]], start: float, end: float) -> dict[str, float]:
    """Seconds from one progress stage's first tick to the next stage's first tick (the pipeline
    reports extract, detect, align and write); before the first tick counts as "setup"."""
    order = sorted(phases.items(), key=lambda t: t[1][0])
    marks = [("setup", start)] + [(name, first) for name, (first, _) in order] + [("", end)]
    return {
        name: round(nxt - at, 3)
        for (name, at), (_, nxt) in itertools.pairwise(marks)
        if nxt - at > 0.0005
    }


def code_fingerprint() -> dict[str, str]:
    """Which analysis code ran: a hash of analysis/ and store/ sources and their newest change
    (other work changes these files while the bench runs)."""
    files = sorted([*(ROOT / "analysis").glob("*.py"), *(ROOT / "store").glob("*.py")])
    digest = hashlib.sha256()
    newest = 0.0
    for f in files:
        digest.update(f.read_bytes())
        newest = max(newest, f.stat().st_mtime)
    return {
        "sha256": digest.hexdigest()[:16],
        "newest_change": datetime.fromtimestamp(newest, UTC).isoformat(timespec="seconds"),
    }


def naive_worker(units_file: Path, timeout: float, out: Path) -> None:
    """Score every cross-article pair with the aligner's similarity model until done or timeout."""
    import numpy as np

    from analysis.similarity import SimilarityModel

    with units_file.open("rb") as fh:
        units = pickle.load(fh)
    t0 = time.perf_counter()
    model = SimilarityModel.from_units(units)
    t1 = time.perf_counter()
    articles = np.array([u.article_id for u in units], dtype=np.int64)
    n = len(units)
    done = 0
    finished = True
    buf_a: list[np.ndarray] = []
    buf_b: list[np.ndarray] = []
    pending = 0
    chunk = 20_000
    for i in range(n):
        js = np.arange(i + 1, n, dtype=np.int64)
        js = js[articles[js] != articles[i]]
        if len(js):
            buf_a.append(np.full(len(js), i, dtype=np.int64))
            buf_b.append(js)
            pending += len(js)
        if pending >= chunk or (i == n - 1 and pending):
            model.score_pairs(np.concatenate(buf_a), np.concatenate(buf_b))
            done += pending
            buf_a, buf_b, pending = [], [], 0
            if time.perf_counter() - t0 > timeout:
                finished = i == n - 1
                break
    t2 = time.perf_counter()
    total = int((n * n - int((np.bincount(articles) ** 2).sum())) // 2) if n else 0
    result = {
        "model_s": t1 - t0,
        "scoring_s": t2 - t1,
        "total_s": t2 - t0,
        "pairs_scored": done,
        "all_cross_pairs": total,
        "finished": finished and done == total,
        "timeout_s": timeout,
    }
    out.write_text(json.dumps(result), encoding="utf-8")


# --- parent ------------------------------------------------------------------------------------


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _spawn(
    args: list[str],
    limit: float,
    tree: dict[str, Any] | None = None,
    phase_file: Path | None = None,
) -> tuple[int | None, float, float, float]:
    """Run `python -m bench.scale ARGS`: exit code (None when killed at `limit`), wall seconds,
    peak RSS of the largest process in its tree (MB), CPU seconds of the tree. `tree` receives
    the peak summed memory of the whole tree (the pipeline may run worker processes)."""
    started = time.perf_counter()
    proc = subprocess.Popen([_python(), "-m", "bench.scale", *args], cwd=ROOT)
    try:
        _, status, usage = _wait4(proc, limit, tree if tree is not None else {}, phase_file)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        return None, wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return os.waitstatus_to_exitcode(status), wall, usage.ru_maxrss / 1024, cpu


def _wait4(
    proc: subprocess.Popen[bytes],
    limit: float,
    tree: dict[str, Any],
    phase_file: Path | None = None,
) -> tuple[int, int, Any]:
    """Wait for `proc` up to `limit` seconds, sampling its process tree's memory into `tree`;
    with `phase_file` (where the worker names its current phase), also the peaks per phase in
    `tree["phases"]`: the worker's own RSS and the tree's summed PSS, MB."""
    deadline = time.monotonic() + limit
    next_sample = 0.0
    per_phase: dict[str, dict[str, float]] = tree.setdefault("phases", {})
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        now = time.monotonic()
        if now > deadline:
            raise subprocess.TimeoutExpired(proc.args, limit)
        if now >= next_sample:
            rss, pss, n = _tree_memory(proc.pid)
            if pss > tree.get("pss_mb", 0.0):
                tree.update(pss_mb=pss, rss_mb=rss, processes=n)
            if phase_file is not None:
                _phase_peak(per_phase, phase_file, proc.pid, pss)
            next_sample = now + 0.25
        time.sleep(0.05)


def _phase_peak(peaks: dict[str, dict[str, float]], phase_file: Path, pid: int, pss: float) -> None:
    try:
        phase = phase_file.read_text(encoding="utf-8").strip() or "setup"
        main = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return
    peak = peaks.setdefault(phase, {"main_rss": 0.0, "tree_pss": 0.0})
    peak["main_rss"] = max(peak["main_rss"], round(main / 2**20, 1))
    peak["tree_pss"] = max(peak["tree_pss"], pss)


def _tree_memory(root: int) -> tuple[float, float, int]:
    """Summed RSS and PSS (MB) of `root` and its descendants; PSS counts shared pages once."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo.extend(children.get(pid, ()))
    rss = pss = 0.0
    for pid in seen:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except (OSError, ValueError):
            continue
    return round(rss, 1), round(pss, 1), len(seen)


def run_size(
    label: str,
    paths: list[Path],
    naive_timeout: float | None,
    keep_db: Path | None = None,
    pipeline_timeout: float = 3600.0,
) -> dict[str, Any]:
    """One corpus size: pipeline subprocess, then (optionally) the naive all-pairs subprocess."""
    work = Path(tempfile.mkdtemp(prefix=f"scale-{label}-", dir=WORK_DIR))
    db = work / "bench.db"
    paths_file, units, out, naive_out = (
        work / "paths.txt",
        work / "units.pkl",
        work / "pipeline.json",
        work / "naive.json",
    )
    paths_file.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
    load = os.getloadavg()[0]
    tree: dict[str, Any] = {}
    code, wall, rss, cpu = _spawn(
        ["--worker", "pipeline", str(paths_file), str(db), str(units), str(out)],
        pipeline_timeout,
        tree,
        out.with_suffix(".phase"),
    )
    row: dict[str, Any] = {"label": label, "n_files": len(paths), "loadavg_before": load}
    row["tree_peak"] = tree  # summed over the worker and its pool processes, sampled at 4 Hz
    if code is None or code != 0 or not out.exists():
        partial = out.with_suffix(".progress.json")
        if partial.exists():
            row["progress"] = json.loads(partial.read_text(encoding="utf-8"))
        row.update(wall_s=wall, child_maxrss_mb=rss, child_cpu_s=cpu)
        row["error"] = (
            f"stopped at the {pipeline_timeout:.0f} s timeout"
            if code is None
            else f"pipeline worker exited with {code}"
        )
        row["timed_out"] = code is None
        shutil.rmtree(work, ignore_errors=True)
        return row
    row.update(json.loads(out.read_text(encoding="utf-8")))
    row["wall_s"] = wall
    row["child_maxrss_mb"] = rss
    row["child_cpu_s"] = cpu  # user + system CPU of the whole worker, less sensitive to load
    row["total_s"] = row["import_s"] + row["analyse_s"]
    # memory of the run: the worker's exact peak, or the sampled peak of its whole process tree
    row["peak_mb"] = max(row["maxrss_mb"], tree.get("pss_mb", 0.0))
    row["articles_per_s"] = row["articles"] / row["total_s"] if row["total_s"] else None
    if row.get("all_cross_pairs"):
        row["scored_share"] = row["candidate_pairs"] / row["all_cross_pairs"]
    if naive_timeout:
        code, _, naive_rss, _ = _spawn(
            ["--worker", "naive", str(units), str(naive_timeout), str(naive_out)],
            naive_timeout + 900,
        )
        if code is not None and code == 0 and naive_out.exists():
            naive = json.loads(naive_out.read_text(encoding="utf-8"))
            naive["maxrss_mb"] = naive_rss
            row["naive"] = naive
            align_s = row["stages_s"].get("align_in_epoch", 0.0)
            if align_s:
                row["naive_over_ours"] = naive["total_s"] / align_s
        else:
            row["naive"] = {"error": f"naive worker exited with {code}"}
    if keep_db is not None:
        keep_db.unlink(missing_ok=True)
        shutil.move(str(db), keep_db)
        row["db"] = str(keep_db)
    shutil.rmtree(work, ignore_errors=True)
    return row


def _corroborator(*args: str) -> float:
    """Wall seconds of one `corroborator` command in a fresh process (as a reviewer runs it)."""
    exe = ROOT / ".venv" / "bin" / "corroborator"
    started = time.perf_counter()
    subprocess.run(
        [str(exe) if exe.exists() else "corroborator", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "CORROBORATOR_DATA_DIR": str(WORK_DIR / "data")},
    )
    return time.perf_counter() - started


def _timed_analyze(db: Path, work: Path, full: bool = False) -> dict[str, Any]:
    """`analyze` of `db` in a fresh process: wall time from the parent, phases from the worker."""
    out = work / "analyze.json"
    out.unlink(missing_ok=True)
    args = ["--worker", "analyze", str(db), str(out), "full" if full else "incremental"]
    code, wall, rss, cpu = _spawn(args, 3600.0)
    if code != 0 or not out.exists():
        return {"error": f"analyze worker exited with {code}", "wall_s": wall}
    row = json.loads(out.read_text(encoding="utf-8"))
    row.update(wall_s=wall, cpu_s=cpu, child_maxrss_mb=rss)
    return row


def incremental(paths: list[Path], add: int, repeats: int) -> dict[str, Any]:
    """A reviewer following a story: a database of all but `add` articles, analysed in full;
    then, `repeats` times on a fresh copy of it, import the `add` held-out articles, analyse
    (only they are extracted), and analyse again with nothing new. Each command runs in a fresh
    process, so the times include starting Python and loading the models."""
    work = Path(tempfile.mkdtemp(prefix="scale-incremental-", dir=WORK_DIR))
    base, held_out = paths[:-add], paths[-add:]
    base_row = run_size(f"bbc-{len(base)}-base", base, None, work / "base.db")
    record: dict[str, Any] = {"base": base_row, "add": add, "repeats": []}
    if "error" in base_row:
        return record
    for n in range(repeats):
        db = work / f"copy-{n}.db"
        shutil.copyfile(work / "base.db", db)
        import_s = _corroborator("import", "--db", str(db), *map(str, held_out))
        added = _timed_analyze(db, work)
        again = _timed_analyze(db, work)
        record["repeats"].append({"import_s": import_s, "added": added, "nothing_new": again})
        db.unlink()
        print(
            f"repeat {n + 1}: import {import_s:.1f} s, analyse with {add} new "
            f"{added.get('wall_s', 0):.1f} s, nothing new {again.get('wall_s', 0):.1f} s",
            flush=True,
        )
    for key in ("added", "nothing_new"):
        walls = sorted(r[key].get("wall_s", math.nan) for r in record["repeats"])
        record[f"{key}_wall_s"] = {"median": walls[len(walls) // 2], "min": walls[0],
                                   "max": walls[-1]}  # fmt: skip
    imports = sorted(r["import_s"] for r in record["repeats"])
    record["import_wall_s"] = {"median": imports[len(imports) // 2], "min": imports[0],
                               "max": imports[-1]}  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    return record


def run_synthetic(
    size: int, naive_timeout: float | None, limit: float, *, keep: bool
) -> dict[str, Any]:
    """One SYNTHETIC corpus (bench/synth.py) of `size` articles, written to a scratch folder,
    measured like a BBC size, then deleted; with `keep`, its database stays for tui_speed (a
    run stopped at a larger size still leaves the smaller ones)."""
    from bench import synth

    label = f"synth-{size}"
    folder = WORK_DIR / f"{label}-corpus"
    try:
        paths = synth.write_corpus(size, folder)
    except BenchDataMissing as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return {"label": label, "error": f"skipped: {exc}"}
    print(f"... {label} (synthetic)", flush=True)
    try:
        row = run_size(label, paths, naive_timeout, synth_db(size) if keep else None, limit)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    row["synthetic"] = True
    return row


def synth_db(size: int) -> Path:
    """Where the database of the largest synthetic corpus is kept for bench/tui_speed.py."""
    return WORK_DIR / f"synth-{size}.db"


def doubling(rows: list[dict[str, Any]], key: str, corpus: str = "bbc") -> list[dict[str, Any]]:
    """Growth of `key` from each size to the next one at least MIN_STEP times as big, and the
    same growth per doubling of articles. A short step (1,920 -> 2,127 articles) would raise
    its ratio to the power ~6.7 to make a doubling of it, turning a second of noise into a
    verdict; steps of about a doubling are what the target speaks of."""
    out = []
    ok = [  # a size that timed out has no "articles": it cannot be a step
        r
        for r in rows
        if key in r and "articles" in r and r.get("label", "").startswith(f"{corpus}-")
    ]
    steps = []
    for big in ok:
        smaller = [r for r in ok if r["articles"] * MIN_STEP <= big["articles"]]
        if smaller:
            steps.append((max(smaller, key=lambda r: r["articles"]), big))
    for small, big in steps:
        grow = big["articles"] / small["articles"]
        ratio = big[key] / small[key] if small[key] else math.inf
        per_doubling = ratio ** (math.log(2) / math.log(grow)) if grow > 1 else math.nan
        out.append(
            {
                "corpus": corpus,
                "from": small["articles"],
                "to": big["articles"],
                "metric": key,
                "ratio": ratio,
                "per_doubling": per_doubling,
            }
        )
    return out


def _fmt(x: Any, digits: int = 1) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def print_table(rows: list[dict[str, Any]], growth: list[dict[str, Any]]) -> None:
    head = (
        f"{'corpus':<14}{'arts':>6}{'sents':>7}{'import s':>9}{'analyse s':>10}{'total s':>9}"
        f"{'art/s':>7}{'peak MB':>8}{'align s':>8}{'cand/all':>10}{'naive s':>10}{'naive/ours':>11}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        if "error" in r:
            print(f"{r['label']:<14} {r['error']} {_progress_text(r)}")
            continue
        naive = r.get("naive", {})
        if "total_s" in naive:
            nv = _fmt(naive["total_s"]) if naive["finished"] else f"> {naive['timeout_s']:.0f}"
            ratio = _fmt(r.get("naive_over_ours"), 1)
            ratio = ratio if naive["finished"] else f"> {ratio}"
        else:
            nv = ratio = "-"
        print(
            f"{r['label']:<14}{r['articles']:>6}{r['sentences']:>7}{_fmt(r['import_s']):>9}"
            f"{_fmt(r['analyse_s']):>10}{_fmt(r['total_s']):>9}{_fmt(r['articles_per_s']):>7}"
            f"{_fmt(r.get('peak_mb', r['maxrss_mb']), 0):>8}"
            f"{_fmt(r['stages_s'].get('align_in_epoch')):>8}"
            f"{_fmt(r.get('scored_share'), 4):>10}{nv:>10}{ratio:>11}"
        )
    print()
    for g in growth:
        print(
            f"{g.get('corpus', 'bbc')} {g['metric']}: {g['from']} -> {g['to']} articles: "
            f"x{g['ratio']:.2f} "
            f"(x{g['per_doubling']:.2f} per doubling)"
        )
    print()
    for r in rows:
        if "stages_s" in r:
            stages = sorted(r["stages_s"].items(), key=lambda t: -t[1])
            parts = ", ".join(f"{k} {v:.1f}" for k, v in stages if v >= 0.05)
            print(f"{r['label']} stages (s): {parts}")
        if r.get("phases_s"):
            parts = ", ".join(f"{k} {v:.1f}" for k, v in r["phases_s"].items())
            print(f"{r['label']} pipeline phases (s, from its progress ticks): {parts}")
        memory = r.get("memory_mb") or (r.get("progress") or {}).get("memory_mb")
        if memory:
            parts = ", ".join(
                f"{k} {m.get('entry', 0):.0f}->{m.get('exit', float('nan')):.0f}"
                f" (peak {m.get('peak_after', m.get('peak_before', 0)):.0f})"
                for k, m in memory.items()
            )
            print(f"{r['label']} RSS MB on entry->exit of one-off stages: {parts}")
        if (r.get("tree_peak") or {}).get("phases"):
            parts = ", ".join(
                f"{k} {m['main_rss']:.0f}/{m['tree_pss']:.0f}"
                for k, m in r["tree_peak"]["phases"].items()
            )
            print(f"{r['label']} peak MB per phase (main RSS / tree PSS): {parts}")


def _progress_text(row: dict[str, Any]) -> str:
    p = row.get("progress")
    if not p:
        return ""
    stages = ", ".join(
        f"{k} {v:.1f}" for k, v in sorted(p["stages_s"].items(), key=lambda t: -t[1])
    )
    where = f"; inside {p['current']} for {p['current_for_s']:.0f} s" if p.get("current") else ""
    return (
        f"(wall {row.get('wall_s', 0):.0f} s, CPU {row.get('child_cpu_s', 0):.0f} s, RSS "
        f"{row.get('child_maxrss_mb', 0):.0f} MB; import {p.get('import_s', 0):.1f} s; finished "
        f"stages (s): {stages}{where})"
    )


def _row_line(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"{r['label']}: {r['error']} {_progress_text(r)}"
    return (
        f"{r['label']}: {r['articles']} articles, import {r['import_s']:.1f} s, analyse "
        f"{r['analyse_s']:.1f} s, CPU {r['child_cpu_s']:.0f} s, peak {r['peak_mb']:.0f} MB "
        f"(worker {r['maxrss_mb']:.0f} MB, process tree {r['tree_peak'].get('pss_mb', 0):.0f} MB "
        f"PSS over {r['tree_peak'].get('processes', 1)} processes)"
    )


def verdicts(rows: list[dict[str, Any]], growth: list[dict[str, Any]]) -> list[str]:
    out = []
    full = next((r for r in rows if r.get("label") == "bbc-2225"), None)
    if full and full.get("timed_out"):
        out.append(f"2,225 articles: MISSED, not finished within {full['error']}")
    elif full and "total_s" in full:
        out.append(
            f"2,225 articles in {full['total_s']:.1f} s (target < {TARGET_SECONDS:.0f} s): "
            f"{'met' if full['total_s'] < TARGET_SECONDS else 'MISSED'}"
        )
        peak = full.get("peak_mb", full["maxrss_mb"])
        out.append(
            f"peak memory {peak:.0f} MB (target < {TARGET_RSS_MB:.0f} MB): "
            f"{'met' if peak < TARGET_RSS_MB else 'MISSED'}"
        )
    big = next((r for r in rows if r.get("label") == f"synth-{TARGET_SYNTH_ARTICLES}"), None)
    if big and "total_s" in big:
        peak = big.get("peak_mb", big["maxrss_mb"])
        out.append(
            f"{TARGET_SYNTH_ARTICLES:,} synthetic articles in {big['total_s']:.0f} s, peak "
            f"{peak:.0f} MB (targets < {TARGET_SYNTH_SECONDS:.0f} s, < {TARGET_SYNTH_MB:.0f} MB): "
            f"{'met' if big['total_s'] < TARGET_SYNTH_SECONDS else 'time MISSED'}, "
            f"{'met' if peak < TARGET_SYNTH_MB else 'memory MISSED'}"
        )
    elif big:
        out.append(f"{TARGET_SYNTH_ARTICLES:,} synthetic articles: MISSED ({big.get('error')})")
    for corpus in ("bbc", "synth"):
        for metric, what in (("total_s", "wall time"), ("child_cpu_s", "CPU time")):
            worst = max(
                (
                    g["per_doubling"]
                    for g in growth
                    if g["metric"] == metric and g.get("corpus", "bbc") == corpus
                ),
                default=None,
            )
            if worst is not None:
                out.append(
                    f"{corpus}: worst {what} growth per doubling {worst:.2f}x "
                    f"(target <= {TARGET_DOUBLING}x): "
                    f"{'met' if worst <= TARGET_DOUBLING else 'MISSED'}"
                )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="250 and 500 articles only")
    parser.add_argument("--sizes", help="comma-separated article counts (default: all)")
    parser.add_argument("--naive-timeout", type=float, default=NAIVE_TIMEOUT)
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument(
        "--pipeline-timeout", type=float, default=900.0, help="seconds per size before giving up"
    )
    parser.add_argument("--no-ecb", action="store_true")
    parser.add_argument("--no-bbc", action="store_true", help="no BBC sizes (e.g. synthetic only)")
    parser.add_argument("--out", type=Path, default=RESULTS / "scale.json")
    parser.add_argument(
        "--incremental",
        type=int,
        metavar="N",
        help="only the incremental bench: N BBC articles added to a database of the rest",
    )
    parser.add_argument("--repeats", type=int, default=3, help="incremental bench repeats")
    parser.add_argument(
        "--synthetic",
        metavar="N,N,...",
        help="also SYNTHETIC corpora of these sizes (bench/synth.py); their databases are kept "
        "for bench/tui_speed.py",
    )
    args = parser.parse_args(argv)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    if args.incremental:
        return _incremental_main(args.incremental, args.repeats, args.out, argv)
    sizes = (
        tuple(int(s) for s in args.sizes.split(","))
        if args.sizes
        else (QUICK_SIZES if args.quick else SIZES)
    )
    naive = None if args.no_naive else args.naive_timeout
    rows: list[dict[str, Any]] = []
    try:
        paths = bbc_paths()
    except BenchDataMissing as exc:
        print(f"skipped: {exc}")
        paths = []
    command = " ".join([".venv/bin/python", "-m", "bench.scale", *(argv or sys.argv[1:])])
    limit = args.pipeline_timeout
    for size in sizes if paths and not args.no_bbc else ():
        if any(r.get("timed_out") for r in rows):
            rows.append(
                {"label": f"bbc-{size}", "error": "not run: a smaller size already timed out"}
            )
            continue
        keep = TUI_DB if size >= len(paths) else None
        print(f"... bbc-{size}", flush=True)
        rows.append(run_size(f"bbc-{size}", paths[:size], naive, keep, limit))
        print(_row_line(rows[-1]), flush=True)
        _write(args.out, command, naive, rows, [], ["partial: run in progress"])
    synth_sizes = [int(n) for n in args.synthetic.split(",")] if args.synthetic else []
    for size in synth_sizes:
        rows.append(run_synthetic(size, naive, limit, keep=True))
        print(_row_line(rows[-1]), flush=True)
        _write(args.out, command, naive, rows, [], ["partial: run in progress"])
    if not args.no_ecb and not args.quick:
        scratch = WORK_DIR / "ecbplus-articles"
        try:
            ecb = write_ecb_articles(scratch)
            print("... ecbplus", flush=True)
            rows.append(run_size("ecbplus-982", ecb, naive, None, limit))
            print(_row_line(rows[-1]), flush=True)
        except BenchDataMissing as exc:
            print(f"skipped: {exc}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    growth = [
        g
        for corpus in ("bbc", "synth")
        for key in ("total_s", "import_s", "analyse_s", "child_cpu_s", "peak_mb")
        for g in doubling(rows, key, corpus)
    ]
    print()
    print_table(rows, growth)
    notes = verdicts(rows, growth)
    print()
    print("\n".join(notes))
    _write(args.out, command, naive, rows, growth, notes)
    print(f"\nwrote {args.out}")
    return 0


def _incremental_main(add: int, repeats: int, out: Path, argv: list[str] | None) -> int:
    try:
        paths = bbc_paths()
    except BenchDataMissing as exc:
        print(f"skipped: {exc}")
        return 0
    record = incremental(paths, add, repeats)
    base = record["base"]
    print(_row_line(base))
    for key, what in (("added", f"analyse after adding {add}"), ("nothing_new", "nothing new")):
        if f"{key}_wall_s" in record:
            w = record[f"{key}_wall_s"]
            print(f"{what}: median {w['median']:.1f} s (min {w['min']:.1f}, max {w['max']:.1f})")
    for r in record["repeats"]:
        print(f"  phases with {add} new: {r['added'].get('phases_s')}")
        print(f"  {r['added'].get('summary')}")
    command = " ".join([".venv/bin/python", "-m", "bench.scale", *(argv or sys.argv[1:])])
    target = out.with_name("incremental.json") if out == RESULTS / "scale.json" else out
    target.parent.mkdir(parents=True, exist_ok=True)
    record.update(date=datetime.now(UTC).isoformat(timespec="seconds"), command=command,
                  cpus=os.cpu_count(), loadavg=os.getloadavg())  # fmt: skip
    target.write_text(json.dumps(record, indent=2), encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _write(
    out: Path,
    command: str,
    naive: float | None,
    rows: list[dict[str, Any]],
    growth: list[dict[str, Any]],
    notes: list[str],
) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "cpus": os.cpu_count(),
        "naive_timeout_s": naive,
        "rows": rows,
        "growth": growth,
        "verdicts": notes,
        "tui_db": str(TUI_DB) if TUI_DB.exists() else None,
    }
    out.write_text(json.dumps(record, indent=2), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        kind, rest = sys.argv[2], sys.argv[3:]
        if kind == "pipeline":
            pipeline_worker(*(Path(p) for p in rest))
        elif kind == "naive":
            naive_worker(Path(rest[0]), float(rest[1]), Path(rest[2]))
        elif kind == "analyze":
            analyze_worker(Path(rest[0]), Path(rest[1]), rest[2] == "full")
        else:
            raise SystemExit(f"unknown worker {kind}")
    else:
        raise SystemExit(main())
