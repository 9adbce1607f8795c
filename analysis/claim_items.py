"""The items claim clustering groups: claim units where a sentence carries several, else sentences.

A sentence that states two claims ("The plant will close in May, and the union said it would
strike") belongs in two claim clusters; with whole sentences as the clustered items it could join
one, which capped recall on the dev clusters at 0.56 (bench/claim_misses.py). So a sentence of two
or more claim units (analysis.unit_match.unit_table) is clustered through its units, each of which
joins at most one claim; any other sentence is clustered whole, exactly as before (so its member,
and the reviewer edits keyed by its sentence, stay what they were).

Items are rows of the unit table's similarity model: rows below `n` are sentences, the rest are
the units of sentences that split. The P of two items is

- two whole sentences: the sentence pair's own P (the claim scorer's, with its unit maximum);
- otherwise: the highest claim-unit P over the unit pairs the two items stand for (a unit stands
  for itself, a whole sentence for its units), and 0 where the two sentences' similarity is under
  the model's `unit_floor` or either states nothing (the same gate the sentence pair's unit
  maximum applies); and the best item pair of two sentences (highest own P, then similarity)
  carries the sentence pair's P as well: two sentences that match as wholes (both state the
  same two things) are still joined, through the clauses that match best.

So an item pair's P never exceeds its sentences' pair P: the item pairs at or above a threshold
all come from sentence pairs at or above it, and the connected components of strong sentence
pairs (analysis/align_incremental.py) still bound every cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from analysis.claim_model import ClaimScorer
from analysis.unit_match import UnitTable, unit_pairs


class PairScorer(Protocol):
    @property
    def texts(self) -> list[str]: ...

    def score_pairs(
        self, a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray
    ) -> np.ndarray: ...


class ItemRecall(Protocol):
    """A memo of `_fill` results across runs (analysis.incremental.ItemMemo)."""

    def recall(self, items: ItemScorer, sa: np.ndarray, sb: np.ndarray) -> np.ndarray: ...

    def record(self, items: ItemScorer, sa: np.ndarray, sb: np.ndarray, p: np.ndarray) -> None: ...


class ItemScorer:
    """P(same claim) of pairs of items (rows of the unit table; see the module docstring)."""

    def __init__(self, sentences: PairScorer, claim: ClaimScorer) -> None:
        self.sentences = sentences  # the sentence scorer clustering was given (maybe memoised)
        self.claim = claim
        table, units = claim.unit_scorer()
        self.table: UnitTable = table
        self.unit_scorer = units
        self.n = len(claim.texts)
        self.owner = table.owner
        self.multi = np.array([len(r) >= 2 for r in table.rows], dtype=bool)
        self._known: dict[tuple[int, int], float] = {}  # item pair (low, high) -> P
        # the last run's item P by sentence content (analysis.incremental.ItemMemo), when the
        # sentence scorer carries one
        self.memo: ItemRecall | None = getattr(sentences, "item_memo", None)

    @property
    def texts(self) -> list[str]:
        return self.table.sim.texts

    def items_of(self, sentence: int) -> tuple[int, ...]:
        """The items a sentence is clustered as: its units when it has two or more, else itself."""
        rows = self.table.rows[sentence]
        return rows if len(rows) >= 2 else (sentence,)

    def is_unit(self, item: int) -> bool:
        return item >= self.n

    def score_pairs(
        self, a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray
    ) -> np.ndarray:
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        out = np.zeros(len(a))
        whole = (a < self.n) & (b < self.n)
        if whole.any():
            out[whole] = self.sentences.score_pairs(a[whole], b[whole])
        rest = np.flatnonzero(~whole)
        if not len(rest):
            return out
        lo, hi = np.minimum(a[rest], b[rest]), np.maximum(a[rest], b[rest])
        keys = list(zip(lo.tolist(), hi.tolist(), strict=True))
        missing = [k for k, x in enumerate(keys) if x not in self._known]
        if missing:
            sa, sb = self.owner[lo[missing]], self.owner[hi[missing]]
            pairs = np.unique(np.stack([np.minimum(sa, sb), np.maximum(sa, sb)]), axis=1)
            self._fill(pairs[0], pairs[1], None)
        known = self._known
        found = [known.get(x) for x in keys]
        odd = [k for k, v in enumerate(found) if v is None]  # an item its sentence is not
        if odd:  # clustered as (a whole sentence of several units, as related context)
            direct = self._direct(lo[odd], hi[odd])
            for k, v in zip(odd, direct.tolist(), strict=True):
                found[k] = v
        out[rest] = np.asarray(found, dtype=np.float64)
        return out

    def _fill(self, sa: np.ndarray, sb: np.ndarray, p: np.ndarray | None) -> None:
        """P of every item pair of each sentence pair (sa[k], sb[k]) into the memo: each item
        pair's own (`_direct`), and the sentence pair's P (`p`, scored when None) credited to its
        best item pair (highest own P, then highest similarity), so what matched the two
        sentences as wholes still joins them through the clauses that match best."""
        if self.memo is not None:  # pairs the last run filled: from the memo
            todo = self.memo.recall(self, sa, sb)
            sa, sb = sa[todo], sb[todo]
            p = None if p is None else np.asarray(p)[todo]
        xa: list[int] = []
        xb: list[int] = []
        group: list[int] = []
        for k, (i, j) in enumerate(zip(sa.tolist(), sb.tolist(), strict=True)):
            for x in self.items_of(i):
                for y in self.items_of(j):
                    xa.append(min(x, y))
                    xb.append(max(x, y))
                    group.append(k)
        if not group:
            return
        ia, ib = np.asarray(xa, dtype=np.int64), np.asarray(xb, dtype=np.int64)
        grp = np.asarray(group, dtype=np.int64)
        own = self._direct(ia, ib)
        if p is None:
            p = self.sentences.score_pairs(sa, sb)
        closeness = self.table.sim.score_pairs(ia, ib)
        order = np.lexsort((-closeness, -own, grp))
        first = order[np.r_[True, grp[order][1:] != grp[order][:-1]]]
        own[first] = np.maximum(own[first], np.asarray(p)[grp[first]])
        self._known.update(zip(zip(xa, xb, strict=True), own.tolist(), strict=True))
        if self.memo is not None:
            self.memo.record(self, sa, sb, own)

    def _direct(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Each item pair's own P: the highest claim-unit P over the unit pairs the two stand
        for, 0 where the two sentences are under the model's unit floor or either states
        nothing."""
        out = np.zeros(len(a))
        sa, sb = self.owner[a], self.owner[b]
        claim = self.claim
        similarity = claim.sim.score_pairs(sa, sb)
        open_ = np.flatnonzero(
            (similarity >= claim.model.unit_floor) & claim.states[sa] & claim.states[sb]
        )
        if not len(open_):
            return out
        ua, ub, k = unit_pairs(self.table, a[open_], b[open_], self._stands_for)
        best = np.zeros(len(open_))
        np.maximum.at(best, k, self.unit_scorer.unit_probability(ua, ub))
        out[open_] = best
        return out

    def _stands_for(self, item: int) -> tuple[int, ...]:
        """The unit rows an item is compared through: a unit itself, a sentence its units."""
        return (item,) if item >= self.n else self.table.unit_rows(item)

    def item_pairs(
        self, a: np.ndarray, b: np.ndarray, p: np.ndarray, floor: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate item pairs from candidate sentence pairs (a, b) with their P: a pair of two
        whole sentences as it is; a pair with a sentence of several units, when its P reaches
        `floor` (no item pair of it can pass what the pair does not), as every pair of the two
        sentences' items, scored. Sorted by (a, b), a < b."""
        whole = ~(self.multi[a] | self.multi[b])
        xa, xb, xp = [a[whole]], [b[whole]], [p[whole]]
        todo = np.flatnonzero(~whole & (p >= floor))
        if len(todo):
            self._fill(a[todo], b[todo], p[todo])
            pairs = [
                (min(x, y), max(x, y))
                for k in todo.tolist()
                for x in self.items_of(int(a[k]))
                for y in self.items_of(int(b[k]))
            ]
            xa.append(np.asarray([x for x, _ in pairs], dtype=np.int64))
            xb.append(np.asarray([y for _, y in pairs], dtype=np.int64))
            xp.append(np.asarray([self._known[x] for x in pairs], dtype=np.float64))
        out_a, out_b, out_p = np.concatenate(xa), np.concatenate(xb), np.concatenate(xp)
        order = np.lexsort((out_b, out_a))
        return out_a[order], out_b[order], out_p[order]
