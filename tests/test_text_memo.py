"""A sentence's content terms and claim cues kept across runs (analysis/text_memo.py) are what
reading the text again gives, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claim_model import sentence_cues
from analysis.similarity import content_terms
from analysis.text_memo import TextMemo, kept_readings

SENTENCES = (
    'The Korvex plant "closed its doors" on Monday, officials said, after 1,200 jobs went.',
    "KORVEX: Ms Tallis's 3.5% rise in 2023 was the firm's first since 1999's.",
    "They said it was over.",
    "Ivo Tarn, 41, told the Varn Herald: “we will rebuild”",
    "",
    "4:12 a.m. — no words here but figures 12,000 and 3/4",
)
_texts = st.lists(st.sampled_from(SENTENCES) | st.text(max_size=60), max_size=8)


def _read(texts: list[str]) -> list[tuple[object, object]]:
    return [(content_terms(t), sentence_cues(t)) for t in texts]


@settings(max_examples=150, deadline=None)
@given(_texts, _texts)
def test_readings_kept_from_an_earlier_run_equal_reading_again(
    earlier: list[str], now: list[str]
) -> None:
    fresh = _read(now)  # no memo: read from the text
    memo = TextMemo()
    with kept_readings(memo):
        assert _read(earlier) == _read(earlier)  # the second read comes from the memo
    kept = TextMemo.decode(memo.encode("v1"), "v1")  # as the pipeline keeps it
    assert kept.known == memo.used
    with kept_readings(kept):
        assert _read(now) == fresh
    assert kept.computed == len({(k, t) for t in now if t not in earlier for k in "tc"})


def test_a_memo_is_only_read_inside_its_block_and_for_its_version() -> None:
    memo = TextMemo()
    with kept_readings(memo):
        content_terms(SENTENCES[0])
    content_terms(SENTENCES[1])  # outside the block: not put in the memo
    assert memo.computed == 1 and len(memo.used) == 1
    assert TextMemo.decode(memo.encode("v1"), "v2").known == {}
    assert TextMemo.decode(b"junk", "v1").known == {}
