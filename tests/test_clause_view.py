"""Comparison through the clause a claim holds a sentence by (analysis/clause_view.py), on
sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import contradiction
from analysis.align import same_claim_only
from analysis.claim_units import split_units
from analysis.clause_view import masked, member_spans, parallel, quoted
from analysis.compare import negation_flags
from analysis.contradiction import detect_contradictions
from analysis.model import AlignUnit, ArticleText, ClusterDraft, ClusterMember, FlagDraft
from analysis.negation import denials
from analysis.quantities import extract_quantities
from analysis.segment import segment_with_hits

PUBLISHED = date(2025, 3, 3)
# one sentence, two claims: a budget approved and a terminal closing
BOTH = (
    "The council approved a budget of $40 million on Tuesday, and the mayor said the old ferry "
    "terminal would close in March."
)


def _clause(text: str, n: int) -> str:
    return [u.text for u in split_units(text) if u.kind != "attribution"][n]


def _unit(article_id: int, text: str) -> AlignUnit:
    quantities = tuple(extract_quantities(text, [], PUBLISHED))
    return AlignUnit(
        article_id, 0, text, f"Outlet {article_id}", quantities=quantities, published=PUBLISHED
    )


def _flags(texts: dict[int, str], *claims: list[tuple[int, str | None]]) -> list[FlagDraft]:
    units = {(a, 0): _unit(a, t) for a, t in texts.items()}
    clusters = [
        ClusterDraft(f"claim {n}", tuple(ClusterMember(a, 0, 0.9, unit=u) for a, u in members))
        for n, members in enumerate(claims)
    ]
    return detect_contradictions(clusters, units)


def test_a_clause_member_is_compared_by_its_clause_and_quoted_by_it() -> None:
    other = "The mayor said the old ferry terminal would close in April."
    flags = _flags({1: BOTH, 2: other}, [(1, _clause(BOTH, 1)), (2, None)])
    assert [sorted([f.side.quote, f.other.quote]) for f in flags] == [["April", "March"]]
    texts = flags[0].evidence["texts"]
    assert "and the mayor said the old ferry terminal would close in March." in texts
    assert BOTH not in texts and other in texts
    assert "budget" not in flags[0].explanation


@pytest.mark.parametrize(
    ("sentence", "other", "detector"),
    [
        (
            "The council did not approve the budget, and the mayor said the old ferry terminal "
            "would close.",
            "The council approved closing the old ferry terminal, the mayor said.",
            "polarity-opposite",
        ),
        (
            "The council approved a budget of $40 million, and the mayor said the old ferry "
            "terminal would close.",
            "The mayor said closing the old ferry terminal would cost the council $15 million.",
            "number-mismatch",
        ),
    ],
)
def test_the_other_clause_is_no_version_of_the_claim(
    sentence: str, other: str, detector: str
) -> None:
    """Held by its closing clause, the sentence's budget clause says nothing about the closing:
    read whole, its refusal or its figure reads as a conflicting version of the claim."""
    whole = _flags({1: sentence, 2: other}, [(1, None), (2, None)])
    assert [f.detector for f in whole] == [detector]
    assert _flags({1: sentence, 2: other}, [(1, _clause(sentence, 1)), (2, None)]) == []


def test_a_sentence_in_two_claims_is_compared_in_each() -> None:
    mirror = (
        "The mayor said the old ferry terminal would close in March, and the council approved "
        "a budget of $55 million."
    )
    flags = _flags(
        {1: BOTH, 2: mirror},
        [(1, _clause(BOTH, 1)), (2, _clause(mirror, 0))],
        [(1, _clause(BOTH, 0)), (2, _clause(mirror, 1))],
    )
    assert [f.detector for f in flags] == ["number-mismatch"]
    assert "$40 million" in flags[0].explanation and "$55 million" in flags[0].explanation
    assert "ferry" not in " ".join(flags[0].evidence["texts"])


def test_same_claim_only_keeps_a_sentence_held_by_a_clause_in_each_claim() -> None:
    budget, ferry = _clause(BOTH, 0), _clause(BOTH, 1)
    claims = [
        ClusterDraft("budget", (ClusterMember(1, 0, 0.9, unit=budget), ClusterMember(2, 0, 0.9))),
        ClusterDraft("ferry", (ClusterMember(1, 0, 0.9, unit=ferry), ClusterMember(3, 0, 0.9))),
    ]
    assert [len(c.members) for c in same_claim_only(claims)] == [2, 2]
    # held whole in one claim and by a clause in another: its clause is not known, so neither
    claims[1] = ClusterDraft("ferry", (ClusterMember(1, 0, 0.9), ClusterMember(3, 0, 0.9)))
    assert same_claim_only(claims) == []


def test_a_denial_is_read_in_the_clause_of_the_claim() -> None:
    """A sentence's other clause may deny what the other outlet states in another claim."""
    a = "Police arrested the driver on Friday, but they did not charge the driver with murder."
    b = "Police charged the driver with murder on Saturday."
    arts = [ArticleText(n, f"Outlet {n}", t, published=PUBLISHED) for n, t in ((1, a), (2, b))]
    sentences = {art.article_id: segment_with_hits(art.text)[0] for art in arts}

    def flags(unit: str | None) -> list[FlagDraft]:
        members = (ClusterMember(1, 0, 0.9, unit=unit), ClusterMember(2, 0, 0.9))
        return negation_flags(arts, sentences, [ClusterDraft("claim", members)])

    assert len(flags(None)) == 1  # read whole, it denies the charge
    assert len(flags(_clause(a, 1))) == 1  # held by the clause that denies it
    assert flags(_clause(a, 0)) == []  # held by the arrest: no denial of that


