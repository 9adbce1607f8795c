"""Sources: each outlet's reliability with its 90 % interval, a machine-translated outlet's
translation errors beside it, the evidence behind both (Enter opens it), and its articles."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist
from textual.worker import Worker, WorkerState

from analysis.scoring import EvidenceItem, SourceScore, score_sources
from store import Store
from store.rows import ArticleRow, SourceFacts
from tui import keys
from tui.screens.base import ArticleTarget, NoteTarget, ReviewScreen, clip, plural
from tui.screens.modals import PromptScreen
from tui.widgets.score_bar import score_bar, score_style

Scored = tuple[tuple[object, ...], list[SourceFacts], list[SourceScore]]
"""What a scoring worker returns: the store state it read, the outlets, their scores."""


def score_snapshot(store: Store) -> Scored:
    """Every outlet scored, with the outlets' facts and the marker of the state they are of:
    both read in one snapshot, so a decision committed meanwhile is in neither (the marker has
    moved when the screen compares it, and it scores again) rather than scored under the older
    marker."""
    with store.snapshot():
        marker = store.scoring_marker()
        facts = store.scoring_input()
    return marker, list(facts.sources), score_sources(facts)


class SourcesScreen(ReviewScreen):
    """Who reports reliably: corroborated against contradicted claims and confirmed flags.

    Scoring reads every claim that can move a score (180,000 on 10,000 articles: about 5 s), so
    it runs in a thread worker on its own connection while the table shows a loading indicator;
    the screen stays usable and a newer state of the database starts a newer scoring."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.SOURCES]
    REVIEW_ACTIONS = frozenset({"note"})
    MODE = "sources"
    AUTO_FOCUS = "#sources"

    def __init__(self) -> None:
        super().__init__(id="sources")
        self._scores: dict[str, SourceScore] = {}
        self._stats: dict[str, SourceFacts] = {}
        self._evidence: list[EvidenceItem] = []
        self._articles: list[ArticleRow] = []
        self._listed: str | None = None  # the outlet whose evidence and articles are listed
        self._bar_width_now = 0
        self._name_width = name_width(0)
        self._ready = False
        self._marker: tuple[object, ...] | None = None  # store state the scores were read at
        self._scoring: tuple[object, ...] | None = None  # store state a worker is scoring now
        self._facts_sources: list[SourceFacts] = []
        self._ranked: list[SourceScore] = []

    def compose_body(self) -> ComposeResult:
        with Vertical(id="sources-pane", classes="pane") as pane:
            pane.border_title = "Sources"
            pane.border_subtitle = "reliability: Beta posterior"
            yield DataTable(id="sources", cursor_type="row")
        with Horizontal(id="source-detail"):
            with Vertical(id="source-evidence-pane", classes="pane") as pane:
                pane.border_title = "Evidence"
                yield DataTable(id="source-evidence", cursor_type="row")
            with Vertical(id="source-articles-pane", classes="pane") as pane:
                pane.border_title = "Articles"
                yield DataTable(id="source-articles", cursor_type="row")
        yield Static("", id="source-legend")

    def on_mount(self) -> None:
        self._setup_columns()
        articles = self.query_one("#source-articles", DataTable)
        articles.add_column("title", key="title")
        articles.add_column("published", key="published", width=10)
        articles.add_column("words", key="words", width=6)
        articles.add_column("garble", key="garble", width=6)
        self._ready = True
        self.reload()

    def _setup_columns(self) -> None:
        table = self.query_one("#sources", DataTable)
        self._name_width = name_width(self.app.size.width)
        table.add_column("source", key="name", width=self._name_width)
        table.add_column("MT", key="mt", width=2)
        self._bar_width_now = self._bar_width()
        table.add_column("score", key="bar", width=self._bar_width_now)
        table.add_column("mean", key="score", width=4)
        table.add_column("90 %", key="band", width=9)
        table.add_column("✓", key="corr", width=3)
        table.add_column("✗", key="contra", width=3)
        table.add_column("MT err/1k", key="mt_errors", width=9)

    def _bar_width(self) -> int:
        return 24 if self.app.size.width >= 110 else 12

    def reload(self) -> None:
        if not self._ready:
            return
        marker = self.store.scoring_marker()
        if marker != self._marker:  # unchanged: the scores still hold
            if marker != self._scoring:  # (mounting, then resuming, asks twice)
                self._scoring = marker
                self.query_one("#sources", DataTable).loading = True
                self.set_status("scoring the outlets…")
                self._score()
            return
        self._show_scores()

    @work(thread=True, exclusive=True, exit_on_error=False, group="scores")
    def _score(self) -> Scored:
        """Score every outlet on a connection of this thread's own (the one the state came
        from, read first: a change meanwhile makes the screen score again)."""
        with Store.open(self.ctx.db_path, create=False) as store:
            return score_snapshot(store)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "scores" or event.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
            WorkerState.CANCELLED,  # a newer scoring replaced it
        ):
            return
        event.stop()
        self._scoring = None
        self.query_one("#sources", DataTable).loading = False
        if event.state == WorkerState.ERROR:
            self.notify(f"Sources not scored: {event.worker.error}", severity="error")
            return
        self._marker, self._facts_sources, self._ranked = event.worker.result
        self._show_scores()
        if self.store.scoring_marker() != self._marker:  # decided on meanwhile
            self.reload()

    def _show_scores(self) -> None:
        """Fill the outlet table from the scores last computed, keeping the cursor."""
        table = self.query_one("#sources", DataTable)
        key = self._current_source_key()
        self._stats = {str(s.source_id): s for s in self._facts_sources}
        by_name = {s.name: str(s.source_id) for s in self._facts_sources}
        scores = self._ranked
        self._scores = {by_name[s.name]: s for s in scores}
        table.clear()
        width = self._bar_width()
        for s in scores:
            sid = by_name[s.name]
            against = len([e for e in s.reliability_items if e.weight < 0])
            table.add_row(
                Content.styled(clip(s.name, self._name_width), "bold"),
                Content.styled("MT", "bold $text-secondary") if s.machine_translated else "",
                score_bar(s.score, s.low, s.high, width, self.glyphs),
                Content.styled(f"{s.score:.2f}", f"bold {score_style(s.score)}"),
                f"{s.low:.2f}–{s.high:.2f}",
                str(s.corroborated),
                Content.styled(str(against), "$text-error") if against else "0",
                _mt_cell(s),
                key=sid,
            )
        if key and key in table.rows:
            table.move_cursor(row=table.get_row_index(key), animate=False)
        self.set_status(plural(len(scores), "outlet"))
        self._show_articles(self._current_source_key())
        g = self.glyphs
        bar = f"{g.bar_out * 2}{g.bar_in * 2}{g.bar_mean}{g.bar_in * 2}{g.bar_out}"
        self.query_one("#source-legend", Static).update(
            Content.assemble(
                "0 ", (bar, "bold"), " 1  thick: 90 % interval, dot: mean",
                "  ·  ✓/✗ evidence for/against  ·  MT err/1k: confirmed translation errors"
                " (not held against reliability)",
            )
        )  # fmt: skip

    def _current_source_key(self) -> str | None:
        table = self.query_one("#sources", DataTable)
        if not table.row_count:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except CellDoesNotExist:  # columns being rebuilt after a resize
            return None

    def _show_evidence(self, key: str | None) -> None:
        """Every item behind the selected outlet's figures, with its weight. The why (the
        reason an item counts) is given the room it needs and the quote what is left: the
        quote is only a pointer (Enter opens it), the why was cut on a 100-column screen."""
        table = self.query_one("#source-evidence", DataTable)
        was = _kept_row(table, [_item_key(e) for e in self._evidence], key == self._listed)
        table.clear(columns=True)
        score = self._scores.get(key or "")
        self._evidence = list(score.evidence) if score else []
        quote_width, why_width = evidence_widths(
            table.size.width or self.app.size.width * 2 // 3 - 2,
            max((len(e.reason) for e in self._evidence), default=3),
        )
        table.add_column("weight", key="weight", width=7)
        table.add_column("quote", key="quote", width=quote_width)
        table.add_column("why", key="why", width=why_width)
        pane = self.query_one("#source-evidence-pane")
        pane.border_title = f"Evidence · {len(self._evidence)}" if score else "Evidence"
        for n, e in enumerate(self._evidence):
            if e.figure == "reliability":
                weight = Content.styled(f"{e.weight:+.1f}", "$text-success" if e.weight > 0
                                        else "$text-error")  # fmt: skip
            else:
                weight = Content.styled("MT err", "$text-warning")
            # a why longer than its column wraps (the row grows) rather than being cut
            table.add_row(weight, clip(e.quote, quote_width), e.reason, key=str(n), height=None)
        _restore_row(table, [_item_key(e) for e in self._evidence], was)

    def _show_articles(self, key: str | None) -> None:
        """The outlet's evidence and articles. Shown again for the same outlet (a resize, a
        reload, a decision that scored it again), each table keeps its cursor on the item or
        article it was on: a reviewer going through them one by one keeps the place."""
        self._show_evidence(key)
        articles = self.query_one("#source-articles", DataTable)
        was = _kept_row(articles, [a.id for a in self._articles], key == self._listed)
        self._listed = key
        articles.clear()
        stats = self._stats.get(key or "")
        pane = self.query_one("#source-articles-pane")
        if stats is None:
            self._articles = []
            pane.border_title = "Articles"
            return
        self._articles = self.store.articles(stats.source_id)
        pane.border_title = f"Articles · {stats.name} · {len(self._articles)}"
        notes = self.store.notes("source", stats.name)  # made with `m`, kept through renames
        shown = " · ".join(n.note for n in notes)
        pane.border_subtitle = clip(f"note: {shown}", 100) if notes else ""
        for a in self._articles:
            articles.add_row(
                clip(a.title or a.file_name or f"article {a.id}", 200),
                a.published or "",
                str(a.word_count),
                f"{a.garble:.2f}" if a.garble is not None else "",
                key=str(a.id),
            )
        _restore_row(articles, [a.id for a in self._articles], was)

    @on(DataTable.RowHighlighted, "#sources")
    def _source_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = str(event.row_key.value)
        # refilling the table posts one for its first row, then one for the cursor put back:
        # only the outlet under the cursor now is shown
        if key == self._current_source_key():
            self._show_articles(key)

    @on(DataTable.RowSelected, "#sources")
    def _source_selected(self) -> None:
        if self._articles:
            self.query_one("#source-articles", DataTable).focus()

    @on(DataTable.RowSelected, "#source-evidence")
    def _evidence_selected(self, event: DataTable.RowSelected) -> None:
        item = self._evidence[int(str(event.row_key.value))]
        self.ctx.open_article(item.article_id, item.start, item.end)

    @on(DataTable.RowSelected, "#source-articles")
    def _article_selected(self, event: DataTable.RowSelected) -> None:
        self.ctx.open_article(int(str(event.row_key.value)))

    def action_focus_sources(self) -> None:
        self.query_one("#sources", DataTable).focus()

    def action_rename(self) -> None:
        stats = self._stats.get(self._current_source_key() or "")
        if stats is None:
            return
        old = stats.name

        def ask(value: str) -> None:
            context = f"New name for “{old}”:"
            self.app.push_screen(PromptScreen("Rename outlet", value=value, context=context), save)

        def save(new: str | None) -> None:
            if new is not None and not new.strip():  # entered blank, not cancelled: say so
                self.notify(f"An outlet needs a name: it stays “{old}”", severity="warning")
                return
            new = (new or "").strip()
            if new and new != old:
                self._guard(
                    lambda: self.store.rename_source(old, new, self.ctx.reviewer),
                    f"“{old}” is now “{new}” (u undoes it)",
                    retry=lambda _error: ask(new),  # refused (locked, say): the name typed is kept
                    then=lambda _saved: self.after_decision(),
                )

        ask(old)

    def on_resize(self) -> None:
        table = self.query_one("#sources", DataTable)
        if not self._ready:
            return
        if (self._bar_width_now, self._name_width) != (
            self._bar_width(),
            name_width(self.app.size.width),
        ):
            table.clear(columns=True)
            self._setup_columns()
            self.reload()
        else:  # the evidence columns follow the pane's width
            self.call_after_refresh(self._show_evidence, self._current_source_key())

    def article_target(self) -> ArticleTarget | None:
        evidence = self.query_one("#source-evidence", DataTable)
        if self.focused is evidence and self._evidence:
            item = self._evidence[min(evidence.cursor_row, len(self._evidence) - 1)]
            return ArticleTarget(item.article_id, item.start, item.end)
        articles = self.query_one("#source-articles", DataTable)
        if not self._articles:
            return None
        index = articles.cursor_row if self.focused is articles else 0
        return ArticleTarget(self._articles[min(index, len(self._articles) - 1)].id)

    def note_target(self) -> NoteTarget | None:
        key = self._current_source_key()
        stats = self._stats.get(key or "")
        return NoteTarget("source", stats.name, f"Source: {stats.name}") if stats else None


