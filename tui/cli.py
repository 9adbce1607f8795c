"""The `corroborator` command line: a thin layer over store/ and analysis/.

Exit codes: 0 ok, 1 failure with one line on stderr, 2 usage error (click's own); 1 and nothing
said when the reader of the output went away (`corroborator stats | head`)."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from analysis.printable import one_line
from store import FLAG_STATUSES, Store, StoreError
from store.rows import ReviewRow
from store.verdicts import CLAUSE_MARK, named_sentence, short_name
from tui.paths import data_dir, demo_db, resolve_db, working_db

F = TypeVar("F", bound=Callable[..., Any])

FLAG_KIND_CHOICES = (
    "name_variant",
    "unverified_name",
    "translation_artifact",
    "contradiction",
    "page_residue",
)
UNFINISHED = (
    "the analysis started {started} has not finished (it is running, or was stopped mid-write);"
    " run `corroborator analyze` if none is running"
)
EXPORT_FORMATS = ("json", "csv", "md", "claimreview")


class Failure(Exception):
    """A failure to report as one line on stderr with exit code 1."""


def _fail(message: str) -> None:
    click.echo(f"corroborator: error: {one_line(message)}", err=True)
    sys.exit(1)


def friendly(func: F) -> F:
    """Turn every expected failure into one line on stderr and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from analysis.ingest import IngestError
        from tui.config import ConfigError

        try:
            return func(*args, **kwargs)
        except (Failure, StoreError, IngestError, ConfigError) as exc:  # bad input, not a bug
            _fail(str(exc))
        except BrokenPipeError:  # `| head` read what it wanted: click's main ends quietly
            raise
        except OSError as exc:
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        except KeyboardInterrupt:
            click.echo("corroborator: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug, not bad input: still one line unless debugging
            if os.environ.get("CORROBORATOR_DEBUG"):
                raise
            _fail(
                f"internal error ({type(exc).__name__}: {exc}); "
                "rerun with CORROBORATOR_DEBUG=1 for details and report it"
            )

    return wrapper  # type: ignore[return-value]


db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: $CORROBORATOR_DB, then ./corroborator.db).",
)


@contextmanager
def open_store(db: Path | None, *, create: bool = True) -> Iterator[Store]:
    store = Store.open(resolve_db(db), create=create)
    try:
        yield store
    finally:
        store.close()


