"""Contradictions between aligned claims: two sentences from different articles that cannot both
be true.

Pairs of sentences from different articles in one cluster are compared slot by slot; figures
also across clusters when the same word introduces both ("create 1,800 jobs" / "create 2,800
jobs"), because the aligner may split one claim (without that gate, on real same-story news, the
path was mostly box scores and different things counted alike):

- number: comparable quantities (same kind, same currency or counted noun) attached to the same
  subject whose ranges do not meet even allowing for rounding ("billions" and "$5.5 billion" meet);
  a figure whose article also gives other values in its unit ("17 passes", "34 passes") is
  compared only with one introduced by the same word (`ambiguous_figures`);
- date: one event given two dates whose ranges cannot overlap;
- polarity: one concept with opposite signs after negation (see analysis.polarity);
- entity / place: the same slot filled by a different name: one figure credited to two different
  parties that both sentences mention, a name swapped in otherwise matching wording, or two places
  for one shared event. One-place events (a signing, a meeting, an arrest; see
  analysis.claim_slots) are also compared across clusters when the two sentences share the event
  word and its object or a party, give no disjoint dates, and neither place contains or names the
  other. These are weaker signals and get lower confidence.

"Same subject" is judged by proximity, because nothing here parses syntax: the nearest name in the
value's clause and the content words around it. Two values whose nearest names differ, neither name
appearing in the other sentence, are about different subjects and are never compared. Each value is
matched to its best-attached partner (mutual best), and a conflict is dropped when either value
agrees with another partner that is as well attached or no vaguer, so "exports fell 12% while
imports rose 3%" does not conflict with "imports rose 3%".

When the two articles carry different publication dates the flag says the later report may
supersede the earlier one instead of implying either is false. An undated article that agrees with
what a later-dated report gives against an earlier one joins that later account: its flag against
the earlier report says so too, or, when the earlier sentence is already flagged against a dated
later report, it is folded into that flag's evidence instead of repeating it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher
from functools import cache
from typing import Any

from rapidfuzz import fuzz, utils

from analysis.anchored_places import AnchoredPlace, anchored_pairs, story_country
from analysis.attribution import different_speakers, inherit_speakers, speaker_words
from analysis.claim_slots import (
    CLAUSE_BREAKS,
    LOCATIVE,
    CorpusNames,
    EventPlace,
    Item,
    Key,
    Name,
    Sentence,
    StoryNames,
    Subject,
    attached_places,
    clause,
    distinctive,
    event_item,
    event_places,
    interval,
    is_setting,
    known_place,
    mentions,
    mentions_one_place_event,
    names_match,
    nearest_name,
    place_groups,
    quantity_item,
    quantity_role,
    read_sentence,
    same_place,
    says_place,
    stem,
    subject_of,
    subject_score,
    token_range,
    unit_key,
    variants,
)
from analysis.clause_view import Spans, inside, masked, member_spans, quoted, views
from analysis.dates import FULL_MONTHS, dateline_date
from analysis.episodes import Episode, different_episodes, episode
from analysis.model import (
    AlignUnit,
    ClusterDraft,
    ContradictionSlot,
    FlagDraft,
    FlagSide,
    Quantity,
)
from analysis.place_values import could_be_inside, could_be_one, readings, story_country_as
from analysis.polarity import Lexicon, PolarEvent, Token, load_lexicon
from analysis.quantities import compared_ranges, is_conversion
from analysis.relations import NUMBER_WORDS
from analysis.run_memo import RunMemo
from analysis.sums import adds_up
from analysis.updates import toll_update, update_note
from analysis.venue_places import VenueTown, venue_towns
from analysis.word_frequency import zipf

__all__ = [
    "ContradictionRun",
    "dates_disjoint",
    "detect_contradictions",
    "quantities_agree",
    "quantities_comparable",
]

ROUNDING_CAP = 0.035  # a precise figure may be rounded by at most this share of its value
MIN_SUBJECT = 0.5  # attachment score two values need before they are compared at all
LONE_PAIR_CONTEXT = 1.0  # shared names/words that let a cluster's lone pair count as attached
WEAK_FACTOR = 0.75  # confidence kept by a conflict attached only as a lone pair
SUBSTITUTION_MATCH = 0.7  # share of the shorter sentence that must align around a swapped name
SUPERSEDE_FACTOR = 0.85
UNDATED_SUPERSEDE_FACTOR = 0.9  # further kept when only an undated side joins the later account
ACROSS_CLUSTERS_FACTOR = 0.7
MAX_ACROSS_BUCKET = 200  # sentences sharing one counted noun/party beyond which none are paired
ANAPHORIC_MAX = 10  # "the two countries" refers back; "the 1,800 jobs" still states a figure
# subject evidence (see `_subject_evidence`): the two articles' shared parties (full at
# STORY_FULL), one name governing both values, and shared uncommon words besides the unit noun
STORY_FULL = 3
NAMED_WEIGHT = 0.5
SUBJECT_FLOOR = 0.8  # evidence a conflict inside one cluster needs
ACROSS_SUBJECT_FLOOR = 1.1  # ... and across clusters, where the aligner did not pair them
MIN_SPECIFIC = 0.1  # uncommon words two figures must share besides their unit noun
COMMON_ZIPF = 5.5  # a shared word this common in English says nothing about the subject
RARITY_SPAN = 1.5  # ... and one this much rarer (zipf 4) counts in full
ROSTER_NAMES = 6  # names in a list sentence (a line-up) before a swap in it means nothing
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
_AUXILIARIES = frozenset(
    """do does did has have had is are was were be been will would can could should may
    might""".split()  # noqa: SIM905
)
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
    if a.kind != b.kind or a.kind == "date" or interval(a) is None or interval(b) is None:
        return False
    shared = _shared_quantity_rules()
    return bool(shared[0](a, b)) if shared else unit_key(a) == unit_key(b)


def quantities_agree(a: Quantity, b: Quantity) -> bool:
    """Ranges meet once either precise figure is allowed its rounding.

    analysis.quantities.agree decides when installed; the fallback here caps rounding at
    ROUNDING_CAP of the value, so "50%" does not cover "45%"."""
    shared = _shared_quantity_rules()
    if shared:
        return bool(shared[1](a, b))
    ia, ib = interval(a), interval(b)
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
        ia, ib = interval(a), interval(b)
        assert ia is not None and ib is not None
        return ia[1] < ib[0] or ib[1] < ia[0]
    pa, pb = _iso_parts(a.iso), _iso_parts(b.iso)
    if pa is None or pb is None:
        return False
    return any(x is not None and y is not None and x != y for x, y in zip(pa, pb, strict=True))


PERIOD_KINDS = frozenset({"money", "percent"})  # flows and rates: a month's is not a year's


def _grain(q: Quantity) -> str | None:
    parts = _iso_parts(q.iso)
    if parts is None:
        return None
    return "day" if parts[2] else "month" if parts[1] else "year" if parts[0] else None


def different_periods(dates_a: Sequence[Quantity], dates_b: Sequence[Quantity]) -> str | None:
    """Why two sentences' figures belong to different periods, or None. "dates": each names a
    date and none of one side's can be any of the other's ("in 2004" / "in 2003"). "grain": one
    speaks of months, the other of years ("$19.6bn in November" / "$124bn in 2003"), which
    separates amounts and rates, not counts of people."""
    known_a = [q for q in dates_a if _iso_parts(q.iso)]
    known_b = [q for q in dates_b if _iso_parts(q.iso)]
    if not known_a or not known_b:
        return None
    if all(dates_disjoint(x, y) for x in known_a for y in known_b):
        return "dates"
    if not {_grain(q) for q in known_a} & {_grain(q) for q in known_b}:
        return "grain"
    return None


# --- pairing values ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Conflict:
    a: Item
    b: Item
    score: float
    weak: bool = False  # attached only because it is the lone comparable pair of its cluster


def _resolve(
    items_a: Sequence[Item],
    items_b: Sequence[Item],
    comparable: Callable[[Item, Item], bool],
    agree: Callable[[Item, Item], bool],
    score: Callable[[Item, Item], float],
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


def _anaphoric(sent: Sentence, item: Item) -> bool:
    """ "the two countries", "these three firms": a small count that refers back to things already
    named is not a claim about how many there are."""
    q = item.quantity
    if q is None or q.kind != "count" or q.value is None or q.value > ANAPHORIC_MAX:
        return False
    ti, _ = token_range(sent, item.start, item.end)
    return ti > 0 and sent.lows[ti - 1] in ("the", "these", "those", "both")


def _figure(sent: Sentence, item: Item) -> bool:
    """A figure the sentence states: not a date, not one referring back ("the two countries"),
    not a currency conversion of the amount before it ("85 million euros ($108 million)")."""
    q = item.quantity
    return (
        q is not None
        and q.kind != "date"
        and not _anaphoric(sent, item)
        and not (q.kind == "money" and is_conversion(sent.unit.text, item.start, item.end))
    )


def _width(item: Item) -> float:
    """How much a value leaves open: 0 for an exact figure or an event, a year's days for "2026"."""
    if item.quantity is None:
        return 0.0
    span = interval(item.quantity)
    return math.inf if span is None else span[1] - span[0]


def _shared_context(sa: Sentence, sb: Sentence, lex: Lexicon) -> float:
    """Evidence that two sentences are about one situation: shared names (1 each) and shared
    content words (0.5 each), event words and adverbs left out."""

    def words(sent: Sentence) -> frozenset[str]:
        if sent.context_words is None:
            sent.context_words = frozenset(
                stem(t.low)
                for t in sent.tokens
                if t.low.isalpha()
                and len(t.low) >= 3
                and t.low not in lex.stopwords
                and t.low not in lex.event_words
                and not t.low.endswith("ly")
                and not any(n.start <= t.start < n.end for n in sent.names)
            )
        return sent.context_words

    names = {n.key for n in sa.names if mentions(sb, n.key)}
    return len(names) + 0.5 * len(words(sa) & words(sb))


# --- flags ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Finding:
    slot: ContradictionSlot
    a: Sentence
    b: Sentence
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
    item_a: Item | None = field(default=None, repr=False)  # the compared values, when items
    item_b: Item | None = field(default=None, repr=False)

    def dedupe_key(self) -> tuple[Any, ...]:
        pair = tuple(sorted([(self.a.key, self.value_a), (self.b.key, self.value_b)]))
        return (pair[0][0], pair[1][0], self.slot, pair[0][1], pair[1][1])


def _similarity(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a, b, processor=utils.default_process, score_cutoff=0) / 100.0


_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women",
            "foot": "feet", "mouse": "mice", "tooth": "teeth", "goose": "geese"}  # fmt: skip
_SAME_IN_PLURAL = frozenset(
    {"police", "staff", "personnel", "crew", "aircraft", "sheep", "fish", "deer", "series",
     "species", "people", "cattle", "livestock", "offspring"}
)  # fmt: skip


def plural(noun: str) -> str:
    """English plural of a counted noun as the figures extractor singularises it ("child" ->
    "children", "person" -> "people", "crew member" -> "crew members"), so that explanations
    never read "childs" or "persons"."""
    head, sep, last = noun.rpartition(" ")
    low = last.casefold()
    if low in _PLURALS:
        out = _PLURALS[low]
    elif low in _SAME_IN_PLURAL or (low.endswith("s") and not low.endswith(("ss", "us", "is"))):
        out = last
    elif low.endswith("is") and len(low) > 4:
        out = last[:-2] + "es"  # "crisis" -> "crises"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        out = last[:-1] + "ies"
    elif low.endswith(("s", "x", "z", "ch", "sh")):
        out = last + "es"
    else:
        out = last + "s"
    return head + sep + (out if last.islower() else out.capitalize() if last[:1].isupper() else out)


