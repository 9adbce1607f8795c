"""The analysis cache: per-article results and the fingerprint of the last analysis's inputs.

Both are derived data the store keeps for `analysis.pipeline` and never interprets: a result is an
opaque blob written by `analysis.result_codec`, valid for one analysis version and one set of
article inputs; the state is a digest the pipeline compares with its own. Losing either only
costs time, so the cache is written after the results it speeds up, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sqlite_utils import Database


class CachedResult(NamedTuple):
    sha256: str
    inputs: str  # digest of the article's analysis input (text hash and metadata)
    result: bytes


class CachedVectors(NamedTuple):
    sha256: str
    texts: str  # digest of the sentence texts the vectors are of
    vectors: bytes


class ResultCache:
    """Cache queries, mixed into `Store`."""

    if TYPE_CHECKING:

        def _rows(
            self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
        ) -> list[dict[str, Any]]: ...

        def _writing(self) -> AbstractContextManager[Database]: ...

    def cached_results(self, version: str) -> dict[str, CachedResult]:
        """Every article's cached result written by analysis `version`, keyed by its sha256."""
        rows = self._rows(
            "SELECT sha256, inputs, result FROM article_results WHERE version = ?", [version]
        )
        return {r["sha256"]: CachedResult(r["sha256"], r["inputs"], r["result"]) for r in rows}

    def save_results(self, version: str, results: Iterable[CachedResult]) -> int:
        """Store results for `version` (replacing older ones of the same articles) and drop those
        of articles no longer in the database; returns how many were written."""
        n = 0

        def rows() -> Iterator[list[Any]]:
            nonlocal n
            for r in results:
                n += 1
                yield [r.sha256, version, r.inputs, r.result]

        with self._writing() as db:
            db.conn.executemany(
                "INSERT OR REPLACE INTO article_results (sha256, version, inputs, result)"
                " VALUES (?, ?, ?, ?)",
                rows(),
            )
            db.execute(
                "DELETE FROM article_results WHERE sha256 NOT IN (SELECT sha256 FROM articles)"
            )
        return n

    def cached_vectors(self, version: str) -> dict[str, CachedVectors]:
        """Every article's sentence vectors written by analysis `version`, keyed by its sha256."""
        rows = self._rows(
            "SELECT sha256, texts, vectors FROM sentence_vectors WHERE version = ?", [version]
        )
        return {r["sha256"]: CachedVectors(r["sha256"], r["texts"], r["vectors"]) for r in rows}

    def save_vectors(self, version: str, rows: Iterable[CachedVectors]) -> None:
        """Store sentence vectors for `version` and drop those of articles no longer here."""
        with self._writing() as db:
            db.conn.executemany(
                "INSERT OR REPLACE INTO sentence_vectors (sha256, version, texts, vectors)"
                " VALUES (?, ?, ?, ?)",
                ([r.sha256, version, r.texts, r.vectors] for r in rows),
            )
            db.execute(
                "DELETE FROM sentence_vectors WHERE sha256 NOT IN (SELECT sha256 FROM articles)"
            )

    def cached_result_count(self) -> int:
        rows = self._rows("SELECT count(*) AS n FROM article_results")
        return int(rows[0]["n"])

    def analysis_state(self, key: str) -> str | None:
        """A value the pipeline recorded about its last run (None when never recorded)."""
        rows = self._rows("SELECT value FROM analysis_state WHERE key = ?", [key])
        return str(rows[0]["value"]) if rows else None

    def set_analysis_state(self, key: str, value: str | None) -> None:
        with self._writing() as db:
            if value is None:
                db.execute("DELETE FROM analysis_state WHERE key = ?", [key])
            else:
                db.execute(
                    "INSERT OR REPLACE INTO analysis_state (key, value) VALUES (?, ?)", [key, value]
                )

    def analysis_blob(self, key: str) -> bytes | None:
        """A binary value the pipeline keeps between runs (an epoch's statistics, pair scores),
        in the same table as the states; unlike them it survives a write (a memo is valid for
        the version or epoch it names, whatever run wrote it), so the pipeline writes only the
        blobs it changed."""
        rows = self._rows("SELECT value FROM analysis_state WHERE key = ?", [key])
        value = rows[0]["value"] if rows else None
        return value if isinstance(value, bytes) else None

    def set_analysis_blobs(self, values: dict[str, bytes]) -> None:
        with self._writing() as db:
            db.conn.executemany(
                "INSERT OR REPLACE INTO analysis_state (key, value) VALUES (?, ?)",
                list(values.items()),
            )
