"""Translation flags against EVERY error span professional raters marked in machine translation.

`bench.tasks.names` scores the name detectors on the name marks only. Here the whole pipeline
(the real `import_paths` + `analyze`, as a user would run it) reads WMT23 zh→en news (Apache-2.0):
each source document translated by ten MT systems, the ten versions imported as ten outlets of
one story. Three MQM raters marked every error span of every segment with a category and a
severity. A Major span counts as found when a translation flag (`translation_artifact`,
`name_variant`, `unverified_name`) overlaps it; the false-flag rate is the share of word tokens
that no rater marked at all (any severity) which such a flag overlaps. Omission marks sit on the
Chinese source and cannot be found in the English, so they are left out.

Baseline: the unknown-word rule, every token English barely knows (wordfreq zipf < 2).

The documents are split as the name-error model splits them (`names.model_split`: half train, a
quarter dev, a quarter test); rows are reported on the test documents, and `--split train,dev`
is what a detector may be tuned on.

Run: `.venv/bin/python -m bench.tasks.mqm_spans [--split test] [--dump flags.json]`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import tarfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench._data import bench_file
from bench.tasks import result_row
from bench.tasks.names import UNKNOWN_ZIPF, model_split, overlaps

TASK = "mqm_spans"
WMT_FILE = "sxs_mqm_generalMT2023_zhen.3ratingsPerSegment.tsv.tar.gz"
TRANSLATION_KINDS = frozenset({"translation_artifact", "name_variant", "unverified_name"})
# Category families a reader cares about; the rest are counted under "other".
FAMILIES = (
    ("mistranslation", ("Accuracy/Mistranslation",)),
    ("fluency and style", ("Fluency/", "Style/")),
    ("name format", ("Locale convention/Name format",)),
    ("terminology", ("Terminology/",)),
    ("source-language fragment", ("Accuracy/Source language fragment", "Non-translation")),
)
_MARK = re.compile(r"<v>(.*?)</v>", re.DOTALL)
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    category: str
    major: bool


@dataclass(slots=True)
class Version:
    """One system's translation of one document: an article from one outlet."""

    system: str
    doc: str
    text: str = ""
    marks: list[Mark] = field(default_factory=list)


def family(category: str) -> str:
    return next((f for f, heads in FAMILIES if category.startswith(heads)), "other")


