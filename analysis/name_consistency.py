"""One person written several ways inside one machine-translated article.

A translator who does not know a name renders it afresh each time it comes up: one article calls
its prime minister "Pham Minh Trinh", "Pham Minh Trung" and "Pham Minh Thanh" (at most one can be
right). Native copy keeps a name's spelling, so the same person spelt two ways in one translated
article is a finding that needs no gazetteer and no other outlet. Two spellings count as one person
when they have the same number of words and differ in exactly one, and either follow the same
title ("Prime Minister X" and "Prime Minister Y") or have three words or more with differing words
that still sound alike: "Kim Jong Un" beside "Kim Jong Il" is two people.

The suggestion is the spelling other outlets use, else the one the article uses clearly most;
minority spellings become `name_variant` flags with it, and when no spelling clearly dominates
every spelling is an `unverified_name` with all of them as evidence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations

from analysis.model import ArticleText, FlagDraft, FlagSide, Mention
from analysis.names import name_variant_flag
from analysis.translit import name_similarity, normalise_name

__all__ = ["inconsistent_name_flags"]

_ROLE = re.compile(r"([A-Za-z][\w.-]*)\s+([A-Za-z][\w.-]*)\s*$")
_SOUND_ALIKE = 0.5  # transliteration-aware similarity of the one differing word, without a title
_DOMINANT = 2.0  # a spelling used at least this many times as often as the next is the article's


def _role(text: str, start: int) -> str | None:
    """The words just before a mention ("Prime Minister"), as its title, when the one next to
    the name is capitalised: "said", "according to" or "written by" say nothing about who is
    meant. A word that ends the previous sentence is not part of it."""
    m = _ROLE.search(text[max(0, start - 40) : start])
    if not m or not m.group(2)[:1].isupper():
        return None
    return m.group(2) if m.group(1).endswith(".") else f"{m.group(1)} {m.group(2)}"


def _same_person(a: tuple[str, ...], b: tuple[str, ...], shared_role: bool) -> bool:
    """Same length, one word differs, and either the same title stands before both or the
    names are long and the differing words still sound alike (Trinh/Trung, not Un/Il)."""
    if len(a) != len(b) or len(a) < 2:
        return False
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    return shared_role or (len(a) >= 3 and name_similarity(x, y) >= _SOUND_ALIKE)


def _groups(spellings: Sequence[str], roles: Mapping[str, set[str]]) -> list[list[str]]:
    """Spellings joined into people (union of pairs that are the same person)."""
    parent = {s: s for s in spellings}

    def find(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    words = {s: tuple(normalise_name(s).split()) for s in spellings}
    for a, b in combinations(spellings, 2):
        if words[a] != words[b] and _same_person(words[a], words[b], bool(roles[a] & roles[b])):
            parent[find(a)] = find(b)
    out: dict[str, list[str]] = defaultdict(list)
    for s in spellings:
        out[find(s)].append(s)
    return [g for g in out.values() if len(g) > 1]


def inconsistent_name_flags(
    articles: Sequence[ArticleText], mentions: Mapping[int, Sequence[Mention]]
) -> list[FlagDraft]:
    """Flags for people a translated article names in more than one way."""
    outlets: dict[str, set[str]] = defaultdict(set)  # spelling -> sources using it
    for a in articles:
        for m in mentions.get(a.article_id, ()):
            if m.kind == "person":
                outlets[m.name].add(a.source)
    flags: list[FlagDraft] = []
    for a in articles:
        if not a.translated:
            continue
        people = [m for m in mentions.get(a.article_id, ()) if m.kind == "person"]
        counts = Counter(m.name for m in people)
        roles: dict[str, set[str]] = defaultdict(set)
        first: dict[str, Mention] = {}
        where: dict[str, list[list[int]]] = defaultdict(list)
        for m in sorted(people, key=lambda m: m.start):
            first.setdefault(m.name, m)
            where[m.name].append([m.start, m.end])
            if role := _role(a.text, m.start):
                roles[m.name].add(role)
        for group in _groups(sorted(counts), roles):
            flags.extend(_group_flags(a, group, counts, first, where, outlets))
    return flags


def _group_flags(
    article: ArticleText,
    group: list[str],
    counts: Counter[str],
    first: Mapping[str, Mention],
    where: Mapping[str, list[list[int]]],
    outlets: Mapping[str, set[str]],
) -> list[FlagDraft]:
    elsewhere = {s: outlets[s] - {article.source} for s in group}
    ranked = sorted(group, key=lambda s: (-len(elsewhere[s]), -counts[s], s))
    best = ranked[0]
    runner = max((counts[s] for s in group if s != best), default=0)
    confirmed = bool(elsewhere[best]) and not any(elsewhere[s] for s in ranked[1:])
    right = best if confirmed or counts[best] >= _DOMINANT * runner else None
    listed = ", ".join(f'"{s}" ({counts[s]}×)' for s in sorted(group, key=lambda s: -counts[s]))
    evidence = {
        "spellings_in_article": {s: counts[s] for s in group},
        "other_outlets": {s: sorted(elsewhere[s]) for s in group if elsewhere[s]},
        "translated": True,
    }
    flags = []
    for spelling in sorted(group, key=lambda s: first[s].start):
        if spelling == right:
            continue
        m = first[spelling]
        side = FlagSide(article.article_id, m.sentence_idx, m.start, m.end, m.text)
        if right is not None:
            why = (
                f"{len(elsewhere[right])} other outlet(s) write it so"
                if elsewhere[right]
                else "the article uses it most"
            )
            flags.append(
                name_variant_flag(
                    "name-inconsistent-in-article",
                    side,
                    spelling,
                    right,
                    f'Probably "{right}": this machine-translated article ({article.source}) '
                    f"names the same person {len(group)} ways — {listed} — and {why}. A "
                    "translator who does not know a name renders it anew each time.",
                    0.6 if confirmed else 0.5,
                    {**evidence, "occurrences": where[spelling]},
                )
            )
        else:
            flags.append(
                FlagDraft(
                    kind="unverified_name",
                    detector="name-inconsistent-in-article",
                    side=side,
                    explanation=(
                        f"This machine-translated article ({article.source}) names one person "
                        f"{len(group)} ways — {listed} — and none clearly dominates: at most one "
                        "is right. Check the name against the original."
                    ),
                    confidence=0.45,
                    evidence={
                        "spelling": spelling,
                        **evidence,
                        "occurrences": where[spelling],
                    },
                )
            )
    return flags
