"""Fit `counted_p` and `apart_p` of analysis/data/claim_model.json on ECB+ train topics.

Two outlets that give one count of one thing state one fact in whatever words: "at least nine
people lost their lives" / "the death toll rose to nine"; "four were detained" / "police
arrested four men". The pair model reads words and scores such paraphrases low. A pair whose
sentences each have a figure giving one count of one predicate family (analysis/predicates.py,
through analysis.predicates.counts_one) is given P = `counted_p` when the model puts it lower
(`--link counted`, the default).

Two different counts of one family ("nine died" / "the toll rose to 12") are two versions of
one figure only in narrower conditions (`--link apart`, `apart_p`): a count the story revises
(families marked `versions` in lexicon/predicates.json: a toll, the injured), given once by each
sentence (two counts in one sentence are parts of a whole: "49 on board, 43 passengers and 6
crew"), neither sentence dated (a weekday, a month, a clock time: a snapshot a later count
revises) or telling another episode (a year, "earlier", "previous", "another", ...). Lifting
every family's different counts (P 0.80 measured the same way) added eight false contradictions
to the ECB+ control, other episodes of a story joined into its claim.

Each P is measured, not chosen: over the candidate pairs of ECB+ odd (train) topics with such a
link, similarity at least `counted_floor` and model P under the same-claim threshold, the share
that mention one event, counted over pairs of two sentences ECB+'s annotators read (an unread
sentence is never gold, whatever it says; the thresholds of analysis/claim_merge.py are set the
same way), rounded down to a twentieth. Even topics are scored once for the report. The dev
clusters are not read.

    .venv/bin/python scripts/fit_counted_floor.py [--link counted|apart] [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.align import Aligner  # noqa: E402
from analysis.claim_facts import counted_families  # noqa: E402
from analysis.claim_model import DATA_FILE, ClaimModel, load_claim_model  # noqa: E402
from analysis.predicates import counts_apart, counts_one, dated_or_episodic  # noqa: E402
from bench.tasks.alignment import StoryCluster, load_clusters  # noqa: E402

COUNTED_FLOOR = 0.15  # similarity below which a counted link is not read (as unit pairs)


WHAT = {
    "counted": "P given to a candidate pair whose sentences each have a figure counting one "
    "predicate family (analysis/predicates.py), similarity >= counted_floor, when the model "
    "scores it lower",
    "apart": "P given to a candidate pair whose sentences each give one count of one family the "
    "lexicon marks `versions` (a toll), with two values, neither sentence dated or telling "
    "another episode (analysis/predicates.py, counts_apart, dated_or_episodic), similarity >= "
    "counted_floor, when the model scores it under the same threshold",
}
LINKS: dict[str, tuple[Callable[[str], Any], Callable[[Any, Any], bool]]] = {
    "counted": (counted_families, counts_one),  # one count of one family
    # two versions of one revised count (a toll), neither sentence dated or of another episode
    "apart": (
        lambda t: (counted_families(t), dated_or_episodic(t)),
        lambda x, y: counts_apart(x[0], y[0]) and not x[1] and not y[1],
    ),
}


def linked_pairs(
    clusters: list[StoryCluster], model: ClaimModel, link: str = "counted"
) -> np.ndarray:
    """(P, similarity, gold, both annotated) of every candidate pair of `clusters` that `link`
    ties."""
    read, tied = LINKS[link]
    rows = []
    for cluster in clusters:
        units = cluster.units()
        prepared = Aligner(claim_model=model).prepare(units)
        assert prepared.pair_p is not None
        gold, marked = cluster.gold(units), cluster.annotated_mask(units)
        found = [read(u.text) for u in units]
        for a, b, s, p in zip(
            prepared.pair_a.tolist(), prepared.pair_b.tolist(),
            prepared.pair_score.tolist(), prepared.pair_p.tolist(), strict=True,
        ):  # fmt: skip
            if s >= COUNTED_FLOOR and tied(found[a], found[b]):
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
    parser.add_argument("--link", choices=sorted(LINKS), default="counted")
    args = parser.parse_args()
    link = args.link
    base = dataclasses.replace(load_claim_model(), **{f"{link}_p": 0.0})
    clusters = load_clusters()
    train = rates(linked_pairs([c for c in clusters if c.train], base, link), base.same_threshold)
    test = rates(
        linked_pairs([c for c in clusters if not c.train], base, link), base.same_threshold
    )
    # rounded down to a twentieth: a few hundred annotated pairs measure the rate to about
    # +-0.02, so finer steps are noise (and 0.80 against 0.81 moves clustering order)
    fitted = math.floor(float(train["gold_rate_annotated"]) * 20) / 20
    print(json.dumps({"train": train, "test_even_topics": test, f"{link}_p": fitted}, indent=1))
    if args.write:
        path = ROOT / "analysis" / "data" / DATA_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        data[f"{link}_p"] = fitted
        if link == "counted":
            data["counted_floor"] = COUNTED_FLOOR
        data["card"][f"{link}_p"] = {
            "script": f"scripts/fit_counted_floor.py --link {link}",
            "what": WHAT[link],
            "fit": "share of ECB+ odd-topic linked candidate pairs under the same threshold that "
            "mention one event, over pairs of two annotated sentences",
            "train": train,
            "test_even_topics": test,
        }
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
