"""An article revised between two runs of one epoch: the run that follows reuses what the memos
kept (pair scores, components, matched units, item pairs, readings, name distances) and must
give what one analysis of the same database with the same term weights gives. The batch tests
(tests/test_incremental.py) only ever add articles; a revision removes sentences, changes a
sentence a neighbour's memo entry was keyed on, or renames a person other articles name."""

from __future__ import annotations

import math
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st
from test_incremental import _snapshot

from analysis import pipeline
from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.pipeline import analyze
from store import Store


def _figures(text: str) -> str:
    """Two figures of the body changed (a contradiction appears or goes)."""
    head, sep, body = text.partition("\n\n")
    return head + sep + re.sub(r"\b(\d{2,})\b", lambda m: str(int(m.group(1)) + 7), body, count=2)


def _cut(text: str) -> str:
    """A paragraph dropped: the sentences after it move up (their line numbers change)."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[:2] + paragraphs[3:])


def _respelt(text: str) -> str:
    """The article's most written capitalised word (not opening a sentence) spelt otherwise
    everywhere in it: a name other articles write the first way."""
    words = Counter(re.findall(r"(?<=[a-z,] )([A-Z][a-z]{4,})\b", text))
    if not words:
        return text
    word = words.most_common(1)[0][0]
    return re.sub(rf"\b{word}\b", word[0] + word[2] + word[1] + word[3:], text)


def _borrowed(text: str) -> str:
    """A sentence of another article appended: a new pair across outlets, a grown component."""
    other = demo_files()[3].read_text(encoding="utf-8")
    sentence = re.findall(r"[A-Z][^.\n]{40,200}\.", other)[5]
    return text.rstrip() + "\n\n" + sentence + "\n"


EDITS: list[Callable[[str], str]] = [_figures, _cut, _respelt, _borrowed]


H20 = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "h20-export"


def _corpus() -> list[Path]:
    """The demo story and, where ../shared is beside the project, the five real articles of
    another story: two stories make claim groups (components) a revision leaves alone, so the
    component memo is read as well as written."""
    real = sorted(p for p in H20.iterdir() if p.is_file()) if H20.is_dir() else []
    return [*demo_files(), *real]


def _copies(where: Path) -> list[Path]:
    where.mkdir(parents=True)
    return [Path(shutil.copy(f, where / f"{n:02d}_{f.name}")) for n, f in enumerate(_corpus())]


def _revised_later(tmp: Path, index: int, edit: Callable[[str], str]) -> None:
    files = _copies(tmp / "runs")
    with Store.open(tmp / "runs.db") as store:
        import_paths(store, files)
        analyze(store, workers=1, epoch_growth=math.inf)
        before = files[index].read_text(encoding="utf-8")
        after = edit(before)
        assume(after != before)
        files[index].write_text(after, encoding="utf-8")
        import_paths(store, [files[index]])
        analyze(store, workers=1, epoch_growth=math.inf)
        runs = _snapshot(store)
        epoch = store.analysis_blob(pipeline.EPOCH_KEY)
    once = _copies(tmp / "once")
    with Store.open(tmp / "once.db") as store:
        import_paths(store, once)
        once[index].write_text(after, encoding="utf-8")
        import_paths(store, [once[index]])  # revised before any analysis: same ids, same keys
        assert epoch is not None
        store.set_analysis_blobs({pipeline.EPOCH_KEY: epoch})
        assert analyze(store, workers=1, epoch_growth=math.inf).pairs_reused == 0
        assert _snapshot(store) == runs


@settings(
    max_examples=3,
    deadline=None,
    phases=[Phase.generate],  # two analyses and one full pass each: never shrunk
)
@given(st.integers(0, len(_corpus()) - 1), st.sampled_from(EDITS))
def test_an_article_revised_between_runs_gives_the_full_pass_of_the_epoch(
    index: int, edit: Callable[[str], str]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _revised_later(Path(tmp), index, edit)
