"""Money, percentages, counts and durations from analysis.quantities, and comparable/agree."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.model import Quantity
from analysis.quantities import agree, comparable, extract_quantities, rounding_tolerance
from analysis.segment import split_sentences


def _quantities(text: str, published: date | None = None) -> list[Quantity]:
    return extract_quantities(text, split_sentences(text, classify=False), published)


def _one(text: str, kind: str) -> Quantity:
    found = [q for q in _quantities(text) if q.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("It costs $5.5 billion in losses.", "$5.5 billion", 5.5e9, "USD"),
        ("Siemens pledges $ 60 billion to build it.", "$ 60 billion", 6e10, "USD"),
        ("The fund holds 650 trillion won overall.", "650 trillion won", 6.5e14, "KRW"),
        ("Sales fell to €3m last quarter.", "€3m", 3e6, "EUR"),
        ("It raised US$1.2 bn from investors.", "US$1.2 bn", 1.2e9, "USD"),
        ("He paid £40,000 for it.", "£40,000", 4e4, "GBP"),
        ("It invested 410 billion won here.", "410 billion won", 4.1e11, "KRW"),
        ("A fine of 1.5 million yuan was set.", "1.5 million yuan", 1.5e6, "CNY"),
        ("It sold 3 million pounds of stock.", "3 million pounds", 3e6, "GBP"),
        ("The deal was worth 2.3 billion euros.", "2.3 billion euros", 2.3e9, "EUR"),
        ("The cap hit $4 trillion on Monday.", "$4 trillion", 4e12, "USD"),
        ("A loan of HK$500 million was agreed.", "HK$500 million", 5e8, "HKD"),
        ("It was valued at $5,5 billion.", "$5,5 billion", 5.5e9, "USD"),
    ],
)
def test_money(text: str, quote: str, value: float, unit: str) -> None:
    q = _one(text, "money")
    assert (q.text, q.unit, q.approximate) == (quote, unit, False)
    assert q.value == pytest.approx(value) and q.low == q.high == q.value


def test_money_needs_a_currency_that_is_one() -> None:
    assert [q.kind for q in _quantities("He weighs 200 pounds and won 3 games.")] == [
        "count",
        "count",
    ]
    assert _quantities("Tickers: $QX $LUMA $ZRX") == []


def test_vague_amounts() -> None:
    q = _one("The embargo could cost the airline potentially billions of dollars.", "money")
    assert (q.text, q.value, q.low, q.high) == ("billions of dollars", None, 1e9, 1e12)
    assert q.approximate and q.unit == "USD"
    tens = _one("Tens of billions of dollars flowed in.", "money")
    assert (tens.low, tens.high) == (1e10, 1e11)
    few = _one("It spent several million dollars.", "money")
    assert (few.low, few.high) == (2e6, 1e7)
    jobs = _one("Thousands of jobs were lost.", "count")
    assert (jobs.unit, jobs.low, jobs.high) == ("job", 1e3, 1e6)


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("Staff numbers grew 50% in Peru.", "50%", 50.0, "%"),
        ("It caught 50%of the market.", "50%", 50.0, "%"),
        ("Shares fell 7 percent today.", "7 percent", 7.0, "%"),
        ("The index suffered a 7% slide.", "7%", 7.0, "%"),
        ("Rates rose 0.25 percentage points.", "0.25 percentage points", 0.25, "pp"),
        ("Output fell seven per cent.", "seven per cent", 7.0, "%"),
        ("Prices fell -3% overnight.", "-3%", -3.0, "%"),
        ("Prices rose by 18,7 percent.", "18,7 percent", 18.7, "%"),  # a decimal comma
        ("The index lost 6,98% today.", "6,98%", 6.98, "%"),
    ],
)
def test_percentages(text: str, quote: str, value: float, unit: str) -> None:
    q = _one(text, "percent")
    assert (q.text, q.value, q.unit) == (quote, value, unit)


def test_percentage_ranges_and_bounds() -> None:
    rng = _one("Growth of 5-7% is expected.", "percent")
    assert (rng.value, rng.low, rng.high) == (None, 5.0, 7.0)
    cap = _one("Importers could owe up to 100%if they miss the deadline.", "percent")
    assert (cap.text, cap.low, cap.high, cap.approximate) == ("up to 100%", 0.0, 100.0, True)


_COUNTS = [
    ("It may ship 30,000 chips now.", "30,000 chips", 3e4, "chip", 3e4, 3e4, False),
    ("Export up to 2,400 turbines per year.", "up to 2,400 turbines per year", 2400,
     "turbine/year", 0, 2400, True),
    ("The payroll reached nearly 6,000 staff members.", "nearly 6,000 staff members", 6000,
     "employee", 5400, 6000, True),
    ("It is used by 2.5 million Brazilian developers.", "2.5 million Brazilian developers", 2.5e6,
     "developer", 2.5e6, 2.5e6, False),
    ("Two former employees said so.", "Two former employees", 2, "employee", 2, 2, False),
    ("It supplies over 800 Kenyan startups.", "over 800 Kenyan startups", 800, "startup", 800,
     None, True),
    ("About 50,000 people marched.", "About 50,000 people", 5e4, "person", 45000, 55000, True),
    ("It has 12 allies and 256 drones.", "12 allies", 12, "ally", 12, 12, False),
    ("A dozen companies applied.", "A dozen companies", 12, "company", 12, 12, False),
    # a thousands dot, as translation from most European languages leaves it
    ("They counted 12.000 people in town.", "12.000 people", 12000, "person", 12000, 12000, False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "quote", "value", "unit", "low", "high", "approximate"), _COUNTS)
def test_counts(
    text: str,
    quote: str,
    value: float,
    unit: str,
    low: float,
    high: float | None,
    approximate: bool,
) -> None:
    q = next(q for q in _quantities(text) if q.kind == "count")
    assert (q.text, q.value, q.unit, q.approximate) == (quote, value, unit, approximate)
    assert (q.low, q.high) == (pytest.approx(low), high if high is None else pytest.approx(high))


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("Smokers bought 480 bn cigarettes in 2019.", "480 bn cigarettes", 4.8e11, "cigarette"),
        ("The network reaches 2.3bn viewers.", "2.3bn viewers", 2.3e9, "viewer"),
        ("The game has 7m players.", "7m players", 7e6, "player"),
        ("They hired 4k nurses.", "4k nurses", 4e3, "nurse"),
        ("Farms produced 2 tn apples.", "2 tn apples", 2e12, "apple"),
        (
            "Some 12 million households lost power.",
            "Some 12 million households",
            1.2e7,
            "household",
        ),
    ],
)
def test_counts_keep_an_abbreviated_scale(text: str, quote: str, value: float, unit: str) -> None:
    q = _one(text, "count")
    assert (q.text, q.unit) == (quote, unit)
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["A 5m drop hurt him.", "The city built 5km trails.", "The 3M plant closed."]
)
def test_a_letter_after_a_number_is_not_always_a_scale(text: str) -> None:
    assert [q for q in _quantities(text) if q.kind == "count"] == []


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("Varnholm spends $40bn a year on imports.", "$40bn a year", 4e10, "USD/year"),
        ("Fees of €2 million per month apply.", "€2 million per month", 2e6, "EUR/month"),
        ("It earns 900 billion won annually.", "900 billion won annually", 9e11, "KRW/year"),
    ],
)
def test_money_rates_keep_their_period(text: str, quote: str, value: float, unit: str) -> None:
    q = _one(text, "money")
    assert (q.text, q.unit) == (quote, unit)
    assert q.value == pytest.approx(value)


def test_a_period_that_dates_something_is_no_rate() -> None:
    money = _one("Revenue was $40bn a year ago.", "money")
    assert (money.text, money.unit) == ("$40bn", "USD")
    chips = _one("It shipped 900 chips a year earlier.", "count")
    assert chips.unit == "chip"


def test_a_rate_is_not_comparable_with_a_total() -> None:
    rate = _one("Varnholm spends $40bn a year on imports.", "money")
    total = _one("Varnholm spent $40bn on imports.", "money")
    assert not comparable(rate, total)


@pytest.mark.parametrize(
    ("text", "quote", "days"),
    [
        ("The port reopened after three months.", "three months", 90),
        ("Following an hour-long call, she resigned.", "an hour-long", 1 / 24),
        ("Two weeks later, it halted sales.", "Two weeks", 14),
        ("A 90-day pause began.", "90-day", 90),
        ("It has two decades of partnerships.", "two decades", 7300),
        ("Half an hour later it ended.", "Half an hour", 1 / 48),
    ],
)
def test_durations(text: str, quote: str, days: float) -> None:
    q = _one(text, "duration")
    assert (q.text, q.unit) == (quote, "day")
    assert q.value == pytest.approx(days)
    assert q.low is not None and q.high is not None and q.low <= q.value <= q.high


def test_durations_skip_ages_and_idioms() -> None:
    text = "The 35-year-old boxer, 40 years old, trains a year in advance."
    assert [q for q in _quantities(text) if q.kind == "duration"] == []


@pytest.mark.parametrize(
    "text",
    [
        "The X9, the Q700 and the Z3 model ship to Chile.",
        "Orvane showed its new router (SkyFrame 512) in a demo.",
        'Only "Class 1" members and Class 2 partners qualify.',
        "Call 202-224-3441 or +82 2 1234 5678 before 10:30 or after 7 p.m.",
        "The Chiefs won 31-24 and the 2024 MacBook sold well.",
        "Version 2 of Windows 11 and COVID-19 data were 3 times better, said 10 of them.",
    ],
)
def test_model_names_phone_numbers_and_labels_are_not_quantities(text: str) -> None:
    assert [q for q in _quantities(text) if q.kind != "date"] == []


def test_dates_come_through_and_win_overlaps() -> None:
    found = _quantities("Siemens spends $60 billion in the 2025 fiscal year.", date(2025, 7, 1))
    assert [(q.kind, q.text) for q in found] == [
        ("money", "$60 billion"),
        ("date", "the 2025 fiscal year"),
    ]


def _q(
    kind: str, unit: str, value: float | None, low: float | None, high: float | None
) -> Quantity:
    return Quantity(0, 0, 1, "x", kind, value, unit, low, high)  # type: ignore[arg-type]


def test_agree_and_comparable_examples() -> None:
    exact = _q("money", "USD", 5.5e9, 5.5e9, 5.5e9)
    assert agree(_q("money", "USD", None, 1e9, 1e12), exact)
    assert agree(exact, _q("money", "USD", 5.45e9, 5.45e9, 5.45e9))
    assert not agree(exact, _q("money", "USD", 5.6e9, 5.6e9, 5.6e9))
    assert not agree(_q("count", "job", 1200, 1200, 1200), _q("count", "job", 2100, 2100, 2100))
    assert not agree(_q("percent", "%", 7, 7, 7), _q("percent", "%", 8, 8, 8))
    assert not agree(_q("percent", "%", 50, 50, 50), _q("percent", "%", 45, 45, 45))
    assert agree(_q("count", "startup", 3000, 3000, None), _q("count", "startup", 5000, 5000, 5000))
    assert not comparable(exact, _q("money", "KRW", 7e14, 7e14, 7e14))
    assert not comparable(exact, _q("percent", "%", 5.5, 5.5, 5.5))
    assert not comparable(
        _q("count", "chip", 500, 500, 500), _q("count", "chip/year", 500, 500, 500)
    )
    assert comparable(_q("count", "chip", 500, 500, 500), _q("count", "chip", 1700, 1700, 1700))
    assert rounding_tolerance(exact) == pytest.approx(0.05e9, rel=0.01)


def test_agree_on_extracted_text() -> None:
    a = _one("Tarrow Rail faces $5.5 billion in losses.", "money")
    b = _one("It could cost billions of dollars.", "money")
    c = _one("The charge was $5.5bn.", "money")
    d = _one("It wrote off $16 billion.", "money")
    assert comparable(a, b) and agree(a, b) and agree(a, c) and not agree(a, d)


_SCALE_WORDS = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "bn": 10**9,
    "m": 10**6,
    "": 1,
}
_PREFIXES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "HK$": "HKD"}
_SUFFIXES = {"dollars": "USD", "won": "KRW", "yuan": "CNY", "euros": "EUR", "yen": "JPY"}


@settings(max_examples=150, deadline=None)
@given(
    amount=st.decimals(min_value=1, max_value=999, places=2),
    scale=st.sampled_from(sorted(_SCALE_WORDS)),
    currency=st.sampled_from(sorted(_PREFIXES) + sorted(_SUFFIXES)),
    space=st.booleans(),
    commas=st.booleans(),
)
def test_formatted_money_parses_back(
    amount: Decimal, scale: str, currency: str, space: bool, commas: bool
) -> None:
    assume(currency != "won" or scale or amount >= 100)  # "won 3 games": small bare won is a verb
    number = f"{amount.normalize():f}"
    if commas and not scale and amount == amount.to_integral_value():
        number = f"{int(amount) * 1000:,}"
        amount *= 1000
    if currency in _PREFIXES:
        if not scale:
            sep = ""
        elif scale == "m":
            sep = ""  # "€3m": a one-letter scale sticks to its number
        elif scale == "bn":
            sep = " " if space else ""
        else:
            sep = " "
        quote = f"{currency}{' ' if space else ''}{number}{sep}{scale}"
        code = _PREFIXES[currency]
    else:
        scale = "million" if scale in ("m", "bn") else scale
        quote = f"{number} {scale} {currency}".replace("  ", " ")
        code = _SUFFIXES[currency]
    text = f"The company said it would spend {quote} on new plants."
    found = [q for q in _quantities(text) if q.kind == "money"]
    assert len(found) == 1, (text, found)
    q = found[0]
    assert q.text == quote and text[q.start : q.end] == quote
    assert q.unit == code
    expected = float(amount * _SCALE_WORDS[scale])
    assert q.value is not None and math.isclose(q.value, expected, rel_tol=1e-12)


_KINDS = ["money", "percent", "count", "duration", "measure", "date"]


@st.composite
def _quantity(draw: st.DrawFn) -> Quantity:
    kind = draw(st.sampled_from(_KINDS))
    unit = draw(st.sampled_from(["USD", "KRW"] if kind == "money" else ["%", "chip", "day", "m"]))
    finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
    value = draw(st.none() | finite)
    low = draw(st.none() | finite)
    high = draw(st.none() | finite)
    if low is not None and high is not None and low > high:
        low, high = high, low
    if value is not None and low is not None and high is not None:
        value = min(max(value, low), high)
    iso = draw(st.none() | st.sampled_from(["2025-04-30", "2025-04", "2025", "--04", "--05-01"]))
    if kind == "date" and value is not None:
        value = None
    return Quantity(0, 0, 1, "x", kind, value, unit, low, high, iso=iso)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(_quantity(), _quantity())
def test_agree_is_symmetric_and_reflexive(a: Quantity, b: Quantity) -> None:
    assert agree(a, a) and agree(b, b)
    assert agree(a, b) == agree(b, a)
    assert comparable(a, b) == comparable(b, a)


_PIECES = [
    "$5.5 billion",
    "nearly 6,000 staff members",
    "three months",
    "7%",
    "2.5 million Brazilian developers",
    "the X9",
    "SkyFrame 512",
    "650 trillion won",
    "last May",
    "about 30,000 turbines per year",
    "16km (10 miles)",
    "a 2-hectare plot",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5), st.sampled_from([" ", "\n"]))
def test_offsets_slice_back(pieces: list[str], sep: str) -> None:
    text = sep.join(f"They mentioned {p} again." for p in pieces)
    for q in _quantities(text, date(2025, 7, 15)):
        assert text[q.start : q.end] == q.text
        assert q.low is None or q.high is None or q.low <= q.high


def _article(h20_dir: Path, prefix: str) -> str:
    (path,) = h20_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "quote", "kind", "value", "unit"),
    [
        ("000", "$500 billion", "money", 5e11, "USD"),
        ("000", "approximately 700 trillion won", "money", 7e14, "KRW"),
        ("000", "three months", "duration", 90, "day"),
        ("000", "two former employees", "count", 2, "employee"),
        ("001", "billions of dollars", "money", None, "USD"),
        ("001", "$4 trillion", "money", 4e12, "USD"),
        ("002", "$ 80 billion", "money", 8e10, "USD"),
        ("002", "$ 500 billion", "money", 5e11, "USD"),
        ("002", "up to 100%", "percent", 100, "%"),
        ("003", "$5.5 billion", "money", 5.5e9, "USD"),
        ("003", "7%", "percent", 7, "%"),
        ("003", "1.5 million …developers", "count", 1.5e6, "developer"),
        ("003", "nearly …staff members", "count", 4000, "employee"),
        ("003", "$16 billion", "money", 1.6e10, "USD"),
        ("004", "about …chips per year", "count", 5e4, "chip/year"),
        ("004", "500 chips", "count", 500, "chip"),
    ],
)
def test_real_articles(
    h20_dir: Path, prefix: str, quote: str, kind: str, value: float | None, unit: str
) -> None:
    """A quote with "…" gives the span's first and last words (the value pins the middle), so the
    articles' longer phrases are checked without being copied here."""
    found = {q.text: q for q in _quantities(_article(h20_dir, prefix))}
    head, _, tail = quote.partition("…")
    gap = "…" in quote
    spans = [t for t in found if t == quote or (gap and t.startswith(head) and t.endswith(tail))]
    assert len(spans) == 1, sorted(found)
    q = found[spans[0]]
    assert (q.kind, q.unit) == (kind, unit)
    assert q.value == (value if value is None else pytest.approx(value))


