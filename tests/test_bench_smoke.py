"""The measuring bench imports, formats its rows and says clearly when its data is absent.

The bench itself is run by hand (bench/README.md); these checks need no ../shared and no pipeline
run, only the bench's own small pieces on tiny inputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench import quality, scale, tui_speed
from bench._data import ENV_VAR
from bench.tasks import claims, names

ROW_KEYS = {"task", "data", "metric", "ours", "baseline", "split", "note"}


@pytest.fixture
def no_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    empty = tmp_path / "no-bench-data"
    empty.mkdir()
    monkeypatch.setenv(ENV_VAR, str(empty))
    return empty


def test_quality_skips_every_task_without_data(
    no_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "quality.json"
    code = quality.main(["--quick", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    for task in quality.TASKS:
        assert f"{task}: skipped: " in printed
    assert str(no_data) in printed
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["rows"] == [] and record["failed"] == []
    assert {s["task"] for s in record["skipped"]} == set(quality.TASKS)
    assert record["command"].startswith(".venv/bin/python -m bench.quality")


def test_quality_rejects_an_unknown_task() -> None:
    with pytest.raises(SystemExit):
        quality.main(["--only", "nonsense"])


def test_table_has_one_line_per_row_and_cuts_long_cells() -> None:
    rows = [
        {"task": "names", "data": "x" * 300, "metric": "recall", "ours": 0.5, "baseline": None,
         "split": "test", "note": "n"},
        {"task": "claims", "data": "QAGS", "metric": "F1", "ours": 1234.5, "baseline": 0.25,
         "split": "xsum", "note": "n"},
    ]  # fmt: skip
    table = quality.format_table(rows).splitlines()
    assert len(table) == 4
    assert "…" in table[2] and "x" * 60 not in table[2]
    assert "0.500" in table[2] and " - " in table[2]
    assert "1234" in table[3] and "0.250" in table[3]


def test_unknown_capitalised_flags_rare_words_only() -> None:
    text = "Yesterday Peloci met Nancy Pelosi and Xqzwtz in London."
    spans = [text[s:e] for s, e in names.unknown_capitalised(text)]
    assert "Xqzwtz" in spans and "Peloci" in spans
    assert "London" not in spans and "Yesterday" not in spans and "Joe" not in spans


def test_template_articles_point_at_their_names() -> None:
    people = ["Ada Lovelace", "Kim Min-jun", "José Ortega", "Mary Ann Evans"]
    arts = names.template_articles(people, translated=True, n_articles=3)
    seen = [a.text[s:e] for a in arts for s, e in a.targets]
    assert sorted(seen) == sorted(people)
    assert all(a.translated for a in arts) and len({a.source for a in arts}) == 3


def test_recall_counts_overlaps_by_tag() -> None:
    art = names.Article(1, "sys", "Ma Zuo Bo met Fang Fang.", True, [(0, 9), (14, 23)], ["a", "b"])
    r = names.score_recall([art], {1: [(3, 6), (10, 13)]})
    assert r.rate() == 0.5 and r.rate("a") == 1.0 and r.rate("b") == 0.0
    assert r.flags == 2 and r.precision() == 0.5


def test_false_flag_rate_counts_unmarked_capitalised_tokens_and_major_marks() -> None:
    text = "Ma Zuo Bo met Fang Fang in Paris."
    art = names.Article(1, "sys", text, True, [(0, 9)], ["a"], [True])
    # unmarked capitalised tokens: Fang, Fang, Paris; the flag covers the second "Fang"
    r = names.score_recall([art], {1: [(0, 2), (19, 23)]})
    assert r.unmarked == 3 and r.unmarked_flagged == 1
    assert r.false_flag_rate() == 1 / 3 and r.major_rate() == 1.0


def test_claims_majority_and_threshold_tuning() -> None:
    assert claims.Item(0, "a", "s", 2, 3).unsupported
    assert not claims.Item(0, "a", "s", 1, 3).unsupported
    scores = np.array([0.1, 0.2, 0.8, 0.9])
    gold = np.array([True, True, False, False])
    t = claims.tune_below(scores, gold)
    assert claims.prf(scores < t, gold) == (1.0, 1.0, 1.0)


def test_scale_doubling_is_per_doubling_of_articles() -> None:
    rows = [
        {"label": "bbc-250", "articles": 250, "total_s": 10.0},
        {"label": "bbc-500", "articles": 500, "total_s": 20.0},
        {"label": "bbc-2000", "articles": 2000, "total_s": 160.0},
    ]
    growth = scale.doubling(rows, "total_s")
    assert [round(g["ratio"], 3) for g in growth] == [2.0, 8.0]
    assert [round(g["per_doubling"], 3) for g in growth] == [2.0, 2.828]
    verdict = scale.verdicts(rows, growth)
    assert any("MISSED" in v for v in verdict)


def test_tui_summary_of_timings() -> None:
    s = tui_speed.summarise([0.03, 0.01, 0.02, 0.5])
    assert s["median_s"] == 0.025 and s["max_s"] == 0.5 and s["first_s"] == 0.03
    assert tui_speed.summarise([]) == {}
