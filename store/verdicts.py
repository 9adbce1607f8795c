"""Which verdict a sentence shows in each claim that holds it.

One sentence can sit in several claims (one per clause, analysis.claim_units), and a reviewer's
verdict on it is about the claim they judged it in: "corroborated" for the budget it reports says
nothing about the ferry it also reports. So a verdict row names its claim (`reviews.claim`, the
claim's stable name, store.CLUSTER_NAME) and each claim is a lane of its own:

- a row with no claim (every verdict before schema v15, or one given on a sentence in no claim)
  holds in every claim of the sentence, as verdicts always did;
- a row naming a claim that no longer holds the sentence under that name (a re-analysis or a
  claim edit renamed it: another sentence came first) holds in the claims of the sentence that
  hold the sentence it was named after, its successors; when none does (the claim dissolved, or
  the sentence was split off it), in every claim of the sentence: a decision is never dropped;
- otherwise a row holds only in the claim it names.

What a claim shows is the newest row among the latest row of each lane that holds in it; a lane
whose latest row has no decision (an undone first verdict) shows nothing of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from sqlite_utils import Database

from store.connection import chunked
from store.rows import ReviewRow

# A claim's name, for `c` a clusters row: the claim key of its first sentence (same-claim members
# first, then by article and place in it). Row ids change whenever an analysis writes the
# clusters anew; this name stays while that sentence stays in the claim (a new article comes
# after the old ones), and `corroborator claim show NAME` takes it like any sentence's id.
# A sentence in two claims (one per clause, analysis/claim_items.py) names neither while another
# sentence can; when every member is such a sentence, the name adds where the naming member's
# clause starts in its sentence ("key:41", 1 + the offset of its first word, `unit_at`, written by
# analysis; rows from before schema v16 search the sentence for the clause's text): a clause joins
# one claim, so two claims whose members are the same sentences, each through other clauses,
# still get two names. A clause is several pieces when a relative clause was cut out of it, so
# its text is not in the sentence as written: the search found no place (":0") for them all.
CLUSTER_NAME = """(SELECT s.claim_key || CASE
        WHEN m.unit IS NOT NULL
         AND (SELECT count(*) FROM cluster_members x WHERE x.sentence_id = m.sentence_id) > 1
        THEN ':' || COALESCE(m.unit_at, instr(s.text, m.unit)) ELSE '' END
    FROM cluster_members m JOIN sentences s
    ON s.id = m.sentence_id WHERE m.cluster_id = c.id
    ORDER BY m.tier != 'same_claim',
             (SELECT count(*) FROM cluster_members x WHERE x.sentence_id = m.sentence_id) > 1,
             s.article_id, s.idx LIMIT 1)"""
CLAUSE_MARK = ":"  # between a claim name's sentence key and its clause's place


def named_sentence(name: str) -> str:
    """The claim key of the sentence a claim's name (`CLUSTER_NAME`) is taken from."""
    return name.partition(CLAUSE_MARK)[0]


def short_name(name: str, width: int = 12) -> str:
    """A claim name as printed: its sentence's id cut to `width`, the clause's place (":N") kept,
    since two claims may differ only there."""
    key, mark, clause = name.partition(CLAUSE_MARK)
    return key[:width] + mark + clause


UNREVIEWED = "unreviewed"
_VERDICT_ROWS = "SELECT * FROM reviews WHERE target_type = 'claim' AND action = 'claim'"
_BY_KEY = 2000  # members up to which their verdicts are read by key


class _Keyed(Protocol):
    @property
    def claim_key(self) -> str: ...


def _holds(
    lane: str | None, claim: str | None, names: Collection[str], heirs: Mapping[str, set[str]]
) -> bool:
    if lane is None or lane == claim:
        return True
    if lane in names:
        return False
    successors = heirs.get(lane, set()) & set(names)
    return not successors or claim in successors


def _ranks(rows: Sequence[ReviewRow]) -> dict[int, int]:
    """How new each verdict row's decision is (rows oldest first): its own id, except an undo
    row, which restores what its lane held before the undone row (`lane_state`) and so is as
    new as that restored row. Ranking it by its own id let a restored verdict for every claim
    outrank a verdict one claim was given after it."""
    rank: dict[int, int] = {}
    for n, row in enumerate(rows):
        rank[row.id] = row.id
        if row.op != "undo" or row.ref is None:
            continue
        restored = [
            r for r in rows[:n]
            if r.id < row.ref and r.claim == row.claim
        ]  # fmt: skip
        if restored:
            rank[row.id] = rank[restored[-1].id]
    return rank


