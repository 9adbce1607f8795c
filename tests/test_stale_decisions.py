"""Two reviewers on one database: a decision made on a screen that no longer shows the truth
(another reviewer decided the flag after it was shown) is refused, not written over theirs unseen.
Deciding again, now seeing their decision, replaces it; the command line (no screen) is not
checked; the same reviewer in two windows is not held up. Other reviewers' steps are announced
on the top line until the screen is read again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tui_fixtures import REVIEWER, Built, async_test, capture_notifications, queue
from tui_fixtures import flag_status as status

from store import Store, StoreError
from store.reviews import StaleDecision
from tui.app import ReviewApp

SIZE = (120, 40)


@pytest.fixture
def two(built: Built) -> Iterator[tuple[Store, Store]]:
    """Two connections to one database, as two reviewers' processes have."""
    first, second = Store.open(built.path), Store.open(built.path)
    yield first, second
    first.close()
    second.close()


def test_a_decision_on_a_flag_decided_since_it_was_shown_is_refused(
    two: tuple[Store, Store],
) -> None:
    ana, ben = two
    shown = ana.flags(status="open", limit=1)[0]
    ben.set_flag_status(shown.fingerprint, "accepted", "ben")
    with pytest.raises(StaleDecision, match=r"^ben accepted flag .* after your screen"):
        ana.set_flag_status(shown.fingerprint, "rejected", "ana", seen=shown)
    assert isinstance(StaleDecision("x"), StoreError)  # every front end shows one line
    assert ana.flag(shown.fingerprint).status == "accepted"
    assert [r.reviewer for r in ana.review_log(10)] == ["ben"]  # nothing of ana's written
    again = ana.flag(shown.fingerprint)  # now seeing ben's decision: it may replace it
    ana.set_flag_status(shown.fingerprint, "rejected", "ana", seen=again)
    assert ben.flag(shown.fingerprint).status == "rejected"


def test_unchanged_flags_own_windows_and_the_command_line_are_not_held_up(
    two: tuple[Store, Store],
) -> None:
    ana, other = two
    first, second = ana.flags(status="open", limit=2)
    ana.set_flag_status(first.fingerprint, "accepted", "ana", seen=first)  # unchanged
    other.set_flag_status(first.fingerprint, "rejected", "ana", seen=first)  # ana's own window
    other.set_flag_status(second.fingerprint, "accepted", "ben")
    ana.set_flag_status(second.fingerprint, "rejected", "ana")  # no screen: not checked
    assert [ana.flag(f.fingerprint).status for f in (first, second)] == ["rejected"] * 2


def test_a_bulk_decision_with_one_flag_decided_since_writes_nothing(
    two: tuple[Store, Store],
) -> None:
    ana, ben = two
    shown = ana.flags(status="open", limit=3)
    ben.set_flag_status(shown[1].fingerprint, "rejected", "ben")
    ben.set_flag_status(shown[2].fingerprint, "accepted", "ben")
    with pytest.raises(StaleDecision, match=r"and 1 more of these flags"):
        ana.set_flag_statuses([f.fingerprint for f in shown], "accepted", "ana", seen=shown)
    assert [ana.flag(f.fingerprint).status for f in shown] == ["open", "rejected", "accepted"]


@async_test
async def test_the_tui_refuses_a_decision_on_a_stale_row_and_shows_the_other_reviewers(
    app: ReviewApp, built: Built
) -> None:
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "t")  # the Flags screen, every status: decided flags stay listed
        first = queue(app)[0]
        with Store.open(built.path) as ben:
            ben.set_flag_status(first, "accepted", "ben")
        await pilot.press("n")  # the row still says open
        await pilot.pause()
        assert status(built.path, first) == "accepted"
        assert any("ben accepted flag" in n and "not saved" in n for n in notes), notes
        assert queue(app)[0] == first
        row = app.screen.current_flag()
        assert row is not None and (row.status, row.decided_by) == ("accepted", "ben")
        await pilot.press("n")  # now seeing ben's decision: replace it on purpose
        assert status(built.path, first) == "rejected"
    with Store.open(built.path) as store:
        assert [(r.reviewer, r.decision) for r in reversed(store.review_log(10))] == [
            ("ben", "accepted"),
            (REVIEWER, "rejected"),
        ]


@async_test
async def test_a_refused_decision_says_when_the_flag_left_the_open_list(
    app: ReviewApp, built: Built
) -> None:
    """The open-only queue drops the flag ben decided: the cursor is on another flag after the
    reload, and "decide again" would decide that one, so the screen says so."""
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        first = queue(app)[0]
        with Store.open(built.path) as ben:
            ben.set_flag_status(first, "accepted", "ben")
        await pilot.press("n")
        await pilot.pause()
        assert first not in queue(app)
        # one message: who decided it, and that the cursor moved, not "decide again" (that
        # would decide the flag now under the cursor)
        (said,) = [n for n in notes if "not saved" in n]
        assert said.startswith("ben accepted flag") and "That flag left this list" in said
        assert "decide again" not in said
    assert status(built.path, first) == "accepted"


