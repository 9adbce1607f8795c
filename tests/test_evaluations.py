"""Judgements of a condition (analysis.evaluations) and their comparison across outlets
(analysis.compare), on sentences written for these tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import lexicon
from analysis.evaluations import judging, read_evaluations
from tests.test_compare import run


def judged(text: str) -> list[tuple[str, int, list[str]]]:
    return [(e.text, e.sign, sorted(e.targets)) for e in read_evaluations(text)]


def test_a_judgement_after_a_linking_verb_is_of_its_subject() -> None:
    assert judged("Officials said the road conditions near Halvik were favourable on Monday.") == [
        ("favourable", 1, ["condition", "road"])
    ]
    assert judged("Conditions on the pass were not favourable, the ministry said.") == [
        ("not favourable", -1, ["condition", "pass"])
    ]


def test_a_judgement_before_a_noun_is_of_that_noun() -> None:
    assert judged("The ferry sank in harsh conditions off Norland.") == [
        ("harsh", -1, ["condition"])
    ]


def test_descriptions_forecasts_and_infinitives_are_no_judgement() -> None:
    # words of opposite sentiment that say what a thing is, not how fit a condition is
    assert judged("A strong quake and a deadly landslide hit the valley.") == []
    assert judged("Forecasters said the weather will be calm on Friday.") == []
    assert judged("It was difficult to reach the village.") == []  # nothing named is judged
    assert judged("The firm is building new plants to remain stable.") == []
    assert judged("The 12 worst-hit villages were cut off.") == []
    # a judgement that says when a state changed: the sea was rough before
    assert judged("The crew waited in port until the sea was calm again.") == []


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(lexicon.load("judgements")["good"] + lexicon.load("judgements")["bad"]))
)
def test_a_negation_turns_the_judgement(word: str) -> None:
    (plain,) = read_evaluations(f"The conditions were {word} that day.")
    (denied,) = read_evaluations(f"The conditions were not {word} that day.")
    assert plain.sign == judging(word) != 0
    assert denied.sign == -plain.sign and denied.negated


def test_opposite_judgements_of_one_condition_are_flagged_across_claims() -> None:
    good = "Harbour staff told us the weather conditions over the Varn valley were favourable."
    bad = "The ferry capsized in severe weather conditions near the Varn valley, crews said."
    (flag,) = run(good, bad)
    assert flag.detector == "compare-evaluation" and flag.slot == "polarity"
    assert {flag.side.quote, flag.other.quote} == {"favourable", "severe"}  # type: ignore[union-attr]
    assert "oppositely" in flag.explanation


def test_agreeing_or_unrelated_judgements_are_not_flagged() -> None:
    good = "Harbour staff told us the weather conditions over the Varn valley were favourable."
    assert run(good, "Crews said the weather conditions over the Varn valley were good.") == []
    # opposite judgements of two different things
    assert run(good, "The ferry capsized near the Varn valley after a severe engine failure.") == []
    # a generic head shared alone: the roads' conditions are not a patient's condition
    roads = "Officials said the road conditions around Halvik were good on Monday."
    assert (
        run(roads, "Two climbers near Halvik remain in critical condition, officials said.") == []
    )
    # one outlet's sentences are one account
    assert run(good + " The ferry capsized in severe weather conditions in the Varn valley.") == []
    # two judgements in passing, neither stated: background
    assert (
        run(
            "The ferry sailed in good weather conditions over the Varn valley, crews said.",
            "The ferry capsized in severe weather conditions over the Varn valley, crews said.",
        )
        == []
    )
