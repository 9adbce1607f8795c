"""News-agency datelines and markup that a translation carried into the English text.

A wire story translated word for word keeps its source's dateline conventions, which English
copy never uses: the Korean "(City=Agency) Reporter Name =" and the Chinese "Agency, City,
Month Day (Reporters A and B)" (…社…3月3日电（记者…）). They open the first sentence, so
the span is flagged inside it and the rest of the sentence keeps its claim. Markup is the other
leftover of machine and LLM translation: Markdown emphasis, headings and HTML tags in prose.
Patterns are structural (brackets, "=", comma-separated name, place and date); no agency, place
or reporter is named.

The Chinese wire lead has a formula of its own, 记者从X获悉/了解到 ("the reporter learned from X
that ..."): the agency's reporter is the subject and the body that gave the news comes after
"from". Translated word for word it opens an English sentence as "The reporter learned from X" or,
with "from" read as the reporter's employer, "A reporter from X reported/learned that ...", where
X is a hospital, a ministry or a rescue command, not a medium. English copy writes "X said" or "X
told reporters". Neither form occurs in the 2,225 native BBC articles or the 982 ECB+ documents;
in WMT23 zh->en, nine of ten systems render one source lead this way and raters mark it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis.dates import month_alternatives
from analysis.typography import TypoHit, table_hits

_MONTHS = r"(?:" + month_alternatives() + ")"
_CAP_WORDS = r"[^\W\d_][\w&.'’-]*(?:\s+(?:of\s+|the\s+)?[^\W\d_][\w&.'’-]*){0,5}"
_REPORTER = r"(?:(?:Staff\s+|Senior\s+)?(?:Reporters?|Correspondents?|Journalists?))"
# "(Seoul=Yonhap News) Reporter Kim Ji-hoon =" or "(Seoul=Yonhap News) ="
_EQUALS_DATELINE = re.compile(
    r"^\s*[(\[（【]\s*[^\W\d_][^()=\n]{0,30}?\s*=\s*[^\W\d_][^()=\n]{0,40}?[)\]）】]"
    rf"(?:\s*(?:{_REPORTER}\s+)?(?:[^\W\d_][\w'’-]*\s+){{0,3}}[^\W\d_][\w'’-]*\s*=)?\s*"
)
# "Eastwind News Agency, Lanford, March 3 (Reporters Ma Tao and Lin Qi)"
_AGENCY_DATELINE = re.compile(
    rf"^\s*(?P<agency>{_CAP_WORDS}),\s+(?P<place>{_CAP_WORDS}),\s+"
    rf"(?P<date>{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+{_MONTHS})(?:,?\s+\d{{4}})?"
    rf"\s*(?P<who>[(（]\s*{_REPORTER}\b[^()（）\n]{{1,80}}[)）])?(?:\s*(?:--?|—|–|:|电))?\s*"
)
_NEWS_WORDS = r"agency|news|press|service|network|daily|radio|television|tv|wire|times|post"
_NEWS_ORG = re.compile(rf"\b(?:{_NEWS_WORDS})\b", re.IGNORECASE)
# A medium: "a reporter from the Daily Example" is the paper's reporter, native English.
_MEDIUM = re.compile(
    rf"\b(?:{_NEWS_WORDS}|newspapers?|paper|magazine|journal|channel|broadcaster|station|"
    r"outlet|website|site|weekly|herald|tribune|gazette|observer|media)\b",
    re.IGNORECASE,
)
_REPORTER_LEARNED = re.compile(
    r"(?:the\s+|a\s+)?reporters?\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:learned|learnt|was\s+told|were\s+told|found\s+out)\s+from\b",
    re.IGNORECASE,
)
_REPORTER_FROM = re.compile(
    r"(?:the\s+|a\s+)?reporters?\s+from\s+(?P<body>(?:[\w'’&-]+\s+){1,9}?)"
    r"(?:reported|learned|learnt|was\s+told|were\s+told|found\s+out)\b",
    re.IGNORECASE,
)
# The formula names a public body as the reporter's source ("a reporter from the city's emergency
# bureau learned"); a bare name ("a reporter from Example Wire learned") is usually an outlet the
# reporter does work for, which native English writes so.
_PUBLIC_BODY = re.compile(
    r"\b(?:bureau|ministry|department|office|committee|commission|government|administration|"
    r"authority|authorities|police|hospital|headquarters|court|council|cent(?:er|re)|"
    r"municipality|prefecture|brigade|corps|command|procuratorate|university|school|company)\b",
    re.IGNORECASE,
)
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*\*(?=\S)[^*\n]{1,200}?(?<=\S)\*\*(?![\w*])")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?=[^\W\d_])")
_HTML_TAG = re.compile(r"</?(?:p|div|span|br|b|i|em|strong|a|h[1-6]|li|ul|ol|html|body)\b[^<>]*>")


def wire_copy_hits(text: str) -> Iterator[TypoHit]:
    """A source-language wire dateline opening `text`, the reporter formula of a Chinese wire
    lead opening it or following the dateline, and markup anywhere in it."""
    hit = _dateline(text)
    if hit:
        yield hit
    if lead := _reporter_formula(text, hit.end if hit else 0):
        yield lead
    yield from _markup(text)


def _reporter_formula(text: str, at: int) -> TypoHit | None:
    """ "The reporter learned from X" / "A reporter from X reported" opening the sentence (at
    `at`, after any dateline), X a public body and not a medium."""
    at += len(text[at:]) - len(text[at:].lstrip())
    m = _REPORTER_LEARNED.match(text, at)
    if m is None:
        m = _REPORTER_FROM.match(text, at)
        if m is None or _MEDIUM.search(m.group("body")):
            return None
        if not _PUBLIC_BODY.search(m.group("body")):
            return None
    quote = m.group()
    return TypoHit(
        m.start(), m.end(), "wire-reporter", 0.7,
        f"“{quote}” is the lead formula of Chinese wire copy (记者从…获悉, “the reporter "
        "learned from …”) rendered word for word: the body named after “from” gave the news, "
        "the agency's reporter did not work for it. English copy names the body as the "
        "speaker.",
        None,
        "name the body as the speaker: “… said” or “… told reporters”",
    )  # fmt: skip


def _dateline(text: str) -> TypoHit | None:
    m = _EQUALS_DATELINE.match(text)
    if m and m.end() < len(text):
        quote = text[: m.end()].strip()
        return TypoHit(
            m.start(), m.start() + len(text[: m.end()].rstrip()), "wire-dateline", 0.85,
            f"“{quote}” is a news agency's dateline in the “(City=Agency) Reporter =” form of "
            "Korean wire copy, carried into the English text by translation.",
            "",
        )  # fmt: skip
    m = _AGENCY_DATELINE.match(text)
    if not m or m.end() >= len(text):
        return None
    if not (m.group("who") or _NEWS_ORG.search(m.group("agency"))):
        return None
    quote = text[: m.end()].strip()
    return TypoHit(
        m.start(), m.start() + len(text[: m.end()].rstrip()), "wire-dateline",
        0.85 if m.group("who") else 0.7,
        f"“{quote}” is a news agency's dateline in source-language order (agency, city, date, "
        "reporters), as Chinese wire copy writes it; English copy does not open a story so. It "
        "was carried over by translation.",
        "",
    )  # fmt: skip


_MARKUP = (
    (_MD_EMPHASIS, "Markdown bold marks"),
    (_MD_HEADING, "a Markdown heading mark"),
    (_HTML_TAG, "an HTML tag"),
)


def _markup(text: str) -> Iterator[TypoHit]:
    yield from table_hits(
        text, _MARKUP, "markup", 0.8,
        lambda m, what: (
            f"“{m.group().strip()}” is {what} left in the text by a converter or an LLM "
            "translation; it is not part of the article."
        ),
        lambda m: m.group().strip("*") if m.re is _MD_EMPHASIS else "",
    )  # fmt: skip
