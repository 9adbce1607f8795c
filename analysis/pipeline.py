"""`corroborator analyze`: read articles from the store, run every pure stage, write results back.

The only place where analysis meets the database. Stages, in order: sentences and residue →
mentions, quantities, dates → entities (with the gazetteer and the reviewer's merges) → detectors
that need one article (residue, translation artifacts) → names across the corpus → alignment →
contradictions. Flags get fingerprints from their content, not row ids, so a re-run finds the same
flag again and the reviewer's decision stays attached.

The per-article stages (`extract_article`) are pure and take most of the time, so on a corpus of
more than `PARALLEL_MIN_ARTICLES` they run in worker processes; everything after needs the whole
corpus and runs here, except name variants and contradictions, which start in a process beside the
aligner. Results are collected in article order, so they do not depend on the workers. The process
handling lives in `analysis.processes`; what it runs (`extract_article`, `_Later`) stays here, at
module level, so a spawned child can import it.

Incremental runs: each article's `extract_article` result is cached in the store, keyed by its
sha256 and the analysis version (`analysis.version`, a hash of this package's code and data), and
checked against a digest of its analysis input; only new or changed articles are extracted again.
Alignment reuses the last run's pair scores within an epoch of frozen term weights
(`analysis.incremental`); the other corpus-wide stages still run over everything. A run whose
inputs (the version, every article's input, the reviewer's gazetteer entries and entity
decisions: everything `analyze` reads from the store, see `_input_state`) equal the last run's
changes nothing and stops early. `full=True` ignores all three and starts a new epoch.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from time import perf_counter
from typing import Any

from analysis.align import same_claim_only
from analysis.artifacts import (
    ArtifactScan,
    KnownNames,
    detect_translation_artifacts,
    garble_score,
    scan_artifacts,
)
from analysis.claim_labels import cluster_label, unit_place
from analysis.collections_budget import fewer_full_collections
from analysis.compare import ArticleFacts, article_facts, compare_articles
from analysis.contradiction import ContradictionRun
from analysis.entities import group_entities
from analysis.gazetteer import Gazetteer, GazetteerEntry
from analysis.geo_names import index_blob, use_kept_index
from analysis.incremental import (
    EPOCH_GROWTH,
    AlignRun,
    Epoch,
    PairMemo,
    align_in_epoch,
    choose_epoch,
)
from analysis.known_garbles import known_garble_flags, known_garbles
from analysis.mentions import extract_mentions
from analysis.mistranslation import mistranslation_flags
from analysis.model import (
    AlignUnit,
    ArticleText,
    ClusterDraft,
    Entity,
    FlagDraft,
    Mention,
    Quantity,
    SentenceSpan,
    fingerprint,
    normalise_context,
)
from analysis.mt_likelihood import article_mt_likelihood, translation_likelihood
from analysis.mt_prior import ArticleEvidence, story_garbles
from analysis.name_checks import corpus_name_flags
from analysis.name_error_model import sentence_words_memo
from analysis.processes import MAX_WORKERS as MAX_WORKERS  # re-exported: callers size runs
from analysis.processes import PARALLEL_MIN_ARTICLES as PARALLEL_MIN_ARTICLES
from analysis.processes import Beside, OrderedMap, map_in_order, start_method, worker_count
from analysis.pronouns import detect_gender_pronouns, detect_thing_pronouns
from analysis.quantities import extract_quantities
from analysis.residue import residue_flags
from analysis.result_codec import CodecError, decode, encode
from analysis.reviewed_claims import reviewed_clusters
from analysis.run_memo import DenialMemo, NameMemo, ReadingMemo, WordingMemo, WordsMemo
from analysis.segment import segment_with_hits
from analysis.similarity import load_embedder
from analysis.slot_swaps import found_swaps, slot_swap_flags
from analysis.text_memo import TextMemo, kept_readings
from analysis.token_alignment import with_slot_alignment
from analysis.translit import distance_memo
from analysis.vector_cache import ArticleVectors, unit_vectors
from analysis.version import analysis_version
from store import AnalysisPayload, Store
from store.cache import CachedResult, CachedVectors

Progress = Callable[[str, int, int], None]
GARBLE_THRESHOLD = 0.5  # above this an article is treated as machine-translated without a note
STATE_KEY = "inputs"  # analysis_state key: the digest of the last completed run's inputs
EPOCH_KEY = "epoch"  # analysis_state key: the frozen term statistics (analysis/incremental.py)
PAIRS_KEY = "pairs"  # analysis_state key: pair scores kept when the epoch began (its base)
MORE_PAIRS_KEY = "pairs-more"  # analysis_state key: the last run's pair scores beyond the base
DENIALS_KEY = "denials"  # analysis_state key: negation.denials results (run_memo)
NAMES_KEY = "name-distances"  # analysis_state key: transliteration distances (run_memo)
COMPONENTS_KEY = "components"  # analysis_state key: clusters by component (align_incremental)
MATCHED_KEY = "matched-units"  # analysis_state key: claim units matched by pair (incremental)
READINGS_KEY = "readings"  # analysis_state key: the contradictions' sentence readings (run_memo)
ITEMS_KEY = "item-pairs"  # analysis_state key: claim items' pair P by sentence pair (incremental)
WORDS_KEY = "sentence-words"  # analysis_state key: the name checks' slot-index words (run_memo)
DECISIONS_KEY = "decisions"  # analysis_state key: clustering answers (align_incremental)
WORDING_KEY = "quiet-wordings"  # analysis_state key: claim pairs showing nothing (run_memo)
TEXTS_KEY = "text-readings"  # analysis_state key: sentences' terms and cues (text_memo)
MORE = "-more"  # after a memo's key: what its last run added beyond its stored base
GEO_KEY = "geonames-index"  # analysis_state key: the GeoNames index as text (geo_names)


class AnalysisCancelled(Exception):
    """The caller asked to stop; nothing was written."""


@dataclass(slots=True)
class AnalysisSummary:
    articles: int
    sentences: int
    clusters: int
    multi_source_clusters: int
    flags_by_kind: dict[str, int] = field(default_factory=dict)
    new_flags: int = 0
    retired_flags: int = 0
    seconds: float = 0.0
    extracted: int | None = None  # articles extracted this run (None: all of them)
    pairs_reused: int = 0  # candidate pairs whose scores came from the last run (same epoch)
    pairs: int = 0  # candidate pairs
    unchanged: bool = False  # nothing new since the last run: results kept as they were
    components: int = 0  # connected components of strong pairs (analysis/align_incremental.py)
    reclustered: int = 0  # of those, clustered this run (the others kept from the last run)

    def describe(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.flags_by_kind.items())) or "none"
        if self.unchanged:
            return (
                f"nothing new since the last analysis of {self.articles} articles "
                f"({self.clusters} claim clusters; flags: {kinds}); results kept "
                "(--full recomputes everything)"
            )
        text = (
            f"analysed {self.articles} articles, {self.sentences} sentences in "
            f"{self.seconds:.1f} s: {self.clusters} claim clusters "
            f"({self.multi_source_clusters} reported by several sources); flags: {kinds}"
        )
        if self.new_flags or self.retired_flags:
            text += f"; {self.new_flags} new, {self.retired_flags} no longer found"
        if self.extracted is not None and self.extracted < self.articles:
            text += f"; {self.extracted} articles extracted, the rest from the cache"
        if self.pairs_reused:
            text += f"; {self.pairs - self.pairs_reused} of {self.pairs} sentence pairs scored"
        if self.reclustered < self.components:
            text += f", {self.reclustered} of {self.components} claim groups clustered"
        return text


def claim_key(article_sha: str, sentence_text: str) -> str:
    """A claim's identity across re-analyses: its article and its normalised wording."""
    raw = f"{article_sha}\x1f{normalise_context(sentence_text)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def load_gazetteer(store: Store) -> Gazetteer:
    """The bundled gazetteer extended by the reviewer's entries (accepted corrections are known
    garbles, not entries: see analysis/known_garbles.py)."""
    extra = [
        GazetteerEntry(
            id=f"user:{e['name']}",
            name=e["name"],
            aliases=tuple(e.get("aliases") or ()),
            kind=e.get("kind") or "person",
            description=e.get("description") or "",
            wikidata=e.get("wikidata"),
        )
        for e in store.gazetteer_entries()
    ]
    return Gazetteer.load_default().merge(extra)


