"""Group sentences from different articles that state the same claim.

Scoring every pair is quadratic (50,000 sentences make 1.25e9 pairs), so candidate pairs come from
blocking: two sentences are compared only if they share a rare content term, a canonical entity
or a quantity of the same kind and unit (a term in more than `max_block` sentences is no key).
Each sentence keeps only its `max_neighbours` best candidates by shared-key rarity. Clusters are
grown greedily from the strongest pair down, under average linkage (the mean similarity between
two groups must reach the suggest threshold, so a chain of loosely linked sentences cannot merge)
and with at most one sentence per article. Two thresholds, as Meedan Check keeps them: pairs at or
above `suggest_threshold` may form a cluster; members at or above `confirm_threshold` (similarity
to the cluster's medoid) can be taken as confirmed without review.
"""

from __future__ import annotations

import time
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.claim_items import ItemScorer
from analysis.claim_merge import FactLinks, fact_linked, merge_score
from analysis.claim_model import ClaimModel, ClaimScorer, load_claim_model
from analysis.copies import witnesses
from analysis.model import AlignUnit, ClusterDraft, ClusterMember, Tier
from analysis.polarity import event_polarity, load_lexicon
from analysis.similarity import DEFAULT_WEIGHTS, SimilarityModel, Weights, load_embedder

# Picked on ECB+ train topics (odd), see bench/tasks/alignment.py and the report of that bench.
SUGGEST_THRESHOLD = 0.36
CONFIRM_THRESHOLD = 0.85
MAX_BLOCK = 200
MAX_NEIGHBOURS = 100
MAX_PER_ARTICLE = 2  # sentences one article may give one claim (it may state a claim twice)
# ...and two claims merged on a shared fact (analysis/claim_merge.py), whose members of one
# article must each be fact-linked or probably one claim
MERGED_PER_ARTICLE = 3
RELATED_PER_CLUSTER = 3  # context sentences shown with a claim
CHUNK_UNITS = 2048  # units whose candidate pairs are made at a time (bounds blocking's memory)
LABEL_CHARS = 60

Progress = Callable[[int, int], None]


@dataclass(eq=False, slots=True)
class AlignStats:
    """What alignment did: how many pairs it scored against how many exist, and their scores."""

    units: int
    articles: int
    all_cross_pairs: int  # pairs of sentences from different articles
    candidate_pairs: int  # of those, how many blocking let through and were scored
    uses_embeddings: bool
    embedding_note: str | None
    suggest_threshold: float
    confirm_threshold: float
    seconds: float = 0.0
    pair_a: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    pair_b: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    pair_score: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def scored_share(self) -> float:
        """Candidate pairs as a share of all cross-article pairs (1.0 = no saving)."""
        return self.candidate_pairs / self.all_cross_pairs if self.all_cross_pairs else 0.0


