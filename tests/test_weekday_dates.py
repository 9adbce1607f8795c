"""A weekday beside a date the calendar gives another day (analysis.weekday_dates), on sentences
written for these tests."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dates import extract_dates
from analysis.weekday_dates import mismatches
from tests.test_compare import run

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(["{w}, {m} {d}, {y}", "{w} {d} {m} {y}", "{w}, the {d}th of {m} {y}"]),
)
def test_a_weekday_is_checked_against_its_dated_day(when: date, shift: int, form: str) -> None:
    weekday = DAYS[(when.weekday() + shift) % 7]
    text = (
        "The plant closed on "
        + form.format(w=weekday, m=when.strftime("%B"), d=when.day, y=when.year)
        + " after the storm."
    )
    found = mismatches(text)
    assert (found != []) == (shift != 0), text
    if found:
        (start, end, written, dated) = found[0]
        assert written == weekday and dated == when and text[start:end].startswith(weekday)


def test_a_date_without_a_year_takes_the_year_the_dates_module_gives() -> None:
    published = date(2031, 1, 3)
    # 29 December before 3 January 2031 is in 2030, a Sunday
    assert mismatches("The ferry sank on Sunday, Dec. 29.", published) == []
    (found,) = mismatches("The ferry sank on Monday, Dec. 29.", published)
    assert found[3] == date(2030, 12, 29)
    # a date just after publication is last year's, unless the sentence says it is to come
    published = date(2030, 12, 29)
    (found,) = mismatches("The ferry sank on Friday, Jan. 3.", published)  # 3 Jan 2030: Thursday
    assert found[3] == date(2030, 1, 3)
    assert mismatches("The ferry will sail on Friday, Jan. 3.", published) == []  # 2031: Friday
    assert mismatches("The ferry sank on Monday, Dec. 29.") == []  # no year to check against
    assert mismatches("He was born on Friday, February 30, 2024.") == []  # no such date
    assert mismatches("It reopened Tuesday, May 2031, after repairs.") == []  # no day of month
    # 29 February read in a year without it goes back to the last year that has one (2028)
    assert mismatches("The dam opened on Tuesday, February 29.", date(2030, 3, 1)) == []


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)),
    st.sampled_from(["The dam opened on {w}, {m} {d}.", "The dam will open on {w}, {m} {d}."]),
)
def test_the_weekday_check_dates_a_day_as_extract_dates_does(
    published: date, day: date, form: str
) -> None:
    """One rule for the year of a date written without one: the weekday check finds a mismatch
    exactly when the date `extract_dates` resolves is another day of the week."""
    text = form.format(w="Monday", m=day.strftime("%B"), d=day.day)
    month = day.strftime("%B")
    (resolved,) = [q for q in extract_dates(text, [], published) if q.text.startswith(month)]
    assert resolved.iso is not None
    when = date.fromisoformat(resolved.iso)
    found = mismatches(text, published)
    assert (found != []) == (when.weekday() != 0), (text, published)
    if found:
        assert found[0][3] == when


def test_a_flag_names_the_day_the_calendar_gives() -> None:
    day = date(2030, 3, 8)
    wrong, right = DAYS[(day.weekday() + 1) % 7], DAYS[day.weekday()]
    (flag,) = run(f"The Varn ferry sank on {wrong}, 8 March 2030, officials said.")
    assert flag.detector == "weekday-date" and flag.slot == "date" and flag.other is None
    assert flag.side.quote == f"{wrong}, 8 March 2030"
    assert f"was a {right}, not a {wrong}" in flag.explanation
    assert run(f"The Varn ferry sank on {right}, 8 March 2030, officials said.") == []


def test_a_clock_time_after_a_date_is_no_year() -> None:
    assert mismatches("Kick-off: Tuesday, 1 March 2000 GMT at the Varn ground.") == []