def test_real_articles_hold_no_model_numbers(h20_dir: Path) -> None:
    for path in sorted(h20_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for q in _quantities(text):
            assert not any(tag in q.text for tag in ("H20", "H100", "R1", "384", "Tier")), q
    found = {q.text: q for q in _quantities(_article(h20_dir, "002"))}
    assert found["50%"].value == 50.0  # "50%of": the missing space loses nothing


# ---- the cheap tests in front of each pattern must never hide a match ---------------------------

_PIECES = (
    "about", "nearly", "up to", "more than", "some", "US$", "$", "€", "£", "Rs", "USD", "HKD", "5",
    "1,200", "3.5", "50%", "per cent", "percentage points", "pct", "billion", "bn", "m", "dollars",
    "pounds sterling", "won", "yen", "euros", "years", "a year", "half an hour", "decade", "-long",
    "twenty-one", "a dozen", "jobs", "workers", "hundreds of", "a few", "thousand", "of", "-",
    "km", "kilometres", "miles", "sq", "ft", "feet", "tonnes", "metric tons", "kg", "m²", "acres",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=7), st.sampled_from([" ", "", "-"]))
def test_prefilters_are_necessary_conditions(pieces: list[str], sep: str) -> None:
    import analysis.quantities as q

    text = sep.join(pieces)
    needs = {
        q._MONEY_SIGN: (q._HAS_DIGIT, q._HAS_SIGN),
        q._MONEY_WORD: (q._HAS_DIGIT, q._HAS_CUR_WORD),
        q._PERCENT: (q._HAS_PCT,),
        q._DURATION: (q._HAS_TIME_UNIT,),
        q._COUNT: (q._HAS_COUNT_NUM,),
        q._VAGUE: (q._HAS_VAGUE,),
        q._MEASURE: (q._HAS_MEASURE,),
    }
    for pattern, tests in needs.items():
        if pattern.search(text):
            assert all(t.search(text) for t in tests), (pattern.pattern[:40], text)


