"""A story's event named as the topic of a report, not stated: "reported the fire at the X".

Every article about one happening names it, and a long translated lead often names it only as
the thing reported on: "the city's press office held a briefing to report the collapse of the
bridge at the Y depot", "the agency learned about the explosion at the Z plant, that ...". Such a
sentence states something else (a briefing was held, what was learned) and shares with every
other sentence of the story the words of the event's name: its kind, its place, its owner.
Word overlap and word vectors score it as alike to the sentence that does state the event ("the
bridge at the Y depot collapsed on Monday"), and it becomes a hub joining unrelated claims.

`reported_event` finds a nominal mention of an event (a word of a family marked `event` in
`lexicon/predicates.json`, or a general event noun such as "incident", used as a noun: after a
determiner or preposition, or before "of" or another event noun) with the words that name it
(premodifiers and "of/in/at" chains of names and nouns), governed by a reporting verb or a
communication noun ("reported the ...", "to report that the ...", "a briefing on the ..."), and
with no predicate of its own after it: the sentence ends, or a comma, colon or "that" follows
(not ", which" or ", who": a relative clause predicates the event). The words written only inside
such mentions, and the figures written outside them, are what the pair model needs: two
sentences that share nothing outside the mention but names share only the topic
(analysis/claim_model.py, `ClaimScorer._topic_cap`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from analysis import lexicon
from analysis.claim_slots import stem as family_stem
from analysis.number_words import WORD_VALUES
from analysis.predicates import is_figure
from analysis.similarity import STOP_WORDS, stem


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(
    r"[Nn]o\.(?=\s*\d)|\d[\d,.:]*(?:st|nd|rd|th)?|[^\W\d_]+(?:['’\-][^\W\d_]+)*|[,;:()\[\]–—.!?]"
)
_DETERMINERS = _words("the a an this that these those its their his her")
_PREPOSITIONS = _words(
    "of in after following since before during from over about on into by at for amid despite"
    " regarding concerning"
)
_AUXILIARIES = _words(
    "is are was were be been being has have had will would did does do can could may might"
    " should must"
)
_CHAIN = frozenset(("of", "in", "at"))  # what joins an event's name to its place or owner
_REPORTING = _words(
    "report reports reported reporting announce announces announced introduce introduces"
    " introduced brief briefs briefed learn learns learned learnt inform informs informed"
    " notify notified told tell tells apprise apprised"
)
_COMMUNICATION = _words(
    "conference briefing statement report update announcement notice bulletin facts details"
    " information"
)
_ABOUT = frozenset(("on", "about", "regarding", "concerning"))
_GAP = frozenset(("that", "on", "about", "of", "regarding", "concerning"))
# what a report is about follows its verb after an object or a time ("informed the ministry of
# the crash", "reported on Monday about the fire", "told reporters about the collapse")
# ("of" only after a verb of informing: "reported the cause of the fire" reports the cause)
_INFORMING = _words("inform informs informed notify notified apprise apprised tell tells told")
_TIME_PREPOSITIONS = _words("on in at during")
OBJECT_WORDS = 3  # at most this many words between a reporting verb and "about/of/on"
_OPEN_AFTER = frozenset((".", ",", ";", ":", "!", "?", "that"))
_RELATIVE = frozenset(("which", "who", "where", "when"))
PREMODIFIERS = 8  # words of a name before the event word ("the No. 4 east pier cold store fire")


@dataclass(frozen=True, slots=True)
class ReportedEvent:
    """What one sentence writes only inside reported event mentions, and its figures outside."""

    found: bool  # the sentence has a reported event mention
    inside: frozenset[str]  # stems (analysis.similarity.stem) written only inside a mention
    figures: frozenset[str]  # counts written outside every mention (digits, commas dropped)


@cache
def _heads() -> tuple[frozenset[str], frozenset[str]]:
    """Stems of the event families' words, and the general event nouns."""
    data = lexicon.load("predicates")
    stems = {
        family_stem(word)
        for family in data["families"].values()
        if family.get("event")
        for word in family["words"]
    }
    return frozenset(stems), frozenset(w.casefold() for w in data.get("event_nouns", ()))


def _is_event(low: str) -> bool:
    stems, nouns = _heads()
    return low in nouns or (family_stem(low) in stems and not low.endswith(("ed", "ing")))


