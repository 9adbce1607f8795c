"""A facility named for a news medium its own article cites: a garbled attribution."""

from __future__ import annotations

import pytest

from analysis.artifacts import detect_translation_artifacts
from analysis.facility_media import facility_hits
from analysis.model import ArticleText
from analysis.segment import split_sentences


def hits(sentence: str, article: str) -> list[tuple[str, str]]:
    return [(h.detector, sentence[h.start : h.end]) for h in facility_hits(sentence, article)]


def test_an_airport_named_for_the_paper_the_article_cites_is_flagged() -> None:
    sentence = "The jet left at 7:10, according to Vestnik airport."
    article = f"{sentence} Witnesses told Vestnik it flew low. More in the Vestnik article."
    assert hits(sentence, article) == [("facility-medium", "Vestnik airport")]
    (hit,) = facility_hits(sentence, article)
    assert "“Vestnik article”" in hit.explanation and "“told Vestnik”" in hit.explanation
    assert hit.fix is None and hit.advice and "Vestnik reports" in hit.advice


@pytest.mark.parametrize(
    "medium",
    ["the newspaper Kurier said so", "Kurier's correspondent saw it", "Kurier journalists wrote"],
)
def test_any_phrase_that_makes_the_word_a_medium_counts(medium: str) -> None:
    sentence = "Flights were halted at Kurier station."
    assert hits(sentence, f"{sentence} {medium[0].upper()}{medium[1:]}.") == [
        ("facility-medium", "Kurier station")
    ]


@pytest.mark.parametrize(
    "article",
    [
        # the facility's own operator speaks and is told things: native English
        "Flights resumed at Hollin Airport. Hollin said delays would ease. Staff told Hollin so.",
        # a medium of another name
        "Flights resumed at Hollin Airport, the Lanford Courier newspaper said.",
        # the medium word is the facility's, not the name's
        "Crowds filled Hollin Stadium. Hollin stadium reporters counted them.",
        # lower case: not a name
        "The airport newspaper said the port station reopened.",
    ],
)
def test_a_facility_not_named_for_a_cited_medium_is_left_alone(article: str) -> None:
    sentence = split_sentences(article)[0]
    assert hits(article[sentence.start : sentence.end], article) == []


def test_pipeline_reports_it_as_a_translation_artifact_with_advice() -> None:
    text = (
        "The jet left at 7:10, according to Vestnik airport.\n\n"
        "Witnesses told Vestnik it flew low. Details are in the Vestnik article."
    )
    flags = detect_translation_artifacts(ArticleText(1, "src", text), split_sentences(text))
    assert [(f.detector, f.side.quote) for f in flags] == [("facility-medium", "Vestnik airport")]
    assert flags[0].suggestion and "Vestnik reports" in flags[0].suggestion
    assert "replacement" not in flags[0].evidence
