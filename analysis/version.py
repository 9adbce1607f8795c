"""The analysis version: one hash that changes whenever anything that shapes analysis output does.

Cached per-article results and the "nothing changed since the last run" check are only safe while
the code and data that produced them are the ones running now. The code changes often, so the
version is computed, never written by hand: a hash over every source and data file of the
`analysis` package (what the stages import and load) and the versions of the installed packages the
project depends on (wordfreq's word lists, wordllama's vectors, ...). It covers more than the
per-article stages need, so it sometimes throws away a cache that was still good; it never keeps one
that is stale. Computed once per process: the code a process runs is the code it loaded.
"""

from __future__ import annotations

import hashlib
import re
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}
_REQUIREMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def analysis_files(root: Path = PACKAGE_DIR) -> list[Path]:
    """Every file under `root` that can change what analysis produces, in a fixed order."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix not in _SKIP_SUFFIXES
        and not _SKIP_DIRS & set(p.relative_to(root).parts)
    )


def dependency_versions(distribution: str = "corroborator") -> dict[str, str]:
    """Installed version of each package `distribution` requires ({} when not installed)."""
    try:
        required = metadata.requires(distribution) or []
    except metadata.PackageNotFoundError:
        return {}
    out: dict[str, str] = {}
    for requirement in required:
        if "extra ==" in requirement:
            continue  # test tools do not shape results
        match = _REQUIREMENT_NAME.match(requirement)
        if match is None:
            continue
        try:
            out[match.group()] = metadata.version(match.group())
        except metadata.PackageNotFoundError:
            out[match.group()] = "missing"
    return out


def compute_version(root: Path = PACKAGE_DIR) -> str:
    """Hash of the files under `root`, their paths, the Python version and the dependencies."""
    digest = hashlib.sha256()
    digest.update(f"python {sys.version_info.major}.{sys.version_info.minor}\n".encode())
    for name, version in sorted(dependency_versions().items()):
        digest.update(f"{name} {version}\n".encode())
    for path in analysis_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


@cache
def analysis_version() -> str:
    """This process's analysis version (see the module docstring)."""
    return compute_version()
