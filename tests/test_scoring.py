"""Source scores: reporting reliability as a Beta posterior over itemised evidence, and for a
machine-translated outlet a separate translation-quality figure (issue 9, item 2)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import given
from hypothesis import strategies as st

from analysis.scoring import (
    SourceScore,
    _other_outlets,
    beta_cdf,
    beta_quantile,
    same_claim,
    score_sources,
)
from store.rows import ClaimFact, FlagFact, ScoringInput, SourceFacts


def source(sid: int, name: str, *, translated: bool = False, words: int = 1000) -> SourceFacts:
    return SourceFacts(sid, name, int(translated), 1, words, 20)


def claim(sid: int, key: str, cluster: int | None = None, **kw: object) -> ClaimFact:
    fields: dict[str, object] = {
        "claim_key": key, "source_id": sid, "article_id": sid, "sentence_idx": 0, "start": 0,
        "end": 5, "text": f"claim {key}", "cluster_id": cluster, "similarity": 0.8, "tier": None,
        "witness": sid,
        "verdict": None, "contradicted": 0,
    }  # fmt: skip
    return ClaimFact(**{**fields, **kw})  # type: ignore[arg-type]


def flag(sid: int, fp: str, kind: str, status: str, detector: str = "d") -> FlagFact:
    return FlagFact(fp, kind, detector, status, 1, f"quote {fp}", sid, sid, 0, 5)


def scores(
    sources: list[SourceFacts],
    claims: Sequence[ClaimFact] = (),
    flags: Sequence[FlagFact] = (),
    keep: Callable[[ClaimFact], bool] | None = same_claim,
) -> dict[str, SourceScore]:
    facts = ScoringInput(sources, list(claims), list(flags))
    return {s.name: s for s in score_sources(facts, keep)}


def test_beta_quantiles_match_known_values() -> None:
    assert abs(beta_quantile(0.05, 2, 2) - 0.1353) < 1e-4
    assert abs(beta_cdf(0.5, 3, 7) - 0.91015625) < 1e-9
    assert abs(beta_quantile(0.5, 5, 5) - 0.5) < 1e-9


def test_no_evidence_is_the_prior() -> None:
    s = scores([source(1, "A")])["A"]
    assert s.score == 0.5 and s.low < 0.2 and s.high > 0.8 and s.evidence == ()


def test_corroboration_raises_and_narrows_and_every_item_is_listed() -> None:
    few_claims = [c for n in range(2) for c in (claim(1, f"a{n}", n), claim(2, f"b{n}", n))]
    many_claims = [c for n in range(20) for c in (claim(1, f"a{n}", n), claim(2, f"b{n}", n))]
    few = scores([source(1, "A"), source(2, "B")], few_claims)["A"]
    many = scores([source(1, "A"), source(2, "B")], many_claims)["A"]
    assert 0.5 < few.score < many.score
    assert (many.high - many.low) < (few.high - few.low)
    assert few.corroborated == len(few.evidence) == 2
    assert {e.target for e in few.evidence} == {"a0", "a1"}
    assert all(e.weight == 1.0 and e.target_type == "claim" for e in few.evidence)


def test_only_same_claim_members_corroborate_unless_keep_says_otherwise() -> None:
    claims = [claim(1, "a", 7, tier="same_claim"), claim(2, "b", 7, tier="related")]
    both = [source(1, "A"), source(2, "B")]
    assert scores(both, claims)["A"].corroborated == 0
    assert scores(both, claims, keep=None)["A"].corroborated == 1
    similar = scores(both, claims, keep=lambda c: (c.similarity or 0) > 0.5)
    assert similar["A"].corroborated == 1
    copied = [claim(1, "a", 7), claim(2, "b", 7, witness=1)]  # B's article copies A's
    assert scores(both, copied)["A"].corroborated == 0


def test_residue_and_an_honest_translation_note_never_lower_reliability() -> None:
    """Accepting page-residue flags and a "translated by AI" note leaves the score alone."""
    base = scores([source(1, "A")], [claim(1, "a", 1), claim(2, "b", 1)])["A"]
    flags = [flag(1, f"r{n}", "page_residue", "accepted") for n in range(7)]
    flags.append(flag(1, "note", "translation_artifact", "accepted", detector="mt-note"))
    after = scores([source(1, "A")], [claim(1, "a", 1), claim(2, "b", 1)], flags)["A"]
    assert after.score == base.score and after.evidence == base.evidence and after.flags == 0


def test_a_translation_error_lowers_translation_quality_not_reliability() -> None:
    claims = [claim(1, "a", 1), claim(2, "b", 1)]
    both = [source(1, "MT", translated=True, words=2000), source(2, "EN")]
    before = scores(both, claims)
    confirmed = [
        flag(1, "n1", "name_variant", "accepted"),
        flag(2, "n2", "name_variant", "corrected"),
    ]
    after = scores(both, claims, confirmed)
    mt, en = after["MT"], after["EN"]
    assert mt.score == before["MT"].score  # the translator's error
    assert (mt.translation_errors, mt.translation_errors_per_1000_words) == (1, 0.5)
    assert [e.figure for e in mt.translation_items] == ["translation"]
    assert en.score < before["EN"].score  # an English outlet's own misspelling counts
    assert en.translation_errors is None and en.flags == 1
    assert [e.target for e in en.reliability_items if e.weight < 0] == ["n2"]


def test_open_and_rejected_flags_are_not_evidence() -> None:
    flags = [flag(1, "o", "name_variant", "open"), flag(1, "r", "name_variant", "rejected")]
    s = scores([source(1, "A")], flags=flags)["A"]
    assert s.score == 0.5 and s.evidence == () and s.confirmed_share == 0.0


def test_verdicts_outweigh_automatic_evidence_and_contradictions_count_half() -> None:
    claims = [
        claim(1, "t", 1, verdict="corroborated"), claim(2, "t2", 1),
        claim(1, "f", 2, verdict="false", contradicted=1), claim(2, "f2", 2, contradicted=1),
        claim(1, "u", 3, verdict="unverifiable"), claim(2, "u2", 3),
    ]  # fmt: skip
    got = scores([source(1, "A"), source(2, "B")], claims)
    weights = {e.target: e.weight for e in got["A"].evidence}
    assert weights == {"t": 2.0, "f": -2.0}
    assert {e.target: e.weight for e in got["B"].evidence} == {"t2": 1.0, "f2": -0.5, "u2": 1.0}
    assert (got["A"].alpha, got["A"].beta) == (4.0, 4.0)


def test_ranking_puts_the_reliable_first() -> None:
    claims = [claim(1, "a", 1), claim(2, "b", 1), claim(3, "c", 2, contradicted=1)]
    ranked = score_sources(ScoringInput([source(3, "C"), source(1, "A")], claims, []))
    assert [s.name for s in ranked] == ["A", "C"]


@given(st.lists(st.sampled_from(["corr", "contra", "true", "false", "err"]), max_size=60))
def test_score_inside_its_band_and_counts_equal_items(kinds: list[str]) -> None:
    claims, flags = [], []
    for n, kind in enumerate(kinds):
        if kind == "err":
            flags.append(flag(1, f"f{n}", "translation_artifact", "accepted"))
            continue
        verdict = {"true": "corroborated", "false": "false"}.get(kind)
        claims += [claim(1, f"a{n}", n, verdict=verdict, contradicted=int(kind == "contra")),
                   claim(2, f"b{n}", n)]  # fmt: skip
    s = scores([source(1, "A"), source(2, "B")], claims, flags)["A"]
    assert 0.0 < s.low <= s.score <= s.high < 1.0
    assert s.corroborated + s.contradicted + s.flags == len(s.evidence) == len(kinds)
    assert s.alpha - 2 == sum(e.weight for e in s.evidence if e.weight > 0)


@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 5)),  # (outlet, witness article) per member
        min_size=1,
        max_size=12,
    )
)
def test_other_outlets_match_their_definition(members: list[tuple[int, int]]) -> None:
    """The linear count equals the definition: outlets other than the member's own with at least
    one member whose text is not the member's witness (a copy of it)."""
    group = [claim(s, f"k{n}", 1, witness=w) for n, (s, w) in enumerate(members)]
    expected = [
        len({o.source_id for o in group if o.source_id != c.source_id and o.witness != c.witness})
        for c in group
    ]
    assert _other_outlets(group) == expected


@given(
    st.floats(0.001, 0.999),
    st.integers(4, 4000).map(lambda n: n / 2),
    st.integers(4, 4000).map(lambda n: n / 2),
)
def test_beta_quantile_inverts_the_cdf(p: float, a: float, b: float) -> None:
    assert abs(beta_cdf(beta_quantile(p, a, b), a, b) - p) < 1e-9


def test_a_headline_moves_no_score_unless_judged() -> None:
    """A headline restates the lede (counted there) and lines up with other outlets' headlines
    on the topic, figures aside: without a verdict it is neither for nor against its outlet."""
    both = [source(1, "A"), source(2, "B")]
    lede = [claim(1, "a", 1), claim(2, "b", 1)]
    head = [claim(1, "ha", 2, headline=1), claim(2, "hb", 2, headline=1)]
    assert scores(both, lede + head)["A"] == scores(both, lede)["A"]
    against = [claim(1, "hc", None, headline=1, contradicted=1)]
    assert scores(both, lede + against)["A"] == scores(both, lede)["A"]
    judged = scores(both, [*lede, claim(1, "ha", 2, headline=1, verdict="false")])["A"]
    assert [(e.target, e.weight) for e in judged.evidence] == [("a", 1.0), ("ha", -2.0)]
