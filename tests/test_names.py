"""name_variant and unverified_name detection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import zipf_frequency

from analysis.entities import group_entities
from analysis.gazetteer import Gazetteer, load_default
from analysis.model import ArticleText, EntityKind, FlagDraft, Mention
from analysis.names import detect_name_variants


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_default()


def article(
    article_id: int, source: str, text: str, names: dict[str, EntityKind], translated: bool = False
) -> tuple[ArticleText, list[Mention]]:
    """An article and hand-made mentions of `names` wherever they occur (longest first)."""
    mentions: list[Mention] = []
    for name, kind in sorted(names.items(), key=lambda t: -len(t[0])):
        for match in re.finditer(re.escape(name), text):
            if not any(m.start < match.end() and match.start() < m.end for m in mentions):
                mentions.append(Mention(0, match.start(), match.end(), name, name, kind))
    mentions.sort(key=lambda m: m.start)
    return ArticleText(article_id, source, text, translated=translated), mentions


def detect(items: list[tuple[ArticleText, list[Mention]]], gazetteer: Gazetteer) -> list[FlagDraft]:
    articles = [a for a, _ in items]
    mentions = {a.article_id: m for a, m in items}
    return detect_name_variants(articles, mentions, group_entities(mentions, gazetteer), gazetteer)


def baldwin_corpus(translated: bool) -> list[tuple[ArticleText, list[Mention]]]:
    """A bundled senator garbled B -> V in one article, written right by two other outlets."""
    return [
        article(
            1,
            "Daily A",
            "In January Senator Tammy Valdwin issued rules that still apply.",
            {"Tammy Valdwin": "person"},
            translated=translated,
        ),
        article(2, "Paper B", "The Baldwin office wrote the rules.", {"Baldwin": "person"}),
        article(3, "Paper C", "Staff from the Baldwin campaign disagree.", {"Baldwin": "person"}),
    ]


def test_valdwin_is_flagged_as_baldwin(gazetteer: Gazetteer) -> None:
    [flag] = detect(baldwin_corpus(translated=True), gazetteer)
    assert flag.kind == "name_variant"
    assert flag.side.quote == "Tammy Valdwin" and flag.side.article_id == 1
    assert flag.suggestion == "Tammy Baldwin"
    assert flag.evidence["edit_operations"] == ["V→B"]
    assert flag.evidence["other_spellings"]["Baldwin"]["sources"] == ["Paper B", "Paper C"]
    assert flag.evidence["gazetteer"]["name"] == "Tammy Baldwin"
    assert flag.confidence >= 0.8
    assert flag.explanation.startswith(
        'Probably "Tammy Baldwin": "Valdwin" appears only in one machine'
    )
    assert "2 other sources" in flag.explanation and "B and V" in flag.explanation


def test_valdwin_is_flagged_without_translation_marker_or_gazetteer(gazetteer: Gazetteer) -> None:
    """An unknown word whose close neighbour two other sources use is a garble signal alone."""
    [flag] = detect(baldwin_corpus(translated=False), gazetteer)
    assert flag.suggestion == "Tammy Baldwin"
    [bare] = detect(baldwin_corpus(translated=True), Gazetteer([]))
    assert bare.suggestion == "Tammy Baldwin" and bare.evidence["gazetteer"] is None
    assert bare.confidence < flag.confidence + 0.15


def test_unknown_spelling_with_a_single_plain_neighbour_is_not_flagged() -> None:
    items = [
        article(1, "A", "Olek Brzenski spoke.", {"Olek Brzenski": "person"}),
        article(2, "B", "Olek Brzinski spoke.", {"Olek Brzinski": "person"}),
    ]
    assert detect(items, Gazetteer([])) == []


KANTWELL = (
    "Maria Kantwell, the Democratic senator from Washington, praised the move. Farm groups "
    "then met Kantwell."
)
KANTWELL_NAMES: dict[str, EntityKind] = {"Maria Kantwell": "person", "Kantwell": "person"}


def test_a_garbled_legislator_in_a_translated_article_is_flagged(gazetteer: Gazetteer) -> None:
    """A bundled entry (a serving senator, from the open congress list) a letter away."""
    items = [article(1, "Daily A", KANTWELL, KANTWELL_NAMES, True)]
    [flag] = detect(items, gazetteer)
    assert flag.kind == "name_variant" and flag.detector == "translit-gazetteer"
    assert (flag.side.quote, flag.side.start) == ("Maria Kantwell", 0)
    assert flag.suggestion == "Maria Cantwell"
    assert {"democrat", "senator", "washington"} <= set(flag.evidence["context_words"])
    assert len(flag.evidence["occurrences"]) == 2
    assert flag.confidence >= 0.75


def test_a_garbled_name_without_context_is_a_weaker_flag(gazetteer: Gazetteer) -> None:
    text = "Maria Kantwell scored twice in the second half."
    [flag] = detect([article(1, "A", text, {"Maria Kantwell": "person"}, True)], gazetteer)
    assert flag.suggestion == "Maria Cantwell" and flag.confidence < 0.5
    assert "Nothing around the name confirms" in flag.explanation


def test_a_garbled_name_in_an_ordinary_article_is_not_flagged(gazetteer: Gazetteer) -> None:
    items = [article(1, "A", KANTWELL, KANTWELL_NAMES)]
    assert detect(items, gazetteer) == []


def test_two_well_attested_names_are_different_people(gazetteer: Gazetteer) -> None:
    cases: list[tuple[int, str, str, dict[str, EntityKind]]] = [
        (1, "A", "Ann Lindqvist wrote.", {"Ann Lindqvist": "person"}),
        (2, "B", "Ann Lindqvist said.", {"Ann Lindqvist": "person"}),
        (3, "C", "Bo Lindquist wrote.", {"Bo Lindquist": "person"}),
        (4, "D", "Bo Lindquist said.", {"Bo Lindquist": "person"}),
        (5, "E", "Kim Min-seok and Kim Min-sook met.", {"Kim Min-seok": "person"}),
        (6, "F", "Kim Min-sook spoke.", {"Kim Min-sook": "person"}),
    ]
    items = [article(*case) for case in cases]
    assert detect(items, gazetteer) == []


def test_ordinary_variation_is_not_flagged(gazetteer: Gazetteer) -> None:
    names: dict[str, EntityKind] = {
        "KORVANT": "org",
        "Korvant": "org",
        "Elsbeth Marrow": "person",
        "Marrow": "person",
        "Port-Au-Lune": "place",
        "Port-au-Lune": "place",
    }
    items = [
        article(1, "A", "KORVANT CEO Elsbeth Marrow flew to Port-Au-Lune. Marrow smiled.", names,
                True),
        article(2, "B", "Korvant boss Elsbeth Marrow was at Port-au-Lune. Marrow's pumps sell.",
                names),
        article(3, "C", "Marrow of Korvant spoke.", names),
    ]  # fmt: skip
    assert detect(items, gazetteer) == []


def brandt_corpus(
    first: str, translated: bool, right: str = "Felix"
) -> list[tuple[ArticleText, list[Mention]]]:
    """`first` Brandt in one article of outlet A, `right` Brandt in three other outlets."""
    wrong, name = f"{first} Brandt", f"{right} Brandt"
    return [
        article(1, "A", f"The mayor, {wrong}, signed the deal.", {wrong: "person"}, translated),
        article(2, "B", f"{name} signed it on Monday.", {name: "person"}),
        article(3, "C", f"Mayor {name} spoke.", {name: "person"}),
        article(4, "D", f"{name}'s office agreed.", {name: "person"}),
    ]


def test_garbled_given_name_with_the_same_surname_is_a_variant(gazetteer: Gazetteer) -> None:
    flags = detect(brandt_corpus("Pelix", translated=True), gazetteer)
    [flag] = flags  # and no unverified_name on the same span
    assert flag.kind == "name_variant" and flag.detector == "translit-given-name"
    assert (flag.side.article_id, flag.side.quote) == (1, "Pelix Brandt")
    assert flag.suggestion == "Felix Brandt"
    assert flag.evidence["edit_operations"] == ["P→F"]
    assert "P→F" in flag.explanation and "3 other sources" in flag.explanation
    assert flag.confidence >= 0.7


def test_flag_sits_on_the_first_place_the_article_writes_the_name(gazetteer: Gazetteer) -> None:
    """A photo caption that extraction skipped still comes first, and is fixed with the rest."""
    items = brandt_corpus("Pelix", translated=True)
    caption = "Pelix Brandt (left) at the signing. Photo: city hall\n\n"
    text = caption + items[0][0].text
    [body] = items[0][1]
    moved = Mention(1, body.start + len(caption), body.end + len(caption), body.text, body.name,
                    "person")  # fmt: skip
    items[0] = (ArticleText(1, "A", text, translated=True), [moved])
    [flag] = detect(items, gazetteer)
    assert (flag.side.start, flag.side.quote, flag.side.sentence_idx) == (0, "Pelix Brandt", 0)
    assert flag.evidence["occurrences"] == [[0, 12], [moved.start, moved.end]]


def test_garbled_given_name_needs_the_evidence(gazetteer: Gazetteer) -> None:
    # In an ordinary article an unknown given name still stands out against three outlets.
    [plain] = detect(brandt_corpus("Pelix", translated=False), gazetteer)
    assert plain.suggestion == "Felix Brandt"
    assert plain.confidence < detect(brandt_corpus("Pelix", True), gazetteer)[0].confidence
    # Karl/Carl, Lina/Lena and Albin/Alvin (rare in English, but on the first-name list) are
    # given names of their own; Elix/Felix drops the first letter: a different name.
    for first, right in (("Karl", "Carl"), ("Lina", "Lena"), ("Albin", "Alvin"), ("Elix", "Felix")):
        flags = detect(brandt_corpus(first, translated=True, right=right), gazetteer)
        assert [f for f in flags if f.kind == "name_variant"] == [], first
    # The same corpus with a garble instead does flag (the cases above are not vacuous).
    [flag] = detect(brandt_corpus("Alpin", translated=True, right="Alvin"), gazetteer)
    assert flag.suggestion == "Alvin Brandt"
    # Two machine-translated outlets that disagree: nothing says which one is right.
    items = brandt_corpus("Pelix", translated=True)[:2]
    items[1] = article(2, "B", "Felix Brandt signed.", {"Felix Brandt": "person"}, True)
    assert [f for f in detect(items, gazetteer) if f.kind == "name_variant"] == []


def test_two_people_sharing_a_surname_are_not_flagged(gazetteer: Gazetteer) -> None:
    """Anna and Hanna Berg, each named by several ordinary outlets, are two people."""
    texts = ["Anna Berg and Hanna Berg met.", "Anna Berg spoke.", "Hanna Berg spoke.",
             "Hanna Berg left.", "Anna Berg left."]  # fmt: skip
    names: dict[str, EntityKind] = {"Anna Berg": "person", "Hanna Berg": "person"}
    items = [article(n, f"S{n}", t, names) for n, t in enumerate(texts)]
    assert detect(items, gazetteer) == []
    items = [article(n, f"S{n}", t, names, translated=n == 2) for n, t in enumerate(texts)]
    assert detect(items, gazetteer) == []
    # One cheap edit apart and neither on the first-name list, but each named by two or more
    # outlets: still two people, even when one of those articles is machine-translated.
    texts = ["Mirela Voss spoke.", "Mirela Voss left.", "Mirella Voss spoke.",
             "Mirella Voss left.", "Mirella Voss won."]  # fmt: skip
    names = {"Mirela Voss": "person", "Mirella Voss": "person"}
    items = [article(n, f"S{n}", t, names, translated=n == 0) for n, t in enumerate(texts)]
    assert [f for f in detect(items, gazetteer) if f.kind == "name_variant"] == []


def test_given_name_first_order_is_not_a_variant(gazetteer: Gazetteer) -> None:
    names: dict[str, EntityKind] = {"Seo Min-jun": "person", "Min-jun Seo": "person"}
    items = [
        article(1, "A", "Seo Min-jun spoke.", names),
        article(2, "B", "Seo Min-jun agreed.", names),
        article(3, "C", "Min-jun Seo, the engineer, spoke.", names, translated=True),
    ]
    assert [f for f in detect(items, gazetteer) if f.kind == "name_variant"] == []


def copperleaf_corpus(form: str, translated: bool) -> list[tuple[ArticleText, list[Mention]]]:
    items = [
        article(n, f"S{n}", f"CopperLeaf will build the plant, {n} said.", {"CopperLeaf": "org"})
        for n in (1, 2, 3)
    ]
    text = f"The venture 「{form}」 will hire 900 people. {form} declined to comment."
    items.append(article(4, "T", text, {}, translated))
    return items


def test_lost_inner_capital_in_translated_article_is_a_variant(gazetteer: Gazetteer) -> None:
    [flag] = detect(copperleaf_corpus("Copperleaf", translated=True), gazetteer)
    assert flag.kind == "name_variant" and flag.detector == "casing-lost"
    assert (flag.side.article_id, flag.side.quote) == (4, "Copperleaf")
    assert flag.suggestion == "CopperLeaf"
    assert flag.evidence["edit_operations"] == ["l→L"] and len(flag.evidence["occurrences"]) == 2
    assert 0.5 <= flag.confidence <= 0.7
    assert "3 other sources" in flag.explanation


@pytest.mark.parametrize(
    ("form", "translated"),
    [
        ("COPPERLEAF", True),  # all-caps house style
        ("Copperleaf", False),  # an ordinary article's own style
        ("CopperLeaf", True),  # right already
        ("Copper-leaf", True),  # not a case variant
    ],
)
def test_house_styles_and_ordinary_casing_are_not_flagged(
    gazetteer: Gazetteer, form: str, translated: bool
) -> None:
    assert detect(copperleaf_corpus(form, translated), gazetteer) == []


def test_casing_needs_a_camel_case_name_in_several_sources(gazetteer: Gazetteer) -> None:
    """ "Kestrel"/"KESTREL" has no inner capital; one outlet's "CopperLeaf" is no majority."""
    names: dict[str, EntityKind] = {"KESTREL": "org", "Kestrel": "org", "CopperLeaf": "org"}
    items = [
        article(1, "A", "KESTREL and CopperLeaf signed.", names),
        article(2, "B", "KESTREL signed.", names),
        article(3, "T", "Kestrel and Copperleaf signed.", names, translated=True),
    ]
    assert detect(items, gazetteer) == []


