"""A note on a whole claim follows its sentences: through a merge, its undo, and a re-analysis
that changes the cluster (and so its key)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tui_fixtures
from textual.widgets import Input
from tui_fixtures import Built, async_test

from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.screens.modals import PromptScreen

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


LATE = """---
source: Lakeshore Gazette
published: 2026-03-14
---
# Tallis and Hwaseon sign cell plant deal in Marlow County

Hwaseon Energy Solutions and Tallis Motors signed an agreement on March 12 to build a $3.1 billion
battery cell plant in Marlow County, Ohio.

The plant is designed for 30 gigawatt-hours of annual capacity.
"""


@async_test
async def test_a_claim_note_typed_while_an_analysis_changed_the_claim_follows_its_sentences(
    demo_copy: Path, tmp_path: Path
) -> None:
    """A note on a whole claim records the claim's sentences so that it follows them when the
    cluster changes; they were read when the note was saved, by the cluster's key. Typed while
    an analysis changed the cluster (another outlet's article joined it: a new key), the note
    found no sentences under that key and was shown on no claim, nor in the exports. It records
    the sentences the screen showed."""
    from analysis.importing import import_paths
    from analysis.pipeline import analyze

    (tmp_path / "late.md").write_text(LATE, encoding="utf-8")
    app = ReviewApp(demo_copy, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        before = screen._clusters[screen._shown or ""].key
        shown = [m.claim_key for m in screen._members]
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        with Store.open(demo_copy) as other:  # an import and analysis while the note is typed
            import_paths(other, [tmp_path / "late.md"])
            analyze(other)
            assert before not in {c.key for c in other.clusters(limit=-1)}
        app.screen.query_one(Input).value = "ask the county for the filing"
        await pilot.press("enter")
        await pilot.pause()
    with Store.open(demo_copy) as store:
        now = store.cluster_of_claim(shown[0])
        (key,) = [c.key for c in store.clusters(limit=-1) if c.id == now]
        assert _notes(store, key) == ["ask the county for the filing"]
