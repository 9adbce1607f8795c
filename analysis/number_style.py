"""Numbers left in the source language's notation: a decimal comma, a thousands dot.

Russian, Ukrainian, Turkish and most continental European languages write 18,7 for 18.7 and
12.000 for 12,000; machine translation often copies the digits as they stand, so the English text
says "rose by 18,7 percent" or "12.000 people". An English reader cannot tell 18,7 from 187, and a
figure read the wrong way makes a false conflict with another outlet. The rule reads the shape
only: one to three digits, a comma and one or two digits before a unit or scale word ("%",
"percent", "million", "km", "points"), or groups of three digits after a dot before a count noun
or a currency ("people", "euros": neither takes three decimals). English grouping always has three
digits after a comma, so neither form is English. Measured: one match in 2,225 BBC articles (a real
slip, "136.069 units" of a car maker's sales), none in 982 ECB+ documents, the dev clusters or
the seed articles or WMT23 zh→en output; 18 in 3,287 SemEval 2016 post-editing MT sentences
(European-language news; the post-editors left them in) and 1 in 399 SemEval 2012 SMTnews MT
outputs, none in their reference translations (`tests/test_number_style.py`).

One reading is English after all: two small whole numbers with the space after the comma left
out, before a unit that counts whole things ("teams win 3,2 or 1 points" style lists, "won 3,2
points"). A one-digit number, a comma and one digit before such a unit ("points", "times",
"goals", "hours", "years") is therefore flagged only when the article also writes a figure no
list can explain ("18,7 percent", "12.595,75 points", "12.000 people").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.typography import TypoHit

CONFIDENCE = 0.8  # English never writes these; a typo is the other reading

_UNIT = (
    r"%|per\s?cent\b|percent\b|percentage points?\b|points?\b|million\b|billion\b|trillion\b|"
    r"thousand\b|mln\b|bn\b|km\b|kilomet|met(?:er|re)s?\b|m\b|kg\b|kilograms?\b|tons?\b|"
    r"tonnes?\b|hours?\b|times\b|degrees?\b|°|mm\b|cm\b|hectares?\b|ha\b|"
    r"euros?\b|dollars?\b|rubles?\b|roubles?\b|hryvnias?\b|lira\b|liras\b|years?\b"
)
_CURRENCY = r"euros?|dollars?|rubles?|roubles?|hryvnias?|lira|liras"
_COUNT = (
    r"people|persons|residents|inhabitants|soldiers|troops|workers|employees|children|tourists|"
    r"visitors|households|homes|houses|buildings|units|cases|deaths|victims|refugees|migrants|"
    rf"students|jobs|vehicles|cars|flights|passengers|{_CURRENCY}"
)
# An exchange rate or a fuel price is written to three decimals in English ("1.085 dollars",
# "1.299 euros a litre"): before a currency, one digit and one group is read as a decimal.
_PRICE = re.compile(rf"\d\.\d{{3}}\s+(?i:{_CURRENCY})\b")
# "18,7 percent", "10.365,45 points", "6,98%"
_DECIMAL_COMMA = re.compile(
    rf"(?<![\w.,])(?P<int>\d{{1,3}}(?:\.\d{{3}})*),(?P<frac>\d{{1,2}})(?![\d,])"
    rf"(?=\s?(?i:{_UNIT}))"
)
# "12.000 people", "1.500.000 euros"; a leading zero ("0.125") is never a thousands group
_THOUSANDS_DOT = re.compile(
    rf"(?<![\w.,])(?P<int>[1-9]\d{{0,2}}(?:\.\d{{3}})+)(?![\d.,]*\d)(?=\s+(?i:{_COUNT})\b)"
)


# A unit that counts whole things: "3,2 points" may be the list "3, 2 points".
_WHOLE_UNIT = re.compile(r"\s?(?:points?|times|goals?|hours?|years?)\b", re.IGNORECASE)


def number_style_hits(text: str, context: str = "") -> Iterator[TypoHit]:
    """Each number in one sentence written with a decimal comma or a thousands dot.

    `context` is the rest of the article (or all of it), which may show the source notation for
    a figure that could also be a list of two whole numbers."""
    for m in _DECIMAL_COMMA.finditer(text):
        if _list_like(text, m) and not _clear_notation(text) and not _clear_notation(context):
            continue
        english = f"{_grouped(m['int'])}.{m['frac']}"
        yield TypoHit(
            m.start(), m.end(), "decimal-comma", CONFIDENCE,
            f"“{m.group()}” is written with a decimal comma, as the source language writes "
            f"numbers; English writes “{english}”. Read as English it could be taken for "
            f"{_digits(m['int'])}{m['frac']}: check the figure against the original.",
            english,
        )  # fmt: skip
    for m in _THOUSANDS_DOT.finditer(text):
        if _PRICE.match(text, m.start()):
            continue
        english = _grouped(m["int"])
        yield TypoHit(
            m.start(), m.end(), "thousands-dot", CONFIDENCE,
            f"“{m.group()}” groups thousands with dots, as the source language writes numbers; "
            f"English writes “{english}”, and “{m.group()}” reads as a decimal there.",
            english,
        )  # fmt: skip


def _list_like(text: str, m: re.Match[str]) -> bool:
    """A figure like "3,2 points": a digit each side, a unit of whole things; maybe "3, 2"."""
    whole = _WHOLE_UNIT.match(text, m.end()) is not None
    return len(m["int"]) == 1 and len(m["frac"]) == 1 and whole


def _clear_notation(text: str) -> bool:
    """Whether `text` writes a decimal comma or a thousands dot that no list can explain."""
    if not text:
        return False
    clear_comma = any(not _list_like(text, m) for m in _DECIMAL_COMMA.finditer(text))
    return clear_comma or any(
        not _PRICE.match(text, m.start()) for m in _THOUSANDS_DOT.finditer(text)
    )


def _digits(number: str) -> str:
    return number.replace(".", "")


def _grouped(number: str) -> str:
    """The integer part in English grouping: "10.365" -> "10,365"."""
    return f"{int(_digits(number)):,}"
