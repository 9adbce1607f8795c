"""Files -> article drafts: formats, encodings, bad input, and the real corpus."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.html_extract import extract_html, html_to_text, iso_date
from analysis.ingest import (
    IMPORTABLE_SUFFIXES,
    ArticleDraft,
    IngestError,
    decode_bytes,
    detect_language,
    discover,
    find_translation_note,
    markdown_to_text,
    read_file,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ROOT = Path(__file__).resolve().parent.parent


def read_one(name: str) -> ArticleDraft:
    drafts = read_file(FIXTURES / name)
    assert len(drafts) == 1
    return drafts[0]


def ingest_error(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        read_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message or path.name in message
    return message


# --- discover -------------------------------------------------------------------------------


def test_discover_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.md", "a/y.HTML", ".hidden.txt", ".git/x.txt", "a/notes.pdf"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    files, errors = discover([tmp_path])
    assert errors == []
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/y.HTML", "a/z.md", "b.txt"]


def test_discover_reports_missing_paths_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    missing = tmp_path / "nope.txt"
    files, errors = discover([missing, tmp_path / "a.json"])
    assert files == [tmp_path / "a.json"]
    assert [str(e) for e in errors] == [f"{missing}: no such file or directory"]


def test_discover_flags_a_folder_with_nothing_importable(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    files, errors = discover([tmp_path])
    assert files == []
    assert len(errors) == 1
    assert str(tmp_path) in str(errors[0]) and "no importable files" in str(errors[0])
    assert ".jsonl" in str(errors[0])


def test_discover_rejects_an_explicit_file_of_another_type_and_dedupes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a.docx").write_bytes(b"PK")
    files, errors = discover([tmp_path / "a.txt", tmp_path, tmp_path / "a.docx"])
    assert files == [tmp_path / "a.txt"]
    assert len(errors) == 1 and "a.docx" in str(errors[0]) and ".docx" in str(errors[0])


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tiny.png.txt", "binary file"),
        ("whitespace.txt", "empty"),
        ("malformed.json", "malformed JSON at line 4, column 3"),
        ("bad_line.jsonl", "malformed JSON at line 2"),
        ("no_text.json", 'no "text" field (keys: body, title)'),
        ("empty_page.html", "no article text"),
    ],
)
def test_bad_fixture_files_give_one_line_errors(name: str, expected: str) -> None:
    assert expected in ingest_error(FIXTURES / name)


def test_a_bad_json_line_is_named_by_its_line_number() -> None:
    message = ingest_error(FIXTURES / "no_text.jsonl")
    assert "no_text.jsonl#2:" in message and 'no "text" field' in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("zero.txt", b"", "empty file"),
        ("list.json", b"[]", "no articles"),
        ("number.json", b"42", "expected a JSON object, found a number"),
        ("nontext.json", b'{"text": ["a"]}', '"text" is not a string'),
        ("blank.json", b'{"text": " \\n "}', "empty article"),
        ("lines.jsonl", b"\n\n", "empty file"),
        ("late.jsonl", b'\r\n\n{"text": "ok"}\r\n{"text": }', "at line 4, column 10"),
        ("bom.txt", b"\xef\xbb\xbf\xff\xfeabc", "byte-order mark but is not UTF-8"),
        ("escape.txt", b"\x1b[31m" * 30, "binary file"),
        ("junk.md", bytes(range(0x80, 0x100)) * 3, "cannot tell which text encoding"),
        ("deep.json", b"[" * 100_000, "JSON nested too deeply"),
        ("strings.json", b'["a", "b"]', "strings.json#1: expected a JSON object, found a string"),
    ],
)
def test_bad_inputs_give_one_line_errors(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in ingest_error(path)


def test_missing_file_and_folder_are_ingest_errors(tmp_path: Path) -> None:
    assert "no such file" in ingest_error(tmp_path / "gone.txt")
    assert "folder" in ingest_error(tmp_path)


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("quotes_utf8_bom.txt", "utf-8-sig"),
        ("quotes_cp1252.txt", "cp1252"),
        ("quotes_utf16.txt", "utf-16"),
        ("quotes_utf16le_nobom.txt", "utf-16-le"),
    ],
)
def test_other_encodings_give_the_same_article(name: str, encoding: str) -> None:
    original = read_one("quotes_utf8.txt")
    other = read_one(name)
    assert other.encoding == encoding
    assert other.text == original.text
    assert other.sha256 == original.sha256
    assert "“We are relieved to have it back,”" in other.text and "€3.2 million –" in other.text


def test_latin1_gives_the_same_article_as_utf8() -> None:
    original = read_one("western_utf8.txt")
    latin1 = read_one("western_latin1.txt")
    assert (latin1.text, latin1.sha256) == (original.text, original.sha256)
    assert latin1.encoding == "iso8859-1"
    assert "Königstraße" in latin1.text and "naïve" in latin1.text


@pytest.mark.parametrize("word", ["Café", "Café crème", "naïve façade", "Zoë’s “quote”"])
def test_short_western_texts_decode_as_western(tmp_path: Path, word: str) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(f"{word}\n".encode("cp1252"))
    assert read_file(path)[0].text == word


def test_html_declared_charset_is_honoured() -> None:
    page = read_one("page_cp1252.htm")
    assert page.encoding == "cp1252"
    assert page.title == "Café reopens"
    assert "reopened on Saturday – “finally”" in page.text


def test_decode_bytes_prefers_utf8_and_reports_the_codec() -> None:
    assert decode_bytes("Zoë".encode(), "x") == ("Zoë", "utf-8")
    assert decode_bytes("Zoë".encode("utf-16-be"), "x")[0] == "Zoë"


# --- formats --------------------------------------------------------------------------------


def test_text_file_title_is_a_short_first_line() -> None:
    draft = read_one("translated_note.txt")
    assert draft.title == "Port strike ends after nine days"
    assert draft.text.startswith("Port strike ends after nine days\n\nDock workers")
    assert draft.source is None and draft.published is None and draft.url is None
    assert draft.file_name == "translated_note.txt"
    assert draft.path == str(FIXTURES / "translated_note.txt")


@pytest.mark.parametrize(
    "text",
    [
        "A first line that is a whole sentence.\nMore text.",
        'The mayor of Lanford said: "We will rebuild."\nMore text.',
        "He called it ‘a fair deal,’\nMore text.",
        "x" * 130 + "\nMore text.",
        "Only one line, no title",
    ],
)
def test_text_file_without_a_headline_has_no_title(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text)
    assert read_file(path)[0].title is None


def test_a_quoted_headline_without_a_stop_is_a_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text('Mayor of Lanford: "We will rebuild"\n\nThe mayor spoke on Monday.')
    assert read_file(path)[0].title == 'Mayor of Lanford: "We will rebuild"'


@pytest.mark.parametrize(
    "above",
    [
        "Crowds cross the reopened bridge on Monday./Courtesy of Lanford City Council.",
        "Crowds cross the reopened bridge on Monday. /Courtesy of Lanford City Council",
        "The mayor cuts the ribbon (Photo: Lanford City Council)",
        "Share on Facebook Share on X Copy link",
        "By Jane Morrow | March 3, 2026",
        "Share on Facebook Share on X Copy link\nPhoto: The bridge at dawn. /Courtesy of the port",
    ],
)
def test_a_caption_or_page_line_above_the_headline_is_not_the_title(
    tmp_path: Path, above: str
) -> None:
    """A page saved as text may open with what stood above its headline: a photo caption
    ending in its credit, share buttons, a byline. None is the title (a short one was taken
    as it, and one ending in a stop left the article without one); the line after it is."""
    path = tmp_path / "a.txt"
    path.write_text(
        f"{above}\n\nHarbour bridge reopens after two years\n\n"
        "The bridge reopened on Monday after two years of repairs, the council said.\n"
    )
    assert read_file(path)[0].title == "Harbour bridge reopens after two years"


def test_a_caption_above_the_lede_leaves_no_title(tmp_path: Path) -> None:
    """With no headline under the caption, the lede (a sentence) is no title either."""
    path = tmp_path / "a.txt"
    path.write_text(
        "Crowds cross the reopened bridge on Monday./Courtesy of Lanford City Council.\n\n"
        "The bridge reopened on Monday after two years of repairs, the council said.\n\n"
        "Traffic was light in the first hours.\n"
    )
    assert read_file(path)[0].title is None


def test_text_keeps_internal_whitespace_and_strips_the_end(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\r\n\r\nHead\r\n\r\n  indented line  \r\nlast\r\n\r\n  \t")
    draft = read_file(path)[0]
    assert draft.text == "Head\n\n  indented line  \nlast"
    assert draft.sha256 == hashlib.sha256(draft.text.encode()).hexdigest()


def test_markdown_becomes_the_text_a_reader_sees() -> None:
    draft = read_one("article.md")
    assert draft.title == "Port strike ends after nine days"
    assert draft.text == (
        "Port strike ends after nine days\n\n"
        "Dock workers returned on Monday, according to the union.\n\n"
        "The deal includes:\n\n"
        "- a 4% raise\n"
        "- two extra rest days\n\n"
        "Raise: 4%\n\n"
        '"It was a fair deal," the negotiator said.'
    )


def test_markdown_front_matter_gives_metadata_and_is_not_text() -> None:
    draft = read_one("front_matter.md")
    assert (draft.title, draft.source, draft.published, draft.language) == (
        "Rail line reopens",
        "Valley Post",
        "2025-07-06",
        "en",
    )
    assert draft.text == "A different heading\n\nThe valley rail line reopened on Sunday."


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("See [the *report*](http://x.org 'T').", "See the report."),
        ("![chart](c.png)\n\nBody.", "Body."),
        ("Text with ![icon](i.png) inside.", "Text with inside."),
        ("`a_b` and __c__ and ~~d~~", "a_b and c and d"),
        ("1. one\n2. two", "1. one\n2. two"),
        ("Line one  \nline two", "Line one\nline two"),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.", "a | b\n1 | 2\n\nAfter."),
        ("Tom &amp; Jerry", "Tom & Jerry"),
    ],
)
def test_markdown_markup_is_removed(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown)[0] == text


def test_html_page_keeps_the_article_and_drops_nav_and_footer() -> None:
    page = read_one("page.html")
    paragraphs = page.text.split("\n\n")
    assert len(paragraphs) == 5  # headline + four paragraphs, blank lines between
    assert paragraphs[0] == "Harbour bridge reopens after repairs"
    assert paragraphs[1].startswith("The harbour bridge reopened to traffic on Friday morning")
    assert paragraphs[4].endswith("A second phase of work is planned for next year.")
    for chrome in ("Subscribe now", "Sport", "Privacy policy", "All rights reserved", "Contact"):
        assert chrome not in page.text
    assert page.title == "Harbour bridge reopens after repairs"
    assert page.source == "The Coastal Ledger"
    assert page.published == "2024-03-08"
    assert page.url == "https://ledger.example.org/news/harbour-bridge"
    assert page.language == "en"


def test_html_date_is_only_what_the_page_states() -> None:
    html = (
        "<html><body><div><h1>Port strike ends</h1><p>Dock workers returned on Monday.</p>"
        "<p>The union accepted a raise.</p></div><div>Copyright 2025 Example Media.</div>"
        "</body></html>"
    )
    assert extract_html(html).published is None  # not 2025-01-01 from the copyright line
    dated = html.replace("<body>", '<head><meta name="date" content="2024-11-02"></head><body>')
    assert extract_html(dated).published == "2024-11-02"


def test_html_fallback_parser_reads_pages_trafilatura_skips() -> None:
    page = extract_html((FIXTURES / "table_layout.html").read_text())
    assert page.extractor == "html.parser"
    assert page.text == (
        "Village fete raises funds\n\n"
        "The summer fete raised 1,850 pounds for the school roof on Saturday.\n\n"
        "Organisers thanked the bakers\nand the brass band."
    )
    assert (page.title, page.published) == ("Village fete raises funds", "2023-06-18")


def test_html_to_text_drops_page_chrome_but_keeps_the_article_header() -> None:
    html = (
        "<nav>Home</nav><header>Site banner</header><article><header><h1>Big fire</h1></header>"
        "<p>A fire broke <b>out</b>.</p><script>var x;</script><div hidden>secret</div></article>"
        "<footer>Site footer</footer>"
    )
    assert html_to_text(html) == "Big fire\n\nA fire broke out."
    assert html_to_text((FIXTURES / "page.html").read_text()).count("\n\n") == 4
    assert html_to_text("<![<p>Text</p>").endswith("Text")  # CPython's parser asserts on "<!["


def test_json_object_fields() -> None:
    draft = read_one("article.json")
    assert draft.text == (
        "Dock workers returned to the port on Monday after a nine-day strike.\n\n"
        "The union accepted a 4% raise, its negotiator said."
    )
    assert (draft.title, draft.source, draft.url, draft.published, draft.language) == (
        "Port strike ends after nine days",
        "Example Wire",
        "https://wire.example.com/port-strike",
        "2025-07-15",
        "en",
    )
    assert draft.translated is False


def test_json_list_gives_one_article_per_object() -> None:
    first, second = read_file(FIXTURES / "articles.json")
    assert first.path.endswith("articles.json#1") and second.path.endswith("articles.json#2")
    assert first.file_name == second.file_name == "articles.json"
    assert (first.source, first.published) == ("Valley Post", "2025-07-03")
    assert second.source == "Valley Post"
    assert (second.translated, second.translation_note) == (True, None)


def test_json_lines_are_numbered_by_line_and_notes_found_in_any_script() -> None:
    drafts = read_file(FIXTURES / "articles.jsonl")
    assert [d.path.rsplit("#", 1)[1] for d in drafts] == ["1", "3", "4"]
    ferry, korean, japanese = drafts
    assert (ferry.source, ferry.published, ferry.translated) == ("Island News", "2025-07-01", False)
    assert korean.language == "ko"
    assert korean.translation_note == "이 기사는 AI로 번역되었습니다."
    assert japanese.language == "ja" and japanese.translated


# --- translation notes and language ---------------------------------------------------------


def test_translation_note_is_found_as_written() -> None:
    draft = read_one("translated_note.txt")
    assert draft.translated
    note = "* This article was translated from Korean using AI. Report errors to the desk."
    assert draft.translation_note == note


def test_an_article_about_machine_translation_is_not_marked() -> None:
    draft = read_one("about_translation.txt")
    assert "machine translation" in draft.text
    assert (draft.translated, draft.translation_note) == (False, None)


@pytest.mark.parametrize(
    "note",
    [
        "This story was machine-translated from Japanese.",
        "(Automatically translated by Google Translate)",
        "Translated by AI",
        "Dieser Artikel wurde maschinell übersetzt.",
        "Cet article a été traduit automatiquement.",
        "Este artículo fue traducido por IA.",
        "이 기사는 AI 번역을 거쳤습니다.",
        "この記事は機械翻訳です。",
    ],
)
def test_translation_notes_in_several_languages(note: str) -> None:
    body = "\n\n".join(f"Paragraph {n} of the story about the port." for n in range(10))
    assert find_translation_note(f"{body}\n\n{note}") == note


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the treaty was translated into six languages.",
        "Researchers compared machine translation systems. " * 10,
        "He translated the letter by hand for his grandmother.",
    ],
)
def test_ordinary_mentions_of_translation_are_not_notes(text: str) -> None:
    body = "\n\n".join(f"Paragraph {n} about a different topic entirely." for n in range(10))
    assert find_translation_note(f"{body[:200]}\n\n{text}\n\n{body}") is None


def test_language_detection() -> None:
    assert detect_language("The council said the bridge would reopen on Friday morning.") == "en"
    german = "Der Bürgermeister sagte, die Brücke werde am Freitag wieder geöffnet."
    assert detect_language(german) is None
    assert detect_language("엔비디아가 수출 규제를 피했다고 밝혔다.") == "ko"
    assert detect_language("12 345 — 678") is None


def test_iso_date_reads_common_forms() -> None:
    assert iso_date("2025-07-15T08:30:00Z") == "2025-07-15"
    assert iso_date("July 3, 2025") == "2025-07-03"
    assert iso_date("15.07.2025") == "2025-07-15"
    assert iso_date("2025-02-30") is None
    assert iso_date("soon") is None


def test_trafilatura_is_imported_only_for_html() -> None:
    code = (
        "import sys; from pathlib import Path; from analysis.ingest import read_file; "
        f"read_file(Path({str(FIXTURES / 'article.md')!r})); "
        "assert 'trafilatura' not in sys.modules; "
        f"read_file(Path({str(FIXTURES / 'page.html')!r})); "
        "assert 'trafilatura' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# --- properties -----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
    | st.sampled_from("\n \t"),
    min_size=1,
    max_size=200,
)


def _outcome(folder: str, name: str, data: bytes) -> tuple[str, str] | str:
    path = Path(folder, name)
    path.write_bytes(data)
    try:
        (draft,) = read_file(path)
    except IngestError as err:
        return str(err).replace(str(path), "<file>")
    return draft.text, draft.sha256


@settings(max_examples=60, deadline=None)
@given(text=_TEXT)
def test_hash_is_stable_under_newline_style(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        unix = _outcome(folder, "a.txt", text.encode())
        windows = _outcome(folder, "a.txt", text.replace("\n", "\r\n").encode())
        old_mac = _outcome(folder, "a.txt", text.replace("\n", "\r").encode())
    assert unix == windows == old_mac


@settings(max_examples=60, deadline=None)
@given(text=_TEXT)
def test_hash_is_stable_under_unicode_normal_form(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        nfc = _outcome(folder, "a.txt", unicodedata.normalize("NFC", text).encode())
        nfd = _outcome(folder, "a.txt", unicodedata.normalize("NFD", text).encode())
    assert nfc == nfd


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), suffix=st.sampled_from(IMPORTABLE_SUFFIXES))
def test_random_bytes_give_drafts_or_ingest_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"random{suffix}")
        path.write_bytes(data)
        try:
            drafts = read_file(path)
        except IngestError as err:
            assert "\n" not in str(err) and "random" in str(err)
            return
    for draft in drafts:
        assert draft.text.strip() and "\r" not in draft.text
        assert draft.text == unicodedata.normalize("NFC", draft.text)
        assert draft.sha256 == hashlib.sha256(draft.text.encode()).hexdigest()


@settings(max_examples=40, deadline=None)
@given(
    items=st.lists(
        st.fixed_dictionaries(
            {"text": st.text(min_size=1, max_size=50).filter(str.strip)},
            optional={"title": st.text(max_size=20), "translated": st.booleans()},
        ),
        min_size=1,
        max_size=4,
    )
)
def test_json_lines_round_trip(items: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "a.jsonl")
        path.write_text("\n".join(json.dumps(item) for item in items), encoding="utf-8")
        try:
            drafts = read_file(path)
        except IngestError as err:  # only a text that is whitespace after normalising
            assert "empty article" in str(err)
            return
    assert len(drafts) == len(items)
    for draft, item in zip(drafts, items, strict=True):
        assert draft.translated >= (item.get("translated") is True)


# --- the real corpus ------------------------------------------------------------------------


def test_real_corpus(h20_dir: Path) -> None:
    files, errors = discover([h20_dir])
    assert errors == []
    assert [f.suffix for f in files] == [".txt"] * 5
    drafts = {f.name[:3]: read_file(f)[0] for f in files}
    assert all(d.encoding == "utf-8" and d.language == "en" for d in drafts.values())
    first = drafts["000"]
    assert first.translated and first.translation_note is not None
    assert "translated by AI" in first.translation_note
    assert first.translation_note in first.text.split("\n")
    assert not drafts["002"].translated and drafts["002"].translation_note is None
    headline = (h20_dir / drafts["001"].file_name).read_text().split("\n", 1)[0].strip()
    assert drafts["001"].title == headline
    assert drafts["000"].title is None  # a long caption line is not a headline
    assert len({d.sha256 for d in drafts.values()}) == 5
