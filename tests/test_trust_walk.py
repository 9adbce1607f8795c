"""What the trust walk (two reviewers, a killed process, analyses in between) found, each as a
test: the analysis summary counts the claims as stored, after the reviewers' edits."""

from __future__ import annotations

from pathlib import Path

from analysis.pipeline import analyze
from store import Store


def test_the_analysis_summary_counts_claims_after_the_reviewers_edits(demo_copy: Path) -> None:
    with Store.open(demo_copy) as store:
        before = store.cluster_count()
        cluster = next(c for c in store.clusters(multi_only=True) if c.n_sources >= 3)
        member = next(m for m in store.cluster_members(cluster.id) if m.tier == "same_claim")
        store.edit_claim("split", [member.claim_key], "ben")  # one claim more
        summary = analyze(store, full=True, workers=1)
        assert store.cluster_count() == before + 1
        assert summary.clusters == before + 1
        assert f"{before + 1} claim clusters" in summary.describe()
        assert summary.multi_source_clusters == store.cluster_count(multi_only=True)