def _apply_entity_decisions(entities: list[Entity], store: Store) -> list[Entity]:
    """Fold the reviewer's merges into the corpus grouping (latest decision wins)."""
    merges: dict[str, str] = {}
    for review in store.entity_decisions():
        if review.action == "merge" and review.value:
            merges[review.target] = review.value
        elif review.action == "split":
            merges.pop(review.target, None)
    if not merges:
        return entities
    by_name = {e.canonical: e for e in entities}
    for name, into in merges.items():
        src, dst = by_name.get(name), by_name.get(into)
        if src is None or dst is None or src is dst:
            continue
        spellings = dict(dst.spellings)
        for spelling, n in src.spellings.items():
            spellings[spelling] = spellings.get(spelling, 0) + n
        merged = replace(dst, spellings=spellings, members=dst.members + src.members)
        by_name[into] = merged
        for key, value in list(by_name.items()):
            if value is src or value is dst:
                by_name[key] = merged
    seen: set[int] = set()
    out: list[Entity] = []
    for entity in by_name.values():
        if id(entity) not in seen:
            seen.add(id(entity))
            out.append(entity)
    return out


def _flag_row(
    flag: FlagDraft,
    articles: dict[int, ArticleText],
    sentences: dict[int, list[SentenceSpan]],
) -> dict[str, Any]:
    art = articles[flag.side.article_id]
    context = _sentence_text(sentences, flag.side.article_id, flag.side.sentence_idx)
    extra: list[str] = []
    row: dict[str, Any] = {
        "kind": flag.kind,
        "detector": flag.detector,
        "article_id": flag.side.article_id,
        "sentence_idx": flag.side.sentence_idx,
        "start": flag.side.start,
        "end": flag.side.end,
        "quote": flag.side.quote,
        "suggestion": flag.suggestion,
        "confidence": round(float(flag.confidence), 4),
        "explanation": flag.explanation,
        "evidence": flag.evidence,
        "slot": flag.slot,
        "claim_key": claim_key(art.sha256, context) if context else None,
    }
    if flag.other is not None:
        other_art = articles[flag.other.article_id]
        other_context = _sentence_text(sentences, flag.other.article_id, flag.other.sentence_idx)
        row.update(
            other_article_id=flag.other.article_id,
            other_sentence_idx=flag.other.sentence_idx,
            other_start=flag.other.start,
            other_end=flag.other.end,
            other_quote=flag.other.quote,
        )
        extra = [
            other_art.sha256,
            flag.other.quote,
            normalise_context(other_context),
            flag.slot or "",
        ]
    row["fingerprint"] = fingerprint(flag.kind, art.sha256, flag.side.quote, context, *extra)
    return row