class _Bar:
    """A progress bar on a terminal, silence elsewhere (pipes, CI logs)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._bar: Any = None
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if stage != self._stage:
            self.close()
            self._stage = stage
            self._bar = click.progressbar(length=total, label=f"{stage:<10}", file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._bar.pos)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="corroborator")
def main() -> None:
    """Align claims across news articles, flag contradictions and garbled machine translation,
    and score which sources to trust."""


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--source", help="Outlet name for every imported article.")
@click.option("--translated", is_flag=True, help="Mark the articles as machine-translated.")
@click.option(
    "--source-map",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of pattern,outlet lines: the outlet of each file by its name or path.",
)
@click.option(
    "--max-article-mb",
    type=click.FloatRange(min=0, max=1e9, min_open=True),
    default=None,
    help="Refuse articles with more text than this (default: config max_article_mb, else 5).",
)
@friendly
def import_cmd(
    paths: tuple[Path, ...],
    db: Path | None,
    source: str | None,
    translated: bool,
    max_article_mb: float | None,
    source_map: Path | None = None,
) -> None:
    """Import articles: .txt .md .html .json .jsonl files or whole folders. A file that cannot be
    imported is one error line; the others are still imported."""
    from analysis.importing import import_paths
    from analysis.ingest import DEFAULT_MAX_ARTICLE_MB
    from tui.config import ConfigError, load_config

    if source is not None:  # a blank name would be an outlet no screen can show
        source = " ".join(source.split())
        if not source:
            raise Failure("--source needs an outlet name (leave it out to name outlets by file)")
    if max_article_mb is not None and not max_article_mb > 0:  # "nan" passes FloatRange
        raise Failure("--max-article-mb must be a positive number of megabytes, e.g. 5")
    if max_article_mb is None:
        try:
            max_article_mb = load_config().max_article_mb or DEFAULT_MAX_ARTICLE_MB
        except ConfigError as exc:
            raise Failure(str(exc)) from None
    outlets = None
    if source_map is not None:
        from analysis.source_map import SourceMapError, load_source_map

        try:
            outlets = load_source_map(source_map)
        except SourceMapError as exc:
            raise Failure(str(exc)) from None
    bar = _Bar()
    with open_store(db) as store:
        try:
            report = import_paths(
                store,
                paths,
                source=source,
                source_map=outlets,
                translated=translated,
                progress=bar,
                max_article_mb=max_article_mb,
            )
        finally:
            bar.close()
    for path, article_id in report.added:
        click.echo(f"imported  #{article_id:<5} {one_line(path)}")
    for path, article_id in report.updated:
        click.echo(f"updated   #{article_id:<5} {one_line(path)} (edited: new text, same article)")
    for path, article_id in report.duplicates:
        click.echo(f"unchanged #{article_id:<5} {one_line(path)} (same text already imported)")
    for path, article_id, before in report.moved:
        click.echo(
            f"moved     #{article_id:<5} {one_line(path)} (same text as {one_line(before)},"
            " which is gone: same article, read from here now)"
        )
    for path, article_id, original in report.copies:
        click.echo(
            f"copy of   #{article_id:<5} {one_line(path)} (same text as {one_line(original)}:"
            " imported once)"
        )
    for line in report.errors:
        click.echo(f"corroborator: error: {one_line(line)}", err=True)
    present = len(report.duplicates) + len(report.moved) + len(report.copies)
    summary = f"{len(report.added)} imported, {present} already present"
    if report.updated:
        summary += f", {len(report.updated)} updated"
    if report.errors:
        summary += f", {len(report.errors)} failed"
    click.echo(summary)
    if report.errors:
        sys.exit(1)


@main.command()
@db_option
@click.option(
    "--full",
    is_flag=True,
    help="Recompute everything: ignore the per-article cache and the nothing-new check.",
)
@friendly
def analyze(db: Path | None, full: bool) -> None:
    """Split, extract, align and run every detector over the imported articles.

    Only new or changed articles are extracted again; the rest come from the cache in the
    database, and a run with nothing new since the last one keeps the results as they are.
    """
    from analysis.pipeline import analyze as run

    bar = _Bar()
    with open_store(db, create=False) as store:
        if not store.counts().articles:
            raise Failure("nothing to analyse: import articles first (corroborator import PATH)")
        try:
            summary = run(store, progress=bar, full=full)
        finally:
            bar.close()
    click.echo(summary.describe())


@main.command()
@db_option
@click.option("--kind", type=click.Choice(FLAG_KIND_CHOICES), help="Only flags of this kind.")
@click.option("--status", type=click.Choice(FLAG_STATUSES), help="Only flags with this status.")
@click.option("--limit", type=int, default=0, help="Show at most this many (0: all).")
@friendly
def flags(db: Path | None, kind: str | None, status: str | None, limit: int) -> None:
    """List flags, most confident first, as a readable table."""
    from tui.tables import flags_table

    with open_store(db, create=False) as store:
        rows = store.flags(kind=kind, status=status, limit=limit or None)
        click.echo(flags_table(rows, width=shutil.get_terminal_size((120, 24)).columns))


@main.command()
@db_option
@friendly
def stats(db: Path | None) -> None:
    """Counts of what the database holds, and each source's reliability."""
    from analysis.scoring import score_sources
    from tui.tables import scores_table

    with open_store(db, create=False) as store:
        c = store.counts()
        started = store.unfinished_analysis()
        if started:
            click.echo(f"corroborator: warning: {UNFINISHED.format(started=started)}", err=True)
        click.echo(
            f"{c.sources} sources, {c.articles} articles, {c.sentences} sentences, "
            f"{c.clusters} claim clusters, {c.entities} entities, {c.flags} flags "
            f"({c.open_flags} open), {c.reviews} reviewer actions"
        )
        for kind, by_status in sorted(store.flag_counts_by_kind().items()):
            parts = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
            click.echo(f"  {kind:<21} {parts}")
        scores = score_sources(store.scoring_input())
        if scores:
            click.echo(scores_table(scores))


