"""Traces that machine translation leaves in English news text.

Each detector returns exact character spans with a plain-English explanation and a fix. They look
for what MT keeps from the source page or breaks on the way: an explicit "translated by AI" note,
a bracketed conversion into the source country's currency, spacing broken around %, $ and hyphens,
CJK punctuation and full-width characters, a known name whose inner capitals were lost
("Aldervolt"), a phrase said twice in one short clause, and an East Asian idiom rendered word for
word ("turned on a blue signal" for 청신호, "a green light"; lexicon in
`analysis/lexicon/calques.json`).
`garble_score` turns their density, with a cheap stylistic cue, into a per-article estimate,
because a "translated" note is often missing.

Confidence is the chance a reviewer agrees the span is an MT artifact: an explicit note 0.95+,
"50%of" 0.9, a lost single capital ("Brightcore" for "BrightCore", a house style too) 0.4, a calque
0.7 in a translated article and 0.35 elsewhere (it may be a deliberate figure of speech).
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain, pairwise
from typing import Any

from wordfreq import zipf_frequency

from analysis.date_style import bare_day_hits
from analysis.facility_media import facility_hits
from analysis.lexicon import WORD_RE, load
from analysis.model import ArticleText, FlagDraft, FlagKind, FlagSide, SentenceSpan
from analysis.number_style import number_style_hits
from analysis.residue import (
    ADVERT,
    BYLINE,
    FOREIGN,
    MARKUP,
    OVERLONG,
    PAYWALL,
    RELATED,
    SHARE,
    SIGNUP,
    TICKER,
    ignorecase_key,
    language_name,
    line_contexts,
    translation_note,
)
from analysis.segment import split_sentences
from analysis.source_words import source_word_hits
from analysis.typography import typography_hits
from analysis.wire_copy import wire_copy_hits

KIND: FlagKind = "translation_artifact"
# Page furniture is dropped from claims already; artifacts inside it would only add noise.
_FURNITURE = frozenset({SHARE, PAYWALL, SIGNUP, RELATED, ADVERT, TICKER, FOREIGN, BYLINE, OVERLONG})
# Residue that a translation leaves: lines in the source language, a converter's markup.
_SOURCE_RESIDUE = frozenset({FOREIGN, MARKUP})


@dataclass(slots=True)
class _Hit:
    start: int  # offsets inside the sentence
    end: int
    detector: str
    confidence: float
    explanation: str
    suggestion: str | None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Patterns:
    conversion: re.Pattern[str]
    currency_of: dict[str, tuple[str, float]]  # lower-cased currency word -> (code, confidence)
    money_before: re.Pattern[str]
    approx: re.Pattern[str]
    script_punct: dict[str, str]
    title_surname: re.Pattern[str]
    stopwords: frozenset[str]
    linkers: frozenset[str]
    generic_words: frozenset[str]  # "bank", "group": lower-cased inside names by style guides


_AMOUNT = (
    r"\d[\d,.]*(?:\s?(?:thousand|million|billion|trillion|bn|tn|mn|m|k|억|조|만|천|億|兆|万))*"
)


@cache
def _patterns() -> _Patterns:
    tr = load("translation")
    currency_of: dict[str, tuple[str, float]] = {}
    for code, spec in tr["conversion_currencies"].items():
        for word in spec["words"]:
            currency_of[word.lower()] = (code, float(spec["confidence"]))
    words = sorted(currency_of, key=len, reverse=True)
    curr = "(?<![A-Za-z])(?:" + "|".join(re.escape(w) for w in words) + ")(?![A-Za-z])"
    approx_words = sorted(tr["approx_words"], key=len, reverse=True)
    approx = "(?:" + "|".join(re.escape(w) for w in approx_words) + ")"
    titles = "|".join(re.escape(t) for t in tr["corporate_titles"])
    return _Patterns(
        conversion=re.compile(
            rf"[(\[]\s*(?P<approx>{approx}\s*)?(?:(?P<pre>{curr})\s?)?(?P<amount>{_AMOUNT})"
            rf"\s?(?P<post>{curr})?\s*[)\];]",
            re.IGNORECASE,
        ),
        currency_of=currency_of,
        money_before=re.compile(
            r"(?:[$€£¥₩]|\b(?:US|USD|EUR|GBP)\s?)\s?\d|\d[\d,.]*\s*(?:million|billion|trillion|bn|m)?"
            r"\s*(?:dollars?|euros?|pounds?|won|yen|yuan)\b",
            re.IGNORECASE,
        ),
        approx=re.compile(approx, re.IGNORECASE),
        script_punct=dict(tr["script_punct"]),
        # "CEO Tanabe", no first name: Korean and Japanese style puts the title before a surname.
        title_surname=re.compile(rf"\b(?:{titles})\s+[A-Z][a-z]+\b(?!\s+[A-Z])"),
        stopwords=frozenset(tr["stopwords_en"]),
        linkers=frozenset(tr["linkers_en"]),
        generic_words=frozenset(tr["generic_name_words"]),
    )


def detect_translation_artifacts(
    article: ArticleText,
    sentences: Sequence[SentenceSpan],
    known_names: Iterable[str] | KnownNames = (),
    *,
    scan: ArtifactScan | None = None,
) -> list[FlagDraft]:
    """`translation_artifact` flags with exact spans, an explanation and a suggested fix.

    `known_names` are trusted spellings (gazetteer entries, canonical entity names); a casing that
    differs from all of them is flagged. Pass canonical forms: a spelling that is itself a lost-
    capital form of another known spelling ("Aldervolt" beside "AlderVolt") is not trusted. A corpus
    run should build `KnownNames` once and pass it for every article.
    `suggestion` is the replacement text when there is one ("50% of"), else a short instruction;
    `evidence["replacement"]` always holds the exact replacement ("" = delete) when one exists.
    `scan` is `scan_artifacts(article.text, sentences)`, when already computed.
    """
    known = known_names if isinstance(known_names, KnownNames) else KnownNames(known_names)
    if scan is None:
        scan = scan_artifacts(article.text, sentences)
    if len(scan.sentences) != len(sentences):
        raise ValueError("the scan belongs to other sentences")
    flags: list[FlagDraft] = []
    for s, found in zip(sentences, scan.sentences, strict=True):
        if found is None:
            continue
        hits = [*found.hits, *_calque_hits_of(s.text, found.calques, article.translated)]
        if known.names:
            hits.extend(_name_casing(s.text, known.find(s.text), known.names, article.translated))
        flags.extend(_to_flag(article, s, h) for h in _dedupe(hits))
    return flags


@dataclass(frozen=True, slots=True)
class _SentenceScan:
    hits: tuple[_Hit, ...]  # the note, conversions, spacing, scripts, repeats, in that order
    calques: tuple[tuple[int, int, int], ...]  # (index in `calques()`, start, end)


@dataclass(frozen=True, slots=True)
class ArtifactScan:
    """What the detectors find in one article's sentences before two inputs are known: whether
    the article is translated (calque confidence) and the corpus's names (name casing).

    `garble_score` needs the artifacts to decide "translated", and the name list needs every
    article's entities; a scan lets both reuse one pass over the text. Picklable.
    """

    sentences: tuple[_SentenceScan | None, ...]  # None for page furniture


def scan_artifacts(text: str, sentences: Sequence[SentenceSpan]) -> ArtifactScan:
    """The translation-independent, name-independent part of `detect_translation_artifacts`."""
    contexts = line_contexts(text, sentences)
    found: list[_SentenceScan | None] = []
    for s, ctx in zip(sentences, contexts, strict=True):
        if s.residue in _FURNITURE:
            found.append(None)
            continue
        note = translation_note(s.text, ctx)
        hits: list[_Hit] = []
        if note:
            hits.append(
                _Hit(
                    0,
                    len(s.text),
                    "mt-note",
                    note.confidence,
                    f"This is an explicit machine-translation note ({note.cue}): the article was "
                    "translated, so names, numbers and quotes need checking against the original.",
                    "mark the article as machine-translated; keep the note out of the claims",
                    {"phrase": note.match.group()},
                )
            )
        hits.extend(_base_hits(s.text, skip_scripts=note is not None, context=text))
        found.append(_SentenceScan(tuple(hits), tuple(_calque_matches(s.text))))
    return ArtifactScan(tuple(found))


def _base_hits(text: str, *, skip_scripts: bool = False, context: str = "") -> Iterator[_Hit]:
    """The sentence's own traces; `context` (its article) tells an ordinal noun from a bare day
    and a list from a decimal comma."""
    yield from _conversions(text)
    yield from _spacing(text)
    yield from _source_titles(text)
    for t in chain(
        typography_hits(text),
        wire_copy_hits(text),
        facility_hits(text, context),
        bare_day_hits(text, context),
        number_style_hits(text, context),
        source_word_hits(text),
    ):
        evidence = {"replacement": t.fix} if t.fix is not None else {}
        suggestion = t.fix if t.fix is not None else t.advice
        yield _Hit(t.start, t.end, t.detector, t.confidence, t.explanation, suggestion, evidence)
    if not skip_scripts:
        yield from _scripts(text)
    yield from _repeats(text)
    yield from _doubled_nouns(text)


def _to_flag(article: ArticleText, s: SentenceSpan, h: _Hit) -> FlagDraft:
    start, end = s.start + h.start, s.start + h.end
    quote = article.text[start:end]
    return FlagDraft(
        kind=KIND,
        detector=h.detector,
        side=FlagSide(article.article_id, s.idx, start, end, quote),
        explanation=h.explanation,
        confidence=round(h.confidence, 2),
        suggestion=h.suggestion,
        evidence=h.evidence,
    )


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """Drop a hit lying inside a stronger one (the note already covers its own ※)."""
    hits.sort(key=lambda h: (-h.confidence, h.start))
    kept: list[_Hit] = []
    for h in hits:
        inside = any(k.start <= h.start and h.end <= k.end and k is not h for k in kept)
        if not inside:
            kept.append(h)
    return sorted(kept, key=lambda h: h.start)


# --- titles of the source language ----------------------------------------------------------


_TITLE_AFTER = frozenset({"zh", "ko", "ja"})  # "Zhang Xiansheng", "Tanaka Shacho"


@cache
def _title_lexicon() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, str]]]:
    """Regexes for "Title Surname" and "Surname Title" (East Asian order) over every language's
    titles, and title -> (language, English meaning)."""
    meaning: dict[str, tuple[str, str]] = {}
    for lang, titles in load("translation")["source_titles"].items():
        if not lang.startswith("_"):
            meaning.update({title: (lang, english) for title, english in titles.items()})

    def words(after: bool) -> str:
        chosen = [t for t, (lang, _) in meaning.items() if (lang in _TITLE_AFTER) == after]
        return "|".join(re.escape(t) for t in sorted(chosen, key=len, reverse=True))

    name = r"[A-Z][\w'’-]+"
    return (
        re.compile(rf"(?<![\w-])(?P<title>{words(False)})\s+(?P<name>{name})(?![\w-])"),
        re.compile(rf"(?<![\w-])(?P<name>{name})\s+(?P<title>{words(True)})(?![\w-])"),
        meaning,
    )


def _source_titles(text: str) -> Iterator[_Hit]:
    """ "Herr Weber", "Zhang Xiansheng": a title of the source language ("Mr") kept
    before a surname, where English readers take it for a given name."""
    before, after, meaning = _title_lexicon()
    for m in chain(before.finditer(text), after.finditer(text)):
        title, surname = m.group("title"), m.group("name")
        lang, english = meaning[title]
        common = zipf_frequency(title.lower(), "en") >= 2.5  # "Herr", "Madame": used in English
        if zipf_frequency(surname.lower(), "en") >= (2.5 if common else 4.0):
            continue  # "Madame Butterfly", "Herr Doktor": not a title before a surname
        fix = f"{english.split('/')[0].capitalize()} {surname}"
        yield _Hit(
            m.start(),
            m.end(),
            "source-title",
            0.45 if common else 0.7,
            f"“{title}” is {language_name(lang)} for “{english}”: the translation "
            f"kept a title before the surname, where it reads as a given name (“{m.group()}”).",
            fix,
            {"replacement": fix, "title": title, "language": lang},
        )


# --- currency conversions ---------------------------------------------------------------------


def _conversions(text: str) -> Iterator[_Hit]:
    p = _patterns()
    for m in p.conversion.finditer(text):
        word = (m.group("pre") or m.group("post") or "").lower()
        if not word or word not in p.currency_of:
            continue
        code, confidence = p.currency_of[word]
        before = text[max(0, m.start() - 60) : m.start()]
        if not p.money_before.search(before):
            continue
        if m.group("approx"):
            confidence += 0.05
        if any(ord(c) > 0x3000 for c in m.group()):
            confidence += 0.05
        end = m.end() if m.group().endswith((")", "]")) else m.end() - 1
        quote = text[m.start() : end]
        if quote.endswith(";"):
            quote = quote[:-1]
        yield _Hit(
            m.start(),
            m.start() + len(quote),
            "currency-conversion",
            min(confidence, 0.95),
            f"The bracketed “{quote}” converts the amount into {code}, the home currency of a "
            "source outlet; translated articles keep these conversions, English originals rarely "
            "do.",
            "remove the bracketed conversion",
            {"currency": code, "replacement": ""},
        )


# --- spacing ----------------------------------------------------------------------------------

# Numerals are bounded ({0,30}): unbounded, a long run of "1,1,1,..." is rescanned from every comma.
_PCT_GLUED = re.compile(r"(?<![\w.])(\d[\d,.]{0,30})%([^\W\d_]+)")
_PCT_SPACED = re.compile(r"(?<![\w.])(\d[\d,.]{0,30}) %(?!\w)")
_CUR_SPACED = re.compile(r"(?<![\w$])((?:US|A|C|HK|NT|S)?[$€£¥₩])\s+(\d[\d,.]*)")
_SPACE_PUNCT = re.compile(r"(?<!\w)(\w+) +([,.;:!?])(?=\s|$)")  # word starts only: linear
_MISSING_SPACE = re.compile(r"\b([a-z]{2,}[.!?])([A-Z][a-z]+)\b")


def _spacing(text: str) -> Iterator[_Hit]:
    for m in _PCT_GLUED.finditer(text):
        num, word = m.groups()
        if word.lower() in ("p", "pt", "pts"):
            yield _Hit(
                m.start(),
                m.end(),
                "percent-point",
                0.7,
                f"“{m.group()}” is the Korean and Japanese way to write percentage points.",
                f"{num} percentage points",
                {"replacement": f"{num} percentage points"},
            )
            continue
        fix = f"{num}% {word}"
        yield _Hit(
            m.start(),
            m.end(),
            "percent-spacing",
            0.9,
            f"“{m.group()}” runs the percent sign into the next word, a typical machine-"
            "translation spacing error.",
            fix,
            {"replacement": fix},
        )
    for m in _PCT_SPACED.finditer(text):
        fix = f"{m.group(1)}%"
        yield _Hit(
            m.start(),
            m.end(),
            "percent-spacing",
            0.7,
            f"“{m.group()}” puts a space before the percent sign, as French and German do; "
            "English writes it closed up.",
            fix,
            {"replacement": fix},
        )
    for m in _CUR_SPACED.finditer(text):
        symbol, amount = m.groups()
        fix = symbol + amount
        confidence = 0.85 if symbol.endswith(("$", "£")) else 0.6
        yield _Hit(
            m.start(),
            m.end(),
            "currency-spacing",
            confidence,
            f"“{m.group()}” has a space between the currency sign and the amount; English "
            "writes them together.",
            fix,
            {"replacement": fix},
        )
    for m in _SPACE_PUNCT.finditer(text):
        word, mark = m.groups()
        if mark in ".," and text[m.end() : m.end() + 1] == mark:
            continue
        fix = word + mark
        yield _Hit(
            m.start(),
            m.end(),
            "punct-spacing",
            0.5 if mark in ",." else 0.45,
            f"“{m.group()}” has a space before the “{mark}”; English puts punctuation straight "
            "after the word.",
            fix,
            {"replacement": fix},
        )
    for m in _MISSING_SPACE.finditer(text):
        fix = f"{m.group(1)} {m.group(2)}"
        yield _Hit(
            m.start(),
            m.end(),
            "missing-space",
            0.5,
            f"“{m.group()}” runs two sentences together without a space.",
            fix,
            {"replacement": fix},
        )


# --- scripts ----------------------------------------------------------------------------------

_FULLWIDTH = re.compile(r"[\uFF01-\uFF5E\u3000]+")
_CJK_RUN = re.compile(
    r"[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF]+"
    r"(?:\s+[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF]+)*"
)


# CJK quotation brackets, flagged as one span so the fix can rewrite both ends: 「historic」.
_PAIRS = {"「": "」", "『": "』", "〈": "〉", "《": "》", "【": "】", "〔": "〕"}
_PAIRED = re.compile(
    "|".join(f"{o}[^{o}{c}\n]{{0,80}}{c}" for o, c in _PAIRS.items())  # none is a regex metachar
)


def _scripts(text: str) -> Iterator[_Hit]:
    p = _patterns()
    paired: set[int] = set()
    for m in _PAIRED.finditer(text):
        opener, closer = m.group()[0], m.group()[-1]
        fix = p.script_punct[opener] + m.group()[1:-1] + p.script_punct[closer]
        paired.update((m.start(), m.end() - 1))
        yield _Hit(
            m.start(),
            m.end(),
            "script-punct",
            0.8,
            f"“{opener}…{closer}” are East Asian quotation brackets that English does not use; "
            "they were carried over from the source text.",
            fix,
            {"replacement": fix},
        )
    marks = "".join(re.escape(c) for c in p.script_punct)
    for m in re.finditer(rf"[{marks}]", text):
        if m.start() in paired:
            continue
        fix = p.script_punct[m.group()]
        yield _Hit(
            m.start(),
            m.end(),
            "script-punct",
            0.85 if m.group() == "※" else 0.8,
            f"“{m.group()}” is East Asian punctuation that English does not use; it was carried "
            "over from the source text.",
            fix,
            {"replacement": fix},
        )
    for m in _FULLWIDTH.finditer(text):
        fix = unicodedata.normalize("NFKC", m.group())
        yield _Hit(
            m.start(),
            m.end(),
            "fullwidth",
            0.75,
            f"“{m.group()}” uses full-width characters from East Asian typesetting.",
            fix,
            {"replacement": fix},
        )
    for m in _CJK_RUN.finditer(text):
        yield _Hit(
            m.start(),
            m.end(),
            "foreign-script",
            0.6,
            f"“{m.group()}” was left untranslated in the source script.",
            "translate or remove",
        )


# --- repeated phrase --------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]“”\"—–]|\s-\s")
_MAX_CLAUSE_WORDS = 15


def _repeats(text: str) -> Iterator[_Hit]:
    """The same 2+-word phrase twice in one short clause: "…the coast guard found the coast
    guard" is what MT produces when it loses the object of a sentence."""
    p = _patterns()
    cuts = [x for m in _CLAUSE_BREAK.finditer(text) for x in (m.start(), m.end())]
    bounds = [0, *cuts, len(text)]
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        toks = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text, start, end)]
        if len(toks) > _MAX_CLAUSE_WORDS:
            continue
        hit = _repeat_in(toks, p.stopwords, p.linkers)
        if hit:
            yield hit