def test_unverified_name_in_translated_article(gazetteer: Gazetteer) -> None:
    text = "Marai Kantvel, a trade official, joined Choi Yeon-hee at the talks."
    names: dict[str, EntityKind] = {"Marai Kantvel": "person", "Choi Yeon-hee": "person"}
    flags = detect([article(1, "A", text, names, translated=True)], gazetteer)
    # "Choi Yeon-hee" is a well-formed Korean name near no known one: not suspect for being
    # unknown; "Marai Kantvel" is too far from any entry to be its variant, and no convention's
    assert [(f.kind, f.side.quote) for f in flags] == [("unverified_name", "Marai Kantvel")]
    kantvel = flags[0]
    assert kantvel.suggestion is None
    assert kantvel.evidence["nearest_gazetteer"][0]["name"] == "Maria Cantwell"
    assert '"Maria Cantwell"' in kantvel.explanation
    assert all(f.confidence <= 0.3 for f in flags)
    assert detect([article(1, "A", text, names, translated=False)], gazetteer) == []


def test_a_name_no_convention_produces_is_unverified_a_well_formed_one_is_not(
    gazetteer: Gazetteer,
) -> None:
    names: dict[str, EntityKind] = {"Choi Yeon-hee": "person", "Dravko Qzentil": "person"}
    text = "Dravko Qzentil, a trade official, joined Choi Yeon-hee at the talks."
    flags = detect([article(1, "A", text, names, translated=True)], gazetteer)
    assert [(f.kind, f.side.quote) for f in flags] == [("unverified_name", "Dravko Qzentil")]


