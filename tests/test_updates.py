"""An interim toll and a later, higher one read as an update (analysis.updates)."""

from __future__ import annotations

from datetime import date

from analysis.contradiction import detect_contradictions
from analysis.model import AlignUnit, ClusterDraft, ClusterMember, FlagDraft
from analysis.quantities import extract_quantities


def _flags(*sides: tuple[str, date | None]) -> list[FlagDraft]:
    units = {
        (i, 0): AlignUnit(i, 0, text, f"Outlet {i}", frozenset({"Orsk Valley"}),
                          tuple(extract_quantities(text, [], published)), published)
        for i, (text, published) in enumerate(sides, start=1)
    }  # fmt: skip
    cluster = ClusterDraft("c", tuple(ClusterMember(a, s, 0.9) for a, s in units))
    return detect_contradictions([cluster], units)


EARLY = "The landslide in the Orsk Valley killed 14 people, rescuers said."
LATE = "The landslide in the Orsk Valley killed 17 people, rescuers said."
D1, D2 = date(2031, 3, 4), date(2031, 3, 5)


def test_a_higher_toll_published_later_is_an_update_in_either_order() -> None:
    for sides in (((EARLY, D1), (LATE, D2)), ((LATE, D2), (EARLY, D1))):
        (flag,) = _flags(*sides)
        assert flag.evidence["reading"] == "update"
        assert flag.evidence["update"]["later"] == "17 people"
        assert "may have changed over time" in flag.explanation


def test_a_toll_that_falls_in_the_later_report_stays_a_conflict() -> None:
    (flag,) = _flags((EARLY, D2), (LATE, D1))
    assert "reading" not in flag.evidence


def test_undated_reports_are_ordered_by_their_own_words() -> None:
    risen = "The landslide in the Orsk Valley killed 17 people, rescuers said in an updated count."
    (flag,) = _flags((EARLY, None), (risen, None))
    assert flag.evidence["reading"] == "update"
    assert flag.evidence["update"]["why"] == "worded as the later count"
    interim = "The landslide in the Orsk Valley killed 17 people, rescuers said in a first count."
    (flag,) = _flags((interim, None), (EARLY, None))
    assert "reading" not in flag.evidence  # the interim count is the higher one: no update


def test_undated_reports_with_no_word_of_time_stay_a_conflict() -> None:
    (flag,) = _flags((EARLY, None), (LATE, None))
    assert "reading" not in flag.evidence


def test_counts_that_do_not_only_grow_are_no_update() -> None:
    a = "The ferry in the Orsk Valley carried 14 cars, the operator said."
    b = "The ferry in the Orsk Valley carried 17 cars, the operator said."
    (flag,) = _flags((a, D1), (b, D2))
    assert "reading" not in flag.evidence
