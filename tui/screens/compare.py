"""Two articles side by side, each scrolled to its span: the two sides of a contradiction, or a
claim next to the same claim as another outlet tells it (`]` / `[` step through the others)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from store import StoreError
from tui import keys
from tui.screens.base import ArticleTarget, ReviewScreen, clip
from tui.widgets.article_text import ArticleText


class CompareScreen(ReviewScreen):
    """`left` against one of `others` at a time; escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.COMPARE]

    def __init__(self, left: ArticleTarget, others: list[ArticleTarget]) -> None:
        super().__init__(classes="compare-screen")
        self.left = left
        self.others = others
        self.index = 0
        self._ready = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="compare-body"):
            for side in ("left", "right"):
                with Vertical(id=f"compare-{side}-pane", classes="compare-pane"):
                    yield Static("", id=f"compare-{side}-info", classes="compare-info")

    async def on_mount(self) -> None:
        self.set_status("Side by side")
        await self._show("left", self.left)
        if self.others:
            await self._show("right", self.others[self.index])
        self._ready = True

    @property
    def right(self) -> ArticleTarget | None:
        return self.others[self.index] if self.others else None

    async def _show(self, side: str, target: ArticleTarget) -> None:
        """Put article `target` in one pane, its span reversed and scrolled into the middle."""
        pane = self.query_one(f"#compare-{side}-pane", Vertical)
        for old in pane.query(ArticleText):
            await old.remove()
        try:
            article = self.store.article(target.article_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        info: list[str | tuple[str, str]] = [(article.source, "bold $text-primary")]
        if article.translated:
            info.append((" MT", "bold $text-secondary"))
        info.append((f"  {article.published or 'undated'}", "$text-muted"))
        if side == "right" and len(self.others) > 1:
            info.append((f"  {self.index + 1} of {len(self.others)} · ] next", "$text-muted"))
        title = article.title or article.file_name or f"article {article.id}"
        self.query_one(f"#compare-{side}-info", Static).update(
            Content("\n").join([Content.assemble(*info), Content.styled(clip(title, 80), "bold")])
        )
        text = ArticleText(target.article_id, id=f"compare-{side}", classes="pane")
        await pane.mount(text)
        await text.load(self.store)
        flags = self.store.flags(article_id=target.article_id)
        flagged = [(f.start, f.end) for f in flags if f.article_id == target.article_id]
        flagged += [
            (f.other_start, f.other_end or f.other_start)
            for f in flags
            if f.other_article_id == target.article_id and f.other_start is not None
        ]
        span = (target.start, target.end if target.end is not None else target.start)
        focused = [span] if target.start is not None else []
        text.show(self.store, flagged, focused)  # type: ignore[arg-type]
        if target.start is not None:
            self.call_after_refresh(text.scroll_to_offset, target.start)

    async def _step(self, by: int) -> None:
        if len(self.others) < 2:
            self.notify("No other article to compare with", timeout=2)
            return
        self.index = (self.index + by) % len(self.others)
        await self._show("right", self.others[self.index])

    async def action_next_other(self) -> None:
        await self._step(1)

    async def action_prev_other(self) -> None:
        await self._step(-1)

    def article_target(self) -> ArticleTarget | None:
        return self.left

    def action_back(self) -> None:
        self.dismiss(None)
