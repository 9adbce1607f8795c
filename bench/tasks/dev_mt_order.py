"""Issue 12's MT-likelihood check on the dev clusters: does every machine-translated member score
above every native English member, and does the sources screen mark it machine-translated?

Reads the JSON exports that `../shared/tools/score-clusters` keeps (`KEEP=DIR`), so the scores
are exactly what the tool stored (`garble_score`, the article MT likelihood joined with explicit
traces) and the marks what the sources screen shows (`machine_translated`). Labels are the ones
issue 12 took from each cluster's KEY.md; human translations and rewrites are not scored. Nothing
in the pipeline was fitted on these clusters, so each cluster's AUC is already a
leave-that-cluster-out AUC; the pooled AUC ranks all three clusters' members together.

Run: `KEEP=/tmp/sc ../shared/tools/score-clusters && .venv/bin/python -m bench.tasks.dev_mt_order
/tmp/sc`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LABELS: dict[str, tuple[set[str], set[str]]] = {  # cluster -> (MT members, native members)
    "an24-tynda-crash-2025-07": ({"01", "02", "03", "06"}, {"05"}),
    "kartalkaya-hotel-fire-2025-01": ({"01", "02", "03"}, {"04", "05"}),
    "qiqihar-gym-collapse-2023-07": ({"01", "02", "03"}, {"05"}),
}


def auc(scored: list[tuple[float, bool]]) -> float | None:
    """Share of (MT, native) pairs the MT member wins (ties count half)."""
    mt = [s for s, is_mt in scored if is_mt]
    native = [s for s, is_mt in scored if not is_mt]
    if not mt or not native:
        return None
    wins = sum((a > b) + 0.5 * (a == b) for a in mt for b in native)
    return wins / (len(mt) * len(native))


def read(keep: Path) -> dict[str, list[tuple[str, float, bool, bool]]]:
    """cluster -> (file, score, is MT, marked MT on the sources screen) of its labelled members."""
    out: dict[str, list[tuple[str, float, bool, bool]]] = {}
    for cluster, (mt, native) in LABELS.items():
        path = keep / f"{cluster}.json"
        if not path.exists():
            continue
        export = json.loads(path.read_text(encoding="utf-8"))
        marked = {s["name"]: bool(s.get("machine_translated")) for s in export["sources"]}
        rows = []
        for art in export["articles"]:
            tag = str(art["file"])[:2]
            if tag in mt or tag in native:
                score = float(art.get("garble_score") or 0.0)
                rows.append((art["file"], score, tag in mt, marked.get(art["source"], False)))
        out[cluster] = rows
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m bench.tasks.dev_mt_order KEEP_DIR (from score-clusters)")
        return 2
    clusters = read(Path(args[0]))
    if not clusters:
        print(f"dev_mt_order: no dev-cluster exports in {args[0]}")
        return 2
    pooled: list[tuple[float, bool]] = []
    marked = total = 0
    for cluster, rows in clusters.items():
        for file, score, is_mt, shown in rows:
            label, screen = ("MT" if is_mt else "native"), ("MT" if shown else "-")
            print(f"{cluster[:12]:12} {file:28} {score:.3f} {label:6} screen: {screen}")
            if is_mt:
                total += 1
                marked += shown
        scored = [(score, is_mt) for _, score, is_mt, _ in rows]
        pooled += scored
        low_mt = min(s for s, m in scored if m)
        high_native = max(s for s, m in scored if not m)
        print(f"{cluster}: AUC {auc(scored):.3f} (lowest MT {low_mt:.3f}, top native ", end="")
        print(f"{high_native:.3f})")
    print(f"pooled AUC {auc(pooled):.3f}; sources screen marks {marked}/{total} MT members MT")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