def _sentence_text(
    sentences: dict[int, list[SentenceSpan]], article_id: int, idx: int | None
) -> str:
    spans = sentences.get(article_id, [])
    if idx is None or not 0 <= idx < len(spans):
        return ""
    return spans[idx].text


def _canonical_pair(flag: FlagDraft, articles: dict[int, ArticleText]) -> FlagDraft:
    """Order a contradiction's sides by article so the same pair always gets one fingerprint."""
    if flag.other is None:
        return flag
    a, b = flag.side, flag.other
    if (articles[a.article_id].sha256, a.start) > (articles[b.article_id].sha256, b.start):
        return replace(flag, side=b, other=a)
    return flag


@dataclass(slots=True)
class ArticleResult:
    """Everything the pipeline learns from one article alone (picklable)."""

    article: ArticleText
    sentences: list[SentenceSpan]
    mentions: list[Mention]
    quantities: list[Quantity]
    garble: float
    residue: list[FlagDraft]  # page_residue flags
    scan: ArtifactScan  # translation artifacts before names and "translated" are known
    facts: ArticleFacts | None = None  # the comparison's reading of the article (compare.py)
    style: float = 0.0  # article MT likelihood from style alone (analysis.mt_likelihood)
    traces: float = 0.0  # the explicit-trace score (artifacts.garble_score)


def extract_article(row: dict[str, Any]) -> ArticleResult:
    """The per-article stages: sentences and residue, garble score, mentions, quantities, residue
    flags and the name-independent artifact scan. Pure: one `analysis_input` row in."""
    text = row["text"]
    spans, hits = segment_with_hits(text)
    scan = scan_artifacts(text, spans)
    untranslated = ArticleText(article_id=0, source="", text=text)
    found = detect_translation_artifacts(untranslated, spans, scan=scan)
    # Explicit traces joined with the learned style model (`analysis.mt_likelihood`). Style alone
    # marks the source as likely MT; treating names as translated also needs a trace.
    traces = garble_score(text, sentences=spans, flags=found)
    style = article_mt_likelihood(spans)
    garble = translation_likelihood(traces, spans, style=style)
    art = ArticleText(
        article_id=row["id"],
        source=row["source"],
        text=text,
        translated=bool(row["translated"])
        or traces >= GARBLE_THRESHOLD
        or (garble >= GARBLE_THRESHOLD and traces > 0),
        published=_parse_date(row["published"]),
        title=row["title"],
        sha256=row.get("origin_sha256") or row["sha256"],  # identity: the text first imported
    )
    content = [s for s in spans if s.residue is None]
    return ArticleResult(
        article=art,
        sentences=spans,
        mentions=extract_mentions(text, content),
        quantities=extract_quantities(text, content, art.published),
        garble=garble,
        residue=residue_flags(art, spans, hits=hits),
        scan=scan,
        facts=article_facts(art, spans),
        style=style,
        traces=traces,
    )


def extract_for_cache(row: dict[str, Any]) -> tuple[ArticleResult, bytes | None]:
    """`extract_article` and its result encoded for the cache (None when it cannot be encoded:
    the article is then simply extracted again next time). Runs in the worker processes. The
    article's text is left out of the blob: the store holds it already."""
    one = extract_article(row)
    try:
        return one, encode(replace(one, article=replace(one.article, text="")))
    except CodecError:
        return one, None


def input_digest(row: dict[str, Any]) -> str:
    """What a cached result of this `analysis_input` row depends on besides the code: the text
    (through its sha256) and every other column (id, source, dates, the translated marks)."""
    meta = {k: v for k, v in row.items() if k != "text"}
    return _short_hash(json.dumps(meta, sort_keys=True, default=str))


