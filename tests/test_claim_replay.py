"""The replay of claim edits over clusters (store/claim_replay.py), on plain data."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.claim_replay import Claim, Edit, Member, apply_edits

KEYS = [f"k{i}" for i in range(8)]


def member(key: str, tier: str = "same_claim", similarity: float = 0.5) -> Member:
    return Member(int(key[1:]), key, f"Sentence {key} says something.", similarity, tier)


def claims_of(groups: list[list[str]]) -> list[Claim]:
    return [Claim(i, f"Sentence {g[0]} says something.", f"c{i}", [member(k) for k in g])
            for i, g in enumerate(groups) if g]  # fmt: skip


def shape(claims: list[Claim]) -> list[tuple[str, ...]]:
    return sorted(tuple(sorted(m.claim_key for m in c.members)) for c in claims)


def test_each_reason_an_edit_no_longer_applies() -> None:
    base = claims_of([["k0", "k1"], ["k2", "k3"]])
    loose = {"k4": [member("k4")]}
    cases = {
        Edit(1, "remove", "a", ("k9",), ("k0",)): "its sentence is no longer in any article",
        Edit(2, "remove", "a", ("k4",), ("k0",)): "the sentence is in no claim now",
        Edit(3, "reject", "a", ("k2",), ("k0",)):
            "the claim it was made in no longer holds the sentence",
        Edit(4, "add", "a", ("k4",), ("k8",)): "the claim it was added to no longer exists",
        Edit(5, "split", "a", ("k0",), ("k3",)):
            "the claim it split no longer holds these sentences together",
        Edit(6, "merge", "a", ("k0",), ("k8",)): "one of the two claims no longer exists",
    }  # fmt: skip
    for edit, reason in cases.items():
        out, outcome = apply_edits(base, [edit], loose)
        assert outcome == {edit.review_id: reason}
        assert shape(out) == shape(base)


def test_edits_in_order() -> None:
    base = claims_of([["k0", "k1", "k2"], ["k3", "k4"]])
    edits = [
        Edit(1, "split", "a", ("k1", "k2"), ("k0",)),
        Edit(2, "merge", "b", ("k3",), ("k1",)),  # the part split off absorbs the other claim
        Edit(3, "remove", "a", ("k4",), ("k3",)),
        Edit(4, "add", "a", ("k4",), ("k0",)),  # and the removed sentence goes elsewhere
        Edit(5, "reject", "b", ("k4",), ("k0",)),
    ]
    out, outcome = apply_edits(base, edits)
    assert all(reason is None for reason in outcome.values())
    assert shape(out) == [("k0", "k4"), ("k1", "k2", "k3")]
    (kept,) = [c for c in out if c.ident == 0]
    assert [(m.claim_key, m.tier, m.edit, m.edited_by) for m in kept.members] == [
        ("k0", "same_claim", None, None), ("k4", "related", "reject", "b"),
    ]  # fmt: skip
    (split,) = [c for c in out if c.ident == "split:1"]
    assert split.label == "Sentence k1 says something."  # its own label, from a member


groups = st.lists(st.sampled_from(KEYS), unique=True, max_size=8).flatmap(
    lambda keys: st.lists(st.integers(0, 3), min_size=len(keys), max_size=len(keys)).map(
        lambda slots: [[k for k, s in zip(keys, slots, strict=True) if s == g] for g in range(4)]
    )
)
edits = st.lists(
    st.builds(
        lambda i, kind, keys, with_: Edit(i, kind, "r", tuple(keys), tuple(with_)),
        st.integers(1, 10**6),
        st.sampled_from(["remove", "split", "merge", "add", "confirm", "reject"]),
        st.lists(st.sampled_from(KEYS), min_size=1, max_size=3, unique=True),
        st.lists(st.sampled_from(KEYS), max_size=3, unique=True),
    ),
    max_size=8,
    unique_by=lambda e: e.review_id,
)


@settings(max_examples=200)
@given(groups=groups, edits=edits)
def test_replay_keeps_one_claim_per_sentence_and_skips_what_does_not_apply(
    groups: list[list[str]], edits: list[Edit]
) -> None:
    base = claims_of(groups)
    in_base = {k for g in groups for k in g}
    loose = {k: [member(k)] for k in KEYS[:6] if k not in in_base}
    out, outcome = apply_edits(base, edits, loose)
    keys = [m.claim_key for c in out for m in c.members]
    assert len(keys) == len(set(keys))  # a sentence is in one claim at most
    assert set(keys) <= in_base | set(loose)
    assert all(c.members and c.label for c in out)
    # an edit that does not apply changes nothing: replaying only the others gives the same
    applied = [e for e in edits if outcome[e.review_id] is None]
    again, _ = apply_edits(base, applied, loose)
    assert shape(again) == shape(out)
    assert shape(apply_edits(base, [], loose)[0]) == shape(base)


def test_a_clause_label_stays_while_its_sentence_does() -> None:
    """A claim labelled by a clause read in its sentence ("… the mill closed", with words left
    out, analysis/claim_labels.py) keeps that label through an edit that leaves its sentence in
    the claim, and takes a member's when that sentence goes."""
    text = "Sales fell in spring, and the mill closed on Friday."
    label = "… the mill closed on Friday."
    held = Member(0, "k0", text, 1.0, "same_claim", unit="and the mill closed on Friday.")
    base = [Claim(0, label, "c0", [held, member("k1"), member("k2")])]
    (kept,), _ = apply_edits(base, [Edit(1, "remove", "a", ("k2",), ("k0",))])
    assert kept.label == label
    (moved,), _ = apply_edits(base, [Edit(2, "remove", "a", ("k0",), ("k1",))])
    assert moved.label == "Sentence k1 says something."


def test_an_edit_of_a_sentence_in_two_claims_lands_in_the_claim_it_was_made_in() -> None:
    """k0 sits in two claims (one per clause) that share k1 and k2 too: an edit made in the
    second names it by all its other sentences, and applies there, not in the first claim that
    holds one of them."""
    base = claims_of([["k0", "k1", "k2", "k3"], ["k0", "k1", "k2", "k4", "k5"]])
    second = ("k1", "k2", "k4", "k5")
    for kind in ("remove", "reject", "split"):
        out, outcome = apply_edits(base, [Edit(1, kind, "a", ("k0",), second)])
        assert outcome == {1: None}
        first = next(c for c in out if c.ident == 0)
        assert "k0" in first.member_keys(), kind
        assert [m.tier for m in first.members if m.claim_key == "k0"] == ["same_claim"]
    out, _ = apply_edits(base, [Edit(1, "remove", "a", ("k0",), ("k1", "k2", "k3"))])
    assert shape(out) == [("k0", "k1", "k2", "k4", "k5"), ("k1", "k2", "k3")]
    # claims equal but for k0's partners: the one with no sentence the edit did not see
    base = claims_of([["k0", "k1", "k3"], ["k0", "k1"]])
    out, _ = apply_edits(base, [Edit(1, "remove", "a", ("k0",), ("k1",))])
    assert shape(out) == [("k0", "k1", "k3"), ("k1",)]


def test_a_merge_takes_in_the_claim_it_was_made_with_not_another_claim_of_its_sentence() -> None:
    """k0 sits alone in one claim and with k1 in another: a merge of the first into k2's claim
    (keys: its sentences) takes that claim in, not the other claim that holds k0 too."""
    base = claims_of([["k0", "k1"], ["k0"], ["k2"]])
    out, outcome = apply_edits(base, [Edit(1, "merge", "a", ("k0",), ("k2",))])
    assert outcome == {1: None}
    assert shape(out) == [("k0", "k1"), ("k0", "k2")]
