"""A facility named for a news medium the same article cites: an attribution garbled into a name.

Translation that loses the case ending or the word order of an attribution ("by the airport's
data, the Daily Example reports") can fuse the medium and the source into one name: "according
to Daily Example airport". An airport, a station or a stadium is named for a place or a person,
never for a newspaper, so a facility whose proper-name part the same article uses as a medium
("the Example article", "the newspaper Example", "Example's correspondent") is read as such a
garble. The medium evidence must be a noun phrase that makes the word a medium; a bare "told
Example" is shown beside it but never enough alone (people and firms are told things too).

Measured on native text: of 150 capitalised "X airport/station/stadium/..." mentions in the
2,225 BBC articles and the 982 ECB+ documents, none has X used as a medium in its article.
Pure: a sentence and its article in, spans out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.typography import TypoHit

__all__ = ["facility_hits"]

_FACILITY = r"(?:airport|airfield|aerodrome|station|stadium|arena|port|terminal|hospital)"
_FACILITY_NAME = re.compile(rf"\b(?P<name>[A-Z][a-z]{{2,}})\s+(?P<what>{_FACILITY})\b", re.I)
_MEDIUM_AFTER = (
    r"newspaper|daily|article|articles|publication|editorial|correspondents?|journalists?|"
    r"reporters?|columnists?|editors?|website"
)
_MEDIUM_BEFORE = r"newspapers?|daily|weekly|agency|broadcaster|channel|outlet|publication|tabloid"


def _medium_uses(name: str, article: str) -> tuple[list[str], list[str]]:
    """Phrases of `article` that make `name` a medium, and its bare "told NAME" uses (the name
    as written, capitalised; the words around it in any case)."""
    n = re.escape(name)
    not_facility = rf"(?!\s+(?i:{_FACILITY})\b)"
    medium = re.compile(
        rf"\b(?:{n}(?:['’]s)?\s+(?i:{_MEDIUM_AFTER})|(?i:{_MEDIUM_BEFORE})\s+{n})\b{not_facility}"
    )
    told = re.compile(rf"\b(?i:told)\s+{n}\b{not_facility}")
    found = [m.group() for m in medium.finditer(article)]
    return found, [m.group() for m in told.finditer(article)]


def facility_hits(text: str, article: str) -> Iterator[TypoHit]:
    """Facilities of sentence `text` named for a medium that `article` (its article) cites."""
    for m in _FACILITY_NAME.finditer(text):
        name = m.group("name")
        if not name[0].isupper() or name.lower() in {"the", "this", "that", "its", "their"}:
            continue
        medium, told = _medium_uses(name, article)
        if not medium:
            continue
        uses = ", ".join(f"“{u}”" for u in dict.fromkeys([*medium, *told]))
        what = m.group("what").lower()
        a = "an" if what[0] in "aeiou" else "a"
        yield TypoHit(
            m.start(), m.end(), "facility-medium", 0.6,
            f"“{m.group()}” names {a} {what} for {name}, "
            f"which this article cites as a news medium ({uses}). {a.capitalize()} {what} is "
            "named for a place or a person, not a newspaper: this is probably an attribution "
            "garbled in "
            f"translation (the {what}'s information, as reported by {name}).",
            None,
            f"check the original; probably “according to the {what}, {name} reports”",
        )  # fmt: skip
