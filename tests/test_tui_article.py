"""The Article screen: full text, highlighted spans, opened at the flag or claim you came from."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static
from tui_fixtures import REVIEWER, Built, async_test, fixture_db, flags_at, focus

from store import Store
from tui.app import ReviewApp
from tui.screens import ArticleScreen, ClaimsScreen
from tui.widgets.article_text import paragraphs
from tui.widgets.paged_table import PagedTable

SIZE = (120, 40)


def styles_at(para: Static, text: str) -> set[str]:
    """The span styles that cover `text` inside one rendered paragraph."""
    content = para.content
    assert isinstance(content, Content)
    at = content.plain.index(text)
    return {
        str(span.style) for span in content.spans if span.start <= at and at + len(text) <= span.end
    }


def test_paragraphs_keep_article_offsets() -> None:
    text = "One.\n\nTwo two.\n  \nThree"
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two two.", "Three"]


@async_test
async def test_enter_opens_the_article_at_the_claim_and_escape_returns(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        await focus(pilot, "#members")
        await pilot.press("down", "down", "down", "enter")
        kyodo = screen._members[3]
        article = app.screen
        assert isinstance(article, ArticleScreen)
        assert article.article_id == kyodo.article_id == built.article_ids[2]
        assert article.focus_range == (kyodo.start, kyodo.end)
        await pilot.press("escape")
        assert app.screen is screen
        await focus(pilot, "#cluster-flags")
        await pilot.press("a")  # the article of the highlighted flag, at that flag
        assert isinstance(app.screen, ArticleScreen)
        flag = app.screen.current_flag()
        assert flag is not None and flag.fingerprint == built.flags["price"]
        await pilot.press("backspace")
        assert app.screen is screen


@async_test
async def test_spans_are_highlighted_and_flags_decided_in_context(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        flags = await flags_at(pilot, built.flags["mariya"])
        table = flags.query_one("#flags", PagedTable)
        await pilot.press("enter")
        article = app.screen
        assert isinstance(article, ArticleScreen)
        assert article.current_flag().fingerprint == built.flags["mariya"]  # type: ignore[union-attr]
        name_para = article.query_one("#p1", Static)
        assert {"underline", "reverse"} <= styles_at(name_para, "Mariya Kovalenko")
        assert "$text-primary" in styles_at(name_para, "Mariya Kovalenko")  # a name
        first = article.query_one("#p0", Static)
        assert "$text-warning" in styles_at(first, "2.1 billion euros")  # a quantity
        assert "underline" in styles_at(first, "2.1 billion euros")  # flagged, not in focus
        await pilot.press("right_square_bracket")  # next flag: the date conflict
        assert article.current_flag().fingerprint == built.flags["date"]  # type: ignore[union-attr]
        assert "reverse" in styles_at(article.query_one("#p0", Static), "March 4")
        await pilot.press("left_square_bracket", "y")
        assert article.current_flag().status == "accepted"  # type: ignore[union-attr]
        await pilot.press("escape")
        assert app.screen is flags
        assert built.flags["mariya"] not in [str(r.key.value) for r in table.ordered_rows]
    with Store.open(built.path) as store:
        assert store.flag(built.flags["mariya"]).status == "accepted"


@async_test
async def test_residue_is_dimmed_and_article_notes(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(built.article_ids[0])
        await pilot.pause()
        article = app.screen
        assert isinstance(article, ArticleScreen)
        share = article.query_one("#p3", Static)
        assert "italic $text-muted" in styles_at(share, "Share this article")
        await focus(pilot, "#article-text")
        await pilot.press("m", *"ok", "enter")
    with Store.open(built.path) as store:
        sha = store.article(built.article_ids[0]).sha256
        assert [n.note for n in store.notes("article", sha)] == ["ok"]


@async_test
async def test_long_article_scrolls_to_the_spot(tmp_path: Path) -> None:
    built = fixture_db(tmp_path, filler=200)
    app = ReviewApp(built.path, REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        filler = built.article_ids[-1]
        start, end = built.sentence_offsets[(5, 180)]
        app.open_article(filler, start, end)
        await pilot.pause()
        await pilot.pause()
        article = app.screen
        assert isinstance(article, ArticleScreen)
        scroll = article.query_one("#article-text", VerticalScroll)
        target = article.query_one("#p180", Static)
        top = scroll.scroll_y
        assert top > 0
        assert top <= target.virtual_region.y <= top + scroll.size.height


@async_test
async def test_article_notes_follow_an_edited_article(built: Built) -> None:
    """A revised article (an edited file imported again) keeps the notes made on it, which are
    keyed by the sha256 it had when first imported."""
    aid = built.article_ids[0]
    with Store.open(built.path) as store:
        store.db.execute("UPDATE articles SET sha256 = 'edited' WHERE id = ?", [aid])
        origin = store.article(aid).origin_sha256
    assert origin and origin != "edited"
    app = ReviewApp(built.path, REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(aid)
        await pilot.pause()
        await focus(pilot, "#article-text")
        await pilot.press("m", *"ok", "enter")
    with Store.open(built.path) as store:
        assert [n.note for n in store.notes("article", origin)] == ["ok"]
