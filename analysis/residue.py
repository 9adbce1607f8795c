"""Lines that are not the article: captions, share buttons, paywall and sign-up prompts, tickers.

Scraped pages keep furniture around the story. Left in, it becomes "claims" ("A rack of drones on a
workbench"), fake name mentions and noise in alignment. Each sentence gets a short reason or None.
Rules favour precision: a line is residue only on a clear cue (a photo credit, a prompt phrase that
makes up the line, a verbless picture description between paragraphs). Prompt phrases are
multilingual lexicons in `analysis/lexicon/residue.json`. Residue belongs to a line: the short
sentences a paywall line splits into ("Already a subscriber?", "Sign in.") share its reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from re._casefix import _EXTRA_CASES
from typing import Any

from wordfreq import lossy_tokenize, zipf_frequency

from analysis import claim_units, geo_names, page_layout
from analysis.lexicon import WORD_RE, all_languages, load, phrase_pattern
from analysis.model import ArticleText, FlagDraft, FlagSide, SentenceSpan

CAPTION = "caption"
SHARE = "share buttons"
PAYWALL = "paywall prompt"
SIGNUP = "sign-up prompt"
RELATED = "related link"
ADVERT = "advertisement"
TICKER = "ticker"
BYLINE = "byline"
FOREIGN = "foreign language"
TRANSLATION_NOTE = "translation note"
COPYRIGHT = "copyright line"
MARKUP = "markup"
REPEATED = "repeated line"
LABEL = "section label"
CUT_SHORT = "capture cut short"
OVERLONG = "overlong token"  # set by analysis.segment, never by the rules here
REASONS: tuple[str, ...] = (
    TRANSLATION_NOTE, SHARE, PAYWALL, SIGNUP, RELATED, ADVERT, TICKER, BYLINE, CAPTION, FOREIGN,
    COPYRIGHT, MARKUP, REPEATED, LABEL, CUT_SHORT, OVERLONG,
)  # fmt: skip
# Notes for the reviewer on a sentence that stays content: a sentence cut short still says what
# it says up to the cut, so it keeps its place in the claims (its flag says it is incomplete).
NOTE_ONLY = frozenset({CUT_SHORT})

_WHY = {
    CAPTION: "looks like a photo caption",
    SHARE: "is share or reaction buttons from the web page",
    PAYWALL: "is a subscription prompt from the web page",
    SIGNUP: "asks the reader to sign in or sign up",
    RELATED: "is a link to another story",
    ADVERT: "is an advertisement marker",
    TICKER: "is a stock ticker strip",
    BYLINE: "is the author's byline",
    FOREIGN: "is not in the article's language",
    TRANSLATION_NOTE: "is a note about the translation",
    COPYRIGHT: "is the page's copyright line",
    MARKUP: "is markup (code fence, HTML or Markdown) left by a converter or translator",
    REPEATED: "repeats a line above it, as a page that stores a headline or paragraph twice",
    LABEL: "is a bare section label of the web page",
    CUT_SHORT: "stops before its end: the capture of the page was cut off here",
    OVERLONG: "is not prose (far longer than any word or link)",
}
_SHORT = {
    CAPTION: "photo caption",
    SHARE: "row of share buttons",
    PAYWALL: "subscription prompt",
    SIGNUP: "sign-in prompt",
    RELATED: "related-story link",
    ADVERT: "advertisement marker",
    TICKER: "stock ticker",
    BYLINE: "byline",
    FOREIGN: "line in another language",
    TRANSLATION_NOTE: "translation note",
    COPYRIGHT: "copyright line",
    MARKUP: "markup line",
    REPEATED: "repeated line",
    LABEL: "section label",
    CUT_SHORT: "sentence cut short",
    OVERLONG: "overlong token",
}
# Languages compared against the article's language when a Latin-script line looks foreign.
_OTHER_LANGS = ("en", "de", "fr", "es", "it", "pt", "nl")
_LINE_CHARS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@dataclass(frozen=True, slots=True)
class ResidueHit:
    """Why a sentence is not article content, which rule said so and how sure it is."""

    reason: str
    rule: str
    confidence: float
    detail: str = ""  # plain-English cue, e.g. "it ends with a photo credit"


@dataclass(frozen=True, slots=True)
class LineContext:
    """Where a sentence sits: its whole line and that line's place in the article."""

    line: str
    line_no: int = 1  # index among non-empty lines; 0 is where a headline sits
    n_lines: int = 3
    n_sentences: int = 1


# Characters that `re.IGNORECASE` treats as one letter although their lower cases differ
# ("ſ" and "s", "ı" and "i"), mapped to one representative.
_CASE_CLASSES = str.maketrans({chr(c): chr(min(c, *others)) for c, others in _EXTRA_CASES.items()})


def ignorecase_key(text: str) -> str:
    """`text` folded so that two strings get one key exactly when an `re.IGNORECASE` literal
    pattern for one matches the other; one character per character, so offsets carry over."""
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").lower().translate(_CASE_CLASSES)