_MAX_GAP = 2
# "the heap of the heap of gravel", "the failure of the dam failure": one noun on both
# sides of "of", with at most one word between, as MT writes a source compound it could not parse.
_DOUBLED_NOUN = re.compile(
    r"\b(?P<noun>[a-z]{3,})\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[a-z]+\s+)?(?P=noun)\b"
)
# Native figures of speech built the same way ("the best of the best", "king of kings").
_DOUBLING_IDIOMS = frozenset(
    {"best", "worst", "most", "least", "first", "last", "one", "all", "none", "some", "each",
     "king", "kings", "song", "songs", "lord", "lords", "holy", "out", "end", "time", "man"}
)  # fmt: skip


# A bare noun right after a preposition and before "of" heads a complex preposition ("in place
# of", "on top of"), not a noun phrase MT doubled: "a table in place of the place card".
_COMPLEX_PREPOSITION = re.compile(r"\b(?:in|on|at|by)\s+$", re.IGNORECASE)


def _doubled_nouns(text: str) -> Iterator[_Hit]:
    for m in _DOUBLED_NOUN.finditer(text):
        noun = m.group("noun")
        if noun in _DOUBLING_IDIOMS or noun in _patterns().stopwords:
            continue
        if _COMPLEX_PREPOSITION.search(text, max(0, m.start() - 4), m.start()):
            continue
        yield _Hit(
            m.start(),
            m.end(),
            "doubled-noun",
            0.6,
            f"“{m.group()}” puts “{noun}” on both sides of “of”: machine translation writes a "
            "source compound this way when it cannot parse it.",
            "rewrite from the original",
        )


