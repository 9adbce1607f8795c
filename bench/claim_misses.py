"""Where the same-claim pairs of a claim inventory are lost, stage by stage.

Each cluster directory is imported and analysed through the real pipeline; the sentences it
aligns are captured and scored again with `Aligner.prepare` (the candidate pairs, their
similarity and P(same claim)). Every cross-article pair of the inventory
(`<cluster>.claims.json`, see ../shared/dev-clusters/README.md) then falls in one bucket:

- found: both sentences sit in one same-claim cluster;
- not_candidate: blocking never offers any pair of the two sentences;
- below_gate: offered, but similarity is under the model's gate and no claim-unit pair of the
  two passes it (P is 0 without features);
- below_same: P is under the same-claim threshold;
- lost_clustering: P reaches it, but clustering (linkage, the article cap) kept them apart;
- unmapped: a substring of the inventory matches no sentence.

The inventory lets a sentence state several claims (about half of the dev clusters'
claim-bearing sentences do). Clustering gives a sentence at most one claim per claim unit it is
clustered through (analysis/claim_items.py: its units when it has two or more, else itself).
`ceiling` is how many of the inventory's sentence pairs that clustering could find at best (a
local search over which claims each sentence is given, as many as its units): the recall no pair
model can pass; `one_claim_ceiling` is the same with one claim per sentence, the rule before.

For the first two, `reachable` counts the pairs whose P, scored without the gate, would reach the
possible threshold: what wider blocking or a lower gate could win back.

`--ecb` gives the same stages on ECB+ training topics (odd; data a model may be fitted on), and
splits the false pairs by whether both sentences were read by ECB+'s annotators: a pair with an
unannotated sentence is never gold, whatever it says.

Run: `.venv/bin/python -m bench.claim_misses [-v] [--ecb] [CLUSTER_DIR ...]` (default: every
dev cluster; `-v` prints each missed pair, tab-separated: bucket, best similarity, best P, and the
two sentences with their article tags).
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from analysis import pipeline
from analysis.align import Aligner
from analysis.importing import import_paths
from analysis.model import AlignUnit
from bench._data import ROOT
from store import Store

DEV = ROOT.parent / "shared" / "dev-clusters"
BUCKETS = ("found", "not_candidate", "below_gate", "below_same", "lost_clustering", "unmapped")
EXTRA = "reachable"  # not_candidate or below_gate pairs that would reach the possible threshold
CEILING = "ceiling"  # sentence pairs clustering by claim units can keep at best
ONE_CLAIM = "one_claim_ceiling"  # ... and one claim per sentence could
SENTENCE_PAIRS = "sentence_pairs"  # cross-article sentence pairs that share a claim
MULTI = "multi_claim"  # sentences stating two or more of the inventory's claims
STATING = "stating"  # sentences stating any
HELD = "held_ceiling"  # ... and each unit only a claim its own words state
STRUCTURE = (CEILING, HELD, ONE_CLAIM, SENTENCE_PAIRS, MULTI, STATING)
_TOKEN = re.compile(r"\w+")
_HEADER_END = "\n---\n"


def _bodies(src: Path, dst: Path) -> None:
    """The article bodies of a dev cluster (below its header's `---` line), as plain files."""
    dst.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.glob("[0-9][0-9]_*.txt")):
        head, sep, body = path.read_text(encoding="utf-8").partition(_HEADER_END)
        (dst / path.name).write_text((body if sep else head).strip() + "\n", encoding="utf-8")


def _analysed(directory: Path) -> tuple[list[AlignUnit], list[Any], dict[int, str]]:
    """The units the pipeline aligned, its clusters, and each article's file name."""
    seen: dict[str, Any] = {}
    real = pipeline.align_in_epoch

    def spy(units: Sequence[AlignUnit], *args: Any, **kwargs: Any) -> Any:
        run = real(units, *args, **kwargs)
        seen["units"], seen["clusters"] = list(units), run.clusters
        return run

    with tempfile.TemporaryDirectory() as tmp:
        _bodies(directory, Path(tmp) / "in")
        store = Store.open(Path(tmp) / "misses.db")
        try:
            import_paths(store, [Path(tmp) / "in"])
            with mock.patch.object(pipeline, "align_in_epoch", spy):
                pipeline.analyze(store, workers=1)
            files = {a.id: f"{a.file_name or ''} {a.path or ''}" for a in store.articles()}
        finally:
            store.close()
    return seen["units"], seen["clusters"], files


