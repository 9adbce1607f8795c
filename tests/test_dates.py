"""Dates found and resolved by analysis.dates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dates import dateline_date, extract_dates
from analysis.model import Quantity
from analysis.segment import split_sentences

JULY = date(2025, 7, 15)  # a Tuesday


def _dates(text: str, published: date | None = None) -> list[Quantity]:
    return extract_dates(text, split_sentences(text, classify=False), published)


def _one(text: str, published: date | None = None) -> Quantity:
    found = _dates(text, published)
    assert len(found) == 1, found
    return found[0]


def _days(q: Quantity) -> tuple[date, date]:
    assert q.low is not None and q.high is not None
    return date.fromordinal(int(q.low)), date.fromordinal(int(q.high))


@pytest.mark.parametrize(
    ("text", "quote", "iso"),
    [
        ("They met on the 12th of March in Geneva.", "the 12th of March", "2025-03-12"),
        ("They met on 30 April in Washington.", "30 April", "2025-04-30"),
        ("It was signed April 30, 2025, in Seoul.", "April 30, 2025", "2025-04-30"),
        ("It ends 14 March 2026 at noon.", "14 March 2026", "2026-03-14"),
        ("The file is dated 2025-04-30.", "2025-04-30", "2025-04-30"),
        ("In April, the tariffs rose again.", "April", "2025-04"),
        ("He toured the Middle East last May.", "last May", "2025-05"),
        ("Launched in January, R1 made headlines.", "January", "2025-01"),
        ("It opens in early April 2026.", "early April 2026", "2026-04"),
        ("Founded in 1987, Talvo grew.", "1987", "1987"),
        ("They spoke on Monday.", "Monday", "2025-07-14"),
        ("They spoke last Tuesday.", "last Tuesday", "2025-07-08"),
        ("He came back last week.", "last week", "2025-W28"),
        ("Sales fell last month.", "last month", "2025-06"),
        ("It happened yesterday.", "yesterday", "2025-07-14"),
        ("Budgets for the 2025 fiscal year grew.", "the 2025 fiscal year", "2025"),
        ("Revenue for FY2024 grew.", "FY2024", "2024"),
    ],
)
def test_forms_resolve_against_publication(text: str, quote: str, iso: str) -> None:
    q = _one(text, JULY)
    assert (q.text, q.iso, q.kind, q.unit, q.value) == (quote, iso, "date", "date", None)
    low, high = _days(q)
    assert low <= high
    assert text[q.start : q.end] == quote


def test_ranges() -> None:
    assert _days(_one("He came back last week.", JULY)) == (date(2025, 7, 7), date(2025, 7, 13))
    assert _days(_one("It rose in mid-April.", JULY)) == (date(2025, 4, 11), date(2025, 4, 20))
    fiscal = _one("Spending in the 2025 fiscal year rose.", JULY)
    assert _days(fiscal) == (date(2024, 1, 1), date(2026, 3, 31)) and fiscal.approximate
    assert _days(_one("Founded in 1993, it grew.")) == (date(1993, 1, 1), date(1993, 12, 31))


def test_months_in_the_future_of_the_article_belong_to_last_year() -> None:
    march = date(2025, 3, 1)
    assert _one("Back in April, curbs tightened.", march).iso == "2024-04"
    assert _one("He toured the region last May.", march).iso == "2024-05"
    assert _one("It will resume next May.", march).iso == "2025-05"
    assert _one("He toured the region last May.", date(2025, 5, 20)).iso == "2024-05"
    assert _one("The deal closed on 30 April.", march).iso == "2024-04-30"


def test_without_publication_the_year_stays_unknown() -> None:
    month = _one("In April, the tariffs rose.")
    assert (month.iso, month.low, month.high) == ("--04", None, None)
    day = _one("They met on the 12th of March.")
    assert (day.iso, day.low, day.high) == ("--03-12", None, None)
    assert _one("He toured the region last May.").iso == "--05"
    relative = _one("He came back last week.")
    assert (relative.iso, relative.low, relative.high) == (None, None, None)
    assert _one("It ends 14 March 2026.").iso == "2026-03-14"


@pytest.mark.parametrize(
    "text",
    [
        "The H20 and the H100 were sold; shares fell 7% and the R1 model launched.",
        "He may go, and May I ask, she said; they march on.",
        "It cost $30 and 2,025 chips, and sales rose 2025%.",
        "April 30,000 people came; the year was busy.",
        "Tier 1 countries and CloudMatrix 384 chips.",
        "The Friday the 13th films got a Monday sequel.",
    ],
)
def test_things_that_are_not_dates(text: str) -> None:
    assert _dates(text, JULY) == []


def test_invalid_days_are_skipped() -> None:
    assert _dates("It was due on February 30, 2025 and 2025-13-01.", JULY) == []
    assert _one("Born on 29 February.", date(2025, 3, 1)).iso == "2024-02-29"


_STYLES = [
    "{month} {day}, {year}",
    "{day} {month} {year}",
    "the {ordinal} of {month} {year}",
    "{iso}",
    "{month} {day} {year}",
]


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@settings(max_examples=150, deadline=None)
@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31)),
    st.sampled_from(_STYLES),
    st.sampled_from(["", "The talks ended on ", "Officials said that "]),
)
def test_formatted_dates_parse_back(day: date, style: str, lead: str) -> None:
    quote = style.format(
        month=day.strftime("%B"),
        day=day.day,
        year=day.year,
        ordinal=_ordinal(day.day),
        iso=day.isoformat(),
    )
    text = f"{lead}{quote}, the report said."
    q = _one(text, JULY)
    assert q.iso == day.isoformat()
    assert q.text == quote == text[q.start : q.end]
    assert _days(q) == (day, day)


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), st.integers(1, 12))
def test_bare_months_never_land_after_publication(published: date, month: int) -> None:
    name = date(2000, month, 1).strftime("%B")
    q = _one(f"Prices rose in {name}, the agency said.", published)
    low, high = _days(q)
    assert low <= published and published - low < timedelta(days=366)
    assert low.month == high.month == month


def test_real_article_dates(h20_dir: Path) -> None:
    (path,) = h20_dir.glob("000_*.txt")
    text = path.read_text(encoding="utf-8")
    found = {q.text: q.iso for q in _dates(text, JULY)}
    assert found["the 30th of April"] == "2025-04-30"
    assert found["last May"] == "2025-05"
    assert found["last week"] == found["Last week"] == "2025-W28"
    (path,) = h20_dir.glob("002_*.txt")
    found = {q.text: q.iso for q in _dates(path.read_text(encoding="utf-8"))}
    assert found == {"last week": None, "January": "--01", "the 2025 fiscal year": "2025"}


def test_a_span_of_years_is_one_date_that_holds_both_ends() -> None:
    (span,) = _dates("Ford set the mark from 1974 to 1978 at the school.")
    (end,) = _dates("Ford finished his career in 1978.")
    assert span.low is not None and span.high is not None and end.low is not None
    assert span.low < end.low <= span.high


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Published: December 19, 2005\nThe mob boss died today.", date(2005, 12, 19)),
        ("December 20, 2005\nThe mob boss, who died yesterday, ...", date(2005, 12, 20)),
        ("Posted Monday, Dec. 19, 2005 at 3:36 PM\nHe died.", date(2005, 12, 19)),
        ("Updated: Dec 19, 2005 1:26 PM\nHe died.", None),  # when the page changed
        ("He died on December 19, 2005, in prison.\nHe was 77.", None),  # an event date
        ("In 1957 he was charged.\nPublished in 2005.", None),  # no day
    ],
)
def test_a_publication_line_at_the_top_dates_the_article(text: str, day: date | None) -> None:
    assert dateline_date(text) == day


def test_an_upcoming_date_without_a_year_is_the_coming_one() -> None:
    april = date(2013, 4, 24)
    assert _one("Registration will begin on April 29.", april).iso == "2013-04-29"
    assert _one("Trial is set for June 17.", april).iso == "2013-06-17"
    assert _one("The deal closed on April 29.", april).iso == "2012-04-29"  # told as past
    assert _one("It will open on January 5.", date(2013, 12, 20)).iso == "2014-01-05"
    assert _one("It will open on March 5.", date(2013, 12, 20)).iso == "2013-03-05"  # too far
