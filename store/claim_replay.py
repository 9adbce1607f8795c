"""Replay reviewers' claim edits over analysis's clusters: plain data in, plain data out.

Kept apart from the SQL (store/claim_edits.py) so the replay can be tested on its own: the same
edits over the same clusters always give the same result, and no edits give the clusters back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

TIER_OF = {"confirm": "same_claim", "reject": "related", "add": "same_claim"}
_TIER_RANK = {"same_claim": 0, "possible": 1, "related": 2}
_LABEL_CHARS = 60


@dataclass(slots=True)
class Member:
    """One sentence in one claim (several rows when an article repeats the sentence)."""

    sentence_id: int
    claim_key: str
    text: str
    similarity: float
    tier: str
    copy_of: int | None = None
    edit: str | None = None
    edited_by: str | None = None
    unit: str | None = None  # the clause that matched the claim (analysis.claim_units)
    unit_at: int | None = None  # where that clause starts in the sentence (1 + its offset)


@dataclass(slots=True)
class Claim:
    """A cluster: `ident` is analysis's cluster id, or `split:<review id>` for one a split made."""

    ident: int | str
    label: str
    key: str
    members: list[Member] = field(default_factory=list)

    def member_keys(self) -> list[str]:
        return list(dict.fromkeys(m.claim_key for m in self.members))


@dataclass(frozen=True, slots=True)
class Edit:
    review_id: int
    kind: str
    reviewer: str
    keys: tuple[str, ...]
    with_: tuple[str, ...] = ()


class _Clusters:
    """Mutable clusters during a replay. A sentence (claim key) sits in at most one claim per
    claim unit it has (analysis/claim_items.py), so a key may have several homes; an edit names
    the claim it was made in by the other sentences of that claim (`Edit.with_`)."""

    def __init__(self, claims: Iterable[Claim], loose: dict[str, list[Member]]) -> None:
        self.claims = {c.ident: Claim(c.ident, c.label, c.key, _copy(c.members)) for c in claims}
        self.home: dict[str, list[int | str]] = {}
        for c in self.claims.values():
            for k in dict.fromkeys(m.claim_key for m in c.members):
                self.home.setdefault(k, []).append(c.ident)
        self.loose = {k: _copy(ms) for k, ms in loose.items() if k not in self.home}
        self.changed: set[int | str] = set()
        self.moves: list[tuple[object, ...]] = []  # what each take and put did, in order

    def exists(self, key: str) -> bool:
        return key in self.home or key in self.loose

    def holder(self, keys: Sequence[str], but: int | str | None = None) -> int | str | None:
        """The claim (other than `but`) that is `keys`' claim (`_fit`), ties to the one holding
        the earliest of them; None when none is in a claim."""
        wanted = set(keys)
        found = dict.fromkeys(i for k in keys for i in self.home.get(k, ()) if i != but)
        return max(found, key=lambda i: self._fit(i, wanted), default=None)

    def _fit(self, ident: int | str, wanted: set[str], but: str | None = None) -> tuple[int, int]:
        """How well claim `ident` (without sentence `but`) matches the sentences an edit saw
        in its claim: how many of them it holds, then how few others. Two claims of one
        sentence's clauses often share most of their sentences, so holding one of them does
        not tell them apart."""
        keys = {m.claim_key for m in self.claims[ident].members} - {but}
        return len(keys & wanted), -len(keys - wanted)

    def holds_any(self, ident: int | str, keys: Sequence[str]) -> bool:
        return not keys or any(ident in self.home.get(k, ()) for k in keys)

    def home_with(self, key: str, with_: Sequence[str]) -> int | str | None:
        """The claim holding `key` that the edit was made in: of those that also hold one of
        `with_` (any when `with_` is empty), the best `_fit` to `with_`, ties to the first;
        None when no claim does."""
        homes = [i for i in self.home.get(key, ()) if self.holds_any(i, with_)]
        return max(homes, key=lambda i: self._fit(i, set(with_), key), default=None)

    def take(self, key: str, ident: int | str | None = None) -> list[Member]:
        """The members of `key` taken out of claim `ident` (its first home when None), or out of
        the loose sentences when it has no home."""
        homes = self.home.get(key, [])
        if ident is None:
            ident = homes[0] if homes else None
        if ident is None or ident not in homes:
            return self.loose.pop(key, []) if not homes else []
        homes.remove(ident)
        if not homes:
            del self.home[key]
        claim = self.claims[ident]
        taken = [m for m in claim.members if m.claim_key == key]
        claim.members = [m for m in claim.members if m.claim_key != key]
        self.changed.add(ident)
        self.moves.append(("take", key, ident))
        return taken

    def put(self, ident: int | str, members: list[Member]) -> None:
        self.claims[ident].members += members
        self.moves.append(("put", ident, tuple(sorted((m.claim_key, m.tier) for m in members))))
        for key in dict.fromkeys(m.claim_key for m in members):
            homes = self.home.setdefault(key, [])
            if ident not in homes:
                homes.append(ident)
        self.changed.add(ident)


def _copy(members: Iterable[Member]) -> list[Member]:
    return [replace(m) for m in members]


def _mark(members: Iterable[Member], edit: Edit, tier: str | None = None) -> list[Member]:
    out = [replace(m, edit=edit.kind, edited_by=edit.reviewer) for m in members]
    return [replace(m, tier=tier) for m in out] if tier else out


