"""Cross-outlet mistranslation: which words are candidates, and which become flags."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.logistic import Logistic
from analysis.mistranslation import (
    FEATURES,
    MistranslationModel,
    candidates,
    features,
    mistranslation_flags,
    shipped_model,
)
from analysis.model import ArticleText, ClusterDraft, ClusterMember, SentenceSpan
from analysis.similarity import stem

VERSIONS = [
    ("Outlet A", "The rescuers pulled the roof away from the gym on Monday."),
    ("Outlet B", "The rescuers lifted the roof away from the gym on Monday."),
    ("Outlet C", "The rescuers lifted the roof off the gym on Monday."),
]


def _embed(words: Sequence[str]) -> np.ndarray:
    """Deterministic unit vectors: one axis per distinct word (every pair is unrelated)."""
    vocab = sorted(set(words))
    out = np.zeros((len(words), len(vocab)))
    for i, w in enumerate(words):
        out[i, vocab.index(w)] = 1.0
    return out


def test_a_word_no_other_outlet_writes_is_a_candidate_with_its_counterparts() -> None:
    found = candidates(VERSIONS)
    pulled = [c for c in found if c.word == "pulled"]
    assert len(pulled) == 1
    c = pulled[0]
    assert VERSIONS[c.key][1][c.start : c.end] == "pulled"
    assert sorted(phrase for _, phrase in c.counterparts) == ["lifted", "lifted"]
    assert c.top() == ("lifted", 2) and c.others == 2
    # "lifted" is shared by two outlets, so it is nobody's candidate
    assert all(c.word != "lifted" for c in found)


def test_versions_from_one_outlet_are_not_witnesses() -> None:
    same = [("Outlet A", VERSIONS[0][1]), ("Outlet A", VERSIONS[1][1])]
    assert candidates(same) == []


def test_a_rewrite_is_not_a_word_substitution() -> None:
    versions = [
        ("A", "The minister resigned on Friday after weeks of protests in the capital."),
        ("B", "The minister, facing anger from crowds that filled the streets, quit on Friday."),
    ]
    assert all(c.word not in {"protests", "weeks"} for c in candidates(versions))


words = st.sampled_from(["fire", "hotel", "blaze", "guests", "resort", "burned", "the", "a"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(words, min_size=3, max_size=9), min_size=2, max_size=4))
def test_candidates_point_at_words_no_other_version_has(sentences: list[list[str]]) -> None:
    versions = [(f"outlet {n}", " ".join(ws)) for n, ws in enumerate(sentences)]
    for c in candidates(versions):
        text = versions[c.key][1]
        assert text[c.start : c.end] == c.word
        others = [t for n, (_, t) in enumerate(versions) if n != c.key]
        assert all(stem(c.word) not in {stem(w) for w in t.split()} for t in others)
        assert c.counterparts and len(c.matches) == len(c.counterparts)


def _setup(translated: dict[str, bool]) -> tuple[dict, dict, list[ClusterDraft]]:  # type: ignore[type-arg]
    articles, sentences, members = {}, {}, []
    for n, (outlet, text) in enumerate(VERSIONS, start=1):
        articles[n] = ArticleText(n, outlet, text, translated=translated[outlet])
        sentences[n] = [SentenceSpan(0, 0, len(text), text)]
        members.append(ClusterMember(n, 0, 0.9, "same_claim"))
    return articles, sentences, [ClusterDraft("roof", tuple(members))]


def _always(threshold: float = 0.5) -> MistranslationModel:
    """A model that scores every candidate 0.73 (bias only)."""
    n = len(FEATURES)
    return MistranslationModel(
        Logistic(FEATURES, np.zeros(n), np.ones(n), np.zeros(n), 1.0), threshold
    )


def test_only_machine_translated_articles_are_flagged_with_the_others_wording() -> None:
    articles, sentences, clusters = _setup({"Outlet A": True, "Outlet B": False, "Outlet C": True})
    mt = lambda aid: articles[aid].translated  # noqa: E731
    flags = mistranslation_flags(
        articles, sentences, clusters, mt, lambda aid: not mt(aid), _embed, _always()
    )
    assert [(f.side.article_id, f.side.quote, f.suggestion) for f in flags] == [
        (1, "pulled", "lifted")
    ]
    assert flags[0].kind == "translation_artifact"
    assert "“lifted” (Outlet B, Outlet C)" in flags[0].explanation
    assert flags[0].evidence["outlets"] == {"lifted": ["Outlet B", "Outlet C"]}
    # Outlet C's "off" is a stop word and "away from" is shared: C has no candidate at all


def test_nothing_without_word_vectors_or_below_the_threshold() -> None:
    articles, sentences, clusters = _setup({"Outlet A": True, "Outlet B": True, "Outlet C": True})
    mt, native = (lambda aid: True), (lambda aid: False)
    assert mistranslation_flags(articles, sentences, clusters, mt, native, None, _always()) == []
    high = _always(0.9)
    assert mistranslation_flags(articles, sentences, clusters, mt, native, _embed, high) == []


def test_one_machine_translated_witness_is_not_enough() -> None:
    two = VERSIONS[:2]
    articles = {n: ArticleText(n, o, t, translated=True) for n, (o, t) in enumerate(two, 1)}
    sentences = {n: [SentenceSpan(0, 0, len(a.text), a.text)] for n, a in articles.items()}
    cluster = ClusterDraft("x", tuple(ClusterMember(n, 0, 0.9, "same_claim") for n in articles))
    mt, none = (lambda aid: True), (lambda aid: False)
    assert mistranslation_flags(articles, sentences, [cluster], mt, none, _embed, _always()) == []
    native_b = lambda aid: aid == 2  # noqa: E731
    flags = mistranslation_flags(articles, sentences, [cluster], mt, native_b, _embed, _always())
    assert [f.side.quote for f in flags] == ["pulled"]


def test_the_shipped_model_scores_candidates() -> None:
    model = shipped_model()
    x = features(candidates(VERSIONS), _embed)
    assert x.shape[1] == len(FEATURES)
    p = model.probabilities(x)
    assert np.all((p > 0) & (p < 1)) and 0 < model.threshold < 1


def test_a_word_cut_off_at_the_end_of_a_capture_is_no_counterpart() -> None:
    """A copy that stops mid-word ("… the roof of the gymna") offers a fragment, not a wording."""
    versions = [
        ("A", "Workers stacked perlite on the roof in violation of safety rules."),
        ("B", "Workers stacked perlite on the roof in violation of the gymna"),
    ]
    assert all("gymna" not in phrase for c in candidates(versions) for _, phrase in c.counterparts)
    complete = "Workers stacked perlite on the roof in violation of building rules."
    whole = [versions[0], ("B", complete)]
    assert any(phrase == "building" for c in candidates(whole) for _, phrase in c.counterparts)
