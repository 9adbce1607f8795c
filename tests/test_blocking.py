"""Blocking: chunked candidate-pair search equals the plain definition, whatever the chunks."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.align import _by_source_then, _Scores, _strongest, _unit_keys, candidate_pairs
from analysis.similarity import SimilarityModel

WORDS = ["harbour", "strike", "minister", "flood", "bridge", "tariff", "vaccine", "court", "rally"]


def _model(sentences: list[list[str]]) -> SimilarityModel:
    return SimilarityModel([" ".join(words) for words in sentences], embeddings=False)


def _plain_pairs(
    model: SimilarityModel, articles: np.ndarray, max_block: int, k: int
) -> set[tuple[int, int]]:
    """The definition, pair by pair: cross-article pairs sharing a kept key, each among the k
    strongest of one of its units (ties to the units that follow, wrapping round)."""
    n = len(model.texts)
    unit, key, kw = _unit_keys(model)
    holders: dict[int, set[int]] = defaultdict(set)
    for u, kid in zip(unit.tolist(), key.tolist(), strict=True):
        holders[kid].add(u)
    strength: dict[tuple[int, int], float] = defaultdict(float)
    for kid, units in holders.items():
        if not 2 <= len(units) <= max_block or kw[kid] <= 0:
            continue
        for a in units:
            for b in units:
                if a < b and articles[a] != articles[b]:
                    strength[(a, b)] += float(kw[kid])
    if not k or len(strength) <= k:
        return set(strength)
    by_unit: dict[int, list[tuple[float, int, tuple[int, int]]]] = defaultdict(list)
    for (a, b), s in strength.items():
        s = round(s, 9)
        by_unit[a].append((-s, (b - a) % n, (a, b)))
        by_unit[b].append((-s, (a - b) % n, (a, b)))
    kept: set[tuple[int, int]] = set()
    for ranked in by_unit.values():
        kept.update(pair for _, _, pair in sorted(ranked)[:k])
    return kept


corpora = st.lists(
    st.tuples(
        st.integers(0, 3),  # article
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    ),
    min_size=2,
    max_size=24,
)


@settings(max_examples=80, deadline=None)
@given(
    corpus=corpora,
    chunk=st.integers(1, 7),
    k=st.integers(0, 4),
    max_block=st.integers(2, 10),
)
def test_chunked_blocking_equals_the_definition(
    corpus: list[tuple[int, list[str]]], chunk: int, k: int, max_block: int
) -> None:
    model = _model([words for _, words in corpus])
    articles = np.array([art for art, _ in corpus], dtype=np.int64)
    a, b = candidate_pairs(
        model, articles, max_block=max_block, max_neighbours=k, chunk_units=chunk
    )
    assert np.all(a < b)
    assert len(set(zip(a.tolist(), b.tolist(), strict=True))) == len(a)  # no pair twice
    got = set(zip(a.tolist(), b.tolist(), strict=True))
    assert got == _plain_pairs(model, articles, max_block, k)


def test_chunk_size_does_not_change_the_pairs() -> None:
    rng = np.random.default_rng(7)
    sentences = [list(rng.choice(WORDS, size=3)) for _ in range(60)]
    model = _model(sentences)
    articles = rng.integers(0, 6, size=60)
    runs = [candidate_pairs(model, articles, max_neighbours=3, chunk_units=c) for c in (1, 8, 1000)]
    for a, b in runs[1:]:
        assert np.array_equal(a, runs[0][0]) and np.array_equal(b, runs[0][1])
    assert len(runs[0][0]) > 0


def test_pair_scores_match_direct_scoring_for_known_and_unknown_pairs() -> None:
    model = _model([["harbour", "strike"], ["strike", "harbour", "court"], ["flood"], ["rally"]])
    known_a, known_b = np.array([0]), np.array([1])
    scores = _Scores(model, known_a, known_b, model.score_pairs(known_a, known_b))
    got = scores.matrix([0, 2], [1, 3, 0])
    want = np.array([[model.score(i, j) for j in (1, 3, 0)] for i in (0, 2)])
    assert np.allclose(got, want)
    assert scores.extra  # the pairs blocking never produced were scored on demand...
    assert np.allclose(scores.matrix([3], [2]), [[model.score(2, 3)]])  # ...either way round


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(-3, 40)), max_size=80
    ),
    scale=st.sampled_from([1.0, 0.1, 1e-9, 3.7e6, 1e30]),
    rounded=st.booleans(),
    k=st.integers(1, 5),
)
def test_the_strongest_pairs_are_those_of_the_float_ranking(
    pairs: list[tuple[int, int, int]], scale: float, rounded: bool, k: int
) -> None:
    """Each source's k strongest by (strength, then the units that follow it): the integer key
    used for rounded strengths ranks as the floats do, and anything else is ranked as floats."""
    n = 10
    codes = sorted({(a, b): w for a, b, w in pairs if a != b}.items())
    src = np.array([a for (a, _), _ in codes], dtype=np.int64)
    dst = np.array([b for (_, b), _ in codes], dtype=np.int64)
    strength = np.array([w * scale for _, w in codes], dtype=np.float64)
    if rounded:
        strength = np.round(strength, 9)
    got = _strongest(src, dst, strength, n, k)
    ranked: dict[int, list[tuple[float, int, int]]] = defaultdict(list)
    for a, b, w in zip(src.tolist(), dst.tolist(), strength.tolist(), strict=True):
        ranked[a].append((-w, (b - a) % n, b))
    want = {(a, b) for a, rows in ranked.items() for _, _, b in sorted(rows)[:k]}
    assert sorted(zip(got[0].tolist(), got[1].tolist(), strict=True)) == sorted(want)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 2**20)), max_size=60),
    shift=st.sampled_from([0, 20, 39, 41]),
    ascending=st.booleans(),
)
def test_one_key_sort_orders_as_the_two_key_lexsort(
    rows: list[tuple[int, int]], shift: int, ascending: bool
) -> None:
    """Sources then rank, for distinct (source, rank) pairs: the same order as np.lexsort,
    whether one key fits (no slices), the key is so wide that each slice holds a source or
    two, or the sources are not ascending (the lexsort itself)."""
    distinct = sorted(set(rows)) if ascending else list(dict.fromkeys(rows))
    s = np.array([a for a, _ in distinct], dtype=np.int64)
    rank = np.array([b << shift for _, b in distinct], dtype=np.int64)  # up to 2**61
    span = (int(rank.max()) + 1) if len(rank) else 1
    got = _by_source_then(s, rank, span)
    assert got.tolist() == np.lexsort((rank, s)).tolist()
