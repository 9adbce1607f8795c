"""Compare what different outlets say about one thing, slot by slot: times of day, weekdays and
compass directions, read as values (see `analysis.clock`).

The figure, date, polarity and name comparisons live in `analysis.contradiction`; this stage adds
the slots it does not read. Two values are about the same thing when the aligner put their
sentences in one claim cluster or when the words around them overlap (the event word, the place,
the people): the evidence is counted and two points are needed, so two clustered sentences need
one shared word near their values and two unclustered ones need two ("took off ... from X").

When values conflict, every outlet is counted for the reading it supports (native, untranslated
sources separately), and one flag is raised per odd one out, against the best-supported other
reading, so six outlets that agree against one do not produce six flags. A time given both on the
local clock and in UTC is also checked against the zone of the country the article names: "4:50
a.m. (13:50 GMT)" cannot be right in a country that is two hours ahead of UTC.

Pure: plain data in (articles, sentences, alignment units, clusters), `FlagDraft`s out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from itertools import pairwise
from typing import Any

import numpy as np

from analysis import lexicon
from analysis.claim_slots import stem
from analysis.clause_view import Spans, inside
from analysis.clock import (
    DAY,
    WEEKDAYS,
    ClockTime,
    country_code,
    country_names,
    country_offsets,
    extract_clock_times,
    extract_weekdays,
    format_minutes,
    format_offset,
    resolve_weekday,
)
from analysis.contradiction import is_dateline, same_claim_pairs, stating_spans, view_text
from analysis.dates import month_alternatives
from analysis.evaluations import parts_of_speech, read_evaluations, same_thing
from analysis.measures import UNITS
from analysis.model import AlignUnit, ArticleText, ClusterDraft, FlagDraft, FlagSide, SentenceSpan
from analysis.negation import Denial, DenialMemo, denials
from analysis.place_values import readings
from analysis.polarity import PolarEvent, event_polarity, load_lexicon
from analysis.relations import NUMBER_WORDS, Relation, extract_relations
from analysis.weekday_dates import weekday_date_flags
from analysis.word_frequency import zipf
from analysis.wording_pairs import QuietMemo, wording_flags

Key = tuple[int, int]  # (article_id, sentence_idx)

WINDOW = 8  # words either side of a value whose stems say what the value is about
RELATED = 2.0  # evidence two values need to be about one thing
LEDE = 3  # sentences (title first) in which an article dates its main event
STORY_NAMES = 3  # uncommon names two articles must share to be reports of one story
PREDICATE_SHARED = 3  # window words two opposite actions must share to act on one thing
PREDICATE_NAMES = 2  # ... of them names: the thing acted on is named the same on both sides
CLUSTERED_STORY_NAMES = 2  # ... when the aligner put the two sentences in one claim
NAME_ZIPF = 5.0  # a capitalised word this common in English ("The", "London") is no story name
BASE_CONFIDENCE = {
    "time": 0.75, "weekday": 0.65, "direction": 0.6, "relation": 0.6, "predicate": 0.55,
    "evaluation": 0.45,
}  # fmt: skip
SUGGESTIONS = {
    "time": "check the time against the primary source and the place's time zone",
    "weekday": "check the day against the calendar and the primary source",
    "direction": "check the location on a map or in the primary source",
    "relation": "check in the primary source whether one group is counted within the other",
    "predicate": "check the latest official statement: the situation may have changed",
    "evaluation": "check who judged the condition and when: the two reports may quote different"
    " sources or times",
}
# words before an event word that make it a possibility, not a report ("may halt", "if it stops")
_MODAL = frozenset(
    """may might could would should if whether unless considering mulling weighing looking
    seeking plans planning aims aiming wants hopes proposed threatened""".split()  # noqa: SIM905
)
MODAL_REACH = 4
# words that place a report in time ("in April", "on Monday", "two weeks later", "last week")
_WHEN = re.compile(
    r"\b(?:(?i:in|on|since|by|until)\s+(?:early\s+|late\s+|mid-)?(?:"
    + month_alternatives(abbreviated=False)
    + "".join("|" + d.capitalize() for d in WEEKDAYS)
    + r")|(?:last|this|next)\s+(?:week|month|year)|yesterday|today|"
    r"(?:\w+\s+)?(?:days?|weeks?|months?|years?)\s+(?:later|earlier|ago))\b"
)
# words that say when or how, not what: two times both "in the morning" are not one event
_TIME_WORDS = frozenset(
    """a.m am p.m pm gmt utc local time hour hours minute minutes clock o'clock""".split()  # noqa: SIM905
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
NAME_MARK = "^"  # marks a capitalised word of a window: a name says who or where, not what


def _inflections(lemma: str) -> tuple[str, ...]:
    """Regular forms of a verb, over-generated ("stab": "stabed" and "stabbed"): a form that is
    no English word never meets a window."""
    past = (lemma + "d", lemma + "ed", lemma + lemma[-1] + "ed", lemma[:-1] + "ied")
    return (lemma, lemma + "s", lemma + "es", lemma + "ing", *past)


@cache
def _happened() -> frozenset[str]:
    """Window forms of the general news event verbs (lexicon/events.json): two of them beside two
    days of one story date its main event, whatever the event was ("crashed", "broke out")."""
    data = lexicon.load("events")
    forms = {stem(w) for lemma in data["lemmas"] for w in _inflections(lemma)}
    return frozenset(forms | {stem(w) for w in data["irregular"]} | set(data["phrasal"]))


_PARTICLES = frozenset({"off", "out", "up", "down", "over", "away"})
_CLAUSE_MARKS = (",", ";", "(", ")", " – ", " — ", " - ")
# a time given loosely: "shortly after 3:30" covers 3:33
_APPROXIMATE = re.compile(
    r"\b(?:(?:shortly|just|soon)\s+(?:after|before)|about|around|approximately|roughly)\s+$",
    re.IGNORECASE,
)
APPROXIMATE_MINUTES = 15  # how far a loosely given time reaches
# a game clock counting down, not a time of day: "with 4:12 left", "4:12 to play"
_COUNTDOWN = re.compile(r"^\s*(?:left|remaining|to\s+play|to\s+go)\b", re.IGNORECASE)
# a time that says when a count stood, not when something happened: "as of 5:30", "by noon"
_STATUS_TIME = re.compile(
    r"\b(?:as\s+of|by|until|till|since|through)\s+(?:about\s+|around\s+)?$", re.IGNORECASE
)
# a night told by either of its days: "an overnight fire Friday" is the fire "early Saturday"
# ("late" and "early" of a time of day: "late-term rules on Thursday" is no night)
_NIGHT_BEFORE = re.compile(
    r"\b(?:overnight|late(?:-night|-evening)?)\b(?!-)(?:\W+\w+){0,2}?\W+(?:on\s+)?$", re.I
)
_NIGHT_AFTER = re.compile(r"^\W*(?:night|evening|overnight|late)\b", re.I)
_EARLY_BEFORE = re.compile(
    r"\b(?:overnight|early(?:-morning)?|before\s+dawn|pre-dawn|predawn)\b(?!-)"
    r"(?:\W+\w+){0,2}?\W+(?:on\s+)?$",
    re.I,
)
# an event counted among several of its kind: "the sixth aftershock", "the first quake",
# "another blast"; its time or day is that instance's, not the story event's
_INSTANCE = re.compile(
    r"\b(?:(?:the|a|an|its|their|his|her)\s+(?P<ordinal>first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|previous|earlier)|(?P<another>another))"
    r"\s+(?:[a-z]+\s+)?(?P<noun>[a-z]{3,})\b",
    re.IGNORECASE,
)
_DAYTIME_AFTER = re.compile(r"^\W*(?:morning|afternoon|noon|midday)\b", re.I)
_EARLY_AFTER = re.compile(r"^\W*(?:before\s+dawn|overnight|\w*\s*early\s+morning)\b", re.I)


