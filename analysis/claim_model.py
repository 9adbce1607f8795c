"""P(same claim) for two sentences from different articles: a small calibrated logistic model.

The similarity score says how alike two sentences are, and two sentences about one story are
alike without stating one claim: they share the story's names, its figures, its vocabulary. This
model reads the pair the way a reviewer would and turns it into a probability:

- what is shared besides names: rarity-weighted overlap of the words written in lower case (the
  event, the predicate and its common-noun arguments) apart from the overlap of capitalised words
  (the names every article about the story repeats);
- how much of each sentence the other covers (a short sentence inside a long one is not the
  long one's claim), and the specific facts on each side: numbers, quoted words, entities;
- position (headline or lede, where articles state the main claim) and context-dependence
  (pronoun-initial sentences, fragments, lines cut off without a full stop lean on context the
  other article does not share);
- the lexical, entity, quantity and embedding signals of `analysis.similarity`.

The weights live in `analysis/data/claim_model.json` (with its model card: data, licences and
hashes, metrics, calibration, the two thresholds). `scripts/train_claim_model.py` rebuilds it
from ECB+ (CC BY 3.0) and SemEval STS news headlines. Pairs whose similarity is below the
model's `gate` get probability 0 without reading them further: not one training pair in a
thousand that reaches the possible threshold scores that low, and most blocked candidate pairs
of a large corpus do, which keeps a 2,000-article corpus fast. A pair with a line that states
nothing (a dateline, a byline: `states_something`) gets probability 0 as well.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
from wordfreq import zipf_frequency

from analysis import text_memo
from analysis.claim_facts import FactIndex, counted_families
from analysis.event_mentions import ReportedEvent, reported_event
from analysis.predicates import (
    Predicates,
    counts_apart,
    counts_one,
    dated_or_episodic,
    family_weights,
    predicate_features,
    sentence_predicates,
)
from analysis.similarity import STOP_WORDS, SimilarityModel, load_embedder, stem
from analysis.unit_match import UNIT_FEATURES, UnitIndex, UnitTable, unit_pairs, unit_table
from analysis.word_align import FEATURES as ALIGN_FEATURES
from analysis.word_align import WordAligner, Words

if TYPE_CHECKING:
    from analysis.vector_cache import Clauses

FACT_FEATURES: tuple[str, ...] = (
    "fact_anchor",  # a figure both state, its windows alike (stems or wordllama cosine)
    "fact_role",  # two figures, equal or not, whose windows are alike (what they count)
    "fact_shared",  # log(1 + specific figures both state: counts of ten or more, clock times)
)
PREDICATE_FEATURES: tuple[str, ...] = (
    "pred_dice",  # rarity-weighted overlap of the predicate families both state
    "pred_apart",  # both state a family the corpus does not state everywhere, and none in common
    "pred_counted",  # a family both count with a figure beside it ("nine died" / "toll rose to 12")
)
CANDIDATES: tuple[str, ...] = (
    "similarity",  # analysis.similarity's combined score
    "dice",  # rarity-weighted overlap of all content terms
    "fuzzy",  # token_set_ratio on the content terms
    "cosine",  # wordllama cosine (imputed when embeddings are off)
    "entity",  # shared canonical entities
    "quantity",  # agreeing or comparable quantities
    "plain_dice",  # overlap of the words written in lower case: what happened, to what
    "name_dice",  # overlap of capitalised words: who and where
    "cover_min",  # share of the less-covered sentence's term mass the other sentence holds
    "cover_max",
    "plain_shared",  # log(1 + number of shared lower-case terms)
    "name_only",  # names shared, nothing else
    "number_shared",  # a number written in both
    "number_one_side",  # numbers in one sentence only
    "quote_shared",  # two quoted words in common
    "headline",  # either sentence is the first line of its article
    "lede_both",  # both among the first three lines
    "position",  # log(1 + later line number of the two)
    "pronoun_start",  # either opens with a pronoun or demonstrative
    "fragment",  # the shorter has fewer than six words
    "truncated",  # either line ends without closing punctuation
    "length_ratio",  # shorter / longer, in words
    "short_words",  # log(words of the shorter)
    "cosine_x_cover",  # paraphrase evidence that also covers the sentence
    "plain_x_cosine",
    *FACT_FEATURES,  # figures both state, tied to what they count (analysis.claim_facts)
    *PREDICATE_FEATURES,  # the event or act each states, whatever words say it
    *UNIT_FEATURES,  # the best-matching pair of claim units (analysis.claim_units)
    *ALIGN_FEATURES,  # soft word alignment and facts aligned as values (analysis.word_align)
)
# What the shipped model reads. Position and most context cues are computed but left out: ECB+
# annotated mainly the first lines of each page, so its gold is confounded with position by
# construction (an unannotated line is never gold): position lifts held-out ECB+ AUC from 0.81 to
# 0.90 while teaching where its annotators worked, not where news states a claim. The word
# alignment features (analysis.word_align) are computed but not read either: with them the fit
# ranks held-out ECB+ pairs better (AUC 0.81 against 0.79) and real same-story clusters worse
# (see scripts/train_claim_model.py and its `feature_choice`).
# The unit features (analysis.unit_match) are computed and not read either: on the ECB+ dev
# split they move AUC by less than 0.001 (0.7870 -> 0.7874) and on the real same-story clusters
# the fit with them ranks pairs worse than without.
# The fact features (analysis.claim_facts: a figure both sentences state, tied to the words
# around it) are computed and not read either. On the ECB+ dev split they barely move AUC (both:
# +0.0006; beside a title-case cue that is not shipped, fact_anchor -0.0017, fact_shared
# +0.0002) and fact_role lowers it (-0.002 to -0.0045). Shipped with that cue, held-out ECB+ AUC
# rose 0.7938 -> 0.7954 and the dev clusters' pairs went P 0.88 -> 0.91 at R 0.22, but a must
# contradiction was lost (its two figures went to different claims). Read past the similarity
# gate and as blocking keys (a pair sharing a count of ten or more or a clock time scored
# whatever its words), the dev clusters moved to P 0.85 R 0.25 while held-out ECB+ fell (AUC
# 0.7905, same-claim clusters F1 0.208 -> 0.192).
# The predicate features (analysis.predicates: which general news predicate each sentence
# states, whatever its words) are computed and not read either. On the ECB+ dev split
# pred_dice lifts AUC 0.787 -> 0.793 and held-out AUC rose 0.7938 -> 0.7999, but the dev
# clusters' same-claim pairs did not move (P 0.89 R 0.25 with pred_dice alone); with all three
# they went P 0.89 -> 0.82 at R 0.26 (a family both sentences name, 'fire escapes' / 'fire
# broke out', is no shared claim). What does carry is a figure on each side counting one
# family: see `counted_p` (ClaimScorer._counted_floor).
UNUSED: frozenset[str] = frozenset(
    ("headline", "lede_both", "position", "pronoun_start", "truncated", "length_ratio",
     "short_words", *FACT_FEATURES, *ALIGN_FEATURES, *UNIT_FEATURES, *PREDICATE_FEATURES)
)  # fmt: skip
FEATURES: tuple[str, ...] = tuple(f for f in CANDIDATES if f not in UNUSED)

TOPIC_CAP = 0.5  # share of the possible threshold a topic-only pair keeps (see _topic_cap)
STATEMENT_WORDS = 4  # a line in capitals or title case this long is a headline, not a dateline
NAME_ZIPF = 4.0  # a sentence-initial capitalised word rarer than this (wordfreq Zipf) is a name
_PRONOUN_TEXT = "he she it they this that these those his her its their we i there such"
PRONOUNS = frozenset(_PRONOUN_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{3,200})[\"“”«»]")
_CLOSED = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")


@dataclass(frozen=True, slots=True)
class Cues:
    """What the pair features read from one sentence on its own (computed once per sentence)."""

    plain: frozenset[str]  # stems of content words written in lower case (or sentence-initial)
    names: frozenset[str]  # stems of capitalised content words after the first
    numbers: frozenset[str]
    quoted: frozenset[str]
    words: int
    pronoun_start: bool
    truncated: bool


def sentence_cues(text: str) -> Cues:
    """Read one sentence's cues (see Cues; kept across runs inside `text_memo.kept_readings`)."""
    memo = text_memo.active()
    if memo is None:
        return _sentence_cues(text)
    key, found = memo.lookup("c", text)
    if found is not None:
        plain, names, numbers, quoted, words, flags = found.split(text_memo.FIELD)
        return Cues(
            frozenset(text_memo.split(plain)), frozenset(text_memo.split(names)),
            frozenset(text_memo.split(numbers)), frozenset(text_memo.split(quoted)),
            int(words), "p" in flags, "t" in flags,
        )  # fmt: skip
    cues = _sentence_cues(text)
    fields = [text_memo.joined(sorted(f)) for f in (cues.plain, cues.names, cues.numbers,
                                                    cues.quoted)]  # fmt: skip
    flags = ("p" if cues.pronoun_start else "") + ("t" if cues.truncated else "")
    memo[key] = text_memo.FIELD.join([*fields, str(cues.words), flags])
    return cues


