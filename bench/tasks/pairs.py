"""Sentence-pair similarity on MSRP (paraphrase yes/no) and the SemEval STS news sets (0..5).

Evaluation-only data, read at run time from ../shared/bench-data. With no articles to count
document frequencies over, each set's own sentences are the corpus (every sentence its own
document). MSRP: the threshold is tuned on train for accuracy and reported on test; the baseline
is plain rapidfuzz token_set_ratio with its own train-tuned threshold. STS: Pearson and Spearman
correlation with the gold score, no tuning.

Run: `.venv/bin/python -m bench.tasks.pairs`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from analysis.similarity import SimilarityModel
from bench._data import bench_dir, bench_file
from bench.tasks import result_row

TASK = "pairs"

Pair = tuple[float, str, str]


def _read_tsv(path: Path, label_col: int, a_col: int, b_col: int, header: bool) -> list[Pair]:
    rows: list[Pair] = []
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for line in lines[1:] if header else lines:
        cols = line.split("\t")
        if len(cols) <= max(label_col, a_col, b_col) or not cols[label_col].strip():
            continue  # STS files leave the score blank for pairs without a gold rating
        rows.append((float(cols[label_col]), cols[a_col], cols[b_col]))
    return rows


def load_msrp(split: str) -> list[Pair]:
    """MSRP pairs of one split ("train" or "test"): (1.0 paraphrase / 0.0 not, s1, s2)."""
    return _read_tsv(bench_file("msrp", f"msr-para-{split}.tsv"), 0, 3, 4, header=True)


def load_sts() -> dict[str, list[Pair]]:
    """Each STS news file with gold scores: name -> (score 0..5, s1, s2)."""
    root = bench_dir("semeval-sts-news")
    return {p.stem: _read_tsv(p, 0, 1, 2, header=False) for p in sorted(root.glob("*.tsv"))}


def ours(pairs: Sequence[Pair], *, embeddings: bool = True) -> tuple[np.ndarray, bool]:
    """Our score per pair (document frequencies over the set), and whether wordllama ran."""
    texts = [p[1] for p in pairs] + [p[2] for p in pairs]
    model = SimilarityModel(texts, embeddings=embeddings)
    idx = np.arange(len(pairs))
    return model.score_pairs(idx, idx + len(pairs)), model.uses_embeddings


def token_set(pairs: Sequence[Pair]) -> np.ndarray:
    """Plain rapidfuzz token_set_ratio / 100, the baseline."""
    return np.array([fuzz.token_set_ratio(a, b, processor=str.lower) / 100.0 for _, a, b in pairs])


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """The threshold with the best accuracy (ties: the lowest)."""
    candidates = np.unique(scores)
    accuracy = [((scores >= t) == gold).mean() for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def accuracy_f1(scores: np.ndarray, gold: np.ndarray, threshold: float) -> tuple[float, float]:
    predicted = scores >= threshold
    tp = int((predicted & gold).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(gold.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float((predicted == gold).mean()), f1


def _ranks(x: np.ndarray) -> np.ndarray:
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return ((ends - counts + 1 + ends) / 2.0)[inverse]


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    return pearson(_ranks(x), _ranks(y))


def _row(data: str, metric: str, ours_v: float, base: float, split: str, note: str) -> dict:
    return result_row(TASK, data, metric, ours_v, base, split, note)


def run() -> list[dict]:
    """MSRP accuracy/F1 and STS Pearson/Spearman, ours vs plain token_set_ratio."""
    started = time.perf_counter()
    rows: list[dict] = []
    train, test = load_msrp("train"), load_msrp("test")
    y_train = np.array([p[0] for p in train]) >= 0.5
    y_test = np.array([p[0] for p in test]) >= 0.5
    s_train, embedded = ours(train)
    s_test, _ = ours(test)
    lex_train, _ = ours(train, embeddings=False)
    lex_test, _ = ours(test, embeddings=False)
    b_train, b_test = token_set(train), token_set(test)
    t_ours = best_threshold(s_train, y_train)
    t_lex = best_threshold(lex_train, y_train)
    t_base = best_threshold(b_train, y_train)
    acc_o, f1_o = accuracy_f1(s_test, y_test, t_ours)
    acc_l, _ = accuracy_f1(lex_test, y_test, t_lex)
    acc_b, f1_b = accuracy_f1(b_test, y_test, t_base)
    note = (
        f"thresholds tuned on train for accuracy: ours {t_ours:.3f}, token_set_ratio "
        f"{t_base:.3f}; always-paraphrase scores acc {y_test.mean():.3f}"
    )
    rows.append(_row("MSRP", "accuracy", acc_o, acc_b, "test", note))
    rows.append(_row("MSRP", "F1 (paraphrase)", f1_o, f1_b, "test", note))
    rows.append(
        _row(
            "MSRP",
            "accuracy, wordllama ablation",
            acc_o,
            acc_l,
            "test",
            f"baseline = our similarity without wordllama (threshold {t_lex:.3f}, train-tuned)",
        )
    )
    for name, pairs in load_sts().items():
        gold = np.array([p[0] for p in pairs])
        mine, _ = ours(pairs)
        lexical, _ = ours(pairs, embeddings=False)
        base = token_set(pairs)
        n = f"{len(pairs)} pairs with a gold score; no tuning"
        data = f"STS {name}"
        rows.append(_row(data, "Pearson", pearson(mine, gold), pearson(base, gold), "test", n))
        rows.append(_row(data, "Spearman", spearman(mine, gold), spearman(base, gold), "test", n))
        rows.append(
            _row(
                data,
                "Pearson, wordllama ablation",
                pearson(mine, gold),
                pearson(lexical, gold),
                "test",
                "baseline = our similarity without wordllama",
            )
        )
    seconds = time.perf_counter() - started
    for r in rows:
        r["note"] += f"; wordllama={'on' if embedded else 'OFF'}; run {seconds:.0f}s"
    return rows


if __name__ == "__main__":
    for row in run():
        print(json.dumps(row))
