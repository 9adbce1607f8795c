"""The review app: five screens over one database, decisions written the moment they are made.

`run_review(db_path, reviewer)` is what the command line calls. The UI thread only reads and
records decisions; analysis and export run in thread workers with their own connections, report
progress as messages and stop when cancelled.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.worker import Worker, WorkerState, get_current_worker

from store import PendingAnalysis, Store, StoreError
from store.reviews import UndoConflict
from store.rows import ReviewRow
from tui import keys
from tui.config import Config
from tui.patient import StillWaiting, write_patiently
from tui.screens import ArticleScreen, ClaimsScreen, EntitiesScreen, FlagsScreen, SourcesScreen
from tui.screens.base import ReviewScreen
from tui.screens.compare import CompareScreen
from tui.screens.modals import ChoiceScreen, ErrorScreen, ExportScreen, HelpScreen
from tui.screens.search import SearchScreen
from tui.tables import describe_review, describe_step
from tui.widgets.glyphs import ASCII, UNICODE
from tui.widgets.job_panel import JobState

JOB_GROUPS = ("analysis", "export")
PENDING_CHECK_SECONDS = 5.0  # how often the top line looks for articles imported since
SCREEN_ACTIONS: dict[str, list[str]] = {
    "ClaimsScreen": ["search", "cycle_kind", "cycle_status", "toggle_multi", "clear_filters"],
    "FlagsScreen": ["toggle_select", "select_all", "cycle_kind", "cycle_status", "bulk"],
    "ArticleScreen": ["next_flag", "prev_flag", "back"],
    "SearchScreen": ["show_claim", "back"],
    "CompareScreen": ["next_other", "prev_other", "back"],
    "EntitiesScreen": ["merge", "split"],
}


class JobUnavailable(Exception):
    """The job's code is not part of this build (e.g. no analysis pipeline yet)."""


class JobFailed(Exception):
    """The job ran and failed; the message says why in one line."""