def _apply(state: _Clusters, e: Edit) -> str | None:
    """Apply one edit; None when it applied, else why it does not apply any more."""
    if not any(state.exists(k) for k in e.keys):
        return "its sentence is no longer in any article"
    if e.kind in ("remove", "confirm", "reject"):
        key = e.keys[0]
        if key not in state.home:
            return "the sentence is in no claim now"
        ident = state.home_with(key, e.with_)
        if ident is None:
            return "the claim it was made in no longer holds the sentence"
        members = state.take(key, ident)
        if e.kind == "remove":
            if key not in state.home:
                state.loose[key] = _mark(members, e)
        else:
            state.put(ident, _mark(members, e, TIER_OF[e.kind]))
        return None
    if e.kind == "add":
        target = state.holder(e.with_)
        if target is None:
            return "the claim it was added to no longer exists"
        # its similarity was to another claim's centre (or none): it says nothing here
        # a sentence in two claims (one per clause) that the target holds already, as possible
        # or related, is taken from the target, not from the other claim
        key = e.keys[0]
        source = target if target in state.home.get(key, ()) else None
        added = [replace(m, similarity=0.0) for m in state.take(key, source)]
        state.put(target, _mark(added, e, TIER_OF["add"]))
        return None
    if e.kind == "split":
        if state.holder(e.keys) is None:
            return "none of its sentences is in a claim now"
        ident = next((i for k in e.keys if (i := state.home_with(k, e.with_)) is not None), None)
        if ident is None:
            return "the claim it split no longer holds these sentences together"
        moving = [k for k in e.keys if ident in state.home.get(k, ())]
        new = Claim(f"split:{e.review_id}", "", _short_hash("split|" + "|".join(sorted(e.keys))))
        state.claims[new.ident] = new
        state.put(new.ident, _mark((m for k in moving for m in state.take(k, ident)), e))
        return None
    if e.kind == "merge":
        keep = state.holder(e.with_)
        gone = state.holder(e.keys, but=keep) if keep is not None else None
        if keep is not None and gone is None and state.holder(e.keys) == keep:
            gone = keep  # merged already
        if keep is None or gone is None:
            return "one of the two claims no longer exists"
        if keep != gone:
            moved = [m for k in state.claims[gone].member_keys() for m in state.take(k, gone)]
            del state.claims[gone]
            # a sentence in both claims (through two of its units) stays once
            held = {m.claim_key for m in state.claims[keep].members}
            state.put(keep, _mark([m for m in moved if m.claim_key not in held], e))
        return None
    return f"unknown edit {e.kind!r}"


def apply_edits(
    claims: Sequence[Claim], edits: Sequence[Edit], loose: dict[str, list[Member]] | None = None
) -> tuple[list[Claim], dict[int, str | None]]:
    """Replay `edits` in order over `claims` (not changed). `loose` holds sentences in no claim
    that an edit may add. Returns the claims with members (those an edit changed relabelled when
    their label's sentence left) and, per edit, None when it applied or why it did not."""
    state = _Clusters(claims, loose or {})
    outcome = {e.review_id: _apply(state, e) for e in edits}
    return _finished(state), outcome


def edit_effects(
    claims: Sequence[Claim], edits: Sequence[Edit], loose: dict[str, list[Member]] | None = None
) -> dict[int, tuple[object, ...]]:
    """What each of `edits` does when replayed in order over `claims`: whether it applies and
    which sentences it takes from which claim and puts where. Two edits conflict when leaving
    one out of the replay changes what the other does."""
    state = _Clusters(claims, loose or {})
    out: dict[int, tuple[object, ...]] = {}
    for e in edits:
        before = len(state.moves)
        outcome = _apply(state, e)
        out[e.review_id] = (outcome, *state.moves[before:])
    return out


def _finished(state: _Clusters) -> list[Claim]:
    out: list[Claim] = []
    for claim in state.claims.values():
        if not claim.members:
            continue
        claim.members.sort(key=lambda m: (_TIER_RANK.get(m.tier, 3), -m.similarity))
        if claim.ident in state.changed and not _labels_a_member(claim):
            claim.label = label_for(claim.members[0].text)
        out.append(claim)
    return out


def _labels_a_member(claim: Claim) -> bool:
    """True when the label quotes one member: its pieces (a clause's label marks words left out
    with "…", analysis/claim_labels.py) stand in that member's text, in order."""
    pieces = [p.strip() for p in claim.label.split("…") if p.strip()]
    return bool(pieces) and any(_quotes(" ".join(m.text.split()), pieces) for m in claim.members)


def _quotes(text: str, pieces: Sequence[str]) -> bool:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def label_for(text: str) -> str:
    """A member's text as a cluster label: one line, cut at a word within `_LABEL_CHARS`."""
    flat = " ".join(text.split())
    if len(flat) <= _LABEL_CHARS:
        return flat
    return flat[: _LABEL_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def witness_sources(members: Iterable[dict[str, Any]]) -> int:
    """Sources that state the claim, a copy of another article counting as that article: the
    possible and related members, and republished copies, are no extra witnesses."""
    by_witness: dict[int, str] = {}
    for m in sorted(members, key=lambda m: (m.get("copy_of") is not None, m["article_id"])):
        if m.get("tier", "same_claim") == "same_claim":
            by_witness.setdefault(m.get("copy_of") or m["article_id"], m["source"])
    return len(set(by_witness.values()))
