"""Pair results kept across runs: exact, and only pairs with something new are computed."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import run_memo
from analysis.claim_slots import CorpusNames, read_sentence
from analysis.model import AlignUnit
from analysis.name_error_model import sentence_words, sentence_words_memo
from analysis.negation import denials
from analysis.polarity import load_lexicon
from analysis.run_memo import DenialMemo, NameMemo, ReadingMemo, WordsMemo
from analysis.translit import distance_memo, name_similarity, translit_distance

WORDS = ["Velkarno", "Belkarno", "Welkarnoh", "Tashpira", "Dashbira", "Orvendal", "Orwendale"]


def _similarities(memo: NameMemo | None) -> list[float]:
    with distance_memo(memo):
        return [name_similarity(a, b) for a in WORDS for b in WORDS]


def test_a_second_run_computes_nothing_and_gets_the_same_scores() -> None:
    plain = _similarities(None)
    first = NameMemo()
    assert _similarities(first) == plain
    assert first.computed > 0
    second = NameMemo.decode(first.encode())
    assert _similarities(second) == plain
    assert second.computed == 0
    assert second.used == first.used


def test_a_new_word_computes_only_its_own_pairs() -> None:
    first = NameMemo()
    _similarities(first)
    second = NameMemo.decode(first.encode())
    with distance_memo(second):
        name_similarity("Tashpira", "Tashpirra")
        name_similarity("Velkarno", "Belkarno")
    assert second.computed == 1


def test_the_memo_keeps_only_pairs_this_run_used() -> None:
    first = NameMemo()
    _similarities(first)
    second = NameMemo.decode(first.encode())
    with distance_memo(second):
        name_similarity("Orvendal", "Orwendale")
    assert list(NameMemo.decode(second.encode()).known) == ["orvendal\torwendale"]


@pytest.mark.parametrize("blob", [None, b"", b"junk", b"translit-memo/1 0000\nxx"])
def test_unreadable_or_foreign_blobs_give_an_empty_memo(blob: bytes | None) -> None:
    assert NameMemo.decode(blob).known == {}


def test_a_memo_of_other_translit_code_is_thrown_away(monkeypatch: pytest.MonkeyPatch) -> None:
    memo = NameMemo()
    _similarities(memo)
    blob = memo.encode()
    monkeypatch.setattr(run_memo, "memo_version", lambda: "other-code")
    assert NameMemo.decode(blob).known == {}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("abcdefghijklmnopqrstuvwxyz '-", min_size=1, max_size=9), max_size=6))
def test_distances_read_back_bit_for_bit(names: list[str]) -> None:
    memo = NameMemo()
    with distance_memo(memo):
        expected = [translit_distance(a, b) for a in names for b in names]
    with distance_memo(NameMemo.decode(memo.encode())):
        assert [translit_distance(a, b) for a in names for b in names] == expected


def test_a_distance_memo_holds_only_inside_its_block_and_its_thread() -> None:
    memo = NameMemo()
    with distance_memo(memo):
        name_similarity("Velkarno", "Belkarno")
        worker = threading.Thread(target=name_similarity, args=("Dashbira", "Tashpira"))
        worker.start()
        worker.join()
    name_similarity("Orvendal", "Orwendale")
    assert list(memo.used) == ["belkarno\tvelkarno"]  # not the other thread's, not after


# invented sentences: one denies what the other states, the third is about something else
DENIED = "The port authority will not accept the shipping licence as proof of ownership."
STATED = "The port authority accepts the shipping licence as proof of ownership, officials said."
OTHER = "Ferry crossings resumed after the storm, the operator said."
PAIRS = [(DENIED, STATED), (STATED, DENIED), (DENIED, OTHER), (OTHER, STATED)]


def _denials(memo: DenialMemo | None) -> list[object]:
    return [denials(a, b, memo) for a, b in PAIRS]


def test_denials_come_back_from_the_memo_equal_and_are_not_computed_again() -> None:
    plain = _denials(None)
    assert plain[0][0] and plain[1][1]  # the pair really holds a denial, both ways
    first = DenialMemo()
    assert _denials(first) == plain
    assert first.computed == len(PAIRS)
    second = DenialMemo.decode(first.encode("v1"), "v1")
    assert _denials(second) == plain
    assert second.computed == 0


def test_denials_kept_in_two_layers_come_back_equal_and_are_not_computed_again() -> None:
    plain = _denials(None)
    first = DenialMemo.decode_layers(None, None, "v1")
    assert _denials(first) == plain
    base, more = first.layers("v1")  # nothing stored before: all of it is the base
    assert base is not None and DenialMemo.decode(more, "v1").known == {}
    second = DenialMemo.decode_layers(base, more, "v1")
    assert _denials(second) == plain and second.computed == 0
    assert second.layers("v1")[0] is None  # nothing beyond the base: the base is kept
    assert DenialMemo.decode_layers(base, b"junk", "v1").known == second.known
    assert DenialMemo.decode_layers(base, None, "v2").known == {}


def test_a_denial_memo_of_another_analysis_version_is_thrown_away() -> None:
    memo = DenialMemo()
    _denials(memo)
    assert DenialMemo.decode(memo.encode("v1"), "v2").known == {}
    assert DenialMemo.decode(b"junk", "v1").known == {}
    assert DenialMemo.decode(None, "v1").known == {}


def test_the_name_memo_keeps_at_most_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A capped memo keeps the first pairs it used; a later run computes the others again."""
    monkeypatch.setattr(run_memo, "NAME_MEMO_CAP", 2)
    memo = NameMemo()
    for pair, value in (("a\tb", 0.25), ("a\tc", 0.5), ("b\tc", 0.75)):
        memo[pair] = value
    assert NameMemo.decode(memo.encode()).known == {"a\tb": 0.25, "a\tc": 0.5}


