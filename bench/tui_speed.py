"""How fast the review TUI feels on a big database: first paint and one cursor move.

Drives `tui.app.ReviewApp` headless with Textual's Pilot on the 2,225-article BBC database that
bench/scale.py leaves behind (built here the same way when it is missing). First paint is the time
from constructing the app (which opens the store) until the Claims screen is mounted and its
cluster list has rows; it is measured on several fresh app instances. A cursor move is one "down"
key press plus `pilot.pause()`, which includes the highlight handler that loads the cluster's
members and flags (Claims) or the flag card (Flags). A search is the Enter key in the Claims
screen's search box (the query typed beforehand) plus `pilot.pause()`: the full-text query, the
cluster count and the first page of rows. Opening Sources is the "s" key until the outlet table has
rows (every outlet's counts and score). Headless, so terminal output cost is not in these numbers.

Run: `.venv/bin/python -m bench.tui_speed [--db FILE] [--moves 50] [--repeats 3]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._data import ROOT

TARGET_FIRST_PAINT = 1.0
TARGET_MOVE = 0.050
TARGET_SEARCH = 0.300
SEARCHES = ("government", "said", "minister", "police")  # common words: large result sets
SIZE = (160, 48)
REVIEWER = "bench"
RESULTS = ROOT / "bench" / "results" / "tui.json"
POLL_LIMIT = 60.0
POLL_S = 0.01


def summarise(samples: list[float]) -> dict[str, float]:
    """Median, 90th percentile and max of timings (seconds), rounded to the microsecond."""
    if not samples:
        return {}
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "n": len(samples),
        "median_s": round(statistics.median(ordered), 6),
        "p90_s": round(p90, 6),
        "max_s": round(ordered[-1], 6),
        "first_s": round(samples[0], 6),
    }


async def _wait_rows(pilot: Any, app: Any, screen_name: str, table_id: str) -> int:
    """Pause until `screen_name` is the active screen and `#table_id` has rows; the row count.

    Polls every POLL_S: a bare `pilot.pause()` loop would spin the event loop meanwhile and add
    its own CPU to the time of a screen that fills from a worker thread (Sources)."""
    deadline = time.perf_counter() + POLL_LIMIT
    while time.perf_counter() < deadline:
        screen = app.screen
        if type(screen).__name__ == screen_name:
            tables = screen.query(f"#{table_id}")
            if tables and tables.first().row_count > 0:
                return int(tables.first().row_count)
        await pilot.pause(POLL_S)
    raise TimeoutError(f"{screen_name} #{table_id} had no rows after {POLL_LIMIT:.0f} s")


async def _moves(
    pilot: Any, count: int, screen: Any = None, handler: str | None = None
) -> dict[str, Any]:
    """`count` down-presses: wall time (press + pause), process CPU time, and the time spent in
    the screen's highlight handler (`handler`, wrapped on the instance for the measurement)."""
    wall, cpu, inside = [], [], []
    spent = [0.0]
    if screen is not None and handler:
        original = getattr(screen, handler)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started

        setattr(screen, handler, timed)
    for _ in range(count):
        spent[0] = 0.0
        started, cpu_started = time.perf_counter(), time.process_time()
        await pilot.press("down")
        await pilot.pause()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        inside.append(spent[0])
    out: dict[str, Any] = {"wall": summarise(wall), "cpu": summarise(cpu)}
    if handler:
        out["handler"] = {"name": handler, **summarise(inside)}
    return out


async def _searches(pilot: Any, app: Any) -> dict[str, Any]:
    """Each of SEARCHES typed into the Claims search box, then Enter timed until the list shows
    the matching clusters; wall and process CPU time, and the matches' count per query."""
    wall, cpu, hits = [], [], {}
    for query in SEARCHES:
        await pilot.press("slash")
        box = app.screen.query_one("#search")
        box.value = query
        await pilot.pause()
        started, cpu_started = time.perf_counter(), time.process_time()
        await pilot.press("enter")
        await pilot.pause()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        hits[query] = app.screen.store.cluster_count(search=query)
        await pilot.press("escape")  # clear the search for the next query
        await pilot.pause()
    return {"wall": summarise(wall), "cpu": summarise(cpu), "clusters_found": hits}


async def _open_sources(pilot: Any, app: Any) -> dict[str, Any]:
    """The Sources screen from the Claims screen ("s") until its outlet table has rows."""
    started, cpu_started = time.perf_counter(), time.process_time()
    await pilot.press("s")
    rows = await _wait_rows(pilot, app, "SourcesScreen", "sources")
    return {
        "wall_s": round(time.perf_counter() - started, 6),
        "cpu_s": round(time.process_time() - cpu_started, 6),
        "outlets": rows,
    }


