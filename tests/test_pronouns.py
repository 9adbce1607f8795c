""" "He" for an aircraft (analysis.pronouns)."""

from __future__ import annotations

from analysis.model import ArticleText, Mention
from analysis.pronouns import detect_thing_pronouns
from analysis.segment import segment_with_hits


def flags(text: str, mentions: tuple[Mention, ...] = ()) -> list[str]:
    spans = segment_with_hits(text)[0]
    art = ArticleText(1, "Outlet", text, translated=True)
    return [f.side.quote for f in detect_thing_pronouns(art, spans, mentions)]


def test_he_after_a_sentence_about_a_plane_is_flagged() -> None:
    text = "The passenger plane crashed near the town. He stopped contacting after the approach."
    assert flags(text) == ["He stopped contacting after"]


def test_she_for_a_ship_is_flagged_too() -> None:
    assert flags("The cargo ship ran aground off the cape. She lost power at dawn.") == [
        "She lost power at"
    ]


def test_a_person_nearby_is_the_antecedent() -> None:
    assert flags("The pilot said the plane was fine. He stopped the engine.") == []
    assert flags("Mr Orrin said the firm was sound. The company grew. He added more.") == []
    text = "Halvor Brin spoke. The plane landed. He waved."
    person = Mention(0, 0, 11, "Halvor Brin", "Halvor Brin", "person")
    assert flags(text, (person,)) == []


def test_it_and_other_subjects_are_not_flagged() -> None:
    assert flags("The plane crashed near the town. It lost contact after the approach.") == []
    assert flags("Rain fell all day. He stayed home.") == []
