"""Claim edits and pickers on a sentence that sits in two claims (one per claim unit): the claim
the reviewer picked is the one edited, never the other claim sharing that sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_claim_items import BOTH, BUDGET, FERRY, STORY, _place, _story_db
from tui_fixtures import async_test

from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.screens.claim_edit import PickScreen

RESIDENTS = "Residents said nobody had consulted them about the plan."


@pytest.fixture
def shared_db(tmp_path: Path) -> Path:
    """The claim-unit story and a fourth outlet, so a third claim exists to merge into."""
    return _story_db(tmp_path, {**STORY, 4: [RESIDENTS, "Shops on the quay stayed open late."]})


def _members(store: Store) -> list[set[str]]:
    return [{m.text.strip() for m in store.cluster_members(c.id)} for c in store.clusters()]


@async_test
async def test_merging_a_claim_picked_in_the_tui_merges_that_claim(shared_db: Path) -> None:
    with Store.open(shared_db) as store:
        article, idx, _ = _place(store, BOTH)
        assert len(store.clusters_of_sentence(article, idx)) == 2
        texts = _members(store)
        assert len(texts) == 3, texts
    app = ReviewApp(shared_db, "ann")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        for picked_text in (BUDGET, FERRY):  # whichever claim of the two has the lower row id
            (third,) = [
                k for k, c in screen._clusters.items()
                if any("consulted" in m.text for m in app.store.cluster_members(c.id))
            ]  # fmt: skip
            screen.show_cluster(third)
            await pilot.pause()
            screen.action_merge_claim()
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, PickScreen)
            found = picker.search("")
            picker.run_search("")  # two claims that share a sentence are both offered
            keys = [k for k, label in found if picked_text[:20] in str(label)]
            assert len(keys) == 1, (picked_text, found)
            key = keys[0]
            picker.dismiss(key)
            await pilot.pause()
            merged = next(t for t in _members(app.store) if any("consulted" in x for x in t))
            assert picked_text in merged, (picked_text, merged)
            other = FERRY if picked_text == BUDGET else BUDGET
            assert other not in merged, (picked_text, merged)
            await pilot.press("u")
            await pilot.pause()
