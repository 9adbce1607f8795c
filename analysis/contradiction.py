"""Contradictions between aligned claims: two sentences from different articles that cannot both
be true.

Pairs of sentences from different articles in one cluster are compared slot by slot; figures are
also compared across clusters (same counted noun, or same party and currency), because the aligner
may split one claim, at lower confidence:

- number: comparable quantities (same kind, same currency or counted noun) attached to the same
  subject whose ranges do not meet even allowing for rounding ("billions" and "$5.5 billion" meet);
- date: one event given two dates whose ranges cannot overlap;
- polarity: one concept with opposite signs after negation (see analysis.polarity);
- entity / place: the same slot filled by a different name: one figure credited to two different
  parties that both sentences mention, a name swapped in otherwise matching wording, or two places
  for one shared event. These are weaker signals and get lower confidence.

"Same subject" is judged by proximity, because nothing here parses syntax: the nearest name in the
value's clause and the content words around it. Two values whose nearest names differ, neither name
appearing in the other sentence, are about different subjects and are never compared. Each value is
matched to its best-attached partner (mutual best), and a conflict is dropped when either value
agrees with another partner that is as well attached or no vaguer, so "exports fell 12% while
imports rose 3%" does not conflict with "imports rose 3%". When the two articles carry different
publication dates the flag says the later report may supersede the earlier one instead of implying
either is false.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher
from functools import cache
from typing import Any

from rapidfuzz import fuzz, utils
from rapidfuzz.distance import JaroWinkler

from analysis.model import (
    AlignUnit,
    ClusterDraft,
    ContradictionSlot,
    FlagDraft,
    FlagSide,
    Quantity,
)
from analysis.polarity import Lexicon, PolarEvent, Token, event_polarity, load_lexicon, tokenize

__all__ = ["dates_disjoint", "detect_contradictions", "quantities_agree", "quantities_comparable"]

Key = tuple[int, int]

ROUNDING_CAP = 0.035  # a precise figure may be rounded by at most this share of its value
MIN_SUBJECT = 0.5  # attachment score two values need before they are compared at all
LONE_PAIR_CONTEXT = 1.0  # shared names/words that let a cluster's lone pair count as attached
WEAK_FACTOR = 0.75  # confidence kept by a conflict attached only as a lone pair
ANCHOR_WINDOW = 6  # tokens either side of a value whose content words describe its subject
NAME_WINDOW = 10  # how far (in tokens, within the clause) a name may sit from a value it governs
SUBSTITUTION_MATCH = 0.7  # share of the shorter sentence that must align around a swapped name
NAME_VARIANT_SIMILARITY = 0.85  # names this alike are spelling variants, not different parties
SUPERSEDE_FACTOR = 0.85
ACROSS_CLUSTERS_FACTOR = 0.7
MAX_ACROSS_BUCKET = 200  # sentences sharing one counted noun/party beyond which none are paired
ANAPHORIC_MAX = 10  # "the two countries" refers back; "the 1,800 jobs" still states a figure
SEQUENCE_FACTOR = 0.8  # a polarity conflict whose sentences also give different dates

BASE_CONFIDENCE: dict[str, float] = {
    "number": 0.8,
    "date": 0.75,
    "polarity": 0.65,
    "place": 0.5,
    "entity": 0.45,
}
SUGGESTIONS: dict[str, str] = {
    "number": "check which figure the primary source gives",
    "date": "check the date against the primary source or the official announcement",
    "polarity": "check the latest official statement: the situation may have changed",
    "entity": "check which party the primary source names",
    "place": "check where it happened in the primary source",
}
DETECTORS: dict[str, str] = {
    "number": "number-mismatch",
    "date": "date-disjoint",
    "polarity": "polarity-opposite",
    "entity": "name-substitution",
    "place": "place-substitution",
}

_CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "—", "–", '"', "“", "”", "but", "while", "whereas", "although"}
)
_STRONG_BREAKS = frozenset({";", "but", "while", "whereas", "although", "."})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside"})
_NON_LOCATIVE = frozenset(
    {"with", "by", "for", "to", "from", "on", "about", "against", "between", "into", "onto", "as"}
)
_SKIP_IN_PLACE = frozenset({"the", "a", "an", "of"})
_GENERIC_NAME_WORDS = frozenset(
    """inc corp corporation co company group holdings ltd llc plc ag sa gmbh energy solutions motors
    bank international global technologies technology systems partners industries department
    ministry state national university the of and news times post daily new united""".split()  # noqa: SIM905
)
_AUXILIARIES = frozenset(
    """do does did has have had is are was were be been will would can could should may
    might""".split()  # noqa: SIM905
)
_DIGIT = re.compile(r"\d")
_WORDLIKE = re.compile(r"\w")


# --- rules on quantities -------------------------------------------------------------------


@cache
def _shared_quantity_rules() -> tuple[Callable[..., bool], Callable[..., bool]] | None:
    """analysis.quantities' comparable/agree when that module exists (another stage owns it)."""
    try:
        from analysis import quantities
    except ImportError:
        return None
    comparable = getattr(quantities, "comparable", None)
    agree = getattr(quantities, "agree", None)
    if callable(comparable) and callable(agree):
        return comparable, agree
    return None


def _interval(q: Quantity) -> tuple[float, float] | None:
    """What the text allows: exact value, stated bounds, or open above ("more than 50")."""
    if q.low is None and q.high is None:
        return None if q.value is None else (q.value, q.value)
    low = q.low if q.low is not None else (q.value if q.value is not None else -math.inf)
    high = q.high if q.high is not None else math.inf
    return (min(low, high), max(low, high))


def _unit_key(q: Quantity) -> str:
    unit = q.unit.casefold().strip()
    return _stem(unit) if q.kind == "count" else unit


def _rounding(value: float) -> float:
    """Half the place of the last significant digit, capped: 1,200 may stand for 1,150..1,250."""
    v = abs(value)
    if v == 0:
        return 0.0
    digits = f"{v:.12g}"
    if "e" in digits:
        return ROUNDING_CAP * v
    if "." in digits:
        place = 10.0 ** -len(digits.split(".")[1])
    else:
        place = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    return min(place / 2, ROUNDING_CAP * v)


def quantities_comparable(a: Quantity, b: Quantity) -> bool:
    """Same kind and unit (currency, "%", counted noun, day), both with a value; not dates.

    analysis.quantities.comparable decides the unit when that module is installed."""
    if a.kind != b.kind or a.kind == "date" or _interval(a) is None or _interval(b) is None:
        return False
    shared = _shared_quantity_rules()
    return bool(shared[0](a, b)) if shared else _unit_key(a) == _unit_key(b)


