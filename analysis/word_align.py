"""Word alignment between two sentences: which of one sentence's words the other one states.

A bag of words says two sentences share vocabulary; it cannot say that "the firm halted sales" and
"the company stopped selling" state one thing, nor that a sentence covers only half of the other.
Here each content word of a sentence is aligned to its best counterpart in the other sentence:
the same stem counts 1, another word by the cosine of the two words' wordllama vectors (rescaled
so that unrelated words count 0). The rarity-weighted share of a sentence's words that find a
counterpart is its coverage, read for every content word, for the words written in lower case
(what happened, to what: the predicate and its common-noun arguments) and for the capitalised
names (who, where).

Facts are aligned as values, not tokens: each quantity (analysis.quantities: money, counts,
percentages, dates) either agrees with one of the other sentence's quantities of the same kind
and unit, conflicts with them (same kind and unit, other value: still the same claim, told
differently, which is what contradiction detection feeds on) or has no counterpart at all (a
specific fact one sentence adds, which a claim the other states does not carry). The three are
kept apart on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.model import Quantity
from analysis.similarity import overlaps

COSINE_FLOOR = 0.3  # word cosine at or below this is no counterpart (unrelated words)
FEATURES: tuple[str, ...] = (
    "align_min",  # coverage of the less-covered sentence, all content words
    "align_max",
    "align_plain_min",  # ... words written in lower case (predicate, common-noun arguments)
    "align_plain_max",
    "align_name_min",  # ... capitalised names
    "unaligned_names",  # rarity-weighted names of either sentence with no counterpart, share
    "fact_agree",  # a quantity in both sentences that agrees
    "fact_conflict",  # a kind and unit on both sides whose values never meet
    "fact_unaligned",  # share of quantities with no same-kind counterpart in the other sentence
)


@dataclass(frozen=True, slots=True)
class Words:
    """One sentence's content words as rows of a vocabulary (computed once per sentence)."""

    ids: np.ndarray  # vocabulary row (written form) of each distinct content stem
    stems: np.ndarray  # id of the stem: the same stem aligns fully whatever its form
    weight: np.ndarray  # its rarity weight
    plain: np.ndarray  # bool: written in lower case (not a name)
    quantities: tuple[Quantity, ...]


class WordAligner:
    """Soft word alignment over one corpus: a vocabulary of stems with unit vectors (or none:
    then only identical stems align, the lexical fallback)."""

    def __init__(self, vectors: np.ndarray | None) -> None:
        self.vectors = vectors

    def pair(self, a: Words, b: Words) -> tuple[float, ...]:
        """The FEATURES of one pair, in order."""
        if not len(a.ids) or not len(b.ids):
            match_a, match_b = np.zeros(len(a.ids)), np.zeros(len(b.ids))
        else:
            match = (a.stems[:, None] == b.stems[None, :]).astype(np.float64)
            if self.vectors is not None:
                cos = self.vectors[a.ids] @ self.vectors[b.ids].T
                soft = np.clip((cos - COSINE_FLOOR) / (1.0 - COSINE_FLOOR), 0.0, 1.0)
                match = np.maximum(match, soft)
            match_a, match_b = match.max(axis=1), match.max(axis=0)
        all_a, all_b = _cover(a.weight, match_a), _cover(b.weight, match_b)
        plain_a = _cover(a.weight[a.plain], match_a[a.plain])
        plain_b = _cover(b.weight[b.plain], match_b[b.plain])
        name_a = _cover(a.weight[~a.plain], match_a[~a.plain])
        name_b = _cover(b.weight[~b.plain], match_b[~b.plain])
        names_a, names_b = a.weight[~a.plain], b.weight[~b.plain]
        name_mass = float(names_a.sum() + names_b.sum())
        missing = float((names_a * (match_a[~a.plain] < 0.5)).sum())
        missing += float((names_b * (match_b[~b.plain] < 0.5)).sum())
        agree, conflict, unaligned = fact_alignment(a.quantities, b.quantities)
        return (
            min(all_a, all_b),
            max(all_a, all_b),
            min(plain_a, plain_b),
            max(plain_a, plain_b),
            min(name_a, name_b) if len(names_a) and len(names_b) else 0.0,
            missing / name_mass if name_mass else 0.0,
            agree,
            conflict,
            unaligned,
        )


def _cover(weight: np.ndarray, match: np.ndarray) -> float:
    total = float(weight.sum())
    return float((weight * match).sum()) / total if total else 0.0


def fact_alignment(a: Sequence[Quantity], b: Sequence[Quantity]) -> tuple[float, float, float]:
    """(agree, conflict, unaligned share) of two sentences' quantities: `agree` 1 when a pair of
    the same kind and unit overlaps; `conflict` 1 when some kind and unit is on both sides with
    no overlapping pair ($3.2 against $4 billion, whatever else agrees); `unaligned` the share of
    all quantities with no counterpart of their kind and unit."""
    if not a and not b:
        return 0.0, 0.0, 0.0
    groups: dict[tuple[str, str], tuple[list[Quantity], list[Quantity]]] = {}
    for side, quantities in enumerate((a, b)):
        for q in quantities:
            groups.setdefault((q.kind, q.unit), ([], []))[side].append(q)
    agree = conflict = False
    alone = 0
    for left, right in groups.values():
        if not left or not right:
            alone += len(left) + len(right)
        elif any(overlaps(x, y) for x in left for y in right):
            agree = True
        else:
            conflict = True
    return float(agree), float(conflict), alone / (len(a) + len(b))
