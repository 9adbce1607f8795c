"""One article's text, one Static per paragraph, with names, numbers, flagged spans and the
current span marked, scrolled to a spot. The Article screen shows one; the side-by-side view two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.geometry import Region
from textual.widgets import Static

from store import Store
from tui.widgets import highlight

RESIDUE = "italic $text-muted"
CLAIM_COUNT = "bold $text-accent"  # after a sentence in two or more claims


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: the article's paragraphs as stored."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


class ArticleText(VerticalScroll):
    """The text of article `article_id`; `await load(store)` once mounted, then `show(...)`."""

    def __init__(self, article_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.article_id = article_id
        self.text = ""
        self.paras: list[tuple[int, int]] = []

    async def load(self, store: Store) -> None:
        self.text = store.article_text(self.article_id)
        self.paras = paragraphs(self.text)
        await self.mount_all(
            Static(id=f"p{i}", classes="para", markup=False) for i in range(len(self.paras))
        )

    def show(
        self,
        store: Store,
        flagged: Sequence[tuple[int, int]],
        focused: Sequence[tuple[int, int]],
        *,
        stale: bool = False,
        claim_counts: bool = False,
    ) -> None:
        """Render every paragraph: mentions and quantities coloured, residue dimmed, `flagged`
        spans underlined and `focused` ones reversed (article offsets). `stale`: the text was
        edited after the analysis, whose offsets no longer fit it: only what the text itself
        shows (figures, capitalised names) is marked. `claim_counts`: a sentence that sits in
        two or more claims (one per clause it states them in) is followed, once, by how many."""
        spans = [] if stale else store.article_spans(self.article_id)
        analysed = any(highlight.SPAN_KINDS.get(x.kind) == "name" for x in spans)
        sentences = [] if stale else store.sentences(self.article_id)
        residue = [(s.start, s.end) for s in sentences if s.residue]
        counts = store.claims_per_sentence(self.article_id) if claim_counts and not stale else {}
        multi = sorted((s.end, counts[s.idx]) for s in sentences if counts.get(s.idx, 0) >= 2)
        if stale:
            flagged, focused = [], []
        for i, (start, end) in enumerate(self.paras):
            text = self.text[start:end]

            def local(ranges: Iterable[tuple[int, int]], s: int = start, e: int = end) -> list:
                return [(a - s, b - s) for a, b in ranges if a < e and b > s]

            marks = highlight.find_marks(
                text, [(x.start - start, x.end - start, x.kind) for x in spans
                       if start <= x.start and x.end <= end],
                guess_names=not analysed,
            )  # fmt: skip
            content = highlight.render(text, marks, flagged=local(flagged), focused=local(focused))
            dim = [Span(max(a, 0), min(b, len(text)), RESIDUE) for a, b in local(residue)]
            if dim:
                content = Content(content.plain, [*dim, *content.spans])
            for at, n in reversed([(e - start, n) for e, n in multi if start < e <= end]):
                mark = Content.styled(f" [in {n} claims]", CLAIM_COUNT)
                content = content[:at] + mark + content[at:]
            self.query_one(f"#p{i}", Static).update(content)

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding article offset `offset` is in the middle."""
        for i, (start, end) in enumerate(self.paras):
            if start <= offset <= end:
                para = self.query_one(f"#p{i}", Static)
                width = max(para.content_region.width, 10)
                line = 0
                consumed = 0
                for n, wrapped in enumerate(Content(self.text[start:end]).wrap(width)):
                    consumed += len(wrapped.plain) + 1
                    line = n
                    if offset - start < consumed:
                        break
                region = para.virtual_region
                self.scroll_to_region(Region(0, region.y + line, 1, 1), center=True, animate=False)
                return
