"""One witness per copy: articles that republish one text are grouped, and do not corroborate."""

from __future__ import annotations

from analysis.align import Aligner, align
from analysis.copies import witnesses
from analysis.model import AlignUnit

WIRE = [
    "Floodwater swept through the lower town of Marrow on Sunday, forcing 300 families out.",
    "Rescue boats took elderly residents from the roofs of their homes, officials said.",
    "The river rose four metres in six hours after two days of heavy rain upstream.",
    "Schools in the district will stay closed until Wednesday, the council said.",
]
OWN = [
    "Hundreds of families left the lower town of Marrow as the river burst its banks.",
    "Our reporter saw boats lifting pensioners from rooftops on Sunday afternoon.",
    "Farmers upstream said the rain was the heaviest they had seen in decades.",
]


def _units(articles: dict[int, list[str]]) -> list[AlignUnit]:
    return [
        AlignUnit(a, i, text, f"outlet{a}")
        for a, sentences in articles.items()
        for i, text in enumerate(sentences)
    ]


def test_republished_wire_copy_shares_its_originals_witness() -> None:
    edited = [s.replace(" said", " say") for s in WIRE[:3]] + [WIRE[3].upper()]
    units = _units({1: WIRE, 2: edited, 3: OWN})
    aligned = align(units)
    pairs = {(m.article_id, m.copy_of) for c in aligned for m in c.members}
    assert (2, 1) in pairs and not any(copy for a, copy in pairs if a in (1, 3))
    prepared = Aligner().prepare(units)
    found = witnesses(units, prepared.pair_a, prepared.pair_b, prepared.pair_score)
    assert found == {1: 1, 2: 1, 3: 3}


def test_a_claim_told_only_by_copies_is_not_same_claim() -> None:
    units = _units({1: WIRE, 2: list(WIRE)})
    for cluster in align(units):
        assert cluster.tier == "possible"
        assert {m.copy_of for m in cluster.members if m.article_id == 2} == {1}


def test_sharing_a_sentence_or_two_is_not_copying() -> None:
    units = _units({1: WIRE, 2: [WIRE[0], *OWN]})
    p = Aligner().prepare(units)
    assert witnesses(units, p.pair_a, p.pair_b, p.pair_score) == {1: 1, 2: 2}
