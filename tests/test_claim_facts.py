"""Figures tied to what they count (analysis.claim_facts)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from analysis.claim_facts import (
    COUNTED_LIKENESS,
    FactIndex,
    counted_families,
    sentence_facts,
    specific_figures,
)
from analysis.predicates import counts_one


def values(text: str) -> list[str]:
    return [f.value for f in sentence_facts(text)]


def test_figures_are_read_as_values() -> None:
    assert values("The alarm came at 2:56 pm on Sunday.") == ["2:56"]
    assert values("The alarm came at 2.56 pm on Sunday.") == ["2:56"]
    assert values("Fourteen people and 1,200 sheep were moved.") == ["14", "1200"]
    assert values("It cost 5.5 billion dollars.") == ["5.5"]
    # a year dates every sentence of a story; "a" and "one" count nothing specific
    assert values("In 2023 a storm hit one town.") == []


def test_a_window_holds_the_content_words_around_a_figure() -> None:
    (fact,) = sentence_facts("The death toll in the hotel fire has risen to 66 on Tuesday.")
    assert {"toll", "hotel", "fire", "risen", "tuesday"} <= set(fact.window.split())
    assert "the" not in fact.window.split()


def test_a_shared_figure_about_the_same_thing_anchors_more_than_one_about_another() -> None:
    texts = [
        "Rescuers said the fire broke out in the kitchen at 3:27 in the morning.",
        "The fire broke out in the kitchen at 3:27, officials said.",
        "Trading in the shares closed at 3:27 after a suspension.",
        "The fire broke out in the kitchen before dawn.",
    ]
    index = FactIndex(texts)  # stems only, no vectors
    same, _, shared = index.anchor(0, 1)
    other, _, _ = index.anchor(0, 2)
    none = index.anchor(0, 3)
    assert shared == 1.0
    assert same > other
    assert none == (0.0, 0.0, 0.0)


def test_different_values_of_one_thing_match_by_role_not_by_anchor() -> None:
    texts = ["At least 76 people were killed in the hotel fire.",
             "The hotel fire killed 66 people, the minister said."]  # fmt: skip
    anchored, role, shared = FactIndex(texts).anchor(0, 1)
    assert anchored == 0.0 and shared == 0.0
    assert role > 0.5


def test_window_vectors_are_compared_when_given() -> None:
    def embed(windows: list[str]) -> np.ndarray:
        # every window points the same way: the cosine is 1 whatever the stems
        return np.ones((len(windows), 4))

    texts = ["Crews found 12 bodies near the river.", "Officials said 12 passengers died."]
    assert FactIndex(texts, embed).anchor(0, 1)[0] == 1.0
    assert FactIndex(texts).anchor(0, 1)[0] < 1.0


@given(st.text(max_size=200), st.text(max_size=200))
def test_anchor_is_symmetric_and_bounded(a: str, b: str) -> None:
    index = FactIndex([a, b])
    x, y = index.anchor(0, 1), index.anchor(1, 0)
    assert x == y
    assert 0.0 <= x[0] <= 1.0 and 0.0 <= x[1] <= 1.0 and x[2] >= 0.0


def test_small_counts_and_years_are_not_specific() -> None:
    assert specific_figures("Two men and 3 women met in 2024.") == frozenset()
    assert specific_figures("At 9.30 pm, 12 people and 5.5 tonnes") == {"9:30", "12", "5.5"}


def test_two_counts_of_one_act_are_linked_whatever_their_words() -> None:
    """'Nine lost their lives' and 'the toll rose to 12' count one thing (role link for claim
    merging); only one count of it on both sides is one count (counts_one)."""
    texts = [
        "At least nine people lost their lives when the ferry capsized.",
        "The death toll from the ferry disaster rose to 12 on Monday.",
        "Officials said the death toll had reached nine by the evening.",
        "Police arrested 12 crew members on Monday.",
    ]
    index = FactIndex(texts)
    assert index.anchor(0, 1)[1] >= COUNTED_LIKENESS
    assert index.anchor(1, 3)[1] < COUNTED_LIKENESS
    counts = [counted_families(t) for t in texts]
    assert counts_one(counts[0], counts[2]) and not counts_one(counts[0], counts[1])
    assert not counts_one(counts[1], counts[3])  # twelve dead, twelve arrested
