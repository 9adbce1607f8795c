"""Part/whole readings of two counts (analysis.relations)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.relations import extract_relations


def readings(text: str) -> list[tuple[float, float, str]]:
    return [(r.whole, r.part, r.relation) for r in extract_relations(text)]


def test_part_and_apart_readings() -> None:
    assert readings("Out of the 15 people trapped, four escaped.") == [(15, 4, "part")]
    assert readings("four of the 15 trapped escaped") == [(15, 4, "part")]
    assert readings("15 were trapped and four others escaped.") == [(15, 4, "apart")]
    assert readings("43 passengers, including 5 children, and 6 crew members") == [
        (43, 5, "part")
    ]
    assert (40, 6, "apart") in readings("40 passengers, including 2 children, and also six crew")


def test_a_part_is_smaller_than_its_whole() -> None:
    assert readings("Out of the 4 cars, 15 people got out.") == []


@given(st.integers(2, 500), st.integers(1, 500))
def test_of_the_reading_holds_for_any_counts(whole: int, part: int) -> None:
    found = readings(f"{part} of the {whole} trapped escaped")
    assert found == ([(whole, part, "part")] if part < whole else [])
