"""Word-by-word alignment of two same-claim sentences (analysis.token_alignment)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.model import FlagDraft, FlagSide, SentenceSpan
from analysis.token_alignment import slot_difference, with_slot_alignment


def _span(text: str, quote: str) -> tuple[int, int]:
    at = text.index(quote)
    return at, at + len(quote)


def test_the_differing_slot_is_named_with_its_frame_in_both_directions() -> None:
    a = "The landslide near Orsk killed 14 people, rescuers said on Friday."
    b = "Rescuers said the landslide near Orsk had killed 17 people."
    diff = slot_difference(a, _span(a, "14 people"), b, _span(b, "17 people"))
    assert diff is not None and (diff.a, diff.b) == ("14", "17")
    assert diff.before.endswith("killed") and diff.after == "people"
    back = slot_difference(b, _span(b, "17 people"), a, _span(a, "14 people"))
    assert back is not None and (back.a, back.b) == ("17", "14")


def test_inflections_align_and_a_clock_time_is_one_word() -> None:
    a = "The plane took off from Tolvik at 7:26 local time."
    b = "The plane takes off from Tolvik at 7:36 local time, officials said."
    diff = slot_difference(a, _span(a, "7:26"), b, _span(b, "7:36"))
    assert diff is not None and (diff.a, diff.b) == ("7:26", "7:36")
    assert diff.framed("a") == "from Tolvik at 7:26 local time"


def test_the_frame_is_quoted_as_each_sentence_writes_it() -> None:
    a = "Brenholt Capital says the deal is worth $2.6 billion in cash."
    b = "Brenholt Capital said the deal was worth $3.1 billion in cash, a filing shows."
    diff = slot_difference(a, _span(a, "2.6 billion"), b, _span(b, "3.1 billion"))
    assert diff is not None and (diff.a, diff.b) == ("2.6", "3.1")
    assert (diff.framed("a"), diff.framed("b")) == (
        "worth $2.6 billion in cash",
        "worth $3.1 billion in cash",
    )
    c = "The bridge, closed since May, reopened on June 4 to traffic, police said."
    d = "The bridge, closed since May, reopened on June 9 to traffic, police said."
    diff = slot_difference(c, _span(c, "June 4"), d, _span(d, "June 9"))
    assert diff is not None and diff.framed("b") == "reopened on June 9 to traffic"


def test_values_in_different_stretches_or_unrelated_wording_give_no_slot() -> None:
    a = "Crews in Orsk found 14 people late on Friday after the slide."
    b = "A separate storm cut power to 17 homes across the northern coast."
    assert slot_difference(a, _span(a, "14"), b, _span(b, "17")) is None
    c = "Officials counted 14 people and 3 dogs in the shelter in Orsk."
    d = "Officials counted 14 people and 5 dogs in the shelter in Orsk."
    assert slot_difference(c, _span(c, "14"), d, _span(d, "5")) is None  # 14 is shared, 5 differs


WORDS = ["the", "crews", "from", "orsk", "reached", "valley", "after", "night", "rain"]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(WORDS),
        min_size=2,
        max_size=8,
    ),
    st.integers(min_value=0, max_value=8),
    st.integers(1, 999),
    st.integers(1, 999),
)
def test_one_changed_word_in_shared_wording_is_that_slot(
    words: list[str], at: int, x: int, y: int
) -> None:
    if x == y:
        return
    at = min(at, len(words))
    a = " ".join([*words[:at], str(x), *words[at:]])
    b = " ".join([*words[:at], str(y), *words[at:]])
    diff = slot_difference(a, _span(a, f"{x}"), b, _span(b, f"{y}"))
    assert diff is not None and (diff.a, diff.b) == (str(x), str(y))


def test_a_contradiction_flag_gains_the_slot_in_evidence_and_explanation() -> None:
    a = "The ferry left Halvik at 6:10 with 40 aboard."
    b = "The ferry left Halvik at 6:40 with 40 aboard."
    sentences = {
        1: [SentenceSpan(0, 100, 100 + len(a), a)],
        2: [SentenceSpan(3, 50, 50 + len(b), b)],
    }
    sa, sb = _span(a, "6:10"), _span(b, "6:40")
    flag = FlagDraft(
        kind="contradiction", detector="compare-time",
        side=FlagSide(1, 0, 100 + sa[0], 100 + sa[1], "6:10"),
        other=FlagSide(2, 3, 50 + sb[0], 50 + sb[1], "6:40"),
        explanation="Two times.", confidence=0.7, suggestion="check", evidence={},
    )  # fmt: skip
    out = with_slot_alignment(flag, sentences)
    assert out.evidence["slot_alignment"]["a"] == "6:10"
    assert out.explanation.endswith(
        "“left Halvik at 6:10 with 40 aboard” / “left Halvik at 6:40 with 40 aboard”."
    )
    assert with_slot_alignment(out, sentences) == out
    one_sided = FlagDraft(kind="translation_artifact", detector="x", side=flag.side,
                          explanation="e", confidence=0.5)  # fmt: skip
    assert with_slot_alignment(one_sided, sentences) is one_sided