def test_a_sentence_reading_comes_back_from_the_memo_unless_its_corpus_names_change() -> None:
    """The contradiction detector's reading of a sentence (names, polar events) is kept by a key
    of its text, entities and the corpus names that may occur in it: a new corpus name found in
    the text is read again, one that cannot occur there is not."""
    lex = load_lexicon()
    unit = AlignUnit(1, 0, "Police in Velkarno said the Orvendal plant was halted on Monday.", "s1")
    names = CorpusNames(["Velkarno"])
    first = ReadingMemo()
    plain = read_sentence((1, 0), unit, lex, corpus_names=names)
    assert read_sentence((1, 0), unit, lex, corpus_names=names, memo=first) == plain
    assert first.computed == 1 and plain.events and plain.names
    second = ReadingMemo.decode(first.encode("v1"), "v1")
    assert read_sentence((1, 0), unit, lex, corpus_names=names, memo=second) == plain
    other = CorpusNames(["Velkarno", "Tashpira"])  # not in the text: the same reading
    assert read_sentence((1, 0), unit, lex, corpus_names=other, memo=second) == plain
    assert second.computed == 0
    more = CorpusNames(["Velkarno", "Orvendal"])  # in the text: read again, and it differs
    again = read_sentence((1, 0), unit, lex, corpus_names=more, memo=second)
    assert second.computed == 1
    assert again == read_sentence((1, 0), unit, lex, corpus_names=more) != plain
    assert ReadingMemo.decode(first.encode("v1"), "v2").known == {}


SLOT_TEXTS = [
    "Engineer Teodor Prankowitz designed the Velmora bridge for the Qorvath Institute.",
    "The bridge cost 42 million euros and opened on 14 March after 19 months of work.",
    "Its deck spans 310 metres across the Drenava gorge, the longest in the province.",
]


def test_sentence_words_come_back_from_the_memo_equal_and_are_not_computed_again() -> None:
    plain = [sentence_words(t) for t in SLOT_TEXTS]
    first = WordsMemo()
    with sentence_words_memo(first):
        assert [sentence_words(t) for t in SLOT_TEXTS] == plain
    assert first.computed == len(SLOT_TEXTS)
    second = WordsMemo.decode(first.encode("v1"), "v1")
    with sentence_words_memo(second):
        assert [sentence_words(t) for t in SLOT_TEXTS] == plain
        assert second.computed == 0
        changed = SLOT_TEXTS[0].replace("Prankowitz", "Brankovic")
        assert sentence_words(changed) == sentence_words_memo_free(changed)
    assert second.computed == 1  # the changed sentence misses the memo
    assert WordsMemo.decode(first.encode("v1"), "v2").known == {}


def sentence_words_memo_free(text: str) -> object:
    with sentence_words_memo(None):
        return sentence_words(text)


@given(st.lists(st.frozensets(st.text(alphabet="abz09 ", max_size=6), max_size=4), min_size=3,
                max_size=3))  # fmt: skip
def test_sentence_words_read_back_exactly(parts: list[frozenset[str]]) -> None:
    memo = WordsMemo()
    memo["k"] = tuple(parts)
    assert WordsMemo.decode(memo.encode("v"), "v").known == {"k": tuple(parts)}


@pytest.mark.parametrize("blob", [None, b"", b"junk", b"sentence-words/1 v\nxx"])
def test_unreadable_words_blobs_give_an_empty_memo(blob: bytes | None) -> None:
    assert WordsMemo.decode(blob, "v").known == {}
