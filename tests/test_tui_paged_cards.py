"""The Claims screen draws a claim's sentences and flags a page of cards at a time: walking down
either list still reaches every card, and the keys act on the card under the cursor."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from tui_fixtures import REVIEWER, Built, async_test, flag_status, focus

from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.widgets.paged_options import MORE, PagedOptionList

SIZE = (140, 45)


class Cards(App[None]):
    def compose(self) -> ComposeResult:
        yield PagedOptionList(page=3)


def _prompts(cards: PagedOptionList) -> list[str]:
    return [str(cards.get_option_at_index(i).prompt) for i in range(cards.option_count)]


@async_test
async def test_cards_are_made_a_page_at_a_time_as_the_cursor_walks_down() -> None:
    made: list[int] = []

    def make(i: int) -> Content:
        made.append(i)
        return Content(f"card {i}")

    app = Cards()
    async with app.run_test() as pilot:
        cards = app.query_one(PagedOptionList)
        cards.show(7, make, what="more cards")
        cards.highlighted = 0
        cards.focus()
        await pilot.pause()
        assert made == [0, 1, 2] and cards.shown == 3
        assert _prompts(cards)[-1] == "… 4 more cards"
        await pilot.press("down", "down")  # card 2
        assert made == [0, 1, 2]
        await pilot.press("down")  # onto "… 4 more": the next page takes its place
        assert cards.shown == 6 and cards.highlighted == 3
        assert _prompts(cards)[3] == "card 3"
        await pilot.press("down", "down", "down", "down")
        assert cards.shown == 7 and MORE not in [o.id for o in cards.options]
        assert _prompts(cards) == [f"card {i}" for i in range(7)]
        assert made == list(range(7))  # each card made once
        cards.show(2, make)
        assert _prompts(cards) == ["card 0", "card 1"] and cards.shown == 2


@async_test
async def test_choosing_more_or_jumping_makes_the_cards_needed() -> None:
    app = Cards()
    async with app.run_test() as pilot:
        cards = app.query_one(PagedOptionList)
        cards.show(10, lambda i: Content(f"card {i}"))
        cards.focus()
        cards.highlighted = 3  # the "more" line
        await pilot.pause()
        assert cards.shown == 6
        cards.highlight(8)
        assert cards.shown >= 9 and cards.highlighted == 8
        assert str(cards.get_option_at_index(8).prompt) == "card 8"
        cards.replace_card(8, Content("card 8, again"))
        assert str(cards.get_option_at_index(8).prompt) == "card 8, again"
        cards.show_empty("nothing here")
        assert cards.shown == 0 and cards.option_count == 1


@async_test
async def test_a_claim_s_members_and_flags_are_reached_and_decided_past_the_first_page(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PagedOptionList, "PAGE", 1)  # one card, then "… N more"
    app = ReviewApp(built.path, REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        await pilot.pause()
        members = screen.query_one("#members", PagedOptionList)
        flags = screen.query_one("#cluster-flags", PagedOptionList)
        assert len(screen._members) > 2 and members.shown == 1
        await focus(pilot, "#members")
        for n in range(1, len(screen._members)):
            await pilot.press("down")
            assert screen.current_member() == screen._members[n]
        assert members.shown == len(screen._members)
        if len(screen._flags) < 2:  # the first claim of the fixture has several flags
            pytest.fail("the fixture's first claim should carry at least two flags")
        await focus(pilot, "#cluster-flags")
        await pilot.press("down")
        last = screen._flags[1]
        assert screen.current_flag() == last
        await pilot.press("y")  # accept the second flag, made on the way down
        with Store.open(built.path):
            assert flag_status(built.path, last.fingerprint) == "accepted"
        assert screen.current_flag() is not None
        assert screen.current_flag().fingerprint == last.fingerprint  # the cursor stayed
        assert flags.shown >= 2
