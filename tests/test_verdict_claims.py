"""A verdict belongs to the claim it was given in: on a sentence whose clauses sit in two claims
(one per claim unit), a verdict given in one claim stays there — its cards, scores, exports and
undo — and one recorded before claims were told apart (no claim stored) holds in both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_fixtures import run
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_claim_items import BOTH, BUDGET, FERRY, _place, _story_db
from tui_fixtures import async_test

from analysis.exporting import collect_export, reviewed_claims
from analysis.pipeline import analyze
from analysis.report import to_claimreview, to_json
from analysis.scoring import score_sources
from store import Store
from store.reviews import StaleDecision, UndoConflict
from store.verdicts import short_name
from tui.app import ReviewApp


@pytest.fixture(scope="module")
def story_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _story_db(tmp_path_factory.mktemp("verdict_claims"))


@pytest.fixture
def story(story_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "story.db"
    copy.write_bytes(story_template.read_bytes())
    return copy


def _claims(store: Store) -> tuple[str, str, str]:
    """The shared sentence's key, and the names of its budget claim and its ferry claim."""
    both = _place(store, BOTH)[2]
    named = {}
    for cluster in store.clusters_of_claim(both):
        texts = {m.text.strip() for m in store.cluster_members(cluster)}
        named["budget" if BUDGET in texts else "ferry"] = store.cluster_name(cluster)
    assert set(named) == {"budget", "ferry"} and named["budget"] != named["ferry"]
    return both, str(named["budget"]), str(named["ferry"])


def _shown(store: Store, key: str) -> dict[str, str]:
    """The status the sentence `key` shows in each claim holding it, by the claim's member."""
    out = {}
    for cluster in store.clusters_of_claim(key):
        members = store.cluster_members(cluster)
        texts = {m.text.strip() for m in members}
        which = "budget" if BUDGET in texts else "ferry"
        out[which] = next(m.claim_status for m in members if m.claim_key == key)
    return out


def test_a_verdict_given_in_one_claim_stays_in_that_claim(story: Path) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        store.record_verdicts([both], "false", "ana", claim=ferry)
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}
        assert store.claim_status(both, ferry) == "false"
        assert store.claim_status(both, budget) == "unreviewed"
        store.record_verdicts([both], "corroborated", "ana", claim=budget)
        assert _shown(store, both) == {"budget": "corroborated", "ferry": "false"}
        store.undo("ana")
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}
        store.undo("ana")
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "unreviewed"}
        store.redo("ana")
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}


def test_a_verdict_recorded_without_a_claim_holds_in_every_claim(story: Path) -> None:
    """What every verdict written before schema v15 does, and what the store writes when it is
    not told which of several claims is meant."""
    with Store.open(story) as store:
        both, budget, _ = _claims(store)
        store.record_verdicts([both], "disputed", "ana")
        assert _shown(store, both) == {"budget": "disputed", "ferry": "disputed"}
        store.record_verdicts([both], "corroborated", "ana", claim=budget)  # overrides it there
        assert _shown(store, both) == {"budget": "corroborated", "ferry": "disputed"}
        store.undo("ana")
        assert _shown(store, both) == {"budget": "disputed", "ferry": "disputed"}


def test_a_claim_that_does_not_hold_the_sentence_is_refused(story: Path) -> None:
    from store.connection import StoreError

    with Store.open(story) as store:
        both, _, _ = _claims(store)
        other = _place(store, "Tourists were disappointed by the news.")[2]
        with pytest.raises(StoreError, match="in no claim named"):
            store.record_verdicts([both], "false", "ana", claim=other)
        assert store.claim_decisions() == []