@pytest.mark.parametrize(
    ("text", "quote", "share"),
    [
        ("Almost one in six cars sold was a Mini.", "Almost one in six", 100 / 6),
        ("Three out of 10 voters agreed.", "Three out of 10", 30.0),
        ("About 1 in 100 people carry it.", "About 1 in 100", 1.0),
    ],
)
def test_a_proportion_is_a_share_not_a_count(text: str, quote: str, share: float) -> None:
    q = _one(text, "percent")
    assert (q.text, q.unit) == (quote, "%")
    assert q.value == pytest.approx(share)
    assert not [c for c in _quantities(text) if c.kind == "count"]  # no "six cars", "10 voters"


def test_a_proportion_agrees_with_its_rounded_percentage_only() -> None:
    share = _one("One in six drivers was fined.", "percent")
    assert agree(share, _one("Some 17% of drivers were fined.", "percent"))
    assert not agree(share, _one("About 30% of drivers were fined.", "percent"))


@pytest.mark.parametrize(
    "text", ["It fell 10 in 12 months.", "She was one of ten children.", "He scored 5 in 2."]
)
def test_not_every_in_is_a_proportion(text: str) -> None:
    assert not [q for q in _quantities(text) if q.kind == "percent"]


def test_halves_fractions_and_spaced_thousands_are_read_whole() -> None:
    assert _one("He served 4 1/2 months in prison.", "duration").value == 135
    assert _one("It took two and a half years to build.", "duration").value == 912.5
    assert _one("They landed an hour and a half later.", "duration").value == 0.0625
    # a number after a slash is a denominator or a score, never a figure of its own
    assert not [q for q in _quantities("They won 41 / 2 there.") if q.kind == "duration"]
    prices = [q.value for q in _quantities("Models come in $1, 199 and $1, 499 versions.")]
    assert prices == [1199, 1499]


