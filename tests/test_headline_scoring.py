"""The store marks an article's headline (its title, repeated where its text opens) in what
scoring reads, so the Sources screen does not count a headline as corroboration."""

from __future__ import annotations

from pathlib import Path

from analysis.importing import import_paths
from analysis.pipeline import analyze
from analysis.scoring import score_sources
from store import Store

LEDE = "Orvik Freight will open a depot in Lanmere for 40 million euros, the company said."
PAGES = {
    "one.md": ("Orvik opens Lanmere depot for €40 million", LEDE),
    "two.md": ("Orvik to open €55 million depot in Lanmere",
               "Orvik Freight plans a depot in Lanmere costing 55 million euros."),
    "three.md": ("Orvik picks Lanmere for new depot",
                 "The Lanmere depot of Orvik Freight will cost 40 million euros."),
}  # fmt: skip


def test_headlines_are_marked_and_not_counted(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, (title, body) in PAGES.items():
        (folder / name).write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    with Store.open(tmp_path / "x.db") as store:
        import_paths(store, [folder])
        analyze(store)
        facts = store.scoring_input()
        by_text = {c.text.strip(): c.headline for c in facts.claims}
        titles = {store.article(c.article_id).title for c in facts.claims}
        assert titles & set(by_text)  # the headlines are in claims (clustered, say)...
        for title in titles & set(by_text):  # ...and every one of them is marked
            assert by_text[title] == 1, title
        assert all(by_text[body] == 0 for _, body in PAGES.values() if body in by_text)
        evidence = [e for s in score_sources(facts) for e in s.evidence]
        assert not [e for e in evidence if e.quote.strip() in titles]
