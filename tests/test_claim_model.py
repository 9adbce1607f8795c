"""The same-claim pair model: its cues, its shipped file, and its behaviour on constructed pairs."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from unittest import mock

import numpy as np
import pytest

from analysis.claim_model import (
    FEATURES,
    ClaimModel,
    ClaimScorer,
    load_claim_model,
    sentence_cues,
    states_something,
)
from analysis.similarity import SimilarityModel

# one story, several outlets: paraphrase pairs state one claim, topic pairs share names only
CORPUS = [
    "A fire at the Norvale chemical plant killed seven workers on Tuesday night.",  # 0
    "Seven workers died when fire swept through the Norvale chemical plant on Tuesday.",  # 1
    "Norvale chemical plant shares fell on Wednesday as investors weighed the costs.",  # 2
    "Mayor Ana Ruiz ordered an inquiry into the safety record of the Norvale plant.",  # 3
    "Ana Ruiz, the mayor, has opened an inquiry into safety at the Norvale plant.",  # 4
    "Ana Ruiz thanked the volunteers at the Norvale town hall on Friday.",  # 5
    "The football team of Norvale lost its match on Saturday.",  # 6
    "He said it was a sad day.",  # 7
]


@pytest.fixture(scope="module")
def scorer() -> ClaimScorer:
    sim = SimilarityModel(CORPUS, docs=list(range(len(CORPUS))))
    return ClaimScorer(sim, [0, 0, 1, 1, 2, 3, 4, 5])


def test_shipped_model_is_complete_and_documented() -> None:
    model = load_claim_model()
    assert model.features == FEATURES
    assert 0.0 < model.possible_threshold <= model.same_threshold < 1.0
    assert len(model.coef) == len(model.mean) == len(model.scale) == len(FEATURES)
    raw = json.loads(
        resources.files("analysis").joinpath("data", "claim_model.json").read_text("utf-8")
    )
    card = raw["card"]
    assert card["data"]["files"] and all(len(h) == 64 for h in card["data"]["files"].values())
    assert card["calibration_test"] and card["metrics_test"]["auc"] > 0.5
    assert "MSRP" in card["data"]["not_used"]


def test_paraphrases_score_above_topic_matches(scorer: ClaimScorer) -> None:
    p = scorer.score_pairs([0, 3, 0, 3, 3], [1, 4, 2, 5, 6])
    same_claim, topic = p[:2], p[2:]
    assert same_claim.min() > topic.max()
    assert np.all((p >= 0) & (p <= 1))


def test_probability_is_symmetric_and_deterministic(scorer: ClaimScorer) -> None:
    a = np.array([0, 3, 2, 7])
    b = np.array([1, 4, 5, 0])
    forward = scorer.score_pairs(a, b)
    assert np.array_equal(forward, scorer.score_pairs(b, a))
    assert np.array_equal(forward, scorer.score_pairs(a, b))


def test_below_the_gate_is_zero(scorer: ClaimScorer) -> None:
    assert scorer.score_pairs([6], [7])[0] == 0.0


def test_cues_read_names_numbers_quotes_and_context() -> None:
    cues = sentence_cues('He said the Norvale plant "must close now" after 7 deaths')
    assert cues.pronoun_start and cues.truncated
    assert "norvale" in cues.names and "plant" in cues.plain
    assert cues.numbers == frozenset({"7"})
    assert {"close"} <= cues.quoted
    assert not sentence_cues("The plant closed.").truncated


def test_a_model_trained_on_other_features_is_refused() -> None:
    data = {
        "features": ["dice"], "mean": [0.0], "scale": [1.0], "coef": [1.0], "intercept": 0.0,
        "gate": 0.0, "same_threshold": 0.5, "possible_threshold": 0.3, "cosine_fallback": 0.0,
    }  # fmt: skip
    with pytest.raises(ValueError, match="retrain"):
        ClaimModel.from_dict(data)


@pytest.mark.parametrize(
    "text",
    [
        "MOSCOW, July 24.",
        "TUESDAY, OCTOBER 11, 2011",
        "Posted: May 24, 2005 | 4:00 pm",
        "By Jane Doe",
        "Photo: Reuters",
    ],
)
def test_datelines_bylines_and_credits_state_nothing(text: str) -> None:
    assert not states_something(text)


@pytest.mark.parametrize(
    "text",
    [
        "The plant was closed on Monday.",
        "Fire in Hotel Kills Dozens",
        "TRIAL DATE SET FOR MAN ACCUSED OF FRAUD",
        "Storm Hits Coastal Towns Overnight",
    ],
)
def test_sentences_and_headlines_state_something(text: str) -> None:
    assert states_something(text)


def test_a_line_that_states_nothing_pairs_with_nothing() -> None:
    """Two outlets' datelines are alike, yet no claim: P is 0 whatever the similarity."""
    texts = [
        "MOSCOW, July 24.",
        "MOSCOW, July 24.",
        "The plane crashed near the border on Thursday.",
        "The plane crashed on Thursday near the border.",
    ]
    sim = SimilarityModel(texts, docs=[0, 1, 0, 1], embeddings=False)
    scorer = ClaimScorer(sim, [0, 0, 1, 1])
    p = scorer.score_pairs([0, 2], [1, 3])
    assert sim.score(0, 1) > 0.5
    assert p[0] == 0.0 and p[1] > 0.0