async def pilot_floor(moves: int, rows: int = 100) -> dict[str, Any]:
    """The same measurement on a bare DataTable app: what Pilot and Textual cost by themselves."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(" ", "src", "claim")
            for n in range(rows):
                table.add_row("*", "3", f"claim number {n} " * 8)

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await _moves(pilot, moves)


async def measure(db: Path, moves: int, repeats: int) -> dict[str, Any]:
    from tui.app import ReviewApp

    first_paint: list[float] = []
    first_paint_cpu: list[float] = []
    result: dict[str, Any] = {}
    for n in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        app = ReviewApp(db, REVIEWER)
        async with app.run_test(size=SIZE) as pilot:
            rows = await _wait_rows(pilot, app, "ClaimsScreen", "clusters")
            first_paint.append(time.perf_counter() - started)
            first_paint_cpu.append(time.process_time() - cpu_started)
            if n:
                continue
            result["claims_rows_loaded"] = rows
            result["claims_move"] = await _moves(pilot, moves, app.screen, "show_cluster")
            switch = time.perf_counter()
            await pilot.press("f")
            result["flags_rows_loaded"] = await _wait_rows(pilot, app, "FlagsScreen", "flags")
            result["flags_switch_s"] = round(time.perf_counter() - switch, 6)
            result["flags_move"] = await _moves(pilot, moves, app.screen, "_show_current")
            await pilot.press("c")
            await _wait_rows(pilot, app, "ClaimsScreen", "clusters")
            result["search"] = await _searches(pilot, app)
            result["sources_open"] = await _open_sources(pilot, app)
    result["first_paint"] = summarise(first_paint)
    result["first_paint_cpu"] = summarise(first_paint_cpu)
    result["pilot_floor_move"] = await pilot_floor(moves)
    return result


def _database_facts(db: Path) -> dict[str, int]:
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out = {}
        for table in ("articles", "sentences", "clusters", "flags"):
            out[table] = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out
    finally:
        con.close()


def ensure_db(db: Path | None) -> Path:
    """The database to time: the given one, or scale.py's 2,225-article one (built if missing)."""
    if db is not None:
        if not db.exists():
            raise SystemExit(f"error: no database at {db}")
        return db
    from bench import scale

    if not scale.TUI_DB.exists():
        print(f"building {scale.TUI_DB} (import + analyse 2,225 BBC articles) ...", flush=True)
        scale.WORK_DIR.mkdir(parents=True, exist_ok=True)
        paths = scale.bbc_paths()
        row = scale.run_size("bbc-2225", paths, None, keep_db=scale.TUI_DB)
        if "error" in row:
            raise SystemExit(f"error: could not build the database: {row['error']}")
    return scale.TUI_DB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to time (default: scale.py's)")
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3, help="fresh apps for first paint")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    db = ensure_db(args.db)
    result = asyncio.run(measure(db, args.moves, max(1, args.repeats)))
    facts = _database_facts(db)
    paint = result["first_paint"]["median_s"]
    verdicts = [
        f"first paint median {paint * 1000:.0f} ms wall, "
        f"{result['first_paint_cpu']['median_s'] * 1000:.0f} ms CPU "
        f"(target < {TARGET_FIRST_PAINT * 1000:.0f} ms): "
        f"{'met' if paint < TARGET_FIRST_PAINT else 'MISSED'}"
    ]
    floor = result["pilot_floor_move"]
    for name in ("claims_move", "flags_move"):
        m = result[name]
        wall, cpu = m["wall"]["median_s"], m["cpu"]["median_s"]
        verdicts.append(
            f"{name.replace('_', ' ')}: press+pause wall median {wall * 1000:.1f} ms "
            f"(bare DataTable app: {floor['wall']['median_s'] * 1000:.1f} ms), CPU median "
            f"{cpu * 1000:.1f} ms (bare: {floor['cpu']['median_s'] * 1000:.1f} ms), handler "
            f"{m['handler']['median_s'] * 1000:.1f} ms (max {m['handler']['max_s'] * 1000:.1f});"
            f" target < {TARGET_MOVE * 1000:.0f} ms on CPU: "
            f"{'met' if cpu < TARGET_MOVE else 'MISSED'}"
        )
    search = result["search"]["wall"]["median_s"]
    verdicts.append(
        f"search (Enter to list shown) median {search * 1000:.0f} ms wall, "
        f"{result['search']['cpu']['median_s'] * 1000:.0f} ms CPU, max "
        f"{result['search']['wall']['max_s'] * 1000:.0f} ms (target < "
        f"{TARGET_SEARCH * 1000:.0f} ms): {'met' if search < TARGET_SEARCH else 'MISSED'}"
    )
    verdicts.append(
        f"Sources screen open {result['sources_open']['wall_s'] * 1000:.0f} ms wall, "
        f"{result['sources_open']['cpu_s'] * 1000:.0f} ms CPU, "
        f"{result['sources_open']['outlets']} outlets"
    )
    print(f"database {db}: {facts}")
    print(json.dumps(result, indent=2))
    print("\n".join(verdicts))
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            [".venv/bin/python", "-m", "bench.tui_speed", *(sys.argv[1:] if argv is None else argv)]
        ),
        "db": str(db),
        "database": facts,
        "terminal_size": list(SIZE),
        **result,
        "verdicts": verdicts,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
