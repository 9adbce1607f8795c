"""People, organisations and places found by analysis.mentions."""

from __future__ import annotations

import gc
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.mentions import country_of, extract_mentions
from analysis.model import Mention
from analysis.segment import split_sentences


def _mentions(text: str) -> list[Mention]:
    return extract_mentions(text, split_sentences(text, classify=False))


def _names(text: str, kind: str) -> list[str]:
    return [m.name for m in _mentions(text) if m.kind == kind]


def test_titles_are_not_part_of_the_name() -> None:
    text = (
        "Boeing CEO Priya Nandakumar met President Tomas Reyk, Commerce Secretary Ilse Varga and "
        "Sen. Marcus Bellweather. Later Mr. Reyk thanked Dr. Hana Kobel."
    )
    people = [m for m in _mentions(text) if m.kind == "person"]
    assert [m.name for m in people] == [
        "Priya Nandakumar",
        "Tomas Reyk",
        "Ilse Varga",
        "Marcus Bellweather",
        "Reyk",
        "Hana Kobel",
    ]
    assert all(m.text == m.name == text[m.start : m.end] for m in people)
    assert "Boeing" in _names(text, "org")


def test_a_title_alone_names_nobody() -> None:
    text = "The chief executive spoke at talks that the Secretary of Agriculture had set up."
    assert _names(text, "person") == []


def test_possessives_are_stripped() -> None:
    text = "Minister Osei's plan failed. Governor Reyk's veto came after Osei’s speech."
    people = [m for m in _mentions(text) if m.kind == "person"]
    assert [m.name for m in people] == ["Osei", "Reyk", "Osei"]
    assert all(not m.text.endswith(("'s", "’s")) for m in people)


def test_sentence_initial_words_and_names() -> None:
    text = (
        "CEO Varga met bankers. Soon afterwards, Varga pushed for tariffs. Released in March, "
        "the app spread. However, Kobel objected, said Hana Kobel. Witnesses said nothing."
    )
    assert _names(text, "person") == ["Varga", "Varga", "Kobel", "Hana Kobel"]


def test_acronyms_are_organisations_or_places() -> None:
    text = "According to IBM, CSX and KKR plan to open a factory in the UAE."
    mentions = _mentions(text)
    assert {m.name: m.kind for m in mentions} == {
        "IBM": "org",
        "CSX": "org",
        "KKR": "org",
        "UAE": "place",
    }


def test_multi_word_names_are_joined() -> None:
    text = (
        "She spoke before the Senate Armed Services Committee and later met staff of the Federal "
        "Office of Science and Education Policy at Vel-de-Mar, Florida. Neither the Bank of "
        "England nor The Washington Post came; the Rivers and Lakes Forum did."
    )
    kinds = {m.name: m.kind for m in _mentions(text)}
    assert kinds == {
        "Senate Armed Services Committee": "org",
        "Federal Office of Science and Education Policy": "org",
        "Vel-de-Mar": "place",
        "Florida": "place",
        "Bank of England": "org",
        "Washington Post": "org",
        "Rivers and Lakes Forum": "org",
    }


def test_korean_and_chinese_names_stay_whole() -> None:
    text = (
        "Trade Minister Han Seo-yeon joined Lee Do-hyun in Busan, where Zhou Minghui of the China "
        "Chamber of International Commerce greeted them."
    )
    assert _names(text, "person") == ["Han Seo-yeon", "Lee Do-hyun", "Zhou Minghui"]
    assert _names(text, "place") == ["Busan"]
    assert _names(text, "org") == ["China Chamber of International Commerce"]