def _sentence_cues(text: str) -> Cues:
    plain: set[str] = set()
    names: set[str] = set()
    tokens = _WORD.findall(text)
    for k, word in enumerate(tokens):
        low = word.casefold().replace("’", "'")
        if low in STOP_WORDS or len(low) < 2:
            continue
        (names if _is_name(word, low, first=k == 0) else plain).add(stem(low))
    quoted: set[str] = set()
    for span in _QUOTED.findall(text):
        quoted.update(
            stem(w.casefold()) for w in _WORD.findall(span) if w.casefold() not in STOP_WORDS
        )
    first = tokens[0].casefold() if tokens else ""
    return Cues(
        plain=frozenset(plain),
        names=frozenset(names),
        numbers=frozenset(n.replace(",", "") for n in _NUMBER.findall(text)),
        quoted=frozenset(quoted),
        words=len(text.split()),
        pronoun_start=first in PRONOUNS,
        truncated=not _CLOSED.search(text),
    )


def states_something(text: str) -> bool:
    """False for a short line with no word of three or more letters written in lower case: a
    dateline ("CITY, Month 24."), a timestamp, a byline or a credit names a place, a time or a
    person and states nothing two articles could share as a claim. A headline keeps its
    lower-case function words ("Fire in ..."), or, set in title case or capitals, its length
    (four words of three letters or more)."""
    words = [w for w in _WORD.findall(text) if len(w) >= 3]
    return len(words) >= STATEMENT_WORDS or any(w.islower() for w in words)


