"""Reported event mentions: a sentence naming its story's event only as what is reported on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.event_mentions import reported_event
from analysis.similarity import STOP_WORDS, stem

WORDS = [
    "the", "a", "of", "in", "at", "on", "that", "reported", "report", "briefing", "collapse",
    "fire", "incident", "roof", "Tarn", "Halvern", "school", "said", "was", "eight", "12", ",",
    ".", "which", "killed", "to", "held", "No.", "4",
]  # fmt: skip


def test_an_event_named_as_what_a_briefing_reports_is_found_with_its_name() -> None:
    read = reported_event(
        "On Monday the press office of the Halvern city government held a briefing to report "
        "the collapse of the roof of the sports hall at the Lystad Middle School in Halvern."
    )
    assert read.found
    assert {"collapse", "roof", "hall", "lystad", "school"} <= read.inside
    # written outside the mention too: not only the event's name
    assert "halvern" not in read.inside and "briefing" not in read.inside


def test_the_reporter_formula_with_that_after_the_mention_is_found() -> None:
    read = reported_event(
        "A reporter from the city's emergency office reported the warehouse fire incident at "
        "the Tarn docks, that at about 9:40 the last missing worker was found."
    )
    assert read.found and {"warehouse", "fire", "incident", "dock"} <= read.inside
    assert not read.figures  # a clock time is no count


def test_a_communication_noun_and_on_govern_the_mention() -> None:
    assert reported_event("Police gave a briefing on the explosion at the Varn plant.").found


def test_a_reporting_verb_before_its_object_or_a_time_still_governs_the_mention() -> None:
    """What a report is about may follow the verb's object or a time ("informed the ministry
    of the ...", "reported on Monday about the ..."); "of" only after a verb of informing."""
    for text in (
        "The agency informed the ministry of the crash of the cargo plane.",
        "Officials reported on Monday about the fire at the Tarn depot.",
        "Police told reporters about the collapse.",
        "The governor has been apprised of the explosion at the Varn plant.",
        "The agency put together key details about the accident.",
    ):
        assert reported_event(text).found, text
    for text in (
        "Crews reported the cause of the fire.",  # the cause is what is reported
        "Police reported two arrests in the attack.",  # "in" is no topic
        "Officials reported that the blaze, which began at noon, spread.",
    ):
        assert not reported_event(text).found, text


def test_an_event_that_is_stated_is_not_a_reported_mention() -> None:
    for text in (
        "The roof of the sports hall at the Lystad school collapsed on Sunday.",  # a verb
        "The agency reported the fire, which killed 12 people.",  # a relative clause predicates it
        "The mayor said the collapse of the roof was the worst accident in years.",  # not reported
        "Crews reported that the blaze spread to the boathouse.",  # the blaze spread
        "Officials reported the collapse of the roof on Sunday.",  # a date follows: stated
    ):
        assert not reported_event(text).found, text


def test_figures_outside_the_mention_are_kept_as_values() -> None:
    read = reported_event("Officials reported the No. 4 depot fire, that eight workers died.")
    assert read.found and read.figures == frozenset({"8"})  # No. 4 is the depot's name
    assert reported_event("Eight people died and 1,200 fled.").figures == frozenset({"8", "1200"})


@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_a_word_written_outside_the_mention_is_not_inside(words: list[str]) -> None:
    """Whatever the words: nothing inside without a mention, every inside word is one of the
    text's, and writing an inside content word once more outside the mention takes it out (a
    stop word such as "reported" counts as written nowhere)."""
    text = " ".join(words)
    read = reported_event(text)
    stems = {stem(w.casefold()) for w in words}
    assert read.inside <= stems
    if not read.found:
        assert not read.inside
    for word in words:
        if word.casefold() not in STOP_WORDS and stem(word.casefold()) in read.inside:
            again = reported_event(f"{text}. Then {word.casefold()} came.")
            assert stem(word.casefold()) not in again.inside