class ReviewCommands(Provider):
    """Command palette entries for every screen and action, found with the fuzzy matcher."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.app
        out: list[tuple[str, str, Callable[[], Any]]] = []
        seen: set[str] = set()
        for b in [*keys.SCREEN, *keys.APP]:
            if b.id in seen or not b.description:
                continue
            seen.add(b.id or b.action)
            name = f"Show {b.description}" if (b.id or "").startswith("screen.") else b.description
            out.append((name, b.tooltip, partial(app.run_action, b.action)))
        screen = self.screen
        if isinstance(screen, ReviewScreen):
            allowed = set(screen.REVIEW_ACTIONS) | set(
                SCREEN_ACTIONS.get(type(screen).__name__, [])
            )
            sections = (keys.REVIEW, keys.CLAIMS, keys.FLAGS, keys.ARTICLE, keys.SEARCH,
                        keys.COMPARE, keys.ENTITIES)  # fmt: skip
            for section in sections:
                for b in section:
                    if b.action in allowed and b.id not in seen:
                        seen.add(b.id or b.action)
                        out.append((b.description, b.tooltip, partial(screen.run_action, b.action)))
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class ReviewApp(App[None]):
    """Review one story's claims, flags, sources and entities."""

    CSS_PATH = "app.tcss"
    TITLE = "corroborator"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.APP]
    MODES: ClassVar[dict[str, Any]] = {
        "claims": ClaimsScreen,
        "flags": FlagsScreen,
        "sources": SourcesScreen,
        "entities": EntitiesScreen,
    }
    DEFAULT_MODE = "claims"
    COMMANDS = App.COMMANDS | {ReviewCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012

    job: var[JobState | None] = var(None)
    """The background job in progress, None when idle."""
    pending_notice: var[str] = var("")
    """What the top line says while articles are imported or edited since the last analysis."""
    waiting_write: var[str] = var("")
    """Set while a reviewer's change waits for another program's write lock (ReviewScreen._guard
    tries it again from a timer); no other change starts meanwhile, so changes keep their order."""

    class JobProgress(Message):
        """A worker's progress; a newer one replaces an older one still queued."""

        def __init__(self, name: str, stage: str, done: int, total: int | None) -> None:
            super().__init__()
            self.name = name
            self.stage = stage
            self.done = done
            self.total = total

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ReviewApp.JobProgress) and message.name == self.name

    def __init__(
        self,
        db_path: Path,
        reviewer: str,
        *,
        config: Config | None = None,
        analyze_on_start: bool = False,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.reviewer = reviewer
        self.config = config or Config()
        self.glyphs = ASCII if self.config.ascii else UNICODE
        self.analyze_on_start = analyze_on_start
        self.store = Store.open(self.db_path)  # fails here, before the terminal is taken over
        self.log_seen = self.store.last_review_id()
        """The review log as far as the screens last read it: other reviewers' later steps
        are announced on the top line until the screen is reloaded."""
        if self.config.keys:
            self.set_keymap(self.config.keys)

    # ---- lifecycle ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        theme = self.config.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(f"Unknown theme {theme!r} in the config", severity="warning")
        unknown = keys.unknown_ids(self.config.keys)
        if unknown:
            self.notify(
                f"Unknown key ids in the config: {', '.join(unknown)} (see ? for the list)",
                severity="warning",
            )
        self._warn_unfinished_analysis()
        self.check_pending_analysis()
        self.set_interval(PENDING_CHECK_SECONDS, self.check_pending_analysis)
        if self.analyze_on_start:
            self.action_reanalyse()

    def check_pending_analysis(self) -> None:
        """Say on the top line when articles were imported or edited (another `import` may run
        while the TUI is open) since the last analysis, and which key re-analyses."""
        if self.job is not None and self.job.name == "Analysis":
            self.pending_notice = ""  # the job panel shows it
            return
        try:
            pending = self.store.pending_analysis()
            others = self.store.others_since(self.log_seen, self.reviewer)
        except StoreError:
            return  # e.g. locked for a moment: the next check says it
        notices = [
            pending_text(pending, self.glyphs.conflict, self.config.keys),
            others_text(others, self.config.keys),
        ]
        self.pending_notice = " · ".join(n for n in notices if n)

    def _warn_unfinished_analysis(self) -> None:
        from tui.cli import UNFINISHED

        started = self.store.unfinished_analysis()
        if started:
            self.notify(UNFINISHED.format(started=started), severity="warning", timeout=10)

    def on_unmount(self) -> None:
        self.store.close()

    def format_title(self, title: str, sub_title: str) -> Content:
        base = super().format_title(title, sub_title)
        return Content.assemble(base, (f"  ·  {self.reviewer}", "dim"))

    # ---- navigation --------------------------------------------------------------------------

    def action_show(self, mode: str) -> None:
        self.switch_mode(mode)

    def open_article(
        self, article_id: int, start: int | None = None, end: int | None = None
    ) -> None:
        try:
            self.store.article(article_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        self.push_screen(ArticleScreen(article_id, start, end))

    def action_open_article(self) -> None:
        screen = self.screen
        target = screen.article_target() if isinstance(screen, ReviewScreen) else None
        if target is None:
            self.notify("Select a claim, a flag or an article first", timeout=2)
            return
        self.open_article(target.article_id, target.start, target.end)

    def action_compare(self) -> None:
        screen = self.screen
        pair = screen.compare_targets() if isinstance(screen, ReviewScreen) else None
        if pair is None:
            self.notify("Select a contradiction or a claim told by several outlets", timeout=2)
            return
        self.push_screen(CompareScreen(*pair))

    def action_search_all(self, query: str = "") -> None:
        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(query))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.config.keys))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_job":
            return self.job is not None
        if action == "open_article":
            return not isinstance(self.screen, ArticleScreen)
        if action == "compare":  # only where there is a flag or a claim to compare
            return isinstance(self.screen, ClaimsScreen | FlagsScreen | ArticleScreen)
        return True

    def watch_job(self) -> None:
        self.refresh_bindings()

    # ---- the review log ----------------------------------------------------------------------

    def mark_log_seen(self) -> None:
        """The screen now shows every step in the log: no other reviewer's step is news."""
        try:
            self.log_seen = self.store.last_review_id()
        except StoreError:
            return
        if self.pending_notice:
            self.check_pending_analysis()

    def _reload_screen(self) -> None:
        self.mark_log_seen()
        if isinstance(self.screen, ReviewScreen):
            try:
                self.screen.reload()
            except StoreError as exc:  # e.g. locked by another program for too long
                self.notify(str(exc), severity="error", title="Not reloaded")

    def action_refresh_data(self) -> None:
        self.check_pending_analysis()
        self._reload_screen()
        self.notify("Reloaded from the database", timeout=1.5)

    def action_undo(self) -> None:
        self._step(self.store.undo, "Undone", "Nothing to undo")

    def action_redo(self) -> None:
        self._step(self.store.redo, "Redone", "Nothing to redo")

    def _step(
        self,
        step: Callable[..., ReviewRow | None],
        verb: str,
        empty: str,
        skip: int | None = None,
        aside: str = "",
    ) -> None:
        """Undo or redo one step; `skip` sets a refused step aside first (`aside` says which).
        Not while a change still waits for the lock (write_patiently refuses it)."""

        def finish(row: ReviewRow | None, error: StoreError | None) -> None:
            if isinstance(error, UndoConflict):  # another reviewer decided since: offer skip
                if aside:
                    self.notify(aside, timeout=4)
                self._offer_skip(error, step, verb, empty)
            elif error is not None:  # locked for too long, or one still waits: nothing changed
                severity = "warning" if isinstance(error, StillWaiting) else "error"
                self.notify(str(error), severity=severity, title=f"Not {verb.lower()}")
            else:
                self._stepped(row, verb, empty, aside)

        write_patiently(self, self.store, lambda: step(self.reviewer, skip=skip), finish)

    def _stepped(self, row: ReviewRow | None, verb: str, empty: str, aside: str) -> None:
        """Say what an undo or redo did and show it."""
        if aside:
            self.notify(aside, timeout=4)
        if row is None:
            self.notify(empty.replace("Nothing", "Nothing else") if aside else empty, timeout=3)
            return
        try:  # a bulk step is many rows: say how many, not only the first
            rows = self.store.step_rows(row)
        except StoreError:
            rows = [row]
        # led by its decision, not by the note written with it (a verdict's scope is said there)
        lead = next((r for r in rows if r.action != "note"), row)
        also = f" and {len(rows) - 1} more of the same step" if len(rows) > 1 else ""
        self.notify(f"{verb}: {self.describe(lead)}{also}", timeout=3)
        self._reload_screen()
        if isinstance(self.screen, ReviewScreen):  # the cursor goes to what was restored
            self.screen.show_target(row.target_type, row.target)

    def _offer_skip(
        self,
        refused: UndoConflict,
        step: Callable[..., ReviewRow | None],
        verb: str,
        empty: str,
    ) -> None:
        """Say why the step cannot be taken back and offer to set it aside (its rows stay in
        the log) and take the reviewer's step before it instead; escape changes nothing."""
        op = refused.op
        choices: list[tuple[str, str | Content]] = [
            ("skip", f"Set it aside (kept in the log); {op} your step before it"),
            ("keep", "Keep it on the stack; change nothing"),
        ]
        yours = describe_step(self.store, refused.first)
        aside = f"Set aside: {yours} (kept in the log)"

        def chosen(choice: str | None) -> None:
            if choice == "skip":
                self._step(step, verb, empty, skip=refused.step, aside=aside)

        title = f"Cannot {op} {yours}"
        self.push_screen(ChoiceScreen(title, choices, str(refused)), chosen)

    def describe(self, row: ReviewRow) -> str:
        """A review-log row in words, e.g. `flag “Kim Jong-su” is open again`."""
        return describe_review(self.store, row)

    # ---- background jobs ---------------------------------------------------------------------

    def _job_running(self) -> bool:
        return any(w.group in JOB_GROUPS and w.is_running for w in self.workers)

    def action_reanalyse(self) -> None:
        if self._job_running():
            self.notify("A job is already running (ctrl+g cancels it)", severity="warning")
            return
        self.job = JobState("Analysis")
        self.check_pending_analysis()
        self.analyse_worker()

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def analyse_worker(self) -> object:
        """Run the analysis pipeline on its own connection, reporting progress as it goes."""
        worker = get_current_worker()
        try:
            pipeline = importlib.import_module("analysis.pipeline")
        except ImportError as exc:
            if isinstance(exc, ModuleNotFoundError) and exc.name not in (None, "analysis.pipeline"):
                raise
            raise JobUnavailable("the analysis pipeline is not part of this build yet") from None
        analyze = getattr(pipeline, "analyze", None)
        if analyze is None:
            raise JobUnavailable("the analysis pipeline has no analyze() yet")
        stopped: type[BaseException] | tuple[()] = getattr(pipeline, "AnalysisCancelled", ())

        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(self.JobProgress("Analysis", stage, done, total))

        with Store.open(self.db_path) as store:
            try:
                return analyze(store, progress=progress, should_stop=lambda: worker.is_cancelled)
            except stopped:
                return "Analysis cancelled"

    def action_export(self) -> None:
        if self._job_running():
            self.notify("A job is already running (ctrl+g cancels it)", severity="warning")
            return

        def start(choice: tuple[str, Path] | None) -> None:
            if choice is not None:
                self.job = JobState("Export", f"writing {choice[0]}")
                self.export_worker(*choice)

        self.push_screen(ExportScreen(self.db_path.stem), start)

    def export_command(self, fmt: str, path: Path) -> list[str]:
        """The command line's `export`, run as a child process so it can be stopped."""
        return [
            sys.executable, "-c", "from tui.cli import main; main()",
            "export", "--format", fmt, "--db", str(self.db_path), "-o", str(path),
        ]  # fmt: skip

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export_worker(self, fmt: str, path: Path) -> str:
        """Run the export in a child process (its own store), polling for cancellation."""
        worker = get_current_worker()
        with subprocess.Popen(
            self.export_command(fmt, path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        ) as proc:
            while True:
                try:
                    _, err = proc.communicate(timeout=0.2)
                    break
                except subprocess.TimeoutExpired:
                    if worker.is_cancelled:
                        proc.terminate()
                        proc.communicate()
                        return "cancelled"
        if proc.returncode != 0:
            lines = [line for line in (err or "").splitlines() if line.strip()]
            last = lines[-1] if lines else f"export exited with {proc.returncode}"
            raise JobFailed(last.removeprefix("corroborator: error: "))  # the toast says "Export:"
        return f"Exported {fmt} to {path}"

    def on_review_app_job_progress(self, message: ReviewApp.JobProgress) -> None:
        if self.job is not None and self.job.name == message.name:
            self.job = JobState(message.name, message.stage, message.done, message.total)

    def action_cancel_job(self) -> None:
        for w in self.workers:
            if w.group in JOB_GROUPS and w.is_running:
                w.cancel()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group not in JOB_GROUPS or event.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        ):
            return
        name = "Analysis" if worker.group == "analysis" else "Export"
        self.job = None
        self.check_pending_analysis()
        if event.state == WorkerState.SUCCESS:
            self.notify(_summary(name, worker.result), timeout=4)
            if worker.group == "analysis":
                self._reload_screen()
        elif event.state == WorkerState.CANCELLED:
            self.notify(f"{name} cancelled", severity="warning")
        elif isinstance(worker.error, JobUnavailable | JobFailed):
            self.notify(f"{name}: {worker.error}", severity="warning", timeout=6)
        else:
            self.push_screen(ErrorScreen(f"{name} failed", _error_text(worker.error)))


