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
