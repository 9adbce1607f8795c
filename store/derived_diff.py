"""Analysis results written as a difference from what the last analysis stored.

An analysis after ten new articles finds almost every sentence, mention, entity and cluster of the
last one again. Deleting and re-inserting them all cost ~10 s on 2,127 articles (the sentences'
full-text index is rebuilt row by row by its triggers). Here each derived table is brought to the
rows the new analysis wants: a stored row whose content equals a wanted row is kept (with its id),
the other stored rows are deleted and the missing wanted rows inserted. The tables end with the
same content as a fresh write; only the ids of rows that did not change are older (and stay put,
which the TUI's cursor and 'claim #N' like).

Order matters because of the foreign keys: sentences first (deleting one cascades to its
mentions, quantities and cluster members, which are then compared with what is wanted), then
entities (deleting one sets its mentions' entity to NULL, so they no longer match and are
replaced), then mentions, quantities and clusters, whose wanted rows name the kept or new ids.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from store import claim_edits
from store.connection import chunked, placeholders

if TYPE_CHECKING:
    from sqlite_utils import Database

Pause = Callable[[], None]

SENTENCE_COLUMNS = ("article_id", "idx", "start", "end", "text", "residue", "claim_key")
ENTITY_COLUMNS = ("name", "kind", "origin", "gazetteer_id", "description", "spellings")
MENTION_COLUMNS = (
    "article_id", "sentence_id", "start", "end", "text", "name", "kind", "entity_id",
)  # fmt: skip
QUANTITY_COLUMNS = (
    "article_id", "sentence_id", "start", "end", "text", "kind", "value", "unit", "low", "high",
    "approximate", "iso",
)  # fmt: skip
CLUSTER_COLUMNS = ("label", "size", "n_sources", "key")
MEMBER_COLUMNS = ("sentence_id", "similarity", "tier", "copy_of", "unit", "unit_at")
_CHUNK = 2000


def _cols(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


class _Have:
    """Stored rows by content, each content's ids oldest first (a multiset of rows)."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self.ids: dict[tuple[Any, ...], deque[int]] = defaultdict(deque)
        for row in rows:
            self.ids[tuple(row[1:])].append(row[0])

    def take(self, content: tuple[Any, ...]) -> int | None:
        """The id of a stored row with this content, no longer available to another."""
        bucket = self.ids.get(content)
        return bucket.popleft() if bucket else None

    def left(self) -> list[int]:
        return sorted(i for bucket in self.ids.values() for i in bucket)


def _delete(db: Database, table: str, ids: list[int], pause: Pause) -> None:
    for chunk in chunked(ids):
        db.execute(f"DELETE FROM {table} WHERE id IN ({placeholders(chunk)})", chunk)
        pause()


def sync_rows(
    db: Database,
    table: str,
    columns: Sequence[str],
    wanted: Sequence[tuple[Any, ...]],
    pause: Pause,
    *,
    need_ids: bool = False,
) -> tuple[list[int | None], list[int]]:
    """Make `table`'s rows (on `columns`) the multiset `wanted`: keep stored rows equal to a
    wanted one, delete the others, insert what is missing. Returns each wanted row's id (kept or,
    with `need_ids`, new; None for a new row otherwise) and the positions of the new ones."""
    have = _Have(db.execute(f"SELECT id, {_cols(columns)} FROM {table} ORDER BY id").fetchall())
    ids: list[int | None] = [have.take(row) for row in wanted]
    _delete(db, table, have.left(), pause)
    missing = [i for i, kept in enumerate(ids) if kept is None]
    sql = f"INSERT INTO {table} ({_cols(columns)}) VALUES ({', '.join('?' * len(columns))})"
    if need_ids:
        for n, i in enumerate(missing, 1):
            ids[i] = db.execute(sql, list(wanted[i])).lastrowid
            if n % _CHUNK == 0:
                pause()
    else:
        for start in range(0, len(missing), _CHUNK):
            db.conn.executemany(sql, [wanted[i] for i in missing[start : start + _CHUNK]])
            pause()
    return ids, missing