def test_scores_count_each_claims_own_verdict(story: Path) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        article = _place(store, BOTH)[0]
        source = next(a.source for a in store.articles() if a.id == article)

        def reasons() -> list[str]:
            (score,) = [s for s in score_sources(store.scoring_input()) if s.name == source]
            return sorted(e.reason for e in score.reliability_items if e.target == both)

        corroborated = reasons()
        assert corroborated and all("same claim" in r for r in corroborated)
        store.record_verdicts([both], "false", "ana", claim=ferry)
        # the ferry claim is judged false; the budget claim is still corroborated by outlet 2
        assert reasons() == ["another outlet reports the same claim",
                             "the reviewer marked the claim false"]  # fmt: skip
        store.record_verdicts([both], "corroborated", "ana", claim=budget)
        assert reasons() == ["the reviewer marked the claim corroborated",
                             "the reviewer marked the claim false"]  # fmt: skip
        store.record_verdicts([both], "disputed", "ben")  # one verdict for both: counted once
        assert reasons() == ["the reviewer marked the claim disputed"]


def test_exports_report_the_verdict_in_its_claim(story: Path) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        store.record_verdicts([both], "false", "ana", claim=ferry, note="the terminal stays")
        data = collect_export(store)
    (reviewed,) = reviewed_claims(data)
    assert reviewed.cluster.name == ferry
    assert {m.text.strip() for m in [*reviewed.agree, *reviewed.disagree]} == {FERRY}
    exported = json.loads(to_json(data))
    shared = {
        cluster["name"]: m["claim_status"]
        for cluster in exported["clusters"]
        for m in cluster["members"]
        if m["claim"] == both
    }
    assert shared == {ferry: "false", budget: "unreviewed"}
    (review,) = json.loads(to_claimreview(data))
    publishers = {json.dumps(a) for a in review["itemReviewed"]["appearance"]}
    assert len(publishers) == 2  # the shared sentence's article and the ferry outlet's
    assert "2 of 2 sources" in review["reviewRating"]["ratingExplanation"]


def test_two_reviewers_in_two_claims_of_one_sentence_do_not_block_each_other(
    story: Path,
) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        shown = store.claim_status(both, budget)
        store.record_verdicts([both], "false", "ben", claim=ferry)
        # ana's screen showed the budget claim unjudged, and it still is: not stale
        store.record_verdicts([both], "corroborated", "ana", claim=budget, seen=[shown])
        store.record_verdicts([both], "disputed", "ben", claim=budget, seen=["corroborated"])
        with pytest.raises(StaleDecision, match="ben marked claim"):  # now it is stale
            store.record_verdicts([both], "false", "ana", claim=budget, seen=["corroborated"])
        with pytest.raises(UndoConflict):  # ben decided the budget claim since
            store.undo("ana")
        assert store.undo("ben") is not None  # ben's budget verdict, then his ferry one
        assert store.undo("ben") is not None
        assert _shown(store, both) == {"budget": "corroborated", "ferry": "unreviewed"}


def test_a_verdict_stays_in_its_claim_through_a_re_analysis(story: Path) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        store.record_verdicts([both], "false", "ana", claim=ferry)
        analyze(store, workers=1, full=True)
        assert _claims(store) == (both, budget, ferry)
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}
        assert store.undo("ana") is not None
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "unreviewed"}


def test_the_command_line_asks_which_claim_and_records_it_there(story: Path) -> None:
    with Store.open(story) as store:
        both, _, ferry = _claims(store)
    asked = run("verdict", both[:10], "false", "--db", story, "--reviewer", "ana")
    assert asked.exit_code == 1 and "--in NAME" in asked.output
    done = run("verdict", both, "false", "--in", ferry, "--db", story, "--reviewer", "ana")
    assert done.exit_code == 0, done.output
    assert f"in claim {ferry[:12]}" in done.output
    with Store.open(story) as store:
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}
    shown = run("claim", "show", both, "--db", story)  # both claims, the verdict in its own
    rows = [line for line in shown.output.splitlines() if line.strip().startswith(both[:12])]
    assert len(rows) == 2 and sum(line.endswith("[false]") for line in rows) == 1
    ferry_part = shown.output[shown.output.index(f"claim {ferry[:12]}") :]
    assert ferry_part.split("\n\n")[0].count("[false]") == 1
    undone = run("undo", "--db", story, "--reviewer", "ana")  # says which claim it was in
    assert undone.exit_code == 0, undone.output
    assert f"in claim {ferry[:12]}: unreviewed" in undone.output and "verdict on “" in undone.output


