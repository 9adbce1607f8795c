"""Flags: the triage queue. Open flags, most confident first; select several, decide at once."""

from __future__ import annotations

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
from tui.screens.modals import ChoiceScreen
from tui.widgets.cards import KIND_LABELS, KIND_STYLES, evidence_content, flag_card, status_text
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
        if f.presence_label:
            quote = f"({f.presence_label}) {quote}"
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
        total = self.store.flag_count(kind=self.kind)
        still_open = self.store.flag_count(kind=self.kind, status="open")
        shown = (
            total
            if self.status is None
            else self.store.flag_count(kind=self.kind, status=self.status)
        )
        parts = [
            f"{total - still_open} of {total} decided",
            f"showing {shown} {self.status or 'in all'}",
            KIND_LABELS.get(self.kind or "", "all kinds"),
        ]
        if self.selected:
            parts.append(f"{len(self.selected)} selected")
        self.query_one("#flag-filters", Static).update(" · ".join(parts))
        everything = self.store.flag_count()
        left = self.store.flag_count(status="open")
        self.set_status(f"{everything - left} of {everything} decided")

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
        evidence = evidence_content(flag)
        if evidence:
            parts.append(Content.styled("evidence", "bold $text-muted"))
            parts += [Content.assemble(f"{self.glyphs.arrow} ", line) for line in evidence]
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

    def action_bulk(self) -> None:
        """Accept or reject, in one undoable step, every open flag of the current flag's kind
        or of its detector."""
        flag = self.current_flag()
        if flag is None:
            self.notify("No flag selected", severity="warning", timeout=2)
            return
        same_kind = self.store.flags(kind=flag.kind, status="open")
        groups = {
            "kind": (f"open “{KIND_LABELS.get(flag.kind, flag.kind)}” flags", same_kind),
            "detector": (
                f"open flags from detector {flag.detector}",
                [f for f in same_kind if f.detector == flag.detector],
            ),
        }
        choices = [
            (f"{status}:{scope}", f"{verb} all {len(rows)} {label}")
            for scope, (label, rows) in groups.items()
            for status, verb in (("accepted", "Accept"), ("rejected", "Reject"))
            if rows
        ]
        if not choices:
            self.notify("No open flag of this kind is left", timeout=2)
            return

        def decide(choice: str | None) -> None:
            if choice is None:
                return
            status, scope = choice.split(":")
            rows = groups[scope][1]
            self._guard(
                lambda: self.store.set_flag_statuses(
                    [f.fingerprint for f in rows], status, self.ctx.reviewer
                ),
                f"{status.capitalize()} {len(rows)} flags (u undoes them all)",
                then=lambda _saved: self.reload(),
            )

        self.app.push_screen(
            ChoiceScreen("Decide many flags", choices, f"Like “{clip(flag.quote, 50)}”"), decide
        )

    def show_target(self, target_type: str, target: str, *, within: int | None = None) -> None:
        """Put the cursor on a flag (e.g. the one an undo restored), loading pages until it is
        found; a flag the filters hide stays where the cursor was."""
        if target_type != "flag":
            return
        table = self.query_one("#flags", PagedTable)
        while target not in table.rows and table.load_more():
            pass
        if target in table.rows:
            table.move_cursor(row=table.get_row_index(target), animate=False)
            self._show_current()

    def action_cycle_kind(self) -> None:
        self.kind = _cycle(KIND_FILTERS, self.kind)

    def watch_status(self) -> None:
        self._refetch()

    def watch_kind(self) -> None:
        self._refetch()