def _lanes(
    rows: Iterable[ReviewRow],
) -> tuple[dict[int, int], dict[str | None, ReviewRow]]:
    """Each row's rank (`_ranks`) and each lane's latest row, from one sentence's verdict rows
    oldest first."""
    rows = list(rows)
    return _ranks(rows), {row.claim: row for row in rows}


def shown(
    rows: Iterable[ReviewRow],
    claim: str | None,
    names: Collection[str],
    heirs: Mapping[str, set[str]] | None = None,
) -> ReviewRow | None:
    """The verdict row a sentence shows in the claim named `claim` (None: in no claim), from its
    verdict rows oldest first; `names`: the claims holding the sentence now; `heirs`: for a
    claim name no longer among them, the claims now holding the sentence it was named after.
    None: no verdict."""
    rank, latest = _lanes(rows)
    held = [
        r for lane, r in latest.items() if r.decision and _holds(lane, claim, names, heirs or {})
    ]
    return max(held, key=lambda r: (rank[r.id], r.id), default=None)


def current(rows: Iterable[ReviewRow]) -> list[ReviewRow]:
    """The verdicts of one sentence in force in some claim: each lane's latest row, unless a newer
    row without a claim (which holds everywhere) replaced it; no "unreviewed" and no undone ones."""
    rank, latest = _lanes(rows)
    everywhere = latest.get(None)
    return sorted(
        (
            r for r in latest.values()
            if r.decision not in (None, UNREVIEWED)
            and (everywhere is None or (rank[r.id], r.id) >= (rank[everywhere.id], everywhere.id))
        ),
        key=lambda r: r.id,
    )  # fmt: skip


class Renames:
    """Claim names that changed for the same claim (`claim_renames`, schema v18), in the order
    they changed: a review row naming a claim (its lane) means the claim that bore that name
    when the row was written. A claim edit renames a claim when its naming sentence leaves it,
    and a split claim can take over the name its source had; the v16 analysis renamed the
    claims whose clause it could not place before (":0"). Each step's renames hold for the
    rows written up to it (`upto`), all at once (two claims may swap names)."""

    def __init__(self, db: Database) -> None:
        self.steps: dict[int, tuple[int, dict[str, str]]] = {}  # step -> (upto, old -> new)
        for step, upto, old, new in db.execute(
            "SELECT step, upto, old, new FROM claim_renames ORDER BY step, id"
        ).fetchall():
            self.steps.setdefault(int(step), (int(upto), {}))[1][str(old)] = str(new)

    def now(self, claim: str | None, row_id: int) -> str | None:
        """The name the claim a row `row_id` named `claim` has now (None stays None)."""
        if claim is None:
            return None
        for upto, moves in self.steps.values():
            if row_id <= upto:
                claim = moves.get(claim, claim)
        return claim


def record_renames(db: Database, moves: Iterable[tuple[str, str]]) -> None:
    """Record one step of renames (old name, new name of the same claim), holding for every
    review row written so far. Call inside the write that renamed the claims."""
    moves = [(old, new) for old, new in dict(moves).items() if old != new]
    if not moves:
        return
    step, upto = db.execute(
        "SELECT COALESCE((SELECT max(step) FROM claim_renames), 0) + 1,"
        " COALESCE((SELECT max(id) FROM reviews), 0)"
    ).fetchone()
    db.conn.executemany(
        "INSERT INTO claim_renames (step, upto, old, new) VALUES (?, ?, ?, ?)",
        [(step, upto, old, new) for old, new in moves],
    )


def searched_names(db: Database) -> dict[str, str]:
    """The names (by cluster key) of the claims named by a clause whose place was found by
    searching the sentence (rows written before schema v16): the next analysis places the
    clause itself, which renames a claim whose clause the search could not find (":0")."""
    return {
        str(key): str(name)
        for key, name in db.execute(
            f"SELECT c.key, {CLUSTER_NAME} FROM clusters c WHERE EXISTS (SELECT 1 FROM"
            " cluster_members m WHERE m.cluster_id = c.id AND m.unit IS NOT NULL"
            " AND m.unit_at IS NULL)"
        ).fetchall()
        if name is not None and CLAUSE_MARK in str(name)
    }


