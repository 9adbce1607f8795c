"""Writers wait for each other: a long write (analysis results) commits in steps and leaves the
write lock free between them, so a decision waits for one step, never the whole write."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

import store.connection as connection
from store import AnalysisPayload, Store

ARTICLES = 30


def _payload(tag: str = "") -> AnalysisPayload:
    """Sentences and clusters; another `tag` changes every one of them (none is kept)."""
    sentences = [
        {"article_id": a, "idx": k, "start": 0, "end": 9, "text": f"Claim {a} {k}{tag}.",
         "residue": None, "claim_key": f"k{a}-{k}"}
        for a in range(1, ARTICLES + 1) for k in range(100)
    ]  # fmt: skip
    clusters = [
        {"label": f"c{k}{tag}", "key": f"c{k}",
         "members": [{"article_id": a, "sentence_idx": k, "similarity": 0.9, "source": f"S{a}"}
                     for a in (1, 2)]}
        for k in range(100)
    ]  # fmt: skip
    flags = [
        {"fingerprint": "fp", "kind": "page_residue", "detector": "t", "article_id": 1,
         "sentence_idx": 0, "start": 0, "end": 5, "quote": "Claim", "confidence": 0.5,
         "explanation": "x", "claim_key": "k1-0"},
    ]  # fmt: skip
    return AnalysisPayload(sentences=sentences, clusters=clusters, flags=flags)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    db = tmp_path / "long.db"
    with Store.open(db) as s:
        for a in range(ARTICLES):
            s.add_article(text=f"Article {a}.", sha256=f"h{a}", source=f"S{a}")
        s.write_analysis(_payload())
    return db


def test_another_writer_gets_the_lock_between_steps(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[int] = []

    def reviewer_writes_in_the_gap(_seconds: float) -> None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)  # no waiting at all
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute(
                "INSERT INTO reviews (target_type, target, action, decision, reviewer, at)"
                " VALUES ('flag', 'fp', 'status', 'accepted', 'Ana', 'now')"
            )
            other.execute("COMMIT")
            written.append(1)
        finally:
            other.close()

    monkeypatch.setattr(connection.time, "sleep", reviewer_writes_in_the_gap)
    with Store.open(path) as s:
        summary = s.write_analysis(_payload("again"), step_seconds=0)
        assert len(written) >= 3  # deletes, sentence chunks and clusters each left a gap
        assert summary.sentences == s.counts().sentences == ARTICLES * 100
        assert s.counts().clusters == 100
        assert s.flag("fp").status == "accepted" and s.flag("fp").active == 1


def test_inside_an_outer_transaction_the_write_stays_one_transaction(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection.time, "sleep", lambda _s: pytest.fail("paused"))
    with Store.open(path) as s, s.db.atomic():
        s.write_analysis(_payload(), step_seconds=0)
        assert s.db.conn.in_transaction
    with Store.open(path) as s:
        assert s.counts().sentences == ARTICLES * 100


def test_a_failed_step_rolls_back_and_keeps_the_flags(path: Path) -> None:
    bad = _payload("again")  # every row changes: steps commit before the failure
    bad.clusters[0]["members"][0]["sentence_idx"] = 999  # no such sentence: fails mid-write
    with Store.open(path) as s:
        s.set_flag_status("fp", "rejected", "Ana")
        s.set_analysis_state("inputs", "digest of the last finished run")
        s.set_analysis_blobs({"memo": b"answers keyed by what they were computed from"})
        with pytest.raises(KeyError):
            s.write_analysis(bad, step_seconds=0)
        assert not s.db.conn.in_transaction
        assert s.analysis_state("inputs") is None  # the next run redoes the work
        assert s.analysis_blob("memo") is not None  # with the memos it can trust
        assert s.unfinished_analysis() is not None  # and stats/the TUI say so until then
        assert s.flag("fp").status == "rejected" and s.flag("fp").active == 1
        s.write_analysis(_payload())
        assert s.counts().clusters == 100
        assert s.unfinished_analysis() is None


def test_stats_warns_about_an_analysis_cut_short(path: Path) -> None:
    from click.testing import CliRunner

    from tui.cli import main

    bad = _payload("again")  # every row changes: steps commit before the failure
    bad.clusters[-1]["members"][0]["sentence_idx"] = 999
    with Store.open(path) as s, pytest.raises(KeyError):
        s.write_analysis(bad, step_seconds=0)
    result = CliRunner().invoke(main, ["stats", "--db", str(path)])
    assert result.exit_code == 0
    assert "warning: the analysis started" in result.output and "has not finished" in result.output


def test_gazetteer_add_waits_for_a_writer_instead_of_failing(path: Path) -> None:
    from click.testing import CliRunner

    from tui.cli import main

    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO sources (name) VALUES ('held')")
    releaser = threading.Timer(0.4, lambda: holder.execute("COMMIT"))
    releaser.start()
    try:
        result = CliRunner().invoke(main, ["gazetteer", "add", "Jane Roe", "--db", str(path)])
    finally:
        releaser.join()
        holder.close()
    assert result.exit_code == 0, result.output
    with Store.open(path) as s:
        assert [e["name"] for e in s.gazetteer_entries()] == ["Jane Roe"]
