"""Sub-sentence claim units: the clauses of a sentence that each state a fact of their own.

A long news sentence often carries several claims ("The plant, which employs 3,000 people, will
close in May, and the union said it would strike"), and two outlets may share only one of them.
Whole-sentence similarity dilutes that shared clause with the rest, so the same-claim model also
compares sentences unit by unit (analysis/claim_model.py).

No tagger ships with the tool (spaCy's model is a 310 MB re-upload, see ../shared/FINDINGS.md), so
the split is a small rule set over English function words:

- a boundary is a semicolon, a colon after a word (not a clock time's), a comma before a
  coordinating or subordinating conjunction (", and", ", but", ", while", ", after" ...), a bare
  "while"/"whereas"/"although"/"because", or a comma before a non-restrictive relative pronoun
  (", which ...", ", who ...", ", where ...");
- a reporting frame is peeled off as an `attribution` unit ("X said that ...", "..., according
  to X", '"...," X said'): it says who spoke, not what happened; a reporting verb with a plain
  object ("The ministry confirmed the discovery, while ...") is no frame;
- a count phrase without a verb ("a ferry with 120 people on board sank", "a bus carrying 40
  tourists") is cut out of the clause it sits in, as a relative clause is, when it has
  PHRASE_WORDS words or more: the count is a claim of its own, and as a unit it can join the
  claim that states it while the rest of the clause joins another (clause_view gives it the
  words it hangs on, "a plane"). Of the participle phrases after a comma only a count is cut
  ("..., killing 12 people"), not "..., operated by a local firm,": see the note at
  _BOUNDARY;
- a result tail after a comma with a figure or a magnitude ("..., resulting in the death of 10
  people", "..., bringing the toll to 9", "..., costing the firm millions") is a clause of its
  own: what the main clause's event caused, a count other outlets state on its own (see
  _RESULT);
- a subordinate clause or a long phrase before the main clause ("While the cause remains
  unknown, ...", "With 40 people on board, ...") is a `fronted` unit (see _FRONTED), and a
  reporting frame after it is peeled off as at the start;
- a relative clause without a comma inside a clause's subject ("The toll from a storm that
  flooded a valley rose to 14") is cut out as a non-restrictive one is (see _RESTRICTIVE);
- the dead and the injured joined by "and" ("12 were killed and 30 injured") are two clauses
  (see _two_tolls);
- two clauses joined by a comma alone ("Nine died in the blast, the inquiry is under way") are
  two units (see SUBJECT_WORDS), and ", among whom ..." is a relative clause;
- a clause is kept apart only when both it and what remains have a verb of their own (an
  auxiliary, a common irregular verb form, an "-ed" form not after a determiner, an "-s" form
  after a relative or personal pronoun); otherwise it stays with its neighbour, so "..., and
  five children" is never a unit.

A relative clause interrupts its main clause, so a unit is a tuple of character spans: the main
clause of "X, which did A, did B" is "X," + "did B". Units partition the sentence: their spans are
disjoint, in order they cover every character, and each holds a non-space character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from analysis.number_words import ARTICLE_LIKE, WORD_VALUES

Kind = Literal["clause", "relative", "attribution", "fronted"]

MIN_WORDS = 3  # a clause shorter than this stays with its neighbour
PHRASE_WORDS = 5  # a count phrase shorter than this (figures counted) stays in its clause


def _lexicon(words: str) -> frozenset[str]:
    return frozenset(words.split())


_AUX = _lexicon(
    """is are was were be been being am has have had having will would can could shall should may
    might must do does did 's 're 've 'll 'd isn't aren't wasn't weren't hasn't haven't hadn't
    won't wouldn't can't cannot couldn't shouldn't didn't doesn't don't"""
)
# irregular verb forms (past, participle, 3rd person) that carry no "-ed": general English
_IRREGULAR = _lexicon(
    """said says told tells went goes gone came comes took takes taken gave gives given made makes
    found finds left leaves held holds led leads met meets sent sends won wins lost loses hit hits
    saw sees seen knew knows known thought thinks became becomes began begins begun brought brings
    bought buys built builds caught catches fell falls fallen felt feels fought fights got gets
    gotten grew grows grown heard hears kept keeps laid lays meant means paid pays ran runs rose
    rises risen sat sits sold sells shot shoots showed shows shown shut spent spends spoke speaks
    spoken stood stands struck strikes stole threw throws thrown taught teaches wore wrote writes
    written broke breaks broken chose chooses chosen drew draws drawn drove drives driven ate eats
    flew flies flown forgot froze hid hides hung let lets lay put puts quit read reads rode rang
    sank sang sought seeks sped spun spread spreads stuck swore swam swept woke withdrew withdraws
    overtook undertook arose arises beat beats bit bled blew bore bound bred burnt cast cost costs
    cut cuts dealt dug fed fled flung forbade forgave hurt hurts lent lit mistook overcame oversaw
    paid rebuilt recast reset rode shook shrank slew slid slung split stank stung strove sworn
    swung tore upheld wept wound sank sprang undid unwound wrung needs wants plans expects
    remains seems appears includes involves employs died dies"""
)  # "died": an "-ed" form too short for the "-ed" rule
_DETERMINERS = _lexicon(
    """a an the this that these those his her its their our my your some many several few two
    three four five six seven eight nine ten other each every no any"""
)
_SUBJECT_PRONOUNS = _lexicon("he she it who which that they we i you there")
_NOT_ED_VERBS = _lexicon(
    """hundred indeed need speed seed feed bed red shed breed creed greed steed weed sacred naked
    wicked wretched kindred rugged ragged beloved learned aged"""
)
_REPORTING = (
    r"said|says|told\s+\w+|tells\s+\w+|stated|announced|confirmed|added|noted|claimed|reported|"
    r"wrote|explained|warned|insisted|argued|estimated|believes|believed|thinks|thought"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|'[a-z]{1,2}\b", re.IGNORECASE)
# as _WORD, a model code kept whole: the "An" of a model code such as "An-12" is no article
_VERB_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-\d\w*)?|'[a-z]{1,2}\b", re.IGNORECASE)

_NUMBER_WORDS = "|".join(sorted(set(WORD_VALUES) - ARTICLE_LIKE, key=len, reverse=True))
# what may stand between a count's lead word and its figure ("and at least 12", "with another 30")
_QUALIFIER = (
    r"(?:about|around|nearly|almost|some|over|at\s+least|more\s+than|up\s+to|another|"
    r"a\s+further)"
)
# a new unit starts at the match's group "at" (the conjunction or pronoun goes with it)
_CONJUNCTIONS = (
    r"and|but|while|whereas|although|though|yet|so|as|after|before|when|since|because|until|"
    r"even\s+though|even\s+as|and\s+then|but\s+also|or"
)
# A participle clause after a comma ("..., operated by X") is not cut (a count phrase, "...,
# killing five people", is: _COUNT_PHRASE): as a unit it lowered
# ECB+ train-topic F1 of the clusters (0.242 -> 0.235; bench/tasks/alignment.py counting), and
# tried again as a fact phrase (session 12: five words or more with a figure or a name) it found
# more dev-cluster pairs but on the ECB+ control lost 2 true contradictions and added 4 false
# ones, "..., making off with jewellery worth X" joining another theft's figure.
_BOUNDARY = re.compile(
    r";\s+(?P<semi>\S)"
    r"|(?<=[^\d\s]):\s+(?P<colon>[^\s\"“])"
    r"|,\s+(?P<conj>(?:" + _CONJUNCTIONS + r")\b)"
    r"|\s(?P<sub>(?:while|whereas|although|because)\b)"
    r"|,\s+(?P<rel>(?:which|who|whom|whose|where|(?:among|of)\s+(?:whom|which)|among\s+them)\b)"
    r"|\s(?P<counted>and\s+(?:" + _QUALIFIER + r"\s+)?(?:\d|(?:" + _NUMBER_WORDS + r")\b))",
    re.IGNORECASE,
)
# A count phrase with no verb states a fact inside another clause ("a ferry with 120 people on
# board crashed", "a bus carrying 40 tourists"); it is cut out as an interrupting unit, like a
# relative clause.
_COUNT_PHRASE = re.compile(
    r"\s(?P<count>with|carrying|killing|injuring|leaving|holding|employing)\s+"
    r"(?:" + _QUALIFIER + r"\s+)?"
    r"(?:\d|(?:" + _NUMBER_WORDS + r")\b)",
    re.IGNORECASE,
)
# A result tail after a comma ("X collapsed, resulting in the death of 10 people", "..., leaving
# three injured", "..., bringing the toll to 9") says what the main clause's event caused: often
# a count (a toll) that other outlets state in a sentence of its own, while the main clause
# states the event (and its date). It is cut as a clause of its own when the main clause has a
# verb and the tail RESULT_WORDS words or more with a figure, or a magnitude that stands for one
# ("..., costing the firm billions", "..., leaving thousands homeless": _AMOUNT). Only verbs of
# consequence: a participle phrase of another kind ("..., operated by X") is not cut (see the
# note at _BOUNDARY). A tail without a figure ("..., raising concerns about the dam's safety")
# is not cut either: cut, it took from its main clause words a paraphrase of that clause shared.
RESULT_WORDS = 3
_RESULT = re.compile(
    r",\s+(?P<result>(?:(?:thus|thereby|ultimately|eventually|finally|also)\s+)?"
    r"(?:resulting\s+in|leading\s+to|causing|killing|injuring|wounding|leaving|claiming|"
    r"prompting|forcing|sparking|triggering|bringing|raising|costing)\b)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r",\s|;|\s[—–-]\s")  # where a relative clause ends
_LEAD_ATTRIBUTION = re.compile(
    r"^\s*(?P<frame>(?:[^,;:\"“”]{2,60}?)\s+(?:has\s+|have\s+|had\s+)?(?:" + _REPORTING + r")"
    r"(?:\s+(?:on\s+\w+|in\s+a\s+statement|reporters|journalists))?(?:\s+that)?[,:]?\s+)"
    r"(?=\S)",
    re.IGNORECASE,
)
# a leading "According to X," says who spoke, as the trailing one does; so does "According to
# X, who confirmed the report," (a relative clause that only reports, `_REPORTING_ONLY`)
_LEAD_ACCORDING = re.compile(
    r"^\s*(?P<frame>(?:according\s+to|citing)\s[^,;:\"“”]{2,80}?,\s+"
    r"(?:(?P<who>(?:who|which)\s[^,;:\"“”]{2,60}?,)\s+)?)"
    r"(?!(?:which|who|whom|whose|where)\b)(?=\S)",
    re.IGNORECASE,
)
_TRAIL_ACCORDING = re.compile(
    r",\s+(?P<frame>(?:according\s+to|citing|as\s+reported\s+by)\s[^,;]{2,80}?[.!?]?[\"”’]?\s*)$",
    re.IGNORECASE,
)
_TRAIL_SAID = re.compile(
    r"(?:,|[,.!?][\"”’])\s+(?P<frame>(?:[^,;\"“”]{2,60}?\s+(?:" + _REPORTING + r")|"
    r"(?:said|says|added|told\s+\w+)\s+[^,;\"“”]{2,60}?)(?:\s+on\s+\w+)?[.!?]?[\"”’]?\s*)$",
    re.IGNORECASE,
)


_REPORTING_WORD = re.compile(r"\b(?:" + _REPORTING + r")\b", re.IGNORECASE)
# a relative clause that only reports ("who confirmed this report,", "who told reporters")
_REPORTING_ONLY = re.compile(
    r"^(?:who|whom|which)\s+(?:\w+\s+){0,2}?(?:has\s+|have\s+|had\s+)?(?:" + _REPORTING + r")\b"
    r"(?:\s+[^\s,;]+){0,3}[\s,;.]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Unit:
    """One claim unit: its character spans in the sentence, its text and its kind."""

    spans: tuple[tuple[int, int], ...]
    text: str
    kind: Kind = "clause"

    @property
    def start(self) -> int:
        return self.spans[0][0]


def has_verb(text: str) -> bool:
    """True when a stretch of text reads as having a verb of its own (see the module docstring):
    an auxiliary or modal, an irregular verb form, an "-ed" word not right after a determiner,
    or an "-s" word right after a pronoun ("which employs", "it plans")."""
    words = [w.casefold().replace("’", "'") for w in _VERB_WORD.findall(text)]
    previous = ""
    for word in words:
        if word in _AUX or word in _IRREGULAR:
            return True
        if (
            len(word) >= 5
            and word.endswith("ed")
            and word not in _NOT_ED_VERBS
            and previous not in _DETERMINERS
        ):
            return True
        if previous in _SUBJECT_PRONOUNS and len(word) >= 4 and word.endswith("s"):
            return True
        previous = word
    return False


def has_figure(text: str) -> bool:
    """True when the text writes a count: digits standing alone or a number word from two up
    (not the digits of a code such as "B52" or "Mk-12")."""
    return bool(_COUNT.search(text))


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _claimlike(text: str) -> bool:
    return _words(text) >= MIN_WORDS and has_verb(text)


@lru_cache(maxsize=65_536)
def split_units(text: str) -> tuple[Unit, ...]:
    """The claim units of one sentence, in order of their first character (see the module
    docstring); () for a text with nothing but white space."""
    if not text.strip():
        return ()
    pieces: list[tuple[int, int, Kind]] = []  # spans with their kind, in text order
    lo, hi = _lead_frame(text, 0), len(text)
    if lo:
        pieces.append((0, lo, "attribution"))
    tail = _TRAIL_ACCORDING.search(text, lo) or _TRAIL_SAID.search(text, lo)
    if (
        tail
        and _claimlike(text[lo : tail.start("frame")])
        and _words(tail.group("frame")) <= 10
        and not has_verb(_REPORTING_WORD.sub(" ", tail.group("frame"), count=1))
    ):
        hi = tail.start("frame")
    front = _fronted(text, lo, hi)
    if front is not None:  # "While the cause is unknown, officials said that ..."
        pieces.append((lo, front, "fronted"))
        lo = _lead_frame(text[:hi], front)
        if lo > front:
            pieces.append((front, lo, "attribution"))
    pieces.extend(_clauses(text, lo, hi))
    if hi < len(text):
        pieces.append((hi, len(text), "attribution"))
    return _assemble(text, pieces)


def _lead_frame(text: str, lo: int) -> int:
    """Where a reporting frame that opens text[lo:] ends ("Officials said that ", "According
    to X, "), lo when there is none."""
    body = text[lo:]
    lead = _LEAD_ACCORDING.match(body)
    if lead and lead.group("who") and not _REPORTING_ONLY.match(lead.group("who")):
        lead = None  # "According to X, who fled the scene, ...": the clause says what X did
    lead = lead or _LEAD_ATTRIBUTION.match(body)
    if lead and not _frames_a_clause(body, lead):
        lead = None
    if lead and _claimlike(body[lead.end() :]) and _words(lead.group("frame")) <= 10:
        return lo + lead.end()
    return lo


# A subordinate clause before the main clause ("While the cause remains unknown, officials
# confirmed ...", "When rescuers arrived, the roof had fallen") states a fact of its own, often
# one other outlets state in a sentence of their own ("The cause is not yet known"); so does a
# fronted "with" phrase of a count or an absolute participle ("With 40 people on board, the
# ferry ...", "With prices rising across the region, the bank ...") and a long "after/before/
# since" phrase that names an event ("After the sudden collapse of the talks in May, ..."): as
# part of the main clause's unit its words tie that unit to every sentence naming the event.
# It is cut at the comma that ends it when a clause with a verb follows. Its own words (up to
# its first comma) must read as a clause: a verb, or for a word that only opens clauses
# ("while", "although", "if" ...) PHRASE_WORDS words, as "has_verb" misses most present tenses
# ("while talks continue"); "after/before/since" needs PHRASE_WORDS words, a verb or an "-ing"
# word after it ("After meeting the envoys, ..."), so "After the storm, ..." stays, and "As of
# Monday, ..." (no verb) is no clause.
_FRONTED = re.compile(
    r"\s*(?P<sub>even\s+though|while|whereas|although|though|because|when|whenever|once|if|"
    r"unless|as|since|after|before|until|with)\s+(?P<next>[^\W\d_]+)?",
    re.IGNORECASE,
)
_CLAUSE_ONLY = _lexicon("while whereas although though because when whenever once if unless")
_EVENT_PREPOSITIONS = _lexicon("after before since")
_RELATIVE_START = re.compile(r"\s*(?:which|who|whom|whose|where)\b", re.IGNORECASE)


def _fronted(text: str, lo: int, hi: int) -> int | None:
    """Where a fronted subordinate clause or "with" phrase that opens [lo, hi) ends (after its
    comma), None when the stretch opens with none (see _FRONTED)."""
    m = _FRONTED.match(text, lo, hi)
    if m is None:
        return None
    sub = " ".join(m.group("sub").casefold().split())
    commas = _open_commas(text, m.end(), hi)
    if not commas:
        return None
    own = text[lo : commas[0]]
    if _words(own) < MIN_WORDS:
        return None
    if sub == "with":
        clause = _words(own) >= PHRASE_WORDS and (
            bool(_FIGURE.search(own)) or any(w.endswith("ing") for w in _WORD.findall(own)[2:])
        )
    elif sub in _EVENT_PREPOSITIONS:
        following = (m.group("next") or "").casefold()
        clause = _words(own) >= PHRASE_WORDS or has_verb(own) or following.endswith("ing")
    else:
        clause = has_verb(own) or (sub in _CLAUSE_ONLY and _words(own) >= PHRASE_WORDS)
    if not clause:
        return None
    for k in commas:
        rest = text[k + 1 : hi]
        if not _RELATIVE_START.match(rest) and _claimlike(rest):
            return k + 1
    return None


def _open_commas(text: str, start: int, hi: int) -> list[int]:
    """The commas followed by a space in [start, hi) that no bracket opened after `start` holds,
    found in one pass (a depth count per comma made a long hostile sentence quadratic)."""
    out, depth = [], 0
    for k in range(start, hi - 1):
        ch = text[k]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == "," and not depth and text[k + 1].isspace():
            out.append(k)
    return out


def _frames_a_clause(text: str, lead: re.Match[str]) -> bool:
    """False for a reporting verb with a plain object ("The ministry confirmed the discovery,
    while ..."): without "that", a colon or a comma after the verb, what follows must read as a
    clause, with a verb of its own, up to the next clause boundary."""
    frame = lead.group("frame").rstrip()
    if frame.endswith((",", ":")) or re.search(r"\bthat$", frame, re.IGNORECASE):
        return True
    cut = _BOUNDARY.search(text, lead.end())
    return has_verb(text[lead.end() : cut.start() if cut else len(text)])


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int, Kind]]:
    """Spans of [lo, hi) cut at clause boundaries; a relative clause runs to the next comma,
    semicolon or dash and its span is marked `relative`."""
    cuts: list[tuple[int, int, Kind]] = []  # (start, end of a relative clause or -1, kind)
    counted: set[int] = set()  # cuts at "and" + a figure (see _two_tolls)
    for m in _BOUNDARY.finditer(text, lo, hi):
        name = m.lastgroup or "conj"
        at = m.start(name)
        if name == "rel":
            close = _CLAUSE_END.search(text, at, hi)
            end = (
                close.start() + 1
                if close and text[close.start()] == ","
                else (close.start() if close else hi)
            )
            cuts.append((at, end, "relative"))
        else:
            cuts.append((at, -1, "clause"))
            if name == "counted":
                counted.add(at)
    phrases = _phrases(text, lo, hi) + _restrictive(text, lo, hi)
    taken = {at for at, _, _ in cuts + phrases}
    results = {m.start("result") for m in _RESULT.finditer(text, lo, hi)} - taken
    cuts += [(at, -1, "clause") for at in results]
    splices = set(_splices(text, lo, hi)) - taken - results
    cuts += [(at, -1, "clause") for at in splices]
    spans: list[tuple[int, int, Kind]] = []
    start = lo
    covered = lo  # everything before this is in a span already
    ordered = sorted(cuts + phrases)
    for n, (at, end, kind) in enumerate(ordered):
        if at < covered:
            continue
        if kind == "clause" and _list_item(
            text, start, at, ordered[n + 1][0] if n + 1 < len(ordered) else hi
        ):
            continue
        if kind == "relative" and end > at:
            body = text[at:end]
            gate = (
                len(body.split()) >= PHRASE_WORDS
                if (at, end, kind) in phrases
                else _claimlike(body)
            )
            if not (gate and has_verb(text[start:at] + text[end:hi])):
                continue
            spans.append((start, at, "clause"))
            spans.append((at, end, "relative"))
            start = covered = end
            continue
        left, right = text[start:at], text[at:hi]
        if at in counted:
            stop = ordered[n + 1][0] if n + 1 < len(ordered) else hi
            if _claimlike(left) and _claimlike(text[at:stop]) and _two_tolls(left, text[at:stop]):
                spans.append((start, at, "clause"))
                start = covered = at
            continue
        if at in splices:
            stop = ordered[n + 1][0] if n + 1 < len(ordered) else hi
            if _claimlike(left) and _claimlike(text[at:stop]):
                spans.append((start, at, "clause"))
                start = covered = at
            continue
        if at in results:
            stop = ordered[n + 1][0] if n + 1 < len(ordered) else hi
            tail = text[at:stop]
            if _claimlike(left) and _words(tail) >= RESULT_WORDS and _AMOUNT.search(tail):
                spans.append((start, at, "clause"))
                start = covered = at
            continue
        if _claimlike(left) and _claimlike(right):
            spans.append((start, at, "clause"))
            start = covered = at
    spans.append((start, hi, "clause"))
    return [s for s in spans if s[1] > s[0]]


