"""A flag's evidence in sentences a reviewer or an editor can read, instead of its raw JSON.

Pure: a flag's kind, its evidence dict and its quotes in, lines out. Each line carries the ranges
worth highlighting (the quoted spans, the differing values), so the TUI can colour them and the
Markdown report can set them in bold. Keys this module does not know are still shown, as
"name: value", so nothing the detector recorded is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    text: str
    marks: list[tuple[int, int]] = field(default_factory=list)
    """Character ranges of `text` to highlight."""


class _Builder:
    """Assembles one line from plain and highlighted pieces."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.marks: list[tuple[int, int]] = []
        self.size = 0

    def add(self, text: str, *, mark: bool = False) -> _Builder:
        if mark and text:
            self.marks.append((self.size, self.size + len(text)))
        self.parts.append(text)
        self.size += len(text)
        return self

    def quoted(self, text: str, spans: Iterable[str] = ()) -> _Builder:
        """“text”, with each of `spans` found in it highlighted."""
        self.add("“")
        base = self.size
        self.add(text)
        for span in spans:
            at = text.find(span) if span else -1
            if at >= 0:
                self.marks.append((base + at, base + at + len(span)))
        return self.add("”")

    def line(self) -> EvidenceLine:
        return EvidenceLine("".join(self.parts), sorted(self.marks))


# Keys shown elsewhere on the card, or bookkeeping a reader gains nothing from.
_HIDDEN = {"occurrences", "tier", "rule", "texts", "sources", "published", "values", "kind"}


def evidence_lines(
    kind: str, evidence: Mapping[str, Any], quotes: Sequence[str] = ()
) -> list[EvidenceLine]:
    """What the detector saw, as sentences; `quotes` are the flagged spans to highlight."""
    if kind == "contradiction":
        lines = _contradiction(evidence, quotes)
    elif kind in ("name_variant", "unverified_name"):
        lines = _name(evidence)
    else:
        lines = _artifact(evidence)
    used = _USED.get(kind, set())
    for key, value in evidence.items():
        if key in used or key in _HIDDEN or _empty(value):
            continue
        lines.append(EvidenceLine(f"{key.replace('_', ' ')}: {_plain(value)}"))
    return lines


_USED = {
    "contradiction": {
        "similarity", "superseded", "names", "subject_score", "subject_evidence",
        "shared_parties", "specific_words", "across_clusters",
    },
    "name_variant": {
        "spelling", "other_spellings", "edit_operations", "similarity", "known_given_name",
        "zipf", "gazetteer", "translated", "other_entities",
    },
    "unverified_name": {"spelling", "nearest_gazetteer", "nearest_in_corpus", "translated"},
    "translation_artifact": {
        "calque", "idiom", "language", "meaning", "idiomatic", "replacement", "phrase",
        "currency",
    },
    "page_residue": {"reason"},
}  # fmt: skip


def _contradiction(ev: Mapping[str, Any], quotes: Sequence[str]) -> list[EvidenceLine]:
    lines: list[EvidenceLine] = []
    texts = list(ev.get("texts") or [])
    sources = list(ev.get("sources") or [])
    dates = list(ev.get("published") or [])
    values = list(ev.get("values") or [])
    for i, text in enumerate(texts):
        b = _Builder().add(sources[i] if i < len(sources) else "One report", mark=False)
        when = dates[i] if i < len(dates) else None
        if when and when != "undated":
            b.add(f" ({when})")
        b.add(" says ").quoted(str(text), quotes)
        lines.append(b.line())
    if len(values) == 2:
        b = _Builder().add("Read as ").add(_value(values[0]), mark=True).add(" against ")
        lines.append(b.add(_value(values[1]), mark=True).add(".").line())
    if ev.get("superseded"):
        lines.append(EvidenceLine("The later report may supersede the earlier one."))
    if ev.get("across_clusters"):
        lines.append(EvidenceLine("The two sentences were aligned with different claims."))
    facts = []
    if isinstance(ev.get("similarity"), int | float):
        facts.append(f"the sentences are {ev['similarity']:.0%} alike")
    if ev.get("shared_parties"):
        facts.append(f"the two articles share {ev['shared_parties']} names")
    if ev.get("names"):
        facts.append("names involved: " + ", ".join(map(str, ev["names"])))
    if facts:
        lines.append(EvidenceLine(_sentence("; ".join(facts))))
    return lines


