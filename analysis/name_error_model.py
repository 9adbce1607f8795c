"""A learned, calibrated chance that a name in a machine-translated article is a translator's error.

Rules see only a part of what makes a name suspicious (an unknown word, a near miss of a known
name, another outlet's different spelling); a rare but correct foreign name trips each of them
alone. This scores every name a machine-translated article writes with a logistic regression over
signals that carry to other languages and stories: how well English knows the words (wordfreq),
whether they are the syllables of a romanisation (`analysis.name_shape`), gazetteer and GeoNames
membership and near misses, the sentence's MT likelihood, position and casing, the same article
spelling the name two ways, and whether other outlets write the same spelling or a near variant.
Nothing names a word, place or person. The weights are trained by
`scripts/train_name_error_model.py` on WMT23 zh→en MQM error marks (Apache-2.0), split by
document; the model card `analysis/data/name_error_model.md` has the held-out numbers.

The candidates are the extracted mentions (`analysis.mentions`), one per article and spelling;
`analysis.names` turns those above the shipped threshold into `unverified_name` flags.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Protocol

import numpy as np

from analysis.gazetteer import Gazetteer
from analysis.geo_names import place_names
from analysis.logistic import Logistic, read_model_json
from analysis.mentions import calendar_or_acronym
from analysis.model import ArticleText, Mention, SentenceSpan
from analysis.mt_likelihood import shipped_model
from analysis.name_shape import romanised_word
from analysis.translit import normalise_name, similar_pairs
from analysis.word_frequency import zipf as _zipf

__all__ = [
    "FEATURES",
    "NameCandidate",
    "NameErrorModel",
    "evidence_tier",
    "name_candidates",
    "settled",
    "shipped_name_model",
]

FEATURES: tuple[str, ...] = (
    "words",
    "min_zipf",
    "mean_zipf",
    "unknown_share",
    "romanised_share",
    "shapeless_share",
    "first_word_given_name",
    "acronym",
    "hyphenated",
    "person",
    "org",
    "place",
    "gazetteer_known",
    "gazetteer_near_miss",
    "geonames_known",
    "occurrences",
    "extracted",
    "sentence_start",
    "sentence_mt",
    "spelt_otherwise_here",
    "near_variant_elsewhere",
    "slot_aligned",
    "slot_disagrees",
    "slot_rare_word_missing",
    "slot_writes",
    "written_elsewhere",
    "parallel_outlets",
)
# What a feature that raises the score means, for the flag's explanation.
_REASONS = {
    "min_zipf": "a word English rarely uses",
    "mean_zipf": "words English rarely uses",
    "unknown_share": "a word English does not know",
    "shapeless_share": "a word no romanisation produces",
    "romanised_share": "the syllables of a romanised name",
    "gazetteer_near_miss": "a near miss of a known name",
    "spelt_otherwise_here": "the article also spells it another way",
    "near_variant_elsewhere": "another outlet writes a near variant",
    "slot_disagrees": "other outlets' matching sentences do not write it",
    "slot_rare_word_missing": "other outlets' matching sentences lack its rare words",
    "sentence_mt": "its sentence reads as machine-translated",
    "extracted": "extraction took it for a name",
    "sentence_start": "it opens a sentence",
    "occurrences": "the article repeats it",
    "words": "a long name",
    "acronym": "an acronym",
    "hyphenated": "a hyphenated name",
    "person": "a person's name",
    "org": "an organisation's name",
    "place": "a place name",
}
DISTINCTIVE = 3.5  # zipf below which a shared word says two sentences report the same thing
SLOT_OVERLAP = 2  # shared words for two outlets' sentences to be the same slot
FREQUENT = 0.25  # share of the corpus's sentences above which a token is the story's, not a slot's
MIN_DISPUTES = 2
CONTENT = 5.0  # zipf from which a word is a function word, left out when sentences are compared
SLOT_SIMILARITY = 0.4  # weighted share of words two sentences in the same slot have in common
SLOT_UNIQUE = 0.8  # the runner-up in the other outlet is at most this close to the best match
PARALLEL = 0.5  # share of an article's sentences another outlet matches to carry the same text
MIN_PARALLEL_SENTENCES = 3
MIN_DISPUTE_SHARE = 0.2
COMMON = 4.0  # zipf of an everyday word, left out when other outlets' words are compared
UNKNOWN = 1.0  # zipf below which English practically never uses the word
NEAR_MISS_ZIPF = 3.0  # a spelling with a word rarer than this is compared with the gazetteer
NEAR = 0.8  # name_similarity of a near variant (within the article or across outlets)
_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True, slots=True)
class NameCandidate:
    """One spelling of a name in one machine-translated article, with where it is written."""

    article_id: int
    spelling: str
    kind: str  # person, org, place, or "other" (capitalised words extraction left out)
    mention: Mention  # the first mention with this spelling
    spans: tuple[tuple[int, int], ...]  # every mention with this spelling
    features: np.ndarray
    disputes: int = 0  # other outlets whose sentence in the same slot names something else
    aligned: int = 0  # other outlets with a sentence in the same slot
    parallel: int = 0  # other outlets that carry the same text as the article
    parallel_writes: int = 0  # of those, the ones that write the spelling too


@dataclass(frozen=True, slots=True)
class NameErrorModel:
    """The regression and its operating points, chosen on held-out documents, one for each
    `evidence_tier`: `threshold` for a name no other outlet reports in the same slot (text alone),
    `aligned_threshold` for a name that other outlets' sentences about the same thing can confirm
    or not, and `slot_threshold` for a name those sentences do not write (corroborated evidence
    of a translator's error)."""

    regression: Logistic
    threshold: float
    slot_threshold: float
    aligned_threshold: float = 1.0

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return self.regression.probabilities(x)

    def operating_points(self) -> tuple[float, float, float]:
        """The thresholds by `evidence_tier`."""
        return self.threshold, self.aligned_threshold, self.slot_threshold

    def flagged(self, candidate: NameCandidate, probability: float) -> bool:
        """Whether a candidate with this probability is worth a flag."""
        return not settled(candidate) and (
            probability >= self.operating_points()[evidence_tier(candidate)]
        )

    def reasons(self, x: np.ndarray, limit: int = 3) -> list[str]:
        """What raises this candidate's score most, in words (the largest positive terms)."""
        r = self.regression
        terms = (x - r.mean) / r.scale * r.weights
        order = np.argsort(-terms)
        return [
            _REASONS[r.features[k]]
            for k in order[:limit]
            if terms[k] > 0.1 and r.features[k] in _REASONS
        ]


ALONE, ALIGNED, DISPUTED = 0, 1, 2  # evidence tiers


def settled(candidate: NameCandidate) -> bool:
    """A name the model leaves to the rules: every word of it an everyday English word
    ("Associated Press": a wording other outlets may not share, and nothing a transliteration
    produces), or a spelling that most other outlets, or half of those that carry the same text,
    write too (they confirm it). On held-out WMT documents this cuts the false flags by a third
    for no loss of recall."""
    f = candidate.features
    return bool(
        f[FEATURES.index("min_zipf")] >= COMMON
        or f[FEATURES.index("written_elsewhere")] >= 0.5
        or (candidate.parallel and 2 * candidate.parallel_writes >= candidate.parallel)
    )


def evidence_tier(candidate: NameCandidate) -> int:
    """DISPUTED when other outlets dispute the name, ALIGNED when at least two carry the same
    text as the article (two translations of one report, or one agency text: a name they do
    not write says something), else ALONE (outlets that tell the story in their own words
    often leave a name out)."""
    if disputed(candidate):
        return DISPUTED
    return ALIGNED if candidate.parallel >= MIN_DISPUTES else ALONE


def disputed(candidate: NameCandidate) -> bool:
    """Other outlets dispute the name: at least two of them, and a fifth of all, write
    something else in the same slot (one outlet's wording can be an accident)."""
    share = candidate.features[FEATURES.index("slot_disagrees")]
    return bool(candidate.disputes >= MIN_DISPUTES and share >= MIN_DISPUTE_SHARE)


@cache
def shipped_name_model() -> NameErrorModel:
    """The model shipped in `analysis/data/name_error_model.json`."""
    data = read_model_json("name_error_model.json")
    regression = Logistic.from_dict(data, FEATURES, what="name-error model")
    return NameErrorModel(
        regression,
        float(data["threshold"]),
        float(data["slot_threshold"]),
        float(data.get("aligned_threshold", 1.0)),
    )


@lru_cache(maxsize=1 << 14)
def _sentence_mt(text: str) -> float:
    return shipped_model().sentence_probability(text)


def _words(spelling: str) -> list[str]:
    return [_POSSESSIVE.sub("", w) for w in _WORD.findall(spelling)]


def word_features(spelling: str, kind: str, given_names: frozenset[str]) -> list[float]:
    """The features of the spelling alone (no context)."""
    words = _words(spelling) or [spelling]
    zipfs = [_zipf(w) for w in words]
    unknown = [z < UNKNOWN for z in zipfs]
    romanised = [romanised_word(w) for w in words]
    given = [normalise_name(w) in given_names for w in words]
    shapeless = [u and not r and not g for u, r, g in zip(unknown, romanised, given, strict=True)]
    return [
        float(min(len(words), 4)),
        min(zipfs),
        sum(zipfs) / len(zipfs),
        sum(unknown) / len(words),
        sum(romanised) / len(words),
        sum(shapeless) / len(words),
        float(len(words) > 1 and given[0]),
        float(spelling.isupper() and len(spelling) <= 6),
        float("-" in spelling),
        float(kind == "person"),
        float(kind == "org"),
        float(kind == "place"),
    ]


@dataclass(slots=True)
class _Knowledge:
    """Gazetteer, GeoNames and given-name lookups, cached per spelling."""

    gazetteer: Gazetteer
    given_names: frozenset[str]
    _cache: dict[tuple[str, str], list[float]] = field(default_factory=dict)

    def features(self, spelling: str, kind: str) -> list[float]:
        key = (spelling, kind)
        if key not in self._cache:
            known = self.gazetteer.lookup(spelling) is not None
            words = _words(spelling)
            near = 0.0
            # a near miss is sought only for a spelling with a rare word: the search is the
            # costly part, and an everyday spelling is no garble of a gazetteer name
            if not known and min(map(_zipf, words), default=9.0) < NEAR_MISS_ZIPF:
                found = self.gazetteer.nearest(spelling, limit=1, threshold=0.75)
                near = found[0][1] if found else 0.0
            geo = place_names()
            geo_known = (
                bool(geo)
                and bool(words)
                and (geo.known(spelling) or all(geo.known(w) for w in words))
            )
            self._cache[key] = [
                *word_features(spelling, kind, self.given_names),
                float(known),
                near,
                float(geo_known),
            ]
        return self._cache[key]


def _contains(normalised_text: str, spelling: str) -> bool:
    """Whether a text (already `normalise_name`d) writes the spelling, case, diacritics and
    joiners aside ("Korvex" for "KORVEX", "Sahin" for "Şahin")."""
    key = normalise_name(spelling)
    return bool(key) and f" {key} " in f" {normalised_text} "


_CAP_WORD = r"[A-Z][\w\-]*(?:['’](?!s\b)\w+)*"  # O'Brien, not the possessive of "Sumatra's"
_RUN = re.compile(rf"(?:{_CAP_WORD}[ \t]+)*{_CAP_WORD}(?:['’]s\b)?")  # a possessive ends a run


# "No. 34", "Nr. 5": a numbering abbreviation before a number ends a run, it is no name word.
_NUMBERING = re.compile(r"(?:^|[ \t]+)(?:No|Nos|Nr|Num)$")


def _unextracted(
    text: str, sentences: Sequence[SentenceSpan], mentions: Sequence[Mention]
) -> list[Mention]:
    """Runs of capitalised words in content sentences that extraction did not take for a name
    (it keeps only names something explains, and a garbled one often has nothing), without a
    sentence's first word, which English capitalises anyway."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for sentence in sentences:
        if sentence.residue is not None:
            continue
        for m in _RUN.finditer(sentence.text):
            start, run = sentence.start + m.start(), m.group()
            if m.start() <= 1 or not sentence.text[: m.start()].strip(" \"'“‘(["):
                first, _, rest = run.partition(" ")
                if not rest:
                    continue
                start, run = start + len(first) + 1, rest.strip()
            run = _POSSESSIVE.sub("", run)
            end = start + len(run)
            numbering = _NUMBERING.search(run)
            if numbering and re.match(r"\.?\s*\d", text[end : end + 4]):
                run = run[: numbering.start()]  # "Elmford No. 34": the number sign, no name word
                end = start + len(run)
            if calendar_or_acronym(run):
                continue  # "Jul", "CDT": a dateline's words, not a name
            if _words(run) and not any(s < end and start < e for s, e in taken):
                out.append(Mention(sentence.idx, start, end, run, run, "org"))
    return out


def name_candidates(
    articles: Sequence[ArticleText],
    mentions: Mapping[int, Sequence[Mention]],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    gazetteer: Gazetteer,
    given_names: frozenset[str],
) -> list[NameCandidate]:
    """Every spelling of a name (an extracted mention, or a run of capitalised words inside a
    sentence) in the machine-translated articles, with its features; the other articles count
    as other outlets' evidence."""
    knowledge = _Knowledge(gazetteer, given_names)
    by_source: dict[str, list[ArticleText]] = defaultdict(list)
    for article in articles:
        by_source[article.source].append(article)
    spellings_of: dict[str, set[str]] = defaultdict(set)  # source -> mention spellings
    for article in articles:
        spellings_of[article.source] |= {m.name for m in mentions.get(article.article_id, ())}
    grouped = {a.article_id: _spellings(a, mentions, sentences) for a in articles if a.translated}
    near = _near_spellings(
        {m.name for items in mentions.values() for m in items},
        {s for groups in grouped.values() for s in groups},
    )
    slots = _SlotIndex(articles, sentences)
    normalised = slots.whole
    out = []
    for article in articles:
        if not article.translated:
            continue
        others = [s for s in by_source if s != article.source]
        extracted = list(mentions.get(article.article_id, ()))
        content = sentences.get(article.article_id, ())
        groups = grouped[article.article_id]
        spans = {s.idx: s for s in content}
        parallel = slots.parallel_sources(article)
        my_words = set(normalised[article.article_id].split())
        is_mention = {m.name for m in extracted}
        for spelling, items in groups.items():
            items.sort(key=lambda m: m.start)
            first = items[0]
            kind = first.kind if spelling in is_mention else "other"
            sentence = spans.get(first.sentence_idx)
            variants = near.get(spelling, set())
            writes = [s for s in others if slots.writes(s, spelling)]
            near_elsewhere = any(variants & spellings_of[s] for s in others if s not in writes)
            rare = [w for w in _words(spelling) if _zipf(w) < COMMON]
            aligned, disagree, missing, agree = slots.compare(
                article, sentence, spelling, rare, others, set(writes), my_words
            )
            context = [
                math.log1p(len(items)),
                float(spelling in is_mention),
                float(sentence is not None and first.start - sentence.start <= 1),
                _sentence_mt(sentence.text) if sentence is not None else 0.5,
                float(bool(variants & groups.keys())),
                float(near_elsewhere),
                aligned,
                disagree / len(others) if others else 0.0,
                missing,
                agree,
                len(writes) / len(others) if others else 0.0,
                len(parallel) / len(others) if others else 0.0,
            ]
            features = np.asarray([*knowledge.features(spelling, kind), *context])
            out.append(
                NameCandidate(
                    article.article_id,
                    spelling,
                    kind,
                    first,
                    tuple(_name_span(m) for m in items),
                    features,
                    disagree,
                    round(aligned * len(others)),
                    len(parallel),
                    len(parallel & set(writes)),
                )
            )
    return out


_TOKEN = re.compile(r"[^\W_]+")


def _distinctive(text: str) -> tuple[set[str], set[str]]:
    """Numbers, rare words and capitalised words inside the sentence (what two reports of the
    same sentence share and two different sentences rarely do), and the capitalised ones."""
    out, names = set(), set()
    for k, m in enumerate(_TOKEN.finditer(text)):
        word = m.group()
        if word.isdigit() or _zipf(word) < DISTINCTIVE:
            out.add(normalise_name(word))
        if k > 0 and word[:1].isupper():
            names.add(normalise_name(word))
    return out, names


SentenceWords = tuple[frozenset[str], frozenset[str], frozenset[str]]


class WordsMemo(Protocol):
    def get(self, key: str) -> SentenceWords | None: ...

    def __setitem__(self, key: str, value: SentenceWords) -> None: ...


# the memo of the `sentence_words_memo` block being run, per thread (the TUI analyses in a worker)
_WORDS_MEMO: ContextVar[WordsMemo | None] = ContextVar("sentence_words_memo", default=None)


@contextmanager
def sentence_words_memo(memo: WordsMemo | None) -> Iterator[None]:
    """Within the block, in this thread only, look each sentence's words (`sentence_words`) up
    in `memo` by a digest of its text and put every one computed there: a caller keeps them
    across runs (analysis/run_memo.py), so the slot index reads only new sentences."""
    token = _WORDS_MEMO.set(memo)
    try:
        yield
    finally:
        _WORDS_MEMO.reset(token)


def sentence_words(text: str) -> SentenceWords:
    """What the slot index reads of a sentence: its distinctive tokens, capitalised words and
    content words (`_distinctive`, and the words under CONTENT), a function of the text."""
    memo = _WORDS_MEMO.get()
    key = hashlib.blake2b(text.encode(), digest_size=12).hexdigest() if memo is not None else ""
    found = memo.get(key) if memo is not None else None
    if found is not None:
        return found
    distinctive, names = _distinctive(text)
    content = {normalise_name(w) for w in _TOKEN.findall(text) if _zipf(w) < CONTENT}
    words = (frozenset(distinctive), frozenset(names), frozenset(content))
    if memo is not None:
        memo[key] = words
    return words


class _SlotIndex:
    """Each outlet's sentences by their words, to find the sentence of another outlet that
    reports the same thing (the same slot) as a sentence here, and the rare names each writes."""

    def __init__(
        self, articles: Sequence[ArticleText], sentences: Mapping[int, Sequence[SentenceSpan]]
    ) -> None:
        distinctive: dict[tuple[int, int], frozenset[str]] = {}
        self.names: dict[tuple[int, int], set[str]] = {}
        self.content: dict[tuple[int, int], frozenset[str]] = {}  # words but function words
        for article in articles:
            for sentence in sentences.get(article.article_id, ()):
                if sentence.residue is not None:
                    continue
                key = (article.article_id, sentence.idx)
                distinctive[key], names, self.content[key] = sentence_words(sentence.text)
                self.names[key] = set(names)
        self.source_of = {a.article_id: a.source for a in articles}
        self.whole = {a.article_id: normalise_name(a.text) for a in articles}
        self.articles: dict[str, list[int]] = defaultdict(list)
        self.words: dict[str, set[str]] = defaultdict(set)  # source -> its normalised words
        for a in articles:
            self.articles[a.source].append(a.article_id)
            self.words[a.source].update(self.whole[a.article_id].split())
        # what the story keeps repeating (its main names, its year) is no name a slot adds: a
        # token in a quarter of all sentences or more, and in more sentences than there are
        # outlets (one slot has one sentence an outlet), is left out
        counts: dict[str, int] = defaultdict(int)
        for tokens in distinctive.values():
            for token in tokens:
                counts[token] += 1
        limit = max(len(self.articles) + 1, FREQUENT * len(distinctive))
        for key in self.names:
            self.names[key] -= {t for t in self.names[key] if counts[t] >= limit or _zipf(t) >= 5}
        # a word's weight is how few sentences write it (inverse document frequency)
        df: dict[str, int] = defaultdict(int)
        for words in self.content.values():
            for word in words:
                df[word] += 1
        n = len(self.content) + 1
        self.idf = {w: math.log(n / k) for w, k in df.items()}
        self.weight = {k: sum(self.idf[w] for w in words) for k, words in self.content.items()}
        self.by_word: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for key, words in self.content.items():
            for word in words:
                self.by_word[word].add(key)

    def writes(self, source: str, spelling: str) -> bool:
        """Whether any article of `source` writes the spelling (case and diacritics aside)."""
        key = normalise_name(spelling)
        words = self.words[source]
        return all(w in words for w in key.split()) and any(
            _contains(self.whole[k], spelling) for k in self.articles[source]
        )

    def matches(
        self, article: ArticleText, key: tuple[int, int], leave_out: set[str] = frozenset()
    ) -> dict[str, tuple[int, int]]:
        """Other outlet -> its sentence in the same slot as sentence `key` of `article` (the
        words of `leave_out` aside): the one sharing the most weight of words (each weighted by
        how few sentences write it), if that is at least SLOT_SIMILARITY of the lighter
        sentence's weight and at least SLOT_OVERLAP words, and no other sentence of that outlet
        comes close."""
        mine = self.content.get(key, set()) - leave_out
        weight = sum(self.idf[w] for w in mine)
        shared: dict[tuple[int, int], float] = defaultdict(float)
        words: dict[tuple[int, int], int] = defaultdict(int)
        for word in mine:
            for other in self.by_word[word]:
                if self.source_of[other[0]] != article.source:
                    shared[other] += self.idf[word]
                    words[other] += 1
        ranked: dict[str, list[tuple[float, tuple[int, int]]]] = defaultdict(list)
        for other in shared:
            theirs = self.weight[other] - sum(self.idf[w] for w in leave_out & self.content[other])
            similarity = shared[other] / max(min(weight, theirs), 1e-9)
            if words[other] >= SLOT_OVERLAP and similarity >= SLOT_SIMILARITY:
                ranked[self.source_of[other[0]]].append((similarity, other))
        best: dict[str, tuple[int, int]] = {}
        for source, found in ranked.items():
            found.sort(reverse=True)
            # a slot is one sentence: several about as close say the sentence is a formula
            # the outlet repeats, not which of them reports the same thing
            if len(found) == 1 or found[1][0] < SLOT_UNIQUE * found[0][0]:
                best[source] = found[0][1]
        return best

    def parallel_sources(self, article: ArticleText) -> set[str]:
        """Other outlets that carry the same text as `article`: a sentence in the same slot
        for at least PARALLEL of its sentences that have distinctive tokens (two translations
        of one report, or one agency text). Only then does an outlet not writing a name say
        something about it."""
        keys = [k for k in self.content if k[0] == article.article_id and self.content[k]]
        if len(keys) < MIN_PARALLEL_SENTENCES:
            return set()
        counts: dict[str, int] = defaultdict(int)
        for key in keys:
            for source in self.matches(article, key):
                counts[source] += 1
        return {s for s, n in counts.items() if n >= PARALLEL * len(keys)}

    def compare(
        self,
        article: ArticleText,
        sentence: SentenceSpan | None,
        spelling: str,
        rare: list[str],
        others: list[str],
        writes: set[str],
        my_words: set[str],
    ) -> tuple[float, int, float, float]:
        """Other outlets (a share, a count, a share, a share): with a sentence in the same slot
        (most of the distinctive tokens shared); that never write `spelling` and whose sentence
        there names something this article never names (another name in its place); that never
        write one of its `rare` words; with a sentence in the slot that write the spelling too
        (outlets that agree on it). An outlet that writes the name elsewhere, or whose sentence
        names nothing new, does not dispute it: real outlets word the same fact differently."""
        if sentence is None or not others:
            return 0.0, 0, 0.0, 0.0
        best = self.matches(
            article, (article.article_id, sentence.idx), set(normalise_name(spelling).split())
        )
        aligned = disagree = missing = agree = 0
        for source, other in best.items():
            aligned += 1
            agree += source in writes
            new = {t for t in self.names[other] - my_words if _zipf(t) < DISTINCTIVE}
            if source not in writes and new:
                disagree += 1  # it names something this article never does
            missing += any(not self.writes(source, w) for w in rare)
        n = len(others)
        return aligned / n, disagree, missing / n, agree / n


def _name_span(m: Mention) -> tuple[int, int]:
    """Where the name sits inside the mention (without a title or possessive)."""
    offset = m.text.find(m.name)
    return (m.start + offset, m.start + offset + len(m.name)) if offset >= 0 else (m.start, m.end)


def _spellings(
    article: ArticleText,
    mentions: Mapping[int, Sequence[Mention]],
    sentences: Mapping[int, Sequence[SentenceSpan]],
) -> dict[str, list[Mention]]:
    """The article's name spellings (extracted mentions and unextracted capitalised runs) and
    where it writes each."""
    extracted = list(mentions.get(article.article_id, ()))
    content = sentences.get(article.article_id, ())
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in extracted + _unextracted(article.text, content, extracted):
        if _words(m.name) and m.name[:1].isupper():
            groups[m.name].append(m)
    return groups


def _near_spellings(spellings: set[str], asked: set[str] | None = None) -> dict[str, set[str]]:
    """Spelling -> other spellings that are near variants of it (not the same name after
    normalisation, and not one inside the other); with `asked`, complete for those spellings
    only (the pairs with one of them), which is all the candidates of the translated articles
    read, at a fraction of the cost of every pair of the corpus's spellings."""
    names = sorted(spellings)
    only = None if asked is None else [n for n, name in enumerate(names) if name in asked]
    out: dict[str, set[str]] = defaultdict(set)
    for i, j, _ in similar_pairs(names, threshold=NEAR, only=only):
        a, b = normalise_name(names[i]), normalise_name(names[j])
        if a != b and not _nested(a, b):
            out[names[i]].add(names[j])
            out[names[j]].add(names[i])
    return out


def _nested(a: str, b: str) -> bool:
    """One name's words are a run of the other's ("Thanh" in "Pham Minh Thanh")."""
    small, large = sorted((a.split(), b.split()), key=len)
    return any(large[k : k + len(small)] == small for k in range(len(large) - len(small) + 1))
