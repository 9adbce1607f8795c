"""Event polarity: inflections, negation, hedges and the lexicon data."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.polarity import (
    PolarEvent,
    event_polarity,
    inflections,
    load_lexicon,
    modality,
    tokenize,
)


def _events(text: str, concept: str | None = None) -> list[PolarEvent]:
    return [e for e in event_polarity(text) if concept is None or e.concept == concept]


def _signs(text: str, concept: str) -> list[int]:
    return [e.sign for e in _events(text, concept)]


@pytest.mark.parametrize(
    "text",
    ["Exports halt today.", "Nvidia halts exports.", "Nvidia halted exports.", "Halting it."],
)
def test_inflections_of_halt_are_all_found(text: str) -> None:
    assert _signs(text, "operation") == [-1]


def test_inflection_rules() -> None:
    assert {"bans", "banned", "banning"} <= inflections("ban")
    assert {"denies", "denied", "denying"} <= inflections("deny")
    assert {"closes", "closed", "closing"} <= inflections("close")
    assert {"cancelled", "canceled"} <= inflections("cancel")
    assert {"rose", "risen", "rising"} <= inflections("rise", {"rise": ["rose", "risen"]})
    assert "rised" not in inflections("rise", {"rise": ["rose", "risen"]})


@pytest.mark.parametrize(
    ("text", "concept", "sign"),
    [
        ("Shares rose 3% on Monday.", "change", 1),
        ("Shares fell 3% on Monday.", "change", -1),
        ("The regulator banned the drug.", "permission", -1),
        ("The regulator allowed the drug.", "permission", 1),
        ("Seoul lifted the curbs.", "restriction", -1),
        ("Seoul imposed curbs.", "restriction", 1),
        ("The board approved the merger.", "assent", 1),
        ("The board rejected the merger.", "assent", -1),
        ("The company withdrew from the accord.", "membership", -1),
        ("The company confirmed the layoffs.", "confirmation", 1),
        ("The company denied the layoffs.", "confirmation", -1),
        ("The city shut down the plant.", "operation", -1),
        ("The party won the vote.", "contest", 1),
        ("The party lost the vote.", "contest", -1),
    ],
)
def test_plain_events(text: str, concept: str, sign: int) -> None:
    assert _signs(text, concept) == [sign]


@pytest.mark.parametrize(
    ("text", "concept", "sign"),
    [
        ("Nvidia did not halt exports.", "operation", 1),
        ("Nvidia didn't halt exports.", "operation", 1),
        ("Nvidia didn’t halt exports.", "operation", 1),
        ("The regulator no longer allows the drug.", "permission", -1),
        ("The board never approved the merger.", "assent", -1),
        ("The board refused to approve the merger.", "assent", -1),
        ("The board failed to approve the merger.", "assent", -1),
        ("The merger has not yet been approved.", "assent", -1),
        ("The board has yet to approve the merger.", "assent", -1),
        ("The board did not refuse to approve the merger.", "assent", 1),
    ],
)
def test_negation_flips_sign(text: str, concept: str, sign: int) -> None:
    found = _events(text, concept)
    assert [e.sign for e in found] == [sign]


def test_negation_marks_negated_and_double_negation_does_not() -> None:
    (single,) = _events("The board did not approve the merger.", "assent")
    assert single.negated and single.sign == -1
    (double,) = _events("The board did not refuse to approve the merger.", "assent")
    assert not double.negated and double.sign == 1


def test_negation_stops_at_clause_boundary() -> None:
    found = _events("Exports did not halt, but imports resumed.", "operation")
    assert [(e.text, e.sign) for e in found] == [("halt", 1), ("resumed", 1)]
    found = _events("It did not pause, and it halted later.", "operation")
    assert [(e.text, e.sign) for e in found] == [("pause", 1), ("halted", -1)]


def test_not_only_does_not_negate() -> None:
    assert _signs("Not only did prices rise, they soared.", "change") == [1, 1]


@pytest.mark.parametrize(
    "text",
    [
        "The company may halt exports.",
        "The company will resume exports.",
        "The company plans to resume exports.",
        "The company threatened to halt exports.",
        "If the company halts exports, prices will jump.",
    ],
)
def test_modal_and_planned_events_are_hedged(text: str) -> None:
    found = _events(text, "operation")
    assert found and all(e.hedged for e in found)


def test_aspect_and_refusal_verbs_are_not_events_themselves() -> None:
    assert _events("The ministry declined to comment.") == []
    assert [(e.concept, e.text) for e in _events("Prices continued to fall.")] == [
        ("change", "fall")
    ]
    assert not _events("Prices continued to fall.")[0].hedged


def test_nouns_after_determiners_are_skipped() -> None:
    assert _events("The ban remains in place.", "permission") == []
    assert _events("It announced a halt to shipments.", "operation") == []


def test_reversing_verb_flips_the_event_it_governs() -> None:
    found = {e.concept: e for e in _events("Washington lifted an export ban on chips.")}
    assert found["restriction"].sign == -1
    assert found["permission"].sign == 1 and found["permission"].negated


def test_close_to_is_not_a_closure() -> None:
    assert _events("Revenue was close to $5 billion.", "open") == []


def test_phrases_and_ambiguous_words() -> None:
    assert [e.text for e in _events("They pulled out of the deal.", "membership")] == [
        "pulled out of"
    ]
    concepts = {e.concept for e in _events("The union declined the offer.")}
    assert concepts == {"assent", "change"}  # a form may sit in two concepts


def test_lexicon_data_is_well_formed() -> None:
    raw = resources.files("analysis").joinpath("data", "polarity_lexicon.json").read_text("utf-8")
    data = json.loads(raw)
    signs: dict[str, set[int]] = {}
    for entry in data["entries"]:
        assert entry["sign"] in (1, -1)
        assert entry.get("lemmas") or entry.get("forms")
        signs.setdefault(entry["concept"], set()).add(entry["sign"])
    assert all(s == {1, -1} for s in signs.values()), "every concept needs both poles"
    lex = load_lexicon()
    assert "halted" in lex.event_words and "resumed" in lex.event_words


_VERBS = ["halted", "resumed", "banned", "approved", "rejected", "rose", "fell", "lifted"]


@settings(max_examples=60, deadline=None)
@given(
    subject=st.sampled_from(["The firm", "Seoul", "Prices", "The board"]),
    verb=st.sampled_from(_VERBS),
)
def test_negating_a_plain_claim_flips_every_sign(subject: str, verb: str) -> None:
    plain = _events(f"{subject} {verb} it.")
    negated = _events(f"{subject} never {verb} it.")
    assert plain and [(e.concept, -e.sign) for e in plain] == [(e.concept, e.sign) for e in negated]
    assert all(e.negated for e in negated)


_PIECES = [*_VERBS, "not", "no", "longer", "to", "the", "refused", "didn’t", ",", ";", "a", "x's"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=16).map(" ".join))
def test_spans_always_point_at_the_event_text(text: str) -> None:
    for event in event_polarity(text):
        assert 0 <= event.start < event.end <= len(text)
        assert text[event.start : event.end] == event.text
        assert event.sign in (1, -1)
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


@pytest.mark.parametrize(
    ("text", "word", "negated", "hedged"),
    [
        ("The firms signed the lease.", "signed", False, False),
        ("The firms did not sign the lease.", "sign", True, False),
        ("The firms are expected to sign the lease.", "sign", False, True),
        ("The firms may meet in Lyon.", "meet", False, True),
        ("The firms refused to sign the lease.", "sign", True, False),
    ],
)
def test_modality_of_any_word(text: str, word: str, negated: bool, hedged: bool) -> None:
    lows = [t.low for t in tokenize(text)]
    assert modality(lows, lows.index(word)) == (negated, hedged)
