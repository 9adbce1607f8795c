"""Word lists shipped with the package, loaded once.

Lexicons live in JSON beside this file so that a reviewer can extend a language without touching
code. Entries are plain phrases, matched case-insensitively on word boundaries; entries under a
`regex` key are regular expressions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
"""A word: letters or digits, with inner apostrophes or hyphens ("couldn’t", "Mar-a-Lago")."""


@cache
def load(name: str) -> dict[str, Any]:
    """The JSON lexicon `name` (without extension) from this package."""
    text = resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any phrase as whole words, longest phrase first."""
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)
    return re.compile(rf"(?<![\w$])(?:{body})(?!\w)", re.IGNORECASE)


def all_languages(section: dict[str, list[str]]) -> list[str]:
    """Every phrase of a per-language section, flattened."""
    return [p for phrases in section.values() for p in phrases]
