"""Re-analysis may give a deleted cluster's row id to another claim (store/derived_diff.py deletes
changed rows and inserts new ones; SQLite hands out the freed highest ids again). The Claims
screen must follow the reviewer's sentence by its claim key, never stay on the row id, and a claim
is named (row keys, titles, the command line) by its first sentence's id, never by its row id."""

from __future__ import annotations

from pathlib import Path

from tui_fixtures import Built, async_test, focus

from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen
from tui.widgets.paged_table import PagedTable

SIZE = (120, 40)


def rewrite_clusters_in_reverse(path: Path) -> None:
    """What an analysis that wrote every cluster anew does to the ids: the same claims, inserted
    again in another order, so each id now names another claim."""
    with Store.open(path) as store:
        db = store.db
        clusters = [dict(r) for r in db.query("SELECT * FROM clusters ORDER BY id")]
        members = [dict(r) for r in db.query("SELECT * FROM cluster_members")]
        with db.conn:
            db.execute("DELETE FROM cluster_members")
            db.execute("DELETE FROM clusters")
            for old in reversed(clusters):
                fields = {k: v for k, v in old.items() if k != "id"}
                cur = db.execute(
                    f"INSERT INTO clusters ({', '.join(fields)}) VALUES"
                    f" ({', '.join('?' * len(fields))})",
                    list(fields.values()),
                )
                for m in (m for m in members if m["cluster_id"] == old["id"]):
                    row = {**m, "cluster_id": cur.lastrowid}
                    db.execute(
                        f"INSERT INTO cluster_members ({', '.join(row)}) VALUES"
                        f" ({', '.join('?' * len(row))})",
                        list(row.values()),
                    )
            db.execute("DELETE FROM summary_state")


@async_test
async def test_refresh_follows_the_sentence_when_its_row_id_names_another_claim(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        table = screen.query_one("#clusters", PagedTable)
        labels = [c.label for c in screen._clusters.values()]
        table.move_cursor(row=labels.index("The company employs 4,500 people"))
        await pilot.pause()
        before_id = table.current_key
        await focus(pilot, "#members")
        screen.query_one("#members").highlighted = 1
        await pilot.press("space")  # marked to split off
        mine = screen.current_member()
        assert mine is not None and screen._marked == {mine.claim_key}
        rewrite_clusters_in_reverse(built.path)
        await pilot.press("r")
        await pilot.pause()
        shown = screen._clusters[table.current_key]
        assert shown.label == "The company employs 4,500 people"
        assert table.current_key == before_id  # the row is named by the claim, not its row id
        now = screen.current_member()
        assert now is not None and now.claim_key == mine.claim_key
        assert screen._marked == {mine.claim_key}


@async_test
async def test_refresh_with_unchanged_ids_keeps_member_and_flag(app: ReviewApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        await focus(pilot, "#members")
        screen.query_one("#members").highlighted = 2
        mine = screen.current_member()
        await pilot.press("r")
        await pilot.pause()
        now = screen.current_member()
        assert mine is not None and now is not None and now.claim_key == mine.claim_key


def test_export_names_each_claim_by_a_key_that_outlives_its_row_id(built: Built) -> None:
    from analysis.exporting import collect_export
    from analysis.report import to_dict

    def exported() -> dict[str, tuple[int, list[str]]]:
        with Store.open(built.path) as store:
            clusters = to_dict(collect_export(store))["clusters"]
        return {c["key"]: (c["id"], sorted(m["claim"] for m in c["members"])) for c in clusters}

    before = exported()
    rewrite_clusters_in_reverse(built.path)
    after = exported()
    assert before.keys() == after.keys()
    assert all(before[k][1] == after[k][1] for k in before)  # the same claim under its key
    assert any(before[k][0] != after[k][0] for k in before)  # while its id changed


def test_export_gives_each_claim_the_name_the_tui_and_claim_show_use(built: Built) -> None:
    from analysis.exporting import collect_export
    from analysis.report import to_dict

    with Store.open(built.path) as store:
        clusters = to_dict(collect_export(store))["clusters"]
        names = {c.id: c.name for c in store.clusters(limit=1000)}
    assert clusters and all(c["name"] == names[c["id"]] for c in clusters)
    assert all(c["name"] in {m["claim"] for m in c["members"]} for c in clusters)


def _names(path: Path) -> dict[str, tuple[int, str]]:
    with Store.open(path) as store:
        return {c.name: (c.id, c.label) for c in store.clusters(limit=1000)}


def test_a_claims_name_outlives_its_row_id_and_is_one_of_its_sentences(built: Built) -> None:
    before = _names(built.path)
    rewrite_clusters_in_reverse(built.path)
    after = _names(built.path)
    assert len(before) == len(after) > 1 and "" not in before  # one name each, all kept
    assert {n: label for n, (_, label) in before.items()} == {
        n: label for n, (_, label) in after.items()
    }
    assert any(before[n][0] != after[n][0] for n in before)  # while the row ids moved
    with Store.open(built.path) as store:
        for name, (cluster_id, _) in after.items():
            assert name in {m.claim_key for m in store.cluster_members(cluster_id)}
            assert store.cluster_of_claim(name) == cluster_id
            assert store.cluster_name(cluster_id) == name


def test_the_command_line_names_a_claim_by_its_stable_name(built: Built) -> None:
    from click.testing import CliRunner

    from tui.cli import main

    name = next(n for n, (_, label) in _names(built.path).items() if "4,500" in label)
    rewrite_clusters_in_reverse(built.path)
    shown = CliRunner().invoke(main, ["claim", "show", name[:8], "--db", str(built.path)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == f"claim {name[:12]}:"
    assert "#" not in shown.output.splitlines()[0]


@async_test
async def test_the_claim_pane_and_search_name_the_claim_as_the_command_line_does(
    app: ReviewApp, built: Built
) -> None:
    from tui.screens.search import SearchScreen

    name = next(n for n, (_, label) in _names(built.path).items() if "4,500" in label)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        table = screen.query_one("#clusters", PagedTable)
        table.move_cursor(row=table.get_row_index(name))
        await pilot.pause()
        title = str(screen.query_one("#members").border_title)
        assert title.startswith(f"claim {name[:12]} · ") and "4,500" in title
        app.push_screen(SearchScreen("employs"))
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        cards = [str(search.query_one("#search-results").get_option_at_index(i).prompt)
                 for i in range(len(search.hits))]  # fmt: skip
        assert any(f"claim {name[:12]}: " in c for c in cards), cards
