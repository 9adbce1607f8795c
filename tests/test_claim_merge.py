"""Claims merged on a shared fact (analysis/claim_merge.py): what links two sentences, and the
claim-level test two groups must pass."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claim_merge import FACT_FLOOR, FactLinks, fact_linked, merge_score

KILLED = "The storm killed 38 people on the ferry near the harbour."
DIED = "In all, 38 people were killed by the storm on the harbour ferry."


def _links(*texts: str) -> FactLinks:
    links = FactLinks(list(texts), None)  # stems only: no embeddings in unit tests
    links.prepare(range(len(texts)))
    return links


def test_a_figure_both_state_about_one_thing_links() -> None:
    assert _links(KILLED, DIED).link(0, 1) > 0


def test_the_same_figure_counting_another_thing_does_not_link() -> None:
    other = "The ferry has 38 cabins and a restaurant on its upper deck."
    assert _links(KILLED, other).link(0, 1) == 0


def test_a_conflicting_figure_of_one_thing_links() -> None:
    a = "There were 112 passengers on board the ferry when it capsized in the storm."
    b = "There were 117 passengers on board the ferry when it capsized in the storm."
    assert _links(a, b).link(0, 1) > 0


def test_names_numbers_in_names_and_designations_do_not_link() -> None:
    names = ("Minister Tomas Varga visited Lenfield on Tuesday.", "Tomas Varga spoke in Lenfield.")
    assert _links(*names).link(0, 1) == 0
    school = ("The roof of No. 12 Harbour School collapsed.", "No. 12 Harbour School reopened.")
    assert _links(*school).link(0, 1) == 0
    vessel = ("The Kv-17 ferry sank near the town.", "A Kv-17 ferry sank near the town.")
    assert _links(*vessel).link(0, 1) == 0


def test_merge_needs_a_link_and_the_floor() -> None:
    links = _links(KILLED, DIED, "Rescue teams searched the upper floors.")
    articles = np.array([0, 1, 2])
    p = np.array([[FACT_FLOOR + 0.1]])
    assert merge_score(links, [0], [1], articles, p, 0.15) > 0
    assert merge_score(links, [0], [1], articles, np.array([[FACT_FLOOR / 2]]), 0.15) == 0
    assert merge_score(links, [0], [2], articles, p, 0.15) == 0  # no fact links them


def test_two_members_of_one_article_must_state_one_thing() -> None:
    links = _links(KILLED, DIED, "Rescue teams searched the upper floors.")
    articles = np.array([0, 1, 0])  # 0 and 2 come from one article
    apart = np.array([[0.5, 0.05]])  # 0 with 1 (linked), 0 with 2 (neither linked nor probable)
    assert merge_score(links, [0], [1, 2], articles, apart, 0.15) == 0
    probable = np.array([[0.5, 0.3]])
    assert merge_score(links, [0], [1, 2], articles, probable, 0.15) > 0


def test_one_count_of_one_family_reads_at_counted_p_in_the_mean() -> None:
    lives = "Officials said 38 people lost their lives in the blaze."
    toll = "The death toll from the warehouse blaze rose to 38 on Sunday."
    other = "The death toll from the warehouse blaze rose to 41 on Sunday."
    arrests = "Police arrested 38 people after the match."
    links = _links(lives, toll, other, arrests)
    articles = np.array([0, 1, 2, 3])
    low = np.array([[0.0]])  # a paraphrase the pair model scores 0 (no word in common)
    assert merge_score(links, [0], [1], articles, low, 0.15) == 0
    assert merge_score(links, [0], [1], articles, low, 0.15, counted_p=0.9) == 0.9
    # another count of the family, or the same figure counting another act, is not one fact
    assert merge_score(links, [0], [2], articles, low, 0.15, counted_p=0.9) == 0
    assert merge_score(links, [0], [3], articles, low, 0.15, counted_p=0.9) == 0
    # one counted pair among others the model puts apart lifts the mean, not every pair
    two = np.array([[0.0, 0.0]])
    assert merge_score(links, [0], [1, 2], articles, two, 0.15, counted_p=0.9) == 0.45


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["38", "112", "12", "seven", "people", "ferry", "storm", "No.",
                              "Kv-17", "killed", "board", "harbour", "2021", "4:12"]),
             min_size=2, max_size=10),
    st.lists(st.sampled_from(["38", "112", "12", "seven", "people", "ferry", "storm", "No.",
                              "Kv-17", "killed", "board", "harbour", "2021", "4:12"]),
             min_size=2, max_size=10),
)  # fmt: skip
def test_links_are_symmetric_bounded_and_need_a_figure(a: list[str], b: list[str]) -> None:
    links = _links(" ".join(a), " ".join(b))
    value = links.link(0, 1)
    assert value == links.link(1, 0)
    assert 0.0 <= value <= 1.0 + 1e-9
    if value > 0:
        figures = [links.index.facts[k] for k in (0, 1)] if links.index else []
        assert all(figures), "a link needs a figure on both sides"


_WORDS = ["38", "112", "seven", "people", "ferry", "storm", "killed", "board", "harbour", "4:12"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=8).map(" ".join),
             min_size=2, max_size=5),
    st.data(),
)  # fmt: skip
def test_groups_with_no_fact_linked_pair_never_merge_and_facts_read_in_batches_agree(
    texts: list[str], data: st.DataObject
) -> None:
    n = len(texts)
    cut = data.draw(st.integers(1, n - 1))
    left, right = list(range(cut)), list(range(cut, n))
    articles = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    p = np.array(data.draw(st.lists(st.floats(0, 1), min_size=n * n, max_size=n * n)))
    p = p[: len(left) * len(right)].reshape(len(left), len(right))
    whole = _links(*texts)
    by_parts = FactLinks(texts, None).read(right).read(left + right)  # read in two batches
    assert by_parts.matrix(left, right).tolist() == whole.matrix(left, right).tolist()
    if not fact_linked(whole, left, right, articles):
        assert merge_score(whole, left, right, articles, p, 0.15) == 0.0
