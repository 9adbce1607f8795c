"""What a value in a sentence is about, and where an event in it happened.

Nothing here parses syntax; attachment is read off proximity inside a clause. The contradiction
detector (analysis.contradiction) compares what these functions return for two sentences:

- names: the unit's entities (and names other sentences' extraction found) located in the text;
- the subject of a value: the nearest name before it in its clause, else after it (names that are
  only the setting, "in Ohio", are skipped), and the content words around it;
- place phrases: names introduced by "in", "at", "near" (chained: "at the X building in Z");
- the place of a one-place event (a signing, a meeting, an arrest): a place phrase after the event
  word in its clause ("signed the deal at the Y Center"), or a fronted locative adverbial before
  the main clause ("Under a tent in the lot of the Y Center, the two sides signed ..."). Distances
  ("an hour from Columbus") are not places: "from" introduces none. Regions (countries, states,
  "X County") contain too much to contradict a town and are kept apart from specific places.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz.distance import JaroWinkler

from analysis.mentions import country_of
from analysis.model import AlignUnit, Quantity
from analysis.polarity import (
    Lexicon,
    PolarEvent,
    Token,
    event_polarity,
    inflections,
    modality,
    tokenize,
)
from analysis.residue import ignorecase_key
from analysis.run_memo import RunMemo
from analysis.word_frequency import zipf

__all__ = [
    "EventPlace",
    "Item",
    "Name",
    "Sentence",
    "StoryNames",
    "Subject",
    "event_places",
    "is_region",
    "read_sentence",
    "same_place",
    "subject_of",
    "subject_score",
]


Key = tuple[int, int]
ANCHOR_WINDOW = 6  # tokens either side of a value whose content words describe its subject
NAME_WINDOW = 10  # how far (in tokens, within the clause) a name may sit from a value it governs
NAME_VARIANT_SIMILARITY = 0.85  # names this alike are spelling variants, not different parties

CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "—", "–", '"', "“", "”", "but", "while", "whereas", "although"}
)
STRONG_BREAKS = frozenset({";", "but", "while", "whereas", "although", "."})
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside"})
_NON_LOCATIVE = frozenset(
    {"with", "by", "for", "to", "from", "on", "about", "against", "between", "into", "onto", "as"}
)
_SKIP_IN_PLACE = frozenset({"the", "a", "an", "of"})
_GENERIC_NAME_WORDS = frozenset(
    """inc corp corporation co company group holdings ltd llc plc ag sa gmbh energy solutions motors
    bank international global technologies technology systems partners industries department
    ministry state national university the of and news times post daily new united""".split()  # noqa: SIM905
)
_DIGIT = re.compile(r"\d")
_WORDLIKE = re.compile(r"\w")


def interval(q: Quantity) -> tuple[float, float] | None:
    """What the text allows: exact value, stated bounds, or open above ("more than 50")."""
    if q.low is None and q.high is None:
        return None if q.value is None else (q.value, q.value)
    low = q.low if q.low is not None else (q.value if q.value is not None else -math.inf)
    high = q.high if q.high is not None else math.inf
    return (min(low, high), max(low, high))


def unit_key(q: Quantity) -> str:
    unit = q.unit.casefold().strip()
    return stem(unit) if q.kind == "count" else unit


# --- sentences, names and subjects -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    start: int  # local character offsets
    end: int
    key: str  # casefolded canonical name
    text: str


@dataclass(slots=True)
class Sentence:
    key: Key
    unit: AlignUnit
    base: int  # article offset of the sentence's first character
    tokens: list[Token]
    lows: list[str]
    starts: list[int]
    names: list[Name]
    events: list[PolarEvent]
    published: date | None
    speaker: frozenset[str] = frozenset()  # who the sentence credits (analysis.attribution)
    # the clause compared when a claim holds the sentence by one (analysis.clause_view): the
    # unit's text is blanked outside these spans; None: the whole sentence
    spans: tuple[tuple[int, int], ...] | None = None
    # memos: a sentence is compared with many others, and these depend on it alone
    context_words: frozenset[str] | None = field(default=None, repr=False, compare=False)
    subjects: dict[tuple[int, Item], Subject] = field(
        default_factory=dict, repr=False, compare=False
    )


@dataclass(frozen=True, slots=True)
class Item:
    """One value in a sentence: a quantity or a polar event, with its local span."""

    start: int
    end: int
    quote: str
    value: str  # normalised, for evidence and deduplication
    quantity: Quantity | None = None
    event: PolarEvent | None = None


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem so "jobs"/"job" and "created"/"create" meet: possessive, one inflectional
    suffix and a final "e" are dropped."""
    w = word.casefold().replace("’", "'").removesuffix("'s").strip("'")
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)] + repl
            break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


@lru_cache(maxsize=1 << 16)
def distinctive(name: str) -> frozenset[str]:
    words = {w.casefold() for w in re.findall(r"[\w'’-]+", name)}
    words = {w[:-2] if w.endswith(("'s", "’s")) else w for w in words}
    return frozenset(w for w in words if len(w) >= 3 and w not in _GENERIC_NAME_WORDS)


