"""Grouping mentions into entities."""

from __future__ import annotations

import pytest

from analysis.entities import entity_index, group_entities, surname_keys
from analysis.gazetteer import Gazetteer, GazetteerEntry, load_default
from analysis.model import Entity, EntityKind, Mention


def mentions_in(text: str, *names: tuple[str, EntityKind]) -> list[Mention]:
    """Mentions of each (name, kind) wherever it occurs in `text`, longest names first, so
    "Marrow" inside "Elsbeth Marrow" is not a second mention."""
    found: list[Mention] = []
    for name, kind in sorted(names, key=lambda t: -len(t[0])):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(m.start < end and start < m.end for m in found):
                found.append(Mention(0, start, end, name, name, kind))
            start = text.find(name, start + 1)
    return sorted(found, key=lambda m: m.start)


def by_canonical(entities: list[Entity]) -> dict[str, Entity]:
    return {e.canonical: e for e in entities}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_default()


def test_case_and_punctuation_variants_join_with_counts() -> None:
    mentions = {
        1: mentions_in(
            "KORVANT met at Port-au-Lune. KORVANT", ("KORVANT", "org"), ("Port-au-Lune", "place")
        ),
        2: mentions_in(
            "Korvant went to Port-Au-Lune.", ("Korvant", "org"), ("Port-Au-Lune", "place")
        ),
        3: mentions_in("Korvant said", ("Korvant", "org")),
    }
    entities = by_canonical(group_entities(mentions))
    assert entities["Korvant"].spellings == {"KORVANT": 2, "Korvant": 2}
    assert len(entities["Korvant"].members) == 4
    [place] = [e for e in entities.values() if e.kind == "place"]
    assert place.spellings == {"Port-Au-Lune": 1, "Port-au-Lune": 1}
    assert len(entities) == 2


def test_canonical_counts_sources_not_articles() -> None:
    """One outlet's three articles are one voice against two other outlets."""
    mentions = {
        n: mentions_in(f"{name} spoke.", (name, "person"))
        for n, name in enumerate(["Jae-Won Yoo"] * 3 + ["Jae-won Yoo"] * 2)
    }
    sources = {0: "Wire", 1: "Wire", 2: "Wire", 3: "Daily", 4: "Herald"}
    [by_source] = group_entities(mentions, sources=sources)
    assert by_source.canonical == "Jae-won Yoo"
    assert by_source.spellings == {"Jae-Won Yoo": 3, "Jae-won Yoo": 2}
    [by_article] = group_entities(mentions)
    assert by_article.canonical == "Jae-Won Yoo"
    # An article the map does not know counts as an outlet of its own.
    [partial] = group_entities(mentions, sources={0: "Wire", 1: "Wire", 2: "Wire"})
    assert partial.canonical == "Jae-won Yoo"


def test_canonical_prefers_the_gazetteer_over_the_majority(gazetteer: Gazetteer) -> None:
    mentions = {
        1: mentions_in("PACCAR PACCAR", ("PACCAR", "org")),
        2: mentions_in("PACCAR Corp", ("PACCAR Corp", "org")),
    }
    [entity] = group_entities(mentions, gazetteer)
    assert entity.canonical == "Paccar"
    assert entity.gazetteer_id == "sp500:PCAR"
    assert entity.spellings == {"PACCAR": 2, "PACCAR Corp": 1}


def test_canonical_without_gazetteer_is_the_spelling_most_articles_use() -> None:
    mentions = {
        1: mentions_in("ACME ACME ACME", ("ACME", "org")),
        2: mentions_in("Acme", ("Acme", "org")),
        3: mentions_in("Acme", ("Acme", "org")),
    }
    [entity] = group_entities(mentions)
    assert entity.canonical == "Acme"


def test_surname_joins_the_full_name_across_articles() -> None:
    mentions = {
        1: mentions_in(
            "Elsbeth Marrow spoke. Marrow said",
            ("Elsbeth Marrow", "person"),
            ("Marrow", "person"),
        ),
        2: mentions_in("CEO Marrow's plan", ("Marrow", "person")),
    }
    [entity] = group_entities(mentions)
    assert entity.canonical == "Elsbeth Marrow"
    assert entity.spellings == {"Marrow": 2, "Elsbeth Marrow": 1}
    assert {a for a, _, _ in entity.members} == {1, 2}


