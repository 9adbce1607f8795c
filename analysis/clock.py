"""Clock times, time zones and weekdays read as values, so that two reports can be compared.

"9:14 a.m." and "9:18 a.m." differ by one digit and by four minutes; "4:50 a.m. (02:50 GMT)" says
the place is two hours ahead of UTC, and "4:50 a.m. (13:50 GMT)" says nine hours behind. The
figures extractor (`analysis.quantities`) does not read times of day, so this module does: each
time keeps what the text says (minutes after midnight, a zone when one is written) and, when a
zone or a paired UTC time is given, the time in UTC.

Zone offsets come from the IANA database the `tzdata` package ships (read through `zoneinfo`,
nothing is downloaded): a country's zones from its `zone.tab`, a country's name from its
`iso3166.tab`. A handful of zone abbreviations that mean one offset everywhere are listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY = 24 * 60
# without any year to go on, a zone check accepts every offset a country used in these years
ANY_YEAR = range(1990, 2031)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# abbreviations with one meaning and one offset (minutes east of UTC); ambiguous ones such as
# IST (India, Ireland, Israel) or CST (US Central, China) are left out on purpose
ZONE_ABBREVIATIONS: dict[str, int] = {
    "gmt": 0, "utc": 0, "z": 0, "wet": 0, "bst": 60, "cet": 60, "west": 60, "cest": 120,
    "eet": 120, "eest": 180, "msk": 180, "est": -300, "edt": -240, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "akst": -540, "hst": -600, "jst": 540, "kst": 540,
    "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780, "sgt": 480, "hkt": 480, "pht": 480,
}  # fmt: skip

_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"
_ZONE = (
    r"(?P<zone>(?:GMT|UTC)(?:\s?[+-−]\s?\d{1,2}(?::?\d{2})?)?|local\s+time|"
    + "|".join(sorted((z.upper() for z in ZONE_ABBREVIATIONS if len(z) > 1), key=len, reverse=True))
    + r")\b"
)
_CLOCK = re.compile(
    r"(?<![\w:.,/-])"
    r"(?:"
    r"(?P<h1>[01]?\d|2[0-3]):(?P<m1>[0-5]\d)(?!\d|[:.]\d)"  # 9:14, 15:26
    r"|(?P<h2>[01]?\d|2[0-3])\.(?P<m2>[0-5]\d)(?=\s*(?:[ap]\.?\s?m\b|GMT|UTC|hours?\b|hrs\b))"
    r"|(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)(?=\s*(?:GMT|UTC|hours?\b|hrs\b))"  # 0027 GMT
    r"|(?P<h4>1[0-2]|0?[1-9])(?=\s*[ap]\.?\s?m\b)"  # 10 am
    r")"
    r"(?:\s*" + _AMPM + r")?"
    r"(?:\s*(?:\(\s*)?" + _ZONE + r")?",
    re.IGNORECASE,
)
_APPROX = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|circa|some)\s*$", re.I)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")(s?)\b", re.IGNORECASE)
# a weekday inside a name or a habit is no date: "Black Friday", "on Mondays", "every Tuesday"
_NOT_A_DAY_BEFORE = re.compile(r"\b(?:every|each|any|on\s+a\s+typical)\s+$", re.I)
_HOLIDAY_WORDS = frozenset({"black", "good", "holy", "ash", "maundy", "super", "cyber", "easter",
                            "palm", "shrove", "bloody", "giving", "boxing", "small"})  # fmt: skip
_DAYPARTS = (
    ("night", -1, 5 * 60), ("morning", 5 * 60, 12 * 60), ("afternoon", 12 * 60, 18 * 60),
    ("evening", 17 * 60, 22 * 60),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A time of day as written: `minutes` after midnight on the clock the text uses.

    `offset` is the stated zone's distance from UTC in minutes (None when no zone is written or
    the zone is "local time"); `utc` is the time in UTC when it can be known; `implied_offset` is
    the distance a paired "local (UTC)" writing implies, e.g. +120 for "4:50 a.m. (02:50 GMT)".
    """

    start: int
    end: int
    text: str
    minutes: int
    offset: int | None = None
    local: bool = False
    utc: int | None = None
    implied_offset: int | None = None
    approximate: bool = False
    hour_only: bool = False  # "10 am": no minutes written

    def agrees(self, other: ClockTime) -> bool:
        """Whether two times can be the same moment: compared in UTC when both are known,
        otherwise on their own clocks; an approximate or whole-hour time allows half an hour."""
        if self.utc is not None and other.utc is not None:
            a, b = self.utc, other.utc
        elif (self.offset is None) == (other.offset is None):
            a, b = self.minutes, other.minutes
        else:
            return True  # one in UTC, the other on an unknown local clock: cannot tell
        gap = min((a - b) % DAY, (b - a) % DAY)
        slack = (
            30
            if (self.approximate or other.approximate) and (self.hour_only or other.hour_only)
            else (10 if self.approximate or other.approximate else 0)
        )
        return gap <= slack


