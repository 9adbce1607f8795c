"""Money, percentages, counts, durations, measures (lengths, masses, areas: analysis.measures) and
dates, normalised so two articles can be compared.

Own regexes: FINDINGS.md measured quantulum3 reading "a $700 billion" as 1.0 and losing the "%" of
"40%of". Each number is read with what surrounds it — a currency sign or word, a scale word, "%", a
time unit, or the counted noun — and bounded by the word before it:

- exact ("$3.2 billion", "7%"): low = high = value. Rounding is not stored; `agree` allows half a
  unit of the last stated digit ("$3.2 billion" covers 3.15e9..3.25e9), at most 5 % of the value
  when the digit is an ambiguous trailing zero ("60,000" covers 57,000..63,000).
- about / approximately / around / roughly / some / an estimated: value ± 10 %.
- nearly / almost / close to / just under: 0.9 x value .. value.   just over: value .. 1.1 x value.
- up to / as many as / at most / no more than / less than / fewer than / under / below: 0 .. value.
- more than / over / above / at least / upwards of / in excess of: value .. None (open above).
- vague amounts: "billions of dollars" 1e9..1e12, "tens of billions" 1e10..1e11, "several
  million" 2e6..1e7, "thousands of jobs" 1e3..1e6; value None, approximate.
- durations are in days; months count 28..31 days each and years 365..366, value 30 and 365.
- measures are in metres, kilograms or square metres, rounded in the unit they were written in.
Qualified and vague quantities are `approximate`. Model names ("Q7", "StarLoom 512", "Band 3"),
ages, times of day, scores and phone numbers are not quantities. Rates keep their period in the
unit ("2,400 fans per year" -> unit "fan/year") so a yearly cap is not compared with a total.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache

from analysis.dates import extract_dates
from analysis.measures import UNIT as _MEASURE_UNIT
from analysis.measures import stated_factor, unit_of
from analysis.mixed_numbers import (
    MIXED,
    flattened,
    is_mixed,
    lost_fraction,
    mixed_value,
    states_fraction,
)
from analysis.model import Quantity, QuantityKind, SentenceSpan
from analysis.number_words import WORD_VALUES


def _split(spaced: str) -> list[str]:
    return spaced.split()


_SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "lakh": 10**5,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "crore": 10**7,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
}
_WORD_VALUES = WORD_VALUES  # analysis.number_words
_CURRENCY_SIGNS = {
    "us$": "USD",
    "$us": "USD",
    "u.s.$": "USD",
    "usd": "USD",
    "$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "hk$": "HKD",
    "nt$": "TWD",
    "s$": "SGD",
    "nz$": "NZD",
    "r$": "BRL",
    "mx$": "MXN",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "₩": "KRW",
    "krw": "KRW",
    "cny": "CNY",
    "rmb": "CNY",
    "₹": "INR",
    "inr": "INR",
    "rs": "INR",
    "rs.": "INR",
    "₽": "RUB",
    "chf": "CHF",
    "twd": "TWD",
    "hkd": "HKD",
}
_CURRENCY_WORDS = {
    "us dollar": "USD",
    "u.s. dollar": "USD",
    "american dollar": "USD",
    "hong kong dollar": "HKD",
    "new taiwan dollar": "TWD",
    "taiwan dollar": "TWD",
    "canadian dollar": "CAD",
    "australian dollar": "AUD",
    "singapore dollar": "SGD",
    "dollar": "USD",
    "euro": "EUR",
    "pound sterling": "GBP",
    "pound": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "won": "KRW",
    "rupee": "INR",
    "rouble": "RUB",
    "ruble": "RUB",
    "ringgit": "MYR",
    "baht": "THB",
    "rupiah": "IDR",
    "shekel": "ILS",
    "dirham": "AED",
    "riyal": "SAR",
    "lira": "TRY",
} | {code.casefold(): code for code in _split("USD EUR GBP JPY KRW CNY RMB INR CHF TWD HKD")}
_CURRENCY_WORDS["rmb"] = "CNY"
_DAYS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1,
    "week": 7,
    "month": 30,
    "year": 365,
    "decade": 3650,
    "century": 36500,
}
_DAY_RANGE = {"month": (28, 31), "year": (365, 366), "decade": (3650, 3653)}
_DAY_RANGE["century"] = (36500, 36525)

_ABOUT = {"about", "approximately", "approx.", "around", "roughly", "some", "an estimated"}
_ABOUT |= {"estimated", "~", "circa"}
_NEARLY = {"nearly", "almost", "close to", "just under", "just shy of"}
_JUST_OVER = {"just over", "just above", "slightly more than"}
_AT_MOST = {"up to", "as many as", "as much as", "at most", "no more than", "less than"}
_AT_MOST |= {"fewer than", "under", "below", "a maximum of", "a max of"}
_AT_LEAST = {"more than", "over", "above", "at least", "upwards of", "in excess of", "north of"}
_AT_LEAST |= {"a minimum of", "exceeding"}
_QUALIFIERS = sorted(_ABOUT | _NEARLY | _JUST_OVER | _AT_MOST | _AT_LEAST, key=len, reverse=True)
_QUAL = r"(?:(?P<qual>(?i:" + "|".join(re.escape(q) for q in _QUALIFIERS) + r"))\s?)?"

_NUM_CORE = (
    MIXED + r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d+,\d{1,2}(?=\s?(?:(?i:million|billion|trillion|percent|per cent)\b|%))"  # "5,5 billion"
    r"|\d+(?:\.\d+)?"
    r"|\.\d+"
)
_NUM = r"(?<![\w.,$€£¥₩/-])(?<!/\s)(?P<num>" + _NUM_CORE + r")"
_NUM2 = r"(?:\s?(?:-|–|to)\s?(?P<num2>" + _NUM_CORE + r"))?"
_WORD_NUM = (
    r"(?P<wn>(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|a dozen))"
)
_SCALE = (
    r"(?:(?P<short>(?i:k|m|b|bn|mn|tn))(?![A-Za-z])"
    r"|\s?(?P<scale>(?i:thousand|million|billion|trillion|mn|mln|bn|tn|trn|crore|lakh))\b)?"
)
_SIGN = (
    r"(?P<cur>US\$|\$US|U\.S\.\s?\$|A\$|AU\$|C\$|CA\$|HK\$|NT\$|S\$|NZ\$|R\$|MX\$|\$|€|£|¥|₩|₹|₽"
    r"|(?:USD|EUR|GBP|JPY|KRW|CNY|RMB|INR|CHF|TWD|HKD)(?=[\s\d])|Rs\.?(?=\s?\d))\s?"
)
_CUR_WORD = (
    r"(?P<curword>(?:US|U\.S\.|American|Hong Kong|New Taiwan|Taiwan|Canadian|Australian"
    r"|Singapore)\s+dollars?|dollars?|euros?|pounds?\s+sterling|pounds?|yen|yuan|renminbi|won"
    r"|rupees?|roubles?|rubles?|ringgit|baht|rupiah|shekels?|dirhams?|riyals?|lira"
    r"|USD|EUR|GBP|JPY|KRW|CNY|RMB|INR|CHF|TWD|HKD)\b"
)
_MONEY_NUM = r"\d{1,3}(?:,\s\d{3})+(?!\d)|" + _NUM_CORE  # "$1, 199": a thousands comma, spaced
# a range: "$5-6 million", "$5 to 6 million", "between $140 and $150 million" ("and" only with the
# scale after it: "$1, 199 and $1, 499 versions" are two prices)
_AND_SCALED = r"and(?=\s?[$€£]?\s?[\d.,]+\s?(?i:thousand|million|billion|trillion|bn)\b)"
_MONEY_NUM2 = r"(?:\s?(?:-|–|to|" + _AND_SCALED + r"\s?[$€£]?)\s?(?P<num2>" + _NUM_CORE + r"))?"
_MONEY_SIGN = re.compile(_QUAL + _SIGN + r"(?P<num>" + _MONEY_NUM + r")" + _MONEY_NUM2 + _SCALE)
_MONEY_WORD = re.compile(_QUAL + _NUM + _NUM2 + _SCALE + r"\s" + _CUR_WORD)
_VAGUE = re.compile(
    r"(?P<vq>(?i:tens|hundreds) of )?(?P<vs>(?i:dozens|hundreds|thousands|millions|billions"
    r"|trillions)) of (?P<rest>(?:U\.S\.|[A-Za-z][\w-]*)(?: [a-z][\w-]*)?)"
    r"|(?P<few>(?i:several|a few|a couple of)) (?P<fs>thousand|million|billion|trillion) "
    r"(?P<rest2>(?:U\.S\.|[A-Za-z][\w-]*)(?: [a-z][\w-]*)?)"
)
_PERCENT = re.compile(
    _QUAL
    + r"(?P<sign>[-−+])?"
    + r"(?:(?<![\w.,])(?P<num>"
    + _NUM_CORE
    + r")"
    + _NUM2
    + r"|"
    + _WORD_NUM
    + r")\s?(?P<pct>%|(?i:per\s?cent(?:age points?)?|percentage points?|pct)\b)"
)
_DURATION = re.compile(
    _QUAL
    + r"(?:"
    + _NUM
    + r"|"
    + _WORD_NUM
    + r"|(?<![\w-])(?P<one>(?i:one|an?|half an?))(?=[\s-]))"
    r"(?P<lost>\ufffd)?(?P<half>\s+and\s+a\s+half|\s1/2|½)?[\s-]"
    r"(?P<unit>(?i:second|minute|hour|day|week|month|year|decade|centur(?:y|ies))s?)(?![a-z])"
    r"(?P<half2>\s+and\s+a\s+half\b)?"
    r"(?P<long>-long)?(?![\w-]*-old|\s+old\b)"
)
_MEASURE = re.compile(
    _QUAL + r"(?:" + _NUM + _NUM2 + r"|(?<![\w-])" + _WORD_NUM + r")" + _SCALE + r"[\s-]?"
    + _MEASURE_UNIT
)  # fmt: skip
_HAS_MEASURE = re.compile(
    r"(?i:km|kg|ft|lb|sq|hect|acre|met|mile|yard|feet|foot|inch|gram|tonne|m2|m²|cm|mm)"
)  # a cheap test before _MEASURE
# a measure in brackets right after another is its conversion ("16 km (10 miles)"): no second claim
_MEASURE_CONVERTED = re.compile(r"\s*\(\s*$")
_COUNT = re.compile(
    _QUAL + r"(?:" + _NUM + r"(?P<short>k|m|mn|mln|bn|tn)?" + r"|(?<![\w-])" + _WORD_NUM + r")"
    r"(?:\s(?P<scale>(?i:thousand|million|billion|trillion|mn|mln|bn|tn|trn)))?(?=\s)"
)
_SMALL_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|fifty"
    r"|hundred"
)
# "one in six cars", "three out of 10 voters": a share, not a count of six cars or ten voters
_PROPORTION = re.compile(
    _QUAL
    + r"(?<![\w.,-])(?P<part>\d+|(?i:"
    + _SMALL_WORD
    + r"))\s(?:in|out of)\s(?P<whole>\d+|(?i:"
    + _SMALL_WORD
    + r"))(?![\w.,]\d)(?!\w)"
    # "10 in 12 months" is a count and a period, not a share
    + r"(?!\s(?i:second|minute|hour|day|week|month|year|decade|centur))"
)
_HAS_PROPORTION = re.compile(
    r"(?i:\b(?:\d+|" + _SMALL_WORD + r")\s(?:in|out of)\s(?:\d+|" + _SMALL_WORD + r")\b)"
)
# Cheap tests for what each pattern above cannot match without: most sentences hold no currency,
# percent or time unit, and a long optional qualifier group in front makes the full patterns try
# every position.
_HAS_DIGIT = re.compile(r"\d")
_HAS_SIGN = re.compile(r"[$€£¥₩₹₽]|USD|EUR|GBP|JPY|KRW|CNY|RMB|INR|CHF|TWD|HKD|Rs")
_HAS_CUR_WORD = re.compile(_CUR_WORD)
_HAS_PCT = re.compile(r"%|(?i:per\s?cent|percentage|pct)")
_HAS_TIME_UNIT = re.compile(r"[\s-](?i:second|minute|hour|day|week|month|year|decade|centur)")
_HAS_VAGUE = re.compile(
    r"(?i:dozens|hundreds|thousands|millions|billions|trillions) of|(?i:several|a few|a couple of) "
)
_HAS_COUNT_NUM = re.compile(r"\d|" + _WORD_NUM)
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[.-])\d{3,4}[.-]\d{4}(?!\d)"
    r"|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:a\.m\.|p\.m\.|am|pm)(?!\w)"
    r"|(?<![\d.,])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d,./]|\s/|\s?(?:%|per|[a-z]*illion|bn|m\b))"
)
_LABELS = set(
    _split(
        "version model type class tier level phase stage grade number no no. page chapter "
        "article section item line route gate room flight episode season act step round "
        "generation gen series vol volume figure fig table rule clause paragraph code pin zip"
    )
)
_STOP_AFTER = set(
    _split(
        "of in on at to for from by with and or the a an than as is are was were be been has "
        "have had will would could should may might per that which who this these those it its "
        "their his her percent times others more less"
    )
)
_COLLECTIVE = {"staff": "employee", "personnel": "employee", "people": "person", "police": "police"}
_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "feet": "foot", "mice": "mouse"}
_SYNONYMS = {
    "staffer": "employee",
    "staff member": "employee",
    "employee": "employee",
    "worker": "employee",
    "workforce": "employee",
}
_RATES = re.compile(
    r"\s+(?P<rate>per (?:year|annum|month|week|day)|a (?:year|month|week|day)|annually"
    r"|each (?:year|month|week|day)|every (?:year|month|week|day))\b"
    r"(?!\s+(?:ago|earlier|later|before|after|since|prior|from|into)\b)"  # "a year ago" is no rate
)
_MODEL_WORD = re.compile(r"[A-Z][\w-]*")
_INTRO_WORDS = {q.casefold() for q in _QUALIFIERS} | set(
    _split("only just with by and or of in to from at for the a an")
)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    kind: QuantityKind
    value: float | None
    unit: str
    low: float | None
    high: float | None
    approximate: bool


def _number(raw: str) -> Decimal:
    if is_mixed(raw):
        return mixed_value(raw)
    if re.fullmatch(r"\d+,\d{1,2}", raw):
        return Decimal(raw.replace(",", "."))
    return Decimal(re.sub(r",\s?", "", raw))


def _times(x: float, factor: str) -> float:
    """x * factor without binary noise: 60,000 x 1.1 is 66,000, not 66000.00000000001."""
    return float(Decimal(repr(x)) * Decimal(factor))


def _bounds(qual: str | None, low: float, high: float) -> tuple[float | None, float | None, bool]:
    """Bounds a qualifier ("about", "nearly", "up to", "more than") puts on a stated range."""
    q = re.sub(r"\s+", " ", qual or "").casefold()
    lo: float | None
    hi: float | None
    if not q:
        return low, high, False
    if q in _ABOUT:
        lo, hi = _times(low, "0.9"), _times(high, "1.1")
    elif q in _NEARLY:
        lo, hi = _times(low, "0.9"), high
    elif q in _JUST_OVER:
        lo, hi = low, _times(high, "1.1")
    elif q in _AT_MOST:
        lo, hi = min(0.0, low), high
    else:
        lo, hi = low, None
    if lo is not None and hi is not None and lo > hi:  # negative values
        lo, hi = hi, lo
    return lo, hi, True


def _scale(m: re.Match[str]) -> int:
    word = m.group("short") or m.group("scale") or ""
    return _SCALES.get(word.casefold(), 1)


def _money(m: re.Match[str], currency: str) -> _Hit:
    scale = _scale(m)
    value = _number(m.group("num")) * scale
    second = _number(m.group("num2")) * scale if m.group("num2") else value
    low, high, approx = _bounds(m.group("qual"), float(value), float(second))
    shown = float(value) if second == value else None
    start = m.start("qual") if m.group("qual") else m.start()
    return _Hit(start, m.end(), "money", shown, currency, low, high, approx)


def _currency_word(word: str) -> str:
    key = re.sub(r"\s+", " ", word).casefold()
    for form in (key, key.removesuffix("s"), re.sub(r"s( sterling)$", r"\1", key)):
        if form in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[form]
    return key.upper()


def _per_period(text: str, unit: str, end: int) -> tuple[str, int]:
    """The unit with the period of a rate that follows ("a year", "per month", "annually")."""
    rate = _RATES.match(text, end)
    if not rate:
        return unit, end
    period = rate.group("rate").split()[-1]
    return f"{unit}/{'year' if period in ('annually', 'annum') else period}", rate.end()


def _as_rate(text: str, hit: _Hit) -> _Hit:
    """A money amount followed by a period ("$80bn a year") is a rate, not a total."""
    unit, end = _per_period(text, hit.unit, hit.end)
    return replace(hit, unit=unit, end=end) if end != hit.end else hit


# an amount in brackets right after another amount is its conversion ("85 million euros ($108
# million)", "$US1 million ($1.52 million)"): a rate of exchange, not a second claim
_CONVERTED_AFTER = re.compile(
    r"(?:\d|\b(?i:thousand|million|billion|trillion|bn|m|euros?|pounds?|dollars?|yen|yuan|won"
    r"|rupees?|francs?|roubles?|rubles?|sterling))\s*\(\s*(?i:about|around|approximately"
    r"|roughly|some|nearly|or|c\.|ca\.)?\s*$"
)


def is_conversion(text: str, start: int, end: int) -> bool:
    """Whether the amount at text[start:end] is another amount converted into a second currency
    (in brackets right after it): a rate of exchange, not a claim to compare."""
    return bool(
        _CONVERTED_AFTER.search(text[max(0, start - 40) : start]) and re.match(r"\s*\)", text[end:])
    )


def _money_hits(text: str) -> Iterator[_Hit]:
    for hit in _money_totals(text):
        yield _as_rate(text, hit)


def _money_totals(text: str) -> Iterator[_Hit]:
    if not _HAS_DIGIT.search(text):
        return
    for m in _MONEY_SIGN.finditer(text) if _HAS_SIGN.search(text) else ():
        sign = re.sub(r"\s", "", m.group("cur")).casefold().rstrip()
        yield _money(m, _CURRENCY_SIGNS.get(sign, sign.upper()))
    for m in _MONEY_WORD.finditer(text) if _HAS_CUR_WORD.search(text) else ():
        word = m.group("curword")
        scaled = m.group("short") or m.group("scale")
        if word.casefold().startswith("pound") and not scaled and "sterling" not in word:
            continue  # "200 pounds" is a weight
        if word == "won" and not scaled and _number(m.group("num")) < 100:
            continue  # "won 3 games"
        if m.group("short") and m.group("short") not in ("bn", "mn", "tn"):
            continue  # "3 m dollars" is too odd to trust
        yield _money(m, _currency_word(word))


def _vague_hits(text: str) -> Iterator[_Hit]:
    if not _HAS_VAGUE.search(text):
        return
    for m in _VAGUE.finditer(text):
        if m.group("vs"):
            base = {"dozens": 12, "hundreds": 100, "thousands": 10**3, "millions": 10**6}
            base |= {"billions": 10**9, "trillions": 10**12}
            low = float(base[m.group("vs").casefold()])
            span = 12.0 if m.group("vs").casefold() == "dozens" else 1000.0
            if m.group("vq"):
                low *= 10 if m.group("vq").casefold().startswith("tens") else 100
                span = 10.0
            high = low * span
            rest, rest_start = m.group("rest"), m.start("rest")
        else:
            low = 2.0 * _SCALES[m.group("fs")]
            high = 10.0 * _SCALES[m.group("fs")]
            rest, rest_start = m.group("rest2"), m.start("rest2")
        first = rest.split()[0]
        if re.fullmatch(_CUR_WORD, first, flags=0) or re.fullmatch(_CUR_WORD, rest):
            word = rest if re.fullmatch(_CUR_WORD, rest) else first
            end = rest_start + len(word)
            hit = _Hit(m.start(), end, "money", None, _currency_word(word), low, high, True)
            yield _as_rate(text, hit)
            continue
        noun = _count_noun(text, rest_start)
        if noun is not None:
            unit, end = noun
            yield _Hit(m.start(), end, "count", None, unit, low, high, True)


def _percent_hits(text: str) -> Iterator[_Hit]:
    if not _HAS_PCT.search(text):
        return
    for m in _PERCENT.finditer(text):
        if m.group("num"):
            value = _number(m.group("num"))
            second = _number(m.group("num2")) if m.group("num2") else value
        else:
            value = second = Decimal(_word_value(m.group("wn")))
        if m.group("sign") in ("-", "−"):
            value, second = -value, -second
        unit = "pp" if "point" in m.group("pct").casefold() else "%"
        low, high, approx = _bounds(m.group("qual"), float(value), float(second))
        shown = float(value) if second == value else None
        start = m.start("qual") if m.group("qual") else m.start()
        yield _Hit(start, m.end(), "percent", shown, unit, low, high, approx)


def _proportion_hits(text: str) -> Iterator[_Hit]:
    if not _HAS_PROPORTION.search(text):
        return
    for m in _PROPORTION.finditer(text):
        part, whole = _share_term(m.group("part")), _share_term(m.group("whole"))
        if not 0 < part < whole:
            continue  # "5 in 2" is no share; "10 in 12 months" reads as a count
        share = 100.0 * part / whole
        low, high, _ = _bounds(m.group("qual"), share, share)
        start = m.start("qual") if m.group("qual") else m.start()
        yield _Hit(start, m.end(), "percent", share, "%", low, high, True)  # shares are rounded


def _share_term(raw: str) -> float:
    word = raw.casefold()
    if word == "hundred":
        return 100.0
    return float(raw) if raw.isdigit() else _WORD_VALUES[word]


def _word_value(word: str) -> float:
    w = word.casefold()
    if "-" in w:
        tens, ones = w.split("-")
        return _WORD_VALUES[tens] + _WORD_VALUES[ones]
    return _WORD_VALUES[w]


def _blocked_number(text: str, start: int) -> bool:
    """A model number or label: "StarLoom 512", "Band 3", "version 2", "No. 3"."""
    before = text[:start].rstrip()
    words = re.findall(r"[\w.'’-]+", before[-40:])
    if not words or before == text[:start]:
        return False
    prev = words[-1]
    if prev.casefold() in _LABELS:
        return True
    sentence_start = len(words) == 1 and before.strip() == prev
    return (
        bool(_MODEL_WORD.fullmatch(prev))
        and not sentence_start
        and (prev.casefold() not in _INTRO_WORDS)
    )


def _duration_hits(text: str) -> Iterator[_Hit]:
    if not _HAS_TIME_UNIT.search(text):
        return
    for m in _DURATION.finditer(text):
        unit = m.group("unit").casefold().removesuffix("s")
        unit = "century" if unit.startswith("centur") else unit
        if m.group("num"):
            if _blocked_number(text, m.start("num")):
                continue
            n = float(_number(m.group("num")))
        elif m.group("wn"):
            n = _word_value(m.group("wn"))
        else:
            n = _WORD_VALUES[m.group("one").casefold()] if m.group("one").casefold() != "one" else 1
            after = text[m.end() : m.end() + 12]
            if m.group("one").casefold() in ("a", "an") and not (
                m.group("long") or re.match(r"\s+(?:later|earlier|ago|after)\b", after)
            ):
                continue  # "a year" alone is too often "per year" or an idiom
        if m.group("half") or m.group("half2"):
            n += 0.5  # "two and a half years", "an hour and a half"
        n_low, n_high = lost_fraction(n) if m.group("lost") else (n, n)
        lo_days, hi_days = _DAY_RANGE.get(unit, (_DAYS[unit], _DAYS[unit]))
        low, high, approx = _bounds(m.group("qual"), n_low * lo_days, n_high * hi_days)
        start = m.start("qual") if m.group("qual") else m.start()
        value = None if m.group("lost") else n * _DAYS[unit]
        approx = approx or bool(m.group("lost"))
        yield _Hit(start, m.end(), "duration", value, "day", low, high, approx)


def _measure_hits(text: str) -> Iterator[_Hit]:
    """Lengths, masses and areas ("16 km", "about ten miles", "a 2-hectare plot"), counted in
    metres, kilograms or square metres (analysis.measures)."""
    if not _HAS_MEASURE.search(text):
        return
    last_end = -1
    for m in _MEASURE.finditer(text):
        found = unit_of(m.group("munit"))
        if found is None:
            continue
        if m.group("num"):
            if _blocked_number(text, m.start("num")):
                continue
            value = _number(m.group("num"))
            second = _number(m.group("num2")) if m.group("num2") else value
        else:
            value = second = Decimal(_word_value(m.group("wn")))
        start = m.start("qual") if m.group("qual") else m.start()
        converted = last_end >= 0 and _MEASURE_CONVERTED.fullmatch(text, last_end, start)
        last_end = m.end()
        if converted and re.match(r"\s*\)", text[m.end() :]):
            continue  # "16 km (10 miles)": the same distance in another unit
        scale = _scale(m)
        unit, factor = found
        low, high, approx = _bounds(
            m.group("qual"),
            _times(float(value * scale), repr(factor)),
            _times(float(second * scale), repr(factor)),
        )
        shown = _times(float(value * scale), repr(factor)) if second == value else None
        yield _Hit(start, m.end(), "measure", shown, unit, low, high, approx)


def _plural(word: str) -> bool:
    w = word.casefold()
    if w in _COLLECTIVE or w in _IRREGULAR:
        return True
    if re.fullmatch(r"[A-Z]{2,}s", word):  # GPUs, EVs
        return True
    return (
        len(w) > 3
        and w.endswith("s")
        and not w.endswith(("ss", "us", "is", "ics", "news", "ous"))
        and w.isalpha()
    )


def _singular(word: str) -> str:
    w = word if re.fullmatch(r"[A-Z]{2,}s", word) else word.casefold()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in _COLLECTIVE:
        return _COLLECTIVE[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    return w[:-1]


def _count_noun(text: str, pos: int) -> tuple[str, int] | None:
    """The counted noun after a number: "30,000 chips", "2.5 million Brazilian developers"."""
    words = list(re.finditer(r"[A-Za-z][A-Za-z'’-]*", text[pos : pos + 80]))
    prev_end = 0
    for k, w in enumerate(words[:3]):
        if text[pos + prev_end : pos + w.start()].strip():
            return None  # punctuation ends the noun phrase
        word = w.group()
        low = word.casefold()
        if low in _STOP_AFTER or low in _DAYS or low.removesuffix("s") in _DAYS:
            return None
        if low.endswith(("-old", "-year")) or low in _CURRENCY_WORDS or unit_of(low):
            return None  # "30 miles an hour", "(10 miles)": a speed, a conversion
        if _plural(word) and (word.islower() or word[:-1].isupper()):
            unit, end = _singular(word), pos + w.end()
            nxt = words[k + 1] if k + 1 < len(words) else None
            if nxt and low in _COLLECTIVE and _plural(nxt.group()):
                gap = text[pos + w.end() : pos + nxt.start()]
                if gap == " ":
                    unit, end = f"{low} {_singular(nxt.group())}", pos + nxt.end()
            return _per_period(text, _SYNONYMS.get(unit, unit), end)
        adjective = word.endswith(("ese", "an", "ish", "i"))  # "2.5 million Brazilian developers"
        if word[0].isupper() and k == 0 and not word.isupper() and not adjective:
            return None  # "2024 MacBook" is no count
        prev_end = w.end()
    return None


# Thousands grouped with dots, as most European languages write them (analysis.number_style);
# a leading zero ("0.125 deaths per 1,000") is a decimal
_THOUSANDS_DOT = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _count_hits(text: str) -> Iterator[_Hit]:
    if not _HAS_COUNT_NUM.search(text):
        return
    for m in _COUNT.finditer(text):
        if m.group("num"):
            if _blocked_number(text, m.start("num")):
                continue
            raw = m.group("num")
            if re.fullmatch(r"(?:19|20)\d\d", raw) and not (m.group("scale") or m.group("short")):
                continue  # a year, or a model year ("2024 MacBook")
            value = _number(raw)
            if _THOUSANDS_DOT.fullmatch(raw) and not (m.group("scale") or m.group("short")):
                value = Decimal(raw.replace(".", ""))  # "12.000 people": no count has decimals
        else:
            value = Decimal(_word_value(m.group("wn")))
        value *= _scale(m)  # "3m users", "201 bn cigarettes"
        noun = _count_noun(text, m.end())
        if noun is None or value <= 1:
            continue
        unit, end = noun
        start = m.start("qual") if m.group("qual") else m.start()
        qual, first = m.group("qual"), float(value)
        if not qual and not m.group("scale") and not m.group("short"):
            ranged = _range_start(text, start, float(value))
            if ranged is not None:
                start, first, qual = ranged
        low, high, approx = _bounds(qual, first, float(value))
        yield _Hit(start, end, "count", float(value), unit, low, high, approx)


# "120 to 125 people", "between 120 and 125 people", "two or three people": the first figure is the
# range's low end, written without the noun; "from 110 to 125 people" is a change, not a range
_RANGE_BEFORE = re.compile(
    r"(?:(?P<between>\bbetween)\s+)?"
    r"(?:(?P<qual>(?i:"
    + "|".join(re.escape(q) for q in sorted(_ABOUT, key=len, reverse=True))
    + r"))\s+)?"
    r"(?:(?<![\w.,-])(?P<num>\d{1,3}(?:,\d{3})+|\d+)|(?<![\w-])" + _WORD_NUM + r")"
    r"\s*(?P<sep>to|and|or|-|–)\s*$"
)


def _range_start(text: str, start: int, high: float) -> tuple[int, float, str | None] | None:
    """(start, low end, qualifier) when a count is the high end of a written range."""
    m = _RANGE_BEFORE.search(text[max(0, start - 40) : start])
    if m is None or (m.group("sep") == "and") != bool(m.group("between")):
        return None
    cut = max(0, start - 40) + m.start()
    before = text[max(0, cut - 64) : cut].rstrip().casefold()  # not a copy of all text before
    if before.endswith("from"):
        return None
    low = float(_number(m.group("num"))) if m.group("num") else _word_value(m.group("wn"))
    if not 0 < low < high:
        return None
    return max(0, start - 40) + m.start(), low, m.group("qual")


class _Spans:
    """Disjoint spans kept sorted, so testing a new one for overlap is a bisection, not a scan of
    every span taken so far (a long sentence of figures holds thousands)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans before i start before `end`
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _sentence_hits(text: str) -> list[_Hit]:
    taken = _Spans([m.span() for m in _PHONE.finditer(text)])
    found: list[_Hit] = []
    for hits in (
        _money_hits,
        _vague_hits,
        _proportion_hits,
        _percent_hits,
        _duration_hits,
        _measure_hits,
        _count_hits,
    ):
        for hit in hits(text):
            if taken.overlaps(hit.start, hit.end):
                continue
            taken.add(hit.start, hit.end)
            found.append(hit)
    return found


