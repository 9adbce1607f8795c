"""One slot swapped in otherwise the same sentence: two outlets print the same wording ("climbers
have fallen to their deaths in New Zealand" / "... in Slovakia", "before stopping the fight" /
"before continuing the fight") except for one value.

Outlets copy wire copy and each other; when two of them say the same sentence word for word but
for one stretch, the sentence itself is the evidence that both state one claim, whether or not the
aligner put them in one claim cluster. The two sentences are aligned word by word
(`analysis.token_alignment`); they must agree on at least `MIN_SHARE` of the shorter one's
words and differ in exactly one conflicting stretch of at most `MAX_SWAP` words on each side,
framed by shared words on both sides; any other difference must change no value (`benign`: a
spelling, a pronoun for a name, a few words added or dropped without a negator or a number).
The stretch is a conflict when its two sides are values of one kind that cannot both hold:

- places: two GeoNames places, neither containing the other nor near it (`analysis.place_values`);
- predicates: two event words of one concept of the polarity lexicon with opposite signs
  ("stopping" / "continuing", "refused" / "agreed"), neither negated;
- directions: two compass bearings at least 90 degrees apart ("West Papua" / "East Papua");
- relations: a relation word and its converse (`analysis.order_relations`);
- roles: two role words no one person holds ("the driver" / "a passenger", `analysis.role_swaps`);
- figures, times, weekdays and months: two different numbers, clock times, days or months.

Sentences are paired through shared runs of words (`SHINGLE` stems), so the stage stays
near-linear in the corpus. Pure: articles and sentences in, `FlagDraft`s out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from analysis.clock import WEEKDAYS
from analysis.dates import FULL_MONTHS
from analysis.model import ArticleText, FlagDraft, FlagSide, SentenceSpan
from analysis.negation import negates
from analysis.number_words import ARTICLE_LIKE, WORD_VALUES
from analysis.order_relations import converse, negated_before
from analysis.place_values import different_places
from analysis.polarity import event_polarity, word_senses
from analysis.role_swaps import conflicting
from analysis.token_alignment import Alignment, SlotDiff, align, key_of

Key = tuple[int, int]
MIN_SHARE = 0.8  # share of the shorter sentence's words that must align
MIN_WORDS = 8  # words the shorter sentence needs for its wording to pin the claim
MAX_SWAP = 3  # words on each side of the one differing stretch
SPELLING = 0.8  # letters two spellings of one word share ("centre" / "center")
SHINGLE = 3  # words in a run two sentences must share to be compared
MAX_HOLDERS = 40  # sentences sharing one run beyond which it is boilerplate, not a claim
CONFIDENCE = {
    "place": 0.6, "predicate": 0.55, "direction": 0.6, "relation": 0.55, "figure": 0.6,
    "time": 0.6, "weekday": 0.55, "month": 0.55, "role": 0.5,
}  # fmt: skip
SLOT = {"place": "place", "predicate": "polarity", "direction": "direction",
        "relation": "relation", "figure": "number", "time": "time", "weekday": "date",
        "month": "date", "role": "entity"}  # fmt: skip
_MONTHS = tuple(m.casefold() for m in FULL_MONTHS)
_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
             "southwest": 225, "west": 270, "northwest": 315}  # fmt: skip
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_PRONOUNS = frozenset("he she it they his her its their him them".split())  # noqa: SIM905


@dataclass(frozen=True, slots=True)
class Swap:
    """The one differing stretch of two near-identical sentences and what kind of value it is."""

    kind: str
    a: tuple[int, int]  # character offsets in sentence a
    b: tuple[int, int]
    said_a: str
    said_b: str
    diff: SlotDiff


def _plain(text: str) -> str:
    return re.sub(r"\W", "", text.casefold().replace("’", "'"))


def _bearing(text: str) -> int | None:
    w = re.sub(r"[\s-]", "", text.casefold()).removesuffix("ern")
    return _BEARINGS.get(w)


def _number(text: str) -> float | None:
    t = text.replace(" ", "")
    if _NUMBER.match(t):
        return float(t.replace(",", ""))
    low = text.casefold()
    return WORD_VALUES[low] if low in WORD_VALUES and low not in ARTICLE_LIKE else None


def _opposite_events(a: str, sa: tuple[int, int], b: str, sb: tuple[int, int]) -> bool:
    """One event word of the polarity lexicon on each side, same concept, opposite signs."""
    ea = [e for e in event_polarity(a) if (e.start, e.end) == sa and not e.negated and not e.hedged]
    eb = [e for e in event_polarity(b) if (e.start, e.end) == sb and not e.negated and not e.hedged]
    return any(x.concept == y.concept and x.sign != y.sign for x in ea for y in eb)


def _opposite_words(a: str, b: str) -> bool:
    """Two words of one lexicon concept with opposite signs, read as words: in one frame of
    shared wording, "the start of the sixth" / "the end of the sixth" and "refused to go" /
    "agreed to go" take opposite sides though no event is read there."""
    senses_b = word_senses(b)
    return any((concept, -sign) in senses_b for concept, sign in word_senses(a))


def classify(al: Alignment, wa: str, wb: str, sa: tuple[int, int], sb: tuple[int, int],
             one_word: bool) -> str | None:  # fmt: skip
    """The kind of value the two sides of a swapped stretch are, when they conflict."""
    la, lb = wa.casefold(), wb.casefold()
    if one_word:
        if lb in converse().get(la, frozenset()):
            return "relation"
        if la in WEEKDAYS and lb in WEEKDAYS:
            return "weekday"
        if la in _MONTHS and lb in _MONTHS and wa[:1].isupper() and wb[:1].isupper():
            return "month"
        ca, cb = _CLOCK.match(wa), _CLOCK.match(wb)
        if ca and cb:
            return "time"
        if _opposite_events(al.text_a, sa, al.text_b, sb) or _opposite_words(la, lb):
            return "predicate"
        if conflicting(wa, wb):
            return "role"
    ba, bb = _bearing(wa), _bearing(wb)
    if ba is not None and bb is not None:
        gap = abs(ba - bb) % 360
        return "direction" if min(gap, 360 - gap) >= 90 else None
    na, nb = _number(wa), _number(wb)
    if na is not None and nb is not None:
        return "figure" if na != nb else None
    if wa[:1].isupper() and wb[:1].isupper() and different_places(wa, wb):
        return "place"
    return None


def benign(a: str, b: str) -> bool:
    """A difference between two near-copies that changes no value: punctuation or a spelling
    ("centre" / "center"), a pronoun for a name ("He" / "Comeaux"), or up to three words added
    or dropped that hold no negator and no number ("allegedly", "rehab")."""
    if _plain(a) == _plain(b):
        return True
    wa, wb = a.split(), b.split()
    if any(negates(w) or re.search(r"\d", w) for w in wa + wb):
        return False
    if not wa or not wb:
        return len(wa + wb) <= MAX_SWAP
    if len(wa) == len(wb) == 1 and SequenceMatcher(None, a.casefold(), b.casefold()).ratio() >= (
        SPELLING
    ):
        return True
    return any(
        len(x) == 1 and x[0].casefold() in _PRONOUNS and len(y) <= MAX_SWAP
        and all(w[:1].isupper() for w in y)
        for x, y in ((wa, wb), (wb, wa))
    )  # fmt: skip


def _swap_at(al: Alignment, k: int) -> Swap | None:
    """Differing stretch `k` as a conflicting swap of one value, framed by shared words."""
    tag, i1, i2, j1, j2 = al.ops[k]
    if tag != "replace" or i2 - i1 > MAX_SWAP or j2 - j1 > MAX_SWAP:
        return None
    before, after = al.frame(k)
    if not before or (not after and k != len(al.ops) - 1):
        return None  # no shared words before the swap (or after it, mid-sentence)
    if negated_before(al.tokens_a, i1) != negated_before(al.tokens_b, j1):
        return None  # "not in X" / "in Y": a negation the denial rule reads
    wa, wb = al.written(k)
    sa = (al.tokens_a[i1].start(), al.tokens_a[i2 - 1].end())
    sb = (al.tokens_b[j1].start(), al.tokens_b[j2 - 1].end())
    kind = classify(al, wa, wb, sa, sb, i2 - i1 == 1 and j2 - j1 == 1)
    if kind is None:
        return None
    return Swap(kind, sa, sb, wa, wb, SlotDiff(wa, wb, before, after, al.share))


def find_swap(text_a: str, text_b: str) -> Swap | None:
    """The one conflicting stretch of two sentences that say the same thing otherwise (every
    other difference `benign`)."""
    al = align(text_a, text_b)
    if al is None or al.share < MIN_SHARE:
        return None
    if min(sum(t.group()[0].isalnum() for t in toks) for toks in (al.tokens_a, al.tokens_b)) < (
        MIN_WORDS
    ):
        return None
    found: list[Swap] = []
    for k, op in enumerate(al.ops):
        if op[0] == "equal":
            continue
        swap = _swap_at(al, k)
        if swap is not None:
            found.append(swap)
        elif not benign(*al.written(k)):
            return None
    return found[0] if len(found) == 1 else None


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = [key_of(m.group()) for m in re.finditer(r"\w+(?:['’.\-:]\w+)*", text)]
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def candidate_pairs(
    spans: Mapping[Key, SentenceSpan], source: Mapping[int, str]
) -> Iterable[tuple[Key, Key]]:
    """Pairs of sentences of different outlets that share enough runs of words to be near
    copies (at least half of the shorter one's runs), in key order. A run held by more than
    MAX_HOLDERS sentences is boilerplate and links nothing. Counted in numpy: the runs' holder
    lists made every pair in Python before (a fifth of a +10-articles run's slot swaps)."""
    keys = sorted(spans)
    sentence, run, sizes = _incidences([_shingles(spans[k].text) for k in keys])
    if not len(run):
        return
    holders = np.bincount(run)
    keep = (holders[run] >= 2) & (holders[run] <= MAX_HOLDERS)
    sentence, run = sentence[keep], run[keep]
    order = np.lexsort((sentence, run))  # run by run, each run's holders in key order
    sentence, run = sentence[order], run[order]
    later = holders[run] - 1 - (np.arange(len(run)) - np.searchsorted(run, run))
    total = int(later.sum())
    first = np.repeat(sentence, later)
    within = np.arange(total) - np.repeat(np.cumsum(later) - later, later)
    second = sentence[np.repeat(np.arange(len(run)), later) + 1 + within]
    outlets: dict[str, int] = {}
    outlet = np.array([outlets.setdefault(source[k[0]], len(outlets)) for k in keys])
    other = outlet[first] != outlet[second]  # another outlet, so another article too
    codes, shared = np.unique(first[other] * len(keys) + second[other], return_counts=True)
    x, y = codes // len(keys), codes % len(keys)
    near = shared >= 0.5 * np.minimum(sizes[x], sizes[y])
    for i, j in zip(x[near].tolist(), y[near].tolist(), strict=True):
        yield keys[i], keys[j]


def _incidences(
    shingles: Sequence[set[tuple[str, ...]]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sentence, run id) for every run of every sentence, and each sentence's count of runs."""
    ids: dict[tuple[str, ...], int] = {}
    sentence = [n for n, runs in enumerate(shingles) for _ in runs]
    run = [ids.setdefault(r, len(ids)) for runs in shingles for r in runs]
    return (
        np.asarray(sentence, dtype=np.int64),
        np.asarray(run, dtype=np.int64),
        np.asarray([len(r) for r in shingles], dtype=np.int64),
    )


Found = list[tuple[Key, Key, Swap]]  # near copies and the one value they swap, in pair order


def found_swaps(
    articles: Iterable[ArticleText], sentences: Mapping[int, Sequence[SentenceSpan]]
) -> Found:
    """Every pair of near-identical sentences of two outlets that differ in one conflicting
    value, with that value: all the work of `slot_swap_flags` but for leaving out the pairs
    other flags join, so the pipeline runs it while it waits for the contradictions."""
    ids = {a.article_id: a.source.casefold() for a in articles}
    spans = _spans(ids, sentences)
    found: Found = []
    for x, y in candidate_pairs(spans, ids):
        swap = find_swap(spans[x].text, spans[y].text)
        if swap is not None:
            found.append((x, y, swap))
    return found


def slot_swap_flags(
    articles: Iterable[ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    flagged: Iterable[FlagDraft] = (),
    found: Found | None = None,
) -> list[FlagDraft]:
    """A contradiction for each pair of near-identical sentences of two outlets that differ in
    one conflicting value, unless a flag in `flagged` already joins the two values. `found`:
    `found_swaps` of the same articles and sentences, when it was run beforehand."""
    by_id = {a.article_id: a for a in articles}
    if found is None:
        found = found_swaps(by_id.values(), sentences)
    spans = _spans(by_id, sentences)
    known = set()
    for f in flagged:
        if f.kind == "contradiction" and f.other is not None:
            known.add(((f.side.article_id, f.side.sentence_idx),
                       (f.other.article_id, f.other.sentence_idx)))  # fmt: skip
    return [
        _flag(by_id, spans[x], spans[y], x, y, swap)
        for x, y, swap in found
        if (x, y) not in known and (y, x) not in known
    ]


def _spans(
    articles: Mapping[int, object], sentences: Mapping[int, Sequence[SentenceSpan]]
) -> dict[Key, SentenceSpan]:
    """The content sentences of `articles` by (article id, sentence index)."""
    return {
        (aid, s.idx): s
        for aid, ss in sentences.items()
        if aid in articles
        for s in ss
        if s.residue is None
    }


_SLOT_WORDS = {"predicate": "action", "relation": "comparison"}  # else the kind's name


def _flag(by_id: Mapping[int, ArticleText], sa: SentenceSpan, sb: SentenceSpan, x: Key, y: Key,
          swap: Swap) -> FlagDraft:  # fmt: skip
    src_a, src_b = by_id[x[0]].source, by_id[y[0]].source
    d = swap.diff
    return FlagDraft(
        kind="contradiction",
        detector=f"swap-{swap.kind}",
        side=FlagSide(x[0], x[1], sa.start + swap.a[0], sa.start + swap.a[1], swap.said_a),
        other=FlagSide(y[0], y[1], sb.start + swap.b[0], sb.start + swap.b[1], swap.said_b),
        explanation=(
            f"{src_a} says “{d.framed('a')}”; {src_b} says “{d.framed('b')}”: the two sentences "
            f"are word for word the same ({d.share:.0%} of the words align) except the "
            f"{_SLOT_WORDS.get(swap.kind, swap.kind)} “{swap.said_a}” / “{swap.said_b}”, which "
            "cannot both be right."
        ),
        confidence=CONFIDENCE[swap.kind],
        suggestion="check which version the primary source gives",
        evidence={
            "values": [swap.said_a, swap.said_b],
            "slot_alignment": d.as_evidence(),
            "swap": swap.kind,
        },
        slot=SLOT[swap.kind],
    )
