"""A verdict dialog open while another reviewer's claim edit takes a sentence out of the claim:
the verdict is refused (it would be given in a claim that no longer holds the sentence), and the
dialog comes back, with the note typed, for the claim or sentence as the screen shows it now, so
Enter saves it; before, it came back for the same stale sentences and was refused again on
every Enter, the note kept only until escape."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input
from tui_fixtures import REVIEWER, Built, async_test, capture_notifications

from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.screens.modals import VerdictScreen

SIZE = (120, 40)
NOTE = "the regulator's filing agrees"


async def claims(pilot: Pilot[None], app: ReviewApp) -> ClaimsScreen:
    """The Claims screen, the first claim shown."""
    await pilot.press("c")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ClaimsScreen)
    return screen


@async_test
async def test_a_claim_verdict_after_a_sentence_left_the_claim_is_given_on_what_it_holds_now(
    app: ReviewApp, built: Built
) -> None:
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await claims(pilot, app)
        before = screen.selected_claims()  # the cluster list has the focus: the whole claim
        assert before is not None and len(before.claim_keys) == 4
        gone = before.claim_keys[-1]
        await pilot.press("v")
        await pilot.pause()
        with Store.open(built.path) as ben:  # while the dialog is open
            ben.edit_claim("remove", [gone], "ben")
        app.screen.query_one("#verdict-note", Input).value = NOTE
        await pilot.press("2")  # disputed
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)  # back, with the note
        assert app.screen.query_one("#verdict-note", Input).value == NOTE
        assert "All 3 sentences" in app.screen.context, app.screen.context
        assert "Changed while this was open" in app.screen.context
        assert any("in no claim named" in n and "typed is kept" in n for n in notes), notes
        await pilot.press("2")
        await pilot.pause()
        assert not isinstance(app.screen, VerdictScreen), app.screen.context
    with Store.open(built.path) as store:
        kept = [k for k in before.claim_keys if k != gone]
        assert {store.claim_status(k, before.claim) for k in kept} == {"disputed"}
        assert store.claim_status(gone) == "unreviewed"
        assert {r.reviewer for r in store.review_log(4)} == {REVIEWER}
        assert NOTE in [n.note for k in kept for n in store.notes("claim", k)] + [
            r.note for r in store.review_log(4)
        ]


@async_test
async def test_a_sentence_verdict_after_the_sentence_was_split_off_follows_it(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await claims(pilot, app)
        await pilot.press("tab", "down")  # the claim's second sentence
        await pilot.pause()
        before = screen.selected_claims()
        assert before is not None and len(before.claim_keys) == 1
        (key,) = before.claim_keys
        await pilot.press("v")
        await pilot.pause()
        with Store.open(built.path) as ben:
            ben.edit_claim("split", [key], "ben")
            (split,) = ben.cluster_names(ben.clusters_of_claim(key)).values()
        assert split != before.claim
        app.screen.query_one("#verdict-note", Input).value = NOTE
        await pilot.press("3")  # false
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.query_one("#verdict-note", Input).value == NOTE
        await pilot.press("3")
        await pilot.pause()
        assert not isinstance(app.screen, VerdictScreen), app.screen.context
    with Store.open(built.path) as store:
        assert store.claim_status(key, split) == "false"


@async_test
async def test_a_verdict_on_a_sentence_no_longer_shown_ends_with_the_note_kept_on_the_claim(
    app: ReviewApp, built: Built
) -> None:
    """The sentence a verdict was for is taken out of the claim while the dialog is open and the
    reloaded screen shows another sentence: asking again for the same sentence would be refused
    on every Enter, so the dialog ends with one notice and the note is kept on the claim that
    was shown (it follows that claim's sentences, as a note made with `m` on it does)."""
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await claims(pilot, app)
        await pilot.press("tab", "down")
        await pilot.pause()
        before = screen.selected_claims()
        assert before is not None and len(before.claim_keys) == 1
        (key,) = before.claim_keys
        shown_cluster = screen.shown_cluster_id()
        await pilot.press("v")
        await pilot.pause()
        with Store.open(built.path) as ben:
            ben.edit_claim("remove", [key], "ben")
        app.screen.query_one("#verdict-note", Input).value = NOTE
        await pilot.press("3")  # false
        await pilot.pause()
        assert not isinstance(app.screen, VerdictScreen), app.screen.context
        told = [n for n in notes if NOTE in n or "note is kept" in n]
        assert len(told) == 1 and "\n" not in told[0], notes
        assert screen.shown_cluster_id() == shown_cluster
        pane = str(screen.query_one("#cluster-notes").render())
        assert NOTE in pane, pane
    with Store.open(built.path) as store:
        assert store.claim_status(key) == "unreviewed"
        assert [r.note for r in store.review_log(1)] == [NOTE]