# Two independent clauses joined by a comma alone (a comma splice, common in translated text:
# "Nine people died in the blast, the inquiry is under way") are two claims. After the comma,
# a subject of SUBJECT_WORDS words at most (no verb in it, no clause mark, opening with a
# determiner, a pronoun or a content word, not with another function word or an "-ing" form)
# is followed by a finite verb (an auxiliary or an irregular form); "..., the minister, said"
# (a mark first), "..., killing 12" (no subject), "..., 15 km from the town" (no verb) and a
# reporting frame that ends the sentence ("..., a spokesman told reporters") are none, nor is
# a comma that closes a subordinate clause opened after a verb ("He said that if talks fail,
# the union will strike"; "As talks failed, the union struck" is cut).
SUBJECT_WORDS = 6
_COMMA = re.compile(r",\s+(?=[^\W_])")
_SUBORDINATE = re.compile(
    r"\b(?:if|unless|when|whenever|while|whereas|although|though|because|once|as|since|after|"
    r"before|until)\b",
    re.IGNORECASE,
)


def _splices(text: str, lo: int, hi: int) -> list[int]:
    """Where a comma splice's second clause starts in [lo, hi) (see SUBJECT_WORDS)."""
    out = []
    for m in _COMMA.finditer(text, lo, hi):
        start = out[-1] if out else lo
        sub = _SUBORDINATE.search(text, start, m.start())
        if sub and has_verb(text[start : sub.start()]):
            continue  # the comma closes a subordinate clause inside a clause ("said that if ...")
        mark = _MARK.search(text, m.end(), hi)
        stop = mark.start() if mark else hi
        words = [w.casefold().replace("’", "'") for w in _VERB_WORD.findall(text, m.end(), stop)]
        if not words or words[0].endswith("ing") or has_verb(words[0]):
            continue
        if words[0] in _FUNCTION_WORDS and words[0] not in _DETERMINERS:
            continue
        for k, word in enumerate(words[: SUBJECT_WORDS + 1]):
            if word in _AUX or word in _IRREGULAR:
                frame = len(words) - k <= 4 and _REPORTING_WORD.match(" ".join(words[k:]))
                if not has_verb(" ".join(words[:k])) and not frame:
                    out.append(m.end())
                break
            if has_verb(word):
                break
    return out