class PhraseSet:
    """A phrase lexicon compiled for speed, matching exactly like `lexicon.phrase_pattern`.

    One flat alternation of a few hundred phrases, each behind a lookbehind, costs every branch at
    every character. Here the phrases are grouped by first letter behind a one-character lookahead
    (phrases with different first letters never match at one position, so the order that decides
    between them is kept), and a text that holds no phrase's longest word is skipped
    without running the regex at all.
    """

    __slots__ = ("_keys", "pattern")

    def __init__(self, phrases: Iterable[str]) -> None:
        parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
        groups: dict[str, list[str]] = {}
        for phrase in parts:
            groups.setdefault(ignorecase_key(phrase[0]), []).append(phrase)
        body = "|".join(
            f"(?={re.escape(first)})(?:{phrase_pattern(group).pattern})"
            for first, group in groups.items()
        )
        self.pattern = re.compile(f"(?:{body})", re.IGNORECASE)
        # Every space-separated piece of a phrase is matched literally; the longest is the rarest.
        self._keys = tuple(
            sorted({ignorecase_key(max(p.split(" "), key=len)) for p in parts}, key=len)
        )

    def _may_match(self, text: str) -> bool:
        key = ignorecase_key(text)
        return any(piece in key for piece in self._keys)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self._may_match(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text) if self._may_match(text) else None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(text) if self._may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self._may_match(text) else iter(())

    def sub(self, repl: str, text: str) -> str:
        return self.pattern.sub(repl, text) if self._may_match(text) else text


@dataclass(frozen=True, slots=True)
class _Lexicon:
    share_words: PhraseSet
    share_phrases: PhraseSet
    paywall: PhraseSet
    signup: PhraseSet
    related: PhraseSet
    advert: PhraseSet
    credit_slash: re.Pattern[str]
    credit_bracket: re.Pattern[str]
    credit_open: re.Pattern[str]
    credit_tail: re.Pattern[str]
    positions: re.Pattern[str]
    image_nouns: PhraseSet
    titles: frozenset[str]
    verbs: frozenset[str]
    past_or_modal: frozenset[str]
    function_words: frozenset[str]
    mt_notes: tuple[re.Pattern[str], ...]
    cjk_notes: tuple[re.Pattern[str], ...]
    any_note: re.Pattern[str]  # all of `mt_notes` and `cjk_notes` in one: nothing found, no note
    self_reference: re.Pattern[str]
    note_markers: tuple[str, ...]
    ticker_entry: re.Pattern[str]
    rights: PhraseSet
    editor_credit: re.Pattern[str]