def pending_text(pending: PendingAnalysis, glyph: str, keymap: dict[str, str]) -> str:
    """The top line's warning while the analysis is behind, e.g. `⚠ 1 edited article, 2 entity
    changes not analysed (ctrl+a)`; "" when it is not."""
    if not pending:
        return ""
    parts = [f"{n} {what}" for n, what in ((pending.new, "new"), (pending.edited, "edited")) if n]
    n_articles = pending.new + pending.edited
    said = [f"{' + '.join(parts)} article{'s' if n_articles > 1 else ''}"] if parts else []
    if pending.entity_changes:
        n = pending.entity_changes
        said.append(f"{n} entity change{'s' if n > 1 else ''}")
    key = keymap.get("reanalyse", "ctrl+a").split(",")[0]
    return f"{glyph} {', '.join(said)} not analysed ({key})"


def others_text(others: dict[str, int], keymap: dict[str, str]) -> str:
    """The top line's news of other reviewers' steps since the screen was loaded, e.g.
    `ben: 2 new steps (r)`; "" when there are none."""
    if not others:
        return ""
    key = keymap.get("refresh", "r").split(",")[0]
    told = ", ".join(f"{who}: {n} new step{'s' if n > 1 else ''}" for who, n in others.items())
    return f"{told} ({key})"


def _summary(name: str, result: object) -> str:
    if isinstance(result, str):
        return result
    if result is None:
        return f"{name} finished"
    describe = getattr(result, "describe", None)
    if callable(describe):
        return f"{name}: {describe()}"
    fields = getattr(result, "__dataclass_fields__", None)
    if fields:
        parts = [f"{k.replace('_', ' ')} {getattr(result, k)}" for k in fields]
        return f"{name} finished: " + ", ".join(parts[:6])
    return f"{name} finished: {result}"


def _error_text(error: BaseException | None) -> str:
    if error is None:
        return "unknown error"
    if isinstance(error, StoreError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def run_review(db_path: Path, reviewer: str, *, analyze_on_start: bool = False) -> None:
    """Open the review app on `db_path` as `reviewer`, with the user's config."""
    from tui.config import load_config
    from tui.paths import remember_opened

    remember_opened(db_path)  # so `corroborator db-path` / `datasette` name it afterwards
    ReviewApp(db_path, reviewer, config=load_config(), analyze_on_start=analyze_on_start).run()