def one_claim_ceiling(claims: Sequence[frozenset[str]], articles: Sequence[int]) -> tuple[int, int]:
    """(best, total) of `claim_ceiling` with one claim per sentence."""
    return claim_ceiling(claims, articles, [1] * len(claims))


def claim_ceiling(
    claims: Sequence[frozenset[str]], articles: Sequence[int], capacity: Sequence[int]
) -> tuple[int, int]:
    """(best, total): cross-article sentence pairs sharing a claim that clustering can keep when
    sentence k joins at most `capacity[k]` of its claims, any of them (see `held_ceiling`)."""
    return held_ceiling(
        [[c] * max(1, n) for c, n in zip(claims, capacity, strict=True)], articles, claims
    )


def held_ceiling(
    held: Sequence[Sequence[frozenset[str]]],
    articles: Sequence[Any],
    claims: Sequence[frozenset[str]],
) -> tuple[int, int]:
    """(best, total): cross-article sentence pairs sharing a claim that clustering can keep when
    each item sentence k is clustered through (`held[k]`: per item, the claims that item's words
    state) joins at most one claim, one it holds (a pair counts once for each picked claim the
    two share, as `total` counts it once for each claim they state in common; best found by
    coordinate ascent from each item's most widely stated claim, so a lower bound on the
    optimum), against all such pairs (`claims[k]`: every claim sentence k states, held by one
    of its items or not)."""
    items = [k for k, c in enumerate(claims) if c]
    total = sum(
        len(claims[i] & claims[j])
        for i, j in itertools.combinations(items, 2)
        if articles[i] != articles[j]
    )
    spread = Counter(c for k in items for c in claims[k])

    def top(k: int, score: Callable[[str], int]) -> frozenset[str]:
        chosen: set[str] = set()
        for options in sorted(held[k], key=len):  # the most constrained item chooses first
            ranked = sorted(sorted(options - chosen), key=lambda c: -score(c))
            if ranked:
                chosen.add(ranked[0])
        return frozenset(chosen)

    pick = {k: top(k, lambda c: spread[c]) for k in items}

    def gain(k: int, claim: str) -> int:
        return sum(1 for j in items if j != k and articles[j] != articles[k] and claim in pick[j])

    def value(k: int, chosen: frozenset[str]) -> int:
        return sum(len(chosen & pick[j]) for j in items if j != k and articles[j] != articles[k])

    changed = True
    while changed:
        changed = False
        for k in items:
            best = top(k, lambda c, k=k: gain(k, c))
            if value(k, best) > value(k, pick[k]):
                pick[k], changed = best, True
    kept = sum(
        len(pick[i] & pick[j])
        for i, j in itertools.combinations(items, 2)
        if articles[i] != articles[j]
    )
    return kept, total


def holds(unit: str, members: Sequence[tuple[str, str]]) -> frozenset[str]:
    """The claims whose inventory substring is mostly in the words of `unit` (half or more of its
    words, counted with repeats)."""
    have = Counter(w.casefold() for w in _TOKEN.findall(unit))
    out = set()
    for claim, sub in members:
        words = Counter(w.casefold() for w in _TOKEN.findall(sub))
        if words and 2 * sum((words & have).values()) >= sum(words.values()):
            out.add(claim)
    return frozenset(out)


