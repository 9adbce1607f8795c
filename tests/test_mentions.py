"""People, organisations and places found by analysis.mentions."""

from __future__ import annotations

import re
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
        "NVIDIA CEO Jensen Huang met President Donald Trump, Commerce Secretary Howard Lutnick "
        "and Sen. Elizabeth Warren. Later Mr. Huang thanked Dr. Lisa Su."
    )
    people = [m for m in _mentions(text) if m.kind == "person"]
    assert [m.name for m in people] == [
        "Jensen Huang",
        "Donald Trump",
        "Howard Lutnick",
        "Elizabeth Warren",
        "Huang",
        "Lisa Su",
    ]
    assert all(m.text == m.name == text[m.start : m.end] for m in people)
    assert "NVIDIA" in _names(text, "org")


def test_a_title_alone_names_nobody() -> None:
    text = "In a meeting arranged by the Secretary of Commerce, the chief executive spoke."
    assert _names(text, "person") == []


def test_possessives_are_stripped() -> None:
    text = "CEO Huang's argument won. President Trump's decision followed Huang’s visit."
    people = [m for m in _mentions(text) if m.kind == "person"]
    assert [m.name for m in people] == ["Huang", "Trump", "Huang"]
    assert all(not m.text.endswith(("'s", "’s")) for m in people)


def test_sentence_initial_words_and_names() -> None:
    text = (
        "CEO Huang met officials. Shortly after, Huang argued for exports. Launched in January, "
        "the model spread. However, Sachs disagreed, said David Sachs. Sources said nothing."
    )
    assert _names(text, "person") == ["Huang", "Huang", "Sachs", "David Sachs"]


def test_acronyms_are_organisations_or_places() -> None:
    text = "The NYT reported that TSMC and NVIDIA will build a data center in the UAE."
    mentions = _mentions(text)
    assert {m.name: m.kind for m in mentions} == {
        "NYT": "org",
        "TSMC": "org",
        "NVIDIA": "org",
        "UAE": "place",
    }


def test_multi_word_names_are_joined() -> None:
    text = (
        "He testified before the House Foreign Affairs Committee and met aides of the White House "
        "Office of Science and Technology Policy at Mar-a-Lago, Florida. The Bank of Korea and "
        "The New York Times were not there; the Hill and Valley Forum was."
    )
    kinds = {m.name: m.kind for m in _mentions(text)}
    assert kinds == {
        "House Foreign Affairs Committee": "org",
        "White House Office of Science and Technology Policy": "org",
        "Mar-a-Lago": "place",
        "Florida": "place",
        "Bank of Korea": "org",
        "New York Times": "org",
        "Hill and Valley Forum": "org",
    }


def test_korean_and_chinese_names_stay_whole() -> None:
    text = (
        "Finance Minister Choi Sang-mok met Park Ji-won in Seoul, and Ren Hongbin of the China "
        "Council for Promotion of International Trade joined them."
    )
    assert _names(text, "person") == ["Choi Sang-mok", "Park Ji-won", "Ren Hongbin"]
    assert _names(text, "place") == ["Seoul"]
    assert _names(text, "org") == ["China Council for Promotion of International Trade"]


def test_products_demonyms_and_common_acronyms_are_not_people() -> None:
    text = (
        "CEO Huang argued that U.S.-made chips beat the H20, the R1 and CUDA. Chinese developers "
        "like AI. Tier 1 countries buy the CloudMatrix 384. They joined Lunar New Year "
        "celebrations to keep Uncle Sam happy."
    )
    kinds = [(m.name, m.kind) for m in _mentions(text)]
    assert kinds == [("Huang", "person")]
    assert country_of("Chinese") == "China"
    assert country_of("U.S.") == "United States"
    assert country_of("Atlantis") is None


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Google was founded by internet pioneer Sergey Brin.", "Sergey Brin"),
        ("He met Sriram Krishnan, the chief policy advisor, twice.", "Sriram Krishnan"),
        ("The plan came from Zorblat Quenn, who oversees policy.", "Zorblat Quenn"),
        ("Rules set by the Biden administration stayed.", "Biden"),
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
        "Nvidia Chief Executive Confers With Trump And Gains Approval To Resume Chip Sales In "
        "China\n\nOn Monday, Nvidia said President Trump approved the sales."
    )
    first_line = len(text.split("\n")[0])
    headline = [(m.name, m.kind) for m in _mentions(text) if m.start < first_line]
    assert headline == [("Nvidia", "org"), ("Trump", "person"), ("China", "place")]


def test_no_sentences_reads_the_whole_text() -> None:
    text = "President Trump met Jensen Huang."
    assert [m.name for m in extract_mentions(text, [])] == ["Trump", "Jensen Huang"]
    assert all(m.sentence_idx == 0 for m in extract_mentions(text, []))


_FIRST = ["Jensen", "Donald", "David", "Maria", "Sergey", "Lisa"]
_LAST = ["Huang", "Trump", "Sachs", "Krishnan", "Brin", "Kowalczyk"]
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
        ("White House", "org"),
        ("House Foreign Affairs Committee", "org"),
        ("Mar-a-Lago", "place"),
        ("UAE", "place"),
        ("Middle East", "place"),
        ("Silicon Valley", "place"),
    } <= kinds
    names = {m.name for m in _mentions(_article(h20_dir, "002"))}
    assert {"Openai", "Softbank", "Oracle", "Microsoft", "TSMC", "NPR"} <= names
    assert not names & {"AI", "H20", "R1", "Tier", "Chips", "US -based"}
