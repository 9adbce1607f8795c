"""Full garbage collections are rare while an analysis runs, and the caller's settings return."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.collections_budget import FULL_EVERY, fewer_full_collections
from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.pipeline import analyze
from store import Store


@pytest.fixture
def defaults() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_the_oldest_generation_waits_in_the_block_and_not_after(
    defaults: tuple[int, int, int],
) -> None:
    with fewer_full_collections():
        assert gc.get_threshold() == (700, 10, FULL_EVERY)
    assert gc.get_threshold() == defaults
    with pytest.raises(RuntimeError), fewer_full_collections():
        raise RuntimeError("a cancelled analysis")
    assert gc.get_threshold() == defaults


def test_a_caller_that_collects_less_often_already_keeps_its_setting() -> None:
    before = gc.get_threshold()
    gc.set_threshold(500, 20, FULL_EVERY * 3)
    try:
        with fewer_full_collections():
            assert gc.get_threshold() == (500, 20, FULL_EVERY * 3)
    finally:
        gc.set_threshold(*before)


def test_an_analysis_runs_with_the_budget_and_gives_the_settings_back(
    tmp_path: Path, defaults: tuple[int, int, int]
) -> None:
    seen: set[int] = set()
    with Store.open(tmp_path / "demo.db") as store:
        import_paths(store, demo_files()[:3])
        analyze(store, workers=1, progress=lambda *_: seen.add(gc.get_threshold()[2]))
    assert seen == {FULL_EVERY}
    assert gc.get_threshold() == defaults
