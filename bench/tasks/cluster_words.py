"""Issue 12's cross-outlet evidence for calques, measured on the claim clusters the tool exported.

The shipped detector (`analysis/mistranslation.py`, `cross-outlet-wording`) only compares versions
that are mostly the same sentence. Here every member of an exported claim cluster is a version
(one per outlet, "related" members left out), whatever its wording, and a word of a
machine-translated member (as the sources screen marks it) that no other version has is a
candidate when (a) two or more other outlets put one same word in its place ("others agree on a
different word"), or (b) only other machine-translated outlets put anything in its place ("two
translations render the slot differently"). Each candidate is printed with its sentence for
reading, and the count of each kind.

Run: `KEEP=/tmp/sc ../shared/tools/score-clusters && .venv/bin/python -m bench.tasks.cluster_words
/tmp/sc`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analysis import mistranslation


def versions(export: dict[str, Any]) -> Iterator[list[tuple[str, str, bool]]]:
    """Per claim cluster: (outlet, sentence, marked machine-translated), one per outlet, in the
    exported member order."""
    source = {a["id"]: a["source"] for a in export["articles"]}
    marked = {s["name"]: bool(s.get("machine_translated")) for s in export["sources"]}
    for cluster in export["clusters"]:
        seen: set[str] = set()
        out = []
        for m in cluster["members"]:
            outlet = source.get(m["article"])
            if m.get("tier") == "related" or outlet is None or outlet in seen:
                continue
            seen.add(outlet)
            out.append((outlet, m["text"], marked.get(outlet, False)))
        if len(out) >= 2:
            yield out


def candidates(members: list[tuple[str, str, bool]]) -> Iterator[tuple[str, str, str, str]]:
    """(kind, word, what the others write, sentence) for a machine-translated member's words."""
    for c in mistranslation.candidates([(o, t) for o, t, _ in members], min_match=0.0):
        _, text, is_mt = members[c.key]
        if not is_mt:
            continue
        top, _ = c.top()
        agreeing = {members[o][0] for o, p in c.counterparts if p == top}
        givers = {o for o, _ in c.counterparts}
        said = ", ".join(sorted({p for _, p in c.counterparts}))
        if len(agreeing) >= 2:
            yield "others agree", c.word, said, text
        elif all(members[o][2] for o in givers):
            yield "only translations", c.word, said, text


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m bench.tasks.cluster_words KEEP_DIR (from score-clusters)")
        return 2
    counts: dict[str, int] = {"others agree": 0, "only translations": 0}
    exports = sorted(Path(args[0]).glob("*.json"))
    for path in exports:
        export = json.loads(path.read_text(encoding="utf-8"))
        for members in versions(export):
            for kind, word, said, text in candidates(members):
                counts[kind] += 1
                print(f"{path.stem[:12]:12} {kind:17} {word!r} -> {said} | {text[:120]}")
    if not exports:
        print(f"cluster_words: no exports in {args[0]}")
        return 2
    print("; ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
