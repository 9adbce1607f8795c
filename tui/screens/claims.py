"""Claims: clusters of aligned sentences on the left, the selected one side by side on the right.

The cluster list is paged from SQLite. The right side shows each member sentence with what differs
between sources highlighted, and below it the flags raised on those sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import DataTable, Input, OptionList, Static

from analysis.model import FLAG_KINDS
from store import StoreError
from store.rows import ClusterRow, FlagRow, MemberRow, ReviewRow
from tui import keys
from tui.screens.base import (
    ArticleTarget,
    ClaimTarget,
    NoteTarget,
    clip,
    highlighted_row,
    plural,
)
from tui.screens.claim_edit import ClaimEditing
from tui.screens.search import SearchScreen
from tui.tables import claim_name
from tui.widgets import highlight
from tui.widgets.cards import KIND_LABELS, member_card, note_lines
from tui.widgets.paged_options import PagedOptionList
from tui.widgets.paged_table import PagedTable, Row

FLAG_FILTER_STATUSES: tuple[str | None, ...] = (None, "open", "accepted", "rejected", "corrected")
KIND_FILTERS: tuple[str | None, ...] = (None, *FLAG_KINDS)
_PAGES_TO_FIND = 20
"""Pages of the cluster list loaded at most to put the cursor on a claim further down."""


@dataclass(frozen=True)
class _Card:
    """One member sentence's card, less the focused flag (which follows the flags pane)."""

    member: MemberRow
    marks: list[highlight.Mark]
    differs: set[int]
    flagged: list[tuple[int, int]]
    notes: list[ReviewRow]


