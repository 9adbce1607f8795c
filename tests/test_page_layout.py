"""Residue shown by layout: repeated headlines and paragraphs, captions without a credit, bare
section labels, "By …" lines, photo credits after a caption; and none of them becomes a claim."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from analysis.geo_names import place_names
from analysis.importing import import_paths
from analysis.model import ArticleText
from analysis.page_layout import layout_hits
from analysis.pipeline import analyze
from analysis.residue import CUT_SHORT, _lexicon, residue_flags
from analysis.segment import segment_with_hits, split_sentences
from store import Store

STORY = [
    "The bridge over the river closed on Monday after inspectors found cracks in two supports.",
    "Engineers said repairs would take at least six weeks and cost about $4 million.",
    "Traffic was diverted through the town centre, where queues built up in the evening.",
    "The council said a temporary ferry would run from Wednesday for cyclists and walkers.",
    "Local shops reported fewer customers as drivers avoided the area during the works.",
]


def reasons(*lines: str) -> dict[str, str | None]:
    text = "\n\n".join(lines)
    return {s.text: s.residue for s in split_sentences(text)}


def hits(lines: list[str]) -> dict[int, str]:
    lex = _lexicon()
    return {k: h.reason for k, h in layout_hits(lines, lex.function_words, lex.verbs).items()}


def test_headline_stored_twice_is_residue_but_the_first_copy_is_not() -> None:
    head = "Bridge closed after inspectors find cracks in the town’s main crossing"
    again = head.replace("’", "'")  # curly vs straight apostrophe: still the same line
    got = reasons(head, again, *STORY)
    assert got[head] is None
    assert got[again] == "repeated line"
    assert all(got[s] is None for s in STORY)


def test_near_copy_of_the_headline_under_it_is_residue() -> None:
    head = "Bridge closed after inspectors find cracks in the main crossing"
    near = "Bridge closed after inspectors found cracks in the main crossing"
    assert reasons(head, near, *STORY)[near] == "repeated line"


def test_two_timestamp_lines_that_differ_in_their_label_are_not_a_repeat() -> None:
    lines = ["Posted: Apr 02, 2009 11:06 PM CEST", "Updated: Apr 02, 2009 11:06 PM CEST", *STORY]
    assert 1 not in hits(lines) or hits(lines)[1] != "repeated"


def test_paragraph_repeated_later_is_residue_once() -> None:
    got = reasons("Bridge closed", *STORY[:3], STORY[1], *STORY[3:])
    text = "\n\n".join(["Bridge closed", *STORY[:3], STORY[1], *STORY[3:]])
    marked = [s.residue for s in split_sentences(text) if s.text == STORY[1]]
    assert marked == [None, "repeated line"]
    assert got[STORY[0]] is None


def test_block_of_unclosed_lines_between_paragraphs_is_caption() -> None:
    captions = [
        "Workers clear debris from the road beside the closed bridge",
        "A crane lifts a damaged beam onto a lorry near the river bank",
    ]
    got = reasons("Bridge closed", *STORY[:3], *captions, *STORY[3:])
    assert all(got[c] == "caption" for c in captions)
    assert all(got[s] is None for s in STORY)


def test_lower_case_alt_text_under_the_headline_is_caption() -> None:
    alt = "a crack runs along the side of a concrete bridge support"
    assert reasons("Bridge closed", alt, *STORY[:3])[alt] == "caption"


def test_one_story_sentence_that_lost_its_stop_mid_article_stays_content() -> None:
    lost = "Drivers were told to expect delays of up to an hour on the ring road"
    got = reasons("Bridge closed", *STORY[:3], lost, *STORY[3:])
    assert got[lost] is None


def test_title_case_subheading_and_cut_last_line_are_not_captions() -> None:
    sub = "What Happens Next For The Town Centre And Its Shops"
    cut = "The council will meet again next month to decide whether the"
    got = reasons("Bridge closed", *STORY[:3], sub, *STORY[3:], cut)
    assert got[sub] is None
    assert got[cut] is None


def test_hard_wrapped_text_has_no_unclosed_line_residue() -> None:
    wrapped = [
        "The bridge over the river closed on Monday after inspectors found",
        "cracks in two supports, and engineers said repairs would take at least",
        "six weeks. Traffic was diverted through the town centre, where queues",
        "built up in the evening and the council promised a temporary ferry",
        "for cyclists and walkers from Wednesday.",
    ]
    text = "Bridge closed\n\n" + "\n".join(wrapped)
    assert all(s.residue is None for s in split_sentences(text))


def test_bare_section_labels() -> None:
    got = reasons("Bridge closed", STORY[0], "Details", *STORY[1:], "Background")
    assert got["Details"] == "section label"
    assert got["Background"] == "section label"


def test_a_one_word_line_that_is_a_name_is_no_section_label() -> None:
    """Label evidence: an everyday word the story does not write as a name. An unknown word (a
    venue's name), a word the story writes capitalised mid-sentence, a town: no label."""
    venue = "Brackenholme"  # no such word: a name, as a ground's or a hall's
    named = [*STORY[:2], "Crowds gathered outside Harbour on Tuesday for the reopening."]
    got = reasons("Bridge closed", STORY[0], venue, *named[1:], "Harbour", *STORY[2:])
    assert got[venue] is None
    assert got["Harbour"] is None  # the story names it: "outside Harbour on Tuesday"
    assert reasons("Bridge closed", STORY[0], "Harbour", *STORY[1:])["Harbour"] == "section label"
    if place_names() is not None:
        assert reasons("Bridge closed", STORY[0], "Geneva", *STORY[1:])["Geneva"] is None


def _cut_notes(text: str) -> list[tuple[str, str]]:
    spans, found = segment_with_hits(text)
    flags = residue_flags(ArticleText(1, "outlet", text), spans, hits=found)
    return [(f.side.quote, f.explanation) for f in flags if f.evidence["reason"] == CUT_SHORT]


def test_a_capture_cut_mid_sentence_gets_a_note_and_stays_content() -> None:
    for cut in ("Engineers later found that c", "The council will meet to decide whether the"):
        text = "\n\n".join(["Bridge closed", *STORY, f"The works began in May. {cut}"])
        assert split_sentences(text)[-1].residue is None  # still content, still in the claims
        ((quote, why),) = _cut_notes(text)
        assert quote == cut, quote  # the cut sentence only, not the whole sentence before it
        assert "cut off" in why and why.startswith("This sentence stops before its end")


def test_an_unclosed_last_line_ending_in_a_word_or_a_stop_is_no_cut() -> None:
    for end in ("Repairs are expected to finish in early summer", STORY[0]):
        assert _cut_notes("\n\n".join(["Bridge closed", *STORY, end])) == []
    # an unclosed ending in text that is not punctuated prose says nothing
    assert _cut_notes("Headlines\n\nBridge closed\n\nFerry to run\n\nShops hit by the") == []


def test_photo_credit_after_a_caption_marks_the_caption_line() -> None:
    line = "Workers inspect the support on Monday. Photo by City News Agency reporter Ann Lee"
    glued = "The closed bridge seen from the air (drone photo).Photo by Ann Lee"
    got = reasons("Bridge closed", STORY[0], line, glued, *STORY[1:])
    assert got["Workers inspect the support on Monday."] == "caption"
    assert got["Photo by City News Agency reporter Ann Lee"] == "caption"
    assert all(r == "caption" for t, r in got.items() if "drone photo" in t)
    # "photo by" inside a story sentence that ends with a stop is no credit
    story = "The cracks were first seen in a photo by a passing cyclist."
    assert reasons("Bridge closed", story, *STORY)[story] is None


def test_byline_by_shape_lower_case_or_markdown() -> None:
    for line in ("By staff", "By our correspondent", "BY A STAFF REPORTER"):
        assert reasons("Bridge closed", line, *STORY)[line] == "byline", line
    # a "By …" sentence in the story is not a byline
    story = "By Tuesday the queues had eased."
    assert reasons("Bridge closed", *STORY[:2], story, *STORY[2:])[story] is None


@given(st.lists(st.sampled_from(STORY), min_size=2, max_size=8))
def test_punctuated_distinct_lines_never_get_layout_residue(lines: list[str]) -> None:
    distinct = list(dict.fromkeys(lines))
    assert hits(["Bridge closed", *distinct]) == {}


@given(st.lists(st.text(min_size=0, max_size=40), max_size=12))
def test_layout_never_judges_line_zero(lines: list[str]) -> None:
    assert 0 not in hits(lines)


def test_markdown_bylines_in_two_outlets_never_become_a_claim(tmp_path: Path) -> None:
    """Two outlets both open with "*By staff*": the line is a byline in each, never a shared
    (corroborated) claim."""
    bodies = [STORY, [s.replace("Monday", "Monday morning") for s in STORY]]
    paths = []
    for n, body in enumerate(bodies):
        path = tmp_path / f"outlet{n}.md"
        path.write_text("# Bridge closed\n\n*By staff*\n\n" + "\n\n".join(body) + "\n", "utf-8")
        paths.append(path)
    store = Store.open(tmp_path / "c.db")
    try:
        import_paths(store, paths)
        analyze(store, workers=1)
        by_lines = [
            s for a in store.articles() for s in store.sentences(a.id) if s.text == "By staff"
        ]
        assert len(by_lines) == 2 and all(s.residue == "byline" for s in by_lines)
        members = [m for c in store.clusters() for m in store.cluster_members(c.id)]
        assert members, "the story sentences do form claims"
        assert not [m for m in members if "By staff" in m.text]
    finally:
        store.close()
