"""The learned name-error model: features, the shipped file, and the flags it adds."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources

import pytest

from analysis.entities import group_entities
from analysis.gazetteer import Gazetteer, load_default
from analysis.mentions import extract_mentions
from analysis.model import ArticleText, FlagDraft
from analysis.name_checks import corpus_name_flags
from analysis.name_error_model import (
    ALIGNED,
    ALONE,
    DISPUTED,
    FEATURES,
    NameCandidate,
    NameErrorModel,
    _SlotIndex,
    evidence_tier,
    name_candidates,
    settled,
    shipped_name_model,
)
from analysis.names import given_names
from analysis.segment import segment_article

# Three outlets report the same invented event; the first is machine-translated and writes the
# engineer's surname differently from the two others in the sentence they all share.
STORY = (
    "The Qorvath Institute said on 14 March that engineer Teodor {surname} had designed the "
    "Velmora bridge, which cost 42 million euros and opened after 19 months of work.",
    "Engineer Teodor {surname} designed the Velmora bridge for the Qorvath Institute, which "
    "said on 14 March that it cost 42 million euros.",
    "According to the Qorvath Institute, the Velmora bridge designed by engineer Teodor "
    "{surname} cost 42 million euros and opened on 14 March after 19 months.",
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_default()


def corpus(first: str, translated: bool = True) -> list[ArticleText]:
    surnames = (first, "Brankovic", "Brankovic")
    return [
        ArticleText(
            n + 1, f"Outlet {n}", text.format(surname=surname), translated=n == 0 and translated
        )
        for n, (text, surname) in enumerate(zip(STORY, surnames, strict=True))
    ]


def flags(articles: list[ArticleText], gazetteer: Gazetteer) -> list[FlagDraft]:
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    mentions = {
        a.article_id: extract_mentions(
            a.text, [s for s in sentences[a.article_id] if not s.residue]
        )
        for a in articles
    }
    entities = group_entities(mentions, gazetteer)
    return corpus_name_flags(articles, mentions, entities, gazetteer, sentences)


def test_shipped_model_matches_the_features_and_has_a_card() -> None:
    model = shipped_name_model()
    assert model.regression.features == FEATURES
    # a name nobody else reports is never flagged; one other outlets can confirm needs more
    assert 0 < model.slot_threshold <= model.aligned_threshold < 1 <= model.threshold
    data = json.loads(
        resources.files("analysis").joinpath("data/name_error_model.json").read_text()
    )
    assert data["heldout_auc"]["test"] > 0.6  # held out by document
    card = resources.files("analysis").joinpath("data/name_error_model.md").read_text()
    assert "Calibration" in card and "sha256" in card


def test_a_name_the_other_outlets_write_otherwise_is_flagged(gazetteer: Gazetteer) -> None:
    found = [f for f in flags(corpus("Prankowitz"), gazetteer) if f.side.article_id == 1]
    assert any(
        "Prankowitz" in f.side.quote and f.kind in ("unverified_name", "name_variant")
        for f in found
    ), found


def test_the_same_name_in_every_outlet_is_not_flagged(gazetteer: Gazetteer) -> None:
    found = flags(corpus("Brankovic"), gazetteer)
    assert not [f for f in found if "Brankovic" in f.side.quote], found


def test_articles_that_are_not_translated_get_no_model_flags(gazetteer: Gazetteer) -> None:
    found = flags(corpus("Prankowitz", translated=False), gazetteer)
    assert not [f for f in found if f.detector == "name-error-model"]


def test_disputed_features_follow_the_other_outlets(gazetteer: Gazetteer) -> None:
    articles = corpus("Prankowitz")
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    mentions = {
        a.article_id: extract_mentions(a.text, list(sentences[a.article_id])) for a in articles
    }
    found = name_candidates(articles, mentions, sentences, gazetteer, given_names(gazetteer))
    assert found and all(c.article_id == 1 for c in found)  # only the translated article
    by_name = {c.spelling: c.features for c in found}
    disputed = FEATURES.index("slot_disagrees")
    garbled = next(v for k, v in by_name.items() if "Prankowitz" in k)
    assert garbled[disputed] == 1.0  # both other outlets' matching sentences write another name
    assert by_name["Qorvath Institute"][disputed] == 0.0  # every outlet writes it


def test_a_sentence_opening_word_is_not_a_candidate(gazetteer: Gazetteer) -> None:
    text = "Yesterday the Qorvath Institute opened. Meanwhile Teodor Prankowitz left."
    article = ArticleText(1, "Outlet", text, translated=True)
    sentences = {1: segment_article(text)}
    found = name_candidates([article], {1: []}, sentences, gazetteer, frozenset())
    spellings = {c.spelling for c in found}
    assert "Yesterday" not in spellings and "Meanwhile" not in spellings
    assert {"Qorvath Institute", "Teodor Prankowitz"} <= spellings


def test_operating_points_apply_by_evidence(gazetteer: Gazetteer) -> None:
    model = shipped_name_model()
    lenient = NameErrorModel(
        model.regression, threshold=0.9, slot_threshold=0.3, aligned_threshold=0.7
    )
    articles = corpus("Prankowitz")
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    mentions = {
        a.article_id: extract_mentions(a.text, list(sentences[a.article_id])) for a in articles
    }
    found = name_candidates(articles, mentions, sentences, gazetteer, given_names(gazetteer))
    garbled = next(c for c in found if "Prankowitz" in c.spelling)
    assert garbled.disputes == 2 and lenient.flagged(garbled, 0.5)
    assert evidence_tier(garbled) == DISPUTED
    # one outlet's wording can be an accident; two that carry the same text can confirm it
    aligned = replace(garbled, disputes=1, parallel=2, parallel_writes=0)
    assert evidence_tier(aligned) == ALIGNED
    assert not lenient.flagged(aligned, 0.5) and lenient.flagged(aligned, 0.75)
    alone = replace(garbled, disputes=0, aligned=0, parallel=0)  # nobody to confirm it
    assert evidence_tier(alone) == ALONE
    assert not lenient.flagged(alone, 0.75) and lenient.flagged(alone, 0.95)


def test_a_possessive_ends_a_run_of_capitalised_words(gazetteer: Gazetteer) -> None:
    text = "Rescuers reached Velmora's Qorvath valley while O'Randel Teska waited."
    article = ArticleText(1, "Outlet", text, translated=True)
    found = name_candidates([article], {1: []}, {1: segment_article(text)}, gazetteer, frozenset())
    spellings = {c.spelling for c in found}
    assert "Velmora" in spellings and "O'Randel Teska" in spellings
    assert not any("Velmora's" in s or "Velmora Qorvath" in s for s in spellings)


def candidates_of(articles: list[ArticleText], gazetteer: Gazetteer) -> list[NameCandidate]:
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    mentions = {
        a.article_id: extract_mentions(a.text, list(sentences[a.article_id])) for a in articles
    }
    return name_candidates(articles, mentions, sentences, gazetteer, given_names(gazetteer))


# One report carried by three outlets (the first machine-translated), sentence by sentence.
CARRIED = (
    "Engineer Teodor {surname} designed the Velmora bridge for the Qorvath Institute.",
    "The bridge cost 42 million euros and opened on 14 March after 19 months of work.",
    "Its deck spans 310 metres across the Drenava gorge, the longest in the province.",
    "Local traders expect the crossing to halve the journey to the coastal markets.",
)


def carried(surnames: tuple[str, ...]) -> list[ArticleText]:
    return [
        ArticleText(n + 1, f"Outlet {n}", " ".join(CARRIED).format(surname=s), translated=n == 0)
        for n, s in enumerate(surnames)
    ]


def test_outlets_that_carry_the_same_text_are_parallel(gazetteer: Gazetteer) -> None:
    found = candidates_of(carried(("Prankowitz", "Brankovic", "Brankovic")), gazetteer)
    garbled = next(c for c in found if "Prankowitz" in c.spelling)
    assert garbled.parallel == 2 and garbled.parallel_writes == 0
    assert evidence_tier(garbled) != ALONE
    institute = next(c for c in found if c.spelling == "Qorvath Institute")
    assert institute.parallel_writes == 2 and settled(institute)  # both confirm it


def test_a_sentence_an_outlet_repeats_is_no_slot() -> None:
    """A sentence matches one sentence of another outlet; two about as close there (a formula
    that outlet repeats) say nothing about which reports the same thing."""
    said = "The Qorvath ministry will resume the border talks with Drenava in Velmora {when}."
    articles = [
        ArticleText(1, "Outlet A", said.format(when="next month"), translated=True),
        ArticleText(2, "Outlet B", said.format(when="in May"), translated=False),
        ArticleText(
            3,
            "Outlet C",
            f"{said.format(when='in May')} Later: {said.format(when='in June')}",
            translated=False,
        ),
    ]
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    index = _SlotIndex(articles, sentences)
    found = index.matches(articles[0], (1, sentences[1][0].idx))
    assert set(found) == {"Outlet B"}


def test_calendar_words_and_zones_are_not_candidates(gazetteer: Gazetteer) -> None:
    text = "The quake struck on Tue, 02 Jul 2013 at 07:55 CDT near the Qorvath valley."
    article = ArticleText(1, "Outlet", text, translated=True)
    found = name_candidates([article], {1: []}, {1: segment_article(text)}, gazetteer, frozenset())
    spellings = {c.spelling for c in found}
    assert "Qorvath" in spellings and not {"Jul", "CDT", "Tue"} & spellings


def test_a_number_sign_is_no_word_of_the_name_before_it(gazetteer: Gazetteer) -> None:
    text = "Rescuers reached the Velmora No. 34 school while Qorvath Nr 5 shaft stayed shut."
    article = ArticleText(1, "Outlet", text, translated=True)
    found = name_candidates([article], {1: []}, {1: segment_article(text)}, gazetteer, frozenset())
    spellings = {c.spelling for c in found}
    assert {"Velmora", "Qorvath"} <= spellings
    assert not any(s.endswith((" No", " Nr")) for s in spellings)
