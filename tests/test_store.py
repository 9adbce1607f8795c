"""The store: migrations, refusal of foreign/newer files, the append-only log, undo/redo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store import SCHEMA_VERSION, AnalysisPayload, Store, StoreError


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "t.db")
    yield s
    s.close()


def _payload(quote: str = "Hello") -> AnalysisPayload:
    return AnalysisPayload(
        sentences=[
            {"article_id": 1, "idx": 0, "start": 0, "end": 12, "text": "Hello world.",
             "residue": None, "claim_key": "k0"},
        ],
        flags=[
            {"fingerprint": f"fp-{quote}", "kind": "page_residue", "detector": "test",
             "article_id": 1, "sentence_idx": 0, "start": 0, "end": len(quote), "quote": quote,
             "confidence": 0.5, "explanation": "x", "claim_key": "k0"},
        ],
    )  # fmt: skip


def test_new_database_is_wal_with_foreign_keys_and_current_schema(store: Store) -> None:
    assert next(iter(store.db.query("PRAGMA journal_mode")))["journal_mode"] == "wal"
    assert next(iter(store.db.query("PRAGMA foreign_keys")))["foreign_keys"] == 1
    assert next(iter(store.db.query("PRAGMA user_version")))["user_version"] == SCHEMA_VERSION


def test_same_text_is_stored_once(store: Store) -> None:
    first = store.add_article(text="Some text.", sha256="abc", source="Outlet")
    again = store.add_article(text="Some text.", sha256="abc", source="Other")
    assert first == (1, True)
    assert again == (1, False)
    assert store.counts().articles == 1


def test_reviews_cannot_be_updated_or_deleted(store: Store) -> None:
    store.add_article(text="Hello world.", sha256="a", source="O")
    store.write_analysis(_payload())
    store.set_flag_status("fp-Hello", "accepted", "ann")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE reviews SET decision = 'rejected'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM reviews")
    assert store.flag("fp-Hello").status == "accepted"


def test_undo_and_redo_append_rows_and_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "u.db"
    with Store.open(path) as s:
        s.add_article(text="Hello world.", sha256="a", source="O")
        s.write_analysis(_payload())
        s.set_flag_status("fp-Hello", "accepted", "ann")
        s.set_flag_status("fp-Hello", "corrected", "ann", correction="Hi")
    with Store.open(path) as s:
        assert s.flag("fp-Hello").correction == "Hi"
        s.undo("ann")
        assert s.flag("fp-Hello").status == "accepted"
    with Store.open(path) as s:
        s.undo("ann")
        assert s.flag("fp-Hello").status == "open"
        assert s.undo("ann") is None
        s.redo("ann")
        assert s.flag("fp-Hello").status == "accepted"
        assert [r.op for r in reversed(s.review_log())] == ["do", "do", "undo", "undo", "redo"]


def test_undo_is_per_reviewer(store: Store) -> None:
    store.add_article(text="Hello world.", sha256="a", source="O")
    store.write_analysis(_payload())
    store.set_flag_status("fp-Hello", "accepted", "ann")
    store.add_note("flag", "fp-Hello", "checked the wire copy", "bob")
    store.undo("ann")
    assert store.flag("fp-Hello").status == "open"
    assert [n.note for n in store.notes("flag", "fp-Hello")] == ["checked the wire copy"]
    store.undo("bob")
    assert store.notes("flag", "fp-Hello") == []


def test_reanalysis_keeps_decided_flags_and_retires_missing_ones(store: Store) -> None:
    store.add_article(text="Hello world.", sha256="a", source="O")
    store.write_analysis(_payload("Hello"))
    store.set_flag_status("fp-Hello", "rejected", "ann")
    summary = store.write_analysis(_payload("world"))
    assert summary.new_flags == 1 and summary.retired_flags == 1
    old = store.flags(include_inactive=True, status="rejected")
    assert [f.fingerprint for f in old] == ["fp-Hello"] and old[0].active == 0
    store.write_analysis(_payload("Hello"))
    assert store.flag("fp-Hello").status == "rejected"
    assert store.flag("fp-Hello").active == 1
    assert store.counts().flags == 1


def test_search_takes_user_text_literally(store: Store) -> None:
    store.add_article(text="Hello world.", sha256="a", source="O")
    store.write_analysis(_payload())
    assert store.search_sentences("U.S. Port-au-Lune") == []
    assert [s.text for s in store.search_sentences("hello")] == ["Hello world."]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer corroborator"):
        Store.open(path)


def test_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a corroborator database"):
        Store.open(path)
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert tables == ["accounts"]


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="not a corroborator database"):
        Store.open(path)


def test_locked_database_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.connection as connection

    path = tmp_path / "locked.db"
    Store.open(path).close()
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            s = Store.open(path)
            s.add_article(text="x", sha256="x", source="O")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_missing_database_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store.open(tmp_path / "absent.db", create=False)


def test_bulk_decision_is_one_undo_step(store: Store) -> None:
    store.add_article(text="Hello world.", sha256="a", source="O")
    payload = _payload("Hello")
    payload.flags.append({**payload.flags[0], "fingerprint": "fp-world", "quote": "world"})
    store.write_analysis(payload)
    store.set_flag_status("fp-Hello", "rejected", "ann")
    store.set_flag_statuses(["fp-Hello", "fp-world"], "accepted", "ann")
    store.undo("ann")
    assert (store.flag("fp-Hello").status, store.flag("fp-world").status) == ("rejected", "open")
    store.redo("ann")
    assert (store.flag("fp-Hello").status, store.flag("fp-world").status) == (
        "accepted",
        "accepted",
    )
    store.undo("ann")
    store.undo("ann")
    assert store.flag("fp-Hello").status == "open"


def test_bulk_decision_rolls_back_as_a_whole(store: Store) -> None:
    store.add_article(text="Hello world.", sha256="a", source="O")
    store.write_analysis(_payload("Hello"))
    with pytest.raises(StoreError):
        store.set_flag_statuses(["fp-Hello"], "corrected", "ann")
    assert store.review_log() == []


def test_claim_verdicts_reach_the_scoring_input(store: Store) -> None:
    store.add_article(text="Hello world.", sha256="a", source="O")
    store.write_analysis(_payload())
    store.set_claim_status("k0", "false", "ann")
    (fact,) = store.scoring_input().claims
    assert (fact.claim_key, fact.verdict, fact.cluster_id) == ("k0", "false", None)
    store.undo("ann")
    assert store.scoring_input().claims == []  # no verdict, no cluster: nothing to score


def test_notes_for_many_targets_in_one_call_leaves_out_withdrawn_ones(store: Store) -> None:
    keys = [f"claim-{i}" for i in range(1203)]  # more than one chunk of bound parameters
    store.add_note("claim", keys[0], "first", "ann")
    store.add_note("claim", keys[0], "second", "ann")
    store.add_note("claim", keys[1202], "last", "ann")
    store.add_note("flag", keys[5], "other kind of target", "ann")
    store.add_note("claim", keys[7], "taken back", "ann")
    store.undo("ann")
    got = store.notes_for("claim", keys)
    assert {k: [n.note for n in v] for k, v in got.items()} == {
        keys[0]: ["first", "second"],
        keys[1202]: ["last"],
    }
    assert store.notes_for("claim", []) == {}


def test_the_scoring_marker_moves_with_every_write_scoring_reads(store: Store) -> None:
    marks = [store.scoring_marker()]
    store.add_article(text="Hello world.", sha256="a", source="O")
    marks.append(store.scoring_marker())
    store.write_analysis(_payload())
    marks.append(store.scoring_marker())
    assert store.scoring_marker() == marks[-1]  # reading changes nothing
    store.set_claim_status("k0", "false", "ann")
    marks.append(store.scoring_marker())
    store.undo("ann")
    marks.append(store.scoring_marker())
    store.rename_source("O", "Other", "ann")
    marks.append(store.scoring_marker())
    assert len(set(marks)) == len(marks)
