"""Several reviewers on one database: undo never erases another reviewer's later decision, one
reviewer name in two processes never undoes one step twice, and writers wait for each other. A
step another reviewer overrode can be set aside (`skip`: off the stack, its rows stay in the log)
so undo reaches the step before it, also after a killed writer and a re-analysis."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from cli_fixtures import run
from sqlite_utils import Database

from analysis.pipeline import analyze
from store import AnalysisPayload, Store, StoreError
from store.reviews import UndoConflict, latest_state
from store.schema import APPLICATION_ID, MIGRATIONS

FINGERPRINTS = ("fp-a", "fp-b", "fp-c")


def _payload() -> AnalysisPayload:
    return AnalysisPayload(
        sentences=[
            {"article_id": 1, "idx": 0, "start": 0, "end": 12, "text": "Hello world.",
             "residue": None, "claim_key": "k0"},
        ],
        flags=[
            {"fingerprint": fp, "kind": "page_residue", "detector": "test", "article_id": 1,
             "sentence_idx": 0, "start": 0, "end": 5, "quote": "Hello", "confidence": 0.5,
             "explanation": "x", "claim_key": "k0"}
            for fp in FINGERPRINTS
        ],
    )  # fmt: skip


@pytest.fixture
def path(tmp_path: Path) -> Path:
    db = tmp_path / "multi.db"
    with Store.open(db) as s:
        s.add_article(text="Hello world.", sha256="a", source="O")
        s.write_analysis(_payload())
    return db


@pytest.fixture
def store(path: Path) -> Store:
    s = Store.open(path)
    yield s
    s.close()


def statuses(store: Store) -> tuple[str, ...]:
    return tuple(store.flag(fp).status for fp in FINGERPRINTS)


def test_undo_refuses_to_erase_a_later_decision_of_another_reviewer(store: Store) -> None:
    store.set_flag_status("fp-a", "accepted", "Ana")
    store.set_flag_status("fp-a", "rejected", "Ben")
    log = len(store.review_log())
    with pytest.raises(UndoConflict, match="Ben") as refused:
        store.undo("Ana")
    assert "fp-a" in str(refused.value) and "\n" not in str(refused.value)
    assert store.flag("fp-a").status == "rejected"
    assert len(store.review_log()) == log  # nothing written
    store.undo("Ben")  # Ben may still take back his own decision
    assert store.flag("fp-a").status == "accepted"


def test_undo_goes_through_once_the_other_reviewer_withdrew(store: Store) -> None:
    store.set_flag_status("fp-a", "accepted", "Ana")
    store.set_flag_status("fp-a", "rejected", "Ben")
    store.undo("Ben")
    store.undo("Ana")
    assert store.flag("fp-a").status == "open"


def test_undo_restores_an_earlier_decision_of_another_reviewer(store: Store) -> None:
    store.set_flag_status("fp-a", "rejected", "Ben")
    store.set_flag_status("fp-a", "accepted", "Ana")
    store.undo("Ana")
    assert store.flag("fp-a").status == "rejected"
    store.undo("Ben")  # Ana withdrew her decision, so nothing of hers is in force to erase
    assert store.flag("fp-a").status == "open"


def test_redo_refuses_to_overwrite_a_decision_made_after_the_undo(store: Store) -> None:
    store.set_flag_status("fp-a", "accepted", "Ana")
    store.undo("Ana")
    store.set_flag_status("fp-a", "rejected", "Ben")
    with pytest.raises(UndoConflict, match=r"redo refused.*Ben"):
        store.redo("Ana")
    assert store.flag("fp-a").status == "rejected"


def test_a_bulk_step_is_undone_all_or_nothing(store: Store) -> None:
    store.set_flag_statuses(list(FINGERPRINTS), "accepted", "Ana")
    store.set_flag_status("fp-b", "rejected", "Ben")
    store.set_claim_status("k0", "false", "Ben")
    with pytest.raises(UndoConflict, match="fp-b “Hello” by Ben"):
        store.undo("Ana")
    assert statuses(store) == ("accepted", "rejected", "accepted")
    store.undo("Ben")  # the claim verdict
    store.undo("Ben")  # the flag decision
    store.undo("Ana")
    assert statuses(store) == ("open", "open", "open")


def test_the_refusal_names_a_few_conflicts_and_counts_the_rest(store: Store) -> None:
    many = [f"fp-{i}" for i in range(6)]
    store.set_flag_statuses(many, "accepted", "Ana")
    for fp in many:
        store.set_flag_status(fp, "rejected", "Ben")
    with pytest.raises(UndoConflict, match="and 3 more"):
        store.undo("Ana")


def test_merges_and_splits_of_one_spelling_conflict_but_notes_do_not(store: Store) -> None:
    store.merge_entities("Jon Smyth", "John Smith", "Ana")
    store.add_note("flag", "fp-a", "Ana's note", "Ana")
    store.add_note("flag", "fp-a", "Ben's note", "Ben")
    store.undo("Ana")  # withdrawing her note leaves Ben's alone
    assert [n.note for n in store.notes("flag", "fp-a")] == ["Ben's note"]
    store.split_entity("Jon Smyth", "Ben")
    with pytest.raises(UndoConflict, match="Jon Smyth by Ben"):
        store.undo("Ana")
    assert [(r.action, r.reviewer) for r in store.entity_decisions()] == [
        ("merge", "Ana"),
        ("split", "Ben"),
    ]


def test_a_conflict_is_a_store_error_so_every_front_end_shows_one_line(store: Store) -> None:
    store.set_claim_status("k0", "false", "Ana")
    store.set_claim_status("k0", "corroborated", "Ben")
    with pytest.raises(StoreError, match=r"^undo refused: .*claim k0 “Hello world.” by Ben"):
        store.undo("Ana")
    assert store.claim_status("k0") == "corroborated"


def _undo_once(path: str, start: Any, out: Any) -> None:
    with Store.open(path) as s:
        start.wait()
        out.put(s.undo("Ana") is not None)


def test_one_reviewer_name_in_two_processes_never_undoes_a_step_twice(path: Path) -> None:
    with Store.open(path) as s:
        s.set_flag_status("fp-a", "rejected", "Ana")
        s.set_flag_status("fp-a", "accepted", "Ana")
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    out = ctx.Queue()
    workers = [ctx.Process(target=_undo_once, args=(str(path), start, out)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert sorted(out.get(timeout=5) for _ in workers) == [True, True]
    with Store.open(path) as s:
        undos = [r for r in s.review_log() if r.op == "undo"]
        assert sorted(r.ref for r in undos) == [1, 2]  # each step once, never the same one twice
        assert s.flag("fp-a").status == "open"
        assert s.undo("Ana") is None


def test_a_write_waits_for_another_writer_that_finishes_within_the_timeout(
    path: Path, store: Store
) -> None:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO sources (name) VALUES ('held')")
    locked = threading.Event()

    def release_later() -> None:
        locked.wait(10)
        holder.execute("COMMIT")

    releaser = threading.Timer(0.3, release_later)
    releaser.start()
    locked.set()
    try:  # the undo reads its stack, then writes: it must wait, not fail at the first write
        store.set_flag_status("fp-a", "accepted", "Ana")
        store.undo("Ana")
    finally:
        releaser.join()
        holder.close()
    assert store.flag("fp-a").status == "open"
    assert "held" in [s.name for s in store.sources()]


def _vm_steps(store: Store, action: str) -> int:
    """SQLite virtual-machine steps one undo or redo executes: a cost measure without timing."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    store.db.conn.set_progress_handler(count, 1)
    try:
        getattr(store, action)("Ana")
    finally:
        store.db.conn.set_progress_handler(None, 1)
    return steps


