"""Detect names that look garbled by transliteration or machine translation.

Two rules produce `name_variant` flags, and a third `unverified_name`:

- corpus-variant: a name word attested in a single source is a near-transliteration of a word the
  corpus attests better ("Vaker" in one machine-translated article, "Baker" in two other sources).
  The likely right spelling is the one with more evidence: more sources, articles that are not
  machine-translated, the gazetteer, and English word frequency (an unknown word with a frequent
  close neighbour is a garble signal: wordfreq gives "vaker" 0 and "baker" 4.23).
- gazetteer-near-match: a person named only in machine-translated articles of one source is one
  edit per word away from a gazetteer person ("Tom Reid" vs "Tom Reed"), boosted when
  the article's words around the name match the entry's description ("trade", "tariffs",
  "minister"). Both Reid and Reed are common surnames, so nothing inside the corpus could say which
  is right; the gazetteer and the translated-only attestation do.
- unverified-name: a person seen in one machine-translated source only, unknown to the gazetteer
  and without a confident variant: worth a look, with the nearest known spellings as evidence.

Ordinary variation is not flagged: case and punctuation ("KORVEX"/"Korvex") and surnames standing
for full names are joined by analysis.entities, and two spellings that are each well attested
(several sources, or both in the gazetteer) are taken to be different names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from analysis import name_error_model
from analysis.entities import entity_index, name_key, surname_keys
from analysis.gazetteer import Gazetteer, GazetteerEntry
from analysis.model import ArticleText, Entity, FlagDraft, FlagSide, Mention, SentenceSpan
from analysis.name_shape import romanised_word
from analysis.segment import segment_article
from analysis.translit import (
    changes_onset,
    edit_operations,
    name_similarity,
    normalise_name,
    similar_pairs,
    translit_cost,
)
from analysis.word_frequency import zipf as _zipf

__all__ = ["detect_name_variants", "name_variant_flag"]

TOKEN_THRESHOLD = 0.9  # name_similarity of two words for a corpus variant
GAZETTEER_THRESHOLD = 0.9  # name_similarity of a full name to a gazetteer person
GAZETTEER_NO_CONTEXT = 0.95  # without matching context, only near-identical spellings
# zipf at which a suspect is an ordinary English word or name (reid 3.99, baker 4.23). Swept on
# WMT23 train+dev (2.0-4.0 and none): 3.5 gives 8 name_variant flags on a mark against 7 at 3.0,
# with the dev clusters, Wikidata, BBC and ECB+ controls unchanged.
COMMON_WORD = 3.5
UNKNOWN_WORD = 1.0  # zipf below which a word is practically unseen in English
RARE_WORD = 2.5  # zipf below which a name word is unusual enough to be worth checking
CONTEXT_CHARS = 300
# Words inside names that say what kind of thing it is rather than which one.
_GENERIC = frozenset(
    """administration government company corporation corp inc group holdings university ministry
    department council committee office house party bank news times post journal agency
    association foundation institute commission court forum resort hotel center centre project
    states kingdom republic east west north south city county river street avenue road the of and
    for new""".split()  # noqa: SIM905
)
_JOINERS = frozenset({"the", "of", "and", "for"})
# Organisations named after a person: "Baker administration" can be compared with "Tom Vaker".
_PERSONAL = frozenset({"administration", "government", "campaign", "cabinet", "era", "family"})
_STOP = frozenset(
    """a an and are as at be by for from has in is it its of on or the to was were with who
    former from chief u s us""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_POSSESSIVE = re.compile(r"['’]s?$")

