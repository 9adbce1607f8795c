"""Which year a sentence tells of (analysis.episodes), and figures of two episodes."""

from __future__ import annotations

from analysis.episodes import Episode, different_episodes, episode
from analysis.model import AlignUnit, Quantity


def _unit(idx: int, text: str, *years: str) -> AlignUnit:
    dates = tuple(
        Quantity(idx, text.index(y), text.index(y) + len(y), y, "date", None, "date", iso=y)
        for y in years
    )
    return AlignUnit(1, idx, text, "Outlet", frozenset(), dates)


Rows = tuple[str, tuple[str, ...]]


def _units(*rows: Rows) -> dict[tuple[int, int], AlignUnit]:
    return {(1, i): _unit(i, text, *years) for i, (text, years) in enumerate(rows)}


def test_an_undated_sentence_takes_the_year_of_the_sentences_just_before_it() -> None:
    units = _units(
        ("He was acquitted in 1958 of the shooting.", ("1958",)),
        ("A year later, he was convicted of trafficking.", ()),
        ("He was sentenced to seven years in prison.", ()),
        ("The judge spoke of letters from neighbours.", ()),
        ("The court heard from many people.", ()),
    )
    assert episode(units, (1, 2)) == Episode(frozenset({1958}), inherited=True)
    assert episode(units, (1, 0)) == Episode(frozenset({1958}), inherited=False)
    assert episode(units, (1, 4)) is None  # the dated sentence is too far back


def test_two_episodes_need_an_inherited_year_and_a_gap() -> None:
    old = Episode(frozenset({1958}), inherited=True)
    new = Episode(frozenset({1997}), inherited=False)
    assert different_episodes(old, new)
    assert not different_episodes(old, None)
    # both dated by themselves: the date comparison reads them as values
    assert not different_episodes(Episode(frozenset({1958}), False), new)
    # one trial may span a new year
    assert not different_episodes(Episode(frozenset({1996}), True), new)
    # a sentence naming both years may be either episode
    assert not different_episodes(old, Episode(frozenset({1958, 1997}), False))
