"""Dates written in news text, resolved against the article's publication date when it is known.

Own regexes rather than dateparser: FINDINGS.md measured dateparser reading a chip name as a date
14 times and "7%" as 7 January, and returning None for "last May". Every pattern here needs a month
name, an ISO form, a weekday, a relative word ("last week") or a preposition before a year, so model
numbers and percentages never look like dates.

Resolution (all against `published`, the day the article appeared):
- "30 April", "April 30": the most recent 30 April not after publication, or, in a sentence about
  what is to come ("will", "set for"), the coming one when it is at most NEAR_FUTURE_DAYS away.
- "in April", "April": likewise by month; "last May": the most recent May
  strictly before the publication month; "next May": the first May after it; "this May": that year.
- "Monday": the most recent Monday not after publication; "last Monday" strictly before it.
- "last/this/next week|month|year", "yesterday", "today", "tomorrow", "earlier this year".
- "on the 10th" (a day of the month alone, before a clause break or a word of time): the most
  recent 10th not after publication; "this morning", "tonight", "earlier today": that day;
  "yesterday evening": the day before; "last night": the day before or that day (after midnight);
  "three days ago": that day; "two weeks ago" give or take half a week; "a month/year ago".
- "2025 fiscal year", "fiscal 2025", "FY2025": 1 Jan 2024 .. 31 Mar 2026, approximate — fiscal years
  end anywhere from January (many retailers) to March of the next year (Japan, Korea, India).
Without `published` a month keeps its year unknown (iso "--04", "--04-30", low/high None) and
relative dates keep iso None.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.clock import WEEKDAYS
from analysis.model import Quantity, SentenceSpan
from analysis.number_words import WORD_VALUES

# month names and their abbreviations as written (capitalised) -> 1..12
MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {name.capitalize(): i for i, name in enumerate(WEEKDAYS)}
# each month's full name, January first
FULL_MONTHS = tuple(
    max((k for k, v in MONTH_NUMBERS.items() if v == n), key=len) for n in range(1, 13)
)


def month_alternatives(abbreviated: bool = True) -> str:
    """The month names as a regex alternation without a group ("January|...|December|(?:Sept|
    Jan|...)\\.?"), so that every pattern that reads a month reads the same ones: the full names
    and, when `abbreviated`, the abbreviations with an optional full stop (longest first: "Sept"
    before "Sep")."""
    full = "|".join(FULL_MONTHS)
    if not abbreviated:
        return full
    short = sorted(MONTH_NUMBERS.keys() - set(FULL_MONTHS), key=lambda k: (-len(k), k))
    return full + r"|(?:" + "|".join(short) + r")\.?"


_FULL_MONTH = r"(?P<month>" + month_alternatives(abbreviated=False) + ")"
_ANY_MONTH = r"(?P<month>" + month_alternatives() + ")"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_END = r"(?![\w,]\d|\d)"  # not "April 30,000" nor "April 301"
_PART = r"(?:(?P<part>early|mid|late|the end of|end of|the beginning of|beginning of)[- ]?)?"

# a day of the month with no month ("on the 10th") is a date only before a clause break or a word
# of time: "on the 10th floor", "on the 3rd attempt" are not dates
_DOM_AFTER = (
    r"(?=\s*(?:[,.;:!?)\]]|$)|\s+(?:at|in|when|and|after|before|around|about|morning|"
    r"afternoon|evening|night)\b)"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        re.compile(r"(?<![\w/-])" + _YEAR + r"-(?P<mm>0[1-9]|1[0-2])-(?P<dd>[0-3]\d)(?![\w/-])"),
    ),
    ("mdy", re.compile(r"\b" + _ANY_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b")),
    (
        "dmy",
        re.compile(
            r"\b(?:the\s+)?" + _DAY + r"(?:\s+of)?\s+" + _ANY_MONTH + r",?\s+" + _YEAR + r"\b"
        ),
    ),
    (
        "fiscal",
        re.compile(
            r"(?:\b(?:the\s+)?" + _YEAR + r"\s+fiscal\s+year\b"
            r"|\bfiscal\s+(?:year\s+)?(?P<year2>(?:19|20)\d\d)\b"
            r"|\bFY\s?(?P<year3>(?:19|20)\d\d|\d\d)\b)"
        ),
    ),
    ("my", re.compile(r"\b" + _PART + _FULL_MONTH + r",?\s+" + _YEAR + r"\b")),
    ("md", re.compile(r"\b" + _ANY_MONTH + r"\s+" + _DAY + _END + r"\b")),
    ("dm", re.compile(r"\b(?:the\s+)?" + _DAY + r"(?:\s+of)?\s+" + _ANY_MONTH + r"(?![\w-])")),
    (
        "relmonth",
        re.compile(r"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+" + _PART + _FULL_MONTH + r"\b"),
    ),
    (
        "month",
        re.compile(
            r"(?:\b(?:in|In|since|Since|until|till|by|from|through|during|before|after|of|on|"
            r"since early|since late)\s+)" + _PART + _FULL_MONTH + r"\b(?![ \t]+\d)"
            r"|\b(?P<part2>early|mid|late)[- ]" + _FULL_MONTH.replace("month", "month2") + r"\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?"
            r"(?P<wd>" + "|".join(_WEEKDAYS) + r")\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier this|[Ll]ater this)\s+"
            r"(?P<unit>week|weekend|month|year)\b|\b(?P<day_word>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b"
        ),
    ),
    (
        "dom",
        re.compile(
            r"\b(?:[Oo]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Bb]efore|[Aa]fter)\s+the\s+"
            r"(?P<day>3[01]|[12]\d|[1-9])(?:st|nd|rd|th)\b" + _DOM_AFTER
        ),
    ),
    (
        "daypart",
        re.compile(
            r"\b(?P<rel>[Tt]his|[Ll]ast|[Ee]arlier this|[Ll]ater this|[Yy]esterday|[Tt]omorrow)"
            r"\s+(?P<daypart>morning|afternoon|evening|night)\b|\b(?P<tonight>[Tt]onight)\b"
            r"|\b(?P<today>[Ee]arlier today|[Ll]ater today)\b"
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    (
        "years",  # "from 1974 to 1978": one span, not two years
        re.compile(
            r"\b(?:[Ff]rom|[Bb]etween)\s+"
            + _YEAR
            + r"\s*(?:to|and|until|through|-|–)\s*(?P<year2>(?:19|20)\d\d)\b"
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?:in|In|since|Since|until|by|from|through|during|before|after|of|early|late|"
            r"mid|the end of|end of|the start of)\s+" + _YEAR + r"(?![\w-]|\s*(?:-|–)\s*\d)"
        ),
    ),
]


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    iso: str | None
    low: date | None
    high: date | None
    approximate: bool = False


def _month_range(year: int, month: int, part: str | None) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    if part in ("early", "the beginning of", "beginning of"):
        return date(year, month, 1), date(year, month, min(10, last))
    if part == "mid":
        return date(year, month, 11), date(year, month, 20)
    if part in ("late", "the end of", "end of"):
        return date(year, month, 21), date(year, month, last)
    return date(year, month, 1), date(year, month, last)


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def month_number(name: str) -> int:
    """1..12 for a month name as `month_alternatives` reads it ("Sept." -> 9)."""
    return MONTH_NUMBERS[name.rstrip(".")]


def _week(monday: date) -> tuple[str, date, date]:
    iso_year, iso_week, _ = monday.isocalendar()
    return f"{iso_year}-W{iso_week:02d}", monday, monday + timedelta(days=6)


_WEEKDAY_BEFORE = re.compile(
    r"(?:\b(?:on|On|by|By|until|since|from|said|says|announced|told|early|late|through|before|"
    r"after|last|next|this|every|Since|Until|From|Early|Late)\s+|^\s*)$"
)
_WEEKDAY_AFTER = re.compile(r"(?:[,.;:!?)]|\s+(?:morning|afternoon|evening|night)\b|\s*$)")


def _weekday_context(m: re.Match[str]) -> bool:
    """A bare weekday is a date after "on", "said", ... or before a comma or "morning"."""
    before = m.string[max(0, m.start() - 20) : m.start()]
    # match at a position, not on a copy of the rest of the text (a copy per weekday is quadratic)
    return bool(_WEEKDAY_BEFORE.search(before) or _WEEKDAY_AFTER.match(m.string, m.end()))


NEAR_FUTURE_DAYS = 62  # a date without a year this soon after publication is an upcoming one


# a sentence about what is to come: "registration will begin on April 29", "set for June 17"
_UPCOMING = re.compile(
    r"\b(?:will|shall|scheduled|set\s+(?:for|to)|planned|due\s+(?:on|in|to)|expected|upcoming|"
    r"beginning|starting)\b|['’]ll\b",
    re.IGNORECASE,
)


def day_year(published: date, month: int, day: int, text: str) -> int | None:
    """The year of a month and day written without one in `text`, a sentence of an article
    published on `published` (`_year_of`; upcoming when the sentence is about what is to come),
    moved back to a year that has the day ("29 February"); None for a day no month has."""
    if not _valid(2024, month, day):  # 2024 is a leap year: 29 February stays possible
        return None
    year = _year_of(published, month, day, bool(_UPCOMING.search(text)))
    while not _valid(year, month, day):
        year -= 1
    return year


def _year_of(published: date, month: int, day: int | None, upcoming: bool = False) -> int:
    """The year of a month (and day) given without one: the most recent not after publication;
    in a sentence about what is to come (`upcoming`), the coming one when it is at most
    NEAR_FUTURE_DAYS away ("registration will begin on April 29" in a report of April 24, "on
    January 5" in late December)."""
    for year in (published.year, published.year + 1) if upcoming else ():
        first = date(year, month, day if day and _valid(year, month, day) else 1)
        if published < first and (first - published).days <= NEAR_FUTURE_DAYS:
            return year
    if (month, day or 1) <= (published.month, published.day):
        return published.year
    return published.year - 1


def _resolve(kind: str, m: re.Match[str], published: date | None) -> _Found | None:
    g = m.groupdict()
    part = g.get("part") or g.get("part2")
    if kind == "iso":
        y, mo, d = int(g["year"]), int(g["mm"]), int(g["dd"])
        if not _valid(y, mo, d):
            return None
        return _Found(
            m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}", date(y, mo, d), date(y, mo, d)
        )
    if kind in ("mdy", "dmy"):
        y, mo, d = int(g["year"]), month_number(g["month"]), int(g["day"])
        if not _valid(y, mo, d):
            return None
        return _Found(
            m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}", date(y, mo, d), date(y, mo, d)
        )
    if kind == "fiscal":
        raw = g["year"] or g["year2"] or g["year3"]
        y = int(raw) + (2000 if len(raw) == 2 else 0)
        return _Found(m.start(), m.end(), f"{y:04d}", date(y - 1, 1, 1), date(y + 1, 3, 31), True)
    if kind == "my":
        y, mo = int(g["year"]), month_number(g["month"])
        low, high = _month_range(y, mo, part)
        return _Found(
            m.start("month") if not part else m.start(),
            m.end(),
            f"{y:04d}-{mo:02d}",
            low,
            high,
            bool(part),
        )
    if kind in ("md", "dm"):
        mo, d = month_number(g["month"]), int(g["day"])
        if not _valid(2024, mo, d):  # 2024 is a leap year: 29 February stays possible
            return None
        if published is None:
            return _Found(m.start(), m.end(), f"--{mo:02d}-{d:02d}", None, None)
        y = day_year(published, mo, d, m.string)
        if y is None:
            return None
        return _Found(
            m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}", date(y, mo, d), date(y, mo, d)
        )
    if kind in ("relmonth", "month"):
        name = g.get("month") or g.get("month2")
        mo = month_number(name)
        start = m.start("rel") if g.get("rel") else m.start("part") if g.get("part") else None
        start = m.start("part2") if g.get("part2") else start
        start = m.start("month") if start is None else start
        rel = (g.get("rel") or "").casefold()
        if published is None:
            return _Found(start, m.end(), f"--{mo:02d}", None, None, bool(part))
        p = published
        if rel == "last":
            y = p.year if mo < p.month else p.year - 1
        elif rel == "next":
            y = p.year if mo > p.month else p.year + 1
        elif rel == "this":
            y = p.year
        else:
            y = _year_of(p, mo, None, bool(_UPCOMING.search(m.string)))
        low, high = _month_range(y, mo, part)
        return _Found(start, m.end(), f"{y:04d}-{mo:02d}", low, high, bool(part))
    if kind == "weekday":
        if not g.get("rel") and not _weekday_context(m):
            return None  # "the Friday the 13th films", "a Monday sequel"
        if published is None:
            return _Found(m.start(), m.end(), None, None, None)
        wd = _WEEKDAYS[g["wd"]]
        rel = (g.get("rel") or "").casefold()
        back = (published.weekday() - wd) % 7
        if rel == "last" and back == 0:
            back = 7
        day = published - timedelta(days=back)
        if rel == "next":
            day = published + timedelta(days=(wd - published.weekday()) % 7 or 7)
        return _Found(m.start(), m.end(), day.isoformat(), day, day)
    if kind == "relative":
        return _relative(m, published)
    if kind in ("dom", "daypart", "ago"):
        return _relative_day(kind, m, published)
    if kind == "years":
        y, y2 = int(g["year"]), int(g["year2"])
        if y2 < y:
            return None
        return _Found(m.start(), m.end(), None, date(y, 1, 1), date(y2, 12, 31))
    if kind == "year":
        y = int(g["year"])
        return _Found(m.start("year"), m.end(), f"{y:04d}", date(y, 1, 1), date(y, 12, 31))
    return None


