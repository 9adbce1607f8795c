"""Page residue: captions, buttons, prompts, tickers, foreign lines, and their flags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.lexicon import all_languages, load, phrase_pattern
from analysis.model import ArticleText
from analysis.residue import (
    LineContext,
    PhraseSet,
    classify,
    classify_spans,
    ignorecase_key,
    residue_flags,
    residue_reason,
    translation_note,
)
from analysis.segment import segment_with_hits, split_sentences

BODY = "The company said on Monday that sales rose 5% to $2 billion in the quarter."
BODY2 = "Shares fell 2% in early trading after the results were published."


def reasons(text: str) -> dict[str, str | None]:
    return {s.text: s.residue for s in split_sentences(text)}


def article(*lines: str) -> str:
    return "\n\n".join(lines)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Okafor speaks in Lanmere on Monday./Courtesy of Reuters.", "caption"),
        ("Korvant CEO Peter Okafor at Freightex (Reuters)", "caption"),
        ("Peter Okafor in Lanmere. (AP Photo/Chiang Ying-ying)", "caption"),
        ("Photo: Getty Images", "caption"),
        ("FILE PHOTO: The logo of Korvant in Lanmere", "caption"),
        ("Peter Okafor (left) greets Lisa Su at the show", "caption"),
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
        ("$KRVT $ORVK $INTC", "ticker"),
        ("KRVT +2.3%", "ticker"),
        ("Advertisement", "advertisement"),
        ("Read more: Korvant tops $4 trillion", "related link"),
        ("By Jane Smith and Kim Lee", "byline"),
        (
            "Die Regierung hat die neuen Regeln für den Export gestern verschärft",
            "foreign language",
        ),
        ("엔비디아가 중국 수출을 재개한다", "foreign language"),
        ("Yeni Köprü Bugün Törenle Hizmete Açıldı", "foreign language"),
        ("Jeder Zweite Bürger Findet Die Reform Gut", "foreign language"),
        ("```json", "markup"),
        ("</div></section>", "markup"),
        ("Tutti i diritti riservati", "foreign language"),  # a rights notice, in Italian
        ("Copyrights(C) Example Shimbun Digital, all rights reserved.", "copyright line"),
        (
            "ⓒ 2025 Example News. Unauthorized reproduction and redistribution prohibited.",
            "copyright line",
        ),
        ("(Responsible editor: Chen Li)", "byline"),
        ("责任编辑：王明", "byline"),
        ("(Busan=Example News)", "byline"),
        ("What now? Aftermath", "section label"),  # a sub-heading whose translation came apart
        ("Why now? Silence", "section label"),
    ],
)
def test_residue_lines_mid_article(line: str, reason: str) -> None:
    text = article("Korvant wins export approval", BODY, line, BODY2)
    got = reasons(text)
    assert all(got[s.text] == reason for s in split_sentences(line, classify=False))
    assert got[BODY] is None


@pytest.mark.parametrize(
    "line",
    [
        "Korvant wins export approval",  # a headline sits at line 0
        "Okafor and Varga",  # names at line 0, not between paragraphs
        "Premium bonds fall",
    ],
)
def test_first_line_headlines_are_not_residue(line: str) -> None:
    assert reasons(article(line, BODY))[line] is None


def test_a_headline_of_pieces_is_no_sub_heading() -> None:
    assert all(r is None for r in reasons(article("Why? Aftermath", BODY, BODY2)).values())


@pytest.mark.parametrize(
    "line",
    [
        "LANMERE (Reuters) - Korvant said on Monday it would resume sales of the K40 in Vellport.",
        "Subscriptions rose 12% as the company added 3 million subscribers in Asia last year.",
        "Peter Okafor, Lisa Su and Pat Delane met Gina Marrow in Lanmere on Monday.",
        "Okafor met Lu Zhenhai of the CCPIT in Beijing, with Shanghai and Shenzhen next.",
        "Taiwan's TSMC said its 3nm output at Fab 18 will rise 40% to 100,000 wafers by 2026.",
        "The Final Days",
        "Queen of quiet deals: Varga slips from Berlin’s ministries to Lagos’s trading floors.",
        "He said the machine translation of the contract was flawed.",
        "In case you had doubts, Pierre Thomas (left) would get more carries.",
        "His photo appears every day on the front of the papers.",
        "She called the deal a coup d'état, a fait accompli, then moved on.",
        "Recep Tayyip Erdoğan, Kemal Kılıçdaroğlu and Meral Akşener met in Ankara.",
        "Editor Jane Doe said the paper would appeal the ruling.",
        "The copyright case against the firm was dropped on Monday.",
        "Why? Because the firm said so.",  # a closed answer, and a verb
        "Who pays? The city pays",  # a verb in the unclosed piece
        "Why? Not now, not ever, not in this city, not by them",  # too long for a heading
    ],
)
def test_article_lines_are_not_residue(line: str) -> None:
    text = article("Korvant wins export approval", BODY, line, BODY2)
    assert all(r is None for r in reasons(text).values())


@pytest.mark.parametrize(
    "line",
    [
        "A preliminary inquiry found that t",
        "A spokesman told the crowd that",
        "An engineer took the",
    ],
)
def test_a_sentence_cut_short_is_not_a_verbless_caption(line: str) -> None:
    # A capture that stops mid-sentence leaves a short unpunctuated line whose verb is an
    # irregular past ("found", "told", "took"): a story sentence, not a picture caption.
    text = article("Korvant wins export approval", BODY, BODY2, line)
    assert reasons(text)[line] is None


def test_names_line_needs_a_title_and_a_join() -> None:
    ctx = LineContext("Ms. Ilse Varga and Governor Okafor", line_no=4, n_lines=9)
    hit = classify(ctx.line, ctx)
    assert hit is not None and hit.reason == "caption" and hit.rule == "names-line"
    plain = LineContext("Ilse Varga Okafor", line_no=4, n_lines=9)
    assert classify(plain.line, plain) is None


def test_bare_counter_joins_the_buttons_around_it() -> None:
    got = reasons(article(BODY, "Like\nLove\n3\nHaha"))
    assert got["3"] == "share buttons"
    assert reasons(article(BODY, "3", BODY2))["3"] is None


def test_translation_note_needs_a_cue() -> None:
    assert translation_note("※ This report was translated by AI.") is not None
    assert translation_note("This story was machine-translated from Korean.") is not None
    assert translation_note("본 기사는 AI 번역입니다") is not None
    assert translation_note("Dieser Artikel wurde maschinell übersetzt.") is not None
    mid = LineContext("Google said its app translated by AI more text than ever.", 3, 9)
    assert translation_note(mid.line, mid) is None
    assert residue_reason("Note: this article was translated by AI.") == "translation note"


def test_residue_flags_explain_and_skip_translation_notes() -> None:
    text = article(
        "Headline here",
        "Okafor waves./Courtesy of AFP.",
        BODY,
        "※ This report was translated by AI. Send us your feedback.",
    )
    sentences = split_sentences(text)
    flags = residue_flags(ArticleText(7, "outlet", text), sentences)
    assert [f.side.quote for f in flags] == [
        "Okafor waves./Courtesy of AFP.",
        "Send us your feedback.",
    ]
    cap = flags[0]
    assert cap.kind == "page_residue" and cap.suggestion == "remove the line"
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
    # Checked by shape, not by quoting the articles: a "(right)" photo caption, a names-only
    # caption, a verbless "A ..." picture line and a cashtag strip.
    assert re.match(r"[A-Z]\w+ [A-Z]\w+ \(right\), CEO of ", residue["000"][0][0])
    assert residue["000"][0][1] == "caption"
    assert [r for _, r in residue["000"][1:]] == ["translation note", "share buttons"]
    assert residue["001"] == [
        ("Like", "share buttons"),
        ("Love", "share buttons"),
        ("Haha", "share buttons"),
        ("3", "share buttons"),
        ("Upgrade auf Pro", "paywall prompt"),
        (residue["001"][5][0], "paywall prompt"),
        ("Mehr lesen", "paywall prompt"),
    ]
    assert residue["001"][5][0].startswith("Wähle den ")  # the German "choose your plan" prompt
    assert residue["002"] == [] and residue["003"] == []
    assert [r for _, r in residue["004"]] == ["caption", "caption", "ticker"]
    picture, names, tickers = (t for t, _ in residue["004"])
    assert re.fullmatch(r"A [a-z]+ of [A-Z]+ [\w ]+", picture) and len(picture.split()) == 6
    assert re.fullmatch(r"Mr\. Jensen Huang and President \w+", names)
    assert re.fullmatch(r"(?:\$[A-Z]+ ?){3}", tickers)


# ---- ticker strips --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "ABCD +1.5% | XYZ −0.7% | CAC 40 +0.2%",
        "NYSE:QRS 41.20 ▲0.8 (+2.0%) · NASDAQ:TUV 12.05 ▼0.1",
        "Markets: FTSE 100 -0.4%, Nikkei 225 +1.1%",
        "$QRS +3.1% $TUV −2.0%",
        "069500.KS +0.9% | 035420.KS −1.3%",
        "KOSPI 2,650.31 ▲12.5 (0.47%)",
        "QRS +3.1%",
    ],
)
def test_ticker_strips_with_or_without_cashtags(line: str) -> None:
    text = article("Korvant wins export approval", BODY, line, BODY2)
    got = reasons(text)
    assert {got[s.text] for s in split_sentences(line, classify=False)} == {"ticker"}


@pytest.mark.parametrize(
    "line",
    [
        "Sales at ABCD rose 4.2% to $3 billion, the company said.",
        "SNP 45% | LAB 30% | CON 20%",  # a poll: no signed moves
        "The FTSE 100 rose 0.4% and the DAX fell 0.3% on Monday.",
        "EU GDP +0.3% in Q2, says Eurostat",
        "Inflation: 2.3%",
    ],
)
def test_lines_with_percentages_are_not_tickers(line: str) -> None:
    text = article("Korvant wins export approval", BODY, line, BODY2)
    assert all(r != "ticker" for r in reasons(text).values())


# ---- residue is a property of the line --------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe now to keep reading – 4 weeks for $1. Already a subscriber? Sign in.",
        "Abonnez-vous pour lire la suite – 1 € le premier mois. Déjà abonné ? Connectez-vous.",
        "Lees verder met een abonnement – 1 euro per week. Al abonnee? Log in.",
        "Suscríbete para seguir leyendo: 1 € el primer mes. ¿Ya tienes una cuenta? Inicia sesión.",
        "Abbonati per continuare a leggere – 1 € al mese. Sei già abbonato? Accedi.",
        "Assine para continuar lendo – R$ 1,90 no primeiro mês. Já é assinante? Faça login.",
        "Jetzt weiterlesen mit Plus – 1 € im ersten Monat. Schon Abonnent? Hier einloggen.",
        "구독하고 계속 읽기. 이미 회원이신가요? 로그인",
        "続きを読むには有料会員登録が必要です。ログイン",
        "阅读全文。已有账号？登录",
    ],
)
def test_every_sentence_of_a_prompt_line_is_residue(line: str) -> None:
    text = article("Korvant wins export approval", BODY, line, BODY2)
    got = reasons(text)
    pieces = split_sentences(line, classify=False)
    assert {got[s.text] for s in pieces} <= {"paywall prompt", "sign-up prompt"}
    assert got[BODY] is None


def test_a_line_shares_its_residue_with_short_sentences() -> None:
    line = "Four weeks for one euro. Subscribe now for unlimited access to every article."
    text = article("Headline", BODY, line, BODY2)
    sentences = split_sentences(text)
    hits = classify_spans(text, sentences)
    first = next(h for s, h in zip(sentences, hits, strict=True) if s.text.startswith("Four"))
    assert first is not None and first.reason == "paywall prompt" and first.rule == "same-line"
    assert first.confidence < 0.85 and "subscription prompt" in first.detail


def test_a_paragraph_keeps_its_claims_beside_one_prompt() -> None:
    line = (
        "Korvant said sales rose 5% in the quarter to a record $30 billion, beating forecasts. "
        "Analysts had expected less. Subscribe now."
    )
    got = reasons(article("Headline", BODY, line))
    assert got["Subscribe now."] == "paywall prompt"
    assert got["Analysts had expected less."] is None
    assert got[line.split(" Analysts")[0]] is None


def test_foreign_line_counts_capitalised_nouns_but_not_names() -> None:
    # Numbers and capitalised German nouns used to dilute the evidence below the threshold.
    assert (
        residue_reason("Im Januar hat die Firma 3 Fabriken in Ohio gebaut.") == "foreign language"
    )
    assert residue_reason("Die Regierung plant 2 neue Gesetze für Firmen.") == "foreign language"
    assert residue_reason("The Bundestag and Die Linke voted on Monday in Berlin.") is None
    assert residue_reason("Le Monde and Die Zeit both ran the story on Monday.") is None


def test_short_foreign_sentences_are_judged_by_their_line() -> None:
    assert residue_reason("Danke!") is None  # one word says little on its own
    line = "Danke! Wir sehen uns morgen wieder."
    hit = classify("Danke!", LineContext(line, line_no=5, n_lines=9, n_sentences=2))
    assert hit is not None and hit.reason == "foreign language" and hit.rule == "foreign-line"


# ---- speed-ups that must not change a result ----------------------------------------------------

_PROMPTS = all_languages(load("residue")["paywall"]) + all_languages(load("residue")["signup"])
_ODD_LETTERS = "sSſkKKıiIİσςΣµμ"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_PROMPTS).map(lambda p: p.upper() if len(p) % 3 == 0 else p),
            st.text(alphabet=_ODD_LETTERS + " .-?$abcdefgnortu", max_size=12),
        ),
        max_size=6,
    )
)
def test_a_phrase_set_matches_exactly_like_the_plain_pattern(pieces: list[str]) -> None:
    text = " ".join(pieces)
    fast, plain = PhraseSet(_PROMPTS), phrase_pattern(_PROMPTS)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert bool(fast.fullmatch(text)) == bool(plain.fullmatch(text))
    assert fast.sub(" ", text) == plain.sub(" ", text)


@given(st.characters(), st.characters())
@example("ſ", "S")
@example("K", "k")
@example("İ", "i")
@example("ı", "I")
@example("ς", "Σ")
@example("µ", "Μ")
@example("ß", "ẞ")
@example("ǅ", "ǆ")
def test_ignorecase_key_agrees_with_the_regex_engine(a: str, b: str) -> None:
    same = re.fullmatch(re.escape(a), b, re.IGNORECASE) is not None
    assert (ignorecase_key(a) == ignorecase_key(b)) == same
    assert len(ignorecase_key(a + b)) == 2


def test_residue_flags_reuse_the_hits_of_segmentation() -> None:
    text = article(
        "Headline",
        BODY,
        "Photo: Getty Images",
        "Subscribe now – 4 weeks for $1. Already a subscriber? Sign in.",
        "Share this article",
    )
    spans, hits = segment_with_hits(text)
    assert spans == split_sentences(text)
    art = ArticleText(1, "src", text)
    assert residue_flags(art, spans, hits=hits) == residue_flags(art, spans)
    assert len(residue_flags(art, spans)) >= 4


def test_foreign_headline_is_caught_but_names_used_in_the_story_are_not() -> None:
    """A line in another language counts only with words the story does not use elsewhere."""
    body = "Özgür Yılmaz and Ayşe Kılınç met officials in Ankara on Monday, the ministry said."
    text = article("Bakanlık Açıklama Yaptı: Yangında Üç Kişi Yaralandı", body)
    got = reasons(text)
    assert got["Bakanlık Açıklama Yaptı: Yangında Üç Kişi Yaralandı"] == "foreign language"
    names = article("Headline here", body, "Özgür Yılmaz, Ayşe Kılınç", body)
    assert reasons(names)["Özgür Yılmaz, Ayşe Kılınç"] is None


def test_the_languages_wordfreq_can_split_are_found_without_loading_their_lists() -> None:
    """The languages whose lookups work (MeCab or jieba missing make some raise) are the same
    when asked of the tokenizer, and asking loads no frequency list: that took ~0.4 s in every
    process that extracts articles."""
    import wordfreq

    from analysis import residue

    def lookup_works(lang: str) -> bool:
        try:
            wordfreq.zipf_frequency("a", lang, wordlist="small")
        except ImportError:
            return False
        return True

    residue._wordfreq_languages.cache_clear()
    wordfreq.get_frequency_dict.cache_clear()
    found = residue._wordfreq_languages()
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    small = wordfreq.available_languages("small")
    assert found == {lang for lang in small if lookup_works(lang)} and "en" in found
