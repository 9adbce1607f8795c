"""App-wide behaviour: background jobs that report progress, fail, or are cancelled."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import Label
from tui_fixtures import REVIEWER, Built, async_test, capture_notifications

from store import Store, StoreError
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.widgets.job_panel import JobPanel

SIZE = (120, 40)


async def wait_for(event: threading.Event) -> None:
    """Block on a thread event without blocking the app's event loop."""
    assert await asyncio.get_running_loop().run_in_executor(None, event.wait, 10)


@dataclass
class Summary:
    articles: int
    flags: int


def fake_pipeline(
    monkeypatch: pytest.MonkeyPatch,
    analyze: Callable[..., object],
) -> None:
    module = types.ModuleType("analysis.pipeline")
    module.analyze = analyze  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "analysis.pipeline", module)


@async_test
async def test_reanalyse_runs_in_a_thread_with_its_own_store_and_reports_progress(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached, proceed = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def analyze(store: Store, *, progress: Callable[[str, int, int], None],
                should_stop: Callable[[], bool]) -> Summary:  # fmt: skip
        seen["thread"] = threading.get_ident()
        seen["store"] = store
        progress("segment", 1, 4)
        progress("align", 2, 4)
        reached.set()
        assert proceed.wait(10)
        return Summary(articles=store.counts().articles, flags=store.counts().flags)

    fake_pipeline(monkeypatch, analyze)
    app = ReviewApp(built.path, REVIEWER)
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+a")
        await wait_for(reached)
        await pilot.pause()
        assert app.job is not None and (app.job.stage, app.job.done, app.job.total) == (
            "align", 2, 4,
        )  # fmt: skip
        panel = app.screen.query_one(JobPanel)
        assert panel.has_class("-running")
        assert "Analysis: align" in str(panel.query_one("#job-label", Label).content)
        await pilot.press("down")  # the UI keeps answering while the job runs
        proceed.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.job is None
        assert not panel.has_class("-running")
    assert seen["thread"] != threading.get_ident()
    assert seen["store"] is not app.store
    assert "Analysis finished: articles 5, flags 8" in notes


@async_test
async def test_reanalyse_can_be_cancelled(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    started, stopped = threading.Event(), threading.Event()

    def analyze(store: Store, *, progress: Callable[[str, int, int], None],
                should_stop: Callable[[], bool]) -> None:  # fmt: skip
        started.set()
        deadline = time.monotonic() + 10
        while not should_stop() and time.monotonic() < deadline:
            progress("align", 0, 0)
            time.sleep(0.005)  # a stage doing work between checkpoints
        if should_stop():
            stopped.set()

    fake_pipeline(monkeypatch, analyze)
    app = ReviewApp(built.path, REVIEWER)
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+a")
        await wait_for(started)
        await pilot.press("ctrl+a")  # a second run is refused while one is going
        await pilot.press("ctrl+g")
        await wait_for(stopped)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.job is None
    assert "Analysis cancelled" in notes
    assert any("already running" in n for n in notes)


@async_test
async def test_reanalyse_without_a_pipeline_says_so(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "analysis.pipeline", None)  # import fails
    app = ReviewApp(built.path, REVIEWER)
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.job is None
    assert notes == ["Analysis: the analysis pipeline is not part of this build yet"]


@async_test
async def test_a_failing_pipeline_opens_an_error_dialog(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    def analyze(store: Store, **_: object) -> None:
        raise RuntimeError("detector exploded")

    fake_pipeline(monkeypatch, analyze)
    app = ReviewApp(built.path, REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "detector exploded" in str(app.screen.query_one("#error-text").content)
        await pilot.press("escape")
        assert isinstance(app.screen, ClaimsScreen)


@async_test
async def test_analyze_on_start(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    fake_pipeline(monkeypatch, lambda store, **_: calls.append(1))
    app = ReviewApp(built.path, REVIEWER, analyze_on_start=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert calls == [1]


@async_test
async def test_export_runs_in_a_child_process_and_can_fail_or_be_cancelled(
    built: Built, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    scripts = iter(
        [
            "import sys; open(sys.argv[2], 'w').write(sys.argv[1])",
            "import sys; sys.exit('export: no such format')",
            "import time; time.sleep(30)",
        ]
    )

    def command(self: ReviewApp, fmt: str, path: Path) -> list[str]:
        return [sys.executable, "-c", next(scripts), fmt, str(path)]

    monkeypatch.setattr(ReviewApp, "export_command", command)
    app = ReviewApp(built.path, REVIEWER)
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e", "down", "enter", "enter")  # csv, default file name
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+e", "enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+e", "enter", "enter")
        await pilot.pause()
        assert app.job is not None and app.job.name == "Export"
        await pilot.press("ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.job is None
    assert (tmp_path / "review-export.csv").read_text() == "csv"
    assert notes[:3] == [
        "Exported csv to review-export.csv",
        "Export: export: no such format",
        "Export cancelled",
    ]


def test_a_foreign_file_is_refused_before_the_terminal_is_taken(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("not sqlite at all, " * 100)
    with pytest.raises(StoreError, match="not a corroborator database"):
        ReviewApp(bad, REVIEWER)
