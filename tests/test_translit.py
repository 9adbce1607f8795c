"""Transliteration-aware distance, phonetic key and the prefiltered pair search."""

from __future__ import annotations

import itertools
import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import translit
from analysis.translit import (
    changes_onset,
    edit_operations,
    name_similarity,
    normalise_name,
    phonetic_key,
    similar_pairs,
    translit_cost,
    translit_distance,
)

LATIN = st.text(alphabet=string.ascii_letters + "éüñ -'", min_size=1, max_size=14)
WORDS = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=12)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Valdwin", "Baldwin"),
        ("Lee", "Rhee"),
        ("Park", "Pak"),
        ("Choi", "Choe"),
        ("Jung", "Chung"),
        ("Jeong", "Jung"),
        ("Busan", "Pusan"),
        ("Filip", "Philip"),
        ("Hanssen", "Hansen"),
        ("Chaikovsky", "Tchaikovsky"),
        ("Youssef", "Yussef"),
        ("Marks", "Marx"),
        ("Kim", "Gim"),
        ("Clinton", "Crinton"),
    ],
)
def test_transliteration_pairs_are_close(a: str, b: str) -> None:
    assert translit_distance(a, b) <= 0.13
    assert name_similarity(a, b) >= 0.84


@pytest.mark.parametrize(
    ("a", "b"), [("Baldwin", "Okafor"), ("Halden", "Holland"), ("Norway", "Norris"), ("Lee", "Kim")]
)
def test_different_names_are_far(a: str, b: str) -> None:
    assert translit_distance(a, b) > 0.3
    assert name_similarity(a, b) < 0.7


def test_lee_and_yi_are_related_but_not_close() -> None:
    """The Korean surname 이 is romanised Lee, Yi, Rhee: related, closer than an unrelated pair."""
    assert translit_distance("Lee", "Yi") < translit_distance("Lee", "Kim")


def test_case_diacritics_and_joiners_are_ignored() -> None:
    assert translit_distance("José Núñez", "JOSE NUNEZ") == 0.0
    assert translit_distance("Stoke-On-Trent", "Stoke-on-Trent") == 0.0
    assert normalise_name("  O'Brien-Smith ") == "obriensmith"


def test_valdwin_baldwin_is_one_b_v_substitution() -> None:
    assert edit_operations("Valdwin", "Baldwin") == ["V→B"]
    assert edit_operations("Tammy Valdwin", "Tammy Baldwin") == ["V→B"]
    assert edit_operations("Park", "Pak") == ["-R"]


def test_onset_changes_and_raw_costs() -> None:
    assert changes_onset("O'Sullivan", "Sullivan") and changes_onset("Dams", "Adams")
    assert not changes_onset("Valdwin", "Baldwin") and not changes_onset("Lee", "Rhee")
    assert not changes_onset("Tammy Valdwin", "Tammy Baldwin")
    assert changes_onset("Tammy Valdwin", "Tammy Avaldwin")
    assert translit_cost("Valdwin", "Baldwin") == pytest.approx(0.2)
    assert translit_cost("Campell", "Campbell") == pytest.approx(1.0)


def test_phonetic_key_folds_b_and_v_unlike_standard_keys() -> None:
    assert phonetic_key("Baldwin") == phonetic_key("Valdwin") == "BRTN"
    assert phonetic_key("Marks") == phonetic_key("Marx")
    assert phonetic_key("Lee") == phonetic_key("Rhee")
    assert phonetic_key("Baldwin") != phonetic_key("Okafor")


def test_valdwin_baldwin_ranks_first_among_name_pairs() -> None:
    names = [
        "Baldwin", "Okafor", "Halden", "Holland", "Norway", "Norris", "Marks", "Lindqvist",
        "Ostvik", "Tarrow", "Kestrel", "Varga", "Marwick", "Ilse", "Harlow", "Danvers", "Valdwin",
        "Corvel", "Fenwick", "Brannock", "Ashdown", "Quillon", "Pemberly", "Rask", "Dunmore",
    ]  # fmt: skip
    pairs = similar_pairs(names, threshold=0.8)
    assert {names[pairs[0][0]], names[pairs[0][1]]} == {"Baldwin", "Valdwin"}
    assert all(score < 0.9 for _, _, score in pairs[1:])


