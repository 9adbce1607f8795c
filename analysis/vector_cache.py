"""Sentence vectors kept per article, so a re-run embeds only new or changed articles' sentences.

wordllama's vector of a sentence does not depend on the batch it is embedded in (340 BBC sentences
embedded at once, in batches of 7 and one by one give bit-identical vectors; `tests/
test_vector_cache.py` checks it on every run), so vectors read back from the store give the same
pair scores as embedding the whole corpus at once: the cache is exact, not an approximation.
Embedding 42,000 sentences took 12 s of a +10-articles run on 2,117 BBC articles.

Pure: texts and blobs in, a matrix and blobs out; the store keeps the blobs (`store/cache.py`),
the pipeline says which analysis version they belong to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.model import AlignUnit
from analysis.similarity import load_embedder

Embed = Callable[[list[str]], np.ndarray]  # texts -> unit-length float32 rows


@dataclass(frozen=True, slots=True)
class ArticleVectors:
    """One article's sentence vectors to store: its key, a digest of the texts, and the rows (a
    view into the run's matrix: the bytes are made one article at a time, when written)."""

    sha256: str
    texts: str
    rows: np.ndarray

    @property
    def vectors(self) -> bytes:
        return self.rows.astype("<f4").tobytes()

    def row(self) -> tuple[str, str, bytes]:
        return self.sha256, self.texts, self.vectors


def texts_digest(texts: Sequence[str]) -> str:
    """What an article's vectors are of: its sentences, in order."""
    digest = hashlib.blake2b(digest_size=16)
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _read(blob: bytes, n: int, dim: int | None) -> np.ndarray | None:
    """The (n, dim) float32 matrix in `blob`, or None when it does not have that shape."""
    if n == 0:
        return np.zeros((0, dim or 0), dtype=np.float32)
    if len(blob) % (4 * n):
        return None
    rows = np.frombuffer(blob, dtype="<f4").reshape(n, -1)
    if dim is not None and rows.shape[1] != dim:
        return None
    return rows  # a read-only view of the blob: copied once, into the run's matrix


def sentence_vectors(
    articles: Sequence[tuple[str, Sequence[str]]],
    cached: Mapping[str, tuple[str, bytes]],
    embed: Embed,
) -> tuple[np.ndarray, list[ArticleVectors]]:
    """Vectors of every article's sentences, stacked in the order given, and the rows to store.

    `articles`: (sha256, its sentence texts) in unit order; `cached`: sha256 -> (texts digest,
    blob) of an earlier run of the same analysis version. An article whose texts differ from the
    cached ones, or with no cached vectors, is embedded (all such sentences in one batch)."""
    digests = [texts_digest(texts) for _, texts in articles]
    empty = np.zeros((0, 0), dtype=np.float32)
    parts: list[np.ndarray | None] = [empty if not t else None for _, t in articles]
    dim: int | None = None
    hits = 0
    for i, (sha, texts) in enumerate(articles):
        hit = cached.get(sha)
        if parts[i] is not None or hit is None or hit[0] != digests[i]:
            continue
        rows = _read(hit[1], len(texts), dim)
        if rows is not None:
            parts[i], dim = rows, rows.shape[1]
            hits += 1
    todo = [i for i, p in enumerate(parts) if p is None]
    fresh: list[ArticleVectors] = []
    if todo:
        computed = np.asarray(embed([t for i in todo for t in articles[i][1]]), dtype=np.float32)
        if dim is not None and computed.shape[1] != dim:
            return sentence_vectors(articles, {}, embed)  # another width: the cache is stale
        dim = computed.shape[1]
        at = 0
        for i in todo:
            rows = computed[at : at + len(articles[i][1])]
            at += len(rows)
            parts[i] = rows
            fresh.append(ArticleVectors(articles[i][0], digests[i], rows))
        if not hits:
            return computed, fresh  # nothing from the cache: already in order, no copy
    # one matrix filled part by part (at 20,000 articles the vectors take ~400 MB: no list of
    # copies beside it)
    total = sum(len(t) for _, t in articles)
    matrix = np.empty((total, dim or 0), dtype=np.float32)
    at = 0
    for part in parts:
        if part is not None and len(part):
            matrix[at : at + len(part)] = part
            at += len(part)
    return matrix, fresh


def unit_vectors(
    units: Sequence[AlignUnit],
    sha_of: Mapping[int, str],
    cached: Mapping[str, tuple[str, bytes]],
) -> tuple[np.ndarray | None, list[ArticleVectors]]:
    """`sentence_vectors` of alignment units (an article's units are consecutive; `sha_of`: the
    cache key of each article id); (None, []) when wordllama cannot load (lexical signal only)."""
    embedder, _ = load_embedder()
    if embedder is None:
        return None, []
    groups: list[tuple[str, list[str]]] = []
    last: int | None = None
    for unit in units:
        if unit.article_id != last:
            groups.append((sha_of[unit.article_id], []))
            last = unit.article_id
        groups[-1][1].append(unit.text)
    return sentence_vectors(groups, cached, embedder.embed)
