"""Mixed numbers ("4 1/2", "4½", "4-1/2") and the forms a page's layout leaves of them.

A mixed number is a whole number and one of the fractions print uses (halves, thirds, quarters,
eighths). Besides the written forms, two damaged ones are read, each only where nothing else fits:

- "41/2 months", "41 / 2 months": a superscript 1 over a subscript 2 whose layout was lost. Read
  as 4 1/2 only when a unit of time follows (forty-one halves of a month is no way to write a
  duration), the fraction is one print uses (numerator below its denominator, denominator 2, 3,
  4 or 8) and no slash or digit follows it (a date "11/2/2005" goes on with another slash).
- "4\ufffd months": a Latin-1 fraction sign lost to the replacement character. The only Latin-1
  signs that sit between a number and a unit of time are 1/4, 1/2 and 3/4, so it is read as the
  range 4 1/4 .. 4 3/4, never as a value (`lost_fraction`).

A third damaged form is only a possibility: "412 months" may be "4 1/2 months" whose slash was lost
with its layout, or a term of 412 months. Both readings are kept (`flattened`): a figure that
agrees with another report in either reading does not contradict it, so a page's lost slash is not
flagged as one outlet disagreeing with another, and "412 months" against "four months" still is.

A fraction stated this way is exact to the fraction ("4 1/2" is no rounded 4.4), which
`analysis.quantities.agree` takes into account (`states_fraction`).
"""

from __future__ import annotations

import re
from decimal import Decimal

VULGAR = {"¼": "1/4", "½": "1/2", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8", "⅜": "3/8"}
VULGAR |= {"⅝": "5/8", "⅞": "7/8"}
_SIGNS = "".join(VULGAR)
# fractions print uses: below one, over 2, 3, 4 or 8
_PROPER = r"(?:1\s?/\s?[2348]|2\s?/\s?3|3\s?/\s?[48]|[57]\s?/\s?8)(?![\d/])(?!\s/)"
TIME_UNIT = r"(?i:second|minute|hour|day|week|month|year|decade|centur)"
MIXED = (
    rf"\d+\s?[{_SIGNS}]"  # 4½, 4 ½
    rf"|\d+(?:\s|\s?-\s?)(?=\d\s?/){_PROPER}"  # 4 1/2, 4-1/2, 4 1 / 2
    # 41/2 months: the layout of 4 1/2 lost; a whole of one or two digits, so that a year's span
    # ("the 2023/4 year") is no 202 3/4 years
    rf"|(?<!\d)\d{{1,2}}(?=\d\s?/){_PROPER}(?=[\s-]+{TIME_UNIT})"
)
_MIXED_MARK = re.compile(rf"[{_SIGNS}/]")
_HAS_FRACTION = re.compile(rf"[{_SIGNS}/]|\bhalf\b", re.IGNORECASE)
_PARTS = re.compile(r"(\d+?)\s?-?\s?(\d)\s?/\s?(\d)$")


def is_mixed(raw: str) -> bool:
    """Whether a number `MIXED` or a plain number pattern matched is a mixed number."""
    return _MIXED_MARK.search(raw) is not None


def mixed_value(raw: str) -> Decimal:
    """The value of a mixed number `MIXED` matched: "4 1/2", "4½", "41 / 2" -> 4.5."""
    text = raw.strip()
    if text[-1] in VULGAR:
        whole, fraction = text[:-1].strip(), VULGAR[text[-1]]
        top, bottom = fraction.split("/")
        return Decimal(whole) + Decimal(top) / Decimal(bottom)
    m = _PARTS.match(text)
    if m is None:
        raise ValueError(f"not a mixed number: {raw!r}")
    whole, top, bottom = m.groups()
    return Decimal(whole) + Decimal(top) / Decimal(bottom)


def lost_fraction(whole: float) -> tuple[float, float]:
    """The range a whole number followed by a lost Latin-1 fraction sign can mean."""
    return whole + 0.25, whole + 0.75


def states_fraction(text: str) -> bool:
    """Whether a quantity's text states a fraction ("4 1/2", "4½", "and a half"): exact to it."""
    return _HAS_FRACTION.search(text) is not None


# the two digits of a print fraction written without its slash: 12 is 1/2, 34 is 3/4
_RUN_IN = r"(?:1[2348]|23|3[48]|[57]8)"
_FLATTENED = re.compile(rf"(?<![\d.,])(\d{{1,2}})({_RUN_IN})(?=[\s-]+{TIME_UNIT})")


def flattened(text: str) -> str | None:
    """A duration's text with its figure read as a mixed number that lost its slash ("412
    months" -> "4 1/2 months"), or None when its figure cannot be one."""
    m = _FLATTENED.search(text)
    if m is None:
        return None
    whole, fraction = m.group(1), m.group(2)
    return f"{text[: m.start()]}{whole} {fraction[0]}/{fraction[1]}{text[m.end() :]}"