@main.command("db-path")
@db_option
@click.option("--demo", is_flag=True, help="Name the demo database.")
def db_path(db: Path | None, demo: bool) -> None:
    """Print the database you are working with (e.g. for Datasette).

    --demo names the demo database; otherwise --db or $CORROBORATOR_DB, else the database the
    review TUI opened last (the demo after `make demo`), else ./corroborator.db."""
    click.echo(str(working_db(db, demo=demo).resolve()))


@main.command(context_settings={"ignore_unknown_options": True})
@db_option
@click.option("--demo", is_flag=True, help="Browse the demo database.")
@click.option(
    "--metadata",
    "print_metadata",
    is_flag=True,
    help="Print the Datasette metadata (titles, descriptions, labels) and exit.",
)
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED)
@friendly
def datasette(
    db: Path | None, demo: bool, print_metadata: bool, datasette_args: tuple[str, ...]
) -> None:
    """Browse the database in Datasette (same database as `db-path`); extra arguments such as
    `--port 8002` are passed on to Datasette."""
    import json

    from tui import datasette as ds

    path = working_db(db, demo=demo)
    if not path.is_file():
        raise Failure(f"{path}: no such database (run `corroborator demo` or import articles)")
    Store.open(path, create=False).close()  # brings an older file's views up to date first
    meta = ds.metadata(path.stem)
    if print_metadata:
        click.echo(json.dumps(meta, indent=2, ensure_ascii=False))
        return
    meta_file = data_dir() / "datasette-metadata.json"
    meta_file.parent.mkdir(parents=True, exist_ok=True)
    meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    cmd = ds.command(path.resolve(), meta_file, datasette_args)
    if cmd is None:
        raise Failure(f"Datasette is not installed here; install it with: {ds.INSTALL_HINT}")
    sys.stdout.flush()
    os.execv(cmd[0], cmd)  # Datasette takes over this process: ctrl+c stops it, nothing lingers


