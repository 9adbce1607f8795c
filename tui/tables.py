"""Plain-text tables for the command line (flags, scores)."""

from __future__ import annotations

import textwrap

from analysis.scoring import SourceScore
from store import Store, StoreError
from store.rows import ClaimEditRow, FlagRow, MemberRow, ReviewRow
from store.verdicts import short_name


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


ID_WIDTH = 12  # characters of a flag id the table prints; `decide` takes any unique prefix


def claim_name(name: str) -> str:
    """How a claim cluster is named on screen and on the command line: by the id of its first
    sentence (`ClusterRow.name`), which a re-analysis keeps, never by its row id, which it may
    give to another claim. `corroborator claim show` takes the same id."""
    return f"claim {short_name(name, ID_WIDTH)}"


def flags_table(rows: list[FlagRow], width: int = 120) -> str:
    if not rows:
        return "no flags match"
    width = max(width, 80)
    quote_w = max(16, (width - 74) // 2)
    lines = [
        f"{'id':<12}  {'conf':>4}  {'kind':<20} {'status':<9} {'source':<16} "
        f"{'quote':<{quote_w}} suggestion",
        "-" * min(width, 74 + 2 * quote_w),
    ]
    for f in rows:
        quote = f.quote if f.kind != "contradiction" else f"{f.quote} ≠ {f.other_quote}"
        lines.append(
            f"{f.fingerprint[:ID_WIDTH]:<12}  "
            f"{f.confidence:4.2f}  {f.kind:<20} {f.status:<9} {_clip(f.source, 16):<16} "
            f"{_clip(quote, quote_w):<{quote_w}} {_clip(f.correction or f.suggestion, quote_w)}"
        )
        gone = f"{f.presence}. " if f.presence else ""
        for part in textwrap.wrap(gone + f.explanation, width=width - 8):
            lines.append(f"      {part}")
    lines.append(f"{len(rows)} flag{'s' if len(rows) != 1 else ''}")
    return "\n".join(lines)


def score_bar(score: SourceScore, width: int = 20) -> str:
    """A bar whose filled part is the score and whose ░ band is the 90 % interval."""
    cells = []
    for i in range(width):
        x = (i + 0.5) / width
        if x <= score.score:
            cells.append("█")
        elif x <= score.high:
            cells.append("░")
        else:
            cells.append("·")
    lo = int(score.low * width)
    if 0 <= lo < width and cells[lo] == "█":
        cells[lo] = "▌"
    return "".join(cells)


def scores_table(scores: list[SourceScore]) -> str:
    """Reliability with its interval, the items for and against it, and for a machine-translated
    source its confirmed translation errors per 1,000 words (which reliability does not count)."""
    lines = [
        f"{'source':<24} {'reliab':>6}  {'90% interval':<12} {'':<20}   for against"
        "  MT errors/1k words"
    ]
    for s in scores:
        against = len([e for e in s.reliability_items if e.weight < 0])
        mt = (
            f"  {s.translation_errors} ({s.translation_errors_per_1000_words:.1f})"
            if s.translation_errors_per_1000_words is not None
            else ""
        )
        lines.append(
            f"{_clip(s.name, 24):<24} {s.score:6.2f}  {s.low:.2f}–{s.high:.2f}    {score_bar(s)}"
            f" {s.corroborated:>5} {against:>7}{mt}"
        )
    return "\n".join(lines)


def _target(store: Store, row: ReviewRow) -> str:
    """`flag “Kim Jong-su”` for a flag (its quote); the kind of target for the others."""
    if row.target_type != "flag":
        return row.target_type
    try:
        return f"flag “{_clip(store.flag(row.target).quote, 60)}”"
    except StoreError:
        return "flag"


def _with_others(store: Store, row: ReviewRow) -> str:
    """For a verdict given on a whole claim (one step, a verdict row per sentence): that it
    judged the claim's other sentences shown then with it, and only those (a sentence that joined
    the claim later was not judged by it)."""
    if row.batch is None:
        return ""
    try:
        others = sum(r.action == "claim" and r.id != row.id for r in store.step_rows(row))
    except StoreError:
        return ""
    if not others:
        return ""
    them = "other sentence" if others == 1 else f"{others} other sentences"
    return f", with the {them} the claim showed then"


def describe_review(store: Store, row: ReviewRow) -> str:
    """A review-log row in words, e.g. `flag “Kim Jong-su” is open` (undo/redo messages)."""
    what = _target(store, row)
    if row.action == "status":
        return f"{what} is {row.decision or 'open'}"
    if row.action == "claim":  # a verdict's row keeps its sentence (`value`) and its claim
        text = row.value or store.claim_text(row.target)
        said = f" on “{_clip(text, 50)}”" if text else ""
        where = f" in claim {row.claim[:ID_WIDTH]}" if row.claim else ""
        return f"verdict{said}{where}{_with_others(store, row)}: {row.decision or 'unreviewed'}"
    if row.action == "edit":  # an undo/redo row refers to the edit (`ref`) it takes back/redoes
        edit = next((e for e in store.claim_edit_log() if e.review_id in (row.ref, row.id)), None)
        state = "withdrawn" if row.decision == "withdrawn" else "in force"
        if edit is None:
            return f"claim edit {state}"
        return f"{edit.kind} of “{_clip(edit.text, 50)}” {state}"
    if row.action == "rename":  # an undo/redo row carries neither name: read its original
        try:
            original = store.review_row(row.ref) if row.ref else row
        except StoreError:
            original = row
        old = (original.note or "").removeprefix("was ")
        state = "withdrawn" if row.decision == "withdrawn" else "in force"
        return f"rename of outlet “{old}” to “{original.value}” {state}"
    if row.action == "note":
        return f"note on {what} {'withdrawn' if row.decision == 'withdrawn' else 'restored'}"
    state = "withdrawn" if row.decision == "withdrawn" else "in force"
    return f"{row.action} of “{row.target}” {state}"


_STEP_VERBS = {
    "accepted": "accept",
    "rejected": "reject",
    "corrected": "correction",
    "open": "reopening",
}


def describe_step(store: Store, row: ReviewRow) -> str:
    """The step a reviewer took, as a refusal to undo or redo it names it: `your accept of flag
    “Ann Vaker”`. describe_review says what a row left (`flag … is accepted`), which beside
    a refusal reads as the flag's state now, when another reviewer changed it since."""
    if row.action == "status":
        what = _target(store, row)
        verb = _STEP_VERBS.get(row.decision or "open", str(row.decision))
        fix = f" to “{_clip(row.value, 40)}”" if row.decision == "corrected" and row.value else ""
        return f"your {verb} of {what}{fix}"
    # a verdict says the verdict given; an edit, merge or rename what it did ("in force" is
    # its state, not the step)
    return f"your {describe_review(store, row).removesuffix(' in force')}"


def members_table(members: list[MemberRow]) -> str:
    """A claim's members, one a line: id, tier, outlet, sentence, the edit behind it, and the
    verdict it has in this claim."""
    lines = []
    for m in members:
        edited = f" [{m.edit} by {m.edited_by}]" if m.edited_by else ""
        verdict = f" [{m.claim_status}]" if m.claim_status != "unreviewed" else ""
        line = f"  {m.claim_key[:ID_WIDTH]}  {m.tier:<10} {m.source}: {_clip(m.text, 70)}"
        lines.append(line + edited + verdict)
    return "\n".join(lines)


def claim_edits_table(rows: list[ClaimEditRow]) -> str:
    """Claim edits, oldest first, each with whether it applies to the clusters now."""
    lines = []
    for r in rows:
        state = "applies" if r.applied else f"not applied: {r.reason}"
        text = _clip(r.text or "(sentence no longer in any article)", 60)
        head = f"#{r.review_id} {r.at[:16]} {r.reviewer} {r.kind} {r.claim_key[:ID_WIDTH]}"
        lines.append(f"{head} “{text}” — {state}")
    return "\n".join(lines)
