"""What every review screen shares: the frame, the decision actions and how they pick a target.

A screen says what is selected (flags, claims, something to annotate, an article position); the
actions here turn a key press into one store call each, committed at once, then reload the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from store import Store, StoreError
from store.reviews import NotInClaim, StaleDecision
from store.rows import FlagRow
from tui import keys
from tui.config import Config
from tui.patient import StillWaiting, WaitingApp, write_patiently
from tui.screens.modals import PromptScreen, Verdict, VerdictScreen
from tui.widgets.cards import divided, flag_card
from tui.widgets.glyphs import Glyphs
from tui.widgets.job_panel import JobPanel
from tui.widgets.nav import NavBar
from tui.widgets.paged_options import PagedOptionList

T = TypeVar("T")


def highlighted_row(option_list: OptionList, rows: list[T]) -> T | None:
    """The row an option list's cursor is on, when its options are `rows` in order."""
    index = option_list.highlighted
    return rows[index] if index is not None and 0 <= index < len(rows) else None


class ReviewContext(Protocol):
    """What screens need from the app (kept as a protocol so screens never import the app)."""

    store: Store
    reviewer: str
    glyphs: Glyphs
    db_path: Path
    config: Config
    waiting_write: str
    """Set while a write waits for another program's lock (tui/patient.py)."""

    def open_article(
        self, article_id: int, start: int | None = None, end: int | None = None
    ) -> None:
        """Show one article, scrolled to [start, end) when given."""


@dataclass(frozen=True, slots=True)
class NoteTarget:
    """Something a note can be attached to, as the review log names it."""

    target_type: str  # flag | claim | cluster | article | source | entity
    target: str
    label: str  # how the prompt names it to the reviewer
    shown: tuple[str, ...] = ()
    """A cluster's sentences (claim keys) as the screen showed them: the note follows those."""


@dataclass(frozen=True, slots=True)
class ClaimTarget:
    claim_keys: tuple[str, ...]
    label: str
    shown: tuple[str, ...] = ()
    """Each claim's verdict as the screen showed it (a verdict given on a view another reviewer
    changed since is refused); empty: not checked."""
    claim: str | None = None
    """The name of the claim the verdict is given in: it holds there, not in another claim
    that shares a sentence (store/verdicts.py)."""
    whole: bool = False
    """A verdict on the whole claim (its sentences that state it), not on one sentence."""
    cluster: str | None = None
    """The key of the claim shown, with `members` (every sentence it showed): where the note
    typed with a verdict is kept when the verdict cannot be given any more."""
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleTarget:
    article_id: int
    start: int | None = None
    end: int | None = None


