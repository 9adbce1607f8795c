"""Two places for one event in sentences the aligner left in different claims (or in none).

Two outlets rarely word one event alike, so the aligner may not join "Lohan had checked into a
clinic in Whittier" and "Lohan checked into rehab in Chino": the place slot is then compared by
nobody. Here each sentence that puts something in one place is read with what identifies its
event, and two sentences are compared when they share that event and who it happened to, which
the aligner needs no wording for:

- a place slot is "in/at/near/outside/inside X" where GeoNames knows X, or its first words
  (`place_values.readings`): a place any reader takes for one. A sentence whose slots name two
  places that cannot be one is left alone (which event happened where?);
- its event words are the content words before the place with no word between that opens
  another clause ("when", "which", "after": in "escaped when he was being taken to a prison in
  X", X is not where the escape was), by stem, each marked when it is written as a verb
  ("attacked", "spraining", "struck"); reporting verbs, copulas and words that give a party's
  standing place ("based", "born", "lives") are no event. Two sentences share an anchor
  when one writes a stem as a verb and the other has the same stem in any form: the lemma
  family, so "the attack in X" meets "attacked in Y" and "a knee sprain" meets "spraining his
  knee";
- two slots are compared when they share an anchor and a party (a name of the sentence that is
  no place) and one more thing: a second party, a second anchor, or an uncommon content word.
  That bar is stricter than inside a claim, where the aligner already vouches for the pair; the
  comparison itself (different places, no date or episode apart) is the contradiction stage's
  (`analysis.contradiction`).

Candidate pairs come from an index on (event stem, party), so the cost grows with the sentences
that share both, not with all pairs. Pure: sentences in, slots and pairs out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from analysis.claim_slots import (
    Key,
    Sentence,
    is_region,
    is_setting,
    known_place,
    stem,
    token_range,
)
from analysis.claim_units import has_verb
from analysis.lexicon import speech_verbs
from analysis.model import AlignUnit
from analysis.place_values import (
    could_be_one,
    country_of_story,
    current_story_country,
    readings,
)
from analysis.polarity import Lexicon
from analysis.word_frequency import zipf

MAX_BUCKET = 200  # sentences sharing one anchor and party beyond which they are not paired
UNCOMMON_ZIPF = 4.5  # a content word rarer than this says what the event was about
COMMON_EVENT_ZIPF = 5.5  # an event word this common ("made", "took") identifies no event
# words that open another clause: an event word before one of them does not govern a place
# after it ("escaped when he was being taken to a prison in X": X is the prison's, not the escape's)
SUBORDINATE = frozenset(
    """when while whereas although though because since after before as if unless until which
    who whom whose where that but ; : ( ) — –""".split()  # noqa: SIM905
)
# words after "to" that start a noun phrase, so that "to" is a preposition, not an infinitive's
INFINITIVE_NOT = frozenset(
    """a an the this that these those his her its their our my your some many several few
    each every no any all both one two three four five six seven eight nine ten""".split()  # noqa: SIM905
)
# verbs that speak (lexicon/speech.json), link, hold an opinion or give where a party stands,
# not where something happened
_NO_EVENT = speech_verbs() | frozenset(
    """believed believes thought thinks is are was were be been being am has have had do does
    did will would can could shall should may might must based born lives lived living located
    headquartered situated resides resided stationed registered listed known named called seen
    according""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class AnchoredPlace:
    """Where a sentence puts an event, with what identifies the event."""

    anchor: str  # stem of the event word the pair shares (the first verb until paired)
    verb: tuple[int, int]  # local span of that event word
    span: tuple[int, int]  # local span of the place phrase's names
    places: tuple[str, ...]  # the phrase's names GeoNames knows, as written
    parties: frozenset[str]  # keys of the sentence's names that are no place
    words: frozenset[str]  # stems of the uncommon content words of the sentence
    # stem -> (local span of its first word, written as a verb), per event word of the sentence
    events: tuple[tuple[str, tuple[int, int], bool], ...] = ()
    site: str = ""  # the home or building the place is the town of ("her X home", "home in X")


def event_stem(word: str) -> str:
    """`stem` with a doubled final consonant made single, so "stopped" meets "stop"."""
    w = stem(word)
    return w[:-1] if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiou" else w


def _verb_form(low: str) -> bool:
    """A word written as a verb: an "-ed"/"-ing" form or an irregular past ("struck")."""
    return (len(low) >= 5 and low.endswith(("ed", "ing"))) or has_verb(low)