# Why a transliteration turns one letter into another, for explanations.
_REASONS = {
    frozenset("bv"): "B and V are commonly confused when transliterating from Korean or Japanese",
    frozenset("pf"): "Korean has no F sound, so P and F are often swapped in transliteration",
    frozenset("rl"): "R and L are one sound in Korean, Japanese and Chinese",
    frozenset("bp"): "B and P are one sound at the start of Korean words (Busan/Pusan)",
    frozenset("gk"): "G and K are one sound at the start of Korean words (Gim/Kim)",
    frozenset("dt"): "D and T are often swapped in transliteration",
    frozenset("sz"): "S and Z are often swapped in transliteration",
    frozenset("jz"): "J and Z are often swapped in transliteration",
}


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Given names the extractor knows (US officials, international news, Wikidata)."""
    path = Path(__file__).parent / "data" / "mentions_first_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(normalise_name(x) for x in lines if x.strip() and not x.startswith("#"))


def given_names(gazetteer: Gazetteer | None = None) -> frozenset[str]:
    """Normalised given names: the first-name list, and the first word of every gazetteer
    person."""
    gazetteer = gazetteer or Gazetteer.load_default()
    firsts = {
        normalise_name(s).split()[0]
        for e in gazetteer.entries
        if e.kind == "person"
        for s in e.spellings
        if len(normalise_name(s).split()) > 1
    }
    return _first_names() | firsts


@dataclass
class _Word:
    """One name word (normalised) and where the corpus attests it."""

    key: str
    spellings: dict[str, int] = field(default_factory=dict)
    articles: set[int] = field(default_factory=set)
    entities: set[int] = field(default_factory=set)  # indexes into the entity list

    @property
    def acronym(self) -> bool:
        return all(s.isupper() and len(s) <= 5 for s in self.spellings)

    @property
    def spelling(self) -> str:
        return max(self.spellings, key=lambda s: (self.spellings[s], not s.isupper(), s))


class _Corpus:
    """Articles, mentions and entities with the lookups the rules need."""

    def __init__(
        self,
        articles: Sequence[ArticleText],
        mentions: dict[int, list[Mention]],
        entities: Sequence[Entity],
        gazetteer: Gazetteer,
        sentences: Mapping[int, Sequence[SentenceSpan]] | None = None,
    ) -> None:
        self.articles = {a.article_id: a for a in articles}
        self.mentions = mentions
        self.entities = list(entities)
        self.gazetteer = gazetteer
        index = entity_index(self.entities)
        self.position = {id(e): n for n, e in enumerate(self.entities)}
        self.entity_of: dict[tuple[int, int, int], int] = {
            member: self.position[id(entity)] for member, entity in index.items()
        }
        self.words: dict[str, _Word] = {}
        # (entity, spelling) -> articles using that spelling
        self.spelling_articles: dict[tuple[int, str], set[int]] = defaultdict(set)
        self._sentences: dict[int, Sequence[SentenceSpan]] = dict(sentences or {})
        self._given: frozenset[str] | None = None
        for article_id, items in mentions.items():
            for mention in items:
                n = self.entity_of.get((article_id, mention.start, mention.end))
                if n is not None:
                    self.spelling_articles[(n, mention.name)].add(article_id)
                if n is None or self.entities[n].kind == "place":
                    continue
                for raw in _comparable_words(mention.name, self.entities[n].kind):
                    key = normalise_name(raw)
                    if len(key) < 3 or key in _GENERIC or " " in key or not raw[0].isupper():
                        continue
                    word = self.words.setdefault(key, _Word(key))
                    word.spellings[raw] = word.spellings.get(raw, 0) + 1
                    word.articles.add(article_id)
                    word.entities.add(n)

    def sources(self, article_ids: Iterable[int]) -> set[str]:
        return {self.articles[a].source for a in article_ids if a in self.articles}

    def translated_only(self, article_ids: Iterable[int]) -> bool:
        known = [self.articles[a] for a in article_ids if a in self.articles]
        return bool(known) and all(a.translated for a in known)

    def plain_sources(self, article_ids: Iterable[int]) -> set[str]:
        """Sources with an article that is not machine-translated."""
        return {
            self.articles[a].source
            for a in article_ids
            if a in self.articles and not self.articles[a].translated
        }

    def entity_articles(self, entity: Entity) -> set[int]:
        return {a for a, _, _ in entity.members}

    def known_given(self, key: str) -> bool:
        """Whether a normalised word is a known given name (`given_names`)."""
        if self._given is None:
            self._given = given_names(self.gazetteer)
        return key in self._given

    def sentences(self) -> dict[int, Sequence[SentenceSpan]]:
        """Every article's sentences, split as the pipeline splits them."""
        for article_id, article in self.articles.items():
            if article_id not in self._sentences:
                self._sentences[article_id] = segment_article(article.text)
        return self._sentences

    def sentence_at(self, article_id: int, offset: int) -> SentenceSpan | None:
        """The sentence holding `offset`, split as the pipeline splits it."""
        if article_id not in self._sentences:
            self._sentences[article_id] = segment_article(self.articles[article_id].text)
        return next((s for s in self._sentences[article_id] if s.start <= offset < s.end), None)

    def known_word(self, word: _Word) -> GazetteerEntry | None:
        """A gazetteer entry that has this word as a surname or a one-word name."""
        found = self.gazetteer.by_surname(word.key)
        for n in word.entities:
            gid = self.entities[n].gazetteer_id
            for entry in found:
                if entry.id == gid:
                    return entry
        return found[0] if found else None

    def first_mention(self, article_id: int, entity_no: int, word: str | None) -> Mention:
        """The entity's first mention in the article, preferring one that contains `word`."""
        items = [
            m
            for m in self.mentions.get(article_id, [])
            if self.entity_of.get((article_id, m.start, m.end)) == entity_no
        ]
        items.sort(key=lambda m: m.start)
        if word is not None:
            with_word = [m for m in items if word in _words_of(m.name)]
            items = with_word or items
        longest = max(len(m.name.split()) for m in items)
        return next(m for m in items if len(m.name.split()) == longest)

    def side(self, article_id: int, mention: Mention) -> FlagSide:
        """The flag's span: the name inside the mention, without a title or possessive, moved
        to the first place the article writes it when that comes earlier (a photo caption,
        which extraction skips, often names the people first)."""
        text = self.articles[article_id].text
        start, end = mention.start, mention.end
        offset = mention.text.find(mention.name)
        if offset >= 0:
            start, end = start + offset, start + offset + len(mention.name)
        first = self.spelled(article_id, text[start:end])
        if first and first[0][0] < start:
            sentence = self.sentence_at(article_id, first[0][0])
            if sentence is not None:
                s, e = first[0]
                return FlagSide(article_id, sentence.idx, s, e, text[s:e])
        return FlagSide(article_id, mention.sentence_idx, start, end, text[start:end])

    def spelled(self, article_id: int, spelling: str) -> list[tuple[int, int]]:
        """Where the article's text has exactly `spelling` as whole words."""
        pattern = re.compile(rf"(?<![\w\-]){re.escape(spelling)}(?![\w\-])")
        return [(m.start(), m.end()) for m in pattern.finditer(self.articles[article_id].text)]

    def occurrences(self, article_id: int, entity_no: int, spelling: str) -> list[list[int]]:
        """The entity's mentions in the article, plus places that write `spelling` outside
        any mention (captions), so that a correction can reach all of them."""
        spans = [(s, e) for a, s, e in self.entities[entity_no].members if a == article_id]
        for s, e in self.spelled(article_id, spelling):
            if not any(a < e and s < b for a, b in spans):
                spans.append((s, e))
        return [[s, e] for s, e in sorted(spans)]


def _comparable_words(name: str, kind: str) -> list[str]:
    """The words of a name that are compared across articles: every word of an organisation,
    only the family name of a person (given names vary legitimately: Dan/Dean, Kelli/Kelly)."""
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(name)]
    if kind != "person" or len(words) < 2:
        return words
    keys = surname_keys(" ".join(words))
    return [w for w in words if name_key(w) in keys]


def _source_list(sources: Iterable[str]) -> str:
    names = sorted(sources)
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]


def _reason(ops: list[str]) -> str:
    """Why these edits are typical of transliteration, or "" when no reason is known."""
    for op in ops:
        pair = op.lower().split("→")
        if len(pair) == 2 and len(pair[0]) == 1 and len(pair[1]) == 1:
            reason = _REASONS.get(frozenset(pair))
            if reason:
                return f"{reason}."
    if ops and all(set(op.strip("+-").replace("→", "")) <= set("AEIOUYW") for op in ops):
        return "Only vowels differ, and romanisation systems spell vowels inconsistently."
    return ""