def quantities_agree(a: Quantity, b: Quantity) -> bool:
    """Ranges meet once either precise figure is allowed its rounding.

    analysis.quantities.agree decides when installed; the fallback here caps rounding at
    ROUNDING_CAP of the value, so "50%" does not cover "45%"."""
    shared = _shared_quantity_rules()
    if shared:
        return bool(shared[1](a, b))
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True
    gap = max(0.0, ib[0] - ia[1], ia[0] - ib[1])
    tolerance = max(
        _rounding(a.value) if a.value is not None and not a.approximate else 0.0,
        _rounding(b.value) if b.value is not None and not b.approximate else 0.0,
    )
    return gap <= tolerance * (1 + 1e-9)


_ISO = re.compile(r"^(?:(\d{4})|-)-?(\d{2})?(?:-(\d{2}))?$")


def _iso_parts(iso: str | None) -> tuple[str | None, str | None, str | None] | None:
    if not iso:
        return None
    m = _ISO.match(iso)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def dates_disjoint(a: Quantity, b: Quantity) -> bool:
    """Whether two dates cannot mean the same day: ranges apart, or year/month/day differ
    (a part one side leaves out, such as an unknown year, is skipped)."""
    shared = _shared_quantity_rules()
    if shared and shared[0](a, b):
        return not shared[1](a, b)
    if None not in (a.low, a.high, b.low, b.high):
        ia, ib = _interval(a), _interval(b)
        assert ia is not None and ib is not None
        return ia[1] < ib[0] or ib[1] < ia[0]
    pa, pb = _iso_parts(a.iso), _iso_parts(b.iso)
    if pa is None or pb is None:
        return False
    return any(x is not None and y is not None and x != y for x, y in zip(pa, pb, strict=True))


# --- sentences, names and subjects -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    start: int  # local character offsets
    end: int
    key: str  # casefolded canonical name
    text: str


@dataclass(slots=True)
class _Sentence:
    key: Key
    unit: AlignUnit
    base: int  # article offset of the sentence's first character
    tokens: list[Token]
    lows: list[str]
    starts: list[int]
    names: list[_Name]
    events: list[PolarEvent]
    published: date | None


@dataclass(frozen=True, slots=True)
class _Item:
    """One value in a sentence: a quantity or a polar event, with its local span."""

    start: int
    end: int
    quote: str
    value: str  # normalised, for evidence and deduplication
    quantity: Quantity | None = None
    event: PolarEvent | None = None


def _stem(word: str) -> str:
    """A crude stem so "jobs"/"job" and "created"/"create" meet: possessive, one inflectional
    suffix and a final "e" are dropped."""
    w = word.casefold().replace("’", "'").removesuffix("'s").strip("'")
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)] + repl
            break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def _distinctive(name: str) -> set[str]:
    words = {w.casefold() for w in re.findall(r"[\w'’-]+", name)}
    words = {w[:-2] if w.endswith(("'s", "’s")) else w for w in words}
    return {w for w in words if len(w) >= 3 and w not in _GENERIC_NAME_WORDS}


def _names_match(a: str, b: str) -> bool:
    return a == b or bool(_distinctive(a) & _distinctive(b))


COMMON_WORD_ZIPF = 4.5  # a single word of another sentence's name this common is not sought


