"""The typed API over the database. No SQL exists outside `store/`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from sqlite_utils import Database

from store import (
    claim_edits,
    cluster_notes,
    cluster_summary,
    derived_diff,
    lost_places,
    reviews,
    verdicts,
)
from store.cache import ResultCache
from store.claim_replay import Edit
from store.connection import (
    BUSY_TIMEOUT_MS,
    Stepwise,
    StoreError,
    _explain,
    chunked,
    fts_match,
    immediate,
    open_database,
    placeholders,
)
from store.rows import (
    CLAIM_STATUSES,
    FLAG_STATUSES,
    ArticleRow,
    ClaimEditRow,
    ClaimFact,
    ClusterRow,
    Counts,
    EntityRow,
    FlagFact,
    FlagRow,
    MemberRow,
    ReviewRow,
    ScoringInput,
    SearchHit,
    SentenceRow,
    SourceFacts,
    SourceRow,
    SpanRow,
)

NAME_FLAG_KINDS = ("name_variant", "unverified_name")
_T = TypeVar("_T")
ImportOutcome = Literal["added", "updated", "duplicate"]
# Claim edits' snapshots of analysis's clusters (store/claim_edits.py): rebuilt by every write;
# the other derived rows are written as a difference (store/derived_diff.py).
_CLAIM_SNAPSHOTS = ("claim_base_members", "claim_base", "claim_edited")

_ARTICLE_SELECT = """
SELECT a.*, s.name AS source,
       (SELECT count(*) FROM sentences x WHERE x.article_id = a.id) AS sentence_count,
       COALESCE(a.revised_at > (SELECT max(started_at) FROM analysis_runs
                                WHERE finished_at IS NOT NULL), 0) AS edited_since_analysis
FROM articles a JOIN sources s ON s.id = a.source_id
"""

# A flag stays listed while the latest analysis finds it, and for good once a reviewer decided it
# or wrote a note on it: a re-analysis never hides a decision (it is shown "no longer detected").
_KEPT = """(f.active = 1 OR f.status != 'open' OR EXISTS (
    SELECT 1 FROM reviews n WHERE n.target_type = 'flag' AND n.target = f.fingerprint
    AND n.action = 'note' AND n.op = 'do' AND COALESCE((SELECT u.op FROM reviews u
        WHERE u.ref = n.id ORDER BY u.id DESC LIMIT 1), 'do') != 'undo'))"""

_FLAG_SELECT = """
SELECT f.*, s.name AS source, os.name AS other_source,
       (COALESCE(a.revised_at, '') > f.last_seen
        OR COALESCE(oa.revised_at, '') > f.last_seen) AS evidence_changed
FROM flag_status f
JOIN articles a ON a.id = f.article_id JOIN sources s ON s.id = a.source_id
LEFT JOIN articles oa ON oa.id = f.other_article_id
LEFT JOIN sources os ON os.id = oa.source_id
"""


@dataclass(slots=True)
class AnalysisPayload:
    """Everything one analysis run produces, as plain rows keyed by article id and sentence idx."""

    sentences: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    garble: dict[int, float] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class PendingAnalysis:
    """What the next analysis would read that the latest one has not (Store.pending_analysis)."""

    new: int = 0  # articles imported since
    edited: int = 0  # articles whose edited file was imported again since
    entity_changes: int = 0  # entity merges/splits (and their undos), gazetteer entries

    def __bool__(self) -> bool:
        return bool(self.new or self.edited or self.entity_changes)


@dataclass(frozen=True, slots=True)
class SearchMatches:
    cluster_ids: list[int]
    unclustered: int  # matching sentences in no cluster


@dataclass(frozen=True, slots=True)
class WriteSummary:
    flags: int
    new_flags: int
    retired_flags: int
    clusters: int
    sentences: int


# Cluster members that carry flags, read from the flags outwards (tens of thousands) through
# the claim_key and sentence_id indexes; CROSS JOIN keeps SQLite from starting at every cluster
# member and reading each member's sentence row (4-5x slower on 10,000 articles).
_FLAGGED_MEMBERS = """FROM flag_status fs CROSS JOIN sentences s ON s.claim_key = fs.claim_key
    CROSS JOIN cluster_members cm ON cm.sentence_id = s.id WHERE fs.claim_key IS NOT NULL"""

CLUSTER_NAME = verdicts.CLUSTER_NAME  # a claim's stable name (store/verdicts.py)


def _seen_entity(name: str, states: dict[str, str] | None) -> list[reviews.Seen]:
    """The spelling's merge-or-split state as a screen read it (`Store.entity_states`)."""
    return [] if states is None else [reviews.Seen(name, states.get(name), "entity")]


def _seen_flags(rows: Sequence[FlagRow]) -> list[reviews.Seen]:
    """Flags as a screen showed them: the time of each one's latest decision."""
    return [reviews.Seen(f.fingerprint, f.decided_at) for f in rows]


