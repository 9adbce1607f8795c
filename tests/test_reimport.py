"""An edited article imported again revises its article in place: one article per file, the outlet
counted once, decisions on text the edit did not touch kept (flag identity uses the sha256 the
article had when first imported)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_fixtures import run
from tui_fixtures import async_test

from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.pipeline import analyze
from store import PendingAnalysis, Store, schema

EDITED = "04_hanbit-economic-daily.txt"  # the demo article with the most flags on many sentences


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the bundled demo corpus, so a test can edit its files."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for file in demo_files():
        shutil.copy(file, folder / file.name)
    return folder


def _active(store: Store) -> dict[str, tuple[int, int | None, str]]:
    """fingerprint -> (article, sentence, status) of every flag the latest analysis found."""
    return {f.fingerprint: (f.article_id, f.sentence_idx, f.status) for f in store.flags()
            if f.active}  # fmt: skip


def _edit_sentence(path: Path, sentence: str) -> None:
    """The reviewer's correction: one sentence of the file gets a new opening word."""
    text = path.read_text(encoding="utf-8")
    assert sentence in text
    path.write_text(text.replace(sentence, "Meanwhile, " + sentence, 1), encoding="utf-8")


def _sentence_of_one_claim(store: Store, corpus: Path, *, naming: bool) -> tuple[Any, Any, str]:
    """The corpus imported and analysed; the edited article, its longest sentence held by one
    claim that is (`naming`) or is not the sentence the claim is named after, the claim's name."""
    import_paths(store, [corpus])
    analyze(store)
    article = next(a for a in store.articles() if a.file_name == EDITED)
    sentence, name = next(
        (s, store.cluster_name(found[0]))
        for s in sorted(store.sentences(article.id), key=lambda s: -len(s.text))
        if len(found := store.clusters_of_claim(s.claim_key)) == 1
        and (store.cluster_name(found[0]) == s.claim_key) == naming
    )
    return article, sentence, name


async def _lost_verdicts_pane(db: Path, member: str, cluster: int) -> str:
    """What the Claims screen shows above the claim `cluster` (opened at sentence `member`) of
    the verdicts on text changed since, after its filter line counted one."""
    from textual.widgets import Static

    from tui.app import ReviewApp
    from tui.screens import ClaimsScreen

    app = ReviewApp(db, "ben")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        filters = str(screen.query_one("#cluster-filters", Static).render())
        assert "1 verdict on text changed since" in filters
        screen.show_target("claim", member, within=cluster)
        await pilot.pause()
        pane = screen.query_one("#cluster-notes", Static)
        assert pane.display
        return str(pane.render())


