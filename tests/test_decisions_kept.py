"""Issue 9, item 1: a decision is never hidden by a re-analysis, and an accepted name correction
is a known garble of the gazetteer entry, never an alias that replaces it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_fixtures import run
from tui_fixtures import async_test, open_screen

from analysis.gazetteer import Gazetteer, GazetteerEntry
from analysis.known_garbles import known_garble_flags, known_garbles
from analysis.model import ArticleText, FlagDraft, FlagSide, SentenceSpan
from store import AnalysisPayload, Store
from tui.app import ReviewApp
from tui.screens import FlagsScreen
from tui.widgets.paged_table import PagedTable


def export(db: Path, fmt: str) -> str:
    result = run("export", "--format", fmt, "--db", db)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def demo(demo_copy: Path) -> Path:
    """A private copy of the demo database built once per run (tests/conftest.py)."""
    return demo_copy


# ---- decided flags outlive an analysis that no longer finds them -------------------------------


def _flag(quote: str) -> dict[str, object]:
    return {"fingerprint": f"fp-{quote}", "kind": "translation_artifact", "detector": "test",
            "article_id": 1, "sentence_idx": 0, "start": 0, "end": len(quote), "quote": quote,
            "confidence": 0.5, "explanation": f"{quote} looks odd", "claim_key": "k0"}  # fmt: skip


def test_decided_and_annotated_flags_stay_listed_when_no_longer_found(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        store.add_article(text="Alpha beta gamma delta.", sha256="a", source="Outlet")
        sentence = {
            "article_id": 1,
            "idx": 0,
            "start": 0,
            "end": 23,
            "text": "Alpha beta gamma delta.",
            "residue": None,
            "claim_key": "k0",
        }
        quotes = ["Alpha", "beta", "gamma", "delta"]  # fmt: skip
        store.write_analysis(AnalysisPayload([sentence], flags=[_flag(q) for q in quotes]))
        store.set_flag_status("fp-Alpha", "accepted", "ana")
        store.add_note("flag", "fp-beta", "asked the desk", "ana")
        store.add_note("flag", "fp-gamma", "withdrawn later", "ana")
        store.undo("ana")  # the note on gamma is withdrawn: nothing keeps gamma any more
        summary = store.write_analysis(AnalysisPayload([sentence]))  # finds nothing now
        assert summary.retired_flags == 4
        kept = {f.quote: f for f in store.flags()}
        assert set(kept) == {"Alpha", "beta"}
        assert kept["Alpha"].status == "accepted" and not kept["Alpha"].detected
        assert store.flag_count() == 2 and store.flag_count(status="accepted") == 1
        assert store.counts().open_flags == 0
    listing = run("flags", "--db", db).output
    assert "Alpha" in listing and "no longer detected" in listing and "delta" not in listing
    data = json.loads(export(db, "json"))
    assert {(f["quote"], f["status"], f["detected"]) for f in data["flags"]} == {
        ("Alpha", "accepted", False), ("beta", "open", False),
    }  # fmt: skip
    rows = [r for r in csv.DictReader(io.StringIO(export(db, "csv"))) if r["table"] == "flag"]
    assert {(r["quote"], r["detected"]) for r in rows} == {("Alpha", "False"), ("beta", "False")}
    assert "accepted by ana, no longer detected" in export(db, "md")


# ---- the sequence of the issue, through the command line ---------------------------------------


def test_cli_decisions_survive_reanalysis_on_the_demo(demo: Path) -> None:
    data = json.loads(export(demo, "json"))
    names = [f for f in data["flags"] if f["kind"] == "name_variant"]
    other = next(f for f in data["flags"] if f["kind"] == "translation_artifact")
    assert len(names) >= 2
    accepted, corrected = names[0], names[1]
    assert run("decide", accepted["id"][:8], "accept", "--reviewer", "ana", "--db", demo)
    result = run("decide", corrected["id"], "correct", "--value", "Dr. Someone Else",
                 "--note", "per the company site", "--reviewer", "ana", "--db", demo)  # fmt: skip
    assert result.exit_code == 0 and "corrected" in result.output
    assert run("decide", other["id"], "reject", "--reviewer", "ana", "--db", demo).exit_code == 0
    analysed = run("analyze", "--db", demo)
    assert analysed.exit_code == 0
    assert "no longer found" not in analysed.output  # nothing new, nothing lost
    listing = run("flags", "--db", demo).output
    after = {f["id"]: f for f in json.loads(export(demo, "json"))["flags"]}
    for flag, status in ((accepted, "accepted"), (corrected, "corrected"), (other, "rejected")):
        assert flag["id"][:12] in listing
        assert after[flag["id"]]["status"] == status and after[flag["id"]]["detected"]
    assert after[corrected["id"]]["correction"] == "Dr. Someone Else"
    assert after[corrected["id"]]["notes"] == ["per the company site"]
    markdown, table = export(demo, "md"), export(demo, "csv")
    for flag in (accepted, corrected, other):
        assert flag["quote"] in markdown and flag["quote"] in table


def test_decide_refuses_bad_ids_and_values_in_one_line(demo: Path) -> None:
    flag_id = json.loads(export(demo, "json"))["flags"][0]["id"]
    for args, message in (
        (("decide", "zz", "accept"), "not a flag id"),
        (("decide", "ffffffffff", "accept"), "no flag with id"),
        (("decide", flag_id, "correct"), "needs the corrected text"),
        (("decide", flag_id, "accept", "--value", "x"), "--value goes with `correct`"),
        (("verdict", "abcdef", "false"), "no claim with id"),
    ):
        result = run(*args, "--db", demo)
        assert result.exit_code == 1 and message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    with Store.open(demo) as store:
        assert store.counts().reviews == 0


def test_verdict_undo_redo_from_the_command_line(demo: Path) -> None:
    data = json.loads(export(demo, "json"))
    claim = data["clusters"][0]["members"][0]["claim"]
    result = run("verdict", claim, "false", "--note", "the filing says otherwise",
                 "--reviewer", "ana", "--db", demo)  # fmt: skip
    assert result.exit_code == 0 and "false" in result.output
    with Store.open(demo) as store:
        assert store.claim_status(claim) == "false"
        assert [n.note for n in store.notes("claim", claim)] == ["the filing says otherwise"]
    assert "nothing to undo" in run("undo", "--reviewer", "bob", "--db", demo).stderr
    assert "undone" in run("undo", "--reviewer", "ana", "--db", demo).output
    with Store.open(demo) as store:  # one undo takes back the verdict and its note
        assert store.claim_status(claim) == "unreviewed"
        assert store.notes("claim", claim) == []
    assert "redone" in run("redo", "--reviewer", "ana", "--db", demo).output
    with Store.open(demo) as store:
        assert store.claim_status(claim) == "false"
        assert len(store.notes("claim", claim)) == 1


# ---- known garbles ----------------------------------------------------------------------------


def test_accepted_correction_is_a_known_garble_flagged_in_a_new_article(
    demo: Path, tmp_path: Path
) -> None:
    with Store.open(demo) as store:
        flag = store.flags(kind="name_variant")[0]
        store.set_flag_status(flag.fingerprint, "accepted", "ana")
        assert store.gazetteer_entries() == []  # no alias, no user entry
    garble, name = flag.quote, flag.suggestion
    new = tmp_path / "wire.txt"
    new.write_text(f"Officials met {garble} on Tuesday to discuss the plant.\n")
    assert run("import", new, "--source", "Some Wire", "--db", demo).exit_code == 0
    assert run("analyze", "--db", demo).exit_code == 0
    with Store.open(demo) as store:
        assert store.flag(flag.fingerprint).status == "accepted"
        assert store.flag(flag.fingerprint).detected
        (article,) = [a for a in store.articles() if a.source == "Some Wire"]
        (found,) = [f for f in store.flags(article_id=article.id) if f.quote == garble]
        assert found.suggestion == name and found.kind == flag.kind


def test_an_accepted_correction_leaves_the_gazetteer_entry_alone(
    h20_dir: Path, tmp_path: Path
) -> None:
    """The exact sequence of the issue on the real articles: accept one name flag, correct the
    other, re-analyse; both stay, and the entity the accepted one names keeps its gazetteer
    link and its own spellings. The real articles hold one garble a detector finds; a translated
    brief garbling a bundled legislator's name is the second."""
    runner_db = tmp_path / "real.db"
    brief = tmp_path / "brief.txt"
    brief.write_text(
        "Senate talks resume\n\nMaria Kantwell, the Democratic senator from Washington, "
        "praised the move on Tuesday. Farm groups then met Kantwell.\n",
        encoding="utf-8",
    )
    assert run("import", h20_dir, "--db", runner_db).exit_code == 0
    imported = run("import", brief, "--translated", "--source", "Brief", "--db", runner_db)
    assert imported.exit_code == 0
    assert run("analyze", "--db", runner_db).exit_code == 0
    with Store.open(runner_db) as store:
        flags = store.flags(kind="name_variant")
        assert len(flags) >= 2
        linked = {r["name"]: r["gazetteer_id"] for r in store._rows("SELECT * FROM entities")}
    in_gazetteer = [f for f in flags if linked.get(f.suggestion or "")]
    assert in_gazetteer, "one suggestion names a gazetteer entity"
    accepted = in_gazetteer[0]
    corrected = next(f for f in flags if f.fingerprint != accepted.fingerprint)
    run("decide", accepted.fingerprint, "accept", "--db", runner_db)
    run("decide", corrected.fingerprint, "correct", "--value", "A. Name", "--db", runner_db)
    out = run("analyze", "--db", runner_db).output
    assert "no longer found" not in out
    with Store.open(runner_db) as store:
        assert store.flag(accepted.fingerprint).status == "accepted"
        assert store.flag(accepted.fingerprint).detected
        assert store.flag(corrected.fingerprint).status == "corrected"
        entity = next(
            r for r in store._rows("SELECT * FROM entities WHERE name = ?", [accepted.suggestion])
        )
        assert entity["gazetteer_id"] == linked[accepted.suggestion]
        assert accepted.quote not in json.loads(entity["spellings"])