def test_family_name_first_surname_joins() -> None:
    mentions = {
        1: mentions_in(
            "Park Ji-won met Lu Zhenhai. Park said Lu agreed.",
            ("Park Ji-won", "person"),
            ("Lu Zhenhai", "person"),
            ("Park", "person"),
            ("Lu", "person"),
        )
    }
    entities = by_canonical(group_entities(mentions))
    assert entities["Park Ji-won"].spellings == {"Park": 1, "Park Ji-won": 1}
    assert entities["Lu Zhenhai"].spellings == {"Lu": 1, "Lu Zhenhai": 1}
    assert surname_keys("Elsbeth Marrow") == {"marrow"}
    assert surname_keys("Xi Jinping") == {"xi", "jinping"}


def test_ambiguous_surname_joins_per_article_or_stays_apart() -> None:
    mentions = {
        1: mentions_in(
            "Kim Min-seok spoke. Kim said", ("Kim Min-seok", "person"), ("Kim", "person")
        ),
        2: mentions_in(
            "Kim Jung-kwan spoke. Kim said", ("Kim Jung-kwan", "person"), ("Kim", "person")
        ),
        3: mentions_in("Kim said", ("Kim", "person")),
    }
    entities = by_canonical(group_entities(mentions))
    assert entities["Kim Min-seok"].spellings == {"Kim": 1, "Kim Min-seok": 1}
    assert entities["Kim Jung-kwan"].spellings == {"Kim": 1, "Kim Jung-kwan": 1}
    assert entities["Kim"].members == ((3, 0, 3),)


def test_mangled_variants_are_not_merged(gazetteer: Gazetteer) -> None:
    mentions = {
        1: mentions_in("the Pelosi amendment", ("Pelosi", "person")),
        2: mentions_in("Speaker Nancy Peloci", ("Nancy Peloci", "person")),
    }
    entities = by_canonical(group_entities(mentions, gazetteer))
    assert set(entities) == {"Nancy Pelosi", "Nancy Peloci"}
    assert entities["Nancy Pelosi"].gazetteer_id == "wd:Q170581"  # a lone, unique surname
    assert entities["Nancy Peloci"].gazetteer_id is None


def test_gazetteer_aliases_join(gazetteer: Gazetteer) -> None:
    mentions = {
        1: mentions_in("Home Depot reported", ("Home Depot", "org")),
        2: mentions_in("The Home Depot said", ("The Home Depot", "org")),
    }
    [entity] = group_entities(mentions, gazetteer)
    assert entity.canonical == "The Home Depot"
    assert entity.kind == "org"


def test_ambiguous_gazetteer_spelling_is_not_linked() -> None:
    gazetteer = Gazetteer(
        [
            GazetteerEntry("a", "John Adams", (), "person", "President"),
            GazetteerEntry("b", "John Q. Adams", ("John Adams",), "person", "President"),
        ]
    )
    [entity] = group_entities({1: mentions_in("John Adams", ("John Adams", "person"))}, gazetteer)
    assert entity.gazetteer_id is None


def test_possessives_and_different_kinds_of_words() -> None:
    mentions = {
        1: mentions_in("Orvanta's chip", ("Orvanta's", "org")),
        2: mentions_in("Orvanta said", ("Orvanta", "org")),
    }
    [entity] = group_entities(mentions)
    assert entity.canonical == "Orvanta"
    assert group_entities({}) == []


def test_entity_index_maps_every_member() -> None:
    mentions = {
        1: mentions_in("Trump met Donald Trump", ("Donald Trump", "person"), ("Trump", "person"))
    }
    entities = group_entities(mentions)
    index = entity_index(entities)
    assert len(entities) == 1
    assert set(index) == {(1, 0, 5), (1, 10, 22)}
    assert index[(1, 0, 5)] is entities[0]


def test_an_organisations_first_word_in_the_same_article_is_its_short_form() -> None:
    mentions = {
        1: mentions_in(
            "Kestrel Dredging won the bid. Kestrel said it would start in May.",
            ("Kestrel Dredging", "org"),
            ("Kestrel", "person"),  # a lone capitalised word first read as a person
        ),
        2: mentions_in("Kestrel, the coach, said the team was ready.", ("Kestrel", "person")),
    }
    entities = by_canonical(group_entities(mentions))
    org = entities["Kestrel Dredging"]
    assert org.kind == "org" and org.spellings == {"Kestrel Dredging": 1, "Kestrel": 1}
    # another article names no such organisation: its "Kestrel" stays who it was
    assert entities["Kestrel"].kind == "person" and {
        a for a, _, _ in entities["Kestrel"].members
    } == {2}