@async_test
async def test_a_correction_of_a_stale_row_is_refused_before_it_is_typed(
    app: ReviewApp, built: Built
) -> None:
    """`x` on a flag ben decided since the screen read it says so at once, instead of asking
    for the correction and refusing it after the reviewer typed it."""
    from tui.screens.modals import PromptScreen

    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "t")
        first = queue(app)[0]
        with Store.open(built.path) as ben:
            ben.set_flag_status(first, "rejected", "ben")
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen)
        assert any("ben rejected flag" in n and "not saved" in n for n in notes), notes
        row = app.screen.current_flag()
        assert row is not None and (row.fingerprint, row.status) == (first, "rejected")
        await pilot.press("x")  # now seeing ben's decision: correcting it is asked for
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
    assert status(built.path, first) == "rejected"


@async_test
async def test_the_top_line_tells_of_other_reviewers_steps_until_reloaded(
    app: ReviewApp, built: Built
) -> None:
    from tui.widgets.nav import NavBar

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "y")  # the reviewer's own step is no news
        app.check_pending_analysis()
        assert app.pending_notice == ""
        with Store.open(built.path) as ben:
            open_flags = [f.fingerprint for f in ben.flags(status="open", limit=3)]
            ben.set_flag_statuses(open_flags[:2], "rejected", "ben")  # one bulk step
            ben.add_note("flag", open_flags[2], "a source says otherwise", "ben")
        app.check_pending_analysis()  # what the 5-second check does
        await pilot.pause()
        assert app.pending_notice == "ben: 2 new steps (r)"
        assert "ben: 2 new steps (r)" in str(app.screen.query_one(NavBar).render())
        await pilot.press("r")
        await pilot.pause()
        assert app.pending_notice == ""
        with Store.open(built.path) as ben:
            ben.set_flag_status(open_flags[2], "accepted", "ben")
        app.check_pending_analysis()
        assert app.pending_notice == "ben: 1 new step (r)"
        await pilot.press("c")  # another screen is read afresh: the news is shown
        await pilot.pause()
        assert app.pending_notice == ""


@pytest.mark.parametrize("again", ["enter", "escape"])
@async_test
async def test_a_correction_typed_while_another_reviewer_decided_the_flag_is_kept(
    app: ReviewApp, built: Built, again: str
) -> None:
    """ben decides the flag while the correction dialog is open: nothing is written over his
    decision unseen, and what was typed is not lost either: the dialog comes back with it,
    saying what ben did; Enter then saves it in place of his decision, escape keeps his."""
    from textual.widgets import Input, Static

    from tui.screens.modals import PromptScreen

    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")  # open flags only: ben's decision takes the flag off the list
        first = queue(app)[0]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        with Store.open(built.path) as ben:
            ben.set_flag_status(first, "rejected", "ben")
        app.screen.query_one(Input).value = "Ondrej Vasko-Lind"
        await pilot.press("enter")
        await pilot.pause()
        assert status(built.path, first) == "rejected"
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == "Ondrej Vasko-Lind"
        context = str(app.screen.query_one(".dialog-context", Static).render())
        assert "ben rejected flag" in context, context
        assert any("ben rejected flag" in n and "typed is kept" in n for n in notes), notes
        await pilot.press(again)
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen)
    with Store.open(built.path) as store:
        row = store.flag(first)
        log = [(r.reviewer, r.decision) for r in reversed(store.review_log(10))]
    if again == "enter":
        assert (row.status, row.correction) == ("corrected", "Ondrej Vasko-Lind")
        assert log == [("ben", "rejected"), (REVIEWER, "corrected")]
    else:
        assert (row.status, log) == ("rejected", [("ben", "rejected")])


@async_test
async def test_a_verdict_note_typed_while_another_reviewer_judged_the_claim_is_kept(
    app: ReviewApp, built: Built
) -> None:
    """The same for a verdict's note: ben's verdict given while the dialog was open refuses
    the verdict, the dialog comes back with the note and says what ben did, and the verdict
    picked there is saved over his."""
    from textual.widgets import Input

    from tui.screens.modals import VerdictScreen

    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        target = app.screen.selected_claims()
        assert target is not None
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        with Store.open(built.path) as ben:
            ben.record_verdicts(target.claim_keys, "false", "ben", claim=target.claim)
        app.screen.query_one("#verdict-note", Input).value = "the filing says otherwise"
        await pilot.press("2")  # disputed
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.query_one("#verdict-note", Input).value == "the filing says otherwise"
        assert "ben marked claim" in app.screen.context, app.screen.context
        assert any("ben marked claim" in n and "typed is kept" in n for n in notes), notes
        with Store.open(built.path) as store:
            assert {store.claim_status(k, target.claim) for k in target.claim_keys} == {"false"}
        await pilot.press("2")
        await pilot.pause()
        assert not isinstance(app.screen, VerdictScreen)
    with Store.open(built.path) as store:
        assert {store.claim_status(k, target.claim) for k in target.claim_keys} == {"disputed"}
        assert store.review_log(1)[0].reviewer == REVIEWER
