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
"""Share of the old sentence's words a sentence must hold to be taken as its telling now.
Measured (`python -m bench.tui_lost_verdicts`, the three dev clusters and the seed articles, 715
old texts made from real sentences as revisions and re-splits make them) at 0.3 / 0.4 / 0.5 /
0.6 / 0.7: right claim 590 / 570 / 538 / 464 / 377, wrong claim 67 / 37 / 24 / 11 / 8, the rest
under no claim. A wrong claim misleads (the verdict reads as one on another claim) where none
is said as none, so a wrong counts two to three rights: 0.4 and 0.5 then score alike, above
0.3 and 0.6. Kept at 0.5, which wrongs least of the two; above it an old text a splitter gave
as two sentences, each new part holding about half its words, is lost (joined: 88 % right at
0.5, 60 % at 0.6)."""

_WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    """The words that say what a sentence is about: longer than three letters, case folded."""
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if len(w) > 3}


Candidate = tuple[int, int, str]
"""A clustered sentence the index found: (its cluster, its id, its text), best ranked first."""


def candidates(db: Database, text: str) -> list[Candidate]:
    """The `CANDIDATES` clustered sentences the full-text index ranks best for any of `text`'s
    `NEAR_WORDS` longest words."""
    terms = sorted(words(text), key=lambda t: (-len(t), t))[:NEAR_WORDS]
    if not terms:
        return []
    return db.execute(
        "SELECT cm.cluster_id, s.id, s.text FROM sentences_fts"
        " JOIN sentences s ON s.id = sentences_fts.rowid"
        " JOIN cluster_members cm ON cm.sentence_id = s.id"
        " WHERE sentences_fts MATCH ? ORDER BY rank, cm.cluster_id LIMIT ?",
        [fts_match(terms, any_of=True), CANDIDATES],
    ).fetchall()


def holder(text: str, found: list[Candidate], share: float = HELD_SHARE) -> int | None:
    """The cluster of the candidate holding most of `text`'s words, at least `share` of them
    (the first ranked of equals), else None."""
    wanted = words(text)
    best: tuple[int, int] | None = None  # (words held, cluster)
    for cluster_id, _, sentence in found:
        held = len(wanted & words(sentence))
        if held >= share * len(wanted) and (best is None or held > best[0]):
            best = (held, int(cluster_id))
    return best[1] if best else None


def nearest_cluster(db: Database, text: str) -> int | None:
    """The cluster of the clustered sentence holding most of `text`'s words (at least
    `HELD_SHARE` of them; the index's rank, then the lowest cluster id, break ties), else None."""
    return holder(text, candidates(db, text))
