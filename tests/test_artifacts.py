"""Translation artifacts: exact spans, fixes and calibrated confidence; the garble score."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.artifacts import (
    Calque,
    KnownNames,
    _calque_candidates,
    calques,
    detect_translation_artifacts,
    garble_score,
    garble_signals,
    scan_artifacts,
)
from analysis.lexicon import load
from analysis.model import ArticleText, FlagDraft
from analysis.segment import split_sentences

KNOWN = ("OpenAI", "SoftBank", "NVIDIA", "Nvidia", "Mar-a-Lago", "DeepSeek", "TSMC", "Huawei")


def detect(
    text: str, known: tuple[str, ...] = KNOWN, *, translated: bool = False
) -> list[FlagDraft]:
    article = ArticleText(3, "src", text, translated=translated)
    flags = detect_translation_artifacts(article, split_sentences(text), known)
    for f in flags:
        assert f.kind == "translation_artifact"
        assert text[f.side.start : f.side.end] == f.side.quote
        assert f.explanation and 0 < f.confidence <= 1
    return flags


def one(text: str, detector: str, *, translated: bool = False) -> FlagDraft:
    hits = [f for f in detect(text, translated=translated) if f.detector == detector]
    assert len(hits) == 1, hits
    return hits[0]


@pytest.mark.parametrize(
    ("text", "detector", "quote", "suggestion", "confidence"),
    [
        ("Exports rose 50%of the total.", "percent-spacing", "50%of", "50% of", 0.9),
        ("Buyers owe up to 100%if they default.", "percent-spacing", "100%if", "100% if", 0.9),
        ("Growth was 4.5 % last year.", "percent-spacing", "4.5 %", "4.5%", 0.7),
        ("The rate rose 0.3%p in May.", "percent-point", "0.3%p", "0.3 percentage points", 0.7),
        ("It pledged $ 500 billion.", "currency-spacing", "$ 500", "$500", 0.85),
        ("It pledged US$ 80 billion.", "currency-spacing", "US$ 80", "US$80", 0.85),
        ("A US -based lab won.", "hyphen-spacing", "US -based", "US-based", 0.85),
        ("A Chips -based model won.", "hyphen-spacing", "Chips -based", "Chips-based", 0.85),
        ("A state- owned bank won.", "hyphen-spacing", "state- owned", "state-owned", 0.7),
        ("Nvidia , the chip maker, won.", "punct-spacing", "Nvidia ,", "Nvidia,", 0.5),
        ("It grew fast.Then it fell.", "missing-space", "fast.Then", "fast. Then", 0.5),
        ("He called it 「historic」 at once.", "script-punct", "「historic」", "“historic”", 0.8),
        ("Sales, exports、and jobs rose.", "script-punct", "、", ",", 0.8),
        ("The chip costs ＄５００ now.", "fullwidth", "＄５００", "$500", 0.75),
        ("Samsung (삼성전자) said so.", "foreign-script", "삼성전자", "translate or remove", 0.6),
        ("Openai teamed up with Oracle.", "name-casing", "Openai", "OpenAI", 0.75),
        (
            "Workers stacked the heap of the heap of sand.",
            "doubled-noun",
            "heap of the heap",
            "rewrite from the original",
            0.6,
        ),
        (
            "It was the failure of the dam failure.",
            "doubled-noun",
            "failure of the dam failure",
            "rewrite from the original",
            0.6,
        ),
        (
            "Energy Minister Bakan Demir spoke.",
            "source-title",
            "Bakan Demir",
            "Minister Demir",
            0.7,
        ),
        ("The mayor, Wang Shizhang, spoke.", "source-title", "Wang Shizhang", "Mayor Wang", 0.7),
        ("Guests met at Mar-A-Lago on Friday.", "name-casing", "Mar-A-Lago", "Mar-a-Lago", 0.5),
        ("Foxconn and Tsmc agreed.", "name-casing", "Tsmc", "TSMC", 0.5),
    ],
)
def test_detectors_on_strings(
    text: str, detector: str, quote: str, suggestion: str, confidence: float
) -> None:
    f = one(text, detector, translated=True)  # strings in machine-translated style
    assert f.side.quote == quote
    assert f.side.start == text.index(quote) and f.side.sentence_idx == 0
    assert f.suggestion == suggestion
    assert f.confidence == confidence


@pytest.mark.parametrize(
    ("text", "quote", "currency", "confidence"),
    [
        ("$5bn (approximately 7 trillion won).", "(approximately 7 trillion won)", "KRW", 0.9),
        ("It paid $300m (about ₩410 billion) for it.", "(about ₩410 billion)", "KRW", 0.9),
        ("It paid $5억 (약 700조원) for it.", "(약 700조원)", "KRW", 0.95),
        ("Sales hit $2bn (¥300bn) last year.", "(¥300bn)", "JPY", 0.7),
        ("It raised $1bn (7 billion yuan) in May.", "(7 billion yuan)", "CNY", 0.7),
        ("It cost $2bn (1.5bn euros; £1bn) in all.", "(1.5bn euros", "EUR", 0.35),
    ],
)  # fmt: skip
def test_currency_conversions(text: str, quote: str, currency: str, confidence: float) -> None:
    f = one(text, "currency-conversion")
    assert f.side.quote == quote and f.evidence["currency"] == currency
    assert f.evidence["replacement"] == "" and f.confidence == confidence


@pytest.mark.parametrize(
    "text",
    [
        "Profits rose to $1.13bn (£600m) in the quarter.",  # conversion to pounds: house style
        "Margins hit 50% of sales, up 3.5% on the year and 100% in all.",
        "Huawei - the biggest rival in China - is close behind.",
        "The NVIDIA H20 and the Nvidia H100 differ.",
        "OpenAI and SoftBank teamed up at Mar-a-Lago.",
        "An apple a day, said Huawei.",
        "It took a lot of work and a lot of luck, time and time again.",
        "Google said its app translated by AI more text than ever last year.",
        "The pre- and post-war eras differ.",
        "She sang Madame Butterfly at La Scala.",
        "They are the best of the best, a matter of principle.",
        "The unit costs 500 won (about $0.40) in Seoul.",  # no dollar amount before the bracket
        "Guests waited in front of the front gate, on top of the top step.",  # complex prepositions
        "I'm glad we won the match we won, and they kept the seats they kept.",  # relative clauses
    ],
)
def test_native_english_is_not_flagged(text: str) -> None:
    assert detect(text) == []


def test_repeated_phrase_scores_names_above_common_words() -> None:
    named = one(
        "Siemens agreed, and 40% of the Red Cross praised the Red Cross.",
        "repeated-phrase",
    )
    assert named.side.quote == "the Red Cross praised the Red Cross"
    assert named.confidence == 0.55
    plain = one("Maybe a fragment should stay a fragment.", "repeated-phrase")
    assert plain.confidence == 0.35


def test_mt_note_covers_its_sentence_and_swallows_its_marker() -> None:
    text = "Body text here.\n\n※ This report was translated by AI. Send us your feedback."
    flags = detect(text)
    assert [f.detector for f in flags] == ["mt-note"]
    assert flags[0].side.quote == "※ This report was translated by AI."
    assert flags[0].confidence >= 0.95


def test_known_names_distrust_garbled_spellings_of_each_other() -> None:
    f = one("Openai said so.", "name-casing")
    assert f.suggestion == "OpenAI"
    flags = detect("Openai said so.", known=("OpenAI", "Openai"))
    assert [f.side.quote for f in flags] == ["Openai"]
    assert detect("Openai said so.", known=()) == []


def test_furniture_lines_are_skipped() -> None:
    assert detect("Body.\n\nUpgrade to Pro for $ 5 a month") == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([*"aZ5 .,%$-()\n※「」약원", "won", "Openai"]), max_size=40).map(
        "".join
    )
)
def test_spans_slice_back_and_score_is_bounded(text: str) -> None:
    detect(text)
    assert 0.0 <= garble_score(text) <= 1.0


def test_garble_score_on_strings() -> None:
    clean = "The company said revenue rose. " * 40
    assert garble_score(clean) == 0.0
    garbled = (
        "Openai promised $ 300 billion, and 40%of the Red Cross praised the Red Cross. "
        "The EU -based firm must pay up to 90%if it fails. "
    ) * 3
    assert garble_score(garbled) > 0.8
    assert garble_score("※ This report was translated by AI.\n\n" + clean) >= 0.95
    spans = split_sentences(garbled)
    assert garble_score(garbled, sentences=spans) == garble_score(garbled)
    assert garble_score(garbled, known_names=["OpenAI"]) > garble_score(garbled)


def _read(h20_dir: Path, prefix: str) -> str:
    (path,) = h20_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _flags(h20_dir: Path, prefix: str, translated: bool = False) -> tuple[str, list[FlagDraft]]:
    text = _read(h20_dir, prefix)
    return text, detect(text, KNOWN, translated=translated)


def test_real_machine_translated_002(h20_dir: Path) -> None:
    text, flags = _flags(h20_dir, "002", translated=True)  # as the pipeline's garble score finds
    found = {(f.side.quote, f.side.start, f.suggestion) for f in flags}
    for quote, fix in [
        ("50%of", "50% of"),
        ("100%if", "100% if"),
        ("$ 500", "$500"),
        ("US -based", "US-based"),
        ("Chips -based", "Chips-based"),
    ]:
        assert (quote, text.index(quote), fix) in found
    openai = [f for f in flags if f.side.quote == "Openai"]
    assert [f.side.start for f in openai] == [m.start() for m in re.finditer("Openai", text)]
    assert all(f.confidence == 0.75 and f.suggestion == "OpenAI" for f in openai)
    assert any(f.side.quote == "Softbank" and f.confidence == 0.4 for f in flags)
    assert any(f.detector == "repeated-phrase" for f in flags)
    assert not any(f.detector == "mt-note" for f in flags)  # 002 carries no note
    assert len(flags) == 11


def test_real_machine_translated_000(h20_dir: Path) -> None:
    text, flags = _flags(h20_dir, "000")
    by = {f.detector: f for f in flags}
    note = by["mt-note"]
    assert re.fullmatch(r"※ [^.]+ translated by AI\.", note.side.quote)
    assert note.side.start == text.index("※") and note.confidence >= 0.95
    conv = by["currency-conversion"]
    assert conv.side.quote == "(approximately 700 trillion won)"
    assert conv.side.start == text.index("(approximately 700 trillion won)")
    assert len(flags) == 2


def test_native_articles_are_quiet(h20_dir: Path) -> None:
    # Measured: 0 flags on each native article (NVIDIA/Nvidia house styles are not flagged).
    for prefix in ("001", "003", "004"):
        _, flags = _flags(h20_dir, prefix)
        assert flags == [], prefix


def test_garble_score_separates_the_real_articles(h20_dir: Path) -> None:
    scores = {p: garble_score(_read(h20_dir, p)) for p in ("000", "001", "002", "003", "004")}
    assert scores["000"] >= 0.95  # explicit note
    assert scores["002"] >= 0.75  # no note, but dense artifacts
    assert max(scores["001"], scores["003"], scores["004"]) <= 0.05
    no_note = re.sub(r"※[^.]+translated by AI\.", "", _read(h20_dir, "000"))
    signals = garble_signals(no_note)
    assert signals["note"] == 0.0 and signals["title_surname_per_1k"] > 10  # "CEO Huang" style
    assert garble_score(no_note) > 0.5


# ---- calques: East Asian idioms rendered word for word -----------------------------------------


def calque_flags(text: str, *, translated: bool) -> list[FlagDraft]:
    article = ArticleText(5, "src", text, translated=translated)
    flags = detect_translation_artifacts(article, split_sentences(text))
    for f in flags:
        assert text[f.side.start : f.side.end] == f.side.quote
    return [f for f in flags if f.detector == "calque"]


def test_calque_lexicon_is_well_formed() -> None:
    entries = calques()
    assert len(entries) >= 30
    assert len({c.id for c in entries}) == len(entries)
    assert {lang for c in entries for lang in c.languages} == {"Korean", "Chinese", "Japanese"}
    for c in entries:
        assert c.tier in ("strong", "weak") and c.means and c.suggest and c.source
        assert c.keys  # the prefilter needs a spelled-out word


@pytest.mark.parametrize("calque", calques(), ids=lambda c: c.id)
def test_every_calque_matches_its_own_example(calque: Calque) -> None:
    flags = calque_flags(calque.example, translated=True)
    assert any(f.evidence["calque"] == calque.id for f in flags), calque.example
    native = [
        f
        for f in calque_flags(calque.example, translated=False)
        if f.evidence["calque"] == calque.id
    ]
    if calque.tier == "weak":
        assert native == []  # also literal English: only a translation makes it suspicious
    else:
        assert native and all(f.confidence == 0.35 for f in native)


@pytest.mark.parametrize(
    ("text", "quote", "calque"),
    [
        ("Chipmakers are turning on a blue signal.", "turning on a blue signal", "blue-signal"),
        ("The ruling turns on a blue signal for Hanwha.", "turns on a blue signal", "blue-signal"),
        ("A ‘blue signal’ for battery makers.", "blue signal", "blue-signal"),
        ("A red light was turned on for debt.", "red light was turned on for", "red-signal"),
        ("The platform business is gaining wings.", "gaining wings", "gain-wings"),
        ("Its new model gains wings in Europe.", "gains wings", "gain-wings"),
        ("The two firms ate rice from the same pot.", "ate rice from the same pot", "same-pot"),
        ("The bill fastened the first button.", "fastened the first button", "first-button"),
        ("Seoul opened a green light for it.", "opened a green light for", "green-light-open"),
        ("It was standing at the tuyere of the AI era.", "standing at the tuyere", "tuyere"),
        ("The pay rise was a sparrow’s tears.", "sparrow’s tears", "pittance"),
        ("Ears and eyes are focused on the Fed.", "Ears and eyes are focused", "ears-and-eyes"),
    ],
)  # fmt: skip
def test_calques_match_inflections_and_quotes(text: str, quote: str, calque: str) -> None:
    (f,) = calque_flags(text, translated=True)
    assert f.side.quote == quote and f.evidence["calque"] == calque
    assert f.side.start == text.index(quote)


def test_calque_confidence_follows_translation_and_explains_the_idiom() -> None:
    text = "With the new order, the shipyard gained wings."
    (mt,) = calque_flags(text, translated=True)
    (native,) = calque_flags(text, translated=False)
    assert mt.confidence == 0.7 and native.confidence == 0.35
    assert "날개를 달다" in mt.explanation and "Korean" in mt.explanation
    assert (
        "got a boost" in mt.explanation
        and mt.suggestion == "rephrase, e.g. “got a boost / took off”"
    )
    assert "not known to be translated" in native.explanation
    assert "not known" not in mt.explanation
    (bird,) = calque_flags("After the moult the bird gained wings again.", translated=False)
    assert bird.confidence <= 0.35


@pytest.mark.parametrize(
    "text",
    [
        "The board gave the green light to the merger.",
        "The train passed a red signal near Reading.",
        "A red light was lit on the dashboard.",
        "Police switched on their blue lights and gave chase.",
        "Airbus attached the wings to the fuselage in Toulouse.",
        "Seabirds lay their eggs on rocks above the sea.",
        "She poured cold water on the idea.",
        "They put the brakes on spending and tightened their belts.",
        "He washed his hands of the affair.",
        "Skin loses elasticity with age, and some creams claim to help it gain elasticity.",
        "Individual ants can carry 50 times their own weight.",
        "A fisherman's profit depends on quotas.",
        "He stepped in place of the injured captain.",
        "She took off her veil before the ceremony.",
        "Protesters smeared mud on their faces.",
        "Alpine flowers on high peaks bloom in June.",
        "The athletes did a high-altitude run in Kenya.",
        "It is the tip of the iceberg, a double-edged sword and a hot potato.",
        "Dogs like to chew hard bones.",
        "He spent three years on a rock in the Atlantic.",
    ],
)
def test_native_figures_of_speech_are_not_calques(text: str) -> None:
    assert calque_flags(text, translated=True) == []


# ---- speed-ups that must not change a result ----------------------------------------------------

_NAMES = (*KNOWN, "Bank of America", "America", "Ohio", "ıstanbul Bank", "S.K. Telecom", "Kſ AG")


def _regex_names(text: str, known: KnownNames) -> list[tuple[int, int]]:
    """What one alternation of every known name finds: the slow reference `KnownNames` replaces."""
    folds = sorted(sorted(known.names), key=len, reverse=True)
    body = "|".join(re.escape(f) for f in folds)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_NAMES).map(lambda n: n.upper() if len(n) % 2 else n.lower()),
            st.sampled_from(_NAMES),
            st.text(alphabet="aAbS sſıIK.-_,()Ohio", max_size=8),
        ),
        max_size=8,
    )
)
def test_known_names_find_what_the_regex_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    known = KnownNames(_NAMES)
    assert list(known.find(text)) == _regex_names(text, known)


def test_a_prebuilt_name_index_and_scan_give_the_same_flags() -> None:
    text = (
        "Openai and Softbank said the deal is worth 50%of revenue ($3 billion (about 4 trillion "
        "won)).\n\n"
        "The firms turned on a blue signal for the plant, CEO Huang said.\n\n"
        "※ This article was translated by AI."
    )
    spans = split_sentences(text)
    for translated in (False, True):
        art = ArticleText(3, "src", text, translated=translated)
        plain = detect_translation_artifacts(art, spans, KNOWN)
        fast = detect_translation_artifacts(
            art, spans, KnownNames(KNOWN), scan=scan_artifacts(text, spans)
        )
        assert fast == plain and len(plain) >= 4
    untranslated = ArticleText(0, "", text)
    flags = detect_translation_artifacts(untranslated, spans)
    assert garble_score(text, sentences=spans, flags=flags) == garble_score(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(calques()), st.text(alphabet="abcdefghilnorstuy -'", max_size=30))
def test_the_calque_key_index_keeps_every_calque_the_plain_test_keeps(
    calque: Calque, noise: str
) -> None:
    for text in (calque.example, noise, f"{noise} {calque.example.upper()} {noise}"):
        lowered = text.lower()
        plain = [
            i for i, c in enumerate(calques()) if not c.keys or any(k in lowered for k in c.keys)
        ]
        assert set(_calque_candidates(lowered)) <= set(plain)
        assert calques().index(calque) in _calque_candidates(calque.example.lower())
        assert set(plain) - set(_calque_candidates(lowered)) <= {
            i for i, c in enumerate(calques()) if _never_flagged(c)
        }


def _never_flagged(c: Calque) -> bool:
    table = load("calques")["confidence"][c.tier]
    return table["translated"] is None and table["native"] is None


def test_one_lost_inner_capital_is_flagged_only_in_translated_articles() -> None:
    text = "It joined Softbank and Oracle."
    (flag,) = [f for f in detect(text, translated=True) if f.detector == "name-casing"]
    assert (flag.side.quote, flag.suggestion, flag.confidence) == ("Softbank", "SoftBank", 0.4)
    # native outlets write "Softbank" as a house style (or "Tsmc", or a typo such as "TiVO");
    # a lost run of capitals stays suspect
    assert not [f for f in detect(text) if f.detector == "name-casing"]
    assert not [f for f in detect("Foxconn and Tsmc agreed.") if f.detector == "name-casing"]
    assert [f.side.quote for f in detect("Openai said so.") if f.detector == "name-casing"] == [
        "Openai"
    ]


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("Shares in Norvale bank fell.", "Norvale Bank"),
        ("The Tallis Motors group said no.", "Tallis Motors Group"),
        ("A letter to the Marlow Ledger said so.", "The Marlow Ledger"),
        ("The Kestrel trust fund is empty.", "Kestrel Trust Fund"),
    ],
)
def test_style_guide_lower_case_is_not_a_casing_artifact(text: str, known: str) -> None:
    flags = detect(text, (known,), translated=True)
    assert not [f for f in flags if f.detector == "name-casing"]


@pytest.mark.parametrize(
    ("text", "known", "quote"),
    [
        ("Talks in South korea ended.", "South Korea", "South korea"),
        ("He left the White house.", "White House", "White house"),
    ],
)
def test_a_lower_cased_proper_word_inside_a_name_is_still_flagged(
    text: str, known: str, quote: str
) -> None:
    flags = detect(text, (known,), translated=True)
    assert [f.side.quote for f in flags if f.detector == "name-casing"] == [quote]


@pytest.mark.parametrize(
    ("seen", "known"),
    [
        ("PCs", "PCS"),  # an acronym's plural, where the name list holds a mis-grouped "PCS"
        ("surf", "SURF"),  # a common word
        ("Theo Van Gogh", "Theo van Gogh"),  # name particles vary in case
        ("Roland De Marigny", "Roland de Marigny"),
    ],
)
def test_ordinary_case_variation_is_no_casing_artifact(seen: str, known: str) -> None:
    flags = detect(f"They met {seen} on Monday.", (known,), translated=True)
    assert not [f for f in flags if f.detector == "name-casing"]
