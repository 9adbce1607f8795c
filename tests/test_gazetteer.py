"""The bundled gazetteer, reviewer files and approximate lookup."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    GazetteerError,
    load_default,
    load_user_file,
    lookup_key,
)

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench-data"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_default()


def test_bundled_sources_are_shippable(gazetteer: Gazetteer) -> None:
    licences = {s["name"]: s["licence"] for s in gazetteer.sources}
    assert licences == {
        "unitedstates/congress-legislators": "CC0-1.0",
        "datasets/s-and-p-500-companies": "ODC-PDDL-1.0",
    }
    assert len(gazetteer) > 1000
    assert len({e.id for e in gazetteer.entries}) == len(gazetteer)
    assert Gazetteer.load_default() is gazetteer
    assert {"Nvidia", "Joe Biden", "The Home Depot"} <= set(gazetteer.all_names())


def test_every_bundled_entry_comes_from_an_open_list(gazetteer: Gazetteer) -> None:
    """No hand-written entries: each is a legislator or officeholder (Wikidata, Bioguide or
    GovTrack id) or an S&P 500 company."""
    sources = {e.id.split(":", 1)[0] for e in gazetteer.entries}
    assert sources <= {"wd", "bioguide", "govtrack", "sp500"}
    descriptions = {e.description.split(" (")[0].split(":")[0] for e in gazetteer.entries}
    assert all(
        d.startswith(("U.S. Senator", "U.S. Representative", "U.S.-listed company"))
        or "of the United States" in d
        for d in descriptions
    )


@pytest.mark.parametrize(
    ("query", "name", "described"),
    [
        ("NVIDIA Corp", "Nvidia", "Semiconductors"),
        ("nvidia", "Nvidia", "Semiconductors"),
        ("Joe Biden", "Joe Biden", "President of the United States"),
        ("Joseph R. Biden", "Joe Biden", "President of the United States"),
        ("Home Depot", "The Home Depot", "S&P 500"),
        ("Apple", "Apple Inc.", "S&P 500"),
    ],
)
def test_lookup_by_name_or_alias(
    gazetteer: Gazetteer, query: str, name: str, described: str
) -> None:
    entry = gazetteer.lookup(query)
    assert entry is not None and entry.name == name
    assert described in entry.description


def test_legislators_carry_their_role(gazetteer: Gazetteer) -> None:
    entry = gazetteer.lookup("Maria Cantwell")
    assert entry is not None
    assert entry.description.startswith("U.S. Senator from Washington")
    assert entry.wikidata == "Q22250"


def test_unknown_names_are_not_found(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Maria Cantvell") is None
    assert gazetteer.lookup("Joe Viden") is None
    assert gazetteer.lookup("") is None


def test_nearest_uses_transliteration_similarity(gazetteer: Gazetteer) -> None:
    best, score = gazetteer.nearest("Maria Cantvell")[0]
    assert best.name == "Maria Cantwell" and score > 0.9
    assert gazetteer.nearest("Viden")[0][0].name == "Joe Biden"
    assert len(gazetteer.nearest("Maria Kantwell", limit=1)) == 1
    assert gazetteer.nearest("Zzyzx Qqq") == []


def test_lookup_key_ignores_legal_suffixes_but_not_names() -> None:
    assert lookup_key("NVIDIA Corp.") == lookup_key("Nvidia") == "nvidia"
    assert lookup_key("The Home Depot") == lookup_key("Home Depot (The)")
    assert lookup_key("Company") == "company"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_csv_is_parsed_and_overrides_bundled(tmp_path: Path, gazetteer: Gazetteer) -> None:
    path = _write(
        tmp_path,
        "mine.csv",
        "name,aliases,kind,description,wikidata\n"
        "Park Ji-won,Park Jiwon; Pak Chi-won,person,Korean trade official,\n"
        'Maria Cantwell,"Sen. Cantwell",person,"senator, our note",Q22250\n',
    )
    entries = load_user_file(path)
    assert entries[0] == GazetteerEntry(
        "user:park-jiwon", "Park Ji-won", ("Park Jiwon", "Pak Chi-won"), "person",
        "Korean trade official", None,
    )  # fmt: skip
    merged = gazetteer.merge(entries)
    assert merged.lookup("pak chi-won") == entries[0]
    senator = merged.lookup("maria cantwell")
    assert senator is not None and senator.description == "senator, our note"
    assert len(merged) == len(gazetteer) + 1  # the senator replaced by her Wikidata id
    assert gazetteer.lookup("Park Ji-won") is None  # the original is unchanged


def test_user_json_is_parsed(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "mine.json",
        json.dumps([{"name": "Kim Min-seok", "aliases": ["Kim Minseok"], "kind": "person"}]),
    )
    [entry] = load_user_file(path)
    assert (entry.name, entry.aliases, entry.kind, entry.description) == (
        "Kim Min-seok",
        ("Kim Minseok",),
        "person",
        "",
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.csv", "name,kind\nX,human\n", "a.csv line 2: kind must be person, org or place"),
        ("b.csv", "name,kind\n,person\n", "b.csv line 2: missing name"),
        ("c.csv", "name,alias,kind\nX,Y,person\n", "c.csv line 2: unknown field 'alias'"),
        ("d.csv", "name,kind,wikidata\nX,org,42\n", "d.csv line 2: wikidata id must look like"),
        ("e.csv", "who,what\nX,Y\n", "e.csv: the first line must be a header"),
        ("f.csv", "name,kind\n", "f.csv: no entries"),
        ("g.json", "[{", "g.json: invalid JSON at line 1"),
        ("h.json", '{"name": "X"}', "h.json: expected a list of objects"),
        ("i.json", '[{"name": "X", "kind": "org", "aliases": 3}]', "i.json item 1: aliases"),
        ("j.csv", "name,kind\nX,org\nx,org\n", "j.csv: 'x' is listed twice"),
        ("k.csv", "name,kind\nX,org,extra\n", "k.csv line 2: more values than columns"),
    ],
)
def test_bad_user_files_give_one_line_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(GazetteerError) as caught:
        load_user_file(_write(tmp_path, name, text))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_missing_file_is_a_gazetteer_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"nope\.csv: cannot read"):
        load_user_file(tmp_path / "nope.csv")


FIELD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=";"),
    max_size=20,
).map(str.strip)
ENTRY = st.fixed_dictionaries(
    {
        "name": FIELD.filter(bool),
        "aliases": st.lists(FIELD.filter(bool), max_size=3, unique=True),
        "kind": st.sampled_from(["person", "org", "place"]),
        "description": FIELD,
        "wikidata": st.one_of(st.just(""), st.integers(1, 10**8).map(lambda n: f"Q{n}")),
    }
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.lists(ENTRY, min_size=1, max_size=5, unique_by=lambda e: str(e["name"]).casefold()))
def test_csv_round_trip(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "aliases", "kind", "description", "wikidata"])
    for row in rows:
        aliases = row["aliases"]
        assert isinstance(aliases, list)
        writer.writerow(
            [row["name"], ";".join(aliases), row["kind"], row["description"], row["wikidata"]]
        )
    path = _write(tmp_path, "round.csv", buffer.getvalue())
    try:
        entries = load_user_file(path)
    except GazetteerError as exc:
        assert "listed twice" in str(exc)  # two names with the same slug
        return
    assert [
        (e.name, list(e.aliases), e.kind, e.description, e.wikidata or "") for e in entries
    ] == [(r["name"], r["aliases"], r["kind"], r["description"], r["wikidata"]) for r in rows]


def test_bundled_file_is_what_the_build_script_makes(tmp_path: Path) -> None:
    """The shipped JSON must be reproducible from its declared sources."""
    if not (BENCH / "congress-legislators").is_dir():
        pytest.skip("../shared/bench-data is not beside the project")
    pytest.importorskip("yaml")
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts" / "build_gazetteer.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    out = tmp_path / "gazetteer.json"
    assert build.main(["--bench-data", str(BENCH), "--out", str(out)]) == 0
    bundled = ROOT / "analysis" / "data" / "gazetteer.json"
    assert out.read_text(encoding="utf-8") == bundled.read_text(encoding="utf-8")
