"""Per-source reliability as a Beta posterior, so a score always comes with its uncertainty.

Each piece of evidence about an outlet is a weighted success or failure:

- success: a claim another outlet corroborates (1), a claim the reviewer marked corroborated (2),
  a flag the reviewer rejected as a false alarm (0.5);
- failure: a claim in a contradiction nobody has resolved (0.5: either side may be wrong), a claim
  the reviewer marked false or disputed (2), a flag the reviewer confirmed (1), an open garble flag
  (0.3: a detector's guess, not yet a finding).

With a Beta(2, 2) prior (a source starts at 0.5 and two pieces of evidence move it visibly), the
score is the posterior mean and the band is the 90 % equal-tailed credible interval. The score
updates as soon as the reviewer decides, because reviewer decisions enter the counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

PRIOR_ALPHA = 2.0
PRIOR_BETA = 2.0
CREDIBLE = 0.90


class SourceCounts(Protocol):
    """What scoring reads about one outlet (read-only, so frozen rows fit)."""

    @property
    def name(self) -> str: ...
    @property
    def machine_translated(self) -> int: ...
    @property
    def words(self) -> int: ...
    @property
    def claims(self) -> int: ...
    @property
    def corroborated(self) -> int: ...
    @property
    def contradicted(self) -> int: ...
    @property
    def flags(self) -> int: ...
    @property
    def flags_confirmed(self) -> int: ...
    @property
    def flags_rejected(self) -> int: ...
    @property
    def claims_marked_true(self) -> int: ...
    @property
    def claims_marked_false(self) -> int: ...


@dataclass(frozen=True, slots=True)
class SourceScore:
    name: str
    score: float  # posterior mean, 0..1
    low: float  # lower end of the 90 % credible interval
    high: float
    alpha: float
    beta: float
    corroborated: int
    contradicted: int
    flags: int
    flags_per_1000_words: float
    confirmed_share: float | None  # share of decided flags the reviewer confirmed
    machine_translated: bool


def score_source(c: SourceCounts) -> SourceScore:
    open_flags = max(c.flags - c.flags_confirmed - c.flags_rejected, 0)
    successes = c.corroborated + 2.0 * c.claims_marked_true + 0.5 * c.flags_rejected
    failures = (
        0.5 * c.contradicted + 2.0 * c.claims_marked_false + c.flags_confirmed + 0.3 * open_flags
    )
    alpha, beta = PRIOR_ALPHA + successes, PRIOR_BETA + failures
    tail = (1.0 - CREDIBLE) / 2.0
    decided = c.flags_confirmed + c.flags_rejected
    return SourceScore(
        name=c.name,
        score=alpha / (alpha + beta),
        low=beta_quantile(tail, alpha, beta),
        high=beta_quantile(1.0 - tail, alpha, beta),
        alpha=alpha,
        beta=beta,
        corroborated=c.corroborated,
        contradicted=c.contradicted,
        flags=c.flags,
        flags_per_1000_words=1000.0 * c.flags / c.words if c.words else 0.0,
        confirmed_share=c.flags_confirmed / decided if decided else None,
        machine_translated=bool(c.machine_translated),
    )


def score_sources(counts: list[SourceCounts]) -> list[SourceScore]:
    """Scores, most reliable first."""
    return sorted((score_source(c) for c in counts), key=lambda s: (-s.score, s.name))


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-12:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def beta_quantile(p: float, a: float, b: float) -> float:
    """Inverse of beta_cdf by bisection: 60 halvings reach double precision."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2.0
        if beta_cdf(mid, a, b) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0
