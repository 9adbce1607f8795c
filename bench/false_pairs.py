"""How false are the "false" pairs of the ECB+ claim-alignment score? A read sample.

ECB+'s gold (bench/tasks/alignment.py) is cross-document event coreference: a pair of sentences
is true only when both carry a mention of one annotated event. The annotators read about one
sentence in six, so a pair with an unread sentence is false whatever it says (two copies of one
wire sentence included), and even between two read sentences a missing link can mean only that
no mention was marked. This samples the false pairs of the shipped same-claim clusters on the
test (even) topics, SAMPLE of two annotated sentences and SAMPLE with an unannotated one (fixed
seed), prints them for reading, and, where `results/ecb_false_pairs_labels.json` holds a
reader's judgement of a pair (keyed by cluster, document and sentence number; no text of the
data set is stored), reports the share a reader calls the same claim (the issue's sense: the
same claim, a conflicting version of it included) with a Wilson 95 % interval, and what the
all-pair precision would be if the whole false set held that share.

Run: `.venv/bin/python -m bench.false_pairs [--seed N] [--quiet]`. The sample depends on the
shipped clusters: after a change to alignment some read pairs are no longer false (or no longer
held), so each group's sample is the read pairs that still are, topped up with seeded unread
ones (printed as `unread`) for the next reader to judge and add to the labels file.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from dataclasses import dataclass

import numpy as np

from analysis.align import Aligner
from bench._data import ROOT
from bench.tasks.alignment import _pairs_in_clusters, load_clusters

SAMPLE = 20
SEED = 15
LABELS = ROOT / "bench" / "results" / "ecb_false_pairs_labels.json"


@dataclass(frozen=True, slots=True)
class FalsePair:
    """One false pair: its cluster, each side's (document, sentence number) and text."""

    cluster: str
    a: tuple[str, int]
    b: tuple[str, int]
    text_a: str
    text_b: str
    annotated: bool  # both sentences read by ECB+'s annotators

    @property
    def key(self) -> str:
        return f"{self.cluster} {self.a[0]}:{self.a[1]} {self.b[0]}:{self.b[1]}"


def false_pairs() -> tuple[list[FalsePair], int]:
    """Every false cross-document pair of the same-claim clusters on the test topics, and the
    number of pairs the clusters hold (true and false)."""
    aligner = Aligner()
    out: list[FalsePair] = []
    held = 0
    for cluster in load_clusters():
        if cluster.train:
            continue
        units = cluster.units()
        found = np.triu(_pairs_in_clusters(aligner.cluster(aligner.prepare(units)), units), 1)
        held += int(found.sum())
        marked = cluster.annotated_mask(units)
        for x, y in zip(*np.nonzero(found & ~cluster.gold(units)), strict=True):
            ux, uy = units[int(x)], units[int(y)]
            out.append(
                FalsePair(
                    cluster.name, (cluster.docs[ux.article_id], ux.sentence_idx),
                    (cluster.docs[uy.article_id], uy.sentence_idx), ux.text, uy.text,
                    bool(marked[x] and marked[y]),
                )
            )  # fmt: skip
    return out, held


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a share k / n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--quiet", action="store_true", help="counts only, no sentences")
    args = parser.parse_args(argv)
    pairs, held = false_pairs()
    labels = json.loads(LABELS.read_text(encoding="utf-8")) if LABELS.exists() else {}
    report, samples = summary(pairs, held, labels, args.seed)
    if not args.quiet:
        for name, sample in samples.items():
            for p in sample:
                seen = labels.get(p.key, {}).get("same_claim", "unread")
                print(f"{name}\t{p.key}\t{seen}\n  A: {p.text_a}\n  B: {p.text_b}")
    print(json.dumps(report, indent=1))


def summary(
    pairs: list[FalsePair], held: int, labels: dict[str, dict[str, object]], seed: int = SEED
) -> tuple[dict[str, object], dict[str, list[FalsePair]]]:
    """The report and each group's sample: the read pairs still false (up to SAMPLE), topped up
    with a seeded draw of unread ones. A group with nothing read has no share (null, not NaN,
    which is no JSON), and then no estimate over all false pairs is made."""
    rng = random.Random(seed)
    report: dict[str, object] = {"pairs_held": held, "false_pairs": len(pairs)}
    samples: dict[str, list[FalsePair]] = {}
    estimate: float | None = 0.0
    for name, annotated in (("both_annotated", True), ("one_unannotated", False)):
        group = [p for p in pairs if p.annotated == annotated]
        sample = [p for p in group if p.key in labels][:SAMPLE]
        unread = [p for p in group if p.key not in labels]
        sample += rng.sample(unread, max(0, min(SAMPLE - len(sample), len(unread))))
        samples[name] = sample
        judged = [bool(labels[p.key]["same_claim"]) for p in sample if p.key in labels]
        same = sum(judged)
        low, high = wilson(same, len(judged))
        share = same / len(judged) if judged else None
        if share is None:
            estimate = None if group else estimate
        elif estimate is not None:
            estimate += share * len(group)
        report[name] = {
            "false_pairs": len(group),
            "read": len(judged),
            "same_claim": same,
            "share": None if share is None else round(share, 3),
            "wilson95": [round(low, 3), round(high, 3)],
        }
    if pairs and held:
        right = held - len(pairs)
        if estimate is not None:
            report["same_claim_share"] = round(estimate / len(pairs), 3)
        report["precision_scored"] = round(right / held, 3)
        if estimate is not None:
            report["precision_if_read"] = round((right + estimate) / held, 3)
    return report, samples


if __name__ == "__main__":
    main()
