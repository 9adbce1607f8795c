"""Two places for one event in sentences the aligner left in different claims (or in none).

Two outlets rarely word one event alike, so the aligner may not join "Lohan had checked into a
clinic in Whittier" and "Lohan checked into rehab in Chino": the place slot is then compared by
nobody. Here a place is read with the event word it is attached to, and two sentences are
compared when they share that event (its anchor) and who it happened to (a party), which the
aligner needs no wording for:

- a place slot is "in/at/near/outside/inside X" where GeoNames knows X, or its first words
  (`place_values.readings`): a place any reader takes for one;
- its anchor is the nearest verb-like word before it in its clause ("checked", "struck"), with
  no other predicate ("to", "which") between; reporting verbs, copulas and words that give a
  party's standing place ("based", "born", "lives") are no event;
- two slots are compared when they share the anchor's stem and a party (a name of the sentence
  that is no place) and one more thing: a second party or an uncommon content word of the
  anchor's clause. That bar is stricter than inside a claim, where the aligner already vouches
  for the pair; the comparison itself (different places, no date or episode apart) is the
  contradiction stage's (`analysis.contradiction`).

Candidate pairs come from an index on anchor stems, so the cost grows with the sentences that
share an anchor, not with all pairs. Pure: sentences in, slots and pairs out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from analysis.claim_slots import (
    CLAUSE_BREAKS,
    OTHER_PREDICATE,
    Key,
    Sentence,
    clause,
    is_region,
    known_place,
    stem,
    token_range,
)
from analysis.claim_units import has_verb
from analysis.model import AlignUnit
from analysis.place_values import readings
from analysis.polarity import Lexicon
from analysis.word_frequency import zipf

ANCHOR_REACH = 10  # tokens between an event word and the place phrase it governs
MAX_BUCKET = 200  # sentences sharing one anchor beyond which it is too common to pair on
UNCOMMON_ZIPF = 4.5  # a content word rarer than this says what the event was about
# verbs that report, link or give where a party stands, not where something happened
_NO_EVENT = frozenset(
    """said says say told tells tell reported reports announced announces stated states added
    noted claimed claims wrote writes explained warned insisted argued believed believes thought
    thinks is are was were be been being am has have had do does did will would can could shall
    should may might must based born lives lived living located headquartered situated resides
    resided stationed registered listed known named called seen""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class AnchoredPlace:
    """Where a sentence puts an event, with what identifies the event."""

    anchor: str  # stem of the event word
    verb: tuple[int, int]  # local span of the event word
    span: tuple[int, int]  # local span of the place phrase's names
    places: tuple[str, ...]  # the phrase's names GeoNames knows, as written
    parties: frozenset[str]  # keys of the sentence's names that are no place
    words: frozenset[str]  # stems of the uncommon content words of the anchor's clause


def _event_word(token_text: str, low: str) -> bool:
    """A lower-case word that reads as a verb of its own and names no report or state."""
    return (
        token_text.islower()
        and low.isalpha()
        and len(low) >= 3
        and low not in _NO_EVENT
        and has_verb(low)
    )


_AFTER_LOCATIVE = re.compile(
    r"\b(?i:in|at|near|outside|inside)\s+(?:the\s+)?"
    r"([A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*){0,3})"
)


def _place_names(text: str) -> list[tuple[int, int, int]]:
    """(preposition start, name start, name end) of each locative phrase whose name, or its
    first words ("Fresno County Jail"), GeoNames knows."""
    out = []
    for m in _AFTER_LOCATIVE.finditer(text):
        words = list(re.finditer(r"\S+", m.group(1)))
        for n in range(len(words), 0, -1):
            name = text[m.start(1) : m.start(1) + words[n - 1].end()].rstrip(".,")
            if readings(name):
                out.append((m.start(), m.start(1), m.start(1) + len(name)))
                break
    return out


def might_place(unit: AlignUnit) -> bool:
    """A cheap test before reading a sentence: a locative word before a name GeoNames knows."""
    return bool(_place_names(unit.text))


def anchored_places(sent: Sentence, lex: Lexicon) -> list[AnchoredPlace]:
    """Each place slot of the sentence with the event word that governs it."""
    text = sent.unit.text
    slots = _place_names(text)
    if not slots:
        return []
    place_tokens: set[int] = set()
    for _, start, end in slots:
        place_tokens.update(range(*token_range(sent, start, end)))
    parties = frozenset(
        n.key
        for n in sent.names
        if not (known_place(n) or is_region(n.text) or readings(n.text))
        and not any(k in place_tokens for k in range(*token_range(sent, n.start, n.end)))
    )
    out = []
    for at, start, end in slots:
        prep, pj = token_range(sent, at, end)
        left, right = clause(sent, prep, pj, CLAUSE_BREAKS)
        verb = None
        for k in range(prep - 1, max(left - 1, prep - 1 - ANCHOR_REACH), -1):
            if sent.lows[k] in OTHER_PREDICATE:
                break
            if _event_word(sent.tokens[k].text, sent.lows[k]):
                verb = k
                break
        if verb is None:
            continue
        words = frozenset(
            stem(sent.lows[k])
            for k in range(left, right)
            if k != verb
            and k not in place_tokens
            and sent.tokens[k].text.islower()
            and sent.lows[k].isalpha()
            and len(sent.lows[k]) >= 4
            and sent.lows[k] not in lex.stopwords
            and zipf(sent.lows[k]) < UNCOMMON_ZIPF
        )
        tok = sent.tokens[verb]
        out.append(
            AnchoredPlace(
                anchor=stem(sent.lows[verb]),
                verb=(tok.start, tok.end),
                span=(start, end),
                places=(text[start:end],),
                parties=parties,
                words=words,
            )
        )
    return out


def one_event(a: AnchoredPlace, b: AnchoredPlace) -> bool:
    """The same anchor and party, and a second party or an uncommon word in common."""
    if a.anchor != b.anchor:
        return False
    shared = a.parties & b.parties
    return len(shared) >= 2 or (len(shared) == 1 and bool(a.words & b.words))


def anchored_pairs(
    units: Mapping[Key, AlignUnit],
    sentence: Callable[[Key], Sentence],
    lex: Lexicon,
    same_outlet: Callable[[AlignUnit, AlignUnit], bool],
) -> Iterable[tuple[Key, AnchoredPlace, Key, AnchoredPlace]]:
    """Place slots of two articles of different outlets that `one_event` joins, from an index
    on anchors, in a fixed order."""
    by_anchor: dict[str, list[tuple[Key, AnchoredPlace]]] = defaultdict(list)
    for key in sorted(units):
        if might_place(units[key]):
            for slot in anchored_places(sentence(key), lex):
                by_anchor[slot.anchor].append((key, slot))
    for _, entries in sorted(by_anchor.items()):
        if len(entries) > MAX_BUCKET:
            continue
        for i, (x, a) in enumerate(entries):
            for y, b in entries[i + 1 :]:
                if x[0] == y[0] or same_outlet(units[x], units[y]) or not one_event(a, b):
                    continue
                yield x, a, y, b
