"""The story prior: other outlets' explicit translation marks move the style threshold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.mt_likelihood import on_garble_scale, shipped_model
from analysis.mt_prior import (
    ArticleEvidence,
    base_prior,
    story_garbles,
    story_prior,
    threshold_for,
)

MODEL = shipped_model()
BASE = base_prior(MODEL)


def _article(n: int, source: str, style: float, traces: float = 0.0, declared: bool = False):
    garble = round(1.0 - (1.0 - traces) * (1.0 - on_garble_scale(style, MODEL)), 3)
    return ArticleEvidence(n, source, style, traces, garble, declared)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 30), st.integers(1, 30))
def test_prior_never_falls_below_the_models_and_grows_with_translated_outlets(
    k: int, n: int
) -> None:
    k = min(k, n)
    prior = story_prior(k, n, BASE)
    assert BASE <= prior <= 1.0
    if k < n:
        assert story_prior(k + 1, n, BASE) >= prior
    assert story_prior(0, n, BASE) == BASE  # native outlets leave the threshold alone


def test_threshold_moves_down_only_as_the_prior_rises() -> None:
    assert threshold_for(BASE, MODEL) == pytest.approx(MODEL.article_threshold)
    assert threshold_for(0.01, MODEL) == pytest.approx(MODEL.article_threshold)
    assert MODEL.article_threshold > threshold_for(0.3, MODEL) > threshold_for(0.6, MODEL) > 0


def test_an_article_just_under_the_threshold_is_marked_in_a_story_other_outlets_translate() -> None:
    near = MODEL.article_threshold - 0.02
    translated = [_article(1, "a", 0.45, traces=0.6), _article(2, "b", 0.40, traces=0.3)]
    native = [_article(3, "c", 0.35), _article(4, "d", 0.30)]
    alone = story_garbles([_article(9, "x", near), *native], 0.5, MODEL)
    assert alone[9] < 0.5  # native neighbours: the fixed threshold
    shared = story_garbles([_article(9, "x", near), *translated, *native], 0.5, MODEL)
    assert shared[9] >= 0.5
    # the native members stay far below the line, and no score ever falls
    assert shared[3] < 0.5 and shared[4] < 0.5
    for a in (*translated, *native):
        assert shared[a.article_id] >= a.garble


def test_style_alone_never_raises_the_prior_and_an_outlet_does_not_count_itself() -> None:
    near = MODEL.article_threshold - 0.02
    style_only = [_article(n, f"s{n}", 0.9) for n in range(1, 5)]  # marked, but by style alone
    out = story_garbles([_article(9, "x", near), *style_only], 0.5, MODEL)
    assert out[9] < 0.5
    own = [_article(n, "x", 0.45, traces=0.6) for n in range(1, 5)]  # the same outlet's articles
    out = story_garbles([_article(9, "x", near), *own], 0.5, MODEL)
    assert out[9] < 0.5
    declared = [_article(n, f"d{n}", 0.3, declared=True) for n in range(1, 4)]
    out = story_garbles([_article(9, "x", near), *declared], 0.5, MODEL)
    assert out[9] >= 0.5


def test_an_article_too_short_to_judge_keeps_its_score() -> None:
    translated = [_article(n, f"t{n}", 0.5, traces=0.7) for n in range(1, 4)]
    out = story_garbles([_article(9, "x", 0.0, traces=0.1), *translated], 0.5, MODEL)
    assert out[9] == pytest.approx(0.1)