@main.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
@click.option(
    "--base-url",
    help="URL of the page that will publish the fact checks (ClaimReview `url` and `@id`).",
)
@click.option(
    "--bom/--no-bom",
    default=None,
    help="Start a CSV with a UTF-8 byte order mark, so Excel reads it as UTF-8 (default: yes"
    " for a file written with -o, no on standard output).",
)
@friendly
def export(
    db: Path | None, fmt: str, output: Path | None, base_url: str | None, bom: bool | None
) -> None:
    """Export articles, clusters, flags and source scores."""
    from analysis.exporting import ExportError, collect_export, write_export
    from analysis.report import render

    if base_url and not base_url.startswith(("https://", "http://")):
        raise Failure(f"--base-url must be an http(s) URL, not {base_url!r}")
    if fmt == "claimreview" and not base_url:
        click.echo(
            "corroborator: note: without --base-url the ClaimReviews have no `url` (Google"
            " requires one)",
            err=True,
        )
    with open_store(db, create=False) as store:
        text = render(collect_export(store), fmt, base_url=base_url)
    if fmt == "csv" and (bom if bom is not None else output is not None):
        text = "\ufeff" + text  # Excel reads UTF-8 only with it; csv readers: utf-8-sig
    if output:
        try:  # atomic, and never over a database (the one in use or any other)
            write_export(text, output, resolve_db(db))
        except ExportError as exc:
            raise Failure(str(exc)) from None
        click.echo(f"wrote {one_line(output)}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


@main.command()
@db_option
@click.option("--reviewer", help="Name recorded with each decision (default: config, then login).")
@friendly
def review(db: Path | None, reviewer: str | None) -> None:
    """Open the review TUI on a database."""
    from tui.app import run_review
    from tui.config import load_config, resolve_reviewer

    path = resolve_db(db)
    Store.open(path, create=False).close()  # fail here, with one line, not inside the TUI
    run_review(path, resolve_reviewer(reviewer, load_config()))


_STEP_ROWS_SHOWN = 5


def _review_step(db: Path | None, reviewer: str | None, step: str, skip: bool) -> None:
    """Undo or redo one step of a reviewer from the shell; a refusal is one line, exit 1, that
    says how to set the refused step aside (`--skip`) and reach the one before it."""
    from store.reviews import UndoConflict
    from tui.config import load_config, resolve_reviewer
    from tui.tables import ID_WIDTH, describe_review, describe_step

    name = resolve_reviewer(reviewer, load_config())
    with open_store(db, create=False) as store:
        act = store.undo if step == "undo" else store.redo

        def offer(refused: UndoConflict) -> Failure:
            return Failure(
                f"{refused}; `corroborator {step} --skip` sets this step aside (it stays in the"
                f" log) and {step}es your step before it"
            )

        try:
            row = act(name)
        except UndoConflict as refused:
            if not skip:
                raise offer(refused) from None
            first = refused.first
            shown = describe_step(store, first) + _id_of(first, ID_WIDTH)
            click.echo(f"set aside: {shown}, kept in the log")
            try:
                row = act(name, skip=refused.step)
            except UndoConflict as again:  # the step before it is someone's too: say so
                raise offer(again) from None
        if row is None:
            raise Failure(f"nothing to {step} for reviewer {name}")
        # a step may be several rows (a decision and its note, a bulk decision): say each
        rows = store.step_rows(row)
        for done in rows[:_STEP_ROWS_SHOWN]:
            click.echo(f"{step}ne: {describe_review(store, done)}{_id_of(done, ID_WIDTH)}")
        if len(rows) > _STEP_ROWS_SHOWN:
            click.echo(f"{step}ne: and {len(rows) - _STEP_ROWS_SHOWN} more of the same step")


def _id_of(row: ReviewRow, width: int) -> str:
    """ " (3f2a9c…)" for a flag or claim, the id `flags` and the exports print; nothing for an
    entity or outlet, whose name the description already gives (a cut name only confuses)."""
    return f" ({row.target[:width]})" if row.target_type in ("flag", "claim") else ""


_SKIP_HELP = (
    "When another reviewer decided this step's target since, set the step aside (it stays in"
    " the log) and take the one before it instead."
)


@main.command()
@db_option
@click.option("--reviewer", help="Whose step to take back (default: config, then login).")
@click.option("--skip", is_flag=True, help=_SKIP_HELP)
@friendly
def undo(db: Path | None, reviewer: str | None, skip: bool) -> None:
    """Take back your last step, unless another reviewer has decided one of its targets since."""
    _review_step(db, reviewer, "undo", skip)


@main.command()
@db_option
@click.option("--reviewer", help="Whose undone step to record again (default: config, then login).")
@click.option("--skip", is_flag=True, help=_SKIP_HELP)
@friendly
def redo(db: Path | None, reviewer: str | None, skip: bool) -> None:
    """Record again the step you last undid, unless another reviewer has decided since."""
    _review_step(db, reviewer, "redo", skip)


@main.command()
@click.option("--reviewer", help="Name recorded with each decision (default: config, then login).")
@click.option("--fresh", is_flag=True, help="Rebuild the demo database from scratch.")
@click.option("--no-tui", is_flag=True, help="Prepare the demo database and print its path.")
@friendly
def demo(reviewer: str | None, fresh: bool, no_tui: bool) -> None:
    """Import and analyse the bundled demo corpus, then open it in the TUI."""
    from analysis.demo import prepare_demo

    path = demo_db()
    prepare_demo(path, fresh=fresh, progress=_Bar())
    if no_tui:
        click.echo(str(path))
        return
    from tui.app import run_review
    from tui.config import load_config, resolve_reviewer

    run_review(path, resolve_reviewer(reviewer, load_config()))


@main.group()
def gazetteer() -> None:
    """Known people and organisations that name checks compare against."""


@gazetteer.command("add")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another spelling (repeatable).")
@click.option("--kind", type=click.Choice(["person", "org", "place"]), default="person")
@click.option("--description", help="A few words: who or what this is.")
@click.option("--wikidata", help="Wikidata id, e.g. Q42.")
@db_option
@friendly
def gazetteer_add(
    name: str,
    aliases: tuple[str, ...],
    kind: str,
    description: str | None,
    wikidata: str | None,
    db: Path | None,
) -> None:
    """Add a name (and its aliases) to this database's gazetteer."""
    if not name.strip():
        raise Failure("a gazetteer entry needs a name")
    with open_store(db) as store:
        changed = store.add_gazetteer_entry(
            name.strip(), kind=kind, aliases=aliases, description=description, wikidata=wikidata
        )
    click.echo(f"{'added' if changed else 'already known'}: {name}")
    if changed:
        click.echo("run `corroborator analyze` to re-check names against it")


@gazetteer.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@friendly
def gazetteer_import(file: Path, db: Path | None) -> None:
    """Add entries from a CSV (name,aliases,kind,description,wikidata) or JSON file."""
    from analysis.gazetteer import GazetteerError, load_user_file

    try:
        entries = load_user_file(file)
    except GazetteerError as exc:
        raise Failure(str(exc)) from None
    with open_store(db) as store:
        added = sum(
            store.add_gazetteer_entry(
                e.name,
                kind=e.kind,
                aliases=list(e.aliases),
                description=e.description,
                wikidata=e.wikidata,
            )
            for e in entries
        )
    click.echo(f"{added} of {len(entries)} entries added or extended")


# ---- decisions from the command line: the same Store calls as the TUI's keys ------------------

reviewer_option = click.option(
    "--reviewer", help="Name recorded with each decision (default: config, then login)."
)
FLAG_DECISIONS = {"accept": "accepted", "reject": "rejected", "correct": "corrected",
                  "reopen": "open"}  # fmt: skip
CLAIM_VERDICTS = ("corroborated", "disputed", "false", "unverifiable", "unreviewed")


def _reviewer(given: str | None) -> str:
    from tui.config import load_config, resolve_reviewer

    return resolve_reviewer(given, load_config())


@main.command()
@click.argument("flag_id")
@click.argument("decision", type=click.Choice(tuple(FLAG_DECISIONS)))
@click.option("--value", help="The corrected text (with `correct`).")
@click.option("--note", help="A note on the flag, recorded with the decision.")
@reviewer_option
@db_option
@friendly
def decide(
    flag_id: str,
    decision: str,
    value: str | None,
    note: str | None,
    reviewer: str | None,
    db: Path | None,
) -> None:
    """Accept, reject or correct one flag (ID as `corroborator flags` or the JSON export
    prints it; a unique prefix will do). One `undo` takes the decision and its note back."""
    if value is not None and decision != "correct":
        raise Failure("--value goes with `correct` (the corrected text)")
    if decision == "correct" and not (value or "").strip():
        raise Failure("a correction needs the corrected text (--value TEXT)")
    with open_store(db, create=False) as store:
        fingerprint = store.resolve_id("flag", flag_id)
        status = FLAG_DECISIONS[decision]
        store.record_decision(
            "flag", fingerprint, status, _reviewer(reviewer), value=value, note=note
        )
        flag = store.flag(fingerprint)
    fix = f" → {flag.correction}" if flag.correction else ""
    click.echo(f"{fingerprint[:12]} {flag.kind} “{flag.quote}”{fix}: {flag.status}")


_in_option = click.option(
    "--in",
    "within",
    metavar="NAME",
    help="The claim meant (its name, as `claim show` prints it), when the sentence's clauses "
    "sit in several claims.",
)


@main.command()
@click.argument("claim_id")
@click.argument("verdict_", metavar="VERDICT", type=click.Choice(CLAIM_VERDICTS))
@click.option("--note", help="The reviewer's note on the claim (goes into reports).")
@_in_option
@reviewer_option
@db_option
@friendly
def verdict(
    claim_id: str,
    verdict_: str,
    note: str | None,
    within: str | None,
    reviewer: str | None,
    db: Path | None,
) -> None:
    """Record a verdict on a claim (its id as the JSON export prints it, or a unique prefix).
    It holds in the claim it is given in, not in another claim sharing the sentence."""
    with open_store(db, create=False) as store:
        key = store.resolve_id("claim", claim_id)
        cluster = _claim_of(store, key, within)
        name = store.cluster_name(cluster) if cluster is not None else None
        store.record_decision("claim", key, verdict_, _reviewer(reviewer), note=note, claim=name)
    where = f" in claim {short_name(name)}" if name and name != key else ""
    click.echo(f"claim {key[:12]}: {verdict_}{where}")


@main.group()
def sources() -> None:
    """Outlets: rename one (the review log keeps the old name; `undo` restores it)."""


@sources.command("rename")
@click.argument("old")
@click.argument("new")
@reviewer_option
@db_option
@friendly
def sources_rename(old: str, new: str, reviewer: str | None, db: Path | None) -> None:
    """Rename outlet OLD to NEW (e.g. a file name to the outlet's real name)."""
    with open_store(db, create=False) as store:
        store.rename_source(old, new, _reviewer(reviewer))
    click.echo(f"renamed {old!r} to {' '.join(new.split())!r} (undo with `corroborator undo`)")


# ---- claim edits: the command-line twins of the Claims screen's edit keys ---------------------


@main.group()
def claim() -> None:
    """Edit claim clusters: remove, split, merge, add, confirm, reject (each one `undo` step).

    CLAIM ids are the `claim` of a member in the JSON export, or a unique prefix of 6 or more
    characters. Edits are kept across `analyze`: one whose sentence or claim is gone is listed by
    `claim edits` as not applying, and applies again once analysis finds it again."""


def _names(store: Store, clusters: list[int]) -> str:
    return ", ".join(short_name(store.cluster_name(c) or "?") for c in clusters)


def _claim_of(
    store: Store, key: str, within: str | None, *, hint: str = "say which with --in NAME"
) -> int | None:
    """The claim cluster meant by sentence `key`: the only one holding it, or the one `--in`
    names when its clauses sit in several claims. Never a silent pick of one of them: an edit
    made in the wrong claim would move another claim's scores."""
    held = store.clusters_of_claim(key)
    if within is not None:
        named = store.resolve_claim_name(within)
        among = set(store.clusters_of_claim(named_sentence(named)))
        chosen = [c for c in held if c in among]
        if len(chosen) > 1 or named != named_sentence(named):  # a clause's place names one
            chosen = [c for c in chosen if store.cluster_name(c) == named]
        if len(chosen) != 1:
            where = f"its claims are {_names(store, held)}" if held else "it is in no claim"
            raise Failure(f"no claim named {short_name(named)} holds sentence {key[:12]} ({where})")
        return chosen[0]
    if len(held) > 1:
        names = _names(store, held)
        raise Failure(f"sentence {key[:12]} is in {len(held)} claims ({names}): {hint}")
    return held[0] if held else None


def _edit_claim(
    kind: str,
    ids: tuple[str, ...],
    reviewer: str | None,
    db: Path | None,
    target: str | None,
    within: str | None = None,
) -> None:
    from tui.tables import claim_name, members_table

    with open_store(db, create=False) as store:
        # a merge's CLAIM_ID may be the name of the claim merged in (all its sentences may sit
        # in other claims too, so no sentence of it says which claim is meant)
        merged = (
            store.resolve_claim_name(ids[0]) if kind == "merge" and CLAUSE_MARK in ids[0] else None
        )
        keys = [named_sentence(merged)] if merged else [store.resolve_id("claim", g) for g in ids]
        into = store.resolve_id("claim", target) if target else None
        merging = None
        if into is not None:  # merge, add: --in names the claim merged into or added to
            cluster = _claim_of(store, into, within)
            if kind == "merge":
                hint = "give the claim's name as CLAIM_ID"
                merging = _claim_of(store, keys[0], merged, hint=hint)
        else:
            cluster = _claim_of(store, keys[0], within)
        name = store.cluster_name(cluster) if cluster is not None else None
        before = {m.claim_key for m in store.cluster_members(cluster)} if cluster else set()
        store.edit_claim(
            kind, keys, _reviewer(reviewer), target=into, within=cluster, merging=merging
        )
        if kind == "split":  # the new claim: the one holding the sentences split off
            name, wanted = None, set(keys)
        else:
            wanted = before - set(keys) if kind == "remove" else before | set(keys)
        cluster = _edited_claim(store, name, wanted)  # row ids change as clusters rebuild
        members = store.cluster_members(cluster) if cluster is not None else []
        name = store.cluster_name(cluster) if cluster is not None else None
    shown = ", ".join(k[:12] for k in keys)
    click.echo(f"{kind}: {shown} (undo with `corroborator undo`)")
    if members and name:
        click.echo(f"{claim_name(name)} now:")
        click.echo(members_table(members))


def _edited_claim(store: Store, name: str | None, wanted: set[str]) -> int | None:
    """The claim an edit changed, found again after the clusters were rebuilt: the one still
    called `name`, else (its naming sentence left it) the one holding most of `wanted`, the
    sentences it should hold now. Never the first claim of a sentence that sits in two."""
    if name is not None:
        for cluster in store.clusters_of_claim(named_sentence(name)):
            if store.cluster_name(cluster) == name:
                return cluster
    held = Counter(c for key in wanted for c in store.clusters_of_claim(key))
    return max(held, key=lambda c: (held[c], -c)) if held else None


_target_option = click.option(
    "--to", "target", required=True, metavar="CLAIM", help="A sentence of the claim to change."
)


@claim.command("show")
@click.argument("claim_id")
@db_option
@friendly
def claim_show(claim_id: str, db: Path | None) -> None:
    """List the members of the claim holding sentence CLAIM_ID, with their tier and edits (every
    claim it sits in when its clauses state several; a claim's name shows that claim)."""
    from tui.tables import claim_name, members_table

    with open_store(db, create=False) as store:
        name = store.resolve_claim_name(claim_id)
        key = named_sentence(name)
        held = store.clusters_of_claim(key)
        if not held:
            raise Failure(f"sentence {key[:12]} is in no claim")
        named = [c for c in held if store.cluster_name(c) == name]
        for n, cluster in enumerate(named[:1] or held):  # a name shows its claim; a shared
            if n:  # sentence shows every claim its clauses state
                click.echo("")
            click.echo(f"{claim_name(store.cluster_name(cluster) or key)}:")
            click.echo(members_table(store.cluster_members(cluster)))


@claim.command("remove")
@_in_option
@click.argument("claim_id")
@reviewer_option
@db_option
@friendly
def claim_remove(claim_id: str, within: str | None, reviewer: str | None, db: Path | None) -> None:
    """Take sentence CLAIM_ID out of its claim (it stops counting as corroboration)."""
    _edit_claim("remove", (claim_id,), reviewer, db, None, within)


@claim.command("split")
@_in_option
@click.argument("claim_ids", nargs=-1, required=True)
@reviewer_option
@db_option
@friendly
def claim_split(
    claim_ids: tuple[str, ...], within: str | None, reviewer: str | None, db: Path | None
) -> None:
    """Move sentences CLAIM_IDS (all of one claim, not all of it) to a new claim of their own."""
    _edit_claim("split", claim_ids, reviewer, db, None, within)


@claim.command("merge")
@_in_option
@click.argument("claim_id")
@_target_option
@reviewer_option
@db_option
@friendly
def claim_merge(
    claim_id: str, target: str, within: str | None, reviewer: str | None, db: Path | None
) -> None:
    """Merge the claim holding CLAIM_ID into the claim holding --to. CLAIM_ID may be a claim's
    name as `claim show` prints it, for a claim whose sentences also sit in other claims."""
    _edit_claim("merge", (claim_id,), reviewer, db, target, within)


@claim.command("add")
@_in_option
@click.argument("claim_id")
@_target_option
@reviewer_option
@db_option
@friendly
def claim_add(
    claim_id: str, target: str, within: str | None, reviewer: str | None, db: Path | None
) -> None:
    """Add sentence CLAIM_ID (in no claim, or in another) to the claim holding --to, as
    stating the same claim."""
    _edit_claim("add", (claim_id,), reviewer, db, target, within)


@claim.command("confirm")
@_in_option
@click.argument("claim_id")
@reviewer_option
@db_option
@friendly
def claim_confirm(claim_id: str, within: str | None, reviewer: str | None, db: Path | None) -> None:
    """Confirm that sentence CLAIM_ID states its claim (it counts as corroboration)."""
    _edit_claim("confirm", (claim_id,), reviewer, db, None, within)


@claim.command("reject")
@_in_option
@click.argument("claim_id")
@reviewer_option
@db_option
@friendly
def claim_reject(claim_id: str, within: str | None, reviewer: str | None, db: Path | None) -> None:
    """Say sentence CLAIM_ID does not state its claim: it stays as related context, uncounted."""
    _edit_claim("reject", (claim_id,), reviewer, db, None, within)


@claim.command("edits")
@db_option
@friendly
def claim_edits(db: Path | None) -> None:
    """Every claim edit, oldest first, and whether it applies to the clusters now."""
    from tui.tables import claim_edits_table

    with open_store(db, create=False) as store:
        rows = store.claim_edit_log()
    if not rows:
        click.echo("no claim edits")
        return
    click.echo(claim_edits_table(rows))
