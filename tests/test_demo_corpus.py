"""The bundled demo corpus and its answer key agree with each other.

The key (tests/demo_answer_key.json) is what detector and alignment tests score against, so every
quote in it must really be in the article a reader sees, and the planted cases must still be there.
"""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

KEY_PATH = Path(__file__).resolve().parent / "demo_answer_key.json"
CORPUS = files("analysis.demo_corpus")
NOT_ARTICLES = {"ABOUT", "__init__.py"}


class _VisibleText(HTMLParser):
    """Text a browser would show: tag contents outside <head>, <script> and <style>."""

    _HIDDEN = frozenset({"head", "script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = dict(attrs)
            name = a.get("property") or a.get("name")
            if name and a.get("content") is not None:
                self.meta[name] = a["content"] or ""
        elif tag in self._HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _read(name: str) -> str:
    return CORPUS.joinpath(name).read_text(encoding="utf-8")


def _parse_html(name: str) -> _VisibleText:
    parser = _VisibleText()
    parser.feed(_read(name))
    parser.close()
    return parser


def visible_text(name: str) -> str:
    """The article text as the importer should see it, per file format."""
    if name.endswith(".html"):
        return "".join(_parse_html(name).parts)
    if name.endswith(".json"):
        return str(json.loads(_read(name))["text"])
    return _read(name)


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return json.loads(KEY_PATH.read_text(encoding="utf-8"))


def _quotes(key: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (file, quote) pair the key relies on."""
    pairs: list[tuple[str, str]] = []
    for item in key["expected"]:
        if item["kind"] == "contradiction":
            pairs += [(item[side]["file"], item[side]["quote"]) for side in ("a", "b")]
        else:
            pairs.append((item["file"], item["quote"]))
    pairs += [(item["file"], item["quote"]) for item in key["must_not_flag"]]
    pairs += [(m["file"], m["quote"]) for claim in key["shared_claims"] for m in claim]
    return pairs


def test_key_lists_exactly_the_article_files(key: dict[str, Any]) -> None:
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file()} - NOT_ARTICLES
    listed = [a["file"] for a in key["articles"]]
    assert len(listed) == len(set(listed))
    assert set(listed) == on_disk
    assert {Path(n).suffix for n in listed} >= {".html", ".json", ".md", ".txt"}


def test_every_quote_occurs_verbatim(key: dict[str, Any]) -> None:
    texts = {a["file"]: visible_text(a["file"]) for a in key["articles"]}
    missing = [(f, q) for f, q in _quotes(key) if q not in texts[f]]
    assert missing == []


def test_html_hides_head_and_keeps_body() -> None:
    text = visible_text("02_marlow-ledger.html")
    assert "og:site_name" not in text and ".byline{" not in text
    assert "Earthmoving resumed Wednesday" in text


def test_metadata_matches_key(key: dict[str, Any]) -> None:
    for art in key["articles"]:
        name, published = art["file"], art["published"]
        if published is not None:
            date.fromisoformat(published)
        if name.endswith(".html"):
            meta = _parse_html(name).meta
            assert meta["og:site_name"] == art["source"]
            assert meta["article:published_time"].startswith(published)
            assert meta.get("author")
        elif name.endswith(".json"):
            doc = json.loads(_read(name))
            assert doc["source"] == art["source"]
            assert doc["published"].startswith(published)
            assert {"title", "url", "language"} <= doc.keys()
        elif name.endswith(".md"):
            from analysis.ingest import read_file

            (draft,) = read_file(CORPUS / name)
            assert (draft.source, draft.published) == (art["source"], published)
            assert draft.title and not draft.text.startswith(("#", "---"))


def test_ai_note_only_in_articles_marked_translated(key: dict[str, Any]) -> None:
    noted = [a for a in key["articles"] if "translated by AI" in visible_text(a["file"])]
    assert len(noted) == 1
    assert all(a["translated"] for a in noted)
    assert sum(a["translated"] for a in key["articles"]) >= 2  # one more, carrying no note


def test_contradictions_span_two_files_and_three_slots(key: dict[str, Any]) -> None:
    contradictions = [e for e in key["expected"] if e["kind"] == "contradiction"]
    assert all(c["a"]["file"] != c["b"]["file"] for c in contradictions)
    assert all(c["a"]["quote"] != c["b"]["quote"] for c in contradictions)
    assert {c["slot"] for c in contradictions} >= {"number", "date", "polarity"}


def swapped_letters(quote: str, suggestion: str) -> set[frozenset[str]]:
    """Letter pairs swapped between two equal-length spellings ({'b', 'v'} for Bictor/Victor)."""
    if len(quote) != len(suggestion):
        return set()
    return {
        frozenset((a, b))
        for a, b in zip(quote.casefold(), suggestion.casefold(), strict=True)
        if a != b
    }


def test_swapped_letters() -> None:
    assert swapped_letters("Bictor", "Victor") == {frozenset("bv")}
    assert swapped_letters("Aldervolt", "AlderVolt") == set()
    assert swapped_letters("Su-yeon", "Soo-yeon") == set()


def test_name_variants_cover_transliteration_swaps(key: dict[str, Any]) -> None:
    variants = [e for e in key["expected"] if e["kind"] == "name_variant"]
    swaps = set().union(*(swapped_letters(v["quote"], v["suggestion"]) for v in variants))
    assert {frozenset("bv"), frozenset("pf"), frozenset("rl")} <= swaps


def test_suggestions_are_spelled_so_by_two_other_outlets(key: dict[str, Any]) -> None:
    texts = {a["file"]: visible_text(a["file"]) for a in key["articles"]}
    for v in (e for e in key["expected"] if e["kind"] == "name_variant"):
        assert v["quote"] != v["suggestion"]
        others = [f for f, t in texts.items() if f != v["file"] and v["suggestion"] in t]
        assert len(others) >= 2, v


def test_shared_claims_span_three_articles(key: dict[str, Any]) -> None:
    claims = key["shared_claims"]
    assert len(claims) >= 4
    for claim in claims:
        assert len({m["file"] for m in claim}) >= 3, claim
