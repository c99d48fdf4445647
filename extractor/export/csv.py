"""``--to csv``: ``line_items.csv``, ``documents.csv`` and ``tables/<document>__<table>.csv``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractor.export.codes import known_code_set
from extractor.export.files import write_csv
from extractor.export.records import DOCUMENTS, LINE_ITEMS, Document, document_row, line_item_rows, table_grid


def table_file_name(doc_id: str, table_id: str) -> str:
    return f"{doc_id}__{table_id}.csv"


def export_csv(documents: Iterable[Document], out: Path, bom: bool = False) -> tuple[int, int]:
    """Write the CSVs into directory ``out``; returns (documents, line items)."""
    known = known_code_set()
    doc_rows: list[list[Any]] = []

    def items() -> Iterator[list[Any]]:
        for doc in documents:
            doc_rows.append([document_row(doc)[c] for c in DOCUMENTS.names])
            _write_tables(doc, out / "tables", bom)
            for row in line_item_rows(doc, known):
                yield [row[c] for c in LINE_ITEMS.names]

    n_items = write_csv(out / "line_items.csv", LINE_ITEMS.names, items(), bom)
    write_csv(out / "documents.csv", DOCUMENTS.names, doc_rows, bom)
    return len(doc_rows), n_items


def _write_tables(doc: Document, directory: Path, bom: bool) -> None:
    for table in doc.data["tables"]:
        columns, rows = table_grid(table)
        write_csv(directory / table_file_name(doc.id, table["id"]), columns, rows, bom)