@dataclass(frozen=True, slots=True)
class Direction:
    """ "85 km south of X" (`kind` "of") or "in south-eastern X" (`kind` "in")."""

    bearing: int | None  # degrees clockwise from north; None for "central"
    anchor: str
    kind: str
    distance_km: float | None = None
    word: str = ""
    place: str = ""  # the anchor as written


@dataclass(slots=True)
class Fact:
    slot: str
    key: Key
    source: str
    native: bool
    start: int  # offsets in the article's text
    end: int
    quote: str
    value: Any  # ClockTime | Weekday | Direction
    window: frozenset[str]
    names: frozenset[str]
    published: date | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def side(self) -> FlagSide:
        """Where a flag about this fact points."""
        return FlagSide(self.key[0], self.key[1], self.start, self.end, self.quote)


# --- reading the values --------------------------------------------------------------------

_BEARINGS = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
    "west": 270, "northwest": 315,
}  # fmt: skip
_DIR = r"(?:north|south)(?:[\s-]?(?:east|west))?|east|west"
_ANCHOR = r"(?P<anchor>[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*)"
_OF = re.compile(
    r"(?:(?P<dist>\d[\d,.]{0,30})\s*(?P<unit>km|kms|kilomet(?:er|re)s?|miles?|mi)\b"
    r"(?:\s*\([^)]{0,30}\))?\s+)?"
    r"(?P<dir>" + _DIR + r")\s+of\s+(?:the\s+)?(?:(?:capital|city|town|village|port|province|"
    r"region|state|border)(?:\s+of)?\s+)?" + _ANCHOR
)
_IN = re.compile(
    r"\b(?:in|across|of|at|near|from|outside)\s+(?:(?:the|an?)\s+)?(?:country's\s+)?"
    r"(?P<dir>(?:" + _DIR + r")(?:ern)?|central|(?P<district>North|South|East|West)"
    r"(?:[\s-]?(?:east|west|East|West))?)\s+" + _ANCHOR
)


# the way something moves: "heading south", "flew north", "southbound" ("heading north of X" is
# where, read by _OF)
_HEADING = re.compile(
    r"\b(?:(?:head(?:ing|ed|s)?|travel(?:l?ing|l?ed|s)?|driving|drove|flying|flew|sailing|"
    r"sailed|fleeing|fled|moving|moved)\s+(?:due\s+)?(?P<dir>" + _DIR + r")(?:wards?)?"
    r"|(?P<bound>" + _DIR + r")bound)\b(?![\s-]+of\b)",
    re.IGNORECASE,
)


def _bearing(word: str) -> int | None:
    w = re.sub(r"[\s-]", "", word.casefold()).removesuffix("ern")
    return None if w == "central" else _BEARINGS.get(w)


def _anchor(text: str) -> str:
    """The place a direction is taken from, without a possessive tail ("France's Brittany"
    -> "France")."""
    head = re.split(r"['’]s\b", text)[0]
    return head.strip(" .").casefold()


def _district(direction: str, anchor: str) -> bool:
    """Whether a capitalised compass word before a place names a part of it ("in Southwest
    Philadelphia", "an East Vancouver firm"): the place alone is one GeoNames knows and no
    English word, the two words together are not a place ("South Korea", "West Virginia" are
    places of their own)."""
    place = re.split(r"['’]s\b", anchor)[0].strip(" .")
    words = place.split()
    known = next((" ".join(words[:n]) for n in range(len(words), 0, -1)
                  if readings(" ".join(words[:n]))), None)  # fmt: skip
    if known is None or parts_of_speech(words[0].casefold()):
        return False  # no place, or an English word that is also a town's name ("the West Bank")
    return not readings(f"{direction} {known}")


def extract_directions(text: str) -> list[tuple[int, int, Direction]]:
    out: list[tuple[int, int, Direction]] = []
    for pattern, kind in ((_OF, "of"), (_IN, "in")):
        for m in pattern.finditer(text):
            word = m.group("dir")
            if kind == "in" and m.group("district") and not _district(word, m.group("anchor")):
                continue  # "in South Korea", "the West Bank": a name, not a part of a place
            dist = None
            if kind == "of" and m.group("dist"):
                try:
                    dist = float(m.group("dist").replace(",", ""))
                except ValueError:
                    dist = None
                if dist is not None:  # in km, by the one table of units (analysis.measures)
                    unit = "mile" if m.group("unit").casefold().startswith("mi") else "km"
                    dist *= UNITS[unit][1] / UNITS["km"][1]
            start = m.start("dist") if kind == "of" and m.group("dist") else m.start("dir")
            out.append(
                (start, m.end(), Direction(_bearing(word), _anchor(m.group("anchor")), kind, dist,
                                          word, m.group("anchor")))
            )  # fmt: skip
    for m in _HEADING.finditer(text):
        word = m.group("dir") or m.group("bound")
        # the moving verb is part of the value, not a word about what moved
        out.append((m.start(), m.end(), Direction(_bearing(word), "", "heading", word=m.group())))
    return out


# --- the stage -----------------------------------------------------------------------------


@cache
def _stopwords() -> frozenset[str]:
    return load_lexicon().stopwords


def _window(text: str, start: int, end: int) -> frozenset[str]:
    """Stems of the content words within WINDOW words of text[start:end], in its clause: a comma,
    a bracket or a dash ends it, so a time is not described by the words of the next clause."""
    start, end = max(0, start), min(len(text), end)
    left = max((text.rfind(c, 0, start) for c in _CLAUSE_MARKS), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in _CLAUSE_MARKS) if i >= 0]
    right = min(rights, default=len(text))
    before = [m for m in _TOKEN.finditer(text, left, start)][-WINDOW:]
    after = [m for m in _TOKEN.finditer(text, end, right)][:WINDOW]
    stop = _stopwords()
    tokens = [*before, *after]
    words = [m.group().casefold().replace("’", "'") for m in tokens]
    # a common verb with its particle says what happened: "took off", "broke out"
    phrasal = {f"{w} {p}" for w, p in pairwise(words) if p in _PARTICLES}
    first = next(_TOKEN.finditer(text), None)
    return frozenset(
        (NAME_MARK if m.group()[0].isupper() and m.start() != (first.start() if first else -1)
         else "") + stem(w)
        for m, w in zip(tokens, words, strict=True)
        if len(w) >= 3 and w not in stop and w not in _TIME_WORDS and w not in WEEKDAYS
        and w not in NUMBER_WORDS
    ) | phrasal  # fmt: skip


