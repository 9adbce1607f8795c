"""Reviewers' claim edits: each one step of the review log, undoable, kept across re-analysis."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import tui_fixtures
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tui_fixtures import CLUSTERS, DOCS, Built, build_fixture_db, copy_built

from analysis.scoring import score_sources
from store import Store, StoreError
from store.claim_replay import Claim, Edit, Member, apply_edits
from store.reviews import UndoConflict


def key_of(store: Store, built: Built, doc: int, line: int) -> str:
    """The claim key of one fixture sentence (doc index, line index)."""
    (sentence,) = [s for s in store.sentences(built.article_ids[doc]) if s.idx == line]
    return sentence.claim_key


def clusters_of(store: Store) -> dict[str, Any]:
    """Every cluster row and member row, as a reader sees them (for before/after equality)."""
    rows = store.db.query("SELECT id, label, size, n_sources, key FROM clusters ORDER BY id")
    members = store.db.query(
        "SELECT cluster_id, sentence_id, similarity, tier, copy_of, edit, edited_by"
        " FROM cluster_members ORDER BY cluster_id, sentence_id"
    )
    return {"clusters": list(rows), "members": list(members)}


def claim_members(store: Store, key: str) -> dict[str, str]:
    """Claim key -> tier of each member of the cluster holding `key`."""
    cluster = store.cluster_of_claim(key)
    assert cluster is not None
    return {m.claim_key: m.tier for m in store.cluster_members(cluster)}


def corroborated(store: Store, source: str) -> int:
    (score,) = [s for s in score_sources(store.scoring_input()) if s.name == source]
    return score.corroborated


def test_remove_takes_a_sentence_out_and_its_corroboration_with_it(built: Built) -> None:
    with Store.open(built.path) as store:
        before = clusters_of(store)
        staff = key_of(store, built, 1, 2)  # the Ledger's side of the two-member staff claim
        assert corroborated(store, "Daily Ledger") == 3
        row = store.edit_claim("remove", [staff], "ann")
        assert (row.action, row.decision, row.target) == ("edit", "remove", staff)
        assert store.cluster_of_claim(staff) is None
        assert corroborated(store, "Daily Ledger") == 2  # the score moved at once
        (edit,) = store.claim_edit_log()
        assert (edit.kind, edit.reviewer, edit.applied) == ("remove", "ann", 1)
        assert store.undo("ann") is not None
        assert clusters_of(store) == before
        assert store.claim_edit_log()[0].reason == "undone"
        store.redo("ann")
        assert store.cluster_of_claim(staff) is None


def test_split_moves_the_chosen_members_to_a_new_claim(built: Built) -> None:
    with Store.open(built.path) as store:
        before = clusters_of(store)
        ledger, nord = key_of(store, built, 1, 1), key_of(store, built, 3, 1)
        harbor = key_of(store, built, 0, 1)
        store.edit_claim("split", [ledger, nord], "ann")
        new = store.cluster_of_claim(ledger)
        assert new is not None and new != store.cluster_of_claim(harbor)
        assert set(claim_members(store, ledger)) == {ledger, nord}
        assert len(claim_members(store, harbor)) == 2
        (row,) = [c for c in store.clusters(limit=50) if c.id == new]
        assert row.label.startswith("Maria Kovalenko, the chief executive")  # its own label
        assert row.n_sources == 2 and row.size == 2
        store.undo("ann")
        assert clusters_of(store) == before


def test_a_claim_a_split_made_keeps_its_number_through_later_edits(built: Built) -> None:
    with Store.open(built.path) as store:
        first = [key_of(store, built, 1, 1), key_of(store, built, 3, 1)]
        store.edit_claim("split", first, "ann")
        made = store.cluster_of_claim(first[0])
        store.edit_claim("split", [key_of(store, built, 3, 0)], "bob")
        second = store.cluster_of_claim(key_of(store, built, 3, 0))
        store.edit_claim("remove", [key_of(store, built, 1, 0)], "bob")  # elsewhere
        assert store.cluster_of_claim(first[0]) == made
        assert store.cluster_of_claim(key_of(store, built, 3, 0)) == second != made
        store.undo("bob")
        store.undo("bob")
        assert store.cluster_of_claim(first[0]) == made


def test_merge_joins_two_claims_and_counts_their_witnesses_once(built: Built) -> None:
    with Store.open(built.path) as store:
        before = clusters_of(store)
        deal, staff = key_of(store, built, 0, 0), key_of(store, built, 1, 2)
        store.edit_claim("merge", [staff], "ann", target=deal)
        cluster = store.cluster_of_claim(deal)
        assert store.cluster_of_claim(staff) == cluster
        (row,) = [c for c in store.clusters(limit=50) if c.id == cluster]
        assert row.size == 6 and row.n_sources == 4
        members = {m.claim_key: m for m in store.cluster_members(cluster or 0)}
        assert (members[staff].edit, members[staff].edited_by) == ("merge", "ann")
        with pytest.raises(StoreError, match="same claim already"):
            store.edit_claim("merge", [staff], "ann", target=deal)
        store.undo("ann")
        assert clusters_of(store) == before


def test_add_puts_a_sentence_from_outside_any_claim_into_one(built: Built) -> None:
    with Store.open(built.path) as store:
        before = clusters_of(store)
        note, deal = key_of(store, built, 2, 3), key_of(store, built, 0, 0)
        assert store.cluster_of_claim(note) is None
        store.edit_claim("add", [note], "ann", target=deal)
        assert claim_members(store, deal)[note] == "same_claim"
        with pytest.raises(StoreError, match="in this claim already"):
            store.edit_claim("add", [note], "ann", target=deal)
        # a sentence of a single-source claim moves, and its old claim disappears
        shares = key_of(store, built, 4, 0)
        old = store.cluster_of_claim(shares)
        store.edit_claim("add", [shares], "bob", target=deal)
        assert store.cluster_of_claim(shares) == store.cluster_of_claim(deal)
        assert old not in {c.id for c in store.clusters(limit=50)}
        store.undo("bob")
        store.undo("ann")
        assert clusters_of(store) == before


def test_reject_and_confirm_set_the_tier_that_counts(built: Built) -> None:
    with Store.open(built.path) as store:
        nord = key_of(store, built, 3, 1)
        assert corroborated(store, "Nord Post") == 2
        store.edit_claim("reject", [nord], "ann")
        assert claim_members(store, nord)[nord] == "related"
        assert corroborated(store, "Nord Post") == 1
        with pytest.raises(StoreError, match="already is only related"):
            store.edit_claim("reject", [nord], "ann")
        store.edit_claim("confirm", [nord], "ann")
        assert claim_members(store, nord)[nord] == "same_claim"
        assert corroborated(store, "Nord Post") == 2
        (score,) = [s for s in score_sources(store.scoring_input()) if s.name == "Nord Post"]
        (item,) = [i for i in score.evidence if i.target == nord]
        assert item.reason.endswith("(a reviewer put it in the claim)")
        store.undo("ann")
        assert claim_members(store, nord)[nord] == "related"


def test_bad_edits_are_refused_with_one_line(built: Built) -> None:
    with Store.open(built.path) as store:
        shares, deal = key_of(store, built, 4, 0), key_of(store, built, 0, 0)
        with pytest.raises(StoreError, match="only one of its claim"):
            store.edit_claim("remove", [shares], "ann")
        with pytest.raises(StoreError, match="leave at least one"):
            store.edit_claim("split", list(claim_members(store, deal)), "ann")
        with pytest.raises(StoreError, match="all be in one claim"):
            store.edit_claim("split", [deal, shares], "ann")
        with pytest.raises(StoreError, match="no sentence with claim id"):
            store.edit_claim("add", ["0123456789abcdef"], "ann", target=deal)
        with pytest.raises(StoreError, match="unknown claim edit"):
            store.edit_claim("explode", [deal], "ann")
        assert store.claim_edit_log() == []


def test_edits_survive_reanalysis_and_a_restart(built: Built) -> None:
    with Store.open(built.path) as store:
        rotterdam, nord = key_of(store, built, 2, 2), key_of(store, built, 3, 1)
        store.edit_claim("remove", [rotterdam], "ann")
        store.edit_claim("reject", [nord], "ann")
        edited = clusters_of(store)
    build_fixture_db(built.path)  # analysis writes its clusters again, with new row ids
    with Store.open(built.path) as store:  # a restart: a fresh connection
        assert store.cluster_of_claim(rotterdam) is None
        assert claim_members(store, nord)[nord] == "related"
        assert [e.applied for e in store.claim_edit_log()] == [1, 1]
        assert _shape(clusters_of(store)) == _shape(edited)
        store.undo("ann")
        store.undo("ann")
        assert claim_members(store, nord)[nord] == "same_claim"
        assert store.cluster_of_claim(rotterdam) is not None


def _shape(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Members by (label, tier, edit), ignoring row ids that re-analysis renumbers."""
    labels = {c["id"]: c["label"] for c in data["clusters"]}
    return sorted((labels[m["cluster_id"]], m["tier"], m["edit"]) for m in data["members"])


