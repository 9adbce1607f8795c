"""Fit `counted_p` of analysis/data/claim_model.json on ECB+ train topics.

Two outlets that give one count of one thing state one fact in whatever words: "at least nine
people lost their lives" / "the death toll rose to nine"; "four were detained" / "police
arrested four men". The pair model reads words and scores such paraphrases low. A pair whose
sentences each have a figure giving one count of one predicate family (analysis/predicates.py,
through analysis.claim_facts.counts_one) is given P = `counted_p` when the model puts it lower.
Two different counts of one family ("nine died" / "the toll rose to 12") are not lifted: with
them (P 0.80 measured the same way) the ECB+ control gained eight false contradictions, other
episodes of a story joined into its claim.

`counted_p` is measured, not chosen: over the candidate pairs of ECB+ odd (train) topics with
such a link, similarity at least `counted_floor` and model P under the same-claim threshold, the
share that mention one event, counted over pairs of two sentences ECB+'s annotators read (an
unread sentence is never gold, whatever it says; the thresholds of analysis/claim_merge.py are
set the same way), rounded down to a twentieth. Even topics are scored once for the report. The
dev clusters are not read.

    .venv/bin/python scripts/fit_counted_floor.py [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.align import Aligner  # noqa: E402
from analysis.claim_facts import counted_families, counts_one  # noqa: E402
from analysis.claim_model import DATA_FILE, ClaimModel, load_claim_model  # noqa: E402
from bench.tasks.alignment import StoryCluster, load_clusters  # noqa: E402

COUNTED_FLOOR = 0.15  # similarity below which a counted link is not read (as unit pairs)


def linked_pairs(clusters: list[StoryCluster], model: ClaimModel) -> np.ndarray:
    """(P, similarity, gold, both annotated) of every linked candidate pair of `clusters`."""
    rows = []
    for cluster in clusters:
        units = cluster.units()
        prepared = Aligner(claim_model=model).prepare(units)
        assert prepared.pair_p is not None
        gold, marked = cluster.gold(units), cluster.annotated_mask(units)
        counts = [counted_families(u.text) for u in units]
        for a, b, s, p in zip(
            prepared.pair_a.tolist(), prepared.pair_b.tolist(),
            prepared.pair_score.tolist(), prepared.pair_p.tolist(), strict=True,
        ):  # fmt: skip
            if s >= COUNTED_FLOOR and counts_one(counts[a], counts[b]):
                rows.append((p, s, float(gold[a, b]), float(marked[a] and marked[b])))
    return np.array(rows, dtype=np.float64).reshape(-1, 4)


def rates(rows: np.ndarray, same: float) -> dict[str, float | int]:
    """Share of gold among the linked pairs below the same threshold (annotated and all)."""
    p, _, gold, read = rows.T
    low = p < same
    both = low & (read > 0)
    return {
        "linked_pairs": len(rows),
        "below_same": int(low.sum()),
        "mean_p_below_same": round(float(p[low].mean()), 4) if low.any() else 0.0,
        "annotated_below_same": int(both.sum()),
        "gold_rate_annotated": round(float(gold[both].mean()), 4) if both.any() else 0.0,
        "gold_rate_all": round(float(gold[low].mean()), 4) if low.any() else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the fit in the model file")
    args = parser.parse_args()
    base = dataclasses.replace(load_claim_model(), counted_p=0.0)
    clusters = load_clusters()
    train = rates(linked_pairs([c for c in clusters if c.train], base), base.same_threshold)
    test = rates(linked_pairs([c for c in clusters if not c.train], base), base.same_threshold)
    # rounded down to a twentieth: a few hundred annotated pairs measure the rate to about
    # +-0.02, so finer steps are noise (and 0.80 against 0.81 moves clustering order)
    counted_p = math.floor(float(train["gold_rate_annotated"]) * 20) / 20
    print(json.dumps({"train": train, "test_even_topics": test, "counted_p": counted_p}, indent=1))
    if args.write:
        path = ROOT / "analysis" / "data" / DATA_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        data["counted_p"], data["counted_floor"] = counted_p, COUNTED_FLOOR
        data["card"]["counted_p"] = {
            "script": "scripts/fit_counted_floor.py",
            "what": "P given to a candidate pair whose sentences each have a figure counting one "
            "predicate family (analysis/predicates.py), similarity >= counted_floor, when the "
            "model scores it lower",
            "fit": "share of ECB+ odd-topic linked candidate pairs under the same threshold that "
            "mention one event, over pairs of two annotated sentences",
            "train": train,
            "test_even_topics": test,
        }
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
