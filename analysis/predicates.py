"""Which general news predicates a sentence states: the event or act, whatever words say it.

Two outlets stating one claim in other words often share almost no content word besides the
story's names: "at least nine people lost their lives" / "the death toll rose to 12"; "four
were taken into custody" / "police detained four people". Word overlap and the word vectors of
`analysis.similarity` score such pairs low, and score high two sentences that share the story's
names and places but state different things (one an arrest, one a death toll). The families of
`lexicon/predicates.json` (hand-reviewed from general news usage: a verb, its nominalisations and
its set phrases) name the predicate itself, so the pair model can read "same predicate" and
"different predicates" (analysis/claim_model.py) beside the words.

A family whose acts befall people or things (`counts` in the lexicon: the dead, the injured, the
arrested) is *counted* in a sentence when a figure (digits or a number word; not a year, a clock
time or a day of a month) stands within `COUNT_WINDOW` words of one of its words in the same
clause: "nine people lost their lives" counts the death family, "the fire that killed them" does
not, and in "killed six people, injured 50" six counts the dead only. (Counting only the
nearest family word was tried: on the dev clusters it lost same-claim recall, 0.33 -> 0.31.)
Two sentences giving one count of one family ("nine lost their lives" / "the toll rose to nine")
state one fact (analysis/claim_model.py, `counted_p`).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from analysis import lexicon
from analysis.claim_slots import stem
from analysis.clock import WEEKDAYS
from analysis.dates import MONTH_NUMBERS
from analysis.number_words import WORD_VALUES

COUNT_WINDOW = 6  # words between a figure and a family word for the figure to count it
TOPIC_WEIGHT = math.log1p(2.0)  # a family stated by half the corpus' sentences or more is its topic
_TOKEN = re.compile(r"\d[\d,.:]*|[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Predicates:
    """The families a sentence states, and those of them a figure beside them counts."""

    families: frozenset[str]
    counted: frozenset[str]


@cache
def _lexicon() -> tuple[
    dict[str, frozenset[str]],
    tuple[re.Pattern[str] | None, dict[str, frozenset[str]], tuple[frozenset[str], ...]],
    frozenset[str],
    dict[str, frozenset[str]],
]:
    """Each word stem's families, one pattern of every phrase with each phrase's families (by
    its words, lower case, single-spaced) and each phrase's words (a text holding all the words
    of none of them is not searched), the families a figure can count, and the head nouns of counts
    (stem: families)."""
    data = lexicon.load("predicates")["families"]
    by_stem: dict[str, set[str]] = {}
    by_phrase: dict[str, set[str]] = {}
    countable = frozenset(name for name, family in data.items() if family.get("counts"))
    heads: dict[str, set[str]] = {}
    for name, family in sorted(data.items()):
        for word in family.get("heads", ()):
            heads.setdefault(stem(word), set()).add(name)
        for word in family["words"]:
            by_stem.setdefault(stem(word), set()).add(name)
        for phrase in family["phrases"]:
            by_phrase.setdefault(" ".join(phrase.casefold().split()), set()).add(name)
    pattern = lexicon.phrase_pattern(by_phrase) if by_phrase else None
    words = tuple(frozenset(k.split()) for k in by_phrase)
    phrases = (pattern, {k: frozenset(v) for k, v in by_phrase.items()}, words)
    frozen = {k: frozenset(v) for k, v in heads.items()}
    return {k: frozenset(v) for k, v in by_stem.items()}, phrases, countable, frozen


_MONTHS = frozenset(m.casefold() for m in MONTH_NUMBERS)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_CLAUSE_MARKS = re.compile(r"[,;:()\[\]–—]")


def is_figure(lows: list[str], k: int) -> bool:
    """Whether token k is a count: digits or a number word from two up, not a year, a clock
    time, zeros or a day of a month ("March 11", "11 March")."""
    low = lows[k]
    if not low[0].isdigit():
        return low in WORD_VALUES and WORD_VALUES[low] >= 2
    if ":" in low or _YEAR.match(low) or not low.strip("0.,"):
        return False  # a clock time, a year, or zeros ("1, 000" split by a stray space)
    beside = {lows[k - 1] if k else "", lows[k + 1] if k + 1 < len(lows) else ""}
    return beside.isdisjoint(_MONTHS)


def _clauses(text: str, matches: list[re.Match[str]]) -> list[int]:
    """Each token's clause number: a comma, semicolon, colon, bracket or dash between two
    tokens starts a new one ("killed six people, injured 50": six is not the injured)."""
    out, n, end = [], 0, 0
    for m in matches:
        n += len(_CLAUSE_MARKS.findall(text, end, m.start()))
        out.append(n)
        end = m.end()
    return out


def sentence_predicates(text: str) -> Predicates:
    """The predicate families of one sentence (see the module docstring)."""
    found, counted = _read(text)
    return Predicates(frozenset(found), frozenset(f for fams in counted.values() for f in fams))


def figure_families(text: str) -> dict[int, frozenset[str]]:
    """The families each figure of `text` counts, by the figure's character offset (figures
    that count none are left out): "nine died and 12 were hurt" gives nine the death family
    and 12 both (the window is words, not grammar)."""
    return _read(text, figures_only=True)[1]


def _read(
    text: str, *, figures_only: bool = False
) -> tuple[dict[str, list[int]], dict[int, frozenset[str]]]:
    """Each family's token positions in `text`, and the countable families near each figure
    (`figures_only`: nothing when the text has no figure)."""
    by_stem, (pattern, by_phrase, phrase_words), countable, heads = _lexicon()
    matches = list(_TOKEN.finditer(text))
    lows = [m.group().casefold().replace("’", "'") for m in matches]
    figures = [f for f in range(len(lows)) if is_figure(lows, f)]
    if figures_only and not figures:
        return {}, {}
    found: dict[str, list[int]] = {}
    for k, low in enumerate(lows):
        if not low[0].isdigit():
            for name in by_stem.get(stem(low), ()):
                found.setdefault(name, []).append(k)
    have = frozenset(lows)
    if pattern is not None and any(w <= have for w in phrase_words):
        starts = [m.start() for m in matches]
        for hit in pattern.finditer(text):
            k = _token_at(starts, hit.start())
            for name in by_phrase[" ".join(hit.group().casefold().split())]:
                found.setdefault(name, []).append(k)
    clause = _clauses(text, matches)
    near: dict[int, set[str]] = {}
    for f in figures:
        for name, where in found.items():
            if name in countable and any(
                abs(k - f) <= COUNT_WINDOW and clause[k] == clause[f] for k in where
            ):
                near.setdefault(f, set()).add(name)
    for k, low in enumerate(lows):
        for name in heads.get(stem(low), ()):
            after = next((f for f in figures if f > k), None)
            if after is not None:
                near.setdefault(after, set()).add(name)
    return found, {matches[f].start(): frozenset(v) for f, v in sorted(near.items())}


_DATED_OR_EPISODIC = re.compile(
    r"\b(?:(?:1[89]|20)\d\d|earlier|previous(?:ly)?|ago|another|former|past"
    r"|last (?:year|month|week)|"
    + "|".join(WEEKDAYS)
    + r"|\d{1,2}:\d\d|\d{1,2}(?:\.\d\d)? ?[ap]\.?m\.?)\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def dated_or_episodic(text: str) -> bool:
    """Whether a sentence dates what it says (a weekday, a month written with its capital, a
    clock time: a count as of then, which a later count revises) or may tell another episode
    of its story (a year, "earlier", "previous", "ago", "another", "former", "past", "last
    year/month/week")."""
    if _DATED_OR_EPISODIC.search(text) is not None:
        return True
    return any(m.group().casefold() in _MONTHS for m in _CAPITALISED.finditer(text))


def counts_one(
    x: Sequence[tuple[str, frozenset[str]]], y: Sequence[tuple[str, frozenset[str]]]
) -> bool:
    """Whether a figure of one sentence and one of the other give one count of one predicate
    family (claim_facts.counted_families of each): they state one fact."""
    return any(a == b and not fa.isdisjoint(fb) for a, fa in x for b, fb in y)


def counts_apart(
    x: Sequence[tuple[str, frozenset[str]]], y: Sequence[tuple[str, frozenset[str]]]
) -> bool:
    """Whether each sentence gives one count, and only one, of one family the lexicon marks
    `versions` (a toll, the injured), with two values, and no figure pair of the two gives one
    count of one family (claim_facts.counted_families of each): "ten people died" / "the
    toll rose to 14", two versions of one figure. A sentence giving the family two counts
    ("twelve died including three of the crew") tells parts of a whole, not a version."""
    one_x, one_y = _single_counts(x), _single_counts(y)
    if not any(f in one_y and one_y[f] != v for f, v in one_x.items()):
        return False
    return not counts_one(x, y)


def _single_counts(counts: Sequence[tuple[str, frozenset[str]]]) -> dict[str, str]:
    """Each `versions` family that one value, and only one, counts in a sentence."""
    versioned = versioned_families()
    values: dict[str, set[str]] = {}
    for value, families in counts:
        for family in families & versioned:
            values.setdefault(family, set()).add(value)
    return {f: next(iter(v)) for f, v in values.items() if len(v) == 1}


@cache
def versioned_families() -> frozenset[str]:
    """The families the lexicon marks `versions` (a toll, the injured)."""
    data = lexicon.load("predicates")["families"]
    return frozenset(name for name, family in data.items() if family.get("versions"))


def _token_at(starts: list[int], offset: int) -> int:
    """Index of the token starting at or before `offset`."""
    return max(0, bisect_right(starts, offset) - 1)


def predicate_features(
    x: Predicates, y: Predicates, weight: dict[str, float]
) -> tuple[float, float, float]:
    """(weighted Dice overlap of the two sentences' families; both state a family the corpus
    does not state everywhere and share none of those; a family both count).

    `weight` is each family's rarity in the corpus (`family_weights`): the story's own event
    ("the fire") is stated by most of its sentences and says little about which claim."""
    shared = x.families & y.families
    w = weight.get
    total = sum(w(f, 1.0) for f in x.families) + sum(w(f, 1.0) for f in y.families)
    dice = 2.0 * sum(w(f, 1.0) for f in shared) / total if total else 0.0
    own_x = {f for f in x.families if w(f, 1.0) >= TOPIC_WEIGHT}
    own_y = {f for f in y.families if w(f, 1.0) >= TOPIC_WEIGHT}
    apart = bool(own_x) and bool(own_y) and own_x.isdisjoint(own_y)
    return dice, float(apart), float(bool(x.counted & y.counted))


def family_weights(found: list[Predicates]) -> dict[str, float]:
    """Each family's rarity over a corpus' sentences: log(1 + sentences / sentences stating it)."""
    df: dict[str, int] = {}
    for p in found:
        for f in p.families:
            df[f] = df.get(f, 0) + 1
    n = max(1, len(found))
    return {f: math.log1p(n / k) for f, k in df.items()}
