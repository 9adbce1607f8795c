"""Train the MT-likelihood model shipped as `analysis/data/mt_model.json` (+ its model card).

Machine side: WMT23 zh→en MQM system outputs (10 systems on Chinese news, Apache-2.0), one row
per system and segment, rater marks removed; and the MT side of SemEval STS 2016 post-editing
(European-language news, CC BY 4.0), so the model is not a detector of Chinese-source MT only.
Native side: ECB+ news sentences (CC BY 3.0),
detokenised first: its text puts spaces around hyphens, quotes and clitics ("90 - day",
"do n't"), which would otherwise teach the model that broken spacing is native. Held-out split
by story (WMT document, ECB+ topic). Features are topic-free (`analysis.mt_likelihood`), and a
topic ablation retrains without any sentence naming China to show the model does not need it.

Run from the project root:  .venv/bin/python scripts/train_mt_model.py [--dev]
(`--dev` also prints each dev-cluster article's likelihood; the dev clusters are not trained on.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import re
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.mt_likelihood import (  # noqa: E402
    FEATURES,
    article_mt_likelihood,
    model_from_json,
    sentence_features,
)
from bench._data import detokenise  # noqa: E402
from bench.tasks.mqm_spans import mqm_rows as wmt_mqm_rows  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench-data"
WMT = BENCH / "wmt23-mqm-zhen-news" / "sxs_mqm_generalMT2023_zhen.3ratingsPerSegment.tsv.tar.gz"
ECB = BENCH / "ecbplus" / "ecbplus_documents_derived.jsonl"
POSTEDIT = BENCH / "semeval-sts-news" / "2016_postediting.test.tsv"
SMTNEWS = BENCH / "semeval-sts-news" / "2012_SMTnews.test.tsv"
OUT = ROOT / "analysis" / "data" / "mt_model.json"
CARD = ROOT / "analysis" / "data" / "mt_model.md"
MIN_WORDS = 6
TOPIC_WORDS = re.compile(r"\b(?:China|Chinese|Beijing|Shanghai|Xi|Taiwan|Hong Kong|yuan)\b")


def wmt_sentences() -> list[tuple[str, str]]:
    """(document|system, target sentence) for every system output, once per system and segment.
    The document decides the split (ten systems translate one story), document|system is the
    article."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for row in wmt_mqm_rows():
        key = (row["system"], row["globalSegId"])
        if key in seen:
            continue
        seen.add(key)
        text = re.sub(r"</?v>", "", row["target"]).strip()
        out.append((f"{row['doc']}|{row['system']}", text))
    return out


def postediting_sentences() -> list[tuple[str, str]]:
    """(pe|line group, machine output) from SemEval STS 2016 post-editing (CC BY 4.0): MT of
    European-language news (the second sentence of each pair; the first is its human
    post-edit, not used). Groups of 50 lines stand in for stories in the split."""
    out: list[tuple[str, str]] = []
    if not POSTEDIT.exists():
        return out
    for n, line in enumerate(POSTEDIT.read_text(encoding="utf-8", errors="replace").splitlines()):
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2].strip():
            out.append((f"pe{n // 50}|{n // 50}", parts[2].strip()))
    return out


def ecb_sentences() -> list[tuple[str, str]]:
    """(story|document id, detokenised sentence) for ECB+ body sentences (no URLs, no bare
    datelines). The story (topic) decides the split, the document is the article."""
    out: list[tuple[str, str]] = []
    for line in ECB.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for s in doc["sentences"][1:]:  # the first is a URL or a headline
            if "http" in s or "www" in s or not re.search(r"[a-z]", s):
                continue
            out.append((f"ecb{doc['topic']}|{doc['doc']}", detokenise(s)))
    return out