def _is_name(word: str, low: str, *, first: bool) -> bool:
    """A capitalised word is a name, except a sentence's first word, which is one only when it
    is written in capitals ("KORVEX") or is rare as an English word ("Tallis", not "Chinese")."""
    if not word[0].isupper():
        return False
    if not first:
        return True
    return (len(word) > 1 and word.isupper()) or zipf_frequency(low, "en") < NAME_ZIPF


@dataclass(frozen=True, slots=True)
class ClaimModel:
    """Logistic weights over standardised FEATURES, with the gate and the two thresholds."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    gate: float  # similarity below which P is 0 without computing features
    same_threshold: float  # P at or above: same claim (clustered, counts as corroboration)
    possible_threshold: float  # P at or above: possibly the same claim (offered to the reviewer)
    cosine_fallback: float  # cosine imputed when embeddings are off
    # a pair's P is the highest over its sentences and their claim-unit pairs (analysis.unit_match)
    units: bool = False
    unit_floor: float = 0.15  # whole-sentence similarity below which units are not compared
    # the claim-unit pair P read as `possible_threshold` and as `same_threshold` (a clause is
    # shorter than a sentence, and short texts score lower: fitted on ECB+ train topics, see
    # scripts/fit_unit_thresholds.py); None: unit pairs are read as sentence pairs are
    unit_possible: float | None = None
    unit_same: float | None = None
    # P given to a pair whose sentences count one predicate family (see ClaimScorer's
    # _counted_floor; 0: off), from similarity `counted_floor` up
    counted_p: float = 0.0
    counted_floor: float = 0.15
    # P given to a pair whose sentences give two versions of one revised count (a toll), both
    # undated, when the model puts it under the same threshold (see _counted_floor; 0: off)
    apart_p: float = 0.0
    # mean P to a same-claim cluster's members at which a leftover that is a mutual best match
    # of one of them joins it (analysis/align.py, `_mutual`; fitted on ECB+ train topics by
    # scripts/fit_mutual_floor.py); None: the possible threshold
    mutual_floor: float | None = None

    @classmethod
    def from_dict(cls, data: dict) -> ClaimModel:
        names = tuple(data["features"])
        if names != FEATURES:
            raise ValueError("claim model was trained on other features; retrain it")
        return cls(
            features=names,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            gate=float(data["gate"]),
            same_threshold=float(data["same_threshold"]),
            possible_threshold=float(data["possible_threshold"]),
            cosine_fallback=float(data["cosine_fallback"]),
            units=bool(data.get("units", False)),
            unit_floor=float(data.get("unit_floor", 0.15)),
            unit_possible=data.get("unit_possible"),
            unit_same=data.get("unit_same"),
            counted_p=float(data.get("counted_p", 0.0)),
            counted_floor=float(data.get("counted_floor", 0.15)),
            apart_p=float(data.get("apart_p", 0.0)),
            mutual_floor=data.get("mutual_floor"),
        )

    def unit_scale(self, p: np.ndarray) -> np.ndarray:
        """Claim-unit pair P on the sentence pairs' scale: `unit_possible` maps to the possible
        threshold, `unit_same` to the same threshold, linearly between (and 0 to 0, 1 to 1)."""
        if self.unit_possible is None or self.unit_same is None:
            return p
        lo, hi = self.unit_possible, max(self.unit_same, self.unit_possible + 1e-6)
        return np.interp(p, [0.0, lo, hi, 1.0], [0.0, self.possible_threshold,
                                                 self.same_threshold, 1.0])  # fmt: skip

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(same claim) of each feature row."""
        if not len(x):
            return np.zeros(0)
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


