"""A flag's evidence read as sentences with the spans that matter marked, never raw JSON."""

from __future__ import annotations

from analysis.evidence_text import EvidenceLine, evidence_lines


def _marked(line: EvidenceLine) -> list[str]:
    return [line.text[a:b] for a, b in line.marks]


def test_contradiction_names_both_reports_and_marks_the_differing_figures() -> None:
    evidence = {
        "texts": ["The bridge will cost $40 million.", "The bridge will cost $55 million."],
        "sources": ["Daily A", "Courier B"],
        "published": ["2025-01-02", "undated"],
        "values": ["4e+07 USD", "5.5e+07 USD"],
        "superseded": True,
        "similarity": 0.91,
    }
    lines = evidence_lines("contradiction", evidence, ["$40 million", "$55 million"])
    first, second, values = lines[0], lines[1], lines[2]
    assert first.text.startswith("Daily A (2025-01-02) says “The bridge")
    assert _marked(first) == ["$40 million"] and _marked(second) == ["$55 million"]
    assert "undated" not in second.text
    assert _marked(values) == ["40 million USD", "55 million USD"]
    assert any("supersede" in x.text for x in lines)
    assert not any(x.text.startswith(("{", "[")) or "texts:" in x.text for x in lines)


def test_name_variant_says_who_writes_which_spelling() -> None:
    evidence = {
        "spelling": "Jonh Marsh",
        "sources": ["Wire C"],
        "translated": True,
        "other_spellings": {"John Marsh": {"sources": ["Daily A", "Courier B"]}},
        "edit_operations": ["nh→hn"],
        "similarity": 0.9,
        "occurrences": [[3, 13]],
    }
    lines = evidence_lines("name_variant", evidence)
    assert lines[0].text == (
        "Wire C writes “Jonh Marsh” (machine-translated); Daily A, Courier B write “John Marsh”."
    )
    assert _marked(lines[0]) == ["Jonh Marsh", "John Marsh"]
    assert lines[1].text == "The spellings differ by nh→hn (90% alike)."
    assert not any("occurrences" in x.text for x in lines)


def test_unknown_evidence_keys_are_still_shown_in_words() -> None:
    lines = evidence_lines("translation_artifact", {"replacement": "50% of", "window_size": 3})
    assert [x.text for x in lines] == ["Should read “50% of”.", "window size: 3"]


def test_an_empty_entry_in_nested_evidence_is_left_out() -> None:
    """Found walking a dev cluster: a contradiction's readings showed "native: ;" for a reading
    no native outlet gave."""
    evidence = {
        "readings": {
            "north of the lake": {"sources": ["Outlet A"], "native": []},
            "south of the lake": {"sources": ["Outlet B"], "native": ["Outlet B"]},
        }
    }
    (line,) = [x.text for x in evidence_lines("contradiction", evidence) if "readings" in x.text]
    assert "native: ;" not in line and not line.rstrip().endswith(":")
    assert "north of the lake: sources: Outlet A; south of the lake" in line
    assert "native: Outlet B" in line
