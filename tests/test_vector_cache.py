"""Sentence vectors cached per article: exact (wordllama's vectors do not depend on the batch),
read back for unchanged articles, recomputed for new or edited ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.pipeline import analyze
from analysis.segment import segment_with_hits
from analysis.similarity import SimilarityModel, load_embedder
from analysis.unit_match import clustered_units, unit_table
from analysis.vector_cache import Clauses, article_vectors, sentence_vectors, texts_digest
from analysis.version import analysis_version
from store import Store


def _fake_embed(calls: list[list[str]]):  # type: ignore[no-untyped-def]
    def embed(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)

    return embed


_articles = st.lists(
    st.tuples(st.text("abc", min_size=1, max_size=3), st.lists(st.text("ab ", max_size=6))),
    max_size=6,
    unique_by=lambda a: a[0],
)


@settings(max_examples=60, deadline=None)
@given(_articles, _articles)
def test_cached_vectors_give_what_embedding_everything_gives(
    before: list[tuple[str, list[str]]], after: list[tuple[str, list[str]]]
) -> None:
    """Whatever an earlier run cached, the matrix is the one embedding all texts at once gives,
    and only articles without valid cached vectors are embedded."""
    first_calls: list[list[str]] = []
    _, fresh = sentence_vectors(before, {}, _fake_embed(first_calls))
    cached = {v.sha256: (v.texts, v.vectors) for v in fresh}
    calls: list[list[str]] = []
    matrix, _ = sentence_vectors(after, cached, _fake_embed(calls))
    everything = [t for _, texts in after for t in texts]
    expected = _fake_embed([])(everything) if everything else np.zeros((0, 3), dtype=np.float32)
    assert matrix.shape[0] == len(everything)
    if everything:
        assert np.array_equal(matrix, expected)
    reusable = {sha for sha, texts in before if texts}
    embedded = [t for c in calls for t in c]
    assert embedded == [
        t
        for sha, texts in after
        if not (sha in reusable and texts_digest(texts) == cached[sha][0])
        for t in texts
    ]


def _split(text: str) -> tuple[str, ...]:
    """Clauses of a test text: its words when it has two or more, else none."""
    words = tuple(text.split())
    return words if len(words) >= 2 else ()


@settings(max_examples=60, deadline=None)
@given(_articles, _articles)
def test_cached_clauses_give_what_splitting_and_embedding_everything_gives(
    before: list[tuple[str, list[str]]], after: list[tuple[str, list[str]]]
) -> None:
    """With a split, each sentence's clauses and their vectors come back from the cache as
    splitting and embedding them again gives; only articles not cached are split and embedded."""
    _, fresh, _ = article_vectors(before, {}, _fake_embed([]), _split)
    cached = {v.sha256: (v.texts, v.vectors) for v in fresh}
    calls: list[list[str]] = []
    matrix, _, clauses = article_vectors(after, cached, _fake_embed(calls), _split)
    sentences = [t for _, texts in after for t in texts]
    parts = tuple(_split(t) for t in sentences)
    flat = [c for p in parts for c in p]
    assert clauses is not None and clauses.parts == parts
    assert len(clauses.vectors) == len(flat) and len(matrix) == len(sentences)
    if flat:
        assert np.array_equal(clauses.vectors, _fake_embed([])(flat))
    if sentences:
        assert np.array_equal(matrix, _fake_embed([])(sentences))
    reusable = {sha: texts for sha, texts in before if texts}
    embedded = [t for c in calls for t in c]
    todo = [texts for sha, texts in after if reusable.get(sha) != texts]
    # the sentences of the articles not cached, then their clauses
    assert embedded == [t for texts in todo for t in texts] + [
        c for texts in todo for t in texts for c in _split(t)
    ]


def test_vectors_kept_without_clauses_are_not_read_as_having_them() -> None:
    _, fresh = sentence_vectors([("x", ["a b", "b"])], {}, _fake_embed([]))
    cached = {v.sha256: (v.texts, v.vectors) for v in fresh}
    calls: list[list[str]] = []
    _, _, clauses = article_vectors([("x", ["a b", "b"])], cached, _fake_embed(calls), _split)
    assert calls == [["a b", "b"], ["a", "b"]] and clauses is not None
    assert clauses.parts == (("a", "b"), ())


def _embedder_and_demo_sentences(files: int) -> tuple[Any, list[str]]:
    embedder, why = load_embedder()
    if embedder is None:
        pytest.skip(why or "wordllama unavailable")
    texts = [
        s.text
        for path in demo_files()[:files]
        for s in segment_with_hits(path.read_text(encoding="utf-8"))[0]
    ]
    return embedder, texts


def test_a_table_of_kept_clauses_equals_one_split_and_embedded_now() -> None:
    embedder, texts = _embedder_and_demo_sentences(4)
    model = SimilarityModel(texts, embeddings=embedder.embed(texts))
    parts = tuple(clustered_units(t) for t in texts)
    assert sum(len(p) >= 2 for p in parts) >= 3  # some sentences split
    kept = Clauses(parts, embedder.embed([c for p in parts for c in p]))
    now = unit_table(SimilarityModel(texts, embeddings=embedder.embed(texts)))
    table = unit_table(model, kept)
    assert table.rows == now.rows and table.sim.texts == now.sim.texts
    assert np.array_equal(table.owner, now.owner) and np.array_equal(table.split, now.split)
    assert np.array_equal(table.sim.vectors, now.sim.vectors)


def test_a_blob_of_the_wrong_shape_is_embedded_again() -> None:
    calls: list[list[str]] = []
    bad = {"x": (texts_digest(["a b", "b"]), b"\0" * 5)}
    matrix, fresh = sentence_vectors([("x", ["a b", "b"])], bad, _fake_embed(calls))
    assert calls == [["a b", "b"]] and matrix.shape == (2, 3) and len(fresh) == 1


def test_wordllama_vectors_do_not_depend_on_the_batch() -> None:
    """What makes the cache exact: a sentence's vector is the same embedded alone or in a batch."""
    embedder, texts = _embedder_and_demo_sentences(3)
    texts = texts[:80]
    together = embedder.embed(texts)
    in_sevens = np.concatenate([embedder.embed(texts[i : i + 7]) for i in range(0, len(texts), 7)])
    alone = np.concatenate([embedder.embed([t]) for t in texts[:20]])
    assert np.array_equal(together, in_sevens)
    assert np.array_equal(together[:20], alone)


