"""False alarms of the whole pipeline on native English coverage of ONE story by several outlets.

The BBC control (`native.py`) measures flags on single, unrelated native articles; the clusters
the tool is judged on are several outlets reporting the same event. ECB+ (CC BY 3.0) has exactly
that in native English: 86 same-event clusters (topic × sub-corpus) of 3–22 articles found by web
search. Each cluster is imported into its own scratch database through the real `import_paths` +
`pipeline.analyze`, after undoing ECB+'s tokenisation ("90 - day" → "90-day"), so every flag is
what a user importing those pages would see. Nothing in the pipeline names anything from ECB+, but
two shipped models saw parts of it while training (the MT model: every story but one in five; the
same-claim model: odd topics), so rows are also given for the topics neither model saw.

Flags are not all false here: outlets do disagree (casualty counts, ages, times). A hand-read
sample is labelled in `results/ecb_control_labels.json` (flag fingerprint → true/false and why),
and the precision per kind is computed from the labels whose flag the current run still raises.

Run: `.venv/bin/python -m bench.tasks.ecb_control [--quick] [--clusters 29_ecb,31_ecbplus]
[--dump flags.json] [--as-mt]` (`--clusters` runs only those, e.g. to iterate on one pattern;
`--dump` writes every flag with its quotes to a scratch file for reading; the data set's text never
goes into `bench/results`). `--as-mt` is a stress test: every article is imported as marked
machine-translated, so each detector gated on the MT prior runs as if the prior had misfired on
every native outlet (results in `results/ecb_control_as_mt.json`, flags by detector).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench._data import ROOT, bench_file, detokenise
from bench.tasks import result_row

TASK = "ecb_control"
QUICK_CLUSTERS = 8
KINDS = ("contradiction", "name_variant", "unverified_name", "translation_artifact", "page_residue")
RESULTS = ROOT / "bench" / "results" / "ecb_control.json"
RESULTS_AS_MT = ROOT / "bench" / "results" / "ecb_control_as_mt.json"
LABELS = ROOT / "bench" / "results" / "ecb_control_labels.json"

_URL_HOST = re.compile(r"^https?://(?:www\d?\.)?([^/\s]+)", re.I)
_SPACED_URL = re.compile(r"\s*([/.:])\s*")
_CLOCK = re.compile(r"\b(\d{1,2}): (\d{2})")  # "11: 47 AM" → "11:47 AM"
_DOTTED = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")  # "U. S." → "U.S."
_DOMAIN = re.compile(r"(\w)\. (com|org|net|gov|co\.uk)\b")  # "MyFoxHouston. com"
_HYPHEN = re.compile(r"\b(\w+)- (?!and\b|or\b|to\b)(?=[a-z])")  # "long- term"
_CURLY = (
    (re.compile(r"([“‘])\s+"), r"\1"),
    (re.compile(r"\s+([”])"), r"\1"),
    (re.compile(r"(\w) ’ ?(?=(?:s|t|re|ll|ve|d|m)\b)"), r"\1’"),
)
_OPENING = re.compile(r"^([(\[]*)(?:``|\")(?=\w)")  # ("The → (“The
_CLOSING = re.compile(r"(?<=[\w.,!?])(?:''|\")([,.;:!?)\]]*)$")  # Pie", → Pie”,
_LINE = " \u00b6 "  # stands for a sentence break while the whole document is detokenised


@dataclass(frozen=True, slots=True)
class EcbArticle:
    """One ECB+ document as a user would import it: outlet, headline and body text."""

    doc: str
    outlet: str
    title: str | None
    text: str


@dataclass(slots=True)
class ClusterRun:
    """The flags the pipeline raised on one same-story cluster."""

    name: str
    topic: int
    articles: int
    flags: list[dict[str, Any]] = field(default_factory=list)

    @property
    def unseen(self) -> bool:
        """Neither the MT model (every fifth story held out) nor the claim model (odd topics
        train) saw this topic while training."""
        return self.topic % 2 == 0 and zlib.crc32(f"ecb{self.topic}".encode()) % 5 == 0


def curl_quotes(sentence: str, inside: bool) -> tuple[str, bool]:
    """Each straight or TeX quote of a tokenised sentence as an attached “ or ”, and whether a
    quotation is still open at its end. A lone `"` toggles, but one that opens a sentence opens
    and one that ends it closes: ECB+ pages do not always pair their quotes, and pairing them
    blindly glues words together for the rest of the document."""
    tokens = sentence.split()
    out: list[str] = []
    glue = False
    for i, tok in enumerate(tokens):
        if tok in ('"', "``", "''"):
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            before = out[-1] if out else ""
            if tok == "``":
                is_close = False
            elif tok == "''":
                is_close = True
            else:
                is_close = (inside and i > 0) or (not after and bool(before))
            if is_close and out:
                out[-1] += "”"
            elif not is_close:
                glue = True
            inside = not is_close
            continue
        tok, opened = _OPENING.subn(r"\1“", tok)
        tok, closed = _CLOSING.subn(r"”\1", tok)
        inside = (inside or bool(opened)) and not closed
        out.append(("“" + tok) if glue else tok)
        glue = False
    return " ".join(out), inside


def clean_text(sentences: list[str], *, tokenised: bool = True) -> str:
    """ECB+ sentences → published text, one sentence a line: straight quotes made curly and
    attached (a quotation often spans sentences); then, for the tokenised ECB+ half, the shared
    detokeniser, clock times, initials, web addresses and split hyphens. The older ECB half is
    running text with TeX quotes, whose " - " is a real dash and stays (only "word- word" is
    joined, as in both halves)."""
    inside = False
    lines = []
    for sentence in sentences:
        if sentence.strip():
            line, inside = curl_quotes(sentence, inside)
            lines.append(line)
    if not tokenised:  # its "word- word" is a line-break hyphen its text extraction kept
        return _HYPHEN.sub(r"\1-", "\n".join(lines))
    text = re.sub(r"\s*\u00b6\s*", "\n", detokenise(_LINE.join(lines)))
    for pattern, repl in (
        *_CURLY,
        (_CLOCK, r"\1:\2"),
        (_DOTTED, r"\1."),
        (_DOMAIN, r"\1.\2"),
        (_HYPHEN, r"\1-"),
    ):
        text = pattern.sub(repl, text)
    return text


def outlet_from_url(line: str) -> str | None:
    """The host of ECB+'s spaced-out page address ("http: / / www. bbc. co. uk / …")."""
    joined = _SPACED_URL.sub(r"\1", line.strip())
    found = _URL_HOST.match(joined)
    return found.group(1).lower() if found else None


