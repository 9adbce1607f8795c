"""Train the name-error model shipped as `analysis/data/name_error_model.json` (+ its model card).

Data: WMT23 zh→en MQM (Apache-2.0): ten MT systems translate the same Chinese news documents and
professional raters mark error spans. A name in a system's output is positive when a rater marked
it: "Locale convention/Name format", or a Mistranslation/Spelling/Terminology mark on a
capitalised span (the definition of `name_errors_derived.tsv`, which the names benchmark scores).
Candidates are what the pipeline extracts (`analysis.name_error_model.name_candidates`) with
the ten versions of a document as ten outlets of one story (alone, a name is never flagged).

Split by DOCUMENT (crc32 of the id): half to train, a quarter to choose the threshold (dev), a
quarter reported (test). The threshold is the one with the most dev recall on the benchmark's own
scoring (`bench.tasks.names`: marked spans found, and the share of unmarked capitalised tokens
flagged), with the pipeline's other name rules in place, such that at most MAX_FALSE of unmarked
tokens are flagged on dev and at most MAX_WIKIDATA per 1,000 correct Wikidata names in
"translated" template text (the names control). The regression is not class-weighted, so its
probabilities stay calibrated; the card shows held-out AUC and a reliability table.

Run from the project root:  .venv/bin/python scripts/train_name_error_model.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unittest import mock  # noqa: E402

from analysis import name_error_model  # noqa: E402
from analysis.logistic import Logistic  # noqa: E402
from analysis.name_error_model import FEATURES, NameCandidate, NameErrorModel  # noqa: E402
from bench.tasks import names as bench  # noqa: E402
from scripts.train_mt_model import WMT, auc, wmt_mqm_rows  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench-data"
DERIVED = BENCH / "wmt23-mqm-zhen-news" / "name_errors_derived.tsv"
WIKIDATA = BENCH / "wikidata-translit-coling2018" / "wd_korean"
OUT = ROOT / "analysis" / "data" / "name_error_model.json"
CARD = ROOT / "analysis" / "data" / "name_error_model.md"
MAX_FALSE = 0.08  # the target is 0.10 of unmarked capitalised tokens; keep a margin
MAX_WIKIDATA = 90.0  # per 1,000 correct names (the limit is 100)
L2 = 1e-2
_NAME_MARK = ("Accuracy/Mistranslation", "Fluency/Spelling", "Terminology/")
Span = tuple[int, int]


def load_full() -> dict[tuple[str, str], bench.Article]:
    """(system, doc) -> the whole translated document (every segment), with its name marks."""
    segments: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    marks: dict[tuple[str, str], dict[int, set[Span]]] = defaultdict(lambda: defaultdict(set))
    for row in wmt_mqm_rows():
        key = (row["system"], row["doc"])
        seg = int(row["docSegId"])
        target = row["target"]
        segments[key][seg] = re.sub(r"</?v>", "", target)
        m = re.search(r"<v>(.*?)</v>", target, re.DOTALL)
        category = row["category"]
        if (
            m
            and m.group(1).strip()
            and (
                category == "Locale convention/Name format"
                or (category.startswith(_NAME_MARK) and m.group(1)[:1].isupper())
            )
        ):
            marks[key][seg].add((m.start(), m.start() + len(m.group(1))))
    out = {}
    for n, key in enumerate(sorted(segments)):
        art = bench.Article(n + 1, key[0], "", translated=True)
        parts, offset = [], 0
        for seg in sorted(segments[key]):
            for s, e in sorted(marks[key][seg]):
                art.targets.append((offset + s, offset + e))
                art.tags.append("mark")
            parts.append(segments[key][seg])
            offset += len(segments[key][seg]) + 1
        art.text = "\n".join(parts)
        out[key] = art
    return out


def candidates(arts: Sequence[bench.Article]) -> list[NameCandidate]:
    """The model's candidates when `arts` are the corpus (each its own outlet)."""
    return bench.model_candidates(arts)


