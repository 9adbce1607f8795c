"""`/` finds every sentence through the full-text index, also those in no claim cluster."""

from __future__ import annotations

from textual.widgets import Input, OptionList
from tui_fixtures import async_test

from tui.app import ReviewApp
from tui.screens import ArticleScreen, ClaimsScreen
from tui.screens.search import SearchScreen

SIZE = (120, 40)


def search_screen(app: ReviewApp) -> SearchScreen:
    assert isinstance(app.screen, SearchScreen)
    return app.screen


@async_test
async def test_claims_search_falls_back_to_sentences_in_no_cluster(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"Facebook", "enter")
        screen = search_screen(app)  # no cluster holds it, so every sentence is searched
        assert [h.text for h in screen.hits] == ["Share this article on Facebook"]
        assert screen.hits[0].cluster_id is None
        await pilot.press("enter")  # open the article at the sentence
        assert isinstance(app.screen, ArticleScreen)
        hit = screen.hits[0]
        assert app.screen.focus_range == (hit.start, hit.end)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ClaimsScreen)
        line = app.screen.query_one("#cluster-filters").render()
        assert "1 more sentences in no cluster" in str(line)


@async_test
async def test_search_from_flags_then_show_the_claim(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "slash")
        screen = search_screen(app)
        assert screen.query_one(Input).has_focus
        await pilot.press(*"Rotterdam", "enter")
        assert screen.hits and screen.hits[0].text.startswith("Regulators in Rotterdam")
        assert screen.query_one("#search-results", OptionList).has_focus
        key = screen.hits[0].claim_key
        await pilot.press("g")
        await pilot.pause()
        claims = app.screen
        assert isinstance(claims, ClaimsScreen)
        member = claims.current_member()
        assert member is not None and member.claim_key == key
