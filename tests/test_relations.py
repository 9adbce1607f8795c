"""Part/whole readings of two counts (analysis.relations)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.relations import extract_relations


def readings(text: str) -> list[tuple[float, float, str]]:
    return [(r.whole, r.part, r.relation) for r in extract_relations(text)]


def test_part_and_apart_readings() -> None:
    assert readings("Out of the 23 miners cut off, seven got out.") == [(23, 7, "part")]
    assert readings("seven of the 23 miners got out") == [(23, 7, "part")]
    assert readings("23 were cut off and seven others got out.") == [(23, 7, "apart")]
    assert readings("31 tourists, including 3 minors, and 2 drivers") == [(31, 3, "part")]
    assert (31, 2, "apart") in readings("31 tourists, including 4 minors, and also two drivers")


def test_a_part_is_smaller_than_its_whole() -> None:
    assert readings("Out of the 4 cars, 15 people got out.") == []


@given(st.integers(2, 500), st.integers(1, 500))
def test_of_the_reading_holds_for_any_counts(whole: int, part: int) -> None:
    found = readings(f"{part} of the {whole} trapped escaped")
    assert found == ([(whole, part, "part")] if part < whole else [])