def labelled(arts: Sequence[bench.Article], together: bool) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every candidate, each article alone or all as one corpus."""
    by_id = {a.article_id: a for a in arts}
    found = candidates(arts) if together else [c for a in arts for c in candidates([a])]
    x = np.stack([c.features for c in found])
    y = np.asarray(
        [any(bench.overlaps(s, by_id[c.article_id].targets) for s in c.spans) for c in found]
    )
    return x, y.astype(np.float64)


def dataset(docs: dict[str, list[bench.Article]]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the candidates of each document's versions as outlets of one
    story: the model only decides names that other outlets can confirm or dispute (a name in
    an article alone is never flagged), so it learns from that setting only."""
    xs, ys = [], []
    for arts in docs.values():
        x, y = labelled(arts, together=True)
        xs.append(x)
        ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 4000
) -> tuple[np.ndarray, float]:
    """Plain (unweighted) logistic regression by gradient descent on standardised features, so
    that the probabilities are calibrated on the training distribution."""
    w = np.zeros(x.shape[1])
    b = float(np.log(y.mean() / (1 - y.mean())))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= 0.5 * (x.T @ (p - y) / len(y) + l2 * w)
        b -= 0.5 * float((p - y).mean())
    return w, b


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 5) -> list[tuple[str, int, float, float]]:
    """(probability bin, count, mean predicted, observed rate) by quantile bins."""
    edges = np.quantile(p, np.linspace(0, 1, bins + 1))
    rows = []
    for k in range(bins):
        inside = (p >= edges[k]) & (p <= edges[k + 1] if k == bins - 1 else p < edges[k + 1])
        if inside.any():
            rows.append(
                (
                    f"{edges[k]:.2f}-{edges[k + 1]:.2f}",
                    int(inside.sum()),
                    float(p[inside].mean()),
                    float(y[inside].mean()),
                )
            )
    return rows


Scored = dict[int, list[tuple[float, int, Span]]]  # probability, evidence tier, span
Thresholds = tuple[float, float, float]  # by evidence tier


Stories = Sequence[Sequence[bench.Article]]  # the ten systems' versions of each document


def scored_flags(stories: Stories, regression: Logistic, together: bool) -> Scored:
    """Article id -> (probability, evidence tier, span) of every candidate, each
    story's versions as outlets of one corpus (`together`) or each version alone."""
    groups = stories if together else [[a] for arts in stories for a in arts]
    found = [c for group in groups for c in candidates(group)]
    out: Scored = defaultdict(list)
    if not found:
        return out
    probs = regression.probabilities(np.stack([c.features for c in found]))
    for c, p in zip(found, probs, strict=True):
        if not name_error_model.settled(c):  # never flagged by the model
            out[c.article_id] += [(float(p), name_error_model.evidence_tier(c), s) for s in c.spans]
    return out


def rule_flags(stories: Stories, together: bool) -> dict[int, list[Span]]:
    """The other name rules' flags (the model switched off), as the benchmark runs them."""
    groups = stories if together else [[a] for arts in stories for a in arts]
    out: dict[int, list[Span]] = {}
    zeros, ones = np.zeros(len(FEATURES)), np.ones(len(FEATURES))
    off = NameErrorModel(Logistic(FEATURES, zeros, ones, zeros, 0.0), 2.0, 2.0, 2.0)
    with mock.patch.object(name_error_model, "shipped_name_model", lambda: off):
        for group in groups:
            for aid, items in bench.detect(group).flags.items():
                out[aid] = [s for _, s in items]
    return out


def at(
    thresholds: Thresholds,
    arts: Sequence[bench.Article],
    scored: Scored,
    rules: dict[int, list[Span]],
) -> bench._Recall:
    """The benchmark's scores with the model at its thresholds beside the rules."""
    flags = {
        a.article_id: rules.get(a.article_id, [])
        + [s for p, d, s in scored.get(a.article_id, []) if p >= thresholds[d]]
        for a in arts
    }
    return bench.score_recall(arts, flags)