@cache
def _name_patterns(canonical: str, own: bool) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The full name (any case) and its distinctive words (capitalised in the text). For names
    taken from other sentences (`own` False) common words are dropped: "Park" may be a park."""
    words = sorted(_distinctive(canonical), key=len, reverse=True)
    if not own:
        from wordfreq import zipf_frequency

        words = [w for w in words if zipf_frequency(w, "en") < COMMON_WORD_ZIPF]
    full = re.compile(rf"(?<!\w){re.escape(canonical)}(?!\w)", re.IGNORECASE)
    alternation = "|".join(re.escape(w) for w in words)
    part = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if words else None
    return full, part


_COORDINATION = re.compile(r"\s+(?:and|&)\s+")


def _split_coordinations(names: Iterable[str]) -> list[str]:
    """ "Hwaseon Energy Solutions and Tallis Motors" read as one name is two parties."""
    return sorted({part for name in names for part in _COORDINATION.split(name) if part})


def _locate_names(
    unit: AlignUnit, tokens: Sequence[Token], lex: Lexicon, corpus_names: Iterable[str] = ()
) -> list[_Name]:
    """Where names are written: the unit's entities, then names other sentences' extraction found
    (a mention the extractor missed here is still a mention); capitalised runs when neither."""
    found: list[_Name] = []
    own = _split_coordinations(unit.entities)
    others = [n for n in _split_coordinations(corpus_names) if n not in own]
    for canonicals, is_own in ((own, True), (others, False)):
        for canonical in canonicals:
            full, part = _name_patterns(canonical, is_own)
            for m in full.finditer(unit.text):
                found.append(_Name(m.start(), m.end(), canonical.casefold(), m.group()))
            for m in part.finditer(unit.text) if part else ():
                if m.group()[:1].isupper():
                    found.append(_Name(m.start(), m.end(), canonical.casefold(), m.group()))
    if not found and not unit.entities:
        found = _capitalised_runs(unit.text, tokens, lex)
    # longest first at each position; the unit's own names were added first and win ties
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[_Name] = []
    for name in found:
        if kept and name.start < kept[-1].end:
            continue
        kept.append(name)
    return kept


def _capitalised_runs(text: str, tokens: Sequence[Token], lex: Lexicon) -> list[_Name]:
    runs: list[list[Token]] = []
    current: list[Token] = []
    for i, tok in enumerate(tokens):
        capital = tok.text[:1].isupper() and tok.low not in lex.stopwords
        if capital and not (i == 0 and not (len(tokens) > 1 and tokens[1].text[:1].isupper())):
            current.append(tok)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return [
        _Name(
            r[0].start,
            r[-1].end,
            text[r[0].start : r[-1].end].casefold(),
            text[r[0].start : r[-1].end],
        )
        for r in runs
    ]


def _infer_base(unit: AlignUnit) -> int:
    """Article offset of the sentence, from a quantity whose text sits at its recorded offset."""
    for q in unit.quantities:
        pos = unit.text.find(q.text)
        while pos >= 0 and q.text:
            base = q.start - pos
            if base >= 0:
                return base
            pos = unit.text.find(q.text, pos + 1)
    return 0


def _local_span(sent: _Sentence, q: Quantity) -> tuple[int, int]:
    start = q.start - sent.base
    if start >= 0 and sent.unit.text[start : start + len(q.text)] == q.text:
        return start, start + len(q.text)
    pos = sent.unit.text.find(q.text) if q.text else -1
    if pos >= 0:
        return pos, pos + len(q.text)
    return 0, len(sent.unit.text)


def _token_range(sent: _Sentence, start: int, end: int) -> tuple[int, int]:
    first = max(0, bisect_right(sent.starts, start) - 1)
    last = max(first + 1, bisect_right(sent.starts, max(start, end - 1)))
    return first, last


def _clause(sent: _Sentence, ti: int, tj: int, breaks: frozenset[str]) -> tuple[int, int]:
    lows = sent.lows
    left = ti
    while left > 0 and lows[left - 1] not in breaks:
        left -= 1
    right = tj
    while right < len(lows) and lows[right] not in breaks:
        right += 1
    return left, right


def _is_setting(sent: _Sentence, ni: int) -> bool:
    """A name introduced by "in", "at", "near" (optionally "the") is the setting, not the actor;
    so is one that continues such a name after a comma ("in Marlow County, Ohio")."""
    k = ni - 1
    if k >= 0 and sent.lows[k] in ("the", "a"):
        k -= 1
    if k >= 0 and sent.lows[k] in _LOCATIVE:
        return True
    if k >= 1 and sent.lows[k] == ",":
        for name in sent.names:
            pi, pj = _token_range(sent, name.start, name.end)
            if pj == k:
                return _is_setting(sent, pi)
    return False


def _nearest_name(sent: _Sentence, start: int, end: int) -> _Name | None:
    """The party a value is about: the closest name before it in its clause (English puts the
    subject first), else the closest after it; names that are only the setting are skipped."""
    ti, tj = _token_range(sent, start, end)
    left, right = _clause(sent, ti, tj, _CLAUSE_BREAKS)
    best: tuple[int, int, _Name] | None = None
    for name in sent.names:
        ni, nj = _token_range(sent, name.start, name.end)
        if ni < left or nj > right or (name.start < end and start < name.end):
            continue
        if _is_setting(sent, ni):
            continue
        before = nj <= ti
        distance = ti - nj if before else ni - tj
        rank = (0 if before else 1, distance)
        if distance <= NAME_WINDOW and (best is None or rank < best[:2]):
            best = (*rank, name)
    return best[2] if best else None


def _anchors(sent: _Sentence, start: int, end: int, lex: Lexicon) -> dict[str, float]:
    """Content words near a value, weighted: nouns and the like 0.5, event verbs 0.25."""
    ti, tj = _token_range(sent, start, end)

    def collect(left: int, right: int) -> dict[str, float]:
        words: dict[str, float] = {}
        for k in range(max(left, ti - ANCHOR_WINDOW), min(right, tj + ANCHOR_WINDOW)):
            tok = sent.tokens[k]
            if ti <= k < tj or not _WORDLIKE.match(tok.low) or _DIGIT.search(tok.low):
                continue
            if tok.low in lex.stopwords or len(tok.low) < 3 or tok.low.endswith("ly"):
                continue  # adverbs ("sharply") say nothing about what a value describes
            if any(n.start <= tok.start < n.end for n in sent.names):
                continue
            stem = _stem(tok.low)
            weight = 0.25 if tok.low in lex.event_words else 0.5
            words[stem] = max(words.get(stem, 0.0), weight)
        return words

    words = collect(*_clause(sent, ti, tj, _CLAUSE_BREAKS))
    if not any(w >= 0.5 for w in words.values()):
        for stem, weight in collect(*_clause(sent, ti, tj, _STRONG_BREAKS)).items():
            words[stem] = max(words.get(stem, 0.0), weight)
    return words


@dataclass(frozen=True, slots=True)
class _Subject:
    name: _Name | None
    anchors: dict[str, float]


def _subject(sent: _Sentence, item: _Item, lex: Lexicon) -> _Subject:
    anchors = _anchors(sent, item.start, item.end, lex)
    if item.quantity is not None and item.quantity.kind == "count":
        anchors[_unit_key(item.quantity)] = 0.5
    return _Subject(_nearest_name(sent, item.start, item.end), anchors)


def _mentions(sent: _Sentence, key: str) -> bool:
    return any(_names_match(n.key, key) for n in sent.names)


def _subject_score(sa: _Sentence, a: _Subject, sb: _Sentence, b: _Subject) -> float:
    """How surely two values describe one subject; -1 when they plainly describe two."""
    entity = 0.0
    if a.name and b.name:
        if _names_match(a.name.key, b.name.key):
            entity = 1.0
        elif not _mentions(sb, a.name.key) and not _mentions(sa, b.name.key):
            return -1.0
    shared = set(a.anchors) & set(b.anchors)
    words = min(1.0, sum(min(a.anchors[w], b.anchors[w]) for w in shared))
    return entity + words


# --- pairing values ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Conflict:
    a: _Item
    b: _Item
    score: float
    weak: bool = False  # attached only because it is the lone comparable pair of its cluster


def _resolve(
    items_a: Sequence[_Item],
    items_b: Sequence[_Item],
    comparable: Callable[[_Item, _Item], bool],
    agree: Callable[[_Item, _Item], bool],
    score: Callable[[_Item, _Item], float],
    lone_pair_attached: bool,
) -> list[_Conflict]:
    """Mutually best-attached, disagreeing pairs that no equally attached agreement explains.

    With `lone_pair_attached` (the caller found the sentences share context), values count as
    attached even without shared words near them when each side offers only one comparable
    value (perhaps written twice); such conflicts are marked weak."""
    scores: dict[tuple[int, int], float] = {}
    agreeing: dict[tuple[int, int], bool] = {}
    for i, a in enumerate(items_a):
        for j, b in enumerate(items_b):
            if comparable(a, b):
                s = score(a, b)
                if s >= 0:
                    scores[(i, j)] = s
                    agreeing[(i, j)] = agree(a, b)
    weak: set[tuple[int, int]] = set()
    values_a = {items_a[i].value for i, _ in scores}
    values_b = {items_b[j].value for _, j in scores}
    if lone_pair_attached and len(values_a) == 1 and len(values_b) == 1:
        for pair, s in scores.items():
            if s < MIN_SUBJECT:
                scores[pair] = MIN_SUBJECT
                weak.add(pair)
    valid = {p: s for p, s in scores.items() if s >= MIN_SUBJECT}
    best_a: dict[int, float] = defaultdict(float)
    best_b: dict[int, float] = defaultdict(float)
    for (i, j), s in valid.items():
        best_a[i] = max(best_a[i], s)
        best_b[j] = max(best_b[j], s)
    out: list[_Conflict] = []
    for (i, j), s in sorted(valid.items()):
        if agreeing[(i, j)] or s < best_a[i] or s < best_b[j]:
            continue
        # an agreeing partner not plainly about another subject explains the pair away even if
        # less well attached, as long as it is no vaguer than the value it stands in for:
        # proximity is too rough to overrule an agreement ("mid-February" and "February" when
        # "January" sits nearer the shared words), but "this year" explains nothing
        explained = any(
            agreeing[p] and (t >= s or _width(items_b[p[1]]) <= _width(items_b[j]))
            for p, t in scores.items()
            if p[0] == i and p != (i, j)
        ) or any(
            agreeing[p] and (t >= s or _width(items_a[p[0]]) <= _width(items_a[i]))
            for p, t in scores.items()
            if p[1] == j and p != (i, j)
        )
        if not explained:
            out.append(_Conflict(items_a[i], items_b[j], s, (i, j) in weak))
    return out


def _anaphoric(sent: _Sentence, item: _Item) -> bool:
    """ "the two countries", "these three firms": a small count that refers back to things already
    named is not a claim about how many there are."""
    q = item.quantity
    if q is None or q.kind != "count" or q.value is None or q.value > ANAPHORIC_MAX:
        return False
    ti, _ = _token_range(sent, item.start, item.end)
    return ti > 0 and sent.lows[ti - 1] in ("the", "these", "those", "both")


def _width(item: _Item) -> float:
    """How much a value leaves open: 0 for an exact figure or an event, a year's days for "2026"."""
    if item.quantity is None:
        return 0.0
    interval = _interval(item.quantity)
    return math.inf if interval is None else interval[1] - interval[0]


