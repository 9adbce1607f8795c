"""Word-by-word alignment of two sentences that state one claim, so a flag can say exactly which
slot differs: "killed 14 people in the valley" / "killed 17 people in the valley" differ in one
slot, framed by "killed" before it and "people" after it.

The words are aligned on their stems (difflib's longest matching blocks, no junk heuristic), so
"crashed" meets "crash" and word order is kept: a bag of words would pair a "14" with any number.
A flagged value sits in one differing stretch; the words the two sentences share just before and
after it are its frame. When the sentences share too little wording for an alignment to mean
anything, or the flagged value is not in a differing stretch on both sides, there is no answer.

Pure: two sentences and the character spans of the flagged values in, a `SlotDiff` out;
`with_slot_alignment` adds it to a contradiction flag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

from analysis.claim_slots import stem
from analysis.model import FlagDraft, SentenceSpan

MIN_SHARE = 0.3  # share of the shorter sentence's words that must align for a frame to mean much
FRAME = 3  # shared words quoted either side of the differing slot
_EDGE_PUNCTUATION = " ,;:—–-"  # a frame does not open or close on a clause mark
_TOKEN = re.compile(r"\w+(?:['’.\-:]\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class SlotDiff:
    """What fills one slot on each side, and the shared words around it."""

    a: str  # the differing words as written
    b: str
    before: str  # shared words just before the slot ("" at the start)
    after: str  # shared words just after it ("" at the end)
    share: float  # aligned words / words of the shorter sentence
    written_a: str = ""  # the frame and slot as sentence a writes them ("" when not known)
    written_b: str = ""

    def framed(self, side: str) -> str:
        """The slot with its frame: "killed 14 people", spaced as the sentence writes it, so
        "$2.6 billion" is not shown as "$ 2.6 billion" (the words joined by spaces when the
        sentence's own stretch is not known, or the slot is empty on this side)."""
        written = self.written_a if side == "a" else self.written_b
        if written:
            return written
        middle = self.a if side == "a" else self.b
        return " ".join(w for w in (self.before, middle or "…", self.after) if w)

    def as_evidence(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "before": self.before, "after": self.after,
                "aligned_share": round(self.share, 3)}  # fmt: skip


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


@lru_cache(maxsize=1 << 17)
def key_of(token: str) -> str:
    """What a token is aligned on: its stem, or the token itself when it is no word. Kept per
    token written (a corpus has some tens of thousands): the comparison and the slot swaps ask
    for the key of every word of tens of thousands of sentences on every run."""
    return stem(token) if token[0].isalpha() else token.casefold()


def _covering(tokens: list[re.Match[str]], start: int, end: int) -> tuple[int, int] | None:
    """Indices [i, j) of the tokens that overlap text[start:end]."""
    inside = [k for k, t in enumerate(tokens) if t.start() < end and start < t.end()]
    return (inside[0], inside[-1] + 1) if inside else None


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two sentences' tokens aligned on their stems: difflib opcodes over token indices."""

    text_a: str
    text_b: str
    tokens_a: list[re.Match[str]]
    tokens_b: list[re.Match[str]]
    ops: list[tuple[str, int, int, int, int]]
    share: float  # aligned tokens / tokens of the shorter sentence

    def _frame_widths(self, k: int) -> tuple[int, int]:
        """How many shared words (up to FRAME) frame differing stretch `k` before and after it;
        the same on both sides, since equal blocks align one to one."""
        ops = self.ops
        _, i1, i2, _, _ = ops[k]
        prev = ops[k - 1] if k > 0 and ops[k - 1][0] == "equal" else None
        nxt = ops[k + 1] if k + 1 < len(ops) and ops[k + 1][0] == "equal" else None
        before = i1 - max(prev[1], i1 - FRAME) if prev else 0
        return before, (min(nxt[2], i2 + FRAME) - i2 if nxt else 0)

    def frame(self, k: int) -> tuple[str, str]:
        """The shared words (up to FRAME) just before and just after differing stretch `k`."""
        _, i1, i2, _, _ = self.ops[k]
        nb, na = self._frame_widths(k)
        before, after = self._text_a(i1 - nb, i1), self._text_a(i2, i2 + na)
        return before.lstrip(_EDGE_PUNCTUATION), after.rstrip(_EDGE_PUNCTUATION)

    def _text_a(self, x: int, y: int) -> str:
        """Tokens [x, y) of sentence a as written, spaces and punctuation kept."""
        ta = self.tokens_a
        return self.text_a[ta[x].start() : ta[y - 1].end()] if y > x else ""

    def written(self, k: int) -> tuple[str, str]:
        """Stretch `k` as each sentence writes it ("" for a side with no words there)."""
        _, i1, i2, j1, j2 = self.ops[k]

        def span(tokens: list[re.Match[str]], text: str, x: int, y: int) -> str:
            return text[tokens[x].start() : tokens[y - 1].end()] if y > x else ""

        return span(self.tokens_a, self.text_a, i1, i2), span(self.tokens_b, self.text_b, j1, j2)

    def framed_as_written(self, k: int) -> tuple[str, str]:
        """Differing stretch `k` with the frame `frame` gives it, as each sentence writes it
        (spaces and punctuation kept); "" for a side whose stretch is empty."""
        _, i1, i2, j1, j2 = self.ops[k]
        nb, na = self._frame_widths(k)

        def stretch(tokens: list[re.Match[str]], text: str, x: int, y: int) -> str:
            if y == x + nb + na:
                return ""  # nothing of this side in the slot
            out = text[tokens[x].start() : tokens[y - 1].end()]
            out = out.lstrip(_EDGE_PUNCTUATION) if nb else out
            return out.rstrip(_EDGE_PUNCTUATION) if na else out

        return (
            stretch(self.tokens_a, self.text_a, i1 - nb, i2 + na),
            stretch(self.tokens_b, self.text_b, j1 - nb, j2 + na),
        )


def align(text_a: str, text_b: str) -> Alignment | None:
    """The word-by-word alignment of two sentences (None when either has no words)."""
    ta, tb = _tokens(text_a), _tokens(text_b)
    ka, kb = [key_of(t.group()) for t in ta], [key_of(t.group()) for t in tb]
    if not ka or not kb:
        return None
    matcher = SequenceMatcher(None, ka, kb, autojunk=False)
    share = sum(b.size for b in matcher.get_matching_blocks()) / min(len(ka), len(kb))
    return Alignment(text_a, text_b, ta, tb, matcher.get_opcodes(), share)


def slot_difference(
    text_a: str, span_a: tuple[int, int], text_b: str, span_b: tuple[int, int]
) -> SlotDiff | None:
    """The aligned slot in which the flagged spans differ, with its shared frame."""
    al = align(text_a, text_b)
    if al is None or al.share < MIN_SHARE:
        return None
    ca, cb = _covering(al.tokens_a, *span_a), _covering(al.tokens_b, *span_b)
    if ca is None or cb is None:
        return None
    hit = [k for k, (tag, i1, i2, _, _) in enumerate(al.ops)
           if tag != "equal" and _overlaps((i1, i2), ca)]  # fmt: skip
    if len(hit) != 1:
        return None  # the value spans several differing stretches, or none
    k = hit[0]
    if not _overlaps(al.ops[k][3:5], cb):
        return None  # the two values sit in different stretches: not one slot
    before, after = al.frame(k)
    if not (before or after):
        return None
    a, b = al.written(k)
    return SlotDiff(a, b, before, after, al.share, *al.framed_as_written(k))


def _overlaps(block: tuple[int, int], span: tuple[int, int]) -> bool:
    """Whether token range `block` and `span` overlap (an empty block touches its position)."""
    lo, hi = block
    if lo == hi:
        return span[0] < lo < span[1]
    return lo < span[1] and span[0] < hi


def with_slot_alignment(
    flag: FlagDraft, sentences: Mapping[int, Sequence[SentenceSpan]]
) -> FlagDraft:
    """A two-sided contradiction with the slot its values fill, aligned word by word, added to
    its evidence (`slot_alignment`) and explanation; any other flag unchanged."""
    if flag.kind != "contradiction" or flag.other is None or "slot_alignment" in flag.evidence:
        return flag
    sides = []
    for side in (flag.side, flag.other):
        sent = next((s for s in sentences.get(side.article_id, ()) if s.idx == side.sentence_idx),
                    None)  # fmt: skip
        if sent is None or not sent.start <= side.start <= side.end <= sent.end:
            return flag
        sides.append((sent.text, (side.start - sent.start, side.end - sent.start)))
    (text_a, span_a), (text_b, span_b) = sides
    diff = slot_difference(text_a, span_a, text_b, span_b)
    if diff is None:
        return flag
    words = f" Word by word: “{diff.framed('a')}” / “{diff.framed('b')}”."
    evidence = {**flag.evidence, "slot_alignment": diff.as_evidence()}
    return replace(flag, evidence=evidence, explanation=flag.explanation + words)
