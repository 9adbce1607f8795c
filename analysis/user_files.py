"""Reading a reviewer's own small text files (source maps, gazetteer additions).

One place for the one-line errors such files get, so every loader words them alike.
"""

from __future__ import annotations

from pathlib import Path


def read_utf8_text(path: Path, error: type[Exception]) -> str:
    """The file's text (a UTF-8 BOM is dropped); `error` with a one-line message otherwise."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise error(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path.name}: not UTF-8 text") from exc