def _shared_context(sa: _Sentence, sb: _Sentence, lex: Lexicon) -> float:
    """Evidence that two sentences are about one situation: shared names (1 each) and shared
    content words (0.5 each), event words and adverbs left out."""

    def words(sent: _Sentence) -> set[str]:
        return {
            _stem(t.low)
            for t in sent.tokens
            if t.low.isalpha()
            and len(t.low) >= 3
            and t.low not in lex.stopwords
            and t.low not in lex.event_words
            and not t.low.endswith("ly")
            and not any(n.start <= t.start < n.end for n in sent.names)
        }

    names = {n.key for n in sa.names if _mentions(sb, n.key)}
    return len(names) + 0.5 * len(words(sa) & words(sb))


def _quantity_item(sent: _Sentence, q: Quantity) -> _Item:
    start, end = _local_span(sent, q)
    interval = _interval(q)
    if q.kind == "date":
        value = q.iso or (f"{interval[0]:g}..{interval[1]:g}" if interval else q.text)
    elif interval and interval[0] == interval[1]:
        value = f"{interval[0]:g} {q.unit}"
    elif interval:
        value = f"{interval[0]:g}..{interval[1]:g} {q.unit}"
    else:
        value = f"? {q.unit}"
    return _Item(start, end, sent.unit.text[start:end] or q.text, value, quantity=q)


def _event_item(ev: PolarEvent) -> _Item:
    return _Item(ev.start, ev.end, ev.text, f"{ev.concept}{'+' if ev.sign > 0 else '-'}", event=ev)


# --- flags ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Finding:
    slot: ContradictionSlot
    a: _Sentence
    b: _Sentence
    span_a: tuple[int, int]
    span_b: tuple[int, int]
    value_a: str
    value_b: str
    said_a: str  # how the explanation quotes each side
    said_b: str
    confidence: float
    subject: str
    extra: dict[str, Any]
    across_clusters: bool = False
    detector: str | None = None  # overrides DETECTORS[slot]

    def dedupe_key(self) -> tuple[Any, ...]:
        pair = tuple(sorted([(self.a.key, self.value_a), (self.b.key, self.value_b)]))
        return (pair[0][0], pair[1][0], self.slot, pair[0][1], pair[1][1])


def _similarity(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a, b, processor=utils.default_process, score_cutoff=0) / 100.0


def _describe_quantity(q: Quantity, quote: str) -> str:
    if q.kind == "count" and q.unit and _stem(q.unit) not in {_stem(w) for w in quote.split()}:
        unit = q.unit if q.value == 1 or q.unit.endswith("s") else q.unit + "s"
        return f"{quote} {unit}"
    return quote


def _flipped(c: _Conflict) -> int:
    """How many sides of a polarity conflict rest on a negation (plain claims are preferred)."""
    return sum(1 for i in (c.a, c.b) if i.event is not None and i.event.negated)


def _negation_span(sent: _Sentence, ev: PolarEvent, lex: Lexicon) -> tuple[int, int]:
    """The event with the words that flipped it ("did not halt", "ending a pause")."""
    if not ev.negated:
        return ev.start, ev.end
    ti, _ = _token_range(sent, ev.start, ev.end)
    start = ev.start
    reversers = {phrase[0] for phrase in lex.reversers}
    for k in range(ti - 1, max(-1, ti - 5), -1):
        low = sent.tokens[k].low
        if low in lex.boundaries:
            break
        if (
            low in lex.negators
            or low.endswith("n't")
            or low in {"no", "yet"}
            or low in lex.negating_controls
            or low in reversers
        ):
            start = sent.tokens[k].start
            if k > 0 and sent.tokens[k - 1].low in _AUXILIARIES:
                start = sent.tokens[k - 1].start  # "did not", "has not"
    return start, ev.end


def _subject_words(sent: _Sentence, sa: _Subject, sb: _Subject) -> str:
    """What two attached values share, in words of the first sentence, for the explanation."""
    if sa.name and sb.name and _names_match(sa.name.key, sb.name.key):
        return sa.name.text
    shared = sorted(set(sa.anchors) & set(sb.anchors), key=lambda w: (-sa.anchors[w], w))
    surface = {_stem(t.low): t.text for t in reversed(sent.tokens)}
    return ", ".join(surface.get(w, w) for w in shared[:3])


