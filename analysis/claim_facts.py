"""Specific facts tied to what they are about: a figure with the words around it.

Two outlets that state one claim in other words still share its facts ("the fire broke out at
4:12 a.m." / "the flames started at 4:12 a.m."; "the death toll rose to 38" / "38 people died"),
and a bag of words dilutes the one shared figure among everything else each sentence says. A
shared figure alone is weak evidence, though: every article of a story repeats its figures,
and one figure can count two things ("$300 million" for a plan and for another project). So a
figure is kept with its window, the content words just before and after it (what it counts,
what happened to it), and two sentences are compared on the figures they share through how
alike those windows are: the same stems, or wordllama vectors of the two windows ("died" ~
"killed", "broke out" ~ "erupted").

Figures: digit strings (commas dropped; a clock time "1:48 pm" and "1.48 pm" read alike) and
English number words of two or more; a year (1900-2099) is left out, since a story's articles
all carry theirs. Nothing here names a word of any story: the windows are whatever the
sentences write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis import text_memo
from analysis.number_words import ARTICLE_LIKE, WORD_VALUES
from analysis.predicates import figure_families
from analysis.similarity import STOP_WORDS, stem

WINDOW = 4  # content words kept on each side of a figure
# two figures that count one predicate family ("nine lost their lives" / "the death toll rose to
# 12", analysis.predicates) have windows this alike whatever their words: what they count is one
# thing, equal or not, so claim merging reads them as a fact link (analysis/claim_merge.py, ROLE)
COUNTED_LIKENESS = 0.85
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_CLOCK = re.compile(r"^(\d{1,2})[.:](\d{2})$")
_MERIDIEM = frozenset({"am", "pm", "a.m", "p.m", "gmt", "utc"})
_YEAR = re.compile(r"^(19|20)\d\d$")
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_COMPOUND = re.compile(rf"\b({_TENS})[- ]({_ONES})\b", re.IGNORECASE)


def _compound_value(match: re.Match[str]) -> str:
    """ "Forty-two" as "42", so it reads as one figure."""
    tens, ones = match.group(1).casefold(), match.group(2).casefold()
    return str(int(WORD_VALUES[tens] + WORD_VALUES[ones]))


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure of a sentence: its value, the stems of its window and the window's text."""

    value: str
    context: frozenset[str]
    window: str
    counts: frozenset[str] = frozenset()  # predicate families it counts (analysis.predicates)


def sentence_facts(text: str) -> tuple[Fact, ...]:
    """The figures of one sentence with their windows (see the module docstring)."""
    flat = _COMPOUND.sub(_compound_value, text)
    matches = list(_TOKEN.finditer(flat))
    tokens = [m.group() for m in matches]
    lows = [t.casefold().replace("’", "'") for t in tokens]
    named = {k for k, m in enumerate(matches) if _names_a_thing(flat, m, lows, k)}
    content = [
        k
        for k, w in enumerate(lows)
        if w.isalpha() and len(w) > 1 and w not in STOP_WORDS and w not in WORD_VALUES
    ]
    counted: dict[int, frozenset[str]] | None = None  # read at the first figure
    out: list[Fact] = []
    for k, low in enumerate(lows):
        value = None if k in named else _figure(low, lows, k)
        if value is None:
            continue
        before = [lows[i] for i in content if i < k][-WINDOW:]
        after = [lows[i] for i in content if i > k][:WINDOW]
        words = before + after
        context = frozenset(stem(w) for w in words)
        if counted is None:
            counted = figure_families(flat)
        counts = counted.get(matches[k].start(), frozenset())
        out.append(Fact(value, context, " ".join(words), counts))
    return tuple(out)


_NUMBER_SIGNS = frozenset({"no", "nos", "nr", "number"})


def _names_a_thing(text: str, match: re.Match[str], lows: Sequence[str], k: int) -> bool:
    """A number that is part of a name, not a figure: a designation written onto letters
    ("Kv-17", "T72", "Zr-9") or a numbered name ("No. 12 School", "number 7", "#3")."""
    if not match.group()[0].isdigit():
        return False
    start = match.start()
    before = text[max(0, start - 2) : start]
    if before[-1:].isalpha() or (before[-1:] == "-" and before[:1].isalpha()):
        return True
    if before[-1:] == "#":
        return True
    return k > 0 and lows[k - 1] in _NUMBER_SIGNS


