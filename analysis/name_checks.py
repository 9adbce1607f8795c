"""Every corpus-wide name check the pipeline runs, in one call.

The people/organisation rules of `analysis.names` and the place-slot rule of `analysis.places`
each see a different part of the text (entities vs capitalised words in place slots); both emit
`name_variant`/`unverified_name`. The pipeline and the names benchmark call this one function, so
the benchmark measures what a user gets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.gazetteer import Gazetteer
from analysis.model import ArticleText, Entity, FlagDraft, Mention, SentenceSpan
from analysis.names import detect_name_variants
from analysis.places import place_variant_flags

__all__ = ["corpus_name_flags"]


def corpus_name_flags(
    articles: list[ArticleText],
    mentions: dict[int, list[Mention]],
    entities: list[Entity],
    gazetteer: Gazetteer,
    sentences: Mapping[int, Sequence[SentenceSpan]],
) -> list[FlagDraft]:
    """Name flags of people, organisations and places; a place flag on a span that a person or
    organisation flag already starts at is dropped (one finding per name)."""
    flags = detect_name_variants(articles, mentions, entities, gazetteer, sentences=sentences)
    taken = {(f.side.article_id, f.side.start) for f in flags}
    places = place_variant_flags(articles, sentences)
    return flags + [f for f in places if (f.side.article_id, f.side.start) not in taken]
