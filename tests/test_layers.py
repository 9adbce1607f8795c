"""The layering of DESIGN.md, checked in fresh interpreters: store/ imports neither analysis/ nor
tui/; analysis/ never imports tui/ or Textual; pure analysis modules never import the store."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# reviewed_claims: runs the store's pure claim-edit replay (store.claim_replay), so that what
# the detectors compare is exactly what the store writes
STORE_TOUCHING = {"pipeline", "importing", "exporting", "demo", "report", "reviewed_claims"}


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_store_stands_alone() -> None:
    loaded = _loaded_after_import("store")
    assert not {m for m in loaded if m.split(".")[0] in {"analysis", "tui", "textual"}}


def test_analysis_pipeline_never_loads_the_tui() -> None:
    loaded = _loaded_after_import("analysis.pipeline")
    assert not {m for m in loaded if m.split(".")[0] in {"tui", "textual"}}


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (ROOT / "analysis").glob("*.py") if p.stem not in STORE_TOUCHING),
    ids=lambda p: p.stem,
)
def test_pure_analysis_modules_do_not_touch_the_store(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"store", "tui", "textual", "sqlite3", "sqlite_utils"}


def test_no_sql_outside_store() -> None:
    offenders = []
    for path in [*ROOT.glob("analysis/*.py"), *ROOT.glob("tui/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("SELECT ", "INSERT INTO", "UPDATE flags", "DELETE FROM")):
            offenders.append(path.name)
    assert offenders == []
