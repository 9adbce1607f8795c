"""A small, invented story in a real database, built only through the Store API, for TUI tests.

Five articles from four outlets (two machine-translated) about one fictional takeover. It has a
cluster of every shape (contradicted, garbled, corroborated, single-source) and flags of every
kind, including contradictions with two sides.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import hashlib
import shutil
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from analysis.model import fingerprint
from store import AnalysisPayload, Store

P = ParamSpec("P")
S = TypeVar("S")

REVIEWER = "tester"


def async_test(test: Callable[P, Awaitable[None]]) -> Callable[P, None]:
    """Run an async test in its own event loop (the project carries no async pytest plugin)."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        async def main() -> None:
            await test(*args, **kwargs)

        asyncio.run(main())

    return run


def capture_notifications(app: Any) -> list[str]:
    """Record every toast an app shows (and still show it)."""
    seen: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        seen.append(str(message))
        original(message, **kwargs)

    app.notify = notify
    return seen


@dataclass(frozen=True)
class Doc:
    source: str
    title: str
    published: str
    lines: tuple[str, ...]
    translated: bool = False
    residue: tuple[int, ...] = ()  # indexes of lines that are page residue


DOCS = (
    Doc(
        "Harbor Times", "Northwind to buy Solace Grid", "2025-03-03",
        (
            "Northwind Energy agreed to buy Solace Grid for €2.4 billion on March 3.",
            "Chief executive Maria Kovalenko said the deal would close by June.",
            "Regulators in Rotterdam approved the merger last week.",
            "Share this article on Facebook",
            "The company employs 4,500 people.",
        ),
        residue=(3,),
    ),
    Doc(
        "Daily Ledger", "Northwind pays €2.4 billion for Solace", "2025-03-03",
        (
            "Northwind Energy will pay €2.4 billion for Solace Grid, the firms said on March 3.",
            "Maria Kovalenko, the chief executive, expects the deal to close by June.",
            "The combined company will employ 4,500 people.",
        ),
    ),
    Doc(
        "Kyodo Wire", "Northwind Energy acquires Solace Grid", "2025-03-04",
        (
            "Northwind Energy said on March 4 it will acquire Solace Grid for 2.1 billion euros.",
            "CEO Mariya Kovalenko said the deal would close in June.",
            "Regulators in Rotterdam have not approved the merger.",
            "※ This article was translated by AI.",
        ),
        translated=True,
    ),
    Doc(
        "Nord Post", "Northwind buys Solace Grid", "2025-03-04",
        (
            "Northwind Energy buys Solace Grid for €2.4 billion.",
            "Marija Kowalenko, head of the company, said the deal to 30 % is financed by loans.",
        ),
        translated=True,
    ),
    Doc(
        "Harbor Times", "Solace shares jump", "2025-03-05",
        (
            "Solace Grid shares rose 12% after the announcement.",
            "Analysts said the price was fair.",
        ),
    ),
)  # fmt: skip

# (label, [(doc index, line index, similarity)])
CLUSTERS = (
    ("Northwind buys Solace Grid for €2.4 billion", [(0, 0, 1.0), (1, 0, 0.91), (2, 0, 0.84),
                                                     (3, 0, 0.88)]),
    ("Kovalenko expects the deal to close by June", [(0, 1, 1.0), (1, 1, 0.9), (2, 1, 0.86),
                                                     (3, 1, 0.62)]),
    ("Regulators in Rotterdam approved the merger", [(0, 2, 1.0), (2, 2, 0.81)]),
    ("The company employs 4,500 people", [(0, 4, 1.0), (1, 2, 0.87)]),
    ("Solace Grid shares rose 12%", [(4, 0, 1.0)]),
    ("Analysts said the price was fair", [(4, 1, 1.0)]),
)  # fmt: skip

ENTITIES = (
    ("maria", "Maria Kovalenko", "person", None,
     ("Maria Kovalenko", "Mariya Kovalenko", "Marija Kowalenko")),
    ("northwind", "Northwind Energy", "org", None, ("Northwind Energy",)),
    ("solace", "Solace Grid", "org", None, ("Solace Grid",)),
    ("rotterdam", "Rotterdam", "place", "Q34370", ("Rotterdam",)),
)  # fmt: skip

QUANTITIES = (  # (text as written, kind, value, unit)
    ("€2.4 billion", "money", 2.4e9, "EUR"),
    ("2.1 billion euros", "money", 2.1e9, "EUR"),
    ("4,500 people", "count", 4500.0, "person"),
    ("12%", "percent", 12.0, "%"),
    ("30 %", "percent", 30.0, "%"),
    ("March 3", "date", None, "date"),
    ("March 4", "date", None, "date"),
    ("June", "date", None, "date"),
)


@dataclass
class Built:
    """What a test needs to find its way around the fixture database."""

    path: Path
    article_ids: list[int]
    sentence_offsets: dict[tuple[int, int], tuple[int, int]]  # (doc, line) -> (start, end)
    flags: dict[str, str]  # name -> fingerprint


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _claim_key(sha: str, text: str) -> str:
    return _sha(f"{sha}\x1f{' '.join(text.split()).casefold()}")[:16]