def test_longer_form_of_a_name_another_outlet_uses_is_not_unverified(
    gazetteer: Gazetteer,
) -> None:
    """ "Mehmet Kemal Yurtsever" in a translated article, "Kemal Yurtsever" in a native one: the
    spelling is corroborated; a different first word on the same surname is not."""
    full = {"Mehmet Kemal Yurtsever": "person"}
    short = {"Kemal Yurtsever": "person"}
    items = [
        article(1, "A", "Mehmet Kemal Yurtsever spoke at the site.", full, translated=True),
        article(2, "B", "Kemal Yurtsever spoke at the site.", short),
    ]
    assert [f for f in detect(items, gazetteer) if f.kind == "unverified_name"] == []
    odd = {"Bayan Yurtsever": "person"}
    items[0] = article(1, "A", "Bayan Yurtsever spoke at the site.", odd, translated=True)
    flagged = [f.side.quote for f in detect(items, gazetteer) if f.kind == "unverified_name"]
    assert flagged == ["Bayan Yurtsever"]


def test_known_names_in_translated_articles_are_not_flagged(gazetteer: Gazetteer) -> None:
    text = "Maria Cantwell met Tammy Baldwin and Nancy Mace."
    names: dict[str, EntityKind] = {
        "Maria Cantwell": "person",
        "Tammy Baldwin": "person",
        "Nancy Mace": "person",
    }
    assert detect([article(1, "A", text, names, translated=True)], gazetteer) == []


