"""Page residue: captions, buttons, prompts, tickers, foreign lines, and their flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.model import ArticleText
from analysis.residue import (
    LineContext,
    classify,
    residue_flags,
    residue_reason,
    translation_note,
)
from analysis.segment import split_sentences

BODY = "The company said on Monday that sales rose 5% to $2 billion in the quarter."


def reasons(text: str) -> dict[str, str | None]:
    return {s.text: s.residue for s in split_sentences(text)}


def article(*lines: str) -> str:
    return "\n\n".join(lines)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Huang speaks in Taipei on Monday./Courtesy of Reuters.", "caption"),
        ("Nvidia CEO Jensen Huang at Computex (Reuters)", "caption"),
        ("Jensen Huang in Taipei. (AP Photo/Chiang Ying-ying)", "caption"),
        ("Photo: Getty Images", "caption"),
        ("FILE PHOTO: The logo of Nvidia in Santa Clara", "caption"),
        ("Jensen Huang (left) greets Lisa Su at the show", "caption"),
        ("A row of servers in a data centre", "caption"),
        ("© 2025 Example Media", "caption"),
        ("Share", "share buttons"),
        ("Facebook Twitter WhatsApp Copy link", "share buttons"),
        ("Teilen", "share buttons"),
        ("Share your feedback here.", "share buttons"),
        ("Subscribe now for unlimited access", "paywall prompt"),
        ("Abonnieren", "paywall prompt"),
        ("Suscríbete", "paywall prompt"),
        ("Continua a leggere", "paywall prompt"),
        ("Leia mais", "paywall prompt"),
        ("구독하기", "paywall prompt"),
        ("Sign up for our daily newsletter", "sign-up prompt"),
        ("Connectez-vous", "sign-up prompt"),
        ("로그인", "sign-up prompt"),
        ("$NVDA $AMD $INTC", "ticker"),
        ("NVDA +2.3%", "ticker"),
        ("Advertisement", "advertisement"),
        ("Read more: Nvidia tops $4 trillion", "related link"),
        ("By Jane Smith and Kim Lee", "byline"),
        (
            "Die Regierung hat die neuen Regeln für den Export gestern verschärft",
            "foreign language",
        ),
        ("엔비디아가 중국 수출을 재개한다", "foreign language"),
    ],
)
def test_residue_lines_mid_article(line: str, reason: str) -> None:
    text = article("Nvidia wins export approval", BODY, line, BODY)
    got = reasons(text)
    assert all(got[s.text] == reason for s in split_sentences(line, classify=False))
    assert got[BODY] is None


@pytest.mark.parametrize(
    "line",
    [
        "Nvidia wins export approval",  # a headline sits at line 0
        "Trump and Xi",  # names at line 0, not between paragraphs
        "Premium bonds fall",
    ],
)
def test_first_line_headlines_are_not_residue(line: str) -> None:
    assert reasons(article(line, BODY))[line] is None


@pytest.mark.parametrize(
    "line",
    [
        "WASHINGTON (Reuters) - Nvidia said on Monday it would resume sales of the H20 in China.",
        "Subscriptions rose 12% as the company added 3 million subscribers in Asia last year.",
        "Jensen Huang, Lisa Su and Pat Gelsinger met Gina Raimondo in Washington on Monday.",
        "Huang met Ren Hongbin of the CCPIT in Beijing, with Shanghai and Shenzhen next.",
        "Taiwan's TSMC said its 3nm output at Fab 18 will rise 40% to 100,000 wafers by 2026.",
        "The Final Days",
        "Master of diplomatic whiplash: Huang hops from Trump’s table to Beijing’s boardrooms.",
        "He said the machine translation of the contract was flawed.",
        "In case you had doubts, Pierre Thomas (left) would get more carries.",
        "His photo appears every day on the front of the papers.",
        "She called the deal a coup d'état, a fait accompli, then moved on.",
    ],
)
def test_article_lines_are_not_residue(line: str) -> None:
    text = article("Nvidia wins export approval", BODY, line, BODY)
    assert all(r is None for r in reasons(text).values())


def test_names_line_needs_a_title_and_a_join() -> None:
    ctx = LineContext("Mr. Jensen Huang and President Trump", line_no=4, n_lines=9)
    hit = classify(ctx.line, ctx)
    assert hit is not None and hit.reason == "caption" and hit.rule == "names-line"
    plain = LineContext("Jensen Huang Trump", line_no=4, n_lines=9)
    assert classify(plain.line, plain) is None


def test_bare_counter_joins_the_buttons_around_it() -> None:
    got = reasons(article(BODY, "Like\nLove\n3\nHaha"))
    assert got["3"] == "share buttons"
    assert reasons(article(BODY, "3", BODY))["3"] is None


def test_translation_note_needs_a_cue() -> None:
    assert translation_note("※ This article has been translated by AI.") is not None
    assert translation_note("This story was machine-translated from Korean.") is not None
    assert translation_note("본 기사는 AI 번역입니다") is not None
    assert translation_note("Dieser Artikel wurde maschinell übersetzt.") is not None
    mid = LineContext("Google said its app translated by AI more text than ever.", 3, 9)
    assert translation_note(mid.line, mid) is None
    assert residue_reason("Note: this article was translated by AI.") == "translation note"


def test_residue_flags_explain_and_skip_translation_notes() -> None:
    text = article(
        "Headline here",
        "Huang speaks./Courtesy of Reuters.",
        BODY,
        "※ This article has been translated by AI. Share your feedback here.",
    )
    sentences = split_sentences(text)
    flags = residue_flags(ArticleText(7, "outlet", text), sentences)
    assert [f.side.quote for f in flags] == [
        "Huang speaks./Courtesy of Reuters.",
        "Share your feedback here.",
    ]
    cap = flags[0]
    assert cap.kind == "page_residue" and cap.suggestion == "drop from claims"
    assert cap.side.article_id == 7 and text[cap.side.start : cap.side.end] == cap.side.quote
    assert "photo caption" in cap.explanation and "kept out of the claims" in cap.explanation
    assert cap.confidence == 0.9 and cap.evidence["rule"] == "credit-line"
    assert flags[1].evidence == {"reason": "share buttons", "rule": "share-phrase"}
    assert flags[1].confidence == 0.85
    everything = residue_flags(ArticleText(7, "o", text), sentences, skip=())
    assert len(everything) == 3


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab $%+1. \n(Reuters)Sharé한")), max_size=80))
def test_flags_always_slice_back(text: str) -> None:
    sentences = split_sentences(text)
    for f in residue_flags(ArticleText(1, "o", text), sentences, skip=()):
        assert text[f.side.start : f.side.end] == f.side.quote
        assert 0 < f.confidence <= 1


def _read(h20_dir: Path, prefix: str) -> str:
    (path,) = h20_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_real_articles(h20_dir: Path) -> None:
    got = {p: split_sentences(_read(h20_dir, p)) for p in ("000", "001", "002", "003", "004")}
    residue = {p: [(s.text, s.residue) for s in v if s.residue] for p, v in got.items()}
    assert residue["000"][0][0].startswith("Jensen Huang (right), CEO of NVIDIA")
    assert residue["000"][0][1] == "caption"
    assert [r for _, r in residue["000"][1:]] == ["translation note", "share buttons"]
    assert residue["001"] == [
        ("Like", "share buttons"),
        ("Love", "share buttons"),
        ("Haha", "share buttons"),
        ("3", "share buttons"),
        ("Upgrade auf Pro", "paywall prompt"),
        ("Wähle den für dich passenden Plan aus", "paywall prompt"),
        ("Mehr lesen", "paywall prompt"),
    ]
    assert residue["002"] == [] and residue["003"] == []
    assert residue["004"] == [
        ("A cluster of NVIDIA AI GPUs", "caption"),
        ("Mr. Jensen Huang and President Trump", "caption"),
        ("$AI $NEAR $WLD", "ticker"),
    ]
