"""Page residue that only the article's layout gives away: a line stored twice, a caption without a
credit, a bare section label, a "By …" line at the edge, a capture cut off mid-sentence.

Scraped captions and labels often carry no cue word. What shows them is how they sit among the
story's paragraphs: in prose every paragraph ends with a stop, a caption or a label does not; a
headline printed twice repeats line 0. The rules read only shape and position (never a name or a
word of a particular story), and they stay off when the text is not punctuated prose (a
hard-wrapped file, a list of headlines), where an unclosed line means nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from analysis.lexicon import WORD_RE

REPEATED = "repeated"
CAPTION = "caption"
LABEL = "label"
BYLINE = "byline"
CUT_SHORT = "cut short"

# How a paragraph of prose may end: a stop, a colon before a list, a closing quote or bracket.
_CLOSING = tuple(".!?;:,…\"'”’»)]")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+[\"'“‘(]?[A-Z]")
_QUOTE_OPEN = tuple("\"'“‘«„-–—•*")
_BY_LINE = re.compile(r"^(?:By|BY|Von|Par|Por)\s+\S")
_SENTENCE_WORDS = 7  # a line this long reads as a sentence (or a caption), not a label
_CAPTION_WORDS = 25  # longer unclosed lines are story sentences that lost their stop
_MIN_PROSE_LINES = 3  # other sentence lines before "most lines end with a stop" means much
_PROSE_SHARE = 0.7
_UNCLOSED = "unclosed-line"
_NEAR_WORDS = 5  # words (3+ letters) a near copy needs: "Posted: <date>" / "Updated: <date>" differ
_NEAR_HEADLINE = 90  # rapidfuzz ratio of a top line to line 0 that counts as the headline again
# Closed-class words a finished English sentence does not end with, beyond the `function_words`
# the caller gives (articles, prepositions): a clause left open ("… found that", "… than").
_OPEN_ENDINGS = frozenset(
    {"that", "which", "whether", "than", "but", "because", "while", "if", "whose", "its", "their"}
    | {"my", "our", "your"}
)


@dataclass(frozen=True, slots=True)
class LayoutHit:
    """Why a line is residue by its place in the article; `reason` is one of the names above."""

    reason: str
    rule: str
    confidence: float
    detail: str


def layout_hits(
    lines: Sequence[str],
    function_words: Collection[str],
    verbs: Collection[str],
    *,
    ordinary: Callable[[str], bool] = lambda word: True,
    known: Callable[[str], bool] = lambda word: True,
) -> dict[int, LayoutHit]:
    """Residue verdicts by line number (0 is where a headline sits, never judged here).

    `function_words` are the words a sentence cut off mid-way tends to end with; `verbs` the
    finite verbs a byline does not have; `ordinary(word)` says a word is an everyday word of
    the language, not a name (a section label is one: "Details"; a venue on a line of its own
    is not); `known(word)` that a word exists at all (a capture cut mid-word ends in one that
    does not).
    """
    hits: dict[int, LayoutHit] = {}
    keys = [_dup_key(line) for line in lines]
    seen: dict[str, int] = {}
    for k, key in enumerate(keys):
        if k and len(key.split()) >= 4:
            hit = _repeated(k, key, keys[0], seen)
            if hit:
                hits[k] = hit
        seen.setdefault(key, k)
    last = len(lines) - 1
    # The story's own sentence-like lines: how a paragraph of this text ends. An unclosed last line
    # is left out (a capture may cut it mid-sentence), and so are lines already known as residue.
    prose = [
        k
        for k in range(1, last + 1)
        if k not in hits
        and len(WORD_RE.findall(lines[k])) >= _SENTENCE_WORDS
        and (k < last or lines[k].strip().endswith(_CLOSING))
    ]
    closed = {k for k in prose if lines[k].strip().endswith(_CLOSING)}
    for k in range(1, len(lines)):
        if k in hits:
            continue
        line = lines[k].strip()
        words = WORD_RE.findall(line)
        hit = _byline(k, last, line, words, verbs)
        if hit is None and not line.endswith(_CLOSING):
            others = len(prose) - (k in prose)
            shut = len(closed) - (k in closed)
            least = _MIN_PROSE_LINES - 1 if line[:1].islower() else _MIN_PROSE_LINES
            if others >= least and shut >= _PROSE_SHARE * others:
                nxt = lines[k + 1].strip() if k < last else ""
                hit = (
                    _label(k, last, line, words, lines, ordinary)
                    or _cut_short(k, last, line, words, function_words, known)
                    or _caption(k, last, line, words, nxt, function_words)
                )
        if hit:
            hits[k] = hit
    _keep_placed_captions(hits, lines)
    return hits


def _keep_placed_captions(hits: dict[int, LayoutHit], lines: Sequence[str]) -> None:
    """An unclosed sentence alone in the middle of a story is as often a story sentence that lost
    its stop as a caption; keep it only where captions and decks sit: right under the headline,
    starting in lower case (alt text), or in a block of two or more such lines."""
    unclosed = {k for k, h in hits.items() if h.rule == _UNCLOSED}
    for k in unclosed:
        placed = k <= 2 or lines[k].strip()[:1].islower() or bool({k - 1, k + 1} & unclosed)
        if not placed:
            del hits[k]


def _dup_key(line: str) -> str:
    """A line folded so that copies differing in quotes, dashes, case or spacing are equal."""
    folded = unicodedata.normalize("NFKC", line).casefold()
    return " ".join(WORD_RE.findall(folded))


def _repeated(k: int, key: str, headline: str, seen: dict[str, int]) -> LayoutHit | None:
    first = seen.get(key)
    if first is not None:
        where = "the headline" if first == 0 else f"line {first + 1}"
        return LayoutHit(REPEATED, "repeated-line", 0.85, f"the same words stand as {where} above")
    wordy = sum(1 for w in key.split() if w.isalpha() and len(w) >= 3) >= _NEAR_WORDS
    if k <= 3 and wordy and fuzz.ratio(key, headline) >= _NEAR_HEADLINE:
        return LayoutHit(REPEATED, "repeated-headline", 0.8, "a near copy of the headline")
    return None


def _byline(
    k: int, last: int, line: str, words: list[str], verbs: Collection[str]
) -> LayoutHit | None:
    """ "By staff", "By our correspondent": a short "By …" line among the first or last lines,
    with no verb and no stop (a name need not be capitalised for the line to be a byline)."""
    if not (k <= 2 or k >= last - 1) or not _BY_LINE.match(line) or line.endswith((".", "!", "?")):
        return None
    if not 2 <= len(words) <= 8 or any(w.lower() in verbs for w in words) or _digit(line):
        return None
    return LayoutHit(BYLINE, "byline-shape", 0.75, "a short “By …” line at the edge of the article")


def _label(
    k: int,
    last: int,
    line: str,
    words: list[str],
    lines: Sequence[str],
    ordinary: Callable[[str], bool],
) -> LayoutHit | None:
    """One word on a line of its own among punctuated paragraphs: a section label, or at the end a
    label whose block was cut off. A label is an everyday word the story does not use as a name;
    a one-word line that is a name (a venue, a town, a team) is no label."""
    if len(words) != 1 or words[0] != line or len(line) < 3 or not line[0].isupper():
        return None
    if line.isupper():  # an acronym in a list ("NFC"), not a label
        return None
    if not ordinary(line) or _named_elsewhere(line, lines, k):
        return None
    where = "the last line" if k == last else "a line of its own between paragraphs"
    return LayoutHit(LABEL, "bare-label", 0.6, f"a bare word as {where}")


def _named_elsewhere(word: str, lines: Sequence[str], k: int) -> bool:
    """Whether another line writes `word` capitalised inside a sentence, as a name is written
    ("… at Sixways on Friday"), not only where any word is (a line's or a sentence's start)."""
    inside = re.compile(rf"(?:(?<=[^\W\d_] )|(?<=[^\W\d_][,;] )){re.escape(word)}\b")
    return any(j != k and inside.search(other) for j, other in enumerate(lines))


def _cut_short(
    k: int,
    last: int,
    line: str,
    words: list[str],
    function_words: Collection[str],
    known: Callable[[str], bool],
) -> LayoutHit | None:
    """The article's last line is a sentence that stops without its end: it ends on a word no
    sentence ends with ("… to decide whether the") or on a piece of a word ("… found that c").
    A capture of the page cut short: the sentence is incomplete (a figure in it may be cut too),
    which the reviewer should know before trusting it."""
    if k != last or len(words) < 2:
        return None
    end = words[-1]
    letter = len(end) == 1 and end not in ("a", "i")
    piece = end.islower() and end.isalpha() and (letter or not known(end))
    closed_class = end.lower() in function_words or end.lower() in _OPEN_ENDINGS
    if not (piece or (closed_class and len(words) >= 3)):
        return None
    tail = " ".join(line.split()[-3:])
    return LayoutHit(CUT_SHORT, "cut-short", 0.7, f"the text ends at “… {tail}”")


def _caption(
    k: int, last: int, line: str, words: list[str], nxt: str, function_words: Collection[str]
) -> LayoutHit | None:
    """A sentence-like line with no closing stop between paragraphs that all have one: the text of
    a picture's caption or alt text. Not the last line (a capture may cut the story mid-sentence),
    not a line that runs on into the next (a wrapped paragraph), not a title-case subheading."""
    if k == last or not _SENTENCE_WORDS <= len(words) <= _CAPTION_WORDS:
        return None
    if line.startswith(_QUOTE_OPEN):
        return None
    if line[:1].isdigit():  # a list item or a fragment of a sentence split at a decimal point
        return None
    if words[-1].lower() in function_words or _SENTENCE_BREAK.search(line):
        return None
    if nxt[:1].islower():
        return None
    if sum(1 for w in words if w.islower() and len(w) >= 3) < 3:
        return None  # a date and time, a list of names: not a sentence that lost its stop
    long_words = [w for w in words if len(w) >= 4]
    if long_words and sum(w[0].isupper() for w in long_words) * 2 > len(long_words):
        return None  # Title Case: a subheading or another headline, not a caption
    return LayoutHit(
        CAPTION,
        _UNCLOSED,
        0.6,
        "a line with no closing stop among punctuated paragraphs; or a heading",
    )


def _digit(text: str) -> bool:
    return any(c.isdigit() for c in text)
