"""Where the Claims screen shows a verdict whose sentence no claim holds now: how often the
claim it lands under is the right one, at each share of the old sentence's words a sentence
must hold (store/lost_places.HELD_SHARE, hand-set at 0.5).

A verdict loses its sentence when the text it was given on is gone from the analysis: the
article was revised, or an analysis version split the text otherwise. Here each clustered
sentence S of real analysed databases (the dev clusters, kept by `KEEP=DIR score-clusters`)
stands for the new analysis, and the old text a verdict was given on is made from it the ways
that happen:

- joined: S and the next sentence of its article, as a splitter that missed the boundary gave
  them; right: a claim holding S or that sentence.
- clause: S's first part before a clause break ("; ", ", and ", ", but ", ", which "), as a
  splitter that cut there gave it; right: a claim of S.
- figure: S with its first figure changed, the article revised; right: a claim of S.
- reworded: S with two of its longer words replaced, the article revised; right: a claim of S.
- gone: S itself deleted from the article (left out of the candidates); right: a claim of S
  through its other sentences (another outlet's telling); when S was alone in its claims, only
  none is right ('none right').

Each is placed by the store's own candidates and rule (store.lost_places) at several shares.
Reports, per kind and share: right, wrong (a claim holding none of the right sentences), none.

Run: `.venv/bin/python -m bench.tui_lost_verdicts DB...` (prints a table; `--json FILE`).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from store.lost_places import Candidate, candidates, holder, words

SHARES = (0.3, 0.4, 0.5, 0.6, 0.7)
_CLAUSE = re.compile(r"; |, and |, but |, which |, while ")
_FIGURE = re.compile(r"\d+")
_LONG = re.compile(r"\b\w{6,}\b")


def _variants(text: str, following: str | None) -> Iterator[tuple[str, str]]:
    """(kind, old text) made from a sentence of the new analysis."""
    if following:
        yield "joined", f"{text} {following}"
    cut = _CLAUSE.search(text, len(text) // 4)
    if cut and len(words(text[: cut.start()])) >= 3:
        yield "clause", text[: cut.start()] + "."
    figure = _FIGURE.search(text)
    if figure:
        changed = str(int(figure.group()) + 7)
        yield "figure", text[: figure.start()] + changed + text[figure.end() :]
    long = _LONG.findall(text)
    if len(long) >= 4:
        swapped = text
        for word in long[1:3]:  # two words of the body, not the first one
            swapped = re.sub(rf"\b{re.escape(word)}\b", "zq" + word[::-1], swapped, count=1)
        yield "reworded", swapped
    yield "gone", text


def measure(paths: list[Path]) -> dict[str, dict[str, Counter[str]]]:
    """Per kind, per share: Counter of right / wrong / none (and 'none_right' for a gone
    sentence no other clustered sentence could stand for)."""
    tally: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for path in paths:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        clusters: dict[int, set[int]] = defaultdict(set)
        members: dict[int, set[int]] = defaultdict(set)
        for cluster_id, sentence_id in db.execute(
            "SELECT cluster_id, sentence_id FROM cluster_members"
        ):
            clusters[sentence_id].add(cluster_id)
            members[cluster_id].add(sentence_id)
        rows = db.execute(
            "SELECT id, article_id, text FROM sentences WHERE residue IS NULL"
            " ORDER BY article_id, idx"
        ).fetchall()
        for (sid, article, text), nxt in zip(rows, [*rows[1:], None], strict=True):
            if sid not in clusters or len(words(text)) < 3:
                continue
            following = nxt[2] if nxt and nxt[1] == article else None
            for kind, old in _variants(text, following):
                right = set(clusters[sid])
                if kind == "joined" and nxt is not None:
                    right |= clusters.get(nxt[0], set())
                found: list[Candidate] = candidates(db, old)  # type: ignore[arg-type]
                if kind == "gone":
                    found = [c for c in found if c[1] != sid]
                    if all(members[c] == {sid} for c in right):  # no other telling of it
                        right = set()
                for share in SHARES:
                    placed = holder(old, found, share)
                    if placed is None:
                        outcome = "none" if right else "none_right"
                    else:
                        outcome = "right" if placed in right else "wrong"
                    tally[kind][str(share)][outcome] += 1
        db.close()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="+", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    tally = measure(args.db)
    print(f"{'kind':9} {'share':>5} {'n':>5} {'right':>6} {'wrong':>6} {'none':>6}")
    for kind, by_share in tally.items():
        for share, c in by_share.items():
            n = sum(c.values())
            print(
                f"{kind:9} {share:>5} {n:5d} {c['right'] / n:6.1%} {c['wrong'] / n:6.1%}"
                f" {(c['none'] + c['none_right']) / n:6.1%}"
                + (f"  (none right: {c['none_right']})" if c["none_right"] else "")
            )
    if args.json:
        args.json.write_text(json.dumps(tally, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
