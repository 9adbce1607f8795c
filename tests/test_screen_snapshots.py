"""The Claims and Sources screens read each refresh from one snapshot of the database
(Store.snapshot), as the exports do: a decision another reviewer commits while a screen is
reading shows in all of what it reads or in none. Before, a verdict given between two reads of
the Claims screen showed its note on a sentence the same card called unreviewed, and the
Sources screen's scores could be of a later state than the marker it kept them under."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tui_fixtures import REVIEWER, Built, async_test

from analysis.scoring import score_sources
from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.screens.sources import score_snapshot

NOTE = "the filing says otherwise"


def _commit_after(
    store: Store, part: str, write: Callable[[Store], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Make `store.part` commit `write` through a second connection (another reviewer) right
    after its first read: a decision landing between two reads of one refresh."""
    read = getattr(store, part)
    done: list[bool] = []

    def read_then_other_reviewer_writes(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        if not done:
            done.append(True)
            with Store.open(store.path) as ben:
                write(ben)
        return found

    monkeypatch.setattr(store, part, read_then_other_reviewer_writes)


@async_test
async def test_a_verdict_given_while_the_claims_screen_reads_is_shown_whole_or_not_at_all(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ReviewApp(built.path, REVIEWER)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        member = screen._members[0]
        _commit_after(
            app.store,
            "cluster_members",
            lambda ben: ben.record_verdicts([member.claim_key], "false", "ben", note=NOTE),
            monkeypatch,
        )
        screen.reload()
        await pilot.pause()
        (card,) = [c for c in screen._cards if c.member.claim_key == member.claim_key]
        verdict = card.member.claim_status == "false"
        noted = NOTE in [n.note for n in card.notes]
        assert verdict == noted, (card.member.claim_status, [n.note for n in card.notes])
        with Store.open(built.path) as store:  # it landed: the next refresh shows it all
            assert store.claim_status(member.claim_key) == "false"


def test_the_sources_scores_are_those_of_the_state_they_are_kept_under(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(demo_copy) as store:
        before = score_sources(store.scoring_input())
        translated = {s.name for s in before if s.machine_translated}
        flag = next(f for f in store.flags(kind="name_variant") if f.source in translated)
        _commit_after(
            store,
            "scoring_marker",
            lambda ben: ben.set_flag_status(flag.fingerprint, "accepted", "ben"),
            monkeypatch,
        )
        marker, _facts, scores = score_snapshot(store)
        assert store.flag(flag.fingerprint).status == "accepted"  # it landed, after the marker
        assert marker != store.scoring_marker()  # so the screen scores again
    assert [(s.name, s.score, len(s.evidence)) for s in scores] == [
        (s.name, s.score, len(s.evidence)) for s in before
    ]
