"""A person's role swapped inside one claim: "four people were detained, including the plant
manager" in one outlet and "... including the plant owner" in another; "the driver was hurt" /
"a passenger was hurt".

Two sentences of one claim cluster, from different outlets, are aligned word by word
(`analysis.token_alignment`). Where one word on each side differs between shared words, and the
two words are roles that no group of `lexicon/roles.json` holds both of, the outlets name two
different people for one part of the claim. Unlike a relation swap (`analysis.order_relations`)
the rest of the two sentences may be worded apart, since the role is read off its own frame: the
words just before it must be shared (`FRAME` of them, at least one a word, so that "the plant"
or "including the" pins what the role is of), and the word after it must be shared or close the
clause on both sides.

A report that names both roles is no conflict: when either article writes, anywhere, a word that
may name the other side's role (the plant's owner and its manager both held), the swap is left
alone, and so is a role word negated just before ("not the owner"). Role words are matched only
in lower case: a capitalised "President" is a title of a name, which name checks compare.

Pure: plain data in (articles, sentences, clusters), `FlagDraft`s out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from analysis import lexicon
from analysis.model import ArticleText, ClusterDraft, FlagDraft, SentenceSpan
from analysis.order_relations import ClaimPair, aligned_claim_pairs, negated_before
from analysis.token_alignment import Alignment, SlotDiff

FRAME = 2  # shared tokens just before the role that pin what it is the role of
CONFIDENCE = 0.5
_CLAUSE_END = frozenset(",;:.!?)—–")


@cache
def role_groups() -> dict[str, frozenset[int]]:
    """Each role word -> the groups (by index) it belongs to."""
    out: dict[str, set[int]] = {}
    for n, group in enumerate(lexicon.load("roles")["groups"]):
        for word in group:
            out.setdefault(word, set()).add(n)
    return {w: frozenset(g) for w, g in out.items()}


def conflicting(a: str, b: str) -> bool:
    """Two role words (as written) that cannot name one person: both lower case, both in the
    lexicon, and no group holds both."""
    groups = role_groups()
    ga, gb = groups.get(a), groups.get(b)
    return a.islower() and b.islower() and ga is not None and gb is not None and not ga & gb


def _names_role(words: frozenset[str], role: str) -> bool:
    """Whether an article's lower-case words include one that may name `role`'s person."""
    groups = role_groups()
    mine = groups[role]
    return any(groups.get(w, frozenset()) & mine for w in words)


def _closes(tokens: Sequence[re.Match[str]], i: int) -> bool:
    """Token i is past the end or a mark that closes the clause."""
    return i >= len(tokens) or tokens[i].group() in _CLAUSE_END


def role_swaps(al: Alignment) -> list[tuple[int, str, str]]:
    """(stretch index, role a, role b) for each differing stretch that opens, on both sides,
    with a role word in its shared frame, the two roles unable to name one person: the stretch
    is one word on each side with shared words after it, or each role word closes its clause."""
    out = []
    ops = al.ops
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace":
            continue
        wa, wb = al.tokens_a[i1].group(), al.tokens_b[j1].group()
        if not conflicting(wa, wb):
            continue
        prev = ops[k - 1] if k > 0 else None
        if prev is None or prev[0] != "equal" or prev[2] - prev[1] < FRAME:
            continue
        before = [t.group() for t in al.tokens_a[i1 - FRAME : i1]]
        if not any(w[0].isalpha() for w in before) or before[-1] in _CLAUSE_END:
            continue
        one_word = i2 - i1 == 1 and j2 - j1 == 1 and k + 1 < len(ops)
        if not one_word and not (_closes(al.tokens_a, i1 + 1) and _closes(al.tokens_b, j1 + 1)):
            continue
        if negated_before(al.tokens_a, i1) or negated_before(al.tokens_b, j1):
            continue
        out.append((k, wa, wb))
    return out


def _lower_words(text: str) -> frozenset[str]:
    return frozenset(w for w in lexicon.WORD_RE.findall(text) if w.islower())


def swapped_roles(
    articles: Sequence[ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    clusters: Sequence[ClusterDraft],
    pairs: Iterable[ClaimPair] | None = None,
) -> list[FlagDraft]:
    """One flag per pair of same-claim sentences (different outlets) that give one part of the
    claim to two roles no one person holds, unless either article names both. `pairs`: their
    `aligned_claim_pairs` when the caller has them."""
    by_id = {a.article_id: a for a in articles}
    words: dict[int, frozenset[str]] = {}

    def article_words(aid: int) -> frozenset[str]:
        if aid not in words:
            words[aid] = _lower_words(by_id[aid].text)
        return words[aid]

    flags: list[FlagDraft] = []
    raised: set[tuple[int, int, str, str]] = set()  # one flag per two articles and two roles
    if pairs is None:
        pairs = aligned_claim_pairs(articles, sentences, clusters)
    for pair in pairs:
        ax, ay = pair.x[0], pair.y[0]
        for k, wa, wb in role_swaps(pair.al):
            if (ax, ay, wa, wb) in raised:
                continue  # a pair in two claims, or an article saying it twice: one flag
            if _names_role(article_words(ax), wb) or _names_role(article_words(ay), wa):
                continue  # an article that names both roles: both people are in the story
            raised.add((ax, ay, wa, wb))
            flags.append(_flag(pair, k))
    return flags


def _a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def _flag(pair: ClaimPair, k: int) -> FlagDraft:
    al = pair.al
    _, i1, i2, j1, j2 = al.ops[k]
    side, other = pair.sides(i1, j1)
    wa, wb = side.quote, other.quote
    before, after = al.frame(k)
    if i2 - i1 != 1 or j2 - j1 != 1:
        after = ""  # the words after the role differ: the frame is what comes before
    diff = SlotDiff(wa, wb, before, after, al.share)
    return FlagDraft(
        kind="contradiction",
        detector="compare-role",
        side=side,
        other=other,
        explanation=(
            f"{pair.source_x} says “{diff.framed('a')}”; {pair.source_y} says"
            f" “{diff.framed('b')}” about the same thing: {_a(wa)} and {_a(wb)} are different"
            " people, and neither report names the other's."
        ),
        confidence=CONFIDENCE,
        suggestion="check in the primary source who it was",
        evidence={"values": [wa, wb], "slot_alignment": diff.as_evidence()},
        slot="entity",
    )
