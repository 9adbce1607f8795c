"""Sentence splitting with character offsets kept.

Lines are split first, so a headline, a caption or a paragraph never merges with its neighbour (a
caption with no full stop otherwise ran into the paragraph after it). Inside a line a
regex finds sentence ends; an abbreviation guard keeps "Mr. Reid", "Jan. 5", "J. R. Tolkien" and
"5.5" whole. Abbreviations that can also end a sentence ("U.S.", "Inc.", "D.C.") split only when a
typical sentence opener or an opening quote follows, so "back in D.C. “It worked…" splits while
"Washington, D.C. Mayor Bowser" does not.

The pipeline should call `segment_article(text)` (the same as `split_sentences(text)`): it also
fills each span's `residue` through `analysis.residue.mark_residue` (`segment_with_hits` also
returns the residue hits, so that the residue flags need no second classification).
`split_sentences(text, classify=False)` gives bare spans.
"""

from __future__ import annotations

import re
from dataclasses import replace

from analysis.lexicon import WORD_RE, load
from analysis.model import SentenceSpan
from analysis.residue import OVERLONG, ResidueHit, mark_residue_hits

# Characters that count as blank at a sentence's edges: Unicode whitespace plus invisible marks that
# scraped pages leave behind (zero-width space, word joiner, byte-order mark).
_INVISIBLE = frozenset("\u200b\u2060\ufeff")

_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CLOSERS = "\"'”’»)]}」』）〉》"
_END = re.compile(rf"(?:[.!?…]+|[。！？]+)[{re.escape(_CLOSERS)}]*")
_TOKEN_BEFORE = re.compile(r"[\w.]*\w\.*$")  # the word the full stop ends, dots included: "U.S."
_DOTTED = re.compile(r"^(?:[A-Za-z]\.){1,3}[A-Za-z]$")  # "D.C", "a.k.a", "U.S.A"
_NEXT_WORD = re.compile(r"[\w’']+")
_LEX = load("segment")
# Hostile or broken text: no word or URL is longer than MAX_TOKEN_CHARS, so a longer run of
# non-blank characters (a base64 blob, a 2 MB "word") becomes its own span marked residue and no
# detector reads it; a line with no sentence end for MAX_SENTENCE_CHARS is cut at a blank. Both
# bound the work each sentence costs, so analysis stays linear in the text whatever it holds.
MAX_TOKEN_CHARS = 500
MAX_SENTENCE_CHARS = 3000
_RUN = re.compile("[^\\s\u200b\u2060\ufeff]+")  # a run of non-blank characters

# Abbreviations after which a sentence never ends: titles and labels always followed by more.
NEVER_END = frozenset(_LEX["never_end"])
# Abbreviations that may end a sentence: split only before a sentence opener or an opening quote.
MAY_END = frozenset(_LEX["may_end"])
# Words that commonly open an English sentence; they decide a split after a MAY_END abbreviation.
OPENERS = frozenset(_LEX["openers"])
_OPENING_PUNCT = frozenset("\"'“‘«([{¿¡「『")


def is_blank_char(ch: str) -> bool:
    """Whether `ch` is whitespace or an invisible mark, i.e. never part of a sentence."""
    return ch.isspace() or ch in _INVISIBLE


def words(text: str) -> list[str]:
    """The words of `text`, inner apostrophes and hyphens kept ("couldn’t", "Bury-le-Bois")."""
    return WORD_RE.findall(text)


def split_sentences(text: str, *, classify: bool = True) -> list[SentenceSpan]:
    """Sentences of `text` in order, offsets end-exclusive, each stripped of blank characters.

    With `classify` (the default) each span's `residue` says why it is not article content
    ("caption", "share buttons", …) or is None; the pipeline should call this.
    """
    spans: list[SentenceSpan] = []
    for line_start, line_end in _lines(text):
        for start, end in _split_line(text, line_start, line_end):
            spans.append(SentenceSpan(len(spans), start, end, text[start:end]))
    return _mark(text, spans)[0] if classify else spans


def segment_article(text: str) -> list[SentenceSpan]:
    """Sentences of an article with `residue` filled: what the pipeline stores."""
    return split_sentences(text, classify=True)


def segment_with_hits(text: str) -> tuple[list[SentenceSpan], list[ResidueHit | None]]:
    """`segment_article` and the residue hits behind it, for `residue.residue_flags(hits=…)`."""
    return _mark(text, split_sentences(text, classify=False))


