""" "He" for an aircraft: a personal pronoun whose only antecedent is a thing.

Languages with grammatical gender call a plane, a ship or a company "he" or "she" (Russian
самолёт, French avion and German Flugzeug have a gender), and machine translation often keeps
the pronoun: "The cargo plane went down past the lake. He lost radio contact ...". An English
writer says "it". The check: a sentence whose subject is "he" or "she" right after a sentence
whose subject is a vehicle, a building or an organisation, with no person named or described in
either sentence or the one before (a person there would be the antecedent).

The nouns are general English (kinds of vehicles, buildings and bodies), not words of any story.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis.model import ArticleText, Entity, FlagDraft, FlagSide, Mention, SentenceSpan

THINGS = frozenset(
    """plane aircraft airliner airplane aeroplane jet jetliner helicopter chopper glider airship
    ship vessel boat ferry yacht tanker freighter submarine warship frigate destroyer carrier
    train locomotive tram car vehicle truck lorry bus coach van rocket spacecraft satellite probe
    missile drone building tower bridge dam hotel factory plant reactor company firm corporation
    bank airline carrier government ministry agency parliament court council""".split()  # noqa: SIM905
)
PEOPLE = frozenset(
    """man men woman women boy girl child children person people pilot pilots captain crew
    driver passenger passengers minister president governor mayor official officials spokesman
    spokeswoman spokesperson father mother son daughter husband wife brother sister officer
    police policeman soldier doctor nurse witness survivor victim leader chief head director
    owner manager teacher student coach player king queen prince princess lawyer judge mr mrs ms
    dr sir lord lady boss chairman chairwoman ceo executive host presenter singer actor actress
    dj""".split()  # noqa: SIM905
)
_SUBJECT_PRONOUN = re.compile(r"^\W*(He|She)\s+(?P<rest>(?:[\w'’-]+\s+){0,2}[\w'’-]+)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "himself", "herself"})
SUBJECT_REACH = 6  # words at the start of a sentence that hold its subject


def _people_in(text: str) -> bool:
    """A person word that is not the modifier of a thing ("passenger plane", "police car")."""
    words = [w.casefold() for w in _WORD.findall(text)]
    return any(
        (w in PEOPLE and (k + 1 >= len(words) or words[k + 1] not in THINGS))
        or w in _PERSON_PRONOUNS
        for k, w in enumerate(words)
    )


def _thing_subject(text: str) -> str | None:
    """The vehicle, building or body a sentence starts with ("The twin-engine cargo plane ...")."""
    for w in _WORD.findall(text)[:SUBJECT_REACH]:
        if w.casefold() in THINGS:
            return w
    return None


def detect_thing_pronouns(
    art: ArticleText,
    spans: Sequence[SentenceSpan],
    mentions: Sequence[Mention] = (),
) -> list[FlagDraft]:
    """`translation_artifact` flags on "He"/"She" standing for a thing (see module docstring)."""
    content = [s for s in spans if s.residue is None]
    persons = {m.sentence_idx for m in mentions if m.kind == "person"}
    flags: list[FlagDraft] = []
    for n, sent in enumerate(content):
        m = _SUBJECT_PRONOUN.match(sent.text)
        if m is None or n == 0:
            continue
        prev = content[n - 1]
        thing = _thing_subject(prev.text)
        if thing is None:
            continue
        before = content[max(0, n - 2) : n]
        if any(s.idx in persons or _people_in(s.text) for s in before):
            continue  # a person nearby may be who "he" is
        start = sent.start + m.start(1)
        end = sent.start + m.end("rest")
        quote = art.text[start:end]
        pronoun = m.group(1)
        flags.append(
            FlagDraft(
                kind="translation_artifact",
                detector="thing-pronoun",
                side=FlagSide(art.article_id, sent.idx, start, end, quote),
                explanation=(
                    f"“{pronoun}” follows a sentence about the {thing.casefold()}, and no person "
                    f"is named or described nearby: English calls a {thing.casefold()} “it”. "
                    "Machine translation from a language where nouns have a gender often keeps "
                    "the source's “he” or “she”."
                ),
                confidence=0.6 if art.translated else 0.5,
                suggestion=f"It {m.group('rest')}",
                evidence={"antecedent": thing, "previous": prev.text},
            )
        )
    return flags


# --- "she" for a man the other outlets call "he" -------------------------------------------------

GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
          "she": "f", "her": "f", "hers": "f", "herself": "f"}  # fmt: skip
_SWAP = {"he": "she", "him": "her", "his": "her", "himself": "herself",
         "she": "he", "her": "his", "hers": "his", "herself": "himself"}  # fmt: skip
# "X said he ...": the one place a pronoun's person is plain from the words alone
_SAID_PRONOUN = re.compile(
    r"\b(?:said|says|told\s+\w+|added|stated|announced|insisted|claimed|explained|admitted|"
    r"acknowledged|argued|noted|wrote|confirmed)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?P<p>he|she)\b",
    re.IGNORECASE,
)
MIN_OTHERS = 2  # outlets that must agree on the other pronoun before one is called odd


@dataclass(frozen=True, slots=True)
class _Reading:
    """A pronoun that can only stand for one named person."""

    article_id: int
    sentence_idx: int
    start: int  # article offsets of the pronoun
    end: int
    pronoun: str
    gender: str


def _person_readings(
    art: ArticleText,
    spans: Sequence[SentenceSpan],
    mentions: Sequence[Mention],
    person_of: Mapping[tuple[int, int, int], str],
) -> dict[str, list[_Reading]]:
    """Each named person's pronouns in one article, read only where English leaves no doubt
    who they stand for: "NAME said (that) he/she ..." in a sentence that names no one else,
    with no other person described and no quotation between the name and the pronoun."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind == "person":
            by_sentence.setdefault(m.sentence_idx, []).append(m)
    out: dict[str, list[_Reading]] = {}
    for sent in spans:
        named = by_sentence.get(sent.idx, [])
        people = {person_of.get((art.article_id, m.start, m.end)) for m in named}
        if sent.residue is not None or len(people) != 1 or None in people:
            continue
        person = next(iter(people))
        assert person is not None
        first = min(named, key=lambda m: m.start)
        rest = sent.text[first.end - sent.start :]
        said = _SAID_PRONOUN.search(rest)
        if said is None:
            continue
        between = rest[: said.start()]
        if _people_in(between) or '"' in between or "“" in between:
            continue  # someone else, or a quotation, stands between name and pronoun
        low = said.group("p").casefold()
        start = first.end + said.start("p")
        out.setdefault(person, []).append(
            _Reading(art.article_id, sent.idx, start, start + len(low), said.group("p"),
                     GENDER[low])
        )  # fmt: skip
    return out