def _append(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\nA late correction.\n", encoding="utf-8")


def test_edited_file_reimported_updates_the_article_and_keeps_untouched_decisions(
    corpus: Path, tmp_path: Path
) -> None:
    with Store.open(tmp_path / "x.db") as store:
        import_paths(store, [corpus])
        analyze(store)
        article = next(a for a in store.articles() if a.file_name == EDITED)
        before = _active(store)
        mine = sorted({(idx, fp) for fp, (aid, idx, _) in before.items() if aid == article.id})
        kept_idx, kept_fp = mine[0]
        changed_idx = next(idx for idx, _ in mine if idx is not None and idx != kept_idx)
        changed_fps = {fp for idx, fp in mine if idx == changed_idx}
        store.set_flag_status(kept_fp, "accepted", "ana")
        sentence = store.sentences(article.id)[changed_idx].text
        sources_before = len(store.sources())

        _edit_sentence(corpus / EDITED, sentence)
        report = import_paths(store, [corpus])
        assert [aid for _, aid in report.updated] == [article.id]
        assert report.added == []
        assert len(report.duplicates) == len(demo_files()) - 1

        revised = store.article(article.id)
        assert revised.sha256 != article.sha256
        assert revised.origin_sha256 == article.sha256
        assert revised.revised_at is not None
        assert "Meanwhile, " in store.article_text(article.id)
        assert len(store.articles()) == len(demo_files())
        assert len(store.sources()) == sources_before
        assert len(store.articles(article.source_id)) == 1  # the outlet is counted once

        summary = analyze(store)
        assert summary is not None
        after = _active(store)
        assert after[kept_fp][2] == "accepted"  # the untouched sentence's decision is kept
        assert not changed_fps & after.keys()  # the changed sentence's old flags stopped firing
        new_there = {fp for fp, (aid, idx, _) in after.items()
                     if aid == article.id and idx == changed_idx}  # fmt: skip
        assert all(after[fp][2] == "open" for fp in new_there)
        assert not new_there & before.keys()
        assert "Meanwhile, " in store.sentences(article.id)[changed_idx].text  # re-extracted


def test_reimport_of_the_same_files_is_all_duplicates(corpus: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        first = import_paths(store, [corpus])
        again = import_paths(store, [corpus])
    assert sorted(again.duplicates) == sorted(first.added)
    assert again.added == again.updated == again.errors == []


def test_cli_says_updated(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert run("import", corpus, "--db", db).exit_code == 0
    _append(corpus / EDITED)
    result = run("import", corpus / EDITED, "--db", db)
    assert result.exit_code == 0, result.output
    assert "updated   #4" in result.output
    assert "0 imported, 0 already present, 1 updated" in result.output


def test_same_file_under_another_outlet_is_a_new_article(corpus: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        import_paths(store, [corpus / EDITED])
        _append(corpus / EDITED)
        report = import_paths(store, [corpus / EDITED], source="Another Outlet")
    assert [aid for _, aid in report.added] == [2]


def test_json_records_are_known_again_by_url(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    records = [
        {"url": "https://example.org/a", "source": "Wire", "text": "Ships left the port today."},
        {"url": "https://example.org/b", "source": "Wire", "text": "Rain fell over the hills."},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "x.db") as store:
        first = import_paths(store, [feed])
        records[0]["text"] = "Ships left the harbour today."
        feed.write_text(  # the edited record now comes second
            "\n".join(json.dumps(r) for r in reversed(records)) + "\n", encoding="utf-8"
        )
        again = import_paths(store, [feed])
        assert [aid for _, aid in again.updated] == [first.added[0][1]]
        assert [aid for _, aid in again.duplicates] == [first.added[1][1]]
        assert "harbour" in store.article_text(first.added[0][1])


def test_revert_to_the_first_text_updates_and_a_copy_of_it_elsewhere_is_a_duplicate(
    corpus: Path, tmp_path: Path
) -> None:
    path = corpus / EDITED
    original = path.read_text(encoding="utf-8")
    with Store.open(tmp_path / "x.db") as store:
        import_paths(store, [path])
        _append(path)
        assert len(import_paths(store, [path]).updated) == 1
        copy = tmp_path / "copy.txt"
        copy.write_text(original, encoding="utf-8")
        assert [aid for _, aid in import_paths(store, [copy]).duplicates] == [1]
        path.write_text(original, encoding="utf-8")
        assert [aid for _, aid in import_paths(store, [path]).updated] == [1]
        assert len(store.articles()) == 1


def test_never_revised_fingerprints_are_unchanged_by_the_migration(
    corpus: Path, tmp_path: Path
) -> None:
    """A database from before the revision columns: migrated, then analysed again, every flag
    keeps its fingerprint (origin_sha256 is backfilled with sha256)."""
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        import_paths(store, [corpus])
        analyze(store)
        before = set(_active(store))
    conn = sqlite3.connect(db)
    conn.executescript(  # the log view as it was at v8, then the v9 columns gone
        "DROP VIEW review_log;"
        + schema._review_log_view("a.sha256 = r.target")
        + "DROP INDEX articles_origin; ALTER TABLE articles DROP COLUMN origin_sha256;"
        " ALTER TABLE articles DROP COLUMN revised_at;"
        " ALTER TABLE articles DROP COLUMN resolved_path; PRAGMA user_version = 8;"
    )
    conn.close()
    with Store.open(db) as store:
        assert all(a.origin_sha256 == a.sha256 for a in store.articles())
        analyze(store, full=True)
        assert set(_active(store)) == before


def test_the_review_log_names_an_edited_articles_notes(corpus: Path, tmp_path: Path) -> None:
    """Article notes target the first-import sha256; the readable log must still find the title."""
    with Store.open(tmp_path / "x.db") as store:
        import_paths(store, [corpus])
        article = next(a for a in store.articles() if a.file_name == EDITED)
        store.add_note("article", article.origin_sha256, "checked against the wire", "ana")
        _append(corpus / EDITED)
        import_paths(store, [corpus])
        assert store.article(article.id).sha256 != article.origin_sha256
        (row,) = store.db.query("SELECT about FROM review_log WHERE target_type = 'article'")
    assert row["about"] == (article.title or article.file_name)


# ---- a moved or renamed file is the same article; a copy under another name imports once -----


def test_a_moved_and_renamed_file_is_the_same_article_and_its_next_edit_revises_it(
    corpus: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with Store.open(tmp_path / "x.db") as store:
        ((_, article_id),) = import_paths(store, [corpus / EDITED]).added
        moved = (corpus / EDITED).rename(elsewhere / "renamed.txt")  # the outlet was its name
        report = import_paths(store, [moved])
        assert report.moved == [(str(moved), article_id, str(corpus / EDITED))]
        assert report.added == report.duplicates == report.copies == []
        assert store.article(article_id).path == str(moved)
        _append(moved)
        assert [aid for _, aid in import_paths(store, [moved]).updated] == [article_id]
        assert len(store.articles()) == 1 and len(store.sources()) == 1


def test_a_copy_under_two_names_imports_once_and_says_so(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    shutil.copy(corpus / EDITED, corpus / "zz_second-name.txt")
    result = run("import", corpus / EDITED, corpus / "zz_second-name.txt", "--db", db)
    assert result.exit_code == 0, result.output
    assert "copy of   #1     " in result.output and "imported once" in result.output
    assert "1 imported, 1 already present" in result.output
    with Store.open(db) as store:
        assert [a.file_name for a in store.articles()] == [EDITED]  # stays where it was


def test_the_cli_says_moved(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert run("import", corpus / EDITED, "--db", db).exit_code == 0
    moved = (corpus / EDITED).rename(corpus / "moved.txt")
    result = run("import", moved, "--db", db)
    assert result.exit_code == 0, result.output
    (line, summary) = result.output.strip().splitlines()[-2:]
    assert line.startswith("moved     #1 ") and EDITED in line and "same article" in line
    assert summary == "0 imported, 1 already present"


def test_a_json_feed_moved_keeps_its_records(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"url": "https://example.org/a", "source": "Wire", "text": "Ships left."})
        + "\n",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "x.db") as store:
        ((_, article_id),) = import_paths(store, [feed]).added
        assert import_paths(store, [feed]).duplicates == [(f"{feed}#1", article_id)]
        moved = feed.rename(tmp_path / "feed-2.jsonl")
        report = import_paths(store, [moved])
        assert [(aid, old) for _, aid, old in report.moved] == [(article_id, f"{feed}#1")]
        assert store.article(article_id).path == f"{moved}#1"


# ---- an edit since the analysis: said on the top line, decisions on its flags kept -------------


def _decide_on_a_sentence_the_edit_changes(store: Store) -> tuple[str, str, str]:
    """Accept one flag of the edited article on a sentence the edit will change and one on a
    sentence it will not; returns (changed flag, kept flag, the sentence to change)."""
    article = next(a for a in store.articles() if a.file_name == EDITED)
    flags = [f for f in store.flags() if f.article_id == article.id and f.other_article_id is None]
    by_idx = sorted({f.sentence_idx: f for f in flags if f.sentence_idx is not None}.items())
    (_, kept), (changed_idx, changed) = by_idx[0], by_idx[1]
    store.set_flag_status(kept.fingerprint, "accepted", "ana")
    store.set_flag_status(changed.fingerprint, "accepted", "ana")
    return changed.fingerprint, kept.fingerprint, store.sentences(article.id)[changed_idx].text


def test_an_edit_is_pending_until_analysed_and_its_lost_flags_say_evidence_changed(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        import_paths(store, [corpus])
        assert store.pending_analysis() == PendingAnalysis(new=len(demo_files()))
        analyze(store)
        assert not store.pending_analysis()
        changed, kept, sentence = _decide_on_a_sentence_the_edit_changes(store)
        _edit_sentence(corpus / EDITED, sentence)
        import_paths(store, [corpus])
        assert store.pending_analysis() == PendingAnalysis(edited=1)
        assert store.flag(changed).evidence_changed and store.flag(kept).evidence_changed
        assert "re-analyse" in store.flag(changed).presence
        analyze(store)
        assert not store.pending_analysis()
        assert not store.flag(kept).evidence_changed  # found again in the edited text
        lost = store.flag(changed)
        assert (lost.status, lost.active, lost.presence_label) == (
            "accepted",
            0,
            "evidence changed",
        )
    flags = {f["id"]: f for f in json.loads(run("export", "--format", "json", "--db", db).output)[
        "flags"]}  # fmt: skip
    assert flags[changed]["evidence_changed"] and not flags[changed]["detected"]
    assert flags[kept]["detected"] and not flags[kept]["evidence_changed"]
    assert (
        "evidence changed: its article was edited since"
        in run("export", "--format", "md", "--db", db).output
    )
    listing = run("flags", "--status", "accepted", "--db", db).output
    assert "evidence changed" in listing


def test_a_verdict_on_a_sentence_the_edit_changed_is_kept_and_reported(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        import_paths(store, [corpus])
        analyze(store)
        article = next(a for a in store.articles() if a.file_name == EDITED)
        sentence = max(store.sentences(article.id), key=lambda s: len(s.text))
        store.record_decision("claim", sentence.claim_key, "false", "ana", note="wrong figure")
        _edit_sentence(corpus / EDITED, sentence.text)
        import_paths(store, [corpus])
        analyze(store)
        assert sentence.claim_key not in {s.claim_key for s in store.sentences(article.id)}
    exported = json.loads(run("export", "--format", "json", "--db", db).output)
    (lost,) = exported["lost_verdicts"]
    assert (lost["claim"], lost["verdict"], lost["text"]) == (
        sentence.claim_key,
        "false",
        sentence.text,
    )
    assert lost["notes"] == ["wrong figure"]
    assert "in_claim" in lost  # the claim the Claims screen shows it under (None: no claim)
    report = run("export", "--format", "md", "--db", db).output
    assert "1 verdict is on a sentence that changed since" in report
    section = report.split("## Verdicts on sentences that changed since", 1)[1]
    assert "**False, by ana" in section and sentence.text[:40] in section


@async_test
async def test_the_claims_screen_shows_a_verdict_whose_sentence_changed(
    corpus: Path, tmp_path: Path
) -> None:
    """The reports listed such a verdict, the review screen showed nothing of it: the
    reviewer saw the edited sentence unjudged, as if the verdict had been dropped. The Claims
    screen counts them on its filter line and shows each under the claim it was given in,
    with the sentence as it was and the verdict's note."""
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        _, sentence, name = _sentence_of_one_claim(store, corpus, naming=False)
        store.record_verdicts([sentence.claim_key], "disputed", "ana", note="ask the wire",
                              claim=name)  # fmt: skip
        assert store.lost_verdicts() == []
        _edit_sentence(corpus / EDITED, sentence.text)
        import_paths(store, [corpus])
        analyze(store)
        (lost,) = store.lost_verdicts()
        assert (lost.target, lost.decision, lost.value) == (
            sentence.claim_key, "disputed", sentence.text
        )  # fmt: skip
        members = store.all_cluster_members()
        names = store.cluster_names(members)
        # the claim it was given in still exists (its naming sentence was not the one edited)
        (cluster,) = [c for c, n in names.items() if n == lost.claim]
        member = members[cluster][0].claim_key
    shown = await _lost_verdicts_pane(db, member, cluster)
    assert "disputed by ana" in shown and "ask the wire" in shown
    assert sentence.text[:40] in shown


@pytest.mark.parametrize("named", [True, False])
@async_test
async def test_a_verdict_on_the_sentence_a_claim_was_named_after_is_shown_when_it_changed(
    corpus: Path, tmp_path: Path, named: bool
) -> None:
    """A verdict whose claim bears no name now was counted on the Claims filter line and shown
    under no claim: one on the sentence the claim was named after (the edit renamed the claim),
    or one recorded without its claim (before claims were told apart, `named` False). It is
    shown under the claim that holds the sentence nearest its old text: the edited sentence."""
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        article, sentence, name = _sentence_of_one_claim(store, corpus, naming=True)
        store.record_verdicts([sentence.claim_key], "false", "ana", note="see the filing",
                              claim=name if named else None)  # fmt: skip
        _edit_sentence(corpus / EDITED, sentence.text)
        import_paths(store, [corpus])
        analyze(store)
        (lost,) = store.lost_verdicts()
        edited = next(s for s in store.sentences(article.id) if s.text.endswith(sentence.text))
        (cluster,) = store.clusters_of_claim(edited.claim_key)
        assert lost.claim not in store.cluster_names([cluster]).values()  # renamed, or none
    shown = await _lost_verdicts_pane(db, edited.claim_key, cluster)
    assert "false by ana" in shown and "see the filing" in shown
    assert sentence.text[:40] in shown
