"""Sentence similarity: masking, quantities, entities, the optional embedding, and properties."""

from __future__ import annotations

import socket

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import similarity
from analysis.model import Quantity
from analysis.similarity import (
    SimilarityModel,
    TermStats,
    Weights,
    content_terms,
    quantity_agreement,
    stem,
)

CORPUS = [
    "Firefighters battled a blaze at the Lyon chemical plant for six hours on Tuesday.",
    "Seven workers died when the fire tore through the chemical plant in Lyon.",
    "The mayor promised an inquiry into safety rules at the factory.",
    "A fire at a chemical factory in Lyon burned for six hours, firefighters said.",
    "Five workers were killed as flames swept through the Lyon chemical plant.",
    "Local football club Olympique won their match against Nantes on Sunday evening.",
]


def _q(value: float, unit: str, kind: str = "count") -> Quantity:
    return Quantity(0, 0, 1, str(value), kind, value, unit)  # type: ignore[arg-type]


def test_stem_maps_inflections_together() -> None:
    assert stem("checked") == stem("checks") == stem("checking") == "check"
    assert stem("stopped") == stem("stopping") == "stop"
    assert stem("companies") == "company"
    assert stem("glass") == "glass"


def test_content_terms_drop_stop_words_and_numbers() -> None:
    assert content_terms("The 7 workers didn’t die in 2024") == ("worker", "die")


def test_shared_terms_masked_only_when_asked_and_corpus_is_big_enough() -> None:
    sets = [["lyon", "fire"], ["lyon", "mayor"], ["lyon", "club"], ["lyon", "match"]]
    stats = TermStats.fit(sets, docs=[1, 2, 3, 4])
    masking = Weights(shared_mask=0.8)
    assert stats.is_shared("lyon", masking)
    assert not stats.is_shared("fire", masking)
    assert not stats.is_shared("lyon")  # off by default: it cost F1 on ECB+
    small = TermStats.fit(sets[:3], docs=[1, 2, 3])
    assert not small.is_shared("lyon", masking)  # three articles are too few to call it shared
    assert stats.weight("fire") > stats.weight("lyon")


def test_paraphrase_beats_unrelated_sentence() -> None:
    model = SimilarityModel(CORPUS, docs=[0, 0, 0, 1, 1, 2])
    paraphrase = model.score(0, 3)
    unrelated = model.score(0, 5)
    assert paraphrase > 0.5
    assert unrelated < 0.25
    assert paraphrase > model.score(0, 2)


def test_claim_with_a_different_number_still_scores_high() -> None:
    texts = [
        "Police said 7 people died in the warehouse fire in Lyon.",
        "Police said 5 people died in the warehouse fire in Lyon.",
        "Police said the warehouse in Lyon had passed its inspection.",
    ]
    quantities = [(_q(7, "person"),), (_q(5, "person"),), ()]
    model = SimilarityModel(texts, docs=[0, 1, 2], quantities=quantities, embeddings=False)
    assert model.score(0, 1) > 0.9
    assert model.score(0, 1) > model.score(0, 2)


def test_quantity_agreement_levels() -> None:
    assert quantity_agreement([_q(7, "chip")], [_q(7, "chip")]) == 1.0
    assert quantity_agreement([_q(7, "chip")], [_q(5, "chip")]) == 0.7
    assert quantity_agreement([_q(5e9, "USD", "money")], [_q(16e9, "USD", "money")]) == 0.4
    assert quantity_agreement([_q(7, "chip")], [_q(7, "USD", "money")]) == 0.0
    wide = Quantity(0, 0, 1, "billions", "money", None, "USD", low=1e9, high=1e12)
    assert quantity_agreement([wide], [_q(5.5e9, "USD", "money")]) == 1.0


def test_shared_entity_raises_the_score() -> None:
    texts = ["Viden met the chip makers on Monday.", "Biden met the chip makers on Monday."]
    plain = SimilarityModel(texts, docs=[0, 1], embeddings=False)
    linked = SimilarityModel(
        texts, docs=[0, 1], entities=[frozenset({"Biden"})] * 2, embeddings=False
    )
    assert linked.score(0, 1) > plain.score(0, 1)


def test_lexical_fallback_is_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    off = SimilarityModel(CORPUS, embeddings=False)
    assert not off.uses_embeddings and off.embedding_note == "embeddings switched off"

    def broken() -> None:
        raise OSError("no weights here")

    monkeypatch.setattr(similarity, "_EMBEDDER", None)
    monkeypatch.setattr(similarity, "_EMBEDDER_ERROR", None)
    monkeypatch.setattr(similarity, "Embedder", broken)
    model = SimilarityModel(CORPUS)
    assert not model.uses_embeddings
    assert model.embedding_note is not None and "no weights here" in model.embedding_note
    assert 0.0 <= model.score(0, 3) <= 1.0


def test_wordllama_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("wordllama")

    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    vectors = similarity.Embedder().embed(["a fire in Lyon", "a blaze in Lyon"])
    assert vectors.shape[0] == 2
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


sentences = st.text(
    alphabet=st.sampled_from("abcdefghij klmnop qrstu 0123 .,'"), min_size=0, max_size=60
)


@settings(max_examples=60, deadline=None)
@given(sentences, sentences)
def test_similarity_properties(a: str, b: str) -> None:
    ab = similarity.similarity(a, b)
    ba = similarity.similarity(b, a)
    assert 0.0 <= ab <= 1.0
    assert ab == pytest.approx(ba, abs=1e-6)
    assert similarity.similarity(a, a) >= ab - 1e-9