def extract_quantities(
    text: str, sentences: list[SentenceSpan], published: date | None = None
) -> list[Quantity]:
    """Money, percentages, counts, durations and dates in `text`, in order of position.

    Dates come from `analysis.dates` and win any overlap ("2031 fiscal year" is a date, not a count
    of years). With no sentences the whole text is read as sentence 0.
    """
    spans = sentences or [SentenceSpan(0, 0, len(text), text)]
    dates = extract_dates(text, spans, published)
    out = list(dates)
    for s in spans:
        chunk = text[s.start : s.end]
        masked = list(chunk)
        for d in dates:
            if s.start <= d.start < s.end:
                for i in range(d.start - s.start, min(d.end, s.end) - s.start):
                    masked[i] = " " if not masked[i].isdigit() else "#"
        for hit in _sentence_hits("".join(masked)):
            start, end = s.start + hit.start, s.start + hit.end
            out.append(
                Quantity(
                    sentence_idx=s.idx,
                    start=start,
                    end=end,
                    text=text[start:end],
                    kind=hit.kind,
                    value=hit.value,
                    unit=hit.unit,
                    low=hit.low,
                    high=hit.high,
                    approximate=hit.approximate,
                )
            )
    return sorted(out, key=lambda q: (q.start, q.end))


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same thing: same kind and unit (currency-aware).

    Dates are comparable when both have an `iso` form; money in two currencies is not (no exchange
    rates are assumed).
    """
    if a.kind != b.kind:
        return False
    if a.kind == "date":
        return a.iso is not None and b.iso is not None
    return a.unit == b.unit


def rounding_tolerance(q: Quantity) -> float:
    """Half a unit of the last digit the text stated, so "$3.2 billion" covers 3.15e9..3.25e9.

    Trailing zeros are ambiguous ("40%" may be exact, "60,000" is likely rounded): there the
    tolerance is capped at 5 % of the value, so "40%" does not cover "37%".
    """
    return 0.0 if q.value is None else _digit_tolerance(q.value)


def _digit_tolerance(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return 0.0
    exponent = Decimal(repr(abs(value))).normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return 0.0
    half = 0.5 * 10.0**exponent * 0.999  # 0.999: "7%" and "8%" must not touch
    return min(half, 0.05 * abs(value)) if exponent > 0 else half


def _widened(
    value: float | None, low: float | None, high: float | None, tol: float
) -> tuple[float, float]:
    point = value if low is None and high is None else None
    lo = low if low is not None else (point if point is not None else -math.inf)
    hi = high if high is not None else (point if point is not None else math.inf)
    lo, hi = min(lo, hi), max(lo, hi)
    return lo - tol, hi + tol


_UNIT_WORD = re.compile(r"(?i:second|minute|hour|day|week|month|year|decade|centur)")


def _stated_unit(q: Quantity) -> str | None:
    """The unit of time a duration was written in ("4 1/2 months" -> "month")."""
    m = _UNIT_WORD.search(q.text)
    if m is None:
        return None
    unit = m.group().casefold()
    return "century" if unit == "centur" else unit


def _in_unit(q: Quantity, unit: str, rounded: bool = True) -> tuple[float, float]:
    """A duration's range counted in the unit it was written in, widened by the rounding of
    that count: "four months" is 3.5..4.5 months whatever the months' lengths, "4 1/2 months"
    exactly 4.5 (a stated fraction is exact)."""
    lo_days, hi_days = _DAY_RANGE.get(unit, (_DAYS[unit], _DAYS[unit]))
    value = None if q.value is None else q.value / _DAYS[unit]
    low = None if q.low is None else q.low / lo_days
    high = None if q.high is None else q.high / hi_days
    exact = value is None or states_fraction(q.text) or not rounded
    return _widened(value, low, high, 0.0 if exact else _digit_tolerance(round(value, 9)))


def _as_written(q: Quantity, rounded: bool) -> tuple[float, float]:
    """A measure's range widened by the rounding of the unit it was written in, then counted
    in its dimension's unit: "15 km" is 14,500..15,500 m, not 14,250..15,750 m."""
    factor = stated_factor(q.text) if rounded and q.kind == "measure" else None
    if factor is None or q.value is None or states_fraction(q.text):
        return _widened(q.value, q.low, q.high, rounding_tolerance(q) if rounded else 0.0)
    tol = _digit_tolerance(round(q.value / factor, 9)) * factor
    return _widened(q.value, q.low, q.high, tol)