def test_a_subjectless_coordinated_clause_inherits_the_subject() -> None:
    text = "On Friday, police arrested two men in the city, and charged them with murder."
    spans = member_spans(text, _clause(text, 1))
    assert quoted(text, spans) == "On Friday, police … and charged them with murder."


def test_a_clause_with_its_own_subject_inherits_nothing() -> None:
    text = "On Friday, police arrested two men in the city, and a third man was held on Sunday."
    second = _clause(text, 1)
    assert quoted(text, member_spans(text, second)) == second


def test_a_fronted_clause_is_no_subject_to_inherit_and_inherits_nothing() -> None:
    """A clause before the main clause is no first clause whose subject a later coordinated
    clause shares: the main clause's is."""
    text = "While the cause is unknown, police arrested two men, and charged them with theft."
    units = split_units(text)
    assert units[0].kind == "fronted"
    assert (
        quoted(text, member_spans(text, units[-1].text)) == "police … and charged them with theft."
    )
    assert quoted(text, member_spans(text, units[0].text)) == "While the cause is unknown,"


def test_a_relative_clause_inherits_what_it_hangs_on() -> None:
    text = "The plant, which employs 3,000 people, will close in May, and the union will strike."
    relative = next(u.text for u in split_units(text) if u.kind == "relative")
    assert quoted(text, member_spans(text, relative)).startswith("The plant, which employs")


def test_no_clause_or_an_unknown_one_is_the_whole_sentence() -> None:
    assert member_spans(BOTH, None) is None
    assert member_spans(BOTH, "a clause this sentence does not have") is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "the council approved it", "and the mayor said so", ", which employs 30 people,",
    "while prices rose 4%", "; the union objected", "Police arrested two men", ", and charged them",
]), min_size=1, max_size=5))  # fmt: skip
def test_a_view_keeps_the_sentence_offsets(parts: list[str]) -> None:
    text = " ".join(parts) + "."
    for unit in split_units(text):
        spans = member_spans(text, unit.text)
        if spans is None:
            continue
        view = masked(text, spans)
        assert len(view) == len(text)
        assert all(v == t or v == " " for v, t in zip(view, text, strict=True))
        assert all(view[s:e] == text[s:e] for s, e in spans)
        assert " ".join(unit.text.split()) in " ".join(view.split())


