"""The clause a claim member matched through: stored, exported, kept by edits, underlined."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.claim_units import claim_texts
from analysis.exporting import collect_export
from analysis.importing import import_paths
from analysis.pipeline import analyze
from analysis.report import to_json
from store import Store
from store.rows import MemberRow
from tui.widgets.cards import UNIT_MARK, member_card, unit_spans
from tui.widgets.glyphs import UNICODE

SENTENCE = "Officials said the plant, which employs 3,000 people, will close in May."


def _member(text: str, unit: str | None) -> MemberRow:
    return MemberRow(
        1, 1, "Ledger", 0, None, 0, 0, len(text), text, 0.8, "k", "unreviewed", unit=unit
    )


def test_unit_spans_find_the_clause_and_skip_what_is_no_unit() -> None:
    main, relative = claim_texts(SENTENCE)
    assert relative.startswith("which employs")
    (span,) = unit_spans(SENTENCE, relative)
    assert SENTENCE[span[0] : span[1]] == "which employs 3,000 people,"
    pieces = unit_spans(SENTENCE, main)  # the main clause runs around the relative clause
    assert len(pieces) == 2 and SENTENCE[pieces[-1][0] : pieces[-1][1]] == "will close in May."
    assert unit_spans(SENTENCE, None) == []
    assert unit_spans(SENTENCE, "a clause this sentence does not have") == []


def test_the_claim_card_underlines_the_matched_clause() -> None:
    from textual.content import Content

    relative = claim_texts(SENTENCE)[1]
    card = member_card(_member(SENTENCE, relative), Content(SENTENCE), UNICODE)
    text = card.plain
    assert "claim in the underlined clause" in text
    start = text.index(SENTENCE)
    marked = {(s.start - start, s.end - start) for s in card.spans if s.style == UNIT_MARK}
    assert marked == set(unit_spans(SENTENCE, relative))
    plain = member_card(_member(SENTENCE, None), Content(SENTENCE), UNICODE)
    assert "underlined" not in plain.plain
    assert not any(s.style == UNIT_MARK for s in plain.spans)


def test_units_are_stored_exported_and_kept_through_a_claim_edit(
    h20_dir: Path, tmp_path: Path
) -> None:
    with Store.open(tmp_path / "u.db") as store:
        import_paths(store, [h20_dir])
        analyze(store, workers=1)
        by_cluster = store.all_cluster_members()
        members = [m for ms in by_cluster.values() for m in ms]
        with_unit = [m for m in members if m.unit]
        assert with_unit, "no member matched through one clause of a longer sentence"
        for m in with_unit:
            assert m.unit in claim_texts(m.text) and unit_spans(m.text, m.unit)
        exported = json.loads(to_json(collect_export(store)))
        units = {
            (m["claim"], m["unit"]) for c in exported["clusters"] for m in c["members"] if m["unit"]
        }
        assert units == {(m.claim_key, m.unit) for m in with_unit}
        # a claim with a unit member and two other sentences: one of them can be removed
        cluster, keep = next(
            (c, m)
            for c, ms in sorted(by_cluster.items())
            for m in ms
            if m.unit and m.tier == "same_claim" and len({x.claim_key for x in ms}) >= 3
        )
        other = next(m for m in store.cluster_members(cluster) if m.claim_key != keep.claim_key)
        store.edit_claim("remove", [other.claim_key], "ann", within=cluster)
        after = store.cluster_of_claim(keep.claim_key)
        assert after is not None  # the claim still holds two articles
        (row,) = [
            m
            for c in store.clusters_of_sentence(keep.article_id, keep.idx)
            for m in store.cluster_members(c)
            if m.claim_key == keep.claim_key and m.unit == keep.unit
        ]
        assert row.unit == keep.unit  # rebuilt from the snapshot, the clause is still there