def _input_state(store: Store, rows: list[dict[str, Any]], version: str) -> str:
    """Digest of everything `analyze` reads: the analysis version, every article's input, the
    reviewer's gazetteer entries (with confirmed corrections) and entity decisions. A new input
    read by `analyze` must be added here, or a re-run would wrongly find nothing new."""
    decisions = [(r.action, r.target, r.value) for r in store.entity_decisions()]
    parts = [version, [input_digest(r) for r in rows], store.gazetteer_entries(), decisions]
    if edits := store.claim_edits_in_force():  # only when any: earlier states stay valid
        parts.append([(e.kind, e.keys, e.with_) for e in edits])
    return _short_hash(json.dumps(parts, sort_keys=True, default=str))


def _cached_or_extracted(
    store: Store,
    rows: list[dict[str, Any]],
    tick: Callable[[str, int, int], None],
    workers: int | None,
    *,
    version: str,
    full: bool,
) -> tuple[list[ArticleResult], list[CachedResult], int]:
    """Every row's `ArticleResult` in row order: from the store's cache when it was written by
    this analysis `version` for the same input, else extracted (in worker processes when there
    are enough to extract). Also the fresh results to cache and how many were extracted."""
    cached = {} if full else store.cached_results(version)
    digests = [input_digest(r) for r in rows]
    hits: list[tuple[int, bytes]] = []
    missing: list[int] = []
    for i, (row, digest) in enumerate(zip(rows, digests, strict=True)):
        hit = cached.get(row["sha256"])
        if hit is not None and hit.inputs == digest:
            hits.append((i, hit.result))
        else:
            missing.append(i)
    n = worker_count(len(missing)) if workers is None else workers
    # The new articles are extracted in a worker while this process decodes the cached ones
    # (forked: a spawned worker would first import the analysis, which takes longer).
    ahead = (
        OrderedMap(extract_for_cache, [rows[i] for i in missing], n)
        if missing and hits and (workers is None or workers > 1) and start_method() == "fork"
        else None
    )
    results: list[ArticleResult | None] = [None] * len(rows)
    fresh: list[CachedResult] = []
    try:
        unreadable = [i for i, blob in hits if not _decoded(results, i, blob, rows[i])]
        extracting = (
            ahead.results(tick)
            if ahead is not None
            else map_in_order(extract_for_cache, [rows[i] for i in missing], tick, n)
        )
        if unreadable:  # written by a codec bug or damaged: extracted again, after the others
            missing += unreadable
            extracting = itertools.chain(
                extracting, map_in_order(extract_for_cache, [rows[i] for i in unreadable],
                                         tick, 1),
            )  # fmt: skip
        for i, (one, blob) in zip(missing, extracting, strict=True):
            results[i] = one
            if blob is not None:
                fresh.append(CachedResult(rows[i]["sha256"], digests[i], blob))
    finally:
        if ahead is not None:
            ahead.close()
    if not missing:
        tick("extract", 0, 0)
    done = [r for r in results if r is not None]
    assert len(done) == len(rows)
    return done, fresh, len(missing)


def _decoded(results: list[ArticleResult | None], i: int, blob: bytes, row: dict[str, Any]) -> bool:
    """Put the cached result `blob` of `row` at `results[i]`; False when it cannot be read."""
    try:
        one = decode(blob)
    except CodecError:
        return False
    if not isinstance(one, ArticleResult):
        return False
    results[i] = replace(one, article=replace(one.article, text=row["text"]))
    return True


def _unchanged_summary(store: Store, started: float) -> AnalysisSummary:
    counts = store.counts()
    return AnalysisSummary(
        articles=counts.articles,
        sentences=counts.sentences,
        clusters=counts.clusters,
        multi_source_clusters=store.cluster_count(multi_only=True),
        flags_by_kind={k: sum(v.values()) for k, v in store.flag_counts_by_kind().items()},
        seconds=perf_counter() - started,
        extracted=0,
        unchanged=True,
    )


def _align_units(
    articles: dict[int, ArticleText],
    sentences: dict[int, list[SentenceSpan]],
    mentions: dict[int, list[Mention]],
    quantities: dict[int, list[Quantity]],
    entity_of: dict[tuple[int, int, int], Entity],
) -> dict[tuple[int, int], AlignUnit]:
    """Every content sentence with its entities' canonical names and its quantities."""
    units: dict[tuple[int, int], AlignUnit] = {}
    for art in articles.values():
        names_by_sentence: dict[int, set[str]] = {}
        for m in mentions[art.article_id]:
            ent = entity_of.get((art.article_id, m.start, m.end))
            names_by_sentence.setdefault(m.sentence_idx, set()).add(
                ent.canonical if ent else m.name
            )
        qty_by_sentence: dict[int, list[Quantity]] = {}
        for q in quantities[art.article_id]:
            qty_by_sentence.setdefault(q.sentence_idx, []).append(q)
        for s in sentences[art.article_id]:
            if s.residue is None:
                units[(art.article_id, s.idx)] = AlignUnit(
                    article_id=art.article_id,
                    sentence_idx=s.idx,
                    text=s.text,
                    source=art.source,
                    entities=frozenset(names_by_sentence.get(s.idx, ())),
                    quantities=tuple(qty_by_sentence.get(s.idx, ())),
                    published=art.published,
                )
    return units