DATA_FILE = "claim_model.json"


@cache
def load_claim_model() -> ClaimModel:
    """The shipped model (analysis/data/claim_model.json)."""
    text = resources.files("analysis").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return ClaimModel.from_dict(json.loads(text))


class ClaimScorer:
    """P(same claim) over one corpus: the similarity model, each sentence's cues and position."""

    def __init__(
        self,
        sim: SimilarityModel,
        positions: Sequence[int],
        model: ClaimModel | None = None,
        *,
        units: bool = True,
        prefix: ClaimScorer | None = None,
        matched: MutableMapping[tuple[int, int], tuple[int, int]] | None = None,
        clauses: Clauses | None = None,
    ) -> None:
        self.sim = sim
        self._clauses = clauses  # each sentence's claim units, kept (analysis/vector_cache.py)
        self.model = model or load_claim_model()
        self.use_units = units and self.model.units
        self.positions = np.asarray(positions, dtype=np.int64)
        # `prefix`: a scorer whose texts begin this one's (the sentences before their claim
        # units): its cues, pure functions of each text, are shared rather than read again
        known = len(prefix.texts) if prefix is not None else 0
        if prefix is None or sim.texts[:known] != prefix.texts:
            known, prefix = 0, None
        self.cues = [*(prefix.cues if prefix else ()), *map(sentence_cues, sim.texts[known:])]
        self.states = np.array(
            [*(prefix.states.tolist() if prefix else ())]
            + [states_something(t) for t in sim.texts[known:]],
            dtype=bool,
        )
        self._predicates: tuple[list[Predicates], dict[str, float]] | None = None
        self._counts: dict[int, tuple[tuple[str, frozenset[str]], ...]] = {}  # read on first use
        self._reported: dict[int, ReportedEvent] = {}  # read on first use
        self._aligned: tuple[list[Words], WordAligner] | None = None
        self._facts: FactIndex | None = None
        self._units: UnitIndex | None = None
        self._unit_scorer: tuple[UnitTable, ClaimScorer] | None = None
        # `matched`: where `matched_units` keeps its answers (analysis.incremental passes one
        # that also holds an earlier run's, by the sentences' content)
        self._matched = matched if matched is not None else {}

    @property
    def texts(self) -> list[str]:
        return self.sim.texts

    def features(
        self,
        a: np.ndarray,
        b: np.ndarray,
        *,
        everything: bool = False,
    ) -> np.ndarray:
        """One row of the model's features per pair (a[k], b[k]); every CANDIDATES column with
        `everything` (what the training script reads)."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        parts = self.sim.components(a, b)
        similarity = self.sim.combine(parts)
        cosine = parts.get("cosine")
        if cosine is None:
            cosine = np.full(len(a), self.model.cosine_fallback)
        rows = np.array(
            [self._own(int(i), int(j)) for i, j in zip(a.tolist(), b.tolist(), strict=True)],
            dtype=np.float64,
        ).reshape(len(a), 14)
        cover_min = rows[:, 0]
        plain_dice = rows[:, 2]
        pos_a, pos_b = self.positions[a], self.positions[b]
        later = np.maximum(pos_a, pos_b)
        columns = {
            "similarity": similarity,
            "dice": parts["dice"],
            "fuzzy": parts["fuzzy"],
            "cosine": cosine,
            "entity": parts["entity"],
            "quantity": parts["quantity"],
            "plain_dice": plain_dice,
            "name_dice": rows[:, 3],
            "cover_min": cover_min,
            "cover_max": rows[:, 1],
            "plain_shared": rows[:, 4],
            "name_only": rows[:, 5],
            "number_shared": rows[:, 6],
            "number_one_side": rows[:, 7],
            "quote_shared": rows[:, 8],
            "headline": (np.minimum(pos_a, pos_b) == 0).astype(np.float64),
            "lede_both": (later <= 2).astype(np.float64),
            "position": np.log1p(later),
            "pronoun_start": rows[:, 9],
            "fragment": rows[:, 10],
            "truncated": rows[:, 11],
            "length_ratio": rows[:, 12],
            "short_words": rows[:, 13],
            "cosine_x_cover": cosine * cover_min,
            "plain_x_cosine": plain_dice * cosine,
        }
        names = CANDIDATES if everything else self.model.features
        if len(a) and any(f in FACT_FEATURES for f in names):
            facts = self.fact_index()
            anchored = np.array(
                [facts.anchor(i, j) for i, j in zip(a.tolist(), b.tolist(), strict=True)],
                dtype=np.float64,
            ).reshape(len(a), 3)
            columns["fact_anchor"] = anchored[:, 0]
            columns["fact_role"] = anchored[:, 1]
            columns["fact_shared"] = np.log1p(anchored[:, 2])
        if len(a) and any(f in PREDICATE_FEATURES for f in names):
            found, weight = self.predicates()
            rows = np.array(
                [
                    predicate_features(found[i], found[j], weight)
                    for i, j in zip(a.tolist(), b.tolist(), strict=True)
                ],
                dtype=np.float64,
            ).reshape(len(a), len(PREDICATE_FEATURES))
            columns.update(zip(PREDICATE_FEATURES, rows.T, strict=True))
        if len(a) and any(f in UNIT_FEATURES for f in names):
            columns.update(zip(UNIT_FEATURES, self.unit_index().features(a, b).T, strict=True))
        if any(f in ALIGN_FEATURES for f in names):
            words, aligner = self.word_alignment()
            aligned = np.array(
                [
                    aligner.pair(words[i], words[j])
                    for i, j in zip(a.tolist(), b.tolist(), strict=True)
                ],
                dtype=np.float64,
            ).reshape(len(a), len(ALIGN_FEATURES))
            columns.update(zip(ALIGN_FEATURES, aligned.T, strict=True))
        return np.column_stack([columns[f] for f in names]) if len(a) else np.zeros((0, len(names)))

    def predicates(self) -> tuple[list[Predicates], dict[str, float]]:
        """Each sentence's predicate families and each family's rarity in this corpus (made on
        first use)."""
        if self._predicates is None:
            found = [sentence_predicates(t) for t in self.texts]
            self._predicates = (found, family_weights(found))
        return self._predicates

    def unit_index(self) -> UnitIndex:
        """Every sentence's claim units (made on first use)."""
        if self._units is None:
            self._units = UnitIndex(self.sim)
        return self._units

    def fact_index(self) -> FactIndex:
        """Every sentence's figures and their windows (made on first use; window vectors when
        the similarity model embeds)."""
        if self._facts is None:
            embedder = load_embedder()[0] if self.sim.uses_embeddings else None
            self._facts = FactIndex(self.texts, embedder.embed if embedder is not None else None)
        return self._facts

    def word_alignment(self) -> tuple[list[Words], WordAligner]:
        """Each sentence's words and the aligner over them (made on first use: the shipped model
        may not read them)."""
        if self._aligned is None:
            self._aligned = _word_alignment(self.sim, self.cues)
        return self._aligned

    def _own(self, i: int, j: int) -> tuple[float, ...]:
        """The features this module adds for one pair (see FEATURES), in a fixed order."""
        ci, cj = self.cues[i], self.cues[j]
        weight = self.sim.term_weight
        terms_i, terms_j = self.sim.term_sets[i], self.sim.term_sets[j]
        mass_i, mass_j = self.sim.mass[i], self.sim.mass[j]
        shared = sum(weight[t] for t in terms_i & terms_j)
        cover_i = shared / mass_i if mass_i else 0.0
        cover_j = shared / mass_j if mass_j else 0.0
        plain_dice, plain_n = _weighted_dice(ci.plain, cj.plain, weight)
        name_dice, _ = _weighted_dice(ci.names, cj.names, weight)
        short, long_ = sorted((ci.words, cj.words))
        return (
            min(cover_i, cover_j),
            max(cover_i, cover_j),
            plain_dice,
            name_dice,
            math.log1p(plain_n),
            float(name_dice > 0 and plain_n == 0),
            float(not ci.numbers.isdisjoint(cj.numbers)),
            float(bool(ci.numbers) != bool(cj.numbers)),
            float(len(ci.quoted & cj.quoted) >= 2),
            float(ci.pronoun_start or cj.pronoun_start),
            float(short < 6),
            float(ci.truncated or cj.truncated),
            short / long_ if long_ else 0.0,
            math.log1p(short),
        )

    def score_pairs(
        self, a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray
    ) -> np.ndarray:
        """P(same claim) of each pair; 0 below the similarity gate."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        similarity = self.sim.score_pairs(a, b)
        return self.probability(a, b, similarity)

    def probability(self, a: np.ndarray, b: np.ndarray, similarity: np.ndarray) -> np.ndarray:
        """P(same claim) for pairs whose similarity is already known."""
        out = np.zeros(len(a))
        gated = np.flatnonzero((similarity >= self.model.gate) & self.states[a] & self.states[b])
        if len(gated):
            x = self.features(a[gated], b[gated])
            out[gated] = self.model.probability(x)
        if self.model.counted_p > 0 or self.model.apart_p > 0:
            self._counted_floor(a, b, similarity, out)
        if self.use_units:
            self._unit_maximum(a, b, similarity, out)
        self._topic_cap(a, b, out)
        # rounded so equal probabilities stay equal whatever the memory layout (tie order)
        return np.round(out, 9)

    def _counted_floor(
        self, a: np.ndarray, b: np.ndarray, similarity: np.ndarray, out: np.ndarray
    ) -> None:
        """Raise to `counted_p` the P of pairs where a figure of each sentence gives one count
        of one predicate family ("nine people lost their lives" / "the death toll rose to
        nine": analysis.predicates, predicates.counts_one), similarity at least
        `counted_floor`. Word overlap scores such paraphrases low; `counted_p` is how often
        such pairs state one claim where the model puts them below the same threshold,
        measured on ECB+ training topics (scripts/fit_counted_floor.py).

        Two different counts of one family are two versions of one figure only for a count a
        story revises (a toll, the injured: `versions` in the lexicon), each sentence giving
        it once, and neither sentence dated or telling another episode
        (predicates.counts_apart, dated_or_episodic): such a pair under the same threshold is
        raised to `apart_p`, measured the same way (--link apart). Lifting every family's
        different counts joined other episodes of a story on the ECB+ control (an earlier
        quake's toll, another indictment: eight false contradictions) and, on the dev
        clusters, parts of a whole (passengers and crew against all on board); a dated count
        is a snapshot a later one revises (and pulled a sentence dating the event away from
        its date claim)."""
        near = np.flatnonzero(
            (similarity >= self.model.counted_floor) & self.states[a] & self.states[b]
        )
        if not len(near):
            return
        counts, texts = self._counts, self.texts

        def of(i: int) -> tuple[tuple[str, frozenset[str]], ...]:
            found = counts.get(i)
            if found is None:
                found = counts[i] = counted_families(texts[i])
            return found

        linked = [
            k
            for k, i, j in zip(near.tolist(), a[near].tolist(), b[near].tolist(), strict=True)
            if counts_one(of(i), of(j))
        ]
        out[linked] = np.maximum(out[linked], self.model.counted_p)
        if self.model.apart_p <= 0:
            return
        apart = [
            k
            for k, i, j in zip(near.tolist(), a[near].tolist(), b[near].tolist(), strict=True)
            if out[k] < self.model.same_threshold
            and counts_apart(of(i), of(j))
            and not dated_or_episodic(texts[i])
            and not dated_or_episodic(texts[j])
        ]
        out[apart] = np.maximum(out[apart], self.model.apart_p)

    def _topic_cap(self, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
        """Lower to `TOPIC_CAP` of the possible threshold (related, never counted) the P of
        pairs where one sentence names the story's event only as the topic of a report
        ("reported the collapse of the X", analysis/event_mentions.py) and the two share no
        word written in lower case outside that mention and no count: what they share is the
        event's name, which every sentence of the story repeats, and the sentence states
        something else of it (a briefing was held, what a reporter learned)."""
        todo = np.flatnonzero(out >= self.model.possible_threshold)
        if not len(todo):
            return
        found, texts, cues = self._reported, self.texts, self.cues

        def of(i: int) -> ReportedEvent:
            read = found.get(i)
            if read is None:
                read = found[i] = reported_event(texts[i])
            return read

        cap = TOPIC_CAP * self.model.possible_threshold
        for k, i, j in zip(todo.tolist(), a[todo].tolist(), b[todo].tolist(), strict=True):
            x, y = of(i), of(j)
            if not (x.found or y.found) or not x.figures.isdisjoint(y.figures):
                continue
            if not (cues[i].plain & cues[j].plain) - x.inside - y.inside:
                out[k] = min(out[k], cap)

    def unit_scorer(self) -> tuple[UnitTable, ClaimScorer]:
        """The claim units of every sentence and a scorer over them (made on first use)."""
        if self._unit_scorer is None:
            table = unit_table(self.sim, self._clauses)
            positions = self.positions[table.owner]
            self._unit_scorer = (
                table,
                ClaimScorer(table.sim, positions, self.model, units=False, prefix=self),
            )
        return self._unit_scorer

    def _unit_maximum(
        self, a: np.ndarray, b: np.ndarray, similarity: np.ndarray, out: np.ndarray
    ) -> None:
        """Raise each pair's P to that of its best claim-unit pair, for pairs where a sentence
        splits: a clause the two share is then not diluted by the rest of a long sentence.
        Pairs whose whole similarity is under `unit_floor` are left as they are (nearly no unit
        pair of theirs reaches the gate)."""
        table, scorer = self.unit_scorer()
        split = table.split
        todo = np.flatnonzero(
            (split[a] | split[b])
            & (similarity >= self.model.unit_floor)
            & self.states[a]
            & self.states[b]
        )
        if not len(todo):
            return
        ua, ub, pair = unit_pairs(table, a[todo], b[todo])
        best = np.zeros(len(todo))
        np.maximum.at(best, pair, scorer.unit_probability(ua, ub))
        out[todo] = np.maximum(out[todo], best)

    def unit_probability(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """P of pairs of claim units: as of sentence pairs, but 0 for two units whose shared
        words are all names in both (capitalised; a title-case headline's words count as
        written in lower case where the other unit writes them so): two short clauses that
        share only a name ("Minister X said" / "according to Minister X, ...") state no claim
        in common."""
        p = self.score_pairs(a, b)
        cues = self.cues
        for k in np.flatnonzero(p > 0).tolist():
            x, y = cues[int(a[k])], cues[int(b[k])]
            shared = (x.plain | x.names) & (y.plain | y.names)
            if all(t in x.names and t in y.names for t in shared):
                p[k] = 0.0
        return np.round(self.model.unit_scale(p), 9)

    def matched_units(self, i: int, j: int) -> tuple[int, int]:
        """Which claim unit of sentence i and of sentence j give the pair its P: rows of the unit
        table (`unit_scorer()[0].sim`), the sentence's own index when the whole sentence does
        (always so for a sentence of one unit, or when units are off). A pure function of the
        two sentences and the corpus' term weights, remembered once asked."""
        key = (i, j) if i <= j else (j, i)
        found = self._matched.get(key)
        if found is None:
            found = key
            if self.use_units:
                table, scorer = self.unit_scorer()
                if table.split[i] or table.split[j]:
                    a, b = np.array(key[:1]), np.array(key[1:])
                    sims = self.sim.score_pairs(a, b)
                    whole = self.probability(a, b, sims)[0]
                    ua, ub, _ = unit_pairs(table, a, b)
                    p = scorer.unit_probability(ua, ub)
                    k = int(np.argmax(p))
                    if p[k] > 0 and p[k] >= whole:
                        found = (int(ua[k]), int(ub[k]))
            self._matched[key] = found
        return found if i <= j else (found[1], found[0])


def _word_alignment(sim: SimilarityModel, cues: list[Cues]) -> tuple[list[Words], WordAligner]:
    """Each sentence's content words as rows of a vocabulary of written forms (the vector of
    the form the sentence itself uses, so a pair's features depend on its two sentences alone),
    and the aligner over that vocabulary (wordllama vectors when the similarity model embeds,
    else identical stems only)."""
    forms: dict[str, int] = {}
    stems: dict[str, int] = {}
    out: list[Words] = []
    weight = sim.term_weight
    for text, cue, quantities in zip(sim.texts, cues, sim.quantities, strict=True):
        seen: dict[str, str] = {}
        for word in _WORD.findall(text):
            low = word.casefold().replace("’", "'")
            key = stem(low)
            if key in cue.plain or key in cue.names:
                seen.setdefault(key, low)
        keys = sorted(seen)
        out.append(
            Words(
                ids=np.array([forms.setdefault(seen[t], len(forms)) for t in keys], dtype=np.int64),
                stems=np.array([stems.setdefault(t, len(stems)) for t in keys], dtype=np.int64),
                weight=np.array([weight.get(t, 1.0) for t in keys], dtype=np.float64),
                plain=np.array([t in cue.plain for t in keys], dtype=bool),
                quantities=tuple(quantities),
            )
        )
    vectors = None
    if sim.uses_embeddings and forms:
        embedder, _ = load_embedder()
        if embedder is not None:
            vectors = embedder.embed(list(forms)).astype(np.float64)
    return out, WordAligner(vectors)


def _weighted_dice(
    x: frozenset[str], y: frozenset[str], weight: dict[str, float]
) -> tuple[float, int]:
    """Rarity-weighted Dice overlap of two stem sets, and how many stems they share."""
    if not x or not y:
        return 0.0, 0
    both = x & y
    if not both:
        return 0.0, 0
    w = weight.get
    shared = sum(w(t, 1.0) for t in both)
    total = sum(w(t, 1.0) for t in x) + sum(w(t, 1.0) for t in y)
    return (2.0 * shared / total if total else 0.0), len(both)
