"""Exports (JSON, CSV, Markdown, ClaimReview), the gazetteer commands and `demo --no-tui`, run
through the command line on the demo database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_fixtures import run

from store import Store


@pytest.fixture
def db(demo_copy: Path) -> Path:
    return demo_copy


def test_json_export_carries_articles_clusters_flags_and_scores(db: Path) -> None:
    data = json.loads(run("export", "--format", "json", "--db", db).output)
    assert len(data["articles"]) == 6
    assert all(a["file"] and a["sentences"] > 0 for a in data["articles"])
    assert {a["translated"] for a in data["articles"]} == {True, False}
    assert data["clusters"] and all(len(c["members"]) >= 2 for c in data["clusters"])
    member = data["clusters"][0]["members"][0]
    article_text = {a["id"]: a for a in data["articles"]}
    assert member["file"] == article_text[member["article"]]["file"]
    kinds = {f["kind"] for f in data["flags"]}
    assert {"contradiction", "name_variant", "translation_artifact", "page_residue"} <= kinds
    contradiction = next(f for f in data["flags"] if f["kind"] == "contradiction")
    assert len(contradiction["sides"]) == 2
    assert contradiction["sides"][0]["article"] != contradiction["sides"][1]["article"]
    for source in data["sources"]:
        low, high = source["interval_90"]
        assert 0 <= low <= source["score"] <= high <= 1


def test_export_reflects_decisions_and_notes(db: Path) -> None:
    with Store.open(db) as store:
        flag = store.flags(kind="name_variant")[0]
        store.set_flag_status(flag.fingerprint, "corrected", "ana", correction="Victor Hale")
        store.add_note("flag", flag.fingerprint, "checked the company release", "ana")
    data = json.loads(run("export", "--format", "json", "--db", db).output)
    exported = next(f for f in data["flags"] if f["id"] == flag.fingerprint)
    assert exported["status"] == "corrected"
    assert exported["correction"] == "Victor Hale"
    assert exported["notes"] == ["checked the company release"]


def test_csv_export_is_one_parseable_table(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert run("export", "--format", "csv", "--db", db, "-o", out).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbftable,")  # the BOM a spreadsheet needs
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["table"] for r in rows} == {"source", "evidence", "claim", "flag"}
    assert all(r["quote"] for r in rows if r["table"] == "flag")
    assert all(
        r["other_quote"] for r in rows if r["table"] == "flag" and r["kind"] == "contradiction"
    )


def test_markdown_export_reads_as_a_report(db: Path) -> None:
    text = run("export", "--format", "md", "--db", db).output
    assert text.startswith("# Corroborator report")
    assert "## Sources" in text and "## Contradictions" in text
    assert "Hanbit Economic Daily" in text


def test_flags_command_filters(db: Path) -> None:
    out = run("flags", "--kind", "name_variant", "--db", db).output
    assert "Bictor Hale" in out and "Victor Hale" in out
    assert "contradiction" not in out.split("\n", 2)[2]
    none = run("flags", "--kind", "name_variant", "--status", "rejected", "--db", db).output
    assert none.strip() == "no flags match"


def test_gazetteer_add_and_import_feed_the_next_analysis(db: Path, tmp_path: Path) -> None:
    # a name no naming convention produces, in one machine-translated article: unverified
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "Plant opening set for 2028\n\nThe plant will open in 2028, analyst Dravko Qzentil "
        "said on Monday. Dravko Qzentil added that the schedule was tight.\n"
    )
    assert run("import", extra, "--translated", "--source", "Extra Wire", "--db", db).exit_code == 0
    assert run("analyze", "--db", db).exit_code == 0
    with Store.open(db) as store:
        assert "Dravko Qzentil" in {f.quote for f in store.flags(kind="unverified_name")}
    result = run("gazetteer", "add", "Dravko Qzentyl", "--alias", "Dravko Qzentil", "--db", db)
    assert result.exit_code == 0 and "added" in result.output
    assert "already known" in run("gazetteer", "add", "Dravko Qzentyl", "--db", db).output
    table = tmp_path / "people.csv"
    table.write_text("name,aliases,kind,description,wikidata\nMara Quell,M. Quell,person,mayor,\n")
    assert "1 of 1" in run("gazetteer", "import", table, "--db", db).output
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run("gazetteer", "import", bad, "--db", db)
    assert result.exit_code == 1 and "bad.json" in result.stderr
    assert run("analyze", "--db", db).exit_code == 0
    with Store.open(db) as store:
        open_names = {f.quote for f in store.flags(kind="unverified_name")}
    assert "Dravko Qzentil" not in open_names


def test_demo_without_tui_builds_once_then_reuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORROBORATOR_DATA_DIR", str(tmp_path / "data"))
    first = run("demo", "--no-tui")
    assert first.exit_code == 0
    path = Path(first.output.strip())
    assert path.parent == tmp_path / "data"
    with Store.open(path) as store:
        store.set_flag_status(store.flags()[0].fingerprint, "accepted", "ana")
    again = run("demo", "--no-tui")
    assert Path(again.output.strip()) == path
    with Store.open(path) as store:
        assert store.counts().reviews == 1


def test_csv_bom_is_for_files_and_can_be_turned_either_way(db: Path, tmp_path: Path) -> None:
    assert run("export", "--format", "csv", "--db", db).output.startswith("table,")
    assert run("export", "--format", "csv", "--bom", "--db", db).output.startswith("\ufefftable,")
    out = tmp_path / "plain.csv"
    assert run("export", "--format", "csv", "--no-bom", "--db", db, "-o", out).exit_code == 0
    assert out.read_bytes().startswith(b"table,")
    json_out = tmp_path / "x.json"
    assert run("export", "--format", "json", "--db", db, "-o", json_out).exit_code == 0
    assert json_out.read_bytes().startswith(b"{")  # never a BOM outside CSV
