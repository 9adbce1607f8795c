"""A statement and its denial: one sentence negates a predicate the other asserts.

"The ministry did not confirm the deaths" and "the ministry confirmed the deaths" cannot both be
right, whatever the verb is, so this needs no lexicon of opposites: the two sentences are aligned
word by word at the negated predicate. A negator ("not", "never", "no", "n't", "cannot") opens a
scope that runs to the next clause boundary; the first content word in it is the predicate, the
other content words its arguments. The other sentence contradicts it when it asserts the same
predicate (same stem, no negator before it, no modal or question around it) with at least one of
the arguments or of the subject words before the negator near it: "did not confirm the deaths" vs
"confirmed two deaths", not vs "confirmed the date of the vote". The negated predicate must name
what is denied (an argument after it), be a lower-case word rarer than everyday verbs ("go",
"set"), and two uncommon words must be shared; neither side may sit inside a quotation (one
speaker's words, often about something else).

It deliberately stays silent on: a negator that is not one ("not only", "no doubt", "nothing
but"), a double negation, a hedged claim ("may not", "could resume"), a negation inside a
question. It does not read antonyms ("rejected" vs "approved"): `analysis.polarity` does, from
its lexicon, and a predicate that lexicon reads on both sides is left to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from wordfreq import zipf_frequency

from analysis.claim_slots import stem
from analysis.polarity import Token, event_polarity, load_lexicon, tokenize
from analysis.run_memo import pair_key

SCOPE = 6  # tokens after a negator that it can govern
SUBJECT_REACH = 4  # content words before a negator that say what it is about
NEAR = 8  # tokens around the asserted predicate in which an argument must appear
FUNCTION_ZIPF = 6.2  # a word this common ("have", "been", "make") carries no predicate
NEGATORS = frozenset({"not", "never", "no", "cannot", "nor", "neither", "n't"})


def negates(word: str) -> bool:
    """A word that negates what follows it closely: a negator, "without", or a "-n't" form."""
    w = word.casefold().replace("’", "'")
    return w in NEGATORS or w == "without" or w.endswith("n't")


# "not only", "no doubt", "no longer than", "nothing but": negators that deny nothing
NOT_A_NEGATION_AFTER = frozenset(
    {"only", "just", "merely", "doubt", "less", "more", "sooner", "matter", "later", "earlier",
     "one", "exception", "wonder", "surprise", "stranger", "longer"}
)  # fmt: skip
BOUNDARIES = frozenset(
    {",", ";", ":", "(", ")", "—", "–", '"', "“", "”", ".", "?", "!", "but", "while", "whereas",
     "although", "though", "and", "or", "which", "who", "whom", "whose", "that", "after",
     "before", "because", "since", "until", "when", "if", "unless", "than"}
)  # fmt: skip
HEDGES = frozenset(
    {"may", "might", "could", "would", "should", "if", "whether", "unless", "perhaps", "maybe",
     "possibly", "likely", "unlikely", "reportedly", "allegedly", "plans", "plan", "hopes",
     "hope", "expects", "expected", "wants", "seeks", "aims", "intends", "try", "tries"}
)  # fmt: skip
# "stop selling", "quit paying", "no longer": the governed verb is denied (with the lexicon's
# "refused/failed/declined/ceased to")
STOPPING = frozenset(
    {"stop", "stops", "stopped", "stopping", "quit", "quits", "halt", "halted", "halts",
     "longer", "abandoned", "abandon", "suspended", "suspend"}
)  # fmt: skip
_MODAL_NEGATIONS = frozenset({"wouldn't", "couldn't", "shouldn't", "mightn't", "mustn't"})
_DEFERRED = frozenset({"until", "till", "before"})
SHARED = 2  # words besides the predicate both sides must share near it: who, or to what
EVIDENCE_ZIPF = 5.8  # ... each rarer than this ("each", "other", "first" say nothing)
PREDICATE_ZIPF = 5.5  # a predicate this common ("go", "set", "take") says too little to align
# words the scope passes over on its way to the predicate
_SKIP = frozenset(
    {"be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does", "did",
     "yet", "ever", "also", "even", "a", "an", "the", "any", "to", "so", "very", "too", "as",
     "always", "currently", "immediately", "able", "will", "shall", "can", "get", "got"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Denial:
    """Sentence a negates `predicate`, sentence b asserts it. Offsets are into each text: the
    negated phrase in a ("did not confirm") and the asserted predicate in b ("confirmed")."""

    predicate: str  # the stem both sides share
    negated: tuple[int, int]
    asserted: tuple[int, int]
    shared: tuple[str, ...]  # argument or subject words found on both sides (as b writes them)


@dataclass(frozen=True, slots=True)
class _Negation:
    neg: int  # token index of the negator
    pred: int  # token index of the predicate
    objects: frozenset[str]  # keys of the content words after the predicate, in its scope
    subjects: frozenset[str]  # ... and of the content words before the negator, in its clause


def _low(t: Token) -> str:
    if t.low.endswith("n't"):
        return "would" if t.low in _MODAL_NEGATIONS else "n't"  # "wouldn't go": no fact stated
    return t.low


def _key(word: str) -> str:
    """A stem that also meets adverb and adjective: "easily"/"easy", "quickly"/"quick"."""
    w = word.casefold()
    if w.endswith("ily") and len(w) > 5:
        w = w[:-3] + "y"
    elif w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    return stem(w)


@cache
def _content(low: str) -> bool:
    return (
        any(c.isalpha() for c in low)
        and low not in _SKIP
        and low not in NEGATORS
        and zipf_frequency(low, "en") < FUNCTION_ZIPF
    )


def _hedged(toks: Sequence[Token], i: int) -> bool:
    """A modal, a condition or a question around token i: no fact is stated."""
    lows = [_low(t) for t in toks]
    for k in range(i - 1, max(-1, i - SCOPE), -1):
        if lows[k] in HEDGES:
            return True
        if lows[k] in BOUNDARIES and lows[k] not in {"that", "to"}:
            break
    end = next((k for k in range(i, len(lows)) if lows[k] in {".", "!", "?"}), len(lows))
    return end < len(lows) and lows[end] == "?"


@cache
def _controls() -> frozenset[str]:
    """Verbs that deny the verb they govern: "refused to pay", "stopped selling"."""
    return load_lexicon().negating_controls | STOPPING


def _quoted(toks: Sequence[Token], i: int) -> bool:
    """Token i sits inside quotation marks: someone's own words, not the outlet's report."""
    opened = 0
    straight = 0
    for t in toks[:i]:
        if t.text == "“":
            opened += 1
        elif t.text == "”":
            opened = max(0, opened - 1)
        elif t.text == '"':
            straight += 1
    return opened > 0 or straight % 2 == 1


_RESTRICTIVE = frozenset({"only", "just", "merely", "solely"})
_POSSESSIVES = frozenset({"his", "her", "its", "their", "our", "my", "your"})


def _negated_at(toks: Sequence[Token], i: int) -> bool:
    """Whether a negator, or a verb that denies the one it governs, stands before token i in its
    clause."""
    for k in range(i - 1, max(-1, i - SCOPE - 1), -1):
        low = _low(toks[k])
        if low in BOUNDARIES:
            return False
        if low in NEGATORS or low in {"without", "hardly", "nobody", "nothing"}:
            return True
        if low in _controls() and k >= i - 2:
            return True
        if low == "yet" and k + 1 < len(toks) and toks[k + 1].low == "to":
            return True  # "had yet to regain" is "had not regained"
    return False


def negations(toks: Sequence[Token]) -> list[_Negation]:
    """Each negator with the predicate it denies and the content words of its scope."""
    out: list[_Negation] = []
    lows = [_low(t) for t in toks]
    for i, low in enumerate(lows):
        if low not in NEGATORS:
            continue
        if i + 1 < len(lows) and lows[i + 1] in NOT_A_NEGATION_AFTER:
            continue
        if _negated_at(toks, i) or _hedged(toks, i):
            continue  # a double negation, or "may not": nothing denied outright
        scope: list[int] = []
        for k in range(i + 1, min(len(lows), i + 1 + SCOPE)):
            if lows[k] in BOUNDARIES or lows[k] in NEGATORS:
                break
            if not scope and lows[k] in _SKIP:
                continue
            if not _content(lows[k]):
                if not scope:
                    break  # "did not say ...": too common a verb to align on
                continue
            scope.append(k)
        if not scope:
            continue
        pred = scope[0]
        if pred + 1 < len(lows) and lows[pred + 1] in _RESTRICTIVE:
            continue  # "has not sent only three observers": a restriction, nothing denied
        if i + 1 < len(lows) and lows[i + 1] == "to":
            continue  # "was not to sell": a purpose or an instruction, not a report
        if not toks[pred].text.islower() or _quoted(toks, i):
            continue  # a name is no predicate ("was not Deep Throat"); a quote is one voice
        if zipf_frequency(lows[pred], "en") >= PREDICATE_ZIPF or len(scope) < 2:
            continue  # "did not go", "has not set": too common to align on; nothing denied named
        if any(lows[k] in _DEFERRED for k in range(pred, min(len(lows), pred + SCOPE + 4))):
            continue  # "not expected to start until 2006" moves the event, does not deny it
        objects = frozenset(_key(toks[k].text) for k in scope[1:])
        subject = [k for k in range(i - 1, -1, -1) if lows[k] in BOUNDARIES]
        first = subject[0] + 1 if subject else 0
        before = [k for k in range(first, i) if _content(lows[k])][-SUBJECT_REACH:]
        out.append(_Negation(i, pred, objects, frozenset(_key(toks[k].text) for k in before)))
    return out


def _phrase_start(toks: Sequence[Token], neg: int) -> int:
    """The negated phrase starts at the auxiliary before the negator ("did not", "has never")."""
    if neg > 0 and toks[neg - 1].low in _SKIP | {"can", "will", "would"}:
        return neg - 1
    return neg


_PRESENT = frozenset({"do", "does", "is", "are", "am", "has", "have", "don't", "doesn't", "isn't",
                      "aren't", "hasn't", "haven't"})  # fmt: skip
_PAST_AUX = frozenset({"was", "were", "had", "did"})


def _present(toks: Sequence[Token], neg: int) -> bool:
    """The negation is in the present ("don't require", "has not sent", "isn't")."""
    return toks[neg].low in _PRESENT or (neg > 0 and toks[neg - 1].low in _PRESENT)


def _past(toks: Sequence[Token], j: int) -> bool:
    """The asserted predicate is in the past ("required", "was sent")."""
    return toks[j].low.endswith("ed") or (j > 0 and toks[j - 1].low in _PAST_AUX)


OBJECT_REACH = 8  # tokens of a named object between a verb and what it governs


def _governor(toks: Sequence[Token], i: int) -> str | None:
    """The lower-case content word right before position i, when nothing stands between: the
    verb that governs a predicate ("pleaded" in "pleaded not guilty", "found" in "found
    guilty"), also across a named object and its age or title ("found Ann Vaker, 41, guilty").
    None after an auxiliary ("has not been"), a lone name or other punctuation."""
    k = i - 1
    while (
        i - k <= OBJECT_REACH
        and k > 0
        and (toks[k].text[:1].isupper() or toks[k].text.isdigit() or toks[k].text == ",")
    ):
        k -= 1  # a name, an age and its commas: the object between a verb and its complement
    if k < i - 1 and not toks[k + 1].text[:1].isupper():
        return None  # punctuation that follows no name
    i = k + 1
    if i == 0:
        return None
    low = _low(toks[i - 1])
    if low in _SKIP or low in NEGATORS or not low.isalpha() or not toks[i - 1].text.islower():
        return None
    return _key(low)


def _lexicon_reads_both(a: str, b: str, pa: Token, pb: Token) -> bool:
    """`analysis.polarity` reads an event at both predicates: its detector compares them."""

    def at(text: str, tok: Token) -> bool:
        return any(e.start <= tok.start < e.end and not e.hedged for e in event_polarity(text))

    return at(a, pa) and at(b, pb)


# what negates a verb after it ("were not", "has never"); a pronoun opens a clause of its own
_AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "be", "been", "am", "has", "have", "had", "do", "does", "did",
     "will", "shall", "can"}
)  # fmt: skip
_NEW_SUBJECT = frozenset({"i", "you", "he", "she", "it", "we", "they"})


def _subject_of_denial(toks: Sequence[Token], j: int) -> bool:
    """Whether token j stands in the subject of a denial of its own clause ("Financial terms
    were not disclosed" asserts no "financial": it denies the disclosure, as "no financial terms
    were disclosed" does): a verb's negator ("were not", "weren't", "cannot") follows it within
    SCOPE + SUBJECT_REACH tokens with no clause boundary or new subject between, and it is no
    double negation or hedge. A negator of a noun after it ("signed the striker for no fee",
    "confirmed it would not ...") denies nothing j's clause asserts."""
    for k in range(j + 1, min(len(toks), j + SCOPE + SUBJECT_REACH + 1)):
        low = _low(toks[k])
        if low in BOUNDARIES or low in _NEW_SUBJECT:
            return False
        if low in NEGATORS and (low in {"n't", "cannot"} or _low(toks[k - 1]) in _AUXILIARIES):
            after = _low(toks[k + 1]) if k + 1 < len(toks) else ""
            return after not in NOT_A_NEGATION_AFTER and not _hedged(toks, k)
    return False


def _one_way(a: str, b: str) -> list[Denial]:
    ta, tb = tokenize(a), tokenize(b)
    found: list[Denial] = []
    keys_b = [_key(t.text) for t in tb]
    denied_b = {_key(tb[m.pred].text) for m in negations(tb)}
    for n in negations(ta):
        pred = _key(ta[n.pred].text)
        if pred in denied_b:
            continue  # b denies it too ("have no effect ..., have effects which ..."): no denial
        for j, key in enumerate(keys_b):
            if key != pred or _negated_at(tb, j) or _hedged(tb, j) or _quoted(tb, j):
                continue
            if _subject_of_denial(tb, j):
                continue  # "no financial terms were disclosed" / "financial terms were not": alike
            if ta[n.neg].low == "no" and j > 0 and tb[j - 1].low in _POSSESSIVES:
                continue  # "no decision on the staff" / "his decision": someone's other one
            window = range(max(0, j - NEAR), min(len(tb), j + NEAR + 1))
            words = {keys_b[k]: tb[k].text for k in window if keys_b[k] != pred}
            if not n.objects & words.keys():
                continue  # the same verb about something else
            if _present(ta, n.neg) and _past(tb, j):
                continue  # "don't require" now, "required" before: a change, not a denial
            gov_a = _governor(ta, n.neg) if ta[n.neg].low in {"not", "never"} else None
            gov_b = _governor(tb, j)
            if gov_a and gov_b and gov_a != gov_b:
                continue  # "pleaded not guilty" / "found guilty": two acts about one word
            shared = tuple(
                sorted(
                    {
                        words[k]
                        for k in (n.objects | n.subjects) & words.keys()
                        if zipf_frequency(words[k].casefold(), "en") < EVIDENCE_ZIPF
                    }
                )
            )
            if len(shared) < SHARED or _lexicon_reads_both(a, b, ta[n.pred], tb[j]):
                continue
            start = _phrase_start(ta, n.neg)
            found.append(
                Denial(
                    predicate=pred,
                    negated=(ta[start].start, ta[n.pred].end),
                    asserted=(tb[j].start, tb[j].end),
                    shared=shared,
                )
            )
            break
    return found


class DenialMemo(Protocol):
    def get(self, key: str) -> tuple[list[Denial], list[Denial]] | None: ...

    def __setitem__(self, key: str, value: tuple[list[Denial], list[Denial]]) -> None: ...


def denials(a: str, b: str, memo: DenialMemo | None = None) -> tuple[list[Denial], list[Denial]]:
    """(predicates a negates and b asserts, predicates b negates and a asserts). `memo`: results
    of earlier runs, looked up by a hash of both texts, where every new result is put (the
    pipeline keeps it across runs, analysis/run_memo.py)."""
    if memo is None:
        return _one_way(a, b), _one_way(b, a)
    key = pair_key(a, b)
    known = memo.get(key)
    if known is None:
        known = memo[key] = (_one_way(a, b), _one_way(b, a))
    return known