def build_fixture_db(path: Path, *, filler: int = 0) -> Built:
    """Create the database at `path`; `filler` adds that many single-source clusters."""
    docs = list(DOCS)
    if filler:
        docs.append(
            Doc("Filler Gazette", "Many small claims", "2025-03-06",
                tuple(f"Filler claim number {i} about the grid." for i in range(filler)))
        )  # fmt: skip
    payload = AnalysisPayload()
    article_ids: list[int] = []
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    shas: list[str] = []
    keys: dict[tuple[int, int], str] = {}
    texts: list[str] = []
    with Store.open(path) as store:
        for d, doc in enumerate(docs):
            text = "\n".join(doc.lines) + "\n"
            sha = _sha(text)
            article_id, _ = store.add_article(
                text=text, sha256=sha, source=doc.source, title=doc.title,
                published=doc.published, file_name=f"article{d + 1}.txt",
                language="en", translated=doc.translated,
                translation_note="machine-translated" if doc.translated else None,
            )  # fmt: skip
            article_ids.append(article_id)
            shas.append(sha)
            texts.append(text)
            pos = 0
            for i, line in enumerate(doc.lines):
                offsets[(d, i)] = (pos, pos + len(line))
                keys[(d, i)] = _claim_key(sha, line)
                payload.sentences.append(
                    {
                        "article_id": article_id, "idx": i, "start": pos, "end": pos + len(line),
                        "text": line, "residue": "share buttons" if i in doc.residue else None,
                        "claim_key": keys[(d, i)],
                    }
                )  # fmt: skip
                pos += len(line) + 1
        _mentions_and_quantities(payload, docs, article_ids, offsets)
        for key, name, kind, gaz, spellings in ENTITIES:
            counts = {s: sum(t.count(s) for t in texts) for s in spellings}
            payload.entities.append(
                {"key": key, "name": name, "kind": kind, "gazetteer_id": gaz,
                 "spellings": {s: n for s, n in counts.items() if n}}
            )  # fmt: skip
        for n, (label, members) in enumerate(CLUSTERS):
            payload.clusters.append(_cluster(label, f"c{n}", members, docs, article_ids))
        for i in range(filler):
            payload.clusters.append(
                _cluster(f"Filler claim number {i}", f"f{i}", [(len(DOCS), i, 1.0)], docs,
                         article_ids)
            )  # fmt: skip
        flags = _flags(docs, article_ids, offsets, shas, keys)
        payload.flags = list(flags.values())
        payload.garble = {article_ids[2]: 0.41, article_ids[3]: 0.63}
        store.write_analysis(payload)
    return Built(path, article_ids, offsets, {k: v["fingerprint"] for k, v in flags.items()})


def _cluster(
    label: str, key: str, members: list[tuple[int, int, float]], docs: list[Doc], ids: list[int]
) -> dict[str, Any]:
    return {
        "label": label,
        "key": key,
        "members": [
            {"article_id": ids[d], "sentence_idx": i, "similarity": sim, "source": docs[d].source}
            for d, i, sim in members
        ],
    }


def _mentions_and_quantities(
    payload: AnalysisPayload,
    docs: list[Doc],
    ids: list[int],
    offsets: dict[tuple[int, int], tuple[int, int]],
) -> None:
    for d, doc in enumerate(docs):
        for i, line in enumerate(doc.lines):
            start = offsets[(d, i)][0]
            for key, name, kind, _, spellings in ENTITIES:
                for spelling in spellings:
                    at = line.find(spelling)
                    if at >= 0:
                        payload.mentions.append(
                            {"article_id": ids[d], "sentence_idx": i, "start": start + at,
                             "end": start + at + len(spelling), "text": spelling, "name": name,
                             "kind": kind, "entity_key": key}
                        )  # fmt: skip
            for text, kind, value, unit in QUANTITIES:
                at = line.find(text)
                if at >= 0:
                    payload.quantities.append(
                        {"article_id": ids[d], "sentence_idx": i, "start": start + at,
                         "end": start + at + len(text), "text": text, "kind": kind,
                         "value": value, "unit": unit, "low": value, "high": value,
                         "approximate": 0, "iso": None}
                    )  # fmt: skip


