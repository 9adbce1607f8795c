"""Build analysis/data/gazetteer.json from public sources whose licences allow shipping.

Sources (all copied into ../shared/bench-data, see its PROVENANCE.md):
- unitedstates/congress-legislators: legislators-current.yaml, executive.yaml (CC0)
- datasets/s-and-p-500-companies: data/constituents.csv (ODC-PDDL)

Nothing is written by hand: a list written for this project would be written around the stories
the project was tried on, and would answer for them what the detectors must find by comparing
outlets. Pantheon (licence not verified), the evaluation-only sets, the Wikidata transliteration
pairs (the correct-names control) and the CC BY-SA company titles are deliberately not used.
PyYAML is needed here only (a build-time tool, not a runtime dependency of corroborator).

    .venv/bin/python scripts/build_gazetteer.py [--bench-data ../shared/bench-data]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]  # build-time only

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.gazetteer import GazetteerEntry, lookup_key  # noqa: E402

OUT = ROOT / "analysis" / "data" / "gazetteer.json"

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "the District of Columbia",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "the U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "the Northern Mariana Islands",
}  # fmt: skip
OFFICES = {
    "prez": "President of the United States",
    "viceprez": "Vice President of the United States",
}
_QUOTED = re.compile(r'\s*"[^"]*"\s*')
_PAREN = re.compile(r"\s*\([^)]*\)\s*")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _initials(middle: str) -> str:
    return " ".join(f"{part[0]}." for part in middle.replace(".", " ").split())


def _person_spellings(name: dict[str, str], wikipedia: str | None) -> list[str]:
    """Preferred name first, then the usual ways news writes it."""
    first, last = name["first"], name["last"]
    middle, nick, suffix = name.get("middle", ""), name.get("nickname", ""), name.get("suffix", "")
    official = _QUOTED.sub(" ", name.get("official_full", "")).strip()
    spellings = [_PAREN.sub("", wikipedia).strip() if wikipedia else ""]
    spellings += [official, f"{nick} {last}" if nick else "", f"{first} {last}"]
    if middle:
        spellings += [f"{first} {_initials(middle)} {last}", f"{first} {middle} {last}"]
        if nick:
            spellings.append(f"{nick} {_initials(middle)} {last}")
    if suffix:
        spellings.append(f"{spellings[0] or first + ' ' + last} {suffix}")
    return _unique(spellings)


def _unique(spellings: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for spelling in spellings:
        spelling = " ".join(spelling.split())
        if spelling and spelling.casefold() not in seen:
            seen.add(spelling.casefold())
            out.append(spelling)
    return out


def _years(terms: list[dict[str, Any]]) -> str:
    spans: list[list[int]] = []
    for term in terms:
        start, end = int(term["start"][:4]), int(term["end"][:4])
        if spans and spans[-1][1] == start:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return ", ".join(f"{a}–{b}" for a, b in spans)


def executive(path: Path) -> list[GazetteerEntry]:
    entries = []
    for person in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
        ids = person["id"]
        spellings = _person_spellings(person["name"], ids.get("wikipedia"))
        roles = []
        for office in ("prez", "viceprez"):
            terms = [t for t in person["terms"] if t["type"] == office]
            if terms:
                roles.append(f"{OFFICES[office]} ({_years(terms)})")
        qid = ids.get("wikidata")
        entry_id = f"wd:{qid}" if qid else f"govtrack:{ids['govtrack']}"
        entries.append(
            GazetteerEntry(
                entry_id, spellings[0], tuple(spellings[1:]), "person", "; ".join(roles), qid
            )
        )
    return entries


def legislators(path: Path) -> list[GazetteerEntry]:
    entries = []
    for person in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
        ids = person["id"]
        spellings = _person_spellings(person["name"], ids.get("wikipedia"))
        term = person["terms"][-1]
        state = STATES.get(term["state"], term["state"])
        if term["type"] == "sen":
            role = f"U.S. Senator from {state}"
        elif term.get("district", 0) == 0:
            role = f"U.S. Representative for {state} (at large)"
        else:
            role = f"U.S. Representative for {state}'s {_ordinal(term['district'])} district"
        party = term.get("party")
        qid = ids.get("wikidata")
        entry_id = f"wd:{qid}" if qid else f"bioguide:{ids['bioguide']}"
        description = f"{role} ({party})" if party else role
        entries.append(
            GazetteerEntry(entry_id, spellings[0], tuple(spellings[1:]), "person", description, qid)
        )
    return entries


_CLASS = re.compile(r"\s*\(Class [A-Z]\)$")
_THE = re.compile(r"^(.*) \(The\)$")
_INVERTED = re.compile(r"^(\w+) \((\w+)\)$")  # "Lilly (Eli)"
_LEGAL = re.compile(
    r",?\s+(Inc\.?|Incorporated|Corp\.?|Corporation|Company|Co\.|plc|Ltd\.?|Limited)$"
)


def sp500(path: Path) -> list[GazetteerEntry]:
    entries: dict[str, GazetteerEntry] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = _CLASS.sub("", row["Security"].strip())
            aliases = []
            if m := _THE.match(name):
                name = f"The {m.group(1)}"
                aliases.append(m.group(1))
            elif m := _INVERTED.match(name):
                name = f"{m.group(2)} {m.group(1)}"
            short = _LEGAL.sub("", name.removeprefix("The "))
            if short != name:
                aliases.append(short)
            key = lookup_key(name)
            if key in entries:  # two share classes of one company
                continue
            description = (
                f"U.S.-listed company (S&P 500): {row['GICS Sub-Industry']}, "
                f"headquartered in {row['Headquarters Location']}"
            )
            entries[key] = GazetteerEntry(
                f"sp500:{row['Symbol']}", name, tuple(_unique(aliases)), "org", description, None
            )
    return list(entries.values())


def merge(groups: list[list[GazetteerEntry]]) -> list[GazetteerEntry]:
    """Concatenate, folding an entry into an earlier one that shares a spelling and kind or a
    Wikidata id; the earlier entry's fields win, aliases are united."""
    merged: list[GazetteerEntry] = []
    by_key: dict[tuple[str, str], int] = {}
    by_qid: dict[str, int] = {}
    for group in groups:
        for entry in group:
            hit = by_qid.get(entry.wikidata) if entry.wikidata else None
            if hit is None and entry.kind == "org":  # people sharing a name are distinct
                hit = next(
                    (by_key[k] for s in entry.spellings if (k := ("org", lookup_key(s))) in by_key),
                    None,
                )
            if hit is None:
                hit = len(merged)
                merged.append(entry)
            else:
                old = merged[hit]
                spellings = _unique([*old.spellings, *entry.spellings])
                merged[hit] = GazetteerEntry(
                    old.id,
                    old.name,
                    tuple(spellings[1:]),
                    old.kind,
                    old.description or entry.description,
                    old.wikidata or entry.wikidata,
                )
            for spelling in merged[hit].spellings:
                by_key.setdefault((merged[hit].kind, lookup_key(spelling)), hit)
            qid = merged[hit].wikidata
            if qid:
                by_qid[qid] = hit
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-data", type=Path, default=ROOT.parent / "shared" / "bench-data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    congress = args.bench_data / "congress-legislators"
    sp500_csv = args.bench_data / "sp500-companies" / "constituents.csv"
    groups = {
        "executive": executive(congress / "executive.yaml"),
        "legislators": legislators(congress / "legislators-current.yaml"),
        "sp500": sp500(sp500_csv),
    }
    entries = merge(list(groups.values()))
    sources = [
        {
            "name": "unitedstates/congress-legislators",
            "url": "https://github.com/unitedstates/congress-legislators",
            "commit": "dfa9622263dd",
            "files": ["executive.yaml", "legislators-current.yaml"],
            "licence": "CC0-1.0",
            "entries": len(groups["executive"]) + len(groups["legislators"]),
        },
        {
            "name": "datasets/s-and-p-500-companies",
            "url": "https://github.com/datasets/s-and-p-500-companies",
            "commit": "56509dd80619",
            "files": ["data/constituents.csv"],
            "licence": "ODC-PDDL-1.0",
            "entries": len(groups["sp500"]),
        },
    ]
    document = {
        "generated_by": "scripts/build_gazetteer.py",
        "sources": sources,
        "entries": [e.to_json() for e in entries],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(entries)} entries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
