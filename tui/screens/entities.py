"""Entities: who and what the articles name, how each source spells them, merge and split."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from store.rows import EntityRow, FlagRow
from store.store import NAME_FLAG_KINDS
from tui import keys
from tui.screens.base import NoteTarget, ReviewScreen, clip, highlighted_row
from tui.screens.modals import PromptScreen
from tui.widgets.cards import divided, flag_card
from tui.widgets.paged_table import PagedTable, Row


class EntitiesScreen(ReviewScreen):
    """Check spellings across sources; record merges and splits; accept name corrections."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.ENTITIES]
    REVIEW_ACTIONS = frozenset({"accept", "reject", "correct", "note"})
    MODE = "entities"
    AUTO_FOCUS = "#entities"

    def __init__(self) -> None:
        super().__init__(id="entities")
        self._entities: dict[str, EntityRow] = {}
        self._usage: list[dict[str, Any]] = []
        self._flags: list[FlagRow] = []
        self._name_flags: dict[str, list[FlagRow]] = {}
        self._ready = False
        self._name_width = name_width(0)
        self._entity_at: dict[str, str] = {}  # spelling -> when last merged or split

    def compose_body(self) -> ComposeResult:
        with Vertical(id="entities-pane", classes="pane") as pane:
            pane.border_title = "Entities"
            yield PagedTable(id="entities", page_size=200)
        with Horizontal(id="entity-detail"):
            with Vertical(id="usage-pane", classes="pane") as usage:
                usage.border_title = "Spellings by source"
                yield DataTable(id="usage", cursor_type="row")
                yield Static("", id="entity-decisions")
            yield OptionList(id="entity-flags", classes="pane")

    def on_mount(self) -> None:
        self._setup_columns()
        self.query_one("#entity-flags", OptionList).border_title = "Name flags"
        self._ready = True
        self._entity_at = self.store.entity_states()  # merges and splits as this screen read them
        self._index_name_flags()
        self.query_one("#entities", PagedTable).set_fetch(self._fetch)
        self._show_current()

    def _setup_columns(self) -> None:
        """The columns, the names as wide as the screen allows (long names were cut at 22)."""
        self._name_width = name_width(self.app.size.width)
        table = self.query_one("#entities", PagedTable)
        table.add_column("name", key="name", width=self._name_width)
        table.add_column("kind", key="kind", width=6)
        table.add_column("origin", key="origin", width=9)
        table.add_column("gazetteer", key="gaz", width=10)
        table.add_column("ment", key="mentions", width=4)
        table.add_column("src", key="sources", width=3)
        table.add_column("spellings", key="spellings")
        usage = self.query_one("#usage", DataTable)
        usage.add_column("n", key="n", width=3)
        usage.add_column("spelling", key="spelling", width=self._name_width)
        usage.add_column("source", key="source")

    def on_resize(self) -> None:
        if self._ready and name_width(self.app.size.width) != self._name_width:
            for table in self.query(DataTable):  # the entities and the spellings
                table.clear(columns=True)
            self._setup_columns()
            self.reload()

    def _fetch(self, offset: int, limit: int) -> list[Row]:
        rows = self.store.entities(offset=offset, limit=limit)
        self._entities.update((str(e.id), e) for e in rows)
        return [(str(e.id), self._cells(e)) for e in rows]

    def _cells(self, e: EntityRow) -> list[object]:
        spellings = e.spelling_counts
        variants = ", ".join(s for s in spellings if s != e.name)
        name_style = "bold $text-warning" if len(spellings) > 1 else "bold"
        return [
            Content.styled(clip(e.name, self._name_width), name_style),
            e.kind,
            e.origin,
            _gazetteer_cell(e.gazetteer_id),
            str(e.mentions),
            str(e.n_sources),
            clip(variants, 120),
        ]

    def _index_name_flags(self) -> None:
        self._name_flags.clear()
        for kind in NAME_FLAG_KINDS:
            for f in self.store.flags(kind=kind):
                self._name_flags.setdefault(f.quote.casefold(), []).append(f)

    def current_entity(self) -> EntityRow | None:
        key = self.query_one("#entities", PagedTable).current_key
        return self._entities.get(key or "")

    def _show_current(self) -> None:
        entity = self.current_entity()
        usage = self.query_one("#usage", DataTable)
        usage.clear()
        self._usage = self.store.entity_usage(entity.id) if entity else []
        for row in self._usage:
            usage.add_row(
                str(row["n"]), clip(row["spelling"], self._name_width), clip(row["source"], 40)
            )
        spellings = set(entity.spelling_counts) | {entity.name} if entity else set()
        self._flags = [f for s in sorted(spellings) for f in self._name_flags.get(s.casefold(), [])]
        self._render_flags()
        self._render_decisions(entity, spellings)
        total = len(self._entities)
        more = "" if self._exhausted() else "+"
        self.set_status(f"{total}{more} {'entity' if total == 1 and not more else 'entities'}")

    def _exhausted(self) -> bool:
        return self.query_one("#entities", PagedTable).exhausted

    def _render_flags(self) -> None:
        flags_list = self.query_one("#entity-flags", OptionList)
        keep = flags_list.highlighted
        flags_list.clear_options()
        if not self._flags:
            flags_list.add_option(
                Option(Content.styled("No name flags for these spellings.", "$text-muted"),
                       disabled=True)
            )  # fmt: skip
            return
        flags_list.add_options(
            divided(Option(flag_card(f, self.glyphs), id=f.fingerprint) for f in self._flags)
        )
        flags_list.highlighted = min(keep or 0, len(self._flags) - 1)

    def _render_decisions(self, entity: EntityRow | None, spellings: set[str]) -> None:
        lines: list[Content] = []
        if entity is not None:
            for d in self.store.entity_decisions():
                if d.target in spellings or d.value in spellings:
                    what = f"merged into “{d.value}”" if d.action == "merge" else "kept apart"
                    lines.append(
                        Content.styled(f"“{d.target}” {what} by {d.reviewer}", "$text-secondary")
                    )
        self.query_one("#entity-decisions", Static).update(Content("\n").join(lines))

    @on(DataTable.RowHighlighted, "#entities")
    def _entity_highlighted(self) -> None:
        self._show_current()

    # ---- targets -----------------------------------------------------------------------------

    def current_flag(self) -> FlagRow | None:
        return highlighted_row(self.query_one("#entity-flags", OptionList), self._flags)

    def note_target(self) -> NoteTarget | None:
        flag = self.current_flag()
        if self.focused is self.query_one("#entity-flags") and flag:
            return NoteTarget("flag", flag.fingerprint, f"Flag: “{clip(flag.quote, 60)}”")
        entity = self.current_entity()
        return NoteTarget("entity", entity.name, f"Entity: {entity.name}") if entity else None

    def reload(self) -> None:
        if not self._ready:
            return
        self._entity_at = self.store.entity_states()
        self._index_name_flags()
        self._entities.clear()
        self.query_one("#entities", PagedTable).reload()
        self._show_current()

    def after_decision(self, flags: Iterable[FlagRow] = ()) -> None:
        self._index_name_flags()
        self._show_current()

    # ---- merge and split ---------------------------------------------------------------------

    def action_merge(self) -> None:
        entity = self.current_entity()
        if entity is None:
            return
        names = sorted({e.name for e in self._entities.values() if e.id != entity.id})

        def ask(value: str = "") -> None:
            self.app.push_screen(
                PromptScreen(
                    "Merge into",
                    value=value,
                    context=f"“{entity.name}” is another spelling of:",
                    placeholder="canonical name",
                    suggester=SuggestFromList(names, case_sensitive=False),
                ),
                save,
            )

        def save(into: str | None) -> None:
            into = (into or "").strip()
            if not into:
                return
            if into.casefold() == entity.name.casefold():
                self.notify("An entity cannot be merged into itself", severity="warning")
                return
            self._guard(
                lambda: self.store.merge_entities(
                    entity.name, into, self.ctx.reviewer, seen=self._entity_at
                ),  # refused if another reviewer merged or split it since this screen read it
                f"“{entity.name}” merged into “{into}” (applies at the next analysis)",
                retry=lambda _error: ask(into),  # refused: the name typed is kept
                then=lambda _saved: self.after_decision(),
            )

        ask()

    def action_split(self) -> None:
        entity = self.current_entity()
        if entity is None:
            return
        usage = self.query_one("#usage", DataTable)
        spelling = entity.name
        if self.focused is usage and self._usage:
            spelling = self._usage[min(usage.cursor_row, len(self._usage) - 1)]["spelling"]

        def ask(value: str) -> None:
            context = "This spelling must stand alone:"
            self.app.push_screen(PromptScreen("Split", value=value, context=context), save)

        def save(name: str | None) -> None:
            name = (name or "").strip()
            if not name:
                return
            self._guard(
                lambda: self.store.split_entity(name, self.ctx.reviewer, seen=self._entity_at),
                f"“{name}” will stand alone (applies at the next analysis)",
                retry=lambda _error: ask(name),  # refused: the spelling typed is kept
                then=lambda _saved: self.after_decision(),
            )

        ask(spelling)


def _gazetteer_cell(gazetteer_id: str | None) -> str:
    """A Wikidata entry by its Q-id ("wd:Q1234" -> "Q1234"), another list's entry by the list
    ("bioguide", "sp500", "user"), never cut off mid-name ("user:x")."""
    if not gazetteer_id or ":" not in gazetteer_id:
        return gazetteer_id or ""
    source, ident = gazetteer_id.split(":", 1)
    return ident if source == "wd" else source


NAME_ROOM = 4 + 6 + 9 + 10 + 4 + 3 + 7 * 2 + 20
"""What the Entities table needs besides the name: borders and scroll bar, the other columns,
their cell padding, and 20 columns of spellings."""


def name_width(screen_width: int) -> int:
    """How wide the name column is: 22 on a narrow screen, up to 40 (a long organisation name
    whole) when the screen has room after the other columns."""
    return max(22, min(40, screen_width - NAME_ROOM))