def _word(low: str) -> bool:
    """A word that can sit inside a noun phrase's name (not a function word or a verb form)."""
    return (
        low[0].isalnum()
        and low not in _DETERMINERS
        and low not in _PREPOSITIONS
        and low not in _AUXILIARIES
        and not (low.endswith("ed") and low[0].isalpha())
    )


def _mention(tokens: list[str], lows: list[str], k: int) -> tuple[int, int] | None:
    """The token span [start, end) of a nominal event mention headed at k, or None when the
    event word is not used as a noun there."""
    _, nouns = _heads()
    j = k - 1
    while j >= 0 and j >= k - PREMODIFIERS and _word(lows[j]):
        j -= 1
    before = lows[j] if j >= 0 else ""
    after = lows[k + 1] if k + 1 < len(lows) else ""
    nominal = (
        lows[k] in nouns
        or before in _DETERMINERS
        or before in _PREPOSITIONS
        or after == "of"
        or after in nouns
    )
    if not nominal:
        return None
    start = j if before in _DETERMINERS else j + 1
    end = k + 1
    while end < len(lows):
        if _is_event(lows[end]):
            end += 1
            continue
        if lows[end] not in _CHAIN:
            break
        f = end + 1
        while f < len(lows) and (
            lows[f] in _DETERMINERS
            or _word(lows[f])
            or tokens[f][0].isupper()
            or (lows[f] == "," and f + 1 < len(tokens) and tokens[f + 1][0].isupper())
        ):
            f += 1
        if f == end + 1:
            break
        end = f
    return start, end


def _governed(lows: list[str], start: int) -> bool:
    """Whether a reporting verb, or a communication noun and "on/about", stands just before;
    or a reporting verb and its object or a time before "about/of/on" (OBJECT_WORDS words at
    most, none a function word, a verb form or a mark: "informed the ministry of the ...")."""
    j = start - 1
    gap = 0
    while j >= 0 and gap < 2 and lows[j] in _GAP:
        if lows[j] in _ABOUT and j > 0 and lows[j - 1] in _COMMUNICATION:
            return True
        j, gap = j - 1, gap + 1
    if j >= 0 and lows[j] in _REPORTING:
        return True
    topic = lows[j + 1] if gap else ""
    if topic not in _ABOUT and topic != "of":
        return False
    for k in range(j, max(j - OBJECT_WORDS, 0) - 1, -1):
        if lows[k] in _REPORTING:
            return k < j and (topic != "of" or lows[k] in _INFORMING)
        if not (_word(lows[k]) or lows[k] in _DETERMINERS or lows[k] in _TIME_PREPOSITIONS):
            return False
    return False


def _open(lows: list[str], end: int) -> bool:
    """Whether nothing predicates the mention after it: the sentence ends, or a stop, a comma
    (not opening a relative clause) or "that" follows."""
    if end >= len(lows):
        return True
    if lows[end] not in _OPEN_AFTER:
        return False
    return not (lows[end] == "," and end + 1 < len(lows) and lows[end + 1] in _RELATIVE)


def _value(low: str) -> str:
    """A figure as its digits ("1,200" and "1200" alike; "eight" is "8")."""
    if low in WORD_VALUES:
        return f"{WORD_VALUES[low]:g}"
    digits = low.rstrip("stndrh.,").replace(",", "")
    try:
        return f"{float(digits):g}"
    except ValueError:
        return digits


def reported_event(text: str) -> ReportedEvent:
    """The sentence's reported event mentions (see the module docstring): the words written
    only inside them and the figures written outside (all its figures when it has none)."""
    tokens = [m.group() for m in _TOKEN.finditer(text)]
    lows = [t.casefold().replace("’", "'") for t in tokens]
    spans = []
    for k, low in enumerate(lows):
        if not low[0].isalpha() or not _is_event(low):
            continue
        span = _mention(tokens, lows, k)
        if span is not None and _governed(lows, span[0]) and _open(lows, span[1]):
            spans.append(span)
    inside: set[str] = set()
    outside: set[str] = set()
    figures: set[str] = set()
    for k, low in enumerate(lows):
        within = any(s <= k < e for s, e in spans)
        if is_figure(lows, k):
            if not within:
                figures.add(_value(low))
        elif low[0].isalpha() and low not in STOP_WORDS and len(low) >= 2:
            (inside if within else outside).add(stem(low))
    return ReportedEvent(bool(spans), frozenset(inside - outside), frozenset(figures))
