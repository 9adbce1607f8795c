"""Single words of the source language left in an English sentence; English words stay."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.artifacts import detect_translation_artifacts
from analysis.model import ArticleText
from analysis.segment import split_sentences
from analysis.source_words import source_word_hits
from tests.conftest import SHARED


def words(text: str) -> list[str]:
    return [text[h.start : h.end] for h in source_word_hits(text)]


@pytest.mark.parametrize(
    ("text", "word", "language"),
    [
        ("A cafard fled before the dancers arrived.", "cafard", "French"),
        ("Mr Randle affronta the father of the girl.", "affronta", "Italian"),
        ("The assistant entraineur joined the team.", "entraineur", "French"),
    ],
)
def test_a_common_foreign_word_is_flagged_with_its_language(
    text: str, word: str, language: str
) -> None:
    hits = list(source_word_hits(text))
    assert [text[h.start : h.end] for h in hits] == [word]
    assert language in hits[0].explanation


@pytest.mark.parametrize(
    "text",
    [
        "The fatwa was issued by the cleric.",  # loanwords English uses
        "They ate at a trattoria near the carabinieri post.",
        "Visit www.example.cz or write to info@example.fr for details.",
        "Pauline Marois of the Parti Quebecois spoke.",  # capitalised: left to the name checks
        "The ministers met on Tuesday and agreed.",
    ],
)
def test_english_words_loanwords_and_names_are_not(text: str) -> None:
    assert words(text) == []


@given(st.text(alphabet=st.characters(categories=("Ll", "Lu", "Zs", "Po")), max_size=60))
def test_every_hit_is_a_lower_case_word_of_the_text(text: str) -> None:
    for h in source_word_hits(text):
        assert text[h.start : h.end].islower() and h.end - h.start >= 4


def test_the_flag_reaches_the_article() -> None:
    text = "The minister spoke. It accusa the deputy minister of lying."
    flags = detect_translation_artifacts(ArticleText(1, "wire", text), split_sentences(text))
    assert [f.side.quote for f in flags if f.detector == "source-word"] == ["accusa"]


def test_native_news_stays_silent() -> None:
    """ECB+ (982 native English documents): no word of another language is flagged."""
    path = SHARED / "bench-data" / "ecbplus" / "ecbplus_documents_derived.jsonl"
    if not path.is_file():
        pytest.skip("../shared/bench-data is not beside the project")
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    text = "\n".join(
        s if isinstance(s, str) else s.get("text", "") for d in docs for s in d["sentences"]
    )
    assert words(text) == []
