"""One person spelt several ways inside one machine-translated article."""

from __future__ import annotations

from analysis.mentions import extract_mentions
from analysis.model import ArticleText, FlagDraft
from analysis.name_consistency import inconsistent_name_flags
from analysis.segment import segment_article


def run(texts: dict[str, tuple[str, bool]]) -> list[FlagDraft]:
    articles = [
        ArticleText(i, source, text, translated=translated)
        for i, (source, (text, translated)) in enumerate(texts.items())
    ]
    mentions = {
        a.article_id: extract_mentions(a.text, segment_article(a.text)) for a in articles
    }
    flags = inconsistent_name_flags(articles, mentions)
    for f in flags:
        assert articles[f.side.article_id].text[f.side.start : f.side.end] == f.side.quote
    return flags


THREE_WAYS = (
    "Prime Minister Tran Van Hoang arrived on Monday. Prime Minister Tran Van Huang met "
    "students at the university. Prime Minister Tran Van Hoang also visited a factory. Prime "
    "Minister Tran Van Hoang left on Wednesday."
)


def test_a_minority_spelling_gets_the_articles_dominant_one() -> None:
    [flag] = run({"A": (THREE_WAYS, True)})
    assert flag.kind == "name_variant" and flag.side.quote == "Tran Van Huang"
    assert flag.suggestion == "Tran Van Hoang"
    assert flag.evidence["spellings_in_article"] == {"Tran Van Hoang": 3, "Tran Van Huang": 1}


def test_without_a_dominant_spelling_every_spelling_is_unverified() -> None:
    text = (
        "Prime Minister Tran Van Hoang arrived on Monday. Prime Minister Tran Van Huang met "
        "students. Prime Minister Tran Van Khang left."
    )
    flags = run({"A": (text, True)})
    assert [f.side.quote for f in flags] == ["Tran Van Hoang", "Tran Van Huang", "Tran Van Khang"]
    assert {f.kind for f in flags} == {"unverified_name"}


def test_the_spelling_another_outlet_uses_is_preferred() -> None:
    text = (
        "Prime Minister Tran Van Huang arrived on Monday. Prime Minister Tran Van Huang met "
        "students. Prime Minister Tran Van Hoang left."
    )
    other = "Prime Minister Tran Van Hoang visited the university on Tuesday."
    [flag] = run({"A": (text, True), "B": (other, False)})
    assert flag.side.quote == "Tran Van Huang" and flag.suggestion == "Tran Van Hoang"
    assert flag.evidence["other_outlets"] == {"Tran Van Hoang": ["B"]}


def test_different_people_and_native_copy_are_left_alone() -> None:
    two_people = (
        "Leader Kim Jong Un spoke on Monday. His father Kim Jong Il had ruled before him. "
        "Officials said Park Min-jun and Park Ji-woo would attend."
    )
    assert run({"A": (two_people, True)}) == []
    assert run({"A": (THREE_WAYS, False)}) == []