def detect_gender_pronouns(
    articles: Sequence[ArticleText],
    spans: Mapping[int, Sequence[SentenceSpan]],
    mentions: Mapping[int, Sequence[Mention]],
    entities: Sequence[Entity],
) -> list[FlagDraft]:
    """`translation_artifact` on the outlet whose pronoun for a named person disagrees with the
    pronoun at least two other outlets use for the same person (entities group the names
    across articles). Languages that drop subject pronouns or do not mark gender in them
    (Chinese spoken "ta", Turkish "o", Finnish "hän") leave machine translation to guess."""
    person_of = {
        member: e.canonical for e in entities if e.kind == "person" for member in e.members
    }
    by_id = {a.article_id: a for a in articles}
    readings: dict[str, dict[int, list[_Reading]]] = {}
    for art in articles:
        found = _person_readings(
            art, spans.get(art.article_id, ()), mentions.get(art.article_id, ()), person_of
        )
        for person, rs in found.items():
            readings.setdefault(person, {})[art.article_id] = rs
    flags: list[FlagDraft] = []
    for person in sorted(readings):
        per_article = {
            aid: rs[0].gender
            for aid, rs in readings[person].items()
            if len({r.gender for r in rs}) == 1
        }
        sources = {g: {by_id[a].source for a, x in per_article.items() if x == g} for g in "mf"}
        for aid, gender in sorted(per_article.items()):
            other = "f" if gender == "m" else "m"
            mine, theirs = sources[gender], sources[other]
            if len(theirs) < MIN_OTHERS or len(mine) != 1:
                continue
            flags.append(_gender_flag(by_id[aid], readings[person][aid][0], person, len(theirs)))
    return flags


def _gender_flag(art: ArticleText, r: _Reading, person: str, others: int) -> FlagDraft:
    word = _SWAP[r.pronoun.casefold()]
    said = {"m": "“he”", "f": "“she”"}["f" if r.gender == "m" else "m"]
    return FlagDraft(
        kind="translation_artifact",
        detector="gender-pronoun",
        side=FlagSide(art.article_id, r.sentence_idx, r.start, r.end, r.pronoun),
        explanation=(
            f"“{r.pronoun}” here can only stand for {person}, whom {others} other outlets call "
            f"{said}. A machine translation from a language whose pronouns do not mark gender "
            "has to guess it."
        ),
        confidence=0.6 if art.translated else 0.45,
        suggestion=word.capitalize() if r.pronoun[:1].isupper() else word,
        evidence={"person": person, "other_outlets": others},
    )