def _describe_quantity(q: Quantity, quote: str) -> str:
    """The quote, with the counted noun added only when the quote is a bare number ("40" ->
    "40 passengers"); a quote that already names it ("three guides", "28 tourists") is kept."""
    if q.kind == "count" and q.unit and not re.search(r"[A-Za-z]{3,}\W*$", quote):
        unit = q.unit if q.value == 1 else plural(q.unit)
        return f"{quote} {unit}"
    return quote


def _flipped(c: _Conflict) -> int:
    """How many sides of a polarity conflict rest on a negation (plain claims are preferred)."""
    return sum(1 for i in (c.a, c.b) if i.event is not None and i.event.negated)


def _negation_span(sent: Sentence, ev: PolarEvent, lex: Lexicon) -> tuple[int, int]:
    """The event with the words that flipped it ("did not halt", "ending a pause")."""
    if not ev.negated:
        return ev.start, ev.end
    ti, _ = token_range(sent, ev.start, ev.end)
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


def _subject_words(sent: Sentence, sa: Subject, sb: Subject) -> str:
    """What two attached values share, in words of the first sentence, for the explanation."""
    if sa.name and sb.name and names_match(sa.name.key, sb.name.key):
        return sa.name.text
    shared = sorted(set(sa.anchors) & set(sb.anchors), key=lambda w: (-sa.anchors[w], w))
    surface = {stem(t.low): t.text for t in reversed(sent.tokens)}
    return ", ".join(surface.get(w, w) for w in shared[:3])


def _pair_findings(
    sa: Sentence,
    sb: Sentence,
    lex: Lexicon,
    *,
    figures_only: bool = False,
    stories: StoryNames | None = None,
    ambiguous: Ambiguity | None = None,
    episode_of: Callable[[Key], Episode | None] | None = None,
    whole: Mapping[Key, AlignUnit] | None = None,
) -> list[_Finding]:
    """Everything that conflicts between two sentences (only figures with `figures_only`), worked
    out in an order fixed by the texts so that the result does not depend on which came first.
    Figures that their article gives beside other values of their unit (`ambiguous_figures`)
    are not compared, nor are sentences that `episode_of` sets in two episodes of the story
    (analysis.episodes: "sentenced to seven years" after a 1959 conviction, "12 years" in 1997).
    `whole`: the units whose clauses `sa` and `sb` may be (what else their sentences say)."""
    if episode_of is not None and different_episodes(episode_of(sa.key), episode_of(sb.key)):
        return []
    sa, sb = sorted([sa, sb], key=lambda s: (s.unit.text, s.key))
    similarity = _similarity(sa.unit.text, sb.unit.text)
    findings: list[_Finding] = []
    subjects: dict[tuple[Key, Item], Subject] = {}

    def subj(sent: Sentence, item: Item) -> Subject:
        k = (sent.key, item)
        if k not in subjects:
            subjects[k] = subject_of(sent, item, lex)
        return subjects[k]

    def score(a: Item, b: Item) -> float:
        return subject_score(sa, subj(sa, a), sb, subj(sb, b))

    qa = [quantity_item(sa, q) for q in sa.unit.quantities]
    qb = [quantity_item(sb, q) for q in sb.unit.quantities]
    nums_a = [i for i in qa if _figure(sa, i)]
    nums_b = [i for i in qb if _figure(sb, i)]
    dates_a = [i for i in qa if i.quantity and i.quantity.kind == "date"]
    dates_b = [i for i in qb if i.quantity and i.quantity.kind == "date"]

    role = {id(i): quantity_role(sa, i) for i in nums_a} | {
        id(i): quantity_role(sb, i) for i in nums_b
    }

    def num_comparable(a: Item, b: Item) -> bool:
        if role[id(a)] != role[id(b)]:
            return False  # how far a price moved is no figure for where it stands
        return quantities_comparable(a.quantity, b.quantity)  # type: ignore[arg-type]

    def num_agree(a: Item, b: Item) -> bool:
        return quantities_agree(a.quantity, b.quantity)  # type: ignore[arg-type]

    attributions = _attributions(sa, sb, nums_a, nums_b, subj, similarity)
    swapped = {id(f.extra["items"][0]) for f in attributions} | {
        id(f.extra["items"][1]) for f in attributions
    }
    findings += attributions[:1]
    if stories is not None and stories.unrelated(sa, sb):
        # names on both sides, none of them named in the other report: two subjects, however
        # alike the wording; a name swapped in otherwise matching wording is still reported
        return findings if figures_only else findings + _substitutions(sa, sb, lex, similarity)

    story = stories.shared(sa.unit.article_id, sb.unit.article_id) if stories else None

    def attached(f: _Finding) -> bool:
        return _enough_evidence(f, SUBJECT_FLOOR)

    lone = _shared_context(sa, sb, lex) >= LONE_PAIR_CONTEXT
    if different_speakers(sa.speaker, sb.speaker):
        nums_a, nums_b = [], []  # two speakers' figures are two claims (analysis.attribution)
    periods_differ = different_periods(
        [i.quantity for i in dates_a if i.quantity], [i.quantity for i in dates_b if i.quantity]
    )
    for c in _resolve(nums_a, nums_b, num_comparable, num_agree, score, lone):
        if id(c.a) in swapped or id(c.b) in swapped:
            continue  # the same disagreement, already reported as who holds the figure
        qa_, qb_ = c.a.quantity, c.b.quantity
        assert qa_ is not None and qb_ is not None
        if periods_differ and (periods_differ == "dates" or qa_.kind in PERIOD_KINDS):
            continue  # figures for two periods: a change over time, not a conflict
        if qa_.kind == "duration" and qa_.unit != qb_.unit:
            continue  # "30 hours" of work can span "four days": two measures, not one
        if different_holders(sa, c.a, sb, c.b, strict=figures_only):
            continue  # two players' points, a town's and a district's houses, a game and a season
        if adds_up(qa_, sa.unit, qb_, sb.unit):
            continue  # "31 guests and 4 staff" against "35 people": a part and its total
        if ambiguous and not _told_apart(sa, c.a, sb, c.b, ambiguous):
            continue  # the article counts several things in this unit: which one is this?
        ia, ib = compared_ranges(qa_, qb_)  # "4 1/2 months" against "four" in months
        gap = max(0.0, ib[0] - ia[1], ia[0] - ib[1]) / max(abs(ia[1]), abs(ib[1]), 1e-9)
        gap = gap if math.isfinite(gap) else 0.0
        clarity = 0.7 + 0.3 * min(1.0, gap / 0.2)
        f = _finding("number", sa, sb, c, similarity, clarity, subj, {"kind": qa_.kind}, story)
        f.extra["gap"] = round(gap, 3)
        if not attached(f):
            continue
        f.said_a = _describe_quantity(qa_, c.a.quote)
        f.said_b = _describe_quantity(qb_, c.b.quote)
        f.extra.update(toll_update(sa, c.a, sb, c.b))
        findings.append(f)

    if figures_only:
        return findings

    def date_comparable(a: Item, b: Item) -> bool:
        return True

    def date_agree(a: Item, b: Item) -> bool:
        return not dates_disjoint(a.quantity, b.quantity)  # type: ignore[arg-type]

    # no lone-pair attachment for dates: a dateline or a background event is often the only
    # other date in a sentence, so two dates need shared words or names of their own
    date_conflicts = _resolve(dates_a, dates_b, date_comparable, date_agree, score, False)

    # hedged events ("may resume", "decided to lift") state no fact, so they never conflict, but
    # one that agrees with the other sentence still explains away a conflict of its clause-mate
    all_a = [event_item(e) for e in sa.events]
    all_b = [event_item(e) for e in sb.events]
    ev_a = [i for i in all_a if i.event and not i.event.hedged]
    ev_b = [i for i in all_b if i.event and not i.event.hedged]

    def ev_comparable(a: Item, b: Item) -> bool:
        return a.event.concept == b.event.concept  # type: ignore[union-attr]

    def ev_agree(a: Item, b: Item) -> bool:
        return a.event.sign == b.event.sign  # type: ignore[union-attr]

    polar = [
        c
        for c in _resolve(all_a, all_b, ev_comparable, ev_agree, score, lone)
        if c.a.event
        and c.b.event
        and not (c.a.event.hedged or c.b.event.hedged)
        and not _different_movers(sa, c.a.event, sb, c.b.event)
    ]
    if polar and not attached(
        _finding("polarity", sa, sb, max(polar, key=lambda c: c.score), 1.0, 1.0, subj, {}, story)
    ):
        polar = []
    if polar:
        # opposite events at two stated dates read as a sequence ("halted in April, resumed in
        # July"): the dates belong to different events, and the polarity flag is weakened
        best = max(
            polar,
            key=lambda c: (c.score, -_flipped(c), c.a.value, -c.a.start, -c.b.start),
        )
        factor = SEQUENCE_FACTOR if date_conflicts else 1.0
        f = _finding("polarity", sa, sb, best, similarity, factor, subj, {}, story)
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
            if _two_dated_acts(sa, c.a, sb, c.b):
                continue  # "convicted in June 1998" / "returned to prison in June 1999"
            text_a, text_b = (whole[x.key].text if whole else x.unit.text for x in (sa, sb))
            if _dates_of_two_things(text_a, c.a, text_b, c.b):
                continue  # "the spring fair, which opens in April, ... the harvest fair"
            f = _finding("date", sa, sb, c, similarity, 1.0, subj, {}, story)
            if attached(f):
                findings.append(f)

    findings += _substitutions(sa, sb, lex, similarity)
    findings += _places(sa, sb, ev_a, ev_b, lex, similarity)
    return findings


def _two_dated_acts(sa: Sentence, a: Item, sb: Sentence, b: Item) -> bool:
    """Whether two dates date two different acts: each has a verb of its own beside it, and the
    verbs differ, unless both are general news events ("killed" / "died"); as for weekdays
    (`analysis.compare.same_dated`). A date with no verb near it may date anything."""
    from analysis.compare import dated_verb, same_dated  # compare imports this module

    if _gerund_before(sa, a) or _gerund_before(sb, b):
        return False  # "charged with murdering him on June 24": the date may be the murder's
    va = dated_verb(sa.unit.text, a.start, a.end)
    vb = dated_verb(sb.unit.text, b.start, b.end)
    return va is not None and vb is not None and not same_dated(va, vb)


# a date glossing the noun phrase before it: "the harvest fair (opening May 2)", "the spring
# fair, which opens in April", "the fair, opening on"
_GLOSS = re.compile(
    r"([\w'’-]+(?:\s+[\w'’-]+){0,3})\s*(?:\(\s*(?:[a-z]+\s+){0,2}|,\s*(?:which|that|[a-z]+ing)\b"
    r"[^,;()]{0,50})$"
)
_NOT_HOLDER = frozenset("the a an its his her their our this that these those all".split())  # noqa: SIM905


def _date_holder(text: str, item: Item) -> str | None:
    """The last two content words of the noun phrase a date glosses ("harvest fair" of "the
    harvest fair (opening May 2)"), None when the date glosses none."""
    m = _GLOSS.search(text[: item.start])
    if m is None:
        return None
    words = [
        w.casefold()
        for w in m.group(1).split()
        if w.isalpha() and len(w) >= 3 and w.casefold() not in _NOT_HOLDER
    ]
    return " ".join(words[-2:]) if len(words) >= 2 else None


