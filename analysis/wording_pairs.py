"""Reversed relations and swapped roles, from one word alignment of each same-claim pair.

Both detectors (`analysis.order_relations`, `analysis.role_swaps`) read the same pairs of
same-claim sentences aligned word by word, and aligning them (difflib over stems) is nearly all
their cost: ~22,000 pairs on the BBC database, each aligned once for both here where each
detector aligned them again. Whether an alignment shows a relation's converse or two roles no one
person holds (`reversed_relation`, `role_swaps`) is a function of the two texts alone, and nearly
no pair shows either, so a pair of texts that shows neither is remembered (`memo`, kept across
runs by the pipeline, analysis/run_memo.py) and not aligned again: only the pairs a new or
changed sentence makes are. The pairs that do show one are aligned every run, since whether
they raise a flag also reads the articles (a role word elsewhere in either).

Pure: plain data in, `FlagDraft`s out; the memo is any mapping-like store of keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from analysis.model import ArticleText, ClusterDraft, FlagDraft, SentenceSpan
from analysis.order_relations import aligned_claim_pairs, reversed_relation, reversed_relations
from analysis.role_swaps import role_swaps, swapped_roles
from analysis.run_memo import pair_key


class QuietMemo(Protocol):
    def get(self, key: str) -> bool | None: ...

    def __setitem__(self, key: str, value: bool) -> None: ...


def wording_flags(
    articles: Sequence[ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    clusters: Sequence[ClusterDraft],
    memo: QuietMemo | None = None,
) -> list[FlagDraft]:
    """`reversed_relations` and `swapped_roles`, the pairs aligned once for both; with `memo`,
    pairs of texts known to show neither are not aligned, and those found so are added."""

    def quiet(text_a: str, text_b: str) -> bool:
        return memo is not None and bool(memo.get(pair_key(text_a, text_b)))

    telling = []
    for pair in aligned_claim_pairs(articles, sentences, clusters, skip=quiet):
        if reversed_relation(pair.al) is None and not role_swaps(pair.al):
            if memo is not None:
                memo[pair_key(pair.al.text_a, pair.al.text_b)] = True
            continue  # neither detector reads anything else of a pair: no flag from it
        telling.append(pair)
    return reversed_relations(articles, sentences, clusters, telling) + swapped_roles(
        articles, sentences, clusters, telling
    )