def _pair_findings(
    sa: _Sentence, sb: _Sentence, lex: Lexicon, *, figures_only: bool = False
) -> list[_Finding]:
    """Everything that conflicts between two sentences (only figures with `figures_only`), worked
    out in an order fixed by the texts so that the result does not depend on which came first."""
    sa, sb = sorted([sa, sb], key=lambda s: (s.unit.text, s.key))
    similarity = _similarity(sa.unit.text, sb.unit.text)
    findings: list[_Finding] = []
    subjects: dict[tuple[Key, _Item], _Subject] = {}

    def subj(sent: _Sentence, item: _Item) -> _Subject:
        k = (sent.key, item)
        if k not in subjects:
            subjects[k] = _subject(sent, item, lex)
        return subjects[k]

    def score(a: _Item, b: _Item) -> float:
        return _subject_score(sa, subj(sa, a), sb, subj(sb, b))

    qa = [_quantity_item(sa, q) for q in sa.unit.quantities]
    qb = [_quantity_item(sb, q) for q in sb.unit.quantities]
    nums_a = [i for i in qa if i.quantity and i.quantity.kind != "date" and not _anaphoric(sa, i)]
    nums_b = [i for i in qb if i.quantity and i.quantity.kind != "date" and not _anaphoric(sb, i)]
    dates_a = [i for i in qa if i.quantity and i.quantity.kind == "date"]
    dates_b = [i for i in qb if i.quantity and i.quantity.kind == "date"]

    def num_comparable(a: _Item, b: _Item) -> bool:
        return quantities_comparable(a.quantity, b.quantity)  # type: ignore[arg-type]

    def num_agree(a: _Item, b: _Item) -> bool:
        return quantities_agree(a.quantity, b.quantity)  # type: ignore[arg-type]

    attributions = _attributions(sa, sb, nums_a, nums_b, subj, similarity)
    swapped = {id(f.extra["items"][0]) for f in attributions} | {
        id(f.extra["items"][1]) for f in attributions
    }
    findings += attributions[:1]

    lone = _shared_context(sa, sb, lex) >= LONE_PAIR_CONTEXT
    for c in _resolve(nums_a, nums_b, num_comparable, num_agree, score, lone):
        if id(c.a) in swapped or id(c.b) in swapped:
            continue  # the same disagreement, already reported as who holds the figure
        qa_, qb_ = c.a.quantity, c.b.quantity
        assert qa_ is not None and qb_ is not None
        ia, ib = _interval(qa_), _interval(qb_)
        assert ia is not None and ib is not None
        gap = max(0.0, ib[0] - ia[1], ia[0] - ib[1]) / max(abs(ia[1]), abs(ib[1]), 1e-9)
        clarity = 0.7 + 0.3 * min(1.0, gap / 0.2)
        extra = {"kind": qa_.kind}
        findings.append(_finding("number", sa, sb, c, similarity, clarity, subj, extra=extra))
        findings[-1].said_a = _describe_quantity(qa_, c.a.quote)
        findings[-1].said_b = _describe_quantity(qb_, c.b.quote)

    if figures_only:
        return findings

    def date_comparable(a: _Item, b: _Item) -> bool:
        return True

    def date_agree(a: _Item, b: _Item) -> bool:
        return not dates_disjoint(a.quantity, b.quantity)  # type: ignore[arg-type]

    # no lone-pair attachment for dates: a dateline or a background event is often the only
    # other date in a sentence, so two dates need shared words or names of their own
    date_conflicts = _resolve(dates_a, dates_b, date_comparable, date_agree, score, False)

    # hedged events ("may resume", "decided to lift") state no fact, so they never conflict, but
    # one that agrees with the other sentence still explains away a conflict of its clause-mate
    all_a = [_event_item(e) for e in sa.events]
    all_b = [_event_item(e) for e in sb.events]
    ev_a = [i for i in all_a if i.event and not i.event.hedged]
    ev_b = [i for i in all_b if i.event and not i.event.hedged]

    def ev_comparable(a: _Item, b: _Item) -> bool:
        return a.event.concept == b.event.concept  # type: ignore[union-attr]

    def ev_agree(a: _Item, b: _Item) -> bool:
        return a.event.sign == b.event.sign  # type: ignore[union-attr]

    polar = [
        c
        for c in _resolve(all_a, all_b, ev_comparable, ev_agree, score, lone)
        if c.a.event and c.b.event and not (c.a.event.hedged or c.b.event.hedged)
    ]
    if polar:
        # opposite events at two stated dates read as a sequence ("halted in April, resumed in
        # July"): the dates belong to different events, and the polarity flag is weakened
        best = max(
            polar,
            key=lambda c: (c.score, -_flipped(c), c.a.value, -c.a.start, -c.b.start),
        )
        factor = SEQUENCE_FACTOR if date_conflicts else 1.0
        f = _finding("polarity", sa, sb, best, similarity, factor, subj, extra={})
        assert best.a.event is not None and best.b.event is not None
        f.span_a = _negation_span(sa, best.a.event, lex)
        f.span_b = _negation_span(sb, best.b.event, lex)
        f.said_a = sa.unit.text[f.span_a[0] : f.span_a[1]]
        f.said_b = sb.unit.text[f.span_b[0] : f.span_b[1]]
        f.extra["negated"] = [best.a.event.negated, best.b.event.negated]
        if date_conflicts:
            f.extra["sequence_of_events"] = True
        findings.append(f)
    else:
        for c in date_conflicts:
            f = _finding("date", sa, sb, c, similarity, 1.0, subj, extra={})
            findings.append(f)

    findings += _substitutions(sa, sb, lex, similarity)
    findings += _places(sa, sb, ev_a, ev_b, lex, similarity)
    return findings


def _finding(
    slot: ContradictionSlot,
    sa: _Sentence,
    sb: _Sentence,
    c: _Conflict,
    similarity: float,
    clarity: float,
    subj: Callable[[_Sentence, _Item], _Subject],
    extra: dict[str, Any],
) -> _Finding:
    s_a, s_b = subj(sa, c.a), subj(sb, c.b)
    confidence = (
        BASE_CONFIDENCE[slot]
        * (0.55 + 0.45 * similarity)
        * (0.75 + 0.25 * min(1.0, c.score))
        * clarity
        * (WEAK_FACTOR if c.weak else 1.0)
    )
    if c.weak:
        extra = {**extra, "attachment": "lone comparable pair in sentences sharing context"}
    return _Finding(
        slot=slot,
        a=sa,
        b=sb,
        span_a=(c.a.start, c.a.end),
        span_b=(c.b.start, c.b.end),
        value_a=c.a.value,
        value_b=c.b.value,
        said_a=c.a.quote,
        said_b=c.b.quote,
        confidence=confidence,
        subject=_subject_words(sa, s_a, s_b),
        extra={"subject_score": round(c.score, 3), **extra},
    )


