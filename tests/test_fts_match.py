"""Any text a reviewer types into a search, and any words of an old sentence the lost-verdict
placement looks up, make a valid full-text query (store.connection.fts_match): never an FTS5
syntax error, and each word is found as itself."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tui_fixtures import Built

from store import Store
from store.connection import fts_match


@pytest.fixture(scope="module")
def index() -> sqlite3.Connection:
    """An FTS5 table made as the store makes sentences_fts (porter unicode61)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61')")
    db.executemany(
        "INSERT INTO t(text) VALUES (?)",
        [("The ferry left Port Vell at dawn",), ('He said "NEAR" and OR AND NOT: a-b U.S.',)],
    )
    return db


def _count(db: sqlite3.Connection, match: str) -> int:
    return db.execute("SELECT count(*) FROM t WHERE t MATCH ?", [match]).fetchone()[0]


TEXT = st.text(max_size=60)  # lone surrogates and NUL included


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_typed_text_is_a_valid_query(index: sqlite3.Connection, text: str) -> None:
    _count(index, fts_match(text.split()))


@settings(max_examples=300, deadline=None)
@given(terms=st.lists(TEXT, max_size=12))
def test_any_terms_or_ed_are_a_valid_query(index: sqlite3.Connection, terms: list[str]) -> None:
    _count(index, fts_match(terms, any_of=True))


def test_syntax_words_are_words_and_all_or_any_must_match(index: sqlite3.Connection) -> None:
    assert _count(index, fts_match(['"NEAR"', "OR"])) == 1  # words, not operators
    assert _count(index, fts_match(["U.S.", "a-b"])) == 1
    assert _count(index, fts_match(["ferry", "NEAR"])) == 0  # both must match
    assert _count(index, fts_match(["ferry", "NEAR"], any_of=True)) == 2
    assert _count(index, fts_match([])) == 0 and _count(index, fts_match(["  "])) == 0


def test_a_lone_surrogate_is_searched_as_a_replacement_character(index: sqlite3.Connection) -> None:
    assert fts_match(["a\udcffb"]) == '"a\ufffdb"'


def test_the_store_searches_take_hostile_text(built: Built) -> None:
    """Each search the screens run, on text that was FTS5 syntax or that SQLite could not take
    (a NUL was 'database error: unterminated string')."""
    with Store.open(built.path) as store:
        for text in ['"', "NEAR(", "a\x00b", "x\udcff", "*", "OR", "-", "^ferry"]:
            store.search_all(text)
            store.search_sentences(text)
            store.search_matches(text)
            store.clusters(search=text)
        assert store.search_all("Northwind\x00") == store.search_all("Northwind")
        assert store.search_all("Northwind")
