"""Article: one article's full text with its names, numbers and flagged spans, scrolled to a spot.

Pushed on top of whichever screen opened it; escape goes back there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import OptionList, Static

from store.rows import ArticleRow, FlagRow
from tui import keys
from tui.screens.base import ArticleTarget, NoteTarget, ReviewScreen, clip, highlighted_row
from tui.widgets.article_text import ArticleText
from tui.widgets.cards import KIND_LABELS


class ArticleScreen(ReviewScreen):
    """Read one article; decide its flags in context."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.ARTICLE]
    REVIEW_ACTIONS = frozenset({"accept", "reject", "correct", "note"})
    AUTO_FOCUS = "#article-flags"

    def __init__(self, article_id: int, start: int | None = None, end: int | None = None) -> None:
        super().__init__(classes="article-screen")
        self.article_id = article_id
        self.focus_range: tuple[int, int] | None = (
            (start, end if end is not None else start) if start is not None else None
        )
        self._article: ArticleRow | None = None
        self._flags: list[FlagRow] = []
        self._ready = False

    def compose_body(self) -> ComposeResult:
        yield Static("", id="article-info")
        with Horizontal(id="article-body"):
            yield ArticleText(self.article_id, id="article-text", classes="pane")
            yield OptionList(id="article-flags", classes="pane")

    async def on_mount(self) -> None:
        self._article = self.store.article(self.article_id)
        a = self._article
        self.set_status(clip(f"Article · {a.source}", 40))
        info: list[str | tuple[str, str]] = [(a.title or a.file_name or f"article {a.id}", "bold")]
        info += ["  ", (a.source, "bold $text-primary")]
        if a.translated:
            info.append((" MT", "bold $text-secondary"))
        if a.translation_note:
            info.append((f" ({clip(a.translation_note, 40)})", "$text-muted"))
        details = [a.published or "undated", f"{a.word_count} words"]
        if a.garble is not None:
            details.append(f"garble {a.garble:.2f}")
        info.append(("  " + " · ".join(details), "$text-muted"))
        if a.edited_since_analysis:  # the analysis's offsets belong to the text before the edit
            key = self.ctx.config.keys.get("reanalyse", "ctrl+a").split(",")[0]
            info.append((f"\n{self.glyphs.conflict} edited since the analysis: its flags and"
                         f" marks are left out of the text until re-analysed ({key})",
                         "bold $text-warning"))  # fmt: skip
        self.query_one("#article-info", Static).update(Content.assemble(*info))
        text = self.query_one("#article-text", ArticleText)
        text.border_title = "Text"
        await text.load(self.store)
        self._load_flags()
        self._render_text()
        self._ready = True
        self.call_after_refresh(self.scroll_to_focus)

    def _load_flags(self) -> None:
        self._flags = self.store.flags(article_id=self.article_id)
        flags_list = self.query_one("#article-flags", OptionList)
        keep = flags_list.highlighted
        self.fill_flag_list(flags_list, self._flags, "No flags in this article.")
        if not self._flags:
            return
        if keep is not None and self._ready:
            flags_list.highlighted = min(keep, len(self._flags) - 1)
        elif self.focus_range is not None:
            # opened at a flag: that flag is the current one, in the list and in the text
            flags_list.highlighted = self._flag_at(self.focus_range)
        self._mark_current()

    def _mark_current(self) -> None:
        """Say under the text which flag is current (the one whose span is reversed)."""
        flag = self.current_flag()
        scroll = self.query_one("#article-text", ArticleText)
        if flag is None or self.focus_range not in self._sides([flag]):
            scroll.border_subtitle = ""
            return
        index = self._flags.index(flag) + 1
        scroll.border_subtitle = clip(
            f"{self.glyphs.arrow} flag {index} of {len(self._flags)}:"
            f" {KIND_LABELS.get(flag.kind, flag.kind)} “{flag.quote}”",
            70,
        )

    def _flag_at(self, span: tuple[int, int]) -> int | None:
        """Index of the flag whose side is `span` in this article, else the first that covers its
        start, if any."""
        for i, f in enumerate(self._flags):
            if tuple(span) in self._sides([f]):
                return i
        for i, f in enumerate(self._flags):
            for start, end in self._sides([f]):
                if start <= span[0] < max(end, start + 1):
                    return i
        return None

    def _sides(self, flags: Iterable[FlagRow]) -> list[tuple[int, int]]:
        """Article offsets of the flags' spans in this article (either side of a contradiction)."""
        out: list[tuple[int, int]] = []
        for f in flags:
            if f.article_id == self.article_id:
                out.append((f.start, f.end))
            if f.other_article_id == self.article_id and f.other_start is not None:
                out.append((f.other_start, f.other_end or f.other_start))
        return out

    def _render_text(self) -> None:
        focused = [self.focus_range] if self.focus_range else []
        stale = bool(self._article and self._article.edited_since_analysis)
        self.query_one("#article-text", ArticleText).show(
            self.store, self._sides(self._flags), focused, stale=stale, claim_counts=True
        )

    def scroll_to_focus(self) -> None:
        if self.focus_range is not None:
            self.query_one("#article-text", ArticleText).scroll_to_offset(self.focus_range[0])

    # ---- flags in the side list --------------------------------------------------------------

    def current_flag(self) -> FlagRow | None:
        return highlighted_row(self.query_one("#article-flags", OptionList), self._flags)

    @on(OptionList.OptionHighlighted, "#article-flags")
    def _flag_highlighted(self) -> None:
        if not self._ready:
            return
        flag = self.current_flag()
        if flag is None:
            return
        sides = self._sides([flag])
        self.focus_range = sides[0] if sides else None
        self._mark_current()
        self._render_text()
        self.scroll_to_focus()

    def action_next_flag(self) -> None:
        self.query_one("#article-flags", OptionList).action_cursor_down()

    def action_prev_flag(self) -> None:
        self.query_one("#article-flags", OptionList).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)

    def note_target(self) -> NoteTarget | None:
        flags_list = self.query_one("#article-flags", OptionList)
        flag = self.current_flag()
        if self.focused is flags_list and flag:
            return NoteTarget("flag", flag.fingerprint, f"Flag: “{clip(flag.quote, 60)}”")
        a = self._article
        if a is None:
            return None
        key = a.origin_sha256 or a.sha256  # an edited file re-imported keeps its notes
        return NoteTarget("article", key, f"Article: {a.title or a.file_name or a.id}")

    def article_target(self) -> ArticleTarget | None:
        return None  # already here

    def reload(self) -> None:
        if self._ready:
            self._load_flags()
            self._render_text()

    def after_decision(self, flags: Iterable[FlagRow] = ()) -> None:
        self.reload()
