"""Analysis results written as a difference (store/derived_diff.py): the tables end as a fresh
write leaves them, and rows that did not change keep their ids."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import AnalysisPayload, Store

ARTICLES = 3


def _payload(texts: list[list[str]], names: list[str], clusters: list[list[int]]) -> Any:
    """Sentences of three articles, one entity per name with a mention in each sentence that
    contains it, a quantity per sentence with a digit, and clusters of sentence k of articles."""
    payload = AnalysisPayload()
    for a, sentences in enumerate(texts, 1):
        for k, text in enumerate(sentences):
            payload.sentences.append(
                {"article_id": a, "idx": k, "start": 0, "end": len(text), "text": text,
                 "residue": None, "claim_key": f"{a}:{text}"}
            )  # fmt: skip
            for name in names:
                if name in text:
                    payload.mentions.append(
                        {"article_id": a, "sentence_idx": k, "start": 0, "end": 1, "text": name,
                         "name": name, "kind": "person", "entity_key": f"e{names.index(name)}"}
                    )  # fmt: skip
            if any(ch.isdigit() for ch in text):
                payload.quantities.append(
                    {"article_id": a, "sentence_idx": k, "start": 0, "end": 1, "text": text[:1],
                     "kind": "count", "value": float(len(text)), "unit": "", "low": None,
                     "high": None, "approximate": 0, "iso": None}
                )  # fmt: skip
    payload.entities = [
        {"key": f"e{i}", "name": n, "kind": "person", "spellings": {n: 1}, "gazetteer_id": None}
        for i, n in enumerate(names)
    ]
    for k, members in enumerate(clusters):
        rows = [
            {"article_id": a, "sentence_idx": k, "similarity": 0.5 + 0.1 * a, "source": f"S{a}",
             "tier": "same_claim", "copy_of": None}
            for a in members
            if k < len(texts[a - 1])
        ]  # fmt: skip
        if rows:
            payload.clusters.append({"label": f"c{k}", "key": f"k{k}", "members": rows})
    return payload


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every derived table's content, references followed to content, ids left out."""
    q = store.db.execute
    return {
        "sentences": sorted(q("SELECT article_id, idx, start, \"end\", text, claim_key"
                              " FROM sentences").fetchall()),
        "entities": sorted(q("SELECT name, kind, spellings FROM entities").fetchall()),
        "aliases": sorted(q("SELECT e.name, a.alias FROM aliases a"
                            " JOIN entities e ON e.id = a.entity_id").fetchall()),
        "mentions": sorted(q("SELECT m.article_id, s.idx, m.name, e.name FROM mentions m"
                             " JOIN sentences s ON s.id = m.sentence_id"
                             " LEFT JOIN entities e ON e.id = m.entity_id").fetchall()),
        "quantities": sorted(q("SELECT x.article_id, s.idx, x.value FROM quantities x"
                               " JOIN sentences s ON s.id = x.sentence_id").fetchall()),
        "clusters": sorted(q("SELECT c.key, c.label, c.size, c.n_sources, s.article_id, s.idx,"
                             " m.similarity FROM clusters c JOIN cluster_members m"
                             " ON m.cluster_id = c.id JOIN sentences s"
                             " ON s.id = m.sentence_id").fetchall()),
    }  # fmt: skip


def _store(path: Path) -> Store:
    store = Store.open(path)
    for a in range(1, ARTICLES + 1):
        store.add_article(text=f"Article {a}.", sha256=f"h{a}", source=f"S{a}")
    return store


_text = st.sampled_from(["Ann met Bo.", "Bo left 3 times.", "Cy won.", "Ann and Cy 7.", "Rain."])
_texts = st.lists(st.lists(_text, max_size=4), min_size=ARTICLES, max_size=ARTICLES)
_names = st.lists(st.sampled_from(["Ann", "Bo", "Cy"]), unique=True)
_clusters = st.lists(st.lists(st.integers(1, ARTICLES), min_size=1, max_size=3), max_size=4)
_payloads = st.tuples(_texts, _names, _clusters)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_payloads, _payloads)
def test_a_second_write_leaves_what_a_fresh_write_of_it_leaves(first: Any, second: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with _store(Path(tmp) / "fresh.db") as fresh:
            fresh.write_analysis(_payload(*second))
            expected = _tables(fresh)
        with _store(Path(tmp) / "diff.db") as diffed:
            diffed.write_analysis(_payload(*first))
            summary = diffed.write_analysis(_payload(*second))
            assert _tables(diffed) == expected
            assert summary.sentences == len(expected["sentences"])


def test_unchanged_rows_keep_their_ids_and_changed_ones_are_replaced(tmp_path: Path) -> None:
    texts = [["Ann met Bo.", "Cy won."], ["Bo left 3 times."], ["Rain."]]
    with _store(tmp_path / "ids.db") as store:
        store.write_analysis(_payload(texts, ["Ann", "Bo"], [[1, 2]]))
        before = dict(store.db.execute("SELECT text, id FROM sentences").fetchall())
        clusters = store.db.execute("SELECT id FROM clusters").fetchall()
        texts[2] = ["Rain again."]
        store.write_analysis(_payload(texts, ["Ann", "Bo"], [[1, 2]]))
        after = dict(store.db.execute("SELECT text, id FROM sentences").fetchall())
        assert {t: after[t] for t in before if t != "Rain."} == {
            t: i for t, i in before.items() if t != "Rain."
        }
        assert "Rain." not in after and "Rain again." in after
        assert store.db.execute("SELECT id FROM clusters").fetchall() == clusters
