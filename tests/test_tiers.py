"""Cluster tiers end to end: stored per member, exported; only same-claim members corroborate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.exporting import collect_export
from analysis.report import to_json
from analysis.scoring import score_sources
from store import AnalysisPayload, Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "t.db")
    for n, outlet in enumerate(("A", "B", "C"), start=1):
        s.add_article(text=f"Text {n}. More {n}.", sha256=f"h{n}", source=outlet)
    yield s
    s.close()


def _payload(tier_of_c: str) -> AnalysisPayload:
    sentences = [
        {"article_id": a, "idx": 0, "start": 0, "end": 7, "text": f"Text {a}.", "residue": None,
         "claim_key": f"k{a}"}
        for a in (1, 2, 3)
    ]  # fmt: skip
    members = [
        {"article_id": a, "sentence_idx": 0, "similarity": s, "source": src, "tier": tier}
        for a, s, src, tier in (
            (1, 0.9, "A", "same_claim"), (2, 0.9, "B", "same_claim"), (3, 0.3, "C", tier_of_c)
        )
    ]  # fmt: skip
    cluster = {"label": "Text", "members": members, "key": "c1", "n_sources": 3}
    return AnalysisPayload(sentences=sentences, clusters=[cluster])


def _corroborated(store: Store) -> dict[str, int]:
    return {s.name: s.corroborated for s in score_sources(store.scoring_input())}


@pytest.mark.parametrize("tier", ["possible", "related"])
def test_only_same_claim_members_corroborate(store: Store, tier: str) -> None:
    store.write_analysis(_payload(tier))
    assert _corroborated(store) == {"A": 1, "B": 1, "C": 0}
    (cluster,) = store.clusters(limit=-1)
    assert cluster.n_sources == 2  # the glyph's count: sources that state the claim


def test_same_claim_member_corroborates(store: Store) -> None:
    store.write_analysis(_payload("same_claim"))
    assert _corroborated(store) == {"A": 1, "B": 1, "C": 1}


def test_export_marks_each_member_with_its_tier(store: Store) -> None:
    store.write_analysis(_payload("possible"))
    data = json.loads(to_json(collect_export(store)))
    (cluster,) = data["clusters"]
    assert cluster["tier"] == "same_claim"
    tiers = {m["source"]: m["tier"] for m in cluster["members"]}
    assert tiers == {"A": "same_claim", "B": "same_claim", "C": "possible"}
    assert [m["tier"] for m in cluster["members"]][-1] == "possible"  # listed after the claim


def test_a_copy_is_no_second_witness(store: Store) -> None:
    payload = _payload("same_claim")
    payload.clusters[0]["members"][2]["copy_of"] = 1  # C republishes A's article
    store.write_analysis(payload)
    assert _corroborated(store) == {"A": 1, "B": 1, "C": 1}  # B is an independent witness
    (cluster,) = store.clusters(limit=-1)
    assert cluster.n_sources == 2
    members = {m.source: m for m in store.cluster_members(cluster.id)}
    assert members["C"].copy_of == 1 and members["C"].copy_of_source == "A"
    data = json.loads(to_json(collect_export(store)))
    assert [m["copy_of"] for m in data["clusters"][0]["members"] if m["source"] == "C"] != [None]


def test_copies_alone_corroborate_nothing(store: Store) -> None:
    payload = _payload("related")
    payload.clusters[0]["members"][1]["copy_of"] = 1  # B republishes A
    store.write_analysis(payload)
    assert _corroborated(store) == {"A": 0, "B": 0, "C": 0}


def _contradiction(reading: str | None) -> dict[str, object]:
    evidence = {"values": ["halted", "resumed"], **({"reading": reading} if reading else {})}
    return {"fingerprint": f"fp-{reading}", "kind": "contradiction", "detector": "test",
            "article_id": 1, "sentence_idx": 0, "start": 0, "end": 4, "quote": "Text",
            "other_article_id": 2, "other_sentence_idx": 0, "other_start": 0, "other_end": 4,
            "other_quote": "Text", "confidence": 0.5, "explanation": "halted vs resumed",
            "evidence": evidence, "claim_key": "k1"}  # fmt: skip


def _contradicted(store: Store) -> dict[str, int]:
    return {s.name: s.contradicted for s in score_sources(store.scoring_input())}


def test_an_open_possible_update_counts_against_no_one_until_accepted(store: Store) -> None:
    payload = _payload("same_claim")
    payload.flags = [_contradiction("update")]
    store.write_analysis(payload)
    assert _contradicted(store) == {"A": 0, "B": 0, "C": 0}
    store.set_flag_status("fp-update", "accepted", "ana")
    assert _contradicted(store)["A"] == 1 and _contradicted(store)["B"] == 1


def test_an_open_conflict_counts_against_both_sides(store: Store) -> None:
    payload = _payload("same_claim")
    payload.flags = [_contradiction(None)]
    store.write_analysis(payload)
    assert _contradicted(store)["A"] == 1 and _contradicted(store)["B"] == 1