@pytest.mark.parametrize(
    ("texts", "names"),
    [
        (  # a different person who shares a similar surname, not a garble
            ["Bruno Willems spoke.", "Serena Williams won.", "Venus Williams lost. Williams wept."],
            {"Bruno Willems": "person", "Serena Williams": "person", "Venus Williams": "person",
             "Williams": "person"},
        ),
        (  # a prefix is not a transliteration
            ["Finian O'Sullivan said.", "Ed Sullivan said.", "Ed Sullivan left."],
            {"Finian O'Sullivan": "person", "Ed Sullivan": "person"},
        ),
        (  # acronyms and organisations are compared as organisations
            ["The IEA and the University of Lille.", "Eli Lilly and Yea.", "Eli Lilly and Yea."],
            {"IEA": "org", "University of Lille": "org", "Eli Lilly": "org", "Yea": "org"},
        ),
        (  # a person is not a garbled company
            ["Dina Mehta wrote.", "Meta Group said.", "Meta Group agreed."],
            {"Dina Mehta": "person", "Meta Group": "org"},
        ),
    ],
)  # fmt: skip
def test_look_alike_names_of_different_things_are_not_flagged(
    gazetteer: Gazetteer, texts: list[str], names: dict[str, EntityKind]
) -> None:
    items = [article(n, f"S{n}", t, names, translated=n == 0) for n, t in enumerate(texts)]
    assert [f for f in detect(items, gazetteer) if f.kind == "name_variant"] == []


