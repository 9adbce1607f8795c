"""Who a sentence says its figures come from, so that two speakers' figures are two claims.

"Paramedics counted 28 tourists" and "the mayor said the coach carried 31 tourists" do not
contradict each other: each reports what someone said. A sentence's speaker is
read from the usual reporting frames ("according to X", "X said", "said X", "X told reporters");
it is kept as the set of its content words, and two speakers are different when their sets share
no word ("mayor", "Smith" against "paramedics").

A sentence that names no speaker but repeats figures that, across the corpus, only one speaker
gives (two or more of them, none that only another speaker gives) takes that speaker: an outlet
that prints the governor's 43 passengers and five children without saying so is giving the
governor's account. A sentence mixing two speakers' figures keeps no speaker, so it is still
compared with both, which is how a merge of two accounts is caught.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from functools import cache

from wordfreq import zipf_frequency

from analysis.claim_slots import stem
from analysis.polarity import load_lexicon

MIN_SHARED_VALUES = 2  # figures only one speaker gives that make an unattributed sentence theirs
COMMON_ZIPF = 5.8  # words this common say nothing about who spoke ("people", "told")

_VERBS = (
    r"said|says|told|tells|stated|states|reported|reports|announced|announces|confirmed|"
    r"confirms|wrote|writes|posted|indicated|indicates|estimated|estimates|added|noted|claimed|"
    r"claims|cited|quoted"
)
_ACCORDING = re.compile(
    r"\b(?:according\s+to|citing|as\s+(?:reported|stated|cited)\s+by|quoted\s+by)\s+"
    r"(?P<s>[^,;:.()]{2,70}?)(?=\s*(?:[,;:.()]|\bthere\b|\bthat\b|\bthe\s+(?!\w+\s+of\b)|$))",
    re.IGNORECASE,
)
_SUBJECT_SAID = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:and|but|while)\s+)(?P<s>[^,;:()]{2,80}?),?\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:" + _VERBS + r")\b",
    re.IGNORECASE,
)
_SAID_SUBJECT = re.compile(
    r"(?:[,\"”’]\s*)(?:" + _VERBS + r")\s+(?P<s>(?:the\s+)?[^,;:.()\"“”]{2,60}?)"
    r"(?=\s*(?:[,;:.()]|$|\bon\b|\bin\b))",
    re.IGNORECASE,
)
# words that stand for a report, not for who made it
_NOT_SPEAKER = frozenset(
    """data preliminary tentative reports report information figures media sources source
    initial latest official officially statement telegram reporters various several multiple
    different other unnamed""".split()  # noqa: SIM905
)


@cache
def _stopwords() -> frozenset[str]:
    return load_lexicon().stopwords


@cache
def _content(word: str) -> str | None:
    w = word.casefold().replace("’", "'").removesuffix("'s")
    if len(w) < 3 or w in _stopwords() or w in _NOT_SPEAKER or not w.isalpha():
        return None
    if zipf_frequency(w, "en") >= COMMON_ZIPF:
        return None
    return stem(w)


def _words(phrase: str) -> set[str]:
    return {c for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", phrase) if (c := _content(w))}


NAMED = "*"  # marks a speaker set that holds a proper name


def speaker_words(text: str) -> frozenset[str]:
    """Content words of everyone the sentence credits ("according to paramedics" ->
    {"paramedic"}); empty when it credits no one (or only "he", "officials"' report). The set
    holds NAMED when a speaker is named ("Governor Anna Smith")."""
    found: set[str] = set()
    for pattern in (_ACCORDING, _SUBJECT_SAID, _SAID_SUBJECT):
        for m in pattern.finditer(text):
            words = _words(m.group("s"))
            found |= words
            if words and re.search(r"(?<=\w )[A-Z][a-z]", m.group("s").strip()):
                found.add(NAMED)
    return frozenset(found)


def different_speakers(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both credit someone, one of them by name, and no word of one speaker is in the other:
    "the company said" and "according to a filing" may be one source, "paramedics" and
    "Mayor Smith" are two."""
    wa, wb = a - {NAMED}, b - {NAMED}
    return bool(wa) and bool(wb) and not (wa & wb) and (NAMED in a or NAMED in b)


def inherit_speakers(
    speakers: Mapping[Hashable, frozenset[str]],
    values: Mapping[Hashable, Iterable[Hashable]],
) -> dict[Hashable, frozenset[str]]:
    """`speakers` with unattributed sentences given the speaker whose figures they repeat (see the
    module docstring). `values` holds each sentence's figures, e.g. (count, noun) pairs."""
    groups: list[tuple[set[str], set[Hashable]]] = []  # speaker words, the figures they give
    for key in sorted(speakers, key=repr):
        words = speakers[key]
        if not words - {NAMED}:
            continue
        vals = set(values.get(key, ()))
        joined = [g for g in groups if g[0] & words - {NAMED}]
        if not joined:
            groups.append((set(words), vals))
            continue
        head = joined[0]
        head[0].update(words)
        head[1].update(vals)
        for g in joined[1:]:
            head[0].update(g[0])
            head[1].update(g[1])
            groups.remove(g)
    owners: dict[Hashable, list[int]] = defaultdict(list)
    for n, (_, vals) in enumerate(groups):
        for v in vals:
            owners[v].append(n)
    out = dict(speakers)
    for key, vals in values.items():
        if speakers.get(key):
            continue
        mine: dict[int, int] = defaultdict(int)  # figures only group n gives
        for v in set(vals):
            if len(owners.get(v, ())) == 1:
                mine[owners[v][0]] += 1
        if len(mine) == 1:
            ((n, count),) = mine.items()
            if count >= MIN_SHARED_VALUES:
                out[key] = frozenset(groups[n][0])
    return out
