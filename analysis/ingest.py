"""Files -> article drafts: the pure half of `corroborator import`.

Every later offset refers to `ArticleDraft.text`, so this module fixes the text once: decoded
(BOMs, UTF-16, legacy code pages), newlines as "\\n", NFC, trailing whitespace removed, and markup
turned into what a reader sees. The hash is of that text, so the same article saved in another
encoding, newline style or Unicode normal form is recognised as already imported.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.html_extract import (
    declared_charset,
    extract_html,
    html_to_text,
    iso_date,
    language_tag,
)
from analysis.printable import one_line

__all__ = [
    "DEFAULT_MAX_ARTICLE_MB",
    "IMPORTABLE_SUFFIXES",
    "ArticleDraft",
    "FileRead",
    "IngestError",
    "decode_bytes",
    "detect_language",
    "discover",
    "display_path",
    "find_translation_note",
    "markdown_to_text",
    "normalise_text",
    "read_articles",
    "read_file",
]

IMPORTABLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
_SUFFIX_LIST = ", ".join(IMPORTABLE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """One article read from a file, before it is stored."""

    path: str  # the file path as given (for JSON lines: "file.jsonl#3")
    file_name: str  # base name, e.g. "000_6e0facbba0a018a7.txt"
    text: str  # NFC-normalised article text, the one all offsets refer to
    sha256: str  # of `text` encoded UTF-8
    title: str | None
    source: str | None  # outlet named by the page or JSON; None lets the CLI decide
    url: str | None
    published: str | None  # ISO date
    language: str | None
    translated: bool  # a machine-translation note was found, or JSON said so
    translation_note: str | None  # the note as found
    encoding: str  # detected input encoding (Python codec name)


class IngestError(Exception):
    """A file that cannot be imported; the message is one line naming the file and the fix."""

    def __init__(self, message: str, path: str | None = None) -> None:
        if path and message.startswith(path):  # a newline or tab in the path shows escaped
            message = one_line(path) + message[len(path) :]
        super().__init__(" ".join(message.split()))
        self.path = path


def _fail(label: str, problem: str, fix: str) -> IngestError:
    return IngestError(f"{label}: {problem}; {fix}", label)


def display_path(path: str | Path) -> str:
    """A path as printable text. A file name that is not valid UTF-8 reaches Python with lone
    surrogates (surrogateescape), which no terminal or SQLite can take: those bytes show as "�"."""
    raw = os.fspath(path)
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(raw).decode("utf-8", "replace")
    return raw


# --- discovery ------------------------------------------------------------------------------


def _hidden(name: str) -> bool:
    return name.startswith(".")


def discover(paths: Sequence[str | Path]) -> tuple[list[Path], list[IngestError]]:
    """Expand files and folders into importable files, each once, in a stable order.

    Folders are walked recursively and sorted, skipping hidden files and folders. A file named
    explicitly is kept even when hidden, but must have an importable suffix.
    """
    found: list[Path] = []
    errors: list[IngestError] = []
    seen: set[str] = set()

    def keep(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = _walk(path)
            if not files:
                errors.append(
                    _fail(
                        display_path(path),
                        "no importable files in this folder",
                        f"expected {_SUFFIX_LIST}",
                    )
                )
            for file in files:
                keep(file)
        elif path.is_file():
            if path.suffix.lower() in IMPORTABLE_SUFFIXES:
                keep(path)
            else:
                errors.append(
                    _fail(
                        display_path(path),
                        f"not an importable file type ({display_path(path.suffix) or 'no suffix'})",
                        f"save the article as one of {_SUFFIX_LIST}",
                    )
                )
        elif path.exists():  # a pipe, device or socket: reading it could block or never end
            errors.append(
                _fail(
                    display_path(path),
                    "not a regular file (a pipe, device or socket)",
                    "save the article to a file and import that",
                )
            )
        else:
            label = display_path(path)
            errors.append(IngestError(f"{label}: no such file or directory", label))
    return found, errors


def _walk(folder: Path) -> list[Path]:
    """Importable files under `folder`, sorted by path, hidden files and folders pruned."""
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        files.extend(
            Path(root, name)
            for name in names
            if not _hidden(name) and Path(name).suffix.lower() in IMPORTABLE_SUFFIXES
        )
    return sorted(files, key=lambda path: path.relative_to(folder).parts)


# --- decoding -------------------------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Among decodings charset-normalizer finds equally clean, the most common code pages win: a short
# Western text is valid in a dozen Latin code pages, and cp1252 is the one it was almost surely in.
_PRIOR = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "cp1251",
    "koi8_r",
    "cp932",
    "euc_jp",
    "cp949",
    "euc_kr",
    "gb18030",
    "big5",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BINARY_FIX = "export the article as text, Markdown, HTML or JSON"


def _looks_binary(text: str) -> bool:
    """Text decoded from binary data is full of C0 control characters; real text has ~none."""
    if "\x00" in text:
        return True
    controls = len(_CONTROL.findall(text))
    return controls > max(1, len(text) // 200)


def _codec_name(name: str) -> str:
    return codecs.lookup(name).name


# Codecs Python accepts as encodings that no page's text is stored in: they rewrite backslash
# escapes or hostnames (a declared "unicode_escape" turned "\\x41" in a page into "A").
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7"})


def _page_charset(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        return False
    return info.name not in _NOT_CHARSETS and getattr(info, "_is_text_encoding", True)


def decode_bytes(data: bytes, label: str, declared: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, codec name). Raises IngestError for binary or undecodable data.

    Order: BOM, strict UTF-8, an encoding the file declares (HTML <meta charset>), then
    charset-normalizer, whose candidates are accepted only when their decoding is clean.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                name = codec.removesuffix("-sig").upper()
                problem = f"starts with a {name} byte-order mark but is not {name} ({err.reason})"
                raise _fail(label, problem, _BINARY_FIX) from None
            if _looks_binary(text):
                raise _fail(label, "looks like a binary file, not text", _BINARY_FIX)
            return text, codec
    unmarked = _utf16_without_bom(data)
    if unmarked is not None:
        return unmarked
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_binary(text):
            raise _fail(label, "looks like a binary file, not text", _BINARY_FIX)
        return text, "utf-8"
    utf16 = ("utf-16", "utf-32", "utf16", "utf32")
    if declared and not declared.lower().startswith(utf16) and _page_charset(declared):
        try:  # a page's own declaration beats guessing (a UTF-16 one is a lie: HTML spec)
            text = data.decode(declared)
        except (LookupError, UnicodeError, ValueError, TypeError):
            pass  # unknown or bogus ("undefined" always raises): detect instead
        else:
            if not _looks_binary(text):
                return text, _codec_name(declared)
    return _detect(data, label)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Mostly-Latin text saved as UTF-16 with no byte-order mark: NUL in most high bytes (every
    other byte) and almost never in the low ones. Random binary has NULs at either parity."""
    half = len(data) // 2
    if half < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for high, low, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if high >= 0.6 * half and low <= 0.02 * half:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return None if _looks_binary(text) else (text, codec)
    return None


