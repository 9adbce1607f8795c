"""Claim clustering per connected component of strong pairs, with components kept across runs,
gives the clusters of clustering the whole corpus at once."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import align
from analysis.align import Aligner
from analysis.align_incremental import ComponentMemo, DecisionMemo, components
from analysis.claim_merge import fact_linked
from analysis.claim_model import sentence_cues
from analysis.demo import demo_files
from analysis.entities import group_entities
from analysis.gazetteer import Gazetteer
from analysis.importing import import_paths
from analysis.incremental import (
    ItemMemo,
    MatchedMemo,
    align_in_epoch,
    choose_epoch,
    unit_keys,
    vocabulary_reads,
)
from analysis.model import AlignUnit
from analysis.pipeline import _align_units, extract_article
from analysis.similarity import SimilarityModel
from store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 30).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1),
                                                       st.integers(0, n - 1)), max_size=40))
))  # fmt: skip
def test_components_are_those_of_a_union_find(graph: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = graph
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for x, y in edges:
        rx, ry = root(x), root(y)
        parent[max(rx, ry)] = min(rx, ry)
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    assert components(n, a, b).tolist() == [root(x) for x in range(n)]


def _units(tmp_path: Path) -> list[AlignUnit]:
    """The pipeline's alignment units of the demo corpus, the dev clusters and some BBC
    articles where ../shared is beside the project."""
    files = list(demo_files())
    for folder in sorted((SHARED / "dev-clusters").glob("*/")):
        files += sorted(folder.glob("*.txt"))
    files += sorted((SHARED / "bench-data" / "bbc-news-2225" / "bbc").glob("*/*.txt"))[::40]
    store = Store.open(tmp_path / "units.db")
    import_paths(store, files)
    results = [extract_article(row) for row in store.analysis_input()]
    articles = {r.article.article_id: r.article for r in results}
    mentions = {r.article.article_id: r.mentions for r in results}
    outlets = {a.article_id: a.source for a in articles.values()}
    entities = group_entities(mentions, Gazetteer.load_default(), outlets)
    entity_of = {m: e for e in entities for m in e.members}
    units = _align_units(
        articles,
        {r.article.article_id: r.sentences for r in results},
        mentions,
        {r.article.article_id: r.quantities for r in results},
        entity_of,
    )
    return list(units.values())


def test_clusters_by_component_and_kept_components_equal_one_clustering(tmp_path: Path) -> None:
    units = _units(tmp_path)
    articles = sorted({u.article_id for u in units})
    epoch, _ = choose_epoch(None, units, version="test", articles=len(articles))
    whole = Aligner().align(units)  # the one-off path: every pair clustered at once
    first = align_in_epoch(units, epoch, None)
    assert first.clusters == whole
    assert first.reclustered == first.components > 1
    # an earlier run without the last fifth of the articles: its components are kept where the
    # new articles do not reach
    cut = articles[len(articles) * 4 // 5]
    earlier = [u for u in units if u.article_id < cut]
    before = align_in_epoch(earlier, epoch, None)
    assert before.component_memo is not None
    blob = before.component_memo.encode()
    again = align_in_epoch(
        units,
        epoch,
        before.memo,
        components=blob,
        matched=before.matched,
        items=before.items,
        decisions=before.decisions,
    )
    assert again.clusters == whole
    assert 0 < again.reclustered < again.components
    assert again.reused > 0
    assert again.matched_reused > 0  # claim units matched by the earlier run, not again
    assert again.items_reused > 0  # claim items' pair P of the earlier run, not scored again
    assert again.decisions_reused > 0 and again.decisions_computed > 0


def test_answers_about_groups_kept_from_another_corpus_give_the_same_clusters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clustering's answers about groups (DecisionMemo) of a run over fewer articles,
    and of a run where one sentence read otherwise, replayed over every component (none kept):
    a group the new or changed sentences reach is another group, so its questions are asked
    again, and the clusters are those of a fresh clustering."""
    merges = Counter[str]()  # claims compared for a merge on a shared fact (claim_merge)

    def counted(*args: Any) -> bool:
        merges["asked"] += 1
        return fact_linked(*args)

    monkeypatch.setattr(align, "fact_linked", counted)
    units = _units(tmp_path)
    articles = sorted({u.article_id for u in units})
    epoch, _ = choose_epoch(None, units, version="test", articles=len(articles))
    whole = Aligner().align(units)
    cut = articles[len(articles) * 4 // 5]
    before = align_in_epoch([u for u in units if u.article_id < cut], epoch, None)
    merges.clear()
    again = align_in_epoch(units, epoch, before.memo, decisions=before.decisions)
    assert again.clusters == whole
    assert again.decisions_reused > 0 and again.decisions_computed > 0
    assert merges["asked"] > 0
    # the same corpus again: every question was asked last run, merges on facts too
    merges.clear()
    same = align_in_epoch(units, epoch, again.memo, decisions=again.decisions)
    assert same.clusters == whole
    assert same.decisions_computed == 0 and same.decisions_reused > 0
    assert merges["asked"] == 0
    # one clustered sentence reads otherwise: its groups' questions are asked again
    member = next(
        m for c in whole if len(c.members) > 2 for m in c.members if m.tier == "same_claim"
    )
    at = next(
        k for k, u in enumerate(units)
        if (u.article_id, u.sentence_idx) == (member.article_id, member.sentence_idx)
    )  # fmt: skip
    changed = list(units)
    changed[at] = replace(units[at], text=units[at].text + " Officials declined to comment.")
    replayed = align_in_epoch(changed, epoch, same.memo, decisions=same.decisions)
    assert replayed.clusters == align_in_epoch(changed, epoch, None).clusters
    assert replayed.decisions_computed > 0 and replayed.decisions_reused > 0


A, B = AlignUnit(1, 0, "a", "s1"), AlignUnit(2, 0, "b", "s2")


def _bind(memo: DecisionMemo, keys: list[int], units: list[AlignUnit]) -> None:
    """Two sentences clustered whole, with content keys `keys`."""
    memo.bind(np.array(keys, dtype=np.int64), units, [0, 1], [-1, -1])


def test_a_decision_memo_of_another_epoch_or_unreadable_is_empty() -> None:
    memo = DecisionMemo("e1")
    _bind(memo, [5, 6], [A, B])
    assert memo.recall("join", ([0], [1]), 0.5, lambda: True) is True
    assert memo.recall("link", ([0], [1]), 0.0, lambda: 0.25) == 0.25
    assert memo.recall("prune", ([0, 1],), 0.5, lambda: (1,)) == (1,)
    blob = memo.encode()
    later = DecisionMemo("e1", blob)
    _bind(later, [6, 5], [B, A])
    # the same items at swapped places: the same groups, but the order of their indexes (in
    # which a pair's P is read) differs, so it is another question
    assert later.recall("join", ([1], [0]), 0.5, lambda: False) is False
    assert later.computed == 1 and later.reused == 0
    again = DecisionMemo("e1", blob)
    _bind(again, [5, 6], [A, B])
    assert again.recall("join", ([0], [1]), 0.5, lambda: False) is True  # kept: not computed
    assert again.recall("join", ([0], [1]), 0.6, lambda: False) is False  # another threshold
    assert again.recall("link", ([0], [1]), 0.0, lambda: 0.0) == 0.25
    assert again.recall("prune", ([0, 1],), 0.5, lambda: ()) == (1,)
    assert DecisionMemo("e2", blob).known == {} and DecisionMemo("e1", b"junk").known == {}


def test_a_memo_of_another_epoch_or_unreadable_is_empty() -> None:
    memo = ComponentMemo("e1", {"x": []})
    assert ComponentMemo.decode(memo.encode(), "e1").known == {"x": []}
    assert ComponentMemo.decode(memo.encode(), "e2").known == {}
    assert ComponentMemo.decode(b"junk", "e1").known == {}


def test_a_matched_unit_is_reused_only_for_the_same_content_in_the_same_order() -> None:
    memo = MatchedMemo("e1")
    memo.start(np.array([11, 22, 33], dtype=np.int64), lambda i: (10 + i, 20 + i) if i else ())
    memo[(0, 1)] = (0, 21)  # sentence 0 whole, the second unit of sentence 1
    memo[(1, 2)] = (11, 2)
    blob = memo.encode()
    later = MatchedMemo("e1", blob)
    # the same contents at other places: sentence 2 of the last run is now 0, and 1 is now 2
    later.start(np.array([33, 99, 22], dtype=np.int64), lambda i: (40 + i, 50 + i) if i else ())
    assert later[(2, 0)] == (42, 0)  # (22, 33) was (unit 0 of 22, whole 33)
    assert later.get((0, 2)) is None  # the other order is another question (unit tie order)
    assert later.get((1, 2)) is None  # content 99 is new
    assert later.reused == 1
    assert MatchedMemo("e2", blob).known == {} and MatchedMemo("e1", b"junk").known == {}


class _Items:
    """What ItemMemo reads of an ItemScorer: each sentence's items and the known item pairs."""

    def __init__(self, items: dict[int, tuple[int, ...]]) -> None:
        self.items = items
        self._known: dict[tuple[int, int], float] = {}

    def items_of(self, sentence: int) -> tuple[int, ...]:
        return self.items[sentence]


def test_item_pairs_are_reused_only_for_the_same_content_in_the_same_order() -> None:
    memo = ItemMemo("e1")
    memo.start(np.array([11, 22, 33], dtype=np.int64))
    first = _Items({0: (0,), 1: (10, 11), 2: (2,)})
    # sentence 0 whole against the two units of sentence 1; 1's units against 2 whole
    memo.record(first, np.array([0, 1]), np.array([1, 2]), np.array([0.1, 0.7, 0.3, 0.2]))
    blob = memo.encode()
    later = ItemMemo("e1", blob)
    # the same contents at other places: 22 is now sentence 2 (units 20, 21), 33 is 0, 11 is 1
    later.start(np.array([33, 11, 22, 99], dtype=np.int64))
    items = _Items({0: (0,), 1: (1,), 2: (20, 21), 3: (3,)})
    todo = later.recall(items, np.array([1, 2, 0, 3, 2]), np.array([2, 0, 2, 0, 3]))
    assert todo.tolist() == [2, 3, 4]  # (33, 22) is another order; 99 is new content
    assert items._known == {(1, 20): 0.1, (1, 21): 0.7, (0, 20): 0.3, (0, 21): 0.2}
    assert later.reused == 2
    three = _Items({0: (0,), 1: (1,), 2: (20, 21, 22), 3: (3,)})  # another count of items
    assert later.recall(three, np.array([1]), np.array([2])).tolist() == [0]
    assert ItemMemo("e2", blob).index == {} and ItemMemo("e1", b"junk").index == {}


def test_a_sentence_key_follows_the_corpus_words_its_score_reads() -> None:
    """The claim model reads "abc" and "def" in "abc123def", which the similarity's terms drop:
    their weight exists only while another sentence has the word, so the key says which do."""

    def key(texts: list[str]) -> int:
        units = [AlignUnit(i, 0, t, f"s{i}") for i, t in enumerate(texts)]
        model = SimilarityModel([u.text for u in units], embeddings=False)
        reads = vocabulary_reads(model, [sentence_cues(t) for t in model.texts])
        return int(unit_keys(units, np.zeros(len(units), dtype=np.int64), reads)[0])

    text = "The abc123def plant opened on Monday."
    assert key([text, "Workers left the plant."]) == key([text, "Rain fell all day."])
    assert key([text, "The abc group spoke."]) != key([text, "Rain fell all day."])
