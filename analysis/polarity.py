"""Polarity of news events: which way a sentence says a thing went (halted vs resumed).

The contradiction detector needs to know that "exports were halted" and "exports resumed" make
opposite claims about one concept, while "did not halt" and "resumed" agree. Words come from
`data/polarity_lexicon.json` (concept id + sign per lemma group), inflected here so the data
stays small.

Negation semantics (documented because the detector depends on them):
- A negated event takes the opposite sign of its concept: "did not halt" counts as
  operation +1, the same side as "resumed". The two poles of a concept are treated as
  complementary. For contraries this over-reads ("did not approve" may mean "not yet decided"),
  but the error runs the safe way for a contradiction detector: two negative-leaning statements
  ("did not approve" / "rejected") never conflict; only a plain claim and its denial do.
- Negators are counted in a short window before the event word (up to 4 tokens, stopping at a
  clause boundary), so "did not refuse to approve" (two negators) stays positive.
- "refused/failed/declined/ceased to X" negate X and are not events themselves; "continued/began
  to X" are aspect, not events; any other "... to X" (plans to, agreed to) makes X irrealis.
- Modal or conditional events ("may halt", "will resume", "if it bans") are returned with
  `hedged=True`: they state no fact and the detector does not compare them.
- A reversing verb right before an event word flips it: "lifted an export ban" counts as
  permission +1 as well as restriction -1.
- A lexicon word right after a determiner ("the ban", "a halt") is a noun, not an asserted
  event, and is skipped.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

WINDOW = 4  # tokens looked at before an event word for negators and hedges
REVERSAL_GAP = 3  # at most this many tokens between a reversing verb and the event it flips
_VOWELS = frozenset("aeiou")
_TOKEN = re.compile(r"\w+(?:['’\-.,]\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark with its offsets in the analysed string."""

    text: str
    low: str  # casefolded, typographic apostrophe replaced by "'"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PolarEvent:
    """One event word with the direction the sentence gives it.

    `sign` is after negation: "did not halt" is operation +1 with `negated=True`.
    Offsets are into the string given to `event_polarity`.
    """

    concept: str
    sign: int  # +1 or -1
    start: int
    end: int
    negated: bool
    lemma: str
    text: str
    hedged: bool = False


