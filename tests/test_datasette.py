"""Datasette: readable views over the review log, metadata that names real tables, and the
`datasette` / `db-path` commands naming the database the user is working with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_fixtures import run

from store import Store
from tui import datasette as ds
from tui.paths import demo_db, remember_opened


def test_views_show_verdicts_and_the_log_as_text(demo_copy: Path) -> None:
    with Store.open(demo_copy) as store:
        member = store.cluster_members(store.clusters(multi_only=True)[0].id)[0]
        flag = store.flags(kind="name_variant")[0]
        store.set_claim_status(member.claim_key, "false", "ana", note="The filing says otherwise.")
        store.add_note("claim", member.claim_key, "kept", "ana")
        store.add_note("claim", member.claim_key, "withdrawn later", "ana")
        store.undo("ana")
        store.set_flag_status(flag.fingerprint, "accepted", "ana")
        verdicts = list(store.db.query("SELECT * FROM claim_verdicts"))
        log = {r["id"]: r for r in store.db.query("SELECT * FROM review_log")}
    assert len(verdicts) == 1
    row = verdicts[0]
    assert row["verdict"] == "false" and row["sentence"] == member.text
    assert row["source"] == member.source and row["verdict_note"] == "The filing says otherwise."
    assert row["notes"] == "kept"  # the undone note is not in force
    abouts = [r["about"] for r in log.values()]
    assert abouts.count(member.text) >= 3
    assert f"name_variant: “{flag.quote}” ({flag.source})" in abouts


def test_metadata_describes_only_tables_and_views_that_exist(demo_copy: Path) -> None:
    with Store.open(demo_copy) as store:
        names = set(store.db.table_names()) | set(store.db.view_names())
    meta = ds.metadata("demo")
    tables = meta["databases"]["demo"]["tables"]
    assert set(tables) <= names
    assert {"claim_verdicts", "review_log", "open_flags", "flags", "reviews"} <= set(tables)
    assert all(t.get("title") for t in tables.values())


def test_datasette_without_datasette_prints_the_install_line(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ds, "installed", lambda: False)
    result = run("datasette", "--db", demo_copy)
    assert result.exit_code == 1
    assert "pip install datasette" in result.stderr and len(result.stderr.splitlines()) == 1


def test_datasette_runs_with_the_metadata_for_that_database(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ds, "installed", lambda: True)
    ran: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda _exe, argv: ran.append(list(argv)))
    assert run("datasette", "--db", demo_copy, "--port", "8002").exit_code == 0
    cmd = ran[0]
    assert cmd[1:4] == ["-m", "datasette", str(demo_copy.resolve())]
    assert cmd[-2:] == ["--port", "8002"]
    meta = json.loads(Path(cmd[cmd.index("--metadata") + 1]).read_text(encoding="utf-8"))
    assert "demo" in meta["databases"]
    printed = json.loads(run("datasette", "--db", demo_copy, "--metadata").stdout)
    assert printed == meta


def test_db_path_names_the_database_the_tui_opened_last(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("db-path").stdout.strip() == str((tmp_path / "corroborator.db").resolve())
    remember_opened(demo_copy)
    assert run("db-path").stdout.strip() == str(demo_copy.resolve())
    assert run("db-path", "--demo").stdout.strip() == str(demo_db().resolve())
    monkeypatch.setenv("CORROBORATOR_DB", str(tmp_path / "mine.db"))
    assert run("db-path").stdout.strip() == str((tmp_path / "mine.db").resolve())
    demo_copy.unlink()  # a database that is gone is not named
    monkeypatch.delenv("CORROBORATOR_DB")
    assert run("db-path").stdout.strip() == str((tmp_path / "corroborator.db").resolve())


def test_datasette_refuses_a_missing_database(tmp_path: Path) -> None:
    result = run("datasette", "--db", tmp_path / "nope.db")
    assert result.exit_code == 1 and "no such database" in result.stderr
