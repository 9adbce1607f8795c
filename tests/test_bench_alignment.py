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
