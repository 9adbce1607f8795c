"""`corroborator undo` / `redo`: one reviewer's step from the shell; a refusal is one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_fixtures import run

from store import AnalysisPayload, Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli-undo.db"
    with Store.open(path) as s:
        s.add_article(text="Hello world.", sha256="a", source="O")
        s.write_analysis(
            AnalysisPayload(
                sentences=[
                    {"article_id": 1, "idx": 0, "start": 0, "end": 12, "text": "Hello world.",
                     "residue": None, "claim_key": "k0"},
                ],
                flags=[
                    {"fingerprint": "fp-a", "kind": "page_residue", "detector": "t",
                     "article_id": 1, "sentence_idx": 0, "start": 0, "end": 5, "quote": "Hello",
                     "confidence": 0.5, "explanation": "x", "claim_key": "k0"},
                ],
            )
        )  # fmt: skip
    return path


def status(db: Path) -> str:
    with Store.open(db) as s:
        return s.flag("fp-a").status


def test_undo_and_redo_from_the_shell(db: Path) -> None:
    with Store.open(db) as s:
        s.set_flag_status("fp-a", "accepted", "Ana")
    undone = run("undo", "--db", db, "--reviewer", "Ana")
    assert undone.exit_code == 0 and "fp-a" in undone.output and "open" in undone.output
    assert status(db) == "open"
    redone = run("redo", "--db", db, "--reviewer", "Ana")
    assert redone.exit_code == 0 and status(db) == "accepted"
    nothing = run("redo", "--db", db, "--reviewer", "Ana")
    assert nothing.exit_code == 1 and "nothing to redo" in nothing.output


def test_refused_undo_is_one_line_naming_the_other_reviewer(db: Path) -> None:
    with Store.open(db) as s:
        s.set_flag_status("fp-a", "accepted", "Ana")
        s.set_flag_status("fp-a", "rejected", "Ben")
    result = run("undo", "--db", db, "--reviewer", "Ana")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("corroborator: error: undo refused") and "fp-a “Hello” by Ben" in line
    assert status(db) == "rejected"


def test_undo_of_a_decision_with_its_note_says_both(db: Path) -> None:
    with Store.open(db) as s:  # what `decide ID accept --note N` records
        s.record_decision("flag", "fp-a", "accepted", "Ana", note="checked the wire copy")
    lines = run("undo", "--db", db, "--reviewer", "Ana").output.strip().splitlines()
    assert len(lines) == 2 and all("fp-a" in line for line in lines)
    assert "note on flag “Hello” withdrawn" in lines[0] and "is open" in lines[1]


def test_undoing_a_rename_names_both_names_and_no_cut_name_as_an_id(db: Path) -> None:
    with Store.open(db) as s:
        old = s.sources()[0].name
        s.rename_source(old, "Renamed Wire", "Ana")
        s.merge_entities("Jon Smyth", "John Smith", "Ana")
    merged = run("undo", "--db", db, "--reviewer", "Ana").output.strip()
    assert merged == "undone: merge of “Jon Smyth” withdrawn"  # no "(Jon Smyth)" id after it
    renamed = run("undo", "--db", db, "--reviewer", "Ana").output.strip()
    assert renamed == f"undone: rename of outlet “{old}” to “Renamed Wire” withdrawn"
