"""The shared English word-frequency lookup."""

from __future__ import annotations

from analysis.word_frequency import zipf


def test_everyday_rare_and_unseen_words_are_ordered() -> None:
    assert zipf("the") > 7 > zipf("pelosi") > 0
    assert zipf("qwzxvbnmk") == 0.0


def test_case_does_not_matter() -> None:
    assert zipf("Pelosi") == zipf("pelosi") == zipf("PELOSI")