class Store(ResultCache):
    """One connection to one corroborator database. Open one per thread."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self._searched: tuple[tuple[str, str], SearchMatches] | None = None

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Store:
        return cls(open_database(path, create=create), Path(path))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside sees the database as the first one did (one read transaction).

        A report read in several queries while another reviewer decides would otherwise mix
        states: a flag listed open while the scores read a moment later count it confirmed, a
        verdict in the log but on no claim the report read before it. Other programs' writes
        are not blocked (WAL); they show in the next snapshot. Inside a transaction already
        open, that one is the snapshot. The cluster list's kept flag counts are brought up to
        date first: inside a transaction they cannot be written, and the list would count them
        live on every read (store/cluster_summary.py)."""
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        self._counts_current()
        conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")  # nothing was written: this only lets the snapshot go

    @contextmanager
    def patience(self, ms: int) -> Iterator[None]:
        """Writes inside wait at most `ms` for another program's write lock (DatabaseLocked
        after): the TUI tries a reviewer's write briefly and again from a timer, so the screen
        answers keys while the lock is held, instead of blocking the whole busy timeout."""
        self.db.execute(f"PRAGMA busy_timeout = {int(ms)}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def _writing(self) -> Iterator[Database]:
        """One write transaction (BEGIN IMMEDIATE: waits for another writer up to the busy
        timeout); SQLite errors become one-line StoreErrors."""
        try:
            with immediate(self.db) as db:
                yield db
        except sqlite3.Error as exc:
            raise _explain(self.path, exc) from None

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.DatabaseError as exc:  # also a damaged file ("malformed"), found mid-read
            raise _explain(self.path, exc) from None

    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise _explain(self.path, exc) from None

    def _facts(self, cls: type[_T], sql: str, params: Sequence[Any] = ()) -> list[_T]:
        """Rows of a query whose columns are `cls`'s fields in order, built from tuples: for
        queries of 100,000+ rows, where a dict per row and a keyword call cost more than the
        query itself. A column list that does not match the fields is a programming error."""
        try:
            cursor = self.db.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise _explain(self.path, exc) from None
        columns = [d[0] for d in cursor.description]
        expected = [f.name for f in fields(cls)]  # type: ignore[arg-type]
        if columns != expected:
            raise AssertionError(f"{cls.__name__} query returns {columns}, not {expected}")
        return [cls(*row) for row in cursor.fetchall()]

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self._rows(sql, params)
        return next(iter(rows[0].values())) if rows else None

    # ---- sources and articles -------------------------------------------------------------

    def _source_id(self, db: Database, name: str, translated: bool) -> int:
        rows = list(db.query("SELECT id FROM sources WHERE name = ?", [name]))
        if rows:
            if translated:
                db.execute(
                    "UPDATE sources SET machine_translated = 1 WHERE id = ?", [rows[0]["id"]]
                )
            return int(rows[0]["id"])
        cursor = db.execute(
            "INSERT INTO sources (name, machine_translated) VALUES (?, ?)", [name, int(translated)]
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add_article(self, **article: Any) -> tuple[int, bool]:
        """`import_article` as (id, True when a new article was stored)."""
        article_id, outcome = self.import_article(**article)
        return article_id, outcome == "added"

    def import_article(
        self,
        *,
        text: str,
        sha256: str,
        source: str,
        title: str | None = None,
        url: str | None = None,
        published: str | None = None,
        path: str | None = None,
        file_name: str | None = None,
        language: str | None = None,
        translated: bool = False,
        translation_note: str | None = None,
        encoding: str | None = None,
        resolved_path: str | None = None,
        same_by_url: bool = False,
        source_guessed: bool = False,
    ) -> tuple[int, ImportOutcome]:
        """Store one article in its own transaction: "added", "duplicate" (this text, or the
        text an article was first imported with, is stored already) or "updated" (the same
        source's article from the same file, or with the same URL when `same_by_url`, gets the
        new text in place: same id, so the outlet is counted once and its decisions stay).
        `source_guessed`: `source` is only read off the file name, so the article from this
        file is the one revised whatever its outlet (a renamed file keeps its article)."""
        with self._writing() as db:  # checked under the write lock: two imports never race
            same = "SELECT id FROM articles WHERE {} = ? ORDER BY id LIMIT 1"
            if found := list(db.query(same.format("sha256"), [sha256])):
                return int(found[0]["id"]), "duplicate"
            values = {
                "title": title, "url": url, "published": published, "path": path,
                "file_name": file_name, "sha256": sha256, "language": language,
                "translated": int(translated), "translation_note": translation_note,
                "encoding": encoding, "word_count": len(text.split()), "text": text,
                "resolved_path": resolved_path,
            }  # fmt: skip
            earlier = _earlier_version(db, None if source_guessed else source,
                                       url if same_by_url else None, path,
                                       resolved_path)  # fmt: skip
            if earlier is not None:
                if source_guessed:  # the article keeps its outlet, whatever the file is called
                    source = str(next(iter(db.query(
                        "SELECT s.name FROM articles a JOIN sources s ON s.id = a.source_id"
                        " WHERE a.id = ?", [earlier])))["name"])  # fmt: skip
                self._source_id(db, source, translated)  # marks the source translated if said
                values["revised_at"] = reviews.now()
                db.execute(
                    f"UPDATE articles SET {', '.join(f'{c} = ?' for c in values)} WHERE id = ?",
                    [*values.values(), earlier],
                )
                return earlier, "updated"
            if found := list(db.query(same.format("origin_sha256"), [sha256])):
                return int(found[0]["id"]), "duplicate"  # an earlier version of a revised one
            source_id = self._source_id(db, source, translated)
            values.update(source_id=source_id, origin_sha256=sha256, imported_at=reviews.now())
            cursor = db.execute(
                f"INSERT INTO articles ({', '.join(values)})"
                f" VALUES ({', '.join('?' for _ in values)})",
                list(values.values()),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid, "added"

    def relocate_article(
        self, article_id: int, *, path: str, file_name: str, resolved_path: str | None
    ) -> None:
        """Record that an article's file now lives at `path` (moved or renamed, same text), so
        a later edit of the file there revises this article instead of adding a new one."""
        with self._writing() as db:
            db.execute(
                "UPDATE articles SET path = ?, file_name = ?, resolved_path = ? WHERE id = ?",
                [path, file_name, resolved_path, article_id],
            )

    def articles(self, source_id: int | None = None) -> list[ArticleRow]:
        where, params = ("WHERE a.source_id = ?", [source_id]) if source_id else ("", [])
        rows = self._rows(f"{_ARTICLE_SELECT} {where} ORDER BY a.id", params)
        return [ArticleRow.from_row(r) for r in rows]

    def article(self, article_id: int) -> ArticleRow:
        rows = self._rows(f"{_ARTICLE_SELECT} WHERE a.id = ?", [article_id])
        if not rows:
            raise StoreError(f"no article with id {article_id}")
        return ArticleRow.from_row(rows[0])

    def article_text(self, article_id: int) -> str:
        return str(self._scalar("SELECT text FROM articles WHERE id = ?", [article_id]) or "")

    def analysis_input(self) -> list[dict[str, Any]]:
        """Articles as analysis needs them, in import order."""
        return self._rows(
            "SELECT a.id, a.text, a.translated, a.published, a.title, a.sha256, a.origin_sha256,"
            " s.name AS source,"
            " s.machine_translated FROM articles a JOIN sources s ON s.id = a.source_id"
            " ORDER BY a.id"
        )

    def sources(self) -> list[SourceRow]:
        return [SourceRow.from_row(r) for r in self._rows("SELECT * FROM sources ORDER BY name")]

    def sentences(self, article_id: int) -> list[SentenceRow]:
        rows = self._rows("SELECT * FROM sentences WHERE article_id = ? ORDER BY idx", [article_id])
        return [SentenceRow.from_row(r) for r in rows]

    def article_spans(self, article_id: int) -> list[SpanRow]:
        """Mentions and quantities of one article, for highlighting its text."""
        rows = self._rows(
            'SELECT start, "end", kind, text FROM mentions WHERE article_id = ?'
            ' UNION ALL SELECT start, "end", kind, text FROM quantities WHERE article_id = ?'
            " ORDER BY start",
            [article_id, article_id],
        )
        return [SpanRow.from_row(r) for r in rows]

    def sentence_spans(self, sentence_ids: Sequence[int]) -> dict[int, list[SpanRow]]:
        """Mentions and quantities inside each sentence (article offsets, in order), for a
        claim's members in two queries instead of every member article's spans."""
        out: dict[int, list[SpanRow]] = {i: [] for i in sentence_ids}
        for table in ("mentions", "quantities"):
            for chunk in chunked(out):
                for r in self._tuples(
                    f'SELECT s.id, x.start, x."end", x.kind, x.text FROM sentences s'
                    f" JOIN {table} x ON x.article_id = s.article_id AND x.start >= s.start"
                    f' AND x."end" <= s."end" WHERE s.id IN ({placeholders(chunk)})',
                    chunk,
                ):
                    out[r[0]].append(SpanRow(*r[1:]))
        for spans in out.values():
            spans.sort(key=lambda span: span.start)
        return out

    def articles_with_mentions(self, article_ids: Iterable[int], kinds: Sequence[str]) -> set[int]:
        """Which of these articles have a mention of one of `kinds` (e.g. names: analysed)."""
        found: set[int] = set()
        for chunk in chunked(article_ids):
            found.update(
                r[0]
                for r in self._tuples(
                    f"SELECT DISTINCT article_id FROM mentions WHERE article_id IN"
                    f" ({placeholders(chunk)}) AND kind IN ({placeholders(kinds)})",
                    [*chunk, *kinds],
                )
            )
        return found

    def counts(self) -> Counts:
        row = self._rows(
            "SELECT (SELECT count(*) FROM sources) AS sources,"
            " (SELECT count(*) FROM articles) AS articles,"
            " (SELECT count(*) FROM sentences) AS sentences,"
            " (SELECT count(*) FROM clusters) AS clusters,"
            " (SELECT count(*) FROM entities) AS entities,"
            " (SELECT count(*) FROM flags WHERE active = 1) AS flags,"
            " (SELECT count(*) FROM open_flags) AS open_flags,"
            " (SELECT count(*) FROM reviews) AS reviews"
        )[0]
        return Counts.from_row(row)

    # ---- analysis results ------------------------------------------------------------------

    def write_analysis(
        self, payload: AnalysisPayload, *, step_seconds: float | None = None
    ) -> WriteSummary:
        """Replace derived rows; flags are upserted by fingerprint.

        Flags not found again are kept but marked inactive, so a reviewer's decision is never
        orphaned; a flag found again keeps its id and its review history. The derived rows are
        written in steps of about `step_seconds` (default STEP_SECONDS) each committed, so a
        reviewer's decision never waits for the whole write; the flags change in the last step,
        all at once.
        """
        stamp = reviews.now()
        try:
            with Stepwise(self.db, step_seconds) as steps:
                return self._write_derived(self.db, payload, stamp, steps)
        except sqlite3.Error as exc:
            raise _explain(self.path, exc) from None

    def _write_derived(
        self, db: Database, payload: AnalysisPayload, stamp: str, steps: Stepwise
    ) -> WriteSummary:
        # Once derived rows start changing, the last run's input digest no longer describes them:
        # a write cut short (killed, failed) must never let the next run skip as "unchanged".
        # The pipeline's blobs (memos: each checks its own version or epoch, and its entries
        # are keyed by what they were computed from) stay valid whatever run wrote them, so they
        # are kept: a memo the run did not change need not be written again (ResultCache).
        db.execute("DELETE FROM analysis_state WHERE typeof(value) != 'blob'")
        run = db.execute(  # finished_at stays NULL if cut short: unfinished_analysis
            "INSERT INTO analysis_runs (started_at, articles) VALUES (?,"
            " (SELECT count(*) FROM articles))",
            [stamp],
        ).lastrowid
        for table in _CLAIM_SNAPSHOTS:  # materialise (below) takes them again
            db.execute(f"DELETE FROM {table}")
        searched = verdicts.searched_names(db)  # names from before v16 placed clauses
        edits_before = claim_edits.last_step(db)
        sentence_ids = derived_diff.write_rows(db, payload, steps.pause)  # only rows that changed
        steps.pause()  # the rest (claim edits, garble, flags, the run) is one last step
        if claim_edits.last_step(db) != edits_before:
            # A reviewer's claim edit (or its undo or redo) landed between two steps: it rebuilt
            # the clusters it touched, half old and half new, and kept those as analysis's own.
            # Analysis's clusters are brought back and the edits replayed over them, as for any
            # edit made before the write.
            for table in _CLAIM_SNAPSHOTS:
                db.execute(f"DELETE FROM {table}")
            derived_diff.write_clusters(db, payload.clusters, sentence_ids)
        claim_edits.materialise(db, renames=False)  # reviewers' edits, on the fresh clusters
        verdicts.record_renames(db, verdicts.placed_renames(db, searched))
        for article_id, score in payload.garble.items():
            db.execute("UPDATE articles SET garble = ? WHERE id = ?", [score, article_id])
        before = {r["fingerprint"] for r in db.query("SELECT fingerprint FROM flags")}
        seen = {f["fingerprint"] for f in payload.flags}
        db.execute("UPDATE flags SET active = 0")
        for flag in payload.flags:
            row = {**flag, "evidence": json.dumps(flag.get("evidence", {}), ensure_ascii=False)}
            row.update(active=1, last_seen=stamp)
            cols = list(row)
            db.execute(
                f"INSERT INTO flags ({', '.join(_q(c) for c in cols)}, first_seen)"
                f" VALUES ({', '.join('?' for _ in cols)}, ?)"
                f" ON CONFLICT(fingerprint) DO UPDATE SET"
                f" {', '.join(f'{_q(c)} = excluded.{_q(c)}' for c in cols)}",
                [*row.values(), stamp],
            )
        db.execute(
            "UPDATE analysis_runs SET finished_at = ?, sentences = ?, clusters = ?, flags = ?,"
            " new_flags = ?, seconds = ? WHERE id = ?",
            [
                reviews.now(), len(payload.sentences), len(payload.clusters), len(seen),
                len(seen - before), payload.seconds, run,
            ],
        )  # fmt: skip
        cluster_summary.refresh(db)  # the cluster list's counts, ready for the first look
        return WriteSummary(
            flags=len(seen),
            new_flags=len(seen - before),
            retired_flags=len(before - seen),
            clusters=len(payload.clusters),
            sentences=len(payload.sentences),
        )

    def unfinished_analysis(self) -> str | None:
        """When the latest analysis started, if its write has not finished: it is still running,
        or it was cut short (killed mid-write) and the derived rows are partly old, partly new
        until `analyze` runs again."""
        rows = self._rows(
            "SELECT started_at, finished_at FROM analysis_runs ORDER BY id DESC LIMIT 1"
        )
        return rows[0]["started_at"] if rows and rows[0]["finished_at"] is None else None

    def pending_analysis(self) -> PendingAnalysis:
        """What the latest finished analysis has not read yet: articles imported after it began
        (or never given sentences), articles whose edited file was imported again after it
        began, and entity merges/splits or gazetteer entries made since (they apply at the next
        analysis). Nothing before any analysis has run on an empty database."""
        row = self._tuples(
            """
            WITH last AS (
                SELECT max(started_at) AS at FROM analysis_runs WHERE finished_at IS NOT NULL
            ), fresh AS (
                SELECT a.id, a.revised_at,
                       (last.at IS NULL OR a.imported_at > last.at OR NOT EXISTS (
                           SELECT 1 FROM sentences s WHERE s.article_id = a.id)) AS is_new,
                       last.at AS at
                FROM articles a, last
            )
            SELECT COALESCE(sum(is_new), 0),
                   COALESCE(sum(NOT is_new AND revised_at IS NOT NULL AND revised_at > at), 0),
                   (SELECT count(*) FROM reviews, last WHERE target_type = 'entity'
                    AND last.at IS NOT NULL AND reviews.at > last.at)
                   + (SELECT count(*) FROM gazetteer_entries, last
                      WHERE last.at IS NOT NULL AND added_at > last.at)
            FROM fresh
            """
        )[0]
        return PendingAnalysis(*(int(n) for n in row))

    # ---- clusters ----------------------------------------------------------------------------

    def _cluster_filter(
        self,
        search: str | None,
        flag_kind: str | None,
        status: str | None,
        multi_only: bool,
        counted: bool = False,
    ) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if multi_only:
            where.append("c.n_sources > 1")
        if search:
            where.append("c.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(self.search_matches(search).cluster_ids))
        if flag_kind and not status and counted:  # the kept counts answer a kind alone
            where.append("c.id IN (SELECT cluster_id FROM cluster_flag_counts WHERE kind = ?)")
            params.append(flag_kind)
        elif flag_kind or status:
            cond = ["fs.active = 1"]
            if flag_kind:
                cond.append("fs.kind = ?")
                params.append(flag_kind)
            if status:
                cond.append("fs.status = ?")
                params.append(status)
            where.append(
                f"c.id IN (SELECT cm.cluster_id {_FLAGGED_MEMBERS} AND {' AND '.join(cond)})"
            )
        return (f"WHERE {' AND '.join(where)}" if where else ""), params

    def _counts_current(self) -> bool:
        """Whether the kept per-cluster flag counts hold now (counted again if not)."""
        try:
            return cluster_summary.make_current(self.db)
        except sqlite3.DatabaseError as exc:
            raise _explain(self.path, exc) from None

    def clusters(
        self,
        *,
        offset: int = 0,
        limit: int = 200,
        search: str | None = None,
        flag_kind: str | None = None,
        status: str | None = None,
        multi_only: bool = False,
    ) -> list[ClusterRow]:
        """A page of clusters, those with conflicts and most sources first.

        The order comes from the kept per-cluster counts (store/cluster_summary.py) and the
        page's flag counts are read live for its rows only, so a page costs about the same at
        any corpus size; while the counts cannot be kept (an analysis mid-write) everything is
        counted live."""
        counted = self._counts_current()
        where, params = self._cluster_filter(search, flag_kind, status, multi_only, counted)
        if not counted:
            return self._clusters_live(where, params, offset, limit)
        rows = self._rows(
            f"""
            SELECT c.id, EXISTS (SELECT 1 FROM cluster_flag_counts x WHERE x.cluster_id = c.id
                                 AND x.kind = '{cluster_summary.CONFLICT_KIND}') AS conflicted
            FROM clusters c {where}
            ORDER BY conflicted DESC, c.n_sources DESC, c.id
            LIMIT ? OFFSET ?
            """,
            [*params, limit, offset],
        )
        return self._clusters_by_id([r["id"] for r in rows])

    def _clusters_by_id(self, ids: list[int]) -> list[ClusterRow]:
        """These clusters in this order, with their active flags counted live."""
        if not ids:
            return []
        marks = placeholders(ids)
        counts = {
            r["cluster_id"]: r
            for r in self._rows(
                f"""
                SELECT cm.cluster_id,
                       sum(fs.kind = 'contradiction') AS conflicts,
                       sum(fs.kind IN ('name_variant', 'unverified_name',
                                       'translation_artifact')) AS garbles,
                       sum(fs.status = 'open') AS open_flags
                FROM cluster_members cm CROSS JOIN sentences s ON s.id = cm.sentence_id
                CROSS JOIN flag_status fs ON fs.claim_key = s.claim_key
                WHERE cm.cluster_id IN ({marks}) AND fs.active = 1
                GROUP BY cm.cluster_id
                """,
                ids,
            )
        }
        found = {
            r["id"]: r
            for r in self._rows(
                f"SELECT c.*, {CLUSTER_NAME} AS name FROM clusters c WHERE c.id IN ({marks})", ids
            )
        }
        none = {"conflicts": 0, "garbles": 0, "open_flags": 0}
        return [
            ClusterRow.from_row({**found[i], **{k: counts.get(i, none)[k] for k in none}})
            for i in ids
            if i in found
        ]

    def _clusters_live(
        self, where: str, params: list[Any], offset: int, limit: int
    ) -> list[ClusterRow]:
        """`clusters` counting every cluster's flags on the spot."""
        rows = self._rows(
            f"""
            WITH cf AS (
                SELECT cm.cluster_id,
                       sum(fs.kind = 'contradiction') AS conflicts,
                       sum(fs.kind IN ('name_variant', 'unverified_name',
                                       'translation_artifact')) AS garbles,
                       sum(fs.status = 'open') AS open_flags
                {_FLAGGED_MEMBERS} AND fs.active = 1
                GROUP BY cm.cluster_id
            )
            SELECT c.*, COALESCE(cf.conflicts, 0) AS conflicts, COALESCE(cf.garbles, 0) AS garbles,
                   COALESCE(cf.open_flags, 0) AS open_flags, {CLUSTER_NAME} AS name
            FROM clusters c LEFT JOIN cf ON cf.cluster_id = c.id
            {where}
            ORDER BY (COALESCE(cf.conflicts, 0) > 0) DESC, c.n_sources DESC, c.id
            LIMIT ? OFFSET ?
            """,
            [*params, limit, offset],
        )
        return [ClusterRow.from_row(r) for r in rows]

    def cluster_count(
        self,
        *,
        search: str | None = None,
        flag_kind: str | None = None,
        status: str | None = None,
        multi_only: bool = False,
    ) -> int:
        counted = bool(flag_kind) and not status and self._counts_current()
        where, params = self._cluster_filter(search, flag_kind, status, multi_only, counted)
        return int(self._scalar(f"SELECT count(*) FROM clusters c {where}", params) or 0)

    def cluster_members(self, cluster_id: int) -> list[MemberRow]:
        rows = self._rows(
            """
            SELECT s.id AS sentence_id, s.article_id, src.name AS source, a.translated,
                   a.published, s.idx, s.start, s."end", s.text, cm.similarity, s.claim_key,
                   cm.tier, cm.copy_of, cm.edit, cm.edited_by, cm.unit,
                   (SELECT cs.name FROM articles ca JOIN sources cs
                   ON cs.id = ca.source_id WHERE ca.id = cm.copy_of) AS copy_of_source,
                   'unreviewed' AS claim_status
            FROM cluster_members cm JOIN sentences s ON s.id = cm.sentence_id
            JOIN articles a ON a.id = s.article_id JOIN sources src ON src.id = a.source_id
            WHERE cm.cluster_id = ?
            ORDER BY cm.tier = 'related', cm.tier = 'possible', cm.similarity DESC, src.name
            """,
            [cluster_id],
        )
        return self._with_verdicts([(cluster_id, MemberRow.from_row(r)) for r in rows])

    def _with_verdicts(self, members: Sequence[tuple[int, MemberRow]]) -> list[MemberRow]:
        """Members with the verdict each shows in its own claim (store/verdicts.py)."""
        return verdicts.placed(self.db, members, verdicts.with_status)

    def cluster_names(self, cluster_ids: Iterable[int]) -> dict[int, str]:
        """The claim names (`CLUSTER_NAME`) of clusters by row id."""
        return verdicts.names_of(self.db, cluster_ids)

    def all_cluster_members(self) -> dict[int, list[MemberRow]]:
        """Every cluster's members in one query (for export), keyed by cluster id."""
        rows = self._rows(
            """
            SELECT cm.cluster_id, s.id AS sentence_id, s.article_id, src.name AS source,
                   a.translated, a.published, s.idx, s.start, s."end", s.text, cm.similarity,
                   s.claim_key, 'unreviewed' AS claim_status, cm.tier,
                   cm.copy_of, cm.edit, cm.edited_by, cm.unit, (SELECT xs.name FROM articles xa
                   JOIN sources xs
                   ON xs.id = xa.source_id WHERE xa.id = cm.copy_of) AS copy_of_source
            FROM cluster_members cm JOIN sentences s ON s.id = cm.sentence_id
            JOIN articles a ON a.id = s.article_id JOIN sources src ON src.id = a.source_id
            ORDER BY cm.cluster_id, cm.tier = 'related', cm.tier = 'possible',
                     cm.similarity DESC
            """
        )
        placed = self._with_verdicts([(r["cluster_id"], MemberRow.from_row(r)) for r in rows])
        out: dict[int, list[MemberRow]] = {}
        for r, member in zip(rows, placed, strict=True):
            out.setdefault(r["cluster_id"], []).append(member)
        return out

    def claim_decisions(self) -> list[ReviewRow]:
        """The verdicts in force, oldest first: on a sentence in several claims, one per claim
        it was judged in (store/verdicts.py)."""
        found = verdicts.rows_of(self.db)
        return sorted((r for rows in found.values() for r in verdicts.current(rows)),
                      key=lambda r: r.id)  # fmt: skip

    def lost_verdicts(self) -> list[ReviewRow]:
        """The verdicts in force whose sentence no claim holds now (its article was edited, or
        the latest analysis no longer finds it), oldest first: kept with the sentence as it was
        (`value`), and shown (Claims screen, reports) instead of silently gone from view. Each
        row's `claim` is the name the claim it was given in bears now."""
        decided = [d for d in self.claim_decisions() if d.decision not in (None, "unreviewed")]
        keys = sorted({d.target for d in decided})
        held: set[str] = set()
        for chunk in chunked(keys):
            held.update(
                str(r[0])
                for r in self._tuples(
                    "SELECT DISTINCT s.claim_key FROM sentences s JOIN cluster_members cm"
                    f" ON cm.sentence_id = s.id WHERE s.claim_key IN ({placeholders(chunk)})",
                    chunk,
                )
            )
        renames = verdicts.Renames(self.db)  # `claim`: the name its claim bears now
        return [replace(d, claim=renames.now(d.claim, d.id)) for d in decided
                if d.target not in held]  # fmt: skip

    def lost_verdict_claims(self, lost: Sequence[ReviewRow]) -> dict[int, str]:
        """The claim each of `lost` (`lost_verdicts`) is shown under, by review id: the claim it
        was given in while one bears that name; else (a verdict recorded before claims were
        told apart, or one on the very sentence its claim was named after, whose edit renamed
        the claim) the claim of the sentence that holds most of its old text's words: the edited
        sentence as it reads now, or another outlet's telling of the same claim
        (store/lost_places.py). One that no claim holds the words of is left out: shown under
        no claim, which the Claims screen's filter line and the exports say. The screens and
        the exports place a lost verdict by this one rule."""
        out: dict[int, str] = {}
        for v in lost:
            key = (v.claim or "").partition(verdicts.CLAUSE_MARK)[0]
            if v.claim and v.claim in self.cluster_names(self.clusters_of_claim(key)).values():
                out[v.id] = v.claim
            elif v.value and (near := lost_places.nearest_cluster(self.db, v.value)) is not None:
                out[v.id] = self.cluster_names([near])[near]
        return out

    def cluster_of_sentence(self, article_id: int, idx: int) -> int | None:
        found = self.clusters_of_sentence(article_id, idx)
        return found[0] if found else None

    def claims_per_sentence(self, article_id: int) -> dict[int, int]:
        """How many claim clusters hold each sentence of an article (by sentence number): more
        than one when the sentence states several claims, one per claim unit."""
        return {
            int(r[0]): int(r[1])
            for r in self._tuples(
                "SELECT s.idx, count(DISTINCT cm.cluster_id) FROM sentences s"
                " JOIN cluster_members cm ON cm.sentence_id = s.id"
                " WHERE s.article_id = ? GROUP BY s.idx",
                [article_id],
            )
        }

    def clusters_of_sentence(self, article_id: int, idx: int) -> list[int]:
        """Every claim cluster holding the sentence (one per claim unit of it at most)."""
        return [
            r[0]
            for r in self._tuples(
                "SELECT cm.cluster_id FROM cluster_members cm JOIN sentences s"
                " ON s.id = cm.sentence_id WHERE s.article_id = ? AND s.idx = ?"
                " ORDER BY cm.cluster_id",
                [article_id, idx],
            )
        ]

    def cluster_name(self, cluster_id: int) -> str | None:
        """The claim's name (see `CLUSTER_NAME`): stable across analyses, unlike its row id."""
        return self._scalar(f"SELECT {CLUSTER_NAME} FROM clusters c WHERE c.id = ?", [cluster_id])

    def cluster_of_claim(self, claim_key: str) -> int | None:
        found = self.clusters_of_claim(claim_key)
        return found[0] if found else None

    def clusters_of_claim(self, claim_key: str) -> list[int]:
        """Every claim cluster holding the sentence with this claim key (several when its
        clauses state different claims), lowest row id first."""
        return [
            r[0]
            for r in self._tuples(
                "SELECT DISTINCT cm.cluster_id FROM cluster_members cm JOIN sentences s"
                " ON s.id = cm.sentence_id WHERE s.claim_key = ? ORDER BY cm.cluster_id",
                [claim_key],
            )
        ]

    def search_matches(self, query: str) -> SearchMatches:
        """The clusters holding a sentence that matches `query`, and how many matching sentences
        are in no cluster: one full-text pass per query while the clusters stay as they are (the
        cluster list's page, its count and its filter line all ask, and every page after)."""
        marker = cluster_summary.marker(self.db)
        if marker is not None and self._searched and self._searched[0] == (query, marker):
            return self._searched[1]
        rows = self._tuples(
            "SELECT cm.cluster_id FROM sentences_fts"
            " LEFT JOIN cluster_members cm ON cm.sentence_id = sentences_fts.rowid"
            " WHERE sentences_fts MATCH ?",
            [fts_match(query.split())],
        )
        found = SearchMatches(
            sorted({r[0] for r in rows if r[0] is not None}), sum(r[0] is None for r in rows)
        )
        self._searched = ((query, marker), found) if marker is not None else None
        return found

    def search_all(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Every sentence the full-text index matches, best first, whether or not it belongs to
        a claim cluster (page residue included: a reviewer may be looking for it)."""
        rows = self._rows(
            "SELECT s.id, s.article_id, src.name AS source, a.title, s.idx,"
            ' s.start, s."end", s.text, s.residue, s.claim_key, cm.cluster_id,'
            f" c.label AS cluster_label, {CLUSTER_NAME} AS cluster_name"
            " FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid"
            " JOIN articles a ON a.id = s.article_id JOIN sources src ON src.id = a.source_id"
            " LEFT JOIN cluster_members cm ON cm.sentence_id = s.id"
            " LEFT JOIN clusters c ON c.id = cm.cluster_id"
            " WHERE sentences_fts MATCH ? ORDER BY rank LIMIT ?",
            [fts_match(query.split()), limit],
        )
        return [SearchHit.from_row(r) for r in rows]

    def search_sentences(self, query: str, limit: int = 50) -> list[SentenceRow]:
        rows = self._rows(
            "SELECT s.* FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid"
            " WHERE sentences_fts MATCH ? ORDER BY rank LIMIT ?",
            [fts_match(query.split()), limit],
        )
        return [SentenceRow.from_row(r) for r in rows]

    # ---- flags -------------------------------------------------------------------------------

    def flags(
        self,
        *,
        kind: str | None = None,
        status: str | None = None,
        article_id: int | None = None,
        claim_keys: Sequence[str] | None = None,
        include_inactive: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[FlagRow]:
        """Flags the latest analysis found plus every decided or annotated one (`_KEPT`);
        `include_inactive` adds undecided flags no longer found too."""
        where: list[str] = []
        params: list[Any] = []
        if not include_inactive:
            where.append(_KEPT)
        if kind:
            where.append("f.kind = ?")
            params.append(kind)
        if status:
            where.append("f.status = ?")
            params.append(status)
        if article_id is not None:
            where.append("(f.article_id = ? OR f.other_article_id = ?)")
            params += [article_id, article_id]
        if claim_keys is not None:
            where.append(f"f.claim_key IN ({', '.join('?' for _ in claim_keys)})")
            params += list(claim_keys)
        sql = f"{_FLAG_SELECT} {'WHERE ' + ' AND '.join(where) if where else ''}"
        sql += " ORDER BY f.confidence DESC, f.id LIMIT ? OFFSET ?"
        rows = self._rows(sql, [*params, -1 if limit is None else limit, offset])
        return [FlagRow.from_row(r) for r in rows]

    def flag_count(self, *, kind: str | None = None, status: str | None = None) -> int:
        """How many flags `flags` lists with the same filters."""
        where = [_KEPT]
        params: list[Any] = []
        if kind:
            where.append("f.kind = ?")
            params.append(kind)
        if status:
            where.append("f.status = ?")
            params.append(status)
        sql = f"SELECT count(*) FROM flag_status f WHERE {' AND '.join(where)}"
        return int(self._scalar(sql, params) or 0)

    def flag(self, fingerprint: str) -> FlagRow:
        rows = self._rows(f"{_FLAG_SELECT} WHERE f.fingerprint = ?", [fingerprint])
        if not rows:
            raise StoreError(f"no flag {fingerprint}")
        return FlagRow.from_row(rows[0])

    def flag_counts_by_kind(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in self._rows(
            f"SELECT kind, status, count(*) AS n FROM flag_status f WHERE {_KEPT}"
            " GROUP BY kind, status"
        ):
            out.setdefault(r["kind"], {})[r["status"]] = r["n"]
        return out

    # ---- entities ----------------------------------------------------------------------------

    def entities(self, *, offset: int = 0, limit: int = 500) -> list[EntityRow]:
        rows = self._rows(
            """
            SELECT e.*, count(m.id) AS mentions,
                   count(DISTINCT a.source_id) AS n_sources
            FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id
            LEFT JOIN articles a ON a.id = m.article_id
            GROUP BY e.id ORDER BY n_sources DESC, mentions DESC, e.name LIMIT ? OFFSET ?
            """,
            [limit, offset],
        )
        return [EntityRow.from_row(r) for r in rows]

    def entity_usage(self, entity_id: int) -> list[dict[str, Any]]:
        """Which source writes which spelling of one entity, and how often."""
        return self._rows(
            "SELECT m.text AS spelling, s.name AS source, count(*) AS n FROM mentions m"
            " JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id"
            " WHERE m.entity_id = ? GROUP BY m.text, s.name ORDER BY n DESC",
            [entity_id],
        )

    # ---- scores ------------------------------------------------------------------------------

    def scoring_marker(self) -> tuple[Any, ...]:
        """Changes whenever `scoring_input` may: a review step (decisions, verdicts, notes,
        renames, claim edits, undo/redo all append to the log), an analysis run, an import. Lets
        the Sources screen skip recomputing 180,000 claims when it is shown again unchanged."""
        row = self._tuples(
            "SELECT (SELECT max(id) FROM reviews), (SELECT max(id) FROM analysis_runs),"
            " (SELECT finished_at FROM analysis_runs ORDER BY id DESC LIMIT 1),"
            " (SELECT max(id) FROM articles), (SELECT count(*) FROM articles),"
            " (SELECT max(id) FROM sources), (SELECT count(*) FROM sources)"
        )
        return tuple(row[0])

    def scoring_input(self, garble_threshold: float = 0.5) -> ScoringInput:
        """What source scoring reads (analysis/scoring.py), as plain facts: the outlets, every
        claim that can move a score, and every listed flag except contradictions.

        An outlet counts as machine-translated when it says so or when one of its articles'
        garble score reaches `garble_threshold`. A contradiction counts against both of its
        claims while it is found and not rejected, or once a reviewer confirmed it."""
        sources = self._rows(
            """
            SELECT src.id AS source_id, src.name,
                max(src.machine_translated, EXISTS (SELECT 1 FROM articles a
                    WHERE a.source_id = src.id AND a.garble >= ?)) AS machine_translated,
                (SELECT count(*) FROM articles a WHERE a.source_id = src.id) AS articles,
                (SELECT COALESCE(sum(word_count), 0) FROM articles a
                 WHERE a.source_id = src.id) AS words,
                (SELECT count(*) FROM sentences s JOIN articles a ON a.id = s.article_id
                 WHERE a.source_id = src.id AND s.residue IS NULL) AS claims
            FROM sources src ORDER BY src.name
            """,
            [garble_threshold],
        )
        # 180,000 claims at 10,000 articles: built from tuples (dicts and keyword calls took
        # 4 s of the Sources screen's 9)
        claims = self._facts(
            ClaimFact,
            """
            WITH counted AS (
                -- a possible update ("may have changed over time") is no evidence against
                -- either outlet until a reviewer accepts it as a conflict
                SELECT * FROM flag_status WHERE kind = 'contradiction'
                AND ((active = 1 AND status NOT IN ('rejected', 'open'))
                     OR (active = 1 AND status = 'open'
                         AND COALESCE(json_extract(evidence, '$.reading'), '') != 'update')
                     OR status IN ('accepted', 'corrected'))
            ),
            contra AS (
                SELECT claim_key FROM counted WHERE claim_key IS NOT NULL
                UNION
                SELECT s2.claim_key FROM counted c JOIN sentences s2
                ON s2.article_id = c.other_article_id AND s2.idx = c.other_sentence_idx
            ),
            fact AS (
                SELECT s.claim_key, a.source_id, s.article_id, s.idx AS sentence_idx, s.start,
                       s."end", s.text, cm.cluster_id, cm.similarity, cm.tier, cm.edit,
                       COALESCE(cm.copy_of, s.article_id) AS witness,
                       -- which verdict holds in which claim is read below (store/verdicts.py)
                       CASE WHEN s.claim_key IN (SELECT target FROM reviews
                            WHERE target_type = 'claim' AND action = 'claim')
                            THEN 'judged' END AS verdict,
                       s.claim_key IN (SELECT claim_key FROM contra) AS contradicted,
                       -- the headline the text opens with: the title, repeated there
                       (s.start < length(a.title) AND length(trim(s.text)) > 0
                        AND instr(a.title, trim(s.text)) > 0) AS headline
                FROM sentences s JOIN articles a ON a.id = s.article_id
                LEFT JOIN cluster_members cm ON cm.sentence_id = s.id
                WHERE s.residue IS NULL
            )
            SELECT claim_key, source_id, article_id, sentence_idx, start, "end", text,
                   cluster_id, similarity, tier, witness, verdict, contradicted, edit,
                   NULL AS verdict_id, COALESCE(headline, 0) AS headline
            FROM fact
            WHERE cluster_id IS NOT NULL OR verdict IS NOT NULL OR contradicted
            ORDER BY source_id, article_id, sentence_idx
            """,
        )
        judged = [n for n, c in enumerate(claims) if c.verdict is not None]
        placed = verdicts.placed(
            self.db, [(claims[n].cluster_id, claims[n]) for n in judged], verdicts.with_verdict
        )
        for n, fact in zip(judged, placed, strict=True):
            claims[n] = fact
        claims = [c for c in claims if c.cluster_id is not None or c.verdict or c.contradicted]
        flags = self._rows(
            "SELECT f.fingerprint, f.kind, f.detector, f.status, f.active, f.quote, f.start,"
            ' f."end", f.article_id, a.source_id FROM flag_status f'
            f" JOIN articles a ON a.id = f.article_id WHERE {_KEPT}"
            " AND f.kind != 'contradiction' ORDER BY f.article_id, f.start"
        )
        return ScoringInput(
            sources=[SourceFacts.from_row(r) for r in sources],
            claims=claims,
            flags=[FlagFact.from_row(r) for r in flags],
        )

    # ---- reviewer actions --------------------------------------------------------------------

    def _record(
        self,
        reviewer: str,
        entries: Sequence[reviews.Entry],
        seen: Sequence[reviews.Seen] = (),
    ) -> list[ReviewRow]:
        """One reviewer step (one undo takes it back whole); `seen`: its targets as the screen
        showed them, refused if another reviewer decided one since (`reviews.StaleDecision`)."""
        try:
            return reviews.record(self.db, reviewer, entries, seen)
        except sqlite3.Error as exc:
            raise _explain(self.path, exc) from None

    def _append(self, *, reviewer: str, **fields: Any) -> ReviewRow:
        return self._record(reviewer, [reviews.Entry(**fields)])[0]

    def set_flag_status(
        self,
        fingerprint: str,
        status: str,
        reviewer: str,
        *,
        correction: str | None = None,
        note: str | None = None,
        seen: FlagRow | None = None,
    ) -> ReviewRow:
        """Decide a flag (and note it, in the same step), as `record_decision` does; returns
        the status row. `seen`: the flag as the reviewer's screen showed it; if another
        reviewer decided it since, nothing is written (`reviews.StaleDecision`)."""
        entries = self._decision_entries("flag", fingerprint, status, value=correction, note=note)
        return self._record(reviewer, entries, _seen_flags([seen] if seen else []))[0]

    def check_seen(self, flags: Sequence[FlagRow], reviewer: str) -> None:
        """Raise `reviews.StaleDecision` when another reviewer decided one of `flags` after the
        screen read it: asked before a correction is typed (it is checked again at write)."""
        try:
            reviews.check_unchanged(self.db, reviewer, _seen_flags(flags))
        except sqlite3.Error as exc:
            raise _explain(self.path, exc) from None

    def set_flag_statuses(
        self,
        fingerprints: Sequence[str],
        status: str,
        reviewer: str,
        seen: Sequence[FlagRow] = (),
    ) -> list[ReviewRow]:
        """One decision on many flags: one transaction, one batch, so one undo takes it back."""
        if status not in FLAG_STATUSES or status == "corrected":
            raise StoreError(f"a bulk decision must be accepted, rejected or open, not {status!r}")
        entries = [reviews.Entry("flag", fp, "status", decision=status) for fp in fingerprints]
        return self._record(reviewer, entries, _seen_flags(seen))

    def set_claim_status(
        self,
        claim_key: str,
        status: str,
        reviewer: str,
        *,
        note: str | None = None,
        claim: str | None = None,
    ) -> ReviewRow:
        """A verdict on one sentence in the claim named `claim` (see `verdict_claim`), its note
        kept on the verdict row (the reports' "verdict note")."""
        (entry,) = self._decision_entries("claim", claim_key, status, claim=claim)
        return self._record(reviewer, [replace(entry, note=note)])[0]

    def verdict_claim(self, claim_key: str, claim: str | None) -> str | None:
        """The claim a verdict on sentence `claim_key` is given in: `claim` (a claim's name) when
        it holds the sentence, else the only claim holding it; None (every claim of the
        sentence, store/verdicts.py) when it is in none or `claim` is None and it is in several."""
        held = self.cluster_names(self.clusters_of_claim(claim_key))
        if claim is not None:
            if claim not in held.values():
                raise reviews.NotInClaim(
                    f"sentence {claim_key[:12]} is in no claim named {claim[:12]} now (a claim"
                    " edit or an analysis moved it since it was shown)"
                )
            return claim
        names = set(held.values())
        return names.pop() if len(names) == 1 else None

    def claim_text(self, claim_key: str) -> str | None:
        """The sentence a verdict is on, kept with the verdict (`value`): an edited article's
        changed sentence leaves no row to read it from, and the report still names it."""
        rows = self._rows("SELECT text FROM sentences WHERE claim_key = ? LIMIT 1", [claim_key])
        return str(rows[0]["text"]) if rows else None

    def record_decision(
        self,
        target_type: str,
        target: str,
        decision: str,
        reviewer: str,
        *,
        value: str | None = None,
        note: str | None = None,
        claim: str | None = None,
    ) -> list[ReviewRow]:
        """A flag status or claim verdict (in the claim named `claim`, see `verdict_claim`) and,
        when given, a note on the same target: written in one transaction as one batch, so one
        undo takes both back (the command line's `decide` and `verdict`)."""
        entries = self._decision_entries(
            target_type, target, decision, value=value, note=note, claim=claim
        )
        return self._record(reviewer, entries)

    def record_verdicts(
        self,
        claim_keys: Sequence[str],
        verdict: str,
        reviewer: str,
        *,
        note: str | None = None,
        seen: Sequence[str] = (),
        claim: str | None = None,
    ) -> list[ReviewRow]:
        """One verdict (and note) on several sentences of the claim named `claim` as one step:
        one undo takes it all back. `seen`: each one's verdict as the reviewer's screen showed
        it there; if another reviewer changed one since, nothing is written
        (`reviews.StaleDecision`)."""
        entries = [
            entry
            for key in claim_keys
            for entry in self._decision_entries("claim", key, verdict, note=note, claim=claim)
        ]
        lanes = {e.target: e.claim for e in entries if e.action == "claim"}  # not its note
        shown = [
            reviews.Seen(key, target_type="claim", verdict=was, claim=lanes[key])
            for key, was in zip(claim_keys, seen, strict=False)
        ]
        return self._record(reviewer, entries, shown)

    def _decision_entries(
        self,
        target_type: str,
        target: str,
        decision: str,
        *,
        value: str | None = None,
        note: str | None = None,
        claim: str | None = None,
    ) -> list[reviews.Entry]:
        """The rows of one decision (a flag status or a claim verdict) and its note: every
        check of a decision, for every way of making one."""
        if target_type == "flag":
            allowed, action = FLAG_STATUSES, "status"
            if decision == "corrected" and not (value or "").strip():
                raise StoreError("a correction needs the corrected text")
        else:
            allowed, action = CLAIM_STATUSES, "claim"
            value = value or self.claim_text(target)
        if decision not in allowed:
            raise StoreError(
                f"unknown {target_type} status {decision!r}; use one of {', '.join(allowed)}"
            )
        if target_type == "claim":
            claim = self.verdict_claim(target, claim)
        if note is not None and not note.strip():
            raise StoreError("an empty note was not saved")
        entries = [
            reviews.Entry(target_type, target, action, decision=decision, value=value, claim=claim)
        ]
        if note:  # a verdict's note is about the claim it was given in (store/verdicts.py)
            entries.append(reviews.Entry(target_type, target, "note", note=note.strip(),
                                         claim=claim))  # fmt: skip
        return entries

    def resolve_id(self, target_type: str, given: str) -> str:
        """The full flag fingerprint or claim key that `given` (the id, or a unique prefix of at
        least 6 characters, as `corroborator flags` and the exports print) names."""
        given = given.strip().lower()
        table, column = (
            ("flags", "fingerprint") if target_type == "flag" else ("sentences", "claim_key")
        )
        what = "flag" if target_type == "flag" else "claim"
        if len(given) < 6 or not all(c in "0123456789abcdef" for c in given):
            raise StoreError(f"{given!r} is not a {what} id (6 or more hex characters)")
        found = [
            r["id"]
            for r in self._rows(
                f"SELECT DISTINCT {column} AS id FROM {table} WHERE {column} >= ? AND {column} < ?"
                " LIMIT 2",
                [given, given + "g"],
            )
        ]
        if not found:
            raise StoreError(f"no {what} with id {given}")
        if len(found) > 1:
            raise StoreError(f"{what} id {given} is ambiguous: give more characters")
        return str(found[0])

    def resolve_claim_name(self, given: str) -> str:
        """The full claim name (`CLUSTER_NAME`) that `given` names: a unique prefix of its
        sentence's id, then ":N" when the name carries its clause's place."""
        key, mark, clause = given.strip().partition(verdicts.CLAUSE_MARK)
        if mark and not clause.isdigit():
            raise StoreError(f"{given!r} is not a claim name (a claim id, then ':' and a number)")
        full = self.resolve_id("claim", key)
        name = full + mark + clause
        held = self.cluster_names(self.clusters_of_claim(full))  # by the whole id, not a prefix
        if name in held.values():
            return name
        return verdicts.Renames(self.db).now(name, 0) or name  # a claim renamed since

    def claim_status(self, claim_key: str, claim: str | None = None) -> str:
        """The verdict sentence `claim_key` shows in the claim named `claim` (None: the only
        claim holding it; in several, or in none, its newest verdict in force)."""
        row = verdicts.status_in(self.db, claim_key, claim)
        return row.decision if row and row.decision else "unreviewed"

    def add_note(
        self, target_type: str, target: str, note: str, reviewer: str, *, shown: Sequence[str] = ()
    ) -> ReviewRow:
        """A note on a target; on a cluster, `shown`: its sentences' claim keys as the screen
        showed them (else those the cluster's key holds when the note is saved)."""
        if not note.strip():
            raise StoreError("an empty note was not saved")
        # a cluster's key changes with its members: record them, so the note follows them
        value = (
            cluster_notes.keys_value(self.db, target, shown) if target_type == "cluster" else None
        )
        return self._append(
            target_type=target_type, target=target, action="note", reviewer=reviewer, note=note,
            value=value,
        )  # fmt: skip

    def notes(self, target_type: str, target: str) -> list[ReviewRow]:
        """Notes in force on one target, oldest first."""
        return self.notes_for(target_type, [target]).get(target, [])

    def notes_for(self, target_type: str, targets: Sequence[str]) -> dict[str, list[ReviewRow]]:
        """Notes in force on each of `targets` (those with none are absent), oldest first: one
        pass over the log for a whole screen of cards instead of two queries per card."""
        withdrawn = reviews.withdrawn_ids(self.db)
        if target_type == "cluster":
            return self._cluster_notes(set(targets), withdrawn)
        wanted = list(dict.fromkeys(targets))
        renamed = self._former_source_names() if target_type == "source" else {}
        wanted += [old for old, now in renamed.items() if now in wanted]
        out: dict[str, list[ReviewRow]] = {}
        for chunk in chunked(wanted):
            rows = self._rows(
                "SELECT * FROM reviews WHERE target_type = ? AND action = 'note' AND op = 'do'"
                f" AND target IN ({placeholders(chunk)}) ORDER BY id",
                [target_type, *chunk],
            )
            for r in rows:
                if r["id"] not in withdrawn:
                    key = renamed.get(r["target"], r["target"])
                    out.setdefault(key, []).append(ReviewRow.from_row(r))
        return {k: sorted(v, key=lambda row: row.id) for k, v in out.items()}

    def notes_in_claim(self, cluster_id: int, keys: Sequence[str]) -> dict[str, list[ReviewRow]]:
        """Notes in force on sentences `keys` that show in cluster `cluster_id`: a note written
        with a verdict only in the claim the verdict was given in (store/verdicts.note_claims),
        any other everywhere its sentence is."""
        notes = self.notes_for("claim", keys)
        name = self.cluster_name(cluster_id)
        shown_in = verdicts.note_claims(self.db, (n for ns in notes.values() for n in ns))
        out = {
            key: [n for n in ns if shown_in[n.id] is None or name in (shown_in[n.id] or ())]
            for key, ns in notes.items()
        }
        return {key: ns for key, ns in out.items() if ns}

    def _cluster_notes(self, keys: set[str], withdrawn: set[int]) -> dict[str, list[ReviewRow]]:
        """Cluster notes in force on each of `keys`, placed by store/cluster_notes.py."""
        rows = self._rows(
            "SELECT * FROM reviews WHERE target_type = 'cluster' AND action = 'note'"
            " AND op = 'do' ORDER BY id"
        )
        out: dict[str, list[ReviewRow]] = {}
        live = (r for r in rows if r["id"] not in withdrawn)
        for home, r in cluster_notes.rehome(self.db, live, sorted(keys)):
            if home in keys:
                out.setdefault(home, []).append(ReviewRow.from_row(r))
        return out

    def _former_source_names(self) -> dict[str, str]:
        """Each earlier name of a renamed outlet → its name now, so notes made under any of its
        names follow it through renames and undos (a name another outlet holds now stays its)."""
        current = {int(r["id"]): str(r["name"]) for r in self._rows("SELECT id, name FROM sources")}
        held = set(current.values())
        out: dict[str, str] = {}
        for r in self._rows(
            "SELECT target, value, note FROM reviews"
            " WHERE target_type = 'source' AND action = 'rename' AND op = 'do' ORDER BY id"
        ):
            now = current.get(int(r["target"]))
            for name in (str(r["note"] or "").removeprefix("was "), r["value"]):
                if now is not None and name and name not in held:
                    out[name] = now
        return out

    def all_notes(self) -> dict[tuple[str, str], list[str]]:
        """Every note in force, keyed by (target type, target). A claim sentence's notes are
        also filed under `verdicts.note_key(claim name, key)` for each claim holding it, each
        claim with those that show there (a verdict's note only in the claim it was given in);
        ("claim", key) has those that show wherever the sentence is."""
        withdrawn = reviews.withdrawn_ids(self.db)
        renamed = self._former_source_names()
        rows = [
            ReviewRow.from_row(r)
            for r in self._rows(
                "SELECT * FROM reviews WHERE action = 'note' AND op = 'do' ORDER BY id"
            )
            if r["id"] not in withdrawn
        ]
        claims = verdicts.note_claims(self.db, (r for r in rows if r.target_type == "claim"))
        named = verdicts.holding(self.db, {r.target for r in rows if r.target_type == "claim"})
        holding = self.cluster_names({c for cs in named.values() for c in cs})
        out: dict[tuple[str, str], list[str]] = {}
        for r in rows:
            keys = [(r.target_type, r.target)]
            if r.target_type == "source":  # notes follow a renamed outlet
                keys = [("source", renamed.get(r.target, r.target))]
            elif r.target_type == "cluster":  # and a cluster's, its sentences
                keys = [("cluster", t) for t in cluster_notes.homes(self.db, r.target, r.value)]
            elif r.target_type == "claim":
                shown_in = claims[r.id]
                names = {holding[c] for c in named.get(r.target, ()) if c in holding}
                keys = [] if shown_in is not None else keys
                keys += [verdicts.note_key(n, r.target) for n in sorted(shown_in or names)]
            for key in keys:
                out.setdefault(key, []).append(str(r.note))
        return out

    def merge_entities(
        self, name: str, into: str, reviewer: str, *, seen: dict[str, str] | None = None
    ) -> ReviewRow:
        """Record that `name` is another spelling of `into`; analysis applies it. `seen`: the
        merges and splits as the reviewer's screen read them (`entity_states`); if another
        reviewer merged or split `name` since, nothing is written (`reviews.StaleDecision`)."""
        entry = reviews.Entry("entity", name, "merge", value=into)
        return self._record(reviewer, [entry], _seen_entity(name, seen))[0]

    def split_entity(
        self, name: str, reviewer: str, *, seen: dict[str, str] | None = None
    ) -> ReviewRow:
        """Record that `name` must stand alone, whatever spelling it resembles; `seen` as for
        `merge_entities`."""
        entry = reviews.Entry("entity", name, "split")
        return self._record(reviewer, [entry], _seen_entity(name, seen))[0]

    def entity_states(self) -> dict[str, str]:
        """When each spelling was last merged or split (or such a step undone or redone), by
        spelling: what an Entities screen read, so a merge made on it after another reviewer's
        is refused instead of overriding theirs unseen."""
        return {
            str(r[0]): str(r[1])
            for r in self._tuples(
                "SELECT target, max(at) FROM reviews WHERE target_type = 'entity'"
                " AND action IN ('merge', 'split') GROUP BY target"
            )
        }

    def entity_decisions(self) -> list[ReviewRow]:
        """Merges and splits in force (not undone), oldest first."""
        withdrawn = reviews.withdrawn_ids(self.db)
        rows = self._rows(
            "SELECT * FROM reviews WHERE target_type = 'entity' AND op = 'do' ORDER BY id"
        )
        return [ReviewRow.from_row(r) for r in rows if r["id"] not in withdrawn]

    def undo(self, reviewer: str, *, skip: int | None = None) -> ReviewRow | None:
        """Take back the reviewer's latest step. `skip`: the id of a step an earlier undo
        refused (`UndoConflict.step`); it is set aside first (its rows stay in the log) and the
        step before it is undone. A set-aside stays so even when that step is refused too."""
        return self._review_step(reviews.undo, "undo", reviewer, skip)

    def redo(self, reviewer: str, *, skip: int | None = None) -> ReviewRow | None:
        """Record again the reviewer's latest undone step; `skip` as for `undo`."""
        return self._review_step(reviews.redo, "redo", reviewer, skip)

    def _review_step(
        self,
        step: Callable[[Database, str], ReviewRow | None],
        op: str,
        reviewer: str,
        skip: int | None,
    ) -> ReviewRow | None:
        refused: reviews.UndoConflict | None = None
        row = None
        with self._writing() as db:  # one transaction: the step and what it moves
            if skip is not None:
                reviews.skip(db, reviewer, op, skip)
            try:
                row = step(db, reviewer)
            except reviews.UndoConflict as exc:  # the set-aside is kept; this one is refused
                refused = exc
            else:
                self._sync_source_names(db)
                if row is not None and row.action == "edit":
                    claim_edits.materialise(db)
        if refused is not None:
            raise refused
        return row

    # ---- claim edits (store/claim_edits.py) --------------------------------------------------

    def edit_claim(
        self,
        kind: str,
        keys: Sequence[str],
        reviewer: str,
        *,
        target: str | None = None,
        within: int | None = None,
        merging: int | None = None,
    ) -> ReviewRow:
        """Remove, confirm or reject one sentence of its claim; split `keys` off into a new
        claim; merge the claim of `keys[0]` into, or add sentence `keys[0]` to, the claim of
        sentence `target`. `within`: the cluster the reviewer made the edit in, for a sentence
        in several claims; `merging`: the cluster a merge takes in, likewise. One undoable
        step; the clusters and scores change at once."""
        with self._writing() as db:
            return claim_edits.edit(db, reviewer, kind, keys, target, within, merging)

    def claim_edits_in_force(self) -> list[Edit]:
        """The claim edits not undone, oldest first, for analysis to replay on its clusters."""
        try:
            return claim_edits.edits_in_force(self.db)
        except sqlite3.DatabaseError as exc:
            raise _explain(self.path, exc) from None

    def claim_edit_log(self) -> list[ClaimEditRow]:
        """Every claim edit, oldest first, with whether it applies to the clusters now."""
        return [ClaimEditRow.from_row(r) for r in self._rows(claim_edits.LIST_SQL)]

    def rename_source(self, old: str, new: str, reviewer: str) -> ReviewRow:
        """Give an outlet another name, as a step in the review log (undo restores the name)."""
        new = " ".join(new.split())
        if not new:
            raise StoreError("an outlet needs a name")
        with self._writing() as db:
            found = list(db.query("SELECT id FROM sources WHERE name = ?", [old]))
            if not found:
                raise StoreError(f"no outlet named {old!r} (`corroborator stats` lists them)")
            if new == old:
                raise StoreError(f"the outlet is already named {new!r}")
            if list(db.query("SELECT id FROM sources WHERE name = ?", [new])):
                raise StoreError(f"an outlet named {new!r} exists already; pick another name")
            entry = reviews.Entry(
                "source", str(found[0]["id"]), "rename", value=new, note=f"was {old}"
            )
            (row,) = reviews.record(db, reviewer, [entry])
            self._sync_source_names(db)
            return row

    @staticmethod
    def _sync_source_names(db: Database) -> None:
        """Each renamed outlet takes the name of its latest rename in force, or back the name it
        had before its first rename once every rename is undone."""
        rows = list(
            db.query(  # the index on (target_type, target): cost does not grow with the log
                "SELECT id, op, ref, target, value, note FROM reviews"
                " WHERE target_type = 'source' AND action = 'rename' ORDER BY id"
            )
        )
        undone: dict[int, bool] = {}
        for r in rows:
            if r["op"] != "do":
                undone[r["ref"]] = r["op"] == "undo"
        latest: dict[str, str] = {}
        for r in rows:
            if r["op"] != "do":
                continue
            if not undone.get(r["id"], False):
                latest[r["target"]] = r["value"]
            else:
                latest.setdefault(r["target"], str(r["note"]).removeprefix("was "))
        for target, name in latest.items():
            db.execute(
                "UPDATE sources SET name = ? WHERE id = ? AND name != ?", [name, int(target), name]
            )

    def step_rows(self, row: ReviewRow) -> list[ReviewRow]:
        """Every row written by the same step as `row` (an undo of a decision with its note, a
        bulk decision), in order."""
        if row.batch is None:
            return [row]
        rows = self._rows("SELECT * FROM reviews WHERE batch = ? ORDER BY id", [row.batch])
        return [ReviewRow.from_row(r) for r in rows]

    def review_row(self, review_id: int) -> ReviewRow:
        """One row of the review log by id (e.g. the step an undo row refers to)."""
        rows = self._rows("SELECT * FROM reviews WHERE id = ?", [review_id])
        if not rows:
            raise StoreError(f"no review-log row {review_id}")
        return ReviewRow.from_row(rows[0])

    def last_review_id(self) -> int:
        """The newest row of the review log (0 when it is empty)."""
        return int(self._scalar("SELECT COALESCE(max(id), 0) FROM reviews") or 0)

    def others_since(self, review_id: int, reviewer: str) -> dict[str, int]:
        """Steps other reviewers wrote after row `review_id`, counted per reviewer (a bulk step,
        written as many rows in one batch, is one step)."""
        rows = self._rows(
            "SELECT reviewer, count(DISTINCT COALESCE(batch, id)) AS n FROM reviews"
            " WHERE id > ? AND reviewer != ? GROUP BY reviewer ORDER BY reviewer",
            [review_id, reviewer],
        )
        return {str(r["reviewer"]): int(r["n"]) for r in rows}

    def review_log(self, limit: int = 100) -> list[ReviewRow]:
        rows = self._rows("SELECT * FROM reviews ORDER BY id DESC LIMIT ?", [limit])
        return [ReviewRow.from_row(r) for r in rows]

    # ---- gazetteer extensions ----------------------------------------------------------------

    def add_gazetteer_entry(
        self,
        name: str,
        *,
        kind: str = "person",
        aliases: Sequence[str] = (),
        description: str | None = None,
        wikidata: str | None = None,
        origin: str = "reviewer",
    ) -> bool:
        """Add or extend a reviewer's gazetteer entry; False when nothing changed."""
        with self._writing() as db:
            rows = list(
                db.query(
                    "SELECT * FROM gazetteer_entries WHERE name = ? AND kind = ?", [name, kind]
                )
            )
            if rows:
                known = json.loads(rows[0]["aliases"])
                merged = sorted(set(known) | set(aliases))
                if merged == sorted(known) and not description and not wikidata:
                    return False
                db.execute(
                    "UPDATE gazetteer_entries SET aliases = ?,"
                    " description = COALESCE(?, description), wikidata = COALESCE(?, wikidata)"
                    " WHERE id = ?",
                    [json.dumps(merged, ensure_ascii=False), description, wikidata, rows[0]["id"]],
                )
                return True
            db.execute(
                "INSERT INTO gazetteer_entries (name, aliases, kind, description, wikidata, origin,"
                " added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    name, json.dumps(sorted(set(aliases)), ensure_ascii=False), kind, description,
                    wikidata, origin, reviews.now(),
                ],
            )  # fmt: skip
            return True

    def gazetteer_entries(self) -> list[dict[str, Any]]:
        """Entries the reviewer added (`gazetteer add` / `gazetteer import`), oldest first."""
        return [
            {**r, "aliases": json.loads(r["aliases"])}
            for r in self._rows("SELECT * FROM gazetteer_entries ORDER BY id")
        ]

    def known_garbles(self) -> list[dict[str, Any]]:
        """Misspelt names the reviewer confirmed (a name flag accepted or corrected), oldest
        decision first: the quote, the right name, and the decision behind them. They are not
        aliases: analysis flags them wherever they appear (see analysis/known_garbles.py)."""
        return self._rows(
            "SELECT f.fingerprint, f.kind, f.quote AS spelling,"
            " COALESCE(f.correction, f.suggestion) AS name, f.status AS decision,"
            " f.decided_by AS reviewer, f.decided_at FROM flag_status f"
            f" WHERE f.kind IN ({', '.join('?' for _ in NAME_FLAG_KINDS)})"
            " AND f.status IN ('accepted', 'corrected') ORDER BY f.decided_at, f.id",
            list(NAME_FLAG_KINDS),
        )


def _q(column: str) -> str:
    return f'"{column}"'


def _earlier_version(
    db: Database, source: str | None, url: str | None, path: str | None, resolved: str | None
) -> int | None:
    """The source's article an import revises: the one with this URL when given, else the one
    from this file (its absolute path; an import older than that column matches by `path`).
    With no `source`, the article from this file whatever its outlet."""
    if url:
        where, params = "url = ?", [url]
    elif resolved:
        where = "(resolved_path = ? OR (resolved_path IS NULL AND path = ?))"
        params = [resolved, path]
    else:
        return None
    if source is not None:
        where += " AND source_id = (SELECT id FROM sources WHERE name = ?)"
        params.append(source)
    rows = list(db.query(f"SELECT id FROM articles WHERE {where} ORDER BY id DESC LIMIT 1", params))
    return int(rows[0]["id"]) if rows else None
