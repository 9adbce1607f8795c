"""A day of the month named without its month ("on the 24th"), as translated dates come out.

Chinese, Japanese and Korean news date events by the day alone once the month is clear (24日,
24일), and Russian and Ukrainian wire copy often does the same; machine translation renders that
as "on the 24th" or "as of 5:30 on the 24th". English news names the month ("on July 24") or the
weekday. The rule reads only the shape of the date, so it works on any story: a preposition, "the",
an ordinal of a day (1st-31st) and then no noun ("the 81st Academy Awards", "the 11th hour",
"the 67th Precinct" are ordinals of something else, not dates). Measured on native English news
(all 2,225 BBC articles, 982 ECB+ documents) it fires once, on ECB+; on WMT23 zh→en system
output in 42 of 380 documents (`tests/test_date_style.py`; `bench.tasks.mqm_spans` counts how
many of its flags sit on rater-marked errors).

Two native uses of "on the 18th" are told apart by their context, not by any word of a story:
- an ordinal standing for a noun the article gives it elsewhere ("the 18th hole ... a birdie on
  the 18th", "the 12th floor ... trapped on the 12th", "his 18th birthday"): the same number
  with a noun in the article, or any number once the article numbers one noun twice ("the 16th
  hole", "the 17th hole"), makes the bare ordinal that noun's;
- a day of every month in a schedule ("due on the 1st and the 15th", "paid on the 1st of each
  month"): a sentence about something recurring or due names the day alone in any English.
These two cost one of the 56 WMT23 hits (a film "showing on the 9th" beside "its 9th showing")
and no native one (`bench.tasks.mt_traces`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from analysis.dates import month_alternatives
from analysis.typography import TypoHit

CONFIDENCE = 0.5  # the date is usable once the month is known; a reviewer may let it stand

_MONTHS = month_alternatives()  # read case-blind below
# What may follow a bare date: the end, punctuation ("on the 3rd (local time)"), a clause word,
# a time, a number.
_AFTER = (
    "that|and|or|but|at|in|when|while|with|to|the|a|an|was|were|is|are|had|has|have|"
    "local|last|this|after|before|from|for|by|about|around|until|as|said|says|he|she|it|they|"
    "we|i|there|which|who|\\d"
)
_BARE_DAY = re.compile(
    rf"(?:(?:\b(?:at|around|about|as of|by|until)\s+)?\b\d{{1,2}}[:.]\d{{2}}"
    rf"(?:\s*(?:a\.?m\.?|p\.?m\.?))?\s+)?"
    rf"\b(?:on|by|of|until|till|since|from|as of|before|after|to)\s+the\s+"
    rf"(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
    rf"(?!-)(?!\s+(?:of\s+)?(?:{_MONTHS})\b)(?=\s*(?:$|[,.;:()!?\"”’]|\s(?:{_AFTER})\b))",
    re.IGNORECASE,
)
# An ordinal with a noun after it ("18th hole", "12th floor"), not a month or a clause word.
_ORDINAL_NOUN = re.compile(
    rf"\b(?P<n>\d{{1,2}})(?:st|nd|rd|th)\s+(?!(?:of|{_MONTHS}|{_AFTER}|according)\b)"
    r"(?P<noun>[a-z]{3,})\b",
    re.IGNORECASE,
)
# A sentence about a recurring day or a deadline: the day of any month, not of one.
_RECURRING = re.compile(
    r"\b(?:every|each|monthly|per month|a month|of the month|twice|due|payable|recurring)\b",
    re.IGNORECASE,
)


def bare_day_hits(text: str, context: str = "") -> Iterator[TypoHit]:
    """Each day of the month without a month in one sentence, with the time it belongs to.

    `context` is the rest of the article (or all of it): an ordinal it gives a noun is not a date.
    """
    matches = list(_BARE_DAY.finditer(text))
    if not matches or _RECURRING.search(text):
        return
    nouns = ordinal_nouns(text) | ordinal_nouns(context)
    for m in matches:
        day = m["day"]
        if int(day) in nouns:
            continue
        yield TypoHit(
            m.start(),
            m.end(),
            "bare-day-date",
            CONFIDENCE,
            f"“{m.group()}” gives the day of the month ({day}) without the month, as Chinese, "
            "Japanese, Korean and Russian dates come out of machine translation; English news "
            f"names the month (“July {day}”) or the weekday. Check which month the source meant.",
            None,
        )


@lru_cache(maxsize=64)
def ordinal_nouns(text: str) -> frozenset[int]:
    """The numbers `text` uses as ordinals of a noun: each one written with a noun ("18th hole"),
    and every day's number once it numbers one noun twice ("16th hole", "17th hole"): a series
    goes on without its noun ("... and a birdie on the 18th")."""
    found: dict[str, set[int]] = {}
    for m in _ORDINAL_NOUN.finditer(text):
        found.setdefault(m["noun"].lower(), set()).add(int(m["n"]))
    numbers = {n for ns in found.values() for n in ns}
    for ns in found.values():
        if len(ns) >= 2:
            numbers.update(range(1, 32))
    return frozenset(numbers)