_NAME = r"([A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*){0,3})"
# a place where something happened: after a locative preposition ("in X", "outside the X")
_AFTER_LOCATIVE = re.compile(r"\b(?i:in|at|near|outside|inside)\s+(?:the\s+)?" + _NAME)
# a place something went to: "to X" after a lower-case word ("drove to X", "a trip to the X
# area"); the words before "to" that make it no goal ("close to X", "lost to X": a team) are
# `_NOT_GOAL`
_GOAL = re.compile(r"\b([a-z]+)\s+to\s+(?:the\s+)?" + _NAME)
_NOT_GOAL = frozenset(
    """close next according compared due prior similar thanks owing ambassador envoy lost lose
    loses losing beaten fell fall falls falling rose rise rises rising""".split()  # noqa: SIM905
)
# a place a building or a home stands in, written before its head noun: "her X home", "a X
# store", "the X branch" (a person's town, "a X man", tells where they live, not where
# something happened)
SITES = frozenset(
    """home house apartment flat residence store shop boutique branch office offices plant
    factory warehouse hotel hospital clinic school prison jail courthouse restaurant bar church
    mosque temple station airport mall headquarters""".split()  # noqa: SIM905
)
_BEFORE_HEAD = re.compile(
    r"\b(?i:a|an|the|his|her|their|its|our|my|[\w]+['’]s)\s+" + _NAME
    + r"\s+(?:" + "|".join(sorted(SITES)) + r")\b"
)  # fmt: skip
# a place a verb acts on: "visited X", "hit southern X" (an event that happens to a place)
_OBJECT = re.compile(
    r"\b([a-z]+)\s+(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western)\s+)?" + _NAME
)
# verbs whose object names a party, not a place (a team, a firm, a person that shares a town's
# name): "beat X", "joined X", "named X"
_NOT_PLACE_OBJECT = frozenset(
    """beat beats beating defeated defeat defeats defeating played plays playing faced face
    faces facing joined join joins joining named name names called call calls signed sign
    signs signing traded trade trades trading acquired bought sold leads led lead leading
    replaced replace replaces coached thanked including during following regarding concerning
    excluding involving representing""".split()  # noqa: SIM905
)  # and prepositions spelled as "-ing" forms ("including X", "during X")


def _known_prefix(text: str, start: int, name: str) -> tuple[int, int] | None:
    """(start, end) of the longest first words of `name` (at `start`) GeoNames knows."""
    words = list(re.finditer(r"\S+", name))
    for n in range(len(words), 0, -1):
        found = text[start : start + words[n - 1].end()].rstrip(".,")
        if readings(found):
            return start, start + len(found)
    return None


def _place_names(text: str) -> tuple[tuple[int, int, int, bool], ...]:
    """`_read_place_names` as the story's country reads place names (`story_country_as`)."""
    return _read_place_names(text, current_story_country())


@lru_cache(maxsize=1 << 16)  # the story's country, the cheap test and the slot read it
def _read_place_names(text: str, country: str | None) -> tuple[tuple[int, int, int, bool], ...]:
    """(introducing word's start, name start, name end, after a locative preposition) of each
    phrase that puts something in a place GeoNames knows: after a locative preposition (its
    name, or its first words: "Fresno County Jail"), as the goal of "to", before a building's
    head noun, or as a verb's object (only a whole name there: "visited X", not a firm called
    "X Motors"), in text order."""
    out: dict[tuple[int, int], tuple[int, bool]] = {}  # name span -> (intro start, locative)
    for pattern in (_AFTER_LOCATIVE, _GOAL, _BEFORE_HEAD, _OBJECT):
        for m in pattern.finditer(text):
            if pattern is _GOAL and m.group(1) in _NOT_GOAL:
                continue
            if pattern is _OBJECT:
                verb = m.group(1)
                if not _verb_form(verb) or verb in _NO_EVENT or verb in _NOT_PLACE_OBJECT:
                    continue
            group = m.lastindex or 1
            if pattern is _AFTER_LOCATIVE:
                found = _known_prefix(text, m.start(group), m.group(group))
            else:  # only a whole name: "to the Alder Creek Recovery clinic" is no town's goal
                name = m.group(group).rstrip(".,")
                found = (m.start(group), m.start(group) + len(name)) if readings(name) else None
            if found is not None:
                seen = out.get(found, (m.start(), False))
                out[found] = (min(seen[0], m.start()), seen[1] or pattern is _AFTER_LOCATIVE)
    return tuple((intro, start, end, loc) for (start, end), (intro, loc) in sorted(out.items()))


