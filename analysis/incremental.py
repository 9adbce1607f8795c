"""Alignment across runs of `analyze`: frozen term weights per epoch, and pair scores kept.

A pair's similarity depends on the whole corpus through the term weights (document frequencies),
so a new article changes every score a little and no old score could be reused. An *epoch*
freezes those statistics: it starts on a full pass (no epoch yet, another analysis version,
`analyze --full`, or a corpus that has grown or shrunk by more than `EPOCH_GROWTH` since the
epoch began) with the statistics of the corpus as it is then, exactly what a one-off analysis
computes, and every later run in the epoch uses them. Within an epoch a pair's similarity and
P(same claim) are functions of its two sentences alone (text, canonical entities, quantities and
line number in the article), so the scores of the last run are kept (`PairMemo`, keyed by a hash
of each sentence's content) and only pairs with a new or changed sentence are scored again.

Blocking and clustering still run over the whole corpus, with the scores looked up: that is what
makes the result *equal* to a full pass at the same epoch (tests/test_incremental.py), whatever
batches the articles came in, where scoring only the new sentences against their blocks would
drift (a new sentence can push an old pair out of a unit's strongest candidates, or a blocking
key over `MAX_BLOCK`). docs/SCALING.md has the reasoning and what is left.

Pure: plain data in, plain data out; the store keeps the two blobs (`encode`/`decode`).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.align import Aligner, Prepared, _positions, candidate_pairs, claim_order
from analysis.align_incremental import ComponentMemo, DecisionMemo, cluster_by_component
from analysis.claim_model import ClaimScorer
from analysis.model import AlignUnit, ClusterDraft
from analysis.similarity import SimilarityModel, TermStats, content_terms
from analysis.vector_cache import Clauses

EPOCH_GROWTH = 0.10  # a new epoch once the corpus has grown (or shrunk) by this share
SCALE = 1e9  # scores are rounded to 9 decimals, so k / SCALE rebuilds them exactly
CHUNK = 20_000  # pairs scored at a time (as Aligner.prepare does)

Progress = Callable[[int, int], None]


def _pack(head: dict[str, Any], body: bytes) -> bytes:
    """A memo blob: a JSON head line (epoch, counts), then the zlib'd arrays."""
    return json.dumps(head).encode() + b"\n" + zlib.compress(body, 1)


def _unpack(blob: bytes) -> tuple[dict[str, Any], bytes]:
    """The head and body of a `_pack` blob (zlib.error, ValueError on a damaged one)."""
    head, _, body = blob.partition(b"\n")
    return json.loads(head), zlib.decompress(body)


@dataclass(slots=True)
class Epoch:
    """The frozen term statistics of one analysis version over a corpus of `articles`."""

    version: str
    articles: int
    stats: TermStats

    @property
    def ident(self) -> str:
        """Digest of the version and the statistics: pair scores are valid within one ident."""
        return hashlib.sha256(self.encode()).hexdigest()[:24]

    def encode(self) -> bytes:
        s = self.stats
        body = {
            "version": self.version, "articles": self.articles, "n_units": s.n_units,
            "n_docs": s.n_docs, "unit_df": sorted(s.unit_df.items()),
            "doc_df": None if s.doc_df is s.unit_df else sorted(s.doc_df.items()),
        }  # fmt: skip
        return zlib.compress(json.dumps(body, separators=(",", ":")).encode(), 6)

    @classmethod
    def decode(cls, blob: bytes | None) -> Epoch | None:
        """The epoch in `blob`, or None when there is none or it cannot be read."""
        if not blob:
            return None
        try:
            body = json.loads(zlib.decompress(blob))
            unit_df = Counter(dict(body["unit_df"]))
            doc_df = unit_df if body["doc_df"] is None else Counter(dict(body["doc_df"]))
            stats = TermStats(int(body["n_units"]), int(body["n_docs"]), unit_df, doc_df)
            return cls(str(body["version"]), int(body["articles"]), stats)
        except (zlib.error, ValueError, KeyError, TypeError):
            return None


