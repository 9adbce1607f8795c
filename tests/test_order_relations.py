"""A relation stated in reverse by two outlets (analysis.order_relations), on sentences written
for these tests."""

from __future__ import annotations

from analysis.model import FlagDraft
from analysis.order_relations import reversed_relations
from tests.claim_fixtures import one_claim


def _flags(*texts: str, sources: tuple[str, ...] = ()) -> list[FlagDraft]:
    return reversed_relations(*one_claim(*texts, sources=sources))


BEFORE = "The alarm in the Velda tower sounded before the fire reached the stairs, the chief said."
AFTER = "The alarm in the Velda tower sounded after the fire reached the stairs, the chief said."


def test_a_relation_and_its_converse_in_the_same_words_conflict_in_either_order() -> None:
    for a, b in ((BEFORE, AFTER), (AFTER, BEFORE)):
        (flag,) = _flags(a, b)
        assert flag.detector == "compare-order" and flag.slot == "relation"
        assert {flag.side.quote, flag.other.quote} == {"before", "after"}  # type: ignore[union-attr]
        assert "sounded before the fire" in flag.explanation
        assert "sounded after the fire" in flag.explanation


def test_comparisons_and_positions_are_relations_too() -> None:
    more = "Officials in Velda said more boys than girls were treated at the clinic."
    fewer = "Officials in Velda said fewer boys than girls were treated at the clinic."
    assert len(_flags(more, fewer)) == 1
    above = "The barge ran aground just above the Velda dam on the river, police said."
    below = "The barge ran aground just below the Velda dam on the river, police said."
    assert len(_flags(above, below)) == 1


def test_bounds_on_figures_are_left_to_the_figures_rule() -> None:
    a = "Rescuers in Velda said more than 40 people were trapped in the tower."
    b = "Rescuers in Velda said fewer than 40 people were trapped in the tower."
    assert _flags(a, b) == []
    c = "Rescuers in Velda said over 40 people were trapped in the tower."
    d = "Rescuers in Velda said under 40 people were trapped in the tower."
    assert _flags(c, d) == []


def test_a_negated_relation_or_other_differences_are_not_read() -> None:
    negated = "The alarm in the Velda tower did not sound before the fire reached the stairs."
    assert _flags(negated, AFTER) == []
    reworded = "Residents said the alarm went off after flames reached the upper stairs."
    assert _flags(BEFORE, reworded) == []
    same = BEFORE.replace("the chief said", "the fire chief said")
    assert _flags(BEFORE, same) == []


def test_one_outlet_is_not_compared_with_itself() -> None:
    assert _flags(BEFORE, AFTER, sources=("Velda Post", "velda post")) == []


def test_a_relation_word_opening_the_sentence_is_compared_but_short_sentences_are_not() -> None:
    a = "Before the storm, the Velda ferry left the harbour."
    b = "After the storm, the Velda ferry left the harbour."
    (flag,) = _flags(a, b)
    assert flag.side.quote == "Before" and "says “Before the storm”" in flag.explanation
    assert _flags("It rained before noon.", "It rained after noon.") == []
