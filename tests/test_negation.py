"""A statement and its denial (analysis.negation), on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.negation import denials


def one(a: str, b: str) -> tuple[str, str, tuple[str, ...]]:
    """The single denial between a and b, whichever side negates: (negated, asserted, shared)."""
    forward, backward = denials(a, b)
    assert len(forward) + len(backward) == 1, (forward, backward)
    if forward:
        d = forward[0]
        return a[d.negated[0] : d.negated[1]], b[d.asserted[0] : d.asserted[1]], d.shared
    d = backward[0]
    return b[d.negated[0] : d.negated[1]], a[d.asserted[0] : d.asserted[1]], d.shared


DENIED = "The border agency will not accept the travel permit as proof of residence."
STATED = "The border agency accepts the travel permit as proof of residence, officials said."


def test_a_denied_predicate_conflicts_with_the_stated_one_in_either_order() -> None:
    negated, asserted, shared = one(DENIED, STATED)
    assert (negated, asserted) == ("will not accept", "accepts")
    assert {"permit", "proof", "travel"} <= set(shared)
    assert one(STATED, DENIED)[:2] == ("will not accept", "accepts")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # both deny it: they agree
        (DENIED, "Officials said the border agency does not accept the travel permit as proof."),
        # the same verb about something else
        (DENIED, "The border agency accepts credit cards at the desk."),
        # a hedge or a question states nothing
        ("The agency may not accept the travel permit as proof.", STATED),
        (DENIED, "Will the border agency accept the travel permit as proof?"),
        # a negator that denies nothing
        ("The agency not only accepts the travel permit as proof but also the card.", DENIED),
        # a later start is not a denial
        (
            "A full launch of the console is not expected to start until next year.",
            "The console launch is expected to start with three titles.",
        ),
        # an everyday verb is too little to align on
        ("They wouldn't go public with the dispute.", "The firm will go public with the dispute."),
        # a plea and a verdict are two acts: an update, not a denial
        (
            "The Halden man has pleaded not guilty to two murder charges in the county court.",
            "The Halden man was found guilty on two murder charges in the county court.",
        ),
        # ... also when the verdict names the man between its verb and "guilty"
        (
            "The Halden man has pleaded not guilty to two murder charges in the county court.",
            "The county court jury found Ivo Renk, 27, guilty on two murder charges.",
        ),
        # "had yet to regain" says what "had not regained" says
        (
            "Brisk had not yet regained consciousness in the Halden clinic.",
            "Brisk had yet to regain consciousness in the Halden clinic, police said.",
        ),
        # a purpose is not a report; a quotation is one speaker's words; a name is no predicate
        (
            "The aim of the takeover was not to sell servers to the chip makers.",
            "The firm will continue to sell servers to the chip makers.",
        ),
        (
            "“We weren't executing our game plan on the floor,” the coach said.",
            "The team was executing its game plan on the floor.",
        ),
        (
            "The source was not Deep Throat, the retired agent said.",
            "The retired agent was Deep Throat, the paper said.",
        ),
        # the rule does not require it now; it required it before: a change, not a denial
        (
            "The new rules don't require federal agencies to consult wildlife experts.",
            "The old section required federal agencies to consult wildlife experts.",
        ),
        # "not ... only three" restricts, it denies nothing; "no verdict" and "his verdict"
        # are two verdicts
        (
            "The Halden mission has not sent only three monitors to watch the Brisk vote.",
            "The Halden mission sent eight monitors to watch the Brisk vote.",
        ),
        (
            "No decision has been reached on Brisk's staff at this time.",
            "Vask called him again and reached a deal after notifying Brisk of his decision.",
        ),
        # a "no" before the subject and a "not" after it deny one thing alike
        (
            "Although no financial terms of the Varn deal were disclosed, it should close soon.",
            "Financial terms of the Varn deal were not disclosed by either firm.",
        ),
        # "stopped selling" denies the selling as much as "will not sell"
        (
            "The chain will not sell its own brand of the tablets any longer.",
            "The chain will stop selling its own brand of the tablets.",
        ),
    ],
)
def test_no_denial(a: str, b: str) -> None:
    assert denials(a, b) == ([], [])
    assert denials(b, a) == ([], [])


@pytest.mark.parametrize(
    ("a", "b", "asserted"),
    [
        ("The club did not sign the striker on Monday.",
         "The club signed the striker on Monday for no fee.", "signed"),
        ("Police did not arrest the driver at the scene.",
         "Police arrested the driver at the scene with no resistance.", "arrested"),
        ("The carmaker did not recall the vans last year.",
         "The carmaker recalled the vans last year at no cost to owners.", "recalled"),
    ],
)  # fmt: skip
def test_a_negator_of_a_noun_after_the_asserted_verb_denies_nothing(
    a: str, b: str, asserted: str
) -> None:
    """'for no fee' after 'signed' negates the fee, not the signing: only a verb's negator
    ('were not', "weren't") makes the words before it the subject of a denial."""
    assert one(a, b)[1] == asserted
    assert one(b, a)[1] == asserted


def test_adverb_and_adjective_meet() -> None:
    negated, asserted, shared = one(
        "The firm says getting visas has not been easy for its engineers.",
        "The firm's engineers can easily get visas.",
    )
    assert (negated, asserted) == ("has not been easy", "easily")
    assert "visas" in shared


def test_a_denied_thing_needs_two_shared_words() -> None:
    # "no survivors" vs "survivors" alone is not enough: which survivors?
    assert denials("There were no survivors.", "Two survivors were found.") == ([], [])
    negated, asserted, _ = one(
        "Rescuers found no survivors in the wreck of the ferry.",
        "Rescuers said survivors were pulled from the wreck of the ferry.",
    )
    assert (negated, asserted) == ("no survivors", "survivors")


@given(st.text(max_size=80), st.text(max_size=80))
def test_never_raises_and_spans_lie_inside_the_texts(a: str, b: str) -> None:
    forward, backward = denials(a, b)
    for d, neg, pos in [(d, a, b) for d in forward] + [(d, b, a) for d in backward]:
        assert 0 <= d.negated[0] < d.negated[1] <= len(neg)
        assert 0 <= d.asserted[0] < d.asserted[1] <= len(pos)
