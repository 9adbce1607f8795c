"""Per-source scores from itemised evidence, so a score always comes with its reasons and its
uncertainty.

Two figures, because a machine-translated article has two authors:

- **Reporting reliability**, a Beta posterior over the outlet's claims. Start from Beta(2, 2)
  (0.5; two pieces of evidence move it visibly) and add each item's weight as a success (+) or a
  failure (−): a claim another outlet's cluster member corroborates (+1), a claim the reviewer
  marked corroborated (+2), false or disputed (−2), a claim in a contradiction nobody resolved
  (−0.5: either side may be wrong), and — for an outlet that writes in English — an error in
  its text the reviewer confirmed (−1). The score is the posterior mean, the band its 90 %
  equal-tailed credible interval.
- **Translation quality**, for a machine-translated outlet: errors the reviewer confirmed in its
  text (a garbled name, a translation artifact) per 1,000 words. Such an error lowers this
  figure, never reliability: the translator made it, not the reporter.

Neither figure counts page residue (a property of the page, not the reporting), an explicit
"translated by AI" note (honesty, not an error), a rejected flag (a false alarm says nothing
about the outlet) or a flag nobody has decided (a detector's guess, not a finding). Each counted
item keeps its weight and a link to its claim or flag (`EvidenceItem`), and the counts a score
shows are computed from the same items, so what is shown is what was used.

`score_sources` takes `keep`, a filter on cluster members: only members it keeps can corroborate
(by default those the aligner marks as stating the same claim, not a possible or related one),
and an outlet's copy of another's article never corroborates it. A reviewer's claim edits
(store/claim_edits.py) are already in the tiers: a member they confirmed or added counts as same
claim (its evidence item says so), one they removed or rejected does not.

An article's headline (its title, repeated where its text opens) moves no score unless a
reviewer gave it a verdict: it restates the lede, which counts already, and outlets' headlines
align on the topic more than on the claim (a headline giving one figure sat in a cluster of
headlines giving another and was counted as corroborated by all of them).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

PRIOR_ALPHA = 2.0
PRIOR_BETA = 2.0
CREDIBLE = 0.90

W_CORROBORATED = 1.0
W_MARKED_TRUE = 2.0
W_MARKED_FALSE = 2.0
W_CONTRADICTED = 0.5
W_CONFIRMED_ERROR = 1.0

NOT_COUNTED_KINDS = frozenset({"page_residue", "contradiction"})  # contradictions: via claims
REVIEWER_PLACED = frozenset({"confirm", "add"})  # claim edits that make a member same-claim
HONEST_DETECTORS = frozenset({"mt-note"})  # an explicit translation note is not an error
CONFIRMED = ("accepted", "corrected")
KIND_WORDS = {
    "name_variant": "misspelt name",
    "unverified_name": "unverified name",
    "translation_artifact": "translation artifact",
}

Figure = Literal["reliability", "translation"]


class SourceFacts(Protocol):
    """One outlet (store.rows.SourceFacts fits; read-only, so frozen rows do)."""

    @property
    def source_id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def machine_translated(self) -> int: ...
    @property
    def words(self) -> int: ...


class ClaimFact(Protocol):
    """A claim that can move a score (store.rows.ClaimFact)."""

    @property
    def claim_key(self) -> str: ...
    @property
    def source_id(self) -> int: ...
    @property
    def article_id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def cluster_id(self) -> int | None: ...
    @property
    def similarity(self) -> float | None: ...
    @property
    def tier(self) -> str | None: ...
    @property
    def witness(self) -> int: ...
    @property
    def verdict(self) -> str | None: ...
    @property
    def contradicted(self) -> int: ...
    @property
    def edit(self) -> str | None: ...
    @property
    def verdict_id(self) -> int | None: ...
    @property
    def headline(self) -> int: ...


class FlagFact(Protocol):
    """A listed flag (store.rows.FlagFact)."""

    @property
    def fingerprint(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def detector(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def quote(self) -> str: ...
    @property
    def source_id(self) -> int: ...
    @property
    def article_id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class ScoringInput(Protocol):
    """Everything scoring reads (store.Store.scoring_input)."""

    @property
    def sources(self) -> Sequence[SourceFacts]: ...
    @property
    def claims(self) -> Sequence[ClaimFact]: ...
    @property
    def flags(self) -> Sequence[FlagFact]: ...


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One reason behind a score: its weight and the claim or flag it comes from."""

    figure: Figure
    weight: float  # reliability: + success, − failure; translation: errors (1 each)
    reason: str
    target_type: Literal["claim", "flag"]
    target: str  # claim key or flag fingerprint
    article_id: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class SourceScore:
    name: str
    score: float  # reporting reliability: posterior mean, 0..1
    low: float  # lower end of the 90 % credible interval
    high: float
    alpha: float
    beta: float
    corroborated: int  # claims that count for the outlet (corroborated by others or by a verdict)
    contradicted: int  # claims that count against it (unresolved contradictions, false verdicts)
    flags: int  # confirmed errors that count in either figure
    flags_per_1000_words: float
    confirmed_share: float | None  # share of decided flags the reviewer confirmed
    machine_translated: bool
    words: int = 0
    translation_errors: int | None = None  # None: the outlet is not machine-translated
    translation_errors_per_1000_words: float | None = None
    evidence: tuple[EvidenceItem, ...] = ()

    @property
    def reliability_items(self) -> list[EvidenceItem]:
        return [e for e in self.evidence if e.figure == "reliability"]

    @property
    def translation_items(self) -> list[EvidenceItem]:
        return [e for e in self.evidence if e.figure == "translation"]


