"""Pair scoring over claim units (analysis.unit_match, ClaimScorer with units) and the clustering
rule for a sentence that carries two claims."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.align import Aligner
from analysis.claim_model import ClaimScorer
from analysis.model import AlignUnit
from analysis.similarity import SimilarityModel

TWO_CLAIMS = (
    "The Dorvel textile factory will close its doors in May, while the metalworkers union said "
    "its members would strike across the region on Friday."
)
CORPUS = [
    TWO_CLAIMS,
    "The Dorvel textile factory is to close its doors in May, the owners announced.",
    "Metalworkers across the region will strike on Friday, the union said.",
    "Rain and strong winds are expected in the north of the country this weekend.",
    "The city council approved a new budget for public transport on Tuesday.",
    "Shares in the company fell sharply after the announcement.",
]


@pytest.fixture(scope="module")
def sim() -> SimilarityModel:
    return SimilarityModel(CORPUS, docs=list(range(len(CORPUS))))


def _p(scorer: ClaimScorer, i: int, j: int) -> float:
    a, b = np.array([i]), np.array([j])
    return float(scorer.probability(a, b, scorer.sim.score_pairs(a, b))[0])


def test_a_shared_clause_is_not_diluted_by_the_rest_of_the_sentence(sim: SimilarityModel) -> None:
    whole = ClaimScorer(sim, [0] * len(CORPUS), units=False)
    units = ClaimScorer(sim, [0] * len(CORPUS))
    assert units.use_units
    for j in (1, 2):
        assert _p(units, 0, j) > _p(whole, 0, j)
        assert _p(units, 0, j) == _p(units, j, 0)
    # a sentence of one unit against another: units change nothing
    assert _p(units, 1, 2) == _p(whole, 1, 2)
    assert _p(units, 3, 4) == _p(whole, 3, 4)


def test_the_matched_unit_is_the_shared_clause(sim: SimilarityModel) -> None:
    scorer = ClaimScorer(sim, [0] * len(CORPUS))
    texts = scorer.unit_scorer()[0].sim.texts
    mine, theirs = scorer.matched_units(0, 2)
    assert "strike" in texts[mine] and "close" not in texts[mine]
    assert texts[theirs] == "Metalworkers across the region will strike on Friday,"  # no frame
    assert scorer.matched_units(2, 0) == (theirs, mine)
    assert "close" in texts[scorer.matched_units(0, 1)[0]]
    assert scorer.matched_units(3, 4) == (3, 4)


def test_a_sentence_with_two_claims_joins_only_its_strongest_one() -> None:
    units = [AlignUnit(k, 0, text, f"outlet{k}") for k, text in enumerate(CORPUS)]
    clusters = Aligner().align(units)
    same = [
        {m.article_id for m in c.members if m.tier == "same_claim"}
        for c in clusters
        if any(m.tier == "same_claim" for m in c.members)
    ]
    assert any(0 in group and len(group & {1, 2}) == 1 for group in same)
    assert not any({1, 2} <= group for group in same)  # the two claims are never one


def test_a_member_records_the_clause_that_states_the_claim() -> None:
    units = [AlignUnit(k, 0, text, f"outlet{k}") for k, text in enumerate(CORPUS)]
    members = [m for c in Aligner().align(units) for m in c.members if m.tier == "same_claim"]
    mine = next(m for m in members if m.article_id == 0)
    assert mine.unit is not None and mine.unit in TWO_CLAIMS and len(mine.unit) < len(TWO_CLAIMS)
    assert all(m.unit is None for m in members if m.article_id in (3, 4, 5))
