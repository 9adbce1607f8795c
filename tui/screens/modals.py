"""Small dialogs: a one-line prompt, a verdict picker, the key help, an error, the export form."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from store.rows import CLAIM_STATUSES
from tui import keys
from tui.widgets.cards import STATUS_STYLES

EXPORT_FORMATS = ("json", "csv", "md", "claimreview")
VERDICTS = (*(s for s in CLAIM_STATUSES if s != "unreviewed"), "unreviewed")
"""Claim statuses in the order the verdict dialog offers them (1-5); the last one clears."""
R = TypeVar("R")


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; Enter returns it, Escape returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="modal.cancel", tooltip="Close")
    ]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        context: str = "",
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.context = context
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = self.title_text
            if self.context:
                yield Static(self.context, classes="dialog-context", markup=False)
            yield Input(
                self.value, placeholder=self.placeholder, suggester=self.suggester, id="prompt"
            )
            yield Label("enter save · escape cancel", classes="dialog-hint")

    @on(Input.Submitted, "#prompt")
    def submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class _OptionsScreen(ModalScreen[R | None]):
    """Pick one of a few labelled options: arrows and Enter, or its number; `result` turns the
    picked key into what the dialog returns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="modal.cancel", tooltip="Close"),
        *(Binding(str(n), f"pick({n - 1})", show=False, id=f"choice.{n}") for n in range(1, 10)),
    ]
    HINT = "{n} or enter pick · escape cancel"

    def __init__(
        self, title: str, choices: list[tuple[str, str | Content]], context: str = ""
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = choices
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = self.title_text
            if self.context:
                yield Static(self.context, classes="dialog-context", markup=False)
            yield OptionList(
                *(
                    Option(Content.assemble(f"{n} ", label), id=key)
                    for n, (key, label) in enumerate(self.choices, 1)
                ),
                id="choices",
            )
            yield from self.extra_fields()
            yield Label(self.HINT.format(n=f"1-{len(self.choices)}"), classes="dialog-hint")

    def extra_fields(self) -> ComposeResult:
        """Widgets below the options (none here)."""
        yield from ()

    def result(self, key: str) -> R:
        raise NotImplementedError

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.result(event.option.id))

    def action_pick(self, index: int) -> None:
        if index < len(self.choices):
            self.dismiss(self.result(self.choices[index][0]))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(_OptionsScreen[str]):
    """Pick one of a few labelled actions; returns its key."""

    def result(self, key: str) -> str:
        return key


@dataclass(frozen=True, slots=True)
class Verdict:
    """A claim status picked in the verdict dialog, with the reviewer's note if one was typed."""

    status: str
    note: str | None = None


