"""Place names that one outlet spells differently from the others, as transliteration garbles do.

A place rendered through another script often comes back as a near miss that exists nowhere: a
Chinese city respelt from a Japanese or Korean reading, a small town turned into an English-looking
word. Entity extraction often does not even take it for a name. So this looks at capitalised words
in place slots ("in/at/near/from X", "X City", "X Airport", "the X collapse site"), and flags one
that English does not know, that only one outlet uses, and that is a transliteration-aware near
miss of a spelling at least two other outlets use (`analysis.translit`). The suggestion is the
spelling the other outlets use. When no outlet gives a reference, a place word of a translated
article that GeoNames does not know but nearly matches a place it does is flagged with that
place (`analysis.geo_names`). Correct romanisations (diacritics, hyphen case) are the same name
after normalisation and never fire.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from analysis.geo_names import place_names
from analysis.model import ArticleText, FlagDraft, FlagSide, SentenceSpan
from analysis.names import name_variant_flag
from analysis.translit import name_similarity, normalise_name, phonetic_key
from analysis.word_frequency import zipf as _zipf

MIN_SIMILARITY = 0.88
# name_similarity = 0.75 (1 - distance) + 0.25 key similarity, the distance >= 0: a reference
# below this key similarity can never reach MIN_SIMILARITY ((0.88 - 0.75) / 0.25 = 0.52, less a
# margin for rounding), so `_reference_candidates` skips it without the Python edit distance
KEY_CUTOFF = 0.5
RARE = 1.5  # a suspect is rarer than this in English (Zipf): not an English word or common name
_WORD = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?![\w'’-])")
_BEFORE = re.compile(r"\b(?:in|at|near|from|outside|to|of|around)\s+(?:the\s+)?$", re.IGNORECASE)
_STRICT_BEFORE = re.compile(r"\b(?:in|at|near|outside|around)\s+(?:the\s+)?$", re.IGNORECASE)
_AFTER = re.compile(
    r"^\s+(?:city|province|county|district|region|prefecture|oblast|airport|station|stadium|"
    r"arena|resort|village|town|municipality|area|river|lake|port|bridge)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Use:
    article_id: int
    sentence: SentenceSpan
    start: int  # offset in the article
    end: int
    in_slot: bool
    strict_slot: bool  # "in/at/near X" or "X City": not "according to X", "wife of X"


def _uses(article: ArticleText, sentences: Sequence[SentenceSpan]) -> dict[str, list[_Use]]:
    """Capitalised words of an article's content sentences (not the first word), by spelling."""
    out: dict[str, list[_Use]] = defaultdict(list)
    for s in sentences:
        if s.residue is not None and s.residue != "caption":
            continue
        for m in _WORD.finditer(s.text):
            if m.start() == 0:
                continue
            after = bool(_AFTER.match(s.text[m.end() :]))
            slot = after or bool(_BEFORE.search(s.text[: m.start()]))
            strict = after or bool(_STRICT_BEFORE.search(s.text[: m.start()]))
            out[m.group()].append(
                _Use(article.article_id, s, s.start + m.start(), s.start + m.end(), slot, strict)
            )
    return out