def _claim_item(c: ClaimFact, others: int) -> EvidenceItem | None:
    def item(weight: float, reason: str) -> EvidenceItem:
        return EvidenceItem(
            "reliability", weight, reason, "claim", c.claim_key, c.article_id, c.start, c.end,
            c.text,
        )  # fmt: skip

    if c.verdict == "corroborated":
        return item(W_MARKED_TRUE, "the reviewer marked the claim corroborated")
    if c.verdict in ("false", "disputed"):
        return item(-W_MARKED_FALSE, f"the reviewer marked the claim {c.verdict}")
    if c.verdict == "unverifiable" or c.headline:
        return None  # a headline restates the lede: counted there, only once
    if c.contradicted:
        return item(-W_CONTRADICTED, "another outlet contradicts it; nobody has said who is right")
    if others:
        outlets = "another outlet reports" if others == 1 else f"{others} other outlets report"
        confirmed = " (a reviewer put it in the claim)" if c.edit in REVIEWER_PLACED else ""
        return item(W_CORROBORATED, f"{outlets} the same claim{confirmed}")
    return None


def _flag_item(f: FlagFact, translated: bool) -> EvidenceItem | None:
    if f.kind in NOT_COUNTED_KINDS or f.detector in HONEST_DETECTORS or f.status not in CONFIRMED:
        return None
    what = KIND_WORDS.get(f.kind, f.kind.replace("_", " "))
    if translated:
        return EvidenceItem(
            "translation", 1.0, f"confirmed {what}, read as the translation's error", "flag",
            f.fingerprint, f.article_id, f.start, f.end, f.quote,
        )  # fmt: skip
    return EvidenceItem(
        "reliability", -W_CONFIRMED_ERROR, f"confirmed {what} in the outlet's own text", "flag",
        f.fingerprint, f.article_id, f.start, f.end, f.quote,
    )  # fmt: skip


def _decided(flags: Iterable[FlagFact]) -> tuple[int, int]:
    counted = [f for f in flags if f.kind not in NOT_COUNTED_KINDS]
    counted = [f for f in counted if f.detector not in HONEST_DETECTORS]
    confirmed = sum(f.status in CONFIRMED for f in counted)
    return confirmed, confirmed + sum(f.status == "rejected" for f in counted)


def _claim_items(
    claims: Iterable[ClaimFact], others: dict[tuple[str, int | None], int]
) -> list[EvidenceItem]:
    """One item per verdict in force (a sentence judged in two of its claims counts twice, a
    verdict that holds in all of them once), and one for the sentence's claims without a
    verdict: the most corroborated of them (a sentence in two clusters is still one text)."""
    facts: dict[str, list[ClaimFact]] = defaultdict(list)
    for c in claims:
        facts[c.claim_key].append(c)
    items: list[EvidenceItem] = []
    counted: set[object] = set()
    for key, group in facts.items():
        for c in group:
            verdict = c.verdict_id if c.verdict_id is not None else (key, c.verdict)
            if c.verdict and verdict not in counted:
                counted.add(verdict)
                items += [i for i in [_claim_item(c, 0)] if i]
        rest = [c for c in group if not c.verdict]
        if rest:
            best = max(rest, key=lambda c: others.get((key, c.cluster_id), 0))
            items += [i for i in [_claim_item(best, others.get((key, best.cluster_id), 0))] if i]
    return items