# irregular past forms and participles of common English verbs: with -ed forms and the event and
# polarity lexicons (whose nouns, "the blaze on Tuesday", date their event too), what a
# weekday's nearest verb is recognised by
_IRREGULAR_PAST = frozenset(
    """said told met held made took gave came went found left got saw ran won lost sent brought
    built bought caught fought paid put set spoke wrote drove rode flew threw chose froze hid led
    kept knew sold stood sat spent taught thought wore woke began broke fell shot struck fled
    shook sank stole blew rose hit cut quit swept tore beat bit bled dealt dug drew ate fed felt
    forgot forgave grew heard hung laid lay lit meant read rang sought sang slept slid stuck stung
    swam swore swung understood upheld withdrew overtook seen known taken given shown done gone
    thrown driven written spoken broken chosen stolen frozen hidden beaten bitten eaten fallen
    grown ridden risen shaken sworn torn worn drawn flown begun sunk struck""".split()  # noqa: SIM905
)
_NOT_VERBS = frozenset(
    """is are was were be been being has have had will would can could shall should may might
    must do does did""".split()  # noqa: SIM905
)
DATED_REACH = 10  # words looked at either side of a weekday for the verb it dates
_DAYPARTS = frozenset({"morning", "afternoon", "evening", "night", "noon", "midnight"})


def _verb_like(word: str) -> bool:
    w = word.casefold().replace("’", "'")
    if w in _NOT_VERBS or not w.isalpha() or w.endswith("ing"):
        return False  # "-ing": as often a noun ("flooding", "the shooting") as a verb
    return (
        w in _IRREGULAR_PAST
        or (len(w) >= 5 and w.endswith("ed"))
        or stem(w) in _happened()
        or w in load_lexicon().phrases
    )


def same_dated(a: str | None, b: str | None, clustered: bool = False) -> bool:
    """Whether two weekdays date one event: both date a verb, and it is the same verb or both
    are general news event verbs. Outlets tell one event in different event verbs ("killed" /
    "died", "struck" / "hit"), but a day beside "charged", "said" or "announced" dates a step
    after the event, and a day with no verb near it ("was calm Sunday") dates nothing that can
    be told apart: on native same-story news (ECB+) such pairs were two events every time read,
    unless the aligner put both sentences in one claim and neither day dates a verb."""
    if a is None or b is None:
        return clustered and a is None and b is None
    events = _happened()
    return a == b or (a in events and b in events)


def dated_verb(text: str, start: int, end: int) -> str | None:
    """The stem of the verb a weekday at text[start:end] dates: the nearest verb before it in its
    clause ("was arrested on Tuesday"), else after it ("On Monday, police arrested"); None for a
    day that modifies a noun ("Sunday's game") or has no verb near it. "killed Wednesday" and
    "charged Friday" are two events, however many words their sentences share (`_same_dated`)."""
    found = _dated_match(text, start, end)
    return stem(found.group()) if found else None


_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|its|his|her|their|this|that)|\w['’]s|\ws['’])\s+$", re.IGNORECASE
)
# words before a participle that make it an adjective: "on injured reserve", "the wounded men"
_ADJECTIVAL_AFTER = frozenset({"a", "an", "the", "on", "in", "of", "with", "for", "from", "into"})


def _dated_match(text: str, start: int, end: int) -> re.Match[str] | None:
    """The verb `dated_verb` names, as a match in `text`. A participle after an article or a
    preposition is an adjective ("placed him on injured reserve Wednesday": placed). A value
    between a determiner and a noun dates that noun ("the April 2012 shooting death": shooting,
    "the Saints' Thursday night loss": loss)."""
    if re.match(r"['’]s\b", text[end:]):
        return None
    if _DETERMINER_BEFORE.search(text[:start]):
        for m in _TOKEN.finditer(text, end):
            word = m.group()
            if re.search(r"[^\w\s'’-]", text[end : m.start()]) or not word.islower():
                break
            if word not in _DAYPARTS:
                return m if word not in _stopwords() else None
            end = m.end()
    left = max((text.rfind(c, 0, start) for c in _CLAUSE_MARKS), default=-1) + 1
    before = list(_TOKEN.finditer(text, left, start))[-DATED_REACH:]
    for n in range(len(before) - 1, -1, -1):
        m = before[n]
        if _verb_like(m.group()):
            prev = before[n - 1].group().casefold() if n else ""
            if prev in _ADJECTIVAL_AFTER and m.group().casefold().endswith("ed"):
                continue
            if _qualifies_object(text, before, n):
                continue
            return m
    after = list(_TOKEN.finditer(text, end))
    if len(list(_TOKEN.finditer(text, 0, start))) > 3:
        # past the opening only the verb right after the day ("HP Monday announced")
        after = [m for m in after[:3] if m.group().casefold() not in _DAYPARTS][:1]
    for m in after[:DATED_REACH]:
        if _verb_like(m.group()):
            return m
    return None


def _qualifies_object(text: str, tokens: Sequence[re.Match[str]], n: int) -> bool:
    """Whether the participle tokens[n] right after a past form describes that verb's object
    ("issued revised endangered species rules Friday": revised, endangered): the day dates the
    first verb of the run. After a noun ("a fire ripped through") it is the verb."""
    word = tokens[n].group().casefold()
    if n == 0 or not word.endswith("ed") or text[tokens[n - 1].end() : tokens[n].start()].strip():
        return False
    before = tokens[n - 1].group().casefold()
    past = before in _IRREGULAR_PAST or (len(before) >= 5 and before.endswith("ed"))
    return past and _verb_like(before)


def dated_object(text: str, start: int, end: int) -> frozenset[str]:
    """The names between a weekday's verb and the day, casefolded: whom or what the dated act
    was done to ("placed Pierre Thomas on injured reserve Wednesday"), or, for a passive verb,
    the names before it ("Pierre Thomas ... was placed on injured reserve Wednesday"). Two
    outlets' days of one act on two different named objects are two acts."""
    verb = _dated_match(text, start, end)
    if verb is None or verb.end() > start:
        return frozenset()
    before = list(_TOKEN.finditer(text, 0, verb.start()))
    passive = bool(before) and before[-1].group().casefold() in _BE
    # a passive verb's object is its subject: "Pierre Thomas, one of ..., was placed on ..."
    words = before if passive else list(_TOKEN.finditer(text, verb.end(), start))
    out: set[str] = set()
    introduced = False  # a name after "by", "in", "at" is the agent or the setting
    stop = _stopwords()
    for m in words:
        word = m.group()
        if not word[0].isupper():
            introduced = word.casefold() in _NOT_OBJECT
        elif not introduced and word not in WEEKDAYS and word.casefold() not in stop:
            out.add(word.casefold())
    return frozenset(out)


_BE = frozenset({"was", "were", "is", "are", "been", "being", "be"})


_NOT_OBJECT = frozenset({"by", "in", "at", "near", "from", "to", "of", "for", "with", "on"})


def story_names(spans: Sequence[SentenceSpan]) -> frozenset[str]:
    """The uncommon capitalised words of an article's content sentences (first words left out):
    two reports of one story share several (the town, the region, the official); two stories about
    one sport or city share one or two."""
    out: set[str] = set()
    for s in spans:
        if s.residue is not None:
            continue
        for m in list(_TOKEN.finditer(s.text))[1:]:
            word = m.group()
            if not word[0].isupper() or len(word) < 3:
                continue
            w = re.sub(r"['’]s$", "", word).casefold()
            if w not in WEEKDAYS and zipf(w) < NAME_ZIPF:
                out.add(w)
    return frozenset(out)


OBJECT_REACH = 3  # words after an event verb looked at for what it acts on