def _why_differs(ops: list[str], translated: bool) -> str:
    """`_reason` for a machine-translated article; for one read as written in English the
    difference is a misspelling, never "garbled through another script"."""
    if translated:
        return _reason(ops)
    return "This article reads as written in English, so this looks like a misspelling."


def _gazetteer_evidence(entry: GazetteerEntry | None) -> dict[str, str | None] | None:
    return None if entry is None else entry.evidence()


def name_variant_flag(
    detector: str,
    side: FlagSide,
    spelling: str,
    suggestion: str,
    explanation: str,
    confidence: float,
    evidence: Mapping[str, Any] | None = None,
) -> FlagDraft:
    """The one way a `name_variant` flag is made, whichever check found it (another outlet's
    spelling, the gazetteer, a place slot, lost capitals, a known garble's sibling): the text's
    spelling, the suggested one, and the transliteration edits and similarity between them are
    always in the evidence, so the review screens and the scoring read the same fields."""
    found: dict[str, Any] = {
        "spelling": spelling,
        "suggested": suggestion,
        "edit_operations": edit_operations(spelling, suggestion),
        "similarity": round(name_similarity(spelling, suggestion), 3),
    }
    found.update(evidence or {})
    return _name_flag("name_variant", detector, side, explanation, confidence, suggestion, found)


def unverified_name_flag(
    detector: str, side: FlagSide, explanation: str, confidence: float, evidence: Mapping[str, Any]
) -> FlagDraft:
    """The one way an `unverified_name` flag is made (a name worth checking, with no suggested
    spelling), whichever check found it."""
    return _name_flag("unverified_name", detector, side, explanation, confidence, None, evidence)


def _name_flag(
    kind: str,
    detector: str,
    side: FlagSide,
    explanation: str,
    confidence: float,
    suggestion: str | None,
    evidence: Mapping[str, Any],
) -> FlagDraft:
    return FlagDraft(
        kind=kind,
        detector=detector,
        side=side,
        explanation=" ".join(explanation.split()),
        confidence=confidence,
        suggestion=suggestion,
        evidence=dict(evidence),
    )


def _model_flags(corpus: _Corpus) -> list[FlagDraft]:
    """Names of machine-translated articles that the learned name-error model
    (`analysis.name_error_model`) puts at or above its shipped threshold."""
    model = name_error_model.shipped_name_model()
    found = name_error_model.name_candidates(
        list(corpus.articles.values()),
        corpus.mentions,
        corpus.sentences(),
        corpus.gazetteer,
        given_names(corpus.gazetteer),
    )
    if not found:
        return []
    probabilities = model.probabilities(np.stack([c.features for c in found]))
    flags = []
    for candidate, p in zip(found, probabilities, strict=True):
        if not model.flagged(candidate, float(p)):
            continue
        article = corpus.articles[candidate.article_id]
        side = corpus.side(candidate.article_id, candidate.mention)
        reasons = model.reasons(candidate.features)
        spans = {tuple(s) for s in candidate.spans}
        spans |= set(corpus.spelled(candidate.article_id, candidate.spelling))
        flags.append(
            unverified_name_flag(
                "name-error-model",
                side,
                f'"{candidate.spelling}" in a machine-translated article ({article.source}) '
                f"looks like a translation error (estimated chance {p:.0%}): "
                f"{'; '.join(reasons) or 'several weak signs together'}. "
                "Check the spelling against the original.",
                round(float(p), 3),
                {
                    "spelling": candidate.spelling,
                    "sources": [article.source],
                    "probability": round(float(p), 3),
                    "reasons": reasons,
                    "occurrences": [list(s) for s in sorted(spans)],
                },
            )
        )
    return flags


def _corpus_variants(corpus: _Corpus) -> list[tuple[int, FlagDraft]]:
    """Name words in one source that are near-transliterations of better-attested words."""
    words = list(corpus.words.values())
    keys = [w.key for w in words]
    best: dict[tuple[int, int], tuple[float, _Word, _Word]] = {}
    for i, j, similarity in similar_pairs(keys, threshold=TOKEN_THRESHOLD - 0.05):
        for suspect, other in ((words[i], words[j]), (words[j], words[i])):
            scored = _variant_score(corpus, suspect, other, similarity)
            if scored is None:
                continue
            for article_id in suspect.articles:
                for n in suspect.entities:
                    if (
                        n in other.entities
                        or not any(a == article_id for a, _, _ in corpus.entities[n].members)
                        or not _compatible(corpus, n, suspect, other)
                    ):
                        continue
                    if (article_id, n) not in best or scored > best[(article_id, n)][0]:
                        best[(article_id, n)] = (scored, suspect, other)
    flags = []
    for (article_id, n), (confidence, suspect, other) in sorted(best.items()):
        flags.append((n, _variant_flag(corpus, article_id, n, suspect, other, confidence)))
    return flags


def _words_of(spelling: str) -> list[str]:
    """Normalised words of a name, possessives dropped."""
    words = (normalise_name(_POSSESSIVE.sub("", w)) for w in _WORD.findall(spelling))
    return [w for w in words if w]


def _name_words(spelling: str) -> list[str]:
    """Normalised words of a name without generic ones ("administration", "group")."""
    return [w for w in _words_of(spelling) if w not in _GENERIC]


def _covers(small: list[str], large: list[str]) -> bool:
    return all(any(name_similarity(w, v) >= TOKEN_THRESHOLD for v in large) for w in small)


def _personal(entity: Entity) -> bool:
    """A person, or an organisation named after one ("Baker administration")."""
    return entity.kind == "person" or any(
        w in _PERSONAL for s in entity.spellings for w in _words_of(s)
    )


