"""The cluster list's kept flag counts (store/cluster_summary.py): the list they give is the list
counted live, through reviewer decisions, claim edits and their undo, re-analysis, and while an
analysis is writing."""

from __future__ import annotations

import sqlite3

import pytest
import tui_fixtures
from test_claim_edits import key_of
from tui_fixtures import Built, build_fixture_db

from analysis.model import FLAG_KINDS
from store import Store, cluster_summary
from store.rows import ClusterRow

FILTERS: list[dict[str, object]] = [
    {},
    {"multi_only": True},
    {"search": "Kovalenko"},
    *({"flag_kind": kind} for kind in FLAG_KINDS),
    {"status": "open"},
    {"flag_kind": "contradiction", "status": "accepted"},
]


def live(store: Store, offset: int = 0, limit: int = 200, **kw: object) -> list[ClusterRow]:
    """The same page counted from every flag on the spot, as before the counts were kept."""
    where, params = store._cluster_filter(
        kw.get("search"), kw.get("flag_kind"), kw.get("status"), bool(kw.get("multi_only"))
    )  # type: ignore[arg-type]
    return store._clusters_live(where, params, offset, limit)


def assert_same_as_live(store: Store) -> None:
    for kw in FILTERS:
        assert store.clusters(**kw) == live(store, **kw), kw  # type: ignore[arg-type]
        for offset in (0, 2, 5):  # pages cut anywhere, also inside the conflicts
            page = store.clusters(offset=offset, limit=3, **kw)  # type: ignore[arg-type]
            assert page == live(store, offset, 3, **kw), (kw, offset)
        assert store.cluster_count(**kw) == len(live(store, **kw))  # type: ignore[arg-type]


def kept(store: Store) -> bool:
    return cluster_summary.stored_marker(store.db) == cluster_summary.marker(store.db)


def test_the_kept_counts_give_the_live_list_and_are_written_by_analysis(built: Built) -> None:
    with Store.open(built.path) as store:
        assert kept(store)  # written with the analysis, before anyone looked
        rows = store.clusters()
        assert rows[0].conflicts > 0 and any(r.garbles for r in rows)
        assert_same_as_live(store)


def test_decisions_change_the_open_counts_at_once(built: Built) -> None:
    with Store.open(built.path) as store:
        before = {r.id: r.open_flags for r in store.clusters()}
        for fingerprint in built.flags.values():
            store.set_flag_status(fingerprint, "accepted", "ann")
        assert sum(r.open_flags for r in store.clusters()) == 0 < sum(before.values())
        assert_same_as_live(store)
        store.undo("ann")
        assert_same_as_live(store)


def test_claim_edits_and_their_undo_move_the_counts(built: Built) -> None:
    with Store.open(built.path) as store:
        first = store.clusters()
        deal, staff = key_of(store, built, 0, 0), key_of(store, built, 1, 2)
        store.edit_claim("merge", [staff], "ann", target=deal)
        assert not kept(store)  # the marker moved with the edit
        assert store.clusters() != first
        assert_same_as_live(store)
        assert kept(store)  # counted again by the first look
        store.edit_claim("split", [key_of(store, built, 1, 1), key_of(store, built, 3, 1)], "ann")
        assert_same_as_live(store)
        store.undo("ann")
        store.undo("ann")
        assert store.clusters() == first
        assert_same_as_live(store)


def test_reanalysis_is_followed(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(built.path) as store:
        store.edit_claim("remove", [key_of(store, built, 1, 2)], "ann")
        store.set_flag_status(next(iter(built.flags.values())), "rejected", "ann")
    build_fixture_db(built.path)  # the same analysis again: new row ids, the edit replayed
    with Store.open(built.path) as store:
        assert kept(store)
        assert_same_as_live(store)
    every = tui_fixtures._flags
    monkeypatch.setattr(
        tui_fixtures,
        "_flags",
        lambda *a: {k: f for k, f in every(*a).items() if f["kind"] != "contradiction"},
    )
    build_fixture_db(built.path)  # an analysis that no longer finds the contradictions
    with Store.open(built.path) as store:
        assert all(r.conflicts == 0 for r in store.clusters())
        assert_same_as_live(store)


def test_mid_analysis_the_list_is_counted_live(built: Built) -> None:
    with Store.open(built.path) as store:
        store.db.execute("INSERT INTO analysis_runs (started_at) VALUES ('2026-01-01T00:00')")
        store.db.execute("DELETE FROM cluster_flag_counts")  # half written
        assert not cluster_summary.make_current(store.db)
        assert store.clusters()[0].conflicts > 0
        assert_same_as_live(store)


def test_stale_counts_and_another_writer_the_list_is_counted_live(built: Built) -> None:
    with Store.open(built.path) as store:
        store.edit_claim("remove", [key_of(store, built, 1, 2)], "ann")  # counts now stale
        other = sqlite3.connect(built.path)
        other.execute("BEGIN IMMEDIATE")  # holds the write lock
        try:
            assert not cluster_summary.make_current(store.db)
            assert store.clusters() == live(store)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert cluster_summary.make_current(store.db)


@pytest.mark.parametrize("offset", [0, 1, 4])
def test_paging_lists_every_cluster_once(built: Built, offset: int) -> None:
    with Store.open(built.path) as store:
        everything = [r.id for r in store.clusters()]
        pages = [r.id for n in range(0, 50, 3) for r in store.clusters(offset=n, limit=3)]
        assert pages == everything
        assert [r.id for r in store.clusters(offset=offset, limit=2)] == everything[
            offset : offset + 2
        ]


@pytest.mark.parametrize("query", ["Kovalenko", "billion", "share buttons", "nowhere-to-be-seen"])
def test_one_full_text_pass_finds_the_clusters_and_the_loose_sentences(
    built: Built, query: str
) -> None:
    with Store.open(built.path) as store:
        matches = store.search_matches(query)
        hits = store.search_all(query)
        assert set(matches.cluster_ids) == {h.cluster_id for h in hits} - {None}
        assert matches.unclustered == sum(h.cluster_id is None for h in hits)
        assert store.cluster_count(search=query) == len(matches.cluster_ids)
        deal, staff = key_of(store, built, 0, 0), key_of(store, built, 1, 2)
        store.edit_claim("merge", [staff], "ann", target=deal)  # the clusters change: asked again
        after = {h.cluster_id for h in store.search_all(query)} - {None}
        assert set(store.search_matches(query).cluster_ids) == after
