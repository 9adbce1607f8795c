"""`import --source-map FILE.csv`: which outlet an imported file belongs to, by its path.

One rule a line, `pattern,outlet` (a header line `pattern,outlet` and lines starting with # are
skipped). A pattern with a wildcard (`*`, `?`, `[`) is a shell glob matched against the file name
and against the whole path (`000_*.txt`, `*/hanbit/*`); a pattern without one matches any path
that contains it (`hanbit/`, `6e0facbba0a018a7`). The first rule that matches wins. `--source`
still overrides the map, and the map overrides the page's metadata and the file name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from analysis.user_files import read_utf8_text

_WILDCARDS = frozenset("*?[")


class SourceMapError(ValueError):
    """A bad source map; the message is one line naming the file and the line."""


@dataclass(frozen=True, slots=True)
class SourceMap:
    rules: tuple[tuple[str, str], ...]  # (pattern, outlet), in file order

    def outlet_for(self, path: str, file_name: str = "") -> str | None:
        """The outlet of the first rule matching `path` or `file_name`, else None."""
        path = path.replace("\\", "/")
        name = (file_name or Path(path).name).split("#", 1)[0]
        for pattern, outlet in self.rules:
            if _WILDCARDS & set(pattern):
                if fnmatchcase(name, pattern) or fnmatchcase(path, pattern):
                    return outlet
            elif pattern in path or pattern == name:
                return outlet
        return None


def parse_source_map(text: str, label: str = "source map") -> SourceMap:
    rules: list[tuple[str, str]] = []
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and [c.lower() for c in cells[:2]] == ["pattern", "outlet"]:
            continue
        if len(cells) != 2 or not cells[0] or not cells[1]:
            # two cells, one blank: say which, not "expected two values, got 2"
            said = (
                f"the {'pattern' if not cells[0] else 'outlet'} is empty"
                if len(cells) == 2
                else f"expected two values, got {len(cells)}"
            )
            raise SourceMapError(
                f"{label} line {number}: {said}; each line is pattern,outlet"
                " (e.g. 000_*.txt,Hanbit Economic Daily)"
            )
        rules.append((cells[0], cells[1]))
    if not rules:
        raise SourceMapError(f"{label}: no rules (one pattern,outlet line each)")
    return SourceMap(tuple(rules))


def load_source_map(path: str | Path) -> SourceMap:
    path = Path(path)
    text = read_utf8_text(path, SourceMapError)
    return parse_source_map(text, path.name)
