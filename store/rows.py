"""Typed rows the store hands out, so callers never see SQL or bare dicts."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, Self

FLAG_STATUSES = ("open", "accepted", "rejected", "corrected")
CLAIM_STATUSES = ("unreviewed", "corroborated", "disputed", "false", "unverifiable")


class _FromRow:
    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in row.items() if k in names})


@dataclass(frozen=True, slots=True)
class SourceRow(_FromRow):
    id: int
    name: str
    url: str | None
    language: str | None
    machine_translated: int
    translation_of: str | None


@dataclass(frozen=True, slots=True)
class ArticleRow(_FromRow):
    id: int
    source_id: int
    source: str
    title: str | None
    url: str | None
    published: str | None
    path: str | None
    file_name: str | None
    sha256: str
    language: str | None
    translated: int
    translation_note: str | None
    garble: float | None
    word_count: int
    sentence_count: int
    imported_at: str
    origin_sha256: str | None = None  # the text as first imported (store.import_article)
    revised_at: str | None = None  # when an edited file last replaced the text
    resolved_path: str | None = None  # the file's absolute path ("file.jsonl#3" for a record)
    edited_since_analysis: int = 0  # its text changed after the latest analysis read it


@dataclass(frozen=True, slots=True)
class SentenceRow(_FromRow):
    id: int
    article_id: int
    idx: int
    start: int
    end: int
    text: str
    residue: str | None
    claim_key: str


@dataclass(frozen=True, slots=True)
class SearchHit(SentenceRow):
    """A sentence found by full-text search, with its outlet and its claim cluster if any."""

    source: str
    title: str | None
    cluster_id: int | None
    cluster_label: str | None
    cluster_name: str | None = None


@dataclass(frozen=True, slots=True)
class SpanRow(_FromRow):
    """A mention, quantity or flag span inside an article, for highlighting."""

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class ClusterRow(_FromRow):
    id: int
    label: str
    size: int
    n_sources: int
    key: str
    conflicts: int
    garbles: int
    open_flags: int
    name: str = ""
    """The claim key of its first sentence: the claim's stable name (store.CLUSTER_NAME)."""


@dataclass(frozen=True, slots=True)
class MemberRow(_FromRow):
    sentence_id: int
    article_id: int
    source: str
    translated: int
    published: str | None
    idx: int
    start: int
    end: int
    text: str
    similarity: float
    claim_key: str
    claim_status: str
    tier: str = "same_claim"  # same_claim, possible or related (analysis.model.TIERS)
    copy_of: int | None = None  # the article this member's article republishes
    copy_of_source: str | None = None
    edit: str | None = None  # the reviewer's edit that last placed or re-tiered this member
    edited_by: str | None = None
    unit: str | None = None  # the clause that states the claim when the sentence has several
    verdict_id: int | None = None  # the review row behind claim_status (store/verdicts.py)


@dataclass(frozen=True, slots=True)
class ClaimEditRow(_FromRow):
    """One reviewer's edit of a claim cluster and whether it applies to the clusters now."""

    review_id: int
    kind: str  # remove, split, merge, add, confirm, reject
    reviewer: str
    at: str
    claim_key: str
    value: str
    text: str | None  # the sentence acted on; None when no article holds it any more
    applied: int
    reason: str | None  # why it does not apply ("undone", or what re-analysis changed)


