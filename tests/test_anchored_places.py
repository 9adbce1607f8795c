"""Places of one event compared across claims (analysis/anchored_places.py), on sentences written
for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.anchored_places import anchored_pairs, anchored_places, one_event
from analysis.claim_slots import read_sentence
from analysis.contradiction import detect_contradictions
from analysis.model import AlignUnit, FlagDraft
from analysis.polarity import load_lexicon

NAMES = frozenset({"Marla Quint", "Dovan Reeth", "Fresno", "Sacramento", "Modesto", "California"})


def _unit(article_id: int, text: str, source: str | None = None) -> AlignUnit:
    return AlignUnit(article_id, 0, text, source or f"Outlet {article_id}", entities=NAMES)


def _flags(a: str, b: str, same_outlet: bool = False) -> list[FlagDraft]:
    units = {(1, 0): _unit(1, a), (2, 0): _unit(2, b, "Outlet 1" if same_outlet else None)}
    return [f for f in detect_contradictions([], units) if f.detector.startswith("anchored")]


def test_one_event_in_two_places_across_claims_is_flagged() -> None:
    flags = _flags(
        "Marla Quint has checked into a rehab clinic in Fresno, her lawyer said.",
        "The actress Marla Quint checked into a private rehab facility in Sacramento on Friday.",
    )
    assert [(f.side.quote, f.other.quote) for f in flags] == [("Fresno", "Sacramento")]
    assert flags[0].evidence["across_clusters"] is True
    assert "checked" in flags[0].explanation


@pytest.mark.parametrize(
    "other",
    [
        # another event of the same person: no shared anchor
        "Marla Quint spent the weekend at a party in Sacramento.",
        # the same anchor, but nothing else shared: another person's check-in
        "Dovan Reeth checked into a hotel in Sacramento.",
        # one place inside the other (a city and its state)
        "Marla Quint checked into a rehab clinic in California, her agent said.",
        # two towns near each other may both be given for one event
        "Marla Quint has checked into a rehab clinic in Fresno after a court hearing in Modesto.",
        # the other report names both places: both are in play
        "Marla Quint checked into a rehab clinic in Sacramento, not the one in Fresno.",
    ],
)
def test_no_place_conflict_without_one_event_and_two_places(other: str) -> None:
    assert (
        _flags("Marla Quint has checked into a rehab clinic in Fresno, her lawyer said.", other)
        == []
    )


def test_a_noun_of_the_event_meets_its_verb() -> None:
    flags = _flags(
        "The arrest of Marla Quint by Dovan Reeth in Fresno ended the long search.",
        "Dovan Reeth arrested Marla Quint in Sacramento after a short chase.",
    )
    assert [(f.side.quote, f.other.quote) for f in flags] == [("Fresno", "Sacramento")]


@pytest.mark.parametrize(
    "other",
    [
        # the event word opens no clause over the place: the clinic's town, not the escape's
        "Marla Quint escaped when Dovan Reeth was driving her to a clinic in Sacramento.",
        # a sentence that puts things in two places far apart: which one is the event's?
        "Marla Quint escaped from Dovan Reeth in Fresno and turned up in Sacramento.",
        # a noun alone on both sides: nothing is written as an act
        "The escape of Marla Quint from Dovan Reeth's van in Sacramento.",
    ],
)
def test_a_place_the_shared_event_does_not_govern_is_not_compared(other: str) -> None:
    base = "Dovan Reeth said Marla Quint's escape from his van in Fresno took seconds."
    if "escape of" not in other:
        base = "Marla Quint escaped from Dovan Reeth's van in Fresno on the first day."
    assert _flags(base, other) == []


@pytest.mark.parametrize(
    ("other", "flagged"),
    [
        # "to" before a noun phrase is a preposition: the escort still governs the place
        ("Marla Quint was escorted to a clinic in Sacramento by Dovan Reeth.", True),
        # "to" before a bare verb opens a purpose clause: the place is the clinic's plan
        ("Dovan Reeth escorted Marla Quint to open a clinic in Sacramento.", False),
    ],
)
def test_an_infinitive_opens_another_clause(other: str, flagged: bool) -> None:
    flags = _flags("Dovan Reeth escorted Marla Quint to a clinic in Fresno on Monday.", other)
    assert [(f.side.quote, f.other.quote) for f in flags] == (
        [("Fresno", "Sacramento")] if flagged else []
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the goal of a verb of motion, its verb an infinitive on both sides
        (
            "Dovan Reeth forced the two guards to drive to Fresno, where Marla Quint was waiting.",
            "Marla Quint said Dovan Reeth forced two guards to drive to Sacramento at gunpoint.",
        ),
        # a place written before the head noun of a home
        (
            "Marla Quint vanished from her Fresno home while Dovan Reeth was away.",
            "Marla Quint vanished from her home in Sacramento, Dovan Reeth told the police.",
        ),
        # a place a verb acts on
        (
            "Dovan Reeth visited Fresno with Marla Quint on his first tour.",
            "On his first tour, Dovan Reeth visited Sacramento with Marla Quint.",
        ),
    ],
)
def test_a_place_as_goal_home_or_object_of_the_act_is_compared(a: str, b: str) -> None:
    assert [(f.side.quote, f.other.quote) for f in _flags(a, b)] == [("Fresno", "Sacramento")]


@pytest.mark.parametrize(
    "text",
    [
        "A Fresno man named Dovan Reeth was driving the van of Marla Quint.",  # where he lives
        "Dovan Reeth lost to Fresno in the final with Marla Quint.",  # a team named by its town
        "Dovan Reeth beat Fresno twice with Marla Quint.",  # a team again
        "Dovan Reeth stayed close to Fresno with Marla Quint.",  # near it, not in it
        "Dovan Reeth toured cities including Fresno with Marla Quint.",  # a list, not an act
        # a venue named after a town is no goal in that town
        "Marla Quint checked in to the Fresno Recovery clinic with Dovan Reeth.",
    ],
)
def test_a_town_that_is_no_place_of_the_act_is_not_read(text: str) -> None:
    sent = read_sentence((1, 0), _unit(1, text), load_lexicon())
    assert anchored_places(sent, load_lexicon()) == []


def test_a_party_called_by_a_towns_name_is_no_object_place() -> None:
    text = "The club placed Modesto on the injured list after his knee sprain at Fresno."
    unit = AlignUnit(1, 0, text, "Outlet 1", entities=frozenset({"Tam Modesto", "Fresno"}))
    (slot,) = anchored_places(read_sentence((1, 0), unit, load_lexicon()), load_lexicon())
    assert slot.places == ("Fresno",) and "tam modesto" in slot.parties


def test_a_party_named_by_part_of_its_name_and_one_site_make_one_event() -> None:
    """The one report that calls her by her first name gives her no other key, and both put
    the event at her home: one event, though no uncommon word is shared."""
    units = {
        (1, 0): AlignUnit(1, 0, "Marla Quint vanished from her Fresno home on Friday.", "A",
                          entities=frozenset({"Marla Quint", "Fresno"})),
        (2, 0): AlignUnit(2, 0, "Marla vanished from the family home in Sacramento.", "B",
                          entities=frozenset({"Marla", "Sacramento"})),
    }  # fmt: skip
    flags = [f for f in detect_contradictions([], units) if f.detector.startswith("anchored")]
    assert [(f.side.quote, f.other.quote) for f in flags] == [("Fresno", "Sacramento")]


def test_an_act_both_sentences_share_is_one_more_thing() -> None:
    flags = _flags(
        "Dovan Reeth forced the guards to drive to Fresno.",
        "Two officers said Dovan Reeth forced them at gunpoint to drive to Sacramento.",
    )
    assert [(f.side.quote, f.other.quote) for f in flags] == [("Fresno", "Sacramento")]


def test_two_pages_of_one_outlet_are_not_compared() -> None:
    a = "Marla Quint has checked into a rehab clinic in Fresno, her lawyer said."
    b = "The actress Marla Quint checked into a private rehab facility in Sacramento on Friday."
    assert _flags(a, b, same_outlet=True) == []


def test_a_place_slot_reads_its_event_word_and_parties() -> None:
    text = "Marla Quint has checked into a rehab clinic in Fresno, her lawyer said."
    sent = read_sentence((1, 0), _unit(1, text), load_lexicon())
    (slot,) = anchored_places(sent, load_lexicon())
    assert slot.anchor == "check" and slot.places == ("Fresno",)
    assert text[slot.verb[0] : slot.verb[1]] == "checked"
    assert slot.parties == frozenset({"marla quint"})
    said = read_sentence((2, 0), _unit(2, "Marla Quint said she was in Fresno."), load_lexicon())
    assert anchored_places(said, load_lexicon()) == []  # "was" links, "said" reports


def test_one_event_needs_the_anchor_a_party_and_one_more_thing() -> None:
    text = "Marla Quint has checked into a rehab clinic in Fresno."
    (slot,) = anchored_places(read_sentence((1, 0), _unit(1, text), load_lexicon()), load_lexicon())
    bare = type(slot)(slot.anchor, slot.verb, slot.span, slot.places, slot.parties, frozenset())
    assert one_event(slot, slot)
    assert not one_event(slot, bare)  # one party, no word in common


_SENTENCES = [
    "Marla Quint has checked into a rehab clinic in Fresno, her lawyer said.",
    "The actress Marla Quint checked into a private rehab facility in Sacramento on Friday.",
    "The arrest of Marla Quint by Dovan Reeth in Fresno ended the long search.",
    "Dovan Reeth arrested Marla Quint in Sacramento after a short chase.",
    "Dovan Reeth checked into a hotel in Modesto.",
    "Marla Quint spent the weekend at a party in Sacramento.",
    "Dovan Reeth and Marla Quint were seen checking out of a clinic in Modesto.",
]


@given(st.lists(st.sampled_from(_SENTENCES), min_size=2, max_size=6))
@settings(max_examples=25, deadline=None)
def test_the_index_finds_every_pair_one_event_joins(texts: list[str]) -> None:
    lex = load_lexicon()
    units = {(i, 0): _unit(i, t) for i, t in enumerate(texts, start=1)}
    read = {k: read_sentence(k, u, lex) for k, u in units.items()}
    slots = {k: anchored_places(s, lex) for k, s in read.items()}
    brute = {
        (x, y)
        for x in sorted(units)
        for y in sorted(units)
        if x < y
        for a in slots[x]
        for b in slots[y]
        if one_event(a, b)
    }
    never = lambda a, b: False  # noqa: E731
    found = {(x, y) for x, _, y, _ in anchored_pairs(units, read.__getitem__, lex, never)}
    assert found == brute
