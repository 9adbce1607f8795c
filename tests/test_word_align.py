"""Word alignment: coverage through paraphrase, names and facts aligned as values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claim_model import ClaimScorer
from analysis.model import Quantity
from analysis.quantities import extract_quantities
from analysis.similarity import SimilarityModel
from analysis.word_align import FEATURES, WordAligner, Words, fact_alignment

CORPUS = [
    "The utility halted deliveries of the turbines in June.",  # 0
    "The company stopped shipping its turbines in June, citing a $3.2 billion shortfall.",  # 1
    "The utility halted deliveries of the turbines in June, costing $4 billion.",  # 2
    "Shares of the utility rose on Thursday.",  # 3
    "The utility said deliveries of the turbines cost $4 billion.",  # 4
]


@pytest.fixture(scope="module")
def scorer() -> ClaimScorer:
    quantities = [tuple(extract_quantities(t, [])) for t in CORPUS]
    sim = SimilarityModel(CORPUS, docs=list(range(len(CORPUS))), quantities=quantities)
    return ClaimScorer(sim, [0] * len(CORPUS))


def _row(scorer: ClaimScorer, i: int, j: int) -> dict[str, float]:
    words, aligner = scorer.word_alignment()
    return dict(zip(FEATURES, aligner.pair(words[i], words[j]), strict=True))


def test_paraphrase_is_covered_more_than_a_topic_match(scorer: ClaimScorer) -> None:
    paraphrase, topic = _row(scorer, 0, 1), _row(scorer, 0, 3)
    assert paraphrase["align_plain_max"] > topic["align_plain_max"]
    assert paraphrase["align_min"] > topic["align_min"]


def test_alignment_is_symmetric(scorer: ClaimScorer) -> None:
    for i in range(len(CORPUS)):
        for j in range(len(CORPUS)):
            assert _row(scorer, i, j) == pytest.approx(_row(scorer, j, i))


def test_identical_sentence_is_fully_covered(scorer: ClaimScorer) -> None:
    row = _row(scorer, 2, 2)
    assert row["align_min"] == pytest.approx(1.0)
    assert row["unaligned_names"] == 0.0
    assert row["fact_agree"] == 1.0 and row["fact_conflict"] == 0.0


def test_conflicting_figure_is_kept_apart_from_a_missing_one(scorer: ClaimScorer) -> None:
    conflict = _row(scorer, 1, 2)  # $3.2 billion against $4 billion: same claim, other figure
    missing = _row(scorer, 0, 2)  # one sentence adds a figure the other lacks
    assert conflict["fact_conflict"] == 1.0 and conflict["fact_unaligned"] == 0.0
    assert missing["fact_conflict"] == 0.0 and missing["fact_unaligned"] > 0.0
    assert _row(scorer, 2, 4)["fact_agree"] == 1.0


def test_without_vectors_only_identical_stems_align() -> None:
    a = Words(np.array([0, 1]), np.array([0, 1]), np.array([1.0, 1.0]), np.array([True, True]), ())
    b = Words(np.array([1, 2]), np.array([1, 2]), np.array([1.0, 3.0]), np.array([True, False]), ())
    row = dict(zip(FEATURES, WordAligner(None).pair(a, b), strict=True))
    assert row["align_max"] == pytest.approx(0.5)  # a: one of its two words found
    assert row["align_min"] == pytest.approx(0.25)  # b: 1 of its weight 4
    assert row["unaligned_names"] == pytest.approx(1.0)  # b's one name has no counterpart


def _money(value: float) -> Quantity:
    return Quantity(0, 0, 1, "x", "money", value, "USD")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 9), max_size=4),
    st.lists(st.integers(1, 9), max_size=4),
)
def test_fact_alignment_is_symmetric_and_exclusive(xs: list[int], ys: list[int]) -> None:
    a, b = [_money(x) for x in xs], [_money(y) for y in ys]
    agree, conflict, unaligned = fact_alignment(a, b)
    assert (agree, conflict, unaligned) == fact_alignment(b, a)
    assert agree == float(bool(set(xs) & set(ys)))
    assert conflict == float(bool(xs and ys) and not set(xs) & set(ys))
    assert 0.0 <= unaligned <= 1.0
    assert unaligned == (1.0 if bool(xs) != bool(ys) else 0.0)
