"""Claim alignment on ECB+: our clusters against cross-document event coreference.

Gold: two sentences from different documents of one same-story cluster (topic + subcorpus) are a
true pair when both carry a mention of one cross-document event (a CROSS_DOC_COREF chain whose
instance id starts with ACT or NEG; entities, times and places do not count). Every sentence of a
cluster is aligned and every cross-document pair of it is judged, so a pair of near-identical
sentences that the annotators did not mark counts against us (and against the baseline alike):
absolute precision is understated. ECB+ annotated only 2,762 of its 15,797 sentences (those in
ECBplus_coreference_sentences.csv or with an event mention), so a second set of rows counts only
pairs of two annotated sentences, where a missing link does mean "another event". Topics with
odd numbers are the train split (thresholds are tuned there), even topics the test split every
reported number comes from.

Run: `.venv/bin/python -m bench.tasks.alignment [limit_clusters]`.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from analysis.align import CONFIRM_THRESHOLD, Aligner, Prepared
from analysis.model import AlignUnit, ClusterDraft
from bench._data import BenchDataMissing, bench_dir, bench_file
from bench.tasks import result_row

TASK = "alignment"
DATA = "ECB+ (982 docs, 86 same-story clusters)"
_URL = re.compile(r"https?\s*:|www\s*\.", re.IGNORECASE)
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.20, 0.71, 0.04))


@dataclass(frozen=True, slots=True)
class StoryCluster:
    """One same-story cluster of ECB+ with its sentences and the events each sentence mentions."""

    name: str
    topic: int
    docs: tuple[str, ...]
    sentences: tuple[tuple[str, ...], ...]  # per doc
    events: tuple[tuple[frozenset[str], ...], ...]  # per doc, per sentence
    annotated: tuple[frozenset[int], ...] = ()  # per doc: sentences ECB+ annotated

    @property
    def train(self) -> bool:
        return self.topic % 2 == 1

    def units(self) -> list[AlignUnit]:
        """Every sentence but the web address ECB+ keeps as a page's first line (no sentence:
        the pipeline sets such lines aside as residue, and no annotation ever marks them)."""
        return [
            AlignUnit(article_id=d, sentence_idx=s, text=text, source=self.docs[d])
            for d, sents in enumerate(self.sentences)
            for s, text in enumerate(sents)
            if not _URL.search(text)
        ]

    def annotated_mask(self, units: list[AlignUnit]) -> np.ndarray:
        """Which units ECB+'s annotators read: listed in ECBplus_coreference_sentences.csv or
        carrying an event mention. Only between two of them does a missing event link mean "not
        the same event"; for any other sentence it means "not annotated" (ECB+ marks 2,747 of
        16,314 sentences), so pairs with one count neither for nor against an aligner."""
        if not self.annotated:
            return np.ones(len(units), dtype=bool)
        return np.array(
            [
                u.sentence_idx in self.annotated[u.article_id]
                or bool(self.events[u.article_id][u.sentence_idx])
                for u in units
            ],
            dtype=bool,
        )

    def gold(self, units: list[AlignUnit]) -> np.ndarray:
        """Boolean (n, n) matrix of true pairs among `units` (upper and lower triangle)."""
        n = len(units)
        out = np.zeros((n, n), dtype=bool)
        by_event: dict[str, list[int]] = {}
        for k, u in enumerate(units):
            for event in self.events[u.article_id][u.sentence_idx]:
                by_event.setdefault(event, []).append(k)
        docs = np.array([u.article_id for u in units])
        for members in by_event.values():
            idx = np.array(members)
            out[np.ix_(idx, idx)] = True
        out &= docs[:, None] != docs[None, :]
        return out


def _events_of(xml_path: Path, n_sentences: int) -> tuple[frozenset[str], ...]:
    """Cross-document event instance ids mentioned in each sentence of one ECB+ document."""
    root = ET.parse(xml_path).getroot()
    sentence_of = {t.get("t_id"): int(t.get("sentence", -1)) for t in root.iter("token")}
    anchored: dict[str, set[int]] = {}
    markables = root.find("Markables")
    for mention in markables if markables is not None else ():
        anchors = [a.get("t_id") for a in mention.findall("token_anchor")]
        if anchors:
            anchored[mention.get("m_id", "")] = {sentence_of[a] for a in anchors}
    per_sentence: list[set[str]] = [set() for _ in range(n_sentences)]
    relations = root.find("Relations")
    for rel in relations if relations is not None else ():
        note = rel.get("note", "")
        if rel.tag != "CROSS_DOC_COREF" or not note.startswith(("ACT", "NEG")):
            continue
        for source in rel.findall("source"):
            for s in anchored.get(source.get("m_id", ""), ()):
                if 0 <= s < n_sentences:
                    per_sentence[s].add(note)
    return tuple(frozenset(e) for e in per_sentence)


def annotated_sentences() -> set[tuple[str, int]]:
    """(document file, sentence number) of every sentence ECB+ annotated for coreference."""
    path = bench_file("ecbplus", "ECBplus_coreference_sentences.csv")
    out: set[tuple[str, int]] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.add((f"{row['Topic']}_{row['File']}.xml", int(row["Sentence Number"])))
    return out


def load_clusters(limit: int | None = None) -> list[StoryCluster]:
    """ECB+ same-story clusters, sentences from the derived jsonl, events from the XML."""
    root = bench_dir("ecbplus")
    index = annotated_sentences()
    path = bench_file("ecbplus", "ecbplus_documents_derived.jsonl")
    grouped: dict[str, list[dict[str, Any]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        grouped.setdefault(str(doc["cluster"]), []).append(doc)
    out: list[StoryCluster] = []
    for name in sorted(grouped, key=_cluster_order):
        docs = grouped[name]
        topic = int(str(docs[0]["topic"]))
        sentences = tuple(tuple(str(s) for s in d["sentences"]) for d in docs)
        events = tuple(
            _events_of(root / "xml" / "ECB+" / str(topic) / str(d["doc"]), len(sents))
            for d, sents in zip(docs, sentences, strict=True)
        )
        names = tuple(str(d["doc"]) for d in docs)
        marked = tuple(
            frozenset(k for k in range(len(sents)) if (doc, k) in index)
            for doc, sents in zip(names, sentences, strict=True)
        )
        out.append(StoryCluster(name, topic, names, sentences, events, marked))
    if limit is not None:
        # keep the split balanced when only a few clusters are asked for
        train = [c for c in out if c.train][: (limit + 1) // 2]
        test = [c for c in out if not c.train][: limit // 2]
        out = train + test
    return out


def _cluster_order(name: str) -> tuple[int, str]:
    topic, _, sub = name.partition("_")
    return int(topic), sub


def _pairs_in_clusters(clusters: list[ClusterDraft], units: list[AlignUnit]) -> np.ndarray:
    index = {(u.article_id, u.sentence_idx): k for k, u in enumerate(units)}
    out = np.zeros((len(units), len(units)), dtype=bool)
    for c in clusters:
        same = [m for m in c.members if m.tier == "same_claim"]  # only they state the claim
        idx = np.array([index[(m.article_id, m.sentence_idx)] for m in same], dtype=np.int64)
        out[np.ix_(idx, idx)] = True
    docs = np.array([u.article_id for u in units])
    return out & (docs[:, None] != docs[None, :])  # pairs across articles, as the gold


@dataclass(slots=True)
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: np.ndarray, gold: np.ndarray, scope: np.ndarray | None = None) -> None:
        """Add pair counts from (n, n) matrices, each unordered pair counted once (only pairs
        inside `scope`, when given)."""
        upper = np.triu(np.ones_like(gold, dtype=bool), 1)
        if scope is not None:
            upper &= scope
        p, g = predicted & upper, gold & upper
        self.tp += int((p & g).sum())
        self.fp += int((p & ~g).sum())
        self.fn += int((~p & g).sum())

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(slots=True)
class _Story:
    cluster: StoryCluster
    units: list[AlignUnit]
    gold: np.ndarray
    prepared: Prepared
    lexical: Prepared
    ours: np.ndarray  # (n, n) P(same claim), 0 where blocking skipped the pair
    tsr: np.ndarray  # (n, n) plain token_set_ratio / 100
    blocked: np.ndarray  # (n, n) candidate pairs
    annotated: np.ndarray  # (n, n) both sentences read by ECB+'s annotators

    def scope(self, annotated: bool) -> np.ndarray | None:
        return self.annotated if annotated else None


def _story(cluster: StoryCluster, aligner: Aligner, lexical: Aligner) -> _Story:
    units = cluster.units()
    n = len(units)
    prepared = aligner.prepare(units)
    ours = np.zeros((n, n))
    blocked = np.zeros((n, n), dtype=bool)
    a, b = prepared.pair_a, prepared.pair_b
    p_same = prepared.pair_p if prepared.pair_p is not None else prepared.pair_score
    ours[a, b] = ours[b, a] = p_same
    blocked[a, b] = blocked[b, a] = True
    texts = [u.text for u in units]
    tsr = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
    marked = cluster.annotated_mask(units)
    return _Story(
        cluster, units, cluster.gold(units), prepared, lexical.prepare(units), ours, tsr, blocked,
        marked[:, None] & marked[None, :],
    )  # fmt: skip


def _cluster_counts(
    stories: Iterable[_Story], aligner: Aligner, lexical: bool = False, annotated: bool = False
) -> _Counts:
    counts = _Counts()
    for s in stories:
        drafts = aligner.cluster(s.lexical if lexical else s.prepared)
        counts.add(_pairs_in_clusters(drafts, s.units), s.gold, s.scope(annotated))
    return counts


def _threshold_counts(
    stories: Iterable[_Story], attr: str, threshold: float, annotated: bool = False
) -> _Counts:
    counts = _Counts()
    for s in stories:
        docs = np.array([u.article_id for u in s.units])
        cross = docs[:, None] != docs[None, :]
        counts.add((getattr(s, attr) >= threshold) & cross, s.gold, s.scope(annotated))
    return counts


def _best_threshold(
    stories: list[_Story], attr: str, grid: Iterable[float], annotated: bool = False
) -> float:
    return max(grid, key=lambda t: _threshold_counts(stories, attr, t, annotated).prf()[2])


def _today(suggest: float) -> Aligner:
    """Today's aligner: similarity-only clusters with one sentence per article."""
    return Aligner(
        claim_model=False,
        suggest_threshold=suggest,
        confirm_threshold=max(suggest, CONFIRM_THRESHOLD),
    )


