"""Build `analysis/data/source_words.bloom`: per language, a Bloom filter of the words of
wordfreq's "small" list that `analysis.source_words` could flag, so a rare English word is ruled
out without loading 14 word lists.

A word goes in when it has MIN_LETTERS or more characters and English has (almost) never
written it (Zipf < ENGLISH_MAX, the detector's own first test). Words whose s or t carries a
cedilla or a comma go in whatever their English frequency: Turkish and Romanian store those
letters differently, so the English lookup of the text's spelling can differ from the stored
one. Every word of a small list has Zipf >= 3 (the list's floor), so membership is the question.
The filter has no false negatives, and wordfreq confirms each positive, so the detector's hits
are the same as asking wordfreq directly; `--check` compares the two on every word of the 14
lists (and on each with its s/t mark swapped). The header records the wordfreq version, the
false-positive rate each filter was sized for, and a SHA-256 of the bits.

Run from the project root:  .venv/bin/python scripts/train_source_words.py [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.source_words import (  # noqa: E402
    ENGLISH_MAX,
    FILTER,
    LANGUAGES,
    MIN_LETTERS,
    SOURCE_MIN,
    BloomFilter,
    source_language,
)

HASHES = 5
FALSE_POSITIVE = 0.01  # a false positive costs one wordfreq lookup, not a wrong hit
_UNDER = frozenset("şșţț")


def words_of(lang: str) -> list[str]:
    """The words of `lang`'s small list the detector could ask about."""
    from wordfreq import get_frequency_dict, zipf_frequency

    return sorted(
        w
        for w in get_frequency_dict(lang, "small")
        if len(w) >= MIN_LETTERS and (zipf_frequency(w, "en") < ENGLISH_MAX or _UNDER & set(w))
    )


def bloom(words: list[str]) -> bytes:
    """A filter of `words` sized for FALSE_POSITIVE with HASHES hash functions."""
    n = max(len(words), 1)
    p = FALSE_POSITIVE ** (1 / HASHES)  # share of bits set that gives the rate
    size = math.ceil(-HASHES * n / math.log(1 - p) / 8)
    bits = bytearray(size)
    probe = BloomFilter(bytes(size), HASHES)
    for w in words:
        for pos in probe.positions(w):
            bits[pos >> 3] |= 1 << (pos & 7)
    return bytes(bits)


def build() -> None:
    body = bytearray()
    spans: dict[str, tuple[int, int]] = {}
    counts: dict[str, int] = {}
    for lang in LANGUAGES:
        words = words_of(lang)
        bits = bloom(words)
        spans[lang] = (len(body), len(body) + len(bits))
        counts[lang] = len(words)
        body += bits
    meta = {
        "about": "Bloom filters of wordfreq small-list words English lacks "
        "(scripts/train_source_words.py)",
        "wordfreq": version("wordfreq"),
        "hashes": HASHES,
        "false_positive": FALSE_POSITIVE,
        "words": counts,
        "languages": spans,
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    FILTER.write_bytes(json.dumps(meta).encode("utf-8") + b"\n" + bytes(body))
    print(f"{sum(counts.values()):,} words, {FILTER.stat().st_size:,} bytes -> {FILTER.name}")


def check() -> int:
    """Compare the filtered lookup with wordfreq's on every word of the 14 lists; count the
    mismatches."""
    from wordfreq import get_frequency_dict, zipf_frequency

    def direct(word: str) -> tuple[str, float] | None:
        best = max((zipf_frequency(word, lang, wordlist="small"), lang) for lang in LANGUAGES)
        return (best[1], best[0]) if best[0] >= SOURCE_MIN else None

    swap = str.maketrans("şșţț", "șşțţ")
    words = {w for lang in LANGUAGES for w in get_frequency_dict(lang, "small")}
    words |= {w.translate(swap) for w in words if _UNDER & set(w)}
    bad = 0
    for word in sorted(words):
        if len(word) < MIN_LETTERS or zipf_frequency(word, "en") >= ENGLISH_MAX:
            continue
        if source_language(word) != direct(word):
            bad += 1
            print("mismatch", word, source_language(word), direct(word))
    print(f"checked {len(words):,} words, {bad} mismatches")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the filter with wordfreq")
    if parser.parse_args().check:
        sys.exit(1 if check() else 0)
    build()


if __name__ == "__main__":
    main()