def counted_families(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each figure of a sentence that counts a predicate family, with the families it counts
    (a year or a number in a name is no figure). Kept across runs inside
    `text_memo.kept_readings`: the claim scorer asks it of every sentence a new pair reaches."""
    memo = text_memo.active()
    if memo is None:
        return _counted_families(text)
    key, found = memo.lookup("n", text)
    if found is not None:
        return tuple(
            (items[0], frozenset(items[1:]))
            for items in map(text_memo.split, found.split(text_memo.FIELD) if found else ())
        )
    counted = _counted_families(text)
    memo[key] = text_memo.FIELD.join(
        text_memo.joined((value, *sorted(families))) for value, families in counted
    )
    return counted


def _counted_families(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((f.value, f.counts) for f in sentence_facts(text) if f.counts)


SPECIFIC_FROM = 10  # a count below this is too common to tie two sentences by itself


def specific_figures(text: str) -> frozenset[str]:
    """The figures of a sentence specific enough to tie it to another that states them: clock
    times and numbers of SPECIFIC_FROM or more ("38", "4:12", "7.5"; not "two" or a year).
    The similarity's content terms leave figures out, so two sentences that state one figure
    in other words may not be compared at all; blocking on these and letting a pair that
    shares one past the similarity gate was measured and not shipped (see
    analysis/claim_model.py, UNUSED)."""
    return frozenset(f.value for f in sentence_facts(text) if _specific(f.value))


def _specific(value: str) -> bool:
    if ":" in value or "." in value:
        return True
    try:
        return float(value) >= SPECIFIC_FROM
    except ValueError:
        return False


def _figure(low: str, lows: Sequence[str], k: int) -> str | None:
    """The normalised value of token k when it is a figure, else None."""
    if low[0].isdigit():
        if _YEAR.match(low):
            return None
        clock = _CLOCK.match(low)
        following = lows[k + 1] if k + 1 < len(lows) else ""
        if clock and (":" in low or following in _MERIDIEM or following in ("a", "p")):
            return f"{int(clock.group(1))}:{clock.group(2)}"
        number = low.replace(",", "")
        try:
            return _number(float(number))
        except ValueError:
            return number
    value = WORD_VALUES.get(low)
    if value is None or low in ARTICLE_LIKE or value < 2:
        return None
    return _number(value)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


class FactIndex:
    """Every sentence's facts and, when vectors are given, each fact window's vector."""

    def __init__(self, texts: Sequence[str], embed: object | None = None) -> None:
        self.embed = embed
        self.facts: list[tuple[Fact, ...]] = []
        self.specific: list[frozenset[str]] = []
        self.vectors: list[np.ndarray] | None = [] if embed is not None else None
        self.extend(texts)

    def extend(self, texts: Sequence[str]) -> None:
        """Index these sentences too, after those already indexed (their windows embed in one
        batch; a window's vector does not depend on its batch, analysis/vector_cache.py)."""
        facts = [sentence_facts(t) for t in texts]
        self.facts += facts
        self.specific += [frozenset(f.value for f in x if _specific(f.value)) for x in facts]
        if self.vectors is not None:
            windows = [f.window for found in facts for f in found]
            flat = self.embed(windows) if windows else np.zeros((0, 1))  # type: ignore[operator]
            flat = np.asarray(flat, dtype=np.float64)
            norms = np.linalg.norm(flat, axis=1, keepdims=True) if len(flat) else flat
            flat = flat / np.where(norms > 0, norms, 1.0) if len(flat) else flat
            at = 0
            for found in facts:
                self.vectors.append(flat[at : at + len(found)])
                at += len(found)

    def anchor(self, i: int, j: int) -> tuple[float, float, float]:
        """(anchored, role, shared) for sentences i and j. anchored: over the figures both
        state, the best likeness of their windows (the larger of stem overlap and window
        cosine; 0 when no figure is shared). role: the same over every pair of figures, equal
        or not (two outlets giving a different count of the same thing state one claim,
        conflicting). shared: how many distinct specific figures both state (see
        `specific_figures`)."""
        fi, fj = self.facts[i], self.facts[j]
        if not fi or not fj:
            return 0.0, 0.0, 0.0
        anchored = role = 0.0
        for x, a in enumerate(fi):
            for y, b in enumerate(fj):
                small = min(len(a.context), len(b.context))
                alike = len(a.context & b.context) / small if small else 0.0
                if self.vectors is not None:
                    alike = max(alike, float(np.dot(self.vectors[i][x], self.vectors[j][y])))
                if not a.counts.isdisjoint(b.counts):
                    alike = max(alike, COUNTED_LIKENESS)
                role = max(role, alike)
                if a.value == b.value:
                    anchored = max(anchored, alike)
        return anchored, role, float(len(self.specific[i] & self.specific[j]))
