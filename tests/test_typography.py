"""Quote, hyphen and bracket spacing in general form; wire datelines and markup."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.artifacts import detect_translation_artifacts
from analysis.model import ArticleText
from analysis.segment import split_sentences
from analysis.typography import typography_hits
from analysis.wire_copy import wire_copy_hits


def found(text: str) -> list[tuple[str, str, str | None]]:
    hits = [*typography_hits(text), *wire_copy_hits(text)]
    return [(h.detector, text[h.start : h.end], h.fix) for h in hits]


@pytest.mark.parametrize(
    ("text", "detector", "quote", "fix"),
    [
        ("Talks opened “at noon (14:30 GMT)”after a delay.", "quote-spacing",
         "GMT)”after", "GMT)” after"),
        ("They named “two judges”assisted by clerks.", "quote-spacing",
         "judges”assisted", "judges” assisted"),
        ("He said“We will win” and left.", "quote-spacing", "said“We", "said “We"),
        ('The rules"allowed the sale.', "quote-spacing", 'rules"allowed', 'rules "allowed'),
        ("She said “ we will see ” and left.", "quote-spacing", "“ we will see ”",
         "“we will see”"),
        ("He called it «a disgrace» at once.", "foreign-quotes", "«a disgrace»", "“a disgrace”"),
        ("He called it „a disgrace“ at once.", "foreign-quotes", "„a disgrace“", "“a disgrace”"),
        ("It cost ( US$ 1.9 million ) in all.", "bracket-spacing", "( US$ 1.9 million )",
         "(US$ 1.9 million)"),
        ("It set a long -term goal.", "hyphen-spacing", "long -term", "long-term"),
        ("A tear -stained letter.", "hyphen-spacing", "tear -stained", "tear-stained"),
        ("A state- owned bank.", "hyphen-spacing", "state- owned", "state-owned"),
        ("A Japan -US summit.", "hyphen-spacing", "Japan -US", "Japan-US"),
        ("The S- Connect service.", "hyphen-spacing", "S- Connect", "S-Connect"),
        ("Busan Daily, Busan, March 3 (Reporter Kim Min-ji) The port reopened.",
         "wire-dateline", "Busan Daily, Busan, March 3 (Reporter Kim Min-ji)", ""),
        ("(Daegu=Example News) Reporter Lee Su-jin = The city said so.", "wire-dateline",
         "(Daegu=Example News) Reporter Lee Su-jin =", ""),
        ("Eastwind News Agency, Lanford, March 3 (Reporters Ma Tao and Lin Qi) A reporter from "
         "the flood command office reported that the dam held.", "wire-reporter",
         "A reporter from the flood command office reported", None),
        ("The reporter learned from the Second People's Hospital of Lanford that prices fell.",
         "wire-reporter", "The reporter learned from", None),
        ("Reporters were told from the water bureau that levels rose.", "wire-reporter",
         "Reporters were told from", None),
        ("The **fire** spread fast.", "markup", "**fire**", "fire"),
        ("The fire <b>spread</b> fast.", "markup", "<b>", ""),
    ],
)  # fmt: skip
def test_faults_are_found_with_span_and_fix(text: str, detector: str, quote: str, fix: str) -> None:
    assert (detector, quote, fix) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        'He said "yes" and then "no" to the plan.',
        "He said “yes” and then “no” to the plan.",
        "Rock‘n’roll is the island’s sound, it’s said.",
        "The pre- and post-war eras, small- to mid-sized firms.",
        "Russia - the biggest rival - is close behind; Ukraine- Russia talks.",
        "Sales fell (to $1bn) in 2019–2020 and -5 C was the low.",
        "LONDON, July 24 (Reuters) - Britain said on Monday it would act.",
        "Smith, Jones, March 3 and other dates were listed.",
        "The cities- it was said - grew fast.",
        "A 5'10\" player scored.",
        "A reporter from the Lanford Evening Post reported that the dam held.",
        "A reporter from Lanford Daily learned that the dam held.",
        "A reporter from KNV was told by a police spokesman that the dam held.",
        "Reporters from Halbrook found out that the dam held.",
        "He told a reporter from the city that he learned from the bureau.",
        "Our reporter learned from experience that the bureau rarely answers.",
    ],
)
def test_native_english_typography_is_not_flagged(text: str) -> None:
    assert found(text) == []


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=12), st.sampled_from(["“{}”", '"{}"', "({})", "{}"]))
def test_well_spaced_text_is_never_flagged(words: list[str], wrap: str) -> None:
    """Words joined by single spaces, one phrase wrapped in quotes or brackets the English way."""
    inner = " ".join(words)
    text = f"They said {wrap.format(inner)} on the day."
    assert found(text) == []


@settings(max_examples=100, deadline=None)
@given(_WORD, _WORD)
def test_applying_the_fix_removes_the_fault(left: str, right: str) -> None:
    text = f"It was “{left}”{right} today."
    hits = [h for h in typography_hits(text) if h.detector == "quote-spacing"]
    assert hits
    fixed = text[: hits[0].start] + (hits[0].fix or "") + text[hits[0].end :]
    assert [h for h in typography_hits(fixed) if h.detector == "quote-spacing"] == []


def test_pipeline_reports_them_as_translation_artifacts() -> None:
    text = "Staff began “a quick audit”after the depot closed.\n\nIt set a long -term plan."
    article = ArticleText(1, "src", text)
    flags = detect_translation_artifacts(article, split_sentences(text))
    quotes = {f.side.quote: f for f in flags}
    assert set(quotes) == {"audit”after", "long -term"}
    assert quotes["long -term"].evidence["replacement"] == "long-term"


def test_the_reporter_formula_comes_with_advice_not_a_replacement() -> None:
    text = "The reporter learned from the port authority that two berths reopened."
    article = ArticleText(1, "src", text)
    (flag,) = detect_translation_artifacts(article, split_sentences(text))
    assert flag.detector == "wire-reporter"
    assert flag.side.quote == "The reporter learned from"
    assert flag.suggestion and "said" in flag.suggestion
    assert "replacement" not in flag.evidence
