"""Same input, same output: the demo corpus analysed in fresh interpreters with different hash
seeds and worker counts, and twice in one database, gives the same clusters, flags and scores,
bit for bit (floats compared by repr)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def snapshot(store: Any) -> dict[str, Any]:
    """What a user sees of one analysis, independent of row ids."""
    from analysis.scoring import score_sources

    members = store.all_cluster_members()
    clusters = sorted(
        [c.label, c.key, sorted([m.article_id, m.idx, repr(m.similarity)] for m in members[c.id])]
        for c in store.clusters(limit=-1)
    )
    flags = sorted(
        [f.fingerprint, f.kind, f.active, repr(f.confidence), f.explanation, f.evidence]
        for f in store.flags(include_inactive=True)
    )
    scores = sorted(
        [s.name, repr(s.score), repr(s.low), repr(s.high)]
        for s in score_sources(store.scoring_input())
    )
    return {"clusters": clusters, "flags": flags, "scores": scores}


def _analyse_demo(workers: int, runs: int) -> list[dict[str, Any]]:
    """Run in a child interpreter: import the demo corpus into a new database and analyse it
    `runs` times (each a full re-analysis), one snapshot per run."""
    from analysis.demo import demo_files
    from analysis.importing import import_paths
    from analysis.pipeline import analyze
    from store import Store

    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "d.db") as store:
        import_paths(store, demo_files())
        out = []
        for _ in range(runs):
            analyze(store, workers=workers, full=True)
            out.append(snapshot(store))
        return out


def _in_child(seed: int, workers: int, runs: int) -> list[dict[str, Any]]:
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); from test_determinism import _analyse_demo;"
        f" print(json.dumps(_analyse_demo({workers}, {runs})))"
    )
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_analysis_is_the_same_whatever_the_hash_seed_worker_count_and_run() -> None:
    first, again = _in_child(seed=1, workers=1, runs=2)
    (other,) = _in_child(seed=2, workers=2, runs=1)
    assert first["clusters"] and first["flags"] and first["scores"]
    assert again == first  # a re-run on the same database moves nothing
    for part in ("clusters", "flags", "scores"):
        assert other[part] == first[part], part
