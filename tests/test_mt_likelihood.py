"""The learned MT-likelihood model: topic-free features, the shipped weights, article scores."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.mt_likelihood import (
    FEATURES,
    article_mt_likelihood,
    model_from_json,
    on_garble_scale,
    sentence_features,
    shipped_model,
    translation_likelihood,
)
from analysis.segment import segment_article

ROOT = Path(__file__).resolve().parent.parent

MT_STYLE = (
    "It is reported that the relevant departments have carried out the investigation work of "
    "the accident in accordance with the law."
)
NATIVE = "Police said on Tuesday they had arrested two men after the crash, and he was charged."

_NAMES = ["China", "Spain", "Kenya", "Chile", "Qatar", "Japan"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_NAMES), st.sampled_from(_NAMES))
def test_features_do_not_see_which_country_a_sentence_names(a: str, b: str) -> None:
    """No content word is a feature: swapping one country for another of the same length leaves
    the vector unchanged, so the model cannot learn "China" = machine-translated."""
    text = "Officials in {} said the talks with {} would resume next week, the ministry said."
    one, other = sentence_features(text.format(a, b)), sentence_features(text.format(b, a))
    assert np.array_equal(one, other)
    assert len(sentence_features(text.format(a, b))) == len(FEATURES)


def test_shipped_model_matches_its_features_and_card() -> None:
    model = shipped_model()
    assert model.features == FEATURES and 0 < model.article_threshold < 1
    card = ROOT / "analysis" / "data" / "mt_model.md"
    text = card.read_text(encoding="utf-8")
    assert "sha256" in text and "AUC" in text and "Topic ablation" in text


def test_model_ranks_translationese_above_native_news() -> None:
    model = shipped_model()
    assert model.sentence_probability(MT_STYLE) > 0.3 > model.sentence_probability(NATIVE)


def test_model_from_json_rejects_other_features() -> None:
    data = json.loads((ROOT / "analysis" / "data" / "mt_model.json").read_text())
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError):
        model_from_json(data)


def test_translation_likelihood_joins_traces_and_style() -> None:
    model = shipped_model()
    assert on_garble_scale(model.article_threshold) == pytest.approx(0.5)
    spans = segment_article(" ".join([MT_STYLE] * 3))
    style = translation_likelihood(0.0, spans)
    assert 0 < style < translation_likelihood(0.4, spans) < 1
    assert translation_likelihood(0.0, []) == 0.0  # nothing long enough to judge
    assert article_mt_likelihood([]) == 0.0


DEV = ROOT.parent / "shared" / "dev-clusters"
LABELS = {  # issue 12, from each KEY.md
    "an24-tynda-crash-2025-07": ({"01", "02", "03", "06"}, {"05"}),
    "kartalkaya-hotel-fire-2025-01": ({"01", "02", "03"}, {"04", "05"}),
    "qiqihar-gym-collapse-2023-07": ({"01", "02", "03"}, {"05"}),
}


def test_dev_clusters_machine_translated_members_read_as_more_mt_than_native_ones() -> None:
    if not DEV.is_dir():
        pytest.skip("../shared/dev-clusters is not beside the project")
    mt, native = [], []
    for cluster, (mt_ids, native_ids) in LABELS.items():
        for path in sorted((DEV / cluster).glob("*.txt")):
            body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
            score = article_mt_likelihood(segment_article(body))
            if path.name[:2] in mt_ids:
                mt.append(score)
            elif path.name[:2] in native_ids:
                native.append(score)
    assert len(mt) == 10 and len(native) == 4
    assert min(mt) > max(native)
