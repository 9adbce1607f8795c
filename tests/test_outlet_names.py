"""Issue 9, item 3: outlets get real names at import (--source-map) and by a rename at any time,
from the command line or the Sources screen, recorded in the review log and undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_fixtures import run
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input
from tui_fixtures import async_test, open_screen, scored

from analysis.source_map import SourceMapError, parse_source_map
from store import Store
from tui.app import ReviewApp
from tui.screens import SourcesScreen


def names(db: Path) -> list[str]:
    with Store.open(db) as store:
        return [s.name for s in store.sources()]


def test_source_map_rules_first_match_wins() -> None:
    m = parse_source_map("pattern,outlet\n# comment\n000_*,Daily A\nwire/,Wire B\n*.txt,Rest\n")
    assert m.outlet_for("/x/000_ab.txt") == "Daily A"
    assert m.outlet_for("/in/wire/001.html") == "Wire B"
    assert m.outlet_for("/in/other/001.txt") == "Rest"
    assert m.outlet_for("/in/other/001.json", "001.json#3") is None
    for bad in ("", "pattern,outlet\n", "a,b,c\n", ",x\n"):
        with pytest.raises(SourceMapError, match="source map"):
            parse_source_map(bad)
    with pytest.raises(SourceMapError, match="line 1: the outlet is empty"):
        parse_source_map("000_*, \n")  # was "expected two values ..., got 2"


@pytest.mark.parametrize("given", ["", "   "])
def test_import_refuses_a_blank_source_name(tmp_path: Path, given: str) -> None:
    """Found trying bad input: `--source "   "` made an outlet named three spaces."""
    article = tmp_path / "a.txt"
    article.write_text("The council opened the new library on Friday.\n")
    result = run("import", article, "--source", given, "--db", tmp_path / "x.db")
    assert result.exit_code == 1 and "--source needs an outlet name" in result.stderr
    assert not (tmp_path / "x.db").exists() or names(tmp_path / "x.db") == []
    spaced = run("import", article, "--source", "  The  Herald ", "--db", tmp_path / "x.db")
    assert spaced.exit_code == 0 and names(tmp_path / "x.db") == ["The Herald"]


@given(st.text(max_size=200))
def test_source_map_parser_fails_in_one_line_or_not_at_all(text: str) -> None:
    try:
        parse_source_map(text)
    except SourceMapError as exc:
        assert "\n" not in str(exc)


def test_import_with_a_source_map_then_rename_and_undo(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "wire").mkdir(parents=True)
    (folder / "000_a1b2c3d4e5f60718.txt").write_text("A plant opened on Monday in the town.\n")
    (folder / "wire" / "x.txt").write_text("The plant opened on Monday, officials said.\n")
    (folder / "z_9f8e7d6c5b4a3921.txt").write_text("Nobody mapped this file at all.\n")
    rules = tmp_path / "map.csv"
    rules.write_text("000_*,Daily A\nwire/,Wire B\n")
    db = tmp_path / "x.db"
    assert run("import", folder, "--source-map", rules, "--db", db).exit_code == 0
    assert sorted(names(db)) == ["Daily A", "Wire B", "z_9f8e7d6c5b4a3921"]
    bad = tmp_path / "bad.csv"
    bad.write_text("only-one-column\n")
    result = run("import", folder, "--source-map", bad, "--db", db)
    assert result.exit_code == 1 and "bad.csv line 1" in result.stderr
    result = run("sources", "rename", "z_9f8e7d6c5b4a3921", "The Herald", "--reviewer", "ana",
                 "--db", db)  # fmt: skip
    assert result.exit_code == 0
    assert "The Herald" in names(db)
    refused = run("sources", "rename", "The Herald", "Wire B", "--db", db)
    assert refused.exit_code == 1 and "exists already" in refused.stderr
    with Store.open(db) as store:
        (row,) = [r for r in store.review_log() if r.action == "rename"]
        assert (row.value, row.reviewer) == ("The Herald", "ana")
    assert run("undo", "--reviewer", "ana", "--db", db).exit_code == 0
    assert "z_9f8e7d6c5b4a3921" in names(db) and "The Herald" not in names(db)
    assert run("redo", "--reviewer", "ana", "--db", db).exit_code == 0
    assert "The Herald" in names(db)


@async_test
async def test_rename_from_the_sources_screen_and_undo(app: ReviewApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, "s", SourcesScreen)
        await scored(pilot)
        old = screen._stats[screen._current_source_key() or ""].name
        await pilot.press("f2")
        app.screen.query_one(Input).value = "Renamed Outlet"
        await pilot.press("enter")
        await scored(pilot)
        assert "Renamed Outlet" in {s.name for s in screen._scores.values()}
        await pilot.press("u")
        await scored(pilot)
        shown = {s.name for s in screen._scores.values()}
        assert old in shown and "Renamed Outlet" not in shown


def test_outlet_notes_follow_renames_and_undo(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A plant opened on Monday in the town.\n")
    (folder / "b.txt").write_text("The plant opened on Monday, officials said.\n")
    db = tmp_path / "x.db"
    assert run("import", folder, "--db", db).exit_code == 0
    with Store.open(db) as store:
        store.add_note("source", "A", "wire copy", "ana")
        store.rename_source("A", "Herald", "ana")
        store.add_note("source", "Herald", "checked", "ana")
        assert [n.note for n in store.notes("source", "Herald")] == ["wire copy", "checked"]
        assert store.all_notes()[("source", "Herald")] == ["wire copy", "checked"]
        assert "A" not in store.notes_for("source", ["A", "B"])
        store.undo("ana")  # the second note
        store.undo("ana")  # the rename: every note made under either name is back on "A"
        assert [n.note for n in store.notes("source", "A")] == ["wire copy"]
        store.rename_source("B", "Herald", "ana")  # another outlet takes the freed name
        assert [n.note for n in store.notes("source", "Herald")] == []
        assert [n.note for n in store.notes("source", "A")] == ["wire copy"]
