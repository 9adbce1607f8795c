"""The story's own evidence on how likely an article is to be machine-translated.

The style model (`analysis.mt_likelihood`) marks an article machine-translated when its score
passes a fixed threshold, the 99th percentile of native documents. A fixed threshold stands for
a fixed prior: the model card gives the calibration (log-odds per unit of score, fitted on
documents scored by models that never saw their story), and at that slope the threshold is where
the odds are even for an article with a prior of about one in six. A corpus holds one story, and
its other outlets say more than that constant: when several of them are machine-translated by
their own traces (a note, residue of the source language, translation artifacts) or declared so,
the story is one that foreign-language outlets cover and any one of its articles is more likely
to be a translation. A short, fluent translation whose style alone stays just under the
threshold is then read in that light.

The prior is the share of the other outlets (by source, not article: one outlet's articles are
alike) marked machine-translated by something besides style (declared so on import, or marked
with explicit traces behind the mark), shrunk towards the model's prior with a weight of
`PSEUDO_OUTLETS`. Outlets marked by style alone do not count: the style model's own false marks
come in groups (a story some native outlets tell in a stiff register), and counting them would
spread them to the rest of the story (ECB+ native control: 37 -> 46 of 980 articles marked that
way; with explicit marks only, 37 -> 37). The prior only ever lowers the threshold: a story whose
other outlets are native leaves it where it is, so a corpus of native news reads as before. The
marks it counts are the per-article ones, never the ones this step makes, so nothing feeds back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.mt_likelihood import MTModel, joined_likelihood, on_garble_scale, shipped_model

PSEUDO_OUTLETS = 2.0  # weight of the model's fixed prior, counted in outlets


@dataclass(frozen=True, slots=True)
class ArticleEvidence:
    """What one article says about itself: `style` is its article MT likelihood, `traces` the
    explicit-trace score, `garble` the two joined as the article alone gives them."""

    article_id: int
    source: str
    style: float
    traces: float
    garble: float
    declared: bool  # read as translated on its own (declared on import, or explicit traces)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return math.log(p / (1.0 - p))


def base_prior(model: MTModel) -> float:
    """The prior the model's fixed threshold stands for (even odds at the threshold)."""
    return 1.0 / (1.0 + math.exp(model.article_slope * (model.article_threshold - model.crossing)))


def story_prior(translated_outlets: int, outlets: int, base: float) -> float:
    """The chance an outlet of this story is machine-translated, from how many of the other
    `outlets` are, shrunk towards `base`; never below `base`."""
    if outlets <= 0:
        return base
    shrunk = (translated_outlets + PSEUDO_OUTLETS * base) / (outlets + PSEUDO_OUTLETS)
    return max(base, shrunk)


def threshold_for(prior: float, model: MTModel) -> float:
    """The article score at which the odds are even under `prior` (the model's own threshold
    under its base prior; lower for a higher prior)."""
    shift = (_logit(prior) - _logit(base_prior(model))) / model.article_slope
    return model.article_threshold - max(0.0, shift)


def story_garbles(
    articles: Iterable[ArticleEvidence], marked_at: float, model: MTModel | None = None
) -> dict[int, float]:
    """Each article's translation likelihood (0..1, `marked_at` the machine-translated line)
    with the style threshold moved by the story prior its other outlets give."""
    model = model or shipped_model()
    items = list(articles)
    marked_sources = {
        a.source for a in items if a.declared or (a.garble >= marked_at and a.traces > 0)
    }
    sources = {a.source for a in items}
    base = base_prior(model)
    out: dict[int, float] = {}
    for a in items:
        others = len(sources) - 1
        marked = len(marked_sources - {a.source})
        prior = story_prior(marked, others, base)
        if prior <= base or a.style <= 0.0:
            out[a.article_id] = a.garble
            continue
        style = on_garble_scale(a.style, model, threshold=threshold_for(prior, model))
        joined = joined_likelihood(a.traces, style)
        out[a.article_id] = max(a.garble, joined)
    return out
