"""Romanisation shapes: which words a pinyin, Korean, Japanese or Vietnamese spelling produces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.name_shape import romanisation_of, romanised_word


@pytest.mark.parametrize(
    ("word", "system"),
    [
        ("Zhang", "pinyin"),
        ("Xiaoming", "pinyin"),
        ("Ouyang", "pinyin"),  # a bare syllable at the start of a word
        ("Jung-won", "korean"),
        ("Kee-yong", "korean"),
        ("Seo", "korean"),
        ("Funeo", "japanese"),
        ("Tsutomu", "japanese"),
        ("Nguyen", "vietnamese"),
        ("Thanh", "vietnamese"),
    ],
)
def test_romanised_names_have_their_system(word: str, system: str) -> None:
    assert romanisation_of(word) == system


@pytest.mark.parametrize(
    "word", ["Sharpin", "Arfang", "Smith", "Dybala", "Habermann", "Kartalkaya", "Trump", ""]
)
def test_words_no_romanisation_produces(word: str) -> None:
    assert not romanised_word(word)


def test_a_bare_vowel_syllable_inside_a_pinyin_word_needs_an_apostrophe() -> None:
    assert romanisation_of("Xian") == "pinyin"  # xian is one syllable
    assert romanisation_of("Kaer") is None  # ka + er would need "Ka'er"
    assert romanisation_of("Ka'er") == "pinyin"


def test_diacritics_and_case_do_not_matter() -> None:
    assert romanisation_of("Ōno") == romanisation_of("ono") == romanisation_of("ONO")


@given(st.text(max_size=40))
def test_any_text_gets_an_answer(text: str) -> None:
    assert romanisation_of(text) in {None, "pinyin", "korean", "japanese", "vietnamese"}
