"""Issue 12's dev-cluster MT ordering reads what score-clusters exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.tasks import dev_mt_order


def test_auc_counts_pairs_the_machine_translation_wins() -> None:
    assert dev_mt_order.auc([(0.9, True), (0.2, False), (0.5, True)]) == 1.0
    assert dev_mt_order.auc([(0.4, True), (0.6, False), (0.8, True)]) == 0.5
    assert dev_mt_order.auc([(0.3, True), (0.3, False)]) == 0.5
    assert dev_mt_order.auc([(0.3, True)]) is None


def test_reads_scores_and_screen_marks_of_labelled_members(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = {
        "articles": [
            {"file": "01_a.txt", "source": "A", "garble_score": 0.8},
            {"file": "04_d.txt", "source": "D", "garble_score": 0.9},  # a rewrite: not scored
            {"file": "05_e.txt", "source": "E", "garble_score": 0.3},
        ],
        "sources": [{"name": "A", "machine_translated": True}, {"name": "E"}],
    }
    name = "qiqihar-gym-collapse-2023-07"
    (tmp_path / f"{name}.json").write_text(json.dumps(export), encoding="utf-8")
    rows = dev_mt_order.read(tmp_path)
    assert rows == {name: [("01_a.txt", 0.8, True, True), ("05_e.txt", 0.3, False, False)]}
    assert dev_mt_order.main([str(tmp_path)]) == 0
    assert "pooled AUC 1.000; sources screen marks 1/1" in capsys.readouterr().out
    assert dev_mt_order.main([str(tmp_path / "nowhere")]) == 2