def _detect(data: bytes, label: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    has_nul = b"\x00" in data
    matches = []
    for match in from_bytes(data):
        # UTF-16/32 without a BOM is believable only when the bytes hold NULs (mostly-ASCII
        # text); otherwise any even-length byte string "decodes" to CJK noise.
        if match.encoding.startswith(("utf_16", "utf_32")) != has_nul:
            continue
        if not _looks_binary(str(match)):
            matches.append(match)
    if not matches:
        if has_nul:
            raise _fail(
                label, "looks like a binary file, not text (it contains NUL bytes)", _BINARY_FIX
            )
        raise _fail(
            label,
            "cannot tell which text encoding this is (it may be binary)",
            "save it as UTF-8 and import again",
        )
    least_mess = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= least_mess + 0.02]
    best_coherence = max(m.coherence for m in clean)
    candidates: list[tuple[int, int, str]] = []
    for order, match in enumerate(clean):
        names = [match.encoding, *match.could_be_from_charset]
        rank = min((_PRIOR.index(n) for n in names if n in _PRIOR), default=len(_PRIOR))
        if match.coherence < best_coherence - 0.15:
            rank += len(_PRIOR) + 1
        codec = next((n for n in _PRIOR if n in names), match.encoding)
        candidates.append((rank, order, codec))
    _, order, codec = min(candidates)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:  # an equivalent code page that is stricter on some byte
        codec, text = clean[order].encoding, str(clean[order])
    if codec == "cp1252" and not re.search(rb"[\x80-\x9f]", data):
        codec = "latin_1"  # identical decoding; name what the file most likely is
    return text, _codec_name(codec)