def placed_renames(db: Database, before: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each of `before`'s names (`searched_names`, read before clusters were written anew) with
    the name the claim of the same key has now, when the old name named one claim only (two
    claims both named ":0" left no telling which a verdict meant)."""
    now = _names_by(db, "key", before) if before else {}
    named = Counter(before.values())
    return [(old, now[key]) for key, old in before.items() if named[old] == 1 and key in now]


def edit_renames(db: Database, before: Mapping[int, str]) -> list[tuple[str, str]]:
    """Each of `before`'s names (by cluster id, read before a claim edit rebuilt the clusters)
    with the name that cluster has now."""
    now = names_of(db, before)
    return [(old, now[cid]) for cid, old in before.items() if cid in now]


def rows_of(db: Database, keys: Iterable[str] | None = None) -> dict[str, list[ReviewRow]]:
    """Every verdict row (oldest first) of each sentence in `keys` (None: of every sentence),
    each row's claim under the name that claim has now (`Renames`)."""
    renamed = Renames(db)
    base = _VERDICT_ROWS
    out: dict[str, list[ReviewRow]] = {}
    if keys is None:
        found: Iterable[dict[str, object]] = db.query(base + " ORDER BY id")
    else:
        found = (
            row
            for chunk in chunked(sorted(set(keys)))
            for row in db.query(
                f"{base} AND target IN ({', '.join('?' for _ in chunk)}) ORDER BY id", chunk
            )
        )
    for row in found:
        got = ReviewRow.from_row(dict(row))
        if got.claim is not None:
            got = replace(got, claim=renamed.now(got.claim, got.id))
        out.setdefault(str(row["target"]), []).append(got)
    for rows in out.values():
        rows.sort(key=lambda r: r.id)
    return out


def lane_state(db: Database, target: str, claim: str | None, before_id: int) -> ReviewRow | None:
    """The latest verdict row before `before_id` in claim `claim`'s own lane (None: the lane of
    every claim): what undoing a verdict given there restores. Only the lane's own: with none,
    the undo leaves the lane empty and the claim shows the other lanes again (`shown`); a copy
    of the verdict for every claim would outlive that verdict's own undo."""
    lane = Renames(db).now(claim, before_id)
    rows = [r for r in rows_of(db, [target]).get(target, []) if r.id < before_id]
    return next((r for r in reversed(rows) if r.claim == lane), None)


def holding(db: Database, keys: Iterable[str]) -> dict[str, set[int]]:
    """The clusters holding each sentence of `keys` now."""
    out: dict[str, set[int]] = {}
    for chunk in chunked(sorted(set(keys))):
        for key, cluster in db.execute(
            "SELECT s.claim_key, cm.cluster_id FROM cluster_members cm"
            " JOIN sentences s ON s.id = cm.sentence_id"
            f" WHERE s.claim_key IN ({', '.join('?' for _ in chunk)})",
            chunk,
        ).fetchall():
            out.setdefault(str(key), set()).add(int(cluster))
    return out


def names_of(db: Database, cluster_ids: Iterable[int]) -> dict[int, str]:
    """The claim names (`CLUSTER_NAME`) of clusters by row id."""
    return _names_by(db, "id", cluster_ids)


_K = TypeVar("_K", int, str)


def _names_by(db: Database, column: str, values: Iterable[_K]) -> dict[_K, str]:
    """The claim names of the clusters whose `column` (id or key) is one of `values`."""
    out: dict[_K, str] = {}
    for chunk in chunked(sorted(set(values))):
        for value, name in db.execute(
            f"SELECT c.{column}, {CLUSTER_NAME} FROM clusters c"
            f" WHERE c.{column} IN ({', '.join('?' for _ in chunk)})",
            chunk,
        ).fetchall():
            if name is not None:
                out[value] = str(name)
    return out


class _Where:
    """The claims holding some sentences now, and the successors of the claim names their
    verdicts were given in (see the module docstring)."""

    def __init__(self, db: Database, rows: Mapping[str, Sequence[ReviewRow]]) -> None:
        self.held = holding(db, rows)
        lanes = {r.claim for rs in rows.values() for r in rs if r.claim is not None}
        homes = holding(db, {named_sentence(lane) for lane in lanes})
        self.named = names_of(
            db, {c for held in (*self.held.values(), *homes.values()) for c in held}
        )
        self.heirs = {
            lane: {self.named[c] for c in homes.get(named_sentence(lane), ()) if c in self.named}
            for lane in lanes
        }

    def names(self, key: str) -> set[str]:
        return {self.named[c] for c in self.held.get(key, ()) if c in self.named}


_M = TypeVar("_M", bound=_Keyed)


def placed(
    db: Database,
    members: Sequence[tuple[int | None, _M]],
    status: Callable[[_M, ReviewRow | None], _M],
) -> list[_M]:
    """Each (cluster id, member) with `status(member, verdict row)` applied: the verdict the
    member's sentence shows in that cluster (cluster id None: the sentence in no claim)."""
    keys = {m.claim_key for _, m in members}
    # verdicts are a reviewer's, so few: for many members one read of them all is cheaper
    rows = rows_of(db, keys if len(keys) <= _BY_KEY else None)
    where = _Where(db, rows)
    out = []
    for cluster, m in members:
        if m.claim_key not in rows:
            out.append(status(m, None))
            continue
        claim = where.named.get(cluster) if cluster is not None else None
        names = where.names(m.claim_key)
        out.append(status(m, shown(rows[m.claim_key], claim, names, where.heirs)))
    return out


def status_in(db: Database, key: str, claim: str | None) -> ReviewRow | None:
    """The verdict row sentence `key` shows in the claim named `claim`; None as claim: the only
    claim holding it, and when it is in several (or none), its newest verdict in force."""
    rows = rows_of(db, [key])
    if key not in rows:
        return None
    where = _Where(db, rows)
    names = where.names(key)
    if claim is None and len(names) == 1:
        claim = next(iter(names))
    if claim is None:
        return shown(rows[key], None, ())
    return shown(rows[key], claim, names, where.heirs)


def sharing(db: Database, original: ReviewRow) -> Callable[[str | None, int], bool]:
    """Whether another verdict row (its claim and id) on `original`'s sentence holds in a claim
    where `original` holds too (so one overrides the other there), read on the claims holding
    the sentence now: each row's claim under the name it has now (`Renames`), one no claim
    holds now in its successors (`_holds`). With the sentence in no claim, lanes meet when
    either is None or they are the same."""
    renamed = Renames(db)
    target = original.target
    rows = rows_of(db, [target])
    where = _Where(db, rows)
    names = where.names(target)

    def places(lane: str | None) -> set[str]:
        return {n for n in names if _holds(lane, n, names, where.heirs)}

    mine = renamed.now(original.claim, original.id)
    held = places(mine)

    def meets(claim: str | None, row_id: int) -> bool:
        other = renamed.now(claim, row_id)
        if not names:
            return mine is None or other is None or mine == other
        return bool(held & places(other))

    return meets


def note_claims(db: Database, notes: Iterable[ReviewRow]) -> dict[int, set[str] | None]:
    """The names of the claims each note on a claim's sentence shows in now, by note id; None
    for a note that holds wherever its sentence is shown (one with no claim: every note before
    schema v16, or one written apart from a verdict; or one whose sentence no claim holds now).
    A note written with a verdict names the verdict's claim and holds where a verdict given
    there would (`_holds`: renamed claims followed, a dissolved one spread to all)."""
    renamed = Renames(db)
    by_key: dict[str, list[ReviewRow]] = {}
    for n in notes:
        by_key.setdefault(n.target, []).append(replace(n, claim=renamed.now(n.claim, n.id)))
    where = _Where(db, by_key)
    out: dict[int, set[str] | None] = {}
    for key, rows in by_key.items():
        names = where.names(key)
        for r in rows:
            out[r.id] = (
                None if r.claim is None or not names
                else {n for n in names if _holds(r.claim, n, names, where.heirs)}
            )  # fmt: skip
    return out


def note_key(name: str, key: str) -> tuple[str, str]:
    """Where `Store.all_notes` files the notes sentence `key` shows in the claim named `name`."""
    return ("claim in", f"{name} {key}")


def with_status(member: Any, row: ReviewRow | None) -> Any:
    """A MemberRow with the verdict it shows ("unreviewed" when none)."""
    status = row.decision if row and row.decision else UNREVIEWED
    return replace(member, claim_status=status, verdict_id=row.id if row else None)


def with_verdict(fact: Any, row: ReviewRow | None) -> Any:
    """A ClaimFact with the verdict it shows (None when unreviewed)."""
    verdict = row.decision if row and row.decision not in (None, UNREVIEWED) else None
    return replace(fact, verdict=verdict, verdict_id=row.id if verdict and row else None)
