"""Which claim shows a verdict on text changed since, when the claim it was given in bears its
name no more: the claim of the clustered sentence that holds most of the old sentence's words.

The full-text index finds candidates by any of the old sentence's longer words, so its best rank
may be a sentence sharing one rare word with it and nothing else ("The ferry left at dawn" is
not "A ferry museum opened"): shown there, the verdict reads as one on an unrelated claim. A
candidate counts only if it holds at least half of the old sentence's words; with none such the
verdict is shown under no claim, and the screens and exports say so.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

from store.connection import fts_match

NEAR_WORDS = 12
"""Words of the old text looked up (its longest): common short words would make the index rank
most of a large corpus for each verdict."""
CANDIDATES = 40
"""Best-ranked clustered sentences read to count the words they share."""
HELD_SHARE = 0.5
"""Share of the old sentence's words a sentence must hold to be taken as its telling now."""

_WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    """The words that say what a sentence is about: longer than three letters, case folded."""
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if len(w) > 3}


def nearest_cluster(db: Database, text: str) -> int | None:
    """The cluster of the clustered sentence holding most of `text`'s words (at least
    `HELD_SHARE` of them; the index's rank, then the lowest cluster id, break ties), else None."""
    wanted = words(text)
    terms = sorted(wanted, key=lambda t: (-len(t), t))[:NEAR_WORDS]
    if not terms:
        return None
    found = db.execute(
        "SELECT cm.cluster_id, s.text FROM sentences_fts"
        " JOIN sentences s ON s.id = sentences_fts.rowid"
        " JOIN cluster_members cm ON cm.sentence_id = s.id"
        " WHERE sentences_fts MATCH ? ORDER BY rank, cm.cluster_id LIMIT ?",
        [fts_match(terms, any_of=True), CANDIDATES],
    ).fetchall()
    best: tuple[int, int] | None = None  # (words held, cluster)
    for cluster_id, sentence in found:
        held = len(wanted & words(sentence))
        if held >= HELD_SHARE * len(wanted) and (best is None or held > best[0]):
            best = (held, int(cluster_id))
    return best[1] if best else None
