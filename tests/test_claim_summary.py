"""The ClaimReview summary: under 75 characters, whole constituents of the sentence, its figure
kept, never a cut marked with an ellipsis."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claim_summary import LIMIT, summarise_claim


def _words(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w$%.,-]", "", x).strip(".,").casefold()
                        for x in text.split()) if w]  # fmt: skip


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(w == x for x in it) for w in short)


@pytest.mark.parametrize(
    ("sentence", "keeps", "drops"),
    [
        (
            "The ministry said on Monday that it would spend $4.2 billion on new rail lines"
            " across the northern provinces over the next decade.",
            ["The ministry would spend $4.2 billion"],
            ["said", "Monday"],
        ),
        (
            "“We will rebuild the bridge within 18 months,” the mayor told reporters at a press"
            " conference on Friday evening after the council vote.",
            ["We will rebuild the bridge within 18 months"],
            ["told", "mayor"],
        ),
        (
            "Dana Whitfield, the chief executive of the regional water utility since 2019,"
            " resigned on Tuesday after an audit found 3,400 unpaid invoices in the archive.",
            ["Dana Whitfield resigned", "3,400"],
            ["chief executive"],
        ),
        (
            "Under the agreement, the two carriers will merge their cargo divisions (which"
            " employ about 2,100 people) into a new company based in the capital.",
            ["the two carriers will merge"],
            ["Under the agreement", "which"],
        ),
    ],
)
def test_summary_keeps_the_main_clause_and_its_figure(
    sentence: str, keeps: list[str], drops: list[str]
) -> None:
    summary = summarise_claim(sentence)
    assert len(summary) < LIMIT
    for part in keeps:
        assert part.casefold() in summary.casefold(), summary
    for part in drops:
        assert part.casefold() not in summary.casefold(), summary


def test_a_short_sentence_is_kept_whole_without_its_full_stop() -> None:
    assert summarise_claim("The plant will employ 1,200 people.") == (
        "The plant will employ 1,200 people"
    )


VOCABULARY = """the a council said on Monday that it would build 3,000 homes in Northfield , which
were approved by voters after years of delay ( about $2 billion ) and officials"""
WORDS = st.sampled_from(VOCABULARY.split())


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=60))
def test_any_sentence_gives_a_short_summary_made_of_its_own_words(words: list[str]) -> None:
    sentence = " ".join(words)
    summary = summarise_claim(sentence)
    assert len(summary) < LIMIT
    assert "…" not in summary
    assert _is_subsequence(_words(summary), _words(sentence))
