"""English number words and their values, one table for every reader of figures: counts and
durations (`analysis.quantities`), "three days ago" (`analysis.dates`), a figure swapped between
two outlets (`analysis.slot_swaps`)."""

from __future__ import annotations

_UNITS = tuple(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen""".split()  # noqa: SIM905
)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip

WORD_VALUES: dict[str, float] = (
    {w: float(i) for i, w in enumerate(_UNITS)}
    | {w: float(v) for w, v in _TENS.items()}
    | {"a dozen": 12, "dozen": 12, "half a": 0.5, "half an": 0.5, "a": 1, "an": 1}
)
# words that are a number only in front of what they count ("a day", "half an hour")
ARTICLE_LIKE = frozenset({"a", "an", "half a", "half an", "dozen", "a dozen"})
