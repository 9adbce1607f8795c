"""Possibly mistranslated words, caught the way a reader of several outlets catches them.

Machine translation can be fluent and still wrong: a word sense the context rules out, a calque.
No single article shows it, but several outlets stating the same claim do. Within one claim
cluster (`analysis.align`), each version of the sentence is aligned to each other outlet's
version as a sequence of stemmed tokens (difflib opcodes): a short stretch that one version writes
where another writes a different short stretch, between words both share, is a substitution, and
the other outlet's content words there are the counterpart. A word that no other outlet's version
has, with counterparts in the others, is a candidate; a small logistic model says how likely such
a word is a translation error. It reads only how the versions relate (how alike the sentences
are, how long the substituted stretch is, how close the word is to its counterparts in wordllama
vectors, how common the counterpart is, how many outlets give a counterpart and agree on it), never
the words themselves, and was trained by `scripts/train_mistranslation_model.py` on WMT23 zh→en
news (ten systems translating one document; rater-marked Major errors, Apache-2.0) with a
held-out set of documents; see `data/mistranslation_model.md`.

Only words of an article read as machine-translated (marked so, a translation trace, or the
style likelihood past the pipeline's threshold) are flagged, only against versions that are
mostly the same sentence, and only where at least two other outlets, or one native one, give a
counterpart: a reader then has something to compare against ("other outlets say Y").
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from analysis.logistic import Logistic, read_model_json
from analysis.model import ArticleText, ClusterDraft, FlagDraft, FlagSide, SentenceSpan
from analysis.similarity import STOP_WORDS, stem
from analysis.word_frequency import zipf

__all__ = ["FEATURES", "Candidate", "candidates", "mistranslation_flags"]

DETECTOR = "cross-outlet-wording"
MAX_STRETCH = 3  # tokens on either side of a substitution; longer is a rewrite, not a word
MAX_VERSIONS = 12  # versions of one claim compared (the most central first)
MIN_LETTERS = 3
MIN_MATCH = 0.4  # difflib ratio below which two versions are different sentences (WMT's 5th pct)
FEATURES: tuple[str, ...] = (
    "sentence_match",  # mean difflib ratio of its sentence to the versions giving a counterpart
    "stretch",  # mean tokens in the substitution, both sides
    "cos_top",  # wordllama cosine of the word and the most common counterpart
    "cos_mean",  # ... and all counterparts, averaged
    "zipf_word",
    "zipf_counterpart",
    "agree",  # share of the other versions that give the most common counterpart
    "cover",  # share of the other versions that give a counterpart at all
    "spread",  # distinct counterparts per counterpart given (others disagree among themselves)
)
_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s]")

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    stem: str

    @property
    def content(self) -> bool:
        w = self.text
        return len(w) >= MIN_LETTERS and w.isalpha() and w.islower() and w not in STOP_WORDS


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.start(), m.end(), m.group(), stem(m.group().lower().replace("’", "'")))
        for m in _TOKEN.finditer(text)
    ]


@dataclass(slots=True)
class Candidate:
    """A word one version has and no other, with what the other versions write in its place."""

    key: int  # index of the version in the input
    start: int  # character offsets in that version's text
    end: int
    word: str
    counterparts: list[tuple[int, str]] = field(default_factory=list)  # (version, phrase)
    matches: list[float] = field(default_factory=list)  # difflib ratio per counterpart
    stretches: list[int] = field(default_factory=list)
    others: int = 0  # other versions (other outlets) compared

    def top(self) -> tuple[str, int]:
        """The counterpart most versions give, and how many give it."""
        counts = Counter(phrase for _, phrase in self.counterparts)
        return counts.most_common(1)[0]


def candidates(
    versions: Sequence[tuple[str, str]], min_match: float = MIN_MATCH
) -> list[Candidate]:
    """Candidates over `versions` ((outlet, sentence) pairs, one sentence per outlet): content
    words in lower case that no other outlet's version has, with every counterpart found in the
    versions at least `min_match` alike (lower only to measure, `bench.tasks.cluster_words`)."""
    toks = [_tokens(text) for _, text in versions]
    stems = [{t.stem for t in ts} for ts in toks]
    cut = [_cut_off(text, ts) for (_, text), ts in zip(versions, toks, strict=True)]
    out: list[Candidate] = []
    for k, ts in enumerate(toks):
        others = [o for o in range(len(versions)) if versions[o][0] != versions[k][0]]
        if not others:
            continue
        elsewhere = set().union(*(stems[o] for o in others))
        found: dict[int, Candidate] = {}
        a = [t.stem for t in ts]
        for o in others:
            matcher = difflib.SequenceMatcher(None, a, [t.stem for t in toks[o]], autojunk=False)
            if matcher.ratio() < min_match:
                continue  # another sentence: nothing in it stands in for a word of this one
            for op, i1, i2, j1, j2 in matcher.get_opcodes():
                if op != "replace" or i2 - i1 > MAX_STRETCH or j2 - j1 > MAX_STRETCH:
                    continue
                said = [
                    t
                    for t in toks[o][j1:j2]
                    if t.content and t.stem not in stems[k] and t is not cut[o]
                ]
                if not said:
                    continue
                phrase = " ".join(t.text for t in said)
                for i in range(i1, i2):
                    t = ts[i]
                    if not t.content or t.stem in elsewhere:
                        continue
                    c = found.setdefault(
                        i, Candidate(k, t.start, t.end, t.text, others=len(others))
                    )
                    c.counterparts.append((o, phrase))
                    c.matches.append(matcher.ratio())
                    c.stretches.append((i2 - i1) + (j2 - j1))
        out += [found[i] for i in sorted(found)]
    return out


def _cut_off(text: str, toks: list[_Token]) -> _Token | None:
    """The last word of a version that stops without closing punctuation on a word English does
    not know, as a capture cut off mid-word does ("on the roof of the warehou"): a fragment is no
    counterpart."""
    last = toks[-1] if toks else None
    if last and last.text[-1:].isalnum() and last.end >= len(text.rstrip()) and not zipf(last.text):
        return last
    return None


def features(cands: Sequence[Candidate], embed: Embed) -> np.ndarray:
    """The FEATURES of each candidate, one row each."""
    if not cands:
        return np.zeros((0, len(FEATURES)))
    vocab = sorted({c.word.lower() for c in cands} | {p for c in cands for _, p in c.counterparts})
    vectors = dict(zip(vocab, embed(vocab), strict=True))
    rows = []
    for c in cands:
        top, agree = c.top()
        w = vectors[c.word.lower()]
        cos = [float(w @ vectors[p]) for _, p in c.counterparts]
        given = len(c.counterparts)
        rows.append(
            [
                float(np.mean(c.matches)),
                float(np.mean(c.stretches)),
                float(w @ vectors[top]),
                float(np.mean(cos)),
                zipf(c.word),
                zipf(top.split()[-1]),
                agree / c.others,
                given / c.others,
                len({p for _, p in c.counterparts}) / given,
            ]
        )
    return np.asarray(rows, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class MistranslationModel:
    logistic: Logistic
    threshold: float

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return self.logistic.probabilities(x)


@cache
def shipped_model() -> MistranslationModel:
    data = read_model_json("mistranslation_model.json")
    logistic = Logistic.from_dict(data, FEATURES, what="mistranslation model")
    return MistranslationModel(logistic, float(data["threshold"]))


def mistranslation_flags(
    articles: Mapping[int, ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    clusters: Iterable[ClusterDraft],
    machine_translated: Callable[[int], bool],
    native: Callable[[int], bool],
    embed: Embed | None,
    model: MistranslationModel | None = None,
) -> list[FlagDraft]:
    """`translation_artifact` flags for words of machine-translated articles that the other
    outlets stating the same claim write differently. `machine_translated(article_id)` says
    whose words are suspects, `native(article_id)` whose wording alone is a witness; without word
    vectors (`embed` None) nothing is flagged."""
    if embed is None:
        return []
    model = model or shipped_model()
    by_idx = {aid: {s.idx: s for s in spans} for aid, spans in sentences.items()}
    best: dict[tuple[int, int], tuple[float, FlagDraft]] = {}
    for cluster in clusters:
        members, seen = [], set()
        for m in sorted(cluster.members, key=lambda m: -m.similarity):
            art = articles.get(m.article_id)
            span = by_idx.get(m.article_id, {}).get(m.sentence_idx)
            if m.tier == "related" or m.copy_of is not None or art is None or span is None:
                continue  # a republished copy is no witness of its own
            if art.source in seen:
                continue
            seen.add(art.source)
            members.append((art, span))
        members = members[:MAX_VERSIONS]
        if len(members) < 2 or not any(machine_translated(a.article_id) for a, _ in members):
            continue
        found = [
            c
            for c in candidates([(a.source, s.text) for a, s in members])
            if machine_translated(members[c.key][0].article_id)
            and _enough_witnesses(c, [native(a.article_id) for a, _ in members])
        ]
        if not found:
            continue
        probs = model.probabilities(features(found, embed))
        for c, p in zip(found, probs, strict=True):
            if p < model.threshold:
                continue
            art, span = members[c.key]
            by_phrase: dict[str, list[str]] = {}
            for o, phrase in c.counterparts:
                by_phrase.setdefault(phrase, []).append(members[o][0].source)
            flag = _flag(art, span, c, float(p), by_phrase)
            key = (art.article_id, span.idx)
            if key not in best or p > best[key][0]:
                best[key] = (float(p), flag)
    return [flag for _, flag in sorted(best.values(), key=lambda pf: _order(pf[1]))]


def _enough_witnesses(c: Candidate, native: list[bool]) -> bool:
    """Two other outlets give a counterpart, or one native outlet does."""
    outlets = {o for o, _ in c.counterparts}
    return len(outlets) >= 2 or any(native[o] for o in outlets)


def _names(outlets: list[str]) -> str:
    unique = sorted(set(outlets))
    return ", ".join(unique[:3]) + ("…" if len(unique) > 3 else "")


def _order(flag: FlagDraft) -> tuple[int, int]:
    return flag.side.article_id, flag.side.start


def _flag(
    art: ArticleText, span: SentenceSpan, c: Candidate, p: float, by_phrase: dict[str, list[str]]
) -> FlagDraft:
    top, agree = c.top()
    start, end = span.start + c.start, span.start + c.end
    ranked = sorted(by_phrase.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    said = "; ".join(f"“{phrase}” ({_names(outlets)})" for phrase, outlets in ranked[:3])
    rest = len(ranked) - 3
    more = f"; {rest} other wording{'s' if rest > 1 else ''}" if rest > 0 else ""
    explanation = (
        f"Possibly mistranslated: “{c.word}” is in no other outlet's version of this claim, "
        f"and this article reads as machine-translated. Where it stands the others write {said}"
        f"{more}."
    )
    return FlagDraft(
        kind="translation_artifact",
        detector=DETECTOR,
        side=FlagSide(art.article_id, span.idx, start, end, art.text[start:end]),
        explanation=explanation,
        confidence=round(min(p, 0.9), 2),
        suggestion=top,
        evidence={
            "counterparts": sorted({phrase for _, phrase in c.counterparts}),
            "agree": agree,
            "outlets": {phrase: sorted(set(outlets)) for phrase, outlets in ranked},
            "probability": round(p, 3),
        },
    )