class MembersList(PagedOptionList):
    """The shown claim's sentences; while it has the focus the footer shows their edit keys."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.MEMBER_EDITS]


def _cycle(values: tuple[str | None, ...], current: str | None) -> str | None:
    return values[(values.index(current) + 1) % len(values)]


class ClaimsScreen(ClaimEditing):
    """Walk the claim clusters; decide their flags; give claims a verdict; edit the clusters."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.CLAIMS, *keys.CLAIM_EDITS]
    REVIEW_ACTIONS = frozenset({"accept", "reject", "correct", "verdict", "note"})
    MODE = "claims"
    AUTO_FOCUS = "#clusters"

    search: var[str] = var("", init=False)
    """Full-text query over member sentences; empty for none."""
    kind: var[str | None] = var(None, init=False)
    """Only clusters with an active flag of this kind."""
    status: var[str | None] = var(None, init=False)
    """Only clusters with an active flag in this status."""
    multi_only: var[bool] = var(False, init=False)
    """Only clusters reported by more than one source."""

    def __init__(self) -> None:
        super().__init__(id="claims")
        self._clusters: dict[str, ClusterRow] = {}
        self._members: list[MemberRow] = []
        self._flags: list[FlagRow] = []
        self._cards: list[_Card] = []
        """What the member cards show apart from the focused flag, built once per shown cluster."""
        self._focused: list[list[tuple[int, int]]] = []
        """The focused flag's ranges in each member card as last rendered."""
        self._shown: str | None = None
        self._ready = False
        self._marked: set[str] = set()
        """Claim keys of the shown cluster's sentences marked to split off."""
        self._lost: list[ReviewRow] = []
        """Verdicts whose sentence no claim holds now (edited since): shown, never hidden."""
        self._lost_in: dict[int, str] = {}
        """The claim name each of `_lost` is shown under, by review id
        (Store.lost_verdict_claims)."""
        self._lost_marker: tuple[object, ...] | None = None  # what _lost_in was read at

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="claims-body"):
            with Vertical(id="cluster-pane", classes="pane"):
                yield Input(placeholder="search claims (enter to apply)", id="search")
                yield Static("", id="cluster-filters", classes="pane-status")
                yield PagedTable(id="clusters", page_size=100)
            with Vertical(id="detail-pane"):
                yield Static("", id="cluster-notes", classes="pane")
                yield MembersList(id="members", classes="pane")
                yield PagedOptionList(id="cluster-flags", classes="pane")

    def on_mount(self) -> None:
        table = self.query_one("#clusters", PagedTable)
        table.add_column(" ", key="glyph", width=1)
        table.add_column("src", key="src", width=3)
        table.add_column("claim", key="label")
        self.query_one("#members", OptionList).border_title = "Claim"
        self.query_one("#cluster-flags", OptionList).border_title = "Flags"
        self.query_one("#cluster-notes", Static).border_title = "Notes on this claim"
        self.query_one("#cluster-pane").border_title = "Clusters"
        self._ready = True
        self._refetch()
        self._reload_on_resume = False  # just loaded: the first resume need not load it again

    # ---- the cluster list --------------------------------------------------------------------

    def _glyph(self, c: ClusterRow) -> Content:
        """Conflict, garble, corroborated or single-source; dim once every flag is decided."""
        g = self.glyphs
        if c.conflicts:
            glyph, style = g.conflict, "bold $text-error"
        elif c.garbles:
            glyph, style = g.garble, "bold $text-warning"
        elif c.n_sources > 1:
            return Content.styled(g.corroborated, "bold $text-success")
        else:
            return Content.styled(g.single, "$text-muted")
        return Content.styled(glyph, style if c.open_flags else "$text-muted")

    def _row(self, c: ClusterRow) -> Row:
        # No same-claim witness (only "possible" members): no outlet corroborates it yet, and
        # "0" would read as an empty claim.
        witnesses = str(c.n_sources) if c.n_sources else "–"
        return self._row_key(c.name, c.id), [self._glyph(c), witnesses, clip(c.label, 200)]

    def _row_key(self, name: str, cluster_id: int) -> str:
        """The claim's stable name (it survives re-analysis, unlike the row id); a second claim
        whose first sentence is the same (one sentence in two claims) gets its row id added."""
        known = self._clusters.get(name)
        unique = name and (known is None or known.id == cluster_id)
        return name if unique else f"{name}~{cluster_id}"

    def _fetch(self, offset: int, limit: int) -> list[Row]:
        try:
            rows = self.store.clusters(
                offset=offset,
                limit=limit,
                search=self.search or None,
                flag_kind=self.kind,
                status=self.status,
                multi_only=self.multi_only,
            )
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return []
        if offset == 0:  # a fresh load: the names of the rows before are no longer taken
            self._clusters.clear()
        out: list[Row] = []
        for c in rows:  # one at a time: two claims on this page may share a name
            row = self._row(c)
            self._clusters[row[0]] = c
            out.append(row)
        return out

    def _refetch(self) -> None:
        self._clusters.clear()
        table = self.query_one("#clusters", PagedTable)
        table.set_fetch(self._fetch)
        self._update_filter_line()
        self.show_cluster(table.current_key)

    def _why_empty(self) -> str:
        """What the empty claim pane says: a filter that matches nothing, or a database with no
        claims yet and what to do about it."""
        if self.search or self.kind or self.status or self.multi_only:
            return "No cluster matches (escape clears the search and filters)."
        counts = self.store.counts()
        if not counts.articles:
            return (
                f"No articles in {self.store.path.name} yet: import some from the shell"
                f" (corroborator import FILES --db {self.store.path}), then analyse them."
            )
        if not counts.sentences:
            them = "1 article" if counts.articles == 1 else f"{counts.articles} articles"
            return f"{them} not analysed yet: ctrl+a analyses them."
        return "The analysis found no claims in these articles."

    def _update_filter_line(self) -> None:
        total = self.store.cluster_count(
            search=self.search or None,
            flag_kind=self.kind,
            status=self.status,
            multi_only=self.multi_only,
        )
        parts = [plural(total, "cluster")]
        if self.search:
            parts.append(f"“{self.search}”")
            outside = self._outside_clusters()
            if outside:
                parts.append(f"{outside} more sentences in no cluster: ctrl+f")
        if self.kind:
            parts.append(KIND_LABELS.get(self.kind, self.kind))
        if self.status:
            parts.append(f"{self.status} flags")
        if self.multi_only:
            parts.append("2+ sources")
        stale = sum(not e.applied and e.reason != "undone" for e in self.store.claim_edit_log())
        if stale:  # kept, never dropped: `corroborator claim edits` says why each one is out
            parts.append(
                f"{stale} claim edit{'s no longer apply' if stale > 1 else ' no longer applies'}"
            )
        self._lost = self.store.lost_verdicts()
        marker = (tuple(v.id for v in self._lost), self.store.scoring_marker())
        if marker != self._lost_marker:  # the claim each is shown in: asked again on a change
            self._lost_in = self.store.lost_verdict_claims(self._lost)
            self._lost_marker = marker
        if self._lost:  # kept too: each under the claim it was given in, and in the exports
            n = len(self._lost)
            nowhere = sum(v.id not in self._lost_in for v in self._lost)
            parts.append(
                f"{n} verdict{'s' if n > 1 else ''} on text changed since"
                + (f" ({nowhere} under no claim: see the export)" if nowhere else "")
            )
        if len(parts) == 1:
            parts.append("/ search · k kind · t status")
        self.query_one("#cluster-filters", Static).update(" · ".join(parts))
        self.set_status(plural(total, "cluster"))

    def watch_search(self) -> None:
        self._refetch()

    def watch_kind(self) -> None:
        self._refetch()

    def watch_status(self) -> None:
        self._refetch()

    def watch_multi_only(self) -> None:
        self._refetch()

    @on(DataTable.RowHighlighted, "#clusters")
    def _cluster_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        # a reload, then a jump to another claim, post two events: only the last one counts
        if key != self._shown and key == self.query_one("#clusters", PagedTable).current_key:
            self.show_cluster(key)

    @on(DataTable.RowSelected, "#clusters")
    def _cluster_selected(self) -> None:
        self.query_one("#members", OptionList).focus()

    # ---- the selected cluster ----------------------------------------------------------------

    def show_cluster(self, key: str | None) -> None:
        """Load the members and flags of one cluster into the right-hand panes, read in one
        snapshot of the database."""
        with self.store.snapshot():
            self._show_cluster(key)

    def _show_cluster(self, key: str | None) -> None:
        if key != self._shown:
            self._marked.clear()
        self._shown = key
        cluster = self._clusters.get(key or "")
        members_list = self.query_one("#members", MembersList)
        if cluster is None:
            self._members, self._flags, self._cards, self._focused = [], [], [], []
            members_list.border_title = "Claim"
            members_list.show_empty(self._why_empty())
            self._render_flags()
            self._render_cluster_notes(None)
            return
        self._members = self.store.cluster_members(cluster.id)
        keys_ = [m.claim_key for m in self._members]
        self._marked &= set(keys_)  # marks are sentences of this claim, whatever its id
        self._flags = self.store.flags(claim_keys=keys_) if keys_ else []
        self._cards = self._member_cards()
        members_list.border_title = clip(f"{claim_name(cluster.name)} · {cluster.label}", 120)
        members_list.border_subtitle = _members_subtitle(self._members, cluster.n_sources)
        # Flags first, so the members are rendered once, with the flag that will be focused.
        self._render_flags(reset=True)
        self._render_members(reset=True)
        self._render_cluster_notes(cluster)
        self._update_row(key or "")

    def _render_cluster_notes(self, cluster: ClusterRow | None) -> None:
        """Notes on the whole claim (`m` on the cluster list), also those made on a claim merged
        into it or on its earlier versions, then the verdicts given in this claim on a sentence
        its article no longer has (edited since): hidden when there are none."""
        notes: list[ReviewRow] = []
        lost: list[ReviewRow] = []
        if cluster is not None:
            notes = self.store.notes_for("cluster", [cluster.key]).get(cluster.key, [])
            lost = [
                v for v in self._lost if cluster.name and self._lost_in.get(v.id) == cluster.name
            ]
        pane = self.query_one("#cluster-notes", Static)
        pane.display = bool(notes or lost)
        pane.border_title = (
            "Notes on this claim" if not lost else
            "Notes on this claim · verdicts on text changed since" if notes else
            "Verdicts on text changed since"
        )  # fmt: skip
        lines = note_lines(notes, self.glyphs)
        for v in lost:  # with the notes written with it or on its sentence since
            lines.append(_lost_line(v, [n.note for n in self.store.notes("claim", v.target)]))
        pane.update(Content("\n").join(lines))

    def _flag_ranges(self, member: MemberRow, flags: Iterable[FlagRow]) -> list[tuple[int, int]]:
        """Flagged spans inside one member sentence, as sentence offsets."""
        out: list[tuple[int, int]] = []
        for f in flags:
            sides = [(f.article_id, f.start, f.end)]
            if f.other_article_id is not None and f.other_start is not None:
                sides.append((f.other_article_id, f.other_start, f.other_end or f.other_start))
            for article_id, start, end in sides:
                if article_id == member.article_id and member.start <= start < member.end:
                    out.append((start - member.start, min(end, member.end) - member.start))
        return out

    def _member_cards(self) -> list[_Card]:
        """Marks, differences, flagged ranges and notes of each member: all but the focus. Every
        member's marks are found (what differs needs them all); only the cards shown are drawn."""
        spans = self.store.sentence_spans([m.sentence_id for m in self._members])
        named = self.store.articles_with_mentions(
            {m.article_id for m in self._members}, highlight.NAME_SPAN_KINDS
        )
        marks = []
        for m in self._members:
            inside = [(s.start - m.start, s.end - m.start, s.kind) for s in spans[m.sentence_id]]
            guess = m.article_id not in named
            marks.append(highlight.find_marks(m.text, inside, guess_names=guess))
        differs = highlight.differing(marks) if len(self._members) > 1 else [set()] * len(marks)
        shown = self.shown_cluster_id()
        keys = [m.claim_key for m in self._members]
        notes = (
            self.store.notes_in_claim(shown, keys)
            if shown is not None
            else self.store.notes_for("claim", keys)
        )
        sides: dict[int, list[FlagRow]] = {}  # each flag under the articles it quotes
        for f in self._flags:
            sides.setdefault(f.article_id, []).append(f)
            if f.other_article_id is not None and f.other_article_id != f.article_id:
                sides.setdefault(f.other_article_id, []).append(f)
        return [
            _Card(
                m,
                mk,
                diff,
                self._flag_ranges(m, sides.get(m.article_id, [])),
                notes.get(m.claim_key, []),
            )
            for m, mk, diff in zip(self._members, marks, differs, strict=True)
        ]

    def _card_content(self, card: _Card, focused: list[tuple[int, int]]) -> Content:
        m = card.member
        body = highlight.render(
            m.text, card.marks, differs=card.differs, flagged=card.flagged, focused=focused
        )
        content = member_card(m, body, self.glyphs, card.notes)
        if m.claim_key in self._marked:
            return Content.assemble(("▍to split off ", "bold $text-accent"), content)
        return content

    def redraw_members(self) -> None:
        members = self.query_one("#members", MembersList)
        keep = members.highlighted
        self._render_members(reset=True)
        if keep is not None and keep < len(self._members):
            members.highlight(keep)

    def shown_label(self) -> str:
        cluster = self._clusters.get(self._shown or "")
        return clip(cluster.label, 70) if cluster else ""

    def shown_cluster_id(self) -> int | None:
        cluster = self._clusters.get(self._shown or "")
        return cluster.id if cluster else None

    def _render_members(self, *, reset: bool = False) -> None:
        """Fill the members pane; without `reset`, redraw only the cards the focus moved on/off."""
        members_list = self.query_one("#members", MembersList)
        focus = self.current_flag()
        focused = [self._flag_ranges(c.member, [focus]) if focus else [] for c in self._cards]
        before, self._focused = self._focused, focused
        if reset or len(before) != len(self._cards):
            members_list.show(
                len(self._cards),
                lambda i: self._card_content(self._cards[i], self._focused[i]),
                what="more sentences",
            )
            if self._cards:
                members_list.highlighted = 0
            return
        for i, (card, now, was) in enumerate(zip(self._cards, focused, before, strict=True)):
            if now != was:
                members_list.replace_card(i, self._card_content(card, now))

    def _render_flags(self, *, reset: bool = False) -> None:
        flags_list = self.query_one("#cluster-flags", PagedOptionList)
        keep = flags_list.highlighted
        self.fill_flag_list(flags_list, self._flags, "No flags on this claim.")
        if not self._flags:
            return
        flags_list.highlight(0 if reset or keep is None else min(keep, len(self._flags) - 1))

    def _update_row(self, key: str) -> None:
        """Refresh one cluster row's glyph and open count from the flags just loaded."""
        cluster = self._clusters.get(key)
        table = self.query_one("#clusters", PagedTable)
        if cluster is None or key not in table.rows:
            return
        updated = replace(
            cluster,
            conflicts=sum(f.kind == "contradiction" for f in self._flags),
            garbles=sum(
                f.kind in ("name_variant", "unverified_name", "translation_artifact")
                for f in self._flags
            ),
            open_flags=sum(f.status == "open" for f in self._flags),
        )
        self._clusters[key] = updated
        glyph = self._glyph(updated)
        # update_cell invalidates every cached row of the table and repaints it whole, which
        # costs more than the rest of a cursor move: only do it when the glyph really changed.
        before = self._glyph(cluster)  # Content == compares text only, so compare spans too
        if (glyph.plain, list(glyph.spans)) != (before.plain, list(before.spans)):
            table.update_cell(key, "glyph", glyph)

    @on(OptionList.OptionHighlighted, "#cluster-flags")
    def _flag_highlighted(self) -> None:
        if self._members:
            self._render_members()

    @on(OptionList.OptionSelected, "#members")
    @on(OptionList.OptionSelected, "#cluster-flags")
    def _open_selected(self, event: OptionList.OptionSelected) -> None:
        target = self._article_target_for(event.option_list.id)
        if target is not None:
            self.ctx.open_article(target.article_id, target.start, target.end)

    # ---- targets for the shared actions ------------------------------------------------------

    def current_member(self) -> MemberRow | None:
        members = self.query_one("#members", MembersList)
        return highlighted_row(members, self._members[: members.shown])

    def current_flag(self) -> FlagRow | None:
        flags = self.query_one("#cluster-flags", PagedOptionList)
        return highlighted_row(flags, self._flags[: flags.shown])

    def selected_claims(self) -> ClaimTarget | None:
        cluster = self._clusters.get(self._shown or "")
        if cluster is None or not self._members:
            return None
        if self.focused is self.query_one("#clusters"):
            # A verdict on the claim is one on the sentences that state it: "possible" and
            # "related" members are shown, never counted, so they do not take it either.
            stating = [m for m in self._members if m.tier == "same_claim"] or self._members
            left = len(self._members) - len(stating)
            return ClaimTarget(
                tuple(m.claim_key for m in stating),
                f"All {len(stating)} sentences of “{clip(cluster.label, 60)}”"
                + (f" ({left} possible or related left out)" if left else "")
                + ", as shown now: a sentence that joins the claim later is not judged by this",
                tuple(m.claim_status for m in stating),
                cluster.name or None,
                whole=True,
                cluster=cluster.key,
                members=tuple(m.claim_key for m in self._members),
            )
        member = self.current_member()
        if member is None:
            return None
        held = len(self.store.clusters_of_claim(member.claim_key))
        return ClaimTarget(
            (member.claim_key,),
            f"{member.source}: “{clip(member.text, 70)}”"
            + (f" (in {held} claims; the verdict is for this one)" if held > 1 else ""),
            (member.claim_status,),
            cluster.name or None,
            cluster=cluster.key,
            members=tuple(m.claim_key for m in self._members),
        )

    def claim_target_now(self, before: ClaimTarget) -> ClaimTarget | None:
        """The whole claim if the screen still shows the one `before` was for (it shares a
        sentence with it), or the sentence `before` was for, in the claim that holds it now (a
        reload follows the sentence under the cursor there)."""
        now = self.selected_claims()
        if now is None or now.whole != before.whole:
            return None
        if before.whole:
            return now if set(now.claim_keys) & set(before.claim_keys) else None
        return now if now.claim_keys == before.claim_keys else None

    def note_target(self) -> NoteTarget | None:
        focused_id = self.focused.id if self.focused else None
        flag = self.current_flag()
        if focused_id == "cluster-flags" and flag:
            return NoteTarget("flag", flag.fingerprint, f"Flag: “{clip(flag.quote, 60)}”")
        member = self.current_member()
        if focused_id == "members" and member:
            return NoteTarget(
                "claim", member.claim_key, f"{member.source}: “{clip(member.text, 60)}”"
            )
        cluster = self._clusters.get(self._shown or "")
        if cluster:
            return NoteTarget(
                "cluster", cluster.key, f"Cluster: “{clip(cluster.label, 60)}”",
                tuple(m.claim_key for m in self._members),
            )  # fmt: skip
        return None

    def _article_target_for(self, pane: str | None) -> ArticleTarget | None:
        flag = self.current_flag()
        if pane == "cluster-flags" and flag:
            return ArticleTarget(flag.article_id, flag.start, flag.end)
        member = self.current_member()
        if member:
            return ArticleTarget(member.article_id, member.start, member.end)
        return None

    def article_target(self) -> ArticleTarget | None:
        return self._article_target_for(self.focused.id if self.focused else None)

    # ---- keys --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the list, the filter line and the shown claim again, from one snapshot (as
        show_cluster does): a decision another reviewer commits meanwhile is in all of them or
        in none (a card does not show a verdict's note beside the sentence as unreviewed)."""
        if not self._ready:
            return
        with self.store.snapshot():
            self._reload()

    def _reload(self) -> None:
        table = self.query_one("#clusters", PagedTable)
        member, marked = self.current_member(), set(self._marked)
        table.reload()
        self._update_filter_line()
        self.show_cluster_keep(table.current_key)
        if member is not None and member.claim_key not in {m.claim_key for m in self._members}:
            # The row's id now holds another claim (an analysis that rewrote the clusters reuses
            # the ids of rows it deleted): follow the sentence to the claim that holds it now.
            self.show_target("claim", member.claim_key)
            kept = marked & {m.claim_key for m in self._members}
            if kept:
                self._marked = kept
                self.redraw_members()

    def show_cluster_keep(self, key: str | None) -> None:
        """Re-show a cluster, keeping the highlighted member and flag. They are found again by
        claim key and fingerprint, never by position or row id alone: the same id may now hold
        another claim. A member that left a claim still shown keeps the cursor where it was."""
        before = [m.claim_key for m in self._members]
        member, flag = self.current_member(), self.current_flag()
        index = self.query_one("#members", MembersList).highlighted
        self.show_cluster(key)
        keys = [m.claim_key for m in self._members]
        members = self.query_one("#members", MembersList)
        if member is not None and member.claim_key in keys:
            members.highlight(keys.index(member.claim_key))
        elif index is not None and index < len(keys) and set(before) & set(keys):
            members.highlight(index)  # the same claim, less the sentence under the cursor
        prints = [f.fingerprint for f in self._flags]
        if flag is not None and flag.fingerprint in prints:
            self.query_one("#cluster-flags", PagedOptionList).highlight(
                prints.index(flag.fingerprint)
            )

    def after_decision(self, flags: Iterable[FlagRow] = ()) -> None:
        self.show_cluster_keep(self._shown)

    def compare_targets(self) -> tuple[ArticleTarget, list[ArticleTarget]] | None:
        """From the flags pane, the flag's two sides; otherwise the sentence under the cursor
        against the other sentences of its cluster, one article at a time."""
        if self.focused is self.query_one("#cluster-flags"):
            return super().compare_targets()
        member = self.current_member()
        if member is None:
            return None
        others = [
            ArticleTarget(m.article_id, m.start, m.end)
            for m in self._members
            if m.article_id != member.article_id
        ]
        if not others:
            return None
        return ArticleTarget(member.article_id, member.start, member.end), others

    def show_target(self, target_type: str, target: str, *, within: int | None = None) -> None:
        """Show the cluster holding a flag or claim (when the list has it) and put the cursor on
        that flag or sentence. `within`: the claim cluster meant, for a sentence whose clauses
        sit in several claims (a search hit names the claim it was found in)."""
        in_flags = [f.fingerprint for f in self._flags]
        in_members = [m.claim_key for m in self._members]
        shown = self._clusters.get(self._shown or "")
        elsewhere = within is not None and (shown is None or shown.id != within)
        if elsewhere or (target not in in_flags and target not in in_members):
            cluster = self._cluster_of(target_type, target, within)
            table = self.query_one("#clusters", PagedTable)
            for _ in range(_PAGES_TO_FIND):  # a claim a split just made may sort further down
                if cluster is None or cluster in table.rows or not table.load_more():
                    break
            if cluster is None or cluster not in table.rows:
                return
            table.move_cursor(row=table.get_row_index(cluster), animate=False)
            self.show_cluster(cluster)
            in_flags = [f.fingerprint for f in self._flags]
            in_members = [m.claim_key for m in self._members]
        if target_type == "flag" and target in in_flags:
            flags_list = self.query_one("#cluster-flags", PagedOptionList)
            flags_list.highlight(in_flags.index(target))
            flags_list.focus()
        elif target_type == "claim" and target in in_members:
            members_list = self.query_one("#members", MembersList)
            members_list.highlight(in_members.index(target))
            members_list.focus()

    def _cluster_of(self, target_type: str, target: str, within: int | None = None) -> str | None:
        try:
            if target_type == "flag":
                flag = self.store.flag(target)
                found = self.store.cluster_of_sentence(flag.article_id, flag.sentence_idx or 0)
            elif target_type == "claim":
                held = self.store.clusters_of_claim(target)
                found = within if within in held else (held[0] if held else None)
            else:
                return None
            name = None if found is None else self.store.cluster_name(found)
        except StoreError:
            return None
        return None if name is None or found is None else self._row_key(name, found)

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("-shown")
        box.value = self.search
        box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.search = event.value.strip()
        if not self.search:
            event.input.remove_class("-shown")
        self.query_one("#clusters").focus()
        if self.search and not self._clusters and self._outside_clusters():
            # nothing clustered matches, but some sentence does: show every sentence instead
            self.app.push_screen(SearchScreen(self.search))

    def _outside_clusters(self) -> int:
        """How many sentences match the search without belonging to any claim cluster."""
        try:
            return self.store.search_matches(self.search).unclustered
        except StoreError:
            return 0

    def action_cycle_kind(self) -> None:
        self.kind = _cycle(KIND_FILTERS, self.kind)

    def action_cycle_status(self) -> None:
        self.status = _cycle(FLAG_FILTER_STATUSES, self.status)

    def action_toggle_multi(self) -> None:
        self.multi_only = not self.multi_only

    def action_clear_filters(self) -> None:
        box = self.query_one("#search", Input)
        box.remove_class("-shown")
        if self.search or self.kind or self.status or self.multi_only:
            self.set_reactive(ClaimsScreen.search, "")
            self.set_reactive(ClaimsScreen.kind, None)
            self.set_reactive(ClaimsScreen.status, None)
            self.set_reactive(ClaimsScreen.multi_only, False)
            self._refetch()
        self.query_one("#clusters").focus()


def _members_subtitle(members: Sequence[MemberRow], witnesses: int) -> str:
    """Say which members count: only same-claim sentences corroborate; possible and related
    ones are shown for the reviewer and never counted."""
    tiers = Counter(m.tier for m in members)
    others = [f"{tiers[t]} {t}" for t in ("possible", "related") if tiers[t]]
    if not witnesses:  # the list's "–": say what it means and how to change it
        return f"{plural(len(members), 'sentence')} · – no source is sure to state it" + (
            f" ({', '.join(others)}: + confirms one)" if others else ""
        )
    text = f"{plural(len(members), 'sentence')} · {plural(witnesses, 'source')}"
    return text + (f" ({', '.join(others)})" if others else "")


def _lost_line(verdict: ReviewRow, notes: Sequence[str | None] = ()) -> Content:
    """A verdict whose sentence the article no longer has, with the sentence as it was."""
    said = f"“{clip(verdict.value, 100)}”" if verdict.value else "(sentence not recorded)"
    texts = [n for n in (verdict.note, *notes) if n]
    note = "".join(f" · note: {n}" for n in dict.fromkeys(texts))
    return Content.assemble(
        (f"{verdict.decision} by {verdict.reviewer} ({verdict.at[:10]})", "bold $text-warning"),
        f" on the earlier text {said}{note}",
    )
