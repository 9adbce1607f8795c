"""A database twice the size of an analysed one, for timing the review TUI only: SYNTHETIC.

Analysing 20,000 synthetic articles does not fit the machine yet (README, "Ten times the
corpus"), but the TUI only reads what analysis wrote. This copies every outlet, article, sentence,
mention, quantity, cluster, member and flag of an analysed database once more under new ids
(outlet names, hashes, claim keys and fingerprints suffixed " #2"), so the copy has twice the rows
of every kind the TUI's lists, searches and scores read, with the same shapes. Nothing here says
anything about analysis; timings on the copy are labelled "doubled" wherever they are reported.

Run: `.venv/bin/python -m bench.tui_double SRC.db DST.db` (DST is overwritten).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from pathlib import Path

SUFFIX = " #2"
# table -> {column: SQL expression over the original row}; {X} is replaced by table X's max id
COPIES: dict[str, dict[str, str]] = {
    "sources": {"id": "id + {sources}", "name": "name || '{s}'"},
    "articles": {
        "id": "id + {articles}",
        "source_id": "source_id + {sources}",
        "sha256": "sha256 || '{s}'",
        "origin_sha256": "origin_sha256 || '{s}'",
    },
    "sentences": {
        "id": "id + {sentences}",
        "article_id": "article_id + {articles}",
        "claim_key": "claim_key || '{s}'",
    },
    "mentions": {
        "id": "id + {mentions}",
        "article_id": "article_id + {articles}",
        "sentence_id": "sentence_id + {sentences}",
    },
    "quantities": {
        "id": "id + {quantities}",
        "article_id": "article_id + {articles}",
        "sentence_id": "sentence_id + {sentences}",
    },
    "clusters": {"id": "id + {clusters}", "key": "key || '{s}'"},
    "cluster_members": {
        "cluster_id": "cluster_id + {clusters}",
        "sentence_id": "sentence_id + {sentences}",
        "copy_of": "copy_of + {articles}",
    },
    "flags": {
        "id": "id + {flags}",
        "fingerprint": "fingerprint || '{s}'",
        "article_id": "article_id + {articles}",
        "other_article_id": "other_article_id + {articles}",
        "claim_key": "claim_key || '{s}'",
    },
}


def double(src: Path, dst: Path) -> dict[str, int]:
    """Copy `src` to `dst` and add every row of COPIES's tables again; the row counts after."""
    shutil.copy(src, dst)
    for extra in ("-wal", "-shm"):
        Path(f"{dst}{extra}").unlink(missing_ok=True)
    con = sqlite3.connect(dst)
    try:
        top = {
            t: int(con.execute(f"SELECT COALESCE(max(rowid), 0) FROM {t}").fetchone()[0])
            for t in COPIES
        }
        for table, changes in COPIES.items():
            columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            select = [
                changes[c].format(s=SUFFIX, **top) if c in changes else f'"{c}"' for c in columns
            ]
            names = ", ".join(f'"{c}"' for c in columns)
            where = f"WHERE rowid <= {top[table]}"
            con.execute(
                f"INSERT INTO {table} ({names}) SELECT {', '.join(select)} FROM {table} {where}"
            )
            print(f"{table}: doubled", flush=True)
        con.execute(  # a finished run: the TUI's kept counts (store/cluster_summary.py) recount
            "INSERT INTO analysis_runs (started_at, finished_at, notes)"
            " VALUES (datetime('now'), datetime('now'), 'bench/tui_double.py: rows doubled')"
        )
        con.commit()
        return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COPIES}
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    args = parser.parse_args(argv)
    if not args.src.exists():
        print(f"error: no database at {args.src}", file=sys.stderr)
        return 1
    print(double(args.src, args.dst))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
