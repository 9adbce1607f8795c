"""A review killed mid-way loses nothing it reported as done: each decision is committed at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tui_fixtures import fixture_db

from store import Store

ROOT = Path(__file__).resolve().parent.parent

# Decides flag after flag through the review app's own key handling (headless), printing each
# decision only after the store call returned.
REVIEWER_PROCESS = r"""
import asyncio, sys
from pathlib import Path
from tui.app import ReviewApp

async def main() -> None:
    app = ReviewApp(Path(sys.argv[1]), "killed")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f", "t")  # the Flags screen, every status
        n = 0
        while True:
            await pilot.press("y" if n % 2 else "n")
            row = app.store.review_log(1)[0]
            print(row.id, row.target, row.decision, flush=True)
            n += 1
            if n % 8 == 0:
                await pilot.press("home")

asyncio.run(main())
"""


def test_sigkill_mid_review_keeps_every_printed_decision(tmp_path: Path) -> None:
    built = fixture_db(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", REVIEWER_PROCESS, str(built.path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    printed: list[tuple[int, str, str]] = []
    try:
        while len(printed) < 20:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "reviewer process died"
            review_id, target, decision = line.split()
            printed.append((int(review_id), target, decision))
    finally:
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    for line in rest.splitlines():  # printed before the kill, still in the pipe
        review_id, target, decision = line.split()
        printed.append((int(review_id), target, decision))

    with Store.open(built.path) as store:
        assert next(iter(store.db.query("PRAGMA integrity_check")))["integrity_check"] == "ok"
        log = {r.id: r for r in store.review_log(limit=10_000)}
        for review_id, target, decision in printed:
            assert (log[review_id].target, log[review_id].decision) == (target, decision)
            assert log[review_id].reviewer == "killed"
        # at most one decision was committed after the last line was printed
        assert len(log) - len(printed) in (0, 1)
        assert {t for _, t, _ in printed} <= set(built.flags.values())
