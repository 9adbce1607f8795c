"""Known names: who and what a spelling should refer to.

A gazetteer turns "Tom Reed" in a machine-translated article into a checkable claim: the city's
transport commissioner is spelled "Tom Reid". The bundled list (analysis/data/gazetteer.json
built by scripts/build_gazetteer.py from CC0/PDDL sources only) can be extended by
the reviewer with a CSV or JSON file; `load_user_file` parses it and `Gazetteer.merge` layers it on
top, user entries winning.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from analysis.model import EntityKind
from analysis.translit import normalise_name, similar_pairs
from analysis.user_files import read_utf8_text

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerError",
    "load_default",
    "load_user_file",
    "lookup_key",
]

KINDS: tuple[EntityKind, ...] = ("person", "org", "place")
FIELDS = ("name", "aliases", "kind", "description", "wikidata")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
# Legal-form words that do not change which company is meant: "KORVEX Corp" is "Korvex".
_LEGAL_SUFFIXES = frozenset(
    """inc incorporated corp corporation co company companies ltd limited plc llc lp sa ag nv se
    the""".split()  # noqa: SIM905
)


class GazetteerError(ValueError):
    """Bad gazetteer input; the message is one line that names the file and row."""


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known person, organisation or place."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: EntityKind = "person"
    description: str = ""
    wikidata: str | None = None

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def evidence(self) -> dict[str, str | None]:
        """What a flag's evidence says about the entry it compares a name with."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "wikidata": self.wikidata,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "description": self.description,
            "wikidata": self.wikidata,
        }


def lookup_key(name: str) -> str:
    """Key under which spellings of one name meet: case, accents, punctuation, legal suffixes."""
    words = normalise_name(name).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    return "".join(words)


class Gazetteer:
    """An ordered list of entries with exact and approximate lookup.

    Earlier entries win on exact lookup, which is how user entries override bundled ones.
    """

    def __init__(self, entries: Iterable[GazetteerEntry], sources: Sequence[Any] = ()) -> None:
        self.entries: tuple[GazetteerEntry, ...] = tuple(entries)
        self.sources: tuple[Any, ...] = tuple(sources)
        self._exact: dict[str, list[GazetteerEntry]] = defaultdict(list)
        self._surnames: dict[str, list[GazetteerEntry]] = defaultdict(list)
        self._strings: list[str] = []  # every spelling, for approximate search
        self._owners: list[int] = []  # entry index of each string
        self._words: list[str] = []  # person surnames and one-word spellings
        self._word_owners: list[int] = []
        for index, entry in enumerate(self.entries):
            seen: set[str] = set()
            for spelling in entry.spellings:
                key = lookup_key(spelling)
                if not key or key in seen:
                    continue
                seen.add(key)
                self._exact[key].append(entry)
                self._strings.append(spelling)
                self._owners.append(index)
            for word in self._single_words(entry):
                self._surnames[lookup_key(word)].append(entry)
                self._words.append(word)
                self._word_owners.append(index)

    @staticmethod
    def _single_words(entry: GazetteerEntry) -> set[str]:
        words: set[str] = set()
        for spelling in entry.spellings:
            parts = normalise_name(spelling).split()
            if len(parts) == 1:
                words.add(spelling)
            elif entry.kind == "person" and parts[-1] not in {"jr", "sr", "ii", "iii", "iv"}:
                words.add(spelling.split()[-1])
        return words

    @classmethod
    def from_entries(
        cls, entries: Iterable[GazetteerEntry | Mapping[str, Any]], sources: Sequence[Any] = ()
    ) -> Gazetteer:
        """Build from entries or plain dicts (the JSON form), validating the dicts."""
        built = [
            e if isinstance(e, GazetteerEntry) else _entry_from_mapping(e, f"entry {n}", "user")
            for n, e in enumerate(entries, 1)
        ]
        return cls(built, sources)

    def merge(self, user_entries: Iterable[GazetteerEntry]) -> Gazetteer:
        """A new gazetteer with `user_entries` first; a bundled entry with the same id or
        Wikidata id as a user entry is replaced by it."""
        user = list(user_entries)
        ids = {e.id for e in user}
        qids = {e.wikidata for e in user if e.wikidata}
        kept = [e for e in self.entries if e.id not in ids and e.wikidata not in qids]
        return Gazetteer([*user, *kept], [*self.sources, {"name": "user entries"}])

    @classmethod
    def load_default(cls) -> Gazetteer:
        """The bundled gazetteer (same object as the module-level `load_default()`)."""
        return load_default()

    def __len__(self) -> int:
        return len(self.entries)

    def all_names(self) -> list[str]:
        """Every name and alias, for callers that need a list of trusted spellings."""
        return [spelling for entry in self.entries for spelling in entry.spellings]

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry whose name or alias is `name` (case, accents, punctuation and legal
        suffixes ignored), or None."""
        found = self._exact.get(lookup_key(name))
        return found[0] if found else None

    def lookup_all(self, name: str) -> list[GazetteerEntry]:
        """Every entry spelled `name`: more than one means the name alone is ambiguous."""
        return list(self._exact.get(lookup_key(name), ()))

    def by_surname(self, word: str) -> list[GazetteerEntry]:
        """Entries with `word` as a person's last name or as a one-word spelling."""
        return list(self._surnames.get(lookup_key(word), ()))

    def nearest(
        self, name: str, limit: int = 3, threshold: float = 0.75
    ) -> list[tuple[GazetteerEntry, float]]:
        """Closest entries by transliteration-aware similarity, best first.

        A one-word query is also compared with people's surnames, so "Vaker" finds Ann Baker.
        """
        if not normalise_name(name):
            return []
        best: dict[int, float] = {}
        pools = [(self._strings, self._owners)]
        if len(normalise_name(name).split()) == 1:
            pools.append((self._words, self._word_owners))
        for strings, owners in pools:
            for _, j, score in similar_pairs([name], strings, threshold=threshold):
                owner = owners[j]
                if score > best.get(owner, 0.0):
                    best[owner] = score
        ranked = sorted(best.items(), key=lambda t: (-t[1], t[0]))[:limit]
        return [(self.entries[i], score) for i, score in ranked]


