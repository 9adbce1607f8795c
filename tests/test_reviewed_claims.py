"""Reviewers' claim edits reach the contradiction and comparison stages (analysis.reviewed_claims).

Invented articles: two outlets, each repeating its own figure in two articles, so analysis makes
two single-outlet claims that it never compares with each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import analysis.pipeline as pipeline
from analysis.importing import import_paths
from analysis.model import ClusterDraft, ClusterMember
from analysis.pipeline import analyze
from analysis.reviewed_claims import reviewed_clusters
from store import Store
from store.claim_replay import Edit

SHARED = "The harbour authority halted the Kelvport ferry service on Tuesday after a storm."
NORTH = "Acme Marine will replace 1,200 planks on the pier, the authority said."
SOUTH = "Engineers said 2,100 planks were rotten."
DOCS = {
    "n1": ("North Gazette", 2, [SHARED, NORTH]),
    "n2": ("North Gazette", 3, [NORTH, "Passengers were told to use the coastal bus instead."]),
    "s1": ("South Courier", 2, [SHARED, SOUTH]),
    "s2": ("South Courier", 3, [SOUTH, "Local shops reported fewer visitors over the weekend."]),
}


def _store(tmp_path: Path, name: str = "x") -> Store:
    folder = tmp_path / name
    folder.mkdir()
    for stem, (source, day, lines) in DOCS.items():
        body = "\n\n".join(lines)
        (folder / f"{stem}.md").write_text(
            f"---\nsource: {source}\npublished: 2026-04-0{day}\nlanguage: en\n---\n"
            f"# Pier news {stem}\n\n{body}\n"
        )
    store = Store.open(folder / "x.db")
    import_paths(store, sorted(folder.glob("*.md")))
    analyze(store, workers=1)
    return store


def _key(store: Store, text: str, stem: str) -> str:
    """The claim key of `text` in the article imported from `stem`.md."""
    (article,) = [a for a in store.articles() if a.title == f"Pier news {stem}"]
    (sentence,) = [s for s in store.sentences(article.id) if s.text == text]
    return sentence.claim_key


def _figure_flags(store: Store, *, include_inactive: bool = False) -> set[str]:
    """Contradictions between the two outlets' figures."""
    return {
        f.fingerprint
        for f in store.flags(kind="contradiction", include_inactive=include_inactive)
        if f.active and {f.source, f.other_source} == {"North Gazette", "South Courier"}
    }


def _results(store: Store) -> dict[str, Any]:
    flags = sorted((f.fingerprint, f.kind, f.confidence, f.active) for f in store.flags())
    clusters = [(c.label, c.size, c.n_sources, c.key) for c in store.clusters()]
    return {"flags": flags, "clusters": clusters}


@pytest.mark.parametrize("workers", [1, 2])
def test_merging_two_claims_compares_their_figures(tmp_path: Path, workers: int) -> None:
    with _store(tmp_path) as store:
        assert _figure_flags(store) == set()  # analysis alone keeps the two claims apart
        north, south = _key(store, NORTH, "n1"), _key(store, SOUTH, "s1")
        store.edit_claim("merge", [south], "ann", target=north)
        analyze(store, workers=workers)
        flags = [f for f in store.flags(kind="contradiction") if f.fingerprint in
                 _figure_flags(store)]  # fmt: skip
        assert len(flags) == 4  # each North article against each South article
        assert {(f.slot, *sorted((f.quote, f.other_quote or ""))) for f in flags} == {
            ("number", "1,200 planks", "2,100 planks")
        }


def test_a_removed_sentence_is_compared_no_more_and_a_decided_flag_stays(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        north, south = _key(store, NORTH, "n1"), _key(store, SOUTH, "s1")
        store.edit_claim("merge", [south], "ann", target=north)
        analyze(store, workers=1)
        s1 = {f.fingerprint: f for f in store.flags(kind="contradiction")
              if "s1" in _stems(store, f)}  # fmt: skip
        assert len(s1) == 2
        decided, other = sorted(s1)
        store.set_flag_status(decided, "accepted", "ann")
        store.edit_claim("remove", [south], "ann")
        analyze(store, workers=1)
        active = _figure_flags(store)
        assert other not in active and decided not in active  # no longer detected
        assert len(active) == 2  # the South copy in s2 is still compared with both North ones
        listed = {f.fingerprint: f for f in store.flags()}
        assert listed[decided].status == "accepted"  # a decided flag stays listed
        assert other not in listed


def _stems(store: Store, flag: Any) -> set[str]:
    titles = {a.id: a.title for a in store.articles()}
    ids = (flag.article_id, flag.other_article_id)
    return {titles[i].removeprefix("Pier news ") for i in ids if i in titles}


def test_the_store_replays_edits_to_what_the_detectors_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[ClusterDraft]] = []
    keys: dict[tuple[int, int], str] = {}

    def spy(clusters: Any, edits: Any, sentences: Any) -> list[ClusterDraft]:
        out = reviewed_clusters(clusters, edits, sentences)
        seen.append(out)
        keys.update({loc: key for loc, (key, _) in sentences.items()})
        return out

    with _store(tmp_path) as store:
        north, south = _key(store, NORTH, "n1"), _key(store, SOUTH, "s1")
        store.edit_claim("merge", [south], "ann", target=north)
        store.edit_claim("remove", [_key(store, SOUTH, "s2")], "ann")
        monkeypatch.setattr(pipeline, "reviewed_clusters", spy)
        analyze(store, workers=1)
        stored = {
            (c.label, frozenset((m.claim_key, m.tier) for m in store.cluster_members(c.id)))
            for c in store.clusters()
        }
    (judged,) = seen
    compared = {
        (c.label, frozenset((keys[m.article_id, m.sentence_idx], m.tier) for m in c.members))
        for c in judged
    }
    assert compared == stored
    assert any(north in {k for k, _ in ms} and south in {k for k, _ in ms} for _, ms in compared)


def test_no_edits_or_only_undone_ones_change_nothing(tmp_path: Path) -> None:
    with _store(tmp_path, "plain") as plain, _store(tmp_path, "edited") as edited:
        store_results = _results(plain)
        north, south = _key(edited, NORTH, "n1"), _key(edited, SOUTH, "s1")
        edited.edit_claim("merge", [south], "ann", target=north)
        edited.undo("ann")
        analyze(edited, workers=1, full=True)
        analyze(plain, workers=1, full=True)
        assert _results(plain) == store_results == _results(edited)


def test_without_edits_the_clusters_come_back_as_they_were() -> None:
    member = ClusterMember(1, 0, 0.93, "same_claim")
    clusters = [ClusterDraft("a", (member, ClusterMember(2, 0, 0.91, "same_claim")))]
    texts = {(1, 0): ("k1", "one"), (2, 0): ("k2", "two"), (3, 0): ("k3", "three")}
    assert reviewed_clusters(clusters, [], texts) == clusters
    stale = [Edit(7, "remove", "ann", ("gone",), ("k1",))]  # its sentence is in no article now
    (back,) = reviewed_clusters(clusters, stale, texts)
    assert back is clusters[0]
    added = [Edit(8, "add", "ann", ("k3",), ("k1",))]
    (grown,) = reviewed_clusters(clusters, added, texts)
    assert {(m.article_id, m.tier) for m in grown.members} == {
        (1, "same_claim"),
        (2, "same_claim"),
        (3, "same_claim"),
    }
