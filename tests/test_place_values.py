"""Place names read as values (analysis/place_values.py), as the story's country reads them."""

from __future__ import annotations

from analysis.contradiction import detect_contradictions
from analysis.model import AlignUnit
from analysis.place_values import (
    country_of_story,
    different_places,
    readings,
    story_country_as,
)


def test_a_story_reads_a_name_as_its_own_town_or_a_city_known_abroad() -> None:
    every = {r.country for r in readings("Burlington")}
    assert {"CA", "US"} <= every
    with story_country_as("CA"):
        assert {r.country for r in readings("Burlington")} == {"CA"}
        assert readings("Tracy") == ()  # a small town abroad only: not the story's
        assert readings("Modesto") != ()  # a city abroad may be meant
        assert "FR" in {r.country for r in readings("Paris")}  # known by its name alone
        assert readings("Canada") != ()  # a country is that country in any story
    assert {r.country for r in readings("Burlington")} == every  # outside, every reading


def test_a_town_abroad_is_no_second_place_in_the_story() -> None:
    assert different_places("Fresno", "Nanaimo")
    with story_country_as("US"):
        assert not different_places("Fresno", "Nanaimo")  # no US town of that name
        assert different_places("Fresno", "Sacramento")


def test_the_story_country_is_the_one_most_of_its_places_are_in() -> None:
    assert country_of_story(["Fresno", "Modesto", "Sacramento", "Lyon"]) == "US"
    assert country_of_story(["Modesto", "Lyon"]) is None  # no country holds most
    assert country_of_story(["Atlantis Gulch"]) is None  # nothing GeoNames knows


NAMES = frozenset({"Marla Quint", "Fresno", "Nanaimo", "Modesto", "Sacramento"})


def _flags(texts: list[str]) -> list[tuple[str, str]]:
    units = {
        (i, 0): AlignUnit(i, 0, text, f"Outlet {i}", entities=NAMES)
        for i, text in enumerate(texts, start=1)
    }
    flags = detect_contradictions([], units)
    return [(f.side.quote, f.other.quote) for f in flags if f.detector.startswith("anchored")]


def test_the_comparison_reads_places_in_the_story_country() -> None:
    a = "Marla Quint has checked into a rehab clinic in Fresno, her lawyer said."
    b = "The actress Marla Quint checked into a private rehab facility in Nanaimo on Friday."
    assert _flags([a, b]) == [("Fresno", "Nanaimo")]  # no story country: two places
    story = [
        "Marla Quint grew up in Modesto.",
        "Marla Quint later moved to Sacramento.",
    ]
    assert _flags([a, b, *story]) == []  # a story told in the US: no US town of that name
