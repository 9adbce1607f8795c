"""Shared fixtures: the real corpus beside the project, and a data directory that is never $HOME."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
H20 = SHARED / "corpus" / "h20-export"

# Property tests assert behaviour, never speed: on a loaded CI machine a 200 ms deadline or the
# too-slow health check fails a correct test (seen on the shared 2-core runner).
settings.register_profile(
    "corroborator", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("corroborator")


@pytest.fixture
def h20_dir() -> Path:
    """The five real articles; tests using it skip cleanly where ../shared is absent."""
    if not H20.is_dir():
        pytest.skip("../shared/corpus/h20-export is not beside the project")
    return H20


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the reviewer's real data directory and database."""
    monkeypatch.setenv("CORROBORATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CORROBORATOR_DB", raising=False)


@pytest.fixture(scope="session")
def built_template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The small populated database of tests/tui_fixtures.py, built once per run; tests get
    copies (`built`, `copy_built`)."""
    from tui_fixtures import fixture_db

    return fixture_db(tmp_path_factory.mktemp("fixture"))


@pytest.fixture
def built(built_template: Any, tmp_path: Path) -> Any:
    """A private copy of the fixture database for one test (tests/tui_fixtures.py)."""
    from tui_fixtures import copy_built

    return copy_built(built_template, tmp_path)


@pytest.fixture
def app(built: Any) -> Any:
    """The review app on the test's fixture database, as the reviewer of tests/tui_fixtures.py;
    the test runs it (`async with app.run_test(...)`)."""
    from tui_fixtures import REVIEWER

    from tui.app import ReviewApp

    return ReviewApp(built.path, REVIEWER)


@pytest.fixture(scope="session")
def demo_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test run; tests use copies (`demo_copy`)."""
    from analysis.demo import prepare_demo

    return prepare_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def demo_copy(demo_built: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, so tests that decide things never leak."""
    import shutil

    copy = tmp_path / "demo.db"
    shutil.copy(demo_built, copy)
    return copy
