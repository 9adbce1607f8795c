"""The clause by which a claim cluster holds a sentence, as the part of it that is compared.

A sentence of several claim units may sit in two claims, one through each clause
(analysis/claim_items.py; `ClusterMember.unit`). Compared whole, its other clause reads as a
conflicting version of the claim ("X closed the plant, and Y hired 300" against "Y hired 200"
is right, but its "closed" also meets any "did not close" of the other claim). So a member with
a clause brings to the comparison only what that clause says, plus what the clause leaves to its
sentence when the sentence states it once for both:

- a coordinated clause with no subject of its own ("..., and charged him with murder") takes the
  first clause's words before its verb (the subject, with any fronted "On Friday," that frames
  both): one subject written once for two verbs;
- a relative clause ("..., which employs 3,000 people,") takes the words it hangs on (the run of
  verbless words right before it, "the plant"), as "which" stands for them.

A coordinated clause that has a subject of its own inherits nothing: a date fronted before
another subject ("On Friday, police arrested two men, and a third was held on Sunday") need not
date it. Two sentences written nearly alike are compared whole (`parallel`): a copy that differs
in another clause differs in the report. The view keeps every character offset: words outside it
are blanked with spaces, so spans read on the view are spans of the sentence.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, utils

from analysis.claim_units import Unit, has_verb, split_units

Spans = tuple[tuple[int, int], ...]

_WORD = re.compile(r"\S+")
_LEADING_CONJUNCTION = re.compile(
    r"^\W*(?:and\s+then|but\s+also|and|but|yet|so|or|then)\s+", re.IGNORECASE
)
ANTECEDENT_WORDS = 6  # at most this many words before a relative clause stand for "which"
SUBJECT_WORDS = 12  # a first clause whose verb comes later than this has no plain subject
PARALLEL = 0.8  # edit similarity at which two sentences are one wording (a copy, an edit)


def member_spans(text: str, unit: str | None) -> Spans | None:
    """Spans of `text` a member brings to comparison: its clause `unit` with what it inherits
    (see the module docstring); None for the whole sentence (no clause, or one not found)."""
    if unit is None:
        return None
    units = split_units(text)
    wanted = " ".join(unit.split())
    found = next((u for u in units if u.text == wanted), None)
    if found is None or len(units) < 2:
        return None
    spans = list(found.spans)
    if found.kind == "relative":
        spans += _antecedent(text, found.start)
    elif found.kind == "clause":
        spans += _shared_subject(text, found, units)
    return _merged(spans)


def parallel(a: str, b: str) -> bool:
    """Two sentences written nearly alike (one outlet's copy of another's): compared whole, as a
    difference in any clause of a copy is a difference in the report, whichever clause the
    claim holds them by."""
    return fuzz.ratio(a, b, processor=utils.default_process, score_cutoff=PARALLEL * 100) > 0


def views(
    text_a: str, text_b: str, spans_a: Spans | None, spans_b: Spans | None
) -> tuple[Spans | None, Spans | None]:
    """The views two members of one claim are compared through: their clauses, or the whole
    sentences when they are `parallel`."""
    if (spans_a is None and spans_b is None) or parallel(text_a, text_b):
        return None, None
    return spans_a, spans_b


def _antecedent(text: str, at: int) -> list[tuple[int, int]]:
    """The verbless words right before a relative clause, back to a clause mark or a verb."""
    words = [m for m in _WORD.finditer(text, 0, at)]
    start = at
    for m in reversed(words[-ANTECEDENT_WORDS:]):
        word = m.group()
        if has_verb(word) or word.endswith((";", ":")) or (word.endswith(",") and start < at):
            break
        start = m.start()
    return [(start, at)] if start < at else []


def _shared_subject(text: str, found: Unit, units: tuple[Unit, ...]) -> list[tuple[int, int]]:
    """The first clause's words before its verb, for a later coordinated clause without a
    subject of its own."""
    first = next((u for u in units if u.kind == "clause"), None)
    if first is None or first is found or found.start <= first.start:
        return []
    own = text[found.spans[0][0] : found.spans[0][1]]
    lead = _LEADING_CONJUNCTION.match(own)
    if lead is None:
        return []
    rest = _WORD.findall(own[lead.end() :])
    verb_first = bool(rest) and (
        has_verb(rest[0]) or (len(rest) > 1 and rest[0].endswith("ly") and has_verb(rest[1]))
    )
    if not verb_first or rest[0][:1].isupper():
        return []  # a subject of its own ("and police charged him"): nothing is shared
    lo, hi = first.spans[0]
    for n, m in enumerate(_WORD.finditer(text, lo, hi)):
        if n >= SUBJECT_WORDS:
            return []
        if has_verb(m.group()):
            return [(lo, m.start())] if n > 0 else []
    return []


def _merged(spans: list[tuple[int, int]]) -> Spans:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return tuple(out)


def masked(text: str, spans: Spans) -> str:
    """`text` with every character outside `spans` blanked (offsets kept)."""
    out = [" "] * len(text)
    for s, e in spans:
        out[s:e] = text[s:e]
    return "".join(out)


def inside(spans: Spans | None, start: int, end: int) -> bool:
    """True when [start, end) lies in one of `spans` (always for the whole sentence, None)."""
    return spans is None or any(s <= start and end <= e for s, e in spans)


def quoted(text: str, spans: Spans | None) -> str:
    """The view's words as one line, " … " where the sentence's other words were left out."""
    if spans is None:
        return text
    return " … ".join(" ".join(text[s:e].split()) for s, e in spans if text[s:e].strip())