def cross_article_pairs(article_ids: Sequence[int]) -> int:
    """Number of sentence pairs whose two sentences come from different articles."""
    counts = np.unique(np.asarray(article_ids), return_counts=True)[1].astype(np.int64)
    total = int(counts.sum())
    return int((total * total - int((counts * counts).sum())) // 2)


def candidate_pairs(
    model: SimilarityModel,
    articles: np.ndarray,
    *,
    max_block: int = MAX_BLOCK,
    max_neighbours: int = MAX_NEIGHBOURS,
    chunk_units: int = CHUNK_UNITS,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (a < b, different articles) sharing a rare key, each unit keeping its best few.

    Keys: content terms (the similarity model's, so masked terms are no keys), canonical entities,
    and quantity kind+unit. A key held by more than `max_block` sentences is dropped: it is too
    common to say two sentences are about one thing, and would make blocking quadratic. A pair
    stays when it is among the `max_neighbours` strongest (summed weight of the shared keys) of
    either of its units. Units are taken `chunk_units` at a time: the pairs before that cut are
    nearly all distinct (7.8 M of them for 2,000 BBC articles), too many to hold at once.
    """
    n = len(model.texts)
    unit, key, kw = _unit_keys(model)
    df = np.bincount(key, minlength=len(kw))
    keep = (df[key] >= 2) & (df[key] <= max_block) & (kw[key] > 0)
    unit, key = unit[keep], key[keep]  # still in unit order
    if not len(key):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    df = np.bincount(key, minlength=len(kw))
    members = unit[np.argsort(key, kind="stable")]  # each key's units, ascending, key by key
    key_start = np.r_[0, np.cumsum(df)[:-1]]
    kept: list[np.ndarray] = []
    for lo in range(0, n, chunk_units):
        first, last = np.searchsorted(unit, [lo, lo + chunk_units])
        if first == last:
            continue
        src, dst, weight = _expand(unit[first:last], key[first:last], df, key_start, members, kw)
        cross = articles[src] != articles[dst]
        src, dst, strength = _summed(src[cross], dst[cross], weight[cross], n)
        if max_neighbours:
            src, dst = _strongest(src, dst, strength, n, max_neighbours)
        kept.append(np.minimum(src, dst) * n + np.maximum(src, dst))
    code = _distinct(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.int64)
    return code // n, code % n


def _distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)` by a sort: numpy 2.4's `unique` goes through a hash table that took
    5 of blocking's 13 profiled seconds on 2,127 BBC articles (a sort: under 1)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _unit_keys(model: SimilarityModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit, key) incidences in unit order as two int64 arrays, and each key's weight."""
    key_ids: dict[str, int] = {}
    key_weight: list[float] = []
    rows = array("q")  # 8 bytes an incidence, where a list of ints takes ~36
    cols = array("q")
    for i in range(len(model.texts)):
        keys: dict[str, float] = {t: model.term_weight[t] for t in model.term_sets[i]}
        for entity in model.entities[i]:
            keys["\x00e:" + entity] = model.entity_weight.get(entity, 1.0) * 3.0
        for q in model.quantities[i]:
            keys[f"\x00q:{q.kind}:{q.unit}"] = 1.0
        for name, weight in keys.items():
            kid = key_ids.get(name)
            if kid is None:
                kid = key_ids[name] = len(key_weight)
                key_weight.append(weight)
            rows.append(i)
            cols.append(kid)
    return (
        np.frombuffer(rows, dtype=np.int64).copy(),
        np.frombuffer(cols, dtype=np.int64).copy(),
        np.asarray(key_weight, dtype=np.float64),
    )


def _expand(
    units: np.ndarray,
    keys: np.ndarray,
    df: np.ndarray,
    key_start: np.ndarray,
    members: np.ndarray,
    kw: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each (unit, key) incidence, the unit against every unit holding that key."""
    counts = df[keys]
    total = int(counts.sum())
    # position of each output row inside its key's member list, then into `members`
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    dst = members[np.repeat(key_start[keys], counts) + within]
    return np.repeat(units, counts), dst, np.repeat(kw[keys], counts)


def _summed(
    src: np.ndarray, dst: np.ndarray, weight: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (src, dst) pairs with their weights summed (rounded, so that the order the
    shared keys were added in cannot tip a tie when the pair is seen from its other end)."""
    code = src * n + dst
    order = np.argsort(code, kind="stable")
    code = code[order]
    starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]]) if len(code) else order[:0]
    strength = np.round(np.add.reduceat(weight[order], starts), 9) if len(code) else weight[:0]
    code = code[starts]
    return code // n, code % n, strength


def _strongest(
    src: np.ndarray, dst: np.ndarray, strength: np.ndarray, n: int, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each source unit's k strongest pairs; ties go to the units that follow it, wrapping.
    Only the pairs of sources with more than k are ranked (the others all stay); the pairs come
    back in no particular order.

    The strengths come rounded to 9 decimals (`_summed`), so as integers of 10^-9 they order and
    tie exactly as the floats do, and strength and tie fold into one integer key: two sorts of
    integers instead of three, one of them of floats (2.5 -> 1.5 s CPU over the ~16 M pairs of
    a +10 run on 2,127 BBC articles)."""
    over = np.bincount(src, minlength=n)[src] > k
    if not over.any():
        return src, dst
    s, d = src[over], dst[over]
    tie = (d - s) % n
    nano = np.rint(strength[over] * 1e9)
    low, high = float(nano.min()), float(nano.max())
    exact = max(-low, high) < 2**53 and (high - low + 1) * n < 2**62
    if exact and np.array_equal(nano / 1e9, strength[over]):
        span = (int(high) - int(low) + 1) * n  # the rank key below is in [0, span)
        order = _by_source_then(s, (int(high) - nano.astype(np.int64)) * n + tie, span)
    else:  # not rounded, or too wide for one key: rank the floats themselves
        order = np.lexsort((tie, -strength[over], s))
    s, d = s[order], d[order]
    top = np.arange(len(s)) - np.searchsorted(s, s) < k
    return np.concatenate([src[~over], s[top]]), np.concatenate([dst[~over], d[top]])


def _by_source_then(s: np.ndarray, rank: np.ndarray, span: int) -> np.ndarray:
    """`np.lexsort((rank, s))` for distinct (s, rank) pairs with 0 <= rank < span: one sort of
    s * span + rank, in slices of s small enough for that to fit an int64 (blocking's sources
    come ascending, so a slice of sources is a slice of the pairs). With no ties there is one
    order, so an unstable sort gives it (`_strongest` of a +10 run on 2,127 BBC articles: 1.7
    -> 0.7 s CPU against the two-key lexsort). Sources not ascending: the lexsort."""
    if len(s) < 2 or not bool(np.all(s[1:] >= s[:-1])):
        return np.lexsort((rank, s))
    width = max(1, min(2**62 // max(1, span), int(s[-1]) - int(s[0]) + 1))  # sources a slice
    parts: list[np.ndarray] = []
    lo, start = 0, int(s[0])
    while lo < len(s):
        hi = int(np.searchsorted(s, start + width))
        key = (s[lo:hi] - start) * span + rank[lo:hi]
        parts.append(lo + np.argsort(key))
        lo, start = hi, int(s[hi]) if hi < len(s) else 0
    return np.concatenate(parts)


@dataclass(eq=False, slots=True)
class Prepared:
    """Units with their blocked candidate pairs scored: the expensive half of alignment."""

    units: list[AlignUnit]
    model: SimilarityModel
    articles: np.ndarray
    pair_a: np.ndarray
    pair_b: np.ndarray
    pair_score: np.ndarray
    seconds: float
    scorer: ClaimScorer | None = None  # None: today's similarity-only clustering
    pair_p: np.ndarray | None = None  # P(same claim) of each candidate pair
    # the last run's answers about groups (analysis.align_incremental.DecisionMemo) and the
    # units' content keys it is bound with
    decisions: Any = None
    keys: np.ndarray | None = None


class _Scores:
    """Pair scores seen so far; pairs blocking skipped are scored on demand (linkage checks).

    The candidates' scores stay in sorted numpy arrays (a dict of millions of Python floats would
    cost ~100 bytes a pair); only the few pairs scored on demand go into a dict.
    """

    def __init__(
        self,
        model: SimilarityModel | ClaimScorer | ItemScorer,
        a: np.ndarray,
        b: np.ndarray,
        s: np.ndarray,
    ):
        self.model = model
        self.n = len(model.texts)
        codes = a.astype(np.int64) * self.n + b
        scores = np.asarray(s, dtype=np.float64)
        if len(codes) > 1 and not bool(np.all(codes[1:] > codes[:-1])):
            order = np.argsort(codes, kind="stable")  # blocking's pairs come sorted: no copies
            codes, scores = codes[order], scores[order]
        self.codes = codes
        self.scores = scores
        self.extra: dict[int, float] = {}

    def matrix(self, left: list[int], right: list[int]) -> np.ndarray:
        """Similarity of every (left, right) pair, scoring the missing ones in one batch."""
        i = np.asarray(left, dtype=np.int64)[:, None]
        j = np.asarray(right, dtype=np.int64)[None, :]
        codes = (np.minimum(i, j) * self.n + np.maximum(i, j)).ravel()
        out = np.full(len(codes), np.nan)
        if len(self.codes):
            at = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
            found = self.codes[at] == codes
            out[found] = self.scores[at[found]]
        for x in np.flatnonzero(np.isnan(out)).tolist():
            value = self.extra.get(int(codes[x]))
            if value is not None:
                out[x] = value
        missing = np.flatnonzero(np.isnan(out))
        if len(missing):
            wanted = codes[missing]
            scores = self.model.score_pairs(wanted // self.n, wanted % self.n)
            out[missing] = scores
            self.extra.update(zip(wanted.tolist(), scores.tolist(), strict=True))
        return out.reshape(len(left), len(right))


class Aligner:
    """Alignment with fixed thresholds and weights; `uses_embeddings` says which signals ran."""

    def __init__(
        self,
        *,
        suggest_threshold: float = SUGGEST_THRESHOLD,
        confirm_threshold: float = CONFIRM_THRESHOLD,
        weights: Weights = DEFAULT_WEIGHTS,
        embeddings: bool = True,
        max_block: int = MAX_BLOCK,
        max_neighbours: int = MAX_NEIGHBOURS,
        claim_model: bool | ClaimModel = True,
        same_threshold: float | None = None,
        possible_threshold: float | None = None,
        merge_facts: bool = True,
    ) -> None:
        if not 0.0 <= suggest_threshold <= confirm_threshold <= 1.0:
            raise ValueError("need 0 <= suggest_threshold <= confirm_threshold <= 1")
        self.model: ClaimModel | None = None
        if isinstance(claim_model, ClaimModel):
            self.model = claim_model
        elif claim_model:
            self.model = load_claim_model()
        self.same_threshold = (
            same_threshold
            if same_threshold is not None
            else getattr(self.model, "same_threshold", 1.0)
        )
        self.possible_threshold = min(
            possible_threshold
            if possible_threshold is not None
            else getattr(self.model, "possible_threshold", 1.0),
            self.same_threshold,
        )
        floor = getattr(self.model, "mutual_floor", None)
        # mean P a leftover that is a mutual best match needs to join a claim (`_mutual`)
        self.mutual_floor = (
            self.possible_threshold if floor is None else min(float(floor), self.same_threshold)
        )
        self.merge_facts = merge_facts  # claims stating one fact merge (analysis/claim_merge)
        self.suggest_threshold = suggest_threshold
        self.confirm_threshold = confirm_threshold
        self.weights = weights
        self.embeddings = embeddings
        self.max_block = max_block
        self.max_neighbours = max_neighbours
        self.uses_embeddings = False  # set by the last run: False means lexical signal only
        self.embedding_note: str | None = None

    def prepare(self, units: Sequence[AlignUnit], progress: Progress | None = None) -> Prepared:
        """Block and score candidate pairs; clustering at any thresholds can reuse the result."""
        started = time.perf_counter()
        model = SimilarityModel.from_units(units, weights=self.weights, embeddings=self.embeddings)
        self.uses_embeddings = model.uses_embeddings
        self.embedding_note = model.embedding_note
        articles = np.array([u.article_id for u in units], dtype=np.int64)
        a, b = candidate_pairs(
            model, articles, max_block=self.max_block, max_neighbours=self.max_neighbours
        )
        scorer = None
        if self.model is not None:
            scorer = ClaimScorer(model, _positions(articles), self.model)
        scores = np.empty(len(a))
        p_same = np.empty(len(a)) if scorer is not None else None
        chunk = 20_000
        for start in range(0, len(a), chunk):
            stop = start + chunk
            scores[start:stop] = model.score_pairs(a[start:stop], b[start:stop])
            if scorer is not None and p_same is not None:
                p_same[start:stop] = scorer.probability(
                    a[start:stop], b[start:stop], scores[start:stop]
                )
            if progress is not None:
                progress(min(stop, len(a)), len(a) + 1)
        return Prepared(
            list(units), model, articles, a, b, scores, time.perf_counter() - started,
            scorer, p_same,
        )  # fmt: skip

    def cluster(self, prepared: Prepared) -> list[ClusterDraft]:
        """Claim clusters (2+ articles each, biggest first) from prepared pair scores."""
        p = prepared
        if self.model is not None and p.scorer is not None and p.pair_p is not None:
            return _ClaimClustering(self, p).run()
        return self._cluster(p.model, p.units, p.articles, p.pair_a, p.pair_b, p.pair_score)

    def align_with_stats(
        self, units: Sequence[AlignUnit], progress: Progress | None = None
    ) -> tuple[list[ClusterDraft], AlignStats]:
        """Claim clusters (2+ articles each, biggest first) and what it took to find them."""
        started = time.perf_counter()
        prepared = self.prepare(units, progress)
        clusters = self.cluster(prepared)
        if progress is not None:
            progress(len(prepared.pair_a) + 1, len(prepared.pair_a) + 1)
        stats = AlignStats(
            units=len(units),
            articles=len(np.unique(prepared.articles)),
            all_cross_pairs=cross_article_pairs(prepared.articles.tolist()),
            candidate_pairs=len(prepared.pair_a),
            uses_embeddings=prepared.model.uses_embeddings,
            embedding_note=prepared.model.embedding_note,
            suggest_threshold=self.suggest_threshold,
            confirm_threshold=self.confirm_threshold,
            seconds=time.perf_counter() - started,
            pair_a=prepared.pair_a,
            pair_b=prepared.pair_b,
            pair_score=prepared.pair_score,
        )
        return clusters, stats

    def align(
        self, units: Sequence[AlignUnit], progress: Progress | None = None
    ) -> list[ClusterDraft]:
        """Claim clusters only (see align_with_stats)."""
        return self.align_with_stats(units, progress)[0]

    def _cluster(
        self,
        model: SimilarityModel,
        units: Sequence[AlignUnit],
        articles: np.ndarray,
        a: np.ndarray,
        b: np.ndarray,
        scores: np.ndarray,
    ) -> list[ClusterDraft]:
        cache = _Scores(model, a, b, scores)
        above = np.flatnonzero(scores >= self.suggest_threshold)
        above = above[np.argsort(-scores[above], kind="stable")]
        owner: dict[int, list[int]] = {}  # unit -> the member list of its cluster (shared)
        for k in above.tolist():
            i, j = int(a[k]), int(b[k])
            left = owner.get(i, [i])
            right = owner.get(j, [j])
            if left is right:
                continue
            if {int(articles[x]) for x in left} & {int(articles[y]) for y in right}:
                continue  # one sentence per article: the earlier, stronger pair already won
            if cache.matrix(left, right).mean() < self.suggest_threshold:
                continue  # average linkage: the two groups are not alike as wholes
            merged = left + right
            for x in merged:
                owner[x] = merged
        groups = {id(members): members for members in owner.values()}
        found = (self._draft(cache, units, members) for members in groups.values())
        drafts = [d for d in found if d is not None]
        drafts.sort(key=lambda d: (-len(d.members), -sum(m.similarity for m in d.members)))
        return drafts

    def _draft(
        self, cache: _Scores, units: Sequence[AlignUnit], members: list[int]
    ) -> ClusterDraft | None:
        """Members scored against the medoid; any below the suggest threshold leave the cluster."""
        members = sorted(members)
        while len(members) >= 2:
            sims = cache.matrix(members, members)
            np.fill_diagonal(sims, 1.0)
            medoid = int(np.argmax(sims.sum(axis=1)))
            to_medoid = sims[medoid]
            worst = int(np.argmin(to_medoid))
            if to_medoid[worst] >= self.suggest_threshold:
                out = tuple(
                    ClusterMember(units[m].article_id, units[m].sentence_idx, round(float(s), 4))
                    for m, s in sorted(
                        zip(members, to_medoid.tolist(), strict=True), key=lambda p: -p[1]
                    )
                )
                return ClusterDraft(label=label_for(units[members[medoid]].text), members=out)
            members.pop(worst)
        return None


def claim_order(d: ClusterDraft) -> tuple[bool, int, int, float, int, int]:
    """The order of claim clusters: same-claim first, then by size (a total order)."""
    return (
        d.tier != "same_claim",
        -sum(m.tier == "same_claim" for m in d.members),
        -len(d.members),
        -sum(m.similarity for m in d.members),
        d.members[0].article_id,
        d.members[0].sentence_idx,
    )


def _positions(articles: np.ndarray) -> np.ndarray:
    """Each unit's line number among its article's units (0 = the article's first line)."""
    order = np.argsort(articles, kind="stable")
    sorted_articles = articles[order]
    rank = np.arange(len(articles)) - np.searchsorted(sorted_articles, sorted_articles)
    out = np.empty(len(articles), dtype=np.int64)
    out[order] = rank
    return out


class _ClaimClustering:
    """Three tiers from P(same claim): same-claim clusters, possible members, related context.

    Same-claim clusters grow greedily from the most probable pair down under average linkage over
    cross-article pairs (a chain of loosely linked sentences cannot merge), an article giving at
    most MAX_PER_ARTICLE sentences; then a leftover that is a mutual best match of a member joins
    (see `_mutual`). The clustered items are claim units where a sentence has several, whole
    sentences otherwise (analysis/claim_items.py): an item belongs to at most one cluster, so a
    sentence sits in as many claims as it has units, never twice in one; an item with no partner
    at or above `same_threshold` stays single. Leftover sentences join the cluster they
    most probably belong to as `possible` (or form possible-only clusters among themselves);
    then up to RELATED_PER_CLUSTER leftovers the old similarity links to a cluster join it as
    `related` context, so a reader sees what the claim was told apart from.
    """

    def __init__(self, aligner: Aligner, prepared: Prepared) -> None:
        assert prepared.scorer is not None and prepared.pair_p is not None
        self.aligner = aligner
        self.p = prepared
        # the claim scorer behind a memo (analysis.incremental wraps it), when it reads units
        inner = getattr(prepared.scorer, "scorer", prepared.scorer)
        self.units = inner if isinstance(inner, ClaimScorer) and inner.use_units else None
        # the clustered items (analysis/claim_items.py): claim units of sentences that carry
        # several, whole sentences otherwise; without units, the sentences themselves
        self.items = ItemScorer(prepared.scorer, self.units) if self.units is not None else None
        if self.items is not None:
            floor = min(aligner.possible_threshold, aligner.same_threshold)
            self.pair_a, self.pair_b, self.pair_p = self.items.item_pairs(
                prepared.pair_a, prepared.pair_b, prepared.pair_p, floor
            )
            self.sentence = self.items.owner
            self.texts: Sequence[str] = self.items.texts
            scorer: SimilarityModel | ClaimScorer | ItemScorer = self.items
        else:
            self.pair_a, self.pair_b, self.pair_p = (
                prepared.pair_a, prepared.pair_b, prepared.pair_p
            )  # fmt: skip
            self.sentence = np.arange(len(prepared.units), dtype=np.int64)
            self.texts = [u.text for u in prepared.units]
            scorer = prepared.scorer
        self.articles = prepared.articles[self.sentence]
        self.cache = _Scores(scorer, self.pair_a, self.pair_b, self.pair_p)
        self.tier: dict[int, Tier] = {}
        self.owner: dict[int, list[int]] = {}
        self.witness = witnesses(
            prepared.units, prepared.pair_a, prepared.pair_b, prepared.pair_score
        )
        self._direction: dict[int, dict[str, int]] = {}
        self.memo = None
        if prepared.decisions is not None and prepared.keys is not None:
            rows = self.items.table.rows if self.items is not None else None
            n = len(prepared.units)  # items below n are whole sentences, the others units
            place = [
                -1 if rows is None or x < n else rows[s].index(x)
                for x, s in enumerate(self.sentence.tolist())
            ]
            self.memo = prepared.decisions.bind(prepared.keys, prepared.units, self.sentence, place)

    def _recall(
        self, tag: str, groups: Sequence[list[int]], threshold: float, compute: Callable[[], Any]
    ) -> Any:
        """`compute()`, the answer to question `tag` about `groups`, from the last run's
        answers when a memo is bound (analysis.align_incremental.DecisionMemo)."""
        if self.memo is None:
            return compute()
        return self.memo.recall(tag, groups, threshold, compute)

    def _recall_many(
        self,
        tag: str,
        questions: list[Any],
        threshold: float,
        compute: Callable[[list[Any]], list[Any]],
    ) -> list[Any]:
        """`_recall` of many questions, those not recalled computed in one call."""
        if self.memo is None:
            return compute(questions)
        return self.memo.recall_many(tag, questions, threshold, compute)

    def _joins(self, left: list[int], right: list[int], threshold: float) -> bool:
        """Whether two groups may merge at `threshold` (`_fits`, then average linkage)."""
        return bool(self._recall(
            "join", (left, right), threshold,
            lambda: self._fits(left, right) and self._linkage(left, right) >= threshold,
        ))  # fmt: skip

    def _link(self, x: int, members: list[int]) -> float | None:
        """A leftover's mean P to a group's members, None when it does not fit there."""
        return self._recall(
            "link", (members, [x]), 0.0,
            lambda: self._linkage([x], members) if self._fits(members, [x]) else None,
        )  # fmt: skip

    def _fits_memo(self, left: list[int], right: list[int]) -> bool:
        return bool(self._recall("fits", (left, right), 0.0, lambda: self._fits(left, right)))

    def run(self) -> list[ClusterDraft]:
        al = self.aligner
        self._grow(self.pair_p, al.same_threshold, "same_claim")
        self._mutual(self.pair_p, al.same_threshold, al.mutual_floor)
        if al.merge_facts:
            self._merge_on_facts()
        self._attach(al.possible_threshold)
        self._pair_leftovers(self.pair_p, al.possible_threshold)
        self._related()
        groups = {id(m): m for m in self.owner.values()}
        drafts = [d for d in (self._draft_of(m) for m in groups.values()) if d is not None]
        drafts.sort(key=claim_order)
        return drafts

    def _draft_of(self, members: list[int]) -> ClusterDraft | None:
        """`_draft`, from the last run's answers when a memo is bound: a draft is a function of
        its members and their tiers, but for whom each article copies (`copy_of`, which reads
        the whole corpus), set here as `_draft` sets it."""
        if self.memo is None:
            return self._draft(members)
        tag = "draft " + "".join(self.tier[m][0] for m in members)
        kept = self._recall(tag, (members,), 0.0, lambda: _kept_draft(self._draft(members)))
        if kept is None:
            return None
        witness = self.witness
        return ClusterDraft(
            kept["label"],
            tuple(
                ClusterMember(a, s, sim, tier, copy_of=w if (w := witness.get(a, a)) != a else None,
                              unit=unit)
                for a, s, sim, tier, unit in kept["members"]
            ),
        )  # fmt: skip

    def _linkage(self, left: list[int], right: list[int]) -> float:
        """Mean P over the cross-article pairs between two groups (-1 when there are none)."""
        sims = self.cache.matrix(left, right)
        cross = self.articles[left][:, None] != self.articles[right][None, :]
        return float(sims[cross].mean()) if cross.any() else -1.0

    def _fits(self, left: list[int], right: list[int], cap: int = MAX_PER_ARTICLE) -> bool:
        """The article cap holds, no two members are items of one sentence (a sentence's claim
        units state different claims), and no member says the other group's event went the
        other way."""
        group = left + right
        counts = np.bincount(self.articles[group])
        return (
            int(counts.max()) <= cap
            and len(set(self.sentence[group].tolist())) == len(group)
            and not self._opposed(left, right)
        )

    def _directions(self, unit: int) -> dict[str, int]:
        """Which way the sentence says each polar concept went (analysis.polarity: +1 resumed,
        allowed, rose; -1 halted, banned, fell), for concepts it gives one way only."""
        found = self._direction.get(unit)
        if found is None:
            signs: dict[str, set[int]] = {}
            for event in event_polarity(self.texts[unit], load_lexicon()):
                signs.setdefault(event.concept, set()).add(event.sign)
            found = self._direction[unit] = {
                c: next(iter(s)) for c, s in signs.items() if len(s) == 1
            }
        return found

    def _opposed(self, left: list[int], right: list[int]) -> bool:
        """True when a sentence of one group says a thing went one way and a sentence of the other
        says it went the other ("sales were halted" / "sales resume"): two events, so two claims
        (the comparison stage may link them as an update or a contradiction), never one."""
        for x in left:
            dx = self._directions(x)
            if not dx:
                continue
            for y in right:
                dy = self._directions(y)
                if any(dy.get(c, s) != s for c, s in dx.items()):
                    return True
        return False

    def _grow(self, p_same: np.ndarray, threshold: float, tier: Tier) -> list[list[int]]:
        a, b = self.pair_a, self.pair_b
        above = np.flatnonzero(p_same >= threshold)
        above = above[np.argsort(-p_same[above], kind="stable")]
        grown: dict[int, list[int]] = {}
        for k in above.tolist():
            i, j = int(a[k]), int(b[k])
            if (i in self.tier and i not in grown) or (j in self.tier and j not in grown):
                continue  # taken by an earlier tier
            left, right = grown.get(i, [i]), grown.get(j, [j])
            if left is right or not self._joins(left, right, threshold):
                continue
            merged = left + right
            for x in merged:
                grown[x] = merged
        groups = [self._pruned(m, threshold) for m in {id(m): m for m in grown.values()}.values()]
        kept = [g for g in groups if len(set(self.articles[g].tolist())) >= 2]
        for g in kept:
            for x in g:
                self.tier[x] = tier
                self.owner[x] = g
        return kept

    def _pruned(self, members: list[int], threshold: float) -> list[int]:
        """Drop, worst first, members whose mean P to the other articles' members is too low."""
        members = sorted(members)
        kept = self._recall("prune", (members,), threshold, lambda: self._kept(members, threshold))
        return [members[k] for k in kept]

    def _kept(self, members: list[int], threshold: float) -> tuple[int, ...]:
        """`_pruned` as the places in `members` (sorted) of the members kept."""
        place = {m: k for k, m in enumerate(members)}
        members = list(members)
        while len(members) >= 2:
            support = self._support(members)
            worst = int(np.argmin(support))
            if support[worst] >= threshold:
                break
            members.pop(worst)
        return tuple(place[m] for m in members)

    def _support(self, members: list[int]) -> np.ndarray:
        sims = self.cache.matrix(members, members)
        arts = self.articles[members]
        cross = arts[:, None] != arts[None, :]
        counts = cross.sum(axis=1)
        return np.where(counts > 0, (sims * cross).sum(axis=1) / np.maximum(counts, 1), -1.0)

    def _pair_leftovers(self, p_same: np.ndarray, threshold: float) -> None:
        """Leftover sentences paired two by two, most probable first, as possible claims (pairs
        only: growing them would gather a topic around the sentences nothing else took)."""
        a, b = self.pair_a, self.pair_b
        above = np.flatnonzero(p_same >= threshold)
        for k in above[np.argsort(-p_same[above], kind="stable")].tolist():
            i, j = int(a[k]), int(b[k])
            if i in self.tier or j in self.tier or self._opposed([i], [j]):
                continue
            group = [i, j]
            for x in group:
                self.tier[x] = "possible"
                self.owner[x] = group

    def _mutual(self, p_same: np.ndarray, threshold: float, floor: float) -> None:
        """Leftovers that are a mutual best match of a same-claim member join its claim.

        Average linkage keeps out a sentence that states the claim in other words than most
        members (a translation, a paraphrase) though one member reads as its counterpart. When a
        leftover's most probable partner anywhere (P >= `threshold`) is a same-claim member, and
        the leftover is that member's most probable partner in its own article, the two are each
        other's counterpart, as in bitext alignment; it joins when its mean P to the members
        reaches `floor` (the model's fitted `mutual_floor`, else the possible threshold) and
        the article cap allows.
        """
        a, b = self.pair_a, self.pair_b
        best_of: dict[int, tuple[float, int]] = {}  # unit -> its most probable partner
        best_from: dict[tuple[int, int], tuple[float, int]] = {}  # (unit, article) -> partner
        above = np.flatnonzero(p_same >= threshold)
        for k in above[np.argsort(-p_same[above], kind="stable")].tolist():
            value = float(p_same[k])
            for x, y in ((int(a[k]), int(b[k])), (int(b[k]), int(a[k]))):
                best_of.setdefault(x, (value, y))
                best_from.setdefault((y, int(self.articles[x])), (value, x))
        joins = sorted(
            (
                (-value, x, y)
                for x, (value, y) in best_of.items()
                if x not in self.tier
                and self.tier.get(y) == "same_claim"
                and best_from[(y, int(self.articles[x]))][1] == x
            ),
        )
        for _, x, y in joins:
            members = [m for m in self.owner[y] if self.tier[m] == "same_claim"]
            link = self._link(x, members)
            if link is None or link < floor:
                continue
            self.owner[y].append(x)
            self.tier[x] = "same_claim"
            self.owner[x] = self.owner[y]

    def _strong_items(self) -> list[tuple[int, int]]:
        """Cross-article item pairs of the strong sentence pairs (P at the possible threshold or
        similarity at the suggest threshold: the edges of analysis/align_incremental.py's
        components), both sentences stating something; in pair order."""
        p, al = self.p, self.aligner
        assert p.pair_p is not None
        strong = np.flatnonzero(
            (p.pair_p >= al.possible_threshold) | (p.pair_score >= al.suggest_threshold)
        )
        states = getattr(self.units, "states", None)
        out: list[tuple[int, int]] = []
        for k in strong.tolist():
            s, t = int(p.pair_a[k]), int(p.pair_b[k])
            if states is not None and not (states[s] and states[t]):
                continue
            out.extend((x, y) for x in self._items_of(s) for y in self._items_of(t))
        return out

    def _merge_on_facts(self) -> None:
        """Same-claim clusters that state one fact of one thing merge, and a leftover item
        joins such a cluster (analysis/claim_merge.py); only claims a strong pair connects are
        compared, strongest evidence first."""
        same = self.tier  # only same-claim members so far (before _attach)
        pairs = [(x, y) for x, y in self._strong_items() if x in same or y in same]
        if not pairs:
            return
        embedder = load_embedder()[0] if self.p.model.uses_embeddings else None
        # an item's facts are read when a question about its group is computed, not recalled
        links = FactLinks(self.texts, embedder.embed if embedder is not None else None)
        floor = self.aligner.possible_threshold
        counted = self.aligner.model.counted_p if self.aligner.model is not None else 0.0

        def group(x: int) -> list[int]:
            return self.owner[x] if x in same else [x]

        def scores(asked: list[tuple[list[int], list[int]]]) -> list[float]:
            links.read(m for left, right in asked for m in left + right)  # in one batch
            return [
                merge_score(links, left, right, self.articles, self.cache.matrix(left, right),
                            floor, counted)
                if fact_linked(links, left, right, self.articles) else 0.0
                for left, right in asked
            ]  # fmt: skip

        def score(left: list[int], right: list[int]) -> float:
            return float(self._recall("merge", (left, right), floor,
                                      lambda: scores([(left, right)])[0]))  # fmt: skip

        # every pair of the two groups' items asks one question: each asked once (a group is
        # its list while nothing merges; a leftover item, by its index)
        asked: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        ranked = []
        for x, y in dict.fromkeys(pairs):
            left, right = group(x), group(y)
            if left is not right and (len(left) > 1 or len(right) > 1):
                ident = (id(left) if x in same else ~x, id(right) if y in same else ~y)
                asked.setdefault(ident, (left, right))
                ranked.append((ident, min(x, y), max(x, y)))
        answers = dict(zip(asked, self._recall_many("merge", list(asked.values()), floor, scores),
                           strict=True))  # fmt: skip
        ranked = [(-float(answers[ident]), x, y) for ident, x, y in ranked]
        for value, x, y in sorted(ranked):
            if value >= 0:
                break
            left, right = group(x), group(y)
            if left is right or not self._fits(left, right, MERGED_PER_ARTICLE):
                continue
            if score(left, right) <= 0:
                continue
            merged = left + right
            for m in merged:
                self.owner[m] = merged
                same[m] = "same_claim"

    def _attach(self, threshold: float) -> None:
        """Leftovers with a probable partner in a same-claim cluster join it as possible."""
        a, b = self.pair_a, self.pair_b
        best: dict[int, tuple[float, int]] = {}
        for k in np.flatnonzero(self.pair_p >= threshold).tolist():
            for x, y in ((int(a[k]), int(b[k])), (int(b[k]), int(a[k]))):
                if x in self.tier or self.tier.get(y) != "same_claim":
                    continue
                members = [m for m in self.owner[y] if self.tier[m] == "same_claim"]
                score = self._link(x, members)
                if score is None:
                    continue
                if score >= threshold and score > best.get(x, (-1.0, 0))[0]:
                    best[x] = (score, y)
        for x in sorted(best, key=lambda x: (-best[x][0], x)):
            group = self.owner[best[x][1]]
            if not self._fits_memo([m for m in group if self.tier[m] != "related"], [x]):
                continue
            group.append(x)
            self.tier[x] = "possible"
            self.owner[x] = group

    def _related(self) -> None:
        """Leftover sentences (no item of theirs placed) the similarity score links to a cluster
        member, as context (a few each): the whole sentence, whatever its units."""
        p = self.p
        threshold = self.aligner.suggest_threshold
        best: dict[int, tuple[float, int]] = {}
        for k in np.flatnonzero(p.pair_score >= threshold).tolist():
            for x, y in (
                (int(p.pair_a[k]), int(p.pair_b[k])),
                (int(p.pair_b[k]), int(p.pair_a[k])),
            ):
                if self._placed(x):
                    continue
                for item in self._items_of(y):
                    if item in self.owner and float(p.pair_score[k]) > best.get(x, (-1.0, 0))[0]:
                        best[x] = (float(p.pair_score[k]), item)
        added: dict[int, int] = {}
        for x, (_, y) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])):
            group = self.owner[y]
            if added.get(id(group), 0) >= RELATED_PER_CLUSTER or not self._fits_memo(group, [x]):
                continue
            added[id(group)] = added.get(id(group), 0) + 1
            group.append(x)
            self.tier[x] = "related"
            self.owner[x] = group

    def _items_of(self, sentence: int) -> tuple[int, ...]:
        return self.items.items_of(sentence) if self.items is not None else (sentence,)

    def _placed(self, sentence: int) -> bool:
        """True when the sentence, or an item of it, is in some cluster already."""
        return sentence in self.tier or any(i in self.tier for i in self._items_of(sentence))

    def _draft(self, members: list[int]) -> ClusterDraft | None:
        units = self.p.units
        core = [m for m in members if self.tier[m] != "related"]
        if len(set(self.articles[core].tolist())) < 2:
            return None
        sims = self.cache.matrix(members, core)
        arts = self.articles
        cross = arts[members][:, None] != arts[core][None, :]
        to_core = np.where(
            cross.any(axis=1), (sims * cross).sum(axis=1) / np.maximum(cross.sum(axis=1), 1), 0.0
        )
        rank = {"same_claim": 0, "possible": 1, "related": 2}
        support = self._support(core)
        medoid = core[int(np.argmax(support))]
        if self.tier[medoid] != "same_claim":
            same = [m for m in core if self.tier[m] == "same_claim"]
            if same:
                medoid = same[int(np.argmax(self._support(same)))]
        if any(self.tier[m] == "related" for m in members):
            sim = self.items.table.sim if self.items is not None else self.p.model
            sim_row = sim.score_pairs(np.full(len(members), medoid), np.array(members))
        else:
            sim_row = None
        out = []
        for n, m in enumerate(members):
            value = float(to_core[n])
            if self.tier[m] == "related" and sim_row is not None:
                value = float(sim_row[n])
            unit = units[int(self.sentence[m])]
            witness = self.witness.get(unit.article_id, unit.article_id)
            out.append(
                ClusterMember(
                    unit.article_id, unit.sentence_idx, round(value, 4), self.tier[m],
                    copy_of=witness if witness != unit.article_id else None,
                    unit=self._unit_text(m, medoid),
                )
            )  # fmt: skip
        out.sort(key=lambda x: (rank[x.tier], -x.similarity, x.article_id, x.sentence_idx))
        return ClusterDraft(label=label_for(self.texts[medoid]), members=tuple(out))

    def _unit_text(self, member: int, medoid: int) -> str | None:
        """The clause of a same-claim member that matched the claim's medoid (the medoid's own
        clause against its best-matched member), None when whole sentences matched. A member
        that is a claim unit (analysis/claim_items.py) is that unit, whatever its tier."""
        scorer = self.units
        if self.items is not None and self.items.is_unit(member):
            return self.texts[member]
        if scorer is None or self.tier[member] != "same_claim":
            return None
        table = scorer.unit_scorer()[0]
        if not table.split[member]:
            return None
        partner = medoid
        if member == medoid:
            others = [
                m for m in self.owner[medoid]
                if self.tier[m] == "same_claim" and self.articles[m] != self.articles[medoid]
            ]  # fmt: skip
            if not others:
                return None
            partner = others[int(np.argmax(self.cache.matrix([medoid], others)[0]))]
        row = scorer.matched_units(member, int(self.sentence[partner]))[0]
        return None if row == member else table.sim.texts[row]


