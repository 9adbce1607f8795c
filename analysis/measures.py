"""Units of length, mass and area, so that "16 km", "ten miles" and "15 kilometres" can be compared.

A measure is stored in the unit its dimension is counted in (metres, kilograms, square metres);
the unit it was written in is read back from its text (`stated_factor`), because its rounding is
that unit's: "15 km" stands for 14.5..15.5 km, not for 14,250..15,750 m. Left out: a bare "m"
(million as often as metres: "a $3m deal"), "g" and "mi" (too short to trust), "tons" (short,
long or metric: 907..1,016 kg) and "pounds" (money as often as weight); a measure followed by
"/", "per" or "an hour" is a speed, not a distance.
"""

from __future__ import annotations

import re

# written form (casefolded, singular) -> (dimension's unit, metres, kilograms or square metres)
UNITS: dict[str, tuple[str, float]] = {
    "km": ("m", 1000.0),
    "kms": ("m", 1000.0),
    "kilometre": ("m", 1000.0),
    "kilometer": ("m", 1000.0),
    "metre": ("m", 1.0),
    "meter": ("m", 1.0),
    "cm": ("m", 0.01),
    "centimetre": ("m", 0.01),
    "centimeter": ("m", 0.01),
    "mm": ("m", 0.001),
    "millimetre": ("m", 0.001),
    "millimeter": ("m", 0.001),
    "mile": ("m", 1609.344),
    "nautical mile": ("m", 1852.0),
    "yard": ("m", 0.9144),
    "foot": ("m", 0.3048),
    "feet": ("m", 0.3048),
    "ft": ("m", 0.3048),
    "inch": ("m", 0.0254),
    "kg": ("kg", 1.0),
    "kilogram": ("kg", 1.0),
    "kilogramme": ("kg", 1.0),
    "gram": ("kg", 0.001),
    "gramme": ("kg", 0.001),
    "tonne": ("kg", 1000.0),
    "metric ton": ("kg", 1000.0),
    "lb": ("kg", 0.45359237),
    "lbs": ("kg", 0.45359237),
    "hectare": ("m2", 10000.0),
    "acre": ("m2", 4046.8564224),
    "square kilometre": ("m2", 1e6),
    "square kilometer": ("m2", 1e6),
    "sq km": ("m2", 1e6),
    "km2": ("m2", 1e6),
    "km²": ("m2", 1e6),
    "square mile": ("m2", 2589988.110336),
    "sq mi": ("m2", 2589988.110336),
    "square metre": ("m2", 1.0),
    "square meter": ("m2", 1.0),
    "sq m": ("m2", 1.0),
    "m2": ("m2", 1.0),
    "m²": ("m2", 1.0),
    "square foot": ("m2", 0.09290304),
    "square feet": ("m2", 0.09290304),
    "sq ft": ("m2", 0.09290304),
}
_ABBREVIATIONS = {
    w for w in UNITS if len(w) <= 3 or w.startswith("sq ") or not w.replace(" ", "").isalpha()
}
_WORDS = sorted(UNITS.keys() - _ABBREVIATIONS, key=len, reverse=True)
_SHORT = sorted(_ABBREVIATIONS, key=len, reverse=True)
UNIT = (
    r"(?P<munit>(?i:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s") + r"(?:es|s)?" for w in _WORDS)
    + r")|"
    + "|".join(re.escape(w).replace(r"\ ", r"\s") for w in _SHORT)
    + r")(?![\w²])(?!\s?/|\s+(?:per|an?)\s+(?:hour|minute|second|day|year)\b)"
)
_UNIT = re.compile(UNIT)


def _singular(written: str) -> str:
    w = re.sub(r"\s+", " ", written.casefold())
    if w in UNITS:
        return w
    for cut in ("es", "s"):
        if w.endswith(cut) and w[: -len(cut)] in UNITS:
            return w[: -len(cut)]
    return w


def unit_of(written: str) -> tuple[str, float] | None:
    """(dimension unit, factor) of a unit as written ("kilometres" -> ("m", 1000.0))."""
    return UNITS.get(_singular(written))


def stated_factor(text: str) -> float | None:
    """The factor of the unit a measure's text was written in ("about 15 km" -> 1000.0)."""
    m = _UNIT.search(text)
    found = unit_of(m.group("munit")) if m else None
    return found[1] if found else None