@dataclass(frozen=True, slots=True)
class FlagRow(_FromRow):
    id: int
    fingerprint: str
    kind: str
    detector: str
    article_id: int
    source: str
    sentence_idx: int | None
    start: int
    end: int
    quote: str
    suggestion: str | None
    confidence: float
    explanation: str
    evidence: str
    slot: str | None
    other_article_id: int | None
    other_source: str | None
    other_sentence_idx: int | None
    other_start: int | None
    other_end: int | None
    other_quote: str | None
    claim_key: str | None
    active: int
    status: str
    correction: str | None
    decided_by: str | None
    decided_at: str | None = None
    evidence_changed: int = 0  # its article (or the other side's) was edited after it was found

    @property
    def detected(self) -> bool:
        """False when the latest analysis did not find this flag again (it is listed only
        because a reviewer decided or annotated it)."""
        return bool(self.active)

    @property
    def presence(self) -> str:
        """Why the flag may not hold for the text as it is now ("" when it does): an edited
        article since it was found, or an analysis that no longer finds it."""
        if self.evidence_changed:
            return "evidence changed: its article was edited since" + (
                " and the latest analysis no longer finds it" if not self.active
                else "; re-analyse to check it"
            )  # fmt: skip
        return "" if self.active else "no longer detected by the latest analysis"

    @property
    def presence_label(self) -> str:
        """`presence` in two words, for a list row or a card header."""
        if self.evidence_changed:
            return "evidence changed"
        return "" if self.active else "no longer detected"

    @property
    def evidence_dict(self) -> dict[str, Any]:
        try:
            value = json.loads(self.evidence or "{}")
        except json.JSONDecodeError:
            return {}
        return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class ReviewRow(_FromRow):
    id: int
    target_type: str
    target: str
    action: str
    decision: str | None
    value: str | None
    note: str | None
    op: str
    ref: int | None
    batch: str | None
    reviewer: str
    at: str
    claim: str | None = None
    """For a verdict, the name of the claim it was given in (None: every claim of the sentence,
    as verdicts before schema v15 were)."""


@dataclass(frozen=True, slots=True)
class EntityRow(_FromRow):
    id: int
    name: str
    kind: str
    origin: str
    gazetteer_id: str | None
    description: str | None
    spellings: str
    mentions: int
    n_sources: int

    @property
    def spelling_counts(self) -> dict[str, int]:
        try:
            return {str(k): int(v) for k, v in json.loads(self.spellings or "{}").items()}
        except (json.JSONDecodeError, AttributeError, ValueError):
            return {}


@dataclass(frozen=True, slots=True)
class SourceFacts(_FromRow):
    """One outlet as scoring sees it (analysis/scoring.py)."""

    source_id: int
    name: str
    machine_translated: int  # declared, or an article's garble score reached the threshold
    articles: int
    words: int
    claims: int  # content sentences


@dataclass(frozen=True, slots=True)
class ClaimFact(_FromRow):
    """A content sentence that can move a score: a cluster member, a claim with a verdict, or
    one side of a contradiction. `cluster_id` and `similarity` let a caller keep only the
    members of a cluster it trusts before scoring."""

    claim_key: str
    source_id: int
    article_id: int
    sentence_idx: int
    start: int
    end: int
    text: str
    cluster_id: int | None
    similarity: float | None
    tier: str | None  # same_claim, possible or related (analysis/align.py); None outside clusters
    witness: int  # the article this sentence's text comes from (its own, or the one it copies)
    verdict: str | None
    contradicted: int  # in a contradiction the reviewer has not rejected
    edit: str | None = None  # the reviewer's claim edit behind its membership (confirm, add, ...)
    verdict_id: int | None = None  # the review row behind `verdict`: one verdict counts once
    headline: int = 0
    """Part of the headline the article's text opens with (its title repeated there)."""


@dataclass(frozen=True, slots=True)
class FlagFact(_FromRow):
    """A listed flag other than a contradiction (those count through their claims)."""

    fingerprint: str
    kind: str
    detector: str
    status: str
    active: int
    quote: str
    source_id: int
    article_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ScoringInput:
    sources: list[SourceFacts]
    claims: list[ClaimFact]
    flags: list[FlagFact]


@dataclass(frozen=True, slots=True)
class Counts(_FromRow):
    sources: int
    articles: int
    sentences: int
    clusters: int
    entities: int
    flags: int
    open_flags: int
    reviews: int