def _row(metric: str, ours: float | None, baseline: float | None, split: str, note: str) -> dict:
    return result_row(TASK, DATA, metric, ours, baseline, split, note)


def run(limit_clusters: int | None = None) -> list[dict]:
    """Pairwise P/R/F1 of our clusters vs token_set_ratio, blocking recall and savings."""
    started = time.perf_counter()
    aligner = Aligner()
    lexical_aligner = Aligner(embeddings=False)
    stories = [_story(c, aligner, lexical_aligner) for c in load_clusters(limit_clusters)]
    train = [s for s in stories if s.cluster.train]
    test = [s for s in stories if not s.cluster.train]
    rows: list[dict] = []

    # ours: the same-claim tier at the shipped thresholds (analysis/data/claim_model.json);
    # today's aligner (similarity only, one sentence per article) and token_set_ratio are tuned
    # on train
    def today_f1(t: float, lexical: bool = False) -> float:
        return _cluster_counts(train, _today(t), lexical).prf()[2]

    suggest = max(THRESHOLDS, key=today_f1)
    tsr_t = _best_threshold(train, "tsr", np.arange(0.3, 1.001, 0.02))
    ours_t = _best_threshold(train, "ours", np.arange(0.05, 0.9, 0.05))
    ours_c = _cluster_counts(test, aligner).prf()
    lex_c = _cluster_counts(test, lexical_aligner, lexical=True).prf()
    today_c = _cluster_counts(test, _today(suggest)).prf()
    base_c = _threshold_counts(test, "tsr", tsr_t).prf()
    ours_p = _threshold_counts(test, "ours", ours_t).prf()
    note = (
        f"ours = same-claim tier of align() (P >= {aligner.same_threshold:.2f}, shipped); "
        f"baseline = plain token_set_ratio >= {tsr_t:.2f} (tuned on train) over all cross-doc "
        "pairs, no clustering"
    )
    for k, name in enumerate(("precision", "recall", "F1")):
        rows.append(_row(f"pairwise {name}", ours_c[k], base_c[k], "test (even topics)", note))
    rows.append(
        _row(
            "pairwise F1 against today's aligner",
            ours_c[2],
            today_c[2],
            "test (even topics)",
            f"baseline = similarity-only clusters, one sentence per article (suggest {suggest:.2f}"
            f", tuned on train): P {today_c[0]:.3f} R {today_c[1]:.3f}",
        )
    )
    rows.append(
        _row(
            "pairwise F1, P(same claim) thresholded (no clustering)",
            ours_p[2],
            base_c[2],
            "test (even topics)",
            f"ours = P(same claim) >= {ours_t:.2f} on blocked pairs (0 elsewhere), P "
            f"{ours_p[0]:.3f} R {ours_p[1]:.3f}; baseline = token_set_ratio >= {tsr_t:.2f}; both "
            "tuned on train",
        )
    )
    rows.append(
        _row(
            "pairwise F1, wordllama ablation",
            ours_c[2],
            lex_c[2],
            "test (even topics)",
            "ours = with wordllama; baseline = same aligner and model, lexical signal only "
            "(the cosine feature imputed)",
        )
    )
    rows.append(_sentence_model_row(test, aligner))
    rows.extend(_annotated_rows(train, test, aligner, suggest))
    # blocking
    gold_total = sum(int(np.triu(s.gold, 1).sum()) for s in stories)
    gold_kept = sum(int(np.triu(s.gold & s.blocked, 1).sum()) for s in stories)
    cand = sum(len(s.prepared.pair_a) for s in stories)
    all_pairs = sum(int(np.triu(s.gold | ~s.gold, 1).sum()) for s in stories)
    cross_pairs = 0
    for s in stories:
        docs = np.array([u.article_id for u in s.units])
        cross_pairs += int(np.triu(docs[:, None] != docs[None, :], 1).sum())
    rows.append(
        _row(
            "blocking recall (gold pairs among candidates)",
            gold_kept / gold_total if gold_total else None,
            None,
            "all topics",
            f"{gold_kept} of {gold_total} gold pairs survive blocking",
        )
    )
    rows.append(
        _row(
            "candidate pairs / all cross-doc pairs",
            cand / cross_pairs if cross_pairs else None,
            1.0,
            "all topics",
            f"{cand} scored of {cross_pairs} cross-doc pairs ({all_pairs} pairs in all); "
            "baseline scores every pair",
        )
    )
    rows.extend(_scale_rows(stories))
    rows.extend(_bbc_scale_rows())
    seconds = time.perf_counter() - started
    for r in rows:
        r["note"] += f"; wordllama={'on' if aligner.uses_embeddings else 'OFF'}; run {seconds:.0f}s"
    return rows