# --- normalisation --------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")
# JSON "\ud800" escapes decode to lone surrogates, which no UTF-8 writer (SQLite, a terminal) takes.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t\f\v]*\n)+")


def normalise_text(text: str) -> str:
    """Newlines to "\\n", NFC, lone surrogates as U+FFFD, leading blank lines and trailing
    whitespace removed."""
    text = _NEWLINES.sub("\n", text).replace("\ufeff", "")
    text = _LONE_SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    return _LEADING_BLANK_LINES.sub("", text).rstrip()


def _clean_field(value: object) -> str | None:
    """A one-line metadata value (title, source, url), or None when absent or not text."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    cleaned = " ".join(unicodedata.normalize("NFC", _LONE_SURROGATE.sub("\ufffd", value)).split())
    return cleaned or None


# --- translation notes ----------------------------------------------------------------------

_TOOLS = (
    r"(?:an?\s+|the\s+)?(?:AI\b|A\.I\.|artificial[- ]intelligence|machines?\b|software\b"
    r"|(?:automatic|automated|machine)\s+translation|Google(?:\s+Translate)?|DeepL|Papago"
    r"|ChatGPT|GPT[-\w.]*|Gemini|Claude|LLMs?\b|a\s+language\s+model)"
)
# Wording only a note about the article itself uses ("this article was translated by AI").
_STRONG_NOTES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\btranslated\s+(?:[\w'’-]+\s+){0,5}?(?:by|with|using|via|through)\s+" + _TOOLS,
        r"\bmachine[- ]translated\b",
        r"\b(?:automatically|auto-?)\s*translated\b",
        r"\b(?:AI|KI|IA)[- ]translated\b",
        r"\b(?:maschinell|automatisch)\s+übersetzt",
        r"\b(?:mit|von|durch)\s+(?:einer\s+)?KI\s+übersetzt",
        r"\btradu(?:it|ite|its|ites)\s+(?:automatiquement"
        r"|par\s+(?:l['’]\s*)?(?:IA|intelligence artificielle))",
        r"\btraducid[oa]s?\s+(?:automáticamente|por\s+(?:la\s+)?IA|con\s+IA)",
        r"\btraduzid[oa]s?\s+(?:automaticamente|por\s+IA)",
        r"AI\s*(?:가|로|로\s*)?\s*번역(?:했|된|됐|되었|하였)",
        r"(?:AI|機械|自動)\s*(?:に\s*よ(?:って|り|る)\s*)?翻訳(?:し|され)",
    )
]
# Nouns that also occur in articles *about* translation: they count only in a short line at the
# start or end of the article, where notes sit.
_WEAK_NOTES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bmachine[- ]translations?\b",
        r"\b(?:automatic|automated|AI)[- ](?:assisted\s+)?translations?\b",
        r"\bmaschinelle\s+Übersetzung",
        r"\btraduction\s+automatique",
        r"\btraducción\s+automática",
        r"\btradução\s+automática",
        r"(?:AI|인공지능|기계|자동)\s*번역",
        r"(?:機械|自動|AI\s*)翻訳",
        r"(?:机器|自动|AI\s*)翻译",
        r"(?:機器|自動|AI\s*)翻譯",
    )
]
_EDGE_HEAD, _EDGE_TAIL, _SHORT_LINE = 3, 5, 200
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def find_translation_note(text: str) -> str | None:
    """The machine-translation note of an article (the line, or its sentence if long), or None."""
    lines = [line for line in text.split("\n") if line.strip()]
    for idx, line in enumerate(lines):
        edge = idx < _EDGE_HEAD or idx >= len(lines) - _EDGE_TAIL
        short = len(line) <= _SHORT_LINE
        for patterns, allowed in ((_STRONG_NOTES, edge or short), (_WEAK_NOTES, edge and short)):
            if not allowed:
                continue
            for pattern in patterns:
                hit = pattern.search(line)
                if hit:
                    return _note_around(line, hit.start())
    return None


def _note_around(line: str, at: int) -> str:
    """The note line as written, or only the sentence holding the hit when the line is long."""
    if len(line.strip()) <= _SHORT_LINE:
        return line.strip()
    start = 0
    for boundary in _SENTENCE_END.finditer(line):
        if boundary.end() > at:
            return line[start : boundary.start()].strip()
        start = boundary.end()
    return line[start:].strip()


# --- language -------------------------------------------------------------------------------

_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+(?:['’][A-Za-z]+)?")
_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"), 0.3),
    ("ja", re.compile(r"[\u3040-\u30ff]"), 0.1),
    ("zh", re.compile(r"[\u4e00-\u9fff]"), 0.3),
)
_EN_KNOWN_ZIPF = 3.0  # a word seen at least once per million English words
_EN_SHARE = 0.7
_SAMPLE_WORDS = 3000


def detect_language(text: str) -> str | None:
    """Language by script (ko, ja, zh), or "en" when most words are common English words."""
    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return None
    for lang, script, share in _SCRIPTS:
        if len(script.findall(text)) / letters >= share:
            return lang
    words = _LATIN_WORD.findall(text)[:_SAMPLE_WORDS]
    if not words or sum(map(len, words)) < letters / 2:
        return None
    from wordfreq import zipf_frequency  # lazy: loads a word list (~0.1 s)

    known = sum(zipf_frequency(w.replace("’", "'"), "en") >= _EN_KNOWN_ZIPF for w in words)
    return "en" if known / len(words) >= _EN_SHARE else None


# --- building a draft -----------------------------------------------------------------------

DEFAULT_MAX_ARTICLE_MB = 5.0  # far above any news article; keeps one stray dump from stalling
# How much bigger than its article text a file may be before it is refused unread: the worst
# text encoding (UTF-32 of ASCII) takes 4 bytes a character; pages and JSON carry markup too.
_FILE_SLACK = {".txt": 4, ".md": 4, ".markdown": 4}
_MARKUP_SLACK = 20
_LIMIT_FIX = "split it, or raise the limit with --max-article-mb (config: max_article_mb)"


@dataclass(frozen=True, slots=True)
class _Meta:
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    translated: bool = False


@dataclass(frozen=True, slots=True)
class _Source:
    """The file being read: its printable label, base name, codec and the article size limit."""

    label: str
    file_name: str
    encoding: str
    max_bytes: int

    def record(self, n: int) -> _Source:
        """The same file, labelled for its `n`-th record (JSON list index, JSON line number)."""
        return _Source(f"{self.label}#{n}", self.file_name, self.encoding, self.max_bytes)


def _megabytes(n: float) -> str:
    return f"{n / 1e6:.3g} MB"


def _draft(src: _Source, raw_text: str, meta: _Meta) -> ArticleDraft:
    text = normalise_text(raw_text)
    if not text.strip():
        raise _fail(src.label, "empty article (no text)", "check that the file holds the article")
    encoded = text.encode("utf-8")
    if len(encoded) > src.max_bytes:
        size, limit = _megabytes(len(encoded)), _megabytes(src.max_bytes)
        raise _fail(src.label, f"article text is {size}, over the {limit} import limit", _LIMIT_FIX)
    note = find_translation_note(text)
    return ArticleDraft(
        path=src.label,
        file_name=src.file_name,
        text=text,
        sha256=hashlib.sha256(encoded).hexdigest(),
        title=meta.title,
        source=meta.source,
        url=meta.url,
        published=meta.published,
        language=meta.language or detect_language(text),
        translated=meta.translated or note is not None,
        translation_note=note,
        encoding=src.encoding,
    )


_ABOVE_HEADLINE = 3  # page lines a saved page may open with above its headline, at most


def _txt_title(text: str) -> str | None:
    """The first line that is not page furniture, when it reads as a headline: short, more text
    follows, no closing stop. A page saved as text may open with what stood above its headline
    (a photo caption ending in its credit, a row of share buttons, a byline, a translation
    note): such a line is no title, and the headline may be the line after it."""
    lines = [ln.strip() for ln in normalise_text(text).split("\n") if ln.strip()]
    skip = 0
    while skip < min(_ABOVE_HEADLINE, len(lines) - 2) and _page_furniture(lines[skip]):
        skip += 1
    lines = lines[skip:]
    if len(lines) < 2:
        return None
    first = lines[0]
    # a sentence that ends inside its quote or bracket ('... said: "We will rebuild."') is no
    # headline either; a quoted headline has no stop ('Mayor: "We will rebuild"')
    end = first.rstrip("\"'”’»)]")
    if len(first) >= 120 or end.endswith((".", ",", ";", ":")):
        return None
    return first


_FURNITURE_SURE = 0.75  # the residue rules' confidence on a cue (a credit, share words, a
# byline); their guesses from a line's shape alone (a short verbless line: 0.6-0.7) are not
# taken here, since headlines are short and often verbless


def _page_furniture(line: str) -> bool:
    """Whether the residue rules read `line`, on a cue, as the web page's, not the article's (a
    foreign-language line aside: a headline left in the original language is the headline)."""
    from analysis.residue import FOREIGN, classify  # the import of one file needs it only here

    hit = classify(line)
    return hit is not None and hit.reason != FOREIGN and hit.confidence >= _FURNITURE_SURE


_Records = list["ArticleDraft | IngestError"]  # one entry per article of the file, in order


def _read_txt(src: _Source, text: str) -> _Records:
    return [_draft(src, text, _Meta(title=_txt_title(text)))]


def _read_markdown(src: _Source, text: str) -> _Records:
    front, body = _front_matter(normalise_text(text))
    plain, heading = markdown_to_text(body)
    meta = _Meta(
        title=_clean_field(front.get("title")) or heading,
        source=_clean_field(front.get("source") or front.get("site_name")),
        url=_clean_field(front.get("url")),
        published=iso_date(front.get("published") or front.get("date")),
        language=language_tag(front.get("language") or front.get("lang")),
        translated=str(front.get("translated", "")).lower() in {"true", "yes", "1"},
    )
    return [_draft(src, plain, meta)]


def _read_html(src: _Source, text: str) -> _Records:
    page = extract_html(text)
    if not page.text.strip():
        raise _fail(src.label, "no article text found in the page", "save the article as .txt")
    meta = _Meta(
        title=_clean_field(page.title),
        source=_clean_field(page.sitename),
        url=_clean_field(page.url),
        published=page.published,
        language=page.language,
    )
    return [_draft(src, page.text, meta)]


_JSON_KINDS = {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}
_JSON_KINDS[type(None)] = "null"


def _from_json_object(src: _Source, item: object) -> ArticleDraft:
    if not isinstance(item, dict):
        kind = _JSON_KINDS.get(type(item), type(item).__name__)
        raise _fail(
            src.label,
            f"expected a JSON object, found a {kind}",
            'give each article as {"text": ...}',
        )
    text = item.get("text")
    if text is None:
        keys = ", ".join(sorted(map(str, item))[:8]) or "none"
        raise _fail(
            src.label,
            f'JSON object has no "text" field (keys: {keys})',
            'put the article under "text"',
        )
    if not isinstance(text, str):
        raise _fail(
            src.label, '"text" is not a string', 'put the article text under "text" as a string'
        )
    translated = item.get("translated")
    meta = _Meta(
        title=_clean_field(item.get("title")),
        source=_clean_field(item.get("source")),
        url=_clean_field(item.get("url")),
        published=iso_date(item.get("published")),
        language=language_tag(item.get("language")),
        translated=translated is True or str(translated).lower() in {"true", "yes", "1"},
    )
    return _draft(src, text, meta)


def _record(src: _Source, item: object) -> ArticleDraft | IngestError:
    """One record of a JSON list or JSON-lines file; its failure is its own, not the file's."""
    try:
        return _from_json_object(src, item)
    except IngestError as err:
        return err