def _phrases(text: str, lo: int, hi: int) -> list[tuple[int, int, Kind]]:
    """Count phrases inside [lo, hi) as interrupting cuts (see _COUNT_PHRASE), each running to
    its first verb or clause mark."""
    out: list[tuple[int, int, Kind]] = []
    for m in _COUNT_PHRASE.finditer(text, lo, hi):
        at = m.start("count")
        before = _WORD.findall(text, lo, at)
        if before and before[-1].casefold().replace("’", "'") in _AUX:
            continue  # "was carrying 40 people": the clause's own verb
        end = _count_end(text, m.end(), hi)
        if len(_FIGURE.findall(_ASIDE.sub(" ", text[at:end]))) < STAT_FIGURES:
            out.append((at, end, "relative"))
    return out


# A relative clause without a comma inside a clause's subject ("The death toll from a storm
# that flooded a valley in the north rose to 14") interrupts it as a non-restrictive one does:
# the main clause ("The death toll from a storm rose to 14") states the toll, the relative clause
# the event, and two outlets often share only one of them. Only in the subject (no verb before
# the pronoun, whose word before is no function word), with a verb right after the pronoun, so
# "said that ...", "the fact that the ..." and "that day" are none.
_RESTRICTIVE = re.compile(r"(?<=[^\W\d_])\s+(?P<rel>(?:that|which|who)\b)", re.IGNORECASE)
_FUNCTION_WORDS = _DETERMINERS | _lexicon(
    """of in on at by for with from to into onto over under about after before since during than
    as and or but so nor yet if then now such given because while although though whether not
    only also just even"""
)
_VERB_GROUP = _lexicon("not also just already then")
_MARK = re.compile(r"[,;:]\s|\s[—–-]\s")