def _rests(entity: Entity, key: str, person: bool) -> list[list[str]]:
    """The other words of each spelling of `entity` that contains `key`.

    Compared as people, generic words drop out and only people and organisations named after
    someone take part. Compared as organisations, generic words stay ("University of Lille" is
    not "Eli Lilly") and people do not take part.
    """
    if person != _personal(entity):
        return []
    rests = []
    for spelling in entity.spellings:
        words = _words_of(spelling)
        if key in words:
            dropped = _GENERIC | _PERSONAL if person else _JOINERS
            rests.append([w for w in words if w != key and w not in dropped])
    return rests


def _compatible(corpus: _Corpus, entity_no: int, suspect: _Word, other: _Word) -> bool:
    """Whether the rest of the two names agrees: "Tom Vaker" fits "Baker" or "Tom Baker", but
    "Kelli White" does not fit "Kelly Holmes", and "Bruno Willems" does not fit a bare
    "Williams" when the corpus's full names with that word are all other people."""
    person = _personal(corpus.entities[entity_no])
    mine = _rests(corpus.entities[entity_no], suspect.key, person)
    theirs = [b for k in other.entities for b in _rests(corpus.entities[k], other.key, person)]
    if not mine or not theirs:
        return False
    if any(_covers(a, b) or _covers(b, a) for a in mine if a for b in theirs if b):
        return True
    full_mine = [a for a in mine if a]
    full_theirs = {tuple(sorted(b)) for b in theirs if b}
    if not full_theirs:
        return True  # the other word only ever stands alone: nothing contradicts
    return not full_mine and len(full_theirs) == 1


def _variant_score(
    corpus: _Corpus, suspect: _Word, other: _Word, similarity: float
) -> float | None:
    """Confidence that `suspect` is a garbled `other`, or None when the evidence is not there."""
    suspect_sources = corpus.sources(suspect.articles)
    other_sources = corpus.sources(other.articles - suspect.articles)
    if len(suspect_sources) != 1 or not other_sources:
        return None
    if corpus.known_word(suspect) is not None:
        return None  # a real name in its own right (Parker is not a garbled Baker)
    if changes_onset(suspect.key, other.key):
        return None  # O'Sullivan/Sullivan, Adams/Dams: different names, not a garble
    ops = edit_operations(suspect.key, other.key)
    if len(ops) > 2 or (len(ops) == 2 and translit_cost(suspect.key, other.key) > 0.6):
        return None  # a garble changes one sound, or two cheaply (Vaker/Baker), not a whole word
    if suspect.acronym or other.acronym or min(len(suspect.key), len(other.key)) < 4:
        return None  # acronyms are not transliterated; three letters are too few to judge
    other_entry = corpus.known_word(other)
    translated = corpus.translated_only(suspect.articles)
    unknown = _zipf(suspect.key) < UNKNOWN_WORD and _zipf(other.key) >= 2 * UNKNOWN_WORD
    other_support = len(corpus.plain_sources(other.articles - suspect.articles)) + 0.5 * len(
        other_sources - corpus.plain_sources(other.articles)
    )
    if other_entry is not None:
        other_support += 1.5
    if not translated and not (unknown and other_support >= 2):
        return None  # a spelling in an ordinary article needs a strong case
    if _zipf(suspect.key) >= COMMON_WORD:
        return None  # an everyday word or name (Dan/Dean, Council/Counsel) is not a garble
    threshold = TOKEN_THRESHOLD - (0.03 if unknown and translated else 0.0)
    suspect_support = 0.5 if translated else 1.0
    if similarity < threshold or other_support <= suspect_support:
        return None
    confidence = 0.4 + min(0.1, max(0.0, similarity - 0.9))
    confidence += 0.15 if translated else 0.0
    confidence += 0.15 if other_entry is not None else 0.0
    confidence += 0.15 if unknown else 0.0
    confidence += 0.05 * min(len(other_sources) - 1, 2)
    return round(min(confidence, 0.95), 3)


def _variant_flag(
    corpus: _Corpus,
    article_id: int,
    entity_no: int,
    suspect: _Word,
    other: _Word,
    confidence: float,
) -> FlagDraft:
    article = corpus.articles[article_id]
    mention = corpus.first_mention(article_id, entity_no, suspect.key)
    side = corpus.side(article_id, mention)
    right = other.spelling
    suggestion = " ".join(
        right if _words_of(w) == [suspect.key] else w for w in mention.name.split()
    )
    entry = corpus.gazetteer.lookup(suggestion)
    other_entry = entry or corpus.known_word(other)
    if entry is not None:
        suggestion = entry.name
    wrong = next(
        (w for w in _WORD.findall(mention.name) if _words_of(w) == [suspect.key]),
        suspect.spelling,
    )
    ops = edit_operations(wrong, right)
    other_sources = corpus.sources(other.articles - {article_id})
    where = "one machine-translated article" if article.translated else "one article"
    explanation = (
        f'Probably "{suggestion}": "{wrong}" appears only in {where} ({article.source}), while '
        f'"{right}" appears in {len(other_sources)} other source'
        f"{'s' if len(other_sources) != 1 else ''} ({_source_list(other_sources)})"
    )
    if other_entry is not None:
        explanation += f' and in the gazetteer ("{other_entry.name}": {other_entry.description})'
    explanation += f". The difference is {', '.join(ops) or 'case only'}. " + _why_differs(
        ops, article.translated
    )
    if _zipf(suspect.key) < UNKNOWN_WORD <= _zipf(other.key):
        explanation += f' "{wrong}" is not an English word or known name; "{right}" is.'
    return name_variant_flag(
        "translit-corpus-variant",
        side,
        wrong,
        suggestion,
        explanation,
        confidence,
        {
            "other_spellings": {
                s: {
                    "mentions": c,
                    "articles": sorted(other.articles),
                    "sources": sorted(corpus.sources(other.articles)),
                }
                for s, c in other.spellings.items()
            },
            "sources": sorted(corpus.sources(suspect.articles)),
            "translated": article.translated,
            "edit_operations": ops,
            "similarity": round(name_similarity(wrong, right), 3),
            "zipf": {wrong: _zipf(suspect.key), right: _zipf(other.key)},
            "other_entities": sorted({corpus.entities[k].canonical for k in other.entities}),
            "gazetteer": _gazetteer_evidence(other_entry),
            "occurrences": corpus.occurrences(article_id, entity_no, side.quote),
        },
    )