@pytest.mark.parametrize(
    "quote",
    [
        "4 1/2 months",
        "4½ months",
        "4 ½ months",
        "4-1/2-month",
        "4-1 / 2-month",
        "41/2 months",
        "41 / 2 months",
        "4 1 / 2 months",
        "four and a half months",
    ],
)
def test_a_mixed_number_is_read_in_every_written_form(quote: str) -> None:
    q = _one(f"He served a {quote} prison term there.", "duration")
    assert q.text == quote and q.value == 135


def test_a_mixed_number_reads_in_other_quantities_too() -> None:
    assert _one("Rates rose to 7 3/4 percent.", "percent").value == 7.75
    assert _one("They hired 2 1/2 million workers.", "count").value == 2.5e6


def test_a_stated_half_is_exact_and_months_compare_as_months() -> None:
    half = _one("He served 41 / 2 months.", "duration")
    assert agree(half, _one("He served four and a half months.", "duration"))
    assert not agree(half, _one("He served four months.", "duration"))
    assert not agree(half, _one("He served five months.", "duration"))
    assert agree(_one("It took 4.5 months.", "duration"), _one("It took four months.", "duration"))
    assert not agree(_one("for 17 months", "duration"), _one("for 18 months", "duration"))
    assert agree(_one("for 12 months", "duration"), _one("for a year-long stay", "duration"))


