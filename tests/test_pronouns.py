""" "He" for an aircraft (analysis.pronouns)."""

from __future__ import annotations

from analysis.mentions import extract_mentions
from analysis.model import ArticleText, Entity, FlagDraft, Mention
from analysis.pronouns import detect_gender_pronouns, detect_thing_pronouns
from analysis.segment import segment_with_hits


def flags(text: str, mentions: tuple[Mention, ...] = ()) -> list[str]:
    spans = segment_with_hits(text)[0]
    art = ArticleText(1, "Outlet", text, translated=True)
    return [f.side.quote for f in detect_thing_pronouns(art, spans, mentions)]


def test_he_after_a_sentence_about_a_plane_is_flagged() -> None:
    text = "The cargo plane went down past the lake. He lost radio contact before the descent."
    assert flags(text) == ["He lost radio contact"]


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


# --- "she" for a man the other outlets call "he" -------------------------------------------------


def gender_flags(*texts: str) -> list[FlagDraft]:
    """Each text one outlet; a person's mentions grouped by name, as the entity stage would."""
    arts = [ArticleText(i + 1, f"Outlet {chr(65 + i)}", t, translated=i == 0)
            for i, t in enumerate(texts)]  # fmt: skip
    spans = {a.article_id: segment_with_hits(a.text)[0] for a in arts}
    mentions = {a.article_id: extract_mentions(a.text, spans[a.article_id]) for a in arts}
    members: dict[str, list[tuple[int, int, int]]] = {}
    for aid, ms in mentions.items():
        for m in ms:
            if m.kind == "person":
                members.setdefault(m.name.split()[-1], []).append((aid, m.start, m.end))
    entities = [Entity(name, "person", {name: len(ms)}, tuple(ms)) for name, ms in members.items()]
    return detect_gender_pronouns(arts, spans, mentions, entities)


HE = "Governor Halvor Brinsk said on Monday that he had ordered an inquiry into the crash."


def test_she_for_a_man_two_other_outlets_call_he_is_flagged_on_the_odd_one() -> None:
    odd = "Governor Halvor Brinsk said on Monday that she had ordered an inquiry into the crash."
    for order in ((odd, HE, HE), (HE, odd, HE)):
        (flag,) = gender_flags(*order)
        assert flag.kind == "translation_artifact" and flag.side.quote == "she"
        assert flag.side.article_id == order.index(odd) + 1
        assert "2 other outlets call “he”" in flag.explanation and flag.suggestion == "he"


def test_one_outlet_against_one_or_a_pronoun_for_someone_else_is_not_flagged() -> None:
    odd = "Governor Halvor Brinsk said on Monday that she had ordered an inquiry into the crash."
    assert gender_flags(odd, HE) == []  # one against one: no majority
    other_person = (
        "Governor Halvor Brinsk said the minister told reporters she had ordered an inquiry."
    )
    assert gender_flags(other_person, HE, HE) == []  # "the minister" may be who "she" is
    quoted = "Governor Halvor Brinsk said: “She had ordered an inquiry into the crash.”"
    assert gender_flags(quoted, HE, HE) == []