# A phrase that opens with a subject pronoun is a clause; repeated after a noun it is that noun's
# relative clause without "that" ("we won the match we won", "they built the house they built").
_SUBJECT_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she"})


def _repeat_in(
    toks: list[tuple[int, int, str]], stop: frozenset[str], linkers: frozenset[str]
) -> _Hit | None:
    """A phrase with a content word repeated, same case, after one or two words and no linker.

    Native parallelism joins its repeats ("a lot of work and a lot of fighting", "the game before
    the game", "50's beef is 50's beef"); MT's lost-object repeat puts a bare verb between them,
    and repeats a noun phrase, not a clause (`_SUBJECT_PRONOUNS`).
    A repeated name ("the United States … the United States") scores higher than common words.
    """
    words = [t[2] for t in toks]
    lower = [w.lower() for w in words]
    for n in range(min(5, len(words) // 2), 1, -1):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            content = [w for w in gram if w.lower() not in stop and w.isalpha() and len(w) >= 3]
            if not content or lower[i] in linkers or lower[i] in _SUBJECT_PRONOUNS:
                continue
            for gap in range(1, _MAX_GAP + 1):
                j = i + n + gap
                between = words[i + n : j]
                if words[j : j + n] != gram or any(w.lower() in linkers for w in between):
                    continue
                phrase = " ".join(gram)
                named = any(w[0].isupper() for w in content)
                return _Hit(
                    toks[i][0],
                    toks[j + n - 1][1],
                    "repeated-phrase",
                    0.55 if named else 0.35,
                    f"“{phrase}” appears twice in one short clause with only "
                    f"“{' '.join(between)}” between, as when machine translation loses the "
                    "subject or object of a sentence and repeats the other.",
                    "rewrite the clause from the original; one of the repeats is wrong",
                    {"phrase": phrase},
                )
    return None


# --- calques ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Calque:
    """An East Asian idiom as MT renders it word for word, and what it means."""

    id: str
    languages: tuple[str, ...]  # "Korean", "Chinese", "Japanese"
    source: str  # the idiom in its own script, e.g. "청신호(를 켜다)"
    literal: str  # what the MT English says, e.g. "turn on a blue signal"
    means: str
    suggest: str  # idiomatic English
    tier: str  # "strong": rare in native English; "weak": also a literal English phrase
    pattern: re.Pattern[str]
    example: str
    keys: tuple[str, ...]  # literal words of which every match contains one: a cheap prefilter


_PLACEHOLDER = re.compile(r"<([a-z' |]+)>")
_POSSESSIVE = r"(?:my|your|his|her|its|our|their|one['’]s|(?:the\s+)?[\w.&-]+(?:['’]s|s['’]))"
_DOUBLES = re.compile(r"[^aeiou]*[aeiou][^aeiouwxy]")  # "step" -> "stepped", not "open"


@cache
def calques() -> tuple[Calque, ...]:
    """The calque lexicon, patterns compiled."""
    lex = load("calques")
    irregular: dict[str, list[str]] = lex["irregular_verbs"]
    names: dict[str, str] = lex["languages"]
    return tuple(
        Calque(
            id=e["id"],
            languages=tuple(names[code] for code in e["langs"]),
            source=e["source"],
            literal=e["literal"],
            means=e["means"],
            suggest=e["suggest"],
            tier=e["tier"],
            pattern=re.compile(
                "|".join(_calque_regex(p, irregular) for p in e["patterns"]), re.IGNORECASE
            ),
            example=e["example"],
            keys=tuple(sorted({k for p in e["patterns"] for k in _literal_words(p)})),
        )
        for e in lex["entries"]
    )


_ESCAPE = re.compile(r"\\[a-z]")


def _literal_words(template: str) -> set[str]:
    """Words spelled out in a template ("blue", "signal" from "blue signals?"), with verbs in <…>,
    regex escapes and common words left out. A word made optional by "s?" loses its last letter.

    Every alternative of every lexicon pattern has a required content word, so a text containing
    none of these cannot match (tests check each entry's example passes the filter).
    """
    stop = frozenset(load("calques")["prefilter_stopwords"])
    text = _ESCAPE.sub(" ", _PLACEHOLDER.sub(" ", template.lower()))
    words = set()
    for m in re.finditer(r"[a-z]+", text):
        word = m.group()
        if text[m.end() : m.end() + 1] == "?":
            word = word[:-1]
        if len(word) >= 3 and word not in stop:
            words.add(word)
    return words


def _calque_regex(template: str, irregular: dict[str, list[str]]) -> str:
    """A lexicon template as a regex: <verb> inflected, spaces and apostrophes made lenient."""
    template = _PLACEHOLDER.sub(lambda m: _verbs(m.group(1), irregular), template)
    out: list[str] = []
    in_class = False
    for i, ch in enumerate(template):
        escaped = i > 0 and template[i - 1] == "\\"
        if ch == "[" and not escaped:
            in_class = True
        elif ch == "]" and not escaped:
            in_class = False
        elif not in_class and ch == " ":
            ch = r"\s*" if template[i + 1 : i + 2] == "?" else r"\s+"  # "rice ?cake"
        elif not in_class and ch == "?" and template[i - 1 : i] == " ":
            continue
        elif not in_class and ch == "'":
            ch = "['’]"
        out.append(ch)
    return rf"(?<![\w-])(?:{''.join(out)})(?![\w-])"


def _verbs(spec: str, irregular: dict[str, list[str]]) -> str:
    if spec == "poss":
        return _POSSESSIVE
    forms: list[str] = []
    for verb in spec.split("|"):
        head, _, tail = verb.strip().partition(" ")
        rest = r"\s+" + r"\s+".join(map(re.escape, tail.split())) if tail else ""
        forms += [re.escape(f) + rest for f in (head, *(irregular.get(head) or _inflect(head)))]
    return "(?:" + "|".join(sorted(set(forms), key=len, reverse=True)) + ")"


def _inflect(verb: str) -> tuple[str, str, str]:
    """Third person, past and -ing of a regular verb."""
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = verb + "es"
    elif re.search(r"[^aeiou]y$", verb):
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb.endswith("e"):
        past, ing = verb + "d", (verb if verb.endswith(("ee", "ye", "oe")) else verb[:-1]) + "ing"
    elif re.search(r"[^aeiou]y$", verb):
        past, ing = verb[:-1] + "ied", verb + "ing"
    elif _DOUBLES.fullmatch(verb):
        past, ing = verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    return third, past, ing


def _calque_confidence(c: Calque, translated: bool) -> float | None:
    table: dict[str, dict[str, float | None]] = load("calques")["confidence"]
    return table[c.tier]["translated" if translated else "native"]


def _calque_matches(text: str) -> Iterator[tuple[int, int, int]]:
    """(index in `calques()`, start, end) of every calque that is flagged in some articles."""
    entries = calques()
    for i in _calque_candidates(text.lower()):
        for m in entries[i].pattern.finditer(text):
            yield i, m.start(), m.end()


_LETTER_RUN = re.compile(r"[a-z]{3,}")


@cache
def _calque_keys() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Calques (by index) under each prefilter key, and those whose keys are not all letter runs
    (checked one by one); calques flagged in no article are left out."""
    by_key: dict[str, list[int]] = {}
    other: list[int] = []
    for i, c in enumerate(calques()):
        if _calque_confidence(c, True) is None and _calque_confidence(c, False) is None:
            continue
        if c.keys and all(_LETTER_RUN.fullmatch(k) for k in c.keys):
            for k in c.keys:
                by_key.setdefault(k, []).append(i)
        else:
            other.append(i)
    return {k: tuple(v) for k, v in by_key.items()}, tuple(other)


def _calque_candidates(lowered: str) -> list[int]:
    """Calques worth running on a lower-cased text: those with a key inside it. Keys are runs of
    three or more ASCII letters, so a key is in the text exactly when it is inside one of the
    text's letter runs; the keys inside each run are looked up once per distinct run."""
    entries = calques()
    found = {
        i
        for i in _calque_keys()[1]
        if not entries[i].keys or any(k in lowered for k in entries[i].keys)
    }
    for run in set(_LETTER_RUN.findall(lowered)):
        found.update(_calques_keyed_in(run))
    return sorted(found)


@lru_cache(maxsize=1 << 16)
def _calques_keyed_in(run: str) -> tuple[int, ...]:
    by_key = _calque_keys()[0]
    longest = max(map(len, by_key), default=0)
    return tuple(
        {
            i
            for a in range(len(run) - 2)
            for b in range(a + 3, min(len(run), a + longest) + 1)
            for i in by_key.get(run[a:b], ())
        }
    )


def _calque_hits_of(
    text: str, matches: Iterable[tuple[int, int, int]], translated: bool
) -> Iterator[_Hit]:
    """Known idioms rendered word for word. A "strong" calque is rare in native English, so it is
    flagged everywhere, with less confidence when the article is not known to be translated; a
    "weak" one is also literal English ("ate seaweed soup") and is flagged only in translations."""
    entries = calques()
    for i, start, end in matches:
        c = entries[i]
        confidence = _calque_confidence(c, translated)
        if confidence is None:
            continue
        quote = text[start:end]
        langs = " and ".join(c.languages)
        caveat = (
            ""
            if translated
            else " The article is not known to be translated, so it may be a deliberate "
            "figure of speech."
        )
        yield _Hit(
            start,
            end,
            "calque",
            confidence,
            f"“{quote}” reads as a word-for-word rendering of the {langs} idiom {c.source} "
            f"(literally “{c.literal}”), which means {c.means}; in English it makes little "
            f"sense. An English writer would say “{c.suggest}”.{caveat}",
            f"rephrase, e.g. “{c.suggest}”",
            {
                "calque": c.id,
                "idiom": c.source,
                "language": langs,
                "meaning": c.means,
                "idiomatic": c.suggest,
                "tier": c.tier,
            },
        )


# --- name casing ------------------------------------------------------------------------------


def _reference_names(known_names: Iterable[str]) -> dict[str, list[str]]:
    """Trusted spellings by casefold.

    When several casings of one name are given, one that only lost capitals against another
    ("Aldervolt" beside "AlderVolt", "Brightcore" beside "BrightCore") is not trusted.
    """
    by_fold: dict[str, set[str]] = {}
    for name in known_names:
        name = name.strip()
        if len(name) >= 3 and any(c.isalpha() for c in name):
            by_fold.setdefault(name.casefold(), set()).add(name)
    return {
        fold: sorted(s for s in spellings if not any(_lost_capitals(s, o) for o in spellings))
        for fold, spellings in by_fold.items()
    }


def _lost_capitals(seen: str, known: str) -> bool:
    """Whether `seen` is `known` with some capitals lowered and none raised."""
    if len(seen) != len(known) or seen == known or seen.casefold() != known.casefold():
        return False
    pairs = list(zip(seen, known, strict=True))
    return not any(a.isupper() and b.islower() for a, b in pairs)


_NOT_NAME_CHAR = re.compile(r"[^\w-]")


class KnownNames:
    """Trusted name spellings, indexed once per corpus for the name-casing detector.

    Finds what one case-insensitive regex of every name, longest first and bounded by non-word
    characters, would find, but by looking up text slices in a table: the regex tries every name
    at every character, which grows with the corpus's name list. Keys are `ignorecase_key`s, so a
    slice matches a name exactly when the regex would.
    """

    __slots__ = ("_firsts", "_keys", "_prefixes", "names")

    def __init__(self, known_names: Iterable[str] = ()) -> None:
        self.names = _reference_names(known_names)
        keys = {ignorecase_key(fold) for fold in self.names}
        self._keys = frozenset(keys)
        self._firsts = frozenset(k[0] for k in keys)
        # A slice ending where the text has a non-word character can still grow into a longer
        # name only if the name has such a character there (or one that folds like it).
        self._prefixes = frozenset(
            k[:j]
            for k in keys
            for j in range(1, len(k))
            if not k[j].isascii() or _NOT_NAME_CHAR.match(k[j])
        )

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each known name in `text`, left to right, the longest at each start,
        not overlapping, and neither preceded nor followed by a word character or hyphen."""
        if not self._keys:
            return
        key = ignorecase_key(text)
        n = len(text)
        ends = [m.start() for m in _NOT_NAME_CHAR.finditer(text)]
        ends.append(n)
        resume = 0
        for p in (0, *(e + 1 for e in ends[:-1])):
            if p < resume or p >= n or key[p] not in self._firsts:
                continue
            best = 0
            for i in range(bisect_right(ends, p), len(ends)):
                piece = key[p : ends[i]]
                if piece in self._keys:
                    best = ends[i]
                if piece not in self._prefixes:
                    break
            if best:
                yield p, best
                resume = best


# Below this confidence a casing difference is also a house style or a typo of native English
# outlets ("Worldcom", "TiVO"): flagged only in machine-translated articles. A lost run of
# inner capitals ("Aldervolt") is the one casing trait native copy rarely shows.
NATIVE_CASING_MIN = 0.75


def _name_casing(
    text: str,
    matches: Iterable[tuple[int, int]],
    names: dict[str, list[str]],
    translated: bool = True,
) -> Iterator[_Hit]:
    for start, end in matches:
        seen = text[start:end]
        refs = names.get(seen.casefold())
        if not refs or seen in refs:
            continue
        issues = [(_casing_issue(seen, r), r) for r in refs]
        if any(i is None for i, _ in issues):
            continue  # an accepted house style of one reference ("Korvex" for "KORVEX")
        (confidence, what), ref = max(
            ((i, r) for i, r in issues if i is not None), key=lambda x: x[0][0]
        )
        if start == 0 and seen[1:] == ref[1:]:
            continue  # only the first letter, capitalised at the start of a sentence
        if not translated and confidence < NATIVE_CASING_MIN:
            continue
        yield _Hit(
            start,
            end,
            "name-casing",
            confidence,
            f"“{seen}” is capitalised differently from the known name “{ref}” ({what}); machine "
            "translation often loses the capitals inside a name.",
            ref,
            {"known": ref, "replacement": ref},
        )


def _casing_issue(seen: str, known: str) -> tuple[float, str] | None:
    """How a spelling's capitals differ from a known name's, or None if the difference is normal.

    All capitals ("KORVEX") and a capitalised acronym that reads as a word ("Korvex", "Nasa") are
    house styles. Losing a run of capitals inside a name ("Aldervolt") is an MT trait; losing one
    ("Brightcore") is also a common house style, so it scores low.
    """
    if seen == known or len(seen) != len(known) or seen.casefold() != known.casefold():
        return None
    if seen.isupper():
        return None
    if seen.islower() and zipf_frequency(seen, "en") >= 3.0:
        return None  # a common word that happens to be a name ("apple", "surf")
    if len(seen) > 2 and seen[-1] == "s" and seen[:-1].isupper() and known[-1] == "S":
        return None  # the plural of an acronym ("PCs"), where a name list holds "PCS"
    differ = [i for i in range(len(seen)) if seen[i] != known[i]]
    if all(_later_word_at(known, i, " ") in _PARTICLES for i in differ):
        return None  # "Theo Van Gogh", "Roland De Marigny": name particles vary in case
    if known.isupper():
        if seen[0].isupper() and seen[1:].islower() and re.search(r"[aeiouy]", seen[1:], re.I):
            return None
        return 0.5, "an acronym written as an unpronounceable word"
    if seen.islower():
        return 0.5, "all capitals lost"
    lost = [i for i in range(1, len(seen)) if known[i].isupper() and seen[i].islower()]
    added = [i for i in range(1, len(seen)) if seen[i].isupper() and known[i].islower()]
    generic = _patterns().generic_words  # a closed list: word frequency would excuse "korea"
    if lost and not added and all(_later_word_at(known, i) in generic for i in lost):
        return None  # "UFJ bank", "Menatep group": style guides lowercase generic words
    if seen[0] != known[0] and not lost and not added and _leading_article(known):
        return None  # "the Guardian" inside a sentence
    if any(b == a + 1 for a, b in pairwise(lost)):
        return 0.75, "a run of inner capitals lost"
    if added:
        return 0.5, "capitals added inside the name"
    if lost:
        return 0.4, "an inner capital lost"
    if seen[0] != known[0]:
        return 0.4, "the first letter's case changed"
    return None


def _later_word_at(name: str, i: int, after: str = " -") -> str:
    """The casefolded word of `name` that starts at `i` right after one of `after`, else ""."""
    if i == 0 or name[i - 1] not in after:
        return ""
    word = re.match(r"[^\W\d_]+", name[i:])
    return word.group().casefold() if word else ""


# name particles, whose case varies between spellings of one name ("Van Gogh", "van Gogh")
_PARTICLES = frozenset(
    {"al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el", "la",
     "le", "van", "von", "ten", "ter"}
)  # fmt: skip


def _leading_article(name: str) -> bool:
    return name.split(" ", 1)[0].casefold() in ("the", "a", "an") and " " in name


# --- per-article score ------------------------------------------------------------------------


def garble_signals(
    text: str,
    known_names: Iterable[str] = (),
    sentences: Sequence[SentenceSpan] | None = None,
    *,
    flags: Sequence[FlagDraft] | None = None,
) -> dict[str, float]:
    """The inputs of `garble_score`: counts per 1,000 words and whether an explicit note exists."""
    spans = list(sentences) if sentences is not None else split_sentences(text)
    if flags is None:
        article = ArticleText(article_id=0, source="", text=text)
        flags = detect_translation_artifacts(article, spans, known_names)
    content = [s for s in spans if s.residue is None]
    claim_words = sum(len(WORD_RE.findall(s.text)) for s in content)
    per_k = 1000.0 / max(claim_words, 200)
    weight = sum(f.confidence for f in flags if f.detector != "mt-note")
    titles = sum(len(_patterns().title_surname.findall(s.text)) for s in content)
    return {
        "note": float(any(f.detector == "mt-note" for f in flags)),
        "artifacts_per_1k": weight * per_k,
        "title_surname_per_1k": titles * per_k,
        "source_residue": float(sum(1 for s in spans if s.residue in _SOURCE_RESIDUE)),
        "words": float(claim_words),
    }


def garble_score(
    text: str,
    known_names: Iterable[str] = (),
    sentences: Sequence[SentenceSpan] | None = None,
    *,
    flags: Sequence[FlagDraft] | None = None,
) -> float:
    """Estimated chance, 0..1, that `text` is machine-translated, even when no note says so.

    Confidence-weighted artifacts per 1,000 words plus "CEO Tanabe"-style title + surname per
    1,000 words, plus lines left in another language or as markup (each worth about 0.3 alone,
    at most three counted), squashed with 1 - exp(-x). An explicit note lifts the score to at
    least 0.95. Short texts are counted as at least 200 words so that one stray artifact cannot
    dominate.
    `known_names` (optional) adds the name-casing detector's findings; pass `sentences` from
    `segment_article(text)` to avoid splitting twice, and `flags` when the artifacts of `text`
    were already detected (as `detect_translation_artifacts` of an untranslated article with
    these `known_names` finds them), to avoid detecting them twice.
    """
    sig = garble_signals(text, known_names, sentences, flags=flags)
    x = 0.12 * sig["artifacts_per_1k"] + 0.08 * sig["title_surname_per_1k"]
    x += 0.35 * min(sig["source_residue"], 3.0)
    score = 1.0 - math.exp(-x)
    if sig["note"]:
        score = max(score, 0.95)
    return round(score, 3)
