"""The Entities screen: spellings per source, name corrections, merges and splits."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from tui_fixtures import REVIEWER, Built, async_test, capture_notifications, focus, open_screen

from store import Store
from tui.app import ReviewApp
from tui.screens import EntitiesScreen
from tui.screens.modals import PromptScreen
from tui.widgets.paged_table import PagedTable

SIZE = (120, 40)


async def open_entities(
    app: ReviewApp, pilot: Pilot[None]
) -> tuple[EntitiesScreen, PagedTable, list[str]]:
    """Switch to the Entities screen: the screen, its table and the names in row order."""
    screen = await open_screen(pilot, "e", EntitiesScreen)
    table = screen.query_one("#entities", PagedTable)
    return screen, table, [screen._entities[str(r.key.value)].name for r in table.ordered_rows]


@async_test
async def test_entities_spellings_and_name_corrections(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, table, names = await open_entities(app, pilot)
        assert len(names) == 4
        table.move_cursor(row=names.index("Maria Kovalenko"))
        await pilot.pause()
        usage = {(u["spelling"], u["source"]) for u in screen._usage}
        assert ("Mariya Kovalenko", "Kyodo Wire") in usage
        assert ("Marija Kowalenko", "Nord Post") in usage
        assert len(usage) == 4
        assert {f.quote for f in screen._flags} == {"Mariya Kovalenko", "Marija Kowalenko"}
        await focus(pilot, "#entity-flags")
        index = [f.quote for f in screen._flags].index("Mariya Kovalenko")
        screen.query_one("#entity-flags", OptionList).highlighted = index
        await pilot.press("y")  # accept the correction the flag suggests
    with Store.open(built.path) as store:
        assert store.flag(built.flags["mariya"]).status == "accepted"
        # a known garble of the entry, never a gazetteer alias (issue 9)
        assert store.gazetteer_entries() == []
        (garble,) = store.known_garbles()
        assert (garble["spelling"], garble["name"], garble["decision"]) == (
            "Mariya Kovalenko", "Maria Kovalenko", "accepted",
        )  # fmt: skip


@async_test
async def test_merge_split_and_undo(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, table, names = await open_entities(app, pilot)
        table.move_cursor(row=names.index("Maria Kovalenko"))
        await pilot.press("g", *"maria kovalenko", "enter")  # into itself: refused
        await pilot.press("g", *"Solace", "enter")  # not a name, but the reviewer's call
        await focus(pilot, "#usage")
        await pilot.press("down", "p")
        spelling = screen._usage[1]["spelling"]
        assert screen.app.screen.query_one(Input).value == spelling
        await pilot.press("enter")
        decisions = [(d.action, d.target, d.value) for d in screen.store.entity_decisions()]
        assert decisions == [
            ("merge", "Maria Kovalenko", "Solace"),
            ("split", spelling, None),
        ]
        await pilot.press("u")
        assert [d.action for d in screen.store.entity_decisions()] == ["merge"]
        assert "kept apart" not in str(screen.query_one("#entity-decisions").content)


@async_test
async def test_long_names_get_the_room_the_screen_has(app: ReviewApp) -> None:
    """The name column was fixed at 22 characters: a long organisation name was cut on any
    screen. It now takes what the other columns leave, up to 40, and is cut only beyond."""
    from dataclasses import replace

    from textual.widgets.data_table import ColumnKey

    from tui.screens.entities import name_width

    assert (name_width(80), name_width(100), name_width(160)) == (22, 30, 40)
    long = "Vestmark Regional Transit Authority"  # 35 characters, invented
    async with app.run_test(size=(160, 40)) as pilot:
        screen, table, _ = await open_entities(app, pilot)
        assert table.columns[ColumnKey("name")].width == 40
        entity = next(iter(screen._entities.values()))
        assert str(screen._cells(replace(entity, name=long))[0]) == long
        longer = str(screen._cells(replace(entity, name=long + " and Harbour Board"))[0])
        assert len(longer) == 40 and longer.endswith("…")
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.size.width
        await pilot.resize_terminal(100, 40)  # narrower: the columns are laid out again
        await pilot.pause()
        assert table.columns[ColumnKey("name")].width == 30
        assert table.row_count == len(screen._entities) > 0


@async_test
async def test_a_merge_after_another_reviewers_merge_of_that_name_is_refused_then_kept(
    app: ReviewApp, built: Built
) -> None:
    """Two reviewers on one database: ben merged a spelling into one name while ana's Entities
    screen still showed it unmerged, and ana's merge of it into another name overrode his
    unseen (the latest merge wins at the next analysis). It is refused like a stale flag
    decision: the screen reloads, says what ben did, and the merge dialog comes back with the
    name ana typed; Enter then saves hers over his, now seen."""
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        screen, table, names = await open_entities(app, pilot)
        table.move_cursor(row=names.index("Maria Kovalenko"))
        await pilot.pause()
        with Store.open(built.path) as ben:
            ben.merge_entities("Maria Kovalenko", "Northwind Energy", "ben")
        await pilot.press("g", *"Solace Grid", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)  # back, with the name typed
        assert app.screen.query_one(Input).value == "Solace Grid"
        assert any("ben merged “Maria Kovalenko” into “Northwind Energy”" in n for n in notes)
        assert [d.value for d in screen.store.entity_decisions()] == ["Northwind Energy"]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen)
        assert [(d.reviewer, d.value) for d in screen.store.entity_decisions()] == [
            ("ben", "Northwind Energy"),
            (REVIEWER, "Solace Grid"),
        ]
