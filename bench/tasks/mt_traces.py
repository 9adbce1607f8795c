"""How often each single-article translation trace fires on native English and on MT output.

The shape detectors of dates, numbers, words and wire datelines (`analysis.wire_copy`,
`date_style`, `number_style`, `source_words`) read one sentence and no other outlet, so their
worth is a rate: often on machine translation, almost never on native copy. (Spacing and quote
faults, `analysis.typography`, are left out: ECB+'s tokenised quotes cannot be restored exactly.)
This counts their hits, detector by detector, on
- native English news: all 2,225 BBC articles and ECB+'s 982 documents (detokenised);
- machine translation: WMT23 zh→en system output (380 system-documents), the MT side of SemEval
  2016 post-editing (European-language news, 3,287 sentences) and SemEval 2012 SMTnews (399 MT
  outputs), with SMTnews's 399 human reference translations beside it.
A row per detector and corpus gives hits per 100 documents (sentences for SemEval); each text is
read sentence by sentence with the whole text as context, as the pipeline reads an article. The
rules were written before these counts were taken, with one exception: a BBC ranking ("between
the 30th and 95th") made `date_style` drop "between". The rules' docstrings quote these counts.

Run: `.venv/bin/python -m bench.tasks.mt_traces`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from bench._data import bench_dir, bench_file, detokenise
from bench.tasks import result_row

TASK = "mt_traces"


def _hits(text: str) -> Iterator[str]:
    """Each hit's detector, sentence by sentence with the text as context, as the pipeline reads
    an article (`analysis.artifacts`)."""
    from analysis.date_style import bare_day_hits
    from analysis.number_style import number_style_hits
    from analysis.segment import split_sentences
    from analysis.source_words import source_word_hits
    from analysis.wire_copy import wire_copy_hits

    for s in split_sentences(text):
        for hit in chain(
            wire_copy_hits(s.text),
            bare_day_hits(s.text, text),
            number_style_hits(s.text, text),
            source_word_hits(s.text),
        ):
            yield hit.detector


def _bbc() -> list[str]:
    paths = sorted((bench_dir("bbc-news-2225") / "bbc").glob("*/*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def _ecb() -> list[str]:
    path = bench_file("ecbplus", "ecbplus_documents_derived.jsonl")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return ["\n".join(detokenise(s) for s in d["sentences"][1:]) for d in docs]


def _semeval(name: str, column: int) -> list[str]:
    path = bench_file("semeval-sts-news", name)
    rows = [r.split("\t") for r in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    return [r[column].strip() for r in rows if len(r) >= 3 and r[column].strip()]


def _wmt() -> list[str]:
    from bench.tasks.mqm_spans import load_versions

    versions = load_versions(("train", "dev", "test"))
    return [v.text for doc in sorted(versions) for v in versions[doc]]


CORPORA: tuple[tuple[str, str, Callable[[], list[str]]], ...] = (
    ("BBC News, all 2,225 articles", "native", _bbc),
    ("ECB+ 982 documents, detokenised", "native", _ecb),
    ("SemEval 2012 SMTnews reference translations", "human translation", lambda: _semeval(
        "2012_SMTnews.test.tsv", 1)),
    ("WMT23 zh→en system output (380 system-documents)", "MT", _wmt),
    ("SemEval 2016 post-editing, MT sentences", "MT", lambda: _semeval(
        "2016_postediting.test.tsv", 2)),
    ("SemEval 2012 SMTnews MT outputs", "MT", lambda: _semeval("2012_SMTnews.test.tsv", 2)),
)  # fmt: skip


def count(texts: Iterable[str]) -> tuple[int, Counter[str]]:
    """Texts read and hits by detector."""
    n, found = 0, Counter[str]()
    for text in texts:
        n += 1
        found.update(_hits(text))
    return n, found


def run(quick: bool = False) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for data, kind, load in CORPORA:
        n, found = count(load())
        for detector, hits in sorted(found.items()):
            metric = f"{detector} hits per 100 texts"
            note = f"{hits} hits in {n} texts"
            rows.append(result_row(TASK, data, metric, 100 * hits / n, None, kind, note))
        if not found:
            rows.append(result_row(TASK, data, "hits per 100 texts", 0.0, None, kind, f"{n} texts"))
    return rows


def main() -> None:
    for row in run():
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
