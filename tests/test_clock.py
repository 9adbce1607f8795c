"""Clock times, zones and weekdays read as values (analysis.clock)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from analysis.clock import (
    country_code,
    country_offsets,
    extract_clock_times,
    extract_weekdays,
    format_offset,
    resolve_weekday,
)


def one(text: str):
    times = extract_clock_times(text)
    assert len(times) == 1, times
    return times[0]


def test_twelve_hour_times_with_and_without_minutes() -> None:
    assert one("departed at 9:14 a.m. local time").minutes == 9 * 60 + 14
    assert one("at 3.41 pm on Sunday").minutes == 15 * 60 + 41
    assert one("by 3 p.m. the road was shut").minutes == 15 * 60
    assert one("at 12:05 am").minutes == 5
    assert one("at 12:05 pm").minutes == 12 * 60 + 5
    assert one("at about 11:09 a.m. it was reached").approximate


def test_local_time_with_a_utc_reading_in_brackets_implies_an_offset() -> None:
    t = one("flames were first seen at 4:50 a.m. (02:50 GMT) by a night guard")
    assert (t.minutes, t.utc, t.implied_offset) == (290, 170, 120)
    wrong = one("A guard saw flames at 4:50 a.m. (13:50 GMT) near the depot")
    assert wrong.implied_offset == -540
    assert not t.agrees(wrong)


def test_zones_convert_to_utc() -> None:
    assert one("at 10 a.m. EST").utc == 15 * 60
    assert one("at 0027 GMT").utc == 27
    assert one("at 18:00 UTC+2").utc == 16 * 60


def test_numbers_that_are_not_times() -> None:
    assert extract_clock_times("shares rose 7.25 percent") == []
    assert extract_clock_times("a 2:1 majority") == []
    assert extract_clock_times("version 10.12 shipped") == []


def test_a_one_digit_difference_is_a_conflict_and_rounding_is_not() -> None:
    assert not one("at 9:14 a.m.").agrees(one("at 9:18 a.m."))
    assert one("at 9:14 a.m.").agrees(one("at 9:14 am"))
    assert one("at about 10 am").agrees(one("at 10:20 am"))


def test_weekdays_that_name_a_day_not_a_habit_or_a_holiday() -> None:
    days = extract_weekdays("On Tuesday, after Black Friday sales and meetings on Mondays")
    assert [d.text for d in days] == ["Tuesday"]
    assert extract_weekdays("It rained last Monday")[0].relative == "last"


def test_countries_and_their_offsets_come_from_tzdata() -> None:
    code = country_code("Greece")
    assert code == "GR"
    assert country_offsets(code, date(2024, 2, 6)) == {120}
    assert country_offsets(code, year=2024) == {120, 180}  # winter and summer time
    assert format_offset(-540) == "UTC−9"


@given(st.integers(0, 23), st.integers(0, 59))
def test_24_hour_times_round_trip(hour: int, minute: int) -> None:
    t = one(f"at {hour:02d}:{minute:02d} local time")
    assert t.minutes == hour * 60 + minute and t.local


@given(st.integers(1, 12), st.integers(0, 59), st.sampled_from(["a.m.", "am", "p.m.", "PM"]))
def test_12_hour_times_land_in_the_right_half_of_the_day(h: int, m: int, ampm: str) -> None:
    t = one(f"at {h}:{m:02d} {ampm} there")
    afternoon = ampm.casefold().startswith("p")
    assert t.minutes == (h % 12) * 60 + m + (720 if afternoon else 0)


@given(st.integers(0, 23), st.integers(0, 59), st.integers(-12, 14))
def test_a_bracketed_utc_reading_implies_its_offset(h: int, m: int, off: int) -> None:
    """Up to a day: UTC−10 and UTC+14 read the same on a clock face."""
    utc = (h * 60 + m - off * 60) % (24 * 60)
    t = one(f"at {h:02d}:{m:02d} ({utc // 60:02d}:{utc % 60:02d} GMT) it began")
    assert t.implied_offset is not None and -12 * 60 <= t.implied_offset <= 14 * 60
    assert (t.implied_offset - off * 60) % (24 * 60) == 0


@given(st.dates(date(1990, 1, 1), date(2040, 12, 31)), st.integers(0, 6))
def test_a_weekday_resolves_to_that_day_within_the_week_before_publication(
    published: date, day: int
) -> None:
    resolved = resolve_weekday(day, published)
    assert resolved.weekday() == day
    assert timedelta(0) <= published - resolved < timedelta(days=7)
    assert resolve_weekday(day, published, "next") > published
