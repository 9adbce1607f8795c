"""How much an article reads as machine-translated English, from a small learned model.

Explicit notes and typographic traces (`analysis.artifacts`) are often missing: fluent MT of a
Chinese, Russian or Turkish story has none. What remains is style, so the model sees only
features that do not encode the topic: the rates of function words, determiners, prepositions,
pronouns and auxiliaries, punctuation, casing, digits, word length, the share of rare words,
nominalisations, possessive "'s" against "of", repeated words, and impersonal reporting ("it is
reported that", "according to"). No content word (no "China")
is a feature. A logistic regression on these, trained by `scripts/train_mt_model.py` on WMT23
zh→en system outputs against native English news (ECB+), ships as `data/mt_model.json` with its
model card; sentence log-odds are averaged over an article's content sentences.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from analysis.logistic import Logistic, read_model_json
from analysis.model import SentenceSpan
from analysis.word_frequency import zipf as _zipf


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.:]*")
_GROUPS: dict[str, frozenset[str]] = {
    "the": frozenset({"the"}),
    "a_an": frozenset({"a", "an"}),
    "of": frozenset({"of"}),
    "preposition": _set(
        "in on at to for with by from into about over after before during under between "
        "against among through towards toward within without"
    ),
    "pronoun": _set("he she it they him them his her its their we us our i you"),
    "auxiliary": _set(
        "is are was were be been being has have had will would can could should may might "
        "must shall do does did"
    ),
    "and": frozenset({"and"}),
    "relative": frozenset({"that", "which", "who", "whom", "whose", "where", "when"}),
    "reporting": frozenset({"said", "says", "told", "added"}),
    "demonstrative": frozenset({"this", "these", "those", "such"}),
    "quantifier": frozenset({"all", "some", "many", "more", "most", "other", "each", "every"}),
    "negation": frozenset({"not", "no", "never", "n't"}),
}
_NOMINAL = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence)s?$")
# Impersonal reporting, as Chinese 据报道 and Slavic "повідомляється" come out: "It is reported
# that", "it became known", "according to".
_IMPERSONAL = re.compile(
    r"\bit (?:is|was|has been|had been|became|becomes) (?:also |now |further )?"
    r"(?:reported|known|noted|said|stated|learned|understood|expected|planned|believed|"
    r"announced|clear|worth noting)\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
FEATURES: tuple[str, ...] = (
    "log_words", "word_length", *(f"rate_{g}" for g in _GROUPS), "commas", "colons",
    "brackets", "quotes", "digits", "capitalised", "all_caps", "rare", "mean_zipf",
    "nominal", "ing", "ly", "possessive", "of_the", "repeated", "opens_with_preposition",
    "impersonal", "according_to",
)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def sentence_features(text: str) -> np.ndarray:
    """The feature vector of one sentence, in the order of `FEATURES`."""
    tokens = _TOKEN.findall(text)
    words = [t for t in tokens if not t[0].isdigit()]
    n = max(len(tokens), 1)
    lower = [w.lower() for w in words]
    plain = [w for w in words if w.islower()]
    zipfs = [_zipf(w) for w in plain] or [0.0]
    counts: dict[str, int] = {}
    for w in plain:
        if len(w) >= 4:
            counts[w] = counts.get(w, 0) + 1
    values = [
        math.log(n),
        sum(len(w) for w in words) / max(len(words), 1),
        *(sum(1 for w in lower if w in group) / n for group in _GROUPS.values()),
        text.count(",") / n,
        (text.count(":") + text.count(";")) / n,
        (text.count("(") + text.count("[")) / n,
        sum(text.count(q) for q in '"“”«»') / n,
        sum(1 for t in tokens if t[0].isdigit()) / n,
        sum(1 for w in words[1:] if w[0].isupper() and not w.isupper()) / n,
        sum(1 for w in words if len(w) >= 2 and w.isupper()) / n,
        sum(1 for z in zipfs if z < 3.0) / max(len(plain), 1),
        sum(zipfs) / len(zipfs),
        sum(1 for w in plain if _NOMINAL.search(w)) / n,
        sum(1 for w in plain if w.endswith("ing") and len(w) > 5) / n,
        sum(1 for w in plain if w.endswith("ly") and len(w) > 4) / n,
        len(re.findall(r"\w['’]s\b", text)) / n,
        len(re.findall(r"\bof the\b", text, re.IGNORECASE)) / n,
        sum(c - 1 for c in counts.values()) / n,
        float(bool(lower) and lower[0] in _GROUPS["preposition"]),
        float(bool(_IMPERSONAL.search(text))),
        float(bool(_ACCORDING.search(text))),
    ]
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class MTModel:
    """A standardised logistic regression (`analysis.logistic`) with the article threshold."""

    regression: Logistic
    article_threshold: float  # mean sentence probability above which an article counts as MT
    min_words: int  # shorter sentences (headlines, captions) say little about style
    # The article score's calibration on held-out documents (classes weighted equally): log-odds
    # per unit of score, and the score at even odds (`analysis.mt_prior` moves the threshold).
    article_slope: float
    crossing: float

    @property
    def features(self) -> tuple[str, ...]:
        return self.regression.features

    def sentence_logit(self, text: str) -> float:
        return float(self.regression.logits(sentence_features(text)))

    def sentence_probability(self, text: str) -> float:
        return _sigmoid(self.sentence_logit(text))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, x))))


def model_from_json(data: dict[str, object]) -> MTModel:
    """An `MTModel` from the JSON written by `scripts/train_mt_model.py`."""
    return MTModel(
        regression=Logistic.from_dict(data, FEATURES, what="MT model"),
        article_threshold=float(data["article_threshold"]),  # type: ignore[arg-type]
        min_words=int(data["min_words"]),  # type: ignore[call-overload]
        article_slope=float(data["article_slope"]),  # type: ignore[arg-type]
        crossing=float(data["article_crossing"]),  # type: ignore[arg-type]
    )


@cache
def shipped_model() -> MTModel:
    """The model shipped in `analysis/data/mt_model.json`."""
    return model_from_json(read_model_json("mt_model.json"))


def article_mt_likelihood(
    sentences: Sequence[SentenceSpan] | Sequence[str], model: MTModel | None = None
) -> float:
    """Mean MT probability of an article's content sentences (residue and short lines skipped);
    0.0 when it has none long enough to judge."""
    model = model or shipped_model()
    texts = [
        s if isinstance(s, str) else s.text
        for s in sentences
        if isinstance(s, str) or s.residue is None
    ]
    probs = [
        model.sentence_probability(t) for t in texts if len(_TOKEN.findall(t)) >= model.min_words
    ]
    return round(sum(probs) / len(probs), 3) if probs else 0.0


def on_garble_scale(
    likelihood: float, model: MTModel | None = None, *, threshold: float | None = None
) -> float:
    """The article likelihood mapped piecewise-linearly so that the model's threshold (the 99th
    percentile of native documents; or `threshold`, as `analysis.mt_prior` moves it) lands on
    0.5, the pipeline's "machine-translated" line."""
    t = (model or shipped_model()).article_threshold if threshold is None else threshold
    if likelihood <= t:
        return 0.5 * likelihood / t
    return 0.5 + 0.5 * (likelihood - t) / (1.0 - t)


def joined_likelihood(traces: float, style: float) -> float:
    """Explicit traces (notes, artifacts, source-language residue) and the style model's view on
    the garble scale joined as a noisy-OR, since either alone can be enough."""
    return round(1.0 - (1.0 - traces) * (1.0 - style), 3)


def translation_likelihood(
    garble: float,
    sentences: Sequence[SentenceSpan],
    model: MTModel | None = None,
    *,
    style: float | None = None,
) -> float:
    """Chance-like score, 0..1, that an article is machine-translated: the style model's view
    joined with the explicit traces behind `garble`. `style`: the article's
    `article_mt_likelihood`, when the caller has it already."""
    likelihood = article_mt_likelihood(sentences, model) if style is None else style
    return joined_likelihood(garble, on_garble_scale(likelihood, model))
