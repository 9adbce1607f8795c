"""Claim clustering per connected component, and components kept from the last run.

Every step of the claim clustering (`align._ClaimClustering`: growing same-claim clusters, mutual
best matches, possible members, leftover pairs, related context) reads only pairs at or above one
of its thresholds — P(same claim) at the possible or same threshold, or the similarity at the
suggest threshold — and the pairs between groups those pairs join. So no cluster spans two
connected components of the graph of such *strong* pairs, and a component's clusters depend on
its own sentences and strong pairs alone: their order among the pairs of the whole corpus does
not matter, since a step in one component never reads another. Only which article copies which
(`analysis.copies`, the `copy_of` of members) is read across components; it is recomputed over
the whole corpus and set on every cluster afterwards.

Within an epoch (analysis/incremental.py) a pair's scores are functions of its two sentences, so a
component whose sentences (content key, article, sentence index) and strong pairs (with their
scores) equal a component of the last run has the last run's clusters: they are kept
(`ComponentMemo`, keyed by a digest of exactly that) and only the components new or changed
sentences reach are clustered again (a sentence's content key includes which words of the
corpus' vocabulary its scores read, `incremental.vocabulary_reads`). Equality with clustering the
whole corpus at once is tested (tests/test_align_incremental.py).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from analysis.copies import witnesses
from analysis.model import AlignUnit, ClusterDraft
from analysis.result_codec import CodecError, decode, encode
from analysis.run_memo import framed, unframed

Cluster = Callable[[np.ndarray], list[ClusterDraft]]  # clustering of the pairs kept by a mask


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each of `n` nodes' component label (its smallest member) in the graph of edges (a, b)."""
    label = np.arange(n, dtype=np.int64)
    if not len(a):
        return label
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        label = label[label]  # pointer jumping: halves the distance to each root
        if np.array_equal(label, before):
            return label


@dataclass(slots=True)
class ComponentMemo:
    """Clusters of each component of the last run, by the component's digest."""

    epoch: str
    known: dict[str, list[ClusterDraft]] = field(default_factory=dict)

    def encode(self) -> bytes:
        try:
            body = encode([self.epoch, sorted(self.known.items())])
        except CodecError:
            return b""
        return body

    @classmethod
    def decode(cls, blob: bytes | None, epoch: str) -> ComponentMemo:
        """The memo in `blob` when it is of `epoch`; else an empty one."""
        if not blob:
            return cls(epoch)
        try:
            stored, items = decode(blob)
            known = {str(k): list(v) for k, v in items}
        except (CodecError, ValueError, TypeError, zlib.error):
            return cls(epoch)
        return cls(epoch, known) if stored == epoch else cls(epoch)


@dataclass(slots=True)
class ComponentRun:
    clusters: list[ClusterDraft]
    memo: ComponentMemo
    components: int  # components with two sentences or more
    reclustered: int  # of those, clustered this run


