"""Group mentions that name the same person, organisation or place.

Three kinds of variation are ordinary and joined here: case and punctuation ("KORVEX"/"Korvex",
"Vel-De-Mar"/"Vel-de-Mar", "Korvex Corp"), aliases the gazetteer knows ("WSJ"/"The Wall Street
Journal"), and a surname standing for a full name introduced elsewhere ("Tanabe" -> "Mei Tanabe",
family-name-first "Park" -> "Park Ji-won") when only one full name fits. Near-misses such as
"Vaker"/"Baker" are deliberately left apart: deciding that one is a garble of the other needs the
evidence weighed in analysis.names, which flags it for a human instead of silently merging.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from analysis.gazetteer import Gazetteer, GazetteerEntry, lookup_key
from analysis.model import Entity, EntityKind, Mention
from analysis.translit import normalise_name

__all__ = ["entity_index", "group_entities", "name_key", "surname_keys"]

# Family names usually written first (Korean, Chinese, Vietnamese romanisations), so that "Park"
# can stand for "Park Ji-won" and "Lu" for "Lu Weiming". From general knowledge.
_FAMILY_FIRST = frozenset(
    """kim lee yi rhee park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im
    han oh seo suh shin sin kwon hwang ahn an song yoo yu ryu hong jeon chun ko moon mun yang son
    bae baek paik heo huh nam noh roh ha kwak sung seong cha joo ju woo min na jin ji yeo chey koo
    gu wang li zhang liu chen huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang
    xie tang cao deng feng ren xi lei meng wei peng xiao tian dong pan yuan cai jiang du ye cheng
    su lu ding shen yao fan qian fu zou xiong jin hao kong bai cui kang mao qiu qin gu hou shao
    nguyen tran le pham hoang phan vu vo dang bui do ho ngo duong ly""".split()  # noqa: SIM905
)
_SUFFIXES = ("'s", "’s", "'", "’")


def name_key(name: str) -> str:
    """Spelling-insensitive key: case, accents, punctuation, spaces, legal suffixes, possessive."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    return lookup_key(name)


def surname_keys(name: str) -> set[str]:
    """Keys under which a bare surname can refer to this full name (last word, or the first word
    of a family-name-first name such as "Park Ji-won" or "Xi Jinping")."""
    words = name.split()
    if len(words) < 2:
        return set()
    keys = {name_key(words[-1])}
    first = normalise_name(words[0])
    if "-" in words[1] or first in _FAMILY_FIRST:
        keys.add(name_key(words[0]))
    return keys


@dataclass
class _Group:
    key: str
    mentions: list[tuple[int, Mention]] = field(default_factory=list)
    entry: GazetteerEntry | None = None

    @property
    def multiword(self) -> bool:
        return any(len(m.name.split()) > 1 for _, m in self.mentions)

    def kind(self) -> EntityKind:
        if self.entry is not None:
            return self.entry.kind
        counts = Counter(m.kind for _, m in self.mentions)
        order: tuple[EntityKind, ...] = ("person", "org", "place")
        return max(order, key=lambda k: (counts[k], -order.index(k)))


def _link(gazetteer: Gazetteer | None, name: str) -> GazetteerEntry | None:
    """The gazetteer entry for `name` if exactly one entry has that spelling."""
    if gazetteer is None:
        return None
    found = {e.id: e for e in gazetteer.lookup_all(name)}
    return next(iter(found.values())) if len(found) == 1 else None


def _merge(groups: Iterable[_Group]) -> list[_Group]:
    """Fold groups that link to the same gazetteer entry."""
    out: list[_Group] = []
    by_entry: dict[str, _Group] = {}
    for group in groups:
        if group.entry is None:
            out.append(group)
        elif group.entry.id in by_entry:
            by_entry[group.entry.id].mentions.extend(group.mentions)
        else:
            by_entry[group.entry.id] = group
            out.append(group)
    return out


def _join_surnames(groups: list[_Group]) -> list[_Group]:
    """Attach one-word person groups to the single full name they can stand for, preferring a
    full name in the same article, then a unique one in the corpus."""
    full = [g for g in groups if g.kind() == "person" and g.multiword]
    index: dict[str, list[_Group]] = defaultdict(list)
    for group in full:
        keys = set().union(*(surname_keys(m.name) for _, m in group.mentions))
        for key in keys:
            index[key].append(group)
    kept: list[_Group] = []
    for group in groups:
        candidates = index.get(group.key, [])
        if group.multiword or group.kind() != "person" or not candidates:
            kept.append(group)
            continue
        if len(candidates) == 1:
            candidates[0].mentions.extend(group.mentions)
            continue
        rest = _Group(group.key, entry=group.entry)
        for article_id, mention in group.mentions:
            local = [c for c in candidates if any(a == article_id for a, _ in c.mentions)]
            if len(local) == 1:
                local[0].mentions.append((article_id, mention))
            else:
                rest.mentions.append((article_id, mention))
        if rest.mentions:
            kept.append(rest)
    return kept


