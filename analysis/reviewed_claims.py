"""Reviewers' claim edits over analysis's own clusters, before contradiction and comparison.

Without this a merge never starts a contradiction check between the two claims it joins, and a
sentence a reviewer removed keeps being compared. The store replays the same edits with the same
function (`store.claim_replay.apply_edits`) when it writes the clusters, so what the detectors
compared is what the reviewer sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.model import ClusterDraft, ClusterMember
from store.claim_replay import Claim, Edit, Member, apply_edits

Location = tuple[int, int]  # (article id, sentence idx)


def reviewed_clusters(
    clusters: Sequence[ClusterDraft],
    edits: Sequence[Edit],
    sentences: Mapping[Location, tuple[str, str]],
) -> list[ClusterDraft]:
    """`clusters` with `edits` (oldest first) replayed. `sentences` gives each sentence's claim
    key and text. A cluster no edit changed comes back as it was; no edits, `clusters` as is."""
    if not edits:
        return list(clusters)
    places = sorted(sentences)
    sid = {loc: n for n, loc in enumerate(places)}
    claims = [
        Claim(n, c.label, "", sorted((_member(m, sid, sentences) for m in c.members), key=_sid))
        for n, c in enumerate(clusters)
    ]
    held = {m.claim_key for c in claims for m in c.members}
    wanted = {k for e in edits for k in (*e.keys, *e.with_)} - held
    loose: dict[str, list[Member]] = {}
    for loc in places:
        key, text = sentences[loc]
        if key in wanted:
            loose.setdefault(key, []).append(Member(sid[loc], key, text, 0.0, "same_claim"))
    replayed, _ = apply_edits(claims, edits, loose)
    out = []
    for claim in replayed:
        draft = ClusterDraft(
            claim.label,
            tuple(
                ClusterMember(*places[m.sentence_id], m.similarity, m.tier, m.copy_of, m.unit)  # type: ignore[arg-type]
                for m in claim.members
            ),
        )
        if isinstance(claim.ident, int) and _same(clusters[claim.ident], draft):
            draft = clusters[claim.ident]  # untouched: keep analysis's member order
        out.append(draft)
    return out


def _member(
    m: ClusterMember, sid: Mapping[Location, int], sentences: Mapping[Location, tuple[str, str]]
) -> Member:
    loc = (m.article_id, m.sentence_idx)
    key, text = sentences[loc]
    # rounded and in sentence order as the store keeps them, so its replay gives the same result
    return Member(
        sid[loc], key, text, round(float(m.similarity), 4), m.tier, m.copy_of, unit=m.unit
    )


def _sid(m: Member) -> int:
    return m.sentence_id


def _same(a: ClusterDraft, b: ClusterDraft) -> bool:
    return sorted(map(repr, a.members)) == sorted(map(repr, b.members))
