"""Train analysis/data/claim_model.json, the same-claim pair model (analysis/claim_model.py).

Data, both allowing a derived model to ship (see ../shared/bench-data/PROVENANCE.md):
- ECB+ (CC BY 3.0 annotation). Within one same-story cluster (topic + subcorpus), a pair of
  sentences from different documents is positive when both mention one cross-document event (a
  CROSS_DOC_COREF chain whose id starts with ACT or NEG), negative otherwise: hard negatives, the
  same story told by other sentences. Only the pairs blocking offers the aligner are used (as at
  run time). Odd topics train, even topics are held out (the split of bench/tasks/alignment.py).
- SemEval STS headlines 2013-2015 (Europe Media Monitor headlines, used with acknowledgement of
  EMM): same-story headline pairs graded 0-5; "roughly equivalent" (3) and above is the same
  claim, below is a topic match. 2016 is held out.
MSRP, QAGS and BBC are evaluation-only and are not read here.

The model is a logistic regression on standardised features, fitted by Newton's method with a
small ridge penalty: numpy only, deterministic (sorted inputs, no random draws). Thresholds come
from the STS training pairs (same-claim judgements, unlike ECB+'s same-event ones):
`same_threshold` is the lowest probability whose pairs reach precision 0.7, `possible_threshold`
the lowest reaching 0.6. The card records the held-out metrics
(ECB+ even topics, pairs and clusters; STS 2016), a calibration table, and the data hashes.

    .venv/bin/python scripts/train_claim_model.py [--out analysis/data/claim_model.json]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.align import Aligner, _positions  # noqa: E402
from analysis.claim_model import CANDIDATES, FEATURES, ClaimModel, ClaimScorer  # noqa: E402
from analysis.similarity import SimilarityModel  # noqa: E402
from bench._data import bench_dir, bench_file  # noqa: E402
from bench.tasks.alignment import (  # noqa: E402
    StoryCluster,
    _Counts,
    _pairs_in_clusters,
    load_clusters,
)

RIDGE = 1.0
FIT_QUANTILE = 0.01  # share of train positives below the similarity the fit starts at
GATE_QUANTILE = 0.001  # share of pairs reaching the possible threshold below the run-time gate
SAME_PRECISION = 0.7  # STS training-pair precision the same-claim threshold must reach
POSSIBLE_PRECISION = 0.6  # ... and the possible threshold
STS_SAME = 3.0  # STS "roughly equivalent" and above
STS_TRAIN = ("2013_headlines.test.tsv", "2014_headlines.test.tsv", "2015_headlines.test.tsv")
STS_TEST = ("2016_headlines.test.tsv",)
ANALYSIS_VERSION = "0.1.0"


@dataclass(slots=True)
class Pairs:
    """Candidate pairs of one split with features, labels and similarity."""

    x: np.ndarray
    y: np.ndarray
    similarity: np.ndarray
    annotated: np.ndarray  # both sentences are in ECB+'s index of annotated sentences


def story_pairs(cluster: StoryCluster, aligner: Aligner, probe: ClaimModel) -> Pairs:
    """Features of every blocked candidate pair of one story cluster (without the URL lines
    ECB+ keeps as a page's first line, so the position features count the headline as 0)."""
    units = cluster.units()
    prepared = aligner.prepare(units)
    gold = cluster.gold(units)
    a, b = prepared.pair_a, prepared.pair_b
    scorer = ClaimScorer(prepared.model, _positions(prepared.articles), probe)
    x = scorer.features(a, b, everything=True)
    marked = cluster.annotated_mask(units)
    return Pairs(x, gold[a, b].astype(np.float64), prepared.pair_score, marked[a] & marked[b])


def sts_pairs(probe: ClaimModel, files: tuple[str, ...]) -> Pairs:
    """Scored STS headline pairs of `files`; each file is one corpus for term rarity."""
    parts = []
    for name in files:
        rows = []
        for line in bench_file("semeval-sts-news", name).read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) >= 3 and cells[0].strip():
                rows.append((float(cells[0]), cells[1].strip(), cells[2].strip()))
        texts = [t for _, a, b in rows for t in (a, b)]
        sim = SimilarityModel(texts)
        a = np.arange(0, len(texts), 2)
        similarity = sim.score_pairs(a, a + 1)
        x = ClaimScorer(sim, [0] * len(texts), probe).features(a, a + 1, everything=True)
        y = np.array([g >= STS_SAME for g, _, _ in rows], dtype=np.float64)
        parts.append(Pairs(x, y, similarity, np.ones(len(y), dtype=bool)))
    return concat(parts)


def concat(parts: list[Pairs]) -> Pairs:
    return Pairs(
        np.vstack([p.x for p in parts]),
        np.concatenate([p.y for p in parts]),
        np.concatenate([p.similarity for p in parts]),
        np.concatenate([p.annotated for p in parts]),
    )


