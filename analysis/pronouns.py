""" "He" for an aircraft: a personal pronoun whose only antecedent is a thing.

Languages with grammatical gender call a plane, a ship or a company "he" or "she" (Russian
самолёт, French avion and German Flugzeug have a gender), and machine translation often keeps
the pronoun: "The plane crashed near the town. He stopped contacting after ...". An English
writer says "it". The check: a sentence whose subject is "he" or "she" right after a sentence
whose subject is a vehicle, a building or an organisation, with no person named or described in
either sentence or the one before (a person there would be the antecedent).

The nouns are general English (kinds of vehicles, buildings and bodies), not words of any story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.model import ArticleText, FlagDraft, FlagSide, Mention, SentenceSpan

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
    """The vehicle, building or body a sentence starts with ("The An-24 passenger plane ...")."""
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
