"""How one flag or one cluster member reads in a list: a header line, the text, what to do."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content, Span
from textual.widgets.option_list import Option

from analysis.claim_units import split_units
from analysis.evidence_text import evidence_lines
from store.rows import FlagRow, MemberRow, ReviewRow
from tui.widgets.glyphs import Glyphs, flag_glyph

EVIDENCE_MARK = "bold $text-accent"
UNIT_MARK = "underline"  # the clause of a sentence that matched its claim

KIND_LABELS = {
    "contradiction": "contradiction",
    "name_variant": "name variant",
    "unverified_name": "unverified name",
    "translation_artifact": "MT artefact",
    "page_residue": "page residue",
}
STATUS_STYLES = {
    "open": "bold $text-warning",
    "accepted": "$text-success",
    "rejected": "$text-muted",
    "corrected": "$text-primary",
    "unreviewed": "$text-muted",
    "corroborated": "$text-success",
    "disputed": "$text-warning",
    "false": "$text-error",
    "unverifiable": "$text-muted",
}
KIND_STYLES = {
    "contradiction": "bold $text-error",
    "name_variant": "bold $text-warning",
    "unverified_name": "bold $text-warning",
    "translation_artifact": "bold $text-warning",
    "page_residue": "bold $text-muted",
}


def status_text(status: str) -> Content:
    return Content.styled(status, STATUS_STYLES.get(status, ""))


def note_lines(notes: Sequence[ReviewRow], glyphs: Glyphs) -> list[Content]:
    """One line per note: the text and who wrote it."""
    return [
        Content.styled(f"{glyphs.note} {n.note} ({n.reviewer})", "italic $text-secondary")
        for n in notes
    ]


def flag_card(flag: FlagRow, glyphs: Glyphs, notes: Sequence[ReviewRow] = ()) -> Content:
    """Header (kind, slot, confidence, status), the quote(s), the explanation, the suggestion."""
    kind = KIND_LABELS.get(flag.kind, flag.kind)
    header: list[str | Content | tuple[str, str]] = [
        (f"{flag_glyph(flag.kind, glyphs)} {kind}", KIND_STYLES.get(flag.kind, "bold")),
    ]
    if flag.slot:
        header.append(f" · {flag.slot}")
    header += [f" · {flag.confidence:.0%} · ", status_text(flag.status)]
    if flag.decided_by and flag.status != "open":
        header.append((f" by {flag.decided_by}", "$text-muted"))
    if flag.presence_label:
        header.append((f" · {flag.presence_label}", "bold $text-warning"))
    lines = [Content.assemble(*header)]
    quote = Content.assemble((flag.source, "bold"), ": “", (flag.quote, "underline"), "”")
    if flag.other_quote is not None:
        quote = Content.assemble(
            quote,
            (f" {glyphs.differs} ", "bold $text-error"),
            (flag.other_source or "?", "bold"),
            ": “",
            (flag.other_quote, "underline"),
            "”",
        )
    lines.append(quote)
    if flag.explanation:
        lines.append(Content.styled(flag.explanation, "$text-muted"))
    if flag.correction:
        lines.append(Content.assemble((f"{glyphs.arrow} corrected: ", "bold"), flag.correction))
    elif flag.suggestion:
        lines.append(Content.assemble((f"{glyphs.arrow} suggest: ", "bold"), flag.suggestion))
    lines += note_lines(notes, glyphs)
    return Content("\n").join(lines)


def member_card(
    member: MemberRow, body: Content, glyphs: Glyphs, notes: Sequence[ReviewRow] = ()
) -> Content:
    """Outlet, MT marker, similarity and the reviewer's verdict, then the highlighted sentence."""
    header: list[str | Content | tuple[str, str]] = [(member.source, "bold")]
    if member.translated:
        header.append((" MT", "bold $text-secondary"))
    if member.edit != "add":  # a sentence the reviewer added has no similarity to the claim
        header.append((f"  {member.similarity:.0%}", "$text-muted"))
    if member.tier != "same_claim":  # possible: for the reviewer; related: context only
        header.append((f"  {member.tier}", "italic $text-warning"))
    if member.copy_of_source:
        header.append((f"  copy of {member.copy_of_source}", "italic $text-muted"))
    clause = unit_spans(member.text, member.unit)
    if clause:  # the sentence says more than the claim: the clause that states it is underlined
        header.append(("  claim in the underlined clause", "italic $text-muted"))
        for start, end in clause:
            body = body.stylize(UNIT_MARK, start, end)
    if member.edited_by:  # a reviewer's edit placed or re-tiered it (store/claim_edits.py)
        header.append((f"  {member.edit} by {member.edited_by}", "italic $text-accent"))
    if member.claim_status != "unreviewed":
        header += ["  ", status_text(member.claim_status)]
    return Content("\n").join([Content.assemble(*header), body, *note_lines(notes, glyphs)])


def unit_spans(text: str, unit: str | None) -> list[tuple[int, int]]:
    """Where a member's matched clause (`MemberRow.unit`, a claim unit's text) sits in its
    sentence, white space at the ends left out; [] when the whole sentence matched or the
    clause is no longer one of the sentence's units (the text was edited)."""
    if not unit:
        return []
    for found in split_units(text):
        if found.text == unit:
            out = []
            for start, end in found.spans:
                piece = text[start:end]
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece) - len(piece.rstrip())
                if end - trail > start + lead:
                    out.append((start + lead, end - trail))
            return out
    return []


def evidence_content(flag: FlagRow) -> list[Content]:
    """The flag's evidence as sentences, the spans that matter highlighted (never raw JSON)."""
    quotes = [q for q in (flag.quote, flag.other_quote) if q]
    return [
        Content(line.text, [Span(a, b, EVIDENCE_MARK) for a, b in line.marks])
        for line in evidence_lines(flag.kind, flag.evidence_dict, quotes)
    ]


def divided(options: Iterable[Option]) -> list[Option | None]:
    """Options with a divider line between each two (None is OptionList's divider)."""
    out: list[Option | None] = []
    for option in options:
        if out:
            out.append(None)
        out.append(option)
    return out