def buckets(
    directory: Path, inventory: dict, show: Callable[[str], None] | None = None
) -> Counter[str]:
    """How many of the inventory's cross-article pairs end in each bucket (see the docstring);
    `show` is given one line per missed pair (its bucket, best similarity and P, both texts)."""
    units, clusters, files = _analysed(directory)
    tag = re.compile(inventory.get("tag_regex", r"(\d{3})_[0-9a-f]{16}"))
    tags = {aid: (m.group(1) if (m := tag.search(name)) else None) for aid, name in files.items()}
    by_tag: dict[str | None, list[int]] = {}
    for k, u in enumerate(units):
        by_tag.setdefault(tags.get(u.article_id), []).append(k)
    where: dict[tuple[int, int], set[int]] = {}  # a sentence may be in several claims
    for c, cluster in enumerate(clusters):
        for m in cluster.members:
            if m.tier == "same_claim":
                where.setdefault((m.article_id, m.sentence_idx), set()).add(c)
    aligner = Aligner()
    prepared = aligner.prepare(units)
    assert prepared.pair_p is not None and aligner.model is not None
    scored: dict[tuple[int, int], tuple[float, float]] = {}
    for a, b, s, p in zip(
        prepared.pair_a.tolist(), prepared.pair_b.tolist(),
        prepared.pair_score.tolist(), prepared.pair_p.tolist(), strict=True,
    ):  # fmt: skip
        scored[(a, b)] = scored[(b, a)] = (s, p)

    def sentences(member: list[str]) -> list[int]:
        return [k for k in by_tag.get(member[0], []) if member[1] in units[k].text]

    def clusters_of(k: int) -> set[int]:
        return where.get((units[k].article_id, units[k].sentence_idx), set())

    gold: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for claim in inventory["claims"]:
        for x, y in itertools.combinations(claim["members"], 2):
            if x[0] != y[0]:
                gold.add(tuple(sorted((tuple(x), tuple(y)))))  # type: ignore[arg-type]
    scorer, model = prepared.scorer, aligner.model
    assert scorer is not None

    def reachable(left: list[int], right: list[int]) -> bool:
        a = [i for i in left for _ in right]
        b = [j for _ in left for j in right]
        p = model.probability(scorer.features(np.array(a), np.array(b)))
        return bool((p >= aligner.possible_threshold).any())

    out: Counter[str] = Counter({b: 0 for b in (*BUCKETS, EXTRA)})
    members = [
        [
            (c["id"], sub) for c in inventory["claims"] for t, sub in c["members"]
            if t == tags.get(u.article_id) and sub in u.text
        ]
        for u in units
    ]  # fmt: skip
    stated = [frozenset(c for c, _ in m) for m in members]
    table = scorer.unit_scorer()[0]
    capacity = [max(1, len(r)) if len(r) >= 2 else 1 for r in table.rows]
    arts = [u.article_id for u in units]
    out[CEILING], out[SENTENCE_PAIRS] = claim_ceiling(stated, arts, capacity)
    held = [
        [holds([table.sim.texts[r] for r in rows][x], m) for x in range(len(rows))]
        if len(rows) >= 2
        else [stated[k]]
        for k, (rows, m) in enumerate(zip(table.rows, members, strict=True))
    ]
    out[HELD] = held_ceiling(held, arts, stated)[0]
    out[ONE_CLAIM] = one_claim_ceiling(stated, arts)[0]
    out[MULTI] = sum(len(s) >= 2 for s in stated)
    out[STATING] = sum(bool(s) for s in stated)
    for x, y in sorted(gold):
        left, right = sentences(list(x)), sentences(list(y))
        if not left or not right:
            out["unmapped"] += 1
        elif any(clusters_of(i) & clusters_of(j) for i in left for j in right):
            out["found"] += 1
        else:
            pairs = [scored[(i, j)] for i in left for j in right if (i, j) in scored]
            # below the gate: no P at all (a unit pair of the two may pass it, see unit_match)
            if not pairs or (
                max(s for s, _ in pairs) < model.gate and max(p for _, p in pairs) == 0
            ):
                bucket = "below_gate" if pairs else "not_candidate"
                out[EXTRA] += reachable(left, right)
            elif max(p for _, p in pairs) < aligner.same_threshold:
                bucket = "below_same"
            else:
                bucket = "lost_clustering"
            out[bucket] += 1
            if show is not None:
                s_best = max((s for s, _ in pairs), default=0.0)
                p_best = max((p for _, p in pairs), default=0.0)
                show(
                    f"{bucket}\t{s_best:.2f}\t{p_best:.2f}\t{x[0]} {units[left[0]].text}"
                    f"\t{y[0]} {units[right[0]].text}"
                )
    return out


