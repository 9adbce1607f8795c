"""Every key binding of the review app, each with a stable id so a config can remap it.

The ids are the public names used in the `[keys]` table of the config file and shown by `?`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

APP: list[Binding] = [
    Binding("c", "show('claims')", "Claims", id="screen.claims", show=False,
            tooltip="Claim clusters: aligned sentences across articles"),
    Binding("f", "show('flags')", "Flags", id="screen.flags", show=False,
            tooltip="Triage queue of open flags, most confident first"),
    Binding("a", "open_article", "Article", id="screen.article",
            tooltip="Full text of the article behind the selected flag or claim"),
    Binding("s", "show('sources')", "Sources", id="screen.sources", show=False,
            tooltip="Outlets with their reliability score and 90 % interval"),
    Binding("e", "show('entities')", "Entities", id="screen.entities", show=False,
            tooltip="People, organisations and places with their spellings per source"),
    Binding("w", "compare", "Compare", id="screen.compare",
            tooltip="The two articles of a contradiction, or of a claim, side by side"),
    Binding("u", "undo", "Undo", id="undo",
            tooltip="Undo your last step (a decision, note or claim edit)"),
    Binding("ctrl+r", "redo", "Redo", id="redo", tooltip="Redo the step you undid"),
    Binding("r", "refresh_data", "Refresh", id="refresh",
            tooltip="Reload from the database (see other reviewers' decisions)"),
    Binding("ctrl+a", "reanalyse", "Re-analyse", id="reanalyse", show=False,
            tooltip="Run the analysis again in the background"),
    Binding("ctrl+e", "export", "Export", id="export", show=False,
            tooltip="Export claims, flags and scores to a file"),
    Binding("ctrl+g", "cancel_job", "Cancel job", id="cancel_job",
            tooltip="Stop the running analysis or export"),
    Binding("ctrl+f", "search_all", "Search all", id="search", show=False,
            tooltip="Full-text search over every sentence of every article"),
    Binding("ctrl+t", "toggle_dark", "Light/dark", id="theme", show=False,
            tooltip="Switch between the dark and the light theme"),
    Binding("q", "quit", "Quit", id="quit", show=False, tooltip="Leave the review"),
]  # fmt: skip

SCREEN: list[Binding] = [
    Binding("question_mark", "app.help", "Help", id="help", key_display="?",
            tooltip="All keys and what they do"),
]  # fmt: skip

REVIEW: list[Binding] = [
    Binding("y,A", "accept", "Accept", id="accept",
            tooltip="Accept the selected flag(s): the detector is right"),
    Binding("n,R", "reject", "Reject", id="reject",
            tooltip="Reject the selected flag(s) as a false alarm"),
    Binding("x", "correct", "Correct", id="correct",
            tooltip="Record the corrected text for the selected flag"),
    Binding("v", "verdict", "Verdict", id="verdict",
            tooltip="Mark the selected claim corroborated, disputed, false or unverifiable"),
    Binding("m", "note", "Note", id="note",
            tooltip="Attach a note to the selected flag, claim or article"),
]  # fmt: skip

CLAIMS: list[Binding] = [
    Binding("slash", "search", "Search", id="claims.search", key_display="/",
            tooltip="Full-text search over the claims"),
    Binding("k", "cycle_kind", "Kind", id="claims.kind",
            tooltip="Only clusters with flags of one kind (cycles)"),
    Binding("t", "cycle_status", "Status", id="claims.status",
            tooltip="Only clusters with flags in one status (cycles)"),
    Binding("o", "toggle_multi", "Multi-source", id="claims.multi", show=False,
            tooltip="Only claims reported by more than one source"),
    Binding("escape", "clear_filters", "Clear", id="claims.clear", show=False,
            tooltip="Clear the search and the filters"),
]  # fmt: skip

CLAIM_EDITS: list[Binding] = [
    Binding("plus,equals_sign", "confirm_member", "Same claim", id="claims.confirm", show=False,
            key_display="+", tooltip="The selected sentence states the claim: it counts"),
    Binding("minus", "reject_member", "Not same", id="claims.reject", key_display="-", show=False,
            tooltip="The selected sentence does not state the claim: context only, not counted"),
    Binding("d,delete", "remove_member", "Remove", id="claims.remove", show=False,
            tooltip="Take the selected sentence out of the claim"),
    Binding("space", "mark_member", "Mark", id="claims.mark", show=False,
            tooltip="Mark or unmark the selected sentence to split off"),
    Binding("p", "split_claim", "Split", id="claims.split", show=False,
            tooltip="Move the marked sentences (or the selected one) to a new claim"),
    Binding("g", "merge_claim", "Merge…", id="claims.merge", show=False,
            tooltip="Merge another claim (found by search) into this one"),
    Binding("i", "add_member", "Add…", id="claims.add", show=False,
            tooltip="Add a sentence (found by search) to this claim"),
]  # fmt: skip

# The edits of the sentence under the cursor, shown in the footer while the claim's sentences
# have the focus (the screen's copies above only say "tab first" elsewhere).
_SAME_OR_NOT = Binding.Group("Same/not", compact=True)
MEMBER_EDITS: list[Binding] = [
    replace(
        b,
        show=True,
        action=f"screen.{b.action}",
        group=_SAME_OR_NOT if b.id in ("claims.confirm", "claims.reject") else None,
    )
    for b in CLAIM_EDITS
    if b.id in ("claims.remove", "claims.mark", "claims.split", "claims.confirm", "claims.reject")
] + [  # the list's filters and flag correction still work there; the footer needs the room
    replace(b, show=False, action=f"screen.{b.action}")
    for b in (*CLAIMS, *REVIEW)
    if b.id in ("claims.search", "claims.kind", "claims.status", "correct")
]

FLAGS: list[Binding] = [
    Binding("space", "toggle_select", "Select", id="flags.select",
            tooltip="Select or unselect the flag under the cursor"),
    Binding("asterisk", "select_all", "Select all", id="flags.select_all", key_display="*",
            show=False, tooltip="Select every loaded flag, or clear the selection"),
    Binding("k", "cycle_kind", "Kind", id="flags.kind", tooltip="Show one kind of flag (cycles)"),
    Binding("t", "cycle_status", "Status", id="flags.status",
            tooltip="Show open, decided or all flags (cycles)"),
    Binding("escape", "clear_selection", "Unselect", id="flags.clear", show=False,
            tooltip="Clear the selection"),
    Binding("slash", "app.search_all", "Search", id="flags.search", key_display="/",
            tooltip="Full-text search over every sentence of every article"),
    Binding("b", "bulk", "Bulk", id="flags.bulk",
            tooltip="Accept or reject every open flag of this kind or detector (one undo)"),
]  # fmt: skip

ARTICLE: list[Binding] = [
    Binding("escape,backspace", "back", "Back", id="article.back",
            tooltip="Back to where you came from"),
    Binding("right_square_bracket", "next_flag", "Next flag", id="article.next_flag",
            key_display="]", tooltip="Jump to the next flagged span"),
    Binding("left_square_bracket", "prev_flag", "Prev flag", id="article.prev_flag",
            key_display="[", tooltip="Jump to the previous flagged span"),
]  # fmt: skip

COMPARE: list[Binding] = [
    Binding("escape", "back", "Back", id="compare.back", tooltip="Back to where you came from"),
    Binding("right_square_bracket", "next_other", "Next", id="compare.next", key_display="]",
            tooltip="Compare with the next article that tells this claim"),
    Binding("left_square_bracket", "prev_other", "Previous", id="compare.prev", key_display="[",
            tooltip="Compare with the previous article that tells this claim"),
]  # fmt: skip

SEARCH: list[Binding] = [
    Binding("escape", "back", "Back", id="search.back", tooltip="Back to where you came from"),
    Binding("g", "show_claim", "Show claim", id="search.claim",
            tooltip="Show the claim cluster of the selected sentence"),
]  # fmt: skip

SOURCES: list[Binding] = [
    Binding("escape", "focus_sources", "Sources", id="sources.back", show=False,
            tooltip="Back to the list of sources"),
    Binding("f2", "rename", "Rename", id="sources.rename",
            tooltip="Give the selected outlet its real name (undo restores the old one)"),
]  # fmt: skip

ENTITIES: list[Binding] = [
    Binding("g", "merge", "Merge into…", id="entities.merge",
            tooltip="Record that this entity is another spelling of a second one"),
    Binding("p", "split", "Split", id="entities.split",
            tooltip="Record that a spelling must stand alone"),
]  # fmt: skip

SECTIONS: dict[str, list[Binding]] = {
    "Everywhere": [*SCREEN, *APP],
    "Decisions (Claims, Flags, Article, Entities)": REVIEW,
    "Claims": CLAIMS,
    "Editing claims (Claims, in the claim's sentences)": CLAIM_EDITS,
    "Flags": FLAGS,
    "Article": ARTICLE,
    "Search": SEARCH,
    "Side by side": COMPARE,
    "Sources": SOURCES,
    "Entities": ENTITIES,
}

EXTRA_HELP: dict[str, list[tuple[str, str]]] = {
    "Claims": [("enter", "open the article at the selected claim or flag"),
               ("tab", "move between clusters, claims and flags")],
    "Flags": [("enter", "open the article at the flag")],
    "Sources": [("enter", "list the outlet's articles, then open one")],
    "Everywhere": [("ctrl+p", "command palette: every screen and action by name"),
                   ("ctrl+q", "quit")],
}  # fmt: skip


def binding_ids() -> set[str]:
    return {b.id for section in SECTIONS.values() for b in section if b.id}


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    """Ids in a config's [keys] table that name no binding (likely typos)."""
    known = binding_ids()
    return sorted(k for k in keymap if k not in known)
