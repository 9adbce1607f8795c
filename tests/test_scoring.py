"""Reliability scores: a Beta posterior whose mean and band move the right way with evidence."""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import given
from hypothesis import strategies as st

from analysis.scoring import beta_cdf, beta_quantile, score_source, score_sources


@dataclass(frozen=True)
class Counts:
    name: str = "Outlet"
    machine_translated: int = 0
    words: int = 1000
    claims: int = 20
    corroborated: int = 0
    contradicted: int = 0
    flags: int = 0
    flags_confirmed: int = 0
    flags_rejected: int = 0
    claims_marked_true: int = 0
    claims_marked_false: int = 0


def test_beta_quantiles_match_known_values() -> None:
    assert abs(beta_quantile(0.05, 2, 2) - 0.1353) < 1e-4
    assert abs(beta_cdf(0.5, 3, 7) - 0.91015625) < 1e-9
    assert abs(beta_quantile(0.5, 5, 5) - 0.5) < 1e-9


def test_no_evidence_is_the_prior() -> None:
    s = score_source(Counts())
    assert s.score == 0.5
    assert s.low < 0.2 and s.high > 0.8


def test_corroboration_raises_and_narrows() -> None:
    few = score_source(Counts(corroborated=2))
    many = score_source(Counts(corroborated=20))
    assert 0.5 < few.score < many.score
    assert (many.high - many.low) < (few.high - few.low)


def test_reviewer_decisions_move_the_score() -> None:
    base = Counts(corroborated=5, flags=4)
    open_flags = score_source(base)
    confirmed = score_source(replace(base, flags_confirmed=4))
    rejected = score_source(replace(base, flags_rejected=4))
    assert confirmed.score < open_flags.score < rejected.score
    assert confirmed.confirmed_share == 1.0 and rejected.confirmed_share == 0.0
    assert open_flags.flags_per_1000_words == 4.0


def test_ranking_puts_the_reliable_first() -> None:
    ranked = score_sources([Counts(name="B", contradicted=6), Counts(name="A", corroborated=6)])
    assert [s.name for s in ranked] == ["A", "B"]


@given(
    st.integers(0, 50), st.integers(0, 50), st.integers(0, 20), st.integers(0, 20),
    st.integers(0, 10), st.integers(0, 10),
)  # fmt: skip
def test_score_always_inside_its_band(
    corroborated: int, contradicted: int, flags: int, confirmed: int, true: int, false: int
) -> None:
    s = score_source(
        Counts(
            corroborated=corroborated,
            contradicted=contradicted,
            flags=flags + confirmed,
            flags_confirmed=confirmed,
            claims_marked_true=true,
            claims_marked_false=false,
        )
    )
    assert 0.0 < s.low <= s.score <= s.high < 1.0
