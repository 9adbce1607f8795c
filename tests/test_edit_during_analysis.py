"""A claim edit made while another process's analysis is between the steps of its write.

An analysis writes its results in steps, each committed, leaving the write lock free a moment
between them (store/connection.Stepwise), so a reviewer's edit may land mid-write, on clusters
half old and half new. Probed here at every gap of a real write (the demo corpus re-analysed
after one article was revised), for each kind of edit as the reviewer's screen, read before the
analysis began, would send it. The edit must either land and survive the write or be refused
with the store's one-line error; never lost, never left under another claim. The yardstick for
"survive": the database the interrupted write leaves is the one the same analysis written again
without interruption gives, from the same review log."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import store.connection as connection
from analysis.demo import demo_files
from analysis.importing import import_paths
from analysis.pipeline import analyze
from store import AnalysisPayload, Store, StoreError


@dataclass(frozen=True)
class Prepared:
    before: Path
    """The demo database with one claim edit made, one article revised and imported again."""
    payload: AnalysisPayload
    """What analysing `before` writes."""


def _revised(text: str) -> str:
    """A paragraph dropped and two figures changed: the article's claims move."""
    paragraphs = text.split("\n\n")
    text = "\n\n".join(paragraphs[:2] + paragraphs[3:])
    return re.sub(r"\b(\d{2,})\b", lambda m: str(int(m.group(1)) + 7), text, count=2)


@pytest.fixture(scope="module")
def prepared(demo_built: Path, tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    folder = tmp_path_factory.mktemp("mid-write")
    before = folder / "before.db"
    shutil.copy(demo_built, before)
    with Store.open(before) as store:
        big = max(store.clusters(limit=500), key=lambda c: (c.size, -c.id))
        member = store.cluster_members(big.id)[-1]
        store.edit_claim("reject", [member.claim_key], "ann", within=big.id)
        source = demo_files()[0]
        revised = folder / source.name
        revised.write_text(_revised(source.read_text(encoding="utf-8")), encoding="utf-8")
        import_paths(store, [revised])
    captured: list[AnalysisPayload] = []
    probe = folder / "probe.db"
    shutil.copy(before, probe)
    with Store.open(probe) as store:
        write = store.write_analysis

        def keep(payload: AnalysisPayload, **kw: Any) -> Any:
            captured.append(payload)
            return write(payload, **kw)

        store.write_analysis = keep  # type: ignore[method-assign]
        analyze(store, workers=1)
    (payload,) = captured
    return Prepared(before, payload)


Edit = Callable[[Store], Any]


def _edits(path: Path) -> dict[str, Edit]:
    """Each kind of edit as the Claims screen sends it from the view read before the analysis:
    made in the largest claim (its cluster id as `within`), a merge taking in the next largest."""
    with Store.open(path) as store:
        claims = sorted(store.clusters(limit=500), key=lambda c: (-c.size, c.id))
        shown, other = claims[0], next(c for c in claims[1:] if c.size > 1)
        members = [m.claim_key for m in store.cluster_members(shown.id)]
        inside = set(members)
        outside = next(
            s.claim_key
            for a in store.articles()
            for s in store.sentences(a.id)
            if s.claim_key not in inside and s.residue is None
        )
        merged = store.cluster_members(other.id)[0].claim_key
    anchor, one = members[0], members[1]
    within = shown.id
    return {
        "remove": lambda s: s.edit_claim("remove", [one], "ben", within=within),
        "split": lambda s: s.edit_claim("split", [one], "ben", within=within),
        "confirm": lambda s: s.edit_claim("confirm", [members[-1]], "ben", within=within),
        "merge": lambda s: s.edit_claim(
            "merge", [merged], "ben", target=anchor, within=within, merging=other.id
        ),
        "add": lambda s: s.edit_claim("add", [outside], "ben", target=anchor, within=within),
        "undo": lambda s: s.undo("ann"),  # ann's reject, made before the analysis
    }


def _state(store: Store) -> list[tuple[str, tuple[tuple[str, str, str | None], ...]]]:
    """Every claim as its label and its members (claim key, tier, edit), ids left out: what a
    reviewer reads."""
    out = []
    for c in store.clusters(limit=100_000):
        members = tuple(sorted((m.claim_key, m.tier, m.edit) for m in store.cluster_members(c.id)))
        out.append((c.label, members))
    return sorted(out)


def _gaps(prepared: Prepared, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many gaps a stepwise write of the payload leaves (every step committed at once)."""
    path = tmp_path / "count.db"
    shutil.copy(prepared.before, path)
    seen: list[float] = []
    monkeypatch.setattr(connection.time, "sleep", seen.append)
    with Store.open(path) as store:
        store.write_analysis(prepared.payload, step_seconds=0)
    monkeypatch.undo()
    return len(seen)


def _write_with(
    prepared: Prepared, path: Path, gap: int, edit: Edit, monkeypatch: pytest.MonkeyPatch
) -> object:
    """The payload written stepwise into `path`, `edit` made by another connection in its
    `gap`-th gap; what the edit returned or the StoreError that refused it."""
    outcome: list[object] = []
    calls = [0]

    def in_the_gap(_seconds: float) -> None:
        calls[0] += 1
        if calls[0] - 1 != gap:
            return
        with Store.open(path) as ben:
            try:
                outcome.append(edit(ben))
            except StoreError as exc:
                outcome.append(exc)

    monkeypatch.setattr(connection.time, "sleep", in_the_gap)
    try:
        with Store.open(path) as store:
            store.write_analysis(prepared.payload, step_seconds=0)
    finally:
        monkeypatch.undo()
    (result,) = outcome
    return result


@pytest.mark.parametrize("kind", ["remove", "split", "confirm", "merge", "add", "undo"])
def test_an_edit_in_any_gap_of_an_analysis_write_lands_whole_or_is_refused(
    prepared: Prepared, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    gaps = _gaps(prepared, tmp_path, monkeypatch)
    assert gaps >= 5, gaps  # the write really is in steps here
    for gap in range(gaps):
        path = tmp_path / f"{kind}-{gap}.db"
        shutil.copy(prepared.before, path)
        result = _write_with(prepared, path, gap, _edits(path)[kind], monkeypatch)
        with Store.open(path) as store:
            log = store.claim_edit_log()
            if kind == "undo":  # taken back, or refused and still in force
                assert log[0].applied == isinstance(result, StoreError), (gap, result)
            else:  # in the log, applied or saying why not; or refused, not in the log
                landed = [e for e in log if e.reviewer == "ben"]
                assert len(landed) == (0 if isinstance(result, StoreError) else 1), (gap, result)
                assert all(e.applied or e.reason for e in landed), (gap, landed)
            after = _state(store)
            store.write_analysis(prepared.payload)  # the same write, not interrupted
            again = _state(store)
            assert [(e.kind, e.applied, e.reason) for e in store.claim_edit_log()] == [
                (e.kind, e.applied, e.reason) for e in log
            ], (gap, result)
        assert after == again, (kind, gap, result)
