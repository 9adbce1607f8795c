"""An OptionList of cards that makes them a page at a time, as the cursor nears the end.

A claim told by fifty outlets, with ninety flags, used to be wrapped card by card into the list
on every cursor move in the cluster list (0.1 s of a 0.2 s move on 10,000 articles), though a
pane shows about ten. Here only the first page of cards is built; a last line says how many are
left, and reaching it (or choosing it) adds the next page, so walking down the list shows every
card as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MORE = "more"
"""The id of the last line while cards are left to make."""


class PagedOptionList(OptionList):
    """Cards `make(0)`, `make(1)`, ... shown `page` at a time, divided by lines."""

    PAGE = 8
    """Cards made at a time: more than a pane shows (a card takes two lines or more)."""

    def __init__(self, *, page: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page = page or self.PAGE
        self._count = 0
        self._make: Callable[[int], Content] = lambda i: Content("")
        self._what = "more"
        self.shown = 0
        """How many cards are made: options 0 .. shown - 1 are cards."""

    def show(self, count: int, make: Callable[[int], Content], *, what: str = "more") -> None:
        """Replace the cards by `count` new ones and make the first page."""
        self.clear_options()
        self._count, self._make, self._what = count, make, what
        self.show_more()

    def show_empty(self, text: str) -> None:
        """No cards: one line saying why."""
        self.clear_options()
        self.add_option(Option(text, disabled=True))

    def clear_options(self) -> Self:
        self._count = self.shown = 0
        return super().clear_options()

    def highlight(self, index: int) -> None:
        """Put the cursor on card `index`, making the cards up to it first."""
        if index >= self.shown:
            self.show_more(index + 1 - self.shown)
        self.highlighted = min(index, self.shown - 1) if self.shown else None

    def show_more(self, count: int | None = None) -> int:
        """Make up to `count` (a page) more cards; how many were added."""
        add = min(count or self.page, self._count - self.shown)
        if add <= 0:
            return 0
        keep = self.highlighted
        if self.shown < self.option_count:  # the "more" line goes; the new cards take its place
            self.remove_option_at_index(self.option_count - 1)
        options: list[Option | None] = []
        for i in range(self.shown, self.shown + add):
            if i:
                options.append(None)
            options.append(Option(self._make(i), id=str(i)))
        self.shown += add
        left = self._count - self.shown
        if left:
            options += [None, Option(Content.styled(f"… {left} {self._what}", "$text-muted"),
                                     id=MORE)]  # fmt: skip
        self.add_options(options)
        if keep is not None:
            self.highlighted = min(keep, self.option_count - 1)
        return add

    def show_all(self) -> None:
        self.show_more(self._count - self.shown)

    def replace_card(self, index: int, prompt: Content) -> None:
        """Draw card `index` again, if it is made yet."""
        if index < self.shown:
            self.replace_option_prompt_at_index(index, prompt)

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id == MORE:
            self.show_more()

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id == MORE:
            event.stop()
            self.show_more()