def _mark(
    text: str, spans: list[SentenceSpan]
) -> tuple[list[SentenceSpan], list[ResidueHit | None]]:
    """Residue of every span: overlong tokens (see MAX_TOKEN_CHARS) without reading them, the
    others by `residue.mark_residue_hits`."""
    long = [
        i for i, s in enumerate(spans) if len(s.text) > MAX_TOKEN_CHARS and _RUN.fullmatch(s.text)
    ]
    if not long:
        return mark_residue_hits(text, spans)
    skip = set(long)
    rest, rest_hits = mark_residue_hits(text, [s for i, s in enumerate(spans) if i not in skip])
    marked: list[SentenceSpan] = []
    hits: list[ResidueHit | None] = []
    others = iter(zip(rest, rest_hits, strict=True))
    for i, s in enumerate(spans):
        if i in skip:
            detail = f"one run of {len(s.text):,} characters without a space"
            hits.append(ResidueHit(OVERLONG, "overlong-token", 0.9, detail))
            marked.append(replace(s, residue=OVERLONG))
        else:
            span, hit = next(others)
            marked.append(span)
            hits.append(hit)
    return marked, hits


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, line breaks excluded."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return bounds


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and is_blank_char(text[start]):
        start += 1
    while end > start and is_blank_char(text[end - 1]):
        end -= 1
    return start, end


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence extents inside one line."""
    start, end = _trim(text, start, end)
    pieces: list[tuple[int, int]] = []
    cursor = start
    for m in _END.finditer(text, start, end):
        cut = m.end()
        nxt = cut
        while nxt < end and is_blank_char(text[nxt]):
            nxt += 1
        if nxt >= end:
            break
        cjk_stop = any(c in "。！？" for c in m.group())
        if (nxt == cut and not cjk_stop) or not _ends_sentence(text, m.start(), m.group(), nxt):
            continue
        pieces.append((cursor, cut))
        cursor = nxt
    if cursor < end:
        pieces.append((cursor, end))
    trimmed = (_trim(text, s, e) for s, e in pieces)
    return [b for s, e in trimmed if s < e for b in _bounded(text, s, e)]


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence with every overlong token cut out as a span of its own, and what remains cut at
    blanks into pieces of at most MAX_SENTENCE_CHARS (see there)."""
    if end - start <= MAX_TOKEN_CHARS:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    cursor = start
    for m in _RUN.finditer(text, start, end):  # each run read once: linear
        if m.end() - m.start() <= MAX_TOKEN_CHARS:
            continue
        out += _cut_at_blanks(text, cursor, m.start())
        out.append(m.span())
        cursor = m.end()
    return out + _cut_at_blanks(text, cursor, end)


def _cut_at_blanks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) in pieces of at most MAX_SENTENCE_CHARS, each cut at its last blank (there
    is one in every MAX_TOKEN_CHARS + 1 characters once overlong tokens are out)."""
    out: list[tuple[int, int]] = []
    start, end = _trim(text, start, end)
    while end - start > MAX_SENTENCE_CHARS:
        cut = start + MAX_SENTENCE_CHARS
        while cut > start and not is_blank_char(text[cut]):
            cut -= 1
        if cut == start:  # cannot happen after _bounded; a hard cut keeps the loop finite
            cut = start + MAX_SENTENCE_CHARS
        out.append(_trim(text, start, cut))
        start, _ = _trim(text, cut, end)
    if start < end:
        out.append((start, end))
    return out


def _ends_sentence(text: str, stop: int, terminator: str, nxt: int) -> bool:
    """Whether the terminator at `stop` ends a sentence, given the next visible character."""
    following = text[nxt]
    if following.islower() or following in ",;:":
        return False
    if not terminator.startswith(".") or terminator.startswith(".."):
        return True
    before = _TOKEN_BEFORE.search(text[max(0, stop - 40) : stop])
    if before is None:
        return True
    raw = before.group().rstrip(".")
    token = raw.lower()
    if token in NEVER_END:
        return False
    if len(raw) == 1 and raw.isupper():
        return False  # an initial: "J. R. Tolkien"
    if token in MAY_END or _DOTTED.match(token):
        if following in _OPENING_PUNCT:
            return True
        word = _NEXT_WORD.match(text, nxt)
        return word is not None and word.group().lower() in OPENERS
    return True
