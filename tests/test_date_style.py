"""A day of the month without its month, as translated dates come out; native ordinals stay."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.artifacts import detect_translation_artifacts
from analysis.date_style import bare_day_hits
from analysis.model import ArticleText
from analysis.segment import split_sentences
from tests.conftest import SHARED


def quotes(text: str) -> list[str]:
    return [text[h.start : h.end] for h in bare_day_hits(text)]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("As of 5:30 on the 24th, 14 people had been found.", "As of 5:30 on the 24th"),
        ("Reporters learned in an interview on the 10th that prices rose.", "on the 10th"),
        ("The talks ended on the 3rd.", "on the 3rd"),
        ("The ministry said on the 3rd (local time) that exports rose.", "on the 3rd"),
        ("Rain is expected from the 21st to the 23rd.", "from the 21st"),
        ("At 10:24 a.m. on the 2nd the last man was found.", "At 10:24 a.m. on the 2nd"),
    ],
)
def test_a_day_without_a_month_is_flagged_with_its_time(text: str, quote: str) -> None:
    assert quote in quotes(text)


@pytest.mark.parametrize(
    "text",
    [
        "He will host the 81st Academy Awards.",
        "They met on the 24th of July.",
        "It happened on the 24th July, police said.",
        "A mob gathered near the 67th Precinct.",
        "A deal came at the 11th hour.",
        "A play by the 18th-century dramatist opened.",
        "Troops from the 2nd Battalion arrived.",
        "It was signed on July 24 at noon.",
        "She finished on the 24th floor.",
        "They celebrated the 50th anniversary.",
    ],
)
def test_ordinals_of_other_things_and_full_dates_are_not(text: str) -> None:
    assert quotes(text) == []


@given(st.text(max_size=80))
def test_every_hit_is_a_span_of_the_text_ending_in_an_ordinal(text: str) -> None:
    for h in bare_day_hits(text):
        assert 0 <= h.start < h.end <= len(text)
        assert re.search(r"\d(?:st|nd|rd|th)$", text[h.start : h.end], re.IGNORECASE)


def test_the_flag_reaches_the_article_as_a_translation_artifact() -> None:
    text = "Rescuers kept digging. As of 5:30 on the 24th, 14 people had been found."
    art = ArticleText(1, "wire", text)
    flags = detect_translation_artifacts(art, split_sentences(text))
    dated = [f for f in flags if f.detector == "bare-day-date"]
    assert [f.side.quote for f in dated] == ["As of 5:30 on the 24th"]
    assert "month" in dated[0].explanation


def test_native_news_is_near_silent() -> None:
    """ECB+ (native English news, 982 documents): at most one bare day in a hundred documents."""
    path = SHARED / "bench-data" / "ecbplus" / "ecbplus_documents_derived.jsonl"
    if not path.is_file():
        pytest.skip("../shared/bench-data is not beside the project")
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    hits = sum(
        len(quotes(s if isinstance(s, str) else s.get("text", "")))
        for d in docs
        for s in d["sentences"]
    )
    assert hits <= len(docs) // 100