def test_products_demonyms_and_common_acronyms_are_not_people() -> None:
    text = (
        "CEO Varga claimed that U.S.-made drones outfly the X9, the Q7 and ROS. Korean engineers "
        "like AI. Tier 2 buyers order the SkyFrame 512. To keep Uncle Sam happy they joined "
        "Lunar New Year festivities."
    )
    kinds = [(m.name, m.kind) for m in _mentions(text)]
    assert kinds == [("Varga", "person")]
    assert country_of("Chinese") == "China"
    assert country_of("U.S.") == "United States"
    assert country_of("Atlantis") is None


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("The studio was started by film pioneer Oskar Lindqvist.", "Oskar Lindqvist"),
        ("Twice he met Amara Osei, the chief trade advisor.", "Amara Osei"),
        ("The plan came from Zorblat Quenn, who oversees policy.", "Zorblat Quenn"),
        ("Plans drafted by the Varga administration stalled.", "Varga"),
        ("The shot killed Zurana Horton, 34, on a school run.", "Zurana Horton"),
        ("It fell to his wife, Laci, to answer.", "Laci"),
    ],
)
def test_context_cues_name_people(text: str, person: str) -> None:
    assert _names(text, "person") == [person]


def test_unexplained_capitalised_words_are_dropped() -> None:
    text = "The Stargate Project used Quantum Diffusion under the Open Skies rule."
    assert _mentions(text) == []
    # "X said" alone is no evidence: in news it is as often a company as a person
    assert _mentions("Exports rose, Novartis said. Tods Murray told the paper so.") == []


def test_headlines_keep_only_vouched_names() -> None:
    text = (
        "Boeing Chairman Meets With Reyk And Wins Backing To Restart Jet Sales In Brazil"
        "\n\nOn Friday, Boeing said Governor Reyk approved the sales."
    )
    first_line = len(text.split("\n")[0])
    headline = [(m.name, m.kind) for m in _mentions(text) if m.start < first_line]
    assert headline == [("Boeing", "org"), ("Reyk", "person"), ("Brazil", "place")]


def test_no_sentences_reads_the_whole_text() -> None:
    text = "Governor Reyk met Priya Nandakumar."
    assert [m.name for m in extract_mentions(text, [])] == ["Reyk", "Priya Nandakumar"]
    assert all(m.sentence_idx == 0 for m in extract_mentions(text, []))


_FIRST = ["Priya", "Tomas", "Hana", "Maria", "Oskar", "Elena"]
_LAST = ["Nandakumar", "Reyk", "Kobel", "Osei", "Lindqvist", "Kowalczyk"]
_TITLES = ["", "CEO ", "President ", "Mr. ", "Sen. ", "Commerce Secretary ", "Dr. "]
_TITLE_WORDS = {"CEO", "President", "Mr.", "Sen.", "Commerce", "Secretary", "Dr."}


@st.composite
def _sentences(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        first = draw(st.sampled_from(["", *_FIRST]))
        name = f"{first} {draw(st.sampled_from(_LAST))}".strip()
        title = draw(st.sampled_from(_TITLES[1:] if not first else _TITLES))  # a cue: title or name
        poss = draw(st.sampled_from(["", "'s", "’s"]))
        lead = draw(st.sampled_from(["", "Later, ", "However, ", "The report said "]))
        parts.append(f"{lead}{title}{name}{poss} spoke about the plan in Washington.")
    return draw(st.sampled_from([" ", "\n", "\n\n"])).join(parts)


@settings(max_examples=60, deadline=None)
@given(_sentences())
def test_offsets_slice_back_and_names_carry_no_titles(text: str) -> None:
    mentions = _mentions(text)
    people = [m for m in mentions if m.kind == "person"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.name == re.sub(r"\s+", " ", m.text)
    for m in people:
        assert not set(m.name.split()) & _TITLE_WORDS
        assert not m.name.endswith(("'s", "’s"))
        assert m.name.split()[-1] in _LAST
    assert len(people) == text.count("spoke")


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120))
def test_any_text_gives_well_formed_mentions(text: str) -> None:
    for m in extract_mentions(text, []):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.kind in ("person", "org", "place")


