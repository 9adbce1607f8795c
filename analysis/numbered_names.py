"""A numbered institution one translated outlet names with another type word than the others.

Chinese and Russian cities number their schools, hospitals and plants (第7中学 "No. 7 Middle
School", "City Hospital No. 5"), and machine translation picks a type word for each: one outlet's
"7th High School" is the others' "No. 7 Middle School". The number and the head noun are the
anchor, so the rule needs no list of institutions:
- a name is a number ("No. 7", "7th") and one to four words after it; each prefix ending in a
  word is a reading (number, modifier words, head noun), case aside ("No. 7 middle school"
  counts for its outlet); the flagged use and one use of the reference are capitalised as names
  are ("No. 5 seed for the" / "No. 5 seed in the" is no name), and a reading stops at an
  acronym ("20th CPC Congress" / "20th National Congress" is one congress, named two ways);
- a reading two or more outlets use is a reference; a reading only one outlet uses, with the same
  number, head and count of modifiers as a reference and one modifier word different, is that
  outlet's variant, even when the outlet also writes the reference (then it names one place two
  ways); each use is flagged, with the shortest such reading of its name;
- the outlet's article is machine-translated: two native outlets naming "1st Armored Division"
  and "1st Infantry Division" name two units, not one unit twice.
Measured with every article taken as translated: no flag on ECB+ (979 native documents, 43
topics), one on WMT23 zh→en (10 systems' output of 38 documents as 10 outlets each), the
acronym case now excluded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analysis.model import ArticleText, FlagDraft, FlagSide, SentenceSpan
from analysis.names import name_variant_flag

__all__ = ["numbered_name_flags"]

CONFIDENCE = 0.45  # one type word: a reviewer checks which the source meant
MAX_WORDS = 4
_NUMBER = re.compile(
    r"\b(?:(?:No\.?|Number)\s+(?P<no>\d{1,4})|(?P<ord>\d{1,4})(?:st|nd|rd|th))\s+"
    rf"(?P<words>[A-Za-z]+(?:\s+[A-Za-z]+){{0,{MAX_WORDS - 1}}})"
)
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class _Reading:
    number: str
    modifiers: tuple[str, ...]  # lower case
    head: str  # lower case


@dataclass(frozen=True, slots=True)
class _Use:
    article_id: int
    sentence: int
    start: int  # offsets in the article: the number up to the head noun
    end: int
    capitalised: bool  # every word after the number, as names are written


def numbered_name_flags(
    articles: Sequence[ArticleText], sentences: Mapping[int, Sequence[SentenceSpan]]
) -> list[FlagDraft]:
    """`name_variant` flags for a translated outlet's other type word of a numbered name."""
    source_of = {a.article_id: a.source for a in articles}
    uses: dict[_Reading, list[_Use]] = defaultdict(list)
    for a in articles:
        for s in sentences.get(a.article_id, ()):
            if s.residue is None or s.residue == "caption":
                for reading, start, end, caps in _readings(s.text):
                    uses[reading].append(
                        _Use(a.article_id, s.idx, s.start + start, s.start + end, caps)
                    )
    outlets = {r: {source_of[u.article_id] for u in us} for r, us in uses.items()}
    by_anchor: dict[tuple[str, str, int], list[_Reading]] = defaultdict(list)
    for r in uses:
        by_anchor[(r.number, r.head, len(r.modifiers))].append(r)
    translated = {a.article_id for a in articles if a.translated}
    flags: list[FlagDraft] = []
    flagged: set[tuple[int, int]] = set()  # (article, start): the shortest reading of a name
    for reading in sorted(uses, key=lambda r: len(r.modifiers)):
        if len(outlets[reading]) != 1 or not reading.modifiers:
            continue
        refs = [
            r
            for r in by_anchor[(reading.number, reading.head, len(reading.modifiers))]
            if len(outlets[r]) >= 2
            and _one_word_apart(r, reading)
            and any(u.capitalised for u in uses[r])
        ]
        if len(refs) != 1:
            continue
        for use in uses[reading]:
            key = (use.article_id, use.start)
            if use.capitalised and use.article_id in translated and key not in flagged:
                flagged.add(key)
                others = sorted(outlets[refs[0]] - {source_of[use.article_id]})
                flags.append(_flag(articles, use, refs[0], others))
    return flags


def _readings(text: str) -> list[tuple[_Reading, int, int, bool]]:
    """Each (reading, start, end, written as a name) of the numbered names in one sentence."""
    out: list[tuple[_Reading, int, int, bool]] = []
    for m in _NUMBER.finditer(text):
        number = m["no"] or m["ord"]
        words = list(_WORD.finditer(m["words"]))
        if m["ord"] and not words[0].group()[0].isupper():
            continue
        base = m.start("words")
        for k in range(1, len(words) + 1):
            if words[k - 1].group().isupper() and len(words[k - 1].group()) > 1:
                break  # an acronym abbreviates a name ("20th CPC Congress"), it is no type word
            names = [w.group().lower() for w in words[:k]]
            reading = _Reading(number, tuple(names[:-1]), names[-1])
            caps = all(w.group()[0].isupper() for w in words[:k])
            out.append((reading, m.start(), base + words[k - 1].end(), caps))
    return out


def _one_word_apart(a: _Reading, b: _Reading) -> bool:
    return sum(x != y for x, y in zip(a.modifiers, b.modifiers, strict=True)) == 1


def _flag(
    articles: Sequence[ArticleText], use: _Use, ref: _Reading, others: list[str]
) -> FlagDraft:
    article = next(a for a in articles if a.article_id == use.article_id)
    quote = article.text[use.start : use.end]
    suggestion = f"No. {ref.number} " + " ".join(w.title() for w in (*ref.modifiers, ref.head))
    return name_variant_flag(
        "numbered-name-variant",
        FlagSide(use.article_id, use.sentence, use.start, use.end, quote),
        quote,
        suggestion,
        f"“{quote}” names number {ref.number} with another type word than {len(others)} other "
        f"outlets, which write “{suggestion}”; machine translation picks a type word for a "
        "numbered school, hospital or plant, so this is likely the same place. Check the original.",
        CONFIDENCE,
        {"outlets": others},
    )
