"""Status glyphs, in Unicode and in plain ASCII for terminals whose fonts lack the symbols."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Glyphs:
    conflict: str
    corroborated: str
    single: str
    garble: str
    selected: str
    unselected: str
    bar_in: str  # inside the 90 % interval
    bar_out: str  # outside it
    bar_mean: str
    arrow: str
    differs: str
    residue: str
    unverified: str
    note: str


UNICODE = Glyphs(
    conflict="⚠",
    corroborated="✓",
    single="·",
    garble="~",
    selected="●",
    unselected=" ",
    bar_in="━",
    bar_out="─",
    bar_mean="●",
    arrow="→",
    differs="≠",
    residue="¶",
    unverified="?",
    note="✎",
)

ASCII = Glyphs(
    conflict="!",
    corroborated="+",
    single=".",
    garble="~",
    selected="*",
    unselected=" ",
    bar_in="=",
    bar_out="-",
    bar_mean="|",
    arrow="->",
    differs="!=",
    residue="#",
    unverified="?",
    note="*",
)


def flag_glyph(kind: str, glyphs: Glyphs) -> str:
    return {
        "contradiction": glyphs.conflict,
        "name_variant": glyphs.garble,
        "translation_artifact": glyphs.garble,
        "unverified_name": glyphs.unverified,
        "page_residue": glyphs.residue,
    }.get(kind, glyphs.single)
