"""One odd file never stops an import: every failure is that file's (or record's) one line, the
batch goes on and prints its summary, and nothing half-written stays behind."""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path

import pytest
from cli_fixtures import run
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis.ingest as ingest
from analysis.ingest import IngestError, read_articles, read_file
from store import Store


def error_lines(result: Result) -> list[str]:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith("corroborator: error: ") for line in lines), result.stderr
    assert "Traceback" not in result.output + result.stderr
    return lines


def stored_paths(db: Path) -> list[str]:
    with Store.open(db) as s:
        return sorted(a.path or "" for a in s.articles())


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORROBORATOR_CONFIG", str(tmp_path / "absent-config.toml"))


ARTICLE = "The harbour council approved the ferry link on Monday after a long debate."


def test_bogus_declared_codec_falls_back_to_detection(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = f"<p>Caf\xe9 owners said: {ARTICLE}</p>".encode("cp1252")
    page.write_bytes(b'<html><head><meta charset="undefined"></head><body>' + body + b"</body>")
    (draft,) = read_file(page)
    assert "Café owners" in draft.text


@pytest.mark.parametrize("codec", ["unicode_escape", "raw_unicode_escape", "punycode", "utf-7"])
def test_codecs_that_rewrite_text_are_not_page_charsets(tmp_path: Path, codec: str) -> None:
    # A page may declare any name Python knows; escape codecs would turn "\\x41" into "A".
    page = tmp_path / "page.html"
    body = f"<p>Caf\xe9 owners typed C:\\x41 and said: {ARTICLE}</p>".encode("cp1252")
    page.write_bytes(f'<html><head><meta charset="{codec}"></head><body>'.encode() + body)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (draft,) = read_file(page)
    assert "Café owners typed C:\\x41" in draft.text


def test_markup_that_trips_the_page_extractor_is_read_by_the_fallback(tmp_path: Path) -> None:
    page = tmp_path / "svg.html"
    page.write_text(f"<html><body><svg><p><p>icon</p></svg><p>{ARTICLE}</p></body></html>")
    (draft,) = read_file(page)
    assert ARTICLE in draft.text


def test_jsonl_keeps_good_lines_and_names_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": "First article."}), "{not json", '{"title": "no body"}', "7"]
    lines.append(json.dumps({"text": "Last article."}))
    path.write_text("\n".join(lines))
    found = read_articles(path)
    assert [d.text for d in found.drafts] == ["First article.", "Last article."]
    messages = [str(e) for e in found.errors]
    assert len(messages) == 3 and all("\n" not in m for m in messages)
    assert "line 2" in messages[0]
    assert messages[1].startswith(f"{path}#3:") and '"text"' in messages[1]
    assert messages[2].startswith(f"{path}#4:") and "number" in messages[2]
    with pytest.raises(IngestError, match="line 2"):  # the all-or-nothing reader still refuses
        read_file(path)


def test_json_list_keeps_good_objects_and_names_bad_ones_by_index(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": "One."}, None, {"text": 5}, {"text": "Four."}]))
    found = read_articles(path)
    assert [d.path for d in found.drafts] == [f"{path}#1", f"{path}#4"]
    assert [str(e).split(":", 1)[0] for e in found.errors] == [f"{path}#2", f"{path}#3"]


def test_lone_surrogate_escapes_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"text": "broken \\ud800 pair", "title": "t\\udfff"}')
    (draft,) = read_file(path)
    assert draft.text == "broken \ufffd pair" and draft.title == "t\ufffd"


def test_any_unexpected_failure_is_the_files_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(src: object, text: str) -> list[object]:
        raise KeyError("boom\nsecond line")

    monkeypatch.setitem(ingest._READERS, ".md", explode)
    path = tmp_path / "a.md"
    path.write_text(ARTICLE)
    found = read_articles(path)
    assert found.drafts == []
    (err,) = found.errors
    assert str(err).startswith(f"{path}: cannot be read (KeyError") and "\n" not in str(err)


def test_article_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 100)  # ~7.5 kB
    (err,) = read_articles(path, max_article_mb=0.005).errors
    assert "over the 0.005 MB import limit" in str(err) and "--max-article-mb" in str(err)
    assert len(read_articles(path, max_article_mb=0.01).drafts) == 1
    path.write_text(ARTICLE * 1000)  # ~75 kB: refused from its size, before it is read
    (err,) = read_articles(path, max_article_mb=0.005).errors
    assert "too big" in str(err)


def test_batch_goes_on_past_every_kind_of_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(ARTICLE)
    (folder / "b-binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "c-empty.md").write_bytes(b"")
    (folder / "d-svg.html").write_text(f"<svg><p><p>x</svg><p>{ARTICLE} Again.</p>")
    (folder / "e-codec.html").write_bytes(
        b'<meta charset="undefined"><p>Na\xefve readers: ' + ARTICLE.encode() + b"</p>"
    )
    (folder / "f-feed.jsonl").write_text('{"text": "Feed one."}\n{oops\n{"text": "Feed two."}\n')
    (folder / "g-big.txt").write_text(ARTICLE * 200)
    os.mkdir(os.fsencode(folder / "h-dir.txt"))  # a folder with a file suffix
    odd_name = os.fsencode(folder) + b"/i-caf\xe9.txt"  # not valid UTF-8
    with open(odd_name, "wb") as handle:
        handle.write(b"Odd name: " + ARTICLE.encode())
    db = tmp_path / "c.db"
    result = run("import", folder, "--db", db, "--max-article-mb", "0.01")
    assert result.exit_code == 1
    errors = error_lines(result)
    named = sorted(line.split(": ")[2].rsplit("/", 1)[-1] for line in errors)
    assert named == ["b-binary.txt", "c-empty.md", "f-feed.jsonl", "g-big.txt"], errors
    assert "6 imported, 0 already present, 4 failed" in result.output
    stored = [p.rsplit("/", 1)[-1] for p in stored_paths(db)]
    assert stored == [
        "a-good.txt", "d-svg.html", "e-codec.html", "f-feed.jsonl#1", "f-feed.jsonl#3",
        "i-caf\ufffd.txt",
    ]  # fmt: skip


def test_size_limit_from_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("max_article_mb = 0.001\n")
    monkeypatch.setenv("CORROBORATOR_CONFIG", str(config))
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE * 20)
    result = run("import", path, "--db", tmp_path / "c.db")
    assert result.exit_code == 1 and "import limit" in error_lines(result)[0]
    assert run("import", path, "--db", tmp_path / "c.db", "--max-article-mb", "1").exit_code == 0
    config.write_text('max_article_mb = "lots"\n')
    result = run("import", path, "--db", tmp_path / "c.db")
    assert result.exit_code == 1 and "max_article_mb" in error_lines(result)[0]


# --- fuzz: bytes, declared codecs, page shapes ----------------------------------------------

_CODECS = st.sampled_from(
    ["utf-8", "latin-1", "undefined", "rot13", "base64", "utf-16", "x-bogus", "ascii", "idna",
     "unicode_escape", "cp1252", "shift_jis", "", "utf-7"]
)  # fmt: skip
_TAGS = st.sampled_from(
    ["p", "svg", "math", "div", "article", "main", "nav", "table", "tr", "td", "script", "style",
     "pre", "br", "h1", "title", "template", "![CDATA[", "!--", "![if", "?xml", "!DOCTYPE"]
)  # fmt: skip
_PIECE = st.one_of(
    _TAGS.map(lambda t: f"<{t}>"),
    _TAGS.map(lambda t: f"</{t}>"),
    st.text(max_size=30),
    st.sampled_from(["&amp;", "&#0;", "&#xD800;", "]]>", "-->", "<", ">", "\x00", "\ufeff"]),
)


_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))  # control bytes read as binary


