"""A numbered institution that one translated outlet names with another type word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.gazetteer import Gazetteer
from analysis.model import ArticleText
from analysis.name_checks import corpus_name_flags
from analysis.numbered_names import numbered_name_flags
from analysis.segment import segment_article


def run(
    texts: dict[str, str], translated: frozenset[str] = frozenset({"C"})
) -> list[tuple[str, str, str | None]]:
    articles = [
        ArticleText(i, source, text, translated=source in translated)
        for i, (source, text) in enumerate(texts.items())
    ]
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    flags = numbered_name_flags(articles, sentences)
    for f in flags:
        assert articles[f.side.article_id].text[f.side.start : f.side.end] == f.side.quote
        assert f.kind == "name_variant"
    return [(articles[f.side.article_id].source, f.side.quote, f.suggestion) for f in flags]


STORY = "A wall fell at {} in the east of the city on Monday, officials said."


def test_another_type_word_for_the_same_number_is_flagged_with_the_others_name() -> None:
    texts = {
        "A": STORY.format("No. 7 Municipal Hospital"),
        "B": STORY.format("the No. 7 Municipal Hospital"),
        "C": STORY.format("the 7th Central Hospital"),
    }
    assert run(texts) == [("C", "7th Central Hospital", "No. 7 Municipal Hospital")]


def test_an_outlet_naming_one_place_two_ways_is_flagged_on_the_odd_use() -> None:
    texts = {
        "A": STORY.format("No. 7 Municipal Hospital"),
        "B": STORY.format("No. 7 Municipal Hospital"),
        "C": STORY.format("the 7th Central Hospital") + " Photo: the No. 7 Municipal Hospital.",
    }
    assert run(texts) == [("C", "7th Central Hospital", "No. 7 Municipal Hospital")]


def test_native_outlets_and_unshared_or_different_names_are_not_flagged() -> None:
    two_units = {
        "A": "Troops of the 1st Armored Division moved north.",
        "B": "The 1st Armored Division was ordered home.",
        "C": "Officers of the 1st Infantry Division arrived.",
    }
    assert run(two_units, translated=frozenset()) == []  # native: two units
    assert run({**two_units, "B": "Nobody spoke."}) == []  # one outlet is no reference
    assert run({**two_units, "C": "The 2nd Infantry Division arrived."}) == []  # other number
    assert run({**two_units, "C": "The 1st Armored Brigade arrived."}) == []  # other head
    acronym = {"A": "the 20th National Congress.", "B": "the 20th National Congress.",
               "C": "the 20th CPC Congress."}  # fmt: skip
    assert run(acronym) == []
    lowercase = {"A": "the No. 5 seed in the draw.", "B": "the No. 5 seed in the draw.",
                 "C": "the No. 5 seed for the draw."}  # fmt: skip
    assert run(lowercase) == []


def test_the_pipeline_name_checks_include_it() -> None:
    texts = {
        "A": STORY.format("No. 7 Municipal Hospital"),
        "B": STORY.format("No. 7 Municipal Hospital"),
        "C": STORY.format("the 7th Central Hospital"),
    }
    articles = [
        ArticleText(i, s, t, translated=s == "C") for i, (s, t) in enumerate(texts.items())
    ]
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    flags = corpus_name_flags(articles, {}, [], Gazetteer([]), sentences)
    found = [f for f in flags if f.detector == "numbered-name-variant"]
    assert [(f.side.quote, f.evidence["outlets"]) for f in found] == [
        ("7th Central Hospital", ["A", "B"])
    ]


@given(st.text(alphabet="No.1234 thSchoolHigMdA\n", max_size=80))
def test_any_text_gives_spans_of_itself(text: str) -> None:
    run({"A": text, "B": text, "C": text + " " + text[::-1]})
