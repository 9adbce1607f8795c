"""Who a sentence says its figures come from, so that two speakers' figures are two claims.

"Paramedics counted 28 tourists" and "the mayor said the coach carried 31 tourists" do not
contradict each other: each reports what someone said. A sentence's speaker is
read from the usual reporting frames ("according to X", "X said", "said X", "X told reporters");
it is kept as the set of its content words, and two speakers are different when their sets share
no word ("mayor", "Smith" against "paramedics").

A sentence that names no speaker but repeats figures that, across the corpus, only one speaker
gives (two or more of them, none that only another speaker gives) takes that speaker: an outlet
that prints the mayor's 28 tourists and three guides without saying so is giving the
mayor's account. A sentence mixing two speakers' figures keeps no speaker, so it is still
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
    r"(?P<s>[^,;:.()]{2,70}?)(?=\s*(?:[,;:.()]|\bthere\b|\bthat\b|"
    r"(?<!\bfrom )(?<!\bby )\bthe\s+(?!\w+\s+of\b)|$))",
    re.IGNORECASE,
)
_SUBJECT_SAID = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:and|but|while)\s+)(?P<s>[^,;:()]{2,80}?),?\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:" + _VERBS + r")\b",
    re.IGNORECASE,
)
_INVERTED_VERBS = _VERBS.replace("told|tells|", "")  # "told X": X heard it, X did not say it
_SAID_SUBJECT = re.compile(
    r"(?:[,\"”’]\s*)(?:" + _INVERTED_VERBS + r")\s+(?P<s>(?:the\s+)?[^,;:.()\"“”]{2,60}?)"
    r"(?=\s*(?:[,;:.()]|$|\bon\b|\bin\b))",
    re.IGNORECASE,
)
# a verb form that is also a noun for a report: "reports" is a noun in "early reports showed"
_NOUN_OR_VERB = frozenset({"reports", "report", "claims", "estimates", "states", "notes", "posts"})
# "the reports", "tentative reports", "media reports": a determiner, an adjective or a bare
# modifier right before the form makes it a noun; "the ministry reports" and "Reuters reports"
# keep it a verb
_MODIFIED = re.compile(
    r"(?:^\s*[a-z][\w'’-]*|\b(?i:the|a|an|these|those|some|many|such|early|earlier|first|new|"
    r"\w+(?:ive|ary|ous|ed|est|ial)))\s*$"
)
_NOUN_NEXT = re.compile(
    r"^\s+(?:said|say|says|showed|show|shows|suggested|suggest|suggests|indicated|indicate|"
    r"put|were|are|have|had|of|from|by)\b",
    re.IGNORECASE,
)
# where or how something was said, never who said it: "on its channel", "via a post"
_CHANNEL = re.compile(
    r"\s*\b(?:on|via|in|through|over|during|at|that)\b.*$", re.IGNORECASE | re.DOTALL
)
_CLAUSE_START = re.compile(r"^.*\b(?:that|which|who|adding|saying|noting)\s+", re.IGNORECASE)
_QUALIFIER = re.compile(
    r"(?i:the|a|an|its|their|his|her|these|those|some|many|several|various|other|such|early|"
    r"first|new|latest|\w+(?:ive|ary|ous|ed|est|ial|al|ly))"
)
# head nouns of a document or a count, not of someone who speaks ("according to initial data")
_REPORT_HEADS = frozenset(
    """report reports data information figures statement statements media source sources
    estimate estimates statistics records footage""".split()  # noqa: SIM905
)


@cache
def _stopwords() -> frozenset[str]:
    return load_lexicon().stopwords


@cache
def _content(word: str) -> str | None:
    w = word.casefold().replace("’", "'").removesuffix("'s")
    if len(w) < 3 or w in _stopwords() or not w.isalpha():
        return None
    if zipf_frequency(w, "en") >= COMMON_ZIPF:
        return None
    return stem(w)


def _words(phrase: str) -> set[str]:
    return {c for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", phrase) if (c := _content(w))}


NAMED = "*"  # marks a speaker set that holds a proper name


def _speaker_phrase(pattern: re.Pattern[str], m: re.Match[str], text: str) -> str:
    """The words of a reporting frame's match that can name a speaker ("" when none can): the
    subject of the clause right before the verb, without the channel it spoke on, and nothing
    when the verb form is a noun ("early reports showed") or the head is a report ("data")."""
    phrase = m.group("s")
    if pattern is _SUBJECT_SAID:
        inv = _SAID_SUBJECT.match(text, m.end("s"))
        if "," in text[m.end("s") : m.end()] and inv and _speaker_phrase(_SAID_SUBJECT, inv, text):
            return ""  # "14 died, said the mayor": the words before the verb are what was said
        phrase = _CLAUSE_START.sub("", phrase)
        verb = text[m.end("s") : m.end()].strip(" ,").split()[-1].casefold()
        before = _MODIFIED.search(phrase)
        if verb in _NOUN_OR_VERB and (before or _NOUN_NEXT.match(text[m.end() :])):
            return ""
    elif pattern is _SAID_SUBJECT and re.match(
        r"\s*(?:on|via|in|through|at|to|that)\b", phrase, re.IGNORECASE
    ):
        return ""  # "said on Monday", "said in a statement": no speaker after the verb
    phrase = _CHANNEL.sub("", phrase) if pattern is not _ACCORDING else phrase
    report, _, author = [*re.split(r"\b(?i:(from|by|of))\b", phrase, maxsplit=1), "", ""][:3]
    words = re.findall(r"[A-Za-z][\w'’-]*", report)
    if words and words[-1].casefold() in _REPORT_HEADS:
        # "initial data from the ministry", "an agency source": the ministry and the agency speak,
        # the data does not, nor do the words that only qualify it ("initial", "local")
        if author.strip():
            return author.strip()
        return " ".join(w for w in words[:-1] if not _QUALIFIER.fullmatch(w))
    return phrase


def speaker_words(text: str) -> frozenset[str]:
    """Content words of everyone the sentence credits ("according to paramedics" ->
    {"paramedic"}); empty when it credits no one (or only "he", "officials"' report). The set
    holds NAMED when a speaker is named ("Governor Anna Smith")."""
    found: set[str] = set()
    for pattern in (_ACCORDING, _SUBJECT_SAID, _SAID_SUBJECT):
        for m in pattern.finditer(text):
            phrase = _speaker_phrase(pattern, m, text)
            words = _words(phrase)
            found |= words
            if words and re.search(r"(?<=\w )[A-Z][a-z]", phrase.strip()):
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