def _restrictive(text: str, lo: int, hi: int) -> list[tuple[int, int, Kind]]:
    """Relative clauses without a comma in a clause's subject, as interrupting cuts (see
    _RESTRICTIVE). One ends before the main clause's verb: the first auxiliary or irregular
    verb form after the relative clause's own verbs, else its last "-ed" word ("... a depot
    located in X killed 12"); or, with no verb of the main clause before the next clause mark,
    at a comma a clause with a verb follows ("In a fire that broke out at X, 10 people died")."""
    out: list[tuple[int, int, Kind]] = []
    for m in _RESTRICTIVE.finditer(text, lo, hi):
        at = m.start("rel")
        before = _WORD.findall(text, lo, at)
        if not before or before[-1].casefold() in _FUNCTION_WORDS or has_verb(" ".join(before)):
            continue
        words = list(_VERB_WORD.finditer(text, m.end("rel"), hi))
        if not words or not has_verb(words[0].group()):
            continue
        own = 0  # past the relative clause's own verb group ("that had already spread")
        while own < len(words) and (
            (low := words[own].group().casefold().replace("’", "'")) in _AUX
            or low in _VERB_GROUP
            or low.endswith("ly")
        ):
            own += 1
        own += own < len(words) and has_verb(words[own].group())
        mark = _MARK.search(text, words[0].end(), hi)
        stop = mark.start() if mark else hi
        verbs = [w for w in words[own:] if w.start() < stop and has_verb(w.group())]
        finite = [w for w in verbs if w.group().casefold().replace("’", "'") in _AUX | _IRREGULAR]
        if finite:
            end = finite[0].start()
        elif mark and text[mark.start()] == "," and has_verb(text[mark.end() : hi]):
            end = mark.start() + 1
        elif verbs:
            end = verbs[-1].start()
        else:
            continue
        if _words(text[at:end]) >= PHRASE_WORDS:
            out.append((at, end, "relative"))
    return out


