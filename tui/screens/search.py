"""Search: every sentence of every article through the full-text index, not only those in a
claim cluster. Enter opens the article at the sentence; `g` shows its claim cluster."""

from __future__ import annotations

import re
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from store import StoreError
from store.rows import SearchHit
from tui import keys
from tui.screens.base import ArticleTarget, ReviewScreen, clip, highlighted_row
from tui.tables import claim_name
from tui.widgets.cards import divided

MATCH = "bold $text-accent"


def _marks(text: str, query: str) -> list[Span]:
    """Where the query's words (and words they begin, as the stemmed index matches) occur."""
    terms = [re.escape(t) for t in re.findall(r"\w+", query) if t]
    if not terms:
        return []
    pattern = re.compile(rf"\b(?:{'|'.join(terms)})\w*", re.IGNORECASE)
    return [Span(m.start(), m.end(), MATCH) for m in pattern.finditer(text)]


class SearchScreen(ReviewScreen):
    """Full-text search over all sentences; pushed on top of any screen, escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.SEARCH]
    AUTO_FOCUS = "#search-query"

    def __init__(self, query: str = "") -> None:
        super().__init__(classes="search-screen")
        self.query_text = query
        self.hits: list[SearchHit] = []

    def compose_body(self) -> ComposeResult:
        with Vertical(id="search-body", classes="pane") as pane:
            pane.border_title = "Search every sentence"
            yield Input(self.query_text, placeholder="words to find (enter)", id="search-query")
            yield Static("", id="search-status", classes="pane-status")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.set_status("Search")
        if self.query_text:
            self.run_search(self.query_text)
            if self.hits:  # opened with a query: the results are what to look at
                self.call_after_refresh(self.query_one("#search-results", OptionList).focus)

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.run_search(event.value.strip())
        if self.hits:
            self.query_one("#search-results", OptionList).focus()

    def run_search(self, query: str) -> None:
        self.query_text = query
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        status = self.query_one("#search-status", Static)
        if not query:
            self.hits = []
            status.update("Type words and press enter")
            return
        try:
            self.hits = self.store.search_all(query)
        except StoreError as exc:
            self.hits = []
            status.update(str(exc))
            return
        outside = sum(h.cluster_id is None for h in self.hits)
        status.update(
            f"{len(self.hits)} sentences match “{query}” · {outside} outside any claim cluster"
            " · enter opens the article · g shows the claim"
        )
        # a sentence in two claims (one per claim unit) is a hit per claim: the id names both
        results.add_options(divided(Option(self._card(h), id=f"{h.id}:{h.cluster_id}")
                                    for h in self.hits))  # fmt: skip
        if self.hits:
            results.highlighted = 0

    def _card(self, hit: SearchHit) -> Content:
        where: list[str | tuple[str, str]] = [(hit.source, "bold")]
        if hit.cluster_label:
            where.append(
                (
                    f"  {claim_name(hit.cluster_name or '')}: {clip(hit.cluster_label, 60)}",
                    "$text-muted",
                )
            )
        else:
            where.append(("  in no claim cluster", "$text-muted"))
        if hit.residue:
            where.append((f"  ({hit.residue})", "italic $text-muted"))
        body = Content(hit.text, _marks(hit.text, self.query_text))
        return Content("\n").join([Content.assemble(*where), body])

    def current_hit(self) -> SearchHit | None:
        return highlighted_row(self.query_one("#search-results", OptionList), self.hits)

    def article_target(self) -> ArticleTarget | None:
        hit = self.current_hit()
        return ArticleTarget(hit.article_id, hit.start, hit.end) if hit else None

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self) -> None:
        target = self.article_target()
        if target is not None:
            self.ctx.open_article(target.article_id, target.start, target.end)

    def action_show_claim(self) -> None:
        hit = self.current_hit()
        if hit is None or hit.cluster_id is None:
            self.notify("This sentence is in no claim cluster", timeout=2)
            return
        key, within = hit.claim_key, hit.cluster_id  # the claim the hit was found in
        self.dismiss(None)

        def show() -> None:
            self.app.switch_mode("claims")
            screen = self.app.screen
            if isinstance(screen, ReviewScreen):
                screen.show_target("claim", key, within=within)

        self.app.call_later(show)

    def action_back(self) -> None:
        self.dismiss(None)