def stage(p: float, same: float, candidate: bool) -> str:
    """The bucket of a gold pair that clustering did not join (see the module docstring)."""
    if not candidate:
        return "not_candidate"
    if p <= 0:
        return "below_gate"
    return "below_same" if p < same else "lost_clustering"


def ecb_buckets() -> tuple[Counter[str], Counter[str]]:
    """Stage counts of ECB+ training topics' gold pairs, and of the pairs clustering joined
    that are not gold ("false_annotated": both sentences annotated; "false_unannotated": one
    is not, so ECB+ says nothing about it)."""
    from bench.tasks.alignment import _pairs_in_clusters, load_clusters

    aligner = Aligner()
    gold_out: Counter[str] = Counter({b: 0 for b in BUCKETS[:-1]})
    false_out: Counter[str] = Counter({"false_annotated": 0, "false_unannotated": 0})
    for cluster in (c for c in load_clusters() if c.train):
        units = cluster.units()
        prepared = aligner.prepare(units)
        assert prepared.pair_p is not None
        joined = _pairs_in_clusters(aligner.cluster(prepared), units)
        gold = cluster.gold(units)
        marked = cluster.annotated_mask(units)
        n = len(units)
        p = np.full((n, n), np.nan)
        p[prepared.pair_a, prepared.pair_b] = p[prepared.pair_b, prepared.pair_a] = prepared.pair_p
        for i, j in zip(*np.triu_indices(n, 1), strict=True):
            if gold[i, j]:
                candidate = not np.isnan(p[i, j])
                gold_out["found" if joined[i, j] else stage(p[i, j], aligner.same_threshold,
                                                             candidate)] += 1  # fmt: skip
            elif joined[i, j]:
                read = marked[i] and marked[j]
                false_out["false_annotated" if read else "false_unannotated"] += 1
    return gold_out, false_out


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    verbose = args[:1] == ["-v"]
    args = args[1:] if verbose else args
    if args[:1] == ["--ecb"]:
        gold, false = ecb_buckets()
        print("ECB+ train topics, gold pairs:", " ".join(f"{b} {gold[b]}" for b in gold))
        print("joined pairs not gold:", " ".join(f"{b} {false[b]}" for b in false))
        return
    dirs = [Path(a) for a in args] or sorted(p for p in DEV.iterdir() if p.is_dir())
    total: Counter[str] = Counter({b: 0 for b in (*BUCKETS, EXTRA, *STRUCTURE)})
    for directory in dirs:
        claims = directory.parent / f"{directory.name}.claims.json"
        if not claims.is_file():
            print(f"{directory.name}: no {claims.name}, skipped")
            continue
        inventory = json.loads(claims.read_text(encoding="utf-8"))
        counts = buckets(directory, inventory, print if verbose else None)
        total.update(counts)
        print(directory.name, " ".join(f"{b} {counts[b]}" for b in (*BUCKETS, EXTRA)))
    missed = sum(total[b] for b in BUCKETS[1:-1])
    shares = " ".join(f"{b} {total[b] / missed:.2f}" for b in BUCKETS[1:-1]) if missed else ""
    print("total", " ".join(f"{b} {total[b]}" for b in BUCKETS), f"| of {missed} missed: {shares}")
    print(
        f"{EXTRA}: {total[EXTRA]} of the not_candidate and below_gate pairs would reach the "
        "possible threshold if scored without blocking and gate"
    )
    if total[SENTENCE_PAIRS]:
        pairs = total[SENTENCE_PAIRS]
        print(
            f"{CEILING}: one claim per claim unit keeps at most {total[CEILING]} of {pairs} "
            f"sentence pairs that share a claim (recall <= {total[CEILING] / pairs:.2f}; one "
            f"claim per sentence: {total[ONE_CLAIM]}, <= {total[ONE_CLAIM] / pairs:.2f}; one "
            f"claim per unit, a claim its words state: {total[HELD]}, "
            f"<= {total[HELD] / pairs:.2f}); "
            f"{total[MULTI]} of {total[STATING]} sentences that state a claim state two or more"
        )


if __name__ == "__main__":
    main()