@dataclass(frozen=True, slots=True)
class _Sense:
    concept: str
    sign: int
    lemma: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The lexicon JSON compiled into lookup tables."""

    phrases: Mapping[str, tuple[tuple[tuple[str, ...], tuple[_Sense, ...]], ...]]
    negators: frozenset[str]
    negator_pairs: frozenset[tuple[str, str]]
    not_negating_after: frozenset[str]
    negating_controls: frozenset[str]
    aspectual_controls: frozenset[str]
    negating_before_to: frozenset[str]
    hedges: frozenset[str]
    boundaries: frozenset[str]
    determiners: frozenset[str]
    reversers: frozenset[tuple[str, ...]]
    blocked_by_next: Mapping[str, frozenset[str]]
    stopwords: frozenset[str]
    event_words: frozenset[str]  # every single word that belongs to some lexicon phrase


def tokenize(text: str) -> list[Token]:
    """Words (keeping "didn't", "1,200", "U.S" whole) and single punctuation marks.

    The words are interned: the contradiction detector keeps the tokens of every sentence of a
    corpus, and a few thousand distinct words would otherwise be a million string copies.
    """
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word = sys.intern(m.group())
        low = word.casefold().replace("’", "'")
        out.append(Token(word, word if low == word else sys.intern(low), m.start(), m.end()))
    return out


def inflections(lemma: str, irregular: Mapping[str, Sequence[str]] | None = None) -> set[str]:
    """The base form, -s, -ed and -ing forms of a one-word verb, plus listed irregular forms.

    Over-generation is harmless ("openned" never occurs), so a final consonant after one vowel
    is doubled in one-syllable verbs (ban -> banned) and offered both ways in longer ones
    (cancel -> canceled, cancelled).
    """
    irregular = irregular or {}
    forms = {lemma, *irregular.get(lemma, ())}
    has_irregular_past = lemma in irregular
    consonant_y = len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in _VOWELS
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    elif consonant_y:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("ee"):
        past, ings = [lemma + "d"], [lemma + "ing"]
    elif lemma.endswith("e"):
        past, ings = [lemma + "d"], [lemma[:-1] + "ing"]
    elif consonant_y:
        past, ings = [lemma[:-1] + "ied"], [lemma + "ing"]
    elif _ends_cvc(lemma):
        doubled = lemma + lemma[-1]
        past, ings = [doubled + "ed"], [doubled + "ing"]
        if _syllables(lemma) > 1:
            past.append(lemma + "ed")
            ings.append(lemma + "ing")
    else:
        past, ings = [lemma + "ed"], [lemma + "ing"]
    forms.update(ings)
    if not has_irregular_past:
        forms.update(past)
    return forms


def _ends_cvc(word: str) -> bool:
    if len(word) < 3 or word[-1] in "wxy":
        return False
    c1, v, c2 = word[-3], word[-2], word[-1]
    return c1 not in _VOWELS and v in _VOWELS and c2 not in _VOWELS


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def _phrase_forms(lemma: str, irregular: Mapping[str, Sequence[str]]) -> set[tuple[str, ...]]:
    head, *rest = lemma.split()
    return {(form, *rest) for form in inflections(head, irregular)}


def _forms_of(lemmas: Iterable[str], irregular: Mapping[str, Sequence[str]]) -> frozenset[str]:
    return frozenset(f for lemma in lemmas for f in inflections(lemma, irregular))


def compile_lexicon(data: Mapping[str, object]) -> Lexicon:
    """Build lookup tables from the JSON structure of `data/polarity_lexicon.json`."""
    raw: Mapping[str, Any] = data  # checked by the lexicon's own tests, not by types
    irregular: dict[str, list[str]] = dict(raw["irregular"])
    senses: dict[tuple[str, ...], list[_Sense]] = {}
    for entry in raw["entries"]:
        concept, sign = str(entry["concept"]), int(entry["sign"])
        for lemma in entry.get("lemmas", ()):
            for phrase in _phrase_forms(lemma, irregular):
                senses.setdefault(phrase, []).append(_Sense(concept, sign, lemma))
        for form in entry.get("forms", ()):
            senses.setdefault(tuple(form.split()), []).append(_Sense(concept, sign, form))
    by_head: dict[str, list[tuple[tuple[str, ...], tuple[_Sense, ...]]]] = {}
    for phrase, group in senses.items():
        unique = tuple(dict.fromkeys(group))
        by_head.setdefault(phrase[0], []).append((phrase, unique))
    phrases = {
        head: tuple(sorted(group, key=lambda item: -len(item[0])))
        for head, group in by_head.items()
    }
    controls: dict[str, list[str]] = dict(raw["control_verbs"])
    blocked: dict[str, list[str]] = dict(raw["blocked_by_next"])
    blocked_forms: dict[str, frozenset[str]] = {}
    for lemma, nexts in blocked.items():
        for form in inflections(lemma, irregular):
            blocked_forms[form] = frozenset(nexts)
    reversers = frozenset(p for lemma in raw["reversers"] for p in _phrase_forms(lemma, irregular))
    return Lexicon(
        phrases=phrases,
        negators=frozenset(raw["negators"]),
        negator_pairs=frozenset(tuple(p) for p in raw["negator_pairs"]),
        not_negating_after=frozenset(raw["not_negating_after"]),
        negating_controls=_forms_of(controls["negating"], irregular),
        aspectual_controls=_forms_of(controls["aspectual"], irregular),
        negating_before_to=frozenset(raw["negating_before_to"]),
        hedges=frozenset(raw["hedges"]),
        boundaries=frozenset(raw["boundaries"]),
        determiners=frozenset(raw["determiners"]),
        reversers=reversers,
        blocked_by_next=blocked_forms,
        stopwords=frozenset(raw["stopwords"]),
        event_words=frozenset(w for phrase in senses for w in phrase),
    )


@cache
def load_lexicon_data() -> Mapping[str, Any]:
    """The packaged lexicon as written (entries by concept and sign), read once per process."""
    raw = resources.files("analysis").joinpath("data", "polarity_lexicon.json").read_text("utf-8")
    return json.loads(raw)  # type: ignore[no-any-return]


@cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon, compiled once per process."""
    return compile_lexicon(load_lexicon_data())