def test_prefilter_keeps_every_close_pair() -> None:
    """The rapidfuzz prefilter must not lose pairs the full score would keep."""
    names = [
        "Baldwin", "Valdwin", "Balldwin", "Lee", "Rhee", "Yi", "Park", "Pak", "Bak", "Choi",
        "Choe", "Jung", "Chung", "Jeong", "Kim", "Gim", "Marks", "Marx", "Marcks", "Hoang",
        "Hwang", "Wong", "Philip", "Filip", "Phillip", "Crump", "Cramp", "Subramanian",
        "Subramaniam",
    ]  # fmt: skip
    found = {(i, j) for i, j, _ in similar_pairs(names, threshold=0.85)}
    brute = {
        (i, j)
        for i, j in itertools.combinations(range(len(names)), 2)
        if name_similarity(names[i], names[j]) >= 0.85
    }
    assert found == brute
    assert len(brute) > 15


def test_similar_pairs_between_two_lists() -> None:
    pairs = similar_pairs(["Tammy Valdwin", "Ilse Varga"], ["Tammy Baldwin", "Marek Okafor"], 0.9)
    assert [(i, j) for i, j, _ in pairs] == [(0, 0)]
    assert similar_pairs([], ["Baldwin"]) == []


@given(LATIN, LATIN)
def test_distance_is_symmetric_and_bounded(a: str, b: str) -> None:
    d = translit_distance(a, b)
    assert d == translit_distance(b, a)
    assert 0.0 <= d <= 1.0
    assert name_similarity(a, b) == pytest.approx(name_similarity(b, a))


@given(LATIN)
def test_identical_and_case_changed_names_have_distance_zero(a: str) -> None:
    assert translit_distance(a, a) == 0.0
    assert translit_distance(a, a.upper()) == 0.0
    assert translit_distance(a.lower(), a.swapcase()) == 0.0
    assert name_similarity(a, a) == 1.0


@given(
    st.text(alphabet=string.ascii_lowercase, max_size=8),
    st.text(alphabet=string.ascii_lowercase, max_size=8),
    st.sampled_from("cdghjklmnqrstxz"),
)
def test_b_to_v_costs_less_than_an_arbitrary_substitution(
    left: str, right: str, other: str
) -> None:
    word = f"{left}b{right}"
    with_v = f"{left}v{right}"
    with_other = f"{left}{other}{right}"
    assert translit_distance(word, with_v) < translit_distance(word, with_other)


@given(WORDS, WORDS)
def test_similar_pairs_agrees_with_name_similarity(a: str, b: str) -> None:
    pairs = similar_pairs([a], [b], threshold=0.0, prefilter=0.0)
    assert pairs and pairs[0][2] == pytest.approx(name_similarity(a, b))


@given(
    st.lists(st.text(alphabet="abdehiklnorstuvyBCDHKLPSVW", min_size=1, max_size=9), max_size=30),
    st.integers(1, 40),
)
def test_the_prefilter_matrix_in_blocks_finds_the_same_pairs(names: list[str], cells: int) -> None:
    """Computing the Jaro-Winkler matrix a few rows at a time (bounded memory on big corpora)
    gives exactly the pairs of the one-matrix computation."""
    whole = similar_pairs(names, threshold=0.75, max_cells=10**9)
    assert similar_pairs(names, threshold=0.75, max_cells=cells) == whole
    right = names[::-1]
    assert similar_pairs(names, right, 0.75, max_cells=cells) == similar_pairs(
        names, right, 0.75, max_cells=10**9
    )


@given(
    st.lists(st.text(alphabet="abdehiklnorstuvyBCDHKLPSVW", min_size=1, max_size=9), max_size=30),
    st.sets(st.integers(0, 29), max_size=6),
    st.integers(1, 40),
)
def test_pairs_with_a_few_names_are_those_of_the_whole_result(
    names: list[str], only: set[int], cells: int
) -> None:
    """`only` gives exactly the pairs of the whole result that have one of those names, in the
    same order (the name checks ask about the names of a few articles among many)."""
    only = {i for i in only if i < len(names)}
    whole = similar_pairs(names, threshold=0.75)
    some = similar_pairs(names, threshold=0.75, only=only, max_cells=cells)
    assert some == [p for p in whole if p[0] in only or p[1] in only]


def test_only_is_for_pairs_within_one_list() -> None:
    with pytest.raises(ValueError):
        similar_pairs(["Baldwin"], ["Valdwin"], only={0})


@given(st.text(max_size=60) | LATIN)
def test_normalising_drops_the_combining_marks_a_test_per_character_drops(name: str) -> None:
    """The marks are found among the distinct characters and dropped in one pass: the same
    text as testing every character."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(translit._SPECIAL)
    text = translit._NON_ALNUM.sub(" ", translit._DROP.sub("", text))
    assert normalise_name(name) == translit._SPACES.sub(" ", text).strip()
