"""Relative dates resolved against the publication date (analysis.dates): "on the 10th", "this
morning", "last night", "three days ago". Written for these tests; no article text."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dates import extract_dates

PUBLISHED = date(2031, 3, 4)  # a Tuesday
_days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


def _one(text: str, published: date | None = PUBLISHED) -> tuple[str, date | None, date | None]:
    (q,) = extract_dates(text, [], published)
    low = date.fromordinal(int(q.low)) if q.low is not None else None
    high = date.fromordinal(int(q.high)) if q.high is not None else None
    return q.text, low, high


def _suffix(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


@settings(max_examples=80, deadline=None)
@given(_days, st.integers(min_value=1, max_value=31))
def test_a_day_of_the_month_alone_is_the_latest_such_day_not_after_publication(
    published: date, day: int
) -> None:
    text, low, high = _one(f"The ferry sank on the {day}{_suffix(day)}, officials said.", published)
    assert text == f"on the {day}{_suffix(day)}"
    assert low == high and low is not None
    assert low.day == day and low <= published and (published - low).days < 92
    between = (low + timedelta(days=n) for n in range(1, (published - low).days + 1))
    assert all(d.day != day for d in between)  # none later that still comes before publication


@settings(max_examples=60, deadline=None)
@given(_days, st.integers(min_value=1, max_value=400))
def test_days_ago_count_back_from_publication(published: date, n: int) -> None:
    _, low, high = _one(f"The bridge closed {n} days ago.", published)
    assert low == high == published - timedelta(days=n)


@settings(max_examples=60, deadline=None)
@given(_days, st.integers(min_value=1, max_value=12))
def test_weeks_months_and_years_ago_contain_that_moment(published: date, n: int) -> None:
    _, low, high = _one(f"The bridge closed {n} weeks ago.", published)
    assert low is not None and high is not None
    assert low <= published - timedelta(weeks=n) <= high and (high - low).days <= 7
    _, low, high = _one(f"The bridge closed {n} years ago.", published)
    assert low is not None and high is not None and low.year == high.year == published.year - n


def test_parts_of_the_day_are_the_publication_day_or_the_one_before() -> None:
    assert _one("Crews arrived this morning.")[1:] == (PUBLISHED, PUBLISHED)
    assert _one("Crews arrive tonight.")[1:] == (PUBLISHED, PUBLISHED)
    assert _one("Crews arrived earlier today.")[1:] == (PUBLISHED, PUBLISHED)
    assert _one("Crews arrived yesterday evening.")[1:] == (PUBLISHED - timedelta(days=1),) * 2
    assert _one("Crews arrived last night.")[1:] == (PUBLISHED - timedelta(days=1), PUBLISHED)
    assert _one("Crews arrived a week ago.")[1] == PUBLISHED - timedelta(days=10)


def test_ordinals_that_are_no_dates_are_not_read_as_dates() -> None:
    for text in (
        "The fire started on the 10th floor of the block.",
        "She won on the 3rd attempt.",
        "It was built in the 19th century.",
        "A few days ago the bridge closed.",
    ):
        assert extract_dates(text, [], PUBLISHED) == [], text


def test_without_a_publication_date_relative_days_stay_unresolved() -> None:
    for text in ("It sank on the 10th, officials said.", "Crews arrived this morning.",
                 "The bridge closed 3 days ago."):  # fmt: skip
        (q,) = extract_dates(text, [], None)
        assert q.iso is None and q.low is None and q.high is None, text


def test_a_full_date_still_wins_over_the_day_alone() -> None:
    text, low, _ = _one("It sank on the 10th of February, officials said.")
    assert low == date(2031, 2, 10) and "February" in text