def write_rows(db: Database, payload: Any, pause: Pause) -> dict[tuple[int, int], int]:
    """Bring sentences, entities, aliases, mentions, quantities, clusters and their members to
    `payload` (an `AnalysisPayload`); returns the sentence ids by (article id, index)."""
    sentences = [tuple(s[c] for c in SENTENCE_COLUMNS) for s in payload.sentences]
    ids, _ = sync_rows(db, "sentences", SENTENCE_COLUMNS, sentences, pause, need_ids=True)
    sentence_ids = {(s[0], s[1]): i for s, i in zip(sentences, ids, strict=True) if i is not None}
    entity_ids = _entities(db, payload.entities, pause)
    mentions = [
        (m["article_id"], sentence_ids.get((m["article_id"], m["sentence_idx"])), m["start"],
         m["end"], m["text"], m["name"], m["kind"], entity_ids.get(m.get("entity_key", "")))
        for m in payload.mentions
    ]  # fmt: skip
    sync_rows(db, "mentions", MENTION_COLUMNS, mentions, pause)
    quantities = [
        tuple(
            sentence_ids.get((q["article_id"], q["sentence_idx"])) if c == "sentence_id" else q[c]
            for c in QUANTITY_COLUMNS
        )
        for q in payload.quantities
    ]
    sync_rows(db, "quantities", QUANTITY_COLUMNS, quantities, pause)
    _clusters(db, payload.clusters, sentence_ids, pause)
    return sentence_ids


def write_clusters(
    db: Database, clusters: list[dict[str, Any]], sentence_ids: dict[tuple[int, int], int]
) -> None:
    """Bring the clusters and their members to `clusters` again, in one step (no pause): after
    a reviewer's claim edit rebuilt some of them between the steps of `write_rows`."""
    _clusters(db, clusters, sentence_ids, lambda: None)


def _entities(db: Database, entities: list[dict[str, Any]], pause: Pause) -> dict[str, int]:
    """Entity rows (and the aliases of new ones); each payload key's id."""
    rows = [
        (e["name"], e["kind"], e.get("origin", "corpus"), e.get("gazetteer_id"),
         e.get("description"), json.dumps(e.get("spellings", {}), ensure_ascii=False))
        for e in entities
    ]  # fmt: skip
    ids, new = sync_rows(db, "entities", ENTITY_COLUMNS, rows, pause, need_ids=True)
    for i in new:
        db.conn.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)",
            [(ids[i], alias) for alias in entities[i].get("spellings", {})],
        )
    return {e["key"]: i for e, i in zip(entities, ids, strict=True) if i is not None}


def _clusters(
    db: Database,
    clusters: list[dict[str, Any]],
    sentence_ids: dict[tuple[int, int], int],
    pause: Pause,
) -> None:
    """Clusters with their members (in the payload's order) compared as a whole."""
    members: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in db.execute(
        f"SELECT cluster_id, {_cols(MEMBER_COLUMNS)} FROM cluster_members ORDER BY rowid"
    ):
        members[row[0]].append(tuple(row[1:]))
    have = _Have(
        (r[0], *r[1:], tuple(members.get(r[0], ())))
        for r in db.execute(f"SELECT id, {_cols(CLUSTER_COLUMNS)} FROM clusters ORDER BY id")
    )
    wanted: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = []
    for cluster in clusters:
        rows = _first_per_sentence(
            [(sentence_ids[(m["article_id"], m["sentence_idx"])], m["similarity"],
              m.get("tier", "same_claim"), m.get("copy_of"), m.get("unit"), m.get("unit_at"))
             for m in cluster["members"]]
        )  # fmt: skip
        head = (cluster["label"], len(cluster["members"]),
                claim_edits.witness_sources(cluster["members"]), cluster["key"])  # fmt: skip
        wanted.append((head, rows))
    kept = [have.take((*head, tuple(rows))) for head, rows in wanted]
    stale = have.left()
    for chunk in chunked(stale):
        where = f"cluster_id IN ({placeholders(chunk)})"
        db.execute(f"DELETE FROM cluster_members WHERE {where}", chunk)
    _delete(db, "clusters", stale, pause)
    sql = f"INSERT INTO clusters ({_cols(CLUSTER_COLUMNS)}) VALUES (?, ?, ?, ?)"
    for n, ((head, rows), cluster_id) in enumerate(zip(wanted, kept, strict=True)):
        if cluster_id is not None:
            continue
        cluster_id = db.execute(sql, list(head)).lastrowid
        db.conn.executemany(
            f"INSERT OR IGNORE INTO cluster_members (cluster_id, {_cols(MEMBER_COLUMNS)})"
            f" VALUES (?, {placeholders(MEMBER_COLUMNS)})",
            [(cluster_id, *row) for row in rows],
        )
        if n % 200 == 0:
            pause()


def _first_per_sentence(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows an insert that ignores a repeated (cluster, sentence) key leaves."""
    seen: set[Any] = set()
    out = []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            out.append(row)
    return out