def acted_on(text: str, end: int) -> str | None:
    """The stem of the first content word after an event verb ending at text[end], within
    OBJECT_REACH words and before any punctuation: what it acts on ("won this game" -> game,
    "lost a fumble" -> fumbl); None when nothing follows ("the talks collapsed.")."""
    stop = _stopwords()
    for n, m in enumerate(_TOKEN.finditer(text, end)):
        if n >= OBJECT_REACH or re.search(r"[^\w\s'’-]", text[end : m.start()]):
            return None
        word = m.group().casefold()
        if word.isalpha() and word not in stop:
            return stem(word)
        end = m.end()
    return None


def _reported_events(text: str) -> list[PolarEvent]:
    """Event words from the polarity lexicon ("halt", "resume", "allow", "ban") that the sentence
    reports, not ones it only raises as possible or denies."""
    out = []
    for e in event_polarity(text):
        if e.negated:
            continue  # "did not halt" is compared by analysis.contradiction's polarity rule
        before = [w.casefold() for w in _TOKEN.findall(text[: e.start])][-MODAL_REACH:]
        if not _MODAL & set(before):
            out.append(e)
    return out


def _sentence_at(spans: Sequence[SentenceSpan], offset: int) -> SentenceSpan | None:
    for s in spans:
        if s.start <= offset < s.end:
            return s if s.residue is None else None
    return None


def read_facts(
    art: ArticleText, spans: Sequence[SentenceSpan], units: Mapping[Key, AlignUnit]
) -> list[Fact]:
    """Every time of day, weekday, direction, relation, reported event and judgement of a
    condition in an article's content sentences."""
    found: list[tuple[str, int, int, Any]] = [
        ("time", t.start, t.end, t) for t in extract_clock_times(art.text)
    ]
    found += [("weekday", w.start, w.end, w) for w in extract_weekdays(art.text)]
    found += [("direction", s, e, d) for s, e, d in extract_directions(art.text)]
    for sent in spans:
        if sent.residue is None:
            found += [
                ("relation", sent.start + r.start, sent.start + r.end, r)
                for r in extract_relations(sent.text)
            ]
            found += [
                ("predicate", sent.start + e.start, sent.start + e.end, e)
                for e in _reported_events(sent.text)
            ]
            found += [
                ("evaluation", sent.start + e.start, sent.start + e.end, e)
                for e in read_evaluations(sent.text)
            ]
    out: list[Fact] = []
    for slot, start, end, value in found:
        sent = _sentence_at(spans, start)
        if sent is None or is_dateline(sent.text):
            continue  # no sentence, or the page's "Updated: ..." line
        if slot not in ("direction", "evaluation") and _STATUS_TIME.search(
            art.text[max(0, start - 20) : start]
        ):
            continue
        if slot == "time" and _COUNTDOWN.match(art.text[end : end + 16]):
            continue
        if slot == "direction":
            end = start + len(art.text[start:end].rstrip(" ."))
        unit = units.get((art.article_id, sent.idx))
        when = _WHEN.search(sent.text) if slot == "predicate" else None
        notes: dict[str, Any] = {"when": when.group()} if when else {}
        if slot == "time" and _APPROXIMATE.search(art.text[max(0, start - 24) : start]):
            notes["approximate"] = True
        if slot == "predicate":
            notes["object"] = acted_on(art.text, end)
        if slot in ("time", "weekday", "direction"):
            notes["instance"] = instance(sent.text, start - sent.start, end - sent.start)
        if slot == "time":
            notes["dated"] = dated_verb(sent.text, start - sent.start, end - sent.start)
        if slot == "weekday":
            if re.match(r"['’]s\b", art.text[end : end + 2]):
                continue  # "Sunday's game" names a thing, not when the story's event happened
            notes["dated"] = dated_verb(sent.text, start - sent.start, end - sent.start)
            notes["object"] = sorted(dated_object(sent.text, start - sent.start, end - sent.start))
            before, after = art.text[max(0, start - 30) : start], art.text[end : end + 24]
            notes["night"] = bool(_NIGHT_BEFORE.search(before) or _NIGHT_AFTER.match(after))
            notes["early"] = bool(_EARLY_BEFORE.search(before) or _EARLY_AFTER.match(after))
            notes["daytime"] = bool(_DAYTIME_AFTER.match(after))
        out.append(
            Fact(
                slot=slot,
                key=(art.article_id, sent.idx),
                source=art.source,
                native=not art.translated,
                start=start,
                end=end,
                quote=art.text[start:end],
                value=value,
                window=_window(sent.text, start - sent.start, end - sent.start),
                names=unit.entities if unit else frozenset(),
                published=art.published,
                notes=notes,
            )
        )
    return out


@dataclass(slots=True)
class ArticleFacts:
    """What the comparison reads from one article alone, so that it can be cached with the
    article: its facts without their sentences' entities (which depend on the corpus), its story
    names and the countries it names (code, count; in the order a Counter of them keeps)."""

    facts: list[Fact]
    names: frozenset[str]
    countries: tuple[tuple[str, int], ...]

    def with_names(self, units: Mapping[Key, AlignUnit]) -> list[Fact]:
        """The facts as `read_facts` gives them with `units`: fresh copies, names filled in."""
        out = []
        for f in self.facts:
            unit = units.get(f.key)
            names = unit.entities if unit else frozenset()
            out.append(replace(f, names=names, notes=dict(f.notes)))
        return out


def article_facts(art: ArticleText, spans: Sequence[SentenceSpan]) -> ArticleFacts:
    """`read_facts`, `story_names` and `article_countries` of one article (pure, per article)."""
    return ArticleFacts(
        read_facts(art, spans, {}),
        story_names(spans),
        tuple(article_countries(art.text).items()),
    )


def instance(text: str, start: int, end: int) -> str | None:
    """Which of several events of a kind the value at text[start:end] belongs to, when the
    subject of its verb counts them ("as the first earthquake struck on Friday", "the sixth
    aftershock shook ... on Monday"), or the sentence's opening subject does ("The first quake,
    magnitude 7.6, struck at 4:43"): the ordinal word (or "another"), else None. An ordinal
    after the verb counts parts of the event ("stopped him in the seventh round on Sunday").
    """
    lead = len(text) - len(text.lstrip(" \"“‘'"))
    opening = _INSTANCE.match(text, lead)
    if opening and opening.end() <= start and opening.group("noun").casefold() != "time":
        return (opening.group("ordinal") or opening.group("another")).casefold()
    left = max((text.rfind(c, 0, start) for c in _CLAUSE_MARKS), default=-1) + 1
    verb = _dated_match(text, start, end)
    # only the subject of the value's verb: "stopped him in the seventh round on Sunday" counts
    # rounds of one fight, not fights
    right = verb.start() if verb is not None and verb.start() < start else start
    for m in _INSTANCE.finditer(text, left, right):
        before = _TOKEN.findall(text, max(0, m.start() - 16), m.start())
        if before and before[-1].casefold() in _PART_PREPOSITIONS:
            continue  # "in the seventh round", "during the second half": a part of the event
        if m.end() <= right and m.group("noun").casefold() != "time":
            return (m.group("ordinal") or m.group("another")).casefold()
    return None


_PART_PREPOSITIONS = frozenset(
    """in at on during of after before into by for from until with within""".split()  # noqa: SIM905
)


