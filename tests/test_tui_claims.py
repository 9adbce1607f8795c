"""The Claims screen: browse clusters, decide their flags, give claims a verdict, annotate."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.widgets import Input, OptionList
from tui_fixtures import REVIEWER, Built, async_test, focus

from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.screens.modals import PromptScreen, VerdictScreen
from tui.widgets.highlight import FOCUSED
from tui.widgets.paged_table import PagedTable

SIZE = (120, 40)


def claims(app: ReviewApp) -> ClaimsScreen:
    assert isinstance(app.screen, ClaimsScreen)
    return app.screen


@async_test
async def test_lists_clusters_conflicts_first_and_shows_members(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        assert screen.query_one("#clusters", PagedTable).row_count == 6
        # the four-source conflict comes first, with both of its contradictions below
        assert [m.source for m in screen._members] == [
            "Harbor Times", "Daily Ledger", "Nord Post", "Kyodo Wire",
        ]  # fmt: skip
        assert screen.query_one("#members", OptionList).option_count == 4
        assert [f.quote for f in screen._flags] == ["2.1 billion euros", "March 4"]
        await pilot.press("down")
        assert [m.source for m in screen._members] == ["Harbor Times", "Kyodo Wire"]
        assert [f.slot for f in screen._flags] == ["polarity"]
        # tab walks clusters -> claims -> flags
        await pilot.press("tab")
        assert app.focused is screen.query_one("#members")
        await pilot.press("tab")
        assert app.focused is screen.query_one("#cluster-flags")


@async_test
async def test_decide_flags_of_a_cluster(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        await pilot.press("y")  # highlighted flag of the first cluster: the price conflict
        await focus(pilot, "#cluster-flags")
        await pilot.press("down", "n")  # the date conflict
        assert [f.status for f in screen._flags] == ["accepted", "rejected"]
        await focus(pilot, "#clusters")
        await pilot.press("down", "down")  # the Kovalenko cluster: two name flags, one artefact
        assert {f.quote for f in screen._flags} == {"Mariya Kovalenko", "Marija Kowalenko", "30 %"}
        await focus(pilot, "#cluster-flags")
        index = [f.quote for f in screen._flags].index("Marija Kowalenko")
        screen.query_one("#cluster-flags", OptionList).highlighted = index
        await pilot.press("x")
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == "Maria Kovalenko"  # the suggestion
        await pilot.press("enter")
        assert screen._flags[index].status == "corrected"
    with Store.open(built.path) as store:
        price = store.flag(built.flags["price"])
        assert (price.status, price.decided_by) == ("accepted", REVIEWER)
        assert store.flag(built.flags["date"]).status == "rejected"
        marija = store.flag(built.flags["marija"])
        assert (marija.status, marija.correction) == ("corrected", "Maria Kovalenko")


@async_test
async def test_verdict_for_one_claim_or_a_whole_cluster(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        kyodo = screen._members[3]
        await focus(pilot, "#members")
        await pilot.press("down", "down", "down", "v")
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("3")  # false
        await focus(pilot, "#clusters")
        await pilot.press("down", "down", "down", "v", "1")  # the 4,500-people cluster: all
        employs = list(screen._members)
    with Store.open(built.path) as store:
        assert store.claim_status(kyodo.claim_key) == "false"
        assert {store.claim_status(m.claim_key) for m in employs} == {"corroborated"}
        assert len(employs) == 2


@async_test
async def test_verdict_with_a_note_is_one_undo_step(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        await focus(pilot, "#members")
        claim_key = screen._members[0].claim_key
        await pilot.press("v", "tab", *"2 sources", "enter")
        # digits typed into the note stay text; Enter there saves nothing: it goes back to the
        # options, where the reviewer picks the verdict on purpose
        assert isinstance(app.screen, VerdictScreen)
        assert app.screen.query_one("#choices").has_focus
        with Store.open(built.path) as store:
            assert store.claim_status(claim_key) == "unreviewed"
            assert store.notes("claim", claim_key) == []
        await pilot.press("2")  # disputed
        await pilot.pause()
        assert not isinstance(app.screen, VerdictScreen)
    with Store.open(built.path) as store:
        assert store.claim_status(claim_key) == "disputed"
        assert [n.note for n in store.notes("claim", claim_key)] == ["2 sources"]
        store.undo(REVIEWER)
        assert store.claim_status(claim_key) == "unreviewed"
        assert store.notes("claim", claim_key) == []


@async_test
async def test_notes_on_flag_claim_and_cluster(app: ReviewApp, built: Built) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        cluster_key = screen._clusters[screen._shown or ""].key
        await pilot.press("m", *"deal", "enter")
        await focus(pilot, "#members")
        claim_key = screen._members[0].claim_key
        await pilot.press("m", *"seen", "enter")
        await focus(pilot, "#cluster-flags")
        await pilot.press("m", "escape")  # cancelled: nothing written
        await pilot.press("m", *"ok", "enter")
    with Store.open(built.path) as store:
        assert [n.note for n in store.notes("cluster", cluster_key)] == ["deal"]
        assert [n.note for n in store.notes("claim", claim_key)] == ["seen"]
        assert [n.note for n in store.notes("flag", built.flags["price"])] == ["ok"]
        assert store.counts().reviews == 3


def _focused_quotes(screen: ClaimsScreen) -> set[str]:
    """The text shown reversed (the focused flag) across the member cards."""
    members = screen.query_one("#members", OptionList)
    out = set()
    for i in range(members.option_count):
        prompt = members.get_option_at_index(i).prompt
        assert isinstance(prompt, Content)
        out |= {prompt.plain[s.start : s.end] for s in prompt.spans if s.style == FOCUSED}
    return out


@async_test
async def test_member_cards_follow_the_highlighted_flag(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        # shown once with the first flag focused, both of its sides marked
        assert _focused_quotes(screen) == {"2.1 billion euros", "€2.4 billion"}
        await focus(pilot, "#cluster-flags")
        await pilot.press("down")
        assert _focused_quotes(screen) == {"March 4", "March 3"}
        await pilot.press("up")
        assert _focused_quotes(screen) == {"2.1 billion euros", "€2.4 billion"}
        await focus(pilot, "#clusters")
        await pilot.press("down")  # the polarity cluster: its one flag is focused at once
        assert _focused_quotes(screen) == {screen._flags[0].quote, screen._flags[0].other_quote}


@async_test
async def test_row_glyph_dims_once_its_flags_are_decided(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = claims(app)
        table = screen.query_one("#clusters", PagedTable)
        key = screen._shown or ""
        before = table.get_cell(key, "glyph")
        await pilot.press("down", "up")  # nothing decided: the glyph is left as it was
        assert table.get_cell(key, "glyph") is before
        await focus(pilot, "#cluster-flags")
        await pilot.press("y", "down", "y")
        after = table.get_cell(key, "glyph")
        # same character, muted style: a change Content's == (text only) would not see
        assert after.plain == before.plain
        assert [s.style for s in after.spans] == ["$text-muted"]
        assert [s.style for s in before.spans] != ["$text-muted"]


def test_members_subtitle_counts_only_same_claim_sources_and_names_the_other_tiers() -> None:
    from types import SimpleNamespace

    from tui.screens.claims import _members_subtitle

    members = [SimpleNamespace(tier=t) for t in ("same_claim", "same_claim", "possible")]
    assert _members_subtitle(members, 2) == "3 sentences · 2 sources (1 possible)"  # type: ignore[arg-type]
    assert _members_subtitle(members[:2], 2) == "2 sentences · 2 sources"  # type: ignore[arg-type]
    # the cluster list's "–" (no same-claim witness), explained where the members are shown
    maybe = [SimpleNamespace(tier=t) for t in ("possible", "possible", "related")]
    assert _members_subtitle(maybe, 0) == (  # type: ignore[arg-type]
        "3 sentences · – no source is sure to state it (2 possible, 1 related: + confirms one)"
    )


@async_test
async def test_the_cluster_list_is_read_once_on_opening_and_again_on_coming_back(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    original = Store.clusters

    def counted(self: Store, **kwargs: object) -> object:
        reads.append(1)
        return original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "clusters", counted)
    app = ReviewApp(built.path, REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert claims(app).query_one("#clusters", PagedTable).row_count == 6
        assert len(reads) == 1  # the whole-corpus query, not twice on mount and first resume
        await pilot.press("f")
        await pilot.press("c")
        await pilot.pause()
        assert len(reads) == 2  # decisions made elsewhere are shown on coming back
