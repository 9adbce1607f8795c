"""Editing claim clusters from the Claims screen: remove, split, merge, add, confirm, reject.

Each key is one store call (`Store.edit_claim`): one review-log step, committed at once, that `u`
takes back. The screen only says which sentences and which claim; what an edit means, and how it
survives re-analysis, lives in store/claim_edits.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from store import DatabaseLocked, StoreError
from store.claim_edits import ClaimChanged
from store.rows import MemberRow
from tui.patient import StillWaiting
from tui.screens.base import ReviewScreen, clip

Found = list[tuple[str, Content]]
"""Search results for a picker: (option id, what the option shows)."""


class PickScreen(ModalScreen[str | None]):
    """Search, then pick one result: type and Enter searches, arrows and Enter pick, Escape
    cancels. Returns the picked option's id."""

    DEFAULT_CSS = """
    PickScreen .dialog-box { width: 110; }
    PickScreen #pick-results { max-height: 20; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="modal.cancel", tooltip="Close")
    ]

    def __init__(
        self, title: str, context: str, search: Callable[[str], Found], *, query: str = ""
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.context = context
        self.search = search
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = self.title_text
            yield Static(self.context, classes="dialog-context", markup=False)
            yield Input(self.query_text, placeholder="search words (enter)", id="pick-query")
            yield OptionList(id="pick-results")
            yield Label("enter search · ↓ then enter pick · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.run_search(self.query_text)

    @on(Input.Submitted, "#pick-query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value  # kept for a pick the store refuses (asked again)
        self.run_search(event.value)
        results = self.query_one("#pick-results", OptionList)
        if results.option_count and results.get_option_at_index(0).id:
            results.focus()

    def run_search(self, text: str) -> None:
        results = self.query_one("#pick-results", OptionList)
        results.clear_options()
        try:
            found = self.search(text.strip())
        except StoreError as exc:
            results.add_option(Option(str(exc), disabled=True))
            return
        if not found:  # before any search, say what to do rather than "nothing found"
            said = (
                f"Nothing found for “{text.strip()}”."
                if text.strip()
                else ("Type words, then enter: every sentence of every article is searched.")
            )
            results.add_option(Option(said, disabled=True))
            return
        results.add_options(Option(label, id=key) for key, label in found)
        results.highlighted = 0

    @on(OptionList.OptionSelected, "#pick-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ClaimEditing(ReviewScreen):
    """The Claims screen's edit keys. The screen provides the members of the shown claim and
    which one is under the cursor; edits need the cursor in the claim's sentences (tab)."""

    _members: list[MemberRow]
    _marked: set[str]

    def current_member(self) -> MemberRow | None:
        raise NotImplementedError

    def shown_label(self) -> str:
        """The shown claim's label, for dialogs."""
        raise NotImplementedError

    def shown_cluster_id(self) -> int | None:
        """The shown claim's cluster id: the claim an edit is made in (a sentence may sit in
        several claims through its claim units)."""
        return None

    def _edit(
        self,
        kind: str,
        keys: list[str],
        done: str,
        target: str | None = None,
        merging: int | None = None,
        again: Callable[[StoreError], object] | None = None,
    ) -> None:
        """One edit in the claim shown. `again(error)`: after a refusal, the picker the edit
        came from, opened again once the screen has reloaded (its search kept)."""
        follow = self._sentence_to_follow(kind, keys)
        # the sentences the followed one is with after the edit: the split-off part, or what
        # stays of the claim shown
        shown = {m.claim_key for m in self._members}
        if kind == "split" and follow in keys:
            wanted = set(keys)
        else:
            wanted = shown - set(keys) if kind in ("split", "remove") else shown
        focused = self.focused
        within = self.shown_cluster_id()

        def then(ok: bool) -> None:
            if ok:
                self._marked.clear()
            self.reload()
            if ok and follow is not None:  # the edit renumbers claims a split made: follow words
                self.show_target("claim", follow, within=self._claim_with(follow, wanted))
                if focused is not None:  # show_target focuses the sentences; stay where we were
                    focused.focus()

        self._guard(
            lambda: self.store.edit_claim(
                kind, keys, self.ctx.reviewer, target=target, within=within, merging=merging
            ),
            done,
            retry=(lambda error: self.call_later(again, error)) if again else None,
            then=then,  # reloads: the picker comes back after it, for the claim as shown now
        )

    def _claim_with(self, key: str, wanted: set[str]) -> int | None:
        """Of the claims holding sentence `key` after an edit, the one most like `wanted`: for a
        sentence whose other clause sits in another claim, the cursor then shows the claim the
        edit left it in (the new one after a split), not whichever has the lowest row id."""
        try:
            held = self.store.clusters_of_claim(key)
            if len(held) < 2:
                return None
            members = {c: {m.claim_key for m in self.store.cluster_members(c)} for c in held}
        except StoreError:
            return None
        return max(held, key=lambda c: len(members[c] & wanted) / len(members[c] | wanted))

    def _sentence_to_follow(self, kind: str, keys: list[str]) -> str | None:
        """The sentence the cursor stays on after an edit: the one under it, wherever the edit
        puts it (after a split, in the part that holds it); for a removal, its neighbour."""
        member = self.current_member()
        if member is None:
            return self._members[0].claim_key if self._members else None
        if kind != "remove" or member.claim_key not in keys:
            return member.claim_key
        order = [m.claim_key for m in self._members]
        at = order.index(member.claim_key)
        rest = [k for k in order[at + 1 :] + order[:at][::-1] if k not in keys]
        return rest[0] if rest else None

    def _member_in_focus(self) -> MemberRow | None:
        """The sentence under the cursor when the claim's sentences have the focus."""
        member = self.current_member()
        if self.focused is not self.query_one("#members") or member is None:
            self.notify("Move to the claim's sentences first (tab)", severity="warning")
            return None
        return member

    def action_remove_member(self) -> None:
        member = self._member_in_focus()
        if member:
            done = f"Removed from the claim: {member.source} (u undoes)"
            self._edit("remove", [member.claim_key], done)

    def action_confirm_member(self) -> None:
        member = self._member_in_focus()
        if member:
            self._edit("confirm", [member.claim_key], f"{member.source} counts as the same claim")

    def action_reject_member(self) -> None:
        member = self._member_in_focus()
        if member:
            done = f"{member.source} is related context, not the claim"
            self._edit("reject", [member.claim_key], done)

    def action_mark_member(self) -> None:
        member = self._member_in_focus()
        if member is None:
            return
        self._marked.symmetric_difference_update({member.claim_key})
        self.redraw_members()
        self.notify(f"{len(self._marked)} marked to split off (p splits)", timeout=2)

    def action_split_claim(self) -> None:
        member = self._member_in_focus()
        if member is None:
            return
        keys = [m.claim_key for m in self._members if m.claim_key in self._marked]
        keys = keys or [member.claim_key]
        n = len(keys)
        self._edit("split", keys, f"Split {n} sentence{'s' if n > 1 else ''} into a new claim")

    def _anchor(self) -> MemberRow | None:
        if not self._members:
            self.notify("No claim selected", severity="warning", timeout=2)
            return None
        return self._members[0]

    def _picker_again(self, ask: Callable[[str, str], object], query: str) -> Callable:
        """What a refused pick calls: the same picker, the search typed, saying why."""
        return lambda error: ask(query, "\n" + refusal_line(error))

    def action_merge_claim(self, query: str = "", said: str = "") -> None:
        anchor = self._anchor()
        if anchor is None:
            return
        inside = {m.claim_key for m in self._members}
        picked: dict[str, tuple[str, int]] = {}  # option -> (a sentence of it, its cluster)

        def search(text: str) -> Found:
            found: Found = []
            for c in self.store.clusters(search=text or None, limit=40):
                members = self.store.cluster_members(c.id)
                if members and not inside & {m.claim_key for m in members}:
                    # its name (unique; "key:N" when all its sentences sit in other claims
                    # too), and the claim itself: no sentence of it need say which claim
                    key = c.name or members[0].claim_key
                    picked[key] = (members[0].claim_key, c.id)
                    found.append((key, _claim_option(c.label, c.n_sources)))
            return found

        picker = PickScreen(
            "Merge into this claim", f"Into: “{self.shown_label()}”{said}", search, query=query
        )

        def chosen(key: str | None) -> None:
            if key and key in picked:
                sentence, cluster = picked[key]
                again = self._picker_again(self.action_merge_claim, picker.query_text)
                self._edit(
                    "merge", [sentence], "Merged into this claim", anchor.claim_key, cluster,
                    again=again,
                )  # fmt: skip

        self.app.push_screen(picker, chosen)

    def action_add_member(self, query: str = "", said: str = "") -> None:
        anchor = self._anchor()
        if anchor is None:
            return
        inside = {m.claim_key for m in self._members if m.tier == "same_claim"}

        def search(text: str) -> Found:
            if not text:
                return []
            found: dict[str, Content] = {}  # a sentence in two claims is two hits: offered once
            for h in self.store.search_all(text, limit=40):
                if h.claim_key not in inside and h.residue is None and h.claim_key not in found:
                    found[h.claim_key] = _sentence_option(h.source, h.text, h.cluster_label)
            return list(found.items())

        picker = PickScreen("Add a sentence", f"To: “{self.shown_label()}”{said}", search,
                            query=query)  # fmt: skip

        def chosen(key: str | None) -> None:
            if key:
                again = self._picker_again(self.action_add_member, picker.query_text)
                self._edit("add", [key], "Added to this claim", target=anchor.claim_key,
                           again=again)  # fmt: skip

        self.app.push_screen(picker, chosen)

    def redraw_members(self) -> None:
        """Draw the member cards again (the split marks changed)."""
        raise NotImplementedError


def refusal_line(error: StoreError) -> str:
    """Why a pick was refused, as the picker asked again says it. Only the store's ClaimChanged
    means the claim moved under the open picker; a lock held by another program (or an earlier
    change still waiting for it) changed nothing, and saying "changed" then would send the
    reviewer looking for an edit nobody made."""
    said = str(error).rstrip(".")
    if isinstance(error, ClaimChanged):
        return f"Changed while this was open: {said}. Pick again."
    if isinstance(error, (DatabaseLocked, StillWaiting)):
        return f"Not saved, nothing changed (the database was busy): {said}. Pick again."
    return f"Not saved: {said}. Pick again."


def _claim_option(label: str, sources: int) -> Content:
    return Content.assemble((f"{sources or '–'} src  ", "$text-muted"), clip(label, 90))


def _sentence_option(source: str, text: str, cluster: str | None) -> Content:
    where = f"\n  in claim “{clip(cluster, 60)}”" if cluster else ""
    return Content.assemble((source, "bold"), ": ", clip(text, 120), (where, "$text-muted"))
