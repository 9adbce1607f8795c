"""Fit `same_threshold` of analysis/data/claim_model.json on ECB+ train topics.

The same-claim threshold is the P(same claim) at which a pair may join a claim (analysis/align.py:
clusters grow from the most probable pair down under average linkage at this threshold; only
same-claim members count as corroboration). scripts/train_claim_model.py sets it from STS
headline pairs (the lowest P whose pairs reach precision 0.7), pairs scored one by one; what the
reader sees are clusters, whose precision is not the pairs'. Issue 14 asks same-claim clusters
for pair precision 0.85: this script takes the lowest threshold of GRID whose same-claim clusters
keep that precision over the ECB+ odd (train) topics, counted over pairs of two sentences ECB+'s
annotators read (a pair with an unread sentence is never gold, whatever it says, so all-pair
precision is no measure of it), every cluster prepared again at each threshold (the claim-unit
scale and the toll-version link read the threshold). All-pair P/R/F1 (bench/tasks/alignment.py's
measure) is listed beside it, and the even topics are scored at every threshold of the grid
for the report. The dev clusters are not read. Run it again after train_claim_model.py (which
writes the STS threshold back), then scripts/fit_mutual_floor.py (its floor is fitted under this
threshold).

Not applied yet (session 15): the fit (0.20 on main at 265cd36; 0.25 in session 14) gains
same-claim recall on ECB+ and the dev clusters, but the comparison stages then read other acts of
one story inside the larger claims (two times of two acts of one rescue, a season's figure against
a game's, a charge period against another event's year): the ECB+ native control
(bench.tasks.ecb_control) gains false contradictions at 0.25 and at 0.30 (README, claim
alignment). `--write` writes the fit whenever it is given: do not run it before the comparisons
check that two values date or count one act inside a claim as they do across claims.

    .venv/bin/python scripts/fit_same_threshold.py [--write]
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.claim_model import ClaimModel  # noqa: E402
from bench.tasks.alignment import StoryCluster  # noqa: E402
from scripts.fit_mutual_floor import prepared, scores, setup, write_fit  # noqa: E402

GRID = (0.2, 0.25, 0.3, 0.35, 0.4)
PRECISION = 0.85  # issue 14: same-claim pair precision


def at(clusters: list[StoryCluster], model: ClaimModel, same: float) -> dict[str, list[float]]:
    """Scores of the same-claim tier with the model's same threshold set to `same`."""
    moved = dataclasses.replace(model, same_threshold=same)
    return scores(prepared(clusters, moved), moved, moved.mutual_floor)


def main() -> None:
    write, model, clusters = setup(__doc__)
    train = [c for c in clusters if c.train]
    grid = {same: at(train, model, same) for same in GRID}
    kept = [s for s in GRID if grid[s]["annotated_pairs"][0] >= PRECISION]
    best = min(kept) if kept else max(GRID)
    old = model.same_threshold
    test = [c for c in clusters if not c.train]
    report = {
        "train_grid": {str(s): grid[s] for s in GRID},
        "same_threshold": best,
        "test_even_topics": {str(s): at(test, model, s) for s in GRID},  # old included
    }
    print(json.dumps(report, indent=1))
    if write:
        write_fit("same_threshold", best, {
            "script": "scripts/fit_same_threshold.py",
            "what": "P(same claim) at which a pair may join a same-claim cluster; was "
            f"{old}, the lowest P whose STS training pairs reach precision 0.7",
            "fit": f"the lowest threshold of the grid whose same-claim clusters keep pair "
            f"precision >= {PRECISION} over pairs of two annotated sentences of ECB+ odd "
            "topics (precision, recall, F1 listed; all_pairs: every cross-document pair)",
            **report,
        })  # fmt: skip


if __name__ == "__main__":
    main()
