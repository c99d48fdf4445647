"""Batch inputs: files, directories (recursive) and globs → :class:`Task` with output names.

Output names are unique and deterministic: a document found in a directory argument is named by
its path inside that directory with separators replaced (``a/2024/x.pdf`` →
``a__2024__x.pdf.json``); a file or glob match by its file name; inputs that would still share a
name use their full real path instead.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import UsageError

DOCUMENT_SUFFIXES = frozenset({".pdf", ".md", ".markdown", ".html", ".htm"})


@dataclass(frozen=True, slots=True)
class Task:
    """One input: the path as found, its output name (relative to the output dir), its sha256."""

    path: str
    output: str
    sha256: str | None


def discover_inputs(inputs: Sequence[str]) -> list[tuple[str, str]]:
    """``(path, display name)`` for every document named by files, directories and globs.

    Directories are walked recursively for the document suffixes (display name = path inside the
    directory); files are taken whatever their suffix (display name = file name); globs match
    like files and directories. Duplicates (same real path) are dropped; order is stable.
    """
    found: list[tuple[str, str]] = []
    for arg in inputs:
        found.extend(_expand(arg))
    seen: set[str] = set()
    unique = []
    for path, name in found:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append((path, name))
    return unique


def _expand(arg: str) -> list[tuple[str, str]]:
    if glob.has_magic(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        files = [m for m in matches if os.path.isfile(m) and Path(m).suffix.lower() in DOCUMENT_SUFFIXES]
        dirs = [m for m in matches if os.path.isdir(m)]
        if not files and not dirs:
            raise UsageError(f"{arg}: the pattern matches no document; check the pattern and quoting")
        return [(os.path.normpath(f), Path(f).name) for f in files] + [e for d in dirs for e in _walk(d)]
    if os.path.isdir(arg):
        return _walk(arg)
    if os.path.isfile(arg):
        return [(os.path.normpath(arg), Path(arg).name)]
    raise UsageError(f"{arg}: no such file or directory")


def _walk(directory: str) -> list[tuple[str, str]]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix.lower() in DOCUMENT_SUFFIXES and not name.startswith("."):
                path = os.path.normpath(os.path.join(root, name))
                found.append((path, os.path.relpath(path, directory)))
    return found


def output_names(found: Sequence[tuple[str, str]]) -> list[str]:
    """A unique, deterministic JSON name per input: its display path, separators → ``__``.

    ``a/2024/x.pdf`` inside a directory argument → ``a__2024__x.pdf.json``. When two inputs
    still collide (equal file names given as files from different folders), the colliding ones
    use their full real path instead.
    """
    names = [_flatten(display) for _, display in found]
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return [
        _flatten(os.path.realpath(path).lstrip(os.sep)) if counts[name] > 1 else name
        for (path, _), name in zip(found, names, strict=True)
    ]


def _flatten(display: str) -> str:
    parts = [p for p in Path(display).parts if p not in ("", os.sep, ".", "..")]
    return "__".join(parts) + ".json"


def file_sha256(path: str) -> str | None:
    """The sha256 of a file, or None when it cannot be read (the worker reports why)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def plan_tasks(inputs: Sequence[str]) -> list[Task]:
    """Every input as a :class:`Task`; raises :class:`UsageError` when nothing is found."""
    found = discover_inputs(inputs)
    if not found:
        raise UsageError(
            f"no documents found in {' '.join(inputs)} (looked for {', '.join(sorted(DOCUMENT_SUFFIXES))})"
        )
    names = output_names(found)
    return [Task(path, name, file_sha256(path)) for (path, _), name in zip(found, names, strict=True)]
