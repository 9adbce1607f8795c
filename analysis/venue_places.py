"""Where a named venue stands: two outlets putting one venue in two towns.

"checked into Promises Treatment Center in San Jose" / "Promises Treatment Center, a rehab
clinic in Los Angeles": a clinic, an arena, a prison or a firm's premises stands in one town,
whatever happened there and whenever, so two reports that name the same venue and put it in two
towns GeoNames cannot make one place (neither containing the other, not near each other; see
`analysis.place_values`) cannot both be right. The venue's name is the anchor, so this needs no
claim cluster: the aligner often puts the two sentences apart because they tell different acts
at the venue.

Strict on purpose, because it reads sentences the aligner did not pair:
- the venue is a name the gazetteer does not know as a place, of two or more words ("Sam's
  Club", "SAP Arena"); after "a"/"an" it is one of a chain ("a Sam's Club store"), not a
  building;
- its town follows it at once ("... Center in San Jose") or after an appositive of lowercase
  words ("..., a prominent rehab clinic in Los Angeles"): no verb, no other name between;
- the town is a place GeoNames knows, and the other report names neither town anywhere in that
  sentence.

Pure: read sentences in, (venue, town) readings out.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.claim_slots import Name, Sentence, is_region, token_range
from analysis.place_values import readings

__all__ = ["APPOSITIVE_WORDS", "VenueTown", "venue_towns"]

APPOSITIVE_WORDS = 6  # lowercase words of ", a prominent rehab clinic" before "in"
_DETERMINERS = frozenset({"a", "an", "the"})
_INDEFINITE = frozenset({"a", "an", "one", "another"})


@dataclass(frozen=True, slots=True)
class VenueTown:
    """A named venue and the town a sentence puts it in (local character spans)."""

    venue: Name
    town: Name


def _is_venue(sent: Sentence, name: Name) -> bool:
    ni, _ = token_range(sent, name.start, name.end)
    if ni > 0 and sent.lows[ni - 1] in _INDEFINITE:
        return False  # "a Sam's Club store": one of many
    words = name.text.split()
    return len(words) >= 2 and not readings(name.text) and not is_region(name.text)


def _town_after(sent: Sentence, end_token: int, names_at: dict[int, Name]) -> Name | None:
    """The known place introduced by "in" right after a venue, or after its appositive."""
    lows, toks = sent.lows, sent.tokens
    k = end_token
    if k < len(lows) and lows[k] == ",":
        k += 1
        if k >= len(lows) or lows[k] not in _DETERMINERS:
            return None
        words = 0
        while k < len(lows) and lows[k] != "in" and words <= APPOSITIVE_WORDS:
            if not toks[k].text.isalpha() or not toks[k].text.islower():
                return None  # a number, a mark or another name: not a plain appositive
            k += 1
            words += 1
    if k >= len(lows) or lows[k] != "in":
        return None
    k += 1
    if k < len(lows) and lows[k] == "the":
        k += 1
    town = names_at.get(k)
    return town if town is not None and readings(town.text) else None


def venue_towns(sent: Sentence) -> list[VenueTown]:
    """Each venue the sentence names with the town it puts it in."""
    names_at = {token_range(sent, n.start, n.end)[0]: n for n in sent.names}
    out: list[VenueTown] = []
    for name in sent.names:
        if not _is_venue(sent, name):
            continue
        _, nj = token_range(sent, name.start, name.end)
        town = _town_after(sent, nj, names_at)
        if town is not None:
            out.append(VenueTown(name, town))
    return out
