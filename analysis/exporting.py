"""Gather what an export carries from the store, as plain rows for analysis/report.py, and write
the rendered export to a file without ever destroying a database."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from analysis.scoring import SourceScore, score_sources
from store import Store
from store.rows import ArticleRow, ClusterRow, FlagRow, MemberRow, ReviewRow
from store.verdicts import note_key


@dataclass(slots=True)
class ExportData:
    articles: list[ArticleRow]
    clusters: list[tuple[ClusterRow, list[MemberRow]]]
    flags: list[FlagRow]
    scores: list[SourceScore]
    claim_decisions: list[ReviewRow]
    notes: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    lost_verdicts: list[ReviewRow] = field(default_factory=list)
    """Verdicts whose sentence no claim holds any more (Store.lost_verdicts: its article was
    edited since, or the latest analysis dropped it): kept, and listed by the reports with the
    sentence as it was when decided, never left out silently."""
    lost_in: dict[int, str] = field(default_factory=dict)
    """The claim each of `lost_verdicts` is shown under, by review id, as the Claims screen
    shows it (Store.lost_verdict_claims); absent: under no claim."""
    generated_at: str = ""


def collect_export(store: Store) -> ExportData:
    """Everything an export carries, read from one snapshot (Store.snapshot): a decision another
    reviewer commits meanwhile is in all of it (flag, scores, verdict's claim) or in none."""
    with store.snapshot():
        members = store.all_cluster_members()
        clusters = store.clusters(limit=-1)
        lost = store.lost_verdicts()
        return ExportData(
            articles=store.articles(),
            clusters=[(c, members.get(c.id, [])) for c in clusters],
            flags=store.flags(include_inactive=False),
            scores=score_sources(store.scoring_input()),
            claim_decisions=store.claim_decisions(),
            notes=store.all_notes(),
            lost_verdicts=lost,
            lost_in=store.lost_verdict_claims(lost),
            generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )


@dataclass(frozen=True, slots=True)
class ReviewedClaim:
    """A claim the reviewer gave a verdict, with who says it and who says otherwise.

    Sides come from the cluster's unrejected contradiction flags: a sentence the claim is
    contradicted by says otherwise; in a conflict between two other sentences, the larger side
    stands with the claim (it is not contradicted by it) and the smaller side says otherwise; a
    conflict with equal sides is `contested`. Sentences in no conflict agree."""

    decision: ReviewRow
    cluster: ClusterRow
    claim: MemberRow
    agree: list[MemberRow]
    disagree: list[MemberRow]
    contested: list[MemberRow]
    flags: list[FlagRow]
    """Every flag on the claim's sentence or on a sentence that contradicts it."""
    conflicts: list[FlagRow]
    """The cluster's unrejected contradictions (those behind the sides)."""
    notes: list[str]
    """The verdict's note, then the notes on the claim and on its cluster, oldest first."""


def claim_notes(data: ExportData, name: str | None, key: str) -> list[str]:
    """The notes sentence `key` shows in the claim named `name` (a note written with a verdict
    only in the claim the verdict was given in, Store.all_notes), oldest first."""
    if name is not None and (found := data.notes.get(note_key(name, key))) is not None:
        return found
    return data.notes.get(("claim", key), [])


def reviewed_claims(data: ExportData) -> list[ReviewedClaim]:
    """The claims with a verdict, in the order the verdicts were given: a verdict is reported
    in the claim it was given in (on a sentence in several claims, each claim's own verdict),
    one given before claims were told apart in the first claim holding its sentence."""
    where: dict[int, tuple[ClusterRow, list[MemberRow], MemberRow]] = {}
    for cluster, members in data.clusters:
        for m in members:
            if m.verdict_id is not None:
                where.setdefault(m.verdict_id, (cluster, members, m))
    out: list[ReviewedClaim] = []
    for decision in data.claim_decisions:
        if decision.decision in (None, "unreviewed") or decision.id not in where:
            continue
        cluster, members, claim = where[decision.id]
        conflicts = [
            f for f in data.flags
            if f.kind == "contradiction" and f.status != "rejected"
            and any(_touches(f, m) for m in members)
        ]  # fmt: skip
        side = _sides(claim, members, conflicts)
        notes = [decision.note] if decision.note else []
        notes += claim_notes(data, cluster.name, claim.claim_key)
        notes += data.notes.get(("cluster", cluster.key), [])
        against = [m for m in members if side.get(m.claim_key) == "otherwise"]
        out.append(
            ReviewedClaim(
                decision=decision,
                cluster=cluster,
                claim=claim,
                agree=_agreeing(claim, members, side, against),
                disagree=against,
                contested=[m for m in members if side.get(m.claim_key) == "contested"],
                flags=[f for f in data.flags if any(_touches(f, m) for m in [claim, *against])],
                conflicts=conflicts,
                notes=notes,
            )
        )
    return out


def _agreeing(
    claim: MemberRow, members: list[MemberRow], side: dict[str, str], against: list[MemberRow]
) -> list[MemberRow]:
    """Members that state the claim (same-claim tier) and side with it; an article that says
    otherwise in one sentence does not also say so through another."""
    contrary = {m.article_id for m in against}
    return [
        m for m in members
        if m is not claim and m.claim_key not in side and m.tier == "same_claim"
        and m.article_id not in contrary
    ]  # fmt: skip


def _touches(flag: FlagRow, member: MemberRow) -> bool:
    """Whether the flag sits on the member's sentence (either side of a contradiction)."""
    if (flag.article_id, flag.sentence_idx) == (member.article_id, member.idx):
        return True
    return (flag.other_article_id, flag.other_sentence_idx) == (member.article_id, member.idx)


def _sides(claim: MemberRow, members: list[MemberRow], conflicts: list[FlagRow]) -> dict[str, str]:
    """ "otherwise" or "contested" for each member in a conflict that does not side with `claim`
    (members absent from the answer agree with it). Each slot (number, date, place...) is its
    own conflict: agreeing on the figure and disputing the date are separate questions."""
    by_slot: dict[str, dict[str, set[str]]] = {}
    for f in conflicts:
        ends = [m.claim_key for m in members if _touches(f, m)]
        if len(ends) == 2:
            edges = by_slot.setdefault(f.slot or "", {})
            edges.setdefault(ends[0], set()).add(ends[1])
            edges.setdefault(ends[1], set()).add(ends[0])
    otherwise: set[str] = set()
    contested: set[str] = set()
    for edges in by_slot.values():
        otherwise |= edges.get(claim.claim_key, set())
        seen = {claim.claim_key, *edges.get(claim.claim_key, ())}
        for start in [m.claim_key for m in members]:
            if start in seen or start not in edges:
                continue
            colour = {start: 0}  # two-colour the conflict this member belongs to
            queue = [start]
            while queue:
                node = queue.pop()
                for nxt in edges[node]:
                    if nxt not in colour and nxt not in seen:
                        colour[nxt] = 1 - colour[node]
                        queue.append(nxt)
            seen |= set(colour)
            sizes = [sum(1 for c in colour.values() if c == k) for k in (0, 1)]
            if sizes[0] == sizes[1]:
                contested |= set(colour)
            else:
                minority = 0 if sizes[0] < sizes[1] else 1
                otherwise |= {k for k, c in colour.items() if c == minority}
    out = dict.fromkeys(contested - otherwise, "contested")
    out.update(dict.fromkeys(otherwise, "otherwise"))
    return out


SQLITE_HEADER = b"SQLite format 3\x00"
_SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's companions of a database file


class ExportError(Exception):
    """An export that was refused; the message is one line and nothing was written."""


def write_export(text: str, output: Path, database: Path) -> None:
    """Write `text` to `output` atomically: a temporary file in the same folder, renamed over
    the target, so a reader (or a crash) sees the old file or the new one, never half of one.

    Refuses the database in use (or one of its -wal/-shm/-journal files) and any existing
    SQLite file: an export is replaceable, a database is not. Other files are replaced."""
    _refuse_databases(output, database)
    folder = output.parent if str(output.parent) else Path(".")
    # every error names the file asked for, never the temporary file the write uses
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(f"{output}: the folder {folder} {what}")
    mode = _mode_for(output)
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"{output}: cannot write in {folder} ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, output)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise ExportError(
                f"{output}: not written ({exc.strerror or exc}); any file there is unchanged"
            ) from None
        raise


def _refuse_databases(output: Path, database: Path) -> None:
    db = database.resolve()
    target = output.resolve()
    if target == db or _same_file(output, database):
        raise ExportError(f"{output}: is the database in use; choose another output file")
    if any(target == db.with_name(db.name + side) for side in _SIDE_FILES):
        raise ExportError(f"{output}: belongs to the database in use; choose another output file")
    if output.is_dir():
        raise ExportError(f"{output}: is a folder; give a file name")
    try:
        with output.open("rb") as existing:
            header = existing.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError:
        return  # unreadable: the write below reports the real problem in one line
    if header == SQLITE_HEADER:
        raise ExportError(f"{output}: is a SQLite database; an export never replaces one")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _mode_for(output: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less umask)."""
    try:
        return output.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
