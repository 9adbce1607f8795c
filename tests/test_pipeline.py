"""The pipeline's worker processes: same results as one process, cancellable, sized sensibly."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest

from analysis import processes
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


def test_cancelling_while_aligning_stops_the_worker_beside(tmp_path: Path) -> None:
    store = _demo_store(tmp_path / "demo.db")
    stages: list[str] = []
    with pytest.raises(AnalysisCancelled):
        analyze(
            store,
            workers=2,
            progress=lambda stage, done, total: stages.append(stage),
            should_stop=lambda: "align" in stages,
        )
    assert store.counts().sentences == 0
    assert not mp.active_children()  # the worker beside the aligner was terminated