class VerdictScreen(_OptionsScreen[Verdict]):
    """Pick a claim status (arrows and Enter, or its number) and optionally type a note first
    (Tab to the note field), as `verdict --note` does. Enter in the note field goes back to the
    options rather than saving: the highlighted status is only where the cursor happens to be
    (the first, "corroborated", unless moved), and a reviewer finishing a note with Enter must
    not save a verdict they never chose."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="modal.cancel", tooltip="Close"),
        *(
            Binding(str(n), f"pick({n - 1})", status, show=False, id=f"verdict.{status}")
            for n, status in enumerate(VERDICTS, 1)
        ),
    ]
    HINT = "{n} or enter pick · tab note · escape cancel"

    def __init__(self, title: str, context: str = "", note: str = "") -> None:
        choices: list[tuple[str, str | Content]] = [
            (status, Content.styled(status, STATUS_STYLES.get(status, ""))) for status in VERDICTS
        ]
        super().__init__(title, choices, context)
        self.note = note  # a note typed before, whose verdict was not saved

    def extra_fields(self) -> ComposeResult:
        yield Input(self.note, placeholder="note (optional, goes into reports)", id="verdict-note")

    def result(self, key: str) -> Verdict:
        note = self.query_one("#verdict-note", Input).value.strip()
        return Verdict(key, note or None)

    @on(Input.Submitted, "#verdict-note")
    def note_submitted(self) -> None:
        self.query_one("#choices", OptionList).focus()


HELP_WIDTH = 140
"""Columns of the help box (.help-box in app.tcss) on a screen wide enough."""


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by screen, as the keymap has it now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close", tooltip="Close"),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__(classes="dialog")
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = r"ids go in \[keys] of config.toml"
            with VerticalScroll():
                yield Static(self.help_text(), id="help-text")

    def help_text(self) -> Content:
        # what fits inside the box (.help-box: 140 wide, at most 95 % of the screen; border,
        # padding and scroll bar take 6): a line that would wrap puts its explanation below
        room = min(HELP_WIDTH, int(self.app.size.width * 0.95)) - 6
        shown = {
            b.id: self.keymap.get(b.id) or _display(b.key, b.key_display)
            for bindings in keys.SECTIONS.values()
            for b in bindings
            if b.id
        }
        width = max(14, *(len(k) + 1 for k in shown.values()))  # "escape,backspace" fits too
        lines: list[Content] = []
        for section, bindings in keys.SECTIONS.items():
            lines.append(Content.styled(section, "bold $text-primary"))
            seen: set[str] = set()
            for b in bindings:
                if not b.id or b.id in seen:
                    continue
                seen.add(b.id)
                head = Content.assemble(
                    (f"  {shown[b.id]:<{width}}", "bold $text-warning"),
                    (f"{b.description:<14}", "bold"),
                )
                ident = Content.styled(f"[{b.id}]", "$text-muted")
                one_line = Content.assemble(head, f" {b.tooltip}  ", ident)
                if len(one_line.plain) <= room:
                    lines.append(one_line)
                else:
                    lines.append(Content.assemble(head, " ", ident))
                    indent = width + 2 if width + 2 + len(b.tooltip) <= room else 4
                    lines.append(Content(f"{'':{indent}}{b.tooltip}"))
            for key, text in keys.EXTRA_HELP.get(section, []):
                lines.append(
                    Content.assemble((f"  {key:<{width}}", "bold $text-warning"), (f"{text}", ""))
                )
            lines.append(Content(""))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)


def _display(key: str, key_display: str | None) -> str:
    if key_display:
        return key_display
    names = {"question_mark": "?", "slash": "/", "asterisk": "*", "space": "space"}
    return ",".join(names.get(k, k) for k in key.split(","))


class ErrorScreen(ModalScreen[None]):
    """A background job failed: say what happened, keep the review going."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="error.close", tooltip="Close")
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box error-box") as box:
            box.border_title = self.title_text
            with VerticalScroll():
                yield Static(self.message, markup=False, id="error-text")
            yield Label("enter or escape to close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[tuple[str, Path] | None]):
    """Choose a format and a file; the export then runs in the background."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="modal.cancel", tooltip="Close")
    ]

    def __init__(self, stem: str) -> None:
        super().__init__(classes="dialog")
        self.stem = stem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Export"
            yield Label("Format", classes="dialog-label")
            yield OptionList(*(Option(f, id=f) for f in EXPORT_FORMATS), id="formats")
            yield Label("File", classes="dialog-label")
            yield Input(self._path("json"), id="export-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    def _path(self, fmt: str) -> str:
        ext = {"claimreview": "claimreview.json", "md": "md"}.get(fmt, fmt)
        return f"{self.stem}-export.{ext}"

    @on(OptionList.OptionHighlighted, "#formats")
    def format_changed(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#export-path", Input).value = self._path(str(event.option.id))

    @on(OptionList.OptionSelected, "#formats")
    def format_chosen(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#go")
    def go(self) -> None:
        options = self.query_one("#formats", OptionList)
        index = options.highlighted or 0
        fmt = str(options.get_option_at_index(index).id)
        path = self.query_one("#export-path", Input).value.strip()
        if path:
            self.dismiss((fmt, Path(path)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
