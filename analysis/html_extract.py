"""Main text and metadata of a saved web page.

trafilatura finds the article among navigation, footers and teasers; it is imported only when an
HTML file is met (the import costs ~0.1-0.15 s). Pages it gives up on (tiny ones, table layouts),
or where what it returns is mostly menu text, fall back to a plain `html.parser` walk that drops
nav/aside and page-level header/footer and prefers <article>/<main>. Paragraphs are separated by
blank lines in both paths, so later stages see the page's own paragraph breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser

__all__ = [
    "HtmlArticle",
    "declared_charset",
    "extract_html",
    "html_to_text",
    "iso_date",
    "language_tag",
]


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What a page says about itself, plus its main text."""

    text: str
    title: str | None
    sitename: str | None
    url: str | None
    published: str | None  # ISO date
    language: str | None  # primary subtag of <html lang>, e.g. "en"
    extractor: str  # "trafilatura" or "html.parser"


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 KB, if any."""
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")
_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: object) -> str | None:
    """An ISO date ("2025-07-15") from the date forms pages and exports use, else None."""
    if not isinstance(value, str):
        return None
    raw = value.strip()
    found = _ISO_PREFIX.match(raw)
    if found:
        try:
            return date(*map(int, found.groups())).isoformat()
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def language_tag(value: object) -> str | None:
    """Primary subtag of a language tag ("en-US" -> "en"), None for anything else."""
    if not isinstance(value, str):
        return None
    found = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", value)
    return found.group(1).lower() if found else None


# --- fallback: html.parser ------------------------------------------------------------------


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SKIP_TAGS = _names(
    "script style noscript template svg math nav aside form button select textarea iframe "
    "object canvas dialog menu"
)
_PAGE_CHROME = _names("header footer")  # skipped unless inside <article>/<main>
_SKIP_ROLES = _names("navigation banner contentinfo complementary search menu menubar")
_BLOCK_TAGS = _names(
    "p div section article main header footer h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote "
    "pre table tr caption figure figcaption address hr details summary"
)
_VOID_TAGS = _names("area base br col embed hr img input link meta source track wbr")
_MAIN_TAGS = frozenset({"article", "main"})
_META_KEYS = {
    "og:site_name": "sitename",
    "application-name": "sitename",
    "og:title": "title",
    "twitter:title": "title",
    "og:url": "url",
    "article:published_time": "published",
    "datepublished": "published",
    "date": "published",
    "dc.date": "published",
    "dc.date.issued": "published",
    "citation_publication_date": "published",
    "pubdate": "published",
    "og:locale": "language",
    "content-language": "language",
}


class _Collector(HTMLParser):
    """Visible text as paragraphs, each marked whether it sits inside <article>/<main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self.meta: dict[str, str] = {}
        self.title_tag = ""
        self.first_h1: str | None = None
        self._buffer: list[str] = []
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._main_depth = 0
        self._pre_depth = 0
        self._in_title = False
        self._in_h1 = False
        self._h1: list[str] = []

    def _flush(self) -> None:
        raw = "".join(self._buffer)
        self._buffer.clear()
        if self._pre_depth:
            text = raw.strip("\n")
        else:
            text = "\n".join(re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in raw.split("\n"))
            text = text.strip()
        if text.strip():
            self.blocks.append((text, self._main_depth > 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "") for k, v in attrs}
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        if tag == "html" and attr.get("lang"):
            self.meta.setdefault("language", attr["lang"])
        elif tag == "meta":
            self._meta(attr)
        elif tag == "link" and "canonical" in attr.get("rel", "").lower().split():
            self.meta.setdefault("url", attr.get("href", ""))
        elif tag == "title":
            self._in_title = True
        if tag in _VOID_TAGS:
            if tag == "br":
                self._buffer.append("\n")
            elif tag == "hr":
                self._flush()
            return
        hidden = "hidden" in attr or attr.get("aria-hidden") == "true"
        # an article's own <header>/<footer> holds its headline and byline: keep those
        page_chrome = tag in _PAGE_CHROME and not self._main_depth
        if (
            page_chrome
            or tag in _SKIP_TAGS
            or attr.get("role", "").lower() in _SKIP_ROLES
            or hidden
        ):
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _MAIN_TAGS:
            self._main_depth += 1
        elif tag == "pre":
            self._pre_depth += 1
        elif tag == "h1" and self.first_h1 is None:
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _MAIN_TAGS and self._main_depth:
            self._main_depth -= 1
        elif tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        elif tag == "h1" and self._in_h1:
            self._in_h1 = False
            self.first_h1 = " ".join("".join(self._h1).split()) or None

    def handle_data(self, data: str) -> None:
        if self._skip_tag is not None:
            return
        if self._in_title:
            self.title_tag += data
            return
        if self._in_h1:
            self._h1.append(data)
        self._buffer.append(data)

    def _meta(self, attr: dict[str, str]) -> None:
        key = (attr.get("property") or attr.get("name") or attr.get("http-equiv") or "").lower()
        field = _META_KEYS.get(key) or _META_KEYS.get(attr.get("itemprop", "").lower())
        if field and attr.get("content", "").strip():
            self.meta.setdefault(field, attr["content"].strip())

    def close(self) -> None:
        super().close()
        self._flush()


