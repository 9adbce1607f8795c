"""The organisations `analysis.mentions` knows by name alone are what their public source holds:
`scripts/build_mentions_orgs.py` rebuilds the shipped list exactly from the S&P 500 constituents
(and the ECB+ casing counts that leave everyday words out)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

BENCH = SHARED / "bench-data"


def _script():  # scripts/ is not a package
    spec = importlib.util.spec_from_file_location(
        "build_mentions_orgs", ROOT / "scripts" / "build_mentions_orgs.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shipped() -> list[str]:
    path = ROOT / "analysis" / "data" / "mentions_orgs.txt"
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]


def test_the_shipped_list_is_what_the_script_builds(tmp_path: Path) -> None:
    constituents = BENCH / "sp500-companies" / "constituents.csv"
    ecb = BENCH / "ecbplus" / "ecbplus_documents_derived.jsonl"
    if not (constituents.is_file() and ecb.is_file()):
        pytest.skip("../shared/bench-data is not beside the project")
    assert _script().org_names(constituents, ecb) == _shipped()


def test_everyday_one_word_names_are_left_out(tmp_path: Path) -> None:
    ecb = tmp_path / "ecb.jsonl"
    ecb.write_text(
        '{"sentences": ["Shoppers hit the target again.", "Its target was Zorvane shares.", '
        '"He said Zorvane would buy Kelt Labs."]}\n',
        encoding="utf-8",
    )
    csv = tmp_path / "constituents.csv"
    csv.write_text(
        "Symbol,Security,GICS Sector,GICS Sub-Industry,Headquarters Location,Date added,CIK,"
        "Founded\n"
        'TGT,Target Corporation,Retail,Stores,"Minneapolis, Minnesota",1976-12-31,1,1902\n'
        'ZRV,Zorvane Inc.,Tech,Software,"Austin, Texas",2020-01-01,2,2001\n',
        encoding="utf-8",
    )
    names = _script().org_names(csv, ecb)
    # "target" is written in lower case in the sample; "Zorvane" only capitalised
    assert names == ["Target Corporation", "Zorvane", "Zorvane Inc."]