def _sentence_model_row(test: list[_Story], aligner: Aligner) -> dict:
    """Ours against the same claim model reading whole sentences only (claim units off)."""
    if aligner.model is None or not aligner.model.units:
        return _row("pairwise F1 against whole sentences only", None, None, "-", "units off")
    whole = Aligner(claim_model=dataclasses.replace(aligner.model, units=False))
    counts = _Counts()
    for s in test:
        counts.add(_pairs_in_clusters(whole.align(s.units), s.units), s.gold)
    p, r, f1 = counts.prf()
    ours = _cluster_counts(test, aligner).prf()[2]
    return _row(
        "pairwise F1 against whole sentences only",
        ours,
        f1,
        "test (even topics)",
        f"baseline = the same claim model and clustering reading whole sentences (no claim "
        f"units, analysis.unit_match): P {p:.3f} R {r:.3f}",
    )


def _annotated_rows(
    train: list[_Story], test: list[_Story], aligner: Aligner, suggest: float
) -> list[dict]:
    """The same comparison over the pairs whose two sentences ECB+'s annotators read (see
    StoryCluster.annotated_mask). Most of those sentences mention the story's main event, so a
    large share of their pairs are gold: the row 'every pair joined' gives that base rate."""
    split = "test (even topics), annotated sentences"
    tsr_t = _best_threshold(train, "tsr", np.arange(0.3, 1.001, 0.02), annotated=True)
    ours = _cluster_counts(test, aligner, annotated=True).prf()
    base = _threshold_counts(test, "tsr", tsr_t, annotated=True).prf()
    today = _cluster_counts(test, _today(suggest), annotated=True).prf()
    everything = _threshold_counts(test, "tsr", -1.0, annotated=True).prf()
    note = (
        f"ours = same-claim tier of align() (shipped thresholds); baseline = token_set_ratio >= "
        f"{tsr_t:.2f} (tuned on train, annotated pairs); only pairs of two annotated sentences "
        f"count; joining every pair scores P {everything[0]:.3f} F1 {everything[2]:.3f}"
    )
    rows = [
        _row(f"pairwise {name}", ours[k], base[k], split, note)
        for k, name in enumerate(("precision", "recall", "F1"))
    ]
    rows.append(
        _row(
            "pairwise F1 against today's aligner",
            ours[2],
            today[2],
            split,
            f"baseline = similarity-only clusters, one sentence per article (suggest {suggest:.2f}"
            f"): P {today[0]:.3f} R {today[1]:.3f}",
        )
    )
    return rows


