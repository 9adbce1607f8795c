"""The collocation measurement (issue 12's negative result) counts what it says it counts."""

from __future__ import annotations

from bench.tasks.collocations import missing_rate, pairs


def test_pairs_are_adjacent_lower_case_words_as_written() -> None:
    assert pairs("The crew waited for Help, then left") == [
        ("crew", "waited"),
        ("waited", "for"),
        ("then", "left"),
    ]


def test_missing_rate_counts_only_pairs_of_common_words() -> None:
    found = [("the", "house"), ("the", "zyzzogeton"), ("of", "the"), ("house", "of")]
    known = {("of", "the")}
    n, rate = missing_rate(found, known, 4.0)
    assert n == 3  # the pair with a rare word is not counted
    assert rate == 2 / 3