def _json_error(label: str, err: json.JSONDecodeError, line: int | None = None) -> IngestError:
    where = f"line {line or err.lineno}, column {err.colno}"
    return _fail(label, f"malformed JSON at {where} ({err.msg})", "fix the JSON or export it again")


def _read_json(src: _Source, text: str) -> _Records:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as err:
        raise _json_error(src.label, err) from None
    except RecursionError:
        raise _fail(
            src.label, "JSON nested too deeply", "give one article object per entry"
        ) from None
    if isinstance(data, list):
        if not data:
            raise _fail(
                src.label, "empty JSON list (no articles)", 'add objects with a "text" field'
            )
        return [_record(src.record(n), item) for n, item in enumerate(data, start=1)]
    return [_from_json_object(src, data)]


def _read_jsonl(src: _Source, text: str) -> _Records:
    records: _Records = []
    for n, line in enumerate(_NEWLINES.sub("\n", text).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            records.append(_json_error(src.label, err, n))
            continue
        except RecursionError:
            records.append(
                _fail(src.label, f"JSON nested too deeply on line {n}", "one article per line")
            )
            continue
        records.append(_record(src.record(n), item))
    if not records:
        raise _fail(
            src.label, "empty file (no JSON lines)", 'add one {"text": ...} object per line'
        )
    return records


_READERS: dict[str, Callable[[_Source, str], _Records]] = {
    ".txt": _read_txt,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".json": _read_json,
    ".jsonl": _read_jsonl,
}


@dataclass(frozen=True, slots=True)
class FileRead:
    """What one file gave: its articles, and one error per article or file that failed."""

    drafts: list[ArticleDraft]
    errors: list[IngestError]


def read_articles(path: Path, *, max_article_mb: float = DEFAULT_MAX_ARTICLE_MB) -> FileRead:
    """One file -> its articles (JSON: one object or a list; JSON lines: one per line), never
    raising: whatever goes wrong, even a bug met on a strange file, becomes a one-line
    IngestError naming the file (or the record: "file.jsonl#3"), and the good records of a JSON
    list or JSON-lines file are still read. Unknown suffixes are read as plain text."""
    path = Path(path)
    label = display_path(path)
    max_bytes = max(1, int(max_article_mb * 1e6))
    try:
        records = _read_records(path, label, max_bytes)
    except IngestError as err:
        return FileRead([], [err])
    except RecursionError:
        return FileRead([], [_fail(label, "nested too deeply to read", "simplify the file")])
    except MemoryError:
        return FileRead([], [_fail(label, "too big to read in memory", _LIMIT_FIX)])
    except Exception as err:  # a library tripping on odd input: this file's error, not the batch's
        detail = " ".join(f"{type(err).__name__}: {err}".split())[:200]
        return FileRead(
            [], [_fail(label, f"cannot be read ({detail})", "check the file; report it if valid")]
        )
    drafts = [r for r in records if isinstance(r, ArticleDraft)]
    return FileRead(drafts, [r for r in records if isinstance(r, IngestError)])


def read_file(path: Path, *, max_article_mb: float = DEFAULT_MAX_ARTICLE_MB) -> list[ArticleDraft]:
    """`read_articles` for callers that want all or nothing: raises the first IngestError."""
    found = read_articles(path, max_article_mb=max_article_mb)
    if found.errors:
        raise found.errors[0]
    return found.drafts


def _read_records(path: Path, label: str, max_bytes: int) -> _Records:
    try:
        size = path.stat().st_size
        suffix = path.suffix.lower()
        cap = max_bytes * _FILE_SLACK.get(suffix, _MARKUP_SLACK)
        if size > cap:
            problem = f"file is {_megabytes(size)}, too big for the {_megabytes(max_bytes)} limit"
            raise _fail(label, f"{problem} on article text", _LIMIT_FIX)
        data = path.read_bytes()
    except IsADirectoryError:
        raise _fail(label, "is a folder, not a file", "pass it to discover() first") from None
    except FileNotFoundError:
        raise IngestError(f"{label}: no such file or directory", label) from None
    except OSError as err:
        raise _fail(label, f"cannot be read ({err.strerror})", "check its permissions") from None
    if not data.strip():
        raise _fail(label, "empty file", "check that the file holds the article")
    declared = declared_charset(data) if suffix in {".html", ".htm"} else None
    text, encoding = decode_bytes(data, label, declared)
    src = _Source(label, display_path(path.name), encoding, max_bytes)
    return _READERS.get(suffix, _read_txt)(src, text)


# --- Markdown -------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple `key: value` YAML front matter (as Jekyll/Hugo exports write it) and the body."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, text
    fields: dict[str, str] = {}
    for line in found.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-", "#")):
            fields[key.strip().lower()] = value.strip().strip("\"'")
    if not fields:
        return {}, text
    return fields, text[found.end() :]


def markdown_to_text(markdown: str) -> tuple[str, str | None]:
    """Markdown -> (the text a reader sees, the first heading).

    Headings lose their "#", emphasis and link markup go ("[text](url)" -> "text"), images are
    dropped, code is kept as text, list items keep a "- " or "1. " marker (one per line), table
    rows become "cell | cell" lines, and other blocks are separated by blank lines.
    """
    from markdown_it import MarkdownIt  # a dependency of textual; imported when needed

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    out: list[str] = []
    first_heading: str | None = None
    lists: list[list[int | None]] = []  # per open list: [next number] or [None] for bullets
    marker = ""
    row: list[str] | None = None  # cells of the table row being read
    starts_group = False  # the next block opens a list or table: blank line before it
    in_heading = False

    def emit(block: str) -> None:
        nonlocal marker, starts_group
        if not block.strip():
            return
        grouped = (lists or in_table) and not starts_group
        out.append(("\n" if grouped else "\n\n") + marker + block)
        marker, starts_group = "", False

    in_table = False
    for token in parser.parse(markdown):
        kind = token.type
        if kind in {"bullet_list_open", "ordered_list_open"}:
            starts_group = starts_group or not lists
            start = token.attrGet("start") if kind == "ordered_list_open" else None
            number = int(start) if isinstance(start, int | str) else 1
            lists.append([None if kind == "bullet_list_open" else number])
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
        elif kind == "list_item_open" and lists:
            number = lists[-1][0]
            indent = "  " * (len(lists) - 1)
            marker = f"{indent}- " if number is None else f"{indent}{number}. "
            if number is not None:
                lists[-1][0] = number + 1
        elif kind in {"heading_open", "heading_close"}:
            in_heading = kind == "heading_open"
        elif kind == "inline":
            content = _inline_text(token.children or [])
            if in_heading and first_heading is None and content.strip():
                first_heading = " ".join(content.split())
            if row is not None:
                row.append(" ".join(content.split()))
            else:
                emit(content.strip())
        elif kind in {"fence", "code_block"}:
            emit(token.content.rstrip("\n"))
        elif kind == "html_block":
            emit(html_to_text(token.content))
        elif kind in {"table_open", "table_close"}:
            in_table = kind == "table_open"
            starts_group = in_table
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            cells, row = row, None
            emit(" | ".join(cells) if any(cells) else "")
    return "".join(out).lstrip("\n"), first_heading


def _inline_text(children: Sequence[Any]) -> str:
    """Inline tokens -> text: markup dropped, images gone, soft breaks as spaces."""
    out: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak" or (
            child.type == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I)
        ):
            out.append("\n")
    # a dropped image leaves two spaces; a browser would show one
    return re.sub(r"[ \t]{2,}", " ", "".join(out))
