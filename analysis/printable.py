"""Untrusted text (file names, paths) made safe for one terminal line."""

from __future__ import annotations


def one_line(text: object) -> str:
    """Control characters (a newline in a file name, an escape sequence) shown escaped, so a
    hostile path cannot split or recolour the line it is printed on."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