def _relative(m: re.Match[str], p: date | None) -> _Found:
    g = m.groupdict()
    if p is None:
        return _Found(m.start(), m.end(), None, None, None)
    word = (g.get("day_word") or "").casefold()
    if word:
        day = p + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[word])
        return _Found(m.start(), m.end(), day.isoformat(), day, day)
    rel, unit = g["rel"].casefold(), g["unit"]
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit in ("week", "weekend"):
        iso, low, high = _week(p - timedelta(days=p.weekday()) + timedelta(weeks=step))
        if unit == "weekend":
            low = high - timedelta(days=1)
        return _Found(m.start(), m.end(), iso, low, high)
    if unit == "month":
        y, mo = _add_months(p.year, p.month, step)
        low, high = _month_range(y, mo, None)
        return _Found(m.start(), m.end(), f"{y:04d}-{mo:02d}", low, high)
    y = p.year + step
    if rel == "earlier this":
        return _Found(m.start(), m.end(), f"{y:04d}", date(y, 1, 1), p, True)
    if rel == "later this":
        return _Found(m.start(), m.end(), f"{y:04d}", p, date(y, 12, 31), True)
    return _Found(m.start(), m.end(), f"{y:04d}", date(y, 1, 1), date(y, 12, 31))


def _add_months(year: int, month: int, step: int) -> tuple[int, int]:
    """(year, month) `step` months from the given one (month 1-12; step may be negative)."""
    y, m0 = divmod(year * 12 + month - 1 + step, 12)
    return y, m0 + 1


