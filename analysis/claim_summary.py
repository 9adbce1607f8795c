"""Compress a claim sentence to a short summary that still reads as a whole (ClaimReview's
`claimReviewed`, which Google wants under 75 characters).

Not a truncation: the sentence is reduced to its main clause — subject, verb, object and the
figures — by deleting whole constituents, cheapest first: attributions ("..., officials said"),
parentheses, a leading adverbial ("Under the terms, ..."), non-restrictive clauses (", which ...",
", the largest ..."), prepositional phrases without figures or names, then with names, then the
articles (headline style). Figures are the last thing to go, because a claim is usually about them.
Only grammar words are listed here (prepositions, relative pronouns, speech verbs): nothing about
any story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.mentions import extract_mentions
from analysis.model import SentenceSpan
from analysis.quantities import extract_quantities

LIMIT = 75  # claimReviewed must be shorter than this


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


PREPOSITIONS = _set(
    "about above across after against along amid among around at before behind below"
    " beneath beside besides between beyond by despite during except following for from in"
    " including inside into near of off on onto out outside over past per since through"
    " throughout toward towards under underneath until unto upon via with within without"
)
SUBORDINATORS = _set(
    "which who whom whose where when while whereas although though because as after before"
    " since unless until if once amid despite whilst"
)
SPEECH_VERBS = _set(
    "said says say told tells added adds noted notes stated states explained explains"
    " announced announces confirmed confirms reported reports wrote writes claimed claims"
    " argued argues insisted insists warned warns estimated estimates evaluated believes"
    " believed"
)
LEADING_ADVERBS = _set(
    "according meanwhile however also moreover furthermore additionally separately still"
    " now then reportedly currently already previously initially earlier later recently"
    " instead"
)
ARTICLES = frozenset({"a", "an", "the"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
CLAUSE_STOPS = frozenset({"and", "but", "or", "so", "yet", "that", "to", *PREPOSITIONS})

_WORD = re.compile(r"\S+")
_QUOTES = "\"'“”‘’«»"
_TRAIL = ",.;:!?" + _QUOTES


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str

    @property
    def bare(self) -> str:
        return self.text.strip(_TRAIL + "()[]").casefold()

    @property
    def ends_clause(self) -> bool:
        return self.text.rstrip(_QUOTES + ")")[-1:] in ",;:"


@dataclass(frozen=True, slots=True)
class _Cut:
    start: int
    end: int
    cost: float
    replace: str = ""


def summarise_claim(text: str, limit: int = LIMIT) -> str:
    """A summary of `text` shorter than `limit` characters, made of whole constituents."""
    flat = " ".join(text.split())
    body = _strip_outer(flat)
    if len(body) < limit:
        return body
    figure = _first_figure(flat, _protected(flat)[0])
    current = flat
    while True:
        # one constituent at a time, read again after each cut: removing a clause can make
        # what surrounded it a constituent too ("X, the chief, who led Y, will ..." -> "X will")
        figures, dates, names = _protected(current)
        for cut in sorted(_cuts(current, figures, dates, names), key=lambda c: (c.cost, -c.start)):
            trial = _render(current, [cut])
            if trial and trial != _tidy(current) and figure in trial and _has_verb(trial):
                break
        else:
            return _boundary_cut(_tidy(current), limit, figure)
        if len(trial) < limit:
            return trial
        current = trial


def _strip_outer(text: str) -> str:
    """The sentence without its final stop and without quotes wrapping all of it."""
    out = text.strip().rstrip(".!;:").strip()
    double = '"“”«»'
    if len(out) > 1 and out[0] in double:
        inner = out[1:-1] if out[-1] in double else out[1:]
        if not any(q in inner for q in double):  # one quotation, all of the text
            out = inner.strip().rstrip(".,")
    return out


def _protected(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list]:
    span = [SentenceSpan(0, 0, len(text), text)]
    quantities = extract_quantities(text, span)
    figures = [(q.start, q.end) for q in quantities if q.kind != "date"]
    dates = [(q.start, q.end) for q in quantities if q.kind == "date"]
    names = [(m.start, m.end) for m in extract_mentions(text, span)]
    return figures, dates, names


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _cuts(
    text: str,
    figures: list[tuple[int, int]],
    dates: list[tuple[int, int]],
    names: list[tuple[int, int]],
) -> list[_Cut]:
    toks = [_Tok(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    cuts: list[_Cut] = []

    def weigh(start: int, end: int, base: float, *, named: bool = True) -> float:
        """Cost of removing [start, end): figures cost most, then (when `named`) names."""
        if _inside(start, end, figures):
            return base + 10
        if named and _inside(start, end, names):
            return base + 3
        if _inside(start, end, dates):
            return base + 2
        return base

    cuts += _attributions(text, toks, figures)
    cuts += _figure_modifiers(toks, figures)
    cuts += _headline_infinitive(toks)
    for m in re.finditer(r"\s*[(\[][^()\[\]]*[)\]]", text):
        cuts.append(_Cut(m.start(), m.end(), weigh(m.start(), m.end(), 0.5) - 0.4))
    for m in re.finditer(r"\s*[—–]\s[^—–]+?(\s[—–]|$)", text):
        cuts.append(_Cut(m.start(), m.end(), weigh(*m.span(), 1)))
    cuts += _leading_adverbial(toks, weigh)
    cuts += _comma_clauses(text, toks, weigh)
    cuts += _phrases(toks, names, weigh)
    cuts += [_Cut(t.start, t.end, 5.5) for t in toks[1:] if t.text.casefold() in ARTICLES]
    return cuts


def _attributions(text: str, toks: list[_Tok], figures: list[tuple[int, int]]) -> list[_Cut]:
    """'..., officials said' / '“...,” she said' / 'X said (on Monday) that ...' / 'according
    to X': who said it is the claim's source, not its content."""
    cuts: list[_Cut] = []
    for i, t in enumerate(toks):
        if t.bare not in SPEECH_VERBS and not (
            t.bare == "according" and i + 1 < len(toks) and toks[i + 1].bare == "to"
        ):
            continue
        # trailing: the last clause holds the speech verb (", X said." / ", said X.")
        j = i
        while j > 0 and not toks[j - 1].ends_clause and i - j < 7:
            j -= 1
        rest = toks[i + 1 :]
        tail = not any(_verbish(x, plural=False) and x.bare not in SPEECH_VERBS for x in rest)
        if (
            j > 0
            and toks[j - 1].ends_clause
            and tail
            and not _inside(toks[i].start, len(text), figures)
        ):
            cuts.append(_Cut(toks[j - 1].end - 1, len(text), 0))
            continue
        # leading: "X said (on Monday) that ..." — a short subject before the verb
        if 0 < i <= 9 and not any(x.ends_clause for x in toks[:i]):
            k = i + 1
            while k < len(toks) and k - i <= 4 and toks[k].bare != "that":
                k += 1
            end = toks[k].end if k < len(toks) and toks[k].bare == "that" else toks[i].end
            after = next((x for x in toks if x.start > end), None)
            replace = ""
            if after is not None and after.bare in PRONOUNS:
                replace = text[toks[0].start : toks[i - 1].end] + " "
                end = after.end
            cuts.append(_Cut(0, end + 1, 0.2, replace))
    return cuts


def _leading_adverbial(toks: list[_Tok], weigh) -> list[_Cut]:
    """'Under the terms, ...' / 'In March, ...' / 'Meanwhile, ...' before the subject."""
    if not toks or (toks[0].bare not in PREPOSITIONS | SUBORDINATORS | LEADING_ADVERBS):
        return []
    for k, t in enumerate(toks[:8]):
        if t.ends_clause:
            if len(toks) - k - 1 < 4:
                return []
            return [_Cut(0, toks[k + 1].start, weigh(0, t.end, 1) - 0.5)]
    return []


def _comma_clauses(text: str, toks: list[_Tok], weigh) -> list[_Cut]:
    """Clauses after a comma that the main clause does not need: appositives between commas
    ("Tallis, the smallest of ..., buys"), relative and subordinate clauses, participles
    ("..., making it ...") and trailing appositives ("..., the largest ...")."""
    cuts: list[_Cut] = []
    commas = [i for i, t in enumerate(toks[:-1]) if t.ends_clause]
    for n, i in enumerate(commas):
        nxt = toks[i + 1]
        later = commas[n + 1 :]
        closing = next((k for k in later if _verbish(toks[k + 1])), None)
        segment = toks[i + 1 : closing + 1] if closing is not None else []
        start = toks[i].end - 1
        if (
            closing is not None
            and nxt.bare not in SUBORDINATORS  # ", which X, has ...": a relative clause
            and not any(_verbish(x, plural=False) for x in segment)
        ):
            # a noun phrase between two commas, the verb after it: an appositive
            cuts.append(_Cut(start, toks[closing].end, weigh(start, toks[closing].end, 2)))
            continue
        word = nxt.bare
        clause = (
            word in SUBORDINATORS
            or word in ARTICLES
            or (word.endswith("ing") and len(word) > 5 and nxt.text[:1].islower())
            or word in ("including", "according", "both", "each")
        )
        parenthetical = closing is not None and word in SUBORDINATORS
        if not clause or not (parenthetical or any(map(_verbish, toks[:i]))):
            continue  # a tail comes after the main verb, never before it
        stop = len(text)
        if parenthetical and any(map(_verbish, segment)):
            # "X, who led Y, will take ..." -> "X will take"; but "X, the chief, who led Y,
            # will ..." keeps the comma that closes the appositive, which goes next
            earlier = any(toks[k].ends_clause for k in range(i))
            stop = toks[closing].end - (1 if earlier else 0)
        # a subordinate clause goes whole and early, names and all: they are not the claim's
        cuts.append(_Cut(start, stop, weigh(start, stop, 1.5, named=False)))
    return cuts


AUXILIARIES = _set(
    "is are was were be been being has have had will would can could may might must shall"
    " should do does did"
)


def _verbish(t: _Tok, plural: bool = True) -> bool:
    """Looks like a finite verb: an auxiliary, or a lower-case word ending in -ed or (unless
    `plural` is False, since plural nouns end so too) -s."""
    word = t.bare
    if word in AUXILIARIES or word in SPEECH_VERBS:
        return True
    lower = t.text[:1].islower()
    third_person = plural and word.endswith("s") and not word.endswith("ss")
    return lower and len(word) > 3 and (word.endswith("ed") or third_person)


def _phrases(toks: list[_Tok], names: list[tuple[int, int]], weigh) -> list[_Cut]:
    """Prepositional phrases: the preposition and its noun phrase, which ends at a clause
    boundary, the next preposition, or where a lower-case word follows a capitalised name
    ("with the Development Authority | puts ..."). "of" phrases are kept: they are usually what
    the noun before them is about ("all of its cells")."""
    cuts: list[_Cut] = []
    for i, t in enumerate(toks):
        if i == 0 or t.bare == "of" or (t.bare not in PREPOSITIONS and not _to_phrase(toks, i)):
            continue
        if _inside(t.start, t.end, names):
            continue  # "of" inside "Bank of America"
        j = i + 1
        while j < len(toks) and not toks[j - 1].ends_clause and j - i <= 5:
            nxt = toks[j]
            if nxt.bare in CLAUSE_STOPS and not _inside(nxt.start, nxt.end, names):
                break
            after_name = toks[j - 1].text[:1].isupper()
            if _verbish(nxt, plural=after_name) or nxt.bare in SUBORDINATORS:
                participle = nxt.bare.endswith("ed") and nxt.bare not in AUXILIARIES
                if not (participle and j + 1 < len(toks) and toks[j + 1].bare in PREPOSITIONS):
                    break  # "a company based in X" keeps its participle with its noun
            j += 1
        if j == i + 1 or (j < len(toks) and j - i > 5 and not toks[j - 1].ends_clause):
            continue  # no noun phrase, or one too long to be sure where it ends
        end = toks[j - 1].end
        # "in Marlow County, Ohio" runs on through a place name closing the clause
        if (
            j < len(toks)
            and toks[j - 1].ends_clause
            and toks[j].text[:1].isupper()
            and (j + 1 == len(toks) or toks[j].ends_clause)
        ):
            end = toks[j].end
        cost = weigh(t.start, end, 3) + (0.01 * (len(toks) - i))
        cuts.append(_Cut(t.start, end, cost))
    return cuts


def _span(t: _Tok) -> tuple[int, int]:
    return t.start, t.end


def _figure_modifiers(toks: list[_Tok], figures: list[tuple[int, int]]) -> list[_Cut]:
    """Words piled between a figure and its noun ("$3.1 billion lithium-ion cell plant"): the
    figure and the head noun (the last word) carry the claim, the modifiers can go."""
    cuts: list[_Cut] = []
    for _, fig_end in figures:
        i = next((k for k, t in enumerate(toks) if t.start >= fig_end), len(toks))
        j = i
        while (
            j < len(toks)
            and toks[j].text[:1].islower()
            and toks[j].bare not in CLAUSE_STOPS | SUBORDINATORS | AUXILIARIES
            and not _verbish(toks[j], plural=False)
        ):
            j += 1
            if toks[j - 1].ends_clause:
                break
        if j - i >= 2:
            cuts.append(_Cut(toks[i].start, toks[j - 2].end, 5.3))
    return cuts


def _headline_infinitive(toks: list[_Tok]) -> list[_Cut]:
    """Headline style for "X signed an agreement to build Y" / "X has agreed to build Y":
    "X to build Y" (a late resort, for a sentence still too long)."""
    for i, t in enumerate(toks[1:], start=1):
        if not _verbish(t, plural=False) or t.bare in SPEECH_VERBS:
            continue
        for k in range(i + 1, min(i + 8, len(toks) - 1)):
            if toks[k - 1].ends_clause:
                break
            if toks[k].bare == "to" and not _to_phrase(toks, k):
                first = i
                while first > 1 and toks[first - 1].bare in AUXILIARIES:
                    first -= 1
                return [_Cut(toks[first].start, toks[k].start, 7)]
        return []
    return []


def _to_phrase(toks: list[_Tok], i: int) -> bool:
    """'to' as a preposition ('to the state', 'to $5 billion'), not an infinitive ('to build')."""
    if toks[i].bare != "to" or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1].text
    return nxt.casefold() in ARTICLES or nxt[:1].isdigit() or nxt[:1] in "$€£¥" or nxt[:1].isupper()


def _render(text: str, cuts: list[_Cut]) -> str:
    """The text with every cut removed (or replaced), tidied into a sentence without a stop."""
    keep = [True] * len(text)
    inserts: dict[int, str] = {}
    for cut in cuts:
        for k in range(cut.start, min(cut.end, len(text))):
            keep[k] = False
        if cut.replace:
            inserts[cut.start] = cut.replace
    out = "".join(inserts.get(k, "") + (c if keep[k] else "") for k, c in enumerate(text))
    return _tidy(out)


def _tidy(text: str) -> str:
    out = " ".join(text.split())
    out = re.sub(r"\s+([,.;:!?)])", r"\1", out)
    out = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)
    out = re.sub(r"\(\s*\)", "", out)
    out = out.strip(" ,;:—–-")
    out = _strip_outer(out)
    # a clause left dangling on a conjunction or preposition reads as cut
    words = out.split()
    while words and words[-1].casefold().strip(",") in CLAUSE_STOPS | ARTICLES:
        words.pop()
    out = " ".join(words).rstrip(",;:")
    return out[:1].upper() + out[1:] if out else out


def _has_verb(text: str) -> bool:
    """A summary is a clause: it keeps a verb other than the one introducing speech (or, in
    headline style, an infinitive: "X to build Y")."""
    words = text.split()
    return any(
        (_verbish(_Tok(0, 0, w)) and w.strip(_TRAIL).casefold() not in SPEECH_VERBS)
        or (w == "to" and n + 1 < len(words) and words[n + 1][:1].islower())
        for n, w in enumerate(words[1:], start=1)
    )


def _first_figure(text: str, figures: list[tuple[int, int]]) -> str:
    return text[figures[0][0] : figures[0][1]] if figures else ""


def _keeps_figure(original: str, trial: str, figures: list[tuple[int, int]]) -> bool:
    """A summary keeps at least the first figure of a sentence that has one."""
    return _first_figure(original, figures) in trial


def _boundary_cut(text: str, limit: int, figure: str) -> str:
    """Last resort: end at the last phrase boundary that fits and keeps the first figure, never
    mid-phrase, no ellipsis; a clause too long for that keeps its first words that fit."""
    if len(text) < limit:
        return text
    words = text.split()
    best = ""
    for n in range(1, len(words)):
        head = " ".join(words[:n]).rstrip(",;:")
        if len(head) >= limit:
            break
        nxt = words[n].casefold()
        if (nxt in CLAUSE_STOPS or words[n - 1].endswith(",")) and figure in head:
            best = head
    if not best:
        fitting = [w for n, w in enumerate(words) if len(" ".join(words[: n + 1])) < limit]
        best = " ".join(fitting)
    return _tidy(best)
