"""Publishable reports: the Markdown an editor pastes into a correction note, and ClaimReview
JSON-LD checked against what schema.org and Google's fact-check guidelines require."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_fixtures import run

from store import Store
from store.rows import FlagRow, MemberRow

BASE = "https://factcheck.example/2026/plant-deal"


@pytest.fixture
def db(demo_copy: Path) -> Path:
    return demo_copy


def _contested_claim(store: Store) -> tuple[FlagRow, MemberRow, MemberRow]:
    """A number contradiction inside one cluster: (flag, the claim on its first side, the
    sentence on its other side)."""
    for flag in store.flags(kind="contradiction"):
        cluster = store.cluster_of_sentence(flag.article_id, flag.sentence_idx or 0)
        if cluster is None or flag.slot != "number":
            continue
        members = store.cluster_members(cluster)
        mine = [m for m in members if (m.article_id, m.idx) == (flag.article_id, flag.sentence_idx)]
        other = [
            m for m in members
            if (m.article_id, m.idx) == (flag.other_article_id, flag.other_sentence_idx)
        ]  # fmt: skip
        if mine and other:
            return flag, mine[0], other[0]
    raise AssertionError("the demo has a number contradiction inside one cluster")


@pytest.fixture
def verdict(db: Path) -> tuple[Path, FlagRow, MemberRow, MemberRow]:
    with Store.open(db) as store:
        flag, claim, other = _contested_claim(store)
        store.set_claim_status(claim.claim_key, "corroborated", "ana", note="Matches the filing.")
        store.add_note("claim", claim.claim_key, "Called the county office to confirm.", "ana")
    return db, flag, claim, other


def _walk(value: Any) -> list[Any]:
    """Every value nested in a JSON document."""
    if isinstance(value, dict):
        return [value, *[x for v in value.values() for x in _walk(v)]]
    if isinstance(value, list):
        return [value, *[x for v in value for x in _walk(v)]]
    return [value]


def test_claimreview_has_what_google_and_schema_org_require(verdict: tuple) -> None:
    db, _, claim, _ = verdict
    result = run("export", "--format", "claimreview", "--db", db, "--base-url", BASE)
    reviews = json.loads(result.stdout)
    assert len(reviews) == 1
    review = reviews[0]
    # schema.org: a ClaimReview in the schema.org context reviewing a Claim
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["itemReviewed"]["@type"] == "Claim"
    # Google's required properties: claimReviewed, reviewRating (with alternateName), url
    assert review["url"].startswith(BASE + "#") and review["@id"] == review["url"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "Corroborated"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    # recommended: author with a name, datePublished
    assert review["author"]["name"] == "ana" and len(review["datePublished"]) == 10
    # claimReviewed is a short summary; the full sentence is the Claim's text
    summary = review["claimReviewed"]
    assert 0 < len(summary) < 75 and "…" not in summary and "..." not in summary
    assert review["itemReviewed"]["text"] == claim.text
    # the reviewer's notes, including one made with `m`, are the review body
    assert "Matches the filing." in review["reviewBody"]
    assert "Called the county office to confirm." in review["reviewBody"]
    # nothing unknown is written as null
    assert None not in _walk(review)


def test_claimreview_appearances_are_only_articles_that_state_the_claim(verdict: tuple) -> None:
    db, _, claim, other = verdict
    reviews = json.loads(run("export", "--format", "claimreview", "--db", db).stdout)
    publishers = [a["publisher"]["name"] for a in reviews[0]["itemReviewed"]["appearance"]]
    assert claim.source in publishers
    assert other.source not in publishers  # it says the opposite
    assert all(a["@type"] == "NewsArticle" for a in reviews[0]["itemReviewed"]["appearance"])
    assert "url" not in reviews[0]  # no --base-url: left out, not invented


def test_claimreview_without_base_url_says_why_url_is_missing(verdict: tuple) -> None:
    db = verdict[0]
    result = run("export", "--format", "claimreview", "--db", db)
    assert result.exit_code == 0 and "--base-url" in result.stderr
    bad = run("export", "--format", "claimreview", "--db", db, "--base-url", "factcheck")
    assert bad.exit_code == 1 and "http" in bad.stderr


def test_markdown_report_gives_verdict_sides_evidence_and_notes(verdict: tuple) -> None:
    db, flag, claim, other = verdict
    text = run("export", "--format", "md", "--db", db).stdout
    section = text.split("## Verdicts", 1)[1].split("\n## ", 1)[0]
    assert "### Corroborated:" in section
    says_so = next(line for line in section.splitlines() if "**Says so:**" in line)
    otherwise = next(line for line in section.splitlines() if "**Says otherwise:**" in line)
    assert claim.source in says_so and other.source not in says_so
    assert other.source in otherwise
    assert "**Evidence — contradiction" in section
    assert f"**{flag.quote}**" in section or f"“{flag.quote}”" in section
    assert not re.search(r"\w\*\*\w", section)  # bold spans keep the spaces around them
    assert "**Reviewer's note:** Matches the filing." in section
    assert "**Reviewer's note:** Called the county office to confirm." in section
    sources = text.split("## Sources", 1)[1].split("\n## ", 1)[0]
    assert "| why |" in sources and "claims corroborated by another outlet" in sources


def test_markdown_report_lists_decided_flags_with_their_notes(db: Path) -> None:
    with Store.open(db) as store:
        flag = store.flags(kind="name_variant")[0]
        store.set_flag_status(flag.fingerprint, "corrected", "ana", correction="Victor Hale")
        store.add_note("flag", flag.fingerprint, "Checked the company release.", "ana")
    text = run("export", "--format", "md", "--db", db).stdout
    decided = text.split("## Decided flags", 1)[1].split("\n## ", 1)[0]
    line = next(x for x in decided.splitlines() if flag.quote in x)
    assert "corrected by ana" in line and "“Victor Hale”" in line
    assert "Checked the company release." in line


# ---- ClaimReview against the schema.org vocabulary, and counted by source -------------------

# What schema.org expects for each property written (https://schema.org/ClaimReview, /Claim,
# /NewsArticle, /Rating, /Organization, /Person): Text, Number, Date, URL or a nested type.
_SCHEMA: dict[str, dict[str, tuple[str, ...]]] = {
    "ClaimReview": {
        "@context": ("URL",), "@id": ("URL",), "url": ("URL",), "claimReviewed": ("Text",),
        "datePublished": ("Date",), "author": ("Person", "Organization"),
        "reviewRating": ("Rating",), "itemReviewed": ("Claim",), "reviewBody": ("Text",),
    },
    "Claim": {
        "text": ("Text",), "author": ("Person", "Organization"),
        "appearance": ("NewsArticle",), "firstAppearance": ("NewsArticle",),
        "datePublished": ("Date",),
    },
    "NewsArticle": {
        "url": ("URL",), "headline": ("Text",), "datePublished": ("Date",),
        "publisher": ("Organization", "Person"),
    },
    "Rating": {
        "alternateName": ("Text",), "ratingValue": ("Number", "Text"),
        "bestRating": ("Number", "Text"), "worstRating": ("Number", "Text"),
        "ratingExplanation": ("Text",),
    },
    "Organization": {"name": ("Text",)},
    "Person": {"name": ("Text",)},
}  # fmt: skip


def _fits(value: Any, kind: str) -> bool:
    if kind == "Text":
        return isinstance(value, str) and value.strip() != ""
    if kind == "Number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "URL":
        return isinstance(value, str) and re.match(r"^https?://\S+$", value) is not None
    if kind == "Date":
        return isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value) is not None
    return isinstance(value, dict) and value.get("@type") == kind


def _shape_errors(node: dict[str, Any], where: str = "") -> list[str]:
    """Every property of `node` (and of what it nests) that schema.org does not expect there."""
    kind = node.get("@type")
    if kind not in _SCHEMA:
        return [f"{where}: unknown @type {kind!r}"]
    errors = []
    for prop, value in node.items():
        if prop == "@type":
            continue
        expected = _SCHEMA[kind].get(prop)
        if expected is None:
            errors.append(f"{where}.{prop}: not a property of {kind} here")
            continue
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if not any(_fits(item, e) for e in expected):
                errors.append(f"{where}.{prop}[{i}]: {item!r} is not {' or '.join(expected)}")
            elif isinstance(item, dict):
                errors += _shape_errors(item, f"{where}.{prop}")
    return errors


def test_claimreview_fits_the_schema_org_vocabulary(verdict: tuple) -> None:
    db = verdict[0]
    reviews = json.loads(run("export", "--format", "claimreview", "--db", db, "--base-url",
                             BASE).stdout)  # fmt: skip
    assert reviews and all(_shape_errors(r, "ClaimReview") == [] for r in reviews)
    broken = {**reviews[0], "reviewRating": {"@type": "Rating", "ratingValue": "five", "x": 1}}
    assert len(_shape_errors(broken)) == 1  # the validator does reject what does not fit


def test_claimreview_counts_sources_not_sentences(verdict: tuple) -> None:
    """An article that states the claim in two sentences is one source and one appearance."""
    db, _, claim, _ = verdict

    def review() -> tuple[str, list[tuple[str, str | None]]]:
        out = json.loads(run("export", "--format", "claimreview", "--db", db).stdout)[0]
        shown = [(a["publisher"]["name"], a.get("headline")) for a in
                 out["itemReviewed"]["appearance"]]  # fmt: skip
        return out["reviewRating"]["ratingExplanation"], shown

    before, shown_before = review()
    with Store.open(db) as store:
        again = next(s for s in store.sentences(claim.article_id) if s.idx != claim.idx)
        store.edit_claim("add", [again.claim_key], "ana", target=claim.claim_key)
        stating = store.cluster_members(store.cluster_of_claim(claim.claim_key) or 0)
        assert sum(m.article_id == claim.article_id for m in stating) == 2
    after, shown_after = review()
    assert after == before  # the same sources state it
    assert shown_after == shown_before and len(set(shown_after)) == len(shown_after)