def _dates_of_two_things(text_a: str, a: Item, text_b: str, b: Item) -> bool:
    """Whether two dates gloss two things one report names both of: "the spring fair, which
    opens in April, ... but he will also open the harvest fair" against "the harvest fair
    (opening September 12)": April is the spring fair's; the other report's date is of the
    harvest fair, which the first names without a date. Read in the whole sentences (a claim
    may hold only the clause of the date)."""
    ha, hb = _date_holder(text_a, a), _date_holder(text_b, b)
    if ha is None or hb is None or ha == hb:
        return False
    return _names_phrase(text_a, hb) or _names_phrase(text_b, ha)


def _names_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b".replace(r"\ ", r"\s+"), text, re.I) is not None


GERUND_REACH = 6  # words before a date looked at for an act told as "with murdering ..."
_GERUND_PREPOSITIONS = frozenset({"with", "for", "of", "after", "before", "by", "since", "while"})


def _gerund_before(sent: Sentence, item: Item) -> bool:
    ti = token_range(sent, item.start, item.end)[0]
    lows = sent.lows[max(0, ti - GERUND_REACH) : ti]
    return any(
        w.endswith("ing") and w not in {"being", "having"} and lows[k - 1] in _GERUND_PREPOSITIONS
        for k, w in enumerate(lows)
        if k
    )


MOVER_REACH = 3  # words before a change verb that name what moved ("house prices fell")


def _mover(sent: Sentence, ev: PolarEvent) -> set[str]:
    """Stems of the words just before a change verb, past auxiliaries and adverbs: the
    thing that rose or fell."""
    ti, _ = token_range(sent, ev.start, ev.end)
    out: set[str] = set()
    k = ti - 1
    while k >= 0 and len(out) < MOVER_REACH:
        low = sent.tokens[k].low
        if not low[:1].isalnum():
            break
        if sent.tokens[k].text[:1].isupper():
            break  # a name says whose, not what: "UK house prices" moved, not "UK"
        if low not in _AUXILIARIES and not low.endswith("ly"):
            out.add(stem(low))
        k -= 1
    return out


def _different_movers(sa: Sentence, ea: PolarEvent, sb: Sentence, eb: PolarEvent) -> bool:
    """Two different things rising and falling ("the jobless total rose" / "house prices fell")
    make no conflict: for changes, what moved must be named alike on both sides."""
    if ea.concept != "change" or ea.negated or eb.negated:
        return False
    ma, mb = _mover(sa, ea), _mover(sb, eb)
    return bool(ma and mb) and not ma & mb


# words between a figure and the word that introduces it: determiners, approximators, scope
_LEAD_SKIP = frozenset(
    """a an the his her its their our my your this that these those some about around nearly
    almost roughly approximately over under more than least at only just another other first
    last""".split()  # noqa: SIM905
)
LEAD_REACH = 3  # words looked back from a figure for the one that introduces it


SCALE_GAP = 10.0  # values this many times apart measure different things, whatever the unit


def _same_scale(a: Quantity, b: Quantity) -> bool:
    x, y = abs(a.value or 0.0), abs(b.value or 0.0)
    return x == y or (min(x, y) > 0 and max(x, y) / min(x, y) <= SCALE_GAP)


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """Figures whose article measures several things in their unit (`ambiguous_figures`): each
    with the word that introduces it when that word tells it apart (else None) and the article's
    other values it clashes with; and every article's values per unit."""

    figures: Mapping[tuple[Key, int], tuple[str | None, tuple[Quantity, ...]]]
    values: Mapping[tuple[int, str, str], tuple[Quantity, ...]]

    def resolved(self, key: Key, q: Quantity, other_article: int) -> bool:
        """Whether the figure names one thing against the other article: it is alone in its
        unit, or every other value its article gives in that unit is also in the other
        article, so what is left to compare is this one (money only, one rival value at most:
        "$450 million" of incentives in both,
        "$2.6 billion" against "$3.1 billion" for the plant). Values more than SCALE_GAP times
        larger or smaller ("$35,000" a job beside a plant's billions) are no rival reading."""
        found = self.figures.get((key, q.start))
        if found is None:
            return True
        theirs = self.values.get((other_article, q.kind, unit_key(q)), ())
        near = [o for o in found[1] if _same_scale(o, q)]
        if q.kind != "money" or len(near) > 1:
            return False  # counts come in box scores and tables: matching one by one is no proof
        return all(any(quantities_agree(o, t) for t in theirs) for o in near)

    def lead(self, key: Key, q: Quantity) -> str | None:
        return self.figures[(key, q.start)][0]


def _told_apart(sa: Sentence, a: Item, sb: Sentence, b: Item, ambiguous: Ambiguity) -> bool:
    """Whether two figures can be compared although an article gives several values of their
    unit: each article's other values are matched in the other article, or the same word
    introduces both and tells each from its article's other values."""
    qa, qb = a.quantity, b.quantity
    assert qa is not None and qb is not None
    if ambiguous.resolved(sa.key, qa, sb.unit.article_id) and ambiguous.resolved(
        sb.key, qb, sa.unit.article_id
    ):
        return True
    ka, kb = (sa.key, qa.start), (sb.key, qb.start)
    wa = ambiguous.lead(sa.key, qa) if ka in ambiguous.figures else lead_word(sa, a)
    wb = ambiguous.lead(sb.key, qb) if kb in ambiguous.figures else lead_word(sb, b)
    return wa is not None and wa == wb


def lead_word(sent: Sentence, item: Item) -> str | None:
    """The stem of the word that introduces a figure ("captured 23 pirates", "scoring 23
    points"), past determiners and approximators; None after a comma or another figure (an item
    of a list: "six rifles, 12 magazines") or at the start of the sentence."""
    k = token_range(sent, item.start, item.end)[0] - 1
    for _ in range(LEAD_REACH):
        if k < 0:
            return None
        low = sent.lows[k]
        if not low[:1].isalpha() or low in NUMBER_WORDS:
            return None
        if low not in _LEAD_SKIP:
            return stem(low)
        k -= 1
    return None


def ambiguous_figures(
    units: Mapping[Key, AlignUnit],
    speakers: Mapping[Any, frozenset[str]] | None = None,
    role: Callable[[Key, Quantity], str] | None = None,
    lead: Callable[[Key, Quantity], str | None] | None = None,
) -> Ambiguity:
    """(sentence, start) of each figure whose article also gives another value in the same unit
    that does not agree with it, from the same speaker (or neither credited to anyone): "17
    passes" and "34 passes", "five people died" and "30 people injured". Such a figure is one of
    several things the article measures alike, and which of them another report's figure is
    about cannot be read from the unit alone. A unit an article gives one value of (once or
    repeated), or one value per speaker ("six workers, the union said"; "eight, the firm
    said"), names one thing; so does each `role` (how far a price moved and where it stands).

    Each ambiguous figure maps to the word introducing it (`lead`) when that word tells it from
    the article's other values of its unit ("captured 23 pirates", "freed 4 pirates"), else to
    None: it may then be compared only with a figure introduced by the same word, or when the
    other article also gives the values it clashes with (`Ambiguity.resolved`)."""
    speakers = speakers or {}
    groups: dict[tuple[int, str, str, str], list[tuple[Key, Quantity]]] = defaultdict(list)
    for key, unit in units.items():
        for q in unit.quantities:
            if q.kind != "date" and interval(q) is not None:
                how = role(key, q) if role else ""
                groups[(unit.article_id, q.kind, unit_key(q), how)].append((key, q))
    clashes: set[tuple[int, int]] = set()  # ids of two members that do not agree
    out: dict[tuple[Key, int], tuple[str | None, tuple[Quantity, ...]]] = {}
    for members in groups.values():
        clashing: list[tuple[Key, Quantity]] = []
        for i, (kx, x) in enumerate(members):
            for ky, y in members[i + 1 :]:
                if quantities_agree(x, y):
                    continue
                sx, sy = speakers.get(kx, frozenset()), speakers.get(ky, frozenset())
                if not different_speakers(sx, sy):
                    clashing += [(kx, x), (ky, y)]
                    clashes.add((id(x), id(y)))
        if not clashing:
            continue
        leads = {id(q): lead(k, q) if lead else None for k, q in members}
        for k, q in clashing:
            word = leads[id(q)]
            alike = [y for _, y in members if leads[id(y)] == word and y is not q]
            shared = any((id(q), id(y)) in clashes or (id(y), id(q)) in clashes for y in alike)
            others = tuple(
                y for _, y in members if (id(q), id(y)) in clashes or (id(y), id(q)) in clashes
            )
            out[(k, q.start)] = (None if word is None or shared else word, others)
    values: dict[tuple[int, str, str], tuple[Quantity, ...]] = defaultdict(tuple)
    for (article, kind, unit_, _), members in groups.items():
        values[(article, kind, unit_)] += tuple(q for _, q in members)
    return Ambiguity(out, dict(values))


def _enough_evidence(f: _Finding, floor: float) -> bool:
    """Whether a conflict rests on enough evidence that both values are about one subject; one
    without recorded evidence (an article with no names) is judged by attachment alone. Figures
    must also share an uncommon word besides their unit noun: "viewers" and "averaged" do not
    make two programmes one."""
    evidence = f.extra.get("subject_evidence")
    if evidence is None:
        return True
    if f.slot == "number" and f.extra["specific_words"] < MIN_SPECIFIC:
        return False
    return bool(evidence >= floor)


@cache
def _commonness(root: str) -> float:
    """Zipf frequency in English of the commonest word a stem stands for ("shar" -> "shares")."""
    forms = {root, root + "s", root + "e", root + "es", root + "ed", root + "ing"}
    if root.endswith("y"):
        forms.add(root[:-1] + "ies")
    return max(zipf(f) for f in forms)


def _subject_evidence(a: Subject, b: Subject, ia: Item, ib: Item) -> tuple[bool, float]:
    """Whether one named party governs both values, and the weight of the content words the two
    values share besides their unit noun, each discounted by how common it is in English."""
    named = a.name is not None and b.name is not None and names_match(a.name.key, b.name.key)
    skip = {unit_key(q) for q in (ia.quantity, ib.quantity) if q is not None and q.kind == "count"}
    shared = set(a.anchors) & set(b.anchors) - skip  # fsum: the same total in any set order
    words = math.fsum(min(a.anchors[w], b.anchors[w]) * _rarity(w) for w in shared)
    return named, words


def _rarity(root: str) -> float:
    return min(1.0, max(0.0, (COMMON_ZIPF - _commonness(root)) / RARITY_SPAN))


def _finding(
    slot: ContradictionSlot,
    sa: Sentence,
    sb: Sentence,
    c: _Conflict,
    similarity: float,
    clarity: float,
    subj: Callable[[Sentence, Item], Subject],
    extra: dict[str, Any],
    story: int | None = None,
) -> _Finding:
    """`story`: parties the two articles share (None: no names to go on, no evidence kept)."""
    s_a, s_b = subj(sa, c.a), subj(sb, c.b)
    strength = 1.0
    if story is not None:
        named, words = _subject_evidence(s_a, s_b, c.a, c.b)
        evidence = min(1.0, story / STORY_FULL) + (NAMED_WEIGHT if named else 0.0) + words
        extra = {
            **extra,
            "subject_evidence": round(evidence, 3),
            "shared_parties": story,
            "specific_words": round(words, 3),
        }
        strength = 0.7 + 0.3 * min(1.0, evidence / 2)
    confidence = strength * (
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
        item_a=c.a,
        item_b=c.b,
    )


