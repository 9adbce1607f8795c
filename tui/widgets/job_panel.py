"""A one-line progress strip for background work, shown on every screen while a job runs."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


@dataclass(frozen=True, slots=True)
class JobState:
    """What the running job last reported; `total` None while it cannot tell."""

    name: str
    stage: str = "starting"
    done: int = 0
    total: int | None = None


class JobPanel(Horizontal):
    """Mirrors the app's `job` reactive; hidden when nothing runs."""

    DEFAULT_CSS = """
    JobPanel { height: 1; display: none; background: $boost; }
    JobPanel.-running { display: block; }
    JobPanel #job-label { width: 1fr; padding: 0 1; color: $text-primary; }
    JobPanel ProgressBar { width: auto; padding-right: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="job-label")
        yield ProgressBar(total=None, show_eta=False, id="job-bar")

    def on_mount(self) -> None:
        self.watch(self.app, "job", self.show_job, init=True)

    def show_job(self, job: JobState | None) -> None:
        self.set_class(job is not None, "-running")
        if job is None:
            return
        self.query_one("#job-label", Label).update(f"{job.name}: {job.stage}")
        bar = self.query_one("#job-bar", ProgressBar)
        bar.update(total=job.total if job.total else None, progress=job.done)
