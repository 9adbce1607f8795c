"""Reversed relations and swapped roles from one alignment of each claim pair, with the pairs
that show neither remembered across runs (analysis/wording_pairs.py): the flags are those of the
two detectors run on their own, whatever the memo holds from earlier runs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.order_relations import reversed_relations
from analysis.role_swaps import swapped_roles
from analysis.run_memo import WordingMemo
from analysis.wording_pairs import pair_key, wording_flags
from tests.claim_fixtures import one_claim

FRAMES = (
    "Police said the {} of the Varn bus was hurt in the crash {} the storm.",
    "Three people were detained over the blaze, including the plant {} {} noon.",
    "The Korvex plant closed {} the {} said the strike began.",
)
ROLES = ("driver", "passenger", "manager", "owner", "director", "pilot")
RELATIONS = ("before", "after", "during", "above", "below")


def _sentence(frame: int, role: str, relation: str) -> str:
    return FRAMES[frame].format(role, relation)


_sentences = st.builds(
    _sentence, st.integers(0, len(FRAMES) - 1), st.sampled_from(ROLES),
    st.sampled_from(RELATIONS),
)  # fmt: skip


def _alone(*texts: str) -> list:
    claim = one_claim(*texts)
    return reversed_relations(*claim) + swapped_roles(*claim)


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentences, min_size=2, max_size=4), st.lists(_sentences, min_size=2, max_size=4))
def test_flags_equal_the_two_detectors_whatever_an_earlier_run_kept(
    earlier: list[str], now: list[str]
) -> None:
    memo = WordingMemo()
    assert wording_flags(*one_claim(*earlier), memo) == _alone(*earlier)
    kept = WordingMemo.decode(memo.encode("v"), "v")  # as the pipeline keeps it
    assert kept.known == memo.used
    assert wording_flags(*one_claim(*now), kept) == _alone(*now)
    assert wording_flags(*one_claim(*now)) == _alone(*now)  # and without a memo


def test_only_pairs_showing_nothing_are_remembered_and_then_not_aligned() -> None:
    swapped = (_sentence(0, "driver", "during"), _sentence(0, "passenger", "during"))
    same = (_sentence(1, "manager", "at"), _sentence(1, "manager", "at"))
    memo = WordingMemo()
    assert len(wording_flags(*one_claim(*swapped), memo)) == 1
    assert wording_flags(*one_claim(*same), memo) == []
    assert pair_key(*same) in memo.used and pair_key(*swapped) not in memo.used
    # a remembered pair is skipped: a memo claiming the swapped pair shows nothing hides it,
    # which is how one knows the pair was not aligned again
    lying = WordingMemo({pair_key(*swapped): True})
    assert wording_flags(*one_claim(*swapped), lying) == []
    assert WordingMemo.decode(memo.encode("v1"), "v2").known == {}  # another version: not used
