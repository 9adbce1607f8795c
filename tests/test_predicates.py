"""Predicate families: the event or act a sentence states, whatever words state it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.claim_facts import counted_families
from analysis.predicates import (
    counts_apart,
    dated_or_episodic,
    family_weights,
    figure_families,
    predicate_features,
    sentence_predicates,
)


def test_one_predicate_in_other_words_is_one_family() -> None:
    a = sentence_predicates("At least nine people lost their lives when the ferry sank.")
    b = sentence_predicates("The death toll in the Velmora ferry disaster has risen to eleven.")
    assert "death" in a.families and "death" in b.families
    assert "death" in a.counted and "death" in b.counted


def test_custody_and_detention_are_one_act() -> None:
    a = sentence_predicates("Four crew members were taken into custody on Tuesday.")
    b = sentence_predicates("Police detained the captain and three deckhands.")
    assert a.families & b.families == {"arrest"}


def test_reporting_verbs_state_no_predicate() -> None:
    found = sentence_predicates("The regional governor said on Tuesday that officials reported it.")
    assert not found.families


def test_a_figure_counts_only_a_family_of_people_or_things() -> None:
    found = sentence_predicates("The blaze burned for 12 hours before it was put out.")
    assert "fire" in found.families
    assert not found.counted
    far = sentence_predicates("Nine of the passengers, officials in the capital later said, died.")
    assert "death" not in far.counted


def test_different_acts_of_one_story_are_apart() -> None:
    corpus = [
        sentence_predicates(t)
        for t in (
            "The ferry sank in heavy seas off the coast of Velmora.",
            "The ferry went down after a storm near Velmora.",
            "Police arrested the ferry's captain on Friday.",
            "Eleven passengers died when the ferry sank.",
            "The ferry operator was sued by the families.",
        )
    ]
    weight = family_weights(corpus)
    arrest, deaths = corpus[2], corpus[3]
    dice, apart, counted = predicate_features(arrest, deaths, weight)
    assert dice == 0.0 and apart == 1.0 and counted == 0.0
    same = sentence_predicates("Police detained the captain of the ferry.")
    dice, apart, _ = predicate_features(arrest, same, weight)
    assert dice > 0.9 and apart == 0.0


def test_the_story_event_everyone_states_weighs_little() -> None:
    corpus = [
        sentence_predicates(t)
        for t in (
            "A fire swept through the Orlin depot overnight.",
            "The blaze at the depot was put out by dawn.",
            "Firefighters said the fire began in a storeroom.",
            "Two workers were injured in the fire.",
            "Police arrested a man after the fire.",
        )
    ]
    weight = family_weights(corpus)
    assert weight["fire"] < weight["injury"]
    _, apart, _ = predicate_features(corpus[3], corpus[4], weight)
    assert apart == 1.0  # both share only the story's own event


_SENTENCES = st.sampled_from(
    [
        "Nine people died in the crash.",
        "Police arrested two men.",
        "The blaze was brought under control.",
        "Twelve were injured and 3 are missing.",
        "The minister resigned on Monday.",
        "Officials said nothing.",
        "The company bought its rival for $2 billion.",
    ]
)


@given(st.lists(_SENTENCES, min_size=2, max_size=6), st.data())
def test_features_are_symmetric_and_bounded(texts: list[str], data: st.DataObject) -> None:
    found = [sentence_predicates(t) for t in texts]
    weight = family_weights(found)
    i = data.draw(st.integers(0, len(found) - 1))
    j = data.draw(st.integers(0, len(found) - 1))
    forward = predicate_features(found[i], found[j], weight)
    assert forward == predicate_features(found[j], found[i], weight)
    dice, apart, counted = forward
    assert 0.0 <= dice <= 1.0 + 1e-9
    assert not (dice == 1.0 and apart)
    assert counted in (0.0, 1.0)


def test_a_figure_counts_the_acts_of_its_own_clause() -> None:
    found = figure_families(
        "The storm killed at least six people, injured almost 50 and cut power."
    )
    assert sorted(found.values(), key=sorted) == [frozenset({"death"}), frozenset({"injury"})]


def test_days_years_and_clock_times_count_nothing() -> None:
    assert not figure_families("On March 11, 2005 at 10:40 the gunman began killing hostages.")
    assert not figure_families("Killed on 4 June, the driver was buried in 1998.")
    assert figure_families("Killed on 4 June, 3 drivers were buried.") == {}  # the comma
    assert list(figure_families("Three drivers were killed on 4 June.").values()) == [
        frozenset({"death"})
    ]


_WORDS = st.sampled_from(
    ["killed", "died", "toll", "injured", "arrested", "lost their lives", "on board", "the",
     "rose to", "March", "2005", "10:40", "12", "nine", "two", ",", ";", "people", "in"]
)  # fmt: skip


@given(st.lists(_WORDS, max_size=30))
def test_any_word_sequence_is_read(words: list[str]) -> None:
    """Figures get families only from the lexicon's countable families, at figure offsets."""
    text = " ".join(words)
    found = figure_families(text)
    for offset, families in found.items():
        assert families and text[offset].isalnum()
    assert sentence_predicates(text).counted == frozenset().union(*found.values())


def test_the_zeros_of_a_split_thousand_count_nothing() -> None:
    """'1, 000 people' (a stray space after the thousands comma) is no count of zero."""
    found = figure_families("The quake killed more than 1, 000 people.")
    assert len(found) == 1 and "death" in next(iter(found.values()))


def test_two_values_of_one_revised_count_are_versions() -> None:
    """A toll given once by each sentence with two values: two versions of one figure; the
    same value is one count, not versions; a family the lexicon does not mark `versions`
    (arrests) and a sentence giving two counts of the family (parts of a whole) are not."""
    nine = counted_families("Nine people lost their lives in the fire at the Orlen depot.")
    twelve = counted_families("The death toll from the Orlen depot fire has risen to 12.")
    also_nine = counted_families("The death toll from the Orlen depot fire rose to nine.")
    parts = counted_families("Twelve people died including 3 firefighters.")
    arrests = counted_families("Police arrested 4 men.")
    more_arrests = counted_families("Police arrested 6 men.")
    assert counts_apart(nine, twelve) and counts_apart(twelve, nine)
    assert not counts_apart(nine, also_nine)
    assert not counts_apart(nine, parts)
    assert not counts_apart(arrests, more_arrests)


def test_a_dated_count_or_another_episode_is_told_apart() -> None:
    for text in (
        "Nine died on Sunday.",
        "As of 10:30 the toll stood at nine.",
        "The toll rose to 12 by 4 pm.",
        "On 3 May the toll rose to 12.",
        "In 2019 a fire at the same depot killed four.",
        "An earlier blast had killed four.",
    ):
        assert dated_or_episodic(text), text
    for text in ("Nine people died in the fire.", "The toll may rise further, officials said."):
        assert not dated_or_episodic(text), text
