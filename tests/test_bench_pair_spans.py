"""The word-pair measurement (issue 12's learned-pair negative) reads the pairs it says it reads."""

from __future__ import annotations

from bench.tasks.pair_spans import pairs


def _shown(text: str) -> list[tuple[str, str, int, bool]]:
    return [(p.head, p.dep, p.gap, p.prep) for p in pairs(text)]


def test_a_pair_skips_articles_and_prepositions_only() -> None:
    assert _shown("The crew repaired the broken mast and waited for the tide.") == [
        ("crew", "repaired", 0, False),
        ("repaired", "broken", 1, False),
        ("broken", "mast", 0, False),
        ("waited", "tide", 2, True),
    ]


def test_punctuation_capitals_and_long_gaps_end_a_pair() -> None:
    # a comma, a capitalised word, and a third function word in a row each stop the pair
    assert _shown("Pilots landed, harbour Vessels sailed into of the bay.") == []
    assert _shown("Vessels sailed into the bay.") == [("sailed", "bay", 2, True)]


def test_pair_offsets_cover_the_words_as_written() -> None:
    text = "They crossed into the valley."
    (p,) = pairs(text)
    assert text[p.start : p.end] == "crossed into the valley"
    assert 0 <= p.where <= 1