def _article(text: str) -> tuple[ArticleText, list[SentenceSpan]]:
    art = ArticleText(article_id=7, source="Wire", text=text, sha256="s")
    spans, start = [], 0
    for idx, line in enumerate(text.split("\n")):
        residue = "caption" if line.startswith("Photo") else None
        spans.append(SentenceSpan(idx, start, start + len(line), line, residue))
        start += len(line) + 1
    return art, spans


def test_known_garble_is_flagged_once_per_article_outside_residue() -> None:
    rows = [
        {"spelling": "Jon Smiht", "name": "John Smith", "kind": "name_variant",
         "decision": "accepted", "reviewer": "ana", "decided_at": "2026-01-01", "fingerprint": "a"},
        {"spelling": "Jon Smiht", "name": "Jon Smith", "kind": "name_variant",
         "decision": "corrected", "reviewer": "bo", "decided_at": "2026-01-02", "fingerprint": "a"},
        {"spelling": "Same Name", "name": "same name", "kind": "name_variant",
         "decision": "accepted", "reviewer": "bo", "decided_at": "2026-01-02", "fingerprint": "b"},
    ]  # fmt: skip
    garbles = known_garbles(rows)
    assert [(g.spelling, g.name, g.reviewer) for g in garbles] == [("Jon Smiht", "Jon Smith", "bo")]
    text = "Photo: Jon Smiht at home\nJon Smihts spoke.\nThen Jon Smiht and Jon Smiht again."
    art, spans = _article(text)
    gazetteer = Gazetteer([GazetteerEntry("g:1", "Jon Smith", description="a mayor")])
    (flag,) = known_garble_flags([art], {7: spans}, garbles, gazetteer)
    assert (flag.side.sentence_idx, flag.side.start) == (2, text.index("Then") + 5)
    assert text[flag.side.start : flag.side.end] == "Jon Smiht"
    assert flag.suggestion == "Jon Smith" and "a mayor" in flag.explanation
    assert flag.evidence["known_garble"]["reviewer"] == "bo"
    assert flag.evidence["gazetteer"]["id"] == "g:1"
    detected = FlagDraft("name_variant", "x", FlagSide(7, 2, 5, 14, "Jon Smiht"), "", 0.9)
    assert known_garble_flags([art], {7: spans}, garbles, gazetteer, [detected]) == []


# ---- the same through the TUI ------------------------------------------------------------------


@async_test
async def test_tui_decisions_stay_on_screen_after_reanalysis(app: ReviewApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, "f", FlagsScreen)
        table = screen.query_one("#flags", PagedTable)
        first, second = (str(r.key.value) for r in table.ordered_rows[:2])
        await pilot.press("y", "n")
        await pilot.press("ctrl+a")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("t")  # every status
        await pilot.pause()
        shown = {str(r.key.value) for r in table.ordered_rows}
        assert {first, second} <= shown
        assert screen._rows[first].status == "accepted"
        assert screen._rows[second].status == "rejected"
        gone = [fp for fp in (first, second) if not screen._rows[fp].detected]
        for fp in gone:  # the fixture's invented flags are not all found by the real pipeline
            assert "no longer detected" in str(table.get_row(fp)[3])
