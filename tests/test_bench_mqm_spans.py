"""The all-error-spans MQM bench: category families, and what counts as found or falsely flagged.

Tiny hand-made versions only; the WMT23 archive is read by the bench itself (run by hand).
"""

from __future__ import annotations

import pytest

from bench.tasks import mqm_spans
from bench.tasks.mqm_spans import Mark, Tally, Version


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("Accuracy/Mistranslation", "mistranslation"),
        ("Fluency/Grammar", "fluency and style"),
        ("Style/Unnatural or awkward", "fluency and style"),
        ("Locale convention/Name format", "name format"),
        ("Non-translation!", "source-language fragment"),
        ("Accuracy/Addition", "other"),
    ],
)
def test_categories_fall_into_families(category: str, expected: str) -> None:
    assert mqm_spans.family(category) == expected


def test_a_major_span_counts_once_and_minor_marks_are_not_false_flags() -> None:
    text = "The mayor Zhang Sanfeng visited the wet market on Monday."
    name = text.index("Zhang Sanfeng")
    wet = text.index("wet market")
    version = Version(
        "sys", "doc", text,
        [
            Mark(name, name + 13, "Locale convention/Name format", True),
            Mark(name, name + 13, "Accuracy/Mistranslation", False),
            Mark(wet, wet + 10, "Accuracy/Mistranslation", True),
            Mark(0, 3, "Fluency/Grammar", False),
        ],
    )  # fmt: skip
    tally = Tally()
    monday = text.index("Monday")
    tally.add(version, [(name + 2, name + 5), (0, 3), (monday, monday + 6)])
    assert tally.major["all"] == 2 and tally.found["all"] == 1
    assert tally.recall("name format") == 1.0 and tally.recall("mistranslation") == 0.0
    # "The" is marked (minor), so only "Monday" is a flagged word no rater marked
    assert tally.unmarked_flagged == 1
    assert tally.unmarked == len(mqm_spans.words(text)) - 5  # The, Zhang, Sanfeng, wet, market
    assert tally.flags == 3 and tally.flags_off_marks == 1


def test_words_keep_hyphens_and_apostrophes() -> None:
    text = "Xi'an's long-term plan, 2023."
    assert [text[s:e] for s, e in mqm_spans.words(text)] == ["Xi'an's", "long-term", "plan", "2023"]