def _collect(html: str) -> _Collector:
    collector = _Collector()
    try:
        collector.feed(html)
        collector.close()
    except AssertionError:  # CPython < 3.13 asserts on a malformed "<![" marked section
        collector = _Collector()
        collector.feed(html.replace("<![", "&lt;!["))
        collector.close()
    return collector


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment or page, paragraphs separated by blank lines."""
    collector = _collect(html)
    main = [text for text, in_main in collector.blocks if in_main]
    return "\n\n".join(main or [text for text, _ in collector.blocks])


# --- trafilatura ----------------------------------------------------------------------------


# Only dates the page states in its markup or URL: the default extensive search turns a footer's
# "Copyright 2025" into a publication date of 2025-01-01.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def _trafilatura(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text (blank line between paragraphs; "" when it finds none) and page metadata."""
    import trafilatura  # lazy: only pages need it (~0.1-0.15 s import)
    from trafilatura.settings import Document
    from trafilatura.xml import xmltotxt

    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
        if not isinstance(doc, Document):  # no main text: still read the page's metadata
            doc = trafilatura.extract_metadata(html, date_config=_DATE_PARAMS)
    except (ValueError, TypeError, LookupError, RecursionError, AssertionError):
        # markup it cannot parse; lxml asserts in drop_tree on "<svg><p><p>" (a <p> that the
        # HTML parser closes outside its foreign parent): the html.parser walk reads such pages
        return "", {}
    text = ""
    if doc.body is not None:
        parts = (xmltotxt(child, False).strip() for child in doc.body)
        text = "\n\n".join(part for part in parts if part)
    meta = {"title": doc.title, "sitename": doc.sitename, "url": doc.url, "published": doc.date}
    return text or doc.text or "", meta


_WORD = re.compile(r"\w+")


def _mostly_outside(text: str, blocks: list[tuple[str, bool]]) -> bool:
    """True when most words of `text` are not in the page's visible non-chrome text.

    trafilatura falls back to any text it can find, so on a page with no article it returns the
    menu ("Home"); the html.parser walk knows which text sits in nav/header/footer.
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return True
    visible = set(_WORD.findall(" ".join(block for block, _ in blocks).casefold()))
    return sum(word in visible for word in words) < len(words) / 2


def extract_html(html: str) -> HtmlArticle:
    """The article a page holds: trafilatura first, html.parser for pages it gives up on."""
    collector = _collect(html)
    own = collector.meta
    text, meta = _trafilatura(html)
    extractor = "trafilatura"
    if _mostly_outside(text, collector.blocks):
        main = [block for block, in_main in collector.blocks if in_main]
        text = "\n\n".join(main or [block for block, _ in collector.blocks])
        extractor = "html.parser"
    title_tag = " ".join(collector.title_tag.split()) or None
    return HtmlArticle(
        text=text,
        title=meta.get("title") or own.get("title") or collector.first_h1 or title_tag,
        sitename=meta.get("sitename") or own.get("sitename"),
        url=meta.get("url") or own.get("url") or None,
        published=iso_date(meta.get("published")) or iso_date(own.get("published")),
        language=language_tag(own.get("language")),
        extractor=extractor,
    )
