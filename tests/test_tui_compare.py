"""Two articles side by side, opened from a contradiction or a claim, each scrolled to its span;
and the Article screen marking the flag it was opened at."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static
from tui_fixtures import Built, async_test, flags_at, focus

from store import Store
from tui.app import ReviewApp
from tui.screens import ArticleScreen, ClaimsScreen, FlagsScreen
from tui.screens.compare import CompareScreen
from tui.widgets.article_text import ArticleText

SIZE = (140, 40)


def reversed_text(pane: ArticleText) -> list[str]:
    """The spans drawn reversed (the current span) in one article pane."""
    out = []
    for para in pane.query(Static):
        content = para.content
        assert isinstance(content, Content)
        out += [content.plain[s.start : s.end] for s in content.spans if str(s.style) == "reverse"]
    return out


@async_test
async def test_a_contradiction_opens_both_sides_each_at_its_span(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await flags_at(pilot, built.flags["price"])
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        left = screen.query_one("#compare-left", ArticleText)
        right = screen.query_one("#compare-right", ArticleText)
        with Store.open(built.path) as store:
            flag = store.flag(built.flags["price"])
        assert (left.article_id, right.article_id) == (flag.article_id, flag.other_article_id)
        assert reversed_text(left) == ["2.1 billion euros"]
        assert reversed_text(right) == ["€2.4 billion"]
        await pilot.press("escape")
        assert isinstance(app.screen, FlagsScreen)


@async_test
async def test_a_claim_is_compared_with_each_other_outlet_in_turn(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        claims = app.screen
        assert isinstance(claims, ClaimsScreen)
        await focus(pilot, "#members")
        member = claims.current_member()
        others = [m for m in claims._members if m.article_id != member.article_id]
        assert member is not None and len(others) >= 2
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        seen = [screen.query_one("#compare-right", ArticleText).article_id]
        assert reversed_text(screen.query_one("#compare-left", ArticleText)) == [member.text]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        right = screen.query_one("#compare-right", ArticleText)
        seen.append(right.article_id)
        assert seen == [m.article_id for m in others[:2]]
        assert reversed_text(right) == [others[1].text]


@async_test
async def test_a_flag_without_two_sides_has_nothing_to_compare(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await flags_at(pilot, built.flags["spacing"])
        await pilot.press("w")
        assert isinstance(app.screen, FlagsScreen)


@async_test
async def test_article_marks_the_flag_it_was_opened_at(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await flags_at(pilot, built.flags["mariya"])
        await pilot.press("enter")
        await pilot.pause()
        article = app.screen
        assert isinstance(article, ArticleScreen)
        current = article.current_flag()
        assert current is not None and current.fingerprint == built.flags["mariya"]
        text = article.query_one("#article-text", ArticleText)
        assert "“Mariya Kovalenko”" in str(text.border_subtitle)
        await pilot.press("right_square_bracket")
        after = article.current_flag()
        assert after is not None and after.fingerprint != built.flags["mariya"]
        assert f"“{after.quote}”"[:20] in str(text.border_subtitle)
