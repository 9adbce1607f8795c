"""Mixed numbers whose layout was lost ("41/2 months") against a year's span written with a slash
("the 2023/4 year"): the span is no duration of two centuries."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.quantities import extract_quantities
from analysis.segment import split_sentences


def _durations(text: str) -> list[tuple[str, float | None]]:
    found = extract_quantities(text, split_sentences(text, classify=False))
    return [(q.text, q.value) for q in found if q.kind == "duration"]


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(1990, 2035),
    unit=st.sampled_from(["year", "years", "season", "month", "day"]),
    lead=st.sampled_from(["the", "a", "for", "in the", "during the"]),
)
def test_a_span_of_years_written_with_a_slash_is_no_mixed_number(
    year: int, unit: str, lead: str
) -> None:
    """ "the 2023/4 year" is one year's span (a fiscal or school year), not 202 3/4 years."""
    text = f"Spending rose in {lead} {year}/{(year + 1) % 10} {unit}, the council said."
    assert not [d for d in _durations(text) if "/" in d[0]], text


def test_a_small_whole_number_with_its_fraction_run_in_is_still_read() -> None:
    assert _durations("He served 41/2 months there.") == [("41/2 months", 135.0)]
    assert _durations("It took 121/2 years to finish.") == [("121/2 years", 4562.5)]