def _attributions(
    sa: _Sentence,
    sb: _Sentence,
    nums_a: Sequence[_Item],
    nums_b: Sequence[_Item],
    subj: Callable[[_Sentence, _Item], _Subject],
    similarity: float,
) -> list[_Finding]:
    """One precise figure credited to different parties that both sentences name ("Hwaseon will
    own 51%" / "Tallis will hold 51%"). Sorted so the first is the same whichever side is a."""
    out: list[_Finding] = []
    for a in nums_a:
        for b in nums_b:
            qa, qb = a.quantity, b.quantity
            assert qa is not None and qb is not None
            if qa.approximate or qb.approximate or qa.low != qa.high or qb.low != qb.high:
                continue
            if not quantities_comparable(qa, qb) or not quantities_agree(qa, qb):
                continue
            na, nb = _actor(sa, a), _actor(sb, b)
            if na is None or nb is None or _names_match(na.key, nb.key):
                continue
            if not (_mentions(sb, na.key) and _mentions(sa, nb.key)):
                continue
            if _co_subject(sa, a, nb.key) or _co_subject(sb, b, na.key):
                continue
            if _credited(sb, nums_b, qa, na.key, subj) or _credited(sa, nums_a, qb, nb.key, subj):
                continue
            span_a = (min(a.start, na.start), max(a.end, na.end))
            span_b = (min(b.start, nb.start), max(b.end, nb.end))
            conf = BASE_CONFIDENCE["entity"] * (0.55 + 0.45 * similarity)
            out.append(
                _Finding(
                    slot="entity",
                    a=sa,
                    b=sb,
                    span_a=span_a,
                    span_b=span_b,
                    value_a=f"{na.key}: {a.value}",
                    value_b=f"{nb.key}: {b.value}",
                    said_a=sa.unit.text[span_a[0] : span_a[1]],
                    said_b=sb.unit.text[span_b[0] : span_b[1]],
                    confidence=conf,
                    subject=a.value,
                    extra={"items": (a, b), "names": [na.text, nb.text]},
                    detector="figure-attribution",
                )
            )
    out.sort(
        key=lambda f: (-_interval(f.extra["items"][0].quantity)[1], sorted([f.value_a, f.value_b]))
    )  # type: ignore[index]
    return out


ACTOR_REACH = 6  # tokens between a party and the figure it is credited with ("X will own 51%")


def _known_place(name: _Name) -> bool:
    """Whether the place list of analysis.mentions knows the name (Ohio, Seoul, US)."""
    try:
        from analysis.mentions import country_of
    except ImportError:
        return False
    return country_of(name.text) is not None or country_of(name.key) is not None


def _co_subject(sent: _Sentence, item: _Item, key: str) -> bool:
    """Whether `key` is named in the value's clause before it ("X and Y will spend $3bn")."""
    ti, tj = _token_range(sent, item.start, item.end)
    left, _ = _clause(sent, ti, tj, _CLAUSE_BREAKS)
    return any(
        _names_match(n.key, key) and left <= _token_range(sent, n.start, n.end)[0] < ti
        for n in sent.names
    )


def _actor(sent: _Sentence, item: _Item) -> _Name | None:
    """The party a figure is credited to: the closest name before it in its clause, not a place
    of setting, at most ACTOR_REACH tokens away."""
    ti, tj = _token_range(sent, item.start, item.end)
    left, _ = _clause(sent, ti, tj, _CLAUSE_BREAKS)
    best: tuple[int, _Name] | None = None
    for name in sent.names:
        ni, nj = _token_range(sent, name.start, name.end)
        if ni < left or nj > ti or _is_setting(sent, ni) or _known_place(name):
            continue
        if ti - nj <= ACTOR_REACH and (best is None or ti - nj < best[0]):
            best = (ti - nj, name)
    return best[1] if best else None


def _credited(
    sent: _Sentence,
    items: Sequence[_Item],
    q: Quantity,
    name_key: str,
    subj: Callable[[_Sentence, _Item], _Subject],
) -> bool:
    """Whether the sentence also gives `q` to the named party."""
    for item in items:
        other = item.quantity
        assert other is not None
        name = subj(sent, item).name
        if (
            name is not None
            and _names_match(name.key, name_key)
            and quantities_comparable(q, other)
            and quantities_agree(q, other)
        ):
            return True
    return False


def _word_tokens(sent: _Sentence) -> list[Token]:
    return [t for t in sent.tokens if _WORDLIKE.match(t.low)]


def _is_name_span(sent: _Sentence, toks: Sequence[Token]) -> _Name | None:
    """The located name that covers these tokens (a possessive "'s" may be left over), if any."""
    if not toks:
        return None
    start, end = toks[0].start, toks[-1].end
    for name in sent.names:
        if start <= name.start and name.end <= end and (end - start) - (name.end - name.start) <= 2:
            return name
    return None


def _variants(x: str, y: str) -> bool:
    a, b = x.casefold(), y.casefold()
    return (
        a in b
        or b in a
        or _names_match(a, b)
        or JaroWinkler.similarity(a, b) >= NAME_VARIANT_SIMILARITY
    )


def _substitutions(sa: _Sentence, sb: _Sentence, lex: Lexicon, similarity: float) -> list[_Finding]:
    """A single name swapped for another in otherwise matching wording ("in Seoul" / "in Busan")."""
    first, second = sorted([sa, sb], key=lambda s: (s.unit.text, s.key))
    wa, wb = _word_tokens(first), _word_tokens(second)
    la, lb = [t.low for t in wa], [t.low for t in wb]
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if not la or not lb or matched / min(len(la), len(lb)) < SUBSTITUTION_MATCH:
        return []
    swaps: list[tuple[_Name, _Name, int, int]] = []
    ops = matcher.get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or i2 - i1 > 4 or j2 - j1 > 4:
            continue
        # the swapped name must sit in a matching frame: at least two equal words before it
        # ("deal in") and an equal word or the end after it
        before = ops[k - 1] if k > 0 else None
        before_ok = before is not None and before[0] == "equal" and before[2] - before[1] >= 2
        after_ok = k == len(ops) - 1 or ops[k + 1][0] == "equal"
        if not (before_ok and after_ok):
            continue
        na, nb = _is_name_span(first, wa[i1:i2]), _is_name_span(second, wb[j1:j2])
        if na is None or nb is None or _variants(na.text, nb.text):
            continue
        if _mentions(second, na.key) or _mentions(first, nb.key):
            continue
        swaps.append((na, nb, i1, j1))
    if len(swaps) != 1:
        return []
    na, nb, i1, _ = swaps[0]
    place = i1 > 0 and la[i1 - 1] in _LOCATIVE
    slot: ContradictionSlot = "place" if place else "entity"
    conf = BASE_CONFIDENCE[slot] * (0.55 + 0.45 * similarity)
    return [
        _Finding(
            slot=slot,
            a=first,
            b=second,
            span_a=(na.start, na.end),
            span_b=(nb.start, nb.end),
            value_a=na.key,
            value_b=nb.key,
            said_a=na.text,
            said_b=nb.text,
            confidence=conf,
            subject="the same slot of otherwise matching wording",
            extra={"aligned_share": round(matched / min(len(la), len(lb)), 3)},
        )
    ]


