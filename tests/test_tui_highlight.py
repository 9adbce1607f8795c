"""Highlighting and score bars: pure functions on strings, checked with examples and properties."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tui.widgets.glyphs import ASCII, UNICODE
from tui.widgets.highlight import Mark, differing, find_marks, number_key, render
from tui.widgets.score_bar import score_bar


def kinds(text: str, spans: list[tuple[int, int, str]] | None = None) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.kind) for m in find_marks(text, spans or [])]


def test_number_keys_agree_across_ways_of_writing_a_number() -> None:
    assert number_key("$5.5 billion") == number_key("5.5bn") == number_key("5,500 million")
    assert number_key("12%") == number_key("12 percent") == number_key("12 per cent")
    assert number_key("12%") != number_key("12")
    assert number_key("4,500") == number_key("4500")


def test_regexes_find_dates_numbers_polarity_and_names() -> None:
    text = "On March 3, Acme Corp said it did not pay $5 million, or 12% of sales."
    assert kinds(text) == [
        ("March 3", "date"),
        ("Acme Corp", "name"),
        ("not", "polarity"),
        ("$5 million", "number"),
        ("12%", "number"),
    ]
    assert ("didn't", "polarity") in kinds("Regulators didn't approve it.")


def test_stored_spans_win_over_regexes_and_cover_names() -> None:
    text = "Kim Jong-su met Park in Seoul."
    spans = [(0, 11, "person"), (16, 20, "person"), (24, 29, "place")]
    # with name spans from extraction the capitalised-word fallback is off
    assert kinds(text, spans) == [("Kim Jong-su", "name"), ("Park", "name"), ("Seoul", "name")]
    assert kinds("Paid 2.1 billion euros.", [(5, 22, "money")]) == [("2.1 billion euros", "number")]


def test_differing_marks_are_those_another_member_lacks() -> None:
    a = find_marks("Acme paid $5.5 billion on March 3.")
    b = find_marks("Acme paid 5.5bn on March 4.")
    c = find_marks("Acme did not pay $5.5 billion on March 3.")
    out = differing([a, b, c])
    text_a = "Acme paid $5.5 billion on March 3."
    assert {text_a[a[i].start : a[i].end] for i in out[0]} == {"March 3"}  # b says March 4
    assert {a[i].kind for i in range(len(a)) if i not in out[0]} >= {"number"}
    text_c = "Acme did not pay $5.5 billion on March 3."
    assert "not" in {text_c[c[i].start : c[i].end] for i in out[2]}
    assert differing([a]) == [set()]


def test_render_styles_marks_flags_and_focus() -> None:
    text = "Acme Corp paid $5.5 billion."
    marks = find_marks(text)
    assert [m.kind for m in marks] == ["name", "number"]
    content = render(text, marks, differs={1}, flagged=[(15, 27)], focused=[(0, 4)])
    styles = {(s.start, s.end, str(s.style)) for s in content.spans}
    assert (15, 27, "underline") in styles
    assert (0, 9, "$text-primary") in styles
    assert (0, 4, "reverse") in styles
    assert any(s.startswith("$text-warning") and "bold" in s for _, _, s in styles)
    assert content.plain == text


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_marks_stay_inside_the_text_and_never_overlap(text: str) -> None:
    marks = find_marks(text)
    last_end = 0
    for m in marks:
        assert isinstance(m, Mark)
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last_end
        last_end = m.end


@given(
    st.text(max_size=80),
    st.lists(
        st.tuples(
            st.integers(-5, 90),
            st.integers(-5, 90),
            st.sampled_from(["money", "person", "date", "x"]),
        )
    ),
)
def test_any_stored_spans_are_clipped_and_never_overlap(
    text: str, spans: list[tuple[int, int, str]]
) -> None:
    marks = find_marks(text, spans)
    assert all(0 <= m.start < m.end <= len(text) for m in marks)
    assert all(a.end <= b.start for a, b in itertools.pairwise(marks))


@given(
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 1),
    st.integers(3, 40),
)
def test_score_bar_has_its_width_and_one_mean_marker(
    score: float, low: float, high: float, width: int
) -> None:
    low, score, high = sorted((low, score, high))
    for glyphs in (UNICODE, ASCII):
        bar = score_bar(score, low, high, width, glyphs)
        assert len(bar.plain) == width
        assert bar.plain.count(glyphs.bar_mean) == 1
        mean_at = bar.plain.index(glyphs.bar_mean)
        inside = [i for i, ch in enumerate(bar.plain) if ch == glyphs.bar_in]
        assert all(abs(i - mean_at) <= width for i in inside)


def test_score_bar_places_interval_and_mean() -> None:
    bar = score_bar(0.5, 0.25, 0.75, 8, ASCII)
    assert bar.plain == "--==|==-"


def test_name_guessing_is_off_once_the_article_was_analysed() -> None:
    text = "It was translated by AI Labs."
    assert ("AI Labs", "name") in kinds(text)
    assert [m.kind for m in find_marks(text, [], guess_names=False)] == []