# --- loading ---------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return normalise_name(text).replace(" ", "-") or "entry"


def _split_aliases(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = value.split(";")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        parts = value
    else:
        raise GazetteerError(f"{where}: aliases must be a ;-separated string or a list of strings")
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _entry_from_mapping(row: Mapping[str, Any], where: str, prefix: str) -> GazetteerEntry:
    unknown = sorted(set(row) - {*FIELDS, "id"})
    if unknown:
        raise GazetteerError(
            f"{where}: unknown field {unknown[0]!r} (expected {', '.join(FIELDS)})"
        )
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GazetteerError(f"{where}: missing name")
    kind = row.get("kind")
    kind = kind.strip().lower() if isinstance(kind, str) else kind
    if kind not in KINDS:
        raise GazetteerError(f"{where}: kind must be person, org or place, not {kind!r}")
    description = row.get("description") or ""
    if not isinstance(description, str):
        raise GazetteerError(f"{where}: description must be text")
    wikidata = row.get("wikidata") or None
    if wikidata is not None:
        wikidata = str(wikidata).strip()
        if not _WIKIDATA.match(wikidata):
            raise GazetteerError(f"{where}: wikidata id must look like Q42, not {wikidata!r}")
    entry_id = row.get("id") or f"{prefix}:{_slug(name)}"
    return GazetteerEntry(
        id=str(entry_id),
        name=name.strip(),
        aliases=_split_aliases(row.get("aliases"), where),
        kind=cast(EntityKind, kind),
        description=description.strip(),
        wikidata=wikidata,
    )


def load_user_file(path: str | Path) -> list[GazetteerEntry]:
    """Entries from a reviewer's CSV (`name,aliases,kind,description,wikidata`, aliases
    ;-separated) or JSON file (a list of objects with those keys).

    Raises GazetteerError with a one-line message naming the file and the bad row.
    """
    path = Path(path)
    text = read_utf8_text(path, GazetteerError)
    if path.suffix.lower() == ".json":
        entries = _parse_json(text, path.name)
    else:
        entries = _parse_csv(text, path.name)
    if not entries:
        raise GazetteerError(f"{path.name}: no entries")
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.id in seen:
            raise GazetteerError(f"{path.name}: {entry.name!r} is listed twice")
        seen[entry.id] = entry.name
    return entries


def _parse_json(text: str, label: str) -> list[GazetteerEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{label}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if not isinstance(data, list):
        raise GazetteerError(f"{label}: expected a list of objects")
    entries = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise GazetteerError(f"{label} item {n}: expected an object")
        entries.append(_entry_from_mapping(item, f"{label} item {n}", "user"))
    return entries


def _parse_csv(text: str, label: str) -> list[GazetteerEntry]:
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "name" not in header:
        raise GazetteerError(f"{label}: the first line must be a header with {', '.join(FIELDS)}")
    reader.fieldnames = header
    entries = []
    for row in reader:
        where = f"{label} line {reader.line_num}"
        if None in row:
            raise GazetteerError(f"{where}: more values than columns")
        if not any((v or "").strip() for v in row.values()):
            continue
        clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        entries.append(_entry_from_mapping(clean, where, "user"))
    return entries


def _parse_bundled(text: str) -> Gazetteer:
    data = json.loads(text)
    entries = [
        _entry_from_mapping(item, f"entry {n}", "bundled")
        for n, item in enumerate(data["entries"], 1)
    ]
    return Gazetteer(entries, data.get("sources", ()))


@lru_cache(maxsize=1)
def load_default() -> Gazetteer:
    """The gazetteer shipped with the package (analysis/data/gazetteer.json)."""
    resource = resources.files("analysis").joinpath("data/gazetteer.json")
    return _parse_bundled(resource.read_text(encoding="utf-8"))