@dataclass(slots=True)
class _Later:
    """Inputs of the corpus-wide detectors that do not need the clusters to start (the work of
    `processes.Beside`; top-level so that a spawned child can unpickle it)."""

    articles: list[ArticleText]
    mentions: dict[int, list[Mention]]
    entities: list[Entity]
    gazetteer: Gazetteer
    sentences: dict[int, list[SentenceSpan]]
    units: dict[tuple[int, int], AlignUnit]
    published: dict[int, date | None]
    starts: dict[tuple[int, int], int]
    name_memo: bytes | None = None  # the last run's name distances (analysis/run_memo.py)
    words_memo: bytes | None = None  # the last run's slot-index words (run_memo.WordsMemo)
    readings: Layers = (None, None)  # the last run's sentence readings (run_memo.ReadingMemo)
    version: str = ""  # the analysis version the readings are of
    geo_index: bytes | None = None  # the GeoNames index kept as text (geo_names.index_blob)

    def names(self) -> tuple[list[FlagDraft], tuple[bytes, bytes, bytes | None]]:
        """Name flags, and the distances and sentence words they used encoded for the next
        run, with the GeoNames index when it was built here (None when it was read from
        `geo_index`, which the store keeps, or not needed)."""
        memo = NameMemo.decode(self.name_memo)
        words = WordsMemo.decode(self.words_memo, self.version)
        kept = use_kept_index(self.geo_index, self.version)  # the contradictions' too
        with distance_memo(memo), sentence_words_memo(words):
            flags = corpus_name_flags(
                self.articles, self.mentions, self.entities, self.gazetteer, self.sentences
            )
        index = None if kept else index_blob(self.version)  # None unless built here
        return flags, (memo.encode(), words.encode(self.version), index)

    def contradiction_run(self) -> ContradictionRun:
        return ContradictionRun(
            self.units, published=self.published, sentence_starts=self.starts,
            reading_memo=ReadingMemo.decode_layers(*self.readings, self.version),
        )  # fmt: skip

    def contradictions(self, clusters: list[Any]) -> tuple[list[FlagDraft], NewLayers]:
        """The flags and the run's readings encoded (as `processes.Beside.collect` gives them)."""
        run = self.contradiction_run()
        return run.finish(clusters), self.kept(run)

    def kept(self, run: ContradictionRun) -> NewLayers:
        """The sentence readings of a finished run, encoded for the next run (`_layered`)."""
        return run.reading_memo.layers(self.version)


def analyze(
    store: Store,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int | None = None,
    full: bool = False,
    epoch_growth: float = EPOCH_GROWTH,
) -> AnalysisSummary:
    """Analyse every article in `store` and write the results back (see the module docstring).

    The per-article stages run in `workers` processes (default: `worker_count`); the output is
    the same for any number of workers, and the same whether results come from the cache or not.
    `full` ignores the cache and the "nothing new" check and starts a new epoch of term
    weights, as does a corpus that has grown by more than `epoch_growth` since the epoch began
    (analysis/incremental.py): within an epoch, the last run's pair scores are reused.
    Full garbage collections are rare while it runs (analysis/collections_budget.py).
    """
    with fewer_full_collections():
        return _analyze(store, progress, should_stop, workers, full, epoch_growth)