async def _show(pilot: Any, name: str, key: str) -> Any:
    """The Claims screen showing the claim named `name`, the cursor on its sentence `key`."""
    from tui.screens import ClaimsScreen
    from tui.screens.claims import MembersList

    screen = pilot.app.screen
    assert isinstance(screen, ClaimsScreen)
    screen.show_cluster(next(k for k, c in screen._clusters.items() if c.name == name))
    await pilot.pause()
    members = screen.query_one("#members", MembersList)
    members.focus()
    members.highlighted = next(i for i, m in enumerate(screen._members) if m.claim_key == key)
    await pilot.pause()
    return screen


@async_test
async def test_the_claims_screen_gives_a_verdict_in_the_claim_shown(story: Path) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
    app = ReviewApp(story, "ana")
    async with app.run_test(size=(140, 40)) as pilot:
        await _show(pilot, ferry, both)
        await pilot.press("v")
        await pilot.pause()
        assert "(in 2 claims; the verdict is for this one)" in str(app.screen.context)
        await pilot.press("3")  # false, in the ferry claim
        await pilot.pause()
        screen = await _show(pilot, ferry, both)
        assert next(m for m in screen._members if m.claim_key == both).claim_status == "false"
        await _show(pilot, budget, both)
        assert next(m for m in screen._members if m.claim_key == both).claim_status == (
            "unreviewed"
        )
        await pilot.press("v", "1")  # corroborated, in the budget claim: not refused as stale
        await pilot.pause()
    with Store.open(story) as store:
        assert _shown(store, both) == {"budget": "corroborated", "ferry": "false"}


@pytest.mark.parametrize("part", ["budget", "ferry"])
@async_test
async def test_after_splitting_off_a_sentence_in_two_claims_the_screen_shows_the_new_claim(
    story: Path, part: str
) -> None:
    """Found walking a dev cluster: splitting off a sentence whose other clause sits in another
    claim showed that other claim (the lowest row id holding the sentence) with nothing to say
    where the split went; the screen follows the sentence into the claim the split made."""
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
    app = ReviewApp(story, "ana")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _show(pilot, budget if part == "budget" else ferry, both)
        await pilot.press("p")  # split the shared sentence off on its own
        await pilot.pause()
        assert [m.claim_key for m in screen._members] == [both]
        assert screen.current_member() is not None and screen.current_member().claim_key == both
    with Store.open(story) as store:
        assert len(store.clusters_of_claim(both)) == 2  # its other clause's claim still holds it


def test_a_database_from_before_claims_were_told_apart_keeps_its_verdicts(
    tmp_path: Path,
) -> None:
    import sqlite3

    from sqlite_utils import Database

    from store.schema import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "v14.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:14]:
        migration(Database(conn))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 14")
    conn.execute(
        "INSERT INTO reviews (target_type, target, action, decision, op, reviewer, at)"
        " VALUES ('claim', 'k0', 'claim', 'false', 'do', 'ana', '2026-01-01T00:00:00')"
    )
    conn.close()
    with Store.open(path) as store:
        (row,) = store.claim_decisions()
        assert (row.target, row.decision, row.claim) == ("k0", "false", None)
        assert store.claim_status("k0") == "false"
        (view,) = store.db.query("SELECT verdict, claim_key, in_claim FROM claim_verdicts")
        assert view == {"verdict": "false", "claim_key": "k0", "in_claim": None}


