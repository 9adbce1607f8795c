"""Sentence splitting: offsets, the abbreviation guard, line breaks first, and the real corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.segment import is_blank_char, segment_article, split_sentences, words


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, classify=False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Okafor met Dr. Su in Lanmere.", ["Mr. Okafor met Dr. Su in Lanmere."]),
        (
            "J. R. R. Tolkien wrote it. Nobody argued.",
            ["J. R. R. Tolkien wrote it.", "Nobody argued."],
        ),
        (
            "Shares rose 5.5 percent. Analysts cheered.",
            ["Shares rose 5.5 percent.", "Analysts cheered."],
        ),
        ("The U.S. economy grew. It was fast.", ["The U.S. economy grew.", "It was fast."]),
        ("Apple Inc. said so. The end.", ["Apple Inc. said so.", "The end."]),
        ("Sales fell on Jan. 5 and rose again.", ["Sales fell on Jan. 5 and rose again."]),
        ("He moved to the U.S. The move paid off.", ["He moved to the U.S.", "The move paid off."]),
        ("Washington, D.C. Mayor Bowser spoke.", ["Washington, D.C. Mayor Bowser spoke."]),
        ("He spoke in D.C. “We win,” he said.", ["He spoke in D.C.", "“We win,” he said."]),
        ('He said, "It works." Then he left.', ['He said, "It works."', "Then he left."]),
        ("(It was late.) Nobody came.", ["(It was late.)", "Nobody came."]),
        ("Is it real? Yes! Really…  Fine.", ["Is it real?", "Yes!", "Really…", "Fine."]),
        ('"Why?" he asked.', ['"Why?" he asked.']),
        ("See e.g. the report. It helps.", ["See e.g. the report.", "It helps."]),
        ("첫 문장입니다。둘째 문장입니다。", ["첫 문장입니다。", "둘째 문장입니다。"]),
        ("Ends without a stop", ["Ends without a stop"]),
    ],
)
def test_split_inside_a_line(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_line_breaks_split_first_and_blank_lines_vanish() -> None:
    text = (
        "Headline Without Stop\r\n\r\nA cluster of GPUs\n\n  First para. Second.\u00a0\n\u2028Last"
    )
    got = split_sentences(text, classify=False)
    assert [s.text for s in got] == [
        "Headline Without Stop",
        "A cluster of GPUs",
        "First para.",
        "Second.",
        "Last",
    ]
    assert [s.idx for s in got] == list(range(5))
    for s in got:
        assert text[s.start : s.end] == s.text


def test_invisible_marks_are_trimmed() -> None:
    text = "\ufeffHello there.\u200b Next one."
    assert texts(text) == ["Hello there.", "Next one."]


def test_classify_fills_residue() -> None:
    text = "Korvant wins approval\n\nThe company said so.\n\nShare\nTweet\nCopy link"
    got = split_sentences(text)
    assert [s.residue for s in got] == [
        None,
        None,
        "share buttons",
        "share buttons",
        "share buttons",
    ]


def test_words_keeps_inner_apostrophes_and_hyphens() -> None:
    assert words("It couldn’t reach Port-au-Lune; 50%of it.") == [
        "It",
        "couldn’t",
        "reach",
        "Port-au-Lune",
        "50",
        "of",
        "it",
    ]


_ALPHABET = st.sampled_from(
    ["a", "b", "Z", "Mr", "U.S", "J", "5", ".", ".", "!", "?", "…", "。", '"', "”", ")", "(",
     " ", " ", "  ", "\n", "\n\n", "\r\n", "\u00a0", "\u2028", "\u200b", "é", "한"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_offsets_order_and_coverage(text: str) -> None:
    spans = split_sentences(text)
    covered = [False] * len(text)
    prev_end = 0
    for i, s in enumerate(spans):
        assert s.idx == i
        assert text[s.start : s.end] == s.text
        assert s.text and not is_blank_char(s.text[0]) and not is_blank_char(s.text[-1])
        assert prev_end <= s.start < s.end
        prev_end = s.end
        for k in range(s.start, s.end):
            covered[k] = True
        assert "\n" not in s.text and "\r" not in s.text
    for k, ch in enumerate(text):
        assert covered[k] or is_blank_char(ch), f"lost {ch!r} at {k}"


def _read(h20_dir: Path, prefix: str) -> str:
    (path,) = h20_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_real_corpus_counts_and_known_cases(h20_dir: Path) -> None:
    counts = {
        p: len(split_sentences(_read(h20_dir, p))) for p in ("000", "001", "002", "003", "004")
    }
    # Measured: 123 sentences in all, inside the 122-124 that FINDINGS reports for this approach.
    assert counts == {"000": 32, "001": 27, "002": 17, "003": 23, "004": 24}
    t001 = texts(_read(h20_dir, "001"))
    # Known boundaries, checked by shape rather than by quoting the articles' sentences:
    # "D.C." ends a sentence, an opening quote starts one, "$N trillion market cap" is not merged
    # with the "Founded…" sentence after it, a names-only caption stays whole.
    assert any(re.search(r"\btold reporters in D\.C\.$", s) for s in t001)
    assert any(re.match(r"“We believe that \w+", s) for s in t001)
    assert any(re.search(r"\$\d trillion market cap$", s) for s in t001)
    assert any(s.startswith("Founded") for s in t001)
    t004 = texts(_read(h20_dir, "004"))
    assert any(re.fullmatch(r"Mr\. Jensen Huang and President \w+", s) for s in t004)
    t000 = texts(_read(h20_dir, "000"))
    assert any("U.S.-made chips" in s for s in t000)
    assert t000[-1] == "Share your feedback here."
    assert t000[-2].startswith("※ This article") and t000[-2].endswith("translated by AI.")


def test_segment_article_is_the_classified_split() -> None:
    text = "Korvant wins approval\n\nThe company said so.\n\n$KRVT $ORVK"
    assert segment_article(text) == split_sentences(text)
    assert segment_article(text)[-1].residue == "ticker"