@pytest.mark.parametrize("action", ["undo", "redo"])
def test_undo_and_redo_cost_does_not_grow_with_the_log(store: Store, action: str) -> None:
    def cost_after(decisions: int) -> int:
        with store.db.conn:
            store.db.conn.executemany(
                "INSERT INTO reviews (target_type, target, action, decision, reviewer, at)"
                " VALUES ('flag', ?, 'status', 'accepted', ?, 'now')",
                [(f"fp-{i % 997}", ("Ana", "Ben")[i % 2]) for i in range(decisions)],
            )
        store.set_flag_status("fp-a", "accepted", "Ana")
        if action == "redo":
            store.undo("Ana")
        return _vm_steps(store, action)

    small = cost_after(200)
    large = cost_after(20_000)
    assert large < small * 2


def test_an_old_log_gets_its_stacks_rebuilt_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](Database(conn))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    rows = [  # Ana: two decisions, the second undone; Ben: one bulk decision of two rows
        ("fp-a", "accepted", "do", None, None, "Ana"),
        ("fp-a", "rejected", "do", None, None, "Ana"),
        ("fp-b", "accepted", "do", None, "bulk1", "Ben"),
        ("fp-c", "accepted", "do", None, "bulk1", "Ben"),
        ("fp-a", "accepted", "undo", 2, "u1", "Ana"),
    ]
    conn.executemany(
        "INSERT INTO reviews (target_type, target, action, decision, op, ref, batch, reviewer,"
        " at) VALUES ('flag', ?, 'status', ?, ?, ?, ?, ?, 'then')",
        rows,
    )
    conn.close()

    def decision(s: Store, fp: str) -> str | None:
        row = latest_state(s.db, "flag", fp, "status")
        return row.decision if row else None

    with Store.open(path) as s:
        s.redo("Ana")
        assert decision(s, "fp-a") == "rejected"
        s.undo("Ben")
        assert [decision(s, fp) for fp in ("fp-b", "fp-c")] == [None, None]
        s.undo("Ana")
        s.undo("Ana")
        assert decision(s, "fp-a") is None
        assert s.undo("Ana") is None


