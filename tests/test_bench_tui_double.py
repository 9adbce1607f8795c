"""bench/tui_double.py: a database twice the size of an analysed one, for timing the TUI."""

from __future__ import annotations

from pathlib import Path

from tui_fixtures import Built

from bench import tui_double
from store import Store


def test_every_row_the_tui_reads_is_there_twice_and_the_copy_opens(
    built: Built, tmp_path: Path
) -> None:
    with Store.open(built.path) as store:
        before = store.counts()
        clusters = store.clusters()
        matches = store.search_matches("Kovalenko").cluster_ids
    copy = tmp_path / "double.db"
    rows = tui_double.double(built.path, copy)
    with Store.open(copy, create=False) as store:
        after = store.counts()
        assert (after.articles, after.sentences, after.clusters, after.flags) == (
            2 * before.articles, 2 * before.sentences, 2 * before.clusters, 2 * before.flags,
        )  # fmt: skip
        assert after.sources == 2 * before.sources == rows["sources"]
        doubled = store.clusters()
        assert len(doubled) == 2 * len(clusters)
        assert sorted((c.label, c.conflicts, c.open_flags) for c in doubled) == sorted(
            (c.label, c.conflicts, c.open_flags) for c in clusters + clusters
        )
        assert len(store.search_matches("Kovalenko").cluster_ids) == 2 * len(matches)
        assert any(s.name.endswith(tui_double.SUFFIX) for s in store.sources())
