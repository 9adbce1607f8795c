"""A reliability score drawn as a bar: the 90 % interval as a thick line, the mean as a dot."""

from __future__ import annotations

from textual.content import Content, Span

from tui.widgets.glyphs import Glyphs


def score_style(score: float) -> str:
    if score >= 0.65:
        return "$text-success"
    if score < 0.4:
        return "$text-error"
    return "$text-warning"


def score_bar(score: float, low: float, high: float, width: int, glyphs: Glyphs) -> Content:
    """`width` cells spanning 0..1: outside the interval a thin line, inside a thick one."""
    width = max(width, 3)

    def cell(x: float) -> int:
        return min(width - 1, max(0, int(x * width)))

    lo, hi, mid = cell(low), cell(high), cell(score)
    chars = [glyphs.bar_in if lo <= i <= hi else glyphs.bar_out for i in range(width)]
    chars[mid] = glyphs.bar_mean
    style = score_style(score)
    return Content(
        "".join(chars),
        [
            Span(0, width, "$text-muted"),
            Span(lo, hi + 1, style),
            Span(mid, mid + 1, f"bold {style}"),
        ],
    )
