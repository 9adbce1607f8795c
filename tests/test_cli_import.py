"""`corroborator import` / `export` / `stats` / `db-path` from the outside: exit codes, one-line
errors, and nothing half-written."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from cli_fixtures import run
from click.testing import CliRunner, Result

from store import SCHEMA_VERSION, Store
from tui.cli import main


def one_error_line(result: Result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "expected a message on stderr"
    assert all(line.startswith("corroborator: error: ") for line in lines), result.stderr
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


def articles_in(db: Path) -> int:
    with Store.open(db) as s:
        return s.counts().articles


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "c.db"


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text("Harbour Council approves ferry link\n\nThe council voted on Monday.\n")
    return path


def test_real_corpus_imports_once_and_exports_file_names(h20_dir: Path, db: Path) -> None:
    first = run("import", h20_dir, "--db", db)
    assert first.exit_code == 0, first.stderr
    assert "5 imported" in first.output
    again = run("import", h20_dir, "--db", db)
    assert again.exit_code == 0
    assert "0 imported, 5 already present" in again.output
    exported = json.loads(run("export", "--format", "json", "--db", db).output)
    files = sorted(a["file"] for a in exported["articles"])
    assert files == sorted(p.name for p in h20_dir.glob("*.txt"))
    translated = {a["file"][:3]: a["translated"] for a in exported["articles"]}
    assert translated["000"] is True and translated["001"] is False


def test_missing_path_is_one_line_and_others_still_import(db: Path, good: Path) -> None:
    result = run("import", good, good.parent / "nope.txt", "--db", db)
    assert result.exit_code == 1
    assert "nope.txt" in one_error_line(result)
    assert articles_in(db) == 1


def test_folder_with_nothing_importable(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    result = run("import", folder, "--db", db)
    assert result.exit_code == 1
    assert "empty" in one_error_line(result)


def test_a_pipe_or_device_is_named_as_such(db: Path, tmp_path: Path, good: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = run("import", pipe, good, "--db", db)
    assert result.exit_code == 1
    assert "pipe.txt: not a regular file" in one_error_line(result)
    assert articles_in(db) == 1


def test_hostile_folders_give_one_line_per_file(db: Path, tmp_path: Path) -> None:
    """0-byte files, a JSON array of non-objects and a newline in a path name: each problem is
    one escaped line, the good article still goes in and the export says where it wrote."""
    folder = tmp_path / "odd\nname"
    folder.mkdir()
    for name in ("a.txt", "b.json", "c.html"):
        (folder / name).write_bytes(b"")
    (folder / "list.json").write_text('[1, "x", null, [2]]')
    (folder / "new\nline.txt").write_text("The council voted on Monday to open the link.\n")
    result = run("import", folder, "--db", db)
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 7 and all(e.startswith("corroborator: error: ") for e in errors)
    assert all("odd\\nname" in e for e in errors)
    (added,) = [line for line in result.output.splitlines() if line.startswith("imported")]
    assert added.endswith("new\\nline.txt")
    out = tmp_path / "x\ny.json"
    exported = run("export", "--db", db, "-o", out)
    assert exported.exit_code == 0 and exported.stderr.strip().endswith("x\\ny.json")
    assert len(json.loads(out.read_text())["articles"]) == 1


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("binary.txt", b"\x00\x01\x02\xff\xfe" * 200, "binary"),
        ("blank.txt", b"   \n\n\t  \n", "empty"),
        ("broken.json", b'{"text": "An article", "title": ', "JSON"),
        ("notext.json", b'{"title": "No body"}', "text"),
    ],
)
def test_bad_file_reports_and_leaves_nothing_behind(
    db: Path, tmp_path: Path, good: Path, name: str, content: bytes, expect: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("import", bad, good, "--db", db)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert name in line and expect.lower() in line.lower()
    assert articles_in(db) == 1  # the good file went in, the bad one left no trace
    with Store.open(db) as s:
        assert [a.file_name for a in s.articles()] == ["good.txt"]


def test_not_a_database(tmp_path: Path, good: Path) -> None:
    fake = tmp_path / "fake.db"
    fake.write_text("just some notes\n" * 100)
    result = run("import", good, "--db", fake)
    assert result.exit_code == 1
    assert "not a corroborator database" in one_error_line(result)
    assert fake.read_text().startswith("just some notes")


def test_damaged_database_is_named_as_damaged(tmp_path: Path, good: Path) -> None:
    db = tmp_path / "c.db"
    assert run("import", good, "--db", db).exit_code == 0
    with sqlite3.connect(db) as conn:  # fold the WAL in, so the cut below hits real pages
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.truncate(size // 2)
    for args in (("analyze",), ("stats",), ("import", good)):
        result = run(*args, "--db", db)
        assert result.exit_code == 1
        assert "the database file is damaged" in one_error_line(result)


def test_newer_database(tmp_path: Path, good: Path) -> None:
    newer = tmp_path / "newer.db"
    Store.open(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    result = run("import", good, "--db", newer)
    assert result.exit_code == 1
    assert "newer corroborator" in one_error_line(result)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_database(tmp_path: Path, good: Path) -> None:  # pragma: no cover - non-root
    ro = tmp_path / "ro.db"
    Store.open(ro).close()
    ro.chmod(stat.S_IRUSR)
    result = run("import", good, "--db", ro)
    assert result.exit_code == 1
    assert "read-only" in one_error_line(result)


def test_read_only_database_via_immutable_folder(tmp_path: Path, good: Path) -> None:
    """As root, permissions do not bite; a database whose WAL cannot be written still must not
    crash: simulate with a query-only connection through the store's error path."""
    db = tmp_path / "q.db"
    with Store.open(db) as s:
        s.db.execute("PRAGMA query_only = ON")
        with pytest.raises(Exception, match="read-only"):
            s.add_article(text="x", sha256="x", source="O")


def test_locked_database(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import store.connection as connection

    db = tmp_path / "locked.db"
    Store.open(db).close()
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("import", good, "--db", db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "locked" in one_error_line(result)
    assert articles_in(db) == 0


def test_db_path_and_stats(db: Path, good: Path) -> None:
    assert run("db-path", "--db", db).output.strip() == str(db.resolve())
    run("import", good, "--db", db, "--source", "Harbour Gazette")
    out = run("stats", "--db", db).output
    assert "1 sources, 1 articles" in out


def test_usage_error_exits_2(db: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "pdf", "--db", str(db)])
    assert result.exit_code == 2


def test_commands_on_missing_database_fail_cleanly(tmp_path: Path) -> None:
    result = run("stats", "--db", tmp_path / "absent.db")
    assert result.exit_code == 1
    assert "no such database" in one_error_line(result)
