"""Verdicts from the Claims screen: a verdict on a whole claim is one on the sentences that state
it, never on members shown only as possible or related."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_fixtures import async_test, capture_notifications

from store import Store
from tui.app import ReviewApp

SIZE = (120, 40)


@async_test
async def test_a_verdict_on_a_whole_claim_leaves_its_possible_members_out(
    demo_copy: Path,
) -> None:
    """A 'possible' member is shown, never counted: a verdict given to the claim from the
    cluster list must not count against (or for) the outlet of a sentence that may not state it.
    Found in the walk: 'disputed' on the demo's lead claim cost an outlet 2 points through a
    possible member."""
    from tui.screens import ClaimsScreen
    from tui.screens.modals import VerdictScreen
    from tui.widgets.paged_table import PagedTable

    app = ReviewApp(demo_copy, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        table = screen.query_one("#clusters", PagedTable)
        for row in range(table.row_count):  # the first claim with a possible member
            table.move_cursor(row=row, animate=False)
            await pilot.pause()
            if any(m.tier != "same_claim" for m in screen._members):
                break
        members = list(screen._members)
        possible = {m.claim_key for m in members if m.tier != "same_claim"}
        assert possible and len(possible) < len(members)
        table.focus()
        await pilot.press("v")
        assert isinstance(app.screen, VerdictScreen)
        context = str(app.screen.context)
        assert f"({len(possible)} possible or related left out)" in context
        assert "as shown now: a sentence that joins the claim later is not judged" in context
        await pilot.press("2")  # disputed
        await pilot.pause()
    with Store.open(demo_copy) as store:
        verdicts = {r.target: r.decision for r in store.claim_decisions()}
    assert {k for k, v in verdicts.items() if v == "disputed"} == {
        m.claim_key for m in members if m.tier == "same_claim"
    }


async def _claims_with_several_witnesses(pilot: Any) -> Any:
    from tui.screens import ClaimsScreen
    from tui.widgets.paged_table import PagedTable

    screen = pilot.app.screen
    assert isinstance(screen, ClaimsScreen)
    table = screen.query_one("#clusters", PagedTable)
    for row in range(table.row_count):
        table.move_cursor(row=row, animate=False)
        await pilot.pause()
        if sum(m.tier == "same_claim" for m in screen._members) >= 3:
            break
    table.focus()
    return screen


@async_test
async def test_a_verdict_on_a_whole_claim_is_one_step_one_undo_takes_it_back(
    demo_copy: Path,
) -> None:
    app = ReviewApp(demo_copy, "ana")
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _claims_with_several_witnesses(pilot)
        keys = {m.claim_key for m in screen._members if m.tier == "same_claim"}
        await pilot.press("v", "3")  # false
        await pilot.pause()
        # one claim's sentences, as the dialog counted them ("All 3 sentences of ..."), not claims
        assert f"Marked {len(keys)} sentences false" in notes, notes
        with Store.open(demo_copy) as store:
            assert {r.target for r in store.claim_decisions() if r.decision == "false"} == keys
        await pilot.press("u")
        await pilot.pause()
        with Store.open(demo_copy) as store:
            assert store.claim_decisions() == []  # every sentence's verdict taken back at once
        # the log says the verdict was on the whole claim as shown, with its other sentences
        others = f"with the {len(keys) - 1} other sentences the claim showed then"
        assert any(n.startswith("Undone: verdict") and others in n for n in notes), notes


@async_test
async def test_the_undo_of_a_whole_claim_verdict_with_a_note_is_told_by_its_verdict(
    demo_copy: Path,
) -> None:
    """Found in this session's tmux pass: the toast read 'Undone: note on claim withdrawn and
    11 more of the same step', naming the note, not the verdict or which sentences it judged."""
    from textual.widgets import Input

    app = ReviewApp(demo_copy, "ana")
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _claims_with_several_witnesses(pilot)
        keys = {m.claim_key for m in screen._members if m.tier == "same_claim"}
        await pilot.press("v")
        app.screen.query_one("#verdict-note", Input).value = "the filing says 2027"
        await pilot.press("2")  # disputed
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
    (told,) = [n for n in notes if n.startswith("Undone:")]
    assert told.startswith("Undone: verdict on"), told
    assert f"with the {len(keys) - 1} other sentences the claim showed then" in told, told


@async_test
async def test_a_verdict_on_a_claim_another_reviewer_judged_since_is_refused(
    demo_copy: Path,
) -> None:
    from tui_fixtures import capture_notifications

    app = ReviewApp(demo_copy, "ana")
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _claims_with_several_witnesses(pilot)
        judged = next(m for m in screen._members if m.tier == "same_claim")
        with Store.open(demo_copy) as ben:
            ben.record_decision("claim", judged.claim_key, "false", "ben")
        await pilot.press("v", "1")  # corroborated, on a screen that still says unreviewed
        await pilot.pause()
        assert any(
            f"ben marked claim {judged.claim_key[:12]} false" in n and "not saved" in n
            for n in notes
        ), notes
        with Store.open(demo_copy) as store:
            assert [(r.reviewer, r.decision) for r in store.claim_decisions()] == [("ben", "false")]
        await pilot.press("v", "1")  # now seeing ben's verdict: replace it on purpose
        await pilot.pause()
        with Store.open(demo_copy) as store:
            assert {r.decision for r in store.claim_decisions()} == {"corroborated"}