def test_a_lost_fraction_sign_is_a_range_not_a_value() -> None:
    lost = _one("He served 4\ufffd months.", "duration")
    assert lost.value is None and lost.approximate
    assert agree(lost, _one("He served four and a half months.", "duration"))
    assert agree(lost, _one("He served four months.", "duration"))  # 4 1/4 rounds to four
    assert not agree(lost, _one("He served six months.", "duration"))


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["1/2", "1/4", "3/4", "1/3", "2/3", "1/8", "3/8", "5/8", "7/8"]),
    st.sampled_from(["days", "weeks", "months", "years"]),
)
def test_a_figure_that_may_be_a_flattened_mixed_number_agrees_in_either_reading(
    whole: int, fraction: str, unit: str
) -> None:
    flat = _one(f"He served {whole}{fraction.replace('/', '')} {unit}.", "duration")
    assert agree(flat, _one(f"He served {whole} {fraction} {unit}.", "duration"))
    assert agree(flat, _one(f"He served {whole}{fraction.replace('/', '')} {unit}.", "duration"))
    assert not agree(flat, _one(f"He served {2 * whole + 10} {unit}.", "duration"))


def test_a_flattened_mixed_number_still_conflicts_with_a_third_figure() -> None:
    flat = _one("He served 412 months.", "duration")
    assert not agree(flat, _one("He served four months.", "duration"))
    assert not agree(
        _one("It lasted 112 days.", "duration"), _one("It lasted 120 days.", "duration")
    )
    assert not agree(_one("It took 2024 years.", "duration"), _one("It took 2 years.", "duration"))