def choose_epoch(
    previous: Epoch | None,
    units: Sequence[AlignUnit],
    *,
    version: str,
    articles: int,
    full: bool = False,
    growth: float = EPOCH_GROWTH,
) -> tuple[Epoch, bool]:
    """The epoch this run uses and whether it is new (its statistics fitted on `units` now,
    exactly as a one-off alignment fits them)."""
    if (
        previous is not None
        and not full
        and previous.version == version
        and abs(articles - previous.articles) <= growth * previous.articles
    ):
        return previous, False
    stats = TermStats.fit([content_terms(u.text) for u in units], [u.article_id for u in units])
    return Epoch(version, articles, stats), True


@dataclass(slots=True)
class PairMemo:
    """Scored pairs of the last run in one epoch: sentence content keys, and for each pair the
    two keys' positions in `keys` (as one code), its similarity and P(same claim) times SCALE."""

    epoch: str
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    codes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    score: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    p: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    def __len__(self) -> int:
        return len(self.codes)

    def encode(self) -> bytes:
        parts = [
            self.keys.astype("<i8").tobytes(),
            self.codes.astype("<i8").tobytes(),
            self.score.astype("<i4").tobytes(),
            self.p.astype("<i4").tobytes(),
        ]
        return _pack({"epoch": self.epoch, "keys": len(self.keys), "pairs": len(self)},
                     b"".join(parts))  # fmt: skip

    @classmethod
    def decode(cls, blob: bytes | None) -> PairMemo | None:
        if not blob:
            return None
        try:
            info, raw = _unpack(blob)
            k, n = int(info["keys"]), int(info["pairs"])
            if len(raw) != 8 * k + 16 * n:
                return None
            keys = np.frombuffer(raw, "<i8", k, 0).astype(np.int64)
            codes = np.frombuffer(raw, "<i8", n, 8 * k).astype(np.int64)
            score = np.frombuffer(raw, "<i4", n, 8 * k + 8 * n).astype(np.int32)
            p = np.frombuffer(raw, "<i4", n, 8 * k + 12 * n).astype(np.int32)
            return cls(str(info["epoch"]), keys, codes, score, p)
        except (zlib.error, ValueError, KeyError, TypeError):
            return None


def unit_keys(
    units: Sequence[AlignUnit],
    positions: np.ndarray,
    reads: Sequence[tuple[str, ...]] | None = None,
) -> np.ndarray:
    """A 64-bit hash of everything a pair score reads from a sentence (within an epoch): its
    text, canonical entities, quantities, line number, and which words outside its own content
    terms it reads the corpus weight of (`vocabulary_reads`)."""
    out = np.empty(len(units), dtype=np.int64)
    for i, u in enumerate(units):
        more = reads[i] if reads is not None else ()
        raw = repr((u.text, sorted(u.entities), u.quantities, int(positions[i]), more))
        digest = hashlib.blake2b(raw.encode(), digest_size=8).digest()
        out[i] = int.from_bytes(digest, "little", signed=True)
    return out


def vocabulary_reads(model: SimilarityModel, cues: list[Any]) -> list[tuple[str, ...]]:
    """Per sentence, the words outside its own content terms whose corpus weight its P(same)
    reads (the claim model splits "abc123def" where the similarity drops it): such a weight
    exists only while another sentence of the corpus has the word, so which of them the corpus
    has is part of the sentence's key (pairs were never reused for such sentences before)."""
    vocab = model.term_weight
    out: list[tuple[str, ...]] = []
    for i, c in enumerate(cues):
        own = model.term_sets[i]
        out.append(tuple(sorted(t for t in c.plain | c.names if t in vocab and t not in own)))
    return out


