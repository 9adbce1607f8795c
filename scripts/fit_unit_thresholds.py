"""Fit the claim-unit pair thresholds of analysis/data/claim_model.json on ECB+ train topics.

Claim clustering groups claim units where a sentence carries several (analysis/claim_items.py),
and a unit pair's P comes from the sentence-pair model read on two clauses. Clauses are shorter
than sentences and the model marks short texts down, so a unit pair that states one event scores
lower than a sentence pair that does: `unit_possible` and `unit_same` are the unit-pair P read as
the possible and the same threshold (ClaimModel.unit_scale, a monotone map).

Fitted on ECB+ odd (train) topics only, by pairwise F1 of the same-claim clusters (the counting of
bench/tasks/alignment.py: a sentence in two clusters through two of its units makes both its
pairs), among the settings whose train precision stays at or above the unscaled model's. ECB+
is the right ground for this: its sentences often mention two events, and each event's mentions
form their own gold cluster. Even topics are scored once for the report, never chosen on. The dev
clusters (../shared/dev-clusters) are not read.

    .venv/bin/python scripts/fit_unit_thresholds.py [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.align import Aligner, Prepared  # noqa: E402
from analysis.claim_model import DATA_FILE, ClaimModel, load_claim_model  # noqa: E402
from bench.tasks.alignment import StoryCluster, _Counts, _pairs_in_clusters, load_clusters  # noqa: E402

GRID_POSSIBLE = (0.06, 0.08, 0.10, 0.12, 0.15)
GRID_SAME = (0.15, 0.18, 0.21, 0.24, 0.27, 0.30, 0.35)


@dataclasses.dataclass(slots=True)
class _Story:
    cluster: StoryCluster
    prepared: Prepared
    whole: np.ndarray  # each candidate pair's P from the whole sentences alone
    unit: np.ndarray  # its best claim-unit pair's P, unscaled (0 when units are not compared)


def _story(cluster: StoryCluster, model: ClaimModel) -> _Story:
    prepared = Aligner(claim_model=model).prepare(cluster.units())
    scorer = prepared.scorer
    assert scorer is not None and prepared.pair_p is not None
    a, b = prepared.pair_a, prepared.pair_b
    scorer.use_units = False
    whole = scorer.probability(a, b, prepared.pair_score)
    scorer.use_units = True
    unit = np.zeros(len(a))
    scorer._unit_maximum(a, b, prepared.pair_score, unit)
    return _Story(cluster, prepared, whole, unit)


def _prf(stories: list[_Story], model: ClaimModel) -> tuple[float, float, float]:
    counts = _Counts()
    aligner = Aligner(claim_model=model)
    for s in stories:
        p = s.prepared
        scorer = p.scorer
        assert scorer is not None
        unit_scorer = scorer.unit_scorer()[1]
        scorer.model = unit_scorer.model = model
        scorer._matched.clear()
        pair_p = np.maximum(s.whole, model.unit_scale(s.unit))
        drafts = aligner.cluster(dataclasses.replace(p, pair_p=np.round(pair_p, 9)))
        counts.add(_pairs_in_clusters(drafts, p.units), s.cluster.gold(p.units))
    return counts.prf()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the fit in the model file")
    args = parser.parse_args()
    base = dataclasses.replace(load_claim_model(), unit_possible=None, unit_same=None)
    clusters = load_clusters()
    train = [_story(c, base) for c in clusters if c.train]
    test = [_story(c, base) for c in clusters if not c.train]
    floor = _prf(train, base)
    print(f"unscaled: train P/R/F1 {floor}  test {_prf(test, base)}")
    results = []
    for lo, hi in itertools.product(GRID_POSSIBLE, GRID_SAME):
        if lo > hi or lo > base.possible_threshold or hi > base.same_threshold:
            continue
        model = dataclasses.replace(base, unit_possible=lo, unit_same=hi)
        prf = _prf(train, model)
        results.append((prf, lo, hi))
        print(f"unit_possible {lo:.2f} unit_same {hi:.2f}: train P {prf[0]:.3f} R {prf[1]:.3f} "
              f"F1 {prf[2]:.3f}", flush=True)  # fmt: skip
    ok = [r for r in results if r[0][0] >= floor[0]] or results
    (prf, lo, hi) = max(ok, key=lambda r: (r[0][2], r[2], r[1]))
    model = dataclasses.replace(base, unit_possible=lo, unit_same=hi)
    held = _prf(test, model)
    print(f"chosen unit_possible {lo} unit_same {hi}: train {prf}, test (even topics) {held}")
    if args.write:
        path = ROOT / "analysis" / "data" / DATA_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        data["unit_possible"], data["unit_same"] = lo, hi
        data["card"]["unit_thresholds"] = {
            "script": "scripts/fit_unit_thresholds.py",
            "fit": "ECB+ odd topics, pairwise F1 of same-claim clusters with claim units as "
            "clustered items, train precision kept at or above the unscaled model's",
            "train_unscaled": [round(v, 4) for v in floor],
            "train": [round(v, 4) for v in prf],
            "test_even_topics": [round(v, 4) for v in held],
        }
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
