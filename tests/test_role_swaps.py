"""A person's role swapped inside one claim by two outlets (analysis.role_swaps), on sentences
written for these tests."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import lexicon
from analysis.model import FlagDraft
from analysis.role_swaps import conflicting, role_groups, swapped_roles
from tests.claim_fixtures import one_claim


def _flags(*texts: str, sources: tuple[str, ...] = (), extra: str = "") -> list[FlagDraft]:
    return swapped_roles(*one_claim(*texts, sources=sources, extra=extra))


MANAGER = "Three people were detained over the blaze, including the plant manager."
OWNER = (
    "Officials said 3 people have been detained over the blaze, including the plant owner,"
    " as the inquiry into the Varn fire widens."
)


def test_a_role_swapped_in_its_frame_is_flagged_whatever_else_differs() -> None:
    (flag,) = _flags(MANAGER, OWNER)
    assert flag.detector == "compare-role" and flag.slot == "entity"
    assert (flag.side.quote, flag.other.quote) == ("manager", "owner")  # type: ignore[union-attr]
    assert "including the plant manager" in flag.explanation
    assert "including the plant owner" in flag.explanation
    a, b = (
        "The driver of the Varn bus was hurt in the crash.",
        "A passenger of the Varn bus was hurt.",
    )
    assert _flags(a, b) == []  # no shared words before the role: who is meant is not pinned
    c = "Police said the driver of the Varn bus was hurt in the crash."
    d = "Police said the passenger of the Varn bus was hurt in the crash."
    assert [(f.side.quote, f.other.quote) for f in _flags(c, d)] == [("driver", "passenger")]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("other", "extra"),
    [
        # words of one group may name one person
        (MANAGER.replace("manager", "director"), ""),
        # the article names both roles: both people are in the story
        (OWNER, "The plant's owner had left for the coast a day earlier."),
        # a capitalised role is a title of a name, left to the name checks
        ("Three people were detained over the blaze, including the plant Owner.", ""),
        # negated just before the role
        ("Three people were detained over the blaze, including not the plant owner.", ""),
        # the role does not close its clause and the words after it differ
        ("Three people were detained over the blaze, including the plant owner Ivo Tarn.", ""),
    ],
)
def test_no_role_conflict(other: str, extra: str) -> None:
    assert _flags(MANAGER, other, extra=extra) == []


def test_two_pages_of_one_outlet_are_one_account() -> None:
    assert _flags(MANAGER, OWNER, sources=("Varn Post", "Varn Post")) == []


_WORDS = sorted(role_groups())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_WORDS), st.sampled_from(_WORDS))
def test_any_two_roles_conflict_exactly_when_no_group_holds_both(a: str, b: str) -> None:
    groups = lexicon.load("roles")["groups"]
    together = any(a in g and b in g for g in groups)
    flags = _flags(MANAGER.replace("manager", a), MANAGER.replace("manager", b))
    assert bool(flags) == (not together)
    assert conflicting(a, b) == (not together)


def test_the_lexicon_groups_are_lower_case_and_distinct() -> None:
    groups = lexicon.load("roles")["groups"]
    assert all(w == w.lower() for g in groups for w in g)
    assert not any(set(g) == set(h) for g, h in combinations(groups, 2))
