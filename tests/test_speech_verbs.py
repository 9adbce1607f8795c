"""The one list of verbs of speech (analysis/lexicon/speech.json) and what reads it."""

from __future__ import annotations

from analysis.anchored_places import anchored_places
from analysis.claim_slots import read_sentence
from analysis.lexicon import speech_verbs
from analysis.model import AlignUnit
from analysis.polarity import load_lexicon


def test_every_form_of_a_speech_verb_is_listed_and_acts_only_on_request() -> None:
    forms = speech_verbs()
    assert {"said", "says", "told", "telling", "warned", "written"} <= forms
    assert "recalled" not in forms and "confirmed" not in forms  # also acts
    assert {"recalled", "confirmed"} <= speech_verbs(also_acts=True)
    assert forms < speech_verbs(also_acts=True)


def test_a_place_after_a_speech_verb_is_no_place_of_an_event() -> None:
    lex = load_lexicon()
    names = frozenset({"Dovan Reeth", "Fresno"})
    for verb in ("said", "warned", "testified", "tweeted"):
        text = f"Dovan Reeth {verb} in Fresno that the plant would stay shut."
        sent = read_sentence((1, 0), AlignUnit(1, 0, text, "Outlet", entities=names), lex)
        assert anchored_places(sent, lex) == [], verb
    text = "Dovan Reeth was arrested in Fresno on Monday."
    sent = read_sentence((1, 0), AlignUnit(1, 0, text, "Outlet", entities=names), lex)
    assert [s.anchor for s in anchored_places(sent, lex)] == ["arrest"]