def _join_org_short_forms(groups: list[_Group]) -> list[_Group]:
    """A one-word name that is the first word of the one organisation an article names in full
    is that organisation's short form ("Hwaseon" after "Hwaseon Energy Solutions", "Tallis" after
    "Tallis Motors"), whatever kind its own sentence suggested. Only within one article: a
    "Morgan" elsewhere may be a person."""
    orgs: dict[tuple[int, str], list[_Group]] = defaultdict(list)
    for group in groups:
        if group.kind() != "org" or not group.multiword:
            continue
        firsts = {(a, name_key(m.name.split()[0])) for a, m in group.mentions if " " in m.name}
        for key in firsts:
            orgs[key].append(group)
    if not orgs:
        return groups
    kept: list[_Group] = []
    for group in groups:
        if group.multiword or group.entry is not None:
            kept.append(group)
            continue
        rest = _Group(group.key)
        for article_id, mention in group.mentions:
            owners = orgs.get((article_id, group.key), [])
            if len(owners) == 1:
                owners[0].mentions.append((article_id, replace(mention, kind="org")))
            else:
                rest.mentions.append((article_id, mention))
        if rest.mentions:
            kept.append(rest)
    return kept


def _link_surnames(groups: list[_Group], gazetteer: Gazetteer | None) -> None:
    """A lone surname with no full name in the corpus links to the gazetteer person who is the
    only one with that surname ("Baker" -> Tom Baker)."""
    if gazetteer is None:
        return
    for group in groups:
        if group.entry is not None or group.multiword or group.kind() != "person":
            continue
        people = {e.id: e for e in gazetteer.by_surname(group.key) if e.kind == "person"}
        if len(people) == 1:
            group.entry = next(iter(people.values()))


def _canonical(group: _Group, sources: Mapping[int, str] | None) -> str:
    """Gazetteer name first; otherwise the spelling used by most sources (one outlet's five
    articles are one voice), then articles, then mentions, preferring full names and mixed case
    over ALL CAPS. Without `sources` each article counts as its own source."""
    if group.entry is not None:
        return group.entry.name
    articles: dict[str, set[int]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for article_id, mention in group.mentions:
        articles[mention.name].add(article_id)
        counts[mention.name] += 1

    def voices(spelling: str) -> int:
        if sources is None:
            return len(articles[spelling])
        return len({sources.get(a, f"#{a}") for a in articles[spelling]})

    return min(
        counts,
        key=lambda s: (
            -len(s.split()),
            -voices(s),
            -len(articles[s]),
            -counts[s],
            s.isupper() and len(s) > 4,
            s,
        ),
    )


def group_entities(
    mentions: dict[int, list[Mention]],
    gazetteer: Gazetteer | None = None,
    sources: Mapping[int, str] | None = None,
) -> list[Entity]:
    """Entities over all articles (keys of `mentions` are article ids), most-mentioned first.

    `sources` maps article id to outlet, so that a canonical spelling is the one most outlets
    use; an article missing from it counts as an outlet of its own."""
    by_key: dict[str, _Group] = {}
    for article_id in sorted(mentions):
        for mention in mentions[article_id]:
            key = name_key(mention.name)
            if not key:
                continue
            group = by_key.setdefault(key, _Group(key))
            group.mentions.append((article_id, mention))
    groups = list(by_key.values())
    for group in groups:
        spellings = Counter(m.name for _, m in group.mentions)
        group.entry = _link(gazetteer, spellings.most_common(1)[0][0])
    groups = _join_org_short_forms(_join_surnames(_merge(groups)))
    _link_surnames(groups, gazetteer)
    groups = _merge(groups)
    entities = []
    for group in groups:
        spellings = Counter(m.name for _, m in group.mentions)
        members = sorted({(a, m.start, m.end) for a, m in group.mentions})
        entities.append(
            Entity(
                canonical=_canonical(group, sources),
                kind=group.kind(),
                spellings=dict(sorted(spellings.items(), key=lambda t: (-t[1], t[0]))),
                members=tuple(members),
                gazetteer_id=group.entry.id if group.entry else None,
            )
        )
    entities.sort(key=lambda e: (-len(e.members), e.canonical))
    return entities


def entity_index(entities: Iterable[Entity]) -> dict[tuple[int, int, int], Entity]:
    """(article_id, start, end) of each mention -> its entity."""
    return {member: entity for entity in entities for member in entity.members}
