"""Two places for one event in sentences the aligner left in different claims (or in none).

Two outlets rarely word one event alike, so the aligner may not join "Lohan had checked into a
clinic in Whittier" and "Lohan checked into rehab in Chino": the place slot is then compared by
nobody. Here a place is read with the event word it is attached to, and two sentences are
compared when they share that event (its anchor) and who it happened to (a party), which the
aligner needs no wording for:

- a place slot is "in/at/near/outside/inside X" (`claim_slots.place_groups`) where GeoNames
  knows X (`place_values.readings`): a place any reader takes for one;
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

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from analysis.claim_slots import (
    CLAUSE_BREAKS,
    LOCATIVE,
    OTHER_PREDICATE,
    Key,
    Sentence,
    clause,
    is_region,
    known_place,
    place_groups,
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


def anchored_places(sent: Sentence, lex: Lexicon) -> list[AnchoredPlace]:
    """Each place slot of the sentence with the event word that governs it."""
    groups = [g for g in place_groups(sent) if any(readings(n.text) for n in g[2])]
    if not groups:
        return []
    place_tokens = set()
    for start, end, _ in groups:
        ti, tj = token_range(sent, start, end)
        place_tokens.update(range(ti, tj))
    parties = frozenset(
        n.key
        for n in sent.names
        if not (known_place(n) or is_region(n.text) or readings(n.text))
        and not any(k in place_tokens for k in range(*token_range(sent, n.start, n.end)))
    )
    out = []
    for start, end, names in groups:
        pi, pj = token_range(sent, start, end)
        left, right = clause(sent, pi, pj, CLAUSE_BREAKS)
        prep = next(
            (k for k in range(pi - 1, max(left - 1, pi - 5), -1) if sent.lows[k] in LOCATIVE),
            None,
        )
        if prep is None:
            continue
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
                places=tuple(n.text for n in names if readings(n.text)),
                parties=parties,
                words=words,
            )
        )
    return out


@cache
def _could_hold_place(text: str) -> bool:
    return any(f" {p} " in text for p in LOCATIVE)


def might_place(unit: AlignUnit) -> bool:
    """A cheap test before reading a sentence: a locative word and an entity GeoNames knows."""
    return _could_hold_place(f" {unit.text.casefold()} ") and any(
        readings(e) for e in unit.entities
    )


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
