"""`corroborator claim ...`: the Claims screen's edits from the shell, and what the export shows."""

from __future__ import annotations

import json
from pathlib import Path

from cli_fixtures import run
from tui_fixtures import Built

from store import Store


def key(built: Built, doc: int, line: int) -> str:
    with Store.open(built.path) as store:
        (s,) = [s for s in store.sentences(built.article_ids[doc]) if s.idx == line]
        return s.claim_key


def cluster_of(built: Built, claim: str) -> int | None:
    with Store.open(built.path) as store:
        return store.cluster_of_claim(claim)


def test_each_edit_from_the_shell_then_undo(built: Built) -> None:
    db, r = built.path, ("--reviewer", "Ana")
    staff, deal, note = key(built, 1, 2), key(built, 0, 0), key(built, 2, 3)
    removed = run("claim", "remove", staff[:8], "--db", db, *r)
    assert removed.exit_code == 0, removed.output
    assert cluster_of(built, staff) is None
    added = run("claim", "add", note[:8], "--to", deal[:8], "--db", db, *r)
    assert added.exit_code == 0 and "[add by Ana]" in added.output
    assert cluster_of(built, note) == cluster_of(built, deal)
    rejected = run("claim", "reject", note, "--db", db, *r)
    assert rejected.exit_code == 0 and "related" in rejected.output
    confirmed = run("claim", "confirm", note, "--db", db, *r)
    assert confirmed.exit_code == 0
    split = run("claim", "split", key(built, 1, 1), key(built, 3, 1), "--db", db, *r)
    assert split.exit_code == 0
    assert cluster_of(built, key(built, 1, 1)) != cluster_of(built, key(built, 0, 1))
    merged = run("claim", "merge", key(built, 1, 1), "--to", key(built, 0, 1), "--db", db, *r)
    assert merged.exit_code == 0
    assert cluster_of(built, key(built, 1, 1)) == cluster_of(built, key(built, 0, 1))
    listing = run("claim", "edits", "--db", db)
    assert listing.exit_code == 0
    assert [line.split()[3] for line in listing.output.splitlines()] == [
        "remove", "add", "reject", "confirm", "split", "merge",
    ]  # fmt: skip
    for _ in range(6):
        assert run("undo", "--db", db, *r).exit_code == 0
    assert cluster_of(built, staff) is not None and cluster_of(built, note) is None
    assert run("claim", "edits", "--db", db).output.count("not applied: undone") == 6


def test_bad_input_is_one_line(built: Built) -> None:
    db = built.path
    missing = run("claim", "remove", "abcdef123456", "--db", db, "--reviewer", "Ana")
    assert missing.exit_code == 1
    assert missing.output.strip() == "corroborator: error: no claim with id abcdef123456"
    alone = run("claim", "remove", key(built, 4, 0), "--db", db, "--reviewer", "Ana")
    assert alone.exit_code == 1 and len(alone.output.strip().splitlines()) == 1
    assert "only one of its claim" in alone.output
    no_target = run("claim", "merge", key(built, 4, 0), "--db", db)
    assert no_target.exit_code == 2  # --to is required: click's usage error
    assert run("claim", "edits", "--db", db).output.strip() == "no claim edits"


def test_export_shows_the_edited_tier_and_who(built: Built, tmp_path: Path) -> None:
    db, nord = built.path, key(built, 3, 1)
    assert run("claim", "reject", nord, "--db", db, "--reviewer", "Ana").exit_code == 0
    out = tmp_path / "export.json"
    assert run("export", "--format", "json", "--db", db, "-o", out).exit_code == 0
    members = [m for c in json.loads(out.read_text())["clusters"] for m in c["members"]]
    (member,) = [m for m in members if m["claim"] == nord]
    assert (member["tier"], member["edit"], member["edited_by"]) == ("related", "reject", "Ana")
    others = [m for m in members if m["claim"] != nord]
    assert all(m["edited_by"] is None for m in others)


def test_show_lists_a_claims_members(built: Built) -> None:
    shown = run("claim", "show", key(built, 0, 0), "--db", built.path)
    assert shown.exit_code == 0
    assert len(shown.output.splitlines()) == 5  # heading and four members
    single = run("claim", "show", key(built, 2, 3), "--db", built.path)
    assert single.exit_code == 1 and "in no claim" in single.output