def _zone_offset(zone: str) -> tuple[int | None, bool]:
    """(offset in minutes, says "local time") of a written zone."""
    z = zone.casefold().replace("−", "-").replace(" ", "")
    if z.startswith("local"):
        return None, True
    m = re.fullmatch(r"(gmt|utc)([+-])(\d{1,2})(?::?(\d{2}))?", z)
    if m:
        sign = 1 if m.group(2) == "+" else -1
        return sign * (int(m.group(3)) * 60 + int(m.group(4) or 0)), False
    return ZONE_ABBREVIATIONS.get(z), False


def _signed(minutes: int) -> int:
    """An offset folded into -12h..+14h."""
    m = minutes % DAY
    return m - DAY if m > 14 * 60 else m


def extract_clock_times(text: str) -> list[ClockTime]:
    """Every time of day in `text`, with a parenthesised second time in a zone ("4:50 a.m.
    (02:50 GMT)") folded into the first as its UTC reading."""
    found: list[ClockTime] = []
    for m in _CLOCK.finditer(text):
        g = m.groupdict()
        hour_text = g["h1"] or g["h2"] or g["h3"] or g["h4"]
        minute_text = g["m1"] or g["m2"] or g["m3"] or "00"
        hour, minute = int(hour_text), int(minute_text)
        ampm = (g["ampm"] or "").casefold()
        if g["h4"] and not ampm:
            continue
        if ampm:
            if hour > 12 or hour == 0:
                continue
            hour = hour % 12 + (12 if ampm == "p" else 0)
        offset, local = _zone_offset(g["zone"]) if g["zone"] else (None, False)
        minutes = hour * 60 + minute
        utc = (minutes - offset) % DAY if offset is not None else None
        end = m.end()
        found.append(
            ClockTime(
                start=m.start(),
                end=end,
                text=text[m.start() : end].rstrip("( "),
                minutes=minutes,
                offset=offset,
                local=local,
                utc=utc,
                approximate=bool(_APPROX.search(text[max(0, m.start() - 16) : m.start()])),
                hour_only=bool(g["h4"]),
            )
        )
    return _pair_zones(text, found)


def _pair_zones(text: str, times: list[ClockTime]) -> list[ClockTime]:
    out: list[ClockTime] = []
    skip = -1
    for i, t in enumerate(times):
        if i == skip:
            continue
        nxt = times[i + 1] if i + 1 < len(times) else None
        between = text[t.end : nxt.start] if nxt else ""
        if (
            nxt is not None
            and t.offset is None
            and nxt.utc is not None
            and re.fullmatch(r"\s*\(\s*", between)
        ):
            out.append(
                ClockTime(
                    start=t.start,
                    end=min(len(text), nxt.end + (1 if text[nxt.end : nxt.end + 1] == ")" else 0)),
                    text=text[t.start : nxt.end].strip() + ")",
                    minutes=t.minutes,
                    offset=None,
                    local=True,
                    utc=nxt.utc,
                    implied_offset=_signed(t.minutes - nxt.utc),
                    approximate=t.approximate,
                    hour_only=t.hour_only,
                )
            )
            skip = i + 1
        else:
            out.append(t)
    return out


