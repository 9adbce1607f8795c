"""Figures that add up: "31 guests and 4 staff" against "35 people" is one count told two ways,
not a conflict.

When two reports give different counts for what looks like one group, the smaller count's
sentence may list the other groups that make up the larger one. If some of its other counts
(one to three of them), written in one list with it ("52 passengers and 7 crew": joined by a
comma or "and", each a different noun, no other figure between), add to the difference, the two
figures are a part and its total. An
addend that the sentence puts INSIDE the smaller group ("31 guests, including 4 children") is
no addend: the 4 are already among the 31 (`analysis.relations` reads that grammar).

Pure arithmetic over the figures extractor's quantities; no words of any story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from analysis.claim_slots import infer_base
from analysis.model import AlignUnit, Quantity
from analysis.relations import extract_relations

MAX_ADDENDS = 3  # "a, b and c" make a total; more parts than that is a coincidence hunt
MAX_CANDIDATES = 6  # a sentence with more counts than this (a results table) proves nothing


@dataclass(frozen=True, slots=True)
class Sum:
    """`parts` (the smaller figure first, then its addends) add to `total`."""

    parts: tuple[float, ...]
    total: float
    quotes: tuple[str, ...]  # the addends as written

    def describe(self) -> str:
        terms = " + ".join(f"{p:g}" for p in self.parts)
        return f"{terms} = {self.total:g}"


def _exact(q: Quantity) -> float | None:
    """The value of a count the text gives exactly ("43", not "about 40" or "dozens")."""
    if q.kind != "count" or q.value is None or q.approximate:
        return None
    if q.low is not None and q.high is not None and q.low != q.high:
        return None
    return q.value


# grammar that puts a count inside the group named before it: "12 people, 3 of them children",
# "12 people, including 3 children", "among them 3 children"
_PART_BEFORE = re.compile(r"\b(?:including|among\s+(?:them|whom)|of\s+whom|of\s+them)\s+$", re.I)
_PART_AFTER = re.compile(r"\s+(?:of|among)\s+(?:them|whom)\b", re.I)


def _inside(text: str, group: float, addend: Quantity) -> bool:
    """Whether `text` puts `addend` inside `group` ("of the 12, three ...", "12, including 3")."""
    value = _exact(addend)
    if any(
        r.relation == "part" and r.whole == group and r.part == value
        for r in extract_relations(text)
    ):
        return True
    at = text.find(addend.text)
    if at < 0:
        return False
    before = text[max(0, at - 20) : at]
    return bool(_PART_BEFORE.search(before) or _PART_AFTER.match(text, at + len(addend.text)))


# what may stand between the items of one list of groups: "52 passengers and 7 crew",
# "12 adults, 3 children plus 2 drivers"; no figure, no sentence break, not far
_LIST_GAP = re.compile(r"[^\d.;:()]{1,40}")
_JOINER = re.compile(r",|\b(?:and|plus|with|as\s+well\s+as|along\s+with)\b", re.I)


def _one_list(unit: AlignUnit, items: Sequence[Quantity]) -> bool:
    """Whether `items` are written as one list: in order, each joined to the next by a comma or
    "and" with no other figure between, each counting a different noun ("52 passengers and 7 crew"
    add up; "189 yards and two touchdowns in his last two games" is no list of groups)."""
    if len({q.unit for q in items}) < len(items):
        return False
    base = infer_base(unit)
    ordered = sorted(items, key=lambda q: q.start)
    for x, y in pairwise(ordered):
        if any(x.end <= q.start < y.start for q in unit.quantities):
            return False  # another figure between them
        gap = unit.text[x.end - base : y.start - base]
        if not (_LIST_GAP.fullmatch(gap) and _JOINER.search(gap)):
            return False
    return all(unit.text[q.start - base : q.end - base] == q.text for q in ordered)


def completes(part: Quantity, part_unit: AlignUnit, whole: Quantity) -> Sum | None:
    """How the other counts of `part`'s sentence make up `whole`, if they do."""
    p, w = _exact(part), _exact(whole)
    if p is None or w is None or not 0 < p < w:
        return None
    others = [
        q for q in part_unit.quantities
        if q.start != part.start and _exact(q) is not None and 0 < (_exact(q) or 0) < w
    ]  # fmt: skip
    if not others or len(others) > MAX_CANDIDATES:
        return None
    gap = w - p
    for n in range(1, min(MAX_ADDENDS, len(others)) + 1):
        for group in combinations(others, n):
            values = [_exact(q) or 0.0 for q in group]
            if abs(sum(values) - gap) > 1e-9:
                continue
            if any(_inside(part_unit.text, p, q) for q in group):
                continue
            if not _one_list(part_unit, (part, *group)):
                continue
            return Sum((p, *values), w, tuple(q.text for q in group))
    return None


def adds_up(a: Quantity, unit_a: AlignUnit, b: Quantity, unit_b: AlignUnit) -> Sum | None:
    """Whether two differing counts are a part and a total: the smaller one's sentence names
    the rest of the total. Either side may be the smaller."""
    return completes(a, unit_a, b) or completes(b, unit_b, a)