def to_article(doc: dict[str, Any]) -> EcbArticle:
    """ECB+ documents open with the page address and headline; ECB ones are body text only, so
    each is its own outlet (named by its document id)."""
    sentences = [str(s) for s in doc["sentences"]]
    name = str(doc["doc"]).removesuffix(".xml")
    tokenised = doc.get("subcorpus") != "ecb"
    outlet = outlet_from_url(sentences[0]) if sentences else None
    title = None
    if outlet:
        sentences = sentences[1:]
        title = clean_text(sentences[:1], tokenised=tokenised) or None
        sentences = sentences[1:]
    text = clean_text(sentences, tokenised=tokenised)
    return EcbArticle(name, outlet or f"outlet {name}", title, text)


def clusters(
    limit: int | None = None, only: frozenset[str] | None = None
) -> dict[str, list[EcbArticle]]:
    """Same-event clusters in topic order; `limit` keeps the first few, `only` the named ones."""
    grouped: dict[str, list[EcbArticle]] = defaultdict(list)
    topic_of: dict[str, int] = {}
    path = bench_file("ecbplus", "ecbplus_documents_derived.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        article = to_article(doc)
        if article.text:  # a few ECB+ pages hold only an address and a headline
            grouped[str(doc["cluster"])].append(article)
        topic_of[str(doc["cluster"])] = int(doc["topic"])
    names = [n for n in sorted(grouped, key=lambda n: (topic_of[n], n)) if not only or n in only]
    names = names[:limit]
    return {n: grouped[n] for n in names}


@contextmanager
def analysed(name: str, records: dict[str, dict[str, Any]]) -> Iterator[Any]:
    """A scratch database with `records` (file stem -> text, title, source) imported and analysed
    through the real `import_paths` + `analyze`, as a user importing those pages would get it."""
    from analysis.importing import import_paths
    from analysis.pipeline import analyze
    from store import Store

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        for stem, record in records.items():
            (folder / f"{stem}.json").write_text(json.dumps(record), encoding="utf-8")
        store = Store.open(Path(scratch) / "ecb.db")
        try:
            report = import_paths(store, [folder])
            if report.errors:
                raise RuntimeError(f"{name}: import failed: {report.errors[0]}")
            analyze(store, workers=1)
            yield store
        finally:
            store.close()


def import_records(articles: list[EcbArticle], as_mt: bool = False) -> dict[str, dict[str, Any]]:
    """The JSON records a user would import (file stem -> text, title, source); `as_mt` marks
    every one machine-translated (the stress test)."""
    extra = {"translated": True} if as_mt else {}
    return {
        a.doc: {"text": a.text, "title": a.title, "source": a.outlet, **extra} for a in articles
    }


def analyse_cluster(name: str, articles: list[EcbArticle], as_mt: bool = False) -> ClusterRun:
    """Import one cluster into a scratch database, analyse it, and keep every active flag."""
    records = import_records(articles, as_mt)
    with analysed(name, records) as store:
        text = {a.id: store.article_text(a.id) for a in store.articles()}
        flags = [_flag_record(name, f, text) for f in store.flags()]
        stored = len(store.articles())
    return ClusterRun(name, int(name.split("_")[0]), stored, flags)


def _context(text: str | None, start: int | None, end: int | None) -> str | None:
    """The line around a quoted span, for reading a dumped flag."""
    if text is None or start is None or end is None:
        return None
    return text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def _flag_record(cluster: str, flag: Any, texts: dict[int, str]) -> dict[str, Any]:
    other = texts.get(flag.other_article_id) if flag.other_article_id else None
    return {
        "context": _context(texts.get(flag.article_id), flag.start, flag.end),
        "other_context": _context(other, flag.other_start, flag.other_end),
        "cluster": cluster,
        "fingerprint": flag.fingerprint,
        "kind": flag.kind,
        "detector": flag.detector,
        "source": flag.source,
        "other_source": flag.other_source,
        "quote": flag.quote,
        "other_quote": flag.other_quote,
        "suggestion": flag.suggestion,
        "explanation": flag.explanation,
        "confidence": round(float(flag.confidence), 3),
    }


def load_labels(path: Path = LABELS) -> dict[str, dict[str, Any]]:
    """Hand labels by flag fingerprint (empty when none were written yet)."""
    if not path.exists():
        return {}
    return {str(row["fingerprint"]): row for row in json.loads(path.read_text(encoding="utf-8"))}


def precision(runs: list[ClusterRun], labels: dict[str, dict[str, Any]]) -> dict[str, list[int]]:
    """Per kind (or the label's own `group`, e.g. every flag of one new detector, kept apart
    from the kind's random sample): [labelled flags still raised, of them true]."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for run in runs:
        for f in run.flags:
            label = labels.get(f["fingerprint"])
            if label is not None:
                group = str(label.get("group") or f["kind"])
                out[group][0] += 1
                out[group][1] += bool(label["true"])
    return dict(out)


def by_detector(runs: list[ClusterRun], labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Contradiction flags per detector: how many the run raised, and of the labelled ones still
    raised how many are true (whatever sample labelled them)."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"flags": 0, "read": 0, "true": 0})
    for run in runs:
        for f in run.flags:
            if f["kind"] != "contradiction":
                continue
            row = out[f["detector"]]
            row["flags"] += 1
            if (label := labels.get(f["fingerprint"])) is not None:
                row["read"] += 1
                row["true"] += bool(label["true"])
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["flags"]))


def summarise(runs: list[ClusterRun]) -> dict[str, Any]:
    """Flags per article and per cluster, by kind, for all clusters and the unseen ones."""

    def block(chosen: list[ClusterRun]) -> dict[str, Any]:
        kinds = Counter(f["kind"] for r in chosen for f in r.flags)
        articles = sum(r.articles for r in chosen)
        return {
            "clusters": len(chosen),
            "articles": articles,
            "flags": dict(sorted(kinds.items())),
            "per_article": {k: round(n / max(articles, 1), 4) for k, n in sorted(kinds.items())},
            "per_cluster": {k: round(n / max(len(chosen), 1), 3) for k, n in sorted(kinds.items())},
            "clusters_with": {
                k: sum(any(f["kind"] == k for f in r.flags) for r in chosen) for k in sorted(kinds)
            },
        }

    return {"all": block(runs), "unseen": block([r for r in runs if r.unseen])}


def run_all(
    limit: int | None = None, only: frozenset[str] | None = None, as_mt: bool = False
) -> list[ClusterRun]:
    return [analyse_cluster(name, arts, as_mt) for name, arts in clusters(limit, only).items()]


def flags_by_detector(runs: list[ClusterRun]) -> dict[str, dict[str, float]]:
    """Every flag kind's count and rate per article, split by detector ("kind/detector")."""
    articles = max(sum(r.articles for r in runs), 1)
    counts = Counter(f"{f['kind']}/{f['detector']}" for r in runs for f in r.flags)
    return {k: {"flags": n, "per_article": round(n / articles, 4)} for k, n in counts.most_common()}


def rows_for(runs: list[ClusterRun], labels: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    summary = summarise(runs)
    checked = precision(runs, labels)
    out = []
    for part, what in (("all", "all"), ("unseen", "topics neither model trained on")):
        s = summary[part]
        data = f"ECB+ {s['clusters']} same-event clusters, {s['articles']} native articles ({what})"
        for kind in KINDS:
            n = s["flags"].get(kind, 0)
            note = f"{n} flags; {s['per_cluster'].get(kind, 0)} per cluster"
            if part == "all" and kind in checked:
                seen, true = checked[kind]
                note += f"; hand-read {seen}, {true} true"
            out.append(
                result_row(
                    TASK,
                    data,
                    f"{kind} flags per article",
                    n / max(s["articles"], 1),
                    None,
                    "control (native, one story per cluster)",
                    note,
                )
            )
    return out


def run(quick: bool = False) -> list[dict[str, Any]]:
    return rows_for(run_all(QUICK_CLUSTERS if quick else None), load_labels())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"first {QUICK_CLUSTERS} clusters")
    parser.add_argument("--dump", type=Path, help="write every flag with its quotes here")
    parser.add_argument(
        "--clusters", help="only these clusters, comma-separated (e.g. 29_ecb,31_ecbplus)"
    )
    parser.add_argument(
        "--as-mt", action="store_true", help="import every article as machine-translated"
    )
    args = parser.parse_args(argv)
    only = frozenset(c.strip() for c in (args.clusters or "").split(",") if c.strip()) or None
    if only and (unknown := sorted(only - set(clusters()))):
        parser.error(f"no cluster {', '.join(unknown)} (names are TOPIC_ecb or TOPIC_ecbplus)")
    runs = run_all(QUICK_CLUSTERS if args.quick else None, only, args.as_mt)
    labels = load_labels()
    if args.dump:
        args.dump.write_text(json.dumps([f for r in runs for f in r.flags], indent=1), "utf-8")
    checked = precision(runs, labels)
    result = {
        "summary": summarise(runs),
        "hand_read": {k: {"read": v[0], "true": v[1]} for k, v in sorted(checked.items())},
        "contradiction_detectors": by_detector(runs, labels),
        "per_cluster": [
            {
                "cluster": r.name,
                "articles": r.articles,
                "unseen": r.unseen,
                "flags": dict(sorted(Counter(f["kind"] for f in r.flags).items())),
            }
            for r in runs
        ],
        "rows": rows_for(runs, labels),
    }
    if args.as_mt:  # a stress test, not the control: its own file, and flags by detector
        result = {"summary": result["summary"], "detectors": flags_by_detector(runs)}
        if not args.quick and not only:
            RESULTS_AS_MT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(result, indent=1))
        return
    if not args.quick and not only:  # a partial run never overwrites the full results
        RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result["summary"], indent=1))
    print(json.dumps(result["hand_read"]))
    for detector, row in result["contradiction_detectors"].items():
        print(f"{row['flags']:5d} {detector}: read {row['read']}, true {row['true']}")


if __name__ == "__main__":
    main()