def _mt_cell(s: SourceScore) -> Content | str:
    if s.translation_errors_per_1000_words is None:
        return ""
    text = f"{s.translation_errors} · {s.translation_errors_per_1000_words:.1f}"
    return Content.styled(text, "$text-warning") if s.translation_errors else text


SOURCE_COLUMNS = 2 + 24 + 4 + 9 + 3 + 3 + 9 + 8 * 2 + 4
"""The outlet table besides the name: the other columns (the score bar at its widest), their
cell padding, borders and scroll bar."""


def name_width(screen_width: int) -> int:
    """The outlet name column: 16 on a narrow screen, up to 28 (most outlet names whole)."""
    return max(16, min(28, screen_width - SOURCE_COLUMNS))


def _item_key(item: EvidenceItem) -> tuple[object, ...]:
    """An evidence item's identity across a new scoring (its weight and why may change)."""
    return (item.figure, item.target_type, item.target, item.article_id, item.start)


def _kept_row(table: DataTable, keys: list[Any], same: bool) -> tuple[Any, int] | None:
    """What the cursor is on (its item's key and row), to put it back after the table is
    filled again for the same outlet; None for another outlet (it starts at the top)."""
    row = table.cursor_row
    if not same or not table.row_count or not 0 <= row < len(keys):
        return None
    return keys[row], row


def _restore_row(table: DataTable, keys: list[Any], was: tuple[Any, int] | None) -> None:
    """The cursor back on the item it was on, or, when that one is gone, on its row."""
    if was is None or not keys:
        return
    key, row = was
    row = keys.index(key) if key in keys else min(row, len(keys) - 1)
    table.move_cursor(row=row, animate=False)


def evidence_widths(room: int, longest_why: int) -> tuple[int, int]:
    """Widths of the Evidence table's quote and why columns in a table `room` wide (the weight
    column, cell padding and scroll bar taken out): the why as wide as its longest text (a
    longer one wraps), the quote at least 12 wide, the rest to the quote."""
    free = max(room - 7 - 3 * 2 - 2, 24)
    why = min(max(longest_why, 3), free - 12)
    return free - why, why