def _digests(
    units: Sequence[AlignUnit],
    keys: np.ndarray,
    label: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    p: np.ndarray,
    score: np.ndarray,
) -> dict[int, str]:
    """A digest per component of two or more nodes: its members in order (content key, article,
    sentence) and its strong pairs (local positions, P and similarity)."""
    order = np.argsort(label, kind="stable")
    sorted_labels = label[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    ends = np.r_[starts[1:], len(order)]
    local = np.empty(len(label), dtype=np.int64)
    members: dict[int, np.ndarray] = {}
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        if hi - lo < 2:
            continue
        nodes = order[lo:hi]  # ascending unit index (stable sort of the labels)
        members[int(label[nodes[0]])] = nodes
        local[nodes] = np.arange(hi - lo)
    edge_order = np.argsort(label[a], kind="stable")
    edge_labels = label[a][edge_order]
    out: dict[int, str] = {}
    for comp, nodes in members.items():
        lo, hi = np.searchsorted(edge_labels, [comp, comp + 1])
        k = edge_order[lo:hi]
        digest = hashlib.blake2b(digest_size=16)
        digest.update(keys[nodes].astype("<i8").tobytes())
        ids = [(units[i].article_id, units[i].sentence_idx) for i in nodes.tolist()]
        digest.update(repr(ids).encode())
        digest.update(np.stack([local[a[k]], local[b[k]]]).astype("<i8").tobytes())
        digest.update(np.rint(np.stack([p[k], score[k]]) * 1e9).astype("<i8").tobytes())
        out[comp] = digest.hexdigest()
    return out


def cluster_by_component(
    units: Sequence[AlignUnit],
    keys: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    score: np.ndarray,
    p: np.ndarray,
    strong: np.ndarray,
    cluster: Cluster,
    memo: ComponentMemo,
    order: Callable[[ClusterDraft], object],
) -> ComponentRun:
    """The clusters `cluster` gives over all pairs, computed only for components `memo` lacks.

    `strong`: mask of the pairs the clustering reads (see the module docstring); `cluster(mask)`
    clusters the candidate pairs under `mask` (its witnesses are ignored: `copy_of` is set here
    from the whole corpus); `order`: the clustering's sort key for the final list."""
    n = len(units)
    sa, sb = a[strong], b[strong]
    label = components(n, sa, sb)
    digests = _digests(units, keys, label, sa, sb, p[strong], score[strong])
    kept: list[ClusterDraft] = []
    dirty: set[int] = set()
    out = ComponentMemo(memo.epoch)
    for comp, digest in digests.items():
        hit = memo.known.get(digest)
        if hit is None:
            dirty.add(comp)
        else:
            kept += hit
            out.known[digest] = hit
    fresh: list[ClusterDraft] = []
    if dirty:
        in_dirty = np.isin(label, np.fromiter(dirty, dtype=np.int64))
        fresh = cluster(in_dirty[a] & in_dirty[b])
        by_comp: dict[int, list[ClusterDraft]] = {c: [] for c in dirty}
        index = {(u.article_id, u.sentence_idx): i for i, u in enumerate(units)}
        for draft in fresh:
            m = draft.members[0]
            by_comp[int(label[index[(m.article_id, m.sentence_idx)]])].append(draft)
        for comp, drafts in by_comp.items():
            out.known[digests[comp]] = drafts
    witness = witnesses(units, a, b, score)
    clusters = [_with_witnesses(d, witness) for d in kept + fresh]
    clusters.sort(key=order)
    return ComponentRun(clusters, out, len(digests), len(dirty))


def _with_witnesses(draft: ClusterDraft, witness: dict[int, int]) -> ClusterDraft:
    members = tuple(
        replace(m, copy_of=w if (w := witness.get(m.article_id, m.article_id)) != m.article_id
                else None)
        for m in draft.members
    )  # fmt: skip
    return replace(draft, members=members)


DECISION_CAP = 400_000  # answers kept for the next run at most (~40 bytes each in the blob)
_DECISIONS_HEAD = b"decisions/1 "
Answer = bool | float | tuple[int, ...] | dict[str, Any] | None  # a dict: a cluster draft


class DecisionMemo:
    """The claim clustering's answers about groups of items, kept from one run to the next.

    Each greedy step of `align._ClaimClustering` asks a question of one or two groups of items:
    may they merge (the article cap, one item per sentence, no opposed events, mean P at the
    threshold), how well does a leftover link to a cluster, which members does pruning keep.
    Within an epoch every answer is a function of the groups' items alone: each item's sentence
    content (`incremental.unit_keys`: text, entities, quantities, line, the corpus words its
    score reads), which of its sentence's claim units it is, its article and sentence number,
    and the order of the items' indexes and of their sentences' indexes (a pair's P is read in
    index order; a tie between unit pairs goes to the first). The key is a digest of exactly
    that, with the question's tag and threshold, so an answer is reused only when the same
    question is asked of the same groups, however the run got there: a group that a new or
    changed sentence joined, or that an earlier step grew differently, is another group, so its
    questions are answered afresh (the replay's dirty set, without bookkeeping). The greedy
    order itself is recomputed every run from the pair scores, so the clusters are those of a
    fresh clustering (tests/test_align_incremental.py, and the batch tests of
    tests/test_incremental.py).

    The answers this run used are kept first, then the last run's others up to DECISION_CAP, so a
    run that leaves a component alone does not lose its answers for the next run that reaches
    it."""

    def __init__(self, epoch: str, blob: bytes | None = None) -> None:
        self.epoch = epoch
        self.known = _decode_decisions(blob, epoch)
        self.used: dict[str, Answer] = {}
        self.leaves: list[int] = []
        self.sentences: list[int] = []
        self.reused = 0
        self.computed = 0

    def bind(self, sentence_keys: np.ndarray, units: Sequence[AlignUnit],
             owner: Sequence[int], place: Sequence[int]) -> DecisionMemo:  # fmt: skip
        """This run's items: item x is claim unit `place[x]` (-1: the whole sentence) of
        sentence `owner[x]` of `units`, whose content keys are `sentence_keys`."""
        keys = sentence_keys.tolist()
        self.sentences = [int(s) for s in owner]
        self.leaves = []
        for s, p in zip(self.sentences, place, strict=True):
            u = units[s]
            raw = repr((keys[s], int(p), u.article_id, u.sentence_idx)).encode()
            digest = hashlib.blake2b(raw, digest_size=8).digest()
            self.leaves.append(int.from_bytes(digest, "little", signed=True))
        return self

    def key(self, tag: str, groups: Sequence[Sequence[int]], threshold: float) -> str:
        leaves, sentences = self.leaves, self.sentences
        digest = hashlib.blake2b(f"{tag} {threshold!r}".encode(), digest_size=16)
        flat: list[int] = []
        for group in groups:
            flat += group
            digest.update(array("q", [len(group), *(leaves[x] for x in group)]).tobytes())
        digest.update(array("q", sorted(range(len(flat)), key=flat.__getitem__)).tobytes())
        owners = [sentences[x] for x in flat]
        digest.update(array("q", sorted(range(len(flat)), key=owners.__getitem__)).tobytes())
        return digest.hexdigest()

    def recall(self, tag: str, groups: Sequence[Sequence[int]], threshold: float,
               compute: Callable[[], Answer]) -> Answer:  # fmt: skip
        """The answer to question `tag` about `groups`: the last run's, else `compute()`."""
        key = self.key(tag, groups, threshold)
        if key in self.used:
            return self.used[key]
        if key in self.known:
            answer = self.used[key] = self.known[key]
            self.reused += 1
            return answer
        answer = self.used[key] = compute()
        self.computed += 1
        return answer

    def recall_many(self, tag: str, questions: Sequence[Sequence[Sequence[int]]],
                    threshold: float,
                    compute: Callable[[list[Any]], list[Answer]]) -> list[Answer]:  # fmt: skip
        """`recall` of each of `questions` (their groups), those not known computed in one
        call of `compute` (which batches work they share)."""
        keys = [self.key(tag, groups, threshold) for groups in questions]
        answers: list[Answer] = [None] * len(keys)
        todo: list[int] = []
        for k, key in enumerate(keys):
            if key in self.used:
                answers[k] = self.used[key]
            elif key in self.known:
                answers[k] = self.used[key] = self.known[key]
                self.reused += 1
            else:
                todo.append(k)
        if todo:
            fresh = compute([questions[k] for k in todo])
            for k, answer in zip(todo, fresh, strict=True):
                answers[k] = self.used[keys[k]] = answer
            self.computed += len(todo)
        return answers

    def encode(self) -> bytes:
        """The answers this run used, then the last run's others, up to DECISION_CAP."""
        kept = dict(self.used)
        for key, answer in self.known.items():
            if len(kept) >= DECISION_CAP:
                break
            kept.setdefault(key, answer)
        body = json.dumps(
            {k: list(v) if isinstance(v, tuple) else v for k, v in kept.items()},
            separators=(",", ":"),
        )
        return framed(_DECISIONS_HEAD, self.epoch, body)


def _decode_decisions(blob: bytes | None, epoch: str) -> dict[str, Answer]:
    """A DecisionMemo's answers when `blob` is of `epoch`; else none."""
    text = unframed(blob, _DECISIONS_HEAD, epoch)
    if text is None:
        return {}
    try:
        raw = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