@pytest.mark.parametrize("name", ["Tara Strong", "Joanna Hayes", "Tom Smith", "Jessy"])
def test_real_names_near_a_gazetteer_person_are_not_variants(
    gazetteer: Gazetteer, name: str
) -> None:
    """Tara/Dale Strong, Joanna/Jahana Hayes, Tom/Adam Smith, Jessy/Andy Jassy: a common name
    of its own, two edits, or a lone everyday word."""
    items = [article(1, "A", f"{name} spoke on Tuesday.", {name: "person"}, translated=True)]
    assert [f for f in detect(items, gazetteer) if f.kind == "name_variant"] == []


NAMES = st.sampled_from(
    ["Tammy Baldwin", "Baldwin", "Tammy Baldwim", "Dana Whitlock", "Whitlock", "Elsbeth Marrow",
     "Marrow", "PACCAR", "Paccar", "Kim Min-suk", "Park Ji-won", "Park", "Choi Yeon-hee", "Group",
     "Pelix Brandt", "Felix Brandt", "CopperLeaf", "Copperleaf"]
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(NAMES, min_size=1, max_size=4), st.booleans()), max_size=5))
def test_flags_always_point_at_their_quote(
    corpus: list[tuple[list[str], bool]],
) -> None:
    gazetteer = load_default()
    items = []
    for n, (names, translated) in enumerate(corpus):
        text = " met ".join(names) + " in freight and steel talks at the harbour office."
        kinds: dict[str, EntityKind] = {
            name: "person"
            if " " in name or name in ("Baldwin", "Whitlock", "Marrow", "Park")
            else "org"
            for name in names
        }
        items.append(article(n, f"S{n % 3}", text, kinds, translated))
    for flag in detect(items, gazetteer):
        text = items[flag.side.article_id][0].text
        assert text[flag.side.start : flag.side.end] == flag.side.quote
        assert 0.0 < flag.confidence <= 1.0
        assert flag.suggestion != flag.side.quote
        assert flag.explanation and "\n" not in flag.explanation


# --- the five real articles ------------------------------------------------------------------

TITLES = frozenset(
    [
        "ceo",
        "president",
        "mr",
        "mrs",
        "ms",
        "dr",
        "secretary",
        "senator",
        "minister",
        "chairman",
        "prime",
        "vice",
        "chief",
    ]
)
SENTENCE = re.compile(r"[^\n]+?(?:[.!?](?=\s)|$)", re.M)
RUN = re.compile(r"[A-Z][\w’'-]*(?: +[A-Z][\w’'-]*)*")