def _attributions(
    sa: Sentence,
    sb: Sentence,
    nums_a: Sequence[Item],
    nums_b: Sequence[Item],
    subj: Callable[[Sentence, Item], Subject],
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
            if na is None or nb is None or names_match(na.key, nb.key):
                continue
            if not (mentions(sb, na.key) and mentions(sa, nb.key)):
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
    out.sort(key=lambda f: (-_top(f.extra["items"][0]), sorted([f.value_a, f.value_b])))
    return out


def _top(item: Item) -> float:
    span = interval(item.quantity) if item.quantity is not None else None
    return span[1] if span else 0.0


ACTOR_REACH = 6  # tokens between a party and the figure it is credited with ("X will own 51%")


AGENT_REACH = 5  # tokens from a figure to the name "from"/"by" credits it to


def _co_subject(sent: Sentence, item: Item, key: str) -> bool:
    """Whether `key` is named in the value's clause before it ("X and Y will spend $3bn"), or
    after it as its source ("X got 14 points from Y": Y scored them for X)."""
    ti, tj = token_range(sent, item.start, item.end)
    left, right = clause(sent, ti, tj, CLAUSE_BREAKS)
    for n in sent.names:
        if not names_match(n.key, key):
            continue
        ni = token_range(sent, n.start, n.end)[0]
        if left <= ni < ti:
            return True
        if tj <= ni < min(right, tj + AGENT_REACH) and {"from", "by"} & set(sent.lows[tj:ni]):
            return True
    return False


# words that set what a figure covers: a game's points are not a season's, one raid's haul is
# not the total of five
SCOPE_WORDS = frozenset(
    """season seasons career careers average averages averaged total totals overall cumulative
    all-time record records lifetime altogether combined annual annually per apiece each
    nationwide statewide worldwide""".split()  # noqa: SIM905
)


# a figure that is a share of a larger one: "$281 million of the price", "of which $281 million",
# "$281 million in cash and the remainder in stock" (a percentage is a share of something anyway)
_PART_DETERMINERS = frozenset({"the", "its", "his", "her", "their", "our", "this", "that"})
_PART_PRONOUNS = frozenset({"which", "whom", "them"})
_REMAINDER = frozenset({"remainder", "rest", "balance", "remaining"})
_ADDED = frozenset({"other", "additional", "further", "extra"})  # not "more": "more than 300"
_ORDINAL_PARTS = frozenset({"first", "last"})
# a figure of another episode than the story's: "one week after he managed nine carries",
# "missed four games earlier this season", "two years ago"
_EPISODE_UNITS = frozenset(
    """minute minutes hour hours day days week weeks month months year years season seasons
    game games""".split()  # noqa: SIM905
)
_EPISODE_SHIFTS = frozenset({"after", "before", "since", "earlier", "later"})
_EPISODE_WORDS = frozenset({"earlier", "previous", "previously", "ago", "prior"})
PART = "<part>"
OTHER_EPISODE = "<other-episode>"


def _part_of_whole(sent: Sentence, item: Item, ti: int, tj: int, right: int) -> bool:
    lows = sent.lows
    q = item.quantity
    if (
        q is not None
        and q.kind != "percent"
        and tj + 1 < len(lows)
        and lows[tj] == "of"
        and lows[tj + 1] in _PART_DETERMINERS
    ):
        return True
    k = ti - 1
    while k > 0 and lows[k] in _LEAD_SKIP:
        if lows[k] in _ORDINAL_PARTS:
            return True  # "his first 17 passes": a part of all his passes
        k -= 1
    if k >= 1 and lows[k] in _PART_PRONOUNS and lows[k - 1] == "of":
        return True
    if q is not None and q.kind == "count" and _ADDED & set(lows[ti:tj]):
        return True  # "three other rifles" besides "seven AK-47 rifles": a part of all rifles
    return any(w in _REMAINDER for w in lows[tj:right])


def _other_episode(lows: Sequence[str], left: int, right: int) -> bool:
    for k in range(left, right):
        w = lows[k]
        if w in _EPISODE_WORDS:
            return True
        if w in _EPISODE_SHIFTS and k > left and lows[k - 1] in _EPISODE_UNITS:
            return True  # "one week after", "two days before", "a year earlier"
        if w == "last" and k + 1 < right and lows[k + 1] in _EPISODE_UNITS:
            return True  # "last week", "last season"
    return False


OPENING_REACH = 4  # words of a sentence-opening phrase that sets the whole sentence's time


def _episode_opening(lows: Sequence[str]) -> bool:
    """A sentence set in another episode by its opening phrase: "Prior to that, ...", "Two
    years earlier, ...", "Previously, ..."."""
    comma = next((k for k, w in enumerate(lows[: OPENING_REACH + 1]) if w == ","), None)
    if comma is None:
        return False
    opening = lows[:comma]
    return _other_episode(opening, 0, comma) or (
        len(opening) >= 2 and opening[0] in _EPISODE_SHIFTS and opening[-1] == "that"
    )


# an opening phrase that sets a stretch of the event: "During the deciding 9-0 run, ...", "In
# the second half, ...", "Over the final minutes, ..."; its figures count only that stretch
_STRETCH_OPENERS = frozenset({"during", "in", "over", "through", "throughout"})
_STRETCHES = frozenset(
    """run runs stretch spell half halves quarter period inning innings round minutes
    overtime""".split()  # noqa: SIM905
)
STRETCH_REACH = 8  # words of such an opening phrase


def _stretch_opening(lows: Sequence[str]) -> bool:
    """A sentence whose opening phrase sets a stretch of the event: "During the deciding 9-0
    run, Vask grabbed 3 of his 11 rebounds and blocked two shots" counts that run's blocks, not
    the game's."""
    comma = next((k for k, w in enumerate(lows[: STRETCH_REACH + 1]) if w == ","), None)
    if comma is None or not lows or lows[0] not in _STRETCH_OPENERS:
        return False
    return any(w in _STRETCHES for w in lows[1:comma])


def _scope_words(sent: Sentence, item: Item) -> frozenset[str]:
    """What a figure covers, as words: the scope words of its clause, PART for a share of a
    larger figure or a figure of a stretch of the event, OTHER_EPISODE for a figure of an
    earlier or later episode. Two figures whose scopes differ measure two things
    (`different_holders`)."""
    ti, tj = token_range(sent, item.start, item.end)
    left, right = clause(sent, ti, tj, CLAUSE_BREAKS)
    words = {stem(w) for w in sent.lows[left:right] if w in SCOPE_WORDS}
    if _part_of_whole(sent, item, ti, tj, right) or _stretch_opening(sent.lows):
        words.add(PART)
    if _other_episode(sent.lows, left, right) or _episode_opening(sent.lows):
        words.add(OTHER_EPISODE)
    return frozenset(words)


def _place(sent: Sentence, item: Item) -> Name | None:
    """The nearest known place in the figure's clause (the town, the district)."""
    ti, tj = token_range(sent, item.start, item.end)
    left, right = clause(sent, ti, tj, CLAUSE_BREAKS)
    best: tuple[int, Name] | None = None
    for name in sent.names:
        ni, nj = token_range(sent, name.start, name.end)
        if ni < left or nj > right or not known_place(name):
            continue
        distance = ti - nj if nj <= ti else ni - tj
        if best is None or distance < best[0]:
            best = (distance, name)
    return best[1] if best else None


def different_holders(
    sa: Sentence, ia: Item, sb: Sentence, ib: Item, *, strict: bool = False
) -> bool:
    """Whether two figures belong to different holders or scopes, so that they cannot conflict:
    credited to two parties that do not match (two players, two firms), set in two places that
    do not match, or qualified differently ("a season total" vs a game's). A figure credited to
    no one may be anyone's ("the venture will create 1,800 jobs" / "the plant will create 2,800
    jobs"), except, with `strict` (sentences the aligner did not put in one claim), when its
    sentence names other parties and never the one the first figure is credited to."""
    if _scope_words(sa, ia) != _scope_words(sb, ib):
        return True
    for holder in (_actor, _place):
        ha, hb = holder(sa, ia), holder(sb, ib)
        if ha is not None and hb is not None and not names_match(ha.key, hb.key):
            return True
    if strict:
        for (s1, i1), (s2, i2) in (((sa, ia), (sb, ib)), ((sb, ib), (sa, ia))):
            credited = _actor(s1, i1)
            others = [n for n in s2.names if not known_place(n)]
            if (
                credited is not None
                and _actor(s2, i2) is None
                and others
                and not any(names_match(credited.key, n.key) for n in others)
            ):
                return True  # the other sentence is about other parties, not this one
    return False


def _actor(sent: Sentence, item: Item) -> Name | None:
    """The party a figure is credited to: the closest name before it in its clause, not a place
    of setting, at most ACTOR_REACH tokens away."""
    ti, tj = token_range(sent, item.start, item.end)
    left, _ = clause(sent, ti, tj, CLAUSE_BREAKS)
    best: tuple[int, Name] | None = None
    for name in sent.names:
        ni, nj = token_range(sent, name.start, name.end)
        if ni < left or nj > ti or is_setting(sent, ni) or known_place(name):
            continue
        if _hometown(sent, ni):
            continue
        if ti - nj <= ACTOR_REACH and (best is None or ti - nj < best[0]):
            best = (ti - nj, name)
    return best[1] if best else None


def _hometown(sent: Sentence, ni: int) -> bool:
    """Whether the name at token `ni` says where someone is from: set off by a comma and "of" or
    "from" ("Gary Gomes, 35, of New Bedford pleaded ..."), the capitalised words of the name
    itself skipped ("of New Bedford" read as "Bedford"). The party is the person before it."""
    k = ni - 1
    while k >= 0 and sent.tokens[k].text[:1].isupper():
        k -= 1
    return k >= 1 and sent.lows[k] in ("of", "from") and sent.lows[k - 1] == ","


def _credited(
    sent: Sentence,
    items: Sequence[Item],
    q: Quantity,
    name_key: str,
    subj: Callable[[Sentence, Item], Subject],
) -> bool:
    """Whether the sentence also gives `q` to the named party."""
    for item in items:
        other = item.quantity
        assert other is not None
        name = subj(sent, item).name
        if (
            name is not None
            and names_match(name.key, name_key)
            and quantities_comparable(q, other)
            and quantities_agree(q, other)
        ):
            return True
    return False


def _word_tokens(sent: Sentence) -> list[Token]:
    return [t for t in sent.tokens if _WORDLIKE.match(t.low)]


def _is_name_span(sent: Sentence, toks: Sequence[Token]) -> Name | None:
    """The located name that covers these tokens (a possessive "'s" may be left over), if any."""
    if not toks:
        return None
    start, end = toks[0].start, toks[-1].end
    for name in sent.names:
        if start <= name.start and name.end <= end and (end - start) - (name.end - name.start) <= 2:
            return name
    return None


def _is_roster(sent: Sentence) -> bool:
    """A team sheet, cast or list of names ("G Thomas (capt); H Luscombe, T Shanklin, ..."):
    at least ROSTER_NAMES names, separated mostly by punctuation, not told in a clause."""
    if len(sent.names) < ROSTER_NAMES:
        return False
    separators = sum(1 for t in sent.tokens if t.text in (",", ";"))
    return separators >= ROSTER_NAMES - 1


def initialism(x: str, y: str) -> bool:
    """One name is the other's initials ("US" / "United States", "U.N." / "United Nations")."""
    for short, long in ((x, y), (y, x)):
        letters = re.sub(r"[^A-Za-z]", "", short)
        words = [w for w in re.findall(r"[A-Za-z]+", long) if w[0].isupper()]
        if (
            len(letters) >= 2
            and letters.isupper()
            and len(words) == len(letters)
            and all(w[0] == c for w, c in zip(words, letters, strict=True))
        ):
            return True
    return False


def _substitutions(sa: Sentence, sb: Sentence, lex: Lexicon, similarity: float) -> list[_Finding]:
    """A single name swapped for another in otherwise matching wording ("in Seoul" / "in Busan")."""
    first, second = sorted([sa, sb], key=lambda s: (s.unit.text, s.key))
    if _is_roster(first) or _is_roster(second):
        return []  # a line-up or list of names: one name differing is a different list
    wa, wb = _word_tokens(first), _word_tokens(second)
    la, lb = [t.low for t in wa], [t.low for t in wb]
    if not la or not lb:
        return []
    shared = sum((Counter(la) & Counter(lb)).values())  # no alignment matches more words
    if shared / min(len(la), len(lb)) < SUBSTITUTION_MATCH:
        return []
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if not la or not lb or matched / min(len(la), len(lb)) < SUBSTITUTION_MATCH:
        return []
    swaps: list[tuple[Name, Name, int, int]] = []
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
        if na is None or nb is None or variants(na.text, nb.text) or initialism(na.text, nb.text):
            continue
        if mentions(second, na.key) or mentions(first, nb.key):
            continue
        if _one_place(first, na, second, nb):
            continue  # "Sudan" / "Khartoum", "SAP Arena" / "Mannheim"
        swaps.append((na, nb, i1, j1))
    if len(swaps) != 1:
        return []
    na, nb, i1, _ = swaps[0]
    place = i1 > 0 and la[i1 - 1] in LOCATIVE
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


def _place_phrase(sent: Sentence, group: tuple[int, int, list[Name], int]) -> list[str]:
    """The names of a place phrase, each with the capitalised words that follow it ("TallGrass"
    + " Distribution Ltd")."""
    out = []
    for n in group[2]:
        tail = _CAPITALISED_RUN.match(sent.unit.text, n.end)
        out.append(n.text + (tail.group() if tail else ""))
    return out


_CAPITALISED_RUN = re.compile(r"(?:\s+[A-Z][\w'’.&-]*)+")


def _one_place(sa: Sentence, na: Name, sb: Sentence, nb: Name) -> bool:
    """Two names that may be one place: a city and its country, two towns near each other, a
    venue or firm and the town it stands in (`analysis.place_values`)."""
    after = [_CAPITALISED_RUN.match(s.unit.text, n.end) for s, n in ((sa, na), (sb, nb))]
    tails = [m.group() if m else "" for m in after]
    a_b = could_be_inside(na.text, nb.text, tails[1])
    return a_b or could_be_inside(nb.text, na.text, tails[0])


def _places(
    sa: Sentence,
    sb: Sentence,
    ev_a: Sequence[Item],
    ev_b: Sequence[Item],
    lex: Lexicon,
    similarity: float,
) -> list[_Finding]:
    """Two places for one shared event, each attached to it, neither named by the other side."""
    shared = {i.value for i in ev_a} & {i.value for i in ev_b}
    if not shared:
        return []
    first, second = sorted([sa, sb], key=lambda s: (s.unit.text, s.key))

    def candidates(sent: Sentence, other: Sentence) -> list[tuple[int, int, list[Name], int]]:
        events = [e for e in sent.events if not e.hedged and event_item(e).value in shared]
        other_places = [n for g in place_groups(other) for n in g[2]]
        return [
            group
            for group in attached_places(sent, events)
            if not any(mentions(other, n.key) for n in group[2])
            and not any(variants(n.text, o.text) for n in group[2] for o in other_places)
        ]

    ga, gb = candidates(first, second), candidates(second, first)
    if not ga or not gb:
        return []
    a = min(ga, key=lambda g: (g[3], g[0]))
    b = min(gb, key=lambda g: (g[3], g[0]))
    span_a, span_b = (a[0], a[1]), (b[0], b[1])
    if could_be_one(_place_phrase(first, a), _place_phrase(second, b)):
        return []  # "at SAP Arena" / "in Mannheim": a venue in its town (analysis.place_values)
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


_NOUNS = {"number": "figure", "date": "date", "polarity": "account", "place": "place"}


_SLOT_NAMES = {"number": "figure", "date": "date", "place": "place", "polarity": "account"}


def _where(sent: Sentence, span: tuple[int, int], said: str) -> str:
    """Where a side puts it, in its own preposition: "places it in New Zealand", "places it near
    Aden"; "gives the place as “X”" when none introduces it (never "at New Zealand")."""
    words = re.findall(r"[A-Za-z]+", sent.unit.text[max(0, span[0] - 12) : span[0]])
    word = words[-1].casefold() if words else ""
    if word == "the" and len(words) > 1 and words[-2].casefold() in LOCATIVE:
        return f"places it {words[-2].casefold()} the {said}"
    return f"places it {word} {said}" if word in LOCATIVE else f"gives the place as “{said}”"


def _update_check(a: Sentence, b: Sentence, what: str) -> str:
    """Why the two values are not one report updating another, as far as the dates tell."""
    pa, pb = a.published, b.published
    if pa is not None and pa == pb:
        return f" Both reports are dated {pa.isoformat()}: the {what} was not updated in between."
    if pa is None and pb is None:
        return " Neither report is dated, so a later update cannot be ruled out."
    dated = a.unit.source if pa is not None else b.unit.source
    return f" Only {dated} is dated, so a later update cannot be ruled out."


def _explain(f: _Finding) -> tuple[str, bool]:
    src_a, src_b = f.a.unit.source, f.b.unit.source
    pa, pb = f.a.published, f.b.published
    later_account = f.extra.get("later_account")
    superseded = (pa is not None and pb is not None and pa != pb) or later_account is not None
    quoted = {stem(w) for w in re.findall(r"\w+", f"{f.said_a} {f.said_b}")}
    words = [w for w in f.subject.split(", ") if w and stem(w) not in quoted]
    subject = f" ({', '.join(words)})" if words and f.slot != "entity" else ""
    if f.slot in ("number", "polarity", "date"):
        text = f"{src_a} says {f.said_a}; {src_b} says {f.said_b} for the same claim{subject}."
        if f.slot == "number" and f.extra.get("gap", 0) >= 0.01:
            text += (
                f" The {_SLOT_NAMES[f.slot]}s are {f.extra['gap']:.0%} apart, more than rounding"
                " explains."
            )
    elif f.slot == "place" and f.extra.get("venue"):
        venue_a, venue_b = f.extra["venue"]
        text = (
            f"{src_a} puts {venue_a} in {f.said_a}; {src_b} puts {venue_b} in {f.said_b}. A"
            " venue stands in one town, whatever happened there, so this is no update and no"
            " other instance; GeoNames has neither town inside the other nor near it."
        )
    elif f.slot == "place":
        where_a, where_b = _where(f.a, f.span_a, f.said_a), _where(f.b, f.span_b, f.said_b)
        what = f"event ({f.extra['event_words'][0]})" if f.extra.get("event_words") else "claim"
        text = f"{src_a} {where_a}; {src_b} {where_b} for the same {what}."
    else:
        text = (
            f"{src_a} says “{f.said_a}”; {src_b} says “{f.said_b}”: a different party in the same "
            "place of the claim."
        )
    if f.extra.get("sequence_of_events"):
        text += " The two sentences also give different dates, so this may be a sequence of events."
    if f.extra.get("episode_years"):
        years = " and ".join(str(y) for y in f.extra["episode_years"])
        text += f" Both are told of {years}, so neither is an earlier episode of the story."
    if later_account is not None:
        undated, dated = (src_b, src_a) if pb is None else (src_a, src_b)
        text += (
            f" {undated} carries no date, but reports dated after {later_account['after']} give"
            f" {later_account['said']}: this earlier {_NOUNS.get(f.slot, 'claim')} ({dated})"
            " may have been superseded."
        )
    elif superseded:
        assert pa is not None and pb is not None
        later, earlier = (pb, pa) if pb > pa else (pa, pb)
        text += (
            f" The reports were published on different dates: the later report"
            f" ({later.isoformat()}) may supersede the earlier one ({earlier.isoformat()})."
        )
    elif f.slot in _SLOT_NAMES and not f.extra.get("sequence_of_events", f.extra.get("venue")):
        text += _update_check(f.a, f.b, _SLOT_NAMES[f.slot])
    joined = f.extra.get("joined_by")
    if joined:
        sources = joined["sources"]
        names = ", ".join(sources[:-1]) + f" and {sources[-1]}" if len(sources) > 1 else sources[0]
        verb = "give" if len(sources) > 1 else "gives"
        text += f" {names} (undated) also {verb} {joined['said']}."
    text += update_note(f.extra)  # an interim toll and a later one (analysis.updates)
    return text, superseded


_PER_SIDE = frozenset(
    {"names", "negated", "event_words", "venue"}
)  # evidence lists given in (side, other) order


def _to_flag(f: _Finding) -> FlagDraft:
    # side = the lower (article, sentence), so flags do not depend on argument order
    if (f.b.key, f.span_b) < (f.a.key, f.span_a):
        f = replace(
            f, a=f.b, b=f.a, span_a=f.span_b, span_b=f.span_a, value_a=f.value_b,
            value_b=f.value_a, said_a=f.said_b, said_b=f.said_a, item_a=f.item_b, item_b=f.item_a,
            extra={k: v[::-1] if k in _PER_SIDE else v for k, v in f.extra.items()},
        )  # fmt: skip
    explanation, superseded = _explain(f)
    confidence = f.confidence * (SUPERSEDE_FACTOR if superseded else 1.0)
    if "later_account" in f.extra:
        confidence *= UNDATED_SUPERSEDE_FACTOR
    if f.across_clusters:
        confidence *= ACROSS_CLUSTERS_FACTOR
    extra = {k: v for k, v in f.extra.items() if k != "items"}
    evidence: dict[str, Any] = {
        "texts": [quoted(f.a.unit.text, f.a.spans), quoted(f.b.unit.text, f.b.spans)],
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


def _side(sent: Sentence, span: tuple[int, int]) -> FlagSide:
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
    across_figures: bool = True,
) -> list[FlagDraft]:
    """Contradiction flags between sentences of different articles.

    `published` (article id -> date) overrides AlignUnit.published. `sentence_starts` gives each
    sentence's article offset so flag spans are article offsets; without it the offset is read off
    the unit's quantities (0 when it has none). `across_clusters` also compares the places of
    one-place events in different clusters ("signed ... at X" / "signed ... in Y"), and with
    `across_figures` figures of sentences in different clusters (same counted noun, or same party
    and currency/unit), at lower confidence, for when the aligner splits one claim: only two
    figures introduced by the same word ("create 1,800 jobs" / "create 2,800 jobs"). Without that
    gate the path raised half of all contradiction flags on native same-story news (ECB+), about
    1 in 8 true, and caught 1 of 262 injected changes the comparison inside claims missed
    (bench/tasks/injected.py); with it, still 0 true of 13 on ECB+ (different players, games,
    jobs). So the figures must also be exact ("nearly 300,000 comments" grows) and introduced by
    a content word ("for 63 yards" is any gain), and their scopes must match like any figures'
    (`_scope_words`: "his first 17 passes", "Prior to that, he spent four seasons"). An
    undated report that agrees with a later-dated one against an earlier report is read as part
    of the later account (see the module docstring).
    """
    run = ContradictionRun(
        units,
        published=published,
        sentence_starts=sentence_starts,
        across_clusters=across_clusters,
        across_figures=across_figures,
    )
    run.prepare()
    return run.finish(clusters)


class ContradictionRun:
    """`detect_contradictions` in two steps, so that the work that needs no clusters can run while
    the aligner is still clustering: `prepare` reads the sentences and compares what is compared
    across clusters (figures sharing a noun or party, places of one-place events); `finish` takes
    the clusters, compares their members and drops the cross-cluster pairs a cluster already
    compared. The result is the same as `detect_contradictions`."""

    def __init__(
        self,
        units: Mapping[Key, AlignUnit],
        *,
        published: Mapping[int, date | None] | None = None,
        sentence_starts: Mapping[Key, int] | None = None,
        across_clusters: bool = True,
        across_figures: bool = True,
        reading_memo: RunMemo | None = None,
    ) -> None:
        self.units = {k: u for k, u in units.items() if not is_dateline(u.text)}
        # sentence readings of an earlier run (analysis.run_memo.ReadingMemo), and this run's
        self.reading_memo = reading_memo
        self.published = published
        self.sentence_starts = sentence_starts
        self.across_clusters = across_clusters
        self.across_figures = across_clusters and across_figures
        self.lex = load_lexicon()
        self.corpus_names = CorpusNames(sorted({n for u in units.values() for n in u.entities}))
        self.stories = StoryNames(units.values())
        self._ambiguous: Ambiguity | None = None
        self.sentences: dict[Key, Sentence] = {}
        self._across: list[tuple[tuple[Key, Key], list[_Finding]]] | None = None
        self._places: list[_PlaceCandidate] | None = None
        self._venues: list[tuple[tuple[Key, Key], VenueTown, VenueTown]] = []
        self._anchored: list[tuple[Key, AnchoredPlace, Key, AnchoredPlace]] = []
        self._speakers: Mapping[Any, frozenset[str]] | None = None
        self._episodes: dict[Key, Episode | None] = {}
        self._views: dict[tuple[Key, Spans], Sentence] = {}
        # the story's country: a town name of several countries is read as the one there
        self.country = story_country(self.units.values())

    def episode(self, key: Key) -> Episode | None:
        """The years the sentence tells of (analysis.episodes), once per sentence."""
        if key not in self._episodes:
            self._episodes[key] = episode(self.units, key)
        return self._episodes[key]

    def speakers(self) -> Mapping[Any, frozenset[str]]:
        """Who each sentence with a count credits it to, inherited where it repeats one speaker's
        figures (analysis.attribution)."""
        if self._speakers is None:
            counts = {
                k: [q for q in u.quantities if q.kind == "count" and q.value is not None]
                for k, u in self.units.items()
            }
            counts = {k: qs for k, qs in counts.items() if qs}
            direct = {k: speaker_words(self.units[k].text) for k in counts}
            values = {
                k: {(q.value, unit_key(q)) for q in qs if q.low == q.high == q.value}
                for k, qs in counts.items()
            }
            self._speakers = inherit_speakers(direct, values)
        return self._speakers

    def _role(self, key: Key, q: Quantity) -> str:
        sent = self.sentence(key)
        return quantity_role(sent, quantity_item(sent, q))

    def _lead(self, key: Key, q: Quantity) -> str | None:
        sent = self.sentence(key)
        return lead_word(sent, quantity_item(sent, q))

    def ambiguous(self) -> Ambiguity:
        """The figures not compared because their article measures several things alike."""
        if self._ambiguous is None:
            self._ambiguous = ambiguous_figures(self.units, self.speakers(), self._role, self._lead)
        return self._ambiguous

    def sentence(self, key: Key) -> Sentence:
        if key not in self.sentences:
            unit = self.units[key]
            pub = unit.published
            if self.published is not None and unit.article_id in self.published:
                pub = self.published[unit.article_id]
            base = self.sentence_starts.get(key) if self.sentence_starts is not None else None
            sent = read_sentence(
                key, unit, self.lex, corpus_names=self.corpus_names, published=pub, base=base,
                memo=self.reading_memo,
            )  # fmt: skip
            sent.speaker = self.speakers().get(key, frozenset())
            self.sentences[key] = sent
        return self.sentences[key]

    def view(self, key: Key, spans: Spans | None) -> Sentence:
        """The sentence as a claim holds it: only its clause `spans` (analysis.clause_view) when
        given, with the figures, names and events read there; offsets stay the sentence's."""
        whole = self.sentence(key)
        if spans is None:
            return whole
        if (key, spans) not in self._views:
            self._views[(key, spans)] = clause_sentence(
                whole, spans, self.lex, self.corpus_names, self.reading_memo
            )
        return self._views[(key, spans)]

    def prepare(self) -> None:
        """The comparisons across clusters, for every pair (those inside one cluster are dropped
        by `finish`)."""
        if self._places is not None:
            return
        with story_country_as(self.country):
            self._prepare()

    def _prepare(self) -> None:
        if self.across_figures:
            self._across = _across(
                self.units, self.sentence, self.lex, self.stories, self.ambiguous(), self.episode
            )
        self._places = _event_place_candidates(self.units, self.sentence, self.lex)
        self._venues = _venue_candidates(self.units, self.sentence)
        self._anchored = [
            c
            for c in anchored_pairs(self.units, self.sentence, self.lex, _same_outlet)
            if _anchored_conflict(self.sentence(c[0]), c[1], self.sentence(c[2]), c[3])
            and not different_episodes(self.episode(c[0]), self.episode(c[2]))
        ]

    def read_ahead(self, stop: Callable[[], bool]) -> None:
        """Read the sentences not read yet (cluster members will need theirs) until `stop()`."""
        for n, key in enumerate(sorted(self.units.keys() - self.sentences.keys())):
            if n % 64 == 0 and stop():
                return
            self.sentence(key)

    def finish(self, clusters: Sequence[ClusterDraft]) -> list[FlagDraft]:
        """Contradiction flags, given the aligner's clusters. Call once."""
        self.prepare()
        with story_country_as(self.country):
            return self._finish(clusters)

    def _finish(self, clusters: Sequence[ClusterDraft]) -> list[FlagDraft]:
        assert self._places is not None
        lex, units, sentence = self.lex, self.units, self.sentence
        compared: set[tuple[Key, Key]] = set()
        # the clause views each pair was compared through (None: the whole sentence)
        through: dict[tuple[Key, Key], set[tuple[Spans | None, Spans | None]]] = defaultdict(set)
        findings: list[_Finding] = []
        clusters_of: dict[Key, list[list[Key]]] = defaultdict(list)
        for cluster in clusters:
            spans = stating_spans(cluster, units)
            keys = sorted(spans)
            for key in keys:
                clusters_of[key].append(keys)
            for x, y in _cross_article_pairs(keys, units):
                seen = views(units[x].text, units[y].text, spans[x], spans[y])
                if seen in through[(x, y)]:
                    continue
                compared.add((x, y))
                through[(x, y)].add(seen)
                found = _pair_findings(
                    self.view(x, seen[0]),
                    self.view(y, seen[1]),
                    lex,
                    stories=self.stories,
                    ambiguous=self.ambiguous(),
                    episode_of=self.episode,
                    whole=units,
                )
                findings += [f for f in found if not _settled_by_its_sentence(f, sentence)]
        if self._across is not None:
            for pair, found in self._across:
                findings += [f for f in found if not _covered(f, through.get(pair, ()))]
        placed = {_pair(f) for f in findings if f.slot == "place"}
        findings += _event_place_findings(
            self._places, sentence, compared, placed, self.across_clusters
        )
        placed = {_pair(f) for f in findings if f.slot == "place"}
        for pair, va, vb in self._venues:
            if pair not in placed and (self.across_clusters or pair in compared):
                findings.append(_venue_finding(sentence(pair[0]), va, sentence(pair[1]), vb))
                findings[-1].across_clusters = pair not in compared
        placed = {_pair(f) for f in findings if f.slot == "place"}
        for x, a, y, b in self._anchored:
            pair = (min(x, y), max(x, y))
            if pair not in placed and (self.across_clusters or pair in compared):
                placed.add(pair)
                findings.append(_anchored_finding(sentence(x), a, sentence(y), b, pair in compared))
        for f in findings:
            shared = _shared_episode(self.episode(f.a.key), self.episode(f.b.key))
            if shared and f.slot in ("number", "polarity", "entity"):
                f.extra["episode_years"] = shared
        best = _dedupe(findings)
        return _flags(_join_later_accounts(best, clusters_of, sentence))


_DATELINE = re.compile(
    r"^\W*(?:(?:last\s+)?updated|published|posted|first\s+published|last\s+modified|created)"
    r"\s*(?:[:|]|(?:on|at)?\s*(?=\d|(?:"
    + "|".join(m[:3].casefold() for m in FULL_MONTHS)
    + r"|mon|tue|"
    r"wed|thu|fri|sat|sun)[a-z]*\b))",
    re.IGNORECASE,
)


def is_dateline(text: str) -> bool:
    """A page's "Updated: Sep 10, 2012 1:26 PM" or "PUBLISHED: 12:01, Wed" line, or a line that is
    only a date ("December 20, 2005" above the story): when the page appeared or changed, not when
    anything in the story happened, so its dates and times are no claim."""
    words = len(text.split())
    if words <= 16 and _DATELINE.match(text):
        return True
    return words <= BARE_DATE_WORDS and "\n" not in text and dateline_date(text) is not None


BARE_DATE_WORDS = 8  # "Monday, December 19, 2005, 3:36 PM EST" and no more


def clause_sentence(
    whole: Sentence,
    spans: Spans,
    lex: Lexicon,
    corpus_names: CorpusNames,
    memo: RunMemo | None = None,
) -> Sentence:
    """`whole` read over its clause `spans` only: the text blanked outside them (offsets kept),
    the figures and dates inside them, the names and events found there."""
    unit = whole.unit

    def kept(q: Quantity) -> bool:
        start = q.start - whole.base
        return unit.text[start : start + len(q.text)] == q.text and inside(
            spans, start, start + len(q.text)
        )

    text = masked(unit.text, spans)
    low = text.casefold()
    part = replace(
        unit,
        text=text,
        quantities=tuple(q for q in unit.quantities if kept(q)),
        entities=frozenset(
            e for e in unit.entities if any(w in low for w in e.casefold().split() if len(w) >= 3)
        ),
    )
    sent = read_sentence(
        whole.key, part, lex, corpus_names=corpus_names, published=whole.published,
        base=whole.base, memo=memo,
    )  # fmt: skip
    sent.speaker = whole.speaker
    sent.spans = spans
    return sent


def stating_spans(
    cluster: ClusterDraft, texts: Mapping[Key, AlignUnit] | Mapping[Key, str]
) -> dict[Key, Spans | None]:
    """The members that state the cluster's claim (`stating_members`, among `texts`: units or
    sentence texts), each with the clause it states it in (analysis.clause_view; None: the
    whole sentence)."""
    out: dict[Key, Spans | None] = {}
    for m in cluster.members:
        key = (m.article_id, m.sentence_idx)
        if m.tier == "same_claim" and key in texts and key not in out:
            held = texts[key]
            out[key] = member_spans(held if isinstance(held, str) else held.text, m.unit)
    return out


def _settled_by_its_sentence(f: _Finding, whole: Callable[[Key], Sentence]) -> bool:
    """Whether a conflict read through a clause is settled by the rest of the clause's sentence:
    the sentence also gives the other side's value (a figure or date that agrees with it, the
    other side's event with its sign), so it tells two things apart ("killed June 24 ... while
    investigating a June 20 shooting"), and gives no other version of one."""
    for mine, theirs in ((f.a, f.item_b), (f.b, f.item_a)):
        if mine.spans is None or theirs is None:
            continue
        full = whole(mine.key)
        q, ev = theirs.quantity, theirs.event
        if q is not None and any(_one_value(p, q) for p in full.unit.quantities):
            return True
        if ev is not None and any(
            e.concept == ev.concept and e.sign == ev.sign and not e.hedged for e in full.events
        ):
            return True
    return False


def _one_value(p: Quantity, q: Quantity) -> bool:
    """Two figures that agree, or two dates that meet at one grain ("June 24, 2005" and "June
    24"; not "three years ago" and "December", which only fail to exclude each other)."""
    if p.kind != q.kind:
        return False
    if q.kind == "date":
        return _grain(p) == _grain(q) is not None and not dates_disjoint(p, q)
    return quantities_comparable(p, q) and quantities_agree(p, q)


def _covered(f: _Finding, seen: Iterable[tuple[Spans | None, Spans | None]]) -> bool:
    """Whether a claim already compared both values of a finding made across claims: the pair
    was compared in one through views holding both (a pair compared only through other clauses
    still needs the finding)."""
    at_1, at_2 = (f.span_a, f.span_b) if f.a.key < f.b.key else (f.span_b, f.span_a)
    return any(inside(v1, *at_1) and inside(v2, *at_2) for v1, v2 in seen)


def stating_members(cluster: ClusterDraft) -> set[Key]:
    """The members that state the cluster's claim. A `possible` or `related` member is only
    near it (the reviewer has not confirmed it), so a value it gives is no conflict with the
    claim: comparing it would read two neighbouring facts as one."""
    return {(m.article_id, m.sentence_idx) for m in cluster.members if m.tier == "same_claim"}


def same_claim_pairs(
    clusters: Iterable[ClusterDraft], texts: Mapping[Key, str], source: Mapping[int, str]
) -> Iterator[tuple[Key, Key, Spans | None, Spans | None]]:
    """Each pair (x < y) of same-claim sentences in `texts` (key -> sentence text) from two
    articles of different outlets (`source`: article id -> casefolded outlet), with the clause
    each states the claim in (analysis.clause_view; None: the whole sentence), once per pair of
    clauses, in cluster order: the pairs every comparison inside one claim reads."""
    seen: set[tuple[Key, Key, Spans | None, Spans | None]] = set()
    for cluster in clusters:
        held = stating_spans(cluster, texts)
        keys = sorted(k for k in held if k[0] in source)
        for n, x in enumerate(keys):
            for y in keys[n + 1 :]:
                if x[0] == y[0] or source[x[0]] == source[y[0]]:
                    continue
                pair = (x, y, *views(texts[x], texts[y], held[x], held[y]))
                if pair in seen:
                    continue
                seen.add(pair)
                yield pair


def view_text(text: str, spans: Spans | None) -> str:
    """The text a comparison reads: the whole sentence, or its clause with the rest blanked."""
    return text if spans is None else masked(text, spans)


def _cross_article_pairs(
    keys: Sequence[Key], units: Mapping[Key, AlignUnit] | None = None
) -> Iterable[tuple[Key, Key]]:
    """Pairs of sentences from different articles of different outlets: two pages of one outlet
    (an update, a follow-up, two "Updated" datelines) are not two accounts."""
    for i, x in enumerate(keys):
        for y in keys[i + 1 :]:
            if x[0] == y[0]:
                continue
            if units is not None and _same_outlet(units[x], units[y]):
                continue
            yield x, y


def _same_outlet(a: AlignUnit, b: AlignUnit) -> bool:
    return bool(a.source) and a.source.casefold() == b.source.casefold()


def _across(
    units: Mapping[Key, AlignUnit],
    sentence: Callable[[Key], Sentence],
    lex: Lexicon,
    stories: StoryNames | None = None,
    ambiguous: Ambiguity | None = None,
    episode_of: Callable[[Key], Episode | None] | None = None,
) -> list[tuple[tuple[Key, Key], list[_Finding]]]:
    """Figures for one counted noun, or one entity's figures in one currency or unit, given by
    sentences the aligner may have put in different clusters. A count needs one more shared word
    than its noun ("create ... jobs"); other figures need the same named party and a shared word.
    Each pair with findings once, with them (the caller drops pairs a cluster compared)."""
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
                buckets[("", q.kind, unit_key(q))].add(key)
                continue
            item = quantity_item(sent, q)
            name = nearest_name(sent, item.start, item.end)
            if name is not None:
                buckets[(name.key, q.kind, unit_key(q))].add(key)
    out: list[tuple[tuple[Key, Key], list[_Finding]]] = []
    seen: set[tuple[Key, Key]] = set()
    for bucket_keys in buckets.values():
        if len(bucket_keys) > MAX_ACROSS_BUCKET:
            continue  # a noun this widespread ("people") is not one claim; pairs would explode
        for x, y in _cross_article_pairs(sorted(bucket_keys), units):
            if (x, y) in seen:
                continue
            seen.add((x, y))
            findings: list[_Finding] = []
            for f in _pair_findings(
                sentence(x),
                sentence(y),
                lex,
                figures_only=True,
                stories=stories,
                ambiguous=ambiguous,
                episode_of=episode_of,
            ):
                if f.slot == "entity" and "names" in f.extra:  # a figure credited to two parties
                    f.across_clusters = True
                    findings.append(f)
                    continue
                if f.slot != "number" or "attachment" in f.extra:
                    continue
                if _pronoun_led(f.a) or _pronoun_led(f.b):
                    continue  # "He caught eight passes": whose, the aligner's claims do not say
                lead = lead_word(f.a, f.item_a) if f.item_a is not None else None
                if lead is None or f.item_b is None or lead != lead_word(f.b, f.item_b):
                    continue  # across claims only one action measured alike: "create 1,800 jobs"
                if lead in lex.stopwords or not (_exact(f.item_a) and _exact(f.item_b)):
                    continue  # "for 63 yards", "nearly 300,000 comments": no action, no fact
                count = f.extra.get("kind") == "count"
                if not _enough_evidence(f, ACROSS_SUBJECT_FLOOR):
                    continue
                if f.extra.get("subject_score", 0) >= (1.0 if count else 1.5):
                    f.across_clusters = True
                    findings.append(f)
            if findings:  # a pair with none adds nothing in `finish`; kept, millions of them
                out.append(((x, y), findings))
    return out


_PRONOUN_SUBJECTS = frozenset({"he", "she", "they"})


def _pronoun_led(sent: Sentence) -> bool:
    """A sentence whose subject is a personal pronoun ("He had 61 yards"): its figures are of
    someone an earlier sentence names. Inside a claim the aligner vouches that both sentences
    tell one thing; across claims, two such lines of one story are often two people's (a box
    score's players, two seasons' figures), so they are not compared there."""
    first = next((w for w in sent.lows if w.isalpha()), None)
    return first in _PRONOUN_SUBJECTS


def _exact(item: Item) -> bool:
    """A figure given as one exact value ("28 passes"), not "nearly 300,000" or "dozens"."""
    q = item.quantity
    return q is not None and not q.approximate and q.low == q.high == q.value


def _dedupe(findings: Iterable[_Finding]) -> list[_Finding]:
    """One finding per (pair of sentences, slot, values): the most confident one, in a fixed
    order."""
    best: dict[tuple[Any, ...], _Finding] = {}
    for f in findings:
        k = f.dedupe_key()
        if k not in best or f.confidence > best[k].confidence:
            best[k] = f
    return [best[k] for k in sorted(best, key=repr)]


def _flags(findings: Iterable[_Finding]) -> list[FlagDraft]:
    flags = [_to_flag(f) for f in findings]
    flags.sort(
        key=lambda fl: (fl.side.article_id, fl.side.start, fl.other.start if fl.other else 0)
    )
    return flags


def _pair(f: _Finding) -> tuple[Key, Key]:
    return (min(f.a.key, f.b.key), max(f.a.key, f.b.key))


# --- places of one-place events, across clusters -------------------------------------------


@dataclass(frozen=True, slots=True)
class _PlaceCandidate:
    pair: tuple[Key, Key]
    rank: tuple[int, int, int]
    x: Key
    ea: EventPlace
    y: Key
    eb: EventPlace


def _event_place_candidates(
    units: Mapping[Key, AlignUnit], sentence: Callable[[Key], Sentence], lex: Lexicon
) -> list[_PlaceCandidate]:
    """Two specific places for one one-place event ("signed" ... "at the X Center" / "in Z") in
    sentences of different articles, in a fixed order; `_event_place_findings` picks from them."""
    by_lemma: dict[str, list[tuple[Key, EventPlace]]] = defaultdict(list)
    for key in sorted(units):
        if mentions_one_place_event(units[key].text):
            for ep in event_places(sentence(key), lex):
                by_lemma[ep.lemma].append((key, ep))
    out: list[_PlaceCandidate] = []
    for _, entries in sorted(by_lemma.items()):
        if len(entries) > MAX_ACROSS_BUCKET:
            continue
        for i, (x, ea) in enumerate(entries):
            for y, eb in entries[i + 1 :]:
                if x[0] == y[0] or not _event_place_conflict(sentence(x), ea, sentence(y), eb):
                    continue
                rank = (ea.distance + eb.distance, ea.span[0], eb.span[0])
                out.append(_PlaceCandidate((min(x, y), max(x, y)), rank, x, ea, y, eb))
    return out


def _event_place_findings(
    candidates: Sequence[_PlaceCandidate],
    sentence: Callable[[Key], Sentence],
    clustered: set[tuple[Key, Key]],
    placed: set[tuple[Key, Key]],
    across_clusters: bool,
) -> list[_Finding]:
    """The best place conflict of each pair of sentences, whether the aligner clustered them or
    not; pairs that already have a place finding are skipped."""
    best: dict[tuple[Key, Key], tuple[tuple[int, int, int], _PlaceCandidate]] = {}
    for c in candidates:
        if c.pair in placed or (not across_clusters and c.pair not in clustered):
            continue
        if c.pair not in best or c.rank < best[c.pair][0]:
            best[c.pair] = (c.rank, c)
    out = []
    for pair in sorted(best):
        c = best[pair][1]
        out.append(
            _event_place_finding(sentence(c.x), c.ea, sentence(c.y), c.eb, pair in clustered)
        )
    return out


# "at an office Christmas party", "at a Harry Winston boutique": an indefinite article before a
# name that goes on with a lowercase noun
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|one|another)\s+(?:[a-z][\w'’-]*\s+){0,2}$")
_NOUN_AFTER = re.compile(r"^\s+([a-z][a-z'’-]{2,})\b")


def kind_of_place(text: str, span: tuple[int, int], stop: Container[str]) -> bool:
    """Whether the name at text[span] only says what kind of thing the setting was: after "a"
    or "an" and before a common noun ("at an office Christmas party": a party, no place; "at a
    Harry Winston boutique": one of the brand's shops). Such a name is no place value to
    compare, unless the gazetteer knows it as one ("in a Paris hotel" is in Paris); `stop` holds
    the function words that may follow a place ("in Paris on Monday")."""
    noun = _NOUN_AFTER.match(text[span[1] :])
    if not noun or noun.group(1) in stop or not _INDEFINITE_BEFORE.search(text[: span[0]]):
        return False
    return not readings(text[span[0] : span[1]])


def _event_place_conflict(sa: Sentence, ea: EventPlace, sb: Sentence, eb: EventPlace) -> bool:
    """Different specific places, neither named by (or a variant, part or whole of a place in)
    the other sentence, neither only the kind of a setting (`kind_of_place`); one event: a
    shared party or object word, no other parties on both sides, and no dates on both sides
    that all disagree."""
    stop = load_lexicon().stopwords
    if kind_of_place(sa.unit.text, ea.span, stop) or kind_of_place(sb.unit.text, eb.span, stop):
        return False
    if any(same_place(p, q) for p in ea.places for q in eb.places):
        return False  # "Alder Creek" / "Alder Creek Community Center"
    if could_be_one(ea.places + ea.regions, eb.places + eb.regions, venues=False):
        return False  # "Khartoum" / "Sudan" (analysis.place_values)
    if any(says_place(sb, p) for p in ea.places) or any(says_place(sa, q) for q in eb.places):
        return False  # "signed in X, an hour from Y": both places are in play
    shared_party = any(_same_party(p, n.key) for p in ea.parties for n in sb.names) or any(
        _same_party(q, n.key) for q in eb.parties for n in sa.names
    )
    if ea.parties and eb.parties and not shared_party:
        return False  # two signings by different parties
    if not (shared_party or ea.objects & eb.objects):
        return False
    return not _dates_apart(sa, sb)


def _dates_apart(sa: Sentence, sb: Sentence) -> bool:
    """Both sentences give dates, and every date of one excludes every date of the other."""
    dates_a = [q for q in sa.unit.quantities if q.kind == "date"]
    dates_b = [q for q in sb.unit.quantities if q.kind == "date"]
    return bool(dates_a and dates_b) and all(dates_disjoint(p, q) for p in dates_a for q in dates_b)


def _same_party(a: str, b: str) -> bool:
    """One name is the other or part of it ("Kestrel" / "Kestrel Foods"), or a spelling variant:
    a shared first name ("John Prescott" / "John Kirwan") is not enough."""
    return same_place(a, b)  # the same test: containment of distinctive words, or a variant


def _event_place_finding(
    sa: Sentence, ea: EventPlace, sb: Sentence, eb: EventPlace, clustered: bool
) -> _Finding:
    return _place_of_event(
        (sa, ea.span, ea.verb), (sb, eb.span, eb.verb), ea.lemma, clustered, "event-place", 0.8,
        {"shared_objects": sorted(ea.objects & eb.objects)},
    )  # fmt: skip


def _place_of_event(
    side_a: tuple[Sentence, tuple[int, int], tuple[int, int]],
    side_b: tuple[Sentence, tuple[int, int], tuple[int, int]],
    event: str,
    clustered: bool,
    detector: str,
    weight: float,
    extra: dict[str, Any],
) -> _Finding:
    """A place finding for one event: each side its sentence, place span and event word span."""
    (sa, span_a, verb_a), (sb, span_b, verb_b) = side_a, side_b
    said_a = sa.unit.text[span_a[0] : span_a[1]]
    said_b = sb.unit.text[span_b[0] : span_b[1]]
    similarity = _similarity(sa.unit.text, sb.unit.text)
    return _Finding(
        slot="place",
        a=sa,
        b=sb,
        span_a=span_a,
        span_b=span_b,
        value_a=said_a.casefold(),
        value_b=said_b.casefold(),
        said_a=said_a,
        said_b=said_b,
        confidence=BASE_CONFIDENCE["place"] * weight * (0.55 + 0.45 * similarity),
        subject="",
        extra={
            "event": event,
            "event_words": [
                sa.unit.text[verb_a[0] : verb_a[1]],
                sb.unit.text[verb_b[0] : verb_b[1]],
            ],
            **extra,
        },
        across_clusters=not clustered,
        detector=detector,
    )


# --- places of one event, found through its anchor (analysis.anchored_places) -----------------


def _anchored_conflict(sa: Sentence, a: AnchoredPlace, sb: Sentence, b: AnchoredPlace) -> bool:
    """Places no reading of which can be one (`place_values`), neither named by the other
    sentence, in sentences whose dates (when both give some) do not all fall apart."""
    if could_be_one(a.places, b.places, venues=False):
        return False
    if any(says_place(sb, p) for p in a.places) or any(says_place(sa, q) for q in b.places):
        return False  # both places are in play in one report
    return not _dates_apart(sa, sb)


def _anchored_finding(
    sa: Sentence, a: AnchoredPlace, sb: Sentence, b: AnchoredPlace, clustered: bool
) -> _Finding:
    return _place_of_event(
        (sa, a.span, a.verb), (sb, b.span, b.verb), a.anchor, clustered, "anchored-place", 0.7,
        {"parties": sorted(a.parties & b.parties)},
    )  # fmt: skip


# --- one venue in two towns (analysis.venue_places) ----------------------------------------


def _shared_episode(a: Episode | None, b: Episode | None) -> list[int]:
    """The years both sentences are told of, when the dates in or before them show any."""
    return sorted(a.years & b.years) if a is not None and b is not None else []


def _venue_candidates(
    units: Mapping[Key, AlignUnit], sentence: Callable[[Key], Sentence]
) -> list[tuple[tuple[Key, Key], VenueTown, VenueTown]]:
    """Pairs of sentences of different outlets that put one venue in two towns GeoNames cannot
    make one place, neither sentence naming the other's town; each pair once, in a fixed order."""
    by_word: dict[str, list[tuple[Key, VenueTown]]] = defaultdict(list)
    for key in sorted(units):
        unit = units[key]
        if " in " not in unit.text or not any(" " in e for e in unit.entities):
            continue  # no "in", no name of two words: no venue put in a town
        for vt in venue_towns(sentence(key)):
            for word in sorted(distinctive(vt.venue.text)):
                by_word[word].append((key, vt))
    found: dict[tuple[Key, Key], tuple[VenueTown, VenueTown]] = {}
    for entries in by_word.values():
        if len(entries) > MAX_ACROSS_BUCKET:
            continue
        for i, (x, va) in enumerate(entries):
            for y, vb in entries[i + 1 :]:
                pair = (min(x, y), max(x, y))
                if x[0] == y[0] or pair in found or _same_outlet(units[x], units[y]):
                    continue
                if not same_place(va.venue.text, vb.venue.text):
                    continue  # "Promises Treatment Center" / "Betty Ford Center"
                if could_be_one([va.town.text], [vb.town.text]):
                    continue  # "Los Angeles" / "Malibu": one place, or near
                if says_place(sentence(y), va.town.text) or says_place(sentence(x), vb.town.text):
                    continue
                found[pair] = (va, vb) if pair[0] == x else (vb, va)
    return [(pair, va, vb) for pair, (va, vb) in sorted(found.items())]


def _venue_finding(sa: Sentence, va: VenueTown, sb: Sentence, vb: VenueTown) -> _Finding:
    similarity = _similarity(sa.unit.text, sb.unit.text)
    return _Finding(
        slot="place",
        a=sa,
        b=sb,
        span_a=(va.town.start, va.town.end),
        span_b=(vb.town.start, vb.town.end),
        value_a=va.town.text.casefold(),
        value_b=vb.town.text.casefold(),
        said_a=va.town.text,
        said_b=vb.town.text,
        confidence=BASE_CONFIDENCE["place"] * 0.8 * (0.55 + 0.45 * similarity),
        subject=va.venue.text,
        extra={"venue": [va.venue.text, vb.venue.text]},
        detector="venue-place",
    )


# --- reports overtaken by later ones --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Side:
    sent: Sentence
    item: Item | None
    value: str
    said: str


def _sides(f: _Finding) -> tuple[_Side, _Side]:
    return (
        _Side(f.a, f.item_a, f.value_a, f.said_a),
        _Side(f.b, f.item_b, f.value_b, f.said_b),
    )


def _same_value(slot: ContradictionSlot, x: _Side, y: _Side) -> bool:
    """Whether two sides (of one or two findings) give one value for the slot."""
    if x.item is not None and y.item is not None:
        qx, qy = x.item.quantity, y.item.quantity
        if qx is not None and qy is not None:
            if slot == "date":
                return not dates_disjoint(qx, qy)
            return quantities_comparable(qx, qy) and quantities_agree(qx, qy)
        ex, ey = x.item.event, y.item.event
        if ex is not None and ey is not None:
            return ex.concept == ey.concept and ex.sign == ey.sign
    if slot == "entity":
        return x.value == y.value
    return x.value == y.value or variants(x.value, y.value)


def _join_later_accounts(
    findings: list[_Finding],
    clusters_of: Mapping[Key, list[list[Key]]],
    sentence: Callable[[Key], Sentence],
) -> list[_Finding]:
    """Findings between a dated and an undated report where the undated one agrees with what a
    later-dated report gives: marked as a later account (the earlier report may be superseded),
    or folded into the dated pair's finding when that one flags the same earlier sentence."""
    by_article: dict[tuple[str, int], list[_Finding]] = defaultdict(list)
    for g in findings:
        for side in {g.a.unit.article_id, g.b.unit.article_id}:
            by_article[(g.slot, side)].append(g)
    out: list[_Finding] = []
    for f in findings:
        sides = _sides(f)
        dated = [s for s in sides if s.sent.published is not None]
        if len(dated) != 1:
            out.append(f)
            continue
        early = dated[0]
        undated = sides[1] if sides[0] is early else sides[0]
        assert early.sent.published is not None
        later: list[tuple[_Finding, _Side, _Side]] = []
        for g in by_article[(f.slot, early.sent.unit.article_id)]:
            if g is f:
                continue
            for e, lt in (_sides(g), _sides(g)[::-1]):
                if e.sent.unit.article_id != early.sent.unit.article_id:
                    continue
                if lt.sent.published is None or lt.sent.published <= early.sent.published:
                    continue
                if _same_value(f.slot, e, early) and _same_value(f.slot, lt, undated):
                    later.append((g, e, lt))
        same_sentence = [t for t in later if t[1].sent.key == early.sent.key]
        if same_sentence:
            g, _, lt = max(same_sentence, key=lambda t: (t[0].confidence, t[2].sent.key))
            joined = g.extra.setdefault("joined_by", {"sources": [], "said": lt.said})
            if undated.sent.unit.source not in joined["sources"]:
                joined["sources"] = sorted([*joined["sources"], undated.sent.unit.source])
            continue
        said = (
            later[0][2].said
            if later
            else _clustered_later(f.slot, early, undated, clusters_of, sentence)
        )
        if said is not None:
            f.extra["later_account"] = {"after": early.sent.published.isoformat(), "said": said}
        out.append(f)
    return out


def _clustered_later(
    slot: ContradictionSlot,
    early: _Side,
    undated: _Side,
    clusters_of: Mapping[Key, list[list[Key]]],
    sentence: Callable[[Key], Sentence],
) -> str | None:
    """What a later-dated sentence clustered with the undated one says, when it gives the undated
    side's value (the aligner found them to be one claim)."""
    if undated.item is None or early.sent.published is None:
        return None
    for keys in clusters_of.get(undated.sent.key, []):
        for key in keys:
            if key[0] in (undated.sent.key[0], early.sent.key[0]):
                continue
            other = sentence(key)
            if other.published is None or other.published <= early.sent.published:
                continue
            items = [quantity_item(other, q) for q in other.unit.quantities]
            items += [event_item(e) for e in other.events if not e.hedged]
            for item in items:
                side = _Side(other, item, item.value, item.quote)
                if _same_value(slot, side, undated) and not _same_value(slot, side, early):
                    return item.quote
    return None