def score_source(
    source: SourceFacts,
    claims: Iterable[ClaimFact],
    flags: Iterable[FlagFact],
    others: dict[tuple[str, int | None], int],
) -> SourceScore:
    """One outlet's figures from its own claims and flags; `others[claim_key, cluster_id]` is how
    many other outlets share that (kept) cluster with the claim."""
    translated = bool(source.machine_translated)
    flags = list(flags)
    items = _claim_items(claims, others)
    items += [i for f in flags if (i := _flag_item(f, translated))]
    reliability = [i for i in items if i.figure == "reliability"]
    successes = sum(i.weight for i in reliability if i.weight > 0)
    failures = -sum(i.weight for i in reliability if i.weight < 0)
    alpha, beta = PRIOR_ALPHA + successes, PRIOR_BETA + failures
    tail = (1.0 - CREDIBLE) / 2.0
    errors = [i for i in items if i.target_type == "flag"]
    mt_errors = sum(1 for i in items if i.figure == "translation")
    confirmed, decided = _decided(flags)
    words = source.words
    return SourceScore(
        name=source.name,
        score=alpha / (alpha + beta),
        low=beta_quantile(tail, alpha, beta),
        high=beta_quantile(1.0 - tail, alpha, beta),
        alpha=alpha,
        beta=beta,
        corroborated=sum(1 for i in reliability if i.target_type == "claim" and i.weight > 0),
        contradicted=sum(1 for i in reliability if i.target_type == "claim" and i.weight < 0),
        flags=len(errors),
        flags_per_1000_words=1000.0 * len(errors) / words if words else 0.0,
        confirmed_share=confirmed / decided if decided else None,
        machine_translated=translated,
        words=words,
        translation_errors=mt_errors if translated else None,
        translation_errors_per_1000_words=(
            (1000.0 * mt_errors / words if words else 0.0) if translated else None
        ),
        evidence=tuple(items),
    )


def same_claim(c: ClaimFact) -> bool:
    """A member the aligner says states the cluster's claim (not a possible or related one)."""
    return (c.tier or "same_claim") == "same_claim"


def score_sources(
    facts: ScoringInput, keep: Callable[[ClaimFact], bool] | None = same_claim
) -> list[SourceScore]:
    """Scores, most reliable first. Only cluster members `keep` accepts can corroborate (by
    default the same-claim members; None: every member)."""
    kept = [c for c in facts.claims if c.cluster_id is not None and (keep is None or keep(c))]
    members: dict[int, list[ClaimFact]] = defaultdict(list)
    for c in kept:
        members[c.cluster_id or 0].append(c)
    others: dict[tuple[str, int | None], int] = {}
    for group in members.values():
        for c, n in zip(group, _other_outlets(group), strict=True):
            at = (c.claim_key, c.cluster_id)
            others[at] = max(others.get(at, 0), n)
    claims_of: dict[int, list[ClaimFact]] = defaultdict(list)
    for c in facts.claims:
        claims_of[c.source_id].append(c)
    flags_of: dict[int, list[FlagFact]] = defaultdict(list)
    for f in facts.flags:
        flags_of[f.source_id].append(f)
    scores = [
        score_source(s, claims_of[s.source_id], flags_of[s.source_id], others)
        for s in facts.sources
    ]
    return sorted(scores, key=lambda s: (-s.score, s.name))


def _other_outlets(group: Sequence[ClaimFact]) -> list[int]:
    """For each member of one cluster, how many other outlets in it have a text of their own (a
    copy of the member's article does not count): an outlet counts unless every one of its
    members has the member's witness. Linear in the cluster, not quadratic."""
    witnesses: dict[int, set[int]] = defaultdict(set)
    for c in group:
        witnesses[c.source_id].add(c.witness)
    sole: dict[int, int] = defaultdict(int)  # witness -> outlets whose every member has it
    for seen in witnesses.values():
        if len(seen) == 1:
            sole[next(iter(seen))] += 1
    out = []
    for c in group:
        own_sole = witnesses[c.source_id] == {c.witness}
        out.append(len(witnesses) - 1 - (sole[c.witness] - own_sole))
    return out


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


@lru_cache(maxsize=4096)
def beta_quantile(p: float, a: float, b: float) -> float:
    """Inverse of beta_cdf: Newton steps on the density inside a shrinking bracket (bisection
    when a step would leave it), to double precision in a handful of CDF evaluations where plain
    bisection took 60 (at 500 outlets that was most of the Sources screen's scoring time)."""
    lo, hi = 0.0, 1.0
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    x = a / (a + b)
    for _ in range(100):
        f = beta_cdf(x, a, b) - p
        if f == 0.0:
            return x
        if f < 0.0:
            lo = x
        else:
            hi = x
        density = math.exp(log_norm + (a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x))
        step = x - f / density if density > 0.0 else lo - 1.0
        nxt = step if lo < step < hi else (lo + hi) / 2.0
        if abs(nxt - x) <= 1e-15 * max(x, 1e-300) or hi - lo <= 1e-15:
            return nxt
        x = nxt
    return x
