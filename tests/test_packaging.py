"""pyproject.toml declares its licence the way current packaging tools expect (PEP 639)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_licence_is_an_spdx_expression_with_a_setuptools_that_reads_it() -> None:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert data["project"]["license"] == "MIT"  # a table here is deprecated: pip install warns
    (setuptools,) = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
    found = re.search(r">=\s*(\d+)", setuptools)
    assert found and int(found[1]) >= 77  # the first setuptools that accepts the SPDX string
