"""A DataTable that pulls rows from the database a page at a time, as the cursor nears the end.

The table never holds more than the pages the reviewer has scrolled through, so a story with
100,000 claims opens as fast as one with ten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

Row = tuple[str, Sequence[Any]]  # (row key, cells)
Fetch = Callable[[int, int], list[Row]]  # (offset, limit) -> rows


class PagedTable(DataTable[Any]):
    """Rows come from `fetch(offset, limit)`; more are fetched when the cursor gets close."""

    DEFAULT_CSS = """
    PagedTable { overflow-x: hidden; }
    """

    def __init__(self, *, page_size: int = 100, lookahead: int = 10, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.page_size = page_size
        self.lookahead = lookahead
        self._fetch: Fetch | None = None
        self._offset = 0
        self.exhausted = False

    def set_fetch(self, fetch: Fetch) -> None:
        """Start over with a new row source (a new filter or search)."""
        self._fetch = fetch
        self.reload(keep_cursor=False)

    def reload(self, *, keep_cursor: bool = True) -> None:
        """Fetch again as many rows as are loaded now, keeping the cursor on the same key."""
        if self._fetch is None:
            return
        key = self.current_key if keep_cursor else None
        row = self.cursor_row if keep_cursor else 0
        want = max(self.row_count, self.page_size)
        self.clear()
        self._offset = 0
        self.exhausted = False
        self._load(want)
        if key is not None and key in self.rows:
            self.move_cursor(row=self.get_row_index(key), animate=False)
        elif self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)

    def load_more(self) -> int:
        """Fetch the next page; the number of rows added."""
        if self._fetch is None or self.exhausted:
            return 0
        return self._load(self.page_size)

    def forget(self, count: int = 1) -> None:
        """Rows that left the source (a decided flag in an open-only queue) shift the offset."""
        self._offset = max(0, self._offset - count)

    def _load(self, limit: int) -> int:
        assert self._fetch is not None
        rows = self._fetch(self._offset, limit)
        self._offset += len(rows)
        if len(rows) < limit:
            self.exhausted = True
        added = 0
        for key, cells in rows:
            if key in self.rows:  # already shown: the source shifted under us
                continue
            self.add_row(*cells, key=key)
            added += 1
        return added

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:  # cursor outside the rows while the table is rebuilt
            return None
        return str(key) if key is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.row_count - self.lookahead:
            self.load_more()
