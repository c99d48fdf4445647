"""Exports of output JSONs for data portals and analysts: serialization only.

``export(paths, fmt, out)`` reads output JSONs (files, or directories searched recursively for
``*.json``; ``manifest.jsonl`` and other JSON files that are not extractor outputs are skipped)
and writes ``csv`` (directory), ``datapackage`` (directory), ``sqlite`` (file) or ``parquet``
(file). Every file is written atomically.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import UsageError
from extractor.export.files import OutputError
from extractor.export.records import Document, find_json_files, iter_documents

FORMATS = ("csv", "datapackage", "sqlite", "parquet")


@dataclass(frozen=True, slots=True)
class ExportSummary:
    format: str
    path: Path
    documents: int
    line_items: int

    def __str__(self) -> str:
        return f"{self.documents} documents, {self.line_items} line items → {self.format} {self.path}"


def export(paths: Sequence[str | Path], fmt: str, out: str | Path, bom: bool = False) -> ExportSummary:
    """Export the output JSONs named by ``paths`` to ``out`` in format ``fmt``."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if not find_json_files(paths):
        raise UsageError(f"no output JSON found in {' '.join(map(str, paths))}; run `extractor batch` first")
    target = Path(out)
    _check_target(fmt, target)
    documents = iter_documents(paths)
    try:
        n_docs, n_items = _write(fmt, documents, target, bom)
    except OSError as err:
        raise OutputError(
            f"{target}: cannot write ({err.strerror or err}); check free space and permissions"
        ) from err
    if n_docs == 0:
        raise UsageError(f"no extractor output among the JSON files in {' '.join(map(str, paths))}")
    return ExportSummary(fmt, target, n_docs, n_items)


def _check_target(fmt: str, target: Path) -> None:
    wants_dir = fmt in ("csv", "datapackage")
    if wants_dir and target.exists() and not target.is_dir():
        raise UsageError(f"{target}: --to {fmt} writes a directory, and this is a file")
    if not wants_dir and target.is_dir():
        raise UsageError(f"{target}: --to {fmt} writes a file, and this is a directory; name the file")


def _write(fmt: str, documents: Iterator[Document], target: Path, bom: bool) -> tuple[int, int]:
    if fmt == "csv":
        from extractor.export.csv import export_csv

        return export_csv(documents, target, bom)
    if fmt == "datapackage":
        from extractor.export.datapackage import export_datapackage

        return export_datapackage(documents, target)
    if fmt == "sqlite":
        from extractor.export.sqlite import export_sqlite

        return export_sqlite(documents, target)
    from extractor.export.parquet import export_parquet

    return export_parquet(documents, target)