def test_undoing_a_verdict_for_every_claim_restores_each_claims_own_verdict(story: Path) -> None:
    """The undo row restores an older verdict for every claim; it must not outrank a verdict
    given in one claim after that older one (its rank is the restored verdict's, not its own)."""
    with Store.open(story) as store:
        both, budget, _ = _claims(store)
        store.record_verdicts([both], "false", "ana")  # every claim (as before schema v15)
        store.record_verdicts([both], "corroborated", "ana", claim=budget)
        store.record_verdicts([both], "disputed", "ana")  # every claim again
        assert _shown(store, both) == {"budget": "disputed", "ferry": "disputed"}
        store.undo("ana")
        assert _shown(store, both) == {"budget": "corroborated", "ferry": "false"}
        assert sorted(r.decision for r in store.claim_decisions()) == ["corroborated", "false"]
        store.redo("ana")
        assert _shown(store, both) == {"budget": "disputed", "ferry": "disputed"}


def test_a_verdict_follows_its_claim_when_the_claim_is_renamed(story: Path) -> None:
    """A claim is named by its first sentence; rejecting that sentence renames the claim. The
    verdict given under the old name stays in the claim that still holds that sentence, and does
    not spread to the other claim of the shared sentence."""
    with Store.open(story) as store:
        both, _, ferry = _claims(store)
        store.record_verdicts([both], "false", "ana", claim=ferry)
        (ferry_cluster,) = store.clusters_of_claim(ferry)
        store.edit_claim("reject", [ferry], "ben", within=ferry_cluster)
        (renamed,) = [c for c in store.clusters_of_claim(both) if store.cluster_name(c) != ferry
                      and ferry in {m.claim_key for m in store.cluster_members(c)}]  # fmt: skip
        assert store.cluster_name(renamed) != ferry
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}
        assert store.claim_status(both, store.cluster_name(renamed)) == "false"


def test_a_verdict_with_a_note_is_checked_against_its_own_claim(story: Path) -> None:
    """The note written with a verdict must not make the stale check read another claim."""
    with Store.open(story) as store:
        both, budget, _ = _claims(store)
        shown = store.claim_status(both, budget)
        store.record_verdicts([both], "false", "ben", claim=budget)
        with pytest.raises(StaleDecision, match="ben marked claim"):
            store.record_verdicts(
                [both], "corroborated", "ana", claim=budget, seen=[shown], note="checked"
            )
        assert store.claim_status(both, budget) == "false"


def test_undoing_both_steps_leaves_no_copy_of_the_verdict_for_every_claim(story: Path) -> None:
    """Undoing a verdict given in one claim must not copy the older verdict for every claim into
    that claim's lane: undoing that older verdict next leaves both claims unjudged."""
    with Store.open(story) as store:
        both, budget, _ = _claims(store)
        store.record_verdicts([both], "false", "ana")  # every claim
        store.record_verdicts([both], "corroborated", "ana", claim=budget)
        store.undo("ana")
        assert _shown(store, both) == {"budget": "false", "ferry": "false"}
        store.undo("ana")
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "unreviewed"}
        assert store.claim_decisions() == []
        store.redo("ana")
        assert _shown(store, both) == {"budget": "false", "ferry": "false"}
        store.redo("ana")
        assert _shown(store, both) == {"budget": "corroborated", "ferry": "false"}


_STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("give"),
            st.sampled_from([None, "budget", "ferry"]),  # None: for every claim
            st.sampled_from(["false", "corroborated", "disputed", "unreviewed"]),
        ),
        st.tuples(st.sampled_from(["undo", "redo"]), st.none(), st.none()),
    ),
    max_size=7,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=_STEPS)
@example(steps=[("give", None, "false"), ("give", "budget", "false"), ("undo", None, None),
                ("undo", None, None)])  # fmt: skip
@example(steps=[("give", None, "false"), ("give", "budget", "corroborated"),
                ("give", None, "disputed"), ("undo", None, None)])  # fmt: skip
