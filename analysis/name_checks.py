"""Every corpus-wide name check the pipeline runs, in one call.

The people/organisation rules of `analysis.names` and the place-slot rule of `analysis.places`
each see a different part of the text (entities vs capitalised words in place slots); both emit
`name_variant`/`unverified_name`. The pipeline and the names benchmark call this one function, so
the benchmark measures what a user gets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.gazetteer import Gazetteer
from analysis.model import ArticleText, Entity, FlagDraft, FlagSide, Mention, SentenceSpan
from analysis.name_consistency import inconsistent_name_flags
from analysis.names import detect_name_variants
from analysis.numbered_names import numbered_name_flags
from analysis.places import place_variant_flags

__all__ = ["corpus_name_flags"]


def corpus_name_flags(
    articles: list[ArticleText],
    mentions: dict[int, list[Mention]],
    entities: list[Entity],
    gazetteer: Gazetteer,
    sentences: Mapping[int, Sequence[SentenceSpan]],
) -> list[FlagDraft]:
    """Name flags of people, organisations and places: the rules of `analysis.names`, then one
    person spelt several ways in one article, then place slots; a later rule's flag on a span an
    earlier one already flags is dropped (one finding per name); numbered institutions last."""
    flags = detect_name_variants(articles, mentions, entities, gazetteer, sentences=sentences)
    for extra in (
        inconsistent_name_flags(articles, mentions),
        place_variant_flags(articles, sentences),
        numbered_name_flags(articles, sentences),
    ):
        flags += [f for f in extra if not any(_overlap(f.side, g.side) for g in flags)]
    return flags


def _overlap(a: FlagSide, b: FlagSide) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end