@cache
def word_senses(word: str) -> frozenset[tuple[str, int]]:
    """(concept, sign) of every lexicon sense one word has on its own, whatever it stands in
    ("end" in "the end of the sixth", "refused" in "refused to go"): `event_polarity` reads no
    event there, but the word still takes a side."""
    low = word.casefold()
    return frozenset(
        (s.concept, s.sign)
        for phrase, senses in load_lexicon().phrases.get(low, ())
        if phrase == (low,)
        for s in senses
    )


def _match(lows: Sequence[str], i: int, lex: Lexicon) -> tuple[tuple[str, ...], tuple[_Sense, ...]]:
    for phrase, senses in lex.phrases.get(lows[i], ()):
        if tuple(lows[i : i + len(phrase)]) == phrase:
            return phrase, senses
    return (), ()


def _scope(lows: Sequence[str], i: int, lex: Lexicon) -> tuple[int, bool]:
    """Count negators and spot hedges in the few tokens before position `i`."""
    negations, hedged = 0, False
    for j in range(i - 1, max(-1, i - 1 - WINDOW), -1):
        tok = lows[j]
        nxt = lows[j + 1]
        if tok in lex.boundaries:
            break
        if tok in lex.negators and not (tok == "not" and nxt in lex.not_negating_after):
            negations += 1
        elif tok.endswith("n't"):
            negations += 1
            hedged = hedged or tok in {"won't", "wouldn't", "couldn't", "shouldn't", "mightn't"}
        elif (tok, nxt) in lex.negator_pairs:
            negations += 1
        elif tok == "to" and j > 0:
            before = lows[j - 1]
            if before in lex.negating_controls or before in lex.negating_before_to:
                negations += 1
            elif before not in lex.aspectual_controls:
                hedged = True  # plans to, agreed to, in order to: not (yet) a fact
        if tok in lex.hedges or tok.endswith("'ll"):
            hedged = True
    return negations, hedged


def modality(lows: Sequence[str], i: int, lexicon: Lexicon | None = None) -> tuple[bool, bool]:
    """(negated, hedged) for the word at position `i` of casefolded tokens, by the rules events
    follow: "did not sign" is negated, "expected to sign" and "may sign" are hedged."""
    negations, hedged = _scope(lows, i, lexicon or load_lexicon())
    return negations % 2 == 1, hedged


def event_polarity(text: str, lexicon: Lexicon | None = None) -> list[PolarEvent]:
    """Every lexicon event in `text`, with its sign after negation and reversal."""
    lex = lexicon or load_lexicon()
    tokens = tokenize(text)
    lows = [t.low for t in tokens] + [""]  # sentinel so lows[j + 1] always exists
    events: list[PolarEvent] = []
    reverser_end: int | None = None
    i = 0
    while i < len(tokens):
        phrase, senses = _match(lows, i, lex)
        if not phrase:
            if lows[i] in lex.boundaries:
                reverser_end = None
            i += 1
            continue
        j = i + len(phrase)
        nxt = lows[j]
        if nxt in lex.blocked_by_next.get(lows[i], ()):
            i += 1
            continue
        nominal = i > 0 and lows[i - 1] in lex.determiners
        control = nxt == "to" and (
            lows[i] in lex.negating_controls or lows[i] in lex.aspectual_controls
        )
        if nominal or control:
            i = j
            continue
        negations, hedged = _scope(lows, i, lex)
        if reverser_end is not None and i - reverser_end <= REVERSAL_GAP:
            negations += 1
        negated = negations % 2 == 1
        start, end = tokens[i].start, tokens[j - 1].end
        for sense in senses:
            events.append(
                PolarEvent(
                    concept=sense.concept,
                    sign=-sense.sign if negated else sense.sign,
                    start=start,
                    end=end,
                    negated=negated,
                    lemma=sense.lemma,
                    text=text[start:end],
                    hedged=hedged,
                )
            )
        reverser_end = j if phrase in lex.reversers else None
        i = j
    return events