def test_a_refusal_names_a_flag_by_the_id_the_flags_listing_prints(tmp_path: Path) -> None:
    long_id = "3ae535f2b9d5edca416eb2b4"
    db = tmp_path / "long.db"
    with Store.open(db) as s:
        s.add_article(text="Hello world.", sha256="a", source="O")
        payload = _payload()
        payload.flags = [{**payload.flags[0], "fingerprint": long_id}]
        s.write_analysis(payload)
        s.set_flag_status(long_id, "accepted", "Ana")
        s.set_flag_status(long_id, "rejected", "Ben")
        with pytest.raises(UndoConflict) as refused:
            s.undo("Ana")
    assert f"flag {long_id[:12]} “Hello” by Ben" in str(refused.value)


# ---- a refused step can be set aside, so undo is never stuck behind it ----------------------


def test_a_skipped_step_leaves_the_stack_and_stays_in_the_log(path: Path) -> None:
    with Store.open(path) as s:
        s.set_flag_status("fp-a", "accepted", "Ana")
        s.set_flag_status("fp-b", "accepted", "Ana")
        s.set_flag_status("fp-b", "rejected", "Ben")
        with pytest.raises(UndoConflict) as refused:
            s.undo("Ana")
        assert refused.value.first.target == "fp-b" and refused.value.op == "undo"
        log = s.review_log()
        undone = s.undo("Ana", skip=refused.value.step)
        assert undone is not None and undone.target == "fp-a"
        assert s.flag("fp-a").status == "open" and s.flag("fp-b").status == "rejected"
        assert s.review_log()[1:] == log  # only the undo row was added; Ana's fp-b row stays
        assert s.undo("Ana") is None  # the skipped step never comes back
        assert s.redo("Ana") is not None and s.flag("fp-a").status == "accepted"
        s.undo("Ben")  # Ben's own stack is untouched
        assert s.flag("fp-b").status == "accepted"  # back to Ana's decision, which stands


def test_skip_names_a_step_and_does_nothing_once_the_stack_moved(path: Path) -> None:
    with Store.open(path) as s:
        s.set_flag_status("fp-a", "accepted", "Ana")
        s.set_flag_status("fp-a", "rejected", "Ben")
        with pytest.raises(UndoConflict) as refused:
            s.undo("Ana")
        s.set_flag_status("fp-c", "accepted", "Ana")  # e.g. in another window: a new top
        undone = s.undo("Ana", skip=refused.value.step)  # the old step id is no longer on top
        assert undone is not None and undone.target == "fp-c"
        with pytest.raises(UndoConflict):  # the refused step is still there, still refused
            s.undo("Ana")


def test_a_skip_is_kept_when_the_step_before_is_refused_too(path: Path) -> None:
    with Store.open(path) as s:
        s.set_flag_status("fp-a", "accepted", "Ana")
        s.set_flag_status("fp-b", "accepted", "Ana")
        s.set_flag_status("fp-a", "rejected", "Ben")
        s.set_flag_status("fp-b", "rejected", "Ben")
        with pytest.raises(UndoConflict) as first:
            s.undo("Ana")
        with pytest.raises(UndoConflict) as second:
            s.undo("Ana", skip=first.value.step)
        assert second.value.first.target == "fp-a"
        assert s.undo("Ana", skip=second.value.step) is None  # nothing of Ana's left
        assert (s.flag("fp-a").status, s.flag("fp-b").status) == ("rejected", "rejected")