# two outlets give one count of one thing in other words; a third sentence of the story counts
# another act, a fourth the same act with another figure
COUNTED = [
    "At least nine people lost their lives when the ferry capsized off Velmora on Sunday.",
    "The death toll from the Velmora ferry disaster on Sunday has risen to nine.",
    "Police arrested 2 crew members of the Velmora ferry on Sunday.",
    "The death toll from the Velmora ferry disaster on Sunday has risen to 12.",
]


def test_two_counts_of_one_thing_are_one_claim_at_the_measured_rate() -> None:
    """One count of one predicate family on each side (nine dead) lifts the pair to the P
    measured for such pairs (counted_p), however few words the two share; a figure counting
    another act (arrests), or the same act with another figure, does not."""
    model = load_claim_model()
    assert 0.5 <= model.counted_p <= 1.0
    sim = SimilarityModel(COUNTED, docs=[0, 1, 2, 3])
    scorer = ClaimScorer(sim, [0, 0, 0, 0], model)
    plain = ClaimScorer(sim, [0, 0, 0, 0], dataclasses.replace(model, counted_p=0.0))
    assert sim.score_pairs(np.array([0]), np.array([1]))[0] >= model.counted_floor
    pairs = ([0, 0, 1, 0], [1, 2, 2, 3])
    p, p_plain = scorer.score_pairs(*pairs), plain.score_pairs(*pairs)
    assert p_plain[0] < model.same_threshold <= model.counted_p == p[0]
    assert np.array_equal(p[1:], p_plain[1:])


TOPIC = [
    "The roof of the sports hall at the Lystad Middle School in Halvern collapsed on Sunday.",
    "On Monday evening the press office of the Halvern city government held a briefing to "
    "report the collapse of the roof of the sports hall at the Lystad Middle School in Halvern.",
    "Rescuers said the roof of the sports hall at the Lystad Middle School in Halvern "
    "collapsed under the weight of rainwater.",
    "The Halvern city government held another briefing on Monday evening.",
]


def test_an_event_named_only_as_what_is_reported_is_no_shared_claim() -> None:
    """A sentence naming the event only as what a briefing reports shares its name, not a
    claim, with a sentence stating the event: the pair is lowered to related (below the
    possible threshold); a lower-case word shared outside the mention (the briefing, the
    evening) keeps it, and so does a pair of two sentences that both state the event."""
    model = load_claim_model()
    sim = SimilarityModel(TOPIC, docs=[0, 1, 2, 3])
    scorer = ClaimScorer(sim, [0, 0, 0, 0], model)
    pairs = ([0, 1, 1, 0], [1, 2, 3, 2])
    p = scorer.score_pairs(*pairs)
    with mock.patch("analysis.claim_model.TOPIC_CAP", 1e9):
        uncapped = ClaimScorer(sim, [0, 0, 0, 0], model).score_pairs(*pairs)
    assert uncapped[0] >= model.same_threshold and uncapped[1] >= model.possible_threshold
    assert p[0] < model.possible_threshold and p[1] < model.possible_threshold
    assert np.array_equal(p[2:], uncapped[2:])


TOLLS = [
    "Nine people lost their lives when the ferry capsized off Velmora.",
    "The death toll from the Velmora ferry disaster has risen to 12.",
    "The death toll from the Velmora ferry disaster rose to 12 on Sunday.",
    "Police arrested 4 crew members of the Velmora ferry.",
    "Police arrested 6 crew members of the Velmora ferry.",
]


def test_two_versions_of_one_toll_are_one_claim_at_the_measured_rate() -> None:
    """Two undated sentences giving a toll two values are lifted to apart_p (under the same
    threshold without it); a dated version, and two counts of a family that is not revised
    (arrests), are not."""
    model = load_claim_model()
    assert model.same_threshold <= model.apart_p <= 1.0
    sim = SimilarityModel(TOLLS, docs=[0, 1, 2, 3, 4])
    pairs = ([0, 0, 3], [1, 2, 4])
    p = ClaimScorer(sim, [0] * 5, model).score_pairs(*pairs)
    p_off = ClaimScorer(sim, [0] * 5, dataclasses.replace(model, apart_p=0.0)).score_pairs(*pairs)
    assert sim.score_pairs(np.array([0]), np.array([1]))[0] >= model.counted_floor
    assert p_off[0] < model.same_threshold and p[0] == model.apart_p
    assert np.array_equal(p[1:], p_off[1:])