def fit_logistic(
    x: np.ndarray, y: np.ndarray, w: np.ndarray | None = None, ridge: float = RIDGE
) -> tuple[np.ndarray, ...]:
    """Standardisation and ridge-penalised, weighted logistic weights by Newton's method."""
    w_row = np.ones(len(y)) if w is None else w
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], ridge)
    penalty[-1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        grad = z.T @ (w_row * (p - y)) + penalty * beta
        hess = (z * (w_row * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, beta[:-1], beta[-1]


def auc(p: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve (ties count half)."""
    order = np.argsort(p, kind="stable")
    ranks = np.empty(len(p))
    sorted_p = p[order]
    # average ranks over ties
    starts = np.flatnonzero(np.r_[True, sorted_p[1:] != sorted_p[:-1]])
    ends = np.r_[starts[1:], len(p)]
    for s, e in zip(starts, ends, strict=True):
        ranks[order[s:e]] = (s + e + 1) / 2.0
    pos = y == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def calibration(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict]:
    """Predicted against observed rate in equal-width bins of P."""
    out = []
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in itertools.pairwise(edges):
        inside = (p >= lo) & ((p < hi) | (hi == 1.0))
        if inside.any():
            out.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "pairs": int(inside.sum()),
                    "mean_p": round(float(p[inside].mean()), 3),
                    "observed": round(float(y[inside].mean()), 3),
                }
            )
    return out


def pair_prf(p: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float, float]:
    hit = p >= t
    tp = float((hit & (y == 1)).sum())
    prec = tp / hit.sum() if hit.sum() else 0.0
    rec = tp / (y == 1).sum() if (y == 1).sum() else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "analysis" / "data" / "claim_model.json")
    parser.add_argument("--cache", type=Path, default=None, help="npz of features to reuse")
    args = parser.parse_args()

    clusters = load_clusters()
    aligner = Aligner(claim_model=False)
    probe = ClaimModel(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)),
                       np.zeros(len(FEATURES)), 0.0, 0.0, 0.5, 0.5, 0.5)  # fmt: skip
    if args.cache and args.cache.exists():
        data = np.load(args.cache)
        train = Pairs(data["xtr"], data["ytr"], data["str"], data["atr"])
        test = Pairs(data["xte"], data["yte"], data["ste"], data["ate"])
    else:
        train = concat([story_pairs(c, aligner, probe) for c in clusters if c.train])
        test = concat([story_pairs(c, aligner, probe) for c in clusters if not c.train])
        if args.cache:
            np.savez(args.cache, xtr=train.x, ytr=train.y, str=train.similarity,
                     atr=train.annotated, xte=test.x, yte=test.y, ste=test.similarity,
                     ate=test.annotated)  # fmt: skip
    used = [CANDIDATES.index(f) for f in FEATURES]
    train.x, test.x = train.x[:, used], test.x[:, used]
    sts_train, sts_test = sts_pairs(probe, STS_TRAIN), sts_pairs(probe, STS_TEST)
    sts_train.x, sts_test.x = sts_train.x[:, used], sts_test.x[:, used]
    positives = np.sort(train.similarity[train.y == 1])
    floor = float(np.floor(positives[int(FIT_QUANTILE * len(positives))] * 100) / 100)
    fit = concat([train, sts_train])
    keep = fit.similarity >= floor
    # the two sources weigh the same in all: STS's few same-claim judgements against ECB+'s many
    # same-event pairs
    weight = np.r_[
        np.ones(len(train.y)), np.full(len(sts_train.y), len(train.y) / len(sts_train.y))
    ]
    mean, scale, coef, intercept = fit_logistic(fit.x[keep], fit.y[keep], weight[keep])
    cosine_fallback = float(mean[FEATURES.index("cosine")])
    model = ClaimModel(FEATURES, mean, scale, coef, float(intercept), floor, 0.5, 0.5,
                       cosine_fallback)  # fmt: skip
    p_fit = np.where(keep, model.probability(fit.x), 0.0)
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]
    p_sts_train = p_fit[len(train.y) :]
    same = next(
        (t for t in grid if pair_prf(p_sts_train, sts_train.y, t)[0] >= SAME_PRECISION), grid[-1]
    )
    possible = next(
        (t for t in grid if pair_prf(p_sts_train, sts_train.y, t)[0] >= POSSIBLE_PRECISION),
        grid[-1],
    )
    possible = min(possible, same)
    # run time: below this similarity P is taken as 0 without computing features (nearly no
    # training pair that reaches the possible threshold lies below it)
    reach = np.sort(fit.similarity[p_fit >= possible])
    gate = float(np.floor(reach[int(GATE_QUANTILE * len(reach))] * 100) / 100)
    model = ClaimModel(FEATURES, mean, scale, coef, float(intercept), gate, same, possible,
                       cosine_fallback)  # fmt: skip
    # ranking and calibration are read ungated; precision and recall with the gate, as run
    p_te = model.probability(test.x)
    p_sts = model.probability(sts_test.x)
    p_te_gated = np.where(test.similarity >= gate, p_te, 0.0)
    stories = [(c, Aligner(claim_model=model).prepare(c.units())) for c in clusters]
    train_prf = cluster_prf([s for s in stories if s[0].train], model, same, possible)
    test_prf = cluster_prf([s for s in stories if not s[0].train], model, same, possible)
    print(f"same {same} possible {possible}: ECB+ train {train_prf} test {test_prf}")
    card = {
        "model": "logistic regression on standardised features (numpy, Newton + ridge)",
        "trained": datetime.now(UTC).date().isoformat(),
        "analysis_version": ANALYSIS_VERSION,
        "script": "scripts/train_claim_model.py",
        "data": {
            "name": "ECB+ (Cybulska & Vossen 2014), cross-document event coreference",
            "licence": "CC BY 3.0 (annotation), see ../shared/bench-data/PROVENANCE.md",
            "files": {
                f: sha256(bench_file("ecbplus", f))
                for f in ("ecbplus_documents_derived.jsonl", "ECBplus_coreference_sentences.csv")
            },
            "xml_files": len(list((bench_dir("ecbplus") / "xml").rglob("*.xml"))),
            "positives": "two sentences of one same-story cluster, different documents, both "
            "mentioning one cross-document event (ACT/NEG chain)",
            "negatives": "other cross-document pairs of the same story that blocking offers",
            "split": "odd topics train, even topics held out (every metric below)",
            "not_used": "MSRP, QAGS, BBC (evaluation-only); STS sets other than headlines",
        },
        "data_sts": {
            "name": "SemEval STS headlines 2013-2016 (Europe Media Monitor headlines; "
            "acknowledgement: EMM, European Commission JRC)",
            "licence": "use with acknowledgement of EMM, see ../shared/bench-data/PROVENANCE.md",
            "files": {f: sha256(bench_file("semeval-sts-news", f)) for f in STS_TRAIN + STS_TEST},
            "labels": f"graded similarity >= {STS_SAME} (roughly equivalent: the same claim, "
            "details may differ) positive, lower negative",
            "split": "2013-2015 train, 2016 held out",
        },
        "metrics_test": {
            "pairs": len(test.y),
            "positives": int(test.y.sum()),
            "auc": round(auc(p_te, test.y), 4),
            "auc_similarity_alone": round(auc(test.similarity, test.y), 4),
            "brier": round(float(np.mean((p_te - test.y) ** 2)), 4),
            "pairs_at_same_threshold": dict(
                zip(
                    ("precision", "recall", "f1"),
                    map(_r, pair_prf(p_te_gated, test.y, same)),
                    strict=True,
                )
            ),
            "clusters_at_thresholds": dict(
                zip(("precision", "recall", "f1"), map(_r, test_prf), strict=True)
            ),
            "sts_headlines_2016": {
                "pairs": len(sts_test.y),
                "positives": int(sts_test.y.sum()),
                "auc": round(auc(p_sts, sts_test.y), 4),
                "auc_similarity_alone": round(auc(sts_test.similarity, sts_test.y), 4),
            },
        },
        "calibration_test": calibration(p_te, test.y),
        "calibration_sts_2016": calibration(p_sts, sts_test.y, bins=5),
        "thresholds": {
            "same_claim": f"lowest P whose STS training pairs have precision >= {SAME_PRECISION}",
            "possible": f"lowest P whose STS training pairs have precision >= {POSSIBLE_PRECISION}",
        },
    }
    out = {
        "features": list(FEATURES),
        "mean": [round(float(v), 8) for v in mean],
        "scale": [round(float(v), 8) for v in scale],
        "coef": [round(float(v), 8) for v in coef],
        "intercept": round(float(intercept), 8),
        "gate": gate,
        "same_threshold": same,
        "possible_threshold": possible,
        "cosine_fallback": round(cosine_fallback, 8),
        "card": card,
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(card["metrics_test"], indent=1))
    for name, c in sorted(zip(FEATURES, coef, strict=True), key=lambda p: -abs(p[1])):
        print(f"{name:16s} {c:+.3f}")


def _r(v: float) -> float:
    return round(float(v), 4)


def cluster_prf(
    stories: list, model: ClaimModel, same: float, possible: float
) -> tuple[float, float, float]:
    """Pairwise P/R/F1 of same-claim clusters at the given thresholds (bench counting)."""
    aligner = Aligner(claim_model=model, same_threshold=same, possible_threshold=possible)
    counts = _Counts()
    for cluster, prepared in stories:
        units = prepared.units
        counts.add(_pairs_in_clusters(aligner.cluster(prepared), units), cluster.gold(units))
    return counts.prf()


if __name__ == "__main__":
    main()
