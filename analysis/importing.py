"""Import files into the store: one transaction per article, failures reported, never fatal.

With pipeline.py, the only analysis module that touches the store: reading and storing articles is
the first stage of the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.ingest import DEFAULT_MAX_ARTICLE_MB, ArticleDraft, discover, read_articles
from analysis.source_map import SourceMap
from store import Store, StoreError

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class ImportReport:
    added: list[tuple[str, int]] = field(default_factory=list)  # (path, article id)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # same text already stored
    updated: list[tuple[str, int]] = field(default_factory=list)  # an edited file: new text
    errors: list[str] = field(default_factory=list)  # one line per failed file or path
    # (path, article id, the article's earlier path): same text, the earlier file is gone
    moved: list[tuple[str, int, str]] = field(default_factory=list)
    # (path, article id, the file it was imported from): same text as a file still there
    copies: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def files_seen(self) -> int:
        return (
            len(self.added) + len(self.updated) + len(self.duplicates) + len(self.errors)
            + len(self.moved) + len(self.copies)
        )  # fmt: skip


_ORDINAL_PREFIX = re.compile(r"^\d{1,4}[_\-. ]+(?=[A-Za-z])")
_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:[_\-][a-z0-9]+)*$")


def source_name(draft: ArticleDraft, override: str | None) -> str:
    """--source (or the --source-map rule) wins, then the page's metadata, then the file name.

    A file name like "04_hanbit-economic-daily.txt" reads as "Hanbit Economic Daily"; a name
    that is an id ("000_6e0facbba0a018a7.txt") is kept as it is, so each file stays distinct.
    """
    if override:
        return override
    if draft.source:
        return draft.source
    stem = Path(draft.file_name.split("#", 1)[0]).stem
    rest = _ORDINAL_PREFIX.sub("", stem)
    if _SLUG.match(rest) and not any(ch.isdigit() for ch in rest):
        return " ".join(word.capitalize() for word in re.split(r"[_\-]+", rest))
    return stem or draft.file_name


def import_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    source: str | None = None,
    source_map: SourceMap | None = None,
    translated: bool = False,
    progress: Progress | None = None,
    max_article_mb: float = DEFAULT_MAX_ARTICLE_MB,
) -> ImportReport:
    """Import every article under `paths`. A file or record that fails is one line in
    `report.errors` and the batch goes on; only a database that cannot be written stops it."""
    report = ImportReport()
    files, problems = discover(paths)
    report.errors.extend(str(p) for p in problems)
    for number, path in enumerate(files, start=1):
        if progress:
            progress("import", number - 1, len(files))
        found = read_articles(path, max_article_mb=max_article_mb)
        report.errors.extend(str(err) for err in found.errors)
        for draft in found.drafts:
            outlet = source or (source_map.outlet_for(draft.path, draft.file_name)
                                if source_map else None)  # fmt: skip
            _store_draft(store, draft, outlet, translated, report)
    if progress:
        progress("import", len(files), len(files))
    return report


def _store_draft(
    store: Store, draft: ArticleDraft, source: str | None, translated: bool, report: ImportReport
) -> None:
    """One article in its own transaction: stored whole or not at all."""
    try:
        article_id, outcome = store.import_article(
            text=draft.text,
            sha256=draft.sha256,
            source=source_name(draft, source),
            title=draft.title,
            url=draft.url,
            published=draft.published,
            path=draft.path,
            file_name=draft.file_name,
            language=draft.language,
            translated=translated or draft.translated,
            translation_note=draft.translation_note,
            encoding=draft.encoding,
            resolved_path=_resolved(draft.path),
            same_by_url=_is_record(draft),
            source_guessed=not (source or draft.source),
        )
        if outcome == "duplicate":
            outcome = _where_it_lives(store, article_id, draft, report)
    except StoreError as exc:
        if "locked" in str(exc) or "read-only" in str(exc):
            raise
        report.errors.append(f"{draft.path}: {exc}")
        return
    except (ValueError, OverflowError) as exc:  # a value SQLite refuses: this article only
        report.errors.append(f"{draft.path}: cannot be stored ({type(exc).__name__}: {exc})")
        return
    lists = {"added": report.added, "updated": report.updated, "duplicate": report.duplicates}
    if outcome in lists:
        lists[outcome].append((draft.path, article_id))


def _where_it_lives(
    store: Store, article_id: int, draft: ArticleDraft, report: ImportReport
) -> str:
    """A file whose text is stored already is the same article. When it comes from another
    place: the article moves there if its earlier file is gone (renamed or moved, so the next
    edit of the file revises it), else the file is a copy and the article stays where it was.
    An article imported before absolute paths were kept is left as it is."""
    stored = store.article(article_id)
    before, here = stored.resolved_path, _resolved(draft.path)
    if before is None or stored.path is None or _file_of(before) == _file_of(here):
        return "duplicate"  # the same file again (a JSON record may have moved inside it)
    if stored.sha256 != draft.sha256:
        return "duplicate"  # the text the article had before its file was edited
    if Path(_file_of(before)).exists():
        report.copies.append((draft.path, article_id, stored.path))
        return "copy"
    store.relocate_article(
        article_id, path=draft.path, file_name=draft.file_name, resolved_path=here
    )
    report.moved.append((draft.path, article_id, stored.path))
    return "moved"


def _file_of(resolved: str) -> str:
    """The file part of a resolved path ("/a/feed.jsonl#3" -> "/a/feed.jsonl")."""
    match = _RECORD.match(resolved)
    return match["file"] if match else resolved


_RECORD = re.compile(r"^(?P<file>.+\.jsonl?)(?P<record>#\d+)$", re.IGNORECASE)


def _is_record(draft: ArticleDraft) -> bool:
    """A record of a JSON file: known again by its URL (records move when a file is edited)."""
    return _RECORD.match(draft.path) is not None


def _resolved(path: str) -> str:
    """The absolute form of a draft's path ("file.jsonl#3" keeps its record number)."""
    match = _RECORD.match(path)
    file, record = (match["file"], match["record"]) if match else (path, "")
    try:
        return str(Path(file).resolve()) + record
    except (OSError, RuntimeError):
        return path
