"""Articles that republish one text (a wire story run by several outlets) count as one witness.

Two outlets that print the same agency copy corroborate nothing by repeating it. Two articles are
copies when most sentences of the shorter one appear, near word for word, in the other: at least
COPY_MIN_SENTENCES of them and COPY_SHARE of its sentences. Near word for word means a
character-level ratio of at least COPY_RATIO on the normalised text, checked only on candidate
pairs the aligner already scored highly (so this adds no quadratic work). Copies are grouped
transitively; each group's witness is its earliest article (lowest id), and the others are its
copies.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from analysis.model import AlignUnit

COPY_RATIO = 92.0  # rapidfuzz ratio (0-100) of two normalised sentences
COPY_SHARE = 0.6  # share of the shorter article's sentences found in the other
COPY_MIN_SENTENCES = 3
SIMILARITY_FLOOR = 0.6  # only pairs the aligner already scores this high are read

_SPACE = re.compile(r"\W+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip()


def witnesses(
    units: Sequence[AlignUnit], pair_a: np.ndarray, pair_b: np.ndarray, pair_score: np.ndarray
) -> dict[int, int]:
    """article id -> the article id of its witness (itself unless it copies an earlier one)."""
    per_article = Counter(u.article_id for u in units)
    matched: dict[tuple[int, int], set[int]] = {}  # (article, other) -> its sentences found
    for k in np.flatnonzero(pair_score >= SIMILARITY_FLOOR).tolist():
        i, j = int(pair_a[k]), int(pair_b[k])
        ui, uj = units[i], units[j]
        if fuzz.ratio(_normal(ui.text), _normal(uj.text)) < COPY_RATIO:
            continue
        matched.setdefault((ui.article_id, uj.article_id), set()).add(i)
        matched.setdefault((uj.article_id, ui.article_id), set()).add(j)
    parent = {a: a for a in per_article}

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for (a, b), found in sorted(matched.items()):
        if a > b:
            continue
        shorter = min(per_article[a], per_article[b])
        both = min(len(found), len(matched.get((b, a), ())))
        if both >= COPY_MIN_SENTENCES and both >= COPY_SHARE * shorter:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    return {a: root(a) for a in sorted(per_article)}
