"""The synthetic-corpus generator (bench/synth.py) on tiny made-up seeds: stories recur across
outlets with one set of names and figures, smaller corpora are prefixes of larger ones, and a
missing data set is a one-line skip. No ../shared needed."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bench import scale, synth
from bench._data import ENV_VAR

SEEDS = [
    synth.Seed(
        "Harbour fire at Port Elmore",
        (
            "Fire crews led by Marta Oyelaran fought the blaze for 14 hours.",
            "About 1,250 residents were moved and 3.5 tonnes of fuel burned in 2019 tanks.",
            "The mayor, Johan Petrakis, thanked the crews.",
        ),
    ),
    synth.Seed(
        "Orchestra tour cancelled",
        (
            "The Vellmar Symphony cancelled 12 concerts.",
            "Its director, Ines Abernathy, blamed 40 percent lower ticket sales.",
        ),
    ),
]


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synth, "load_seeds", lambda: list(SEEDS))


def test_figures_scale_but_years_and_formats_stay() -> None:
    assert synth._scaled("1,250", 2.0) == "2,500"
    assert synth._scaled("3.5", 2.0) == "7.0"
    assert synth._scaled("2019", 3.0) == "2019"
    assert synth._scaled("14", 0.01) == "1"  # a count never drops to zero


def test_respelling_changes_only_the_last_name() -> None:
    rng = random.Random(3)
    for _ in range(50):
        other = synth.respell("Marta Oyelaran", rng)
        assert other.startswith("Marta ") and other[6] == "O"


def test_a_story_keeps_its_names_across_outlets(tiny: None) -> None:
    articles = list(synth.generate(60, seed=7))
    assert len(articles) == 60
    stories: dict[int, list[synth.SynthArticle]] = {}
    for a in articles:
        stories.setdefault(a.story, []).append(a)
    leads_by_title: dict[str, set[str]] = {}
    for told in stories.values():
        assert len({a.source for a in told}) == len(told)  # one version per outlet
        leads = [a.text.split("\n\n")[0] for a in told]
        most = max(leads.count(lead) for lead in leads)
        assert most * 2 >= len(told)  # the same claim, bar a rare respelling or figure
        seed = next(s for s in SEEDS if s.title.split()[-1] in told[0].title)
        leads_by_title.setdefault(seed.title, set()).add(max(leads, key=leads.count))
    assert all(len(leads) > 1 for leads in leads_by_title.values())  # stories differ
    assert any(a.translated for a in articles) and not all(a.translated for a in articles)


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tiny: None) -> None:
    small = list(synth.generate(20, seed=5))
    large = list(synth.generate(60, seed=5))
    last_story = small[-1].story
    whole = [a for a in small if a.story != last_story]
    assert whole == large[: len(whole)]


def test_corpus_files_are_importable_json_lines(tiny: None, tmp_path: Path) -> None:
    paths = synth.write_corpus(25, tmp_path / "corpus")
    lines = [json.loads(ln) for p in paths for ln in p.read_text().splitlines()]
    assert len(lines) == 25
    assert set(lines[0]) == {"text", "title", "source", "published", "translated"}


def test_without_bench_data_it_skips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nothing"))
    assert synth.main(["10", str(tmp_path / "out")]) == 0
    assert "skipped: " in capsys.readouterr().out
    assert "error" in scale.run_synthetic(10, None, 10.0, keep=False)


def test_synthetic_growth_and_verdicts_are_their_own() -> None:
    rows = [
        {"label": "synth-5000", "articles": 5000, "total_s": 100.0, "maxrss_mb": 500.0},
        {"label": "synth-10000", "articles": 10000, "total_s": 250.0, "maxrss_mb": 900.0},
        {"label": "synth-20000", "articles": 20000, "total_s": 700.0, "maxrss_mb": 1500.0},
    ]
    growth = scale.doubling(rows, "total_s", "synth")
    assert [round(g["per_doubling"], 2) for g in growth] == [2.5, 2.8]
    assert scale.doubling(rows, "total_s") == []  # the BBC growth does not mix them in
    verdict = " ".join(scale.verdicts(rows, growth))
    assert "20,000 synthetic articles in 700 s" in verdict and "time MISSED" in verdict
    assert "synth: worst wall time growth per doubling 2.80x" in verdict