# --- given names: "Bictor Hale" beside "Victor Hale" ------------------------------------------


@dataclass(frozen=True)
class _FullName:
    """One spelling of a person's full name, split into raw and normalised words."""

    entity: int
    spelling: str
    raw: tuple[str, ...]
    words: tuple[str, ...]


def _full_names(corpus: _Corpus) -> dict[tuple[int, int, tuple[str, ...]], list[_FullName]]:
    """Multi-word person spellings indexed by (length, position, every other word), for each
    position that is not a family name: two spellings in one bucket differ in one given name."""
    index: dict[tuple[int, int, tuple[str, ...]], list[_FullName]] = defaultdict(list)
    for n, entity in enumerate(corpus.entities):
        if entity.kind != "person":
            continue
        for spelling in entity.spellings:
            raw = tuple(_POSSESSIVE.sub("", w) for w in _WORD.findall(spelling))
            words = tuple(normalise_name(w) for w in raw)
            if len(words) < 2 or not all(words):
                continue
            family = surname_keys(" ".join(raw))
            name = _FullName(n, spelling, raw, words)
            for i, raw_word in enumerate(raw):
                if name_key(raw_word) not in family:
                    index[(len(words), i, words[:i] + words[i + 1 :])].append(name)
    return index


def _given_variants(corpus: _Corpus, skip: set[int]) -> list[tuple[int, FlagDraft]]:
    """Full names that agree except for one given name, where that name is a cheap
    transliteration change of the other and the evidence says which spelling is garbled."""
    best: dict[tuple[int, int], tuple[float, _Word, _Word, str]] = {}
    for (_, i, _), names in _full_names(corpus).items():
        for mine in names:
            for theirs in names:
                if mine.entity == theirs.entity or mine.words[i] == theirs.words[i]:
                    continue
                if mine.entity in skip or corpus.entities[mine.entity].gazetteer_id is not None:
                    continue
                suspect = _Word(
                    mine.words[i],
                    {mine.raw[i]: 1},
                    set(corpus.spelling_articles[(mine.entity, mine.spelling)]),
                    {mine.entity},
                )
                other = _Word(
                    theirs.words[i],
                    {theirs.raw[i]: 1},
                    set(corpus.spelling_articles[(theirs.entity, theirs.spelling)]),
                    {theirs.entity},
                )
                scored = _given_score(corpus, suspect, other)
                if scored is None:
                    continue
                for article_id in suspect.articles:
                    key = (article_id, mine.entity)
                    if key not in best or scored > best[key][0]:
                        best[key] = (scored, suspect, other, theirs.spelling)
    flags = []
    for (article_id, n), (confidence, suspect, other, right) in sorted(best.items()):
        flags.append((n, _given_flag(corpus, article_id, n, suspect, other, right, confidence)))
    return flags


def _given_score(corpus: _Corpus, suspect: _Word, other: _Word) -> float | None:
    """Confidence that given name `suspect` is a garbled `other` in the same full name.

    Given names vary legitimately (Carl/Karl, Jon/Jan), so the suspect must be no known given
    name and rare in English, the difference one cheap sound change that keeps the first
    letter, and the other spelling better attested: more sources, a known given name or a
    more frequent word."""
    a, b = suspect.key, other.key
    suspect_sources = corpus.sources(suspect.articles)
    other_sources = corpus.sources(other.articles - suspect.articles)
    if len(suspect_sources) != 1 or not other_sources or min(len(a), len(b)) < 4:
        return None
    if corpus.known_given(a) or _zipf(a) >= RARE_WORD or changes_onset(a, b):
        return None  # a given name in its own right, or a different name (Hanna/Anna)
    ops = edit_operations(a, b)
    if len(ops) > 2 or (len(ops) == 2 and translit_cost(a, b) > 0.6):
        return None
    similarity = name_similarity(a, b)
    if similarity < TOKEN_THRESHOLD:
        return None
    known = corpus.known_given(b)
    if not known and _zipf(b) <= _zipf(a):
        return None  # nothing says which of two unusual spellings is the right one
    translated = corpus.translated_only(suspect.articles)
    unknown = _zipf(a) < UNKNOWN_WORD
    other_support = len(corpus.plain_sources(other.articles - suspect.articles)) + 0.5 * len(
        other_sources - corpus.plain_sources(other.articles)
    )
    if not translated and not (unknown and known and other_support >= 2):
        return None  # a spelling in an ordinary article needs a strong case
    if other_support <= (0.5 if translated else 1.0):
        return None
    confidence = 0.4 + min(0.1, similarity - 0.9)
    confidence += 0.15 if translated else 0.0
    confidence += 0.1 if known else 0.0
    confidence += 0.1 if unknown else 0.0
    confidence += 0.05 * min(len(other_sources) - 1, 2)
    return round(min(confidence, 0.9), 3)


def _given_flag(
    corpus: _Corpus,
    article_id: int,
    entity_no: int,
    suspect: _Word,
    other: _Word,
    right_name: str,
    confidence: float,
) -> FlagDraft:
    article = corpus.articles[article_id]
    mention = corpus.first_mention(article_id, entity_no, suspect.key)
    side = corpus.side(article_id, mention)
    wrong, right = suspect.spelling, other.spelling
    suggestion = " ".join(
        right if _words_of(w) == [suspect.key] else w for w in mention.name.split()
    )
    ops = edit_operations(wrong, right)
    other_sources = corpus.sources(other.articles - {article_id})
    where = "one machine-translated article" if article.translated else "one article"
    explanation = (
        f'Probably "{suggestion}": "{mention.name}" appears only in {where} '
        f'({article.source}), while "{right_name}" appears in {len(other_sources)} other '
        f"source{'s' if len(other_sources) != 1 else ''} ({_source_list(other_sources)}). "
        f"The given names differ by {', '.join(ops)}. {_why_differs(ops, article.translated)}"
    )
    known = corpus.known_given(other.key)
    if _zipf(suspect.key) < UNKNOWN_WORD or known:
        explanation += f' "{wrong}" is not a known given name' + (
            f'; "{right}" is.' if known else "."
        )
    return name_variant_flag(
        "translit-given-name",
        side,
        wrong,
        suggestion,
        explanation,
        confidence,
        {
            "other_spellings": {
                right_name: {
                    "articles": sorted(other.articles),
                    "sources": sorted(corpus.sources(other.articles)),
                }
            },
            "sources": sorted(corpus.sources(suspect.articles)),
            "translated": article.translated,
            "edit_operations": ops,
            "similarity": round(name_similarity(wrong, right), 3),
            "zipf": {wrong: _zipf(suspect.key), right: _zipf(other.key)},
            "known_given_name": {wrong: False, right: known},
            "gazetteer": None,
            "occurrences": corpus.occurrences(article_id, entity_no, side.quote),
        },
    )


