"""Which year a sentence tells of: its own dates, else the year the sentences just before it give.

A report's background paragraphs tell other episodes of the story ("... was acquitted in 1958.
A year later, he was convicted ... He was sentenced to seven years in prison."). A figure in such
a sentence belongs to that episode, not to the story's event, and two outlets' figures of two
episodes ("seven years" after the 1959 conviction, "12 years" after the 1997 one) are two facts,
however alike the wording. An undated sentence inherits the years of the nearest of the
EPISODE_REACH sentences before it that gives one; two sentences whose years (at least one of them
inherited) are all EPISODE_GAP or more apart tell different episodes. Two sentences that both date
themselves are left to the date comparison, which reads their dates as values.

Pure: alignment units in, years out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from analysis.model import AlignUnit

__all__ = ["EPISODE_GAP", "EPISODE_REACH", "Episode", "different_episodes", "episode"]

Key = tuple[int, int]  # (article_id, sentence_idx)

EPISODE_REACH = 2  # sentences back an undated sentence takes its year from
EPISODE_GAP = 2  # years apart two episodes must be: one trial or season may span a new year
_YEAR = re.compile(r"^(\d{4})")


@dataclass(frozen=True, slots=True)
class Episode:
    """The years a sentence tells of, and whether they came from the sentences before it."""

    years: frozenset[int]
    inherited: bool


def _years(unit: AlignUnit) -> frozenset[int]:
    found = (_YEAR.match(q.iso or "") for q in unit.quantities if q.kind == "date")
    return frozenset(int(m.group(1)) for m in found if m)


def episode(units: Mapping[Key, AlignUnit], key: Key) -> Episode | None:
    """The years of `key`'s own dates, else those of the nearest dated sentence at most
    EPISODE_REACH before it in its article; None when neither gives a year."""
    own = _years(units[key])
    if own:
        return Episode(own, inherited=False)
    article, idx = key
    for back in range(idx - 1, idx - 1 - EPISODE_REACH, -1):
        unit = units.get((article, back))
        if unit is not None and (years := _years(unit)):
            return Episode(years, inherited=True)
    return None


def different_episodes(a: Episode | None, b: Episode | None) -> bool:
    """Whether two sentences tell two episodes: both have years, at least one inherited, and no
    year of one is within EPISODE_GAP of a year of the other."""
    if a is None or b is None or not (a.inherited or b.inherited):
        return False
    return all(abs(x - y) >= EPISODE_GAP for x in a.years for y in b.years)