_NOT_UNITS = ["on Friday", "win", "victory", "and", "at home", "PM", "", "percent of it"]


@settings(max_examples=200, deadline=None)
@given(
    first=st.integers(min_value=1, max_value=99),
    second=st.integers(min_value=1, max_value=31),
    year=st.none() | st.integers(min_value=1990, max_value=2030),
    slash=st.sampled_from(["/", " / ", "-", " - "]),
    after=st.sampled_from(_NOT_UNITS),
)
def test_dates_and_scores_are_not_read_as_fractions(
    first: int, second: int, year: int | None, slash: str, after: str
) -> None:
    figure = f"{first}{slash}{second}" + (f"{slash}{year}" if year else "")
    text = f"It was {figure} {after} then.".replace("  ", " ")
    for q in _quantities(text):
        assert q.value is None or q.value == int(q.value), (text, q)
        assert "/" not in q.text or q.kind == "date", (text, q)


def test_a_range_of_money_scaled_at_its_end_and_a_change_to_a_level_are_told_apart() -> None:
    q = _one("The Orioles offered between $140 and $150 million over seven years.", "money")
    assert (q.low, q.high) == (140e6, 150e6)
    assert len([q for q in _quantities("Crude rose $1.64 to $47.10 a barrel.")]) == 2


def test_an_amount_converted_in_brackets_is_marked_as_a_conversion() -> None:
    from analysis.quantities import is_conversion

    text = "Thieves took 85 million euros ($108 million) and $5 million (in cash) more."
    spans = {q.text: (q.start, q.end) for q in _quantities(text) if q.kind == "money"}
    assert is_conversion(text, *spans["$108 million"])
    assert not is_conversion(text, *spans["85 million euros"])
    assert not is_conversion(text, *spans["$5 million"])