def compared_ranges(
    a: Quantity, b: Quantity, rounded: bool = False
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two ranges `agree` compares, widened by the rounding of their last stated digit when
    `rounded`: durations both written in one unit are counted in it ("4 1/2 months" against
    "four months" is 4.5 against 4, not days); a measure is rounded in the unit it was written
    in (`_as_written`)."""
    unit = _stated_unit(a) if a.kind == "duration" else None
    if unit is not None and unit == _stated_unit(b):
        return _in_unit(a, unit, rounded), _in_unit(b, unit, rounded)
    return _as_written(a, rounded), _as_written(b, rounded)


def _month_day(iso: str) -> tuple[int | None, int | None]:
    m = re.fullmatch(r"(?:\d{4}|-)-(\d\d)(?:-(\d\d))?", iso)
    if not m:
        return None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def agree(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities can both be true: their ranges overlap after rounding tolerance.

    "billions of dollars" agrees with "$3.2 billion"; 1,200 jobs and 2,100 jobs do not. Symmetric
    and reflexive. Quantities that are not `comparable` agree (there is nothing to contradict), so
    callers check `comparable` first. Dates with unknown years compare month and day.
    """
    if not comparable(a, b):
        return True
    if a.kind == "date":
        if None not in (a.low, a.high, b.low, b.high):
            return max(a.low, b.low) <= min(a.high, b.high)  # type: ignore[type-var,operator]
        (ma, da), (mb, db) = _month_day(a.iso or ""), _month_day(b.iso or "")
        if ma is None or mb is None:
            return True
        return ma == mb and (da is None or db is None or da == db)
    for x in _readings(a):
        for y in _readings(b):
            (lo_a, hi_a), (lo_b, hi_b) = compared_ranges(x, y, rounded=True)
            if max(lo_a, lo_b) <= min(hi_a, hi_b):
                return True
    return False


def _readings(q: Quantity) -> tuple[Quantity, ...]:
    """The quantity, and for a duration whose figure may be a mixed number that lost its slash
    ("412 months"), that reading too (analysis.mixed_numbers.flattened)."""
    other = flattened(q.text) if q.kind == "duration" else None
    return (q,) if other is None else (q, *_durations(other))


@cache
def _durations(text: str) -> tuple[Quantity, ...]:
    return tuple(x for x in extract_quantities(text, []) if x.kind == "duration")
