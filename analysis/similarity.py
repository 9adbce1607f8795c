"""How alike two sentences are, 0..1, for aligning claims across articles.

The lexical signal works on content terms: stop words and numbers are dropped, words are crudely
stemmed, and each term is weighted by its rarity among the corpus' sentences (blended with
general-English rarity from wordfreq), so names every article repeats weigh little. Masking such
story-wide terms outright (`Weights.shared_mask`) picked better claim pairs on the five seed
articles but cost pairwise F1 on ECB+, so it is off by default. Numbers stay out of the lexical
signal on purpose: "7 people died" and "5 people died" must align, because that is how a
contradiction is found; numbers count through the quantities extraction found instead (agreeing
or merely comparable both help), and shared canonical entities add evidence that survives
spelling variants. A static-embedding signal (wordllama, numpy only, loaded from its wheel
without network) catches paraphrases that share few words; when it cannot load, scoring falls
back to the lexical signal and says so through `SimilarityModel.uses_embeddings`.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from analysis import text_memo
from analysis.model import AlignUnit, Quantity

_STOP_TEXT = """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can could did didn't do does doesn't doing
    don't down during each either even ever few for from further had hadn't has hasn't have
    haven't having he he'd he'll he's her here here's hers herself him himself his how how's
    however i i'd i'll i'm i've if in into is isn't it it's its itself just let's may me
    might more most much must my myself neither no nor not now of off on once one only or
    other ought our ours ourselves out over own per said same say says shall she she'd
    she'll she's should shouldn't since so some still such than that that's the their theirs
    them themselves then there there's these they they'd they'll they're they've this those
    though through thus to too under until up upon us very was wasn't we we'd we'll we're
    we've were weren't what what's when when's where where's whether which while who who's
    whom whose why why's will with within without won't would wouldn't yet you you'd you'll
    you're you've your yours yourself yourselves according also another around told reported
    reportedly
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_DOUBLE = re.compile(r"([b-df-hj-np-tv-z])\1$")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude, consistent suffix stripper: 'checked', 'checks', 'checking' -> 'check'.

    Crude on purpose: it only has to map inflections of one word together, never be shown.
    """
    w = _POSSESSIVE.sub("", word)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    else:
        return w
    return w[:-1] if _DOUBLE.search(w) and not w.endswith(("ll", "ss")) else w


def content_terms(text: str) -> tuple[str, ...]:
    """Stemmed, lower-cased words of a sentence without stop words and without numbers (kept
    across runs inside `text_memo.kept_readings`)."""
    memo = text_memo.active()
    if memo is None:
        return _content_terms(text)
    key, found = memo.lookup("t", text)
    if found is not None:
        return tuple(text_memo.split(found))
    terms = _content_terms(text)
    memo[key] = text_memo.joined(terms)
    return terms


def _content_terms(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for match in _WORD.finditer(text.casefold().replace("’", "'")):
        word = match.group()
        if word in STOP_WORDS or any(ch.isdigit() for ch in word) or len(word) < 2:
            continue
        out.append(stem(word))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Weights:
    """How the signals combine. Picked on ECB+ train topics (bench/tasks/alignment.py), where
    masking story-wide terms lowered pairwise F1 (0.27 -> 0.15), so it is off unless asked for."""

    dice: float = 0.525  # rarity-weighted Dice overlap of content terms
    fuzzy: float = 0.175  # rapidfuzz token_set_ratio on the masked, stemmed terms
    embedding: float = 0.3  # wordllama cosine, rescaled; lexical-only when it is absent
    embedding_floor: float = 0.2  # cosine at or below this counts as 0 (unrelated sentences)
    evidence: float = 0.3  # share of the remaining gap closed by shared entities / quantities
    shared_mask: float = 1.01  # a term in at least this share of articles is masked (>1: never)
    shared_mask_min_docs: int = 4  # ...and only when the corpus has this many articles
    prior_weight: float = 0.3  # share of a term's weight taken from general-English rarity


DEFAULT_WEIGHTS = Weights()


@dataclass(slots=True)
class TermStats:
    """Document frequencies of masked terms over the corpus being aligned."""

    n_units: int = 0
    n_docs: int = 0
    unit_df: Counter[str] = field(default_factory=Counter)
    doc_df: Counter[str] = field(default_factory=Counter)

    @classmethod
    def fit(
        cls, term_sets: Sequence[Iterable[str]], docs: Sequence[int] | None = None
    ) -> TermStats:
        """Count each term once per sentence and once per document (article id in `docs`)."""
        stats = cls(n_units=len(term_sets))
        per_doc: dict[int, set[str]] = {}
        for i, terms in enumerate(term_sets):
            unique = set(terms)
            stats.unit_df.update(unique)
            if docs is not None:
                per_doc.setdefault(docs[i], set()).update(unique)
        if docs is None:
            stats.n_docs = stats.n_units
            stats.doc_df = stats.unit_df
        else:
            stats.n_docs = len(per_doc)
            for terms in per_doc.values():
                stats.doc_df.update(terms)
        return stats

    def is_shared(self, term: str, weights: Weights = DEFAULT_WEIGHTS) -> bool:
        """True for a story-wide term ('Reid' in an article set about Reid): masked out."""
        if self.n_docs < weights.shared_mask_min_docs:
            return False
        return self.doc_df.get(term, 0) >= weights.shared_mask * self.n_docs

    def weight(self, term: str, weights: Weights = DEFAULT_WEIGHTS) -> float:
        """Rarity of a term: sentence-level IDF blended with general-English rarity; 0 if shared."""
        if self.is_shared(term, weights):
            return 0.0
        df = self.unit_df.get(term, 0)
        idf = math.log((1 + self.n_units) / (1 + df)) + 1.0
        rarity = (1.0 - weights.prior_weight) * idf + weights.prior_weight * _prior(term)
        return rarity


@lru_cache(maxsize=200_000)
def _prior(term: str) -> float:
    """General-English rarity on an IDF-like scale (a word at Zipf 7, like 'the', scores 1)."""
    return max(1.0, 8.0 - zipf_frequency(term, "en"))


class Embedder:
    """wordllama static embeddings loaded from the files its wheel ships; never downloads."""

    def __init__(self) -> None:
        # one tokenizer thread: its thread pool kept ~50 MB of arenas for 40,000 sentences, the
        # tool is sized for two cores that the pipeline already keeps busy, and forked
        # workers cannot trip over a pool that was never started
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import wordllama  # type: ignore[import-untyped]
        from wordllama import WordLlama  # type: ignore[import-untyped]

        self._model = WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text (zero rows for empty text)."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vecs = np.asarray(self._model.embed(list(texts), norm=False), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.where(norms > 0, norms, 1.0)


_EMBEDDER: Embedder | None = None
_EMBEDDER_ERROR: str | None = None


def load_embedder() -> tuple[Embedder | None, str | None]:
    """The shared embedder, or (None, why) when wordllama cannot be imported or loaded offline."""
    global _EMBEDDER, _EMBEDDER_ERROR
    if _EMBEDDER is None and _EMBEDDER_ERROR is None:
        try:
            _EMBEDDER = Embedder()
        except Exception as exc:  # any import/load failure means: lexical only
            _EMBEDDER_ERROR = f"wordllama unavailable ({type(exc).__name__}: {exc})"
    return _EMBEDDER, _EMBEDDER_ERROR


def quantity_agreement(a: Sequence[Quantity], b: Sequence[Quantity]) -> float:
    """1 if two sentences share an agreeing quantity, less if only comparable ones, else 0.

    Comparable = same kind and unit ("chips" and "chips", two dollar sums): a different number
    about the same thing is still evidence that the sentences talk about one thing.
    """
    best = 0.0
    for qa in a:
        for qb in b:
            if qa.kind != qb.kind or qa.unit != qb.unit:
                continue
            if overlaps(qa, qb):
                return 1.0
            # a counted noun ("chip") is specific; a bare currency, %, or date much less so
            specific = qa.kind == "count" and qa.unit not in ("", "count")
            best = max(best, 0.7 if specific else 0.4)
    return best


def overlaps(a: Quantity, b: Quantity) -> bool:
    """True when two quantities of one kind can mean the same value (ranges meet, dates nest)."""
    if a.kind == "date" and a.iso and b.iso:
        return a.iso.startswith(b.iso) or b.iso.startswith(a.iso)
    lo_a, hi_a = _bounds(a)
    lo_b, hi_b = _bounds(b)
    if lo_a is None or lo_b is None or hi_a is None or hi_b is None:
        return False
    tol = 1e-9 * max(abs(hi_a), abs(hi_b), 1.0)
    return lo_a <= hi_b + tol and lo_b <= hi_a + tol


def _bounds(q: Quantity) -> tuple[float | None, float | None]:
    low = q.low if q.low is not None else q.value
    high = q.high if q.high is not None else q.value
    return low, high


class SimilarityModel:
    """Pair scores over one corpus of sentences; document frequencies come from that corpus.

    `docs` groups sentences into articles (used to mask story-wide terms); without it every
    sentence counts as its own document, which is what sentence-pair sets need.
    """

    def __init__(
        self,
        texts: Sequence[str],
        *,
        docs: Sequence[int] | None = None,
        entities: Sequence[frozenset[str]] | None = None,
        quantities: Sequence[tuple[Quantity, ...]] | None = None,
        weights: Weights = DEFAULT_WEIGHTS,
        embeddings: bool | np.ndarray = True,
        stats: TermStats | None = None,
        prefix: SimilarityModel | None = None,
    ) -> None:
        self.weights = weights
        self.texts = list(texts)
        # `prefix`: a model whose texts begin this one's, with the same statistics and weights
        # (claim units extend their sentences, analysis.unit_match): its rows are shared, not
        # made again (at 20,000 articles ~0.7 KB a sentence and the tokenising of each)
        if prefix is not None and not (
            prefix.stats is stats
            and prefix.weights == weights
            and self.texts[: len(prefix.texts)] == prefix.texts
        ):
            prefix = None
        known = len(prefix.texts) if prefix is not None else 0
        self.terms = [*(prefix.terms if prefix else ()), *map(content_terms, self.texts[known:])]
        # `stats` given: term weights frozen from another corpus (an analysis epoch, see
        # analysis/incremental.py), so a pair's score depends on its two sentences alone
        self.stats = stats if stats is not None else TermStats.fit(self.terms, docs)
        vocab: dict[str, float] = {}
        for terms in self.terms:
            for term in terms:
                if term not in vocab:
                    vocab[term] = self.stats.weight(term, weights)
        self.term_weight = vocab
        self.term_sets = [*(prefix.term_sets if prefix else ())] + [
            frozenset(t for t in terms if vocab[t] > 0) for terms in self.terms[known:]
        ]
        self.masked = [*(prefix.masked if prefix else ())] + [
            " ".join(sorted(s)) for s in self.term_sets[known:]
        ]
        # fsum: exact, so the total never depends on a set's (hash-seeded) iteration order
        self.mass = np.array(
            [*(prefix.mass.tolist() if prefix else ())]
            + [math.fsum(vocab[t] for t in s) for s in self.term_sets[known:]]
        )
        self.entities = list(entities) if entities is not None else [frozenset()] * len(texts)
        self.quantities = list(quantities) if quantities is not None else [()] * len(texts)
        ent_stats = TermStats.fit(self.entities, docs)
        self.entity_weight = {
            e: (0.0 if ent_stats.is_shared(e, weights) else 1.0)
            for ents in self.entities
            for e in ents
        }
        self.embedding_note: str | None = None
        self.vectors: np.ndarray | None = None
        if isinstance(embeddings, np.ndarray):
            self.vectors = embeddings
        elif embeddings:
            embedder, error = load_embedder()
            if embedder is None:
                self.embedding_note = error
            else:
                self.vectors = embedder.embed(self.texts)
        else:
            self.embedding_note = "embeddings switched off"

    @classmethod
    def from_units(cls, units: Sequence[AlignUnit], **kwargs: Any) -> SimilarityModel:
        """A model over AlignUnits: articles mask story-wide terms, entities/quantities add."""
        return cls(
            [u.text for u in units],
            docs=[u.article_id for u in units],
            entities=[u.entities for u in units],
            quantities=[u.quantities for u in units],
            **kwargs,
        )

    @property
    def uses_embeddings(self) -> bool:
        """False when wordllama could not load (or was switched off): lexical signal only."""
        return self.vectors is not None

    def components(self, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
        """Each signal for the pairs (a[k], b[k]) in 0..1; "cosine" is the raw embedding cosine."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        n = len(a)
        dice, fuzzy, entity, quantity = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
        same = np.zeros(n)  # texts without content words that are identical word for word
        tw, sets, masked, mass = self.term_weight, self.term_sets, self.masked, self.mass
        ents, qts, ew = self.entities, self.quantities, self.entity_weight
        for k, (i, j) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
            si, sj = sets[i], sets[j]
            if si and sj:
                shared = math.fsum(tw[t] for t in (si & sj))
                if shared:
                    dice[k] = 2.0 * shared / (mass[i] + mass[j])
                    fuzzy[k] = fuzz.token_set_ratio(masked[i], masked[j], processor=None) / 100
            elif not si and not sj and self._same_text(i, j):
                dice[k] = fuzzy[k] = same[k] = 1.0
            ei, ej = ents[i], ents[j]
            if ei and ej and not ei.isdisjoint(ej):
                union = math.fsum(ew[e] for e in ei | ej)
                entity[k] = math.fsum(ew[e] for e in ei & ej) / union if union else 0.0
            if qts[i] and qts[j]:
                quantity[k] = quantity_agreement(qts[i], qts[j])
        out = {
            "dice": np.minimum(dice, 1.0),
            "fuzzy": fuzzy,
            "entity": entity,
            "quantity": quantity,
            "same": same,
        }
        if self.vectors is not None:
            out["cosine"] = self._cosine(a, b)
        return out

    def _same_text(self, i: int, j: int) -> bool:
        return self.texts[i].split() == self.texts[j].split()

    def _cosine(self, a: np.ndarray, b: np.ndarray, chunk: int = 200_000) -> np.ndarray:
        assert self.vectors is not None
        out = np.empty(len(a), dtype=np.float64)
        for s in range(0, len(a), chunk):
            va = self.vectors[a[s : s + chunk]]
            vb = self.vectors[b[s : s + chunk]]
            out[s : s + chunk] = np.einsum("ij,ij->i", va, vb)
        return np.clip(out, -1.0, 1.0)

    def combine(self, parts: dict[str, np.ndarray]) -> np.ndarray:
        """Blend the signals into one 0..1 score (see Weights)."""
        w = self.weights
        lexical = (w.dice * parts["dice"] + w.fuzzy * parts["fuzzy"]) / (w.dice + w.fuzzy)
        if "cosine" in parts:
            emb = np.clip((parts["cosine"] - w.embedding_floor) / (1.0 - w.embedding_floor), 0, 1)
            share = w.embedding / (w.dice + w.fuzzy + w.embedding)
            base = (1.0 - share) * lexical + share * emb
        else:
            base = lexical
        evidence = 1.0 - (1.0 - parts["entity"]) * (1.0 - parts["quantity"])
        score = np.clip(base + (1.0 - base) * w.evidence * evidence, 0.0, 1.0)
        # rounded: the embedding dot product can differ in its last bit with memory alignment,
        # and equal scores must stay equal for the aligner's tie order to be reproducible
        return np.round(np.maximum(score, parts.get("same", 0.0)), 9)

    def score_pairs(
        self, a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray
    ) -> np.ndarray:
        """Similarity 0..1 of each pair (a[k], b[k]) of sentence indices."""
        return self.combine(self.components(np.asarray(a), np.asarray(b)))

    def score(self, i: int, j: int) -> float:
        """Similarity 0..1 of sentences i and j."""
        return float(self.score_pairs([i], [j])[0])


def similarity(a: str, b: str, *, embeddings: bool = True) -> float:
    """Similarity 0..1 of two sentences on their own (no corpus: nothing is masked as shared)."""
    return SimilarityModel([a, b], embeddings=embeddings).score(0, 1)
