"""bench.claim_misses: every inventory pair lands in exactly one bucket."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bench.claim_misses import (
    BUCKETS,
    EXTRA,
    STRUCTURE,
    buckets,
    claim_ceiling,
    held_ceiling,
    holds,
    one_claim_ceiling,
    stage,
)

HEADER = "Title: x\nOutlet: x\n---\n"
A = (
    "A storm flooded the harbour town of Keltby on Sunday, forcing 300 families from their homes. "
    "The council opened two shelters. Officials said repairs would take weeks."
)
B = (
    "About 300 families left their homes after a storm flooded the harbour town of Keltby on "
    "Sunday. A football match was postponed. The mayor thanked the volunteers."
)


def test_each_inventory_pair_lands_in_one_bucket(tmp_path: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    (story / "01_one.txt").write_text(HEADER + A, encoding="utf-8")
    (story / "02_two.txt").write_text(HEADER + B, encoding="utf-8")
    inventory = {
        "tag_regex": r"(\d\d)_",
        "claims": [
            {"id": "flood", "members": [["01", "storm flooded"], ["02", "storm flooded"]]},
            {"id": "none", "members": [["01", "council opened"], ["02", "mayor thanked"]]},
            {"id": "gone", "members": [["01", "not in the text"], ["02", "football"]]},
        ],
    }
    shown: list[str] = []
    counts = buckets(story, inventory, shown.append)
    assert set(counts) == {*BUCKETS, EXTRA, *STRUCTURE}
    # -v: one line per missed pair (not the found or unmapped one), naming its bucket and texts
    assert len(shown) == 1
    bucket, _, _, left, right = shown[0].split("\t")
    assert counts[bucket] == 1 and "council opened" in left and "mayor thanked" in right
    assert sum(counts[b] for b in BUCKETS) == 3
    assert counts[EXTRA] <= counts["not_candidate"] + counts["below_gate"]
    assert counts["found"] == 1 and counts["unmapped"] == 1
    assert counts["ceiling"] == counts["sentence_pairs"] == 2  # flood and "none": one claim each


def test_a_sentence_stating_two_claims_caps_what_one_claim_per_sentence_can_find() -> None:
    # article 0 says both a and b; articles 1 and 2 say a, article 3 says b
    claims = [frozenset("ab"), frozenset("a"), frozenset("a"), frozenset("b")]
    assert one_claim_ceiling(claims, [0, 1, 2, 3]) == (3, 4)  # 0-1, 0-2, 1-2 kept; 0-3 lost
    # clustered through two claim units, sentence 0 can join both claims
    assert claim_ceiling(claims, [0, 1, 2, 3], [2, 1, 1, 1]) == (4, 4)


@given(st.lists(st.tuples(st.frozensets(st.sampled_from("abc")), st.integers(0, 3)), max_size=9))
def test_the_ceiling_is_reachable_and_never_above_all_pairs(rows: list) -> None:
    claims = [c for c, _ in rows]
    articles = [a for _, a in rows]
    kept, total = one_claim_ceiling(claims, articles)
    assert 0 <= kept <= total
    if all(len(c) <= 1 for c in claims):
        assert kept == total  # nothing to choose: every pair is kept


@given(st.lists(st.tuples(st.frozensets(st.sampled_from("abc")), st.integers(0, 3)), max_size=9))
def test_room_for_every_claim_of_a_sentence_keeps_every_pair(rows: list) -> None:
    claims = [c for c, _ in rows]
    articles = [a for _, a in rows]
    kept, total = claim_ceiling(claims, articles, [max(1, len(c)) for c in claims])
    assert kept == total
    assert one_claim_ceiling(claims, articles)[0] <= kept


def test_a_missed_gold_pair_is_put_at_the_stage_that_lost_it() -> None:
    assert stage(0.9, 0.35, candidate=False) == "not_candidate"
    assert stage(0.0, 0.35, candidate=True) == "below_gate"
    assert stage(0.2, 0.35, candidate=True) == "below_same"
    assert stage(0.35, 0.35, candidate=True) == "lost_clustering"


def test_a_unit_can_only_join_a_claim_its_own_words_state() -> None:
    # sentence 0 states a and b, but both in its first unit; its second unit states neither
    claims = [frozenset("ab"), frozenset("a"), frozenset("b")]
    held = [[frozenset("ab"), frozenset()], [claims[1]], [claims[2]]]
    assert held_ceiling(held, [0, 1, 2], claims) == (1, 2)
    assert claim_ceiling(claims, [0, 1, 2], [2, 1, 1]) == (2, 2)  # counting units alone
    held[0] = [frozenset("a"), frozenset("b")]
    assert held_ceiling(held, [0, 1, 2], claims) == (2, 2)


def test_a_unit_holds_a_claim_when_it_has_most_of_the_claim_words() -> None:
    members = [("toll", "twelve people were killed"), ("hurt", "30 injured")]
    assert holds("A blast killed many; twelve people were killed.", members) == {"toll"}
    assert holds("and 30 were injured in the blast", members) == {"hurt"}


@given(st.lists(st.tuples(st.frozensets(st.sampled_from("abc")), st.integers(0, 3)), max_size=8))
def test_units_that_each_hold_one_claim_keep_every_pair(rows: list) -> None:
    claims = [c for c, _ in rows]
    articles = [a for _, a in rows]
    held = [[frozenset(x) for x in sorted(c)] or [frozenset()] for c in claims]
    assert held_ceiling(held, articles, claims) == claim_ceiling(
        claims, articles, [max(1, len(c)) for c in claims]
    )
