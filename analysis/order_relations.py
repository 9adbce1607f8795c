"""A relation stated in reverse: "the alarm sounded before the fire spread" in one outlet and
"the alarm sounded after the fire spread" in another; "more boys than girls" against "fewer boys
than girls"; "above the dam" against "below the dam".

Two sentences of one claim cluster, from different outlets, are aligned word by word
(`analysis.token_alignment`). When their wording agrees except for one word on each side, and the
two words are a relation and its converse (lexicon/relations.json: before/after, more/fewer,
higher/lower, above/below ...), with shared words on both sides of the swap, the two reports say
opposite things about the same two events or quantities. Wording that differs elsewhere as well
leaves the relation's terms uncertain, so it must align closely (`MIN_SHARE`), and a negation
near the word on either side ("not before") is left alone. A figure after the word ("more than
40", "over 40") is a bound the figures rule compares (`analysis.contradiction`), left to it.

Pure: plain data in (articles, sentences, clusters), `FlagDraft`s out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from analysis import lexicon
from analysis.contradiction import same_claim_pairs, view_text
from analysis.model import ArticleText, ClusterDraft, FlagDraft, FlagSide, SentenceSpan
from analysis.negation import negates
from analysis.token_alignment import Alignment, SlotDiff, align

Key = tuple[int, int]
MIN_SHARE = 0.7  # share of the shorter sentence's words that must align
MIN_WORDS = 6  # tokens the shorter sentence needs for its wording to pin the relation's terms
NEGATION_REACH = 3  # tokens before the relation word in which a negator reverses it again
_NUMBER = re.compile(r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|a|an)$")


@cache
def converse() -> dict[str, frozenset[str]]:
    """Each relation word -> the words that state its reverse."""
    out: dict[str, set[str]] = {}
    for a, b in lexicon.load("relations")["pairs"]:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {w: frozenset(v) for w, v in out.items()}


def negated_before(tokens: Sequence[re.Match[str]], i: int) -> bool:
    """A negator ("not", "never", "without", "didn't") among the few tokens before token i."""
    return any(negates(t.group()) for t in tokens[max(0, i - NEGATION_REACH) : i])


def _bound(tokens: list[re.Match[str]], i: int) -> bool:
    """ "more than 40", "over 40": a bound on a figure, not a relation between two things."""
    nxt = [t.group().casefold() for t in tokens[i + 1 : i + 3]]
    if nxt and nxt[0] == "than":
        nxt = nxt[1:]
    return bool(nxt) and bool(_NUMBER.match(nxt[0]))


def reversed_relation(al: Alignment) -> tuple[int, str, str] | None:
    """(stretch index, word a, word b) when the two sentences differ in exactly one aligned word
    and that word is a relation and its converse."""
    if al.share < MIN_SHARE:
        return None
    differing = [k for k, op in enumerate(al.ops) if op[0] != "equal"]
    if len(differing) != 1:
        return None
    k = differing[0]
    tag, i1, i2, j1, j2 = al.ops[k]
    if tag != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
        return None
    wa, wb = al.tokens_a[i1].group(), al.tokens_b[j1].group()
    if wb.casefold() not in converse().get(wa.casefold(), frozenset()):
        return None
    before, after = al.frame(k)
    if min(len(al.tokens_a), len(al.tokens_b)) < MIN_WORDS or not (before or after):
        return None
    if negated_before(al.tokens_a, i1) or negated_before(al.tokens_b, j1):
        return None
    if _bound(al.tokens_a, i1) or _bound(al.tokens_b, j1):
        return None
    return k, wa, wb


@dataclass(frozen=True, slots=True)
class ClaimPair:
    """Two same-claim sentences of different outlets, aligned word by word."""

    x: Key
    y: Key
    al: Alignment
    span_x: SentenceSpan
    span_y: SentenceSpan
    source_x: str  # outlet names as written
    source_y: str

    def sides(self, i: int, j: int) -> tuple[FlagSide, FlagSide]:
        """Flag sides quoting token i of sentence x and token j of sentence y."""
        ta, tb = self.al.tokens_a[i], self.al.tokens_b[j]
        return (
            FlagSide(*self.x, self.span_x.start + ta.start(), self.span_x.start + ta.end(),
                     ta.group()),
            FlagSide(*self.y, self.span_y.start + tb.start(), self.span_y.start + tb.end(),
                     tb.group()),
        )  # fmt: skip


def aligned_claim_pairs(
    articles: Sequence[ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    clusters: Sequence[ClusterDraft],
    skip: Callable[[str, str], bool] | None = None,
) -> Iterator[ClaimPair]:
    """Each pair of same-claim sentences of different outlets (`same_claim_pairs`, the clause
    each states the claim in), aligned word by word; page lines that are no content are left
    out, and so are the pairs of texts `skip` says need no alignment."""
    by_id = {a.article_id: a for a in articles}
    spans = {(aid, s.idx): s for aid, ss in sentences.items() for s in ss if s.residue is None}
    source = {a.article_id: a.source.casefold() for a in articles}
    texts = {k: s.text for k, s in spans.items()}
    for x, y, vx, vy in same_claim_pairs(clusters, texts, source):
        tx, ty = view_text(texts[x], vx), view_text(texts[y], vy)
        if skip is not None and skip(tx, ty):
            continue
        al = align(tx, ty)
        if al is not None:
            yield ClaimPair(x, y, al, spans[x], spans[y], by_id[x[0]].source, by_id[y[0]].source)


def reversed_relations(
    articles: Sequence[ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    clusters: Sequence[ClusterDraft],
    pairs: Iterable[ClaimPair] | None = None,
) -> list[FlagDraft]:
    """One flag per pair of same-claim sentences (different outlets) that state one relation in
    opposite directions. `pairs`: their `aligned_claim_pairs` when the caller has them."""
    flags: list[FlagDraft] = []
    raised: set[tuple[Key, Key, str, str]] = set()
    if pairs is None:
        pairs = aligned_claim_pairs(articles, sentences, clusters)
    for pair in pairs:
        found = reversed_relation(pair.al)
        if found is not None and (pair.x, pair.y, *found[1:]) not in raised:
            raised.add((pair.x, pair.y, *found[1:]))  # one pair in two claims: one flag
            flags.append(_flag(pair, found))
    return flags


def _flag(pair: ClaimPair, found: tuple[int, str, str]) -> FlagDraft:
    k, wa, wb = found
    al = pair.al
    _, i1, _, j1, _ = al.ops[k]
    before, after = al.frame(k)
    side, other = pair.sides(i1, j1)
    return FlagDraft(
        kind="contradiction",
        detector="compare-order",
        side=side,
        other=other,
        explanation=(
            f"{pair.source_x} says “{_framed(before, wa, after)}”; {pair.source_y} says"
            f" “{_framed(before, wb, after)}”: the same words with the relation reversed"
            f" (“{wa}” / “{wb}”), so the two reports give the opposite order or comparison."
        ),
        confidence=0.5,
        suggestion="check in the primary source which way the relation runs",
        evidence={
            "values": [wa, wb],
            "slot_alignment": SlotDiff(wa, wb, before, after, al.share).as_evidence(),
        },
        slot="relation",
    )


def _framed(before: str, word: str, after: str) -> str:
    return " ".join(w for w in (before, word, after) if w)
