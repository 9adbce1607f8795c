"""The top line says when articles were imported or edited since the last analysis (another
shell may import while the TUI is open), names the re-analyse key, and clears once analysed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from textual.widgets import Static
from tui_fixtures import async_test

from store import PendingAnalysis, Store
from tui.app import ReviewApp, pending_text
from tui.screens import ArticleScreen
from tui.widgets.article_text import ArticleText
from tui.widgets.nav import NavBar

SIZE = (160, 45)


def _import_edited_copy_of_the_first_article(db: Path) -> int:
    """What `corroborator import` does with an edited file: the same article, new text."""
    with Store.open(db) as other:
        first = other.articles()[0]
        text = other.article_text(first.id) + "\nA late correction.\n"
        article_id, outcome = other.import_article(
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            source=first.source,
            path=first.path,
            file_name=first.file_name,
            resolved_path=first.resolved_path,
        )
    assert (article_id, outcome) == (first.id, "updated")
    return article_id


@async_test
async def test_the_top_line_says_an_edit_waits_and_re_analysing_clears_it(demo_copy: Path) -> None:
    app = ReviewApp(demo_copy, "ana")
    async with app.run_test(size=SIZE) as pilot:
        assert app.pending_notice == ""
        _import_edited_copy_of_the_first_article(demo_copy)
        await pilot.press("r")  # (the TUI also looks by itself every few seconds)
        assert app.pending_notice.endswith("1 edited article not analysed (ctrl+a)")
        assert "1 edited article not analysed" in str(app.screen.query_one(NavBar).render())
        await pilot.press("f")  # every screen's top line says it
        assert "1 edited article" in str(app.screen.query_one(NavBar).render())
        await pilot.press("ctrl+a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.pending_notice == ""
        assert "not analysed" not in str(app.screen.query_one(NavBar).render())


def test_an_entity_merge_waits_for_the_next_analysis_too(demo_copy: Path) -> None:
    with Store.open(demo_copy) as store:
        assert not store.pending_analysis()
        store.merge_entities("Jon Smyth", "John Smith", "ana")  # applies at the next analysis
        pending = store.pending_analysis()
    assert pending == PendingAnalysis(entity_changes=1)
    assert pending_text(pending, "!", {}) == "! 1 entity change not analysed (ctrl+a)"


def test_the_notice_counts_and_names_the_remapped_key() -> None:
    both = PendingAnalysis(new=2, edited=1, entity_changes=3)
    assert pending_text(both, "⚠", {"reanalyse": "F5,ctrl+a"}) == (
        "⚠ 2 new + 1 edited articles, 3 entity changes not analysed (F5)"
    )
    assert pending_text(PendingAnalysis(), "⚠", {}) == ""


@async_test
async def test_an_article_edited_since_the_analysis_says_so_and_draws_no_stale_marks(
    demo_copy: Path,
) -> None:
    article_id = _import_edited_copy_of_the_first_article(demo_copy)
    with Store.open(demo_copy) as store:
        assert store.article(article_id).edited_since_analysis
        assert not store.articles()[1].edited_since_analysis
    app = ReviewApp(demo_copy, "ana")
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(article_id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        info = str(screen.query_one("#article-info", Static).render())
        assert "edited since the analysis" in info and "(ctrl+a)" in info
        text = screen.query_one("#article-text", ArticleText)
        underlined = [s for p in text.query(Static) for s in p.visual.spans  # type: ignore[union-attr]
                      if "underline" in str(s.style)]  # fmt: skip
        assert underlined == []  # no flag drawn at offsets of the old text
