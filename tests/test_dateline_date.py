"""A page's own "Published: …" line is the article date when no metadata gives one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.html_extract import dateline_date
from analysis.ingest import read_file

BODY = "The council closed the bridge on Tuesday after inspectors found cracks in two supports."


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Published: March 5, 2024", "2024-03-05"),
        ("Posted on 5 March 2024 10:02", "2024-03-05"),
        ("First published 2024-03-05", "2024-03-05"),
        ("PUBLISHED: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT, 13 March 2013", "2013-03-12"),
        ("Date: Sept. 4, 2013", "2013-09-04"),
        # the first publication wins over an update, whichever line comes first
        ("Updated: Apr 02, 2009 11:06 PM\nPosted: Apr 01, 2009 09:00 AM", "2009-04-01"),
        ("Updated: Apr 02, 2009 11:06 PM", "2009-04-02"),
        ("The date was set for March 5, 2024.", None),  # a story sentence, not a date line
        ("Posted: Feb 30, 2013", None),  # no such day
    ],
)
def test_dateline_date(text: str, iso: str | None) -> None:
    assert dateline_date(f"Bridge closed\n{text}\n{BODY}") == iso


def test_a_date_line_deep_in_the_story_is_not_the_article_date() -> None:
    lines = ["Bridge closed", *[BODY] * 9, "Published: March 5, 2024"]
    assert dateline_date("\n".join(lines)) is None


@given(st.text(max_size=300))
def test_dateline_date_never_raises(text: str) -> None:
    found = dateline_date(text)
    assert found is None or len(found) == 10


def test_txt_and_md_read_the_date_line(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(f"Bridge closed\n\nPublished: March 5, 2024\n\n{BODY}\n", "utf-8")
    md = tmp_path / "b.md"
    md.write_text(f"# Bridge closed\n\n*Published: March 6, 2024*\n\n{BODY}\n", "utf-8")
    assert read_file(txt)[0].published == "2024-03-05"
    assert read_file(md)[0].published == "2024-03-06"


def test_metadata_date_beats_the_date_line(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    record = {"title": "Bridge closed", "published": "2024-03-01"}
    record["text"] = f"Published: March 5, 2024\n{BODY}"
    path.write_text(json.dumps(record), "utf-8")
    assert read_file(path)[0].published == "2024-03-01"
