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
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.model import AlignUnit
from analysis.similarity import load_embedder
from analysis.unit_match import clustered_units

Embed = Callable[[list[str]], np.ndarray]  # texts -> unit-length float32 rows


@dataclass(frozen=True, slots=True)
class ArticleVectors:
    """One article's sentence vectors to store: its key, a digest of the texts, and the rows (a
    view into the run's matrix: the bytes are made one article at a time, when written), then
    its clauses' rows (a view into the run's clause matrix) when clauses are kept."""

    sha256: str
    texts: str
    rows: np.ndarray
    more: np.ndarray | None = None

    @property
    def vectors(self) -> bytes:
        head = self.rows.astype("<f4").tobytes()
        return head if self.more is None else head + self.more.astype("<f4").tobytes()

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


@dataclass(frozen=True, slots=True)
class Clauses:
    """Each sentence's claim units (`unit_match.clustered_units`, () when it does not split) in
    unit order, and their vectors stacked in the same order (what `unit_match.unit_table` would
    split and embed again on every run)."""

    parts: tuple[tuple[str, ...], ...]
    vectors: np.ndarray  # (clauses, dim) float32


def sentence_vectors(
    articles: Sequence[tuple[str, Sequence[str]]],
    cached: Mapping[str, tuple[str, bytes]],
    embed: Embed,
) -> tuple[np.ndarray, list[ArticleVectors]]:
    """Vectors of every article's sentences, stacked in the order given, and the rows to store.

    `articles`: (sha256, its sentence texts) in unit order; `cached`: sha256 -> (texts digest,
    blob) of an earlier run of the same analysis version. An article whose texts differ from the
    cached ones, or with no cached vectors, is embedded (all such sentences in one batch)."""
    matrix, fresh, _ = article_vectors(articles, cached, embed)
    return matrix, fresh


def _stored_clauses(stored: str, digest: str, split: bool) -> list[tuple[str, ...]] | None:
    """The clauses kept beside a cached article's vectors when its texts digest is `digest`
    (an empty list when none are asked for and none are kept); None: not usable."""
    head, sep, body = stored.partition("\n")
    if head != digest or bool(sep) != split:
        return None
    if not split:
        return []
    try:
        return [tuple(str(x) for x in c) for c in json.loads(body)]
    except (ValueError, TypeError):
        return None


def article_vectors(
    articles: Sequence[tuple[str, Sequence[str]]],
    cached: Mapping[str, tuple[str, bytes]],
    embed: Embed,
    split: Callable[[str], tuple[str, ...]] | None = None,
) -> tuple[np.ndarray, list[ArticleVectors], Clauses | None]:
    """`sentence_vectors`, and with `split` each sentence's clauses (`split(text)`) and their
    vectors, kept with the article's: its stored rows are its sentences' then its clauses' (in
    the order `split` gave them), and its stored texts are the digest and the clauses (JSON)."""
    digests = [texts_digest(texts) for _, texts in articles]
    parts: list[np.ndarray | None] = [None] * len(articles)
    more: list[np.ndarray | None] = [None] * len(articles)
    clauses: list[list[tuple[str, ...]] | None] = [None] * len(articles)
    dim: int | None = None
    for i, (sha, texts) in enumerate(articles):
        hit = cached.get(sha)
        if not texts or hit is None:
            continue
        found = _stored_clauses(hit[0], digests[i], split is not None)
        if found is None or (split is not None and len(found) != len(texts)):
            continue
        rows = _read(hit[1], len(texts) + sum(map(len, found)), dim)
        if rows is not None:
            parts[i], more[i], clauses[i] = rows[: len(texts)], rows[len(texts) :], found
            dim = rows.shape[1]
    hits = sum(p is not None for p in parts)
    todo = [i for i, p in enumerate(parts) if p is None and articles[i][1]]
    for i in todo:
        clauses[i] = [split(t) for t in articles[i][1]] if split is not None else []
    # sentences and clauses embedded in two batches (a vector does not depend on its batch), so
    # that with nothing cached each batch is already its matrix: no copy of either
    sentence_rows = _embedded([t for i in todo for t in articles[i][1]], embed, dim)
    clause_rows = _embedded([c for i in todo for c in _flat(clauses[i] or [])], embed, dim)
    widths = {m.shape[1] for m in (sentence_rows, clause_rows) if len(m)}
    if hits and widths - {dim}:
        return article_vectors(articles, {}, embed, split)  # another width: the cache is stale
    dim = widths.pop() if widths else dim
    at = [0, 0]
    for i in todo:
        n, m = len(articles[i][1]), sum(map(len, clauses[i] or []))
        parts[i], more[i] = sentence_rows[at[0] : at[0] + n], clause_rows[at[1] : at[1] + m]
        at = [at[0] + n, at[1] + m]
    sentences = sentence_rows if not hits else _stacked(parts, dim)
    clause_matrix = clause_rows if not hits else _stacked(more, dim)
    fresh: list[ArticleVectors] = []
    s_at, c_at = _starts(parts), _starts(more)
    for i in todo:  # the rows to store: views into the run's matrices
        stored = digests[i] if split is None else f"{digests[i]}\n{json.dumps(clauses[i])}"
        rows = sentences[s_at[i] : s_at[i + 1]]
        extra = clause_matrix[c_at[i] : c_at[i + 1]] if split is not None else None
        fresh.append(ArticleVectors(articles[i][0], stored, rows, extra))
    if split is None:
        return sentences, fresh, None
    found_parts = tuple(c for i in range(len(articles)) for c in (clauses[i] or ()))
    return sentences, fresh, Clauses(found_parts, clause_matrix)


def _embedded(texts: list[str], embed: Embed, dim: int | None) -> np.ndarray:
    if not texts:
        return np.zeros((0, dim or 0), dtype=np.float32)
    return np.asarray(embed(texts), dtype=np.float32)


def _starts(parts: Sequence[np.ndarray | None]) -> list[int]:
    """Where each part starts in a matrix of the parts one after the other (and the end)."""
    out = [0]
    for part in parts:
        out.append(out[-1] + (len(part) if part is not None else 0))
    return out


def _flat(clauses: Sequence[tuple[str, ...]]) -> list[str]:
    return [x for c in clauses for x in c]


def _stacked(parts: Sequence[np.ndarray | None], dim: int | None) -> np.ndarray:
    """The parts as one float32 matrix, filled part by part (at 20,000 articles the vectors
    take ~400 MB: no list of copies beside it)."""
    total = sum(len(p) for p in parts if p is not None)
    matrix = np.empty((total, dim or 0), dtype=np.float32)
    at = 0
    for part in parts:
        if part is not None and len(part):
            matrix[at : at + len(part)] = part
            at += len(part)
    return matrix


def unit_vectors(
    units: Sequence[AlignUnit],
    sha_of: Mapping[int, str],
    cached: Mapping[str, tuple[str, bytes]],
) -> tuple[np.ndarray | None, list[ArticleVectors], Clauses | None]:
    """`sentence_vectors` of alignment units (an article's units are consecutive; `sha_of`: the
    cache key of each article id), and each sentence's clauses with their vectors
    (`vector_cache.Clauses`); (None, [], None) when wordllama cannot load (lexical signal only)."""
    embedder, _ = load_embedder()
    if embedder is None:
        return None, [], None
    groups: list[tuple[str, list[str]]] = []
    last: int | None = None
    for unit in units:
        if unit.article_id != last:
            groups.append((sha_of[unit.article_id], []))
            last = unit.article_id
        groups[-1][1].append(unit.text)
    return article_vectors(groups, cached, embedder.embed, clustered_units)