def test_a_re_run_embeds_only_new_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(tmp_path / "v.db")
    files = demo_files()
    import_paths(store, files[:3])
    analyze(store, workers=1)
    kept = store.cached_vectors(analysis_version())
    assert len(kept) == 3
    embedded: list[str] = []
    embedder, _ = load_embedder()
    if embedder is None:
        pytest.skip("wordllama unavailable")
    real = embedder.embed

    def counting(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(embedder, "embed", counting)
    import_paths(store, files[3:4])
    analyze(store, workers=1)
    new = store.cached_vectors(analysis_version())
    assert len(new) == 4 and {k: new[k] for k in kept} == kept
    content = {
        a.sha256: [s.text for s in store.sentences(a.id) if s.residue is None]
        for a in store.articles()
    }
    fourth = (set(new) - set(kept)).pop()
    assert set(content[fourth]) <= set(embedded)  # the new article's sentences were embedded
    old = {t for sha in kept for t in content[sha]} - set(content[fourth])
    assert old and not old & set(embedded)  # the others' came from the cache
    clauses = {sha: {c for t in ts for c in clustered_units(t)} for sha, ts in content.items()}
    assert clauses[fourth] <= set(embedded)  # and so did their claim units
    old_clauses = {c for sha in kept for c in clauses[sha]} - clauses[fourth]
    assert old_clauses and not old_clauses & set(embedded)


def test_vectors_of_another_width_are_not_mixed_with_new_ones() -> None:
    def narrow(texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 2), dtype=np.float32)

    _, fresh, _ = article_vectors([("x", ["a b", "b"])], {}, narrow, _split)
    cached = {v.sha256: (v.texts, v.vectors) for v in fresh}
    calls: list[list[str]] = []
    articles = [("x", ["a b", "b"]), ("y", ["b a"])]
    matrix, _, clauses = article_vectors(articles, cached, _fake_embed(calls), _split)
    assert matrix.shape == (3, 3) and clauses is not None and clauses.vectors.shape == (4, 3)
    assert calls[-2:] == [["a b", "b", "b a"], ["a", "b", "b", "a"]]  # all of it again
