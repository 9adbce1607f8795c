"""Speakers of figures (analysis.attribution) and their use by the contradiction detector."""

from __future__ import annotations

from analysis.attribution import different_speakers, inherit_speakers, speaker_words
from analysis.contradiction import detect_contradictions
from analysis.model import AlignUnit, ClusterDraft, ClusterMember
from analysis.quantities import extract_quantities
from analysis.segment import segment_with_hits

RESPONDERS = (
    "The Valt coach was carrying 28 tourists, four of them pupils, according to paramedics "
    "at the scene."
)
GOVERNOR = (
    "Mayor Piet Malvo told a briefing that the Valt coach was carrying 31 tourists, among them "
    "seven pupils."
)


def test_reporting_frames_name_the_speaker() -> None:
    assert "paramedic" in speaker_words(RESPONDERS)
    assert {"mayor", "malvo"} <= speaker_words(GOVERNOR)
    assert {"malvo"} <= speaker_words("The town's mayor, Piet Malvo, said that 31 came.")
    assert {"minister"} <= speaker_words('"We will not stop," said Prime Minister Ola Ren.')
    assert speaker_words("The coach held 28 tourists, he said.") == frozenset()


def test_two_speakers_differ_only_when_one_is_named() -> None:
    assert different_speakers(speaker_words(RESPONDERS), speaker_words(GOVERNOR))
    assert different_speakers(speaker_words(GOVERNOR), speaker_words(RESPONDERS))
    company = speaker_words("Acme will cut 1,200 jobs, the company said.")
    filing = speaker_words("Acme will cut 2,100 jobs, according to a filing.")
    assert not different_speakers(company, filing)
    assert not different_speakers(speaker_words(GOVERNOR), frozenset())


def test_an_unattributed_sentence_takes_the_speaker_whose_figures_it_repeats() -> None:
    speakers = {"gov": frozenset({"mayor", "malvo", "*"}), "resp": frozenset({"paramedic"}),
                "copy": frozenset(), "merge": frozenset()}  # fmt: skip
    values = {
        "gov": {(31, "tourist"), (7, "pupil"), (2, "driver")},
        "resp": {(28, "tourist"), (4, "pupil"), (2, "driver")},
        "copy": {(31, "tourist"), (7, "pupil"), (2, "driver"), (33, "person")},
        "merge": {(28, "tourist"), (7, "pupil"), (2, "driver")},
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
        "In a post online, Mayor Piet Malvo said the Valt coach was carrying 31 tourists, among "
        "them 5 pupils."
    )
    flags = _detect(GOVERNOR, other)
    assert [f.slot for f in flags] == ["number"]
    assert "seven pupils" in flags[0].explanation and "5 pupils" in flags[0].explanation


def test_a_range_contains_its_ends() -> None:
    text = "Officials said roughly 120 to 125 people were inside the hall."
    (q,) = extract_quantities(text, segment_with_hits(text)[0], None)
    assert q.text == "roughly 120 to 125 people" and q.low is not None and q.high is not None
    assert q.low <= 120 and q.high >= 125
    assert (
        _detect(
            "The Valt ferry carried 120 people.",
            "The Valt ferry carried between 120 and 125 people.",
        )
        == []
    )
    rose = "The toll rose from 110 to 125 people."
    (q,) = extract_quantities(rose, segment_with_hits(rose)[0], None)
    assert q.low == q.high == 125  # a change, not a range


def test_a_reporting_verb_form_used_as_a_noun_credits_no_one() -> None:
    """'provisional reports', 'the claims', 'press reports': a modified verb form is a noun."""
    assert speaker_words("Provisional reports suggested that 14 cabins burned.") == frozenset()
    assert speaker_words("Nine ferries sank, and the reports put the loss at 9.") == frozenset()
    assert speaker_words("Press reports say 14 cabins burned.") == frozenset()
    said = "Harbour master Oren Klay wrote on his blog that unverified claims put the toll at 14."
    assert {"klay", "oren"} <= speaker_words(said)
    assert not speaker_words(said) & {"unverifi", "unverified", "claim", "blog"}
    # a name or a subject noun phrase before the form keeps it a verb
    assert "ministry" in speaker_words("The ministry reports that 14 cabins burned.")
    assert "dovex" in speaker_words("Dovex Wire reports 14 cabins burned.")


def test_the_channel_and_the_audience_are_not_speakers() -> None:
    text = "Fourteen cabins burned, announced the port authority via its Mastodon account."
    assert speaker_words(text) >= {"port", "authority"}
    assert not speaker_words(text) & {"mastodon", "account", "via"}
    assert speaker_words("Fourteen cabins burned, the mayor said on Sunday.") == {"mayor"}
    told = "Fourteen cabins burned, the warden said, and told the camp's guests to leave."
    assert "guest" not in speaker_words(told) and "guests" not in speaker_words(told)


def test_a_document_is_no_speaker_but_its_author_is() -> None:
    assert speaker_words("Fourteen burned, according to early estimates.") == frozenset()
    assert speaker_words("Fourteen burned, according to figures from the coastguard.") == {
        "coastguard"
    }
    assert "brellin" in speaker_words("Fourteen burned, according to a Brellin News source.")
