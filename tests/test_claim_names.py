"""Claim names of clauses a relative clause was cut out of: each its own place (":N"), and a
verdict given under the name a database had before keeps to its claim after re-analysis."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.claim_labels import unit_place
from analysis.claim_units import split_units
from analysis.model import ArticleText, ClusterDraft, ClusterMember, SentenceSpan
from analysis.pipeline import _payload
from store import AnalysisPayload, Store

# two main clauses, each with a relative clause cut out of it: neither is in the sentence as
# written, so a search for its text finds no place
TWICE = (
    "Lena Ortiz, who studies river freight at a local college, said the tolls were too high,"
    " and the mayor, who took office in May, promised to cut them."
)
OTHER = (
    "The mayor, who was elected in May, promised to cut the tolls, and Lena Ortiz, a freight"
    " researcher who teaches at a college, said they were too high."
)


def _units(text: str) -> list[str]:
    return [u.text for u in split_units(text)]


def _articles(store: Store) -> tuple[dict[int, ArticleText], dict[int, list[SentenceSpan]]]:
    articles, sentences = {}, {}
    for outlet, text in (("Harbor Times", TWICE), ("Daily Ledger", OTHER)):
        sha = hashlib.sha256(text.encode()).hexdigest()
        aid, _ = store.add_article(text=text, sha256=sha, source=outlet, title=outlet)
        articles[aid] = ArticleText(aid, outlet, text, sha256=sha)
        sentences[aid] = [SentenceSpan(0, 0, len(text), text)]
    return articles, sentences


def _clusters(a: int, b: int, second: int) -> list[ClusterDraft]:
    """TWICE's first main clause and its clause number `second` (2: the other main clause, 3:
    a relative clause, in one piece), each with a clause of OTHER: every member sits in both
    claims, so each claim is named by TWICE and where its clause starts."""
    units, others = _units(TWICE), _units(OTHER)
    pairs = ((units[0], others[-1]), (units[second], others[0]))
    return [
        ClusterDraft(mine, (ClusterMember(a, 0, 1.0, unit=mine),
                            ClusterMember(b, 0, 0.9, unit=theirs)))
        for mine, theirs in pairs
    ]  # fmt: skip


class _Analysis:
    """Two articles in a store, and analysis's payload for two claims over them written."""

    def __init__(self, store: Store, second: int) -> None:
        self.store = store
        self.second = second
        self.articles, self.sentences = _articles(store)

    def write(self, *, placed: bool = True) -> list[str]:
        """The payload written (`placed` False: as analysis wrote it before members carried
        their clause's place); the claims' names, in the payload's order."""
        a, b = sorted(self.articles)
        clusters = _clusters(a, b, self.second)
        payload: AnalysisPayload = _payload(
            self.articles, self.sentences, {}, {}, [], {}, clusters, []
        )
        if not placed:
            for cluster in payload.clusters:
                for m in cluster["members"]:
                    m.pop("unit_at")
        self.store.write_analysis(payload)
        by_key = {c.key: c.id for c in self.store.clusters(limit=-1)}
        return [str(self.store.cluster_name(by_key[c["key"]])) for c in payload.clusters]


def test_two_claims_of_cut_clauses_of_one_sentence_get_two_names(tmp_path: Path) -> None:
    with Store.open(tmp_path / "n.db") as store:
        names = _Analysis(store, second=2).write()
        key = names[0].partition(":")[0]
        assert names == [f"{key}:1", f"{key}:{TWICE.index('and the mayor') + 1}"]
        assert [store.resolve_claim_name(n) for n in names] == names


def test_a_verdict_given_under_a_name_from_before_stays_in_its_claim(tmp_path: Path) -> None:
    """Before v16 the claim of a cut clause was named "key:0"; re-analysis names it "key:1",
    and a verdict given in it still shows there only, and the old name still reaches it."""
    with Store.open(tmp_path / "n.db") as store:
        analysis = _Analysis(store, second=3)
        old = analysis.write(placed=False)
        key = old[0].partition(":")[0]
        assert old == [f"{key}:0", f"{key}:{TWICE.index('who took') + 1}"]
        store.record_verdicts([key], "false", "ana", claim=old[0])
        new = analysis.write()
        assert new == [f"{key}:1", old[1]]
        assert store.claim_status(key, new[0]) == "false"
        assert store.claim_status(key, new[1]) == "unreviewed"
        assert store.resolve_claim_name(old[0]) == new[0]


@given(st.sampled_from([TWICE, OTHER, "Work began in March, and it stopped in May."]))
def test_a_clause_is_placed_at_its_first_word(text: str) -> None:
    for unit in split_units(text):
        at = unit_place(text, unit.text)
        assert at is not None and unit.spans[0][0] < at <= unit.spans[0][1]
        assert text[at - 1 :].startswith(unit.text.split()[0])


@pytest.mark.parametrize("unit", [None, "not a clause of it"])
def test_no_place_without_a_clause(unit: str | None) -> None:
    assert unit_place(TWICE, unit) is None
