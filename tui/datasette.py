"""Browse a corroborator database in Datasette, with titles, descriptions and labels.

`metadata(name)` is Datasette's metadata for a database file called `name`; `command(...)` the
command line that runs Datasette on it from this Python environment, or None when Datasette is
not installed here (it is an optional extra: `pip install 'corroborator[datasette]'`).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

INSTALL_HINT = f"{sys.executable} -m pip install datasette"

TABLES: dict[str, dict[str, Any]] = {
    "claim_verdicts": {
        "title": "Claim verdicts",
        "description": "Each claim a reviewer gave a verdict, with its sentence, outlet, article,"
        " cluster and the notes in force on it; `in_claim` names the claim the verdict was given"
        " in (empty: it holds in every claim of the sentence).",
    },
    "review_log": {
        "title": "Review log, readable",
        "description": "Every reviewer action, oldest first; `about` says in words what it"
        " was about (a flag's kind, quote and outlet, a claim's sentence, a cluster's label);"
        " `claim` names the claim a verdict, or the note written with it, was given in (empty:"
        " every claim of the sentence).",
    },
    "open_flags": {
        "title": "Open flags",
        "description": "Flags nobody has decided yet, most confident first: the triage queue.",
    },
    "flag_status": {
        "title": "Flags with their status",
        "description": "Every flag with the latest decision on it (open when none).",
    },
    "claim_state": {
        "title": "Claim state (hashes)",
        "description": "The latest verdict per claim key and claim it was given in (under"
        " the name that claim has now); `claim_verdicts` shows the same as text.",
    },
    "sources": {"title": "Sources", "description": "The outlets.", "label_column": "name"},
    "articles": {
        "title": "Articles",
        "description": "Imported articles; `garble` is the machine-translation garble score.",
        "label_column": "title",
    },
    "sentences": {
        "title": "Sentences",
        "description": "Every sentence with its offsets (full-text searchable); `residue` names"
        " page furniture (captions, share buttons) kept out of the claims.",
        "label_column": "text",
    },
    "clusters": {
        "title": "Claim clusters",
        "description": "Sentences from several articles that state the same claim.",
        "label_column": "label",
    },
    "cluster_members": {
        "title": "Cluster members",
        "description": "Which sentence is in which cluster, with its similarity to the cluster,"
        " its tier, and the reviewer's claim edit behind it (`edit`, `edited_by`).",
    },
    "claim_edit_state": {
        "title": "Claim edits: do they apply",
        "description": "Each reviewer's claim edit (`reviews` rows with action `edit`): whether"
        " it applies to the clusters now, and if not why (undone, or the latest analysis no"
        " longer has its sentence or claim).",
    },
    "claim_base": {
        "title": "Clusters as analysis made them",
        "description": "Analysis's own version of each cluster a reviewer's edit touched (members"
        " in `claim_base_members`); `clusters` shows them as edited.",
        "label_column": "label",
    },
    "flags": {
        "title": "Flags (raw)",
        "description": "Detector findings; `active` = 0 when the latest analysis no longer found"
        " them. Use `flag_status` for their status.",
        "label_column": "quote",
    },
    "reviews": {
        "title": "Reviews (append-only log)",
        "description": "The raw log: targets are fingerprints and claim keys; `review_log` shows"
        " them as text.",
    },
    "entities": {
        "title": "Entities",
        "description": "People, organisations and places.",
        "label_column": "name",
    },
    "mentions": {"title": "Mentions", "description": "Each name as written in an article."},
    "quantities": {
        "title": "Quantities",
        "description": "Money, percentages, counts, durations"
        " and dates, normalised so they can be compared.",
    },
    "gazetteer_entries": {"title": "Reviewer's gazetteer", "label_column": "name"},
    "analysis_runs": {"title": "Analysis runs", "description": "When each analysis ran."},
    "review_steps": {
        "title": "Undo stacks",
        "description": "Each reviewer's steps, done, undone or skipped (set aside because another"
        " reviewer decided a target since; its rows stay in the log), in stack order (`seq`).",
    },
}


def metadata(name: str) -> dict[str, Any]:
    """Datasette metadata (titles, descriptions, label columns) for the database `name`."""
    return {
        "title": "Corroborator",
        "description": "Claims aligned across news articles, the flags raised on them and the"
        " reviewer's decisions.",
        "databases": {name: {"tables": TABLES}},
    }


def installed() -> bool:
    return importlib.util.find_spec("datasette") is not None


def command(db: Path, metadata_file: Path, extra: tuple[str, ...] = ()) -> list[str] | None:
    """`python -m datasette DB --metadata FILE ...` in this environment, or None when absent."""
    if not installed():
        return None
    return [sys.executable, "-m", "datasette", str(db), "--metadata", str(metadata_file), *extra]