def test_undo_and_redo_restore_what_each_claim_showed(
    story_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple[str, str | None, str | None]],
) -> None:
    """One reviewer's verdicts in either claim or in both, undone and redone in any order: each
    undo shows in every claim what it showed before that step, each redo what it showed after."""
    path = tmp_path_factory.mktemp("steps") / "story.db"
    path.write_bytes(story_template.read_bytes())
    with Store.open(path) as store:
        both, budget, ferry = _claims(store)
        lane = {"budget": budget, "ferry": ferry, None: None}
        before: list[dict[str, str]] = []  # per step done: what the claims showed before it
        after: list[dict[str, str]] = []  # per step undone: what they showed after it
        for op, where, verdict in steps:
            now = _shown(store, both)
            if op == "give":
                store.record_verdicts([both], verdict, "ana", claim=lane[where])
                before.append(now)
                after.clear()
            elif op == "undo" and before:
                assert store.undo("ana") is not None
                after.append(now)
                assert _shown(store, both) == before.pop()
            elif op == "redo" and after:
                assert store.redo("ana") is not None
                before.append(now)
                assert _shown(store, both) == after.pop()


# two claims made only of the same two sentences, each through another clause: the claim's name
# cannot be a sentence's id alone (invented story)
SHARED_ONLY = {
    1: [
        "The regional council approved a new budget for the harbour district on Tuesday, and the"
        " mayor announced that the old ferry terminal will close in March.",
        "Residents were not consulted about the plan.",
    ],
    2: [
        "On Tuesday councillors approved the harbour district budget, while the mayor said the old"
        " ferry terminal would shut in March.",
        "Fishermen complained about the noise.",
    ],
    3: ["Tourists were disappointed by the news."],
}


@pytest.fixture(scope="module")
def shared_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _story_db(tmp_path_factory.mktemp("shared_only"), SHARED_ONLY)


def test_two_claims_of_the_same_sentences_get_two_names_and_keep_their_own_verdicts(
    shared_only: Path, tmp_path: Path
) -> None:
    path = tmp_path / "story.db"
    path.write_bytes(shared_only.read_bytes())
    with Store.open(path) as store:
        article, idx, key = _place(store, SHARED_ONLY[1][0])
        clusters = store.clusters_of_sentence(article, idx)
        assert len(clusters) == 2  # the story's premise: one claim per clause
        names = [store.cluster_name(c) for c in clusters]
        assert len(set(names)) == 2 and all(n and n.startswith(key) for n in names)
        store.record_verdicts([key], "false", "ana", claim=names[0])
        shown = {
            c: next(m.claim_status for m in store.cluster_members(c) if m.claim_key == key)
            for c in clusters
        }
        assert shown == {clusters[0]: "false", clusters[1]: "unreviewed"}
    # the shell reaches each claim by its name, as `claim show` prints it
    out = run("claim", "show", names[1], "--db", path)
    assert out.exit_code == 0, out.output
    assert f"claim {names[1][:12]}{names[1][len(key) :]}:" in out.output
    assert sum(line.startswith("claim ") for line in out.output.splitlines()) == 1
    done = run("verdict", key[:12], "corroborated", "--in", names[1], "--reviewer", "ben",
               "--db", path)  # fmt: skip
    assert done.exit_code == 0, done.output
    with Store.open(path) as store:
        assert store.claim_status(key, names[0]) == "false"
        assert store.claim_status(key, names[1]) == "corroborated"


# A note written with a verdict is about the claim the verdict was given in: it shows in that
# claim only (member card, exports) and an undo takes it back with the verdict; a note written on
# its own, as every note before, shows in every claim of the sentence.


def _card_notes(store: Store, key: str) -> dict[str, list[str]]:
    """The notes the shared sentence's card shows in each claim, by claim name."""
    out = {}
    for cluster in store.clusters_of_claim(key):
        notes = store.notes_in_claim(cluster, [key]).get(key, [])
        out[str(store.cluster_name(cluster))] = [str(n.note) for n in notes]
    return out


