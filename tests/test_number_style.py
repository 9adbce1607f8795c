"""Numbers in the source language's notation (decimal comma, thousands dot); English ones stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.artifacts import detect_translation_artifacts
from analysis.model import ArticleText
from analysis.number_style import number_style_hits
from analysis.segment import split_sentences
from tests.conftest import SHARED


def found(text: str) -> list[tuple[str, str, str | None]]:
    return [(h.detector, text[h.start : h.end], h.fix) for h in number_style_hits(text)]


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Prices rose by 18,7 percent on the year.", ("decimal-comma", "18,7", "18.7")),
        ("The index lost 6,98%, a record.", ("decimal-comma", "6,98", "6.98")),
        ("It fell to 10.365,45 points.", ("decimal-comma", "10.365,45", "10,365.45")),
        ("The wreck lay 2,5 km away.", ("decimal-comma", "2,5", "2.5")),
        ("Some 12.000 people fled.", ("thousands-dot", "12.000", "12,000")),
        ("About 1.500.000 euros were paid.", ("thousands-dot", "1.500.000", "1,500,000")),
    ],
)
def test_source_notation_is_flagged_with_the_english_number(
    text: str, hit: tuple[str, str, str]
) -> None:
    assert found(text) == [hit]


@pytest.mark.parametrize(
    "text",
    [
        "He paid 1,500 dollars.",
        "It grew 1.5 percent.",
        "The score was 2,1 at half time.",
        "They shipped 2.125 tonnes of grain.",
        "Pages 1,2 and 3 were missing.",
        "The town had 12.000 in 2010.",
        # decimals with three places: a leading zero is never a thousands group, and exchange
        # rates and fuel prices are written to three places in English
        "Each share is now worth 0.125 dollars.",
        "The euro fell to 1.085 dollars in late trading.",
        "Petrol averaged 1.299 euros a litre last week.",
        "The rate was 0.125 deaths per 1,000 people.",
    ],
)
def test_english_numbers_are_not_flagged(text: str) -> None:
    assert found(text) == []


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["percent", "people", "km"]))
def test_english_grouping_never_fires(n: int, unit: str) -> None:
    assert found(f"It was {n:,} {unit} in all.") == []
    assert found(f"It was {n / 100:,.2f} {unit} in all.") == []


def test_the_flag_reaches_the_article_with_its_fix() -> None:
    text = "Output rose. Electricity prices rose by 18,7 percent since last year."
    flags = detect_translation_artifacts(ArticleText(1, "wire", text), split_sentences(text))
    comma = [f for f in flags if f.detector == "decimal-comma"]
    assert [(f.side.quote, f.suggestion) for f in comma] == [("18,7", "18.7")]


def test_native_news_is_near_silent() -> None:
    """All 2,225 BBC articles: one number in source-language notation, a real slip in a sales
    figure ("136.069 units")."""
    paths = sorted((SHARED / "bench-data" / "bbc-news-2225" / "bbc").glob("*/*.txt"))
    if not paths:
        pytest.skip("../shared/bench-data is not beside the project")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    assert sum(len(found(t)) for t in texts) <= 1


@pytest.mark.parametrize(
    "text",
    [
        "The home side won 3,2 points clear of the visitors.",
        "Teams get 3,1 points for a win.",
        "He served 2,5 years in all.",
    ],
)
def test_two_small_whole_numbers_alone_read_as_a_list(text: str) -> None:
    """A digit, a comma and a digit before a unit of whole things may be "3, 2 points"."""
    assert found(text) == []
    assert [h.detector for h in number_style_hits(text, "The market fell 1,2 percent.")] == [
        "decimal-comma"
    ]


def test_a_clear_source_notation_in_the_article_settles_the_list_like_figure() -> None:
    text = "Unemployment rose to 18,7 percent. The index fell 3,2 points."
    flags = detect_translation_artifacts(ArticleText(1, "wire", text), split_sentences(text))
    assert [f.side.quote for f in flags if f.detector == "decimal-comma"] == ["18,7", "3,2"]
    assert found("The index fell 3,2 points while inflation rose 18,7 percent.") == [
        ("decimal-comma", "3,2", "3.2"),
        ("decimal-comma", "18,7", "18.7"),
    ]
    # a decimal with two digits or a unit of measure is never a list
    assert found("It fell 3,25 points.") == [("decimal-comma", "3,25", "3.25")]
    assert found("It lay 3,2 km away.") == [("decimal-comma", "3,2", "3.2")]
