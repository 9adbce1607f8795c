"""Claim alignment: clusters across articles, blocking, thresholds, and the real corpus."""

from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import similarity
from analysis.align import (
    LABEL_CHARS,
    MERGED_PER_ARTICLE,
    Aligner,
    align,
    align_with_stats,
    cross_article_pairs,
    is_confirmed,
    label_for,
    same_claim_only,
)
from analysis.claim_merge import FactLinks
from analysis.claim_model import load_claim_model
from analysis.model import TIERS, AlignUnit, ClusterDraft, ClusterMember, Quantity
from analysis.polarity import event_polarity

# (article, sentence) -> text; articles 1-4 report one factory fire, in their own words
ARTICLES: dict[int, list[str]] = {
    1: [
        "A fire at the Norvale chemical plant killed seven workers on Tuesday night.",
        "Mayor Ana Ruiz ordered an inquiry into the plant's safety record.",
        "The local football team won its match against Easton by three goals.",
        "Investigators believe the blaze started in a storage shed holding solvents.",
    ],
    2: [
        "Seven workers died when fire swept through the Norvale chemical plant on Tuesday.",
        "Mayor Ana Ruiz has opened an inquiry into safety at the plant.",
        "The fire is thought to have begun in a shed where solvents were stored.",
        "Ticket prices for the summer music festival rose again this year.",
    ],
    3: [
        "Five workers were killed in a fire at the Norvale chemical plant on Tuesday.",
        "The plant employs about four hundred people in the valley.",
        "Shares of the plant's owner fell sharply on the stock exchange on Wednesday.",
    ],
    4: [
        "Heavy rain is expected across the northern region over the weekend.",
        "Ruiz, the mayor, said an inquiry would examine the plant's safety.",
    ],
}
DEATHS = {1: 7.0, 2: 7.0, 3: 5.0}


def _units() -> list[AlignUnit]:
    units = []
    for art, sentences in ARTICLES.items():
        for idx, text in enumerate(sentences):
            quantities: tuple[Quantity, ...] = ()
            if idx == 0 and art in DEATHS:
                n = DEATHS[art]
                quantities = (Quantity(idx, 0, 4, str(n), "count", n, "worker"),)
            entities = frozenset({"Ana Ruiz"}) if "Ruiz" in text else frozenset()
            units.append(AlignUnit(art, idx, text, f"outlet{art}", entities, quantities))
    return units


def _cluster_of(clusters: list[ClusterDraft], article: int, idx: int) -> ClusterDraft | None:
    for c in clusters:
        if any((m.article_id, m.sentence_idx) == (article, idx) for m in c.members):
            return c
    return None


@pytest.fixture(scope="module")
def aligned() -> list[ClusterDraft]:
    return align(_units())


def test_paraphrases_from_different_articles_cluster(aligned: list[ClusterDraft]) -> None:
    inquiry = _cluster_of(aligned, 1, 1)
    assert inquiry is not None
    assert {(m.article_id, m.sentence_idx) for m in inquiry.members} >= {(1, 1), (2, 1)}
    shed = _cluster_of(aligned, 1, 3)
    assert shed is not None and _cluster_of(aligned, 2, 2) is shed


def test_claim_with_a_different_number_aligns(aligned: list[ClusterDraft]) -> None:
    deaths = _cluster_of(aligned, 1, 0)
    assert deaths is not None
    assert {(m.article_id, m.sentence_idx) for m in deaths.members} == {(1, 0), (2, 0), (3, 0)}


def test_unrelated_sentences_stay_apart(aligned: list[ClusterDraft]) -> None:
    for art, idx in [(1, 2), (2, 3), (4, 0), (3, 2)]:
        assert _cluster_of(aligned, art, idx) is None, ARTICLES[art][idx]


def test_valid_members_and_tiers(aligned: list[ClusterDraft]) -> None:
    assert aligned
    for c in aligned:
        articles = [m.article_id for m in c.members]
        assert max(articles.count(a) for a in articles) <= MERGED_PER_ARTICLE
        assert len({m.article_id for m in c.members if m.tier != "related"}) >= 2
        assert all(0.0 <= m.similarity <= 1.0 for m in c.members)
        assert all(m.tier in TIERS for m in c.members)
        assert 0 < len(c.label) <= LABEL_CHARS


def test_an_article_may_state_a_claim_twice() -> None:
    units = [
        AlignUnit(1, 0, "The bridge over the Arno river collapsed after the storm.", "a"),
        AlignUnit(1, 1, "The Arno river bridge collapsed after the storm, police said.", "a"),
        AlignUnit(2, 0, "After the storm the bridge over the Arno river collapsed.", "b"),
    ]
    clusters = align(units)
    assert len(clusters) == 1
    assert sorted(m.article_id for m in clusters[0].members) == [1, 1, 2]
    assert clusters[0].tier == "same_claim"


