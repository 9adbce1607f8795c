"""Fit `mutual_floor` of analysis/data/claim_model.json on ECB+ train topics.

After same-claim clusters grow under average linkage, a leftover sentence that is the mutual
best match of a member (its most probable partner anywhere is that member, and it is that
member's most probable partner in its own article, as in bitext alignment) joins the claim when
its mean P to the members reaches a floor (analysis/align.py, `_mutual`): a paraphrase or a
translation reads as one member's counterpart though not as every member's. The floor was the
possible threshold, set by hand; this script measures it.

Every cluster of the ECB+ odd (train) topics is prepared once (blocking, P(same claim)) and
clustered at each floor of GRID; the floor with the highest pairwise F1 of the same-claim tier
over all cross-document pairs (bench/tasks/alignment.py's measure) is kept, the higher floor
on a tie (fewer joins for the same score). The pairs of two sentences ECB+'s annotators read
are reported beside it (a pair with an unread sentence is never gold, whatever it says), and
the even topics are scored once at the chosen floor and at the old one for the report. The dev
clusters are not read.

    .venv/bin/python scripts/fit_mutual_floor.py [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.align import Aligner, Prepared  # noqa: E402
from analysis.claim_model import DATA_FILE, ClaimModel, load_claim_model  # noqa: E402
from analysis.model import AlignUnit  # noqa: E402
from bench.tasks.alignment import (  # noqa: E402
    StoryCluster,
    _Counts,
    _pairs_in_clusters,
    load_clusters,
)

GRID = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35)

Story = tuple[StoryCluster, list[AlignUnit], Prepared]


def prepared(clusters: list[StoryCluster], model: ClaimModel) -> list[Story]:
    """Each cluster's units and candidate pairs with their P (the floor does not change P)."""
    aligner = Aligner(claim_model=model)
    return [(c, units, aligner.prepare(units)) for c in clusters for units in (c.units(),)]


def scores(stories: list[Story], model: ClaimModel, floor: float) -> dict[str, list[float]]:
    """Pairwise P/R/F1 of the same-claim tier with `floor`: all pairs, and annotated pairs."""
    aligner = Aligner(claim_model=dataclasses.replace(model, mutual_floor=floor))
    every, annotated = _Counts(), _Counts()
    for cluster, units, prep in stories:
        found = _pairs_in_clusters(aligner.cluster(prep), units)
        gold, marked = cluster.gold(units), cluster.annotated_mask(units)
        every.add(found, gold)
        annotated.add(found, gold, marked[:, None] & marked[None, :])
    return {
        "all_pairs": [round(x, 4) for x in every.prf()],
        "annotated_pairs": [round(x, 4) for x in annotated.prf()],
    }


def setup(doc: str) -> tuple[bool, ClaimModel, list[StoryCluster]]:
    """A fitting script's start: whether to write the fit (`--write`), the shipped model and
    every ECB+ cluster."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the fit in the model file")
    return parser.parse_args().write, load_claim_model(), load_clusters()


def main() -> None:
    write, model, clusters = setup(__doc__)
    train = prepared([c for c in clusters if c.train], model)
    grid = {floor: scores(train, model, floor) for floor in GRID}
    best = max(GRID, key=lambda f: (grid[f]["all_pairs"][2], f))
    old = model.possible_threshold
    test = prepared([c for c in clusters if not c.train], model)
    report = {
        "train_grid": {str(f): grid[f] for f in GRID},
        "mutual_floor": best,
        "test_even_topics": {
            str(best): scores(test, model, best),
            str(old): scores(test, model, old),
        },
    }
    print(json.dumps(report, indent=1))
    if write:
        write_fit("mutual_floor", best, {
            "script": "scripts/fit_mutual_floor.py",
            "what": "mean P to a same-claim cluster's members at which a leftover that is a "
            "mutual best match of one of them joins it (analysis/align.py, _mutual); was the "
            f"possible threshold ({old})",
            "fit": "the floor of the grid with the highest pairwise F1 (precision, recall, F1 "
            "listed) of same-claim clusters over all cross-document pairs of ECB+ odd topics",
            **report,
        })  # fmt: skip


def write_fit(name: str, value: float, card: dict) -> None:
    """Store a fitted value and its card entry (both under `name`) in the model file."""
    path = ROOT / "analysis" / "data" / DATA_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data[name] = value
    data["card"][name] = card
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
