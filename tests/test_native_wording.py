"""A name spelled differently in an article read as written in English is explained as a
misspelling, not as a garble through another script (that wording is for translated articles)."""

from __future__ import annotations

import pytest
from test_names import baldwin_corpus, brandt_corpus, detect

from analysis.gazetteer import Gazetteer, load_default


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_default()


@pytest.mark.parametrize("corpus", [baldwin_corpus, lambda t: brandt_corpus("Pelix", t)])
def test_native_article_gets_misspelling_translated_gets_the_transliteration_reason(
    corpus: object, gazetteer: Gazetteer
) -> None:
    [native] = detect(corpus(False), gazetteer)  # type: ignore[operator]
    [translated] = detect(corpus(True), gazetteer)  # type: ignore[operator]
    assert "misspelling" in native.explanation
    assert "transliterat" not in native.explanation
    assert "Korean" not in native.explanation
    assert "misspelling" not in translated.explanation
    assert "transliteration" in translated.explanation or "Korean" in translated.explanation
