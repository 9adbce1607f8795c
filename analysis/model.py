"""Plain data passed between analysis stages.

Every stage in `analysis/` takes and returns these dataclasses, so each stage can be tested with a
string and none of them needs the database. Offsets are always character offsets into the article's
stored (NFC-normalised) text, end-exclusive, so a span can be highlighted in the TUI and exported
without recomputation.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

EntityKind = Literal["person", "org", "place"]
QuantityKind = Literal["money", "percent", "count", "duration", "measure", "date"]
FlagKind = Literal[
    "name_variant", "unverified_name", "translation_artifact", "contradiction", "page_residue"
]
FLAG_KINDS: tuple[FlagKind, ...] = (
    "name_variant",
    "unverified_name",
    "translation_artifact",
    "contradiction",
    "page_residue",
)
ContradictionSlot = Literal[
    "number", "date", "polarity", "entity", "place", "time", "direction", "relation"
]


@dataclass(frozen=True, slots=True)
class ArticleText:
    """One article as the analysis sees it."""

    article_id: int
    source: str
    text: str
    translated: bool = False
    published: date | None = None
    title: str | None = None
    sha256: str = ""  # of the text as first imported: an edit keeps the article's identity


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence (or a line that is not article content, when `residue` says why)."""

    idx: int
    start: int
    end: int
    text: str
    residue: str | None = None  # e.g. "caption", "share buttons", "paywall prompt", "ticker"


@dataclass(frozen=True, slots=True)
class Mention:
    """A person, organisation or place as written in one article."""

    sentence_idx: int
    start: int
    end: int
    text: str  # the span exactly as written in the article
    name: str  # the name without titles or possessives: "CEO Reid's" -> "Reid"
    kind: EntityKind


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it counts, normalised so two quantities can be compared.

    `low`/`high` bound what the text allows: "$5.5 billion" is 5.5e9..5.5e9, "billions of dollars"
    is 1e9..1e12, "about 50,000" is 45,000..55,000. For dates they are proleptic ordinals
    (`date.toordinal()`) of the first and last day the text can mean; None when the year is unknown.
    """

    sentence_idx: int
    start: int
    end: int
    text: str
    kind: QuantityKind
    value: float | None  # money in currency units, percent as 50.0, counts, durations in days
    unit: str  # "USD", "KRW", "%", the counted noun singular ("chip"), "day", "date"
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    iso: str | None = None  # dates only: "2025-04-30", "2025-04", "2025" or "--04" (month only)


@dataclass(frozen=True, slots=True)
class Entity:
    """Mentions across the corpus that name one person, organisation or place."""

    canonical: str
    kind: EntityKind
    spellings: dict[str, int]  # spelling -> number of mentions
    members: tuple[tuple[int, int, int], ...]  # (article_id, start, end) of each mention
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class FlagSide:
    """Where one side of a flag sits."""

    article_id: int
    sentence_idx: int | None
    start: int
    end: int
    quote: str


@dataclass(slots=True)
class FlagDraft:
    """A finding of a detector, before it is stored and given a status."""

    kind: FlagKind
    detector: str  # module-level name of the rule that fired, e.g. "translit-distance"
    side: FlagSide
    explanation: str  # plain English, readable without the code
    confidence: float  # 0..1
    suggestion: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    other: FlagSide | None = None  # second side of a contradiction
    slot: ContradictionSlot | None = None  # contradictions: what differs


@dataclass(frozen=True, slots=True)
class AlignUnit:
    """A sentence offered to alignment, with what extraction found in it."""

    article_id: int
    sentence_idx: int
    text: str
    source: str
    entities: frozenset[str] = frozenset()  # canonical entity names
    quantities: tuple[Quantity, ...] = ()
    published: date | None = None


Tier = Literal["same_claim", "possible", "related"]
TIERS: tuple[Tier, ...] = ("same_claim", "possible", "related")


@dataclass(frozen=True, slots=True)
class ClusterMember:
    article_id: int
    sentence_idx: int
    similarity: float  # 0..1, to the cluster's most central member (P(same claim) by tier)
    # same_claim: states the claim (counts as corroboration); possible: may, for the reviewer;
    # related: about the same thing, shown as context and never counted
    tier: Tier = "same_claim"
    copy_of: int | None = None  # article this one republishes (analysis.copies): no new witness
    # the clause of this sentence that states the claim, when the sentence carries several and
    # one clause matched the claim's central member (analysis.claim_units); None: the whole
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class ClusterDraft:
    """Sentences from different articles that state the same claim."""

    label: str
    members: tuple[ClusterMember, ...]

    @property
    def tier(self) -> Tier:
        """same_claim when two witnesses (articles, a copy counting as its original) state it."""
        same = {m.copy_of or m.article_id for m in self.members if m.tier == "same_claim"}
        return "same_claim" if len(same) >= 2 else "possible"


_WS = re.compile(r"\s+")


def normalise_context(text: str) -> str:
    """Case- and whitespace-insensitive form of a sentence, so re-analysis finds the same flag."""
    return _WS.sub(" ", text).strip().casefold()


def fingerprint(kind: str, article_sha256: str, quote: str, context: str, *extra: str) -> str:
    """Stable identity of a flag across re-analyses (kind, article, quote, normalised context)."""
    parts = [kind, article_sha256, quote.casefold(), normalise_context(context), *extra]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