class _Lookup:
    """The memos mapped onto this run's sentences: for each, ids into its `keys` (-1: not
    reusable). `base`: the first memo is the epoch's base, whose pairs need not be kept again."""

    def __init__(
        self, memos: Sequence[PairMemo | None], keys: np.ndarray, *, base: bool = False
    ) -> None:
        self.parts: list[tuple[PairMemo, np.ndarray]] = []
        self.base = base and bool(memos) and memos[0] is not None and len(memos[0]) > 0
        for memo in memos:
            if memo is None or not len(memo.keys) or not len(memo):
                continue
            ids = np.full(len(keys), -1, dtype=np.int64)
            at = np.minimum(np.searchsorted(memo.keys, keys), len(memo.keys) - 1)
            found = memo.keys[at] == keys
            ids[found] = at[found]
            self.parts.append((memo, ids))

    def find(
        self, a: np.ndarray, b: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For pairs (a, b): found mask, similarity and P of each (0 where not found), and the
        mask of those found in the base."""
        found = np.zeros(len(a), dtype=bool)
        score, p = np.zeros(len(a)), np.zeros(len(a))
        in_base = np.zeros(len(a), dtype=bool)
        for n, (memo, ids) in enumerate(self.parts):
            todo = np.flatnonzero(~found)
            if not len(todo):
                break
            ia, ib = ids[a[todo]], ids[b[todo]]
            ok = np.flatnonzero((ia >= 0) & (ib >= 0))
            codes = ia[ok] * len(memo.keys) + ib[ok]
            at = np.minimum(np.searchsorted(memo.codes, codes), len(memo.codes) - 1)
            hit = memo.codes[at] == codes
            rows, at = todo[ok[hit]], at[hit]
            found[rows] = True
            score[rows], p[rows] = memo.score[at] / SCALE, memo.p[at] / SCALE
            if n == 0 and self.base:
                in_base[rows] = True
        return found, score, p, in_base


class _Recorder:
    """Every pair this run scored or looked up, for the next run's memo."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add(
        self,
        a: np.ndarray,
        b: np.ndarray,
        score: np.ndarray,
        p: np.ndarray,
        in_base: np.ndarray | None = None,
    ) -> None:
        """Pairs (a, b) with their scores, but those `in_base` (kept there already)."""
        if in_base is not None and in_base.any():
            keep = np.flatnonzero(~in_base)
            a, b, score, p = a[keep], b[keep], score[keep], p[keep]
        if len(a):
            self.parts.append((a, b, score, p))

    def memo(self, epoch: str, keys: np.ndarray) -> PairMemo:
        """The pairs as codes of content-key positions, each once (its first recording), with
        scores as integers of 1/SCALE. Made part by part: the first part is every candidate pair
        (tens of millions at 20,000 articles), so no copy of it as a whole is made."""
        if not self.parts:
            return PairMemo(epoch)
        uniq, ids = np.unique(keys, return_inverse=True)
        codes, scores, ps = [], [], []
        for a, b, score, p in self.parts:
            codes.append(ids[a] * len(uniq) + ids[b])
            scores.append(np.rint(score * SCALE).astype(np.int32))  # <= 1e9: fits
            ps.append(np.rint(p * SCALE).astype(np.int32))
        code, first = np.unique(np.concatenate(codes), return_index=True)
        del codes
        return PairMemo(epoch, uniq, code, np.concatenate(scores)[first], np.concatenate(ps)[first])


class _MemoScorer:
    """The claim scorer the clustering asks for pairs blocking skipped (linkage checks): the
    memo first, the real scorer for the rest; everything it answers is recorded. It carries
    the item memo the claim items read (`ItemScorer` finds it here)."""

    def __init__(
        self,
        scorer: ClaimScorer,
        lookup: _Lookup,
        recorder: _Recorder,
        item_memo: ItemMemo | None = None,
    ) -> None:
        self.scorer = scorer
        self.lookup = lookup
        self.recorder = recorder
        self.item_memo = item_memo

    @property
    def texts(self) -> list[str]:
        return self.scorer.texts

    def score_pairs(self, a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray) -> Any:
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        score, p, _, in_base = _scored(self.scorer, self.lookup, a, b)
        self.recorder.add(a, b, score, p, in_base)
        return p


