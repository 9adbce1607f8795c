"""The best-matching pair of claim units of two sentences, so a shared clause is not diluted.

Two outlets often share one clause of a long sentence ("..., while rivals gained ground") and
nothing else in it; whole-sentence similarity averages that clause with the rest. Here each
sentence is cut into claim units (analysis.claim_units; a sentence of one unit is its own unit,
attribution frames are left out) and every unit of one sentence is scored against every unit of
the other with the similarity model's term weights (frozen from the sentence corpus, so a unit
pair's score depends on its two texts and the corpus' rarity alone) and wordllama vectors. The
pair's unit features are read from the unit pair with the highest score.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.claim_units import claim_texts, has_figure
from analysis.similarity import SimilarityModel, content_terms, load_embedder

if TYPE_CHECKING:
    from analysis.vector_cache import Clauses

UNIT_FEATURES: tuple[str, ...] = (
    "unit_best",  # lexical + embedding score of the best unit pair (no entity/quantity bonus)
    "unit_cover",  # share of the less-covered unit's term mass the other unit holds
    "unit_cosine",  # wordllama cosine of the best unit pair
    "unit_gain",  # unit_best minus the same score over the two whole sentences
    "unit_split",  # either sentence has two or more claim units
)


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """The best unit pair of one sentence pair: which unit of each (index into the sentence's
    claim units, 0 for a one-unit sentence) and its features in UNIT_FEATURES order."""

    unit_a: int
    unit_b: int
    features: tuple[float, ...]


class UnitIndex:
    """Claim units of every sentence of one similarity model, with their terms and vectors."""

    def __init__(self, sim: SimilarityModel) -> None:
        self.sim = sim
        weights = sim.weights
        self.share = weights.embedding / (weights.dice + weights.fuzzy + weights.embedding)
        self.floor = weights.embedding_floor
        # row r of the unit table: sentence rows first (a sentence is its own unit), then the
        # units of the sentences that split
        n = len(sim.texts)
        self.rows: list[tuple[int, ...]] = []
        self.texts: list[tuple[str, ...]] = []
        extra: list[str] = []
        for i, text in enumerate(sim.texts):
            parts = claim_texts(text)
            if len(parts) > 1:
                self.rows.append(tuple(range(n + len(extra), n + len(extra) + len(parts))))
                extra.extend(parts)
            else:
                self.rows.append((i,))
            self.texts.append(parts)
        stats, tw = sim.stats, dict(sim.term_weight)
        sets: list[frozenset[str]] = list(sim.term_sets)
        for text in extra:
            terms = content_terms(text)
            for t in terms:
                if t not in tw:
                    tw[t] = stats.weight(t, weights)
            sets.append(frozenset(t for t in terms if tw[t] > 0))
        self.term_weight = tw
        self.sets = sets
        self.mass = [math.fsum(tw[t] for t in s) for s in sets]
        self.vectors: np.ndarray | None = None
        if sim.vectors is not None:
            embedder, _ = load_embedder()
            more = embedder.embed(extra) if (embedder is not None and extra) else None
            self.vectors = (
                np.vstack([sim.vectors, more.astype(sim.vectors.dtype)])
                if more is not None and len(more)
                else sim.vectors
            )
        self.split = np.array([len(r) > 1 for r in self.rows], dtype=bool)

    def _score(self, u: int, v: int) -> tuple[float, float, float]:
        """(score, cover_min, cosine) of two unit rows."""
        su, sv = self.sets[u], self.sets[v]
        shared = math.fsum(self.term_weight[t] for t in su & sv) if su and sv else 0.0
        mu, mv = self.mass[u], self.mass[v]
        dice = min(1.0, 2.0 * shared / (mu + mv)) if shared else 0.0
        cover = shared / max(mu, mv) if shared else 0.0
        if self.vectors is None:
            return dice, cover, 0.0
        cosine = float(np.dot(self.vectors[u], self.vectors[v]))
        emb = min(1.0, max(0.0, (cosine - self.floor) / (1.0 - self.floor)))
        return (1.0 - self.share) * dice + self.share * emb, cover, cosine

    def match(self, i: int, j: int) -> UnitMatch:
        """The best unit pair of sentences i and j (ties: the earliest units)."""
        best = (-1.0, 0.0, 0.0)
        at = (0, 0)
        for x, u in enumerate(self.rows[i]):
            for y, v in enumerate(self.rows[j]):
                score = self._score(u, v)
                if score[0] > best[0]:
                    best, at = score, (x, y)
        whole = best if not (self.split[i] or self.split[j]) else self._score(i, j)
        features = (
            round(best[0], 9),
            round(best[1], 9),
            round(best[2], 9),
            round(best[0] - whole[0], 9),
            float(self.split[i] or self.split[j]),
        )
        return UnitMatch(at[0], at[1], features)

    def features(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """UNIT_FEATURES of each pair (a[k], b[k]), one row each."""
        rows = [self.match(i, j).features for i, j in zip(a.tolist(), b.tolist(), strict=True)]
        return np.array(rows, dtype=np.float64).reshape(len(a), len(UNIT_FEATURES))


MIN_UNIT_WORDS = 5  # a shorter clause is compared only as part of its sentence
# ... unless it counts: "and 37 others hurt" is a claim of its own in four words, and left in its
# sentence it makes the sentence one item that can join one of its two claims only
MIN_COUNT_WORDS = 3


def clustered_units(text: str) -> tuple[str, ...]:
    """The claim units a sentence is compared through (`unit_table`): its claim units of
    MIN_UNIT_WORDS or more (MIN_COUNT_WORDS with a figure), () when that is the sentence itself.
    Two or more: the sentence is clustered unit by unit (analysis/claim_items.py)."""
    parts = claim_texts(text)
    if len(parts) > 1:
        parts = tuple(
            p
            for p in parts
            if len(p.split()) >= (MIN_COUNT_WORDS if has_figure(p) else MIN_UNIT_WORDS)
        )
    return () if not parts or parts == (" ".join(text.split()),) else parts


@dataclass(frozen=True, slots=True)
class UnitTable:
    """A similarity model over every sentence and then the claim units of the sentences that
    split (term weights frozen from the sentence model, so a unit pair's score depends on its two
    texts and the corpus' rarity alone), and which rows are whose units."""

    sim: SimilarityModel
    rows: tuple[tuple[int, ...], ...]  # per sentence: its unit rows in `sim`, () when unsplit
    owner: np.ndarray  # the sentence of each row of `sim`
    split: np.ndarray  # per sentence: True when it has two or more claim units

    def unit_rows(self, i: int) -> tuple[int, ...]:
        """The rows of sentence i's claim units (the sentence itself when it is one unit)."""
        return self.rows[i] or (i,)


def unit_table(sim: SimilarityModel, clauses: Clauses | None = None) -> UnitTable:
    """Every sentence's claim units as rows of one similarity model. A unit keeps the sentence's
    entities that it names (a word of three letters or more of the name) and the quantities whose
    text it holds. `clauses`: each sentence's `clustered_units` and their vectors, kept from an
    earlier run (analysis/vector_cache.py), instead of splitting and embedding them again."""
    if clauses is not None and len(clauses.parts) != len(sim.texts):
        clauses = None
    texts = list(sim.texts)
    entities = list(sim.entities)
    quantities = list(sim.quantities)
    owner = list(range(len(texts)))
    rows: list[tuple[int, ...]] = []
    extra: list[str] = []
    for i, text in enumerate(sim.texts):
        parts = clustered_units(text) if clauses is None else clauses.parts[i]
        if not parts:
            rows.append(())
            continue
        rows.append(tuple(range(len(texts), len(texts) + len(parts))))
        for part in parts:
            low = part.casefold()
            texts.append(part)
            extra.append(part)
            owner.append(i)
            entities.append(
                frozenset(
                    e
                    for e in sim.entities[i]
                    if any(w in low for w in e.casefold().split() if len(w) >= 3)
                )
            )
            quantities.append(tuple(q for q in sim.quantities[i] if q.text and q.text in part))
    vectors: bool | np.ndarray = False
    if sim.vectors is not None:
        embedder, _ = load_embedder()
        if not extra:
            vectors = sim.vectors
        elif clauses is not None and len(clauses.vectors) == len(extra):
            vectors = np.vstack([sim.vectors, clauses.vectors.astype(sim.vectors.dtype)])
            sim.vectors = vectors[: len(sim.texts)]
        elif embedder is not None:
            vectors = np.vstack([sim.vectors, embedder.embed(extra).astype(sim.vectors.dtype)])
            sim.vectors = vectors[: len(sim.texts)]  # the same rows, held once (1 KB a sentence)
    model = SimilarityModel(
        texts, entities=entities, quantities=quantities, weights=sim.weights,
        embeddings=vectors, stats=sim.stats, prefix=sim,
    )  # fmt: skip
    split = np.array([bool(r) for r in rows], dtype=bool)
    return UnitTable(model, tuple(rows), np.asarray(owner, dtype=np.int64), split)


def unit_pairs(
    table: UnitTable,
    a: np.ndarray,
    b: np.ndarray,
    rows: Callable[[int], tuple[int, ...]] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every unit pair of each sentence pair (a[k], b[k]) as rows of `table.sim`, and k.
    `rows`: the unit rows an index of a and b stands for (default: a sentence's units)."""
    rows_of = rows or table.unit_rows
    ua: list[int] = []
    ub: list[int] = []
    pair: list[int] = []
    for k, (i, j) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        for u in rows_of(i):
            for v in rows_of(j):
                ua.append(u)
                ub.append(v)
                pair.append(k)
    as_array = np.asarray
    return (
        as_array(ua, dtype=np.int64),
        as_array(ub, dtype=np.int64),
        as_array(pair, dtype=np.int64),
    )