def _exported_notes(store: Store, key: str) -> dict[str, list[str]]:
    exported = json.loads(to_json(collect_export(store)))
    return {
        c["name"]: m["notes"] for c in exported["clusters"] for m in c["members"]
        if m["claim"] == key
    }  # fmt: skip


def test_a_verdicts_note_stays_in_its_claim(story: Path) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        store.record_verdicts([both], "false", "ana", claim=ferry, note="the terminal stays open")
        assert _card_notes(store, both) == {ferry: ["the terminal stays open"], budget: []}
        assert _exported_notes(store, both) == {ferry: ["the terminal stays open"], budget: []}
        (reviewed,) = reviewed_claims(collect_export(store))
        assert reviewed.cluster.name == ferry and reviewed.notes == ["the terminal stays open"]
        store.undo("ana")
        assert _card_notes(store, both) == {ferry: [], budget: []}


def test_a_note_on_its_own_shows_in_every_claim_of_the_sentence(story: Path) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        store.add_note("claim", both, "one outlet only", "ana")
        store.record_verdicts([both], "corroborated", "ben", claim=budget, note="two outlets")
        assert _card_notes(store, both) == {
            ferry: ["one outlet only"],
            budget: ["one outlet only", "two outlets"],
        }
        assert _exported_notes(store, both) == _card_notes(store, both)


def test_a_redo_under_a_claims_old_name_does_not_override_a_newer_verdict(story: Path) -> None:
    """ana's verdict in the ferry claim, undone; the claim is renamed (its naming sentence
    rejected) and re-analysed; ben judges the shared sentence in it under its new name. ana's
    redo would put her verdict back over ben's in that same claim: refused, not silent."""
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        store.record_verdicts([both], "false", "ana", claim=ferry)
        assert store.undo("ana") is not None
        (ferry_cluster,) = store.clusters_of_claim(ferry)
        store.edit_claim("reject", [ferry], "cy", within=ferry_cluster)
        analyze(store, workers=1, full=True)
        (renamed,) = {store.cluster_name(c) for c in store.clusters_of_claim(both)} - {budget}
        assert renamed != ferry
        store.record_verdicts([both], "corroborated", "ben", claim=renamed)
        with pytest.raises(UndoConflict, match=f"in {renamed[:12]}.* by ben"):
            store.redo("ana")
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "corroborated"}
        # once ben takes his back, a verdict of his in the sentence's other claim is no conflict
        assert store.undo("ben") is not None
        store.record_verdicts([both], "disputed", "ben", claim=budget)
        assert store.redo("ana") is not None
        assert _shown(store, both) == {"budget": "disputed", "ferry": "false"}


def test_the_datasette_views_tell_the_two_claims_apart(story: Path) -> None:
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        labels = {store.cluster_name(c): store.db.execute(
            "SELECT label FROM clusters WHERE id = ?", [c]).fetchone()[0]
            for c in store.clusters_of_claim(both)}  # fmt: skip
        store.add_note("claim", both, "one outlet only", "ana")
        store.record_verdicts([both], "false", "ana", claim=ferry, note="the terminal stays")
        store.record_verdicts([both], "corroborated", "ben", claim=budget)
        log = list(store.db.query("SELECT action, claim, note FROM review_log ORDER BY id"))
        verdicts = {
            r["in_claim"]: (r["cluster"], r["notes"])
            for r in store.db.query("SELECT * FROM claim_verdicts")
        }
    assert [(r["action"], r["claim"]) for r in log] == [
        ("note", None),
        ("claim", ferry),
        ("note", ferry),
        ("claim", budget),
    ]
    assert verdicts == {
        ferry: (labels[ferry], "one outlet only | the terminal stays"),
        budget: (labels[budget], "one outlet only"),
    }


def _split_takes_the_name(store: Store, both: str, budget: str, ferry: str) -> str:
    """ben splits the ferry claim's naming sentence off: the split claim takes the ferry
    claim's name; the name the ferry claim has now."""
    (ferry_cluster,) = store.clusters_of_claim(ferry)
    store.edit_claim("split", [ferry], "ben", within=ferry_cluster)
    (renamed,) = {store.cluster_name(c) for c in store.clusters_of_claim(both)} - {budget}
    return str(renamed)