# "12 people were killed and 30 others injured": two counts a story revises (the dead, the
# injured; families the predicate lexicon marks `versions`), each a claim other outlets state
# on its own and update apart, so the clause after "and" + a figure is cut when each side counts
# such families only, and not the same ones. Other counts joined so stay whole: "30 were
# evacuated and five others stayed behind" is one account, which the comparison reads whole
# (parts of a whole).
def _two_tolls(left: str, right: str) -> bool:
    """Whether two clauses each count only families a story revises, different ones."""
    # both import what imports this module
    from analysis.claim_facts import counted_families
    from analysis.predicates import versioned_families

    a = frozenset().union(*(f for _, f in counted_families(left)))
    b = frozenset().union(*(f for _, f in counted_families(right)))
    return bool(a) and bool(b) and a | b <= versioned_families() and a != b


# A count phrase of STAT_FIGURES figures or more, asides left out, is a line of statistics ("with
# 59 catches for 1,098 yards and seven touchdowns"), not one fact: cut out of its clause, its
# shape alone (figures and what they count) matches any other such line.
STAT_FIGURES = 3
_NUMBER_WORD = r"\b(?:" + _NUMBER_WORDS + r")\b"
_FIGURE = re.compile(r"\d[\d,.]*|" + _NUMBER_WORD, re.IGNORECASE)
# a count standing alone: not the digits of a code ("B52", "Mk-12")
_COUNT = re.compile(r"(?<![\w-])\d[\d,.]*(?!\w)|" + _NUMBER_WORD, re.IGNORECASE)
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|—[^—]*—|–[^–]*–")
# a figure, or a magnitude that stands for one ("costing the firm billions", "leaving thousands
# homeless"): what a result tail counts
_AMOUNT = re.compile(
    _FIGURE.pattern + r"|\b(?:dozens|hundreds|thousands|millions|billions|trillions)\b",
    re.IGNORECASE,
)
_IN_FIGURE = re.compile(r"\d[,:]\d")  # "1,200", "7:30": no clause mark