def _analyze(
    store: Store,
    progress: Progress | None,
    should_stop: Callable[[], bool] | None,
    workers: int | None,
    full: bool,
    epoch_growth: float,
) -> AnalysisSummary:
    started = perf_counter()

    def tick(stage: str, done: int, total: int) -> None:
        if should_stop and should_stop():
            raise AnalysisCancelled("analysis cancelled; the database is unchanged")
        if progress:
            progress(stage, done, total)

    rows = store.analysis_input()
    version = analysis_version()
    state = _input_state(store, rows, version)
    if not full and store.analysis_state(STATE_KEY) == state:
        tick("write", 1, 1)
        return _unchanged_summary(store, started)
    extracted, fresh, n_extracted = _cached_or_extracted(
        store, rows, tick, workers, version=version, full=full
    )
    if workers is None:
        workers = worker_count(len(rows))
    gazetteer = load_gazetteer(store)
    articles: dict[int, ArticleText] = {}
    sentences: dict[int, list[SentenceSpan]] = {}
    mentions: dict[int, list[Mention]] = {}
    quantities: dict[int, list[Quantity]] = {}
    residue: dict[int, list[FlagDraft]] = {}
    scans: dict[int, ArtifactScan] = {}
    read: dict[int, ArticleFacts] = {}
    for one in extracted:
        art = one.article
        articles[art.article_id] = art
        sentences[art.article_id] = one.sentences
        mentions[art.article_id] = one.mentions
        quantities[art.article_id] = one.quantities
        residue[art.article_id] = one.residue
        scans[art.article_id] = one.scan
        if one.facts is not None:
            read[art.article_id] = one.facts
    # The style threshold moved by the story's other outlets (analysis.mt_prior): the sources
    # screen and the cross-outlet wording suspects read it; names still need a trace.
    garble = story_garbles(
        (
            ArticleEvidence(
                one.article.article_id, one.article.source, one.style, one.traces,
                one.garble, one.article.translated,
            )
            for one in extracted
        ),
        GARBLE_THRESHOLD,
    )  # fmt: skip

    outlets = {a.article_id: a.source for a in articles.values()}
    entities = _apply_entity_decisions(group_entities(mentions, gazetteer, outlets), store)
    entity_of: dict[tuple[int, int, int], Entity] = {}
    for entity in entities:
        for member in entity.members:
            entity_of[member] = entity

    units = _align_units(articles, sentences, mentions, quantities, entity_of)
    later = _Later(
        list(articles.values()),
        mentions,
        entities,
        gazetteer,
        sentences,
        units,
        published={a.article_id: a.published for a in articles.values()},
        starts={(aid, s.idx): s.start for aid, spans in sentences.items() for s in spans},
        name_memo=None if full else store.analysis_blob(NAMES_KEY),
        words_memo=None if full else store.analysis_blob(WORDS_KEY),
        readings=_stored(store, READINGS_KEY, full),
        version=version,
        geo_index=None if full else store.analysis_blob(GEO_KEY),
    )
    # The name checks need only the entities: the process beside the aligner starts them now,
    # while the per-article detectors, the memos' reading and the alignment run here.
    with Beside(later) if workers > 1 else nullcontext() as beside:
        flags: list[FlagDraft] = []
        known_names = KnownNames({e.canonical for e in entities} | set(gazetteer.all_names()))
        for n, art in enumerate(articles.values()):
            tick("detect", n, len(articles))
            flags += residue[art.article_id]
            flags += detect_translation_artifacts(
                art, sentences[art.article_id], known_names, scan=scans[art.article_id]
            )
            flags += detect_thing_pronouns(art, sentences[art.article_id], mentions[art.article_id])
        flags += detect_gender_pronouns(list(articles.values()), sentences, mentions, entities)
        epoch, new_epoch = choose_epoch(
            Epoch.decode(store.analysis_blob(EPOCH_KEY)), list(units.values()),
            version=version, articles=len(articles), full=full, growth=epoch_growth,
        )  # fmt: skip
        memo = None if new_epoch else PairMemo.decode(store.analysis_blob(MORE_PAIRS_KEY))
        base = None if new_epoch else PairMemo.decode(store.analysis_blob(PAIRS_KEY))

        def align_progress(done: int, total: int) -> None:
            tick("align", done, total)

        claim_keys = _claim_keys(articles, sentences)
        denial_memo = DenialMemo.decode_layers(*_stored(store, DENIALS_KEY, full), version)
        wording = WordingMemo.decode_layers(*_stored(store, WORDING_KEY, full), version)
        readings_of_texts = TextMemo.decode_layers(*_stored(store, TEXTS_KEY, full), version)
        fresh_vectors: list[ArticleVectors] = []

        def align() -> AlignRun:
            """Alignment with the sentence vectors of the last run read back (vector_cache)."""
            cached = {} if full else store.cached_vectors(version)
            with kept_readings(readings_of_texts):  # terms and cues of texts read before
                vectors, new_vectors, clauses = unit_vectors(
                    list(units.values()), {r["id"]: r["sha256"] for r in rows},
                    {k: (v.texts, v.vectors) for k, v in cached.items()},
                )  # fmt: skip
                fresh_vectors.extend(new_vectors)
                return align_in_epoch(
                    list(units.values()), epoch, memo, progress=align_progress, vectors=vectors,
                    components=None if new_epoch else store.analysis_blob(COMPONENTS_KEY),
                    matched=None if new_epoch else store.analysis_blob(MATCHED_KEY),
                    items=None if new_epoch else store.analysis_blob(ITEMS_KEY), clauses=clauses,
                    decisions=None if new_epoch else store.analysis_blob(DECISIONS_KEY),
                    base=base,
                )  # fmt: skip

        if beside is None:
            names, name_memo = later.names()
            flags += names
            aligned = align()
            clusters = aligned.clusters
            judged = same_claim_only(_reviewed(clusters, store, sentences, claim_keys))
            contradictions, readings = later.contradictions(judged)
            flags += contradictions
            flags += compare_articles(
                articles.values(), sentences, units, judged, read, denial_memo, wording
            )
            swaps = found_swaps(articles.values(), sentences)
        else:
            aligned = align()
            clusters = aligned.clusters
            judged = same_claim_only(_reviewed(clusters, store, sentences, claim_keys))
            beside.start(judged)  # the contradictions there and the comparison here, together
            compared = compare_articles(
                articles.values(), sentences, units, judged, read, denial_memo, wording
            )
            swaps = found_swaps(articles.values(), sentences)  # while the contradictions end
            (names, name_memo), contradictions, readings = beside.collect(tick)
            flags += names + contradictions + compared
    flags += _mistranslations(articles, sentences, judged, garble)
    flags += slot_swap_flags(articles.values(), sentences, flags, swaps)  # analysis.slot_swaps
    garbles = known_garbles(store.known_garbles())
    flags += known_garble_flags(articles.values(), sentences, garbles, gazetteer, flags)
    flags = [with_slot_alignment(f, sentences) for f in flags]  # analysis.token_alignment
    tick("write", 0, 1)

    payload = _payload(
        articles,
        sentences,
        mentions,
        quantities,
        entities,
        entity_of,
        clusters,
        flags,
        claim_keys,
    )
    payload.garble = garble
    payload.seconds = perf_counter() - started
    written = store.write_analysis(payload)
    store.save_results(version, fresh)
    store.save_vectors(version, (CachedVectors(*v.row()) for v in fresh_vectors))
    store.set_analysis_blobs(
        {**({EPOCH_KEY: epoch.encode()} if new_epoch else {}),  # blobs not written are kept
         **_pair_blobs(aligned), NAMES_KEY: name_memo[0],
         WORDS_KEY: name_memo[1],
         **_layered(DENIALS_KEY, denial_memo.layers(version)),
         **_layered(WORDING_KEY, wording.layers(version)),
         **_layered(TEXTS_KEY, readings_of_texts.layers(version)),
         COMPONENTS_KEY: aligned.component_memo.encode() if aligned.component_memo else b"",
         MATCHED_KEY: aligned.matched, **_layered(READINGS_KEY, readings),
         ITEMS_KEY: aligned.items, DECISIONS_KEY: aligned.decisions,
         **({GEO_KEY: name_memo[2]} if name_memo[2] is not None else {})}
    )  # fmt: skip
    store.set_analysis_state(STATE_KEY, state)  # last: a run that fails midway is never skipped
    tick("write", 1, 1)
    by_kind: dict[str, int] = {}
    for f in payload.flags:
        by_kind[f["kind"]] = by_kind.get(f["kind"], 0) + 1
    return AnalysisSummary(
        articles=len(articles),
        sentences=written.sentences,
        # as stored, after the reviewers' claim edits were replayed (a split is one more claim)
        clusters=store.cluster_count(),
        multi_source_clusters=store.cluster_count(multi_only=True),
        flags_by_kind=by_kind,
        new_flags=written.new_flags,
        retired_flags=written.retired_flags,
        seconds=perf_counter() - started,
        extracted=n_extracted,
        pairs_reused=aligned.reused,
        pairs=aligned.pairs,
        components=aligned.components,
        reclustered=aligned.reclustered,
    )


