"""Issue 12's fluent calques, a measured negative: do the word-pair statistics a registry package
ships tell unusual combinations from native English?

Two signals, each read on adjacent lower-case word pairs (both words at least as common as
`zipf`): (1) the pair is missing from the only English bigram counts found in a PyPI package,
symspellpy's `frequency_bigramdictionary_en_243_342.txt` (Google Books n-grams, the 242,342 most
frequent pairs; MIT package, CC BY 3.0 data); (2) the wordllama cosine of the two words (the
vectors the project already ships). Pairs are taken from WMT23 zh→en MQM spans raters marked
(with one word either side: mistranslation, "unnatural or awkward", other), from segments a
rater marked "No-error", and from the 400 native BBC articles of the native control.

A usable signal would be rarer in native BBC text than in marked spans. Neither is: a missing pair
is as common in BBC text as in marked spans, more common than in unmarked MT, and the cosines of
word pairs are near zero everywhere. symspellpy is not a dependency of the project: install it
into the venv to re-run (`pip install symspellpy`).

Run: `.venv/bin/python -m bench.tasks.collocations`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources
from itertools import pairwise
from pathlib import Path

from analysis.word_frequency import zipf

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|[^\sA-Za-z]")
_SPAN = re.compile(r"<v>(.*?)</v>")
_THIN = frozenset(
    ("the", "a", "an", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or",
     "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this",
     "that", "as")
)  # fmt: skip
Pair = tuple[str, str]


def pairs(text: str) -> list[Pair]:
    """Adjacent words both written in lower case (no punctuation or capitalised word between)."""
    return [(a, b) for a, b in pairwise(_TOKEN.findall(text)) if a.islower() and b.islower()]


def bigram_list() -> set[Pair] | None:
    """symspellpy's English bigrams, or None when the package is not installed."""
    try:
        path = resources.files("symspellpy") / "frequency_bigramdictionary_en_243_342.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    return {(p[0], p[1]) for line in lines if len(p := line.split()) == 3}


def wmt_pairs() -> tuple[dict[str, list[Pair]], list[Pair]]:
    """Pairs in rater-marked spans by error family (one word either side), and pairs of
    segments a rater marked "No-error" (each system and segment once)."""
    from bench.tasks.mqm_spans import mqm_rows

    marked: dict[str, list[Pair]] = defaultdict(list)
    clean: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    for row in mqm_rows():
        target, category = row["target"], row["category"]
        found = _SPAN.search(target)
        if found:
            before = _WORD.findall(target[: found.start()])[-1:]
            after = _WORD.findall(target[found.end() :])[:1]  # a capitalised one pairs with none
            family = (
                "awkward"
                if "Unnatural" in category
                else "mistranslation"
                if "Mistranslation" in category
                else "other"
            )
            marked[family] += pairs(" ".join([*before, found.group(1), *after]))
        elif category == "No-error" and (key := (row["system"], row["globalSegId"])) not in seen:
            seen.add(key)
            clean += pairs(target)
    return marked, clean


def missing_rate(found: list[Pair], known: set[Pair], level: float) -> tuple[int, float]:
    """Pairs of two words at least `level` common, and the share missing from `known`."""
    common = [p for p in found if zipf(p[0]) >= level and zipf(p[1]) >= level]
    return len(common), sum(p not in known for p in common) / max(len(common), 1)


def mean_cosine(found: list[Pair], limit: int = 4000) -> float:
    """Mean wordllama cosine of the two words of content-word pairs (the first `limit`)."""
    from analysis.similarity import Embedder

    content = [p for p in found if not _THIN & set(p) and min(zipf(p[0]), zipf(p[1])) >= 3.0]
    content = content[:limit]
    embed = Embedder()
    left, right = embed.embed([p[0] for p in content]), embed.embed([p[1] for p in content])
    return float((left * right).sum(axis=1).mean())


def main() -> int:
    from bench.tasks.native import sample_paths

    known = bigram_list()
    if known is None:
        print("collocations: symspellpy is not installed (pip install symspellpy)")
        return 2
    marked, clean = wmt_pairs()
    native = [
        p for path in sample_paths(400) for p in pairs(Path(path).read_text(errors="replace"))
    ]
    groups = {"WMT no-error": clean, **{f"WMT {k}": v for k, v in marked.items()}, "BBC": native}
    for level in (3.5, 4.5, 5.5):
        cells = [
            f"{name} {missing_rate(found, known, level)[1]:.3f}" for name, found in groups.items()
        ]
        print(f"missing from the bigram list, both words zipf >= {level}: " + ", ".join(cells))
    cosines = [f"{name} {mean_cosine(found):.3f}" for name, found in groups.items()]
    print("mean wordllama cosine of content-word pairs: " + ", ".join(cosines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