def _count_end(text: str, at: int, hi: int) -> int:
    """Where a count phrase that goes on from `at` ends: before its first verb, or at a clause
    mark (a comma kept with it), whichever comes first; a parenthesis or a pair of dashes inside
    it ("with 120 people on board (110 passengers, 10 crew)", "...—including three pupils—and nine
    crew") is part of it."""
    depth = 0
    k = at
    while k < hi:
        ch = text[k]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif depth == 0 and ch in ",;:" and not _IN_FIGURE.match(text, k - 1):
            return k + 1 if ch == "," else k
        elif depth == 0 and ch in "—–":
            close = text.find(ch, k + 1, hi)
            if close < 0:
                return k
            k = close
        elif depth == 0 and (k == at or not text[k - 1].isalnum()) and ch.isalpha():
            word = _WORD.match(text, k)
            if word and has_verb(word.group()):
                return k
            if word:
                k = word.end() - 1
        k += 1
    return hi


# a piece after an interrupting unit that opens a clause of its own ("..., carrying 50 people,
# and a search began") does not continue the clause the unit interrupted
_OPENS_CLAUSE = re.compile(r"\W*(?:and|but|while|whereas|although|yet|so)\s", re.IGNORECASE)


def _list_item(text: str, start: int, at: int, stop: int) -> bool:
    """True when the cut at `at` sits inside a list ("sold chips, phones, and laptops, and ..."):
    both the item before it (after the last comma of the clause so far) and the stretch up to the
    next possible cut lack a verb, so the conjunction joins list items, not clauses."""
    before = text[start:at].rstrip().rstrip(",").rsplit(",", 1)
    return len(before) == 2 and not has_verb(before[1]) and not has_verb(text[at:stop])