Layers = tuple[bytes | None, bytes | None]  # a memo's stored base and what is beyond it
NewLayers = tuple[bytes | None, bytes]  # a new base (None: keep the stored one), what is beyond


def _stored(store: Store, key: str, full: bool) -> Layers:
    """The two layers of the memo kept under `key` (run_memo.RunMemo.split); none with `full`."""
    if full:
        return None, None
    return store.analysis_blob(key), store.analysis_blob(key + MORE)


def _layered(key: str, layers: NewLayers) -> dict[str, bytes]:
    """The blobs to write for a memo's `layers`: the base only when it is new."""
    base, more = layers
    return {key + MORE: more} if base is None else {key: base, key + MORE: more}


def _pair_blobs(aligned: AlignRun) -> dict[str, bytes]:
    """The pair scores to keep: only those beyond the epoch's base when the run extended it
    (the base stays as stored), else a new base and nothing beyond it."""
    if aligned.extends:
        return {MORE_PAIRS_KEY: aligned.memo.encode()}
    return {PAIRS_KEY: aligned.memo.encode(), MORE_PAIRS_KEY: b""}


def _mistranslations(
    articles: dict[int, ArticleText],
    sentences: dict[int, list[SentenceSpan]],
    clusters: list[ClusterDraft],
    garble: dict[int, float],
) -> list[FlagDraft]:
    """Words of machine-translated articles that the other outlets stating the claim write
    otherwise (analysis.mistranslation). Unlike names, style alone (GARBLE_THRESHOLD) makes an
    article a suspect: a word is only read against near-parallel versions by other outlets,
    which native copy rarely has. A lone witness must be native."""
    embedder, _ = load_embedder()

    def translated(article_id: int) -> bool:
        return articles[article_id].translated or garble.get(article_id, 0.0) >= GARBLE_THRESHOLD

    def native(article_id: int) -> bool:
        return not translated(article_id)  # which already reads the style score

    embed = embedder.embed if embedder is not None else None
    return mistranslation_flags(articles, sentences, clusters, translated, native, embed)