class ReviewScreen(Screen[None]):
    """Base of the main screens: header, body, job strip, footer, and the decision keys."""

    BINDINGS: ClassVar[list[BindingType]] = [*keys.SCREEN, *keys.REVIEW]
    REVIEW_ACTIONS: frozenset[str] = frozenset()
    """Which of accept/reject/correct/verdict/note this screen offers (others are hidden)."""
    MODE = ""
    """The app mode this screen is the base of ("" for screens pushed on top of one)."""

    @property
    def ctx(self) -> ReviewContext:
        return cast(ReviewContext, self.app)

    @property
    def store(self) -> Store:
        return self.ctx.store

    @property
    def glyphs(self) -> Glyphs:
        return self.ctx.glyphs

    def compose(self) -> ComposeResult:
        yield NavBar(self.MODE or self.app.current_mode, self.ctx.reviewer, self.ctx.config.keys)
        yield from self.compose_body()
        yield JobPanel()
        yield Footer()

    def set_status(self, text: str) -> None:
        """What the top line says about this screen (e.g. `6 clusters`)."""
        self.query_one(NavBar).status = text

    def compose_body(self) -> ComposeResult:
        yield from ()

    def fill_flag_list(self, flags_list: OptionList, flags: list[FlagRow], empty: str) -> None:
        """Show `flags` as cards (with their notes) in `flags_list`, or `empty` when none; the
        caller places the cursor."""
        flags_list.clear_options()
        n_open = sum(f.status == "open" for f in flags)
        flags_list.border_title = f"Flags · {n_open} open of {len(flags)}"
        if not flags:
            flags_list.add_option(Option(Content.styled(empty, "$text-muted"), disabled=True))
            return
        notes = self.store.notes_for("flag", [f.fingerprint for f in flags])
        if isinstance(flags_list, PagedOptionList):  # cards made as the cursor gets to them
            flags_list.show(
                len(flags),
                lambda i: flag_card(flags[i], self.glyphs, notes.get(flags[i].fingerprint, [])),
                what="more flags",
            )
            return
        flags_list.add_options(
            divided(
                Option(flag_card(f, self.glyphs, notes.get(f.fingerprint, [])), id=f.fingerprint)
                for f in flags
            )
        )

    # ---- what a screen says is selected ----------------------------------------------------

    def current_flag(self) -> FlagRow | None:
        """The flag under the cursor, if the screen shows flags."""
        return None

    def selected_flags(self) -> list[FlagRow]:
        """What a decision applies to: the flag under the cursor unless a screen selects more."""
        flag = self.current_flag()
        return [flag] if flag else []

    def selected_claims(self) -> ClaimTarget | None:
        return None

    def note_target(self) -> NoteTarget | None:
        return None

    def article_target(self) -> ArticleTarget | None:
        return None

    def compare_targets(self) -> tuple[ArticleTarget, list[ArticleTarget]] | None:
        """What the side-by-side view shows: by default the two sides of the current flag."""
        flag = self.current_flag()
        if flag is None or flag.other_article_id is None:
            return None
        return ArticleTarget(flag.article_id, flag.start, flag.end), [
            ArticleTarget(flag.other_article_id, flag.other_start, flag.other_end)
        ]

    def show_target(self, target_type: str, target: str, *, within: int | None = None) -> None:
        """Put the cursor on a flag or claim the screen shows (after an undo restored it);
        `within`: the claim cluster meant when a sentence sits in several."""

    def reload(self) -> None:
        """Read again from the database; keep the cursor where it was."""

    def after_decision(self, flags: Iterable[FlagRow] = ()) -> None:
        self.reload()

    def after_refusal(self, flags: Sequence[FlagRow], error: StoreError) -> None:
        """Nothing was saved (e.g. another reviewer decided the flag since it was shown): show
        the database as it is now, the cursor where it was, so the reviewer sees why, in one
        message. When the refused flag left the list (it shows open flags only), the message
        says so instead of "decide again": the cursor is on another flag now, and deciding
        again would decide that one."""
        with suppress(StoreError):  # the refusal's own message is what the reviewer needs
            self.reload()
        now = self.current_flag()
        text = str(error)
        if len(flags) == 1 and (now is None or now.fingerprint != flags[0].fingerprint):
            said = error.what if isinstance(error, StaleDecision) else text
            text = (
                f"{said} That flag left this list (another reviewer decided it); the cursor is"
                " on another flag now. `t` lists every status."
            )
        self.notify(text, severity="error", title="Not saved")

    def on_screen_suspend(self) -> None:
        # A dialog on top changes nothing by itself (its callback reloads what it changed);
        # another screen or mode may have recorded decisions, so reload when we come back.
        self._reload_on_resume = not self.app.screen.is_modal

    def on_screen_resume(self) -> None:
        if getattr(self, "_reload_on_resume", True):
            mark = getattr(self.app, "mark_log_seen", None)
            if mark is not None:
                mark()
            self.reload()

    # ---- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "reject", "correct", "verdict", "note"):
            return action in self.REVIEW_ACTIONS
        return True

    def _guard(
        self,
        work: Callable[[], object],
        done: str,
        refused: Sequence[FlagRow] | None = None,
        retry: Callable[[StoreError], object] | None = None,
        then: Callable[[bool], object] | None = None,
    ) -> None:
        """Run one store write; a StoreError becomes an error toast, success a short one (`done`;
        none when empty); `then(saved)` follows either way. `refused`: the flags of a decision,
        whose refusal reloads the screen and is told by `after_refusal` (`()` for a decision on
        claims). `retry(error)`: for what the reviewer typed (a note, a correction), the dialog
        again with it filled in after any refusal, so the text is never lost: the database
        stayed locked, say, or another reviewer decided the target while the dialog was open
        (a `StaleDecision`: the screen is reloaded first, and the dialog says what they did).

        While another program holds the write lock, `work` is tried for a moment at a time and
        again from a timer, the top line saying it waits, so keys are handled meanwhile; after
        the busy timeout it is refused as before. `work` must be one write transaction (a
        refused try wrote nothing), and no other change starts while one waits: it is refused,
        so they keep their order (tui/patient.py)."""

        def finish(_result: object, error: StoreError | None) -> None:
            if error is not None:
                self._refused(error, refused, retry)
            elif done:
                self.notify(done, timeout=2.5)
            if then is not None:
                then(error is None)

        write_patiently(cast(WaitingApp, self.app), self.store, work, finish)

    def _refused(
        self,
        exc: StoreError,
        refused: Sequence[FlagRow] | None,
        retry: Callable[[StoreError], object] | None,
    ) -> None:
        """Tell a write the store refused, as `_guard` says."""
        if isinstance(exc, StillWaiting) and retry is None:  # nothing changed: no reload
            self.notify(str(exc), severity="warning", title="Not saved")
        elif retry is not None and isinstance(exc, NotInClaim):
            with suppress(StoreError):  # show the claim as it is now; the retry says the rest
                self.reload()
            retry(exc)
        elif retry is not None and isinstance(exc, StaleDecision):
            with suppress(StoreError):  # show their decision; the dialog names it too
                self.reload()
            self.notify(
                f"{exc.what} What you typed is kept: enter saves it in place of their decision,"
                " escape drops it.",
                severity="error",
                title="Not saved",
            )
            retry(exc)
        elif retry is not None:
            self.notify(
                f"{str(exc).rstrip('.')}. What you typed is kept: enter tries again, escape"
                " drops it.",
                severity="error",
                title="Not saved",
            )
            retry(exc)
        elif refused is None:
            self.notify(str(exc), severity="error", title="Not saved")
        else:
            self.after_refusal(refused, exc)

    def _decide(self, status: str) -> None:
        flags = self.selected_flags()
        if not flags:
            self.notify("No flag selected", severity="warning", timeout=2)
            return

        def work() -> None:
            if len(flags) == 1:  # refused if another reviewer decided it since it was shown
                self.store.set_flag_status(
                    flags[0].fingerprint, status, self.ctx.reviewer, seen=flags[0]
                )
            else:
                self.store.set_flag_statuses(
                    [f.fingerprint for f in flags], status, self.ctx.reviewer, seen=flags
                )

        def then(saved: bool) -> None:
            if saved:
                self.after_decision(flags)

        self._guard(work, f"{status.capitalize()} {plural(len(flags), 'flag')}", flags, then=then)

    def action_accept(self) -> None:
        self._decide("accepted")

    def action_reject(self) -> None:
        self._decide("rejected")

    def action_correct(self) -> None:
        flags = self.selected_flags()
        if not flags:
            self.notify("No flag selected", severity="warning", timeout=2)
            return
        flag = flags[0]
        # decided by another reviewer meanwhile: say so before the correction is typed
        try:
            self.store.check_seen([flag], self.ctx.reviewer)  # a read: never waits for the lock
        except StoreError as exc:
            self._refused(exc, [flag], None)
            return

        def ask(value: str, seen: FlagRow = flag, said: str = "") -> None:
            context = f"{flag.source}: “{flag.quote}”" + (f"\n{said}" if said else "")
            self.app.push_screen(
                PromptScreen("Correct", value=value, context=context),
                lambda typed: save(typed, seen),
            )

        def again(value: str, seen: FlagRow, error: StoreError) -> None:
            """The dialog again with what was typed; after another reviewer's decision it
            says theirs, and saving replaces it (the flag as read now is what was seen)."""
            if not isinstance(error, StaleDecision):
                ask(value, seen)
                return
            try:
                now = self.store.flag(flag.fingerprint)
            except StoreError:
                now = seen  # unreadable now: saving is refused again, the text kept again
            ask(value, now, f"{error.what} Enter saves your correction in its place.")

        def save(value: str | None, seen: FlagRow) -> None:
            if value is None:
                return
            self._guard(
                lambda: self.store.set_flag_status(
                    flag.fingerprint,
                    "corrected",
                    self.ctx.reviewer,
                    correction=value.strip(),
                    seen=seen,
                ),
                f"Corrected to “{value.strip()}”",
                [flag],
                retry=(lambda error: again(value, seen, error)) if value.strip() else None,
                then=lambda saved: self.after_decision([flag]) if saved else None,
            )

        ask(flag.correction or flag.suggestion or flag.quote)

    def claim_target_now(self, before: ClaimTarget) -> ClaimTarget | None:
        """After a reload: the claim or sentence `before` was for, as the screen shows it now
        (None: not shown any more). A screen that shows claims says; others keep none."""
        return None

    def action_verdict(self) -> None:
        target = self.selected_claims()
        if target is None:
            self.notify("No claim selected", severity="warning", timeout=2)
            return
        self._ask_verdict(target)

    def _ask_verdict(
        self, target: ClaimTarget, note: str = "", shown: tuple[str, ...] | None = None,
        said: str = "",
    ) -> None:  # fmt: skip
        seen = target.shown if shown is None else shown
        context = target.label + (f"\n{said}" if said else "")
        self.app.push_screen(
            VerdictScreen("Verdict", context, note=note),
            lambda picked: self._save_verdict(target, picked, seen),
        )

    def _save_verdict(
        self, target: ClaimTarget, verdict: Verdict | None, shown: tuple[str, ...]
    ) -> None:
        if verdict is None:
            return

        def work() -> None:  # one step: one undo takes back the verdict on every sentence
            self.store.record_verdicts(
                target.claim_keys, verdict.status, self.ctx.reviewer, note=verdict.note,
                seen=shown, claim=target.claim,
            )  # fmt: skip

        # the keys are the claim's sentences (the dialog said "All 2 sentences of ...")
        done = f"Marked {plural(len(target.claim_keys), 'sentence')} {verdict.status}"
        note = verdict.note
        retry = (lambda error: self._verdict_again(target, note, shown, error)) if note else None
        self._guard(
            work, done + (" with a note" if note else ""), (), retry,
            then=lambda saved: self.after_decision() if saved else None,
        )  # fmt: skip

    def _verdict_again(
        self, target: ClaimTarget, note: str, shown: tuple[str, ...], error: StoreError
    ) -> None:
        """The dialog again with the note. After another reviewer's verdict it says theirs, and
        the verdict picked there replaces it (what the claim shows now was seen). After a claim
        edit took a sentence out of the claim, it asks for the claim (or the sentence, in the
        claim holding it) as the reloaded screen shows it: asked for the same sentences, it
        would be refused again on every Enter."""
        if isinstance(error, NotInClaim):
            if now := self.claim_target_now(target):
                self.notify(
                    f"{error}. What you typed is kept: the verdict is asked again for the claim"
                    " as it is now.",
                    severity="error",
                    title="Not saved",
                )
                said = f"Changed while this was open: {error}. The verdict is for it as shown now."
                self._ask_verdict(now, note, said=said)
            else:  # asked again for the same sentences, it would be refused on every Enter
                self._keep_note(target, note, error)
            return
        if not isinstance(error, StaleDecision):
            self._ask_verdict(target, note, shown)
            return
        try:
            seen = tuple(self.store.claim_status(k, target.claim) for k in target.claim_keys)
        except StoreError:
            seen = shown  # unreadable now: saving is refused again, the note kept again
        self._ask_verdict(
            target, note, seen, f"{error.what} The verdict you pick now replaces theirs."
        )

    def _keep_note(self, target: ClaimTarget, note: str, error: StoreError) -> None:
        """A verdict that cannot be given any more (the screen no longer shows what it was for)
        ends here, its note kept where the reviewer will see it: on the claim that was shown,
        as a note on the whole claim, which follows that claim's sentences (store/cluster_notes)
        to the claim that holds most of them."""
        where = "the claim you were looking at"

        def work() -> None:
            self.store.add_note(
                "cluster", target.cluster or "", note, self.ctx.reviewer,
                shown=target.members or target.claim_keys,
            )  # fmt: skip

        def ask_note(_refusal: StoreError) -> None:  # refused too (a lock): the note to keep
            self.app.push_screen(
                PromptScreen("Note", value=note, context=f"Kept on {where}"),
                lambda text: self._keep_note(target, text, error) if text else None,
            )

        def then(saved: bool) -> None:
            if saved:
                self.after_decision()
                self.notify(
                    f"{str(error).rstrip('.')}, and this screen no longer shows it. Your note is"
                    f" kept on {where}.",
                    severity="warning",
                    title="Verdict not saved",
                )

        self._guard(work, "", retry=ask_note, then=then)

    def action_note(self) -> None:
        target = self.note_target()
        if target is None:
            self.notify("Nothing selected to annotate", severity="warning", timeout=2)
            return

        def ask(value: str = "") -> None:
            self.app.push_screen(
                PromptScreen("Note", value=value, context=target.label,
                             placeholder="what should the next reviewer know?"),
                save,
            )  # fmt: skip

        def save(text: str | None) -> None:
            if text is None:
                return
            self._guard(
                lambda: self.store.add_note(
                    target.target_type, target.target, text, self.ctx.reviewer, shown=target.shown
                ),
                f"Note added to {target.target_type}",
                retry=(lambda _error: ask(text)) if text.strip() else None,
                then=lambda saved: self.after_decision() if saved else None,
            )

        ask()


def plural(n: int, word: str) -> str:
    """ "1 flag", "2 flags": every count the screens show reads as English."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def clip(text: str, width: int) -> str:
    """One line of at most `width` characters, with an ellipsis when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"
