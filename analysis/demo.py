"""The bundled demo: import and analyse the demo corpus into a database, or reuse one."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from analysis.importing import import_paths
from store import Store, StoreError

DEMO_SUFFIXES = (".txt", ".md", ".html", ".json")


def demo_files() -> list[Path]:
    """The article files of the bundled corpus (ABOUT describes the corpus and is not imported)."""
    root = Path(str(resources.files("analysis.demo_corpus")))
    return sorted(p for p in root.iterdir() if p.suffix in DEMO_SUFFIXES)


def prepare_demo(
    path: Path, *, fresh: bool = False, progress: Callable[[str, int, int], None] | None = None
) -> Path:
    """Build the demo database once; later calls reuse it (and the reviewer's decisions in it)."""
    from analysis.pipeline import analyze

    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        if store.counts().sentences:
            return path
        report = import_paths(store, demo_files(), progress=progress)
        if report.errors:
            raise StoreError(f"the bundled demo corpus did not import: {report.errors[0]}")
        analyze(store, progress=progress)
    return path