def _scored(
    scorer: ClaimScorer, lookup: _Lookup, a: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Similarity and P of pairs (a, b): from the memos where they have them, else scored; and
    the masks of the pairs a memo had and of those the base memo had."""
    found, score, p, in_base = lookup.find(a, b)
    todo = np.flatnonzero(~found)
    if len(todo):
        score[todo] = scorer.sim.score_pairs(a[todo], b[todo])
        p[todo] = scorer.probability(a[todo], b[todo], score[todo])
    return score, p, found, in_base


Pair = tuple[int, int]


class MatchedMemo(MutableMapping[Pair, Pair]):
    """Where `ClaimScorer.matched_units` keeps its answers (which claim unit of each sentence
    gives a pair its P), with the last run's answers by the two sentences' content keys.

    Within an epoch the answer is a function of the two sentences in their order (a tie between
    unit pairs goes to the first of sentence i's units, so (i, j) and (j, i) are kept apart): the
    units are parts of the sentence's text with its entities and quantities, scored with the
    epoch's term weights, and the content key holds all of that (`unit_keys`). The clustering of
    a component that new sentences reach asks for most of the same pairs again (on the BBC
    database one component holds 27,000 of 42,000 sentences), so this is most of its cost.
    Answers are kept as each unit's place among its sentence's units (-1: the whole sentence),
    since the unit rows of a run depend on the whole corpus."""

    def __init__(self, epoch: str, blob: bytes | None = None) -> None:
        self.epoch = epoch
        self.known = _decode_matched(blob, epoch)
        self.here: dict[Pair, Pair] = {}
        self.used: dict[Pair, Pair] = {}  # content-key pair -> unit places, for the next run
        self.keys: list[int] = []
        self.rows: Callable[[int], tuple[int, ...]] = lambda i: ()
        self.reused = 0

    def start(self, keys: np.ndarray, rows: Callable[[int], tuple[int, ...]]) -> None:
        """This run's content keys and each sentence's unit rows (asked only on a memo hit)."""
        self.keys = keys.tolist()
        self.rows = rows

    def __getitem__(self, pair: Pair) -> Pair:
        found = self.here.get(pair)
        if found is not None:
            return found
        if not self.keys:
            raise KeyError(pair)
        i, j = pair
        content = (self.keys[i], self.keys[j])
        places = self.known.get(content)
        if places is None:
            raise KeyError(pair)
        rows_i, rows_j = self.rows(i), self.rows(j)
        if places[0] >= len(rows_i) or places[1] >= len(rows_j):
            raise KeyError(pair)  # cannot happen for equal keys; computed again if it does
        found = (
            i if places[0] < 0 else rows_i[places[0]],
            j if places[1] < 0 else rows_j[places[1]],
        )
        self.here[pair] = found
        self.used[content] = places
        self.reused += 1
        return found

    def __setitem__(self, pair: Pair, found: Pair) -> None:
        self.here[pair] = found
        if self.keys:
            i, j = pair
            places = (
                -1 if found[0] == i else self.rows(i).index(found[0]),
                -1 if found[1] == j else self.rows(j).index(found[1]),
            )
            self.used[(self.keys[i], self.keys[j])] = places

    def __delitem__(self, pair: Pair) -> None:
        del self.here[pair]

    def __iter__(self) -> Iterator[Pair]:
        return iter(self.here)

    def __len__(self) -> int:
        return len(self.here)

    def encode(self) -> bytes:
        """The answers this run used, for the next run of the epoch."""
        n = len(self.used)
        content = np.array(list(self.used), dtype=np.int64).reshape(n, 2)
        places = np.array(list(self.used.values()), dtype=np.int16).reshape(n, 2)
        body = content.astype("<i8").tobytes() + places.astype("<i2").tobytes()
        return _pack({"epoch": self.epoch, "pairs": n}, body)


def _decode_matched(blob: bytes | None, epoch: str) -> dict[Pair, Pair]:
    """The answers in `blob` when it is of `epoch`; else none."""
    if not blob:
        return {}
    try:
        info, raw = _unpack(blob)
        n = int(info["pairs"])
        if info["epoch"] != epoch or len(raw) != 20 * n:
            return {}
        content = np.frombuffer(raw, "<i8", 2 * n, 0).reshape(n, 2).tolist()
        places = np.frombuffer(raw, "<i2", 2 * n, 16 * n).reshape(n, 2).tolist()
    except (zlib.error, ValueError, KeyError, TypeError):
        return {}
    return {(a, b): (x, y) for (a, b), (x, y) in zip(content, places, strict=True)}


class ItemMemo:
    """Where `ItemScorer._fill` (analysis/claim_items.py) keeps the P of every item pair of a
    sentence pair, with the last run's by the two sentences' content keys in their order.

    Within an epoch those values are functions of the two sentences in their order: the items
    are the sentences' claim units (parts of their text with their entities and quantities),
    and each value is a unit-pair P, a similarity and the sentence pair's P, all read through
    the content key (`unit_keys`), so the key says everything a value reads; the order matters
    for ties, so (i, j) and (j, i) are kept apart. A re-clustering of the giant component asks
    for the same item pairs run after run. Values are kept in the order `_fill` makes them
    (items of the first sentence, then of the second) as float64, so they come back bit for
    bit; a stored entry whose count of values does not match is not trusted."""

    def __init__(self, epoch: str, blob: bytes | None = None) -> None:
        self.epoch = epoch
        self.index, self.offsets, self.values = _decode_items(blob, epoch)
        self.used: dict[Pair, np.ndarray] = {}  # content-key pair -> values, for the next run
        self.keys: list[int] = []
        self.reused = 0

    def start(self, keys: np.ndarray) -> None:
        """This run's content keys (until then nothing is recalled or recorded)."""
        self.keys = keys.tolist()

    def recall(self, items: Any, sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
        """Put the known pairs' values into `items._known`; the indices of the others."""
        todo: list[int] = []
        keys, known = self.keys, items._known
        for k, (i, j) in enumerate(zip(sa.tolist(), sb.tolist(), strict=True)):
            if not keys:
                todo.append(k)
                continue
            content = (keys[i], keys[j])
            at = self.index.get(content)
            xs, ys = items.items_of(i), items.items_of(j)
            if at is None or self.offsets[at + 1] - self.offsets[at] != len(xs) * len(ys):
                todo.append(k)
                continue
            values = self.values[self.offsets[at] : self.offsets[at + 1]]
            flat = values.tolist()
            n = 0
            for x in xs:
                for y in ys:
                    known[(min(x, y), max(x, y))] = flat[n]
                    n += 1
            self.used[content] = values
            self.reused += 1
        return np.asarray(todo, dtype=np.int64)

    def record(self, items: Any, sa: np.ndarray, sb: np.ndarray, p: np.ndarray) -> None:
        """The values `_fill` computed for pairs (sa, sb), in its order, for the next run."""
        if not self.keys:
            return
        at = 0
        for i, j in zip(sa.tolist(), sb.tolist(), strict=True):
            n = len(items.items_of(i)) * len(items.items_of(j))
            self.used[(self.keys[i], self.keys[j])] = np.asarray(p[at : at + n], dtype=np.float64)
            at += n

    def encode(self) -> bytes:
        """The values this run used, for the next run of the epoch."""
        n = len(self.used)
        content = np.array(list(self.used), dtype=np.int64).reshape(n, 2)
        sizes = np.array([len(v) for v in self.used.values()], dtype=np.int64)
        flat = np.concatenate(list(self.used.values())) if n else np.zeros(0)
        body = content.astype("<i8").tobytes() + sizes.astype("<i4").tobytes()
        return _pack({"epoch": self.epoch, "pairs": n, "values": len(flat)},
                     body + flat.astype("<f8").tobytes())  # fmt: skip


def _decode_items(blob: bytes | None, epoch: str) -> tuple[dict[Pair, int], np.ndarray, np.ndarray]:
    """An ItemMemo's index (content-key pair -> entry), offsets and values when `blob` is of
    `epoch`; else empty ones."""
    empty: tuple[dict[Pair, int], np.ndarray, np.ndarray] = ({}, np.zeros(1, np.int64), np.zeros(0))
    if not blob:
        return empty
    try:
        info, raw = _unpack(blob)
        n, m = int(info["pairs"]), int(info["values"])
        if info["epoch"] != epoch or len(raw) != 20 * n + 8 * m:
            return empty
        content = np.frombuffer(raw, "<i8", 2 * n, 0).reshape(n, 2).tolist()
        sizes = np.frombuffer(raw, "<i4", n, 16 * n).astype(np.int64)
        values = np.frombuffer(raw, "<f8", m, 20 * n).astype(np.float64)
    except (zlib.error, ValueError, KeyError, TypeError):
        return empty
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    if offsets[-1] != m:
        return empty
    return {(a, b): k for k, (a, b) in enumerate(content)}, offsets, values


@dataclass(slots=True)
class AlignRun:
    """What `align_in_epoch` found and what the next run can reuse."""

    clusters: list[ClusterDraft]
    memo: PairMemo  # this run's pair scores but those of `base` (all of them without a base)
    pairs: int  # candidate pairs
    reused: int  # of those, scores taken from the last run
    uses_embeddings: bool
    component_memo: ComponentMemo | None = None  # clusters by component, for the next run
    components: int = 0  # connected components of strong pairs (analysis/align_incremental.py)
    reclustered: int = 0  # of those, clustered this run (the rest kept from the last run)
    matched: bytes = b""  # MatchedMemo of this run, for the next one
    matched_reused: int = 0  # claim-unit matches taken from the last run
    items: bytes = b""  # ItemMemo of this run, for the next one
    items_reused: int = 0  # sentence pairs whose item P came from the last run
    decisions: bytes = b""  # DecisionMemo of this run, for the next one
    decisions_reused: int = 0  # clustering answers about groups taken from the last run
    decisions_computed: int = 0  # and computed this run
    extends: bool = False  # `memo` holds only the pairs beyond the base memo given


BASE_SHARE = 0.5  # a base memo is written afresh once the pairs beyond it reach this share of it


def align_in_epoch(
    units: Sequence[AlignUnit],
    epoch: Epoch,
    memo: PairMemo | None,
    *,
    aligner: Aligner | None = None,
    progress: Progress | None = None,
    vectors: np.ndarray | None = None,
    components: bytes | None = None,
    matched: bytes | None = None,
    items: bytes | None = None,
    clauses: Clauses | None = None,
    decisions: bytes | None = None,
    base: PairMemo | None = None,
) -> AlignRun:
    """`Aligner.align` with the epoch's term weights and the last run's pair scores: the same
    clusters as `Aligner.align` would give with those weights (see the module docstring).
    `vectors`: the units' sentence vectors when the caller has them (analysis/vector_cache.py);
    `components`: the last run's `ComponentMemo` blob (analysis/align_incremental.py);
    `matched`: the last run's `MatchedMemo` blob; `items`: the last run's `ItemMemo` blob;
    `clauses`: the units' claim units and their vectors, kept per article (vector_cache);
    `decisions`: the last run's `DecisionMemo` blob (analysis/align_incremental.py);
    `base`: the pair scores kept when the epoch began, which `memo` extends: the memo this run
    returns then holds only its pairs that `base` lacks (`AlignRun.extends`), so the base, ~20 MB
    at 2,000 articles, is neither made, encoded nor written again on every run of the epoch;
    once `memo` reaches `BASE_SHARE` of the base, all of this run's pairs are returned instead
    (a new base). A value is a function of its pair's content within the epoch, so it does not
    matter which memo gives it."""
    aligner = aligner or Aligner()
    if aligner.model is None or aligner.weights.shared_mask <= 1.0:
        raise ValueError("pair scores are reusable only with the claim model and no shared mask")
    embeddings = vectors if aligner.embeddings and vectors is not None else aligner.embeddings
    model = SimilarityModel.from_units(
        units, weights=aligner.weights, embeddings=embeddings, stats=epoch.stats
    )
    aligner.uses_embeddings = model.uses_embeddings
    aligner.embedding_note = model.embedding_note
    articles = np.array([u.article_id for u in units], dtype=np.int64)
    a, b = candidate_pairs(
        model, articles, max_block=aligner.max_block, max_neighbours=aligner.max_neighbours
    )
    positions = _positions(articles)
    ident = epoch.ident
    matched_memo = MatchedMemo(ident, matched)
    scorer = ClaimScorer(model, positions, aligner.model, matched=matched_memo, clauses=clauses)
    keys = unit_keys(units, positions, vocabulary_reads(model, scorer.cues))
    matched_memo.start(keys, lambda i: scorer.unit_scorer()[0].rows[i])
    item_memo = ItemMemo(ident, items)
    item_memo.start(keys)
    memo = memo if memo is not None and memo.epoch == ident else None
    base = base if base is not None and base.epoch == ident and len(base) else None
    if base is not None and memo is not None and len(memo) >= BASE_SHARE * len(base):
        lookup = _Lookup([base, memo], keys)  # both read, everything recorded: a new base
    else:
        lookup = _Lookup([base, memo], keys, base=base is not None)
    recorder = _Recorder()
    scores, p_same = np.empty(len(a)), np.empty(len(a))
    in_base = np.zeros(len(a), dtype=bool)
    reused = 0
    for start in range(0, len(a), CHUNK):
        stop = min(start + CHUNK, len(a))
        s, p, found, based = _scored(scorer, lookup, a[start:stop], b[start:stop])
        scores[start:stop], p_same[start:stop], in_base[start:stop] = s, p, based
        reused += int(found.sum())
        if progress is not None:
            progress(stop, len(a) + 1)
    recorder.add(a, b, scores, p_same, in_base)
    del in_base
    memo_scorer = _MemoScorer(scorer, lookup, recorder, item_memo)
    decision_memo = DecisionMemo(ident, decisions)

    def cluster(mask: np.ndarray) -> list[ClusterDraft]:
        prepared = Prepared(
            list(units), model, articles, a[mask], b[mask], scores[mask], 0.0,
            memo_scorer, p_same[mask], decision_memo, keys,  # type: ignore[arg-type]
        )  # fmt: skip
        return aligner.cluster(prepared)

    strong = (p_same >= aligner.possible_threshold) | (scores >= aligner.suggest_threshold)
    by_component = cluster_by_component(
        units, keys, a, b, scores, p_same, strong, cluster,
        ComponentMemo.decode(components, ident), order=claim_order,
    )  # fmt: skip
    if progress is not None:
        progress(len(a) + 1, len(a) + 1)
    memo_out = recorder.memo(ident, keys)
    return AlignRun(
        by_component.clusters, memo_out, len(a), reused, model.uses_embeddings,
        by_component.memo, by_component.components, by_component.reclustered,
        matched_memo.encode(), matched_memo.reused, item_memo.encode(), item_memo.reused,
        decision_memo.encode(), decision_memo.reused, decision_memo.computed, lookup.base,
    )  # fmt: skip