def test_the_datasette_views_follow_a_claim_renamed_since(story: Path) -> None:
    """ana's verdict (with a note) in the ferry claim, then ben's split takes the claim's name
    and ana changes her mind there under its new name: claim_state has one lane for the claim,
    with her newer verdict, and claim_verdicts shows it under the claim's own label, with her
    note; cy's verdict under the old name, given after the split, is the split claim's."""
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        store.record_verdicts([both], "false", "ana", claim=ferry, note="the terminal stays")
        renamed = _split_takes_the_name(store, both, budget, ferry)
        store.record_verdicts([both], "disputed", "ana", claim=renamed)
        store.record_verdicts([ferry], "corroborated", "cy", claim=ferry)
        labels = {
            store.cluster_name(c): store.db.execute(
                "SELECT label FROM clusters WHERE id = ?", [c]
            ).fetchone()[0]
            for c in {*store.clusters_of_claim(both), *store.clusters_of_claim(ferry)}
        }
        state = sorted(
            (r["target"], r["claim"], r["decision"])
            for r in store.db.query("SELECT * FROM claim_state")
        )
        shown = {
            (r["claim_key"], r["in_claim"]): (r["verdict"], r["cluster"], r["notes"])
            for r in store.db.query("SELECT * FROM claim_verdicts")
        }
    assert state == sorted([(both, renamed, "disputed"), (ferry, ferry, "corroborated")])
    assert shown == {
        (both, renamed): ("disputed", labels[renamed], "the terminal stays"),
        (ferry, ferry): ("corroborated", labels[ferry], None),
    }


def test_a_verdict_stays_in_its_claim_when_a_split_takes_the_claims_name(story: Path) -> None:
    """ana judges the shared sentence in the ferry claim; ben splits the claim's naming
    sentence off, so the split claim now has the ferry claim's old name and the ferry claim a
    new one. ana's verdict and note stay with the claim she judged (not the budget claim, not
    the split); undoing the split, they are still there."""
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        store.record_verdicts([both], "false", "ana", claim=ferry, note="the terminal stays")
        renamed = _split_takes_the_name(store, both, budget, ferry)
        assert renamed != ferry and store.cluster_name(store.clusters_of_claim(ferry)[0]) == ferry
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}
        assert _card_notes(store, both) == {renamed: ["the terminal stays"], budget: []}
        # a verdict given in the split claim, under the name it took over, stays there
        store.record_verdicts([ferry], "disputed", "cy", claim=ferry)
        assert store.claim_status(ferry, ferry) == "disputed"
        assert store.claim_status(both, renamed) == "false"
        # ana's undo and redo, written after the rename, act on the claim she judged
        assert store.undo("ana") is not None
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "unreviewed"}
        assert store.claim_status(ferry, ferry) == "disputed"
        assert store.redo("ana") is not None
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}
        assert store.claim_status(ferry, ferry) == "disputed"
        assert store.undo("cy") is not None and store.undo("ben") is not None
        assert _shown(store, both) == {"budget": "unreviewed", "ferry": "false"}
        assert _card_notes(store, both) == {ferry: ["the terminal stays"], budget: []}


def test_a_name_typed_short_means_the_claim_that_bears_it_now(story: Path) -> None:
    """After ben's split the split claim bears the ferry claim's old name: the name typed as a
    prefix (as the shell prints it) means that claim, as the whole name does, not the claim
    that bore it before the split."""
    with Store.open(story) as store:
        both, budget, ferry = _claims(store)
        renamed = _split_takes_the_name(store, both, budget, ferry)
        assert store.resolve_claim_name(ferry) == ferry
        assert store.resolve_claim_name(ferry[:12]) == ferry
        assert store.resolve_claim_name(short_name(renamed)) == renamed