def _claim_keys(
    articles: dict[int, ArticleText], sentences: dict[int, list[SentenceSpan]]
) -> dict[tuple[int, int], str]:
    """Every sentence's `claim_key`, once a run (the claim edits, the sentences and the claims
    written read them: ~110,000 digests of normalised text on the BBC database otherwise)."""
    return {
        (aid, s.idx): claim_key(articles[aid].sha256, s.text)
        for aid, spans in sentences.items()
        for s in spans
    }


def _reviewed(
    clusters: list[Any],
    store: Store,
    sentences: dict[int, list[SentenceSpan]],
    claim_keys: dict[tuple[int, int], str],
) -> list[Any]:
    """The clusters as reviewers' claim edits leave them (analysis.reviewed_claims)."""
    texts = {
        (aid, s.idx): (claim_keys[(aid, s.idx)], s.text)
        for aid, spans in sentences.items()
        for s in spans
    }
    return reviewed_clusters(clusters, store.claim_edits_in_force(), texts)


def _payload(
    articles: dict[int, ArticleText],
    sentences: dict[int, list[SentenceSpan]],
    mentions: dict[int, list[Mention]],
    quantities: dict[int, list[Quantity]],
    entities: list[Entity],
    entity_of: dict[tuple[int, int, int], Entity],
    clusters: list[Any],
    flags: list[FlagDraft],
    claim_keys: dict[tuple[int, int], str] | None = None,
) -> AnalysisPayload:
    if claim_keys is None:
        claim_keys = _claim_keys(articles, sentences)
    payload = AnalysisPayload()
    for aid, spans in sentences.items():
        payload.sentences += [
            {"article_id": aid, "idx": s.idx, "start": s.start, "end": s.end, "text": s.text,
             "residue": s.residue, "claim_key": claim_keys[(aid, s.idx)]}
            for s in spans
        ]  # fmt: skip
    keys = {id(e): f"e{i}" for i, e in enumerate(entities)}
    payload.entities = [
        {"key": keys[id(e)], "name": e.canonical, "kind": e.kind, "spellings": e.spellings,
         "gazetteer_id": e.gazetteer_id, "origin": "gazetteer" if e.gazetteer_id else "corpus"}
        for e in entities
    ]  # fmt: skip
    for aid, ms in mentions.items():
        for m in ms:
            ent = entity_of.get((aid, m.start, m.end))
            payload.mentions.append(
                {"article_id": aid, "sentence_idx": m.sentence_idx, "start": m.start,
                 "end": m.end, "text": m.text, "name": m.name, "kind": m.kind,
                 "entity_key": keys.get(id(ent), "") if ent else ""}
            )  # fmt: skip
    for aid, qs in quantities.items():
        payload.quantities += [
            {"article_id": aid, "sentence_idx": q.sentence_idx, "start": q.start, "end": q.end,
             "text": q.text, "kind": q.kind, "value": q.value, "unit": q.unit, "low": q.low,
             "high": q.high, "approximate": int(q.approximate), "iso": q.iso}
            for q in qs
        ]  # fmt: skip
    used_keys: set[str] = set()
    for cluster in clusters:
        members = [
            {"article_id": m.article_id, "sentence_idx": m.sentence_idx,
             "similarity": round(float(m.similarity), 4),
             "source": articles[m.article_id].source, "tier": m.tier, "copy_of": m.copy_of,
             "unit": m.unit,
             "unit_at": unit_place(_sentence_text(sentences, m.article_id, m.sentence_idx), m.unit)}
            for m in cluster.members
        ]  # fmt: skip
        keyed = sorted(
            (
                claim_keys.get((m.article_id, m.sentence_idx))
                or claim_key(
                    articles[m.article_id].sha256,
                    _sentence_text(sentences, m.article_id, m.sentence_idx),
                ),
                m.unit or "",
            )
            for m in cluster.members
        )
        key = "|".join(k for k, _ in keyed)
        if key in used_keys:  # two claims of the same sentences, through different clauses
            key += "|" + "|".join(u for _, u in keyed)
        used_keys.add(key)
        payload.clusters.append(
            {"label": cluster_label(cluster, lambda a, i: _sentence_text(sentences, a, i)),
             "members": members, "key": _short_hash(key),
             "n_sources": len({m["source"] for m in members if m["tier"] == "same_claim"})}
        )  # fmt: skip
    rows: dict[str, dict[str, Any]] = {}
    for flag in flags:
        row = _flag_row(_canonical_pair(flag, articles), articles, sentences)
        known = rows.get(row["fingerprint"])
        if known is None or row["confidence"] > known["confidence"]:
            rows[row["fingerprint"]] = row
    payload.flags = list(rows.values())
    return payload


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]
