"""Single words of the source language left in an English sentence; English words stay."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from analysis.artifacts import detect_translation_artifacts
from analysis.model import ArticleText
from analysis.segment import split_sentences
from analysis.source_words import (
    ENGLISH_MAX,
    FILTER,
    LANGUAGES,
    SOURCE_MIN,
    bloom_filters,
    source_language,
    source_word_hits,
)
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parent.parent


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


def test_the_filter_holds_every_word_of_the_lists_it_could_be_asked() -> None:
    """No false negatives: every list word the detector could ask about passes its language's
    filter (a sample of each list), and the file is the one its header describes."""
    from importlib.metadata import version

    from wordfreq import get_frequency_dict, zipf_frequency

    header, _, body = FILTER.read_bytes().partition(b"\n")
    meta = json.loads(header)
    assert meta["sha256"] == hashlib.sha256(body).hexdigest()
    if meta["wordfreq"] != version("wordfreq"):
        pytest.skip("the filter was built from another wordfreq; rebuild it")
    filters = bloom_filters()
    for lang in LANGUAGES:
        sample = sorted(get_frequency_dict(lang, "small"))[::40]
        asked = [w for w in sample if len(w) >= 4 and zipf_frequency(w, "en") < ENGLISH_MAX]
        assert len(asked) > 100 and all(w in filters[lang] for w in asked), lang


def test_only_the_lists_a_filter_lets_through_are_read() -> None:
    """Rare English words, which the filters rule out almost everywhere, read few of the 14
    lists (each false positive costs one list); a foreign word reads the lists that may hold it."""
    words = ["flummoxing", "misspeling", "unflummoxable", "borkage", "cafard"]
    filters = bloom_filters()
    maybe = {lang for w in words for lang in LANGUAGES if w in filters[lang]}
    code = (
        "import wordfreq\n"
        "from analysis.source_words import source_language\n"
        f"print([source_language(w) for w in {words!r}])\n"
        "print(wordfreq.get_frequency_dict.cache_info().currsize)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    answers, loaded = run.stdout.splitlines()
    assert answers == "[None, None, None, None, ('fr', 3.14)]"
    assert int(loaded) == len(maybe) < len(LANGUAGES) // 2


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèçñüößşăîâ", min_size=4, max_size=9))
def test_the_filtered_lookup_answers_as_wordfreq_does(word: str) -> None:
    """For any word the detector asks about (English Zipf below ENGLISH_MAX)."""
    from wordfreq import zipf_frequency

    assume(zipf_frequency(word, "en") < ENGLISH_MAX)
    best = max((zipf_frequency(word, lang, wordlist="small"), lang) for lang in LANGUAGES)
    assert source_language(word) == ((best[1], best[0]) if best[0] >= SOURCE_MIN else None)