def _place_groups(sent: _Sentence) -> list[tuple[int, int, list[_Name]]]:
    """Names introduced by a locative preposition ("in the parking lot of the X", "at the Y
    building in Z"), chained names merged into one place phrase."""
    groups: list[tuple[int, int, list[_Name]]] = []
    for name in sent.names:
        ti, _ = _token_range(sent, name.start, name.end)
        locative = False
        for k in range(ti - 1, max(-1, ti - 7), -1):
            low = sent.tokens[k].low
            if low in _LOCATIVE:
                locative = True
                break
            if low in _NON_LOCATIVE or low in _CLAUSE_BREAKS or not low.isalpha():
                break
            if low not in _SKIP_IN_PLACE and sent.tokens[k].text[:1].isupper():
                break
        if not locative:
            continue
        if groups:
            _, last_end, members = groups[-1]
            between = sent.unit.text[last_end : name.start]
            if not any(b in between for b in (",", ";", "(", ")")) and len(between.split()) <= 6:
                members.append(name)
                groups[-1] = (groups[-1][0], name.end, members)
                continue
        groups.append((name.start, name.end, [name]))
    return groups


_OTHER_PREDICATE = frozenset({"to", "that", "which", "who", "where", "when", "whose"})
PLACE_REACH = 12  # tokens between an event word and a place that belongs to it


def _attached_places(
    sent: _Sentence, events: Sequence[PolarEvent]
) -> list[tuple[int, int, list[_Name], int]]:
    """Place phrases in the same clause as one of `events`, close to it, with no other predicate
    ("to build", "which ...") in between; each with its token distance to the event."""
    out = []
    for start, end, names in _place_groups(sent):
        pi, pj = _token_range(sent, start, end)
        best: int | None = None
        for ev in events:
            ei, ej = _token_range(sent, ev.start, ev.end)
            left, right = _clause(sent, ei, ej, _CLAUSE_BREAKS)
            if pi < left or pj > right:
                continue
            between = sent.lows[ej:pi] if ej <= pi else sent.lows[pj:ei]
            if len(between) > PLACE_REACH or _OTHER_PREDICATE & set(between):
                continue
            best = len(between) if best is None else min(best, len(between))
        if best is not None:
            out.append((start, end, names, best))
    return out


def _places(
    sa: _Sentence,
    sb: _Sentence,
    ev_a: Sequence[_Item],
    ev_b: Sequence[_Item],
    lex: Lexicon,
    similarity: float,
) -> list[_Finding]:
    """Two places for one shared event, each attached to it, neither named by the other side."""
    shared = {i.value for i in ev_a} & {i.value for i in ev_b}
    if not shared:
        return []
    first, second = sorted([sa, sb], key=lambda s: (s.unit.text, s.key))

    def candidates(sent: _Sentence, other: _Sentence) -> list[tuple[int, int, list[_Name], int]]:
        events = [e for e in sent.events if not e.hedged and _event_item(e).value in shared]
        other_places = [n for g in _place_groups(other) for n in g[2]]
        return [
            group
            for group in _attached_places(sent, events)
            if not any(_mentions(other, n.key) for n in group[2])
            and not any(_variants(n.text, o.text) for n in group[2] for o in other_places)
        ]

    ga, gb = candidates(first, second), candidates(second, first)
    if not ga or not gb:
        return []
    a = min(ga, key=lambda g: (g[3], g[0]))
    b = min(gb, key=lambda g: (g[3], g[0]))
    span_a, span_b = (a[0], a[1]), (b[0], b[1])
    said_a = first.unit.text[span_a[0] : span_a[1]]
    said_b = second.unit.text[span_b[0] : span_b[1]]
    conf = BASE_CONFIDENCE["place"] * 0.8 * (0.55 + 0.45 * similarity)
    return [
        _Finding(
            slot="place",
            a=first,
            b=second,
            span_a=span_a,
            span_b=span_b,
            value_a=said_a.casefold(),
            value_b=said_b.casefold(),
            said_a=said_a,
            said_b=said_b,
            confidence=conf,
            subject="the same event",
            extra={"shared_events": sorted(shared)},
        )
    ]


def _date_text(d: date | None) -> str:
    return d.isoformat() if d else "undated"


def _explain(f: _Finding) -> tuple[str, bool]:
    src_a, src_b = f.a.unit.source, f.b.unit.source
    pa, pb = f.a.published, f.b.published
    superseded = pa is not None and pb is not None and pa != pb
    quoted = {_stem(w) for w in re.findall(r"\w+", f"{f.said_a} {f.said_b}")}
    words = [w for w in f.subject.split(", ") if w and _stem(w) not in quoted]
    subject = f" ({', '.join(words)})" if words and f.slot != "entity" else ""
    if f.slot in ("number", "polarity", "date"):
        text = f"{src_a} says {f.said_a}; {src_b} says {f.said_b} for the same claim{subject}."
    elif f.slot == "place":
        text = f"{src_a} places it at {f.said_a}; {src_b} at {f.said_b} for the same claim."
    else:
        text = (
            f"{src_a} says “{f.said_a}”; {src_b} says “{f.said_b}”: a different party in the same "
            "place of the claim."
        )
    if f.extra.get("sequence_of_events"):
        text += " The two sentences also give different dates, so this may be a sequence of events."
    if superseded:
        assert pa is not None and pb is not None
        later, earlier = (pb, pa) if pb > pa else (pa, pb)
        text += (
            f" The reports were published on different dates: the later report"
            f" ({later.isoformat()}) may supersede the earlier one ({earlier.isoformat()})."
        )
    return text, superseded


_PER_SIDE = frozenset({"names", "negated"})  # evidence lists given in (side, other) order


