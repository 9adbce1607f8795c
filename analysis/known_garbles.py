"""Misspelt names a reviewer confirmed stay flagged wherever they appear.

Accepting "Ann Vaker → Ann Baker" records "Ann Vaker" as a known garble of "Ann Baker", never as
an alias: the gazetteer keeps its entry (spellings, Wikidata link) untouched, the name detectors
see the same input as before the decision and find the decided flag again, and this stage adds a
flag on every other use of the garble that no detector flagged (another article, or an outlet
whose copy of the garble makes it look attested) with the reviewer's decision in its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from analysis.gazetteer import Gazetteer, lookup_key
from analysis.model import ArticleText, FlagDraft, FlagKind, FlagSide, SentenceSpan

CONFIDENCE = 0.97  # a reviewer confirmed this spelling is wrong; only the context could differ


@dataclass(frozen=True, slots=True)
class KnownGarble:
    """One confirmed misspelling and the decision behind it."""

    spelling: str
    name: str  # the right spelling: the reviewer's correction or the suggestion they accepted
    kind: str  # the kind of the decided flag (name_variant or unverified_name)
    decision: str  # accepted or corrected
    reviewer: str
    decided_at: str
    fingerprint: str  # the decided flag


def known_garbles(rows: Iterable[Mapping[str, Any]]) -> list[KnownGarble]:
    """From `Store.known_garbles` rows; for a spelling decided more than once the latest
    decision wins, and a "correction" that only restates the spelling is dropped."""
    by_spelling: dict[str, KnownGarble] = {}
    for r in rows:
        spelling, name = (r.get("spelling") or "").strip(), (r.get("name") or "").strip()
        if not spelling or not name or lookup_key(spelling) == lookup_key(name):
            continue
        by_spelling[spelling] = KnownGarble(
            spelling=spelling,
            name=name,
            kind=str(r.get("kind") or "name_variant"),
            decision=str(r.get("decision") or "accepted"),
            reviewer=str(r.get("reviewer") or ""),
            decided_at=str(r.get("decided_at") or ""),
            fingerprint=str(r.get("fingerprint") or ""),
        )
    return list(by_spelling.values())


def known_garble_flags(
    articles: Iterable[ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    garbles: Sequence[KnownGarble],
    gazetteer: Gazetteer,
    already: Sequence[FlagDraft] = (),
) -> list[FlagDraft]:
    """A flag on the first use of a known garble in each article's content, except in articles
    where a flag in `already` quotes it (the detector's own flag keeps its fingerprint, so the
    decision stays attached; one flag per name and article, as the name detectors do)."""
    if not garbles:
        return []
    taken = {(f.side.article_id, f.side.quote) for f in already}
    patterns = [(g, re.compile(rf"(?<!\w){re.escape(g.spelling)}(?!\w)")) for g in garbles]
    out: list[FlagDraft] = []
    for art in articles:
        for sentence in sentences.get(art.article_id, ()):
            if sentence.residue is not None:
                continue
            for garble, pattern in patterns:
                m = pattern.search(sentence.text)
                if m is None or (art.article_id, garble.spelling) in taken:
                    continue
                taken.add((art.article_id, garble.spelling))
                start = sentence.start + m.start()
                out.append(_flag(art, sentence, start, start + len(m[0]), garble, gazetteer))
    return out


def _flag(
    art: ArticleText,
    sentence: SentenceSpan,
    start: int,
    end: int,
    garble: KnownGarble,
    gazetteer: Gazetteer,
) -> FlagDraft:
    entry = gazetteer.lookup(garble.name)
    who = f" ({entry.description})" if entry and entry.description else ""
    verb = "corrected" if garble.decision == "corrected" else "confirmed"
    by = f" by {garble.reviewer}" if garble.reviewer else ""
    explanation = (
        f'"{garble.spelling}" is a misspelling of "{garble.name}"{who} that a reviewer {verb}'
        f"{by} ({garble.decided_at[:10] or 'earlier'}); it is flagged wherever it appears."
    )
    return FlagDraft(
        kind=cast(FlagKind, garble.kind),
        detector="known-garble",
        side=FlagSide(art.article_id, sentence.idx, start, end, garble.spelling),
        explanation=explanation,
        confidence=CONFIDENCE,
        suggestion=garble.name,
        evidence={
            "known_garble": {
                "spelling": garble.spelling, "name": garble.name, "decision": garble.decision,
                "reviewer": garble.reviewer, "decided_at": garble.decided_at,
                "flag": garble.fingerprint,
            },
            "gazetteer": entry.evidence() if entry else None,
        },
    )  # fmt: skip