def story_country(units: Iterable[AlignUnit]) -> str | None:
    """The country most of the story's place slots resolve to (`country_of_story`): what a
    name that several countries have a town of means in this story."""
    return country_of_story(
        unit.text[start:end] for unit in units for _, start, end, _ in _place_names(unit.text)
    )


def might_place(unit: AlignUnit) -> bool:
    """A cheap test before reading a sentence: a locative word before a name GeoNames knows."""
    return bool(_place_names(unit.text))


def _opens_clause(sent: Sentence, k: int) -> bool:
    """Token `k` opens another clause: a subordinating word, or the "to" of an infinitive (a
    lower-case word after it that no determiner or name starts: "signed a deal to build a plant
    in X" puts the plant in X, not the signing; "taken to a prison in X" still reads on)."""
    low = sent.lows[k]
    if low in SUBORDINATE:
        return True
    if low != "to" or k + 1 >= len(sent.tokens):
        return False
    nxt = sent.tokens[k + 1].text
    return nxt.isalpha() and nxt.islower() and sent.lows[k + 1] not in INFINITIVE_NOT


def _governing(sent: Sentence, place: int) -> range:
    """Token positions whose word may tell the event of a place at token `place`: those before
    it with no word opening another clause between."""
    k = place
    while k > 0 and not _opens_clause(sent, k - 1):
        k -= 1
    return range(k, place)


def _party_name(sent: Sentence, start: int, end: int) -> bool:
    """A town's name the story gives a party by ("placed Modesto on the list", where the article
    calls him by a full name GeoNames does not know): no place, outside a locative phrase."""
    for name in sent.names:
        if name.start <= start and end <= name.end and not readings(name.key):
            return True
    return False


def anchored_places(sent: Sentence, lex: Lexicon) -> list[AnchoredPlace]:
    """The sentence's place slot with its event words and parties; none when it names two
    places that cannot be one."""
    text = sent.unit.text
    slots = [
        (intro, start, end)
        for intro, start, end, locative in _place_names(text)
        if locative or not _party_name(sent, start, end)
    ]
    if not slots:
        return []
    names = [text[start:end] for _, start, end in slots]
    if len(slots) > 1 and not all(could_be_one([names[0]], [n]) for n in names[1:]):
        return []  # two events' places, or a route: which one is this event's?
    place_tokens: set[int] = set()
    for _, start, end in slots:
        place_tokens.update(range(*token_range(sent, start, end)))
    parties = frozenset(
        n.key
        for n in sent.names
        if not (known_place(n) or is_region(n.text))
        and not any(k in place_tokens for k in range(*token_range(sent, n.start, n.end)))
        and not (readings(n.text) and is_setting(sent, token_range(sent, n.start, n.end)[0]))
    )  # a person who shares a town's name ("Bush") is a party; "in Bush" is a setting
    first_place = min(token_range(sent, start, end)[0] for _, start, end in slots)
    governs = _governing(sent, first_place)
    events: dict[str, tuple[tuple[int, int], bool]] = {}
    words = set()
    for k, tok in enumerate(sent.tokens):
        low = sent.lows[k]
        if k in place_tokens or not tok.text.islower() or not low.isalpha() or len(low) < 4:
            continue
        if low in lex.stopwords or low in _NO_EVENT:
            continue
        infinitive = k > 0 and sent.lows[k - 1] == "to" and _opens_clause(sent, k - 1)
        key, verb = event_stem(low), infinitive or _verb_form(low)  # "to drive": a verb
        if k in governs and zipf(low) < COMMON_EVENT_ZIPF:
            seen = events.get(key)
            if seen is None or (verb and not seen[1]):
                events[key] = ((tok.start, tok.end), verb)
        if zipf(low) < UNCOMMON_ZIPF or (verb and zipf(low) < COMMON_EVENT_ZIPF):
            words.add(key)  # an uncommon word, or an act ("forced them to drive")
    if not events:
        return []  # no word tells what happened there
    first = next(((k, span) for k, (span, verb) in events.items() if verb), None)
    first = first or next((k, span) for k, (span, _) in events.items())
    _, start, end = slots[0]
    after = re.match(r"\s+(\w+)", text[end:])
    before = re.search(r"(\w+)\s+\w+\s+(?:the\s+)?$", text[:start])
    site = next(
        (m.group(1).casefold() for m in (after, before) if m and m.group(1).casefold() in SITES), ""
    )  # "her X home", "the home in X"
    return [
        AnchoredPlace(
            anchor=first[0],
            verb=first[1],
            span=(start, end),
            places=tuple(names),
            parties=parties,
            words=frozenset(words),
            events=tuple((k, span, verb) for k, (span, verb) in sorted(events.items())),
            site=site,
        )
    ]