def _reworded() -> list[AlignUnit]:
    """Three outlets state a claim alike, a fourth in other words (and says something else)."""
    texts = [
        "Rescuers pulled eleven miners alive from the flooded Harlow pit on Sunday.",
        "Eleven miners were pulled alive from the flooded Harlow pit by rescuers on Sunday.",
        "On Sunday rescuers pulled eleven miners alive out of the flooded Harlow pit.",
        "Rescuers pulled eleven trapped men alive from the pit after it flooded.",
    ]
    units = [AlignUnit(n + 1, 0, t, f"outlet{n}") for n, t in enumerate(texts)]
    units.append(AlignUnit(4, 1, "The weather in the valley stayed dry all week.", "outlet3"))
    return units


def _same_claim_of(clusters: list[ClusterDraft], article: int, idx: int) -> set[tuple[int, int]]:
    claim = _cluster_of(clusters, article, idx)
    assert claim is not None
    return {(m.article_id, m.sentence_idx) for m in claim.members if m.tier == "same_claim"}


def test_a_mutual_best_match_joins_the_claim() -> None:
    """A reworded sentence whose counterpart is one member (each the other's best match) joins
    the claim as same-claim even though it reads less like the other members."""
    units = _reworded()
    aligner = Aligner(embeddings=False)
    prepared = aligner.prepare(units)
    p = prepared.scorer.score_pairs([3, 3, 3], [0, 1, 2]) if prepared.scorer else None
    assert p is not None and p.max() >= aligner.same_threshold > p.mean()
    assert _same_claim_of(aligner.cluster(prepared), 1, 0) == {(1, 0), (2, 0), (3, 0), (4, 0)}


def test_the_mutual_best_match_floor_is_the_models() -> None:
    """The mean P to the members a mutual best match needs to join a claim is the model's
    `mutual_floor` (fitted on ECB+ train topics), the possible threshold when the model has
    none: the reworded sentence joins at a floor under its mean P and stays out above it."""
    model = load_claim_model()
    assert model.mutual_floor is not None
    assert 0.0 < model.mutual_floor <= model.same_threshold
    assert Aligner().mutual_floor == model.mutual_floor
    unset = Aligner(claim_model=dataclasses.replace(model, mutual_floor=None))
    assert unset.mutual_floor == unset.possible_threshold
    units = _reworded()
    prepared = Aligner(embeddings=False).prepare(units)
    assert prepared.scorer is not None
    mean = float(prepared.scorer.score_pairs([3, 3, 3], [0, 1, 2]).mean())
    members = {(1, 0), (2, 0), (3, 0), (4, 0)}
    for floor, joins in ((mean - 0.01, True), (mean + 0.01, False)):
        aligner = Aligner(
            embeddings=False, claim_model=dataclasses.replace(model, mutual_floor=floor)
        )
        same = _same_claim_of(aligner.cluster(prepared), 1, 0)
        assert (same == members) is joins and same >= members - {(4, 0)}


def test_todays_aligner_keeps_one_sentence_per_article() -> None:
    units = [
        AlignUnit(1, 0, "The bridge over the Arno river collapsed after the storm.", "a"),
        AlignUnit(1, 1, "The Arno river bridge collapsed after the storm, police said.", "a"),
        AlignUnit(2, 0, "After the storm the bridge over the Arno river collapsed.", "b"),
    ]
    clusters = Aligner(claim_model=False).align(units)
    assert len(clusters) == 1
    assert sorted(m.article_id for m in clusters[0].members) == [1, 2]


def test_thresholds_and_confirmation() -> None:
    with pytest.raises(ValueError):
        Aligner(suggest_threshold=0.8, confirm_threshold=0.5)
    today = Aligner(claim_model=False, suggest_threshold=0.95, confirm_threshold=0.97)
    strict, stats = today.align_with_stats(_units())
    loose = Aligner(claim_model=False, suggest_threshold=0.3, confirm_threshold=0.97).align(
        _units()
    )
    assert sum(len(c.members) for c in strict) < sum(len(c.members) for c in loose)
    assert stats.suggest_threshold == 0.95 and stats.confirm_threshold == 0.97
    members = [m for c in loose for m in c.members]
    confirmed = [m for m in members if is_confirmed(m, 0.97)]
    assert 0 < len(confirmed) < len(members)