def _related(a: Fact, b: Fact, clustered: bool) -> float:
    """Evidence that two values are about one thing (see the module docstring). A weekday is
    compared only inside a claim cluster, or when both ledes date one event: the same general news
    event verb (lexicon/events.json: "capsized", "broke out") beside both days, in the first
    sentences of both articles. Reports of one story give many days for many events. Two
    times outside one claim must date one act as two days do (`same_dated`): the minute a blaze
    broke out is not the minute it was reported."""
    shared = a.window & b.window
    if not {w for w in shared if not w.startswith(NAME_MARK)}:
        return 0.0  # at least one word about what happened, not only who or where
    if a.notes.get("instance") != b.notes.get("instance"):
        return 0.0  # "the first quake" at 4:43, "the quake" at 7:48: the story has several
    happened = bool(shared & _happened()) and max(a.key[1], b.key[1]) <= LEDE
    if a.slot == "weekday" and not (clustered or happened or one_act(a, b, shared)):
        return 0.0
    if a.slot == "weekday" and not same_dated(a.notes["dated"], b.notes["dated"], clustered):
        return 0.0  # "killed on Wednesday" and "charged on Friday": two events
    if a.slot == "time" and not clustered and not same_dated(a.notes["dated"], b.notes["dated"]):
        return 0.0  # "the 3:10 a.m. blaze" / "was reported at 3:14 a.m.": two acts, two times
    oa, ob = set(a.notes.get("object") or ()), set(b.notes.get("object") or ())
    if a.slot == "weekday" and oa and ob and not oa & ob:
        return 0.0  # "placed Thomas on injured reserve" / "placed Ivory ...": two acts
    if a.slot == "predicate" and (
        len(shared) < PREDICATE_SHARED
        or sum(w.startswith(NAME_MARK) for w in shared) < PREDICATE_NAMES
    ):
        return 0.0  # "halt sales of the Q7 in Canada" / "resume sales of its Q7 in Canada"
    score = float(clustered) + len(shared) + float(happened)
    score += 0.5 * len(
        {n for n in a.names & b.names if NAME_MARK + stem(n.casefold()) not in a.window}
    )
    if a.slot == "time" and a.value.minutes == b.value.minutes:
        score += 1.0  # the same local time written twice is itself a sign of one event
    if a.slot == "relation" and _numbers(a.value) == _numbers(b.value):
        score += 1.0  # the same two counts: the same two groups
    if a.slot == "direction" and a.value.distance_km and b.value.distance_km:
        near, far = sorted([a.value.distance_km, b.value.distance_km])
        score += float(far - near <= 0.05 * far)  # the same distance: the same place measured
    return score


ACT_SHARED = 3  # words besides its verb two days of one act must share outside one claim
# verbs of speech (lexicon/speech.json): a source speaks again on another day ("officials said
# Friday ...")
_SPEECH = frozenset(stem(w) for w in lexicon.speech_verbs())


def one_act(a: Fact, b: Fact, shared: frozenset[str]) -> bool:
    """Whether two weekdays outside one claim date one act: both date the same verb, no verb of
    speech ("issued new rules Friday" / "issued the rules on Thursday"), and their clauses share
    ACT_SHARED content words besides it (what was acted on, by whom). The aligner splits one
    report's sentences among claims, and the day of an act is one fact whatever else each
    sentence says; "killed" / "charged" or "said Monday" / "said Friday" are kept apart."""
    verb = a.notes.get("dated")
    if verb is None or verb != b.notes.get("dated") or verb in _SPEECH:
        return False
    return len({w for w in shared if not w.startswith(NAME_MARK)} - {verb}) >= ACT_SHARED


def _numbers(r: Relation) -> tuple[float, float]:
    return r.whole, r.part


def _agree(a: Fact, b: Fact) -> bool | None:
    """Whether two values of one slot agree (None: not comparable)."""
    va, vb = a.value, b.value
    if a.slot == "relation":
        return va.relation == vb.relation if _numbers(va) == _numbers(vb) else None
    if a.slot == "evaluation":
        return va.sign == vb.sign if same_thing(va, vb) else None
    if a.slot == "predicate":
        oa, ob = a.notes.get("object"), b.notes.get("object")
        if va.concept != vb.concept or (oa and ob and oa != ob):
            return None  # "won this game" / "lost a fumble": two acts on two things
        return va.sign == vb.sign
    if a.slot == "time":
        loose = a.notes.get("approximate") or b.notes.get("approximate")
        gap = abs(va.minutes - vb.minutes) % DAY
        return va.agrees(vb) or bool(loose and min(gap, DAY - gap) <= APPROXIMATE_MINUTES)
    if a.slot == "weekday":
        if a.published and b.published:
            da = resolve_weekday(va.day, a.published, va.relative)
            db = resolve_weekday(vb.day, b.published, vb.relative)
            return da == db or (abs((da - db).days) == 1 and _one_night(a, b))
        if va.relative or vb.relative:
            return None  # "last Monday" in an undated report: which week?
        return va.day == vb.day or _one_night(a, b)
    if va.kind != vb.kind or not _same_anchor(va.anchor, vb.anchor):
        return None
    far = max(va.distance_km or 0, vb.distance_km or 0)
    if va.distance_km and vb.distance_km and abs(va.distance_km - vb.distance_km) > 0.2 * far:
        return None  # another place measured from the same town
    if va.bearing is None or vb.bearing is None:
        return va.bearing == vb.bearing or va.kind != "in"
    gap = abs(va.bearing - vb.bearing) % 360
    return min(gap, 360 - gap) < 90


def _one_night(a: Fact, b: Fact) -> bool:
    """Whether two weekdays a day apart name one night: "late Friday" or "Friday night" and
    "early Saturday", "overnight Friday" and "Saturday"."""
    first, then = (a, b) if (a.value.day + 1) % 7 == b.value.day else (b, a)
    if (first.value.day + 1) % 7 != then.value.day:
        return False
    night, early = bool(first.notes.get("night")), bool(then.notes.get("early"))
    if (first.notes.get("early") and not night) or (then.notes.get("night") and not early):
        return False  # "before dawn on Wednesday" is not Wednesday night
    if first.notes.get("daytime"):
        return False  # "Friday afternoon" is no night
    return night or early


def _same_anchor(a: str, b: str) -> bool:
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def _value_text(f: Fact) -> str:
    v = f.value
    if f.slot == "time":
        return f"{format_minutes(v.minutes)}" + (
            f" ({format_minutes(v.utc)} UTC)" if v.utc is not None else ""
        )
    if f.slot == "weekday":
        return WEEKDAYS[v.day].capitalize()
    if f.slot in ("predicate", "evaluation"):
        return f"“{v.text.casefold()}”"
    if f.slot == "relation":
        where = "among" if v.relation == "part" else "besides"
        return f"{_count(v.part)} {where} the {_count(v.whole)}"
    if v.kind == "heading":
        return v.word
    return f"{v.word} of {v.place}" if v.kind == "of" else f"{v.word} {v.place}"


@dataclass(slots=True)
class _Pair:
    a: Fact
    b: Fact
    score: float


def _explained(
    group: Sequence[Fact],
    i: int,
    j: int,
    clustered: Callable[[Fact, Fact], bool],
    same_key: Mapping[Key, Sequence[Fact]] | None = None,
) -> bool:
    """A sentence giving two values ("reported on Sunday, found on Monday") is not in conflict
    with another that gives one of them: the other value is about something else, also when the
    claim holds the sentence by the other value's clause. `same_key` (the group's facts by
    sentence) spares a scan of the whole group per conflict."""
    a, b = group[i], group[j]
    for x, y in ((a, b), (b, a)):
        for f in group if same_key is None else same_key.get(x.key, ()):
            if (
                f is not x
                and f.key == x.key
                and _agree(f, y)
                and (_related(f, y, clustered(x, y) or clustered(f, y)) >= RELATED)
            ):
                return True
    return False