def place_variant_flags(
    articles: Sequence[ArticleText], sentences: Mapping[int, Sequence[SentenceSpan]]
) -> list[FlagDraft]:
    """`name_variant` flags for one-outlet near misses of a place spelling others use."""
    source_of = {a.article_id: a.source for a in articles}
    uses: dict[str, list[_Use]] = defaultdict(list)
    for a in articles:
        for word, found in _uses(a, sentences.get(a.article_id, ())).items():
            uses[word].extend(found)
    outlets = {w: {source_of[u.article_id] for u in us} for w, us in uses.items()}
    # References: spellings of two outlets or more, used as a place at least once.
    common = [w for w, o in outlets.items() if len(o) >= 2 and any(u.in_slot for u in uses[w])]
    translated = {a.article_id for a in articles if a.translated}
    common_keys = [_key(w) for w in common]
    flags: list[FlagDraft] = []
    for word, found in uses.items():
        if len(outlets[word]) != 1 or _zipf(word) >= RARE or not any(u.in_slot for u in found):
            continue
        best = _best_reference(word, _reference_candidates(word, common, common_keys), outlets)
        if best is None:
            use = next((u for u in found if u.strict_slot), None)
            if use and use.article_id in translated and (flag := _world_variant(word, use)):
                flags.append(flag)
            continue
        ref, similarity = best
        if _one_place(word, ref):
            continue
        use = next(u for u in found if u.in_slot)
        others = sorted(outlets[ref] - outlets[word])
        flags.append(
            name_variant_flag(
                "place-variant",
                FlagSide(use.article_id, use.sentence.idx, use.start, use.end, word),
                word,
                ref,
                f'"{word}" names a place only this outlet uses and English does not know; '
                f'{len(others)} other outlets write "{ref}" (transliteration-aware '
                f"similarity {similarity:.2f}), "
                + (
                    "as a garbled rendering through another script would produce."
                    if use.article_id in translated
                    else "a misspelling (this outlet reads as written in English, so not a "
                    "garble through another script)."
                ),
                round(min(0.9, 0.4 + 0.5 * (similarity - MIN_SIMILARITY) / 0.15), 2),
                {"outlets": others},
            )
        )
    return flags


def _one_place(word: str, ref: str) -> bool:
    """Both spellings are GeoNames names of one place ("Jabalya" and "Jabaliya" of one town): two
    accepted romanisations, not a garble of one into the other."""
    geo = place_names()
    if geo is None:
        return False
    found = geo.place_of(word)
    return found is not None and found == geo.place_of(ref)


def _world_variant(word: str, use: _Use) -> FlagDraft | None:
    """A place word of a translated article that GeoNames does not know but is a near miss of a
    place it does ("Changjiajie" for Zhangjiajie) when no other outlet gives the spelling."""
    geo = place_names()
    if geo is None or geo.known(word):
        return None
    near = geo.nearest(word, MIN_SIMILARITY)
    if near is None:
        return None
    name, country, similarity = near
    return name_variant_flag(
        "place-gazetteer",
        FlagSide(use.article_id, use.sentence.idx, use.start, use.end, word),
        word,
        name,
        f'"{word}" names a place in a machine-translated article, but no place of that name is '
        f'known (GeoNames, towns of 5,000 people or more); "{name}" ({country}) is a near miss '
        f"under transliteration (similarity {similarity:.2f}), as a rendering through another "
        "script would produce. No other outlet names the place to compare.",
        round(min(0.75, 0.3 + 0.5 * (similarity - MIN_SIMILARITY) / 0.15), 2),
        {"gazetteer": {"name": name, "country": country, "source": "GeoNames"}},
    )


def _key(word: str) -> str:
    return phonetic_key(word).replace(" ", "")


def _reference_candidates(word: str, common: Sequence[str], keys: Sequence[str]) -> list[str]:
    """The references (`common`, in their order; `keys` their `_key`) whose phonetic keys are
    close enough to `word`'s for `name_similarity` to reach MIN_SIMILARITY: the same
    `_best_reference` as over all of them, without scanning every reference in Python."""
    key = _key(word)
    if not key:  # an empty key only scores with empty keys (1 - distance alone)
        return [ref for ref, k in zip(common, keys, strict=True) if not k]
    scores = process.cdist(
        [key], keys, scorer=Levenshtein.normalized_similarity, score_cutoff=KEY_CUTOFF
    )[0]
    return [common[i] for i in scores.nonzero()[0].tolist()]


def _best_reference(
    word: str, common: Sequence[str], outlets: Mapping[str, set[str]]
) -> tuple[str, float] | None:
    """The spelling of several outlets closest to `word`, if close enough and really another
    spelling (not the same name without diacritics, not a prefix such as a plural)."""
    key = normalise_name(word)
    best: tuple[float, int, str] | None = None
    for ref in common:
        rkey = normalise_name(ref)
        if rkey == key or rkey.startswith(key) or key.startswith(rkey):
            continue
        if abs(len(rkey) - len(key)) > 2 or outlets[ref] <= outlets[word]:
            continue
        sim = name_similarity(word, ref)
        if sim >= MIN_SIMILARITY and (best is None or (sim, len(outlets[ref])) > best[:2]):
            best = (sim, len(outlets[ref]), ref)
    return (best[2], best[0]) if best else None
