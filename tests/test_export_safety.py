"""`export -o` never destroys a database and never half-writes a file; CSV cells are never
formulas in a spreadsheet (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from cli_fixtures import run
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

import analysis.exporting as exporting
from analysis.report import FORMULA_STARTS, _FormulaSafeWriter, csv_cell
from store import AnalysisPayload, Store

EVIL = "=cmd|' /C calc'!A0"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "corroborator.db"
    with Store.open(path) as s:
        s.add_article(text="@SUM(1+1) was reported.", sha256="a", source=EVIL)
        s.add_article(text="-2 degrees were reported.", sha256="b", source="+Plus Outlet")
        s.write_analysis(
            AnalysisPayload(
                sentences=[
                    {"article_id": 1, "idx": 0, "start": 0, "end": 23,
                     "text": "@SUM(1+1) was reported.", "residue": None, "claim_key": "k0"},
                ],
                clusters=[
                    {"label": "-label", "key": "c0", "members": [
                        {"article_id": 1, "sentence_idx": 0, "similarity": 1.0, "source": EVIL},
                    ]},
                ],
            )
        )  # fmt: skip
    return path


def one_error(result: Result) -> str:
    (line,) = result.output.strip().splitlines()
    return line


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_export_onto_the_database_in_use_is_refused(db: Path) -> None:
    before = db.read_bytes()
    result = run("export", "--db", db, "-o", db)
    assert result.exit_code == 1
    assert "database in use" in one_error(result)
    assert db.read_bytes() == before
    with Store.open(db) as s:
        assert s.counts().articles == 2


def test_export_through_a_link_or_onto_a_side_file_of_the_database_is_refused(
    db: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(db)
    assert run("export", "--db", db, "-o", link).exit_code == 1
    wal = db.with_name(db.name + "-wal")
    result = run("export", "--db", db, "-o", wal)
    assert result.exit_code == 1 and "database in use" in one_error(result)
    with Store.open(db) as s:
        assert s.counts().articles == 2


def test_export_never_replaces_another_sqlite_file(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    Store.open(other).close()
    before = other.read_bytes()
    result = run("export", "--db", db, "-o", other)
    assert result.exit_code == 1 and "SQLite database" in one_error(result)
    assert other.read_bytes() == before


def test_an_ordinary_file_is_replaced_atomically(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("an older export\n")
    out.chmod(0o640)
    result = run("export", "--db", db, "-o", out)
    assert result.exit_code == 0
    assert out.read_text().startswith("{") and (out.stat().st_mode & 0o777) == 0o640
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.csv"
    out.write_text("the previous export\n")

    def disk_full(temp: str, target: object) -> None:  # as os.replace says it: both names
        raise OSError(28, "No space left on device", temp, None, str(target))

    monkeypatch.setattr(exporting.os, "replace", disk_full)
    result = run("export", "--db", db, "--format", "csv", "-o", out)
    assert result.exit_code == 1 and "No space left" in one_error(result)
    # the file asked for, not the temporary one beside it
    assert one_error(result).startswith(f"corroborator: error: {out}: not written")
    assert ".tmp" not in one_error(result)
    assert out.read_text() == "the previous export\n"
    assert leftovers(tmp_path) == []


def test_csv_cells_that_a_spreadsheet_would_evaluate_are_escaped(db: Path) -> None:
    result = run("export", "--db", db, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    sources = {r["source"] for r in rows if r["table"] == "source"}
    assert sources == {"'" + EVIL, "'+Plus Outlet"}
    claims = [(r["quote"], r["cluster"]) for r in rows if r["table"] == "claim"]
    assert claims == [("'@SUM(1+1) was reported.", "'-label")]
    cells = [v for r in rows for v in r.values() if v]
    assert not [v for v in cells if v.startswith(FORMULA_STARTS)]


@given(st.text())
def test_an_escaped_cell_never_starts_a_formula_and_loses_nothing(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_any_cell_survives_a_round_trip_through_a_csv_reader(texts: list[str]) -> None:
    """Commas, quotes, line breaks, NULs and non-ASCII are quoted so a reader splits no cell."""
    names = [f"c{i}" for i in range(len(texts))]
    buf = io.StringIO()
    writer = _FormulaSafeWriter(buf, fieldnames=names)
    writer.writerow(dict(zip(names, texts, strict=True)))
    (row,) = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert row == [str(csv_cell(t)) for t in texts]


@pytest.mark.parametrize("number", [-0.25, -3, 0, 1.5])
def test_numbers_stay_numbers(number: float) -> None:
    assert csv_cell(number) == number


def test_export_into_a_missing_folder_is_one_line(db: Path, tmp_path: Path) -> None:
    result = run("export", "--db", db, "-o", tmp_path / "absent" / "x.json")
    assert result.exit_code == 1 and "absent" in one_error(result)
    # it names the file asked for and why, not the temporary file the write would have used
    assert one_error(result).endswith(f"x.json: the folder {tmp_path / 'absent'} does not exist")
    assert os.path.exists(db)


def test_export_where_no_file_can_be_made_names_the_output(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that refuses new files (read-only, or a system folder such as /proc) made the
    error name the temporary file the write tried first."""
    out = tmp_path / "report.md"

    def refused(*, dir: str, prefix: str, suffix: str) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", os.path.join(dir, prefix + "x" + suffix))

    monkeypatch.setattr(exporting.tempfile, "mkstemp", refused)
    result = run("export", "--db", db, "--format", "md", "-o", out)
    assert result.exit_code == 1
    assert one_error(result) == (
        f"corroborator: error: {out}: cannot write in {tmp_path} (Permission denied)"
    )


def test_export_under_a_file_says_it_is_not_a_folder(db: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file\n")
    result = run("export", "--db", db, "-o", tmp_path / "notes.txt" / "x.json")
    assert one_error(result).endswith(f"the folder {tmp_path / 'notes.txt'} is not a folder")