def _flags(
    docs: list[Doc],
    ids: list[int],
    offsets: dict[tuple[int, int], tuple[int, int]],
    shas: list[str],
    keys: dict[tuple[int, int], str],
) -> dict[str, dict[str, Any]]:
    def side(d: int, i: int, quote: str) -> dict[str, Any]:
        line = docs[d].lines[i]
        start = offsets[(d, i)][0] + line.index(quote)
        return {"article_id": ids[d], "sentence_idx": i, "start": start,
                "end": start + len(quote), "quote": quote}  # fmt: skip

    def flag(
        name: str,
        kind: str,
        detector: str,
        d: int,
        i: int,
        quote: str,
        confidence: float,
        explanation: str,
        *,
        suggestion: str | None = None,
        other: tuple[int, int, str] | None = None,
        slot: str | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any]]:
        one = side(d, i, quote)
        row: dict[str, Any] = {
            **one, "kind": kind, "detector": detector, "suggestion": suggestion,
            "confidence": confidence, "explanation": explanation, "evidence": evidence or {},
            "slot": slot, "claim_key": keys[(d, i)],
            "fingerprint": fingerprint(kind, shas[d], quote, docs[d].lines[i], name),
        }  # fmt: skip
        if other:
            two = side(*other)
            row.update(
                other_article_id=two["article_id"], other_sentence_idx=two["sentence_idx"],
                other_start=two["start"], other_end=two["end"], other_quote=two["quote"],
            )  # fmt: skip
        return name, row

    return dict(
        [
            flag("price", "contradiction", "number-mismatch", 2, 0, "2.1 billion euros", 0.93,
                 "Kyodo Wire gives a different price for the same deal than Harbor Times.",
                 other=(0, 0, "€2.4 billion"), slot="number",
                 evidence={"values": ["2.1e9 EUR", "2.4e9 EUR"]}),
            flag("date", "contradiction", "date-mismatch", 2, 0, "March 4", 0.71,
                 "The announcement is dated March 4 here and March 3 elsewhere.",
                 other=(0, 0, "March 3"), slot="date"),
            flag("approval", "contradiction", "polarity", 2, 2, "have not approved", 0.82,
                 "One article says regulators approved the merger, the other that they have not.",
                 other=(0, 2, "approved"), slot="polarity"),
            flag("mariya", "name_variant", "translit-distance", 2, 1, "Mariya Kovalenko", 0.77,
                 "Spelled “Maria Kovalenko” by 2 other sources; one letter differs.",
                 suggestion="Maria Kovalenko",
                 evidence={"spellings": {"Maria Kovalenko": 2}, "edits": ["a→ya"]}),
            flag("marija", "unverified_name", "single-source-name", 3, 1, "Marija Kowalenko",
                 0.58, "Only Nord Post, a machine-translated source, uses this name.",
                 suggestion="Maria Kovalenko"),
            flag("spacing", "translation_artifact", "percent-spacing", 3, 1, "30 %", 0.66,
                 "A space before % is typical of machine translation from German.",
                 suggestion="30%"),
            flag("ai-note", "translation_artifact", "translation-note", 2, 3,
                 "※ This article was translated by AI.", 0.97,
                 "A translation notice is not part of the story."),
            flag("share", "page_residue", "share-buttons", 0, 3, "Share this article on Facebook",
                 0.88, "Share-button text from the web page, not the article."),
        ]
    )  # fmt: skip


def fixture_db(tmp_path: Path, *, filler: int = 0) -> Built:
    """The fixture database in `tmp_path/review.db` (the file name shows in the app)."""
    return build_fixture_db(tmp_path / "review.db", filler=filler)


def copy_built(template: Built, folder: Path) -> Built:
    """A private copy of a fixture database in `folder`, with the same ids and fingerprints."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / template.path.name
    shutil.copy(template.path, target)
    return dataclasses.replace(template, path=target)


async def focus(pilot: Any, selector: str) -> None:
    """Focus a widget of the current screen and let the app settle."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()


async def scored(pilot: Any) -> None:
    """Wait until the Sources screen's scoring worker is done and its table filled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_screen(pilot: Any, key: str, kind: type[S]) -> S:
    """Press the key of a main screen; the screen it showed, checked to be a `kind`."""
    await pilot.press(key)
    screen = pilot.app.screen
    assert isinstance(screen, kind), f"{key!r} showed {type(screen).__name__}, not {kind.__name__}"
    return screen


async def flags_at(pilot: Any, fingerprint: str) -> Any:
    """The Flags screen with its cursor on one flag."""
    from tui.screens import FlagsScreen
    from tui.widgets.paged_table import PagedTable

    screen = await open_screen(pilot, "f", FlagsScreen)
    table = screen.query_one("#flags", PagedTable)
    table.move_cursor(row=table.get_row_index(fingerprint), animate=False)
    await pilot.pause()
    return screen


def queue(app: Any) -> list[str]:
    """Fingerprints in the Flags screen's queue, top to bottom."""
    from tui.screens import FlagsScreen
    from tui.widgets.paged_table import PagedTable

    assert isinstance(app.screen, FlagsScreen)
    table = app.screen.query_one("#flags", PagedTable)
    return [str(row.key.value) for row in table.ordered_rows]


def flag_status(path: Path, fingerprint: str) -> str:
    """A flag's status as stored (read in a connection of its own)."""
    with Store.open(path) as store:
        return store.flag(fingerprint).status


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """The database's write lock, held by a connection of its own (another program, as far as
    the app can tell) until the block ends or the test releases it by committing."""
    other = sqlite3.connect(str(path), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
        if other.in_transaction:
            other.execute("COMMIT")
    finally:
        other.close()
