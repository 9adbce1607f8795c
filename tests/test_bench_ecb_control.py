"""The same-story native control (bench/tasks/ecb_control.py): ECB+ text made to read as
published, outlets from page addresses, and counts and hand-label precision from flag records.
No ../shared needed: the pieces run on small invented inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench._data import ENV_VAR
from bench.tasks.ecb_control import (
    ClusterRun,
    EcbArticle,
    clean_text,
    clusters,
    curl_quotes,
    flags_by_detector,
    import_records,
    main,
    outlet_from_url,
    precision,
    summarise,
)


def test_tokenised_sentences_read_as_published() -> None:
    text = clean_text([
        "He began a 90 - day stay at 11: 47 AM , the U. S. court said .",
        '" We are glad , " his lawyer told ExampleNews. com .',
        "`` It was long - term , '' she said .",
    ])  # fmt: skip
    assert text.splitlines() == [
        "He began a 90-day stay at 11:47 AM, the U.S. court said.",
        "“We are glad,” his lawyer told ExampleNews.com.",
        "“It was long-term,” she said.",
    ]


def test_running_text_keeps_its_dashes_and_gets_curly_quotes() -> None:
    lines = ["The party - a long- term force - won.", "\"We won,'' he said."]
    text = clean_text(lines, tokenised=False)
    assert text == "The party - a long-term force - won.\n“We won,” he said."


def test_a_quotation_over_two_sentences_stays_open_and_an_unpaired_one_does_not_spread() -> None:
    first, inside = curl_quotes('" It was late .', False)
    second, inside = curl_quotes('We left . " Then he went home .', inside)
    assert (first, second, inside) == ("“It was late .", "We left .” Then he went home .", False)
    # a page that never closes its quote: the next sentence's opening quote opens again
    third, inside = curl_quotes('She said , " no', False)
    fourth, _ = curl_quotes('" Yes , " he said .', inside)
    assert third == "She said , “no" and fourth == "“Yes ,” he said ."


words = st.text(alphabet="abcXYZ.,", min_size=1, max_size=6).filter(lambda w: w.strip(".,"))


@given(st.lists(st.one_of(words, st.sampled_from(['"', "``", "''"])), max_size=30), st.booleans())
def test_quotes_become_curly_and_words_keep_their_order(tokens: list[str], inside: bool) -> None:
    out, _ = curl_quotes(" ".join(tokens), inside)
    assert '"' not in out and "``" not in out and "''" not in out
    assert [t for t in tokens if t not in ('"', "``", "''")] == out.replace("“", "").replace(
        "”", ""
    ).split()


def test_outlet_is_the_host_of_the_spaced_out_address() -> None:
    assert outlet_from_url("http: / / www. bbc. co. uk / news / world - 123") == "bbc.co.uk"
    assert outlet_from_url("https: / / Wire. Example. com / 2013 / may") == "wire.example.com"
    assert outlet_from_url("Council approves the ferry link") is None


def _flag(kind: str, fingerprint: str) -> dict[str, object]:
    return {"kind": kind, "fingerprint": fingerprint}


def test_counts_per_article_and_precision_from_labels() -> None:
    runs = [
        ClusterRun("4_ecb", 4, 3, [_flag("contradiction", "a"), _flag("contradiction", "b")]),
        ClusterRun("7_ecb", 7, 5, [_flag("translation_artifact", "c")]),
    ]
    summary = summarise(runs)
    assert summary["all"]["per_article"] == {"contradiction": 0.25, "translation_artifact": 0.125}
    assert summary["unseen"]["clusters"] == 1  # topic 4: held out by both trained models
    assert summary["unseen"]["flags"] == {"contradiction": 2}
    labels = {"a": {"fingerprint": "a", "true": True}, "c": {"fingerprint": "c", "true": False},
              "b": {"fingerprint": "b", "true": False, "group": "contradiction/new"},
              "gone": {"fingerprint": "gone", "true": True}}  # fmt: skip
    assert precision(runs, labels) == {
        "contradiction": [1, 1], "contradiction/new": [1, 0], "translation_artifact": [1, 0]
    }  # fmt: skip


def test_clusters_by_name_from_the_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ecbplus"
    folder.mkdir()
    docs = [
        {"doc": "1_1ecb.xml", "topic": 1, "subcorpus": "ecb", "cluster": "1_ecb",
         "sentences": ["The ferry link opened on Monday."]},
        {"doc": "1_2ecbplus.xml", "topic": 1, "subcorpus": "ecbplus", "cluster": "1_ecbplus",
         "sentences": ["http: / / www. example. com / a", "Ferry opens", "A 90 - day trial ."]},
        {"doc": "1_3ecbplus.xml", "topic": 1, "subcorpus": "ecbplus", "cluster": "1_ecbplus",
         "sentences": ["http: / / news. example. org / b", "Only a headline"]},
    ]  # fmt: skip
    lines = "\n".join(json.dumps(d) for d in docs)
    (folder / "ecbplus_documents_derived.jsonl").write_text(lines, encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    (plus,) = clusters(only=frozenset({"1_ecbplus"})).values()
    assert [(a.outlet, a.title, a.text) for a in plus] == [
        ("example.com", "Ferry opens", "A 90-day trial.")
    ]  # the page with only a headline has no article to import
    with pytest.raises(SystemExit):
        main(["--clusters", "2_ecb"])


def test_the_stress_test_imports_every_article_as_machine_translated() -> None:
    articles = [EcbArticle("1_1ecb", "example.com", "Ferry opens", "The ferry link opened.")]
    (native,) = import_records(articles).values()
    (marked,) = import_records(articles, as_mt=True).values()
    assert "translated" not in native
    assert marked == {**native, "translated": True}


def test_flags_are_counted_by_detector_per_article() -> None:
    runs = [
        ClusterRun("1_ecb", 1, 3, [{"kind": "translation_artifact", "detector": "x"}] * 2),
        ClusterRun("2_ecb", 2, 1, [{"kind": "unverified_name", "detector": "y"}]),
    ]
    assert flags_by_detector(runs) == {
        "translation_artifact/x": {"flags": 2, "per_article": 0.5},
        "unverified_name/y": {"flags": 1, "per_article": 0.25},
    }
