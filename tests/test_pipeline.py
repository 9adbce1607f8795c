"""The pipeline's worker processes: same results as one process, cancellable, sized sensibly."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analysis import pipeline, processes
from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.pipeline import AnalysisCancelled, analyze
from store import Store


def _demo_store(path: Path) -> Store:
    store = Store.open(path)
    import_paths(store, demo_files())
    return store


def _results(store: Store) -> dict[str, Any]:
    flags = sorted((f.fingerprint, f.kind, f.confidence) for f in store.flags())
    sentences = [
        (s.idx, s.start, s.end, s.residue) for a in store.articles() for s in store.sentences(a.id)
    ]
    return {"flags": flags, "sentences": sentences, "counts": store.counts()}


@pytest.mark.parametrize("start", ["fork", "spawn"])  # spawn: when other threads run (the TUI)
def test_worker_processes_give_the_same_results_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    monkeypatch.setattr(processes, "CHUNK_ARTICLES", 2)  # several chunks from six articles
    monkeypatch.setattr(processes, "start_method", lambda: start)
    one = _demo_store(tmp_path / "one.db")
    two = _demo_store(tmp_path / "two.db")
    seen: list[tuple[str, int, int]] = []
    summary_one = analyze(one, workers=1)
    summary_two = analyze(two, workers=2, progress=lambda *a: seen.append(a))
    assert _results(two) == _results(one)
    assert summary_two.flags_by_kind == summary_one.flags_by_kind
    extract = [(done, total) for stage, done, total in seen if stage == "extract"]
    assert extract[0] == (0, 6) and extract[-1] == (6, 6)
    assert [d for d, _ in extract] == sorted(d for d, _ in extract)


def test_cancelling_during_parallel_extraction_writes_nothing(tmp_path: Path) -> None:
    store = _demo_store(tmp_path / "demo.db")
    calls: list[str] = []

    def stop() -> bool:
        calls.append("asked")
        return len(calls) > 2

    with pytest.raises(AnalysisCancelled):
        analyze(store, workers=2, should_stop=stop)
    assert store.counts().sentences == 0


def _cancelled_once(store: Store, stop: Callable[[list[str]], bool]) -> None:
    """Analyse with two workers, cancelled as soon as `stop` holds of the stages ticked so far."""
    stages: list[str] = []
    with pytest.raises(AnalysisCancelled):
        analyze(
            store,
            workers=2,
            progress=lambda stage, done, total: stages.append(stage),
            should_stop=lambda: stop(stages),
        )


def test_cancelling_while_aligning_stops_the_worker_beside(tmp_path: Path) -> None:
    store = _demo_store(tmp_path / "demo.db")
    _cancelled_once(store, lambda stages: "align" in stages)
    assert store.counts().sentences == 0
    assert not mp.active_children()  # the worker beside the aligner was terminated


def test_the_worker_beside_starts_before_the_detectors_and_stops_when_they_are_cancelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name checks need only the entities, so the process beside the aligner starts before
    the per-article detectors run here (its chain of work is the longer one of a run adding a
    few articles); cancelling during those detectors terminates it."""
    store = _demo_store(tmp_path / "demo.db")
    alive: list[int] = []
    detect = pipeline.detect_translation_artifacts

    def watched(*args: Any, **kwargs: Any) -> Any:
        alive.append(len(mp.active_children()))
        return detect(*args, **kwargs)

    monkeypatch.setattr(pipeline, "detect_translation_artifacts", watched)
    _cancelled_once(store, lambda stages: stages.count("detect") > 2)
    assert len(alive) == 3 and all(n == 1 for n in alive)  # the worker beside, already there
    assert store.counts().sentences == 0
    assert not mp.active_children()  # and terminated
