"""Spacing and punctuation that English typesetting never produces, in general form.

Machine translation and the copy-paste around it break typography in a few families, whatever the
words: a quote mark glued to a word on the wrong side (`minister”added`, `said“Our`), a stray
space on one side of a compound's hyphen (`long -term`, `state- run`, `K- Link`), foreign
quotation marks left in English text («…», „…“) and spaces just inside brackets (`( US$ 1.9 m )`).
Each rule looks at characters only, so it works on stories and names it has never seen. Native
English copy has none of these except by typo, which is why confidences are high.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from wordfreq import zipf_frequency


@dataclass(frozen=True, slots=True)
class TypoHit:
    """One span (offsets inside the sentence) and how to repair it."""

    start: int
    end: int
    detector: str
    confidence: float
    explanation: str
    fix: str | None  # the exact replacement ("" = delete), when there is one
    advice: str | None = None  # what to do instead, when no replacement can be written


# A closing curly quote followed straight by a letter: `(09:15 GMT)”after`, `officials”added`.
_CLOSE_GLUED = re.compile(r"(\S{0,40}?[^\s“‘(\[])([”])([^\W_][\w'’-]*)")
# An opening curly quote right after a letter or digit: `said“We`, `the‘big`.
_OPEN_GLUED = re.compile(r"([\w'’-]{0,40}[^\W_][.,:;!?]?)([“‘])(?=[^\W_])(\S{0,40}?)(?=[\s”’]|$)")
# A straight double quote with a letter on both sides: `orders"reflecting`.
_STRAIGHT_GLUED = re.compile(r"([\w'’-]{0,40}[^\W\d_][.,!?]?)(\")([^\W\d_][\w'’-]*)")
# Space just inside a curly pair: `“ historic ”`.
_SPACED_QUOTES = re.compile(r"“\s+[^“”\n]{1,200}?”|“[^“”\n]{1,200}?\s+”")
_GUILLEMETS = re.compile(r"«\s*([^«»\n]{1,300}?)\s*»|‹\s*([^‹›\n]{1,300}?)\s*›")
_LOW_QUOTES = re.compile(r"„([^„“”\"\n]{1,300}?)[“”\"]")
_BRACKET_INSIDE = re.compile(r"([(\[])( *)([^()\[\]\n]{1,120}?)( *)([)\]])")
# A word, one space, a hyphen glued to a lower-case word: `long -term`, `rain -soaked`.
_HYPHEN_BEFORE = re.compile(r"(?<![\w\-−–—])([^\W\d_][\w.]{0,60}) -([^\W\d_][\w]*)(?![\w\-])")
# A word with a hyphen, one space, then a word: `state- owned`, `S- Connect`.
_HYPHEN_AFTER = re.compile(r"(?<![\w\-])([^\W\d_][\w.]{0,60})- ([^\W\d_][\w]*)")
# Suspended hyphens ("pre- and post-war", "small- to mid-sized") are correct English.
_SUSPENDING = frozenset({"and", "or", "to", "nor", "versus", "vs", "und", "et", "y", "e", "ou"})


def typography_hits(text: str) -> Iterator[TypoHit]:
    """Every quote, hyphen and bracket spacing fault in one sentence."""
    yield from _glued_quotes(text)
    yield from _foreign_quotes(text)
    yield from _bracket_spaces(text)
    yield from _hyphen_spaces(text)


def _glued_quotes(text: str) -> Iterator[TypoHit]:
    for m in _CLOSE_GLUED.finditer(text):
        before, mark, after = m.groups()
        fix = f"{before}{mark} {after}"
        yield TypoHit(
            m.start(), m.end(), "quote-spacing", 0.85,
            f"“{m.group()}” glues the closing quote mark to the next word; a space was lost, as "
            "happens when French or other quotation marks are converted in translation.",
            fix,
        )  # fmt: skip
    for m in _OPEN_GLUED.finditer(text):
        before, mark, after = m.groups()
        if mark == "‘" and before[-1:].isalpha() and not after[:1].isupper():
            continue  # “rock‘n’roll”-style elisions
        if not after:
            continue
        fix = f"{before} {mark}{after}"
        yield TypoHit(
            m.start(), m.end(), "quote-spacing", 0.8,
            f"“{m.group()}” glues the opening quote mark to the word before it; English puts a "
            "space before an opening quote.",
            fix,
        )  # fmt: skip
    for m in _STRAIGHT_GLUED.finditer(text):
        before, mark, after = m.groups()
        opening = text[: m.start(2)].count('"') % 2 == 0  # an even count before: this one opens
        fix = f"{before} {mark}{after}" if opening else f"{before}{mark} {after}"
        yield TypoHit(
            m.start(), m.end(), "quote-spacing", 0.75,
            f"“{m.group()}” has a quote mark glued to words on both sides; a space was lost.",
            fix,
        )  # fmt: skip
    for m in _SPACED_QUOTES.finditer(text):
        inner = m.group()[1:-1].strip()
        yield TypoHit(
            m.start(), m.end(), "quote-spacing", 0.6,
            f"“{m.group()}” has a space just inside its quote marks; English quotes sit against "
            "the words they enclose.",
            f"“{inner}”",
        )  # fmt: skip


_FOREIGN_MARKS = (
    (_GUILLEMETS, "uses guillemets, the quotation marks of French, Russian and other languages"),
    (_LOW_QUOTES, "opens with a low quotation mark („), as German, Polish and others do"),
)


def table_hits(
    text: str,
    table: Sequence[tuple[re.Pattern[str], str]],
    detector: str,
    confidence: float,
    explain: Callable[[re.Match[str], str], str],
    fix: Callable[[re.Match[str]], str | None],
) -> Iterator[TypoHit]:
    """One hit per match of each (pattern, what it is) row: the shared loop of the rules whose
    patterns differ only in what the explanation calls them."""
    for pat, what in table:
        for m in pat.finditer(text):
            yield TypoHit(m.start(), m.end(), detector, confidence, explain(m, what), fix(m))


def _foreign_quotes(text: str) -> Iterator[TypoHit]:
    yield from table_hits(
        text, _FOREIGN_MARKS, "foreign-quotes", 0.8,
        lambda m, what: (
            f"“{m.group()}” {what}; English text uses “…”. They were carried over from the source."
        ),
        lambda m: f"“{next(g for g in m.groups() if g is not None)}”",
    )  # fmt: skip


def _bracket_spaces(text: str) -> Iterator[TypoHit]:
    for m in _BRACKET_INSIDE.finditer(text):
        opener, lead, inner, trail, closer = m.groups()
        if not (lead or trail) or not re.search(r"[^\W_]", inner):
            continue  # "( )" or "[ … ]": not a bracketed phrase
        fix = f"{opener}{inner.strip()}{closer}"
        yield TypoHit(
            m.start(), m.end(), "bracket-spacing", 0.7,
            f"“{m.group()}” has a space just inside its brackets; English brackets sit against "
            "the words they enclose.",
            fix,
        )  # fmt: skip


def _hyphen_spaces(text: str) -> Iterator[TypoHit]:
    for m in _HYPHEN_BEFORE.finditer(text):
        left, right = m.groups()
        if not (right[0].islower() or (right.isupper() and len(right) <= 4)):
            continue  # " -Word" is more often a dash with a lost space; "Korea -US" is not
        yield _hyphen_hit(m, left, right, "before", 0.85)
    for m in _HYPHEN_AFTER.finditer(text):
        left, right = m.groups()
        if right.lower() in _SUSPENDING or text[m.end() : m.end() + 1] == "-":
            continue
        if not (left.islower() or (left.isupper() and len(left) <= 3)):
            continue  # "Ukraine- Russia", "Windows- using": a dash that lost its space
        if right[0].isupper() and not left.isupper():
            continue  # "S- Connect" is a broken name; "end- Monday" a dash
        if zipf_frequency(right.lower(), "en") >= 5.5:
            continue  # "cities- it": a function word after a dash, not a compound's second half
        yield _hyphen_hit(m, left, right, "after", 0.7 if right[0].islower() else 0.6)


def _hyphen_hit(m: re.Match[str], left: str, right: str, side: str, conf: float) -> TypoHit:
    return TypoHit(
        m.start(), m.end(), "hyphen-spacing", conf,
        f"“{m.group()}” has a stray space {side} the hyphen of a compound word, a typical "
        "machine-translation spacing error.",
        f"{left}-{right}",
    )  # fmt: skip
