"""The top line: the screens with their keys (the current one lit), what is shown, who reviews."""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.reactive import reactive
from textual.widget import Widget

TABS = (
    ("claims", "screen.claims", "c", "Claims"),
    ("flags", "screen.flags", "f", "Flags"),
    ("sources", "screen.sources", "s", "Sources"),
    ("entities", "screen.entities", "e", "Entities"),
)


class NavBar(Widget):
    """Clickable screen tabs on the left, the screen's status and the reviewer on the right."""

    DEFAULT_CSS = """
    NavBar {
        height: 1;
        background: $panel;
        color: $foreground;
        link-style: none;
        link-color: $foreground;
        link-background-hover: $primary 30%;
        link-style-hover: bold;
    }
    """

    status: reactive[str] = reactive("")
    """One line about what the screen shows, e.g. `6 clusters`."""
    notice: reactive[str] = reactive("")
    """A warning about the whole database (e.g. articles not analysed yet), the app's
    `pending_notice`, shown before the status in the warning colour."""
    waiting: reactive[str] = reactive("")
    """The app's `waiting_write`: a reviewer's change waiting for another program's write lock,
    shown first, so a wait is never silent."""

    def __init__(self, current: str, reviewer: str, keymap: dict[str, str]) -> None:
        super().__init__()
        self.current = current
        self.reviewer = reviewer
        self.keymap = keymap

    def on_mount(self) -> None:
        if hasattr(self.app, "pending_notice"):  # every screen's bar follows the app's notice
            self.watch(self.app, "pending_notice", self._take_notice, init=True)
        if hasattr(self.app, "waiting_write"):
            self.watch(self.app, "waiting_write", self._take_waiting, init=True)

    def _take_notice(self, notice: str) -> None:
        self.notice = notice

    def _take_waiting(self, waiting: str) -> None:
        self.waiting = waiting

    def render(self) -> Content:
        parts = [Content.styled(" corroborator ", "bold $text-accent")]
        for mode, binding_id, default_key, label in TABS:
            key = self.keymap.get(binding_id, default_key).split(",")[0]
            style = "bold on $primary 40%" if mode == self.current else ""
            parts.append(
                Content.from_markup(
                    f"[@click=app.show('{mode}')] [b $text-warning]{escape(key)}[/] {label} [/]"
                ).stylize(style)
            )
        left = Content("").join(parts)
        width = self.size.width
        said = "  ".join(n for n in (self.waiting, self.notice) if n)
        notice = Content.styled(f"{said}  ", "bold $text-warning") if said else ""
        status = Content.assemble((self.status, "$text-muted"), "  ")
        who = Content.assemble((self.reviewer, "bold"), " ")
        for right in (
            Content.assemble(notice, status, who),
            Content.assemble(notice, who),
            Content.assemble(status, who),
            who,
        ):
            gap = width - left.cell_length - right.cell_length
            if gap >= 1:
                return Content.assemble(left, " " * gap, right)
        return left
