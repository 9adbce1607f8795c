"""Reading one sentence for the contradiction detector: places of one-place events, regions and
the subject a value is attached to. Sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claim_slots import (
    CorpusNames,
    EventPlace,
    Sentence,
    _name_patterns,
    event_places,
    is_region,
    locate_names,
    mentions_one_place_event,
    quantity_item,
    quantity_role,
    read_sentence,
    subject_of,
)
from analysis.model import AlignUnit, Quantity
from analysis.polarity import load_lexicon, tokenize
from analysis.quantities import extract_quantities
from analysis.segment import split_sentences

LEX = load_lexicon()


def places(text: str, entities: tuple[str, ...] = ()) -> list[EventPlace]:
    unit = AlignUnit(1, 0, text, "Outlet", entities=frozenset(entities))
    return event_places(read_sentence((1, 0), unit, LEX, base=0), LEX)


def test_the_place_after_an_event_word_is_its_place() -> None:
    (ep,) = places("Kestrel signed the lease at the Grand Hyatt in Verona.", ("Kestrel",))
    assert (ep.lemma, ep.places, ep.parties) == ("sign", ("Grand Hyatt", "Verona"), ("kestrel",))
    assert "document" not in ep.objects  # a lease is not an agreement of the parties
    text = "Kestrel signed the lease at the Grand Hyatt in Verona."
    assert text[ep.span[0] : ep.span[1]] == "Grand Hyatt in Verona"
    assert text[ep.verb[0] : ep.verb[1]] == "signed"


def test_a_fronted_place_adverbial_sets_the_main_clause() -> None:
    text = (
        "LAKESIDE — Under a marquee in the courtyard of the Villa Serena, ministers from the "
        "two countries signed the papers on Friday."
    )
    (ep,) = places(text)
    assert ep.places == ("Villa Serena",)
    assert ep.objects == {"document"}  # "papers" stands for the signed document


def test_the_object_is_what_follows_the_event_word_or_a_passive_subject() -> None:
    (active,) = places("Police arrested a courier in Padua.")
    assert active.objects == {"courier"}  # "police" is who acted, not what the event was about
    (passive,) = places("Peace deal signed in Padua after long talks.")
    assert "document" in passive.objects and len(passive.objects) == 2


def test_regions_after_a_comma_join_the_place_phrase() -> None:
    (ep,) = places("The accord was signed in Padua, Italy, on Friday.")
    assert (ep.places, ep.regions) == (("Padua",), ("Italy",))


@pytest.mark.parametrize(
    "text",
    [
        "The firms are expected to sign the accord in Padua.",  # hedged
        "The firms did not sign the accord in Padua.",  # negated
        "After the signing in Padua, the executives flew home.",  # a noun
        "Kestrel signed a lease to open a store in Padua.",  # another predicate's place
        "Kestrel signed the accord about an hour from Padua.",  # a distance
        "She met the mayor and officials in Padua.",  # who the officials are
        "The two firms signed the accord in March.",  # a month
        "In Padua, which hosts the fair, prices rose.",  # no one-place event
        "The accord was signed in Italy.",  # a region only: nothing specific
        "Kestrel signed the accord near Padua.",  # "near" gives no exact place
    ],
)
def test_no_event_place(text: str) -> None:
    assert places(text) == []


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("Texas", True),
        ("Europe", True),
        ("Harlow County", True),
        ("Verona", False),
        ("Grand Hyatt", False),
        ("", False),
    ],
)
def test_is_region(name: str, region: bool) -> None:
    assert is_region(name) is region


def test_mentions_one_place_event_is_a_cheap_prefilter() -> None:
    assert mentions_one_place_event("They met in Padua.")
    assert not mentions_one_place_event("They met the mayor.")
    assert not mentions_one_place_event("Prices rose in Padua.")


def test_a_value_is_about_the_nearest_name_that_is_not_the_setting() -> None:
    text = "In Verona, Kestrel will cut 120 jobs."
    q = Quantity(0, 25, 33, "120 jobs", "count", 120.0, "job", 120.0, 120.0)
    unit = AlignUnit(
        1, 0, text, "Outlet", entities=frozenset({"Verona", "Kestrel"}), quantities=(q,)
    )
    sent = read_sentence((1, 0), unit, LEX)
    subject = subject_of(sent, quantity_item(sent, q), LEX)
    assert subject.name is not None and subject.name.text == "Kestrel"
    assert "cut" in subject.anchors and "job" in subject.anchors


_LEADS = ["", "ROME — ", "In a statement, "]
_ACTORS = ["Kestrel", "the two ministers", "Orion and Kestrel"]
_VERBS = ["signed", "met", "will sign", "did not sign", "is to sign"]
_OBJECTS = ["the accord", "a lease", "officials"]
_PLACES = [
    "in Padua",
    "at the Villa Serena in Padua",
    "in March",
    "in Padua, Italy",
    "an hour from Padua",
    "in the lobby of the Bank of the West",
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_LEADS),
    st.sampled_from(_ACTORS),
    st.sampled_from(_VERBS),
    st.sampled_from(_OBJECTS),
    st.sampled_from(_PLACES),
)
def test_event_places_quote_the_text(
    lead: str, actor: str, verb: str, obj: str, where: str
) -> None:
    text = f"{lead}{actor} {verb} {obj} {where}."
    found = places(text)
    for ep in found:
        quote = text[ep.span[0] : ep.span[1]]
        assert quote.startswith(ep.places[0]) and quote.endswith(ep.places[-1])
        assert all(p in where for p in ep.places) and all(not is_region(p) for p in ep.places)
        assert not set(ep.places) & {"March", "Italy"}
    if verb in ("will sign", "did not sign", "is to sign") or "from" in where:
        assert found == []


def _names(text: str, corpus: tuple[str, ...]) -> list[str]:
    unit = AlignUnit(1, 0, text, "Outlet")
    return [n.text for n in read_sentence((1, 0), unit, LEX, corpus_names=corpus).names]


def test_names_from_other_sentences_are_written_as_names() -> None:
    text = "The mayor, who spoke first, thanked the WHO and Kestrel staff; it was IT that failed."
    assert _names(text, ("Who", "WHO", "IT", "Kestrel")) == ["WHO", "Kestrel", "IT"]
    assert _names("Nobody who spoke mentioned it.", ("Who", "IT")) == []


_CORPUS = (
    "EU", "UN", "Bank of America", "Hwaseon Energy Solutions and Tallis Motors", "Park Ji-min",
    "Ford", "Alder Creek", "O'Neill", "S.K. Telecom", "Tallis",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_CORPUS).map(lambda n: n.upper() if len(n) % 2 else n),
            st.text(alphabet="abdefiklnorstu EUNO'.-\u0345ι", max_size=10),
        ),
        max_size=8,
    )
)
def test_the_name_index_misses_no_name_a_scan_would_find(pieces: list[str]) -> None:
    text = " ".join(pieces)
    index = CorpusNames(_CORPUS)
    offered = set(index.candidates(text))
    for name in index.names:
        full, part = _name_patterns(name, False)
        if full.search(text) or (part and part.search(text)):
            assert name in offered, (name, text)
    unit = AlignUnit(1, 0, text, "Outlet", entities=frozenset({"Tallis"}))
    tokens = tokenize(text)
    indexed = locate_names(unit, tokens, LEX, index)
    with pytest.MonkeyPatch.context() as patch:  # every corpus name tried, as before the index
        patch.setattr(CorpusNames, "candidates", lambda self, text: list(self.names))
        assert indexed == locate_names(unit, tokens, LEX, index)


def test_the_name_index_offers_few_names() -> None:
    index = CorpusNames(_CORPUS)
    assert index.candidates("The board met in Ohio on Tuesday.") == []
    assert index.candidates("Ford and the EU signed.") == ["EU", "Ford"]


def test_subjects_are_read_once_per_sentence() -> None:
    q = Quantity(0, 23, 33, "1,800 jobs", "count", 1800.0, "job", 1800.0, 1800.0)
    unit = AlignUnit(1, 0, "Tallis Motors will add 1,800 jobs in Ohio.", "Outlet", quantities=(q,))
    sent = read_sentence((1, 0), unit, LEX, base=0)
    first = subject_of(sent, quantity_item(sent, q), LEX)
    assert subject_of(sent, quantity_item(sent, q), LEX) is first
    assert "job" in first.anchors


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("Crude rose $1.64 to $47.10 a barrel.", {"$1.64": "change", "$47.10": ""}),
        ("Sales were up 2.6% on the year.", {"2.6%": "change"}),
        ("It posted a 5% rise in profit.", {"5%": "change"}),
        ("Shares fell by nearly 3% on Monday.", {"3%": "change"}),
        ("The firm sold 95,000 cars.", {"95,000": ""}),
        ("He faces up to four years in jail.", {"four years": ""}),
        ("Pensioners get £300 less than before.", {"£300": "change"}),
    ],
)
def test_quantity_role_tells_a_move_from_a_level(text: str, roles: dict[str, str]) -> None:
    sent = _sentence_with_quantities(text)
    items = [quantity_item(sent, q) for q in sent.unit.quantities]
    got = {i.quote: quantity_role(sent, i) for i in items}
    for quote, role in roles.items():
        (match,) = [r for q, r in got.items() if quote in q]
        assert match == role, (quote, got)


def _sentence_with_quantities(text: str) -> Sentence:
    quantities = tuple(extract_quantities(text, split_sentences(text)))
    unit = AlignUnit(1, 0, text, "Outlet", quantities=quantities)
    return read_sentence((1, 0), unit, LEX, base=0)