def wikidata_rate(regression: Logistic) -> Callable[[Thresholds], float]:
    """Threshold -> correct Wikidata names flagged per 1,000 in "translated" template text."""
    names = bench.load_wikidata_names(1500)
    arts = bench.template_articles(names, translated=True)
    scored = scored_flags([arts], regression, together=True)

    def rate(thresholds: Thresholds) -> float:
        hit = sum(
            bench.overlaps(t, [s for p, d, s in scored.get(a.article_id, []) if p >= thresholds[d]])
            for a in arts
            for t in a.targets
        )
        return 1000 * hit / len(names)

    return rate


def choose(
    stories: Stories,
    regression: Logistic,
    wikidata: Callable[[Thresholds], float],
) -> Thresholds:
    """The aligned and slot thresholds with the most dev recall that keep dev false flags and
    the control in bounds, the systems of a document as outlets of one story. A name no other
    outlet reports in the same slot is never flagged by the model (threshold 1.0): on text alone
    its held-out AUC is about 0.7, and at the threshold the Wikidata control allows, it flagged
    well-known companies and agencies in the seed articles while finding 2 % of dev marks."""
    grid = [float(t) for t in np.round(np.arange(0.05, 1.0, 0.05), 2)] + [1.0]
    dev = [a for arts in stories for a in arts]
    together = (scored_flags(stories, regression, True), rule_flags(stories, True))
    best: tuple[float, Thresholds] = (-1.0, (1.0, 1.0, 1.0))
    for slot in grid:
        for aligned in (t for t in grid if t >= slot):
            thresholds = (1.0, aligned, slot)
            r = at(thresholds, dev, *together)
            if (r.false_flag_rate() or 0) > MAX_FALSE or wikidata(thresholds) > MAX_WIKIDATA:
                continue
            if (r.rate() or 0) > best[0]:
                best = (r.rate() or 0, thresholds)
                print(
                    f"  dev at {thresholds}: recall {r.rate():.3f} false "
                    f"{r.false_flag_rate():.3f} wikidata {wikidata(thresholds):.0f}",
                    flush=True,
                )
    return best[1]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    full = load_full()
    by_split: dict[str, dict[str, list[bench.Article]]] = defaultdict(lambda: defaultdict(list))
    for (_, doc), art in full.items():
        by_split[bench.model_split(doc)][doc].append(art)
    print({k: len(v) for k, v in by_split.items()}, "documents", flush=True)
    x, y = dataset(by_split["train"])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    w, b = fit((x - mean) / scale, y)
    regression = Logistic(FEATURES, mean, scale, w, b)
    held = {}
    for split in ("dev", "test"):
        hx, hy = dataset(by_split[split])
        held[split] = (regression.probabilities(hx), hy)
        print(split, "candidates", len(hy), "AUC", round(auc(*held[split]), 3), flush=True)
    # the operating point, on the benchmark's own articles and scoring
    marked = bench.load_wmt()
    bench_split: dict[str, dict[str, list[bench.Article]]] = defaultdict(lambda: defaultdict(list))
    for (_, doc), art in marked.items():
        bench_split[bench.model_split(doc)][doc].append(art)
    wikidata = wikidata_rate(regression)
    dev = list(bench_split["dev"].values())
    thresholds = choose(dev, regression, wikidata)
    test = list(bench_split["test"].values())
    report: dict[str, dict[str, float | None]] = {}
    for together in (False, True):
        for name, arts in (("dev", dev), ("test", test)):
            scored, rules = scored_flags(arts, regression, together), rule_flags(arts, together)
            flat = [a for group in arts for a in group]
            mine = at(thresholds, flat, scored, rules)
            base = at((2.0, 2.0, 2.0), flat, scored, rules)
            label = f"{name}{' (systems as outlets)' if together else ''}"
            report[label] = {
                "recall": mine.rate(),
                "major_recall": mine.major_rate(),
                "false_flag_rate": mine.false_flag_rate(),
                "rules_only_recall": base.rate(),
                "rules_only_false_flag_rate": base.false_flag_rate(),
            }
            print(label, report[label], flush=True)
    print("wikidata per 1,000 at the thresholds", wikidata(thresholds))
    data = {
        "features": list(FEATURES),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "weights": w.tolist(),
        "bias": b,
        "threshold": thresholds[0],
        "aligned_threshold": thresholds[1],
        "slot_threshold": thresholds[2],
        "trained": dt.date.today().isoformat(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
        "data_sha256": {p.name: sha256(p) for p in (WMT, DERIVED, WIKIDATA)},
        "heldout_auc": {k: round(auc(*v), 4) for k, v in held.items()},
        "benchmark": report,
        "wikidata_per_1000": wikidata(thresholds),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    CARD.write_text(card(data, held, len(y), int(y.sum()), by_split), encoding="utf-8")
    return 0


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def card(
    data: dict, held: dict, n_train: int, n_pos: int, by_split: dict[str, dict[str, list]]
) -> str:
    lines = [
        "# Name-error model (`name_error_model.json`)",
        "",
        "Logistic regression over the features of `analysis/name_error_model.py`, trained by",
        "`scripts/train_name_error_model.py` on WMT23 zh→en MQM name-error marks (Apache-2.0).",
        f"Trained {data['trained']} at commit {data['commit']}.",
        "",
        "## Data and split",
        f"- documents: train {len(by_split['train'])}, dev {len(by_split['dev'])}, test "
        f"{len(by_split['test'])} (split by document id, ten systems each)",
        f"- training candidates: {n_train} ({n_pos} marked), the ten systems of a document as "
        "outlets of one corpus (the only setting in which the model flags)",
        "- data sha256: " + ", ".join(f"{k} {v[:16]}…" for k, v in data["data_sha256"].items()),
        "",
        "## Held out",
        "- candidate AUC: " + ", ".join(f"{k} {v}" for k, v in data["heldout_auc"].items()),
        f"- threshold {data['threshold']} (never: text alone does not tell a mistranslated name "
        f"from a right one), {data['aligned_threshold']} for a name in an article that at least "
        "two other outlets carry the same text of (half its sentences matched), "
        f"and {data['slot_threshold']} for a disputed name: at least two "
        "other outlets, and a fifth of them, report the same thing in a sentence that names "
        "something rare this article never names, and never write the spelling (chosen on dev: "
        "unmarked "
        f"capitalised tokens flagged <= {MAX_FALSE}, correct Wikidata names <= "
        f"{MAX_WIKIDATA:g} per 1,000); never a name of everyday English words only, or one "
        "that most other outlets, or half of those carrying the same text, write too",
        f"- correct Wikidata names flagged at the threshold: {data['wikidata_per_1000']:.1f} "
        "per 1,000",
        "",
        "| benchmark articles | recall | Major recall | false-flag rate | rules alone recall / "
        "false |",
        "|---|---|---|---|---|",
    ]
    for label, r in data["benchmark"].items():
        lines.append(
            f"| {label} | {_fmt(r['recall'])} | {_fmt(r['major_recall'])} | "
            f"{_fmt(r['false_flag_rate'])} | {_fmt(r['rules_only_recall'])} / "
            f"{_fmt(r['rules_only_false_flag_rate'])} |"
        )
    p, y = held["test"]
    lines += [
        "",
        "## Calibration (test candidates, quantile bins)",
        "| predicted range | n | mean predicted | observed |",
        "|---|---|---|---|",
    ]
    bins = reliability(p, y)
    lines += [f"| {r} | {n} | {m:.3f} | {o:.3f} |" for r, n, m, o in bins]
    gap = sum(n * abs(m - o) for _, n, m, o in bins) / max(sum(n for _, n, _, _ in bins), 1)
    lines += [
        "",
        f"Expected calibration error over these bins: {gap:.3f}. The test documents have "
        f"fewer marks per name ({y.mean():.2f}) than the training ones ({n_pos / n_train:.2f}), "
        "so the model overstates the chance there; the ranking (AUC) is what carries.",
    ]
    lines += ["", "## Weights (standardised features)", "| feature | weight |", "|---|---|"]
    lines += [f"| {f} | {w:+.3f} |" for f, w in zip(data["features"], data["weights"], strict=True)]
    lines += [
        "",
        "Limits: one language pair (zh→en) and one genre; the marks include some non-names",
        "(a heuristic subset), and raters mark at most five errors a segment, so an unmarked",
        "name is not always right.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