def _scale_rows(stories: list[_Story]) -> list[dict]:
    """All ECB+ documents aligned as one corpus: how much blocking saves, and how long it takes."""
    units: list[AlignUnit] = []
    offset = 0
    for s in stories:
        units.extend(
            AlignUnit(u.article_id + offset, u.sentence_idx, u.text, u.source) for u in s.units
        )
        offset += len(s.cluster.docs)
    clusters, stats = Aligner().align_with_stats(units)
    return [
        _row(
            "scale: candidate pairs / all cross-doc pairs, one corpus",
            stats.scored_share,
            1.0,
            "all topics",
            f"{stats.units} sentences, {stats.articles} docs, {stats.candidate_pairs} of "
            f"{stats.all_cross_pairs} pairs scored, {len(clusters)} clusters, "
            f"{stats.seconds:.1f}s",
        )
    ]


def _split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 4]


def _bbc_scale_rows() -> list[dict]:
    """2,225 BBC articles (five topics, 2004-05) aligned as one corpus: the 2,000+ article case."""
    try:
        root = bench_dir("bbc-news-2225") / "bbc"
    except BenchDataMissing as exc:
        return [_row("scale: 2,225 BBC articles", None, None, "-", f"skipped: {exc}")]
    units = [
        AlignUnit(article, idx, text, path.parent.name)
        for article, path in enumerate(sorted(root.glob("*/*.txt")))
        for idx, text in enumerate(_split_sentences(path.read_text(encoding="latin-1")))
    ]
    clusters, stats = Aligner().align_with_stats(units)
    row = _row(
        "scale: candidate pairs / all cross-article pairs, 2,225 BBC articles",
        stats.scored_share,
        1.0,
        "-",
        f"{stats.units} sentences, {stats.candidate_pairs} of {stats.all_cross_pairs} pairs "
        f"scored in {stats.seconds:.1f}s (2 cores), {len(clusters)} clusters",
    )
    row["data"] = "bbc-news-2225"
    return [row]


if __name__ == "__main__":
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    for row in run(limit):
        print(json.dumps(row))
