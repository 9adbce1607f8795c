"""Train the cross-outlet mistranslation model (`analysis/mistranslation.py`).

Data: WMT23 zh→en news MQM (Apache-2.0): ten MT systems translate the same documents, three
professional raters mark each error span with a category and severity. Each segment's ten
translations are the versions of one claim by ten outlets. A candidate word (in no other version,
with counterparts in others) is positive when a Major Mistranslation, Fluency, Style or
Terminology mark covers it, negative when no rater marked it at all; words under only a Minor or
another category's mark are left out. Documents split as `bench.tasks.names.model_split` (half
train, a quarter dev to choose the threshold, a quarter test to report).

    .venv/bin/python scripts/train_mistranslation_model.py
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.logistic import Logistic  # noqa: E402
from analysis.mistranslation import FEATURES, Embed, candidates, features  # noqa: E402
from analysis.similarity import load_embedder  # noqa: E402
from bench.tasks.mqm_spans import WMT_FILE, mqm_rows  # noqa: E402
from bench.tasks.names import model_split  # noqa: E402
from scripts.train_mt_model import auc, sha256  # noqa: E402
from scripts.train_name_error_model import fit  # noqa: E402

OUT = ROOT / "analysis" / "data" / "mistranslation_model.json"
CARD = ROOT / "analysis" / "data" / "mistranslation_model.md"
POSITIVE = ("Accuracy/Mistranslation", "Fluency/", "Style/", "Terminology/")
FLAG_SHARE = 0.1  # of the dev candidates flagged
_MARK = re.compile(r"<v>(.*?)</v>", re.DOTALL)

Segment = tuple[str, int]  # (document, segment)
Marks = dict[tuple[str, int, str], list[tuple[int, int, str, bool]]]


def load_segments() -> tuple[dict[Segment, dict[str, str]], Marks]:
    """(doc, seg) -> system -> target text; (doc, seg, system) -> marks (start, end, category,
    Major)."""
    texts: dict[Segment, dict[str, str]] = defaultdict(dict)
    marks: Marks = defaultdict(list)
    for row in mqm_rows():
        doc, seg, target = row["doc"], int(row["docSegId"]), row["target"]
        texts[(doc, seg)][row["system"]] = target.replace("<v>", "").replace("</v>", "")
        m = _MARK.search(target)
        if m and m.group(1).strip() and row["severity"] in ("Major", "Minor"):
            span = (m.start(), m.start() + len(m.group(1)), row["category"])
            marks[(doc, seg, row["system"])].append((*span, row["severity"] == "Major"))
    return texts, marks


def label(marks: list[tuple[int, int, str, bool]], start: int, end: int) -> int | None:
    """1 under a Major mark of a positive category, 0 under no mark, None otherwise."""
    on = [(c, major) for s, e, c, major in marks if s < end and start < e]
    if not on:
        return 0
    if any(major and c.startswith(POSITIVE) for c, major in on):
        return 1
    return None


def dataset(
    split: str, texts: dict[Segment, dict[str, str]], marks: Marks, embed: Embed
) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every labelled candidate of `split`'s documents."""
    xs, ys = [], []
    for (doc, seg), by_system in sorted(texts.items()):
        if model_split(doc) != split:
            continue
        versions = sorted(by_system.items())
        found = candidates(versions)
        kept, y = [], []
        for c in found:
            lab = label(marks.get((doc, seg, versions[c.key][0]), []), c.start, c.end)
            if lab is not None:
                kept.append(c)
                y.append(lab)
        if kept:
            xs.append(features(kept, embed))
            ys += y
    return np.concatenate(xs), np.asarray(ys, dtype=np.float64)


def choose_threshold(p: np.ndarray) -> float:
    """The probability that FLAG_SHARE of the dev candidates reach. A flag budget rather than a
    precision target: with a few hundred dev candidates, precision at any one threshold swings
    by ±0.1, and a rare flag is what a reader of real news can afford."""
    return float(np.quantile(p, 1.0 - FLAG_SHARE))


def at(p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    flagged = p >= threshold
    return {
        "flags": int(flagged.sum()),
        "precision": round(float(y[flagged].mean()), 3) if flagged.any() else 0.0,
        "recall": round(float(y[flagged].sum() / max(y.sum(), 1)), 3),
        "base_rate": round(float(y.mean()), 3),
    }


def main() -> int:
    embedder, why = load_embedder()
    if embedder is None:
        print(f"train_mistranslation_model: {why}")
        return 2
    texts, marks = load_segments()
    data = {s: dataset(s, texts, marks, embedder.embed) for s in ("train", "dev", "test")}
    x, y = data["train"]
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    w, b = fit((x - mean) / scale, y)
    model = Logistic(FEATURES, mean, scale, w, b)
    scored = {s: (model.probabilities(data[s][0]), data[s][1]) for s in data}
    threshold = choose_threshold(scored["dev"][0])
    report = {s: {"candidates": len(yy), "auc": round(auc(pp, yy), 3), **at(pp, yy, threshold)}
              for s, (pp, yy) in scored.items()}  # fmt: skip
    for s, r in report.items():
        print(s, r)
    out = {
        "features": list(FEATURES),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "weights": w.tolist(),
        "bias": b,
        "threshold": round(threshold, 4),
        "trained": dt.date.today().isoformat(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.strip(),
        "data_sha256": {WMT_FILE: sha256(_archive())},
        "report": report,
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    CARD.write_text(card(out), encoding="utf-8")
    return 0


def _archive() -> Path:
    from bench._data import bench_file

    return bench_file("wmt23-mqm-zhen-news", WMT_FILE)


def card(out: dict[str, Any]) -> str:
    """The model card: data, held-out results, weights and limits."""
    weights = sorted(zip(out["features"], out["weights"], strict=True), key=lambda fw: -abs(fw[1]))
    lines = [
        "# Cross-outlet mistranslation model card (`mistranslation_model.json`)",
        "",
        "Logistic regression on how one outlet's version of a claim relates to the others' at a",
        "word that no other version has (`analysis/mistranslation.py`); no word itself is a",
        f"feature. Trained {out['trained']} by `scripts/train_mistranslation_model.py`"
        + (f" at {out['commit']}." if out["commit"] else "."),
        "",
        "## Data",
        "WMT23 zh→en news MQM (Apache-2.0), ten systems as ten outlets of each segment;",
        "positive = a Major Mistranslation/Fluency/Style/Terminology mark on the word, negative =",
        "no mark at all. Documents split by `bench.tasks.names.model_split`: train (fit), dev",
        f"(threshold: reached by the top {FLAG_SHARE:.0%} of dev candidates), test (reported).",
        f"Archive sha256 `{out['data_sha256'][WMT_FILE]}`.",
        "",
        f"## Results (threshold {out['threshold']})",
        "| split | candidates | base rate | AUC | flags | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for s, r in out["report"].items():
        lines.append(
            f"| {s} | {r['candidates']} | {r['base_rate']} | {r['auc']} | {r['flags']} | "
            f"{r['precision']} | {r['recall']} |"
        )
    lines += ["", "## Weights (standardised features, largest first)"]
    lines += [f"- {f}: {v:+.3f}" for f, v in weights] + [f"- bias: {out['bias']:+.3f}", ""]
    lines += [
        "## Limits",
        "WMT systems all translate one source, so their versions are near-parallel and every",
        "disagreement is about a translation choice; outlets that write their own copy disagree",
        "for many other reasons. The pipeline therefore only flags words of probably machine-",
        "translated articles with two witnesses (or one native one). Base rates are high in WMT",
        "(raters mark many errors); precision on real news is not measured by this card.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