def _assert_one_line_errors(path: Path) -> None:
    found = read_articles(path)
    for err in found.errors:
        assert isinstance(err, IngestError)
        assert "\n" not in str(err) and path.name in str(err)
        assert "cannot be read (" not in str(err), str(err)  # no unexpected error inside
    for draft in found.drafts:
        assert draft.text.strip()
        draft.text.encode("utf-8")  # storable: no lone surrogates


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codec=_CODECS, pieces=st.lists(_PIECE, max_size=25), raw=st.binary(max_size=40))
def test_fuzz_pages_with_declared_codecs(codec: str, pieces: list[str], raw: bytes) -> None:
    head = f'<html><head><meta charset="{codec}"></head><body>'.encode()
    body = "".join(pieces).encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "page.html")
        path.write_bytes(head + body + raw)
        _assert_one_line_errors(path)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl"]),
)
def test_fuzz_bytes_in_every_format(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"fuzz{suffix}")
        path.write_bytes(data)
        _assert_one_line_errors(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(
        st.one_of(
            st.fixed_dictionaries({"text": st.text(max_size=40)}),
            st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3),
            st.integers(),
            st.none(),
            st.text(_PRINTABLE, max_size=10).map(lambda t: "{" + t),  # malformed, written raw
        ),
        max_size=6,
    )
)
def test_fuzz_json_lines_keep_every_good_record(records: list[object]) -> None:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    good = sum(
        isinstance(r, dict) and isinstance(r.get("text"), str) and bool(r["text"].strip())
        for r in records
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "feed.jsonl")
        path.write_text("\n".join(line.replace("\n", " ") for line in lines))
        _assert_one_line_errors(path)
        assert len(read_articles(path).drafts) == good


def test_utf16_without_a_byte_order_mark_is_read_and_random_binary_is_not() -> None:
    from analysis.ingest import decode_bytes

    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(ARTICLE.encode(codec), "x") == (ARTICLE, codec)
    noise = bytes(range(256)) * 16  # NULs at one position in 256, of either parity
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(noise, "x")