def test_a_clause_conflict_the_sentence_itself_settles_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The clause gives one date, the rest of its sentence the other side's: the outlet tells
    two events apart (a killing, an earlier shooting), and gives no other version of one."""
    a = (
        "Deputy Marlow, 35, was killed June 24, 2005 outside a flat while investigating a June 20 "
        "shooting in which Kestin was a suspect."
    )
    b = "Marlow was assigned to track Kestin down the day before his June 24, 2005 murder."
    held_by = next(u.text for u in split_units(a) if u.text.startswith("while"))
    assert _flags({1: a, 2: b}, [(1, held_by), (2, None)]) == []
    monkeypatch.setattr(contradiction, "_settled_by_its_sentence", lambda f, whole: False)
    assert len(_flags({1: a, 2: b}, [(1, held_by), (2, None)])) == 1  # the clause alone


def test_a_denial_the_asserting_side_also_makes_is_none() -> None:
    a = "Where the action has no effect on a listed species or its habitat, the rule applies."
    b = "It must have no effect on a listed species or its habitat, or have effects too small."
    assert denials(a, b) == ([], [])
    assert denials(a, "The action has effects on a listed species and its habitat.")[0]


def test_a_coarser_date_elsewhere_in_the_sentence_settles_nothing() -> None:
    """ "Three years ago" does not exclude "December", but gives no December either."""
    a = "Reid launched a clothing line called Mantra in December."
    b = (
        "Three years ago, Reid, who has launched a clothing line called Mantra in September, "
        "spoke about her image."
    )
    relative = next(u.text for u in split_units(b) if u.kind == "relative")
    flags = _flags({1: a, 2: b}, [(1, None), (2, relative)])
    assert [sorted([f.side.quote, f.other.quote]) for f in flags] == [["December", "September"]]


def test_two_copies_of_one_sentence_are_compared_whole() -> None:
    """Held by their first clauses, two near-identical sentences still differ in their second:
    a copy that changes a value changes the report, whichever clause the claim holds."""
    a = (
        "The council approved the harbour budget on Tuesday after a long debate, and the mayor "
        "said the ferry terminal would close in March."
    )
    b = a.replace("harbour", "harbor").replace("long", "lengthy").replace("March", "May")
    flags = _flags({1: a, 2: b}, [(1, _clause(a, 0)), (2, _clause(b, 0))])
    assert [sorted([f.side.quote, f.other.quote]) for f in flags] == [["March", "May"]]
    assert parallel(a, b) and not parallel(a, _clause(a, 1))


def test_a_count_phrase_is_compared_with_the_words_it_hangs_on() -> None:
    text = "A ferry with 120 people on board sank off the coast near Varnholt."
    spans = member_spans(text, "with 120 people on board")
    assert spans is not None
    assert quoted(text, spans) == "A ferry with 120 people on board"


def test_a_result_tail_holds_the_toll_and_its_clause_the_event() -> None:
    """A sentence whose main clause states a collapse and whose tail a toll: held by its tail,
    its toll is compared with another outlet's; held by the main clause, the toll is no
    version of the event claim."""
    text = "The roof of the old depot collapsed on Friday, resulting in the death of 7 workers."
    tail = _clause(text, 1)
    assert tail == "resulting in the death of 7 workers."
    spans = member_spans(text, tail)
    assert spans is not None and quoted(text, spans) == tail
    other = "Nine workers died when the roof of the old depot collapsed on Friday."
    flags = _flags({1: text, 2: other}, [(1, tail), (2, None)])
    assert [sorted([f.side.quote, f.other.quote]) for f in flags] == [["7 workers", "Nine workers"]]
    assert len(_flags({1: text, 2: other}, [(1, None), (2, None)])) == 1  # read whole
    assert _flags({1: text, 2: other}, [(1, _clause(text, 0)), (2, None)]) == []