def test_stats_and_progress() -> None:
    calls: list[tuple[int, int]] = []
    _, stats = align_with_stats(_units(), progress=lambda d, t: calls.append((d, t)))
    n = len(_units())
    assert stats.units == n and stats.articles == 4
    assert stats.all_cross_pairs == cross_article_pairs([u.article_id for u in _units()])
    assert 0 < stats.candidate_pairs <= stats.all_cross_pairs
    assert len(stats.pair_a) == len(stats.pair_b) == len(stats.pair_score) == stats.candidate_pairs
    assert np.all(stats.pair_a < stats.pair_b)
    arts = np.array([u.article_id for u in _units()])
    assert np.all(arts[stats.pair_a] != arts[stats.pair_b])
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(0 <= d <= t for d, t in calls)


def test_cross_article_pairs_counts() -> None:
    assert cross_article_pairs([1, 1, 2]) == 2
    assert cross_article_pairs([1, 2, 3]) == 3
    assert cross_article_pairs([5, 5, 5]) == 0


def test_lexical_fallback_flag() -> None:
    aligner = Aligner(embeddings=False)
    clusters = aligner.align(_units())
    assert not aligner.uses_embeddings and aligner.embedding_note
    assert _cluster_of(clusters, 1, 1) is not None


def test_alignment_works_when_wordllama_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the wordllama package the aligner runs on its lexical signal: the claim model's
    cosine is imputed, reworded claims still share a same-claim cluster, topic sentences do not."""
    monkeypatch.setitem(sys.modules, "wordllama", None)  # import wordllama raises ImportError
    monkeypatch.setattr(similarity, "_EMBEDDER", None)
    monkeypatch.setattr(similarity, "_EMBEDDER_ERROR", None)
    aligner = Aligner()
    clusters = aligner.align(_units())
    assert not aligner.uses_embeddings
    assert aligner.embedding_note is not None and "wordllama unavailable" in aligner.embedding_note
    for claim in [{(1, 0), (2, 0), (3, 0)}, {(1, 1), (2, 1), (4, 1)}]:
        found = _cluster_of(clusters, *min(claim))
        assert found is not None
        assert {
            (m.article_id, m.sentence_idx) for m in found.members if m.tier == "same_claim"
        } == claim
    for art, idx in [(1, 2), (2, 3), (4, 0)]:
        assert _cluster_of(clusters, art, idx) is None, ARTICLES[art][idx]


def test_same_claim_only_drops_possible_and_related_members() -> None:
    kept = ClusterDraft(
        "a",
        (
            ClusterMember(1, 0, 0.9),
            ClusterMember(2, 0, 0.8),
            ClusterMember(3, 0, 0.3, "possible"),
            ClusterMember(4, 1, 0.5, "related"),
        ),
    )
    lonely = ClusterDraft("b", (ClusterMember(1, 2, 0.9), ClusterMember(2, 2, 0.4, "possible")))
    out = same_claim_only([kept, lonely])
    assert len(out) == 1 and out[0].label == "a"
    assert [(m.article_id, m.tier) for m in out[0].members] == [
        (1, "same_claim"),
        (2, "same_claim"),
    ]


def _directions(text: str) -> dict[str, int]:
    signs: dict[str, set[int]] = {}
    for event in event_polarity(text):
        signs.setdefault(event.concept, set()).add(event.sign)
    return {c: next(iter(s)) for c, s in signs.items() if len(s) == 1}


def test_opposite_directions_are_two_claims() -> None:
    """ "Exports were halted" and "exports resumed" are two events (an update, or a
    contradiction for the comparison stage), never one claim, however alike their words."""
    units = [
        AlignUnit(1, 0, "The government halted exports of the chip to China in April.", "a"),
        AlignUnit(1, 1, "The company said exports of the chip to China resumed in July.", "a"),
        AlignUnit(2, 0, "In April the government halted the chip exports to China.", "b"),
        AlignUnit(2, 1, "Exports of the chip to China resumed in July, the company said.", "b"),
        AlignUnit(3, 0, "Chip exports to China were halted by the government in April.", "c"),
        AlignUnit(3, 1, "Shares of the company rose on Tuesday.", "c"),
    ]
    clusters = align(units)
    halted = _cluster_of(clusters, 1, 0)
    resumed = _cluster_of(clusters, 1, 1)
    assert halted is not None and resumed is not None and halted is not resumed
    assert {(m.article_id, m.sentence_idx) for m in halted.members} == {(1, 0), (2, 0), (3, 0)}
    assert {(m.article_id, m.sentence_idx) for m in resumed.members} == {(1, 1), (2, 1)}


def test_label_is_trimmed_at_a_word() -> None:
    long = "The mayor of Norvale ordered an independent inquiry into the plant's safety record"
    label = label_for(long)
    assert len(label) <= LABEL_CHARS and label.endswith("…")
    assert long.startswith(label[:-1])
    assert label_for("Short claim.") == "Short claim."


def test_blocking_scores_far_fewer_pairs_than_all() -> None:
    rng = random.Random(7)
    letters = "bcdfghklmnprstvz"
    vocab = sorted({"".join(rng.choice(letters) + "a" for _ in range(3)) for _ in range(6000)})
    story = ["storm", "river", "bridge"]  # words every article shares
    units = []
    for art in range(300):
        for idx in range(8):
            words = story[: rng.randint(0, 3)] + rng.sample(vocab, 9)
            units.append(AlignUnit(art, idx, " ".join(words) + ".", f"s{art}"))
    _, stats = Aligner(embeddings=False, max_block=50).align_with_stats(units)
    assert stats.all_cross_pairs == 300 * 299 // 2 * 64
    assert stats.candidate_pairs < 0.05 * stats.all_cross_pairs
    assert stats.candidate_pairs > 0


def test_real_corpus_clusters(h20_dir: Path) -> None:
    from analysis.segment import split_sentences

    units = []
    for article, path in enumerate(sorted(h20_dir.glob("*.txt"))):
        for span in split_sentences(path.read_text(encoding="utf-8")):
            if span.residue is None:
                units.append(AlignUnit(article, span.idx, span.text, path.name))
    clusters, stats = align_with_stats(units)
    text = {(u.article_id, u.sentence_idx): u.text for u in units}
    assert stats.candidate_pairs < stats.all_cross_pairs
    assert clusters, "five articles on one story should share at least one claim"
    for c in clusters:  # shown with -s, for a human to judge
        print(f"\n== {c.label}")
        for m in c.members:
            print(f"   [{m.article_id}] {m.similarity:.2f} {text[(m.article_id, m.sentence_idx)]}")
        arts = [m.article_id for m in c.members]
        assert max(arts.count(a) for a in arts) <= MERGED_PER_ARTICLE
        assert len({m.article_id for m in c.members if m.tier != "related"}) >= 2


_WORDS = [
    "fire",
    "plant",
    "workers",
    "killed",
    "mayor",
    "inquiry",
    "river",
    "bridge",
    "storm",
    "collapsed",
    "police",
    "said",
    "seven",
    "five",
    "shed",
    "solvents",
    "rain",
    "school",
    "roof",
    "children",
    "rescue",
    "halted",
    "resumed",
]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=9), min_size=1, max_size=4),
        min_size=2,
        max_size=5,
    )
)
def test_clustering_properties(articles: list[list[list[str]]]) -> None:
    units = [
        AlignUnit(a, i, " ".join(words).capitalize() + ".", f"outlet{a}")
        for a, sentences in enumerate(articles)
        for i, words in enumerate(sentences)
    ]
    aligner = Aligner(embeddings=False)
    clusters = aligner.align(units)
    assert clusters == aligner.align(units)  # deterministic
    seen: set[tuple[int, int]] = set()
    prepared = aligner.prepare(units)
    assert prepared.scorer is not None
    index = {(u.article_id, u.sentence_idx): k for k, u in enumerate(units)}
    for c in clusters:
        keys = [(m.article_id, m.sentence_idx) for m in c.members]
        assert not seen & set(keys), "a sentence belongs to at most one claim"
        seen |= set(keys)
        arts = [a for a, _ in keys]
        assert max(arts.count(a) for a in arts) <= MERGED_PER_ARTICLE
        same = [index[(m.article_id, m.sentence_idx)] for m in c.members if m.tier == "same_claim"]
        if c.tier == "same_claim":
            assert len({units[k].article_id for k in same}) >= 2
        directions = [_directions(units[index[k]].text) for k in keys]
        for x, dx in enumerate(directions):  # a thing said to go both ways is two claims
            for dy in directions[x + 1 :]:
                assert all(dy.get(c, s) == s for c, s in dx.items()), c.label
        links = FactLinks([u.text for u in units], None)
        links.prepare(same)
        for k in same:  # each is the counterpart of a member of another article, or states a
            # fact one states (the claims merged on it, analysis/claim_merge.py)
            others = [j for j in same if units[j].article_id != units[k].article_id]
            p = prepared.scorer.score_pairs([k] * len(others), others)
            linked = any(links.link(k, j) > 0 for j in others)
            assert p.max() >= aligner.same_threshold - 1e-9 or linked
