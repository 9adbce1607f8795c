"""Gather what an export carries from the store, as plain rows for analysis/report.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from analysis.scoring import SourceScore, score_sources
from store import Store
from store.rows import ArticleRow, ClusterRow, FlagRow, MemberRow, ReviewRow


@dataclass(slots=True)
class ExportData:
    articles: list[ArticleRow]
    clusters: list[tuple[ClusterRow, list[MemberRow]]]
    flags: list[FlagRow]
    scores: list[SourceScore]
    claim_decisions: list[ReviewRow]
    notes: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    generated_at: str = ""


def collect_export(store: Store) -> ExportData:
    members = store.all_cluster_members()
    clusters = store.clusters(limit=-1)
    return ExportData(
        articles=store.articles(),
        clusters=[(c, members.get(c.id, [])) for c in clusters],
        flags=store.flags(include_inactive=False),
        scores=score_sources(list(store.source_stats())),
        claim_decisions=store.claim_decisions(),
        notes=store.all_notes(),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
