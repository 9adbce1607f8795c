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

    def __init__(self, current: str, reviewer: str, keymap: dict[str, str]) -> None:
        super().__init__()
        self.current = current
        self.reviewer = reviewer
        self.keymap = keymap

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
        for right in (
            Content.assemble((self.status, "$text-muted"), "  ", (self.reviewer, "bold"), " "),
            Content.assemble((self.reviewer, "bold"), " "),
        ):
            gap = width - left.cell_length - right.cell_length
            if gap >= 1:
                return Content.assemble(left, " " * gap, right)
        return left