def regex_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Capitalised word runs, split at titles, without a sentence-initial common word; kind from
    the gazetteer, else person for two or more words, else org (fixed up in `corpus_mentions`)."""
    mentions = []
    for idx, sentence in enumerate(SENTENCE.finditer(text)):
        lead = sentence.start() + len(sentence.group()) - len(sentence.group().lstrip())
        for run in RUN.finditer(text, sentence.start(), sentence.end()):
            words = [(w.start(), w.group()) for w in re.finditer(r"\S+", run.group())]
            keep: list[list[tuple[int, str]]] = [[]]
            for offset, word in words:
                at = run.start() + offset
                bare = word.lower()
                common = at == lead and zipf_frequency(bare, "en") >= 4.5
                if bare in TITLES or (common and gazetteer.lookup(word) is None):
                    keep.append([])
                else:
                    keep[-1].append((at, word))
            for group in filter(None, keep):
                start, end = group[0][0], group[-1][0] + len(group[-1][1])
                span = text[start:end]
                name = re.sub(r"['’]s$", "", span)
                if any(c.isdigit() for c in name):
                    continue
                entry = gazetteer.lookup(name)
                kind: EntityKind = entry.kind if entry else "person" if " " in name else "org"
                mentions.append(Mention(idx, start, end, span, name, kind))
    return mentions


def corpus_mentions(articles: list[ArticleText], gazetteer: Gazetteer) -> dict[int, list[Mention]]:
    """Regex mentions; a lone word is a person when some full name in the corpus ends with it."""
    raw = {a.article_id: regex_mentions(a.text, gazetteer) for a in articles}
    surnames = {
        m.name.split()[-1]
        for ms in raw.values()
        for m in ms
        if m.kind == "person" and " " in m.name
    }
    return {
        k: [
            Mention(m.sentence_idx, m.start, m.end, m.text, m.name, "person")
            if m.name in surnames
            else m
            for m in ms
        ]
        for k, ms in raw.items()
    }


def real_articles(h20_dir: Path) -> list[ArticleText]:
    """000 carries a "translated by AI" note and 002 is plainly machine-translated (see
    FINDINGS); a reviewer imports both with --translated."""
    files = sorted(h20_dir.glob("*.txt"))
    return [
        ArticleText(n, path.stem, path.read_text(encoding="utf-8"), translated=n in (0, 2))
        for n, path in enumerate(files)
    ]


def check_real_corpus(flags: list[FlagDraft]) -> list[FlagDraft]:
    variants = [f for f in flags if f.kind == "name_variant"]
    found = {(f.side.article_id, f.side.quote, f.suggestion) for f in variants}
    # Viden is found by cross-outlet comparison (two other outlets write Biden); a misspelt
    # name no other outlet writes is found only if the bundled open lists hold it.
    assert (2, "Joe Viden", "Joe Biden") in found
    for flag in flags:
        assert not re.search(r"nvidia|huang|trump", flag.side.quote, re.I), flag
    return variants


def test_real_corpus_with_regex_mentions(h20_dir: Path, gazetteer: Gazetteer) -> None:
    articles = real_articles(h20_dir)
    mentions = corpus_mentions(articles, gazetteer)
    entities = group_entities(mentions, gazetteer)
    nvidia = next(e for e in entities if e.canonical == "Nvidia")
    assert {"NVIDIA", "Nvidia"} <= set(nvidia.spellings)
    huang = next(e for e in entities if e.canonical == "Jensen Huang")
    assert huang.spellings["Huang"] > 10
    flags = detect_name_variants(articles, mentions, entities, gazetteer)
    # One garble, no false name flag
    assert len(check_real_corpus(flags)) == 1


def test_real_corpus_with_the_project_extractor(h20_dir: Path, gazetteer: Gazetteer) -> None:
    mentions_module = pytest.importorskip("analysis.mentions")
    segment = pytest.importorskip("analysis.segment")
    articles = real_articles(h20_dir)
    mentions = {
        a.article_id: mentions_module.extract_mentions(a.text, segment.split_sentences(a.text))
        for a in articles
    }
    entities = group_entities(mentions, gazetteer)
    flags = detect_name_variants(articles, mentions, entities, gazetteer)
    assert len(check_real_corpus(flags)) == 1
    # Every other person is in the gazetteer or named by several sources.
    assert [f for f in flags if f.kind == "unverified_name"] == []


def test_name_variant_flag_always_carries_spelling_suggestion_and_edits() -> None:
    from analysis.model import FlagSide
    from analysis.names import name_variant_flag

    side = FlagSide(1, 0, 4, 11, "Valdwin")
    flag = name_variant_flag(
        "x", side, "Valdwin", "Baldwin", "  Probably\n Baldwin. ", 0.5, {"k": 1}
    )
    assert flag.kind == "name_variant" and flag.suggestion == "Baldwin"
    assert flag.explanation == "Probably Baldwin."
    assert flag.evidence["spelling"] == "Valdwin" and flag.evidence["suggested"] == "Baldwin"
    assert flag.evidence["edit_operations"] == ["V→B"] and flag.evidence["k"] == 1
    assert 0.8 < flag.evidence["similarity"] < 1.0