def compare_facts(
    facts: Sequence[Fact],
    clustered: Callable[[Fact, Fact], bool],
    same_story: Callable[[int, int, bool], bool] = lambda a, b, clustered: True,
    story_names: Mapping[int, frozenset[str]] | None = None,
) -> list[FlagDraft]:
    """Flags for values of one slot that conflict between articles (see the module docstring);
    values are compared only between articles that `same_story` accepts. `story_names`, when
    `same_story` counts shared story names, lets the pairs it must reject be skipped unvisited."""
    by_slot: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_slot[f.slot].append(f)
    flags: list[FlagDraft] = []
    for slot in sorted(by_slot):
        flags += _compare_slot(by_slot[slot], clustered, same_story, story_names)
    return flags


def window_pairs(
    group: Sequence[Fact], story_names: Mapping[int, frozenset[str]] | None = None
) -> Iterator[tuple[int, int]]:
    """The pairs (i < j) of a slot's facts that share a window word other than a name, from two
    articles of two outlets, in the order of a double loop over all pairs. `_related` is 0 for
    every other pair, so it can neither agree, conflict nor join a component, and `_compare_slot`
    skips pairs of one article or outlet at once: visiting only these changes no flag, and keeps
    the comparison near-linear (59 M predicate pairs at 2,127 BBC articles, 0.8 M blocked). With
    `story_names` (article id -> its story names), pairs of articles sharing fewer than
    `min(STORY_NAMES, CLUSTERED_STORY_NAMES)` of them are left out too: `same_story` rejects them.

    Made one fact at a time, never all at once: a window word held by thousands of facts (a
    common verb) makes tens of millions of pairs at 20,000 articles, gigabytes as a set."""
    holders: dict[str, list[int]] = defaultdict(list)
    for n, f in enumerate(group):
        for w in f.window:
            if not w.startswith(NAME_MARK):
                holders[w].append(n)
    held = {w: np.asarray(h, dtype=np.int64) for w, h in holders.items() if len(h) > 1}
    del holders
    article = np.asarray([f.key[0] for f in group], dtype=np.int64)
    outlets: dict[str, int] = {}
    outlet = np.asarray(
        [outlets.setdefault(f.source.casefold(), len(outlets)) for f in group], dtype=np.int64
    )
    shared = _SharedNames(story_names, article) if story_names is not None else None
    floor = min(STORY_NAMES, CLUSTERED_STORY_NAMES)
    for i, f in enumerate(group):
        parts = [
            h[np.searchsorted(h, i, side="right") :]
            for w in f.window
            if (h := held.get(w)) is not None
        ]
        if not parts:
            continue
        js = np.unique(np.concatenate(parts))
        js = js[(article[js] != article[i]) & (outlet[js] != outlet[i])]
        if shared is not None and len(js):
            js = js[shared.with_article(int(article[i]))[js] >= floor]
        for j in js.tolist():
            yield i, j


class _SharedNames:
    """How many story names each fact's article shares with one article (the last one asked for
    is kept: a slot's facts come article by article)."""

    def __init__(self, names: Mapping[int, frozenset[str]], article: np.ndarray) -> None:
        self.names = names
        ids = sorted(set(article.tolist()))
        self.index = {a: k for k, a in enumerate(ids)}
        self.fact_article = np.asarray([self.index[a] for a in article.tolist()], dtype=np.int64)
        holders: dict[str, list[int]] = defaultdict(list)
        for a in ids:
            for name in names.get(a, frozenset()):
                holders[name].append(self.index[a])
        self.holders = {n: np.asarray(h, dtype=np.int64) for n, h in holders.items()}
        self.last: tuple[int, np.ndarray] | None = None

    def with_article(self, article_id: int) -> np.ndarray:
        """For every fact of the group, the story names its article shares with `article_id`."""
        if self.last is None or self.last[0] != article_id:
            parts = [self.holders[n] for n in self.names.get(article_id, frozenset())]
            per_article = np.bincount(
                np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64),
                minlength=len(self.index),
            )
            self.last = (article_id, per_article[self.fact_article])
        return self.last[1]


def _compare_slot(
    group: Sequence[Fact],
    clustered: Callable[[Fact, Fact], bool],
    same_story: Callable[[int, int, bool], bool],
    story_names: Mapping[int, frozenset[str]] | None = None,
) -> list[FlagDraft]:
    parent = list(range(len(group)))
    same_key: dict[Key, list[Fact]] = defaultdict(list)  # `_explained` reads only these
    for f in group:
        same_key[f.key].append(f)

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    conflicts: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for i, j in window_pairs(group, story_names):
        a, b = group[i], group[j]
        together = clustered(a, b)
        if a.key[0] == b.key[0] or a.source.casefold() == b.source.casefold():
            continue  # one outlet's two pages (an update, a follow-up) are one account
        if not same_story(a.key[0], b.key[0], together):
            continue
        score = _related(a, b, together)
        agree = _agree(a, b) if score >= RELATED else None
        if agree is None:
            continue
        parent[root(i)] = root(j)
        if not agree and not _explained(group, i, j, clustered, same_key):
            conflicts[i].append((j, score))
            conflicts[j].append((i, score))
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(group)):
        members[root(n)].append(n)

    def backers(n: int) -> list[Fact]:
        """The facts of n's component that agree with it: the outlets behind its reading."""
        return [group[m] for m in members[root(n)] if m == n or _agree(group[m], group[n])]

    def support(n: int) -> tuple[int, int, int]:
        """(reading fits the place's zone, outlets, native outlets): a "local (UTC)" time the
        country's zone rules out loses to one it allows, however many outlets repeat it."""
        fs = backers(n)
        fits = int(not any("zone" in f.notes for f in fs))
        return fits, len({f.source for f in fs}), len({f.source for f in fs if f.native})

    flags: list[FlagDraft] = []
    emitted: set[frozenset[Key]] = set()
    for n in sorted(conflicts, key=lambda n: (group[n].key, group[n].start)):
        mine = support(n)
        m, score = max(
            conflicts[n], key=lambda p: (support(p[0]), p[1], group[p[0]].key, -group[p[0]].start)
        )
        theirs = support(m)
        if mine > theirs:
            continue  # the other side is the odd one out; its own flag covers the pair
        pair = frozenset({group[n].key, group[m].key})
        if pair in emitted:
            continue
        emitted.add(pair)
        readings = {
            _value_text(group[k]): {
                "sources": sorted({f.source for f in backers(k)}),
                "native": sorted({f.source for f in backers(k) if f.native}),
            }
            for k in (n, m)
        }
        flags.append(_flag(_Pair(group[n], group[m], score), mine, theirs, readings))
    return flags


def _backing(support: tuple[int, int, int], value: str) -> str:
    """ "2 outlets give 02:50 UTC (1 of them not machine-translated)" """
    _, n, native = support
    text = f"1 outlet gives {value}" if n == 1 else f"{n} outlets give {value}"
    if native < n:
        text += f" ({native} of them not machine-translated)" if n > 1 else " (machine-translated)"
    return text


