"""The Claims list: full-text search, filters by flag kind and status, paging from SQLite."""

from __future__ import annotations

from pathlib import Path

from tui_fixtures import REVIEWER, async_test, fixture_db

from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.widgets.paged_table import PagedTable

SIZE = (120, 40)


def claims(app: ReviewApp) -> ClaimsScreen:
    assert isinstance(app.screen, ClaimsScreen)
    return app.screen


@async_test
async def test_search_and_filters(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        table = screen.query_one("#clusters", PagedTable)
        await pilot.press("slash", *"Rotterdam", "enter")
        assert table.row_count == 1
        filters = str(screen.query_one("#cluster-filters").render())
        assert filters.startswith("1 cluster · "), filters  # not "1 clusters"
        assert screen._members[0].text.startswith("Regulators in Rotterdam")
        await pilot.press("escape")
        assert table.row_count == 6
        await pilot.press("k")  # name_variant
        assert [screen._clusters[str(k.value)].label for k in table.rows] == [
            "Kovalenko expects the deal to close by June"
        ]
        await pilot.press("escape", "o")  # only claims with two or more sources
        assert table.row_count == 4
        await pilot.press("escape", "t")  # clusters with open flags
        assert table.row_count == 3
        await pilot.press("y")  # accept the price conflict; the date conflict is still open
        await pilot.press("r")
        assert table.row_count == 3


@async_test
async def test_cluster_list_is_paged_from_the_database(tmp_path: Path) -> None:
    built = fixture_db(tmp_path, filler=450)
    app = ReviewApp(built.path, REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        table = screen.query_one("#clusters", PagedTable)
        assert table.row_count == 100
        table.move_cursor(row=99)
        await pilot.pause()
        assert table.row_count == 200
        await pilot.press("pagedown")
        assert table.row_count <= 300 < 456
        assert not table.exhausted
