"""Figures that add up (analysis.sums), alone and inside the contradiction detector."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.contradiction import detect_contradictions
from analysis.model import AlignUnit, ClusterDraft, ClusterMember, Quantity
from analysis.quantities import extract_quantities
from analysis.sums import adds_up


def _unit(article_id: int, text: str) -> AlignUnit:
    quantities = tuple(extract_quantities(text, [], None))
    return AlignUnit(article_id, 0, text, f"Outlet {article_id}", frozenset({"Halvik Sound"}),
                     quantities)  # fmt: skip


def _count(unit: AlignUnit, value: float) -> Quantity:
    return next(q for q in unit.quantities if q.kind == "count" and q.value == value)


def _flags(*texts: str) -> list:
    units = {(i, 0): _unit(i, t) for i, t in enumerate(texts, start=1)}
    cluster = ClusterDraft("c", tuple(ClusterMember(a, s, 0.9) for a, s in units))
    return detect_contradictions([cluster], units)


LISTED = "The ferry carried 27 passengers and 6 crew members when it sank in Halvik Sound."
TOTAL = "The ferry was carrying 33 passengers when it sank in Halvik Sound."


def test_a_part_and_the_rest_of_the_total_add_up_in_either_order() -> None:
    a, b = _unit(1, LISTED), _unit(2, TOTAL)
    found = adds_up(_count(a, 27), a, _count(b, 33), b)
    assert found is not None and found.describe() == "27 + 6 = 33"
    assert adds_up(_count(b, 33), b, _count(a, 27), a) == found


def test_figures_that_add_up_raise_no_contradiction() -> None:
    assert _flags(LISTED, TOTAL) == []
    assert _flags(TOTAL, LISTED) == []


def test_figures_that_do_not_add_up_still_conflict() -> None:
    other = "The ferry was carrying 35 passengers when it sank in Halvik Sound."
    assert [f.slot for f in _flags(LISTED, other)] == ["number"]


def test_a_count_inside_the_smaller_group_is_no_addend() -> None:
    for inside in (
        "The ferry carried 27 passengers, including 6 children, when it sank in Halvik Sound.",
        "The ferry carried 27 passengers, 6 of them children, when it sank in Halvik Sound.",
    ):
        a, b = _unit(1, inside), _unit(2, TOTAL)
        assert adds_up(_count(a, 27), a, _count(b, 33), b) is None, inside


def test_vague_counts_prove_no_sum() -> None:
    a = _unit(1, "The ferry carried about 27 passengers and 6 crew members in Halvik Sound.")
    b = _unit(2, TOTAL)
    assert adds_up(_count(a, 27), a, _count(b, 33), b) is None


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=2, max_value=900),
    st.integers(min_value=2, max_value=90),
    st.integers(min_value=-40, max_value=40),
)
def test_only_the_exact_total_adds_up(part: int, rest: int, off: int) -> None:
    a = _unit(1, f"Officials said {part} passengers and {rest} crew members were aboard.")
    total = part + rest + off
    if total <= part:
        return
    b = _unit(2, f"Officials said {total} passengers were aboard.")
    found = adds_up(_count(a, part), a, _count(b, total), b)
    assert (found is not None) == (off == 0)


def test_a_figure_outside_the_list_of_groups_is_no_addend() -> None:
    for text in (
        "On 6 sailings the ferry carried 27 passengers in Halvik Sound.",
        "The ferry carried 27 passengers in 6 cabins across Halvik Sound.",
        "The ferry carried 27 passengers and 2 dogs, 6 cars and 1 van across Halvik Sound.",
    ):
        a, b = _unit(1, text), _unit(2, TOTAL)
        assert adds_up(_count(a, 27), a, _count(b, 33), b) is None, text