@dataclass(frozen=True, slots=True)
class Weekday:
    start: int
    end: int
    text: str
    day: int  # 0 = Monday
    relative: str = ""  # "last", "next", "this" when written before the day


def extract_weekdays(text: str) -> list[Weekday]:
    """Weekdays that name one day ("on Tuesday", "early Monday morning"), not a habit ("on
    Mondays", "every Friday") or a holiday's name ("Black Friday")."""
    out: list[Weekday] = []
    for m in _WEEKDAY.finditer(text):
        if m.group(2) or not m.group(1)[0].isupper():
            continue
        before = text[max(0, m.start() - 24) : m.start()]
        if _NOT_A_DAY_BEFORE.search(before):
            continue
        prev = re.search(r"(\w+)\W*$", before)
        prev_word = prev.group(1).casefold() if prev else ""
        if prev_word in _HOLIDAY_WORDS:
            continue
        out.append(
            Weekday(
                m.start(), m.end(), m.group(1), WEEKDAYS.index(m.group(1).casefold()),
                prev_word if prev_word in {"last", "next", "this"} else "",
            )
        )  # fmt: skip
    return out


def resolve_weekday(day: int, published: date, relative: str = "") -> date:
    """The date a weekday names in a report of `published`: the latest such day on or before it
    (news tells what happened), or the next one after it for "next"."""
    if relative == "next":
        return published + timedelta(days=(day - published.weekday()) % 7 or 7)
    back = (published.weekday() - day) % 7
    if relative == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def daypart(minutes: int) -> tuple[str, ...]:
    """The parts of the day a time falls in ("morning", ...), for explanations and checks."""
    return tuple(
        name for name, lo, hi in _DAYPARTS if lo <= minutes < hi or (lo < 0 and minutes < hi)
    )


def format_offset(offset: int) -> str:
    sign = "+" if offset >= 0 else "−"
    h, m = divmod(abs(offset), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def format_minutes(minutes: int) -> str:
    h, m = divmod(minutes % DAY, 60)
    return f"{h:02d}:{m:02d}"


# --- countries and their zones, from the tzdata package ----------------------------------------


@cache
def _zone_table() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(country name casefolded -> ISO code, ISO code -> IANA zones)."""
    names: dict[str, str] = {}
    zones: dict[str, list[str]] = {}
    try:
        base = resources.files("tzdata") / "zoneinfo"
        iso = (base / "iso3166.tab").read_text(encoding="utf-8")
        tab = (base / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}, {}
    for line in iso.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.partition("\t")
            names[name.strip().casefold()] = code.strip()
            short = re.sub(r"\s*\(.*\)$", "", name.strip())  # "Korea (South)" -> "Korea"
            names.setdefault(short.casefold(), code.strip())
    for line in tab.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                zones.setdefault(parts[0], []).append(parts[2])
    return names, {k: tuple(v) for k, v in zones.items()}


def country_code(name: str) -> str | None:
    return _zone_table()[0].get(name.strip().casefold())


def country_names() -> tuple[str, ...]:
    return tuple(_zone_table()[0])


@cache
def country_offsets(code: str, on: date | None = None, year: int | None = None) -> frozenset[int]:
    """Every UTC offset (minutes) a country's zones use on `on`; without a day, in mid-January
    and mid-July of `year` (the story's year), so that both sides of summer time count; without
    a year either, in any year of ANY_YEAR. Never the current year: the answer must not change
    with the clock."""
    zones = _zone_table()[1].get(code, ())
    years = [year] if year is not None else list(ANY_YEAR)
    days = [on] if on else [date(y, m, 15) for y in years for m in (1, 7)]
    out: set[int] = set()
    for zone in zones:
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        for d in days:
            off = datetime(d.year, d.month, d.day, 12, tzinfo=tz).utcoffset()
            if off is not None:
                out.add(int(off.total_seconds() // 60))
    return frozenset(out)