# Hand-labelled people in the five real articles: every occurrence of these surnames in the text
# names that person (checked by reading each one), so each occurrence is one person mention.
GOLD_PEOPLE = {
    "000": (
        {"Huang": 18, "Trump": 16, "Sachs": 4, "Krishnan": 1, "Biden": 1},
        {
            "Jensen Huang",
            "Huang",
            "Donald Trump",
            "Trump",
            "David Sachs",
            "Sachs",
            "Sriram Krishnan",
            "Biden",
        },
    ),
    "001": (
        {"Huang": 7, "Trump": 5, "Buffett": 1, "Brin": 1},
        {"Jensen Huang", "Huang", "Donald Trump", "Trump", "Warren Buffett", "Sergey Brin"},
    ),
    "002": ({"Huang": 1, "Trump": 7, "Viden": 1}, {"Jensen Huang", "Trump", "Joe Viden"}),
    "003": (
        {"Huang": 7, "Trump": 2, "Hongbin": 1},
        {"Jensen Huang", "Huang", "Donald Trump", "Trump", "Ren Hongbin"},
    ),
    "004": ({"Huang": 6, "Trump": 4, "Biden": 1}, {"Jensen Huang", "Huang", "Trump", "Biden"}),
}


def _article(h20_dir: Path, prefix: str) -> str:
    (path,) = h20_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_person_precision_and_recall_on_the_real_articles(h20_dir: Path) -> None:
    tp = fp = fn = 0
    name_tp = name_fp = name_fn = 0
    for prefix, (surnames, names) in GOLD_PEOPLE.items():
        text = _article(h20_dir, prefix)
        people = [m for m in _mentions(text) if m.kind == "person"]
        gold = [g.span() for s in surnames for g in re.finditer(rf"\b{s}\b", text)]
        assert len(gold) == sum(surnames.values())  # the labels still fit the file
        hits = [any(m.start <= a and b <= m.end for a, b in gold) for m in people]
        found = sum(any(m.start <= a and b <= m.end for m in people) for a, b in gold)
        tp, fp, fn = tp + found, fp + hits.count(False), fn + len(gold) - found
        predicted = {m.name for m in people}
        name_tp += len(predicted & names)
        name_fp += len(predicted - names)
        name_fn += len(names - predicted)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95, (tp, fp, fn)
    assert name_tp / (name_tp + name_fp) >= 0.95, (name_tp, name_fp)
    assert name_tp / (name_tp + name_fn) >= 0.9, (name_tp, name_fn)


def test_organisations_and_places_on_the_real_articles(h20_dir: Path) -> None:
    kinds = {(m.name, m.kind) for m in _mentions(_article(h20_dir, "000"))}
    assert {
        ("New York Times", "org"),
        ("NYT", "org"),
        ("House Foreign Affairs Committee", "org"),
        ("Mar-a-Lago", "place"),
        ("UAE", "place"),
        ("Middle East", "place"),
        ("Silicon Valley", "place"),
    } <= kinds
    names = {m.name for m in _mentions(_article(h20_dir, "002"))}
    assert {"Oracle", "Microsoft", "TSMC"} <= names
    assert not names & {"AI", "H20", "R1", "Tier", "Chips", "US -based"}


def test_no_reference_to_the_article_is_kept() -> None:
    """Extraction runs over every article of a corpus in one process: nothing of an article may
    stay alive once its mentions are returned (a memo keyed by the article text once held every
    article's text and tokens, ~80 KB an article, for the life of the process)."""
    text = "".join(
        ["Mayor Ilse Varga opened the Tarrow Bridge on Monday. ", "Crews from Ostvik Rail helped."]
    )  # built at run time: a literal would be shared with the code object
    spans = split_sentences(text, classify=False)
    before = sys.getrefcount(text)
    found = extract_mentions(text, spans)
    assert {m.name for m in found} >= {"Ilse Varga", "Tarrow Bridge"}
    del found
    gc.collect()
    assert sys.getrefcount(text) == before
