"""Flags: the triage queue. Open flags, most confident first; select several, decide at once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import DataTable, Static

from analysis.model import FLAG_KINDS
from store.rows import FlagRow
from tui import keys
from tui.screens.base import ArticleTarget, NoteTarget, ReviewScreen, clip
from tui.widgets.cards import KIND_LABELS, KIND_STYLES, flag_card, status_text
from tui.widgets.glyphs import flag_glyph
from tui.widgets.paged_table import PagedTable, Row

STATUS_FILTERS: tuple[str | None, ...] = ("open", None, "accepted", "rejected", "corrected")
KIND_FILTERS: tuple[str | None, ...] = (None, *FLAG_KINDS)


def _cycle(values: tuple[str | None, ...], current: str | None) -> str | None:
    return values[(values.index(current) + 1) % len(values)]


class FlagsScreen(ReviewScreen):
    """Decide flags quickly: y/n on the cursor row or on every selected row."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.FLAGS]
    REVIEW_ACTIONS = frozenset({"accept", "reject", "correct", "note"})
    MODE = "flags"
    AUTO_FOCUS = "#flags"

    status: var[str | None] = var("open", init=False)
    """Which flags the queue holds: one status, or None for all."""
    kind: var[str | None] = var(None, init=False)
    """One kind of flag, or None for all."""

    def __init__(self) -> None:
        super().__init__(id="flags")
        self._rows: dict[str, FlagRow] = {}
        self.selected: set[str] = set()
        self._ready = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="flags-body", classes="pane") as pane:
            pane.border_title = "Flags"
            yield Static("", id="flag-filters", classes="pane-status")
            yield PagedTable(id="flags", page_size=100)
        with VerticalScroll(id="flag-detail", classes="pane") as detail:
            detail.border_title = "Flag"
            yield Static("", id="flag-card")

    def on_mount(self) -> None:
        table = self.query_one("#flags", PagedTable)
        table.add_column(" ", key="sel", width=1)
        table.add_column("kind", key="kind", width=17)
        table.add_column("conf", key="conf", width=4)
        table.add_column("quote", key="quote")
        table.add_column("source", key="source", width=14)
        table.add_column("status", key="status", width=9)
        self._ready = True
        self._refetch()

    # ---- rows --------------------------------------------------------------------------------

    def _cells(self, f: FlagRow) -> list[object]:
        g = self.glyphs
        sel = g.selected if f.fingerprint in self.selected else g.unselected
        kind = Content.styled(
            f"{flag_glyph(f.kind, g)} {KIND_LABELS.get(f.kind, f.kind)}",
            KIND_STYLES.get(f.kind, "") if f.status == "open" else "$text-muted",
        )
        quote = f.quote if f.other_quote is None else f"{f.quote} {g.differs} {f.other_quote}"
        return [
            Content.styled(sel, "bold $text-accent"),
            kind,
            f"{f.confidence:.0%}",
            clip(quote, 60),
            clip(f.source, 14),
            status_text(f.status),
        ]

    def _fetch(self, offset: int, limit: int) -> list[Row]:
        rows = self.store.flags(status=self.status, kind=self.kind, offset=offset, limit=limit)
        self._rows.update((f.fingerprint, f) for f in rows)
        return [(f.fingerprint, self._cells(f)) for f in rows]

    def _refetch(self) -> None:
        self._rows.clear()
        self.selected.clear()
        self.query_one("#flags", PagedTable).set_fetch(self._fetch)
        self._update_status_line()
        self._show_current()

    def _update_status_line(self) -> None:
        total = self.store.flag_count(kind=self.kind, status=self.status)
        parts = [
            f"{total} {self.status or 'all'} flags",
            KIND_LABELS.get(self.kind or "", "all kinds"),
        ]
        if self.selected:
            parts.append(f"{len(self.selected)} selected")
        self.query_one("#flag-filters", Static).update(" · ".join(parts))
        self.set_status(f"{self.store.flag_count(status='open')} open flags")

    def current_flag(self) -> FlagRow | None:
        key = self.query_one("#flags", PagedTable).current_key
        return self._rows.get(key or "")

    def _show_current(self) -> None:
        card = self.query_one("#flag-card", Static)
        flag = self.current_flag()
        if flag is None:
            card.update(Content.styled("Nothing to review here.", "$text-muted"))
            return
        parts = [flag_card(flag, self.glyphs, self.store.notes("flag", flag.fingerprint))]
        evidence = flag.evidence_dict
        if evidence:
            parts.append(Content.styled("evidence", "bold $text-muted"))
            for name, value in evidence.items():
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                parts.append(Content.assemble((f"  {name}: ", "$text-muted"), clip(text, 300)))
        card.update(Content("\n").join(parts))

    @on(DataTable.RowHighlighted, "#flags")
    def _highlighted(self) -> None:
        self._show_current()

    @on(DataTable.RowSelected, "#flags")
    def _selected(self) -> None:
        target = self.article_target()
        if target:
            self.ctx.open_article(target.article_id, target.start, target.end)

    # ---- targets -----------------------------------------------------------------------------

    def selected_flags(self) -> list[FlagRow]:
        if self.selected:
            table = self.query_one("#flags", PagedTable)
            order = [str(r.key.value) for r in table.ordered_rows]
            return [self._rows[fp] for fp in order if fp in self.selected and fp in self._rows]
        return super().selected_flags()

    def note_target(self) -> NoteTarget | None:
        flag = self.current_flag()
        if flag is None:
            return None
        return NoteTarget("flag", flag.fingerprint, f"Flag: “{clip(flag.quote, 60)}”")

    def article_target(self) -> ArticleTarget | None:
        flag = self.current_flag()
        return ArticleTarget(flag.article_id, flag.start, flag.end) if flag else None

    # ---- after a decision ----------------------------------------------------------------------

    def after_decision(self, flags: Iterable[FlagRow] = ()) -> None:
        """Decided flags leave a queue filtered by status (undo brings them back); in the
        unfiltered view they stay and show their new status. The cursor moves on either way."""
        table = self.query_one("#flags", PagedTable)
        flags = list(flags)
        row = table.cursor_row
        touched = set(self.selected)
        self.selected.clear()
        gone = 0
        for old in flags:
            new = self.store.flag(old.fingerprint)
            self._rows[new.fingerprint] = new
            touched.add(new.fingerprint)
            if (
                self.status is not None
                and new.status != self.status
                and new.fingerprint in table.rows
            ):
                table.remove_row(new.fingerprint)
                touched.discard(new.fingerprint)
                gone += 1
        table.forget(gone)
        for fp in touched:
            if fp in table.rows:
                self._update_row(fp, self._rows[fp])
        if flags and table.row_count:
            step = 0 if gone else 1
            table.move_cursor(row=min(row + step, table.row_count - 1), animate=False)
        if table.row_count - table.cursor_row <= table.lookahead:
            table.load_more()
        self._update_status_line()
        self._show_current()

    def _update_row(self, fp: str, flag: FlagRow) -> None:
        cells = self._cells(flag)
        table = self.query_one("#flags", PagedTable)
        for column, value in (("sel", cells[0]), ("kind", cells[1]), ("status", cells[5])):
            table.update_cell(fp, column, value)

    def reload(self) -> None:
        if not self._ready:
            return
        self._rows.clear()
        self.query_one("#flags", PagedTable).reload()
        self.selected &= set(self._rows)
        for fp in self.selected:
            self._update_row(fp, self._rows[fp])
        self._update_status_line()
        self._show_current()

    # ---- keys --------------------------------------------------------------------------------

    def action_toggle_select(self) -> None:
        flag = self.current_flag()
        if flag is None:
            return
        self.selected.symmetric_difference_update({flag.fingerprint})
        self._update_row(flag.fingerprint, flag)
        table = self.query_one("#flags", PagedTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self._update_status_line()

    def action_select_all(self) -> None:
        table = self.query_one("#flags", PagedTable)
        loaded = {fp for fp in self._rows if fp in table.rows}
        self.selected = set() if self.selected >= loaded else loaded
        for fp in loaded:
            self._update_row(fp, self._rows[fp])
        self._update_status_line()

    def action_clear_selection(self) -> None:
        for fp in list(self.selected):
            self.selected.discard(fp)
            if fp in self._rows:
                self._update_row(fp, self._rows[fp])
        self._update_status_line()

    def action_cycle_status(self) -> None:
        self.status = _cycle(STATUS_FILTERS, self.status)

    def action_cycle_kind(self) -> None:
        self.kind = _cycle(KIND_FILTERS, self.kind)

    def watch_status(self) -> None:
        self._refetch()

    def watch_kind(self) -> None:
        self._refetch()
