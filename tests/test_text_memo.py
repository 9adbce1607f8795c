"""A sentence's content terms, claim cues and counted figures kept across runs
(analysis/text_memo.py) are what reading the text again gives, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claim_facts import counted_families
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
    "Nine people died and 14 were injured when the roof fell.",
)
_texts = st.lists(st.sampled_from(SENTENCES) | st.text(max_size=60), max_size=8)


def _read(texts: list[str]) -> list[tuple[object, object, object]]:
    return [(content_terms(t), sentence_cues(t), counted_families(t)) for t in texts]


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
    assert kept.computed == len({(k, t) for t in now if t not in earlier for k in "tcn"})


def test_a_memo_is_only_read_inside_its_block_and_for_its_version() -> None:
    memo = TextMemo()
    with kept_readings(memo):
        content_terms(SENTENCES[0])
    content_terms(SENTENCES[1])  # outside the block: not put in the memo
    assert memo.computed == 1 and len(memo.used) == 1
    assert TextMemo.decode(memo.encode("v1"), "v2").known == {}
    assert TextMemo.decode(b"junk", "v1").known == {}


@settings(max_examples=100, deadline=None)
@given(_texts, _texts, _texts)
def test_readings_kept_in_two_layers_over_three_runs_equal_reading_again(
    first: list[str], second: list[str], third: list[str]
) -> None:
    """A run stores what it read beyond the stored base (or a new base once that reaches
    LAYER_SHARE of it); the next run reads both layers and gets what reading again gives."""
    blobs: dict[str, bytes | None] = {"base": None, "more": None}
    for texts in (first, second, third):
        memo = TextMemo.decode_layers(blobs["base"], blobs["more"], "v1")
        before = blobs["base"]
        with kept_readings(memo):
            assert _read(texts) == _read(texts)
        kept_before = dict(memo.known)
        base, more = memo.layers("v1")
        if base is None:  # the stored base is kept: the run's other readings go beyond it
            assert before is not None
            assert TextMemo.decode(more, "v1").known == {
                k: v for k, v in memo.used.items() if k not in memo.base
            }
        else:
            blobs["base"] = base
            assert TextMemo.decode(more, "v1").known == {}
        blobs["more"] = more
        again = TextMemo.decode_layers(blobs["base"], blobs["more"], "v1")
        assert all(again.known[k] == v for k, v in memo.used.items())  # nothing used is lost
        assert set(again.known) <= set(kept_before) | set(memo.used)
    with kept_readings(again):
        assert _read(third) == [
            (content_terms(t), sentence_cues(t), counted_families(t)) for t in third
        ]
    assert again.computed == 0


def test_a_small_addition_keeps_the_base_and_a_large_one_writes_a_new_base() -> None:
    memo = TextMemo()
    with kept_readings(memo):
        _read(list(SENTENCES))
    base, more = memo.layers("v1")
    assert base is not None and TextMemo.decode(more, "v1").known == {}  # no base yet: all
    small = TextMemo.decode_layers(base, more, "v1")
    with kept_readings(small):
        _read([*SENTENCES, "One more sentence."])
    assert small.computed == 3 and small.layers("v1")[0] is None  # 3 < half of 21: kept
    large = TextMemo.decode_layers(base, more, "v1")
    with kept_readings(large):
        _read([f"New sentence number {n}." for n in range(10)])
    new_base, rest = large.layers("v1")
    assert new_base is not None and TextMemo.decode(new_base, "v1").known == large.used
    assert TextMemo.decode(rest, "v1").known == {}