def _relative_day(kind: str, m: re.Match[str], p: date | None) -> _Found | None:
    """ "on the 10th", "this morning", "last night", "three days ago", against publication."""
    g = m.groupdict()
    if p is None:
        return _Found(m.start(), m.end(), None, None, None)
    if kind == "dom":
        d = int(g["day"])
        y, mo = p.year, p.month
        if d > p.day:  # a day still to come this month: the story's is last month's
            y, mo = _add_months(y, mo, -1)
        while not _valid(y, mo, d):  # "the 31st" seen from a 30-day month
            y, mo = _add_months(y, mo, -1)
        day = date(y, mo, d)
        return _Found(m.start(), m.end(), day.isoformat(), day, day)
    if kind == "daypart":
        rel = (g.get("rel") or "").casefold()
        step = {"yesterday": -1, "tomorrow": 1}.get(rel, 0)
        if rel == "last":  # "last night" spans the evening before and, after midnight, today
            return _Found(m.start(), m.end(), None, p - timedelta(days=1), p, True)
        day = p + timedelta(days=step)
        return _Found(m.start(), m.end(), day.isoformat(), day, day)
    raw = g["n"].casefold()
    n = int(raw) if raw.isdigit() else int(WORD_VALUES[raw])
    unit = g["unit"].casefold().rstrip("s")
    if unit == "day":
        day = p - timedelta(days=n)
        return _Found(m.start(), m.end(), day.isoformat(), day, day)
    if unit == "week":  # "two weeks ago": give or take half a week
        mid = p - timedelta(weeks=n)
        return _Found(m.start(), m.end(), None, mid - timedelta(days=3), mid + timedelta(days=3),
                      True)  # fmt: skip
    if unit == "month":
        y, mo = _add_months(p.year, p.month, -n)
        low, high = _month_range(y, mo, None)
        return _Found(m.start(), m.end(), f"{y:04d}-{mo:02d}", low, high, True)
    y = p.year - n
    return _Found(m.start(), m.end(), f"{y:04d}", date(y, 1, 1), date(y, 12, 31), True)


