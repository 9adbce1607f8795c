"""Soak of hostile inputs (issue 10): slow text, bad files, killed analyses.

Three parts, each runnable alone (`--only timing,sweep,kill`):

- **timing**: every per-article detector on 10 kB and 100 kB of each hostile shape (one long
  word, runs of digits, capitals, dots, "Ab Ab", "5%5%", "Monday Monday", ...). A linear stage
  takes ~10x as long on 10x the text; the table reports the ratio, and a 2 MB token and a 2.2 MB
  line go through `import` + `analyze` end to end.
- **sweep**: each hostile file imported between two good ones through the CLI: the exit code,
  one error line naming the file, both good files imported, the database intact.
- **kill**: `analyze` with two workers killed with SIGKILL at random moments: the database
  passes `integrity_check` and no worker outlives its parent by 5 s.

Writes `bench/results/soak_inputs.json`. Run: `nice .venv/bin/python -m bench.soak_inputs`
(a few minutes; `--quick` for fewer shapes and kills).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "soak_inputs.json"
CLI = [sys.executable, "-c", "from tui.cli import main; main()"]

# Each shape is a unit repeated to the wanted length.
SHAPES: dict[str, str] = {
    "word": "a",
    "capitalised word": "W" + "a" * 9,
    "capitals": "A",
    "digits": "1",
    "digits, commas": "1,",
    "digits, dots": "1.",
    "dots": ".",
    "dashes": "-",
    "punctuation": "!?,;:",
    "spaces": " ",
    "newlines": "\n",
    "short lines": "ab\n",
    "a a a": "a ",
    "Ab Ab Ab": "Ab ",
    "Mr. Mr.": "Mr. ",
    "U.S.U.S.": "U.S.",
    "A.A.A.": "A.",
    "slashes": "1/2/",
    "money": "$1.2 billion ",
    "percent": "5%",
    "percent glued": "5%a ",
    "opening brackets": "(",
    "quotes": '"',
    "curly quotes glued": "a“b ",
    "hyphen": "a-",
    "hyphen spaced": "a -b ",
    "number hyphens": "1-",
    "apostrophes": "a'",
    "Monday": "Monday ",
    "months": "May ",
    "years": "2024 ",
    "ranges": "1 to 2 ",
    "emails": "a.b@c",
    "mixed": "The Xy of Zq said 12 May 2024 at 3.5% and ",
}
# The shapes the unit test guards (tests/test_hostile_text.py): one per family that once went
# quadratic, so the test stays within seconds.
GUARD_SHAPES = (
    "word", "capitals", "digits, commas", "digits, dots", "U.S.U.S.", "Ab Ab Ab", "percent",
    "percent glued", "curly quotes glued", "hyphen", "Monday", "ranges", "emails", "a a a",
)  # fmt: skip


def hostile_text(shape: str, n: int) -> str:
    """`n` characters of `shape` (a key of SHAPES)."""
    unit = SHAPES[shape]
    return (unit * (n // len(unit) + 1))[:n]


def _stages() -> list[tuple[str, Callable[[str], Any]]]:
    """The per-article detectors, each on the text and what the stages before it produced."""
    from analysis.artifacts import detect_translation_artifacts, garble_score, scan_artifacts
    from analysis.clock import extract_weekdays
    from analysis.ingest import detect_language, find_translation_note, normalise_text
    from analysis.mentions import extract_mentions
    from analysis.model import ArticleText
    from analysis.quantities import extract_quantities
    from analysis.residue import residue_flags
    from analysis.segment import segment_with_hits

    state: dict[str, Any] = {}

    def segment(text: str) -> None:
        state["spans"], state["hits"] = segment_with_hits(text)
        state["content"] = [s for s in state["spans"] if s.residue is None]

    def artifacts(text: str) -> None:
        scan = scan_artifacts(text, state["spans"])
        art = ArticleText(article_id=0, source="", text=text)
        found = detect_translation_artifacts(art, state["spans"], scan=scan)
        garble_score(text, sentences=state["spans"], flags=found)

    def residue(text: str) -> None:
        art = ArticleText(article_id=0, source="", text=text)
        residue_flags(art, state["spans"], hits=state["hits"])

    def importing(text: str) -> None:
        text = normalise_text(text)
        find_translation_note(text)
        detect_language(text)

    return [
        ("import text", importing),
        ("segment", segment),
        ("artifacts", artifacts),
        ("residue", residue),
        ("mentions", lambda text: extract_mentions(text, state["content"])),
        ("quantities", lambda text: extract_quantities(text, state["content"])),
        ("weekdays", extract_weekdays),
    ]


def run_stages(text: str) -> dict[str, float]:
    """Seconds each per-article detector takes on `text`."""
    seconds: dict[str, float] = {}
    for name, stage in _stages():
        started = time.perf_counter()
        stage(text)
        seconds[name] = time.perf_counter() - started
    return seconds


def timing_table(shapes: list[str], sizes: tuple[int, int] = (10_000, 100_000)) -> list[dict]:
    """One row per shape and stage: seconds at each size and their ratio (~10 when linear)."""
    run_stages("Warm up every lexicon once. It costs the same for all shapes.")
    rows: list[dict] = []
    for shape in shapes:
        small, big = (run_stages(hostile_text(shape, n)) for n in sizes)
        for stage in small:
            ratio = big[stage] / max(small[stage], 1e-3)
            rows.append(
                {"shape": shape, "stage": stage, f"s_{sizes[0]}": round(small[stage], 4),
                 f"s_{sizes[1]}": round(big[stage], 4), "ratio": round(ratio, 1)}
            )  # fmt: skip
        worst = max((r for r in rows if r["shape"] == shape), key=lambda r: r[f"s_{sizes[1]}"])
        print(f"  {shape:<20} slowest {worst['stage']:<12} {worst[f's_{sizes[1]}']:.3f} s "
              f"at {sizes[1] // 1000} kB, ratio {worst['ratio']}", flush=True)  # fmt: skip
    return rows


# --- end to end through the CLI ------------------------------------------------------------


def _cli(
    args: list[str], db: Path, timeout: float = 600
) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "CORROBORATOR_DB": str(db), "PYTHONPATH": str(ROOT)}
    env.pop("CORROBORATOR_CONFIG", None)
    started = time.perf_counter()
    done = subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT
    )
    return done, time.perf_counter() - started


def _good_files() -> list[Path]:
    from analysis.demo import demo_files

    return [p for p in demo_files() if p.suffix == ".txt"][:2]


def end_to_end(work: Path) -> list[dict]:
    """A 2 MB token and a 2.2 MB line beside an ordinary article: import + analyze seconds."""
    rows = []
    for name, text in (
        ("2 MB token", "The council met on Monday. " + "Zq" * 1_000_000 + " Then it voted."),
        ("2.2 MB line", hostile_text("mixed", 2_200_000)),
    ):
        db = work / f"e2e-{len(rows)}.db"
        path = work / f"e2e-{len(rows)}.txt"
        path.write_text(text, encoding="utf-8")
        imported, t_import = _cli(["import", str(path), *map(str, _good_files())], db)
        analysed, t_analyze = _cli(["analyze"], db, timeout=1800)
        rows.append(
            {"input": name, "import_s": round(t_import, 2), "analyze_s": round(t_analyze, 2),
             "total_s": round(t_import + t_analyze, 2), "import_exit": imported.returncode,
             "analyze_exit": analysed.returncode,
             "analyze_out": (analysed.stdout + analysed.stderr).strip()[-300:]}
        )  # fmt: skip
        print(f"  {name}: import {t_import:.1f} s, analyze {t_analyze:.1f} s", flush=True)
    return rows


# --- bad-input sweep -----------------------------------------------------------------------


def _bad_files() -> dict[str, tuple[bytes | None, bool]]:
    """name -> (content, whether some of it should import); content None: made specially."""
    good_line = json.dumps({"text": "A good record about the ferry vote."})
    return {
        "undefined-codec.html": (
            b'<meta charset="undefined"><p>Caf\xe9 owners welcomed the ferry vote.</p>', True),
        "svg-assert.html": (b"<svg><p><p>x</svg><p>The ferry vote passed on Monday.</p>", True),
        "caf\udce9-latin1-name.txt": (b"An article in a file whose name is not UTF-8.", True),
        "binary.txt": (random.Random(1).randbytes(4000), False),
        "empty.txt": (b"", False),
        "blank.md": (b"  \n\t\n", False),
        "nul.html": (b"<p>text\x00\x00\x00\x00 with NULs</p>" * 20, False),
        "half-bad.jsonl": (f"{good_line}\n{{broken\n{good_line[:-1]}, \"n\": 2}}\n".encode(), True),
        "bad-item.json": (f"[{good_line}, 5, {{\"title\": \"no text\"}}]".encode(), True),
        "deep.json": (b"[" * 100_000 + b"]" * 100_000, False),
        "lone-surrogate.json": (b'{"text": "broken \\ud800 pair in a record"}', True),
        "utf16-no-bom.txt": ("An article saved as UTF-16, no mark.".encode("utf-16-le"), True),
        "oversize.txt": (b"word " * 1_300_000, False),  # 6.5 MB, over the 5 MB default
        "folder.txt": (None, False),
    }  # fmt: skip


def sweep(work: Path) -> list[dict]:
    """Each bad file imported between two good ones, into a fresh database."""
    rows = []
    good = _good_files()
    for name, (content, some_good) in _bad_files().items():
        folder = work / f"sweep-{len(rows)}"
        folder.mkdir()
        path = Path(os.fsdecode(os.fsencode(folder / name)))
        if content is None:
            path.mkdir()
        else:
            path.write_bytes(content)
        db = work / f"sweep-{len(rows)}.db"
        done, seconds = _cli(["import", str(good[0]), str(path), str(good[1])], db)
        errors = [line for line in done.stderr.splitlines() if line.strip()]
        with sqlite3.connect(db) as conn:
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        shown = os.fsencode(path).decode("utf-8", "replace")
        row = {
            "file": shown.rsplit("/", 1)[-1], "exit": done.returncode, "seconds": round(seconds, 2),
            "error_lines": len(errors), "names_file": bool(errors) and all(
                line.startswith("corroborator: error: ") and shown.rsplit("/", 1)[-1] in line
                for line in errors),
            "articles": articles, "good_files_imported": articles >= 2,
            "summary_printed": "imported" in done.stdout, "integrity": integrity,
            "traceback": "Traceback" in done.stderr, "first_error": errors[0] if errors else "",
        }  # fmt: skip
        row["ok"] = (
            row["good_files_imported"] and row["summary_printed"] and integrity == "ok"
            and not row["traceback"] and (row["names_file"] or (some_good and not errors))
            and (articles > 2) == some_good
        )  # fmt: skip
        rows.append(row)
        print(f"  {row['file']:<28} exit {done.returncode}  {len(errors)} error line(s)  "
              f"{articles} articles  {'ok' if row['ok'] else 'FAIL'}", flush=True)  # fmt: skip
    return rows


# --- kill -9 of analyze --------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _kill_corpus(work: Path, n: int) -> Path:
    """A database of `n` articles: the demo corpus, each article several times with its
    numbers changed, so that the analysis takes long enough to be killed mid-way."""
    from analysis.demo import demo_files

    folder = work / "kill-corpus"
    folder.mkdir(exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in demo_files() if p.suffix == ".txt"]
    for i in range(n):
        body = texts[i % len(texts)].replace("0", str(i % 10))
        (folder / f"a{i:03d}.txt").write_text(f"Copy {i} of a report.\n\n{body}", encoding="utf-8")
    db = work / "kill.db"
    done, _ = _cli(["import", str(folder)], db)
    if done.returncode != 0:
        raise RuntimeError(f"import for the kill test failed: {done.stderr.strip()[-300:]}")
    return db


def kill_sweep(work: Path, kills: int, articles: int = 120) -> dict:
    """`kills` runs of `analyze` (two workers) each killed with SIGKILL after a random delay."""
    db = _kill_corpus(work, articles)
    env = {**os.environ, "CORROBORATOR_DB": str(db), "CORROBORATOR_WORKERS": "2",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    started = time.perf_counter()
    subprocess.run([*CLI, "analyze"], env=env, capture_output=True, cwd=ROOT, timeout=1800)
    full = time.perf_counter() - started
    rng = random.Random(10)
    runs = []
    for n in range(kills):
        proc = subprocess.Popen([*CLI, "analyze"], env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        delay = rng.uniform(0.2, max(0.5, full * 0.9))
        children: set[int] = set()
        deadline = time.perf_counter() + delay
        while time.perf_counter() < deadline and proc.poll() is None:
            children.update(_children(proc.pid))
            time.sleep(0.05)
        children.update(_children(proc.pid))
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(5)
        orphans = [p for p in children if _alive(p)]
        for pid in orphans:
            os.kill(pid, signal.SIGKILL)
        with sqlite3.connect(db) as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        runs.append({"run": n, "delay_s": round(delay, 2), "finished_before_kill": finished,
                     "workers_seen": len(children), "orphans_after_5s": len(orphans),
                     "integrity": integrity})  # fmt: skip
        print(f"  kill {n}: after {delay:.1f} s, {len(children)} workers seen, "
              f"{len(orphans)} orphans after 5 s, integrity {integrity}", flush=True)  # fmt: skip
    return {"full_analyze_s": round(full, 1), "articles": articles, "runs": runs,
            "orphans": sum(r["orphans_after_5s"] for r in runs),
            "integrity_ok": all(r["integrity"] == "ok" for r in runs)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.soak_inputs", description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="timing,sweep,kill", help="comma-separated parts")
    parser.add_argument("--quick", action="store_true", help="guard shapes only, 3 kills")
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = parts - {"timing", "sweep", "kill"}
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.soak_inputs " + " ".join(argv or sys.argv[1:]),
    }
    failed = False
    with tempfile.TemporaryDirectory(prefix="soak-inputs-") as tmp:
        work = Path(tmp)
        if "timing" in parts:
            print("timing (10 kB vs 100 kB of each shape):", flush=True)
            shapes = list(GUARD_SHAPES) if args.quick else list(SHAPES)
            result["timing"] = timing_table(shapes)
            print("end to end:", flush=True)
            result["end_to_end"] = end_to_end(work)
            failed |= any(r["total_s"] >= 10 for r in result["end_to_end"][:1])
        if "sweep" in parts:
            print("bad-input sweep:", flush=True)
            result["sweep"] = sweep(work)
            failed |= not all(r["ok"] for r in result["sweep"])
        if "kill" in parts:
            print("kill -9 of analyze:", flush=True)
            result["kill"] = kill_sweep(work, 3 if args.quick else args.kills)
            failed |= bool(result["kill"]["orphans"]) or not result["kill"]["integrity_ok"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
