"""``--to datapackage``: a Frictionless (Tabular) Data Package that ``frictionless validate`` accepts.

Resources ``documents``, ``tables``, ``line_items``, ``issues`` and ``codes`` as UTF-8 CSV, each
with a Table Schema, a primary key and foreign keys:

- ``tables.document``, ``line_items.document``, ``issues.document`` → ``documents``;
- ``line_items.(document, table)`` → ``tables``;
- ``line_items.code_ref`` → ``codes.code``. The foreign key is declared on ``code_ref``, not on
  ``code``: ``code_ref`` holds the code only when it is in the shipped code lists (null
  otherwise), so the key always resolves, while ``code`` keeps every printed code, including
  local or newer codes the lists do not have.

``sources`` lists each document's source file with its sha256. Amounts are ``number`` fields
written as exact decimal strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extractor.export.codes import code_rows, known_code_set
from extractor.export.files import CsvSet, atomic_path
from extractor.export.records import (
    CODES,
    DOCUMENTS,
    ISSUES,
    LINE_ITEMS,
    RESOURCES,
    TABLES,
    Document,
    Resource,
    document_row,
    issue_rows,
    line_item_rows,
    table_rows,
)

DESCRIPTOR = "datapackage.json"
PACKAGE_NAME = "budget-disclosures"

_FOREIGN_KEYS: dict[str, list[tuple[list[str], str, list[str]]]] = {
    "tables": [(["document"], "documents", ["document"])],
    "line_items": [
        (["document"], "documents", ["document"]),
        (["document", "table"], "tables", ["document", "table"]),
        (["code_ref"], "codes", ["code"]),
    ],
    "issues": [(["document"], "documents", ["document"])],
}


def export_datapackage(documents: Iterable[Document], out: Path) -> tuple[int, int]:
    """Write the CSVs and ``datapackage.json`` into directory ``out``; (documents, line items)."""
    known = known_code_set()
    sources: list[dict[str, str]] = []
    headers = {r.name: r.names for r in RESOURCES}
    with CsvSet(out, headers) as sink:
        for doc in documents:
            _write_document(sink, doc, known)
            sources.append(_source(doc))
        for row in code_rows():
            sink.write(CODES.name, [row[c] for c in CODES.names])
        counts = dict(sink.counts)
    with atomic_path(out / DESCRIPTOR) as tmp:
        tmp.write_text(json.dumps(descriptor(sources), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return counts[DOCUMENTS.name], counts[LINE_ITEMS.name]


def _write_document(sink: CsvSet, doc: Document, known: frozenset[str]) -> None:
    row = document_row(doc)
    sink.write(DOCUMENTS.name, [row[c] for c in DOCUMENTS.names])
    for resource, rows in (
        (TABLES, table_rows(doc)),
        (LINE_ITEMS, line_item_rows(doc, known)),
        (ISSUES, issue_rows(doc)),
    ):
        for item in rows:
            sink.write(resource.name, [item[c] for c in resource.names])


def _source(doc: Document) -> dict[str, str]:
    source = doc.data["source"]
    return {
        "title": f"{doc.id}: {source['path']}",
        "path": str(source["path"]),
        "sha256": str(source["sha256"]),
    }


def descriptor(sources: list[dict[str, str]]) -> dict[str, Any]:
    """The ``datapackage.json`` content."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Chinese budget and final-accounts disclosures, extracted by extractor",
        "sources": sources,
        "resources": [_resource(r) for r in RESOURCES],
    }


def _resource(resource: Resource) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [{"name": c.name, "type": c.type} for c in resource.columns],
        "primaryKey": list(resource.primary_key),
        "missingValues": [""],
    }
    keys = _FOREIGN_KEYS.get(resource.name)
    if keys:
        schema["foreignKeys"] = [
            {"fields": fields, "reference": {"resource": target, "fields": target_fields}}
            for fields, target, target_fields in keys
        ]
    return {
        "name": resource.name,
        "path": f"{resource.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": resource.description,
        "schema": schema,
    }