def _find_dates(text: str, published: date | None = None) -> list[_Found]:
    """Date spans in `text`, longest pattern first, never overlapping."""
    taken: list[_Found] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(f.start < m.end() and m.start() < f.end for f in taken):
                continue
            found = _resolve(kind, m, published)
            if found is not None:
                taken.append(found)
    return sorted(taken, key=lambda f: f.start)


def extract_dates(
    text: str, sentences: list[SentenceSpan], published: date | None = None
) -> list[Quantity]:
    """Dates as Quantity(kind="date", unit="date"), low/high the ordinals of the first/last day."""
    spans = sentences or [SentenceSpan(0, 0, len(text), text)]
    out: list[Quantity] = []
    for s in spans:
        for f in _find_dates(text[s.start : s.end], published):
            start, end = s.start + f.start, s.start + f.end
            out.append(
                Quantity(
                    sentence_idx=s.idx,
                    start=start,
                    end=end,
                    text=text[start:end],
                    kind="date",
                    value=None,
                    unit="date",
                    low=float(f.low.toordinal()) if f.low else None,
                    high=float(f.high.toordinal()) if f.high else None,
                    approximate=f.approximate,
                    iso=f.iso,
                )
            )
    return out


DATELINE_LINES = 4  # lines at the top of an article where its publication line may stand
# "Published: December 19, 2005", "Posted on Mon, Dec 19, 2005", "First published 19 Dec 2005";
# an "Updated" line says when the page changed, not when the report appeared
_PUBLISHED_LINE = re.compile(r"^\W*(?:first\s+)?(?:published|posted)\b", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b[ap]\.?m\b|\bat\b|"
    r"\b(?:gmt|utc|[a-z]st|[a-z]dt)\b",
    re.IGNORECASE,
)


def dateline_date(text: str) -> date | None:
    """The day a publication line at the top of `text` gives: "Published: December 19, 2005",
    "Posted Monday, Dec. 19, 2005", or a line that is only a date ("December 20, 2005"); never an
    "Updated" line. Such a line says when the page appeared, so its date is no event's date
    (`analysis.contradiction.is_dateline`). It is not used as the article's publication date:
    on the ECB+ control, resolving weekdays and bare days against dates taken so made outlets
    published on different days disagree about the same written "April 9" (15 false date
    flags)."""
    for line in text.splitlines()[:DATELINE_LINES]:
        found = [f for f in _find_dates(line) if f.iso and len(f.iso) == 10 and f.low == f.high]
        if not found:
            continue
        rest = line
        for f in reversed(found):
            rest = rest[: f.start] + rest[f.end :]
        bare = not re.search(r"[^\W\d_]", _DATE_WORDS.sub("", rest))
        if bare or _PUBLISHED_LINE.match(line):
            return found[0].low
    return None
