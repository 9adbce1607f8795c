"""Words of the source language left untranslated inside an English sentence.

Machine translation passes through what it cannot map: a French "cafard", an Italian "accusa",
a Czech "knihovna" stand in the English sentence as they were. Lines wholly in another language
are page residue (`analysis.residue`); this finds the single word. A lower-case word English does
not know (wordfreq Zipf below 1) that is an everyday word of another Latin-script language (Zipf 3
or more in wordfreq's list for that language) is flagged with the language. Capitalised words are
left to the name checks, and loanwords English uses ("fatwa", "carabinieri") have an English
frequency. A word is looked up only in the languages whose list may hold it: a Bloom filter per
language (`analysis/data/source_words.bloom`, built from the same lists by
`scripts/train_source_words.py`) rules out most rare English words without loading wordfreq's
14 lists (~0.3 s and ~70 MB per process), and wordfreq answers the rest, so the hits are the
same as asking it directly. Measured on native English: 3 matches in 2,225 BBC articles (two
misspellings that happen to be Portuguese and Polish words, one Spanish quote), none in 982 ECB+
documents or in WMT23 zh→en output; on MT of European-language news: 57 in 3,287 SemEval 2016
post-editing sentences, 3 in 399 SemEval 2012 SMTnews outputs and none in their reference
translations (`tests/test_source_words.py`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from analysis.residue import language_name
from analysis.typography import TypoHit
from analysis.word_frequency import zipf

CONFIDENCE = 0.6  # a word left as it was, or a rare English word that happens to be foreign
ENGLISH_MAX = 1.0  # Zipf: English has (almost) never written it
SOURCE_MIN = 3.0  # Zipf: an everyday word of the other language
MIN_LETTERS = 4
# Latin-script languages news is machine-translated from, with a wordfreq "small" list.
LANGUAGES = ("fr", "it", "es", "pt", "de", "nl", "tr", "pl", "cs", "ro", "sv", "id", "hu", "ca")
FILTER = Path(__file__).parent / "data" / "source_words.bloom"
_WORD = re.compile(r"(?<![\w'’.@/-])[^\W\dA-Z_][^\W\d_]{3,}(?![\w'’@/-]|\.\w)")


def source_word_hits(text: str) -> Iterator[TypoHit]:
    """Each lower-case word of `text` that English lacks and another language uses every day."""
    for m in _WORD.finditer(text):
        word = m.group()
        if not word.islower() or zipf(word) >= ENGLISH_MAX:
            continue
        found = source_language(word)
        if found is None:
            continue
        lang, _ = found
        name = language_name(lang)
        yield TypoHit(
            m.start(), m.end(), "source-word", CONFIDENCE,
            f"“{word}” is not an English word but a common {name} one: machine translation left "
            f"it untranslated. Translate it from the original ({name} “{word}”).",
            None,
        )  # fmt: skip


@lru_cache(maxsize=1 << 15)
def source_language(word: str) -> tuple[str, float] | None:
    """The language (and Zipf) in which `word` is most common, if it is an everyday word there."""
    from wordfreq import lossy_tokenize, zipf_frequency

    filters = bloom_filters()
    # A language whose filter rules the word out has Zipf 0 for it (below SOURCE_MIN); a word
    # wordfreq reads as several tokens is left to wordfreq.
    maybe = [
        lang
        for lang in LANGUAGES
        if len(tokens := lossy_tokenize(word, lang)) != 1 or tokens[0] in filters[lang]
    ]
    if not maybe:
        return None
    best = max((zipf_frequency(word, lang, wordlist="small"), lang) for lang in maybe)
    return (best[1], best[0]) if best[0] >= SOURCE_MIN else None


@dataclass(frozen=True, slots=True)
class BloomFilter:
    """A set of words with no false negatives and a few per cent false positives."""

    bits: bytes
    hashes: int

    def __contains__(self, word: str) -> bool:
        return all(self.bits[p >> 3] >> (p & 7) & 1 for p in self.positions(word))

    def positions(self, word: str) -> Iterator[int]:
        """The `hashes` bit positions of `word` (double hashing of one BLAKE2b digest)."""
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=16).digest()
        h1, h2 = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") | 1
        size = len(self.bits) * 8
        return ((h1 + i * h2) % size for i in range(self.hashes))


@cache
def bloom_filters() -> dict[str, BloomFilter]:
    """language -> the filter of its list's words (as wordfreq stores them) that could be hit."""
    header, _, body = FILTER.read_bytes().partition(b"\n")
    meta = json.loads(header)
    return {
        lang: BloomFilter(body[start:end], meta["hashes"])
        for lang, (start, end) in meta["languages"].items()
    }
