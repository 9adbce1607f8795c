"""Claims held by a clause are labelled by the clause read in its sentence, not the bare clause:
the label function on invented sentences, the analysis payload, the export and the Claims list."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tui_fixtures import REVIEWER

from analysis.claim_labels import ELLIPSIS, clause_label, cluster_label
from analysis.claim_units import split_units
from analysis.exporting import collect_export
from analysis.model import ArticleText, ClusterDraft, ClusterMember, SentenceSpan
from analysis.pipeline import _payload
from analysis.report import to_json
from store import Store
from tui.app import ReviewApp
from tui.config import Config

BRIDGE = "The bridge will carry four lanes, and construction is expected to finish in 2031."
FERRY = "The ferry was run by Tomas Brandt, the harbour master, who has led the port since 2015."
ORTIZ = "Lena Ortiz, who studies river freight at a local college, said the tolls were too high."
COUNCIL = "The council approved the budget on Monday, and rejected the tax plan on Tuesday."


def _unit(text: str, starting: str) -> str:
    return next(u.text for u in split_units(text) if u.text.startswith(starting))


@pytest.mark.parametrize(
    ("text", "clause", "label"),
    [
        # a clause with a subject of its own, inside its sentence: marked as such, "and" dropped
        (BRIDGE, "and construction", f"{ELLIPSIS} construction is expected to finish in 2031."),
        # a relative clause: with the words its "who" stands for
        (FERRY, "who has led", f"{ELLIPSIS} the harbour master, who has led the port since 2015."),
        (ORTIZ, "who studies", "Lena Ortiz, who studies river freight at a local college"),
        # a main clause a relative clause was cut out of: the cut shown
        (ORTIZ, "Lena Ortiz, said", f"Lena Ortiz, {ELLIPSIS} said the tolls were too high."),
        # a clause without a subject: the one it shares with the first clause
        (COUNCIL, "and rejected", f"The council {ELLIPSIS} and rejected the tax plan on Tuesday."),
    ],
)
def test_a_clause_is_labelled_as_read_in_its_sentence(text: str, clause: str, label: str) -> None:
    assert clause_label(text, _unit(text, clause)) == label


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (BRIDGE, "The bridge will carry four lanes,"),  # opens the sentence
        (BRIDGE, None),  # the whole sentence
        (BRIDGE, "four lanes"),  # not one of its clauses
    ],
)
def test_a_clause_that_reads_on_its_own_keeps_its_label(text: str, unit: str | None) -> None:
    assert clause_label(text, unit) is None


_CLAUSE = st.sampled_from(
    [
        "the mill closed in May",
        "it has been idle since spring",
        "workers were paid until June",
        "who had run it for a decade",
        "which employs 300 people",
        "the owner said the site would be sold",
    ]
)
_JOIN = st.sampled_from([", and ", ", but ", ", ", "; ", " while "])


@given(st.lists(st.tuples(_JOIN, _CLAUSE), min_size=1, max_size=4))
def test_a_label_only_quotes_its_sentence(parts: list[tuple[str, str]]) -> None:
    """Whatever the clauses, each piece of a label (between its "…") is words of the sentence in
    their order: the label adds nothing but the marks."""
    text = "The Harlow mill, a family firm, was sold" + "".join(j + c for j, c in parts) + "."
    flat = " ".join(text.split())
    for unit in split_units(text):
        label = clause_label(text, unit.text)
        if label is None:
            continue
        at = 0
        for piece in (p.strip() for p in label.split(ELLIPSIS)):
            if piece:
                found = flat.find(piece, at)
                assert found >= 0, (label, text)
                at = found + len(piece)


def test_cluster_label_reads_the_clause_align_labelled_it_by() -> None:
    texts = {(1, 0): BRIDGE, (2, 0): "Construction is expected to finish in 2031, officials said."}
    unit = _unit(BRIDGE, "and construction")
    draft = ClusterDraft(unit, (ClusterMember(1, 0, 1.0, unit=unit), ClusterMember(2, 0, 0.9)))
    assert cluster_label(draft, lambda a, i: texts[(a, i)]) == (
        f"{ELLIPSIS} construction is expected to finish in 2031."
    )
    whole = ClusterDraft("Construction is expected", (ClusterMember(2, 0, 1.0),))
    assert cluster_label(whole, lambda a, i: texts[(a, i)]) == "Construction is expected"


OUTLETS = {
    "Harbor Times": [BRIDGE, "Tolls will be charged from the first day."],
    "Daily Ledger": [
        "Officials expect construction to finish in 2031.",
        "The bridge will carry four lanes.",
    ],
}


def _analysed_store(path: Path) -> Store:
    """A database written from analysis's own payload: one sentence of two clauses, each
    clause in a claim of its own."""
    store = Store.open(path)
    articles: dict[int, ArticleText] = {}
    sentences: dict[int, list[SentenceSpan]] = {}
    for outlet, lines in OUTLETS.items():
        text = " ".join(lines)
        sha = hashlib.sha256(text.encode()).hexdigest()
        aid, _ = store.add_article(text=text, sha256=sha, source=outlet, title=outlet)
        articles[aid] = ArticleText(aid, outlet, text, sha256=sha)
        spans, at = [], 0
        for n, line in enumerate(lines):
            spans.append(SentenceSpan(n, at, at + len(line), line))
            at += len(line) + 1
        sentences[aid] = spans
    a, b = sorted(articles)
    first, second = (u.text for u in split_units(BRIDGE))
    clusters = [
        ClusterDraft(second, (ClusterMember(a, 0, 1.0, unit=second), ClusterMember(b, 0, 0.9))),
        ClusterDraft(first, (ClusterMember(a, 0, 1.0, unit=first), ClusterMember(b, 1, 0.95))),
    ]
    store.write_analysis(_payload(articles, sentences, {}, {}, [], {}, clusters, []))
    return store


def test_export_and_claims_carry_the_label(tmp_path: Path) -> None:
    with _analysed_store(tmp_path / "c.db") as store:
        labels = sorted(c.label for c in store.clusters(limit=-1))
        exported = sorted(
            c["label"] for c in json.loads(to_json(collect_export(store)))["clusters"]
        )
    expected = sorted(
        [f"{ELLIPSIS} construction is expected to finish in 2031.",
         "The bridge will carry four lanes,"]
    )  # fmt: skip
    assert labels == exported == expected


def test_claims_screen_shows_clause_claims_in_their_sentence(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    _analysed_store(tmp_path / "c.db").close()
    app = ReviewApp(tmp_path / "c.db", REVIEWER, config=Config())
    assert snap_compare(app, terminal_size=(100, 24))
