"""The ECB+ alignment bench's counting: gold pairs, annotated scope, pair counts."""

from __future__ import annotations

import numpy as np

from bench.tasks.alignment import StoryCluster, _Counts


def _story() -> StoryCluster:
    return StoryCluster(
        name="1_ecb",
        topic=1,
        docs=("1_1ecb.xml", "1_2ecb.xml"),
        sentences=(
            ("A quake hit the town.", "Shops were shut."),
            ("The town was hit by a quake.",),
        ),
        events=((frozenset({"ACT1"}), frozenset()), (frozenset({"ACT1"}),)),
        annotated=(frozenset({0}), frozenset()),
    )


def test_annotated_mask_counts_listed_and_event_sentences() -> None:
    story = _story()
    units = story.units()
    # doc 0 sentence 0 is listed; doc 1 sentence 0 carries an event; doc 0 sentence 1 neither
    assert story.annotated_mask(units).tolist() == [True, False, True]
    gold = story.gold(units)
    assert gold[0, 2] and gold[2, 0] and not gold[1, 2] and not gold[0, 1]


def test_counts_only_pairs_inside_the_scope() -> None:
    story = _story()
    units = story.units()
    gold = story.gold(units)
    predicted = np.ones((3, 3), dtype=bool)
    everything = _Counts()
    everything.add(predicted, gold)
    assert (everything.tp, everything.fp, everything.fn) == (1, 2, 0)
    marked = story.annotated_mask(units)
    scoped = _Counts()
    scoped.add(predicted, gold, marked[:, None] & marked[None, :])
    assert (scoped.tp, scoped.fp, scoped.fn) == (1, 0, 0)
    assert scoped.prf() == (1.0, 1.0, 1.0)


def test_wilson_interval_of_a_read_share() -> None:
    """bench.false_pairs' interval: the textbook values for 14 of 20, bounds kept in [0, 1], and
    nothing read gives the whole range."""
    from bench.false_pairs import wilson

    low, high = wilson(14, 20)
    assert round(low, 3) == 0.481 and round(high, 3) == 0.855
    assert wilson(20, 20)[1] == 1.0 and 0.8 < wilson(20, 20)[0] < 0.9
    assert wilson(0, 20)[0] == 0.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_false_pairs_summary_is_json_with_nothing_read_and_weights_the_groups() -> None:
    """A group with no read pair has no share (null, not NaN: the report must stay JSON) and no
    estimate over all false pairs is made; with reads, the groups are weighted by their size."""
    import json

    from bench.false_pairs import FalsePair, summary

    pairs = [
        FalsePair("c", ("d1", n), ("d2", n), "a", "b", annotated=n < 4) for n in range(10)
    ]  # 4 both annotated, 6 with an unannotated sentence
    report, samples = summary(pairs, 20, {})
    assert "NaN" not in json.dumps(report)
    assert report["both_annotated"] == {  # type: ignore[comparison-overlap]
        "false_pairs": 4, "read": 0, "same_claim": 0, "share": None, "wilson95": [0.0, 1.0]
    }  # fmt: skip
    assert "same_claim_share" not in report and report["precision_scored"] == 0.5
    assert [len(s) for s in samples.values()] == [4, 6]
    labels = {p.key: {"same_claim": p.a[1] % 2 == 0} for p in pairs}  # half of each group
    report, _ = summary(pairs, 20, labels)
    assert report["same_claim_share"] == 0.5 and report["precision_if_read"] == 0.75