def _kept_draft(draft: ClusterDraft | None) -> dict[str, Any] | None:
    """A draft as the decision memo keeps it (plain values; `copy_of` is set on recall)."""
    if draft is None:
        return None
    return {
        "label": draft.label,
        "members": [[m.article_id, m.sentence_idx, m.similarity, m.tier, m.unit]
                    for m in draft.members],
    }  # fmt: skip


def label_for(text: str, limit: int = LABEL_CHARS) -> str:
    """The medoid sentence, trimmed at a word boundary to `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"


def same_claim_only(clusters: Sequence[ClusterDraft]) -> list[ClusterDraft]:
    """Each cluster cut to its same-claim members, for the stages that compare what a claim's
    members say (contradiction, comparison): a possible or related member is not known to state
    the claim, so a figure it gives is no conflicting version of it. Clusters left with fewer
    than two articles are dropped. A sentence that is a same-claim member of several clusters
    (one through each of its clauses, analysis/claim_items.py) is compared in each through the
    clause it is held by there (`ClusterMember.unit`, analysis/clause_view.py); one held by no
    clause in some claim is left out of all of them, as the stages would read its other claim's
    words as a conflicting version of this one."""
    held: Counter[tuple[int, int]] = Counter()
    whole: set[tuple[int, int]] = set()  # held by the whole sentence in some claim
    for cluster in clusters:
        for m in cluster.members:
            if m.tier == "same_claim":
                held[(m.article_id, m.sentence_idx)] += 1
                if m.unit is None:
                    whole.add((m.article_id, m.sentence_idx))
    out = []
    for cluster in clusters:
        same = tuple(
            m
            for m in cluster.members
            if m.tier == "same_claim"
            and (held[(key := (m.article_id, m.sentence_idx))] == 1 or key not in whole)
        )
        if len({m.article_id for m in same}) >= 2:
            out.append(ClusterDraft(label=cluster.label, members=same))
    return out


def is_confirmed(member: ClusterMember, confirm_threshold: float = CONFIRM_THRESHOLD) -> bool:
    """True when a member is close enough to its medoid to be confirmed without review."""
    return member.similarity >= confirm_threshold


def align_with_stats(
    units: list[AlignUnit],
    *,
    suggest_threshold: float = SUGGEST_THRESHOLD,
    confirm_threshold: float = CONFIRM_THRESHOLD,
    embeddings: bool = True,
    progress: Progress | None = None,
) -> tuple[list[ClusterDraft], AlignStats]:
    """Claim clusters plus AlignStats (pair scores, candidate vs all cross-article pairs)."""
    aligner = Aligner(
        suggest_threshold=suggest_threshold,
        confirm_threshold=confirm_threshold,
        embeddings=embeddings,
    )
    return aligner.align_with_stats(units, progress)


def align(
    units: list[AlignUnit],
    *,
    suggest_threshold: float = SUGGEST_THRESHOLD,
    confirm_threshold: float = CONFIRM_THRESHOLD,
    embeddings: bool = True,
    progress: Progress | None = None,
) -> list[ClusterDraft]:
    """Sentences from different articles grouped by claim; see the module docstring."""
    return align_with_stats(
        units,
        suggest_threshold=suggest_threshold,
        confirm_threshold=confirm_threshold,
        embeddings=embeddings,
        progress=progress,
    )[0]
