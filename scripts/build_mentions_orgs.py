"""Build `analysis/data/mentions_orgs.txt`, the organisations `analysis.mentions` knows by name
alone, from a source whose licence allows shipping it: the S&P 500 constituents list
(datasets/s-and-p-500-companies, ODC-PDDL; copied into ../shared/bench-data, PROVENANCE.md).

The list holds what the source holds and nothing written by hand: each company's name as listed
and the short form without its legal suffix ("Apple Inc." -> "Apple"), read the way
`scripts/build_gazetteer.py` reads them. A one-word name that English mostly writes in lower case
("Target", "Block", "Waters") is left out: the lexicon matches a whole capitalised span
case-insensitively, so such a name would make a sentence-initial common word an organisation.
How English writes a word is counted in the ECB+ news sentences (CC BY 3.0, also in bench-data):
in lower case more often than capitalised inside a sentence means an everyday word. The counts
only decide what is left out; nothing of ECB+ is written to the list.

Run from the project root:  .venv/bin/python scripts/build_mentions_orgs.py [--bench-data DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_gazetteer import sp500  # noqa: E402

OUT = ROOT / "analysis" / "data" / "mentions_orgs.txt"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
HEADER = """\
# Organisations known by name alone. Built by scripts/build_mentions_orgs.py from the
# S&P 500 constituents list (datasets/s-and-p-500-companies @ 56509dd80619, ODC-PDDL):
# each name as listed and without its legal suffix; one-word names that English mostly
# writes in lower case (counted in ECB+) left out. One name a line; matching is
# case-insensitive on the whole span.
"""


def casing(ecb_jsonl: Path) -> tuple[Counter[str], Counter[str]]:
    """How often each word is written in lower case, and capitalised but not first in its
    sentence, in the ECB+ documents (keys case-folded)."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    with ecb_jsonl.open(encoding="utf-8") as handle:
        for line in handle:
            for sentence in json.loads(line)["sentences"]:
                for i, word in enumerate(_WORD.findall(sentence)):
                    if word.islower():
                        lower[word] += 1
                    elif i and word[0].isupper():
                        capital[word.casefold()] += 1
    return lower, capital


def org_names(constituents: Path, ecb_jsonl: Path) -> list[str]:
    """The names and short forms of the listed companies, everyday one-word names left out."""
    lower, capital = casing(ecb_jsonl)
    names: set[str] = set()
    for entry in sp500(constituents):
        for name in (entry.name, *entry.aliases):
            name = name.strip().removesuffix(" &").rstrip(",")
            key = name.casefold()
            if name and not (" " not in name and lower[key] > capital[key]):
                names.add(name)
    return sorted(names, key=lambda n: (n.casefold(), n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-data", type=Path, default=ROOT.parent / "shared" / "bench-data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    constituents = args.bench_data / "sp500-companies" / "constituents.csv"
    ecb = args.bench_data / "ecbplus" / "ecbplus_documents_derived.jsonl"
    for path in (constituents, ecb):
        if not path.is_file():
            print(f"build_mentions_orgs: no {path}", file=sys.stderr)
            return 2
    names = org_names(constituents, ecb)
    args.out.write_text(HEADER + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
