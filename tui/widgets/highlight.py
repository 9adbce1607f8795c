"""Colour a sentence so what differs between sources catches the eye.

Numbers, dates, names and polarity words get their own theme colour; a mark that the other members
of a cluster do not share is drawn in bold on a tinted background; flagged spans are underlined and
the flag being looked at is reversed. Spans come from the store (mentions and quantities, article
offsets shifted to the sentence) and regular expressions fill in what extraction did not mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.content import Content, Span

STYLES = {
    "number": "$text-warning",
    "date": "$text-success",
    "name": "$text-primary",
    "polarity": "$text-error",
}
DIFFERS = "bold on $error-muted"
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
FLAGGED = "underline"
FOCUSED = "reverse"

SPAN_KINDS = {
    "money": "number",
    "percent": "number",
    "count": "number",
    "duration": "number",
    "measure": "number",
    "date": "date",
    "person": "name",
    "org": "name",
    "place": "name",
}
NAME_SPAN_KINDS = tuple(kind for kind, shown in SPAN_KINDS.items() if shown == "name")
"""Mention kinds drawn as names: an article with one was analysed, so names are not guessed."""

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE_RE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}\s+{_MONTH}\.?(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
)
NUMBER_RE = re.compile(
    r"(?<![\w.])(?:(?:US|USD|EUR|KRW|A|C|HK)?[$€£¥₩]\s?)?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:%|percent\b|per\s+cent\b|(?:thousand|million|billion|trillion|bn|mn|tn)\b))?"
)
POLARITY_RE = re.compile(
    r"\b(?:not|no|never|none|nor|neither|without|denied|denies|deny|refused|refuses|rejected"
    r"|rejects|cancel(?:l?ed|s)?|halted|suspended|withdrew|withdrawn|blocked|banned|failed"
    r"|false|\w+n['’]t)\b",
    re.IGNORECASE,
)
NAME_RE = re.compile(r"\b[A-Z][\w'’.-]*[\w](?:\s+(?:[A-Z][\w'’.-]*[\w]|of|de|van|von|al))*\b")
_NAME_STOP = frozenset(
    {
        *("The", "A", "An", "In", "On", "At", "It", "He", "She", "They", "We", "I", "But"),
        *("And", "Or", "This", "That", "These", "Those", "Its", "His", "Her", "Their"),
        *("According", "After", "Before", "However", "Meanwhile", "While", "When", "If"),
        *("As", "By", "For", "From", "With", "Under", "Over", "Monday", "Tuesday"),
        *("Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    }
)
_SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span of a sentence, with a key for comparing it across sentences."""

    start: int
    end: int
    kind: str  # number | date | name | polarity
    key: str


def number_key(text: str) -> str:
    """`$5.5 billion`, `5.5bn` and `5,500 million` share a key; so do `12%` and `12 percent`."""
    low = text.casefold().replace(",", "")
    match = re.search(r"\d+(?:\.\d+)?", low)
    if not match:
        return low
    value = float(match.group())
    for word, scale in _SCALE.items():
        if re.search(rf"\d\s?{word}\b", low):
            value *= scale
            break
    unit = "%" if ("%" in low or "cent" in low) else ""
    return f"{value:.6g}{unit}"


def _key(kind: str, text: str) -> str:
    if kind == "number":
        return number_key(text)
    if kind == "polarity":
        low = text.casefold()
        return "not" if low.endswith(("n't", "n’t")) else low
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def find_marks(
    text: str, spans: Iterable[tuple[int, int, str]] = (), *, guess_names: bool | None = None
) -> list[Mark]:
    """Marks in `text`: stored spans first (offsets relative to `text`), then regex fallbacks.

    A later candidate overlapping an earlier one is dropped, so extraction wins over regexes and
    dates win over the numbers inside them. Names are guessed from capitalisation only when
    `guess_names` says so (by default: when no stored span is a name, i.e. before analysis).
    """
    taken: list[Mark] = []

    def add(start: int, end: int, kind: str) -> None:
        start, end = max(start, 0), min(end, len(text))
        if end <= start or any(m.start < end and start < m.end for m in taken):
            return
        taken.append(Mark(start, end, kind, _key(kind, text[start:end])))

    has_names = False
    for start, end, span_kind in spans:
        kind = SPAN_KINDS.get(span_kind)
        if kind:
            has_names = has_names or kind == "name"
            add(start, end, kind)
    for m in DATE_RE.finditer(text):
        add(m.start(), m.end(), "date")
    for m in NUMBER_RE.finditer(text):
        add(m.start(), m.end(), "number")
    for m in POLARITY_RE.finditer(text):
        add(m.start(), m.end(), "polarity")
    if guess_names is None:
        guess_names = not has_names
    if guess_names:
        for m in NAME_RE.finditer(text):
            words = m.group().split()
            while words and words[0] in _NAME_STOP:
                words.pop(0)
            start = m.end() - len(" ".join(words))
            # one capitalised word opening a sentence is usually just a capitalised word
            opening = not text[:start].rstrip() or text[:start].rstrip()[-1] in '.!?:"“'
            if words and not (len(words) == 1 and opening):
                add(start, m.end(), "name")
    return sorted(taken, key=lambda m: m.start)


def differing(members: Sequence[Sequence[Mark]]) -> list[set[int]]:
    """For each member, the indexes of its marks that some other member does not share."""
    keys = [{(m.kind, m.key) for m in marks} for marks in members]
    out: list[set[int]] = []
    for i, marks in enumerate(members):
        others = [k for j, k in enumerate(keys) if j != i]
        out.append(
            {
                n
                for n, m in enumerate(marks)
                if others and any((m.kind, m.key) not in k for k in others)
            }
        )
    return out


def render(
    text: str,
    marks: Sequence[Mark],
    *,
    differs: set[int] | None = None,
    flagged: Iterable[tuple[int, int]] = (),
    focused: Iterable[tuple[int, int]] = (),
) -> Content:
    """The text with its marks coloured; offsets are relative to `text`.

    Control characters (tabs, carriage returns) become spaces, one for one, so offsets hold.
    """
    text = _CONTROL.sub(" ", text)
    spans: list[Span] = []
    for n, m in enumerate(marks):
        style = STYLES[m.kind]
        if differs and n in differs:
            style = f"{style} {DIFFERS}"
        spans.append(Span(m.start, m.end, style))
    for style, ranges in ((FLAGGED, flagged), (FOCUSED, focused)):
        for start, end in ranges:
            start, end = max(start, 0), min(end, len(text))
            if end > start:
                spans.append(Span(start, end, style))
    return Content(text, spans, strip_control_codes=False)
