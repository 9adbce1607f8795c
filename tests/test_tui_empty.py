"""The Claims screen on a database with nothing to review says why and what to do, instead of
"No cluster matches", which reads as if a filter hid the claims."""

from __future__ import annotations

from pathlib import Path

from tui_fixtures import async_test

from store import Store
from tui.app import ReviewApp


def _empty_line(app: ReviewApp) -> str:
    from tui.screens.claims import MembersList

    members = app.screen.query_one("#members", MembersList)
    return str(members.get_option_at_index(0).prompt)


@async_test
async def test_an_empty_database_says_to_import_articles(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    Store.open(path).close()
    app = ReviewApp(path, "ana")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        line = _empty_line(app)
    assert line.startswith("No articles in empty.db yet") and "corroborator import" in line


@async_test
async def test_articles_not_analysed_yet_say_ctrl_a(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store.open(path) as store:
        store.add_article(text="Hello world.", sha256="a", source="A")
    app = ReviewApp(path, "ana")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        line = _empty_line(app)
    assert line == "1 article not analysed yet: ctrl+a analyses them."
