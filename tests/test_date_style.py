"""A day of the month without its month, as translated dates come out; native ordinals stay."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.artifacts import detect_translation_artifacts
from analysis.date_style import bare_day_hits, ordinal_nouns
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


def article_days(text: str) -> list[str]:
    """Bare-day flags of a whole article, as the pipeline raises them."""
    flags = detect_translation_artifacts(ArticleText(1, "wire", text), split_sentences(text))
    return [f.side.quote for f in flags if f.detector == "bare-day-date"]


@pytest.mark.parametrize(
    "text",
    [
        # the ordinal stands for a noun the article gives it elsewhere
        "He reached the 18th hole two shots clear. He made a birdie on the 18th.",
        "Smoke filled the 12th floor of the tower. Two cleaners were trapped on the 12th.",
        "She marked her 30th birthday with a party. Guests began arriving on the 30th.",
        # a numbered series goes on without its noun
        "He dropped shots at the 16th hole and the 17th hole, then made a birdie on the 18th.",
        # a day of every month, a deadline
        "Rent is due on the 1st and the 15th.",
        "Pensions are paid on the 3rd of each month.",
        "Members meet on the 2nd and the 4th every month.",
    ],
)
def test_ordinal_nouns_and_schedules_in_native_copy_are_not_dates(text: str) -> None:
    assert article_days(text) == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # a noun with another number does not explain the day
        ("The city marked the 75th anniversary of the republic. Crowds gathered on the 7th.",
         "on the 7th"),
        # a recurring word in another sentence does not make this one a schedule
        ("Fees fall due each month. The company said on the 3rd that it would pay.",
         "on the 3rd"),
        ("Rescuers worked through the night. As of 5:30 on the 24th, 14 people had been found.",
         "As of 5:30 on the 24th"),
    ],
)  # fmt: skip
def test_translated_dates_still_fire_beside_other_ordinals(text: str, quote: str) -> None:
    assert article_days(text) == [quote]


def test_ordinal_nouns_reads_numbers_with_a_noun_and_series() -> None:
    assert ordinal_nouns("the 18th hole and the 3rd of May; on the 10th that") == {18}
    assert ordinal_nouns("the 5th round, then the 6th round") == set(range(1, 32))
