"""An interim count and a later one: "10 dead" on the first day, "12 dead" the next, is an
update, not a contradiction.

Some counts only grow while a story unfolds (the dead, the injured, the missing, arrests: the
`tolls` of lexicon/tolls.json). When two reports give different counts of such a group, and one
report is later than the other, by publication date or by its own words ("the toll rose to",
"initially", "so far"), and the later one gives the higher count, the pair is read as an update:
the flag says the situation may have changed over time, and its evidence carries
`reading: "update"`, which keeps it from counting against either outlet until a reviewer
accepts it as a conflict. A toll that falls in the later report stays a plain conflict.

Pure: two sentences (text, publication date) and their compared counts in; evidence out.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from analysis import lexicon
from analysis.claim_slots import Item, Sentence, interval, stem

REACH = 8  # words either side of a count that say what it counts ("the collapse killed 10")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@cache
def _lexicon() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    data = lexicon.load("tolls")
    tolls = frozenset(stem(w) for w in data["tolls"])
    return tolls, lexicon.phrase_pattern(data["later"]), lexicon.phrase_pattern(data["interim"])


def _clause(text: str, item: Item) -> tuple[int, int]:
    """The stretch of the sentence around a count, up to a semicolon or the sentence's end."""
    left = max(text.rfind(";", 0, item.start), text.rfind(". ", 0, item.start)) + 1
    right = min((i for i in (text.find(";", item.end), text.find(". ", item.end)) if i >= 0),
                default=len(text))  # fmt: skip
    return left, right


def is_toll(text: str, item: Item) -> bool:
    """Whether a count counts a group that only grows: its noun or a word near it is a toll
    word ("11 dead", "killed 11 people", "11 people were missing")."""
    q = item.quantity
    if q is None or q.kind != "count":
        return False
    tolls, _, _ = _lexicon()
    left, right = _clause(text, item)
    before = _WORD.findall(text[left : item.start])[-REACH:]
    after = _WORD.findall(text[item.end : right])[:REACH]
    words = {stem(w) for w in (*before, *after, *q.unit.split())}
    return bool(words & tolls)


def _timing(text: str, item: Item) -> int:
    """+1 when the sentence marks its count as a later revision, -1 as interim, 0 when neither
    (or both)."""
    _, later, interim = _lexicon()
    left, right = _clause(text, item)
    around = text[left:right]
    return int(bool(later.search(around))) - int(bool(interim.search(around)))


def toll_update(sa: Sentence, a: Item, sb: Sentence, b: Item) -> dict[str, Any]:
    """Evidence entries (`reading`, `update`) when two differing counts read as an interim and a
    later toll; empty when they do not."""
    text_a, text_b = sa.unit.text, sb.unit.text
    published_a, published_b = sa.published, sb.published
    if not (is_toll(text_a, a) and is_toll(text_b, b)):
        return {}
    if published_a and published_b and published_a != published_b:
        later, why = (0 if published_a > published_b else 1), "published later"
    else:
        ta, tb = _timing(text_a, a), _timing(text_b, b)
        if ta == tb:
            return {}
        later, why = (0 if ta > tb else 1), "worded as the later count"
    sides = (a, b)
    ia, ib = (interval(x.quantity) for x in sides if x.quantity)
    new, old = (ia, ib) if later == 0 else (ib, ia)
    if new is None or old is None or new[0] <= old[1]:
        return {}  # the later report does not give the higher count
    return {
        "reading": "update",
        "update": {"later": sides[later].quote, "earlier": sides[1 - later].quote, "why": why},
    }


def update_note(extra: dict[str, Any]) -> str:
    """The sentence an explanation adds for an update reading (empty otherwise)."""
    u = extra.get("update")
    if not u:
        return ""
    return (
        f" The count “{u['later']}” is the later one ({u['why']}) and the higher: a toll that grows"
        f" as a story unfolds, so “{u['earlier']}” may be an interim figure and the situation may"
        " have changed over time."
    )