def _flag(pair: _Pair, mine: tuple[int, int, int], theirs: tuple[int, int, int],
          readings: dict[str, Any]) -> FlagDraft:  # fmt: skip
    a, b = pair.a, pair.b
    slot = a.slot
    why = _why(a, b)
    support = f" {_backing(theirs, _value_text(b))}; {_backing(mine, _value_text(a))}."
    odd = mine < theirs and slot != "predicate"  # an update has no odd one out
    explanation = (
        f"{a.source} says “{a.quote}”; {b.source} says “{b.quote}” about the same thing. {why}"
        + support
        + (f" {a.source} is the odd one out." if odd else "")
        + (_zone_reason(a) if odd and "zone" in a.notes else "")
    )
    margin = min(0.15, 0.05 * (theirs[1] - mine[1]))
    return FlagDraft(
        kind="contradiction",
        detector=f"compare-{slot}",
        side=a.side,
        other=b.side,
        explanation=explanation,
        confidence=round(min(0.95, BASE_CONFIDENCE[slot] + margin), 3),
        suggestion=SUGGESTIONS[slot],
        evidence={
            "values": [_value_text(a), _value_text(b)],
            "readings": readings,
            "relatedness": round(pair.score, 2),
            "shared_words": sorted(w.removeprefix(NAME_MARK) for w in a.window & b.window),
            **({"reading": "update"} if slot == "predicate" else {}),
            **a.notes,
        },
        slot={
            "time": "time",
            "weekday": "date",
            "direction": "direction",
            "predicate": "polarity",
            "evaluation": "polarity",
        }.get(slot, "relation"),
    )


def _zone_reason(f: Fact) -> str:
    z = f.notes["zone"]
    return (
        f" Its UTC time means {z['implied_offset']}, a zone the country the article names "
        f"({z['country']}) does not use ({', '.join(z['country_offsets'])})."
    )


def _count(x: float) -> str:
    return f"{x:g}"


def _why(a: Fact, b: Fact) -> str:
    va, vb = a.value, b.value
    if a.slot == "predicate":
        when = "; ".join(
            f"{f.source} dates it “{f.notes['when']}”" for f in (a, b) if f.notes.get("when")
        )
        return (
            f"“{va.text}” and “{vb.text}” cannot both hold at once, but the situation may have "
            "changed over time: the later report may describe an update"
            + (f" ({when})." if when else ".")
        )
    if a.slot == "evaluation":
        judged = ", ".join(sorted(va.targets & vb.targets))
        return f"“{va.text}” and “{vb.text}” judge the same thing ({judged}) oppositely."
    if a.slot == "relation":
        inside, apart = (a, b) if va.relation == "part" else (b, a)
        r = inside.value
        return (
            f"{inside.source} counts the {_count(r.part)} among the {_count(r.whole)}; "
            f"{apart.source} counts them besides, {_count(r.part + r.whole)} in all."
        )
    if a.slot == "time":
        if va.utc is not None and vb.utc is not None and va.minutes == vb.minutes:
            return (
                f"The same local time cannot be both {format_minutes(va.utc)} and "
                f"{format_minutes(vb.utc)} UTC."
            )
        gap = min((va.minutes - vb.minutes) % DAY, (vb.minutes - va.minutes) % DAY)
        return (
            f"The two times are {gap} minutes apart. Neither report marks another instance of the"
            " event (“the first”, “another”)."
        )
    if a.slot == "weekday":
        day_a, day_b = WEEKDAYS[va.day].capitalize(), WEEKDAYS[vb.day].capitalize()
        acts = " Both days date one act" if a.notes.get("dated") and b.notes.get("dated") else ""
        same = f"{acts}, and neither" if acts else " Neither"
        return (
            f"{day_a} and {day_b} are different days.{same} report marks another instance of the"
            " event (“the first”, “another”)."
        )
    if va.bearing is None or vb.bearing is None:
        return f"“{va.word}” and “{vb.word}” are different parts of {va.place}."
    gap = abs(va.bearing - vb.bearing) % 360
    return f"The two directions are {min(gap, 360 - gap)} degrees apart."


# --- zones named by the article ------------------------------------------------------------


@cache
def _country_pattern() -> re.Pattern[str] | None:
    names = [n for n in country_names() if len(n) >= 4]
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"\b(" + alternatives + r")\b", re.IGNORECASE)


def article_countries(text: str) -> Counter[str]:
    """ISO codes of the countries an article names, by count."""
    pattern = _country_pattern()
    if pattern is None:
        return Counter()
    out: Counter[str] = Counter()
    for m in pattern.finditer(text):
        if m.group(1)[0].isupper():
            code = country_code(m.group(1))
            if code:
                out[code] += 1
    return out


_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def story_year(articles: Sequence[ArticleText]) -> int | None:
    """The year an undated report most likely belongs to: the commonest publication year of the
    story's dated articles, else the commonest year its texts name, else None (never today's:
    the same input must give the same flags next year)."""
    dated = Counter(a.published.year for a in articles if a.published)
    if dated:
        return min(dated, key=lambda y: (-dated[y], -y))
    named = Counter(int(m.group(1)) for a in articles for m in _YEAR.finditer(a.text))
    if named:
        return min(named, key=lambda y: (-named[y], -y))
    return None


def zone_check(
    fact: Fact, countries: Counter[str], on: date | None, year: int | None = None
) -> dict[str, Any] | None:
    """When a "local (UTC)" time implies an offset that no zone of the article's main country
    uses, what the country's offsets are (on the article's day, else in the story's year)."""
    t: ClockTime = fact.value
    if t.implied_offset is None or not countries:
        return None
    code, _ = countries.most_common(1)[0]
    offsets = country_offsets(code, on, year)
    if not offsets or t.implied_offset % DAY in {o % DAY for o in offsets}:
        return None
    return {
        "country": code,
        "implied_offset": format_offset(t.implied_offset),
        "country_offsets": sorted(format_offset(o) for o in offsets),
    }


def _zone_flag(fact: Fact, check: dict[str, Any]) -> FlagDraft:
    t: ClockTime = fact.value
    assert t.utc is not None
    return FlagDraft(
        kind="contradiction",
        detector="compare-zone",
        side=fact.side,
        explanation=(
            f"{fact.source} gives “{fact.quote}”: {format_minutes(t.minutes)} local and "
            f"{format_minutes(t.utc)} UTC means {check['implied_offset']}, but the country the "
            f"article names ({check['country']}) uses {', '.join(check['country_offsets'])}."
        ),
        confidence=0.7,
        suggestion=SUGGESTIONS["time"],
        evidence=check,
        slot="time",
    )