def test_an_edit_whose_claim_is_gone_is_kept_and_marked(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(built.path) as store:
        rotterdam = key_of(store, built, 2, 2)
        store.edit_claim("remove", [rotterdam], "ann")
    kept = tuple(c for c in CLUSTERS if "Rotterdam" not in c[0])
    monkeypatch.setattr(tui_fixtures, "CLUSTERS", kept)
    build_fixture_db(built.path)  # re-analysis no longer finds that claim
    with Store.open(built.path) as store:
        (edit,) = store.claim_edit_log()
        assert edit.applied == 0 and edit.reason == "the sentence is in no claim now"
        assert edit.text == DOCS[2].lines[2]  # still listed, with its sentence
    monkeypatch.setattr(tui_fixtures, "CLUSTERS", CLUSTERS)
    build_fixture_db(built.path)  # found again: the edit applies again
    with Store.open(built.path) as store:
        assert store.claim_edit_log()[0].applied == 1
        assert store.cluster_of_claim(rotterdam) is None


def test_an_edit_whose_sentence_is_gone_is_kept_and_marked(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(built.path) as store:
        nord = key_of(store, built, 3, 1)
        store.edit_claim("reject", [nord], "ann")
    reworded = DOCS[3].lines[1].replace("head of the company", "its head")
    changed = replace(DOCS[3], lines=(DOCS[3].lines[0], reworded))
    monkeypatch.setattr(tui_fixtures, "DOCS", (*DOCS[:3], changed, *DOCS[4:]))
    build_fixture_db(built.path)  # the article now says it in other words: a new sentence
    with Store.open(built.path) as store:
        (edit,) = store.claim_edit_log()
        assert (edit.applied, edit.text) == (0, None)
        assert edit.reason == "its sentence is no longer in any article"
        assert store.undo("ann") is not None  # still the reviewer's step to take back


def test_undo_refuses_to_erase_another_reviewers_later_edit(built: Built) -> None:
    with Store.open(built.path) as store:
        ledger, kyodo = key_of(store, built, 1, 1), key_of(store, built, 2, 1)
        other = key_of(store, built, 1, 2)
        store.edit_claim("remove", [ledger], "ann")
        store.edit_claim("add", [ledger], "bob", target=other)  # bob placed what ann removed
        with pytest.raises(UndoConflict, match="would change bob's add of") as refused:
            store.undo("ann")
        assert "your remove of claim" in str(refused.value)
        assert store.cluster_of_claim(ledger) == store.cluster_of_claim(other)  # nothing changed
        store.undo("bob")
        store.undo("ann")
        assert claim_members(store, ledger)[kyodo] == "same_claim"
        # another sentence of the same claim, or an unrelated claim: no conflict, bob's stands
        store.edit_claim("remove", [ledger], "ann")
        store.edit_claim("reject", [kyodo], "bob")
        store.edit_claim("reject", [other], "bob")
        assert store.undo("ann") is not None
        assert claim_members(store, ledger)[kyodo] == "related"


def test_replay_without_edits_gives_the_clusters_back() -> None:
    claims = [Claim(1, "a", "k1", [Member(1, "x", "X said.", 1.0, "same_claim")])]
    out, outcome = apply_edits(claims, [])
    assert out == claims and outcome == {}
    _, outcome = apply_edits(claims, [Edit(5, "remove", "ann", ("gone",), ("x",))])
    assert outcome == {5: "its sentence is no longer in any article"}


# ---- any sequence of edits, then undo all: the clusters analysis wrote ---------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_edits_then_undo_all_restore_the_original_clusters(
    built_template: Built, data: st.DataObject
) -> None:
    path = copy_built(built_template, Path(tempfile.mkdtemp())).path
    with Store.open(path) as store:
        before = clusters_of(store)
        keys = sorted({s.claim_key for a in store.articles() for s in store.sentences(a.id)})
        done = 0
        for _ in range(data.draw(st.integers(1, 8), label="edits")):
            groups = [
                [m.claim_key for m in store.cluster_members(c.id)]
                for c in store.clusters(limit=100)
            ]
            flat = [k for g in groups for k in g]
            assert len(flat) == len(set(flat))  # a sentence is in one claim at most
            group = data.draw(st.sampled_from(groups))
            kind = data.draw(st.sampled_from(["remove", "split", "merge", "add", "confirm",
                                              "reject"]))  # fmt: skip
            pool = keys if kind == "add" else group
            chosen = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
            target = data.draw(st.sampled_from(flat))
            reviewer = data.draw(st.sampled_from(["ann", "bob"]))
            try:
                store.edit_claim(kind, chosen, reviewer, target=target)
                done += 1
            except StoreError:
                pass
        undone = 0
        for reviewer in ("ann", "bob", "ann", "bob") * 6:  # interleaved: conflicts resolve
            try:
                undone += store.undo(reviewer) is not None
            except UndoConflict:
                continue
        assert undone == done
        assert clusters_of(store) == before
