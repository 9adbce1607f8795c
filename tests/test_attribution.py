"""Speakers of figures (analysis.attribution) and their use by the contradiction detector."""

from __future__ import annotations

from analysis.attribution import different_speakers, inherit_speakers, speaker_words
from analysis.contradiction import detect_contradictions
from analysis.model import AlignUnit, ClusterDraft, ClusterMember
from analysis.quantities import extract_quantities
from analysis.segment import segment_with_hits

RESPONDERS = (
    "According to first responders, there were 40 passengers on board the Valt airliner, "
    "including 2 children, and also six crew members."
)
GOVERNOR = (
    "Regional governor Piet Malvo said there were 43 passengers on board the Valt airliner, "
    "including five children, and six crew members."
)


def test_reporting_frames_name_the_speaker() -> None:
    assert "responder" in speaker_words(RESPONDERS)
    assert {"governor", "malvo"} <= speaker_words(GOVERNOR)
    assert {"malvo"} <= speaker_words("The head of the region, Piet Malvo, said that 43 came.")
    assert {"minister"} <= speaker_words('"We will not stop," said Prime Minister Ola Ren.')
    assert speaker_words("There were 40 passengers on board, he said.") == frozenset()


def test_two_speakers_differ_only_when_one_is_named() -> None:
    assert different_speakers(speaker_words(RESPONDERS), speaker_words(GOVERNOR))
    assert different_speakers(speaker_words(GOVERNOR), speaker_words(RESPONDERS))
    company = speaker_words("Acme will cut 1,200 jobs, the company said.")
    filing = speaker_words("Acme will cut 2,100 jobs, according to a filing.")
    assert not different_speakers(company, filing)
    assert not different_speakers(speaker_words(GOVERNOR), frozenset())


def test_an_unattributed_sentence_takes_the_speaker_whose_figures_it_repeats() -> None:
    speakers = {"gov": frozenset({"governor", "malvo", "*"}), "resp": frozenset({"responder"}),
                "copy": frozenset(), "merge": frozenset()}  # fmt: skip
    values = {
        "gov": {(43, "passenger"), (5, "child"), (6, "crew")},
        "resp": {(40, "passenger"), (2, "child"), (6, "crew")},
        "copy": {(43, "passenger"), (5, "child"), (6, "crew"), (49, "person")},
        "merge": {(40, "passenger"), (5, "child"), (6, "crew")},
    }
    out = inherit_speakers(speakers, values)
    assert out["copy"] == speakers["gov"]
    assert out["merge"] == frozenset()  # two speakers' figures mixed: still compared with both


def _units(*texts: str) -> dict[tuple[int, int], AlignUnit]:
    out = {}
    for i, text in enumerate(texts, start=1):
        spans = segment_with_hits(text)[0]
        out[(i, 0)] = AlignUnit(i, 0, text, f"Outlet {i}", frozenset({"Piet Malvo"}),
                                tuple(extract_quantities(text, spans, None)))  # fmt: skip
    return out


def _detect(*texts: str) -> list:
    units = _units(*texts)
    cluster = ClusterDraft("c", tuple(ClusterMember(a, s, 0.9) for a, s in units))
    return detect_contradictions([cluster], units)


def test_figures_of_two_speakers_are_not_a_contradiction() -> None:
    assert _detect(RESPONDERS, GOVERNOR) == []
    assert _detect(GOVERNOR, RESPONDERS) == []


def test_the_same_speaker_quoted_with_two_figures_is() -> None:
    other = (
        "Governor Piet Malvo said on Telegram that there were 43 passengers on board the Valt "
        "airliner, including 3 children, and also six crew members."
    )
    flags = _detect(GOVERNOR, other)
    assert [f.slot for f in flags] == ["number"]
    assert "childs" not in flags[0].explanation and "five children" in flags[0].explanation


def test_a_range_contains_its_ends() -> None:
    text = "There were about 46 to 49 people on board, officials said."
    (q,) = extract_quantities(text, segment_with_hits(text)[0], None)
    assert q.text == "about 46 to 49 people" and q.low is not None and q.high is not None
    assert q.low <= 46 and q.high >= 49
    assert (
        _detect(
            "The Valt airliner had 46 people on board.",
            "The Valt airliner had between 46 and 49 people on board.",
        )
        == []
    )
    rose = "The toll rose from 40 to 49 people."
    (q,) = extract_quantities(rose, segment_with_hits(rose)[0], None)
    assert q.low == q.high == 49  # a change, not a range