def compare_articles(
    articles: Iterable[ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    units: Mapping[Key, AlignUnit],
    clusters: Sequence[ClusterDraft],
    read: Mapping[int, ArticleFacts] | None = None,
    denial_memo: DenialMemo | None = None,
    wording_memo: QuietMemo | None = None,
) -> list[FlagDraft]:
    """The comparison stage: read each article's values, compare them across articles. `read`:
    `article_facts` of some articles, read beforehand (the pipeline caches them per article);
    `denial_memo`: `negation.denials` results kept across runs (analysis/run_memo.py);
    `wording_memo`: claim pairs whose wording shows nothing (analysis/wording_pairs.py)."""
    articles = list(articles)
    spans = {(aid, s.idx): s for aid, ss in sentences.items() for s in ss}
    texts = {k: s.text for k, s in spans.items()}
    # per sentence, the claims it states and the clause it states each in (None: all of it)
    cluster_of: dict[Key, list[tuple[int, Spans | None]]] = defaultdict(list)
    for n, cluster in enumerate(clusters):
        for key, view in stating_spans(cluster, texts).items():
            cluster_of[key].append((n, view))

    def claims(f: Fact) -> set[int]:
        held = cluster_of.get(f.key, ())
        start = spans[f.key].start if held else 0
        return {n for n, view in held if inside(view, f.start - start, f.end - start)}

    def clustered(x: Fact, y: Fact) -> bool:
        """Both values stated in one claim: a sentence in two claims states a value in the
        claim of the clause that holds it."""
        return bool(claims(x) & claims(y))

    year = story_year(articles)
    facts: list[Fact] = []
    zone_flags: list[tuple[Fact, dict[str, Any]]] = []
    names: dict[int, frozenset[str]] = {}
    for art in articles:
        one = (read or {}).get(art.article_id)
        if one is None:
            one = article_facts(art, sentences.get(art.article_id, ()))
        found = one.with_names(units)
        if found:
            names[art.article_id] = one.names
        countries = Counter(dict(one.countries))
        for f in found:
            if f.slot == "time":
                check = zone_check(f, countries, art.published, year)
                if check is not None:
                    f.notes["zone"] = check
                    zone_flags.append((f, check))
        facts += found

    def same_story(x: int, y: int, together: bool) -> bool:
        shared = len(names.get(x, frozenset()) & names.get(y, frozenset()))
        return shared >= (CLUSTERED_STORY_NAMES if together else STORY_NAMES)

    flags = compare_facts(facts, clustered, same_story, names)
    flags += negation_flags(articles, sentences, clusters, denial_memo)
    # reversed relations and swapped roles (analysis.order_relations, analysis.role_swaps)
    flags += wording_flags(articles, sentences, clusters, wording_memo)
    flags += fused_day_hours(articles, facts, sentences, same_story)
    flags += weekday_date_flags(articles, sentences)  # analysis.weekday_dates
    covered = {(fl.side.article_id, fl.side.start) for fl in flags} | {
        (fl.other.article_id, fl.other.start) for fl in flags if fl.other
    }
    flags += [_zone_flag(f, check) for f, check in zone_flags if (f.key[0], f.start) not in covered]
    return flags


# --- a statement and its denial ----------------------------------------------------------------


def negation_flags(
    articles: Sequence[ArticleText],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    clusters: Sequence[ClusterDraft],
    memo: DenialMemo | None = None,
) -> list[FlagDraft]:
    """One outlet denies what another states in the same claim ("did not confirm" / "confirmed"),
    aligned word by word at the predicate (`analysis.negation`). Only sentences that both state
    the claim are compared; the flag allows that the situation may have changed between reports."""
    by_id = {a.article_id: a for a in articles}
    spans = {(aid, s.idx): s for aid, ss in sentences.items() for s in ss}
    source = {a.article_id: a.source.casefold() for a in articles}
    flags: list[FlagDraft] = []
    texts = {k: s.text for k, s in spans.items()}
    raised: set[tuple[Key, Key, tuple[int, int], tuple[int, int]]] = set()
    for x, y, vx, vy in same_claim_pairs(clusters, texts, source):
        forward, backward = denials(view_text(texts[x], vx), view_text(texts[y], vy), memo)
        found = [(x, y, d) for d in forward] + [(y, x, d) for d in backward]
        for neg, pos, d in found[:1]:
            if (neg, pos, d.negated, d.asserted) not in raised:  # one pair, two claims
                raised.add((neg, pos, d.negated, d.asserted))
                flags.append(_denial_flag(by_id, spans, neg, pos, d))
    return flags


def _denial_flag(
    by_id: Mapping[int, ArticleText],
    spans: Mapping[Key, SentenceSpan],
    neg: Key,
    pos: Key,
    d: Denial,
) -> FlagDraft:
    sn, sp = spans[neg], spans[pos]
    said_n = sn.text[d.negated[0] : d.negated[1]]
    said_p = sp.text[d.asserted[0] : d.asserted[1]]
    an, ap = by_id[neg[0]], by_id[pos[0]]
    when = ""
    if an.published and ap.published and an.published != ap.published:
        when = " The reports are dated differently, so the later one may describe an update."
    return FlagDraft(
        kind="contradiction",
        detector="compare-negation",
        side=FlagSide(neg[0], neg[1], sn.start + d.negated[0], sn.start + d.negated[1], said_n),
        other=FlagSide(pos[0], pos[1], sp.start + d.asserted[0], sp.start + d.asserted[1], said_p),
        explanation=(
            f"{an.source} says “{said_n}”; {ap.source} says “{said_p}” about the same thing "
            f"({', '.join(d.shared[:3])}). One report denies what the other states.{when}"
        ),
        confidence=0.5,
        suggestion="check which account the primary source gives",
        evidence={"values": [said_n, said_p], "predicate": d.predicate, "shared": list(d.shared)},
        slot="polarity",
    )


# --- a day and an hour fused into one clock time ---------------------------------------------

_DAY_OF_MONTH = re.compile(
    r"\b(?:" + month_alternatives() + r")\s+(?P<a>\d{1,2})\b"
    r"|\b(?P<b>\d{1,2})(?:st|nd|rd|th)\b"
)


def _days_in(text: str) -> set[int]:
    return {int(m.group("a") or m.group("b")) for m in _DAY_OF_MONTH.finditer(text)}


def fused_day_hours(
    articles: Sequence[ArticleText],
    facts: Sequence[Fact],
    sentences: Mapping[int, Sequence[SentenceSpan]],
    same_story: Callable[[int, int, bool], bool],
) -> list[FlagDraft]:
    """ "At about 11:09 a.m." in a sentence dated "March 9", where another report of the story
    gives "11 am": a source that writes the day before the hour ("the 9th, about 11 o'clock", as
    Chinese and Japanese dates do) was read as one clock time. A `translation_artifact`."""
    hours: dict[int, list[tuple[ArticleText, ClockTime]]] = defaultdict(list)
    for art in articles:
        for t in extract_clock_times(art.text):
            if t.hour_only:
                hours[t.minutes // 60].append((art, t))
    flags: list[FlagDraft] = []
    for f in facts:
        t = f.value
        if f.slot != "time" or t.hour_only or t.offset is not None or not 1 <= t.minutes % 60 <= 31:
            continue
        spans = sentences.get(f.key[0], ())
        sent = next((s for s in spans if s.idx == f.key[1]), None)
        if sent is None or t.minutes % 60 not in _days_in(sent.text):
            continue
        others = [
            (art, h) for art, h in hours.get(t.minutes // 60, [])
            if art.article_id != f.key[0] and same_story(f.key[0], art.article_id, False)
        ]  # fmt: skip
        if not others:
            continue
        art, h = others[0]
        day = t.minutes % 60
        flags.append(
            FlagDraft(
                kind="translation_artifact",
                detector="fused-day-hour",
                side=f.side,
                explanation=(
                    f"“{f.quote}” has the same minutes as the day ({day}) of the date in its "
                    f"sentence, and {art.source} gives “{h.text}”: a date written day first, then "
                    f"hour (“the {day}th, about {t.minutes // 60} o'clock”) may have been read as "
                    "one clock time."
                ),
                confidence=0.45,
                suggestion=f"about {h.text} on the {day}th",
                evidence={"day": day, "other": {"source": art.source, "time": h.text}},
            )
        )
    return flags