def _name(ev: Mapping[str, Any]) -> list[EvidenceLine]:
    lines: list[EvidenceLine] = []
    spelling = str(ev.get("spelling") or "")
    sources = ", ".join(map(str, ev.get("sources") or [])) or "This article"
    b = _Builder().add(f"{sources} {'write' if ',' in sources else 'writes'} ")
    b.quoted(spelling, [spelling])
    if ev.get("translated"):
        b.add(" (machine-translated)")
    others = ev.get("other_spellings") or {}
    if isinstance(others, Mapping) and others:
        for name, info in others.items():
            who = info.get("sources") if isinstance(info, Mapping) else None
            b.add("; " + (", ".join(map(str, who)) if who else "other articles") + " write ")
            b.quoted(str(name), [str(name)])
    lines.append(b.add(".").line())
    ops = ev.get("edit_operations")
    if ops:
        text = f"The spellings differ by {', '.join(map(str, ops))}"
        if isinstance(ev.get("similarity"), int | float):
            text += f" ({ev['similarity']:.0%} alike)"
        lines.append(EvidenceLine(text + "."))
    known = ev.get("known_given_name")
    if isinstance(known, Mapping):
        yes = [k for k, v in known.items() if v]
        no = [k for k, v in known.items() if not v]
        if yes and no:
            lines.append(EvidenceLine(f"“{yes[0]}” is a known given name; “{no[0]}” is not."))
    nearest = ev.get("nearest_gazetteer") or []
    if nearest:
        parts = []
        for entry in nearest[:3]:
            if isinstance(entry, Mapping):
                desc = f", {entry['description']}" if entry.get("description") else ""
                sim = entry.get("similarity")
                pct = f", {sim:.0%} alike" if isinstance(sim, int | float) else ""
                parts.append(f"{entry.get('name')} ({desc.lstrip(', ')}{pct})".replace("(, ", "("))
        lines.append(EvidenceLine("Nearest known names: " + "; ".join(parts) + "."))
    elif ("nearest_gazetteer" in ev or "nearest_in_corpus" in ev) and not ev.get(
        "nearest_in_corpus"
    ):
        lines.append(EvidenceLine("No other article and no gazetteer entry has this name."))
    gaz = ev.get("gazetteer")
    if isinstance(gaz, Mapping) and gaz.get("name"):
        lines.append(EvidenceLine(f"Gazetteer: {gaz['name']}."))
    return lines


def _artifact(ev: Mapping[str, Any]) -> list[EvidenceLine]:
    lines: list[EvidenceLine] = []
    if ev.get("idiom"):
        b = _Builder().add("A word-for-word rendering of the ")
        b.add(f"{ev.get('language') or 'source-language'} idiom ").add(str(ev["idiom"]), mark=True)
        if ev.get("meaning"):
            b.add(f", which means “{ev['meaning']}”")
        lines.append(b.add(".").line())
        if ev.get("idiomatic"):
            b = _Builder().add("In idiomatic English: ")
            lines.append(b.add(str(ev["idiomatic"]), mark=True).add(".").line())
    if ev.get("phrase"):
        b = _Builder().add("The article says it was machine-translated: ")
        lines.append(b.quoted(str(ev["phrase"]), [str(ev["phrase"])]).add(".").line())
    if ev.get("currency"):
        lines.append(
            EvidenceLine(f"A conversion into {ev['currency']} added for the original readers.")
        )
    if "replacement" in ev:
        repl = str(ev.get("replacement") or "")
        if repl:
            b = _Builder().add("Should read ")
            lines.append(b.quoted(repl, [repl]).add(".").line())
        else:
            lines.append(EvidenceLine("Should be removed."))
    if ev.get("reason"):
        lines.append(EvidenceLine(f"Not article text: {ev['reason']}."))
    return lines


def _value(raw: Any) -> str:
    """'2.6e+09 USD' -> '2.6 billion USD'; other values as they are."""
    text = str(raw)
    head, _, unit = text.partition(" ")
    try:
        number = float(head)
    except ValueError:
        return text
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(number) >= size:
            return f"{number / size:g} {word} {unit}".strip()
    return f"{number:g} {unit}".strip()


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | Mapping) and not value)


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, Mapping):  # an empty entry says nothing: "native: ;" was shown
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items() if not _empty(v))
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
