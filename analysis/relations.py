"""Part and whole between two counts in one sentence: "four of the 15" against "15 ... and four
others".

"Of the 23 miners cut off, seven got out" puts the seven inside the 23; "23 were cut off and
seven others got out" keeps them apart (30 in all). The same two numbers read one way by one
outlet and the other way by another cannot both be right, and the difference is easy to miss
because every figure matches. The same holds for "31 tourists, including three minors and two
drivers" (the drivers among the tourists) against "31 tourists, including 4 minors, and also two
drivers" (the drivers besides them).

The patterns are English grammar ("out of", "of the", "including", "and ... others", "and also"),
not words of any story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = (
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
)
_VALUES = {w: float(i) for i, w in enumerate(_NUMBER_WORDS[:19], start=2)} | {
    w: float(10 * i) for i, w in enumerate(_NUMBER_WORDS[19:], start=3)
}
NUMBER_WORDS = frozenset(_NUMBER_WORDS) | {"one", "hundred", "thousand", "million", "billion"}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+|(?i:" + "|".join(_NUMBER_WORDS) + r"))"
_GAP = r"[^.;:()\d]{0,60}?"
_LIST_GAP = r"[^.,;:()\d]{0,40}?"  # inside one list: no comma
_LONG_GAP = r"[^.;:()]{0,80}?"

# (pattern, relation): "part" puts group B inside group A, "apart" keeps them separate
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i:\b(?:out\s+of|of|among)\s+(?:the\s+|those\s+|these\s+|all\s+)?)"
                r"(?P<a>" + _NUM + r")\b" + _GAP + r",\s*(?P<b>" + _NUM + r")\b"), "part"),
    (re.compile(r"\b(?P<b>" + _NUM + r")\s+(?:of|out\s+of)\s+(?:the|them|those)\s+(?P<a>"
                + _NUM + r")\b"), "part"),
    (re.compile(r"\b(?P<a>" + _NUM + r")\b" + _GAP + r"\bincluding\s+(?:" + _NUM + _LIST_GAP
                + r"\s+and\s+)?(?P<b>" + _NUM + r")\b"), "part"),
    (re.compile(r"\b(?P<a>" + _NUM + r")\b" + _GAP + r"\band\s+(?:also\s+)?(?P<b>" + _NUM
                + r")\s+(?:others?|more)\b"), "apart"),
    (re.compile(r"\b(?P<a>" + _NUM + r")\b" + _LONG_GAP + r",\s*(?:and\s+)?(?:also|plus"
                r"|as well as|in addition to)\s+(?P<b>" + _NUM + r")\b"), "apart"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Relation:
    start: int  # offsets in the text searched
    end: int
    whole: float  # A: the group named first (or the one "of the A")
    part: float  # B
    relation: str  # "part" (B is inside A) or "apart" (B is besides A)


def _value(raw: str) -> float | None:
    w = raw.casefold().replace(",", "")
    if w.isdigit():
        return float(w)
    return _VALUES.get(w)


def extract_relations(text: str) -> list[Relation]:
    """Every part/whole or apart reading of two counts in `text` (one sentence); where patterns
    overlap on the same two numbers the first (most specific) wins."""
    out: list[Relation] = []
    seen: set[tuple[int, int]] = set()
    for pattern, relation in _PATTERNS:
        for m in pattern.finditer(text):
            a, b = _value(m.group("a")), _value(m.group("b"))
            if a is None or b is None or a == b:
                continue
            key = tuple(sorted((m.start("a"), m.start("b"))))
            if key in seen:
                continue
            seen.add(key)
            if relation == "part" and b >= a:
                continue  # a part is smaller than its whole
            out.append(Relation(m.start(), m.end(), a, b, relation))
    return out