def mqm_rows() -> Iterator[dict[str, str]]:
    """Every row of the WMT23 zh→en MQM archive as it ships (one rater's mark, or no error)."""
    csv.field_size_limit(1 << 30)
    with tarfile.open(bench_file("wmt23-mqm-zhen-news", WMT_FILE)) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".tsv"))
        raw = tar.extractfile(member)
        assert raw is not None
        rows = csv.reader(io.TextIOWrapper(raw, "utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        for row in rows:
            yield dict(zip(header, row, strict=False))


def load_versions(splits: Iterable[str] = ("test",)) -> dict[str, list[Version]]:
    """doc -> its ten versions (segments one a line), with every rater's target-side marks
    merged: one mark per (span, category), Major when any rater said so."""
    wanted = set(splits)
    segments: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    marks: dict[tuple[str, str], dict[int, dict[tuple[int, int, str], bool]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for row in mqm_rows():
        if model_split(row["doc"]) not in wanted:
            continue
        key, seg, target = (row["system"], row["doc"]), int(row["docSegId"]), row["target"]
        segments[key][seg] = target.replace("<v>", "").replace("</v>", "")
        m = _MARK.search(target)
        if m and m.group(1).strip() and row["severity"] in ("Major", "Minor"):
            span = (m.start(), m.start() + len(m.group(1)), row["category"])
            seen = marks[key][seg]
            seen[span] = seen.get(span, False) or row["severity"] == "Major"
    out: dict[str, list[Version]] = defaultdict(list)
    for key in sorted(segments):
        version, offset, parts = Version(*key), 0, []
        for seg in sorted(segments[key]):
            text = segments[key][seg]
            for (s, e, category), major in sorted(marks[key][seg].items()):
                version.marks.append(Mark(offset + s, offset + e, category, major))
            parts.append(text)
            offset += len(text) + 1
        version.text = "\n".join(parts)
        out[key[1]].append(version)
    return dict(out)


def words(text: str) -> list[Span]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def unknown_words(text: str) -> list[Span]:
    """The baseline's flags: every word English barely knows."""
    from analysis.word_frequency import zipf

    return [(s, e) for s, e in words(text) if zipf(text[s:e]) < UNKNOWN_ZIPF]


def pipeline_flags(
    doc: str, versions: list[Version], translated: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """system -> the translation flags the real import + analyze raised on its version, the
    ten versions imported as ten outlets (offsets into `Version.text`); `translated` imports
    them as known machine translations (else the pipeline decides from the text)."""
    from bench.tasks.ecb_control import analysed

    records = {
        v.system: {"text": v.text, "title": None, "source": v.system, "translated": translated}
        for v in versions
    }
    by_system = {v.system: v for v in versions}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with analysed(doc, records) as store:
        source_of = {a.id: Path(a.file_name or a.source).stem for a in store.articles()}
        stored_text = {a.id: store.article_text(a.id) for a in store.articles()}
        for f in store.flags():
            if f.kind not in TRANSLATION_KINDS or f.start is None or f.end is None:
                continue
            system = source_of[f.article_id]
            shift = _offset(stored_text[f.article_id], by_system[system].text)
            out[system].append(
                {
                    "kind": f.kind,
                    "detector": f.detector,
                    "span": (f.start + shift, f.end + shift),
                    "quote": f.quote,
                    "suggestion": f.suggestion,
                    "explanation": f.explanation,
                }
            )
    return out


def _offset(stored: str, ours: str) -> int:
    """How far our text's offsets sit from the stored text's (the import may strip a margin)."""
    if stored == ours:
        return 0
    at = ours.find(stored[:200])
    return at if at >= 0 else 0


@dataclass(slots=True)
class Tally:
    major: Counter[str] = field(default_factory=Counter)  # family -> Major spans
    found: Counter[str] = field(default_factory=Counter)  # family -> of them flagged
    unmarked: int = 0  # word tokens no rater marked
    unmarked_flagged: int = 0
    flags: int = 0
    flags_off_marks: int = 0  # flags overlapping no mark of any severity
    articles: int = 0

    def add(self, version: Version, flagged: list[Span]) -> None:
        self.articles += 1
        majors = {(m.start, m.end): m for m in version.marks if m.major}
        for (s, e), m in majors.items():
            hit = overlaps((s, e), flagged)
            for fam in (family(m.category), "all"):
                self.major[fam] += 1
                self.found[fam] += hit
        marked = [(m.start, m.end) for m in version.marks]
        for span in words(version.text):
            if not overlaps(span, marked):
                self.unmarked += 1
                self.unmarked_flagged += overlaps(span, flagged)
        self.flags += len(flagged)
        self.flags_off_marks += sum(not overlaps(f, marked) for f in flagged)

    def recall(self, fam: str = "all") -> float | None:
        return self.found[fam] / self.major[fam] if self.major[fam] else None

    def false_rate(self) -> float | None:
        return self.unmarked_flagged / self.unmarked if self.unmarked else None


def evaluate(
    splits: Iterable[str] = ("test",), dump: Path | None = None, translated: bool = False
) -> tuple[Tally, Tally, dict[str, Tally], int]:
    """(ours, baseline, ours per detector, documents)."""
    docs = load_versions(splits)
    ours, base = Tally(), Tally()
    per_detector: dict[str, Tally] = defaultdict(Tally)
    dumped: list[dict[str, Any]] = []
    for doc, versions in sorted(docs.items()):
        found = pipeline_flags(doc, versions, translated)
        detectors = {f["detector"] for fs in found.values() for f in fs}
        for v in versions:
            mine = found.get(v.system, [])
            ours.add(v, [f["span"] for f in mine])
            base.add(v, unknown_words(v.text))
            for det in detectors:
                per_detector[det].add(v, [f["span"] for f in mine if f["detector"] == det])
            marked = [(m.start, m.end) for m in v.marks]
            for f in mine:
                s, e = f["span"]
                on = [m.category for m in v.marks if m.start < e and s < m.end]
                dumped.append(
                    {
                        "doc": doc,
                        "system": v.system,
                        **f,
                        "on_marks": on,
                        "line": _line(v.text, s, e),
                        "on_mark": overlaps((s, e), marked),
                    }
                )
    if dump:
        dump.write_text(json.dumps(dumped, ensure_ascii=False, indent=1), encoding="utf-8")
    return ours, base, dict(per_detector), len(docs)


def _line(text: str, start: int, end: int) -> str:
    return text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]


def rows(
    splits: Iterable[str] = ("test",), dump: Path | None = None, translated: bool = False
) -> list[dict[str, Any]]:
    splits = tuple(splits)
    ours, base, per_detector, n_docs = evaluate(splits, dump, translated)
    how = "imported as known machine translations" if translated else "MT status left to the tool"
    data = (
        f"WMT23 zh-en news MQM, every marked error span ({n_docs} documents × 10 systems "
        f"imported as 10 outlets, {how}; {base.major['all']} Major target-side spans)"
    )
    split = f"{'+'.join(splits)} documents (split by document as bench.tasks.names)"
    detectors = ", ".join(
        f"{d} {t.found['all']}/{t.flags}" for d, t in sorted(per_detector.items()) if t.flags
    )

    def row(metric: str, mine: float | None, theirs: float | None, note: str) -> dict[str, Any]:
        return result_row(TASK, data, metric, mine, theirs, split, note)

    out = [
        row(
            "recall of Major error spans (all categories)", ours.recall(), base.recall(),
            f"translation flags (artifact, name_variant, unverified_name) overlapping a Major "
            f"span; per detector (Major spans it overlaps / its flags): {detectors or 'none'}; "
            f"baseline = every word with zipf < {UNKNOWN_ZIPF:g}",
        )
    ]  # fmt: skip
    for fam, _ in FAMILIES:
        out.append(
            row(f"recall of Major {fam} spans", ours.recall(fam), base.recall(fam),
                f"{base.major[fam]} Major spans")
        )  # fmt: skip
    per_article = ours.flags_off_marks / max(ours.articles, 1)
    out.append(
        row(
            "share of unmarked words flagged (false-flag rate)", ours.false_rate(),
            base.false_rate(),
            f"{base.unmarked} words no rater marked at any severity; ours {ours.flags} flags "
            f"({ours.flags_off_marks} on no mark, {per_article:.3f} per article); baseline "
            f"{base.flags} flags",
        )
    )  # fmt: skip
    return out


def run(quick: bool = False) -> list[dict[str, Any]]:
    return rows(("test",)) + ([] if quick else rows(("test",), translated=True))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", help="comma-separated: train, dev, test")
    parser.add_argument("--dump", type=Path, help="write every translation flag here")
    parser.add_argument("--translated", action="store_true", help="import as known MT")
    args = parser.parse_args(argv)
    for row in rows(args.split.split(","), args.dump, args.translated):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
