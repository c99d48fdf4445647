"""Atomic file output: write beside the target, then rename; :class:`OutputError` when it fails."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from extractor.errors import ExtractorError


class OutputError(ExtractorError, OSError):
    """An output cannot be written (no space, no permission, a file where a directory should be)."""


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, else it is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".extractor-{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def cell_text(value: Any) -> str:
    """A CSV cell: empty for null, ``true``/``false`` for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], bom: bool = False) -> int:
    """Write a UTF-8 CSV atomically (with a BOM for Excel when asked); returns the row count."""
    count = 0
    with (
        atomic_path(path) as tmp,
        open(tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell_text(v) for v in row])
            count += 1
    return count


class CsvSet:
    """Several CSV files written side by side, each atomically (all renamed on success)."""

    def __init__(self, directory: Path, headers: Mapping[str, Sequence[str]], bom: bool = False) -> None:
        self._stack = ExitStack()
        self._handles: dict[str, Any] = {}
        self._writers: dict[str, Any] = {}
        self.counts = dict.fromkeys(headers, 0)
        self.directory, self.headers, self.bom = directory, headers, bom

    def __enter__(self) -> CsvSet:
        for name, header in self.headers.items():
            tmp = self._stack.enter_context(atomic_path(self.directory / f"{name}.csv"))
            handle = self._stack.enter_context(
                open(tmp, "w", encoding="utf-8-sig" if self.bom else "utf-8", newline="")
            )
            self._writers[name] = csv.writer(handle)
            self._writers[name].writerow(header)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)  # type: ignore[arg-type]

    def write(self, name: str, row: Sequence[Any]) -> None:
        self._writers[name].writerow([cell_text(v) for v in row])
        self.counts[name] += 1
