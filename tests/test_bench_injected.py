"""The injected-contradiction set (bench/tasks/injected.py): which values of a claim two outlets
share, how one is changed, and where the change lands in the imported text. No ../shared needed:
the pieces run on an invented two-document cluster."""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bench.tasks.alignment import StoryCluster
from bench.tasks.injected import (
    ClusterResult,
    _change_number,
    candidates,
    change,
    main,
    miss_lines,
    plan,
    slots,
    summarise,
    write_cluster,
)

A = "The ferry left the harbour at 7 : 15 a. m. on Monday carrying 43 passengers north of Lyon ."
B = "Carrying 43 passengers , the ferry sailed north of Lyon at 7 : 15 a. m. on Monday ."
C = "Rescuers arrived later in the day ."


def _cluster() -> StoryCluster:
    ev = frozenset({"ACT1"})
    return StoryCluster(
        name="3_ecb",
        topic=3,
        docs=("3_1ecb.xml", "3_2ecb.xml"),
        sentences=((A, C), (B,)),
        events=((ev, frozenset()), (ev,)),
    )


def test_slots_read_each_kind_of_value() -> None:
    kinds = {(s.kind, s.key) for s in slots(A)}
    assert {
        ("figure", "43 pass"),
        ("time", "7:15"),
        ("weekday", "Monday"),
        ("direction", "north"),
        ("place", "Lyon"),
    } <= kinds
    assert not [s for s in slots("It happened in 1998 and 2004 .") if s.kind == "figure"]


def test_candidates_need_the_same_value_in_a_coreferent_sentence_of_another_document() -> None:
    found = {(d, s, d2, slot.kind) for _, d, s, d2, _, slot in candidates(_cluster())}
    assert (0, 0, 1, "figure") in found and (1, 0, 0, "weekday") in found
    assert not any(s == 1 for _, s, _, _ in found)  # the sentence with no shared event


def test_plan_changes_one_value_per_document_and_event() -> None:
    changes = plan(_cluster())
    assert len(changes) == 1  # both documents state the one event: one change
    inj, slot = changes[0]
    assert inj.old != inj.new and inj.kind == slot.kind


def test_the_change_is_located_in_the_imported_text() -> None:
    records, placed = write_cluster(_cluster(), plan(_cluster()))
    assert len(placed) == 1 and len(records) == 2
    inj = placed[0]
    record = records[inj.doc.removesuffix(".xml")]
    assert inj.new.replace(" ", "") in record["text"][inj.start : inj.end + 3].replace(" ", "")


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=99))
def test_a_changed_figure_is_another_number(value: int, seed: int) -> None:
    text = f"{value:,}" if value % 2 else str(value)
    new = _change_number(text, random.Random(seed))
    assert int(new.replace(",", "")) != value


def test_changed_weekday_direction_and_verb_differ() -> None:
    rng = random.Random(1)
    for kind, key in (("weekday", "Monday"), ("direction", "north")):
        slot = next(s for s in slots(A) if s.kind == kind)
        assert change(slot, A, rng) not in (None, key)
    verb = next(s for s in slots("The club won the final .") if s.kind == "predicate")
    assert change(verb, "The club won the final .", rng) == "lost"


def test_each_act_is_swapped_for_its_real_opposite_of_the_polarity_lexicon() -> None:
    from analysis.polarity import load_lexicon_data
    from bench.tasks.injected import OPPOSITES

    senses: dict[str, set[tuple[str, int]]] = {}
    for e in load_lexicon_data()["entries"]:
        for lemma in e.get("lemmas", ()):
            senses.setdefault(lemma, set()).add((e["concept"], int(e["sign"])))
    for lemma, others in OPPOSITES.items():
        for other in others:  # one concept, the other sign
            assert {(c, -s) for c, s in senses[lemma]} & senses[other], (lemma, other)
    rng = random.Random(3)
    for text, new in [
        ("Officials halted the trains on Monday .", "resumed"),
        ("Prices rose 5 percent in May .", "fell"),
        ("The board has approved the plan .", "rejected"),
        ("The firm opened fire on the crowd .", None),  # another verb: no opposite act
        ("The club 's win was a surprise .", None),  # a noun
        ("He fell to his death .", None),  # no amount: not a change in one
        ("The coach decided to shut him down for the season .", None),
        ("The receiver was lost for the season .", None),  # out, not beaten
    ]:
        verb = next(s for s in slots(text) if s.kind == "predicate")
        assert change(verb, text, rng) == new, text


@given(st.integers(min_value=0, max_value=99))
def test_a_changed_role_names_another_person_in_the_same_number(seed: int) -> None:
    from analysis.role_swaps import conflicting
    from bench.tasks.injected import _plural

    text = "Police said the hotel manager and two guests were among those held ."
    for slot in (s for s in slots(text) if s.kind == "role"):
        old = text[slot.start : slot.end]
        new = change(slot, text, random.Random(seed))
        assert new is not None and conflicting(old, new)
        assert _plural(new) == _plural(old)


def test_recall_is_counted_per_kind_and_half() -> None:
    def inj(kind: str, caught: list[str]) -> dict[str, object]:
        return {"kind": kind, "caught_by": caught}

    results = [
        ClusterResult("1_ecb", 1, 4, [inj("figure", ["number-mismatch"]), inj("time", [])], []),
        ClusterResult("2_ecb", 2, 5, [inj("figure", [])], [{"detector": "x"}]),
    ]
    s = summarise(results)
    assert s["dev"]["per_kind"]["figure"] == {"injected": 1, "caught": 1}
    assert s["dev"]["recall"] == 0.5
    assert s["test"]["recall"] == 0.0 and s["test"]["other_per_article"] == 0.2


def _missed(kind: str, why: str, old: str = "9") -> dict[str, object]:
    texts = ["It carried 9 people.", "It carried\t8 people."]
    return {"kind": kind, "caught_by": [], "why_missed": why, "old": old, "new": "8",
            "aligned_share": 0.5, "texts": texts}  # fmt: skip


def test_missed_changes_are_listed_largest_bucket_first(tmp_path: Path, capsys: Any) -> None:
    results = [
        ClusterResult("1_ecb", 1, 4, [_missed("figure", "in one claim, read, gated"),
                                      {"kind": "time", "caught_by": ["compare-time"]}], []),
        ClusterResult("3_ecb", 3, 4, [_missed("place", "not in one claim", "Lyon"),
                                      _missed("weekday", "not in one claim")], []),
        ClusterResult("2_ecb", 2, 4, [_missed("figure", "not in one claim")], []),
    ]  # fmt: skip
    lines = miss_lines(results)
    assert [line.split("\t")[:4] for line in lines] == [
        ["dev", "not in one claim", "place", "3_ecb"],
        ["dev", "not in one claim", "weekday", "3_ecb"],
        ["dev", "in one claim, read, gated", "figure", "1_ecb"],
        ["test", "not in one claim", "figure", "2_ecb"],
    ]
    assert all(len(line.split("\t")) == 8 for line in lines)  # a tab in a sentence is a space
    assert [line.split("\t")[3] for line in miss_lines(results, "test")] == ["2_ecb"]
    # the same lines from a dump, without running anything or writing the results
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps([asdict(r) for r in results]), "utf-8")
    main(["--read", str(dump), "-v", "--half", "dev"])
    printed = capsys.readouterr().out.splitlines()
    assert printed[-3:] == lines[:3]
