"""Every multi-source claim cluster of a corpus, with its members and their tiers, for a reader.

Imports the texts of DIR into a throwaway database, runs the whole analysis and prints each
cluster that spans two or more sources: its tier, then one line per member (tier, P or
similarity, source, line number, text) and, for a member that states the claim in one clause of a
longer sentence, that clause (a sentence may sit in several claims, one per clause). Reading
this listing is how a person judges whether clusters hold one claim (same), part of one
(partial) or only a topic.

Run: `.venv/bin/python -m bench.clusters --show DIR [--all]` (`--all`: possible-only clusters too).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from analysis.importing import import_paths
from analysis.pipeline import analyze
from store import Store

TIER_MARK = {"same_claim": "=", "possible": "?", "related": "~"}


def listing(directory: Path, *, include_possible: bool = False) -> list[str]:
    """The lines `--show` prints for one corpus directory."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "clusters.db")
        try:
            report = import_paths(store, [directory])
            if not store.articles():
                errors = "; ".join(report.errors) or "no readable articles"
                raise SystemExit(f"clusters: nothing imported from {directory}: {errors}")
            analyze(store, workers=1)
            members = store.all_cluster_members()
            lines: list[str] = []
            shown = 0
            for cluster in store.clusters(limit=-1):
                rows = members.get(cluster.id, [])
                sources = {m.source for m in rows if m.tier != "related"}
                same = {m.article_id for m in rows if m.tier == "same_claim"}
                tier = "same_claim" if len(same) >= 2 else "possible"
                if len(sources) < 2 or (tier != "same_claim" and not include_possible):
                    continue
                shown += 1
                lines.append(f"#{cluster.id} [{tier}] {cluster.label}")
                for m in rows:
                    text = " ".join(m.text.split())
                    lines.append(
                        f"  {TIER_MARK.get(m.tier, ' ')} {m.similarity:.2f} "
                        f"{m.source[:18]:18s} {m.idx:>3}  {text[:150]}"
                    )
                    if m.unit:  # the clause it states the claim in (a sentence of several)
                        lines.append(f"{'':30s} clause: {' '.join(m.unit.split())[:140]}")
            which = "all tiers" if include_possible else "same-claim"
            legend = "= same claim  ? possible  ~ related"
            lines.append(f"{shown} multi-source clusters shown ({which});  {legend}")
            return lines
        finally:
            store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", type=Path, required=True, metavar="DIR")
    parser.add_argument("--all", action="store_true", help="also possible-only clusters")
    args = parser.parse_args(argv)
    if not args.show.is_dir():
        sys.exit(f"clusters: {args.show} is not a directory")
    print("\n".join(listing(args.show, include_possible=args.all)))


if __name__ == "__main__":
    main()
