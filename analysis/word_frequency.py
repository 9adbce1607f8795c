"""How often English uses a word (wordfreq's Zipf scale), cached for the detectors.

Several detectors ask the same question word by word over a whole corpus ("is this an everyday
English word, a rare one, or one English never writes?"); one cached lookup serves them all.
wordfreq loads its word list on first use (~0.2 s), so it is imported then, not at start-up.
The Zipf scale is log10 of uses per billion words: 7 for "the", 3 for "pelosi", 0 for unseen.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["zipf"]


@lru_cache(maxsize=1 << 17)
def zipf(word: str) -> float:
    """English Zipf frequency of `word`, case aside (wordfreq case-folds it)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
