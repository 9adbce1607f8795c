"""A weekday written beside the date it names that the calendar does not give it: "on Friday,
March 3, 2027" (a Wednesday). One of the two is wrong, whichever outlet's reading another report
agrees with, and no other report is needed to see it: a typo, a day counted in another time zone,
or a date garbled in translation.

The date needs its year, stated ("Friday, 3 March 2027") or, when the date has none, the year
`analysis.dates` gives such a date everywhere else (`dates.day_year`): the latest not after the
article's publication, or the coming one in a sentence about what is to come ("will meet on
Friday, March 3"). Without either nothing is checked. Pure: text in, flags out.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from analysis.clock import WEEKDAYS
from analysis.dates import day_year, month_alternatives, month_number
from analysis.model import ArticleText, FlagDraft, FlagSide, SentenceSpan

_DAYS = tuple(d.capitalize() for d in WEEKDAYS)
_MONTH = r"(?P<month>" + month_alternatives() + ")"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
# a year, not a clock time written as four digits ("Tuesday, 1 March 2000 GMT" is 20:00)
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)(?!\s*(?:GMT|BST|UTC|CET|[ECMP][SD]T|hrs?\b|h\b|local)))?"
_WEEKDAY_DATE = re.compile(
    r"\b(?P<weekday>" + "|".join(_DAYS) + r"),?\s+(?:the\s+)?"
    r"(?:" + _MONTH + r"\s+" + _DAY + r"|" + _DAY.replace("day>", "day2>") + r"(?:\s+of)?\s+"
    + _MONTH.replace("month>", "month2>") + r")" + _YEAR + r"(?![\w,]\d|\d)"
)  # fmt: skip


def mismatches(text: str, published: date | None = None) -> list[tuple[int, int, str, date]]:
    """(start, end, weekday as written, the date) of each weekday the calendar does not give
    the date written beside it."""
    out = []
    for m in _WEEKDAY_DATE.finditer(text):
        month = month_number(m.group("month") or m.group("month2"))
        day = int(m.group("day") or m.group("day2"))
        year = int(m.group("year")) if m.group("year") else None
        if year is None and published is not None:
            year = day_year(published, month, day, text)
        if year is None:
            continue
        try:
            when = date(year, month, day)
        except ValueError:
            continue  # "February 30": another check's business
        if _DAYS[when.weekday()] != m.group("weekday"):
            out.append((m.start(), m.end(), m.group("weekday"), when))
    return out


def weekday_date_flags(
    articles: Iterable[ArticleText], sentences: Mapping[int, Sequence[SentenceSpan]]
) -> list[FlagDraft]:
    """One flag per weekday written beside a date the calendar gives another day."""
    flags = []
    for art in articles:
        for sent in sentences.get(art.article_id, ()):
            if sent.residue is not None:
                continue
            for start, end, weekday, when in mismatches(sent.text, art.published):
                quote = sent.text[start:end]
                actual = _DAYS[when.weekday()]
                flags.append(
                    FlagDraft(
                        kind="contradiction",
                        detector="weekday-date",
                        side=FlagSide(
                            art.article_id, sent.idx, sent.start + start, sent.start + end, quote
                        ),
                        explanation=(
                            f"{art.source} writes “{quote}”, but {when.day} "
                            f"{calendar.month_name[when.month]} {when.year} was a {actual}, not a "
                            f"{weekday}: the day or the date is wrong."
                        ),
                        confidence=0.6,
                        suggestion="check the day and the date against the primary source",
                        evidence={"weekday": weekday, "date": when.isoformat(), "calendar": actual},
                        slot="date",
                    )
                )
    return flags