def test_a_decimal_with_a_leading_zero_is_no_count_of_thousands() -> None:
    """'0.125' has three digits after a dot, but a leading zero is never a thousands group: it
    is no count of 125 (which would conflict with another outlet's figure)."""
    found = [(q.value, q.unit) for q in extract_quantities("It was 0.125 deaths per 1,000.", [])]
    assert (125.0, "death") not in found


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("The wreck lay 16 km from the port.", "16 km", 16_000, "m"),
        ("The wreck lay 16km from the port.", "16km", 16_000, "m"),
        ("It is about 15 kilometres away.", "about 15 kilometres", 15_000, "m"),
        ("A 12-mile stretch was closed.", "12-mile", 12 * 1609.344, "m"),
        ("Fifteen kilometers of road flooded.", "Fifteen kilometers", 15_000, "m"),
        ("The wall is 400 feet long.", "400 feet", 121.92, "m"),
        ("Police seized 5.5 tonnes of it.", "5.5 tonnes", 5_500, "kg"),
        ("The fire burned 2,000 hectares.", "2,000 hectares", 2e7, "m2"),
        ("It covers 3 sq km of the valley.", "3 sq km", 3e6, "m2"),
        ("Farms produced 2 tn tonnes.", "2 tn tonnes", 2e15, "kg"),
    ],
)
def test_measures(text: str, quote: str, value: float, unit: str) -> None:
    q = _one(text, "measure")
    assert (q.text, q.unit) == (quote, unit)
    assert q.value == pytest.approx(value)


def test_speeds_conversions_and_millions_are_no_measures() -> None:
    assert [q.text for q in _quantities("Winds of 120 km/h and 30 miles an hour hit.")] == []
    assert [q.text for q in _quantities("It crashed about 16km (10 miles) from the town.")] == [
        "about 16km"
    ]
    assert [q.kind for q in _quantities("A $3m deal for 3m users.")] == ["money", "count"]


def test_a_measure_is_rounded_in_the_unit_it_was_written_in() -> None:
    sixteen = _one("It lay 16 km away.", "measure")
    assert not agree(sixteen, _one("It lay 15 km away.", "measure"))
    assert agree(sixteen, _one("It lay 16,000 metres away.", "measure"))
    assert agree(sixteen, _one("It lay 10 miles away.", "measure"))  # 9.5..10.5 miles
    assert agree(sixteen, _one("It lay about 15 kilometres away.", "measure"))  # 13.5..16.5 km
    assert not agree(_one("It lay 100 km away.", "measure"), _one("It lay 106 km away.", "measure"))
    assert not comparable(sixteen, _one("It weighs 16 kg.", "measure"))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from(["km", "kilometres", "miles", "feet", "metres", "yards"]),
    st.sampled_from(["", "about ", "nearly ", "more than "]),
)
def test_a_measure_agrees_with_itself_written_in_metres(n: int, unit: str, qual: str) -> None:
    from analysis.measures import unit_of

    q = _one(f"It lay {qual}{n} {unit} away.", "measure")
    found = unit_of(unit)
    assert found is not None
    metres = f"{n * found[1]:.4f}".rstrip("0").rstrip(".")
    assert agree(q, _one(f"It lay {metres} metres away.", "measure"))