def _alternation(phrases: Sequence[str]) -> str:
    parts = sorted({p.strip() for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


@cache
def _lexicon() -> _Lexicon:
    res = load("residue")
    tr = load("translation")
    openers = _alternation(all_languages(res["credit_openers"]))
    agencies = _alternation(res["agencies"])
    credit = rf"(?:{openers}|{agencies})"
    notes = tr["mt_note_regex"]
    return _Lexicon(
        share_words=PhraseSet(all_languages(res["share_words"])),
        share_phrases=PhraseSet(all_languages(res["share_phrases"])),
        paywall=PhraseSet(all_languages(res["paywall"])),
        signup=PhraseSet(all_languages(res["signup"])),
        related=PhraseSet(all_languages(res["related"])),
        advert=PhraseSet(all_languages(res["advertisement"])),
        # "…signed in the harbour on Friday./Courtesy of AFP." and "Photograph: X/Getty Images"
        credit_slash=re.compile(rf"/\s*{credit}(?!\w)[^/]{{0,60}}$", re.IGNORECASE),
        # "(Reuters)", "(AP Photo/Evan Vucci)", "[Photo=Yonhap]" closing the line
        credit_bracket=re.compile(
            rf"[(\[]\s*(?:(?:{openers})\s*[:=]\s*[^()\[\]]{{1,50}}|"
            rf"(?:{openers}\s*)?(?:{agencies})(?!\w)"
            rf"(?:\s*(?:/|via\b|photo|images|pool|file)[^()\[\]]{{0,40}})?\s*)[)\]]\W*$",
            re.IGNORECASE,
        ),
        # "Photo: Reuters", "FILE PHOTO: Korvex CEO…", "Photo by …", "사진=연합뉴스"
        credit_open=re.compile(rf"^\W*(?:{openers})\s*(?:[:=|]|by\b)", re.IGNORECASE),
        # "… speaks in Taipei. AFP via Getty Images", "… Photograph: Anna Moneymaker" and, after
        # the caption's closing stop (or bracket), "Photo by …" / "Courtesy of …" with no stop
        credit_tail=re.compile(
            rf"(?:(?:^|[.!?]\s+)(?:{agencies})(?:\s*/\s*[\w .'-]{{1,40}})?\W*$)|"
            rf"(?:\b(?:photo(?:graph)?|image|picture|credit)\s*:\s*[^.:]{{1,60}}$)|"
            rf"(?:[.!?)]\s*(?:{openers})(?:\s*[:=|]|\s+by\b|(?<=of))\s*[^\W\d_][^.!?:]{{0,80}}$)",
            re.IGNORECASE,
        ),
        positions=re.compile(rf"\((?:{_alternation(res['positions'])})\)", re.IGNORECASE),
        image_nouns=PhraseSet(res["image_nouns"]),
        titles=frozenset(res["name_titles"]),
        verbs=frozenset(res["finite_verbs"]),
        past_or_modal=frozenset(res["past_or_modal"]),
        function_words=frozenset(res["function_words"]),
        mt_notes=tuple(
            re.compile(p, re.IGNORECASE)
            for lang, pats in notes.items()
            if lang not in ("ko", "ja", "zh")
            for p in pats
        ),
        cjk_notes=tuple(re.compile(p) for lang in ("ko", "ja", "zh") for p in notes[lang]),
        any_note=re.compile(
            "|".join(
                f"(?i:{p})" if lang not in ("ko", "ja", "zh") else f"(?:{p})"
                for lang, pats in notes.items()
                for p in pats
            )
        ),
        self_reference=re.compile(tr["self_reference_regex"], re.IGNORECASE),
        note_markers=tuple(tr["note_markers"]),
        ticker_entry=_ticker_entry(res["ticker_indices"]),
        rights=PhraseSet(all_languages(res["rights_reserved"])),
        # "(Responsible editor: Ma Tao)", "责任编辑：林琪", "Edited by Jane Doe"
        editor_credit=re.compile(
            rf"^[(\[（【]?\s*(?:{_alternation(all_languages(res['editor_credits']))})"
            r"\s*(?:[:：=|]|(?<=by)\s)\s*[^\W\d_][^:：()\[\]（）【】]{0,50}[)\]）】]?\W*$",
            re.IGNORECASE,
        ),
    )


_CASHTAG = re.compile(r"(?<![\w$])\$[A-Z]{1,6}(?:\.[A-Z]{1,2})?(?!\w)")
_SIGNS = "+\\-−–±▲▼△▽↑↓"
_TICKER_SEPARATORS = re.compile(r"[|│¦·•,;/\s–—-]+")


def _ticker_entry(indices: Sequence[str]) -> re.Pattern[str]:
    """One quote of a ticker strip: a symbol, maybe a price, then a move.

    "HWSN +4.2%", "NASDAQ:NVDA 181.20 ▲2.1 (+1.2%)", "$AMD −0.8", "005930.KS +1.1%",
    "FTSE 100 -0.4%". The symbol is 2–5 capitals (with an optional exchange prefix and share-class
    suffix), a cashtag, a numeric exchange code, or a named index from the lexicon.
    """
    symbol = (
        r"(?:\$[A-Z]{1,6}(?:\.[A-Z]{1,2})?|[A-Z]{2,5}(?:[.\-][A-Z]{1,2})?|\d{4,6}\.[A-Z]{1,2}"
        rf"|(?i:{_alternation(indices)}))"
    )
    number = r"\d[\d,.]*\d|\d"
    move = (
        rf"(?P<sign>[{_SIGNS}])\s?(?:{number})\s?%?"
        rf"|(?:{number})\s?%\s?(?P<arrow>[▲▼△▽↑↓])?"
    )
    return re.compile(
        rf"(?<![\w$])(?:[A-Z]{{2,8}}\s?:\s?)?{symbol}(?![\w&])\s*(?:(?:{number})\s+)?(?:{move})"
        rf"(?:\s*\(\s*[{_SIGNS}]?\s?(?:{number})\s?%\s*\))?(?![\w.,]?\d)"
    )


_BYLINE = re.compile(
    r"^(?:By|Von|Par|Por|Di|De)\s+[A-ZÀ-Ý][\w.'’-]+(?:\s+[A-ZÀ-Ý][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|und|et|y|e|&|\||/|-|–|—)\s*.*)?$"
)
_CREDIT_BYLINE = re.compile(
    r"^(?:Reporting|Writing|Editing|Additional reporting|Compiled) by\b"
    r"|기자\s*$|\b[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]+\b"  # RFC 5321 lengths keep it linear
)
_LETTER = re.compile(r"[^\W\d_]")
_COPYRIGHT = re.compile(r"^(?:©|\([cC]\))\s*\S")  # "© Reuters" under a picture is its credit
# "Copyright 2025 …", "Copyrights(C) …", and the circled letter Korean sites open their rights
# line with ("ⓒ 2025 Agency"); "© 2025 Agency" alone is more often a picture's credit.
_COPYRIGHT_WORD = re.compile(r"^\W*(?:copyrights?\b|[ⓒⒸ]\s*\S)", re.IGNORECASE)
# Markup a converter or an LLM translator left as text: code fences, bare HTML tags, Markdown
# rules and heading marks on their own.
_MARKUP_LINE = re.compile(
    r"^\s*(?:(?:```|~~~)[\w+#.-]*|(?:</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>\s*)+|[-*_=]{3,}|#{1,6})\s*$"
)
# A wire service's dateline alone on a line: "(Seoul=Yonhap News)".
_WIRE_TAG_LINE = re.compile(
    r"^\s*[(\[（【]\s*[^\W\d_][^()=]{0,30}=\s*[^\W\d_][^()=]{0,40}[)\]）】]\s*$"
)


@dataclass(frozen=True, slots=True)
class NoteMatch:
    """An explicit machine-translation note and how sure the match is."""

    match: re.Match[str]
    confidence: float
    cue: str


def translation_note(sentence: str, ctx: LineContext | None = None) -> NoteMatch | None:
    """An explicit machine-translation note in `sentence`, or None.

    A phrase like "translated by AI" counts only when the sentence speaks about itself ("this
    article"), opens with a note marker (※, *, "Note:"), is written in a CJK script ("번역"), or
    is a short first or last line: a story about translation software is not a note.
    """
    lex = _lexicon()
    if not lex.any_note.search(sentence):
        return None
    for pat in lex.cjk_notes:
        if m := pat.search(sentence):
            return NoteMatch(m, 0.95, "the word for translation in another script")
    ctx = ctx or LineContext(sentence)
    for pat in lex.mt_notes:
        m = pat.search(sentence)
        if not m:
            continue
        if sentence.lstrip().startswith(lex.note_markers):
            return NoteMatch(m, 0.97, "a note marked as such")
        if lex.self_reference.search(sentence):
            return NoteMatch(m, 0.97, "a note about this text itself")
        if ctx.line_no in (0, ctx.n_lines - 1) and len(WORD_RE.findall(sentence)) <= 8:
            return NoteMatch(m, 0.9, "a short line at the edge of the article")
    return None


def classify(sentence: str, ctx: LineContext | None = None, lang: str = "en") -> ResidueHit | None:
    """Why `sentence` (inside its line `ctx`) is not article content, or None when it is."""
    ctx = ctx or LineContext(sentence)
    return _classify(sentence, ctx, lang, _LineMemo())


# Line-level verdicts of one article, keyed by rule and line: every sentence of a line asks them.
class _LineMemo(dict[tuple[str, LineContext], "ResidueHit | None"]):
    """Line-level verdicts, plus how often each word occurs in the whole article: a word the
    story uses elsewhere (a name) is no evidence that its line is in another language."""

    def __init__(self, words: Counter[str] | None = None) -> None:
        super().__init__()
        self.words: Counter[str] = words if words is not None else Counter()


def _classify(sentence: str, ctx: LineContext, lang: str, memo: _LineMemo) -> ResidueHit | None:
    key = ("marked", ctx)
    if key not in memo:
        memo[key] = _marked_line_hit(ctx, lang)
    hit = memo[key] or _sentence_hit(sentence, ctx, lang, memo)
    if hit is None:
        key = ("line", ctx)
        if key not in memo:
            memo[key] = _line_hit(ctx, lang, memo.words)
        hit = memo[key]
    return hit


def residue_reason(sentence: str, ctx: LineContext | None = None, lang: str = "en") -> str | None:
    """The short reason of `classify`, e.g. "caption", or None."""
    hit = classify(sentence, ctx, lang)
    return hit.reason if hit else None


def classify_spans(
    text: str, spans: Sequence[SentenceSpan], lang: str = "en"
) -> list[ResidueHit | None]:
    """One hit (or None) per span, judged with the line around it."""
    contexts = line_contexts(text, spans)
    memo = _LineMemo(Counter(_words(text)))
    hits = [_classify(s.text, c, lang, memo) for s, c in zip(spans, contexts, strict=True)]
    _spread_over_lines(spans, contexts, hits)
    _layout(contexts, hits, lang)
    # Bare counters ("3" under "Haha") belong to the furniture around them.
    for order in (range(len(spans)), range(len(spans) - 1, -1, -1)):
        for i in order:
            if hits[i] is None and not _LETTER.search(spans[i].text) and len(spans[i].text) <= 12:
                near = [hits[j] for j in (i - 1, i + 1) if 0 <= j < len(hits) and hits[j]]
                if near and near[0] is not None:
                    hits[i] = replace(near[0], rule="beside-residue", detail="a bare counter")
    return hits


_LAYOUT_REASONS = {
    page_layout.REPEATED: REPEATED,
    page_layout.CAPTION: CAPTION,
    page_layout.LABEL: LABEL,
    page_layout.BYLINE: BYLINE,
    page_layout.CUT_SHORT: CUT_SHORT,
}
_ORDINARY_ZIPF = 3.5  # an everyday word ("details" 4.9, "recall" 4.4); a venue's name is rarer


def _layout(
    contexts: Sequence[LineContext], hits: list[ResidueHit | None], lang: str = "en"
) -> None:
    """Lines no other rule marked that the article's layout shows are residue (`page_layout`):
    the verdict covers the whole line, but for a capture cut short, where it is the last
    sentence. `lang` is the language whose word frequencies say what an everyday word is."""
    lines: dict[int, str] = {c.line_no: c.line for c in contexts}
    if not lines:
        return
    lex = _lexicon()
    counted = lang in _wordfreq_languages()
    found = page_layout.layout_hits(
        [lines.get(n, "") for n in range(max(lines) + 1)],
        lex.function_words,
        lex.verbs,
        ordinary=lambda word: counted and _ordinary(word, lang),
        known=lambda word: not counted or _frequencies(word.lower(), lang)[0] > 0,
    )
    if not found:
        return
    for i, ctx in enumerate(contexts):
        hit = found.get(ctx.line_no)
        if hit is not None and hit.reason == page_layout.CUT_SHORT and i + 1 < len(contexts):
            continue  # only the line's last sentence was cut; those before it are whole
        if hit is not None and hits[i] is None:
            reason = _LAYOUT_REASONS[hit.reason]
            hits[i] = ResidueHit(reason, hit.rule, hit.confidence, hit.detail)


def _ordinary(word: str, lang: str) -> bool:
    """An everyday word of `lang`, not a place's name: what a bare section label is made of."""
    if _frequencies(word.lower(), lang)[0] < _ORDINARY_ZIPF:
        return False
    places = geo_names.place_names()
    return places is None or not places.known(word)


# Reasons a whole line shares; a translation note may end a paragraph and says nothing about it.
_LINE_REASONS = frozenset(REASONS) - {TRANSLATION_NOTE}
_MAX_SPREAD_WORDS = 15


def _spread_over_lines(
    spans: Sequence[SentenceSpan], contexts: Sequence[LineContext], hits: list[ResidueHit | None]
) -> None:
    """Residue is a property of the line: a paywall line splits into "Subscribe now – 4 weeks for
    $1." / "Already a subscriber?" / "Sign in.", and every piece is furniture.

    An unmarked sentence takes the reason of the longest residue sentence on its line when residue
    makes up at least half the line's words and the sentence itself is short, so a paragraph with
    one odd sentence keeps its claims.
    """
    start = 0
    while start < len(spans):
        end = start + 1
        while end < len(spans) and contexts[end].line_no == contexts[start].line_no:
            end += 1
        line = range(start, end)
        start = end
        marked = [i for i in line if (h := hits[i]) is not None and h.reason in _LINE_REASONS]
        rest = [i for i in line if hits[i] is None]
        if not marked or not rest:
            continue
        size = {i: len(_words(spans[i].text)) for i in line}
        residue_words = sum(size[i] for i in line if hits[i] is not None)
        if 2 * residue_words < sum(size.values()) or max(size[i] for i in rest) > _MAX_SPREAD_WORDS:
            continue
        lead = hits[max(marked, key=lambda i: size[i])]
        assert lead is not None
        for i in rest:
            hits[i] = replace(
                lead,
                rule="same-line",
                confidence=round(lead.confidence * 0.9, 2),
                detail=f"it shares a line with a {_SHORT[lead.reason]}",
            )


def mark_residue(text: str, spans: Sequence[SentenceSpan], lang: str = "en") -> list[SentenceSpan]:
    """`spans` with their `residue` field set from `classify_spans`."""
    return mark_residue_hits(text, spans, lang)[0]


def mark_residue_hits(
    text: str, spans: Sequence[SentenceSpan], lang: str = "en"
) -> tuple[list[SentenceSpan], list[ResidueHit | None]]:
    """`mark_residue` and the hits behind it, which `residue_flags` can reuse. A `NOTE_ONLY` hit
    leaves its sentence content."""
    hits = classify_spans(text, spans, lang)
    marked = [
        replace(s, residue=h.reason if h and h.reason not in NOTE_ONLY else None)
        for s, h in zip(spans, hits, strict=True)
    ]
    return marked, hits


def residue_flags(
    article: ArticleText,
    sentences: Sequence[SentenceSpan],
    *,
    skip: Collection[str] = (TRANSLATION_NOTE,),
    hits: Sequence[ResidueHit | None] | None = None,
) -> list[FlagDraft]:
    """A `page_residue` flag for every residue sentence.

    Translation notes are skipped by default: `analysis.artifacts` reports them as
    `translation_artifact`, and one span should not ask the reviewer twice. Pass the `hits` of
    `mark_residue_hits` for these very spans to skip classifying them again.
    """
    if hits is None:
        hits = classify_spans(article.text, sentences)
    flags: list[FlagDraft] = []
    for s, hit in zip(sentences, hits, strict=True):
        if s.residue is None and hit is not None and hit.reason in NOTE_ONLY:
            flags.append(_note_flag(article, s, hit))
            continue
        if s.residue is None or s.residue in skip:
            continue
        if hit is None or hit.reason != s.residue:
            hit = ResidueHit(s.residue, "given", 0.6)
        why = _WHY.get(hit.reason, f"is page residue ({hit.reason})")
        cue = f" ({hit.detail})" if hit.detail else ""
        flags.append(
            FlagDraft(
                kind="page_residue",
                detector=f"residue-{hit.rule}",
                side=FlagSide(article.article_id, s.idx, s.start, s.end, s.text),
                explanation=(
                    f"This line {why}{cue}, not part of the story; it is kept out of the claims."
                ),
                confidence=hit.confidence,
                suggestion="remove the line",
                evidence={"reason": hit.reason, "rule": hit.rule},
            )
        )
    return flags


def _note_flag(article: ArticleText, s: SentenceSpan, hit: ResidueHit) -> FlagDraft:
    """A `NOTE_ONLY` finding: the sentence stays in the claims, the reviewer is told why to
    read it with care."""
    return FlagDraft(
        kind="page_residue",
        detector=f"residue-{hit.rule}",
        side=FlagSide(article.article_id, s.idx, s.start, s.end, s.text),
        explanation=(
            f"This sentence {_WHY[hit.reason]} ({hit.detail}). What it says up to the cut stays"
            " in the claims; the rest of the article is missing."
        ),
        confidence=hit.confidence,
        suggestion="find the full article; read this sentence as incomplete",
        evidence={"reason": hit.reason, "rule": hit.rule},
    )


def line_contexts(text: str, spans: Sequence[SentenceSpan]) -> list[LineContext]:
    """The line context of each span (spans on one line have no line break between them)."""
    groups: list[list[int]] = []
    for i, s in enumerate(spans):
        if groups and not any(c in _LINE_CHARS for c in text[spans[i - 1].end : s.start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    lines = [text[spans[g[0]].start : spans[g[-1]].end] for g in groups]
    out: list[LineContext] = []
    for n, g in enumerate(groups):
        ctx = LineContext(
            line=lines[n],
            line_no=n,
            n_lines=len(groups),
            n_sentences=len(g),
        )
        out.extend(ctx for _ in g)
    return out


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def _covered(pat: re.Pattern[str], text: str) -> int:
    """How many words of `text` the matches of `pat` cover."""
    return sum(len(_words(m.group())) for m in pat.finditer(text))


def _sentence_hit(sentence: str, ctx: LineContext, lang: str, memo: _LineMemo) -> ResidueHit | None:
    lex = _lexicon()
    n = len(_words(sentence))
    note = translation_note(sentence, ctx)
    if note:
        return ResidueHit(TRANSLATION_NOTE, "mt-note", note.confidence, "it says it was translated")
    if n <= 12 and lex.share_phrases.search(sentence):
        return ResidueHit(SHARE, "share-phrase", 0.85, "a share or feedback prompt")
    bare = sentence.strip(" .:!|»>-–—•·").strip()
    if lex.advert.fullmatch(bare):
        return ResidueHit(ADVERT, "advert-marker", 0.9)
    related = lex.related.match(bare)
    rest = bare[related.end() :].lstrip() if related else ""
    if related and ((rest and rest[0] in ":|»>-–—") or (not rest and n <= 4)):
        return ResidueHit(RELATED, "related-label", 0.85, "it opens with a related-story label")
    prompt = _prompt_hit(sentence, n, ctx)
    if prompt:
        return prompt
    key = ("ticker", ctx)
    if key not in memo:
        memo[key] = _ticker_hit(ctx.line, lex)
    return memo[key] or _foreign_hit(sentence, lang, memo.words)


def _prompt_hit(sentence: str, n: int, ctx: LineContext) -> ResidueHit | None:
    """Paywall or sign-up prompt: a prompt phrase opens a short sentence or makes up most of it."""
    lex = _lexicon()
    # The earliest match decides ("Déjà abonné ? Connectez-vous" opens with a paywall phrase),
    # the longest one among those starting together.
    best: tuple[int, int, str, re.Match[str]] | None = None
    for reason, pat in ((PAYWALL, lex.paywall), (SIGNUP, lex.signup)):
        for m in pat.finditer(sentence):
            key = (m.start(), -len(m.group()))
            if best is None or key < best[:2]:
                best = (*key, reason, m)
    if best is None or n == 0:
        return None
    *_, reason, m = best
    multiword = len(_words(m.group())) > 1
    opens = not _words(sentence[: m.start()])
    if opens and n <= 15 and (multiword or (n <= 6 and ctx.line_no > 0)):
        return ResidueHit(reason, "prompt-opener", 0.85, f"it opens with “{m.group()}”")
    pat = lex.paywall if reason == PAYWALL else lex.signup
    if n <= 8 and _covered(pat, sentence) / n >= 0.4 and (multiword or ctx.line_no > 0):
        return ResidueHit(reason, "prompt-phrase", 0.75, f"it is mostly “{m.group()}”")
    return None


def _foreign_hit(sentence: str, lang: str, seen: Counter[str] | None = None) -> ResidueHit | None:
    """Mostly words of another language: non-Latin script, or Latin words wordfreq places elsewhere.

    Capitalised words after the first are skipped (names are frequent nowhere), so an English line
    full of names and numbers stays English.
    """
    letters = _LETTER.findall(sentence)
    if len(letters) < 4:
        return None
    if lang in ("en", "de", "fr", "es", "it", "pt", "nl"):
        other = sum(1 for c in letters if not _latin(c))
        if other >= 2 and other * 2 >= len(letters):
            return ResidueHit(FOREIGN, "foreign-script", 0.8, "it is in another script")
    judged = foreign = native = 0
    tokens = _words(sentence)
    for i, tok in enumerate(tokens):
        if 2 * native > foreign + len(tokens) - i:
            return None  # even if every word left were foreign, they could not outnumber 2:1
        if not tok.isalpha() or len(tok) < 2 or not all(_latin(c) for c in tok):
            continue  # numbers are in no language
        judged += 1
        own, elsewhere = _frequencies(tok.lower(), lang)
        if (i and tok[0].isupper()) or tok.isupper():
            # A name gives no evidence, but German nouns and "Sie" are capitalised: a capitalised
            # word common elsewhere and rare here counts as foreign.
            if elsewhere >= 4.0 and elsewhere >= own + 2.5:
                foreign += 1
        elif elsewhere >= 3.0 and elsewhere >= own + 1.0:
            foreign += 1
        elif own >= 3.0 and own + 0.5 >= elsewhere:
            native += 1
    if foreign >= 2 and foreign >= 2 * native and foreign + native >= 0.6 * judged:
        return ResidueHit(FOREIGN, "foreign-words", 0.7, "most of its words are another language")
    return _identified_language_hit(sentence, lang, seen or Counter())


def _identified_language_hit(sentence: str, lang: str, seen: Counter[str]) -> ResidueHit | None:
    """A line in any other language, e.g. a headline left in Turkish above an English story.

    Words rare in `lang` that the article does not use elsewhere are the evidence (a name recurs
    in the story; an untranslated headline's words do not). When most words are such, a language
    identifier shipped with its model (py3langid) names the language, and wordfreq must know at
    least two of the words in it. A line of names ("X, Y and Z") is spared: it holds a common
    lower-case word of `lang` ("and") and no lower-case foreign word.
    """
    tokens = [t for t in _words(sentence) if t.isalpha() and len(t) >= 2]
    if len(tokens) < 3:
        return None
    line_counts = Counter(tokens)
    odd = [
        t for t in tokens if _frequencies(t.lower(), lang)[0] < 2.5 and seen[t] <= line_counts[t]
    ]
    if len(odd) < 3 or 2 * len(odd) < len(tokens):
        return None
    lowercase_odd = sum(1 for t in odd if t.islower())
    common_here = any(t.islower() and _frequencies(t, lang)[0] >= 5.0 for t in tokens)
    if lowercase_odd < 2 and common_here:
        return None
    other, prob = _identify(sentence)
    if other == lang or prob < 0.75:
        return None
    if other in _wordfreq_languages():
        known = sum(1 for t in odd if zipf_frequency(t.lower(), other, wordlist="small") >= 2.0)
        if known < 2:
            return None
    elif prob < 0.95:
        return None
    name = language_name(other)
    return ResidueHit(FOREIGN, "language-id", round(min(prob, 0.9), 2), f"it reads as {name}")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _identify(text: str) -> tuple[str, float]:
    """The most likely language of `text` and its probability (py3langid, model in the package)."""
    lang, prob = _identifier().classify(text)
    return str(lang), float(prob)


@cache
def _wordfreq_languages() -> frozenset[str]:
    from wordfreq import available_languages

    return frozenset(lang for lang in available_languages("small") if _tokenizable(lang))


def _tokenizable(lang: str) -> bool:
    """wordfreq needs MeCab (Japanese, Korean) or jieba (Chinese) installed to split text in
    some languages; without them a lookup raises, so those languages are judged on the
    identifier's confidence alone. Asked of wordfreq's tokenizer, where a lookup raises, not of a
    lookup: that loaded each of ~40 frequency lists (~0.4 s in every process that extracts, the
    most of which no article ever reads)."""
    try:
        lossy_tokenize("a", lang)
    except ImportError:
        return False
    return True


def language_name(code: str) -> str:
    return str(load("residue")["language_names"].get(code, f"language “{code}”"))


@lru_cache(maxsize=1 << 17)
def _frequencies(word: str, lang: str) -> tuple[float, float]:
    """Zipf frequency of `word` in `lang` and its highest in the other languages (memoised: the
    lookups would otherwise be most of the time spent on residue).

    The other languages are read from wordfreq's small lists (words above Zipf 3): the rules only
    count a word as foreign when it is that common elsewhere, and the six large lists would hold
    ~250 MB in every extraction process.
    """
    own = zipf_frequency(word, lang)
    return own, max(zipf_frequency(word, o, wordlist="small") for o in _OTHER_LANGS if o != lang)


@cache
def _latin(ch: str) -> bool:
    return ord(ch) < 0x250 or "LATIN" in unicodedata.name(ch, "")


def _line_hit(ctx: LineContext, lang: str, seen: Counter[str] | None = None) -> ResidueHit | None:
    """Rules that judge the whole line: every sentence of a caption line is caption."""
    lex = _lexicon()
    line = ctx.line
    tokens = _words(line)
    n = len(tokens)
    if 0 < n <= 10 and lex.share_words.search(line):
        rest = lex.share_words.sub(" ", line)
        if not _LETTER.search(rest):
            return ResidueHit(SHARE, "share-words", 0.85, "only share or reaction words")
    verbless = not lex.verbs & {t.lower() for t in tokens}
    bylined = _BYLINE.match(line) or _CREDIT_BYLINE.search(line)
    if n <= 12 and bylined and verbless and not line.endswith("."):
        return ResidueHit(BYLINE, "byline", 0.8)
    caption = _caption_hit(ctx, tokens, lex) or _fragment_heading(ctx, tokens, lex)
    if caption or ctx.n_sentences == 1:
        return caption
    # Short foreign sentences ("Bereits Abonnent? Hier anmelden.") say little alone; their line
    # as a whole is better evidence.
    foreign = _foreign_hit(line, lang, seen)
    return replace(foreign, rule="foreign-line") if foreign else None


def _marked_line_hit(ctx: LineContext, lang: str) -> ResidueHit | None:
    """Lines whose form says what they are, in any language: markup, a rights notice, an
    editor's credit, a wire dateline tag. They are checked before the language of the line."""
    lex = _lexicon()
    line = ctx.line.strip()
    n = len(_words(line))
    if _MARKUP_LINE.match(line):
        return ResidueHit(MARKUP, "markup-line", 0.9, "a code fence or bare tags")
    if n <= 20 and (_COPYRIGHT_WORD.match(line) or lex.rights.search(line)):
        if _foreign_hit(line, lang):
            return ResidueHit(FOREIGN, "copyright", 0.85, "a rights notice in another language")
        return ResidueHit(COPYRIGHT, "copyright", 0.85, "a rights notice")
    if n <= 10 and lex.editor_credit.match(line):
        return ResidueHit(BYLINE, "editor-credit", 0.85, "an editor's credit")
    if n <= 8 and _WIRE_TAG_LINE.match(line):
        return ResidueHit(BYLINE, "wire-tag", 0.85, "a news agency's dateline tag")
    return None


def _ticker_hit(line: str, lex: _Lexicon) -> ResidueHit | None:
    """A strip of quotes: "HWSN +4.2% | TLMS −1.1% | DAX +0.3%", "$QRX $ZEP $XYZ".

    Every quote needs a symbol followed by a move; at least half the moves must be signed (or
    arrows) so that a poll line ("SNP 45% | LAB 30%") is not a ticker, and at most two other words
    may remain ("Markets:").
    """
    pieces = line.split()
    tags = _CASHTAG.findall(line)
    if tags and 2 * len(tags) >= len(pieces):
        return ResidueHit(TICKER, "cashtags", 0.9, "stock symbols such as " + tags[0])
    quotes = list(lex.ticker_entry.finditer(line))
    if not quotes:
        return None
    signed = sum(1 for m in quotes if m.group("sign") or m.group("arrow"))
    rest = _words(_TICKER_SEPARATORS.sub(" ", lex.ticker_entry.sub(" ", line)))
    verbless = not lex.verbs & {t.lower() for t in rest}
    first = quotes[0].group().split()[0]
    if len(quotes) >= 2 and 2 * signed >= len(quotes) and len(rest) <= 2 and verbless:
        return ResidueHit(TICKER, "quote-strip", 0.85, f"symbols with price moves, like “{first}”")
    if len(quotes) == 1 and signed and not rest:
        return ResidueHit(TICKER, "price-move", 0.75, "a symbol with a price move")
    return None


def _caption_hit(ctx: LineContext, tokens: list[str], lex: _Lexicon) -> ResidueHit | None:
    line = ctx.line
    n = len(tokens)
    if n <= 60 and (
        (n <= 8 and _COPYRIGHT.match(line))
        or lex.credit_slash.search(line)
        or lex.credit_bracket.search(line)
        or lex.credit_open.search(line)
        or lex.credit_tail.search(line)
    ):
        return ResidueHit(CAPTION, "credit-line", 0.9, "it carries a photo credit")
    # "Maria Lopez (right) and …": a position marker next to the first names, in the present tense.
    marker = lex.positions.search(line)
    early = marker is not None and len(_words(line[: marker.start()])) <= 6
    present = not lex.past_or_modal & {t.lower() for t in tokens}
    if early and present and n <= 50:
        return ResidueHit(CAPTION, "position-marker", 0.75, "it says who stands where")
    if ctx.line_no == 0 or ctx.n_sentences != 1 or not 2 <= n <= 12:
        return None
    unbracketed = re.sub(r"\([^)]*\)", " ", line)
    if lex.verbs & {t.lower() for t in _words(unbracketed)} or claim_units.has_verb(unbracketed):
        return None  # a verb ("shows", "found", "was closed") makes it a sentence, if cut short
    if line.rstrip().endswith((".", ":", "?", "!", ";", ",")):
        return None  # a punctuated line reads as a sentence; scraped captions rarely end in one
    if lex.image_nouns.search(line):
        return ResidueHit(CAPTION, "verbless-image", 0.7, "a verbless line about a picture")
    if re.match(r"(?:A|An)\s", line):
        return ResidueHit(CAPTION, "verbless-line", 0.6, "a short verbless line between paragraphs")
    if ":" not in line and _names_only(tokens, lex):
        return ResidueHit(CAPTION, "names-line", 0.65, "only names, like a picture caption")
    return None


_FRAGMENT_WORDS = 6  # "Why? Aftermath", "Who? Nobody. Where? Here" are short
_CLOSED_LINE = (".", "!", "?", ":", ";", ",", "…", '"', "'", "”", "’", ")")
# The pieces part at a question or an exclamation: a full stop inside a short line is as often
# an abbreviation or a version number ("Calif.", "OS 10. 8" in detokenised text) as a break.
_QUESTION_PIECE = re.compile(r"[?!]\s+\S")


def _fragment_heading(ctx: LineContext, tokens: list[str], lex: _Lexicon) -> ResidueHit | None:
    """ "Why? Aftermath": a short line of two or more verbless pieces parted by a question or
    exclamation mark, the last one unclosed, between paragraphs: a site's sub-heading whose
    translation came apart. A story sentence has a verb; a one-piece heading is the caption and
    label rules' to judge. None of the 2,225 native BBC articles or the 979 ECB+ control
    articles has such a line."""
    if ctx.line_no == 0 or ctx.n_sentences < 2 or not 2 <= len(tokens) <= _FRAGMENT_WORDS:
        return None
    line = ctx.line.strip()
    if line.endswith(_CLOSED_LINE) or lex.verbs & {t.lower() for t in tokens}:
        return None
    if not _QUESTION_PIECE.search(line) or claim_units.has_verb(line):
        return None
    return ResidueHit(
        LABEL,
        "fragment-heading",
        0.55,
        "a sub-heading of verbless pieces, as a translated one reads",
    )


def _names_only(tokens: list[str], lex: _Lexicon) -> bool:
    """Names joined by "and"/commas, with titles: "Ms. Ilse Varga and Governor Okafor"."""
    capitalised = [t for t in tokens if t[0].isupper()]
    if len(capitalised) < 2:
        return False
    for t in tokens:
        low = t.lower()
        if not t[0].isupper() and low not in lex.function_words and low not in lex.titles:
            return False
    lowered = [t.lower() for t in tokens]
    joined = "and" in lowered or "&" in lowered
    titled = any(t in lex.titles for t in lowered[:-1])
    return joined and titled
