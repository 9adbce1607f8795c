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
"""A word: letters or digits, with inner apostrophes or hyphens ("couldn’t", "Val-de-Sorne")."""


@cache
def load(name: str) -> dict[str, Any]:
    """The JSON lexicon `name` (without extension) from this package."""
    text = resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Kana and Han: scripts written without spaces, where a word boundary cannot be asked for."""


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any phrase as whole words, longest phrase first.

    A phrase starting (ending) in Kana or Han needs no word boundary on that side: Japanese and
    Chinese run words together ("続きを読むには…").
    """
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(_bounded(p) for p in parts)
    return re.compile(f"(?:{body})", re.IGNORECASE)


def _bounded(phrase: str) -> str:
    before = "" if _UNSPACED.match(phrase[0]) else r"(?<![\w$])"
    after = "" if _UNSPACED.match(phrase[-1]) else r"(?!\w)"
    return before + re.escape(phrase).replace(r"\ ", r"\s+") + after


def all_languages(section: dict[str, list[str]]) -> list[str]:
    """Every phrase of a per-language section, flattened."""
    return [p for phrases in section.values() for p in phrases]


@cache
def speech_verbs(also_acts: bool = False) -> frozenset[str]:
    """Every written form of the verbs of speech (speech.json): "said", "tells", "warning". With
    `also_acts`, the verbs that are speech in one sense and an act in another ("recalled",
    "confirmed") too."""
    data = load("speech")
    groups = [data["verbs"], data["also_acts"]] if also_acts else [data["verbs"]]
    return frozenset(form for group in groups for forms in group.values() for form in forms)
