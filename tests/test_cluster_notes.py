"""A note on a whole claim follows its sentences: through a merge, its undo, and a re-analysis
that changes the cluster (and so its key)."""

from __future__ import annotations

import pytest
import tui_fixtures
from tui_fixtures import Built

from store import Store

REGULATORS = "Regulators in Rotterdam approved the merger"


def _cluster(store: Store, label: str) -> tuple[int, str]:
    (found,) = [(c.id, c.key) for c in store.clusters() if c.label == label]
    return found


def _notes(store: Store, key: str) -> list[str]:
    return [n.note or "" for n in store.notes_for("cluster", [key]).get(key, [])]


def test_a_cluster_note_follows_a_merge_and_its_undo(built: Built) -> None:
    with Store.open(built.path) as store:
        _, key = _cluster(store, REGULATORS)
        store.add_note("cluster", key, "ask the regulator", "ana")
        deal_id, deal_key = _cluster(store, tui_fixtures.CLUSTERS[0][0])
        absorbed = store.cluster_members(_cluster(store, REGULATORS)[0])[0].claim_key
        anchor = store.cluster_members(deal_id)[0].claim_key
        store.edit_claim("merge", [absorbed], "bob", target=anchor)
        assert _notes(store, deal_key) == ["ask the regulator"]
        assert store.all_notes()[("cluster", deal_key)] == ["ask the regulator"]
        assert _notes(store, key) == []
        store.undo("bob")
        assert _notes(store, key) == ["ask the regulator"] and _notes(store, deal_key) == []


def test_a_cluster_note_follows_a_reanalysis_that_changes_the_cluster(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(built.path) as store:
        _, key = _cluster(store, REGULATORS)
        store.add_note("cluster", key, "ask the regulator", "ana")
    clusters = list(tui_fixtures.CLUSTERS)
    label, members = clusters[2]
    assert label == REGULATORS
    clusters[3] = (clusters[3][0], [m for m in clusters[3][1] if m[:2] != (1, 2)])
    # the Daily Ledger's line joins it, and it moves last: its old key now names another cluster
    clusters = [*clusters[:2], *clusters[3:], (label, [*members, (1, 2, 0.8)])]
    monkeypatch.setattr(tui_fixtures, "CLUSTERS", tuple(clusters))
    tui_fixtures.build_fixture_db(built.path)
    with Store.open(built.path) as store:
        _, new_key = _cluster(store, REGULATORS)
        assert new_key != key
        assert _notes(store, new_key) == ["ask the regulator"]
        assert store.all_notes()[("cluster", new_key)] == ["ask the regulator"]
        assert _notes(store, key) == []  # not on the cluster that has its old key now
