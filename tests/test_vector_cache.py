"""Sentence vectors cached per article: exact (wordllama's vectors do not depend on the batch),
read back for unchanged articles, recomputed for new or edited ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.pipeline import analyze
from analysis.segment import segment_with_hits
from analysis.similarity import load_embedder
from analysis.vector_cache import sentence_vectors, texts_digest
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


def test_a_blob_of_the_wrong_shape_is_embedded_again() -> None:
    calls: list[list[str]] = []
    bad = {"x": (texts_digest(["a b", "b"]), b"\0" * 5)}
    matrix, fresh = sentence_vectors([("x", ["a b", "b"])], bad, _fake_embed(calls))
    assert calls == [["a b", "b"]] and matrix.shape == (2, 3) and len(fresh) == 1


def test_wordllama_vectors_do_not_depend_on_the_batch() -> None:
    """What makes the cache exact: a sentence's vector is the same embedded alone or in a batch."""
    embedder, why = load_embedder()
    if embedder is None:
        pytest.skip(why or "wordllama unavailable")
    texts = [
        s.text
        for path in demo_files()[:3]
        for s in segment_with_hits(path.read_text(encoding="utf-8"))[0]
    ][:80]
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