def _to_flag(f: _Finding) -> FlagDraft:
    # side = the lower (article, sentence), so flags do not depend on argument order
    if (f.b.key, f.span_b) < (f.a.key, f.span_a):
        f = replace(
            f, a=f.b, b=f.a, span_a=f.span_b, span_b=f.span_a, value_a=f.value_b,
            value_b=f.value_a, said_a=f.said_b, said_b=f.said_a,
            extra={k: v[::-1] if k in _PER_SIDE else v for k, v in f.extra.items()},
        )  # fmt: skip
    explanation, superseded = _explain(f)
    confidence = f.confidence * (SUPERSEDE_FACTOR if superseded else 1.0)
    if f.across_clusters:
        confidence *= ACROSS_CLUSTERS_FACTOR
    extra = {k: v for k, v in f.extra.items() if k != "items"}
    evidence: dict[str, Any] = {
        "texts": [f.a.unit.text, f.b.unit.text],
        "sources": [f.a.unit.source, f.b.unit.source],
        "values": [f.value_a, f.value_b],
        "similarity": round(_similarity(f.a.unit.text, f.b.unit.text), 3),
        "published": [_date_text(f.a.published), _date_text(f.b.published)],
        "superseded": superseded,
        "across_clusters": f.across_clusters,
        **extra,
    }
    return FlagDraft(
        kind="contradiction",
        detector=(f.detector or DETECTORS[f.slot])
        + ("-across-clusters" if f.across_clusters else ""),
        side=_side(f.a, f.span_a),
        other=_side(f.b, f.span_b),
        explanation=explanation,
        confidence=round(min(0.95, max(0.05, confidence)), 3),
        suggestion=SUGGESTIONS[f.slot],
        evidence=evidence,
        slot=f.slot,
    )


def _side(sent: _Sentence, span: tuple[int, int]) -> FlagSide:
    start, end = span
    return FlagSide(
        article_id=sent.unit.article_id,
        sentence_idx=sent.unit.sentence_idx,
        start=sent.base + start,
        end=sent.base + end,
        quote=sent.unit.text[start:end],
    )


# --- entry point -------------------------------------------------------------------------------


def detect_contradictions(
    clusters: list[ClusterDraft],
    units: dict[tuple[int, int], AlignUnit],
    *,
    published: dict[int, date | None] | None = None,
    sentence_starts: Mapping[tuple[int, int], int] | None = None,
    across_clusters: bool = True,
) -> list[FlagDraft]:
    """Contradiction flags between sentences of different articles.

    `published` (article id -> date) overrides AlignUnit.published. `sentence_starts` gives each
    sentence's article offset so flag spans are article offsets; without it the offset is read off
    the unit's quantities (0 when it has none). `across_clusters` also compares figures of
    sentences in different clusters (same counted noun, or same party and currency/unit), at lower
    confidence: the aligner may split one claim, as when two outlets give 1,800 and 2,800 jobs.
    """
    lex = load_lexicon()
    sentences: dict[Key, _Sentence] = {}
    corpus_names = sorted({name for u in units.values() for name in u.entities})

    def sentence(key: Key) -> _Sentence:
        if key not in sentences:
            unit = units[key]
            tokens = tokenize(unit.text)
            pub = unit.published
            if published is not None and unit.article_id in published:
                pub = published[unit.article_id]
            base = (
                sentence_starts[key]
                if sentence_starts is not None and key in sentence_starts
                else _infer_base(unit)
            )
            sentences[key] = _Sentence(
                key=key,
                unit=unit,
                base=base,
                tokens=tokens,
                lows=[t.low for t in tokens],
                starts=[t.start for t in tokens],
                names=_locate_names(unit, tokens, lex, corpus_names),
                events=event_polarity(unit.text, lex),
                published=pub,
            )
        return sentences[key]

    compared: set[tuple[Key, Key]] = set()
    findings: list[_Finding] = []
    for cluster in clusters:
        keys = sorted({(m.article_id, m.sentence_idx) for m in cluster.members} & units.keys())
        for x, y in _cross_article_pairs(keys):
            if (x, y) in compared:
                continue
            compared.add((x, y))
            findings += _pair_findings(sentence(x), sentence(y), lex)
    if across_clusters:
        findings += _across(units, compared, sentence, lex)
    return _dedupe(findings)


def _cross_article_pairs(keys: Sequence[Key]) -> Iterable[tuple[Key, Key]]:
    for i, x in enumerate(keys):
        for y in keys[i + 1 :]:
            if x[0] != y[0]:
                yield x, y


def _across(
    units: Mapping[Key, AlignUnit],
    compared: set[tuple[Key, Key]],
    sentence: Callable[[Key], _Sentence],
    lex: Lexicon,
) -> list[_Finding]:
    """Figures for one counted noun, or one entity's figures in one currency or unit, given by
    sentences the aligner put in different clusters. A count needs one more shared word than its
    noun ("create ... jobs"); other figures need the same named party and a shared word."""
    buckets: dict[tuple[str, str, str], set[Key]] = defaultdict(set)
    for key in sorted(units):
        unit = units[key]
        if not any(q.kind != "date" for q in unit.quantities):
            continue
        sent = sentence(key)
        for q in unit.quantities:
            if q.kind == "date":
                continue
            if q.kind == "count":
                buckets[("", q.kind, _unit_key(q))].add(key)
                continue
            item = _quantity_item(sent, q)
            name = _nearest_name(sent, item.start, item.end)
            if name is not None:
                buckets[(name.key, q.kind, _unit_key(q))].add(key)
    findings: list[_Finding] = []
    seen: set[tuple[Key, Key]] = set()
    for bucket_keys in buckets.values():
        if len(bucket_keys) > MAX_ACROSS_BUCKET:
            continue  # a noun this widespread ("people") is not one claim; pairs would explode
        for x, y in _cross_article_pairs(sorted(bucket_keys)):
            if (x, y) in compared or (x, y) in seen:
                continue
            seen.add((x, y))
            for f in _pair_findings(sentence(x), sentence(y), lex, figures_only=True):
                if f.slot == "entity" and "names" in f.extra:  # a figure credited to two parties
                    f.across_clusters = True
                    findings.append(f)
                    continue
                if f.slot != "number" or "attachment" in f.extra:
                    continue
                count = f.extra.get("kind") == "count"
                if f.extra.get("subject_score", 0) >= (1.0 if count else 1.5):
                    f.across_clusters = True
                    findings.append(f)
    return findings


def _dedupe(findings: Iterable[_Finding]) -> list[FlagDraft]:
    """One flag per (pair of sentences, slot, values): the most confident one."""
    best: dict[tuple[Any, ...], _Finding] = {}
    for f in findings:
        k = f.dedupe_key()
        if k not in best or f.confidence > best[k].confidence:
            best[k] = f
    flags = [_to_flag(best[k]) for k in sorted(best, key=repr)]
    flags.sort(
        key=lambda fl: (fl.side.article_id, fl.side.start, fl.other.start if fl.other else 0)
    )
    return flags