def test_a_refused_redo_can_be_skipped_too(path: Path) -> None:
    with Store.open(path) as s:
        s.set_flag_status("fp-a", "accepted", "Ana")
        s.set_flag_status("fp-b", "accepted", "Ana")
        s.undo("Ana")
        s.undo("Ana")
        s.set_flag_status("fp-a", "rejected", "Ben")
        with pytest.raises(UndoConflict) as refused:
            s.redo("Ana")
        redone = s.redo("Ana", skip=refused.value.step)
        assert redone is not None and redone.target == "fp-b"
        assert (s.flag("fp-a").status, s.flag("fp-b").status) == ("rejected", "accepted")


def test_the_command_line_offers_skip_and_skips(path: Path) -> None:
    with Store.open(path) as s:
        s.set_flag_status("fp-a", "accepted", "Ana")
        s.set_flag_status("fp-b", "accepted", "Ana")
        s.set_flag_status("fp-b", "rejected", "Ben")
    refused = run("undo", "--db", path, "--reviewer", "Ana")
    assert refused.exit_code == 1
    (line,) = refused.output.strip().splitlines()
    assert "Ben" in line and "fp-b" in line and "corroborator undo --skip" in line
    assert "by Ben, now rejected" in line  # what the flag is now; the step said "accepted"
    skipped = run("undo", "--skip", "--db", path, "--reviewer", "Ana")
    assert skipped.exit_code == 0, skipped.output
    first, second = skipped.output.strip().splitlines()
    assert first.startswith("set aside: your accept of flag") and "fp-b" in first
    assert "kept in the log" in first and "is accepted" not in first  # the step, not a state
    assert second.startswith("undone:") and "fp-a" in second
    with Store.open(path) as s:
        assert (s.flag("fp-a").status, s.flag("fp-b").status) == ("open", "rejected")


# ---- two reviewers, one killed mid-session, then a re-analysis, on the demo database --------


def _ben_overrides_then_dies(path: str, flag: str, member_key: str, target: str) -> None:
    """Ben's window: he rejects Ana's flag and puts the sentence she took out of her claim in
    another claim, then is killed (no close)."""
    s = Store.open(path)
    s.set_flag_status(flag, "rejected", "Ben")
    s.edit_claim("add", [member_key], "Ben", target=target)
    os.kill(os.getpid(), signal.SIGKILL)


def test_skip_after_a_killed_reviewer_and_a_reanalysis(demo_copy: Path) -> None:
    with Store.open(demo_copy) as s:
        first, last = (f.fingerprint for f in s.flags(status="open", limit=2))
        cluster, other = [c for c in s.clusters(multi_only=True) if c.n_sources >= 3][:2]
        members = [m for m in s.cluster_members(cluster.id) if m.tier == "same_claim"]
        target = s.cluster_members(other.id)[0].claim_key
        s.set_flag_status(first, "accepted", "Ana")
        s.edit_claim("remove", [members[0].claim_key], "Ana")
        s.set_flag_status(last, "accepted", "Ana")
    ben = multiprocessing.get_context("spawn").Process(
        target=_ben_overrides_then_dies,
        args=(str(demo_copy), last, members[0].claim_key, target),
    )
    ben.start()
    ben.join(60)
    assert ben.exitcode == -signal.SIGKILL
    with Store.open(demo_copy) as s:
        analyze(s, full=True, workers=1)
        with pytest.raises(UndoConflict, match="Ben") as on_flag:
            s.undo("Ana")
        with pytest.raises(UndoConflict, match="Ben") as on_edit:
            s.undo("Ana", skip=on_flag.value.step)
        assert on_edit.value.first.action == "edit"
        undone = s.undo("Ana", skip=on_edit.value.step)
        assert undone is not None and undone.target == first
        assert s.flag(first).status == "open"
        assert s.flag(last).status == "rejected"  # Ben's decisions stand
        edits = {(e.kind, e.reviewer): e for e in s.claim_edit_log()}
        assert edits[("add", "Ben")].applied and edits[("remove", "Ana")].applied
        mine = [r for r in s.review_log(1000) if r.reviewer == "Ana" and r.op == "do"]
        assert [r.target for r in mine][::2] == [last, first]  # both skipped steps kept