def _assemble(text: str, pieces: list[tuple[int, int, Kind]]) -> tuple[Unit, ...]:
    """Units from ordered spans: a relative clause's surrounding clause pieces join into one
    main-clause unit; a blank piece goes to its neighbour."""
    merged: list[list[tuple[int, int]]] = []
    kinds: list[Kind] = []
    main_of: int | None = None  # the unit a clause piece after a relative clause continues
    previous: Kind | None = None
    for start, end, kind in pieces:
        if not text[start:end].strip() and merged:
            merged[-1].append((start, end))
            continue
        if (
            kind == "clause"
            and previous == "relative"
            and main_of is not None
            and not _OPENS_CLAUSE.match(text, start, end)
        ):
            merged[main_of].append((start, end))
        else:
            merged.append([(start, end)])
            kinds.append(kind)
            if kind == "clause":
                main_of = len(merged) - 1
        previous = kind
    units = []
    for spans, kind in zip(merged, kinds, strict=True):
        joined = _joined(spans)
        body = " ".join(" ".join(text[s:e].split()) for s, e in joined).strip()
        if kind == "relative" and _REPORTING_ONLY.match(body):
            kind = "attribution"
        units.append(Unit(tuple(joined), body, kind))
    return _with_blanks(text, tuple(units))


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent spans as one."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and out[-1][1] == s:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _with_blanks(text: str, units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """A unit with no non-space character (a blank piece at the start) joins the next one."""
    out: list[Unit] = []
    carry: list[tuple[int, int]] = []
    for unit in units:
        if not unit.text:
            carry.extend(unit.spans)
            continue
        if carry:
            spans = tuple(_joined(carry + list(unit.spans)))
            unit = Unit(spans, unit.text, unit.kind)
            carry = []
        out.append(unit)
    if carry and out:
        last = out[-1]
        out[-1] = Unit(tuple(_joined(list(last.spans) + carry)), last.text, last.kind)
    return tuple(out)


def claim_texts(text: str) -> tuple[str, ...]:
    """The texts of a sentence's units that can state a claim (attribution frames left out);
    the sentence itself when it is one unit."""
    units = split_units(text)
    claims = tuple(u.text for u in units if u.kind != "attribution")
    if len(claims) <= 1 and len(units) <= 1:
        return (" ".join(text.split()),) if text.strip() else ()
    return claims or (" ".join(text.split()),)