def shared_anchors(a: AnchoredPlace, b: AnchoredPlace) -> list[str]:
    """Event stems both sentences have, written as a verb in at least one of them."""
    verbs_a = {k: verb for k, _, verb in a.events}
    return sorted(k for k, _, verb in b.events if k in verbs_a and (verb or verbs_a[k]))


def _party_words(party: str) -> frozenset[str]:
    """The words of a party's key a shorter mention keeps ("reeth" of "dovan reeth jr.")."""
    words = (w.strip(".,") for w in party.split())
    return frozenset(w for w in words if len(w) >= 3 and w not in {"jr", "sr"})


def _one_party(x: str, y: str) -> bool:
    """Two keys of one party: the same, or one's words all in the other's (an article that
    names her once by her first name gives her no other key)."""
    wx, wy = _party_words(x), _party_words(y)
    return x == y or (bool(wx) and bool(wy) and (wx <= wy or wy <= wx))


def shared_parties(a: AnchoredPlace, b: AnchoredPlace) -> int:
    """How many parties of `a` are parties of `b` (`_one_party`)."""
    return sum(any(_one_party(x, y) for y in b.parties) for x in a.parties)


def one_event(a: AnchoredPlace, b: AnchoredPlace) -> bool:
    """A shared anchor and party, and a second party, a second anchor, an uncommon word or the
    same site (both put the event at a "home")."""
    anchors = shared_anchors(a, b)
    if not anchors:
        return False
    shared = shared_parties(a, b)
    words = (a.words & b.words) - set(anchors)
    more = len(anchors) >= 2 or bool(words) or (bool(a.site) and a.site == b.site)
    return shared >= 2 or (shared == 1 and more)


def _at(slot: AnchoredPlace, anchor: str) -> AnchoredPlace:
    """The slot with its event word set to `anchor`'s."""
    span = next(span for k, span, _ in slot.events if k == anchor)
    return AnchoredPlace(
        anchor, span, slot.span, slot.places, slot.parties, slot.words, slot.events
    )


def anchored_pairs(
    units: Mapping[Key, AlignUnit],
    sentence: Callable[[Key], Sentence],
    lex: Lexicon,
    same_outlet: Callable[[AlignUnit, AlignUnit], bool],
) -> Iterable[tuple[Key, AnchoredPlace, Key, AnchoredPlace]]:
    """Place slots of two articles of different outlets that `one_event` joins, each pair once,
    from an index on (event stem, party) — `one_event` needs both shared, one side writing the
    stem as a verb — in a fixed order; each slot's event word is the first anchor the pair
    shares."""
    as_verb: dict[tuple[str, str], list[tuple[Key, AnchoredPlace]]] = defaultdict(list)
    as_word: dict[tuple[str, str], list[tuple[Key, AnchoredPlace]]] = defaultdict(list)
    for key in sorted(units):
        if might_place(units[key]):
            for slot in anchored_places(sentence(key), lex):
                handles = sorted({h for p in slot.parties for h in _party_words(p) | {p}})
                for k, _, verb in slot.events:
                    for handle in handles:
                        (as_verb if verb else as_word)[(k, handle)].append((key, slot))
    seen: set[tuple[Key, Key]] = set()
    for k, verbs in sorted(as_verb.items()):
        every = verbs + as_word.get(k, [])
        if len(every) > MAX_BUCKET:
            continue
        for x, a in verbs:
            for y, b in every:
                pair = (min(x, y), max(x, y))
                if x[0] == y[0] or pair in seen or same_outlet(units[x], units[y]):
                    continue
                seen.add(pair)
                if one_event(a, b):
                    anchor = shared_anchors(a, b)[0]
                    first, second = (a, b) if pair[0] == x else (b, a)
                    yield pair[0], _at(first, anchor), pair[1], _at(second, anchor)
