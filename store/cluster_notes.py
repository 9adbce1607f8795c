"""Notes on a whole claim cluster follow its sentences, not its key.

A cluster's key is a hash of its members' claim keys, so it changes whenever the cluster does: a
merge absorbs it, a split or an analysis that adds one article gives it a new key. A note made on
the cluster would then hang on a key nothing has. So a cluster note records the claim keys of the
cluster's sentences when it is written, and is shown on the cluster that holds most of them now
(every such cluster on a tie). A note written before keys were recorded falls back on the
sentences analysis first gave that cluster (`claim_base`), else on its key alone.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from store.connection import chunked, placeholders


def keys_value(db: Database, cluster_key: str, shown: Sequence[str] = ()) -> str | None:
    """The JSON a new note on cluster `cluster_key` records: its sentences' claim keys, those
    the reviewer's screen showed when given (`shown`): by the time the note is saved, an
    analysis may have changed the cluster and so its key, which then names no sentences."""
    keys = sorted(set(shown)) or [
        r["claim_key"]
        for r in db.query(
            "SELECT DISTINCT s.claim_key FROM clusters c JOIN cluster_members cm"
            " ON cm.cluster_id = c.id JOIN sentences s ON s.id = cm.sentence_id"
            " WHERE c.key = ? ORDER BY s.claim_key",
            [cluster_key],
        )
    ]
    return json.dumps({"keys": keys}) if keys else None


def _recorded_keys(
    db: Database, target: str, value: str | None, *, fallback: bool = True
) -> list[str]:
    try:
        keys = json.loads(value).get("keys", []) if value else []
    except (ValueError, AttributeError):
        keys = []
    if keys or not fallback:
        return [str(k) for k in keys]
    return [  # an older note: the sentences analysis gave the cluster with that key
        r["claim_key"]
        for r in db.query(
            "SELECT DISTINCT s.claim_key FROM claim_base b JOIN claim_base_members bm"
            " ON bm.cluster_id = b.cluster_id JOIN sentences s ON s.id = bm.sentence_id"
            " WHERE b.key = ?",
            [target],
        )
    ]


def homes(db: Database, target: str, value: str | None) -> list[str]:
    """The keys of the clusters a cluster note belongs on now: those holding most of the
    sentences it was written about; its own key when none of them is in a cluster."""
    counts: Counter[str] = Counter()
    keys = _recorded_keys(db, target, value)
    for chunk in chunked(keys):
        for r in db.query(
            "SELECT c.key, count(DISTINCT s.claim_key) AS n FROM sentences s"
            " JOIN cluster_members cm ON cm.sentence_id = s.id"
            " JOIN clusters c ON c.id = cm.cluster_id"
            f" WHERE s.claim_key IN ({placeholders(chunk)}) GROUP BY c.key",
            chunk,
        ):
            counts[r["key"]] += r["n"]
    if not counts:
        return [target]
    best = max(counts.values())
    return sorted(k for k, n in counts.items() if n == best)


def rehome(
    db: Database, rows: Iterable[dict[str, Any]], clusters: Sequence[str] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(cluster key it belongs on now, row) for each cluster-note row; a row with several homes
    appears once per home. With `clusters` (keys), only notes that may belong on one of them are
    placed: a screen showing one claim reads no more than its own notes' clusters."""
    wanted = None if clusters is None else _member_keys(db, clusters)
    out = []
    for r in rows:
        if wanted is not None and r["target"] not in clusters:
            recorded = _recorded_keys(db, r["target"], r.get("value"), fallback=False)
            if recorded and not wanted.intersection(recorded):
                continue
        out += [(home, r) for home in homes(db, r["target"], r.get("value"))]
    return out


def _member_keys(db: Database, clusters: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunked(clusters):
        found.update(
            r["claim_key"]
            for r in db.query(
                "SELECT s.claim_key FROM clusters c JOIN cluster_members cm"
                " ON cm.cluster_id = c.id JOIN sentences s ON s.id = cm.sentence_id"
                f" WHERE c.key IN ({placeholders(chunk)})",
                chunk,
            )
        )
    return found
