"""How a sentence judges a condition: "the roads were passable and safe" is good, "in treacherous
road conditions" is bad. Two outlets that judge one condition oppositely contradict each other
even when the aligner put their sentences in no shared claim (one states the judgement in a clause
of its own); `analysis.compare` pairs them by the words around them like its other slots.

The judging words are those of lexicon/judgements.json: adjectives of one scale, how fit,
favourable or safe a condition is, in a good and a bad group (their groups agree with AFINN-en-165's
signs where AFINN rates them). Opposite sentiment alone is no contradiction: measured on native
same-story news (ECB+), every AFINN adjective read this way paired descriptions of what a thing is
("a strong quake" / "a deadly quake", "a bold move" / "a disruptive move"), 8 flags, none true.
A judgement is read where English puts one:

- after a linking verb, its subject being the thing judged ("the sea was calm", "conditions were
  not favourable": a negation in between turns the judgement); a modal before the verb ("may be
  difficult", "will be fine") makes it a forecast, not a report, and an infinitive ("to remain
  stable") has no subject to read, so both are left out;
- before the noun it qualifies ("in harsh conditions", "poor visibility").

Two judgements are compared only when at least one is stated (after a linking verb): two
descriptions in passing ("in bad weather", "a good season") are background, not what a report
says happened. Pure: text in, judgements out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from analysis import lexicon
from analysis.claim_slots import stem
from analysis.polarity import load_lexicon

LINKING = frozenset(
    """is are was were be been being remain remains remained stay stays stayed seem seems seemed
    appear appears appeared became become becomes proved proven""".split()  # noqa: SIM905
)
DEGREE = frozenset(
    """very quite rather fairly relatively generally largely mostly extremely particularly
    especially so still mainly reasonably sufficiently""".split()  # noqa: SIM905
)
NEGATORS = frozenset({"not", "n't", "never", "hardly", "no"})
# words before the linking verb that make the judgement a possibility or a forecast
MODALS = frozenset(
    """may might could would should will shall must can if whether unless expected likely""".split()  # noqa: SIM905
)
# words that open another clause: the thing judged is after the last of them
OPENERS = frozenset(
    """that which who whom whose when while whereas although though because since after before
    as if unless until where but and or to""".split()  # noqa: SIM905
)
# openers of a clause that tells when a state began or ended: "stayed until the sea was calm"
# says the sea was rough before, so its judgement is a change over time, not a report of one state
WHEN = frozenset({"until", "till", "once", "after", "before", "when", "whenever"})
SUBJECT_REACH = 8  # words before a linking verb read for the thing judged
NOUN_REACH = 2  # words after an adjective read for the noun it qualifies
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,;:()\"“”—–]|\s-\s")


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One judgement: the judging word as written, its sign after any negation (+1 good, -1 bad)
    and the stems of the words naming what is judged."""

    start: int
    end: int
    word: str
    sign: int
    targets: frozenset[str]
    negated: bool = False
    stated: bool = False  # after a linking verb, not in passing before a noun

    @property
    def text(self) -> str:
        return ("not " if self.negated else "") + self.word


@cache
def _groups() -> dict[str, int]:
    data = lexicon.load("judgements")
    return {w: 1 for w in data["good"]} | {w: -1 for w in data["bad"]}


@cache
def parts_of_speech(word: str) -> frozenset[str]:
    """The parts of speech `lemminflect` knows `word` as ("ADJ", "NOUN", "VERB", ...)."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word).keys())


def judging(word: str) -> int:
    """+1 for a word of the good group, -1 for one of the bad, 0 for any other word."""
    return _groups().get(word, 0)


def _noun(word: str, stop: frozenset[str]) -> bool:
    """A lower-case word (casefolded by the caller) that can name a thing."""
    return (
        word.isalpha()
        and len(word) >= 3
        and word not in stop
        and not word.endswith("ly")
        and "NOUN" in parts_of_speech(word)
    )


def read_evaluations(text: str) -> list[Evaluation]:
    """Every judgement of a condition in one sentence (see the module docstring)."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    lows = [t[2].casefold().replace("’", "'") for t in tokens]
    stop = load_lexicon().stopwords
    out: list[Evaluation] = []
    for k, low in enumerate(lows):
        sign = judging(low) if tokens[k][2].islower() else 0
        if not sign:
            continue
        j, negated, first = k - 1, False, k
        while j >= 0 and (lows[j] in DEGREE or lows[j] in NEGATORS):
            if lows[j] in NEGATORS:
                negated, first = not negated, j
            j -= 1
        if j >= 0 and lows[j] in LINKING:
            subject: list[str] = []
            forecast = False  # a forecast, a condition or a change over time: no report
            for i in range(j - 1, max(-1, j - 1 - SUBJECT_REACH), -1):
                w = lows[i]
                if w in MODALS or w in WHEN:
                    forecast = True  # "may be safe", "until the roads were safe"
                if not w[0].isalpha() or w in OPENERS or parts_of_speech(w) == {"VERB"}:
                    break  # another clause, or its verb ("officials said the roads were")
                if _noun(w, stop) and (i == 0 or tokens[i][2].islower()):
                    subject.append(stem(w))
            if subject and not forecast:
                out.append(_judged(tokens[first][0], tokens[k], sign, subject, negated, True))
            continue
        if negated:
            continue  # "no bad weather"
        nouns = []
        for i in range(k + 1, min(len(lows), k + 1 + NOUN_REACH)):
            if not _noun(lows[i], stop):
                break
            nouns.append(stem(lows[i]))
        if nouns:
            out.append(_judged(tokens[k][0], tokens[k], sign, nouns, False, False))
    return out


def _judged(
    start: int,
    token: tuple[int, int, str],
    sign: int,
    targets: list[str],
    negated: bool,
    stated: bool,
) -> Evaluation:
    """The judgement quoted from `start` (a negation before the word) to the word's end."""
    _, end, word = token
    sign = -sign if negated else sign
    return Evaluation(start, end, word, sign, frozenset(targets), negated, stated)


# Head nouns that name a state of anything ("road conditions", "in critical condition"): shared
# alone, they do not make two judgements judge one thing.
_GENERIC_HEADS = frozenset(
    stem(w) for w in ("condition", "conditions", "situation", "state", "circumstances", "status")
)


def same_thing(a: Evaluation, b: Evaluation) -> bool:
    """Both judge a thing named by one word other than a generic head ("weather conditions" /
    "poor weather"; not "road conditions" / "critical condition"), and at least one states its
    judgement."""
    return bool((a.targets & b.targets) - _GENERIC_HEADS) and (a.stated or b.stated)