# --- casing: "Aldervolt" beside "AlderVolt" ----------------------------------------------------

_INNER_CAPITAL = re.compile(r"(?<=[a-z])[A-Z]")
CASING_CONFIDENCE = 0.55  # plus 0.05 per source beyond two that uses the right casing, to 0.7


def _lost_capitals(form: str, camel: str) -> bool:
    """Whether `form` is `camel` with its inner capitals lowered (Aldervolt for AlderVolt),
    and not an ALL-CAPS house style (ALDERVOLT) or another mix."""
    if form == camel or form.casefold() != camel.casefold() or form.isupper():
        return False
    return all(form[m.start()].islower() for m in _INNER_CAPITAL.finditer(camel))


def _casing_variants(corpus: _Corpus) -> list[FlagDraft]:
    """Names written with inner capitals (AlderVolt, BrightCore, NovaLink) that machine-translated
    articles alone write without them. Occurrences are found in the text, not only among
    mentions, since an extractor rarely recognises a lone unfamiliar word as a name."""
    seeds: dict[str, set[str]] = defaultdict(set)
    for entity in corpus.entities:
        for spelling in entity.spellings:
            for word in _WORD.findall(spelling):
                word = _POSSESSIVE.sub("", word)
                if len(word) >= 4 and _INNER_CAPITAL.search(word) and not word.isupper():
                    seeds[word.lower()].add(word)
    if not seeds:
        return []
    alternatives = "|".join(re.escape(w) for w in sorted(seeds, key=lambda w: (-len(w), w)))
    pattern = re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])", re.IGNORECASE)
    # lowered seed -> exact form -> article -> spans, in one pass over each text
    found: dict[str, dict[str, dict[int, list[tuple[int, int]]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for article_id in sorted(corpus.articles):
        for m in pattern.finditer(corpus.articles[article_id].text):
            spans = found[m.group().lower()][m.group()].setdefault(article_id, [])
            spans.append((m.start(), m.end()))
    flags = []
    for lowered in sorted(found):
        forms = found[lowered]
        camels = [w for w in seeds.get(lowered, ()) if w in forms]
        if not camels:
            continue
        camel = max(camels, key=lambda w: (len(corpus.sources(forms[w])), w))
        right_sources = corpus.sources(forms[camel])
        if len(right_sources) < 2 or not corpus.plain_sources(forms[camel]):
            continue
        for form, where in sorted(forms.items()):
            if (
                not _lost_capitals(form, camel)
                or not corpus.translated_only(where)
                or len(corpus.sources(where)) >= len(right_sources)
                or any(form in e.spellings for e in corpus.gazetteer.lookup_all(form))
            ):
                continue
            for article_id, spans in sorted(where.items()):
                flag = _casing_flag(corpus, article_id, spans, form, camel, right_sources)
                if flag is not None:
                    flags.append(flag)
    return flags


def _casing_flag(
    corpus: _Corpus,
    article_id: int,
    spans: list[tuple[int, int]],
    form: str,
    camel: str,
    right_sources: set[str],
) -> FlagDraft | None:
    article = corpus.articles[article_id]
    located = [(s, e, corpus.sentence_at(article_id, s)) for s, e in spans]
    located = [(s, e, sent) for s, e, sent in located if sent is not None and not sent.residue]
    if not located:
        return None
    start, end, sentence = located[0]
    n = len(right_sources)
    ops = [f"{a}→{b}" for a, b in zip(form, camel, strict=True) if a != b]
    return name_variant_flag(
        "casing-lost",
        FlagSide(article_id, sentence.idx, start, end, article.text[start:end]),
        form,
        camel,
        f'Probably "{camel}": this machine-translated article ({article.source}) writes '
        f'"{form}", while {n} other sources ({_source_list(right_sources)}) write "{camel}" '
        f"with its inner capital. The difference is {', '.join(ops)} (case only); machine "
        "translation often lowers the inner capitals of a brand name.",
        round(min(0.7, CASING_CONFIDENCE + 0.05 * (n - 2)), 3),
        {
            "other_spellings": {camel: {"sources": sorted(right_sources)}},
            "sources": [article.source],
            "translated": article.translated,
            "edit_operations": ops,
            "occurrences": [[s, e] for s, e, _ in located],
        },
    )


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if w.casefold() not in _STOP and len(w) >= 2}


def _context_match(description: str, context: str) -> list[str]:
    """Description words found in the context, by shared 5-letter prefix (crypto/cryptocurrency,
    adviser/advisor)."""
    found = []
    seen = {w[:5] for w in _content_words(context)}
    for word in sorted(_content_words(description)):
        if word[:5] in seen:
            found.append(word)
    return found


def _context(corpus: _Corpus, entity: Entity) -> str:
    parts = []
    for article_id, start, end in entity.members:
        text = corpus.articles[article_id].text
        parts.append(text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS])
    return " ".join(parts)


def _gazetteer_variants(corpus: _Corpus, skip: set[int]) -> list[tuple[int, FlagDraft]]:
    """People attested only in machine-translated articles of one source, one or two cheap edits
    away from a gazetteer person."""
    flags = []
    for n, entity in enumerate(corpus.entities):
        articles = corpus.entity_articles(entity)
        if (
            n in skip
            or entity.kind != "person"
            or entity.gazetteer_id is not None
            or len(corpus.sources(articles)) != 1
            or not corpus.translated_only(articles)
        ):
            continue
        name = max(entity.spellings, key=lambda s: (len(s.split()), entity.spellings[s]))
        if corpus.gazetteer.lookup(name) is not None:
            continue
        match = _best_person(corpus.gazetteer, name)
        if match is None:
            continue
        entry, similarity = match
        matched = _context_match(entry.description, _context(corpus, entity))
        if similarity < GAZETTEER_THRESHOLD or (not matched and similarity < GAZETTEER_NO_CONTEXT):
            continue
        # Everyday words ("house", "states") count half: they match any article.
        support = sum(1.0 if _zipf(w) < 5.0 else 0.5 for w in matched)
        confidence = round(min(0.9, 0.4 + 0.12 * min(support, 4) + (similarity - 0.9)), 3)
        ops = edit_operations(name, entry.name)
        for article_id in sorted(articles):
            article = corpus.articles[article_id]
            mention = corpus.first_mention(article_id, n, None)
            side = corpus.side(article_id, mention)
            context_note = (
                f"The words around the name ({', '.join(matched)}) fit that entry."
                if matched
                else "Nothing around the name confirms it is the same person."
            )
            explanation = (
                f'Probably "{entry.name}" ({entry.description}): "{name}" appears only in '
                f"one machine-translated article ({article.source}) and is not in the "
                f'gazetteer, while "{entry.name}" is a small spelling change away '
                f"({', '.join(ops)}). {_reason(ops)} {context_note}"
            )
            flags.append(
                (
                    n,
                    name_variant_flag(
                        "translit-gazetteer",
                        side,
                        name,
                        entry.name,
                        explanation,
                        confidence,
                        {
                            "other_spellings": {},
                            "sources": sorted(corpus.sources(articles)),
                            "translated": True,
                            "edit_operations": ops,
                            "similarity": round(similarity, 3),
                            "gazetteer": _gazetteer_evidence(entry),
                            "context_words": matched,
                            "occurrences": corpus.occurrences(article_id, n, side.quote),
                        },
                    ),
                )
            )
    return flags


def _best_person(gazetteer: Gazetteer, name: str) -> tuple[GazetteerEntry, float] | None:
    """The closest gazetteer person whose name agrees word by word, when it is clearly closer
    than the runner-up."""
    people = [
        (e, s)
        for e, s in gazetteer.nearest(name, limit=5)
        if e.kind == "person" and _agrees(name, e)
    ]
    if not people:
        return None
    if len(people) > 1 and people[1][1] >= people[0][1] - 0.02:
        return None  # two people equally close: no basis to pick one
    return people[0]


def _agrees(name: str, entry: GazetteerEntry) -> bool:
    """Word-by-word agreement with one of the entry's spellings: at least one word identical and
    every other word a close variant (`_garble_of`): "Tom Reid"/"Tom Reed", not "Tom
    Smith"/"Adam Smith". A lone surname must be a word English does not know, since "Baker" or
    "Jessy" alone could be anyone."""
    words = _name_words(name)
    if not words:
        return False
    if len(words) == 1:
        surnames = {_name_words(s)[-1] for s in entry.spellings if _name_words(s)}
        return _zipf(words[0]) < UNKNOWN_WORD and any(
            name_similarity(words[0], s) >= TOKEN_THRESHOLD and not changes_onset(words[0], s)
            for s in surnames
        )
    for spelling in entry.spellings:
        theirs = _name_words(spelling)
        mine = words
        if len(theirs) != len(mine):
            if len(theirs) < 2 or len(mine) < 2:
                continue
            mine, theirs = [mine[0], "".join(mine[1:])], [theirs[0], "".join(theirs[1:])]
        pairs = list(zip(mine, theirs, strict=True))
        if any(a == b for a, b in pairs) and all(a == b or _garble_of(a, b) for a, b in pairs):
            return True
    return False


def _garble_of(mine: str, theirs: str) -> bool:
    """A one-edit variant that keeps its first letter and is not a far more common word than the
    gazetteer's spelling (Joanna is a name of its own, not a garbled Jahana; Tara not Dale)."""
    return (
        name_similarity(mine, theirs) >= 0.85
        and len(edit_operations(mine, theirs)) == 1
        and not changes_onset(mine, theirs)
        and _zipf(mine) - _zipf(theirs) < 2.0
    )


_PARTICLES = frozenset({"van", "von", "de", "der", "da", "di", "bin", "al", "la", "le"})
_LETTERS = re.compile(r"^[A-Z][A-Za-z]*(?:[-'’][A-Za-z]+)*\.?$")


def _person_shaped(name: str) -> bool:
    """One to four capitalised words, no digits, acronyms, generic words or sentence breaks:
    a guard against extraction noise such as "the Gulf. CEO Tanabe"."""
    words = name.split()
    if not 0 < len(words) <= 4 or any(w.casefold() in _GENERIC for w in words):
        return False
    for n, word in enumerate(words):
        if word in _PARTICLES:
            continue
        if n < len(words) - 1 and _POSSESSIVE.search(word):
            return False  # "Korea's Hwaseon" is two names
        initial = len(word) == 2 and word.endswith(".")  # "J." in "Mary J. Olsen"
        if not _LETTERS.match(word) or (not initial and not any(c.islower() for c in word)):
            return False
        if word.endswith(".") and not initial:
            return False  # a sentence break inside the span
    return True


def _named_elsewhere(corpus: _Corpus, n: int, words: list[str], articles: set[int]) -> bool:
    """Another outlet names the same person in a longer or shorter form (two words or more in
    common, diacritics and romanisation aside): the spelling is corroborated."""
    for j, other in enumerate(corpus.entities):
        if j == n or other.kind != "person" or corpus.entity_articles(other) <= articles:
            continue
        for spelling in other.spellings:
            theirs = _name_words(spelling)
            small, large = sorted((words, theirs), key=len)
            if len(small) >= 2 and _covers(small, large):
                return True
    return False


def _plausible_name(corpus: _Corpus, words: list[str]) -> bool:
    """Whether the name has the shape of a real one: a known given name before a surname
    ("Paulo Dybala"), or every word an English word, a known given name or the syllables of
    a romanisation ("Seo Jung-won", "Daishiro Miyazaki", "Pham Minh Thanh"). What is left
    ("Arfang", "Sharpin") is no name any convention produces."""
    if len(words) >= 2 and corpus.known_given(words[0]):
        return True
    return bool(words) and all(
        _zipf(w) >= RARE_WORD or corpus.known_given(w) or romanised_word(w) for w in words
    )


def _near_known(corpus: _Corpus, n: int, name: str, articles: set[int]) -> bool:
    """Another outlet's person with the same surname and another first word ("Bayan Yurtsever"
    where others write "Kemal Yurtsever"): then a well-formed name is still worth a look. (A
    gazetteer person spelt almost the same is the gazetteer-near-match rule's case.)"""
    words = _name_words(name)
    if len(words) < 2:
        return False
    mine = corpus.sources(articles)
    for j, other in enumerate(corpus.entities):
        if (
            j == n
            or other.kind != "person"
            or not corpus.sources(corpus.entity_articles(other)) - mine
        ):
            continue
        for spelling in other.spellings:
            theirs = _name_words(spelling)
            if len(theirs) >= 2 and theirs[-1] == words[-1] and theirs[0] != words[0]:
                return True
    return False


def _unverified(corpus: _Corpus, skip: set[int]) -> list[FlagDraft]:
    """People named in one machine-translated source only, unknown to the gazetteer."""
    names = [e.canonical for e in corpus.entities]
    flags = []
    for n, entity in enumerate(corpus.entities):
        articles = corpus.entity_articles(entity)
        if (
            n in skip
            or entity.kind != "person"
            or entity.gazetteer_id is not None
            or len(corpus.sources(articles)) != 1
            or not corpus.translated_only(articles)
            or any(corpus.gazetteer.lookup(s) for s in entity.spellings)
        ):
            continue
        name = max(entity.spellings, key=lambda s: (len(s.split()), entity.spellings[s]))
        if not _person_shaped(name) or min(map(_zipf, _name_words(name)), default=9) >= RARE_WORD:
            continue  # extraction noise, or every word an everyday English name (Mike Smith)
        if _named_elsewhere(corpus, n, _name_words(name), articles):
            continue  # "Maria Elena Costa" here, "Elena Costa" in another outlet
        near_entries = corpus.gazetteer.nearest(name, limit=3, threshold=0.75)
        near_names = [(j, s) for _, j, s in similar_pairs([name], names, 0.75) if j != n][:3]
        if _plausible_name(corpus, _name_words(name)) and not _near_known(
            corpus, n, name, articles
        ):
            continue  # a well-formed name near nothing known: correct foreign names look so too
        known = [
            {"name": e.name, "description": e.description, "similarity": round(s, 3)}
            for e, s in near_entries
        ]
        in_corpus = [{"name": names[j], "similarity": round(s, 3)} for j, s in near_names]
        ranked = [(e.name, s) for e, s in near_entries] + [(names[j], s) for j, s in near_names]
        nearest = dict.fromkeys(x for x, _ in sorted(ranked, key=lambda t: -t[1]))
        hint = (
            "; nearest known spellings: " + ", ".join(f'"{x}"' for x in nearest)
            if nearest
            else "; no similar known name"
        )
        for article_id in sorted(articles):
            article = corpus.articles[article_id]
            mention = corpus.first_mention(article_id, n, None)
            side = corpus.side(article_id, mention)
            flags.append(
                unverified_name_flag(
                    "single-source-translated",
                    side,
                    f'"{name}" appears only in one machine-translated article '
                    f"({article.source}) and is not in the gazetteer{hint}. "
                    "Check the spelling against the original.",
                    0.3 if nearest else 0.2,
                    {
                        "spelling": name,
                        "sources": sorted(corpus.sources(articles)),
                        "nearest_gazetteer": known,
                        "nearest_in_corpus": in_corpus,
                        "occurrences": corpus.occurrences(article_id, n, side.quote),
                    },
                )
            )
    return flags


def detect_name_variants(
    articles: list[ArticleText],
    mentions: dict[int, list[Mention]],
    entities: list[Entity],
    gazetteer: Gazetteer,
    sentences: Mapping[int, Sequence[SentenceSpan]] | None = None,
) -> list[FlagDraft]:
    """`name_variant` and `unverified_name` flags, in article and offset order.

    `sentences` are the articles' `segment_article` spans when the caller has them (a flag quotes
    its sentence); articles missing from it are split again.
    """
    corpus = _Corpus(articles, mentions, entities, gazetteer, sentences)
    variants = _corpus_variants(corpus)
    variants += _given_variants(corpus, {n for n, _ in variants})
    variants += _gazetteer_variants(corpus, {n for n, _ in variants})
    flags = [flag for _, flag in variants]
    flags += _casing_variants(corpus)
    flags += _unverified(corpus, {n for n, _ in variants})
    flags += _model_flags(corpus)
    flags = _drop_overlaps(flags)
    flags.sort(key=lambda f: (f.side.article_id, f.side.start, f.kind))
    return flags


def _drop_overlaps(flags: list[FlagDraft]) -> list[FlagDraft]:
    """One flag per span: a name_variant (with a suggestion) beats an unverified_name, an
    earlier rule beats a later one, and of two unverified names the fuller one stays ("Julio
    De Vido" rather than "De Vido" inside it)."""
    kept: list[FlagDraft] = []
    variant = "name_variant"
    order = sorted(
        flags,
        key=lambda f: (f.kind != variant, 0 if f.kind == variant else f.side.start - f.side.end),
    )
    for flag in order:
        side = flag.side
        if not any(
            k.side.article_id == side.article_id
            and k.side.start < side.end
            and side.start < k.side.end
            for k in kept
        ):
            kept.append(flag)
    return kept