def held_out(story: str) -> bool:
    """Every fifth story (the part of the id before "|") is held out."""
    return zlib.crc32(story.split("|")[0].encode()) % 5 == 0


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000
) -> tuple[np.ndarray, float]:
    """Logistic regression by gradient descent on standardised features (classes weighted)."""
    w = np.zeros(x.shape[1])
    b = 0.0
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) * weight
        w -= lr * (x.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w, b


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Probability that a random positive outranks a random negative (ties count half)."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    allv = np.concatenate([pos, neg])
    for v in np.unique(allv):  # average ranks of ties
        idx = allv == v
        ranks[idx] = ranks[idx].mean()
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def dataset(rows: list[tuple[str, str, int]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    keep = [(s, t, y) for s, t, y in rows if len(re.findall(r"\w+", t)) >= MIN_WORDS]
    x = np.stack([sentence_features(t) for _, t, _ in keep])
    y = np.asarray([lab for *_, lab in keep], dtype=np.float64)
    return x, y, [t for _, t, _ in keep]


def train(rows: list[tuple[str, str, int]]) -> dict[str, object]:
    x, y, _ = dataset(rows)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    w, b = fit((x - mean) / scale, y)
    return {"mean": mean, "scale": scale, "weights": w, "bias": b}


def probabilities(params: dict[str, object], x: np.ndarray) -> np.ndarray:
    z = (x - params["mean"]) / params["scale"] @ params["weights"] + params["bias"]  # type: ignore[operator]
    return 1 / (1 + np.exp(-z))


def article_scores(
    params: dict[str, object], rows: list[tuple[str, str, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Mean sentence probability per article (story|document id)."""
    groups: dict[tuple[str, int], list[str]] = {}
    for story, text, label in rows:
        groups.setdefault((story, label), []).append(text)
    scores, labels = [], []
    for (_, label), texts in groups.items():
        _, _, kept = (
            dataset([("", t, label) for t in texts])
            if any(len(re.findall(r"\w+", t)) >= MIN_WORDS for t in texts)
            else (None, None, [])
        )
        if len(kept) < 3:
            continue
        p = probabilities(params, np.stack([sentence_features(t) for t in kept]))
        scores.append(float(p.mean()))
        labels.append(label)
    return np.asarray(scores), np.asarray(labels)


def article_calibration(rows: list[tuple[str, str, int]]) -> tuple[float, float, int]:
    """A one-feature logistic regression of "machine-translated" on the article score, classes
    weighted equally, fitted on every document scored by a model that did not see its story
    (five folds by story): its slope (log-odds per unit of score) says how far a score moves the
    odds, which `analysis.mt_prior` needs to move the threshold when the story's other outlets
    change the prior. Returns the slope, the score at even odds and the documents used."""
    fold_of = [zlib.crc32(r[0].split("|")[0].encode()) % 5 for r in rows]
    folds = [[r for r, f in zip(rows, fold_of, strict=True) if f == k] for k in range(5)]
    scores, labels = [], []
    for k, fold in enumerate(folds):
        params = train([r for j, other in enumerate(folds) if j != k for r in other])
        s, y = article_scores(params, fold)
        scores.append(s)
        labels.append(y)
    x, y = np.concatenate(scores), np.concatenate(labels).astype(np.float64)
    mean, scale = float(x.mean()), float(x.std()) + 1e-9
    w, b = fit(((x - mean) / scale)[:, None], y, l2=0.0, steps=5000)
    slope = float(w[0]) / scale
    return slope, mean - float(b) * scale / float(w[0]), len(x)


def by_language(params: dict[str, object], test_rows: list[tuple[str, str, int]]) -> str:
    """Held-out sentence AUC of each MT source against the held-out native sentences, and of
    SemEval 2012 SMTnews MT output (WMT, European languages; never trained on)."""
    x_nat, _, _ = dataset([r for r in test_rows if r[2] == 0])
    native = probabilities(params, x_nat)
    lines = []
    for label, prefix in (("Chinese (WMT23)", "wmt:"), ("European (post-editing)", "pe")):
        x, _, _ = dataset([r for r in test_rows if r[2] == 1 and r[0].startswith(prefix)])
        scores = probabilities(params, x)
        both = np.concatenate([scores, native])
        labels = np.concatenate([np.ones(len(scores)), np.zeros(len(native))])
        lines.append(f"- {label}: sentence AUC {auc(both, labels):.3f} ({len(scores)} MT)")
    if SMTNEWS.exists():
        rows = SMTNEWS.read_text(encoding="utf-8", errors="replace").splitlines()
        mt = [("", p.split("\t")[2].strip(), 1) for p in rows if len(p.split("\t")) >= 3]
        x, _, _ = dataset(mt)
        scores = probabilities(params, x)
        both = np.concatenate([scores, native])
        labels = np.concatenate([np.ones(len(scores)), np.zeros(len(native))])
        lines.append(
            f"- European (SemEval 2012 SMTnews, not trained on): sentence AUC "
            f"{auc(both, labels):.3f} ({len(scores)} MT)"
        )
    lines.append(f"- against {len(native)} held-out native ECB+ sentences")
    return "\n".join(lines)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", action="store_true", help="also score the dev clusters' articles")
    args = ap.parse_args(argv)
    if not WMT.exists() or not ECB.exists():
        print(f"train_mt_model: training data not found under {BENCH}")
        return 2
    mt = wmt_sentences()
    native = ecb_sentences()
    other_mt = postediting_sentences()
    rows = [(f"wmt:{doc}", t, 1) for doc, t in mt] + [(s, t, 0) for s, t in native]
    rows += [(s, t, 1) for s, t in other_mt]
    train_rows = [r for r in rows if not held_out(r[0])]
    test_rows = [r for r in rows if held_out(r[0])]
    params = train(train_rows)
    xt, yt, texts = dataset(test_rows)
    pt = probabilities(params, xt)
    sentence_auc = auc(pt, yt)
    accuracy = float(((pt >= 0.5) == (yt == 1)).mean())
    bins = []
    for lo in np.arange(0, 1, 0.2):
        sel = (pt >= lo) & (pt < lo + 0.2)
        if sel.any():
            share = round(float(yt[sel].mean()), 3)
            bins.append((f"{lo:.1f}-{lo + 0.2:.1f}", int(sel.sum()), share))
    topic = np.asarray([bool(TOPIC_WORDS.search(t)) for t in texts])
    auc_topic = auc(pt[topic], yt[topic]), auc(pt[~topic], yt[~topic])
    ablated = train([r for r in train_rows if not TOPIC_WORDS.search(r[1])])
    auc_ablated = auc(probabilities(ablated, xt[~topic]), yt[~topic])
    # Article level: held-out documents as articles (WMT: one per system and document).
    a_scores, a_labels = article_scores(params, test_rows)
    native_scores = np.sort(a_scores[a_labels == 0])
    # The line where style alone marks an article MT: 1 % of native documents lie above it (news
    # of another house style, such as BBC's, runs higher than ECB+, so 5 % would be too loose).
    pct95 = float(native_scores[int(0.95 * (len(native_scores) - 1))])
    threshold = float(native_scores[int(0.99 * (len(native_scores) - 1))])
    article_auc = auc(a_scores, a_labels)
    slope, crossing, n_calibration = article_calibration(rows)
    recall = float((a_scores[a_labels == 1] > threshold).mean())
    language_report = by_language(params, test_rows)
    model = {
        "features": list(FEATURES),
        "mean": params["mean"].tolist(),  # type: ignore[union-attr]
        "scale": params["scale"].tolist(),  # type: ignore[union-attr]
        "weights": params["weights"].tolist(),  # type: ignore[union-attr]
        "bias": float(params["bias"]),  # type: ignore[arg-type]
        "article_threshold": round(threshold, 4),
        "article_slope": round(slope, 3),
        "article_crossing": round(crossing, 4),
        "min_words": MIN_WORDS,
    }
    OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    version = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    n_mt, n_nat = int(yt.sum() + (dataset(train_rows)[1]).sum()), len(native)
    pairs = zip(FEATURES, params["weights"], strict=True)  # type: ignore[call-overload]
    weights = sorted(pairs, key=lambda p: -abs(p[1]))
    card = f"""# MT-likelihood model card (`mt_model.json`)

Logistic regression on {len(FEATURES)} topic-free style features of one English sentence
(`analysis/mt_likelihood.py`: function-word, determiner, preposition, pronoun and auxiliary
rates, punctuation, casing, digits, word length, rare-word share, nominalisations, possessive
"'s", "of the", repeated words). No content word is a feature. Trained {dt.date.today()} by
`scripts/train_mt_model.py` at analysis version {version or "unknown"}.

## Data
- Machine-translated: WMT23 zh→en MQM system outputs, 10 systems ({len(mt)} system-segment rows;
  about {n_mt} with ≥ {MIN_WORDS} words), Apache-2.0, `{WMT.name}` sha256 `{sha256(WMT)}`.
- Machine-translated from European languages: SemEval STS 2016 post-editing pairs, the MT side
  ({len(other_mt)} sentences; CC BY 4.0), `{POSTEDIT.name}` sha256 `{sha256(POSTEDIT)}`, split
  in groups of 50 lines.
- Native English: ECB+ news sentences ({n_nat}), CC BY 3.0, detokenised ("90 - day" → "90-day",
  "do n't" → "don't", quotes closed up) so that broken spacing is not learnt as native;
  `{ECB.name}` sha256 `{sha256(ECB)}`.
- Held out: every fifth story by CRC32 of its id (WMT document, ECB+ topic); classes weighted.
  Not trained on: MSRP, QAGS, BBC, the dev clusters.

## Held-out results
- Sentences: AUC **{sentence_auc:.3f}**, accuracy {accuracy:.3f} at p = 0.5 ({len(yt)} sentences).
- Calibration (p bin, sentences, share MT): {bins}.
- Topic ablation: AUC on held-out sentences naming China/Chinese/Beijing… {auc_topic[0]:.3f}
  ({int(yt[topic].sum())} MT, {int((1 - yt[topic]).sum())} native: too few native to mean much),
  on the rest {auc_topic[1]:.3f}; a model trained without any such sentence scores
  {auc_ablated:.3f} on the rest — it does not need the topic.
- Articles (held-out documents, the mean probability of their sentences; WMT one per system):
  AUC **{article_auc:.3f}** ({int((a_labels == 1).sum())} MT, {int((a_labels == 0).sum())} native
  documents); threshold {threshold:.3f} (99th percentile of native documents; 95th: {pct95:.3f})
  catches {recall:.2f} of MT documents.
- The article score is the mean sentence probability; `translation_likelihood` puts it on the
  garble scale (the threshold maps to 0.5) and joins it with explicit traces (noisy-OR).
- Calibration of the article score (one-feature logistic regression, classes weighted equally,
  on all {n_calibration} documents, each scored by a model trained without its story: five folds
  by story): slope {slope:.2f} log-odds per unit of score, even odds at
  {crossing:.3f}. The threshold above stands for a prior of
  {1 / (1 + math.exp(slope * (threshold - crossing))):.3f} that an article is machine-translated;
  `analysis.mt_prior` lowers it when other outlets of the same story are machine-translated.

## Weights (standardised features, largest first)
{chr(10).join(f"- {name}: {w:+.3f}" for name, w in weights)}
- bias: {model["bias"]:+.3f}

## By source language
{language_report}

## Limits
Two kinds of MT (Chinese news by 2023 systems; European-language news by older systems) and one
native corpus (ECB+, 2008–2013 news): other language pairs and other house styles shift the
scores. Use as a prior and a per-article ranking, not a verdict.
"""
    CARD.write_text(card, encoding="utf-8")
    print(card)
    if args.dev:
        dev_report(model)
    return 0


DEV_LABELS = {  # issue 12: MT members vs native members (human translations not scored)
    "an24-tynda-crash-2025-07": ({"01", "02", "03", "06"}, {"05"}),
    "kartalkaya-hotel-fire-2025-01": ({"01", "02", "03"}, {"04", "05"}),
    "qiqihar-gym-collapse-2023-07": ({"01", "02", "03"}, {"05"}),
}


def dev_report(model: dict[str, object]) -> None:
    """Each dev-cluster article's likelihood, the AUC per cluster and pooled."""
    from analysis.segment import segment_article

    m = model_from_json(model)
    pooled: list[tuple[float, int]] = []
    for cluster, (mt_ids, native_ids) in DEV_LABELS.items():
        folder = BENCH.parent / "dev-clusters" / cluster
        rows = []
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
            score = article_mt_likelihood(segment_article(text), m)
            tag = path.name[:2]
            label = 1 if tag in mt_ids else 0 if tag in native_ids else None
            shown = "--" if label is None else "MT" if label else "native"
            print(f"{cluster[:10]} {path.name:28} {score:.3f} {shown}")
            if label is not None:
                rows.append((score, label))
        s, y = np.asarray([r[0] for r in rows]), np.asarray([r[1] for r in rows])
        print(f"{cluster}: AUC {auc(s, y):.3f}")
        pooled += rows
    s, y = np.asarray([r[0] for r in pooled]), np.asarray([r[1] for r in pooled])
    print(f"pooled AUC {auc(s, y):.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