def names_match(a: str, b: str) -> bool:
    return a == b or bool(distinctive(a) & distinctive(b))


COMMON_WORD_ZIPF = 4.5  # a single word of another sentence's name this common is not sought


@cache
def _pattern_words(canonical: str, own: bool) -> tuple[str, ...]:
    """The distinctive words `_name_patterns` seeks, longest first."""
    words = sorted(distinctive(canonical), key=len, reverse=True)
    if not own:
        words = [w for w in words if zipf(w) < COMMON_WORD_ZIPF]
    return tuple(words)


@cache
def _name_patterns(canonical: str, own: bool) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The full name (any case) and its distinctive words (capitalised in the text). For names
    taken from other sentences (`own` False) common words are dropped: "Park" may be a park."""
    words = _pattern_words(canonical, own)
    # an acronym keeps its case: "WHO" is not "who", "IT" is not "it"
    flags = 0 if canonical.isupper() else re.IGNORECASE
    full = re.compile(rf"(?<!\w){re.escape(canonical)}(?!\w)", flags)
    alternation = "|".join(re.escape(w) for w in words)
    part = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if words else None
    return full, part


@cache
def _name_needles(canonical: str, own: bool) -> tuple[str, ...]:
    """Lowercase strings one of which a text must contain for `_name_patterns` to match in it:
    a cheap test that spares thousands of regex scans per sentence."""
    words = distinctive(canonical)
    if not own:
        words = {w for w in words if zipf(w) < COMMON_WORD_ZIPF}
    return (canonical.lower(), *sorted(w.lower() for w in words))


@cache
def _split_corpus(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_split_coordinations(names))


_COORDINATION = re.compile(r"\s+(?:and|&)\s+")


def _split_coordinations(names: Iterable[str]) -> list[str]:
    """ "Hwaseon Energy Solutions and Tallis Motors" read as one name is two parties."""
    return sorted({part for name in names for part in _COORDINATION.split(name) if part})


_WORD_RUN = re.compile(r"\w+")
# U+0345 is no word character, yet `re.IGNORECASE` matches it to "ι", which is one
_MIXED_CASE_CLASS = "\u0345"


class CorpusNames:
    """The corpus's names (coordinations split), indexed by the first word of each string their
    patterns seek, so that a sentence meets only the names it may contain: testing every name
    against every sentence grows with the square of the corpus.

    A pattern match starts at a word boundary and its first word run stands whole in the text, so
    a name none of whose first words is a word of the sentence cannot be found there.
    """

    __slots__ = ("_always", "_by_word", "names")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names: tuple[str, ...] = _split_corpus(tuple(names))
        by_word: dict[str, list[int]] = defaultdict(list)
        always: list[int] = []
        for i, canonical in enumerate(self.names):
            keys = set()
            for sought in (canonical, *_pattern_words(canonical, False)):
                first = _WORD_RUN.match(sought)
                if first is None or _MIXED_CASE_CLASS in sought:
                    always.append(i)  # no leading word to index by: always tried
                    break
                keys.add(ignorecase_key(first.group()))
            else:
                for key in keys:
                    by_word[key].append(i)
        self._by_word = dict(by_word)
        self._always = tuple(always)

    def candidates(self, text: str) -> list[str]:
        """The names, in order, that may be found in `text`: a superset of those whose
        `_name_patterns` match there."""
        if _MIXED_CASE_CLASS in text:
            return list(self.names)
        hits = set(self._always)
        for word in set(_WORD_RUN.findall(text)):
            hits.update(self._by_word.get(ignorecase_key(word), ()))
        return [self.names[i] for i in sorted(hits)]


def locate_names(
    unit: AlignUnit,
    tokens: Sequence[Token],
    lex: Lexicon,
    corpus_names: Iterable[str] | CorpusNames = (),
) -> list[Name]:
    """Where names are written: the unit's entities, then names other sentences' extraction found
    (a mention the extractor missed here is still a mention); capitalised runs when neither.
    For a whole corpus build `CorpusNames` once and pass it for every sentence."""
    found: list[Name] = []
    own = _split_coordinations(unit.entities)
    index = corpus_names if isinstance(corpus_names, CorpusNames) else CorpusNames(corpus_names)
    low = unit.text.lower()
    others = [n for n in index.candidates(unit.text) if n not in own]
    for canonicals, is_own in ((own, True), (others, False)):
        for canonical in canonicals:
            if not any(needle in low for needle in _name_needles(canonical, is_own)):
                continue
            full, part = _name_patterns(canonical, is_own)
            for m in full.finditer(unit.text):
                if m.group()[:1].isupper() or not canonical[:1].isupper():  # "Who" / "who"
                    found.append(Name(m.start(), m.end(), canonical.casefold(), m.group()))
            for m in part.finditer(unit.text) if part else ():
                if m.group()[:1].isupper():
                    found.append(Name(m.start(), m.end(), canonical.casefold(), m.group()))
    if not found and not unit.entities:
        found = _capitalised_runs(unit.text, tokens, lex)
    # longest first at each position; the unit's own names were added first and win ties
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[Name] = []
    for name in found:
        if kept and name.start < kept[-1].end:
            continue
        kept.append(name)
    return kept


def _capitalised_runs(text: str, tokens: Sequence[Token], lex: Lexicon) -> list[Name]:
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
        Name(
            r[0].start,
            r[-1].end,
            text[r[0].start : r[-1].end].casefold(),
            text[r[0].start : r[-1].end],
        )
        for r in runs
    ]


def infer_base(unit: AlignUnit) -> int:
    """Article offset of the sentence, from a quantity whose text sits at its recorded offset."""
    for q in unit.quantities:
        pos = unit.text.find(q.text)
        while pos >= 0 and q.text:
            base = q.start - pos
            if base >= 0:
                return base
            pos = unit.text.find(q.text, pos + 1)
    return 0


def local_span(sent: Sentence, q: Quantity) -> tuple[int, int]:
    start = q.start - sent.base
    if start >= 0 and sent.unit.text[start : start + len(q.text)] == q.text:
        return start, start + len(q.text)
    pos = sent.unit.text.find(q.text) if q.text else -1
    if pos >= 0:
        return pos, pos + len(q.text)
    return 0, len(sent.unit.text)


def token_range(sent: Sentence, start: int, end: int) -> tuple[int, int]:
    first = max(0, bisect_right(sent.starts, start) - 1)
    last = max(first + 1, bisect_right(sent.starts, max(start, end - 1)))
    return first, last


def clause(sent: Sentence, ti: int, tj: int, breaks: frozenset[str]) -> tuple[int, int]:
    lows = sent.lows
    left = ti
    while left > 0 and lows[left - 1] not in breaks:
        left -= 1
    right = tj
    while right < len(lows) and lows[right] not in breaks:
        right += 1
    return left, right


def is_setting(sent: Sentence, ni: int) -> bool:
    """A name introduced by "in", "at", "near" (optionally "the") is the setting, not the actor;
    so is a place that continues such a name after a comma ("in Marlow County, Ohio"), but not
    the subject after a fronted setting ("In Verona, Kestrel will ...")."""
    k = ni - 1
    if k >= 0 and sent.lows[k] in ("the", "a"):
        k -= 1
    if k >= 0 and sent.lows[k] in LOCATIVE:
        return True
    if k >= 1 and sent.lows[k] == ",":
        here = next((n for n in sent.names if token_range(sent, n.start, n.end)[0] == ni), None)
        if here is None or not (known_place(here) or is_region(here.text)):
            return False
        for name in sent.names:
            pi, pj = token_range(sent, name.start, name.end)
            if pj == k:
                return is_setting(sent, pi)
    return False


def nearest_name(sent: Sentence, start: int, end: int) -> Name | None:
    """The party a value is about: the closest name before it in its clause (English puts the
    subject first), else the closest after it; names that are only the setting are skipped."""
    ti, tj = token_range(sent, start, end)
    left, right = clause(sent, ti, tj, CLAUSE_BREAKS)
    best: tuple[int, int, Name] | None = None
    for name in sent.names:
        ni, nj = token_range(sent, name.start, name.end)
        if ni < left or nj > right or (name.start < end and start < name.end):
            continue
        if is_setting(sent, ni):
            continue
        before = nj <= ti
        distance = ti - nj if before else ni - tj
        rank = (0 if before else 1, distance)
        if distance <= NAME_WINDOW and (best is None or rank < best[:2]):
            best = (*rank, name)
    return best[2] if best else None


def _anchors(sent: Sentence, start: int, end: int, lex: Lexicon) -> dict[str, float]:
    """Content words near a value, weighted: nouns and the like 0.5, event verbs 0.25."""
    ti, tj = token_range(sent, start, end)

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
            root = stem(tok.low)
            weight = 0.25 if tok.low in lex.event_words else 0.5
            words[root] = max(words.get(root, 0.0), weight)
        return words

    words = collect(*clause(sent, ti, tj, CLAUSE_BREAKS))
    if not any(w >= 0.5 for w in words.values()):
        for root, weight in collect(*clause(sent, ti, tj, STRONG_BREAKS)).items():
            words[root] = max(words.get(root, 0.0), weight)
    return words


@dataclass(frozen=True, slots=True)
class Subject:
    name: Name | None
    anchors: dict[str, float]


def subject_of(sent: Sentence, item: Item, lex: Lexicon) -> Subject:
    """The name and content words a value in `sent` is about (memoised on the sentence; treat
    the result as read-only)."""
    key = (id(lex), item)
    found = sent.subjects.get(key)
    if found is None:
        anchors = _anchors(sent, item.start, item.end, lex)
        if item.quantity is not None and item.quantity.kind == "count":
            anchors[unit_key(item.quantity)] = 0.5
        found = sent.subjects[key] = Subject(nearest_name(sent, item.start, item.end), anchors)
    return found


def mentions(sent: Sentence, key: str) -> bool:
    return any(names_match(n.key, key) for n in sent.names)


def subject_score(sa: Sentence, a: Subject, sb: Sentence, b: Subject) -> float:
    """How surely two values describe one subject; -1 when they plainly describe two."""
    entity = 0.0
    if a.name and b.name:
        if names_match(a.name.key, b.name.key):
            entity = 1.0
        elif not mentions(sb, a.name.key) and not mentions(sa, b.name.key):
            return -1.0
    shared = set(a.anchors) & set(b.anchors)
    words = min(1.0, sum(min(a.anchors[w], b.anchors[w]) for w in shared))
    return entity + words


LEAD_NAMES = 3  # names an article mentions most: what its sentences that name nobody are about


class StoryNames:
    """Which names each article gives, as distinctive words, and the few it mentions most (its
    lead names). Two sentences whose names (their article's lead names when they name nobody)
    never appear in the other's article are about different things, however alike their
    wording: "The show drew 4.2 million viewers" in a report on one programme and "X averaged
    five million viewers" in a report on another. Per article, not per sentence: small."""

    __slots__ = ("_lead", "_parties", "_words")

    def __init__(self, units: Iterable[AlignUnit]) -> None:
        counts: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
        words: dict[int, set[str]] = defaultdict(set)
        for unit in units:
            seen = counts[unit.article_id]
            for part in _split_coordinations(unit.entities):
                key = part.casefold()
                words[unit.article_id] |= distinctive(key)
                n, first = seen.get(key, (0, unit.sentence_idx))
                seen[key] = (n + 1, min(first, unit.sentence_idx))
        self._words = {a: frozenset(w) for a, w in words.items()}
        self._parties = {
            a: frozenset(k for k in seen if not _known_place_name(k)) for a, seen in counts.items()
        }
        self._lead = {
            a: tuple(sorted(seen, key=lambda k: (-seen[k][0], seen[k][1], k))[:LEAD_NAMES])
            for a, seen in counts.items()
            if seen
        }

    def shared(self, a: int, b: int) -> int | None:
        """How many names that are not well-known places ("US", "London") two articles share:
        reports of one story share its parties, reports of two stories at most a few. None
        when either article names no such party (nothing to go on)."""
        pa, pb = self._parties.get(a), self._parties.get(b)
        return len(pa & pb) if pa and pb else None

    def subject_names(self, sent: Sentence) -> tuple[str, ...]:
        """The sentence's names, or its article's lead names when it names nobody."""
        own = tuple(dict.fromkeys(n.key for n in sent.names))
        return own or self._lead.get(sent.unit.article_id, ())

    def named_in(self, key: str, article_id: int) -> bool:
        return bool(distinctive(key) & self._words.get(article_id, frozenset()))

    def unrelated(self, sa: Sentence, sb: Sentence) -> bool:
        """Both sides have names and none of either side's appears in the other's article."""
        a, b = sa.unit.article_id, sb.unit.article_id
        if a not in self._words or b not in self._words:
            return False  # an article whose extraction found no names: nothing to go on
        na, nb = self.subject_names(sa), self.subject_names(sb)
        if not na or not nb:
            return False
        return not any(self.named_in(k, b) or mentions(sb, k) for k in na) and not any(
            self.named_in(k, a) or mentions(sa, k) for k in nb
        )


# An amount something moved by ("rose $1.64", "up 2.6%", "a 5% rise") is no figure for the
# level it reached ("to $47.10", "at $51.39"): the two are never compared.
_CHANGE_VERBS: dict[str, tuple[str, ...]] = {  # lemma -> irregular forms
    "rise": ("rose", "risen"),
    "fall": ("fell", "fallen"),
    "gain": (),
    "lose": ("lost",),
    "jump": (),
    "climb": (),
    "drop": (),
    "slip": (),
    "slide": ("slid",),
    "add": (),
    "shed": (),
    "soar": (),
    "surge": (),
    "plunge": (),
    "tumble": (),
    "dip": (),
    "edge": (),
    "increase": (),
    "decrease": (),
    "grow": ("grew", "grown"),
    "shrink": ("shrank", "shrunk"),
    "decline": (),
    "rebound": (),
    "advance": (),
    "sink": ("sank", "sunk"),
    "slump": (),
    "rally": (),
    "retreat": (),
    "widen": (),
    "narrow": (),
    "boost": (),
    "lower": (),
    "cut": (),
}
CHANGE_BEFORE: frozenset[str] = frozenset(
    {
        "up",
        "down",
        *(
            f
            for lemma, irr in _CHANGE_VERBS.items()
            for f in inflections(lemma, {lemma: irr} if irr else None)
        ),
    }
)
CHANGE_AFTER: frozenset[str] = frozenset(
    {"higher", "lower", "up", "down", "less", "more", "fewer", "cheaper", "dearer", "rise",
     "increase", "fall", "drop", "gain", "decline", "jump", "cut", "hike", "climb", "slide",
     "decrease", "rises", "increases", "falls", "drops", "gains", "declines", "jumps", "cuts",
     "hikes"}
)  # fmt: skip
# words that may stand between a change word and its amount: "rose by about 5%"
_CHANGE_GAP: frozenset[str] = frozenset(
    {"by", "about", "around", "nearly", "almost", "some", "roughly", "a", "an", "more", "than",
     "over", "under", "just", "only", "another", "further", "as", "much", "many", "little",
     "sharply", "slightly", "steeply", "modestly", "strongly"}
)  # fmt: skip


def quantity_role(sent: Sentence, item: Item) -> str:
    """ "change" for an amount something moved by ("rose $1.64", "up 2.6%", "a 5% rise", "fell
    by nearly 3%"), else "" (a level, a count, or not known)."""
    j = bisect_right(sent.starts, item.start - 1) - 1  # the last token before the item
    for _ in range(4):
        if j < 0:
            break
        low = sent.lows[j]
        if low in CHANGE_BEFORE:
            return "change"
        if low not in _CHANGE_GAP:
            break
        j -= 1
    k = bisect_right(sent.starts, item.end - 1)  # the first token after the item
    if k < len(sent.lows) and sent.lows[k] in CHANGE_AFTER:
        return "change"
    return ""


def quantity_item(sent: Sentence, q: Quantity) -> Item:
    start, end = local_span(sent, q)
    span = interval(q)
    if q.kind == "date":
        value = q.iso or (f"{span[0]:g}..{span[1]:g}" if span else q.text)
    elif span and span[0] == span[1]:
        value = f"{span[0]:g} {q.unit}"
    elif span:
        value = f"{span[0]:g}..{span[1]:g} {q.unit}"
    else:
        value = f"? {q.unit}"
    return Item(start, end, sent.unit.text[start:end] or q.text, value, quantity=q)


def event_item(ev: PolarEvent) -> Item:
    return Item(ev.start, ev.end, ev.text, f"{ev.concept}{'+' if ev.sign > 0 else '-'}", event=ev)


@lru_cache(maxsize=1 << 14)
def _known_place_name(text: str) -> bool:
    """Whether the place list of analysis.mentions knows the name (Ohio, Seoul, US)."""
    return country_of(text) is not None


def known_place(name: Name) -> bool:
    """`_known_place_name` of the name as written or of its key."""
    return _known_place_name(name.text) or _known_place_name(name.key)


def variants(x: str, y: str) -> bool:
    a, b = x.casefold(), y.casefold()
    return (
        a in b
        or b in a
        or names_match(a, b)
        or JaroWinkler.similarity(a, b) >= NAME_VARIANT_SIMILARITY
    )


def place_groups(sent: Sentence) -> list[tuple[int, int, list[Name]]]:
    """Names introduced by a locative preposition ("in the parking lot of the X", "at the Y
    building in Z"), chained names merged into one place phrase."""
    groups: list[tuple[int, int, list[Name]]] = []
    for name in sent.names:
        ti, _ = token_range(sent, name.start, name.end)
        locative = False
        for k in range(ti - 1, max(-1, ti - 7), -1):
            low = sent.tokens[k].low
            if low in LOCATIVE:
                locative = True
                break
            if low in _NON_LOCATIVE or low in CLAUSE_BREAKS or not low.isalpha():
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


OTHER_PREDICATE = frozenset({"to", "that", "which", "who", "where", "when", "whose"})
PLACE_REACH = 12  # tokens between an event word and a place that belongs to it


def attached_places(
    sent: Sentence, events: Sequence[PolarEvent]
) -> list[tuple[int, int, list[Name], int]]:
    """Place phrases in the same clause as one of `events`, close to it, with no other predicate
    ("to build", "which ...") in between; each with its token distance to the event."""
    out = []
    for start, end, names in place_groups(sent):
        pi, pj = token_range(sent, start, end)
        best: int | None = None
        for ev in events:
            ei, ej = token_range(sent, ev.start, ev.end)
            left, right = clause(sent, ei, ej, CLAUSE_BREAKS)
            if pi < left or pj > right:
                continue
            between = sent.lows[ej:pi] if ej <= pi else sent.lows[pj:ei]
            if len(between) > PLACE_REACH or OTHER_PREDICATE & set(between):
                continue
            best = len(between) if best is None else min(best, len(between))
        if best is not None:
            out.append((start, end, names, best))
    return out


# --- reading a sentence ------------------------------------------------------------------------


def read_sentence(
    key: Key,
    unit: AlignUnit,
    lex: Lexicon,
    *,
    corpus_names: Iterable[str] | CorpusNames = (),
    published: date | None = None,
    base: int | None = None,
    memo: RunMemo | None = None,
) -> Sentence:
    """Tokens, located names and polar events of one unit. `base` is the sentence's article
    offset (read off its quantities when None). `memo`: names and events read by an earlier run
    of the same analysis version, by `reading_key` (analysis.run_memo.ReadingMemo)."""
    tokens = tokenize(unit.text)
    found: tuple[list[Name], list[PolarEvent]] | None = None
    if memo is not None:
        index = corpus_names if isinstance(corpus_names, CorpusNames) else CorpusNames(corpus_names)
        memo_key = reading_key(unit, index)
        found = memo.get(memo_key)
    if found is None:
        found = (locate_names(unit, tokens, lex, corpus_names), event_polarity(unit.text, lex))
        if memo is not None:
            memo[memo_key] = found
    return Sentence(
        key=key,
        unit=unit,
        base=infer_base(unit) if base is None else base,
        tokens=tokens,
        lows=[t.low for t in tokens],
        starts=[t.start for t in tokens],
        names=list(found[0]),
        events=list(found[1]),
        published=published,
    )


def reading_key(unit: AlignUnit, corpus_names: CorpusNames) -> str:
    """What a sentence's names and events depend on besides the code: its text, its entities
    and the corpus names `locate_names` may look for in it."""
    raw = repr((unit.text, sorted(unit.entities), corpus_names.candidates(unit.text)))
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# --- where a one-place event happened ----------------------------------------------------------

# events that happen at one place at one time; a signing in two towns is a contradiction, a plant
# "built in Ohio" and "in Texas" may be two plants, and announcements come from several offices
ONE_PLACE_EVENTS: dict[str, tuple[str, ...]] = {  # lemma -> irregular forms
    "sign": (),
    "meet": ("met",),
    "arrest": (),
    "detain": (),
    "kill": (),
    "die": ("died", "dying"),
    "shoot": ("shot",),
    "stab": (),
    "marry": (),
    "testify": (),
    "explode": (),
}
# objects that name one thing across outlets ("signed the papers" / "signed the agreement")
_OBJECT_CLASSES: dict[str, str] = dict.fromkeys(
    """agreement agreements deal deals contract contracts accord accords pact pacts treaty
    treaties memorandum mou papers paperwork document documents""".split(),  # noqa: SIM905
    "document",
)
_PLACE_PREPS = frozenset({"in", "at", "inside"})
_PREPOSITIONS = frozenset(
    """in at on with by for from to near inside outside under after before during into over as
    of""".split()  # noqa: SIM905
)  # "near"/"outside" give no exact place
_FRONT_PREPS = frozenset({"in", "at", "inside", "under", "outside", "beside", "behind", "within"})
_ARTICLES = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this"})
_RUN_JOINERS = frozenset({"of", "de", "del", "da", "du", "upon"})
_DASHES = frozenset({"—", "–", "-"})
_CALENDAR = frozenset(
    """january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()  # noqa: SIM905
)
_ADMIN_WORDS = frozenset(
    {"county", "state", "province", "region", "prefecture", "oblast", "governorate", "territory"}
    | {"district"}
)
_REGION_TYPES = frozenset({"country", "state", "region", "continent"})
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten dozen hundred thousand both several".split()  # noqa: SIM905
)
# groups of people: "officials in Lanford" says who they are, not where the event was
_PEOPLE_NOUNS = frozenset(
    """officials leaders executives residents people workers employees lawmakers legislators
    counterparts authorities diplomats ministers investors analysts students citizens troops
    soldiers police farmers protesters members representatives delegates staff customers
    suppliers partners journalists reporters voters regulators officers politicians""".split()  # noqa: SIM905
)
FRONT_REACH = 15  # tokens between a fronted place adverbial and the event word it sets
OBJECT_WINDOW = (3, 4)  # tokens before / after an event word that may name what it is about


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where a sentence says a one-place event happened, with what identifies the event."""

    lemma: str  # "sign"
    verb: tuple[int, int]  # local span of the event word
    span: tuple[int, int]  # local span from the first to the last specific place name
    places: tuple[str, ...]  # specific place names, as written
    regions: tuple[str, ...]  # regions named in the same phrase ("Ohio" in "Columbus, Ohio")
    parties: tuple[str, ...]  # keys of names in the event's clause that are not places
    objects: frozenset[str]  # stems of content words next to the event word (classes merged)
    distance: int  # tokens between the event word and the place phrase


@cache
def _place_types() -> dict[str, str]:
    """Casefolded place name -> type ("city", "state", ...) from analysis/data/places.txt."""
    text = resources.files("analysis").joinpath("data", "places.txt").read_text("utf-8")
    types: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and not line.startswith("#"):
            types.setdefault(parts[0].strip().casefold(), parts[1].strip())
    return types


def is_region(name: str) -> bool:
    """A country, state, region or continent ("Ohio", "Pacific"), or an administrative area by
    its last word ("Marlow County"): too large to contradict a town or a building within it."""
    words = name.split()
    if not words:
        return False
    return (
        _place_types().get(" ".join(words).casefold()) in _REGION_TYPES
        or words[-1].casefold() in _ADMIN_WORDS
    )


@cache
def _event_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for lemma, irregular in ONE_PLACE_EVENTS.items():
        for form in inflections(lemma, {lemma: list(irregular)} if irregular else None):
            forms[form] = lemma
    return forms


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.low.replace("-", "").replace("'", "").isalpha()


def _run_end(tokens: Sequence[Token], j: int) -> int:
    """End of the capitalised run starting at `j` ("Alder Creek Community Center", "Bank of X")."""
    k = j
    while k < len(tokens):
        if _capitalised(tokens[k]) and tokens[k].low not in _CALENDAR:  # "Seoul Thursday"
            k += 1
            continue
        skip = 1 if tokens[k].low in _RUN_JOINERS else 0
        if skip and k + 1 < len(tokens) and tokens[k + 1].low == "the":
            skip += 1  # "Bank of the West"
        if not (skip and k + skip < len(tokens) and _capitalised(tokens[k + skip])):
            break
        k += skip
    return k


def _place_runs(sent: Sentence) -> list[tuple[int, int, int]]:
    """(preposition, run start, run end) token indices of "in/at <Capitalised place>", allowing
    articles, one modifier ("in rural X") or a head noun with "of" ("at the lot of the X")."""
    toks, out = sent.tokens, []
    for i, tok in enumerate(toks):
        if tok.low not in _PLACE_PREPS:
            continue
        j, skipped = i + 1, list[str]()
        while j < len(toks) and len(skipped) <= 6:
            t = toks[j]
            if _capitalised(t) and t.low not in _ARTICLES:
                break
            if not t.low.isalpha() or t.low in CLAUSE_BREAKS or t.low in OTHER_PREDICATE:
                j = len(toks)
                break
            skipped.append(t.low)
            j += 1
        if j >= len(toks):
            continue
        core = list(skipped)
        while core and core[-1] in _ARTICLES:
            core.pop()
        modifiers = [w for w in core if w not in _ARTICLES]
        if core and core[-1] != "of" and len(modifiers) != 1:
            continue  # "in talks with X": X is no place
        k = _run_end(toks, j)
        if len(core) > 5 or toks[j].low in _CALENDAR or toks[k - 1].low.endswith("'s"):
            continue  # "in March"; "at Kim's home" names no place of its own
        out.append((i, j, k))
    return out


def _place_phrases(sent: Sentence) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Runs chained into one place phrase ("at the X building in Z", "in Z, Ohio"): (first
    preposition, end token, runs)."""
    toks = sent.tokens
    phrases: list[tuple[int, int, list[tuple[int, int]]]] = []
    for prep, j, k in _place_runs(sent):
        if phrases and prep >= phrases[-1][1]:
            between = sent.lows[phrases[-1][1] : prep]
            if len(between) <= 6 and _open(between):
                first, _, runs = phrases[-1]
                phrases[-1] = (first, k, [*runs, (j, k)])
                continue
        elif phrases and prep < phrases[-1][1]:
            continue
        phrases.append((prep, k, [(j, k)]))
        # "in Columbus, Ohio, USA": regions after commas belong to the phrase
        while True:
            first, end, runs = phrases[-1]
            if end + 1 < len(toks) and toks[end].low == "," and _capitalised(toks[end + 1]):
                nxt = _run_end(toks, end + 1)
                if is_region(sent.unit.text[toks[end + 1].start : toks[nxt - 1].end]):
                    phrases[-1] = (first, nxt, [*runs, (end + 1, nxt)])
                    continue
            break
    return phrases


def _fronted(sent: Sentence) -> tuple[int, int] | None:
    """Token range of a sentence-initial locative adverbial ("Under a tent in X,"), after a
    dateline ("ALDER CREEK —"), when one ends in a comma."""
    toks, start = sent.tokens, 0
    for k in range(min(len(toks), 8)):
        if toks[k].low in _DASHES and k > 0:
            words = [t.text for t in toks[:k] if t.low.isalpha()]
            if words and all(w.isupper() for w in words):
                start = k + 1
            break
    if start >= len(toks) or toks[start].low not in _FRONT_PREPS:
        return None
    for k in range(start + 1, min(len(toks), start + 25)):
        if toks[k].low == ",":
            return start, k
        if toks[k].low in STRONG_BREAKS or toks[k].low in OTHER_PREDICATE:
            return None
    return None


def _event_words(sent: Sentence, lex: Lexicon) -> list[tuple[int, str]]:
    """Asserted one-place event words: not a noun ("the signing"), negated or hedged."""
    forms = _event_forms()
    lows = [*sent.lows, ""]
    out = []
    for i, low in enumerate(sent.lows):
        lemma = forms.get(low)
        before = sent.lows[i - 1] if i > 0 else ""
        if lemma is None or before in lex.determiners or before.endswith("'s"):
            continue  # "the signing", "Reid's meeting": a noun, not an asserted event
        negated, hedged = modality(lows, i, lex)
        if not (negated or hedged):
            out.append((i, lemma))
    return out


def _context(
    sent: Sentence, v: int, lex: Lexicon, place_tokens: set[int]
) -> tuple[tuple[str, ...], frozenset[str]]:
    """Parties (names in the event's clause that are not places) and object words near it."""
    left, right = clause(sent, v, v + 1, CLAUSE_BREAKS)
    parties = []
    for name in sent.names:
        ni, nj = token_range(sent, name.start, name.end)
        if ni < left or nj > right or any(k in place_tokens for k in range(ni, nj)):
            continue
        if is_region(name.text) or known_place(name):
            continue
        parties.append(name.key)
    before, after = OBJECT_WINDOW
    following = []
    for k in range(v + 1, min(right, v + after + 1)):
        if sent.lows[k] in _PREPOSITIONS:
            break
        following.append(k)
    objects = _content_words(sent, following, lex, place_tokens)
    if not objects and (v + 1 >= right or sent.lows[v + 1] in _PREPOSITIONS):
        # no object after the verb: a passive or a headline ("deal signed in X"), whose
        # subject is the thing signed; an active subject ("police arrested ...") is not used
        objects = _content_words(sent, range(max(left, v - before), v), lex, place_tokens)
    return tuple(sorted(set(parties))), objects


def _content_words(
    sent: Sentence, indices: Iterable[int], lex: Lexicon, place_tokens: set[int]
) -> frozenset[str]:
    """Stems of the content words at `indices`, document words merged into one class."""
    words = set()
    for k in indices:
        tok = sent.tokens[k]
        low = tok.low
        if k in place_tokens or not low.isalpha() or len(low) < 3:
            continue
        if low in lex.stopwords or low in _CALENDAR or low in _NUMBER_WORDS or low.endswith("ly"):
            continue
        if any(n.start <= tok.start < n.end for n in sent.names):
            continue
        words.add(_OBJECT_CLASSES.get(low, stem(low)))
    return frozenset(words)


def _open(between: Sequence[str]) -> bool:
    """No clause break and no other predicate ("to build", "which") between two tokens."""
    words = set(between)
    return not (CLAUSE_BREAKS & words or OTHER_PREDICATE & words)


def event_places(sent: Sentence, lex: Lexicon) -> list[EventPlace]:
    """Each asserted one-place event word with the specific place the sentence gives it."""
    verbs = _event_words(sent, lex)
    if not verbs:
        return []
    toks, text = sent.tokens, sent.unit.text
    fronted = _fronted(sent)
    out: list[EventPlace] = []
    phrases = _place_phrases(sent)
    place_tokens = {k for prep, end, _ in phrases for k in range(prep, end)}
    for prep, end, runs in phrases:
        specific = [(j, k) for j, k in runs if not is_region(text[toks[j].start : toks[k - 1].end])]
        if not specific:
            continue
        chosen: tuple[int, str, int] | None = None  # (verb index, lemma, distance)
        for v, lemma in verbs:
            between = sent.lows[v + 1 : prep]
            if v < prep and len(between) <= PLACE_REACH and _open(between):
                chosen = (v, lemma, len(between))  # the nearest event before the phrase
        if chosen is not None and prep > 0 and sent.lows[prep - 1] in _PEOPLE_NOUNS:
            continue  # "met the mayor and officials in Lanford": who the officials are
        if chosen is None and fronted and fronted[0] <= prep and end <= fronted[1]:
            comma = fronted[1]
            for v, lemma in verbs:
                between = sent.lows[comma + 1 : v]
                if v > comma and len(between) <= FRONT_REACH:
                    if _open(between):
                        chosen = (v, lemma, len(between))
                    break
        if chosen is None:
            continue
        v, lemma, distance = chosen
        parties, objects = _context(sent, v, lex, place_tokens)
        span = (toks[specific[0][0]].start, toks[specific[-1][1] - 1].end)
        out.append(
            EventPlace(
                lemma=lemma,
                verb=(toks[v].start, toks[v].end),
                span=span,
                places=tuple(text[toks[j].start : toks[k - 1].end] for j, k in specific),
                regions=tuple(
                    text[toks[j].start : toks[k - 1].end] for j, k in runs if (j, k) not in specific
                ),
                parties=parties,
                objects=objects,
                distance=distance,
            )
        )
    return out


def same_place(a: str, b: str) -> bool:
    """One place name is part of the other ("Alder Creek" / "Alder Creek Community Center") or a
    spelling variant of it; sharing a word ("Civic Hall" / "Guild Hall") is not enough."""
    x, y = a.casefold(), b.casefold()
    if x in y or y in x:
        return True
    dx, dy = distinctive(x), distinctive(y)
    if dx and dy and (dx <= dy or dy <= dx):
        return True
    return JaroWinkler.similarity(x, y) >= NAME_VARIANT_SIMILARITY


def says_place(sent: Sentence, place: str) -> bool:
    """Whether the sentence names the place anywhere (or a variant of it among its names)."""
    if re.search(rf"(?<!\w){re.escape(place)}(?!\w)", sent.unit.text, re.IGNORECASE):
        return True
    return any(same_place(place, n.text) for n in sent.names)


def mentions_one_place_event(text: str) -> bool:
    """A cheap test before `event_places`: a form of a one-place event word and "in"/"at"."""
    lowered = text.casefold().replace("’", "'")
    if not any(form in lowered for form in _event_forms()):
        return False  # a token equal to a form would be a substring of the folded text
    lows = {t.low for t in tokenize(text)}
    return bool(lows & _event_forms().keys()) and bool(lows & _PLACE_PREPS)
