"""``--to sqlite``: tables ``documents``, ``tables``, ``line_items``, ``issues``, ``codes``.

Amounts are TEXT decimal strings (exact); ``line_items.amount_fen`` is an INTEGER for arithmetic
(``SUM(amount_fen) / 100.0``), null when an amount is not a whole number of fen. Indexes serve
cross-document queries: one code (or code prefix) across every document, one table type and
measure, one check. The database is built in a temporary file and renamed into place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from extractor.export.codes import code_rows, known_code_set
from extractor.export.files import atomic_path
from extractor.export.records import (
    CODES,
    DOCUMENTS,
    ISSUES,
    LINE_ITEMS,
    RESOURCES,
    TABLES,
    Document,
    Resource,
    Row,
    document_row,
    issue_rows,
    line_item_rows,
    table_rows,
)

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "TEXT", "boolean": "INTEGER"}

INDEXES = (
    "CREATE INDEX line_items_code ON line_items(code)",
    "CREATE INDEX line_items_code_measure ON line_items(code, measure)",
    "CREATE INDEX line_items_type_measure ON line_items(table_type, measure)",
    "CREATE INDEX tables_type ON tables(type)",
    'CREATE INDEX issues_check ON issues("check")',
    "CREATE INDEX documents_entity_year ON documents(entity, fiscal_year)",
    "CREATE INDEX documents_sha256 ON documents(sha256)",
)


def create_table_sql(resource: Resource) -> str:
    columns = [f'"{c.name}" {_SQL_TYPES[c.type]}' for c in resource.columns]
    key = ", ".join(f'"{k}"' for k in resource.primary_key)
    return f'CREATE TABLE "{resource.name}" ({", ".join(columns)}, PRIMARY KEY ({key}))'


def _insert(db: sqlite3.Connection, resource: Resource, rows: Iterable[Row]) -> None:
    names = resource.names
    marks = ", ".join("?" for _ in names)
    sql = f'INSERT INTO "{resource.name}" VALUES ({marks})'
    db.executemany(sql, ([_sql_value(row[c]) for c in names] for row in rows))


def _sql_value(value: object) -> object:
    return int(value) if isinstance(value, bool) else value


def export_sqlite(documents: Iterable[Document], out: Path) -> tuple[int, int]:
    """Write the database file ``out``; returns (documents, line items)."""
    known = known_code_set()
    with atomic_path(out) as tmp:
        db = sqlite3.connect(tmp)
        try:
            for resource in RESOURCES:
                db.execute(create_table_sql(resource))
            n_docs = 0
            for doc in documents:
                _insert(db, DOCUMENTS, [document_row(doc)])
                _insert(db, TABLES, table_rows(doc))
                _insert(db, LINE_ITEMS, line_item_rows(doc, known))
                _insert(db, ISSUES, issue_rows(doc))
                n_docs += 1
            _insert(db, CODES, code_rows())
            for sql in INDEXES:
                db.execute(sql)
            db.commit()
            n_items = int(db.execute("SELECT COUNT(*) FROM line_items").fetchone()[0])
        finally:
            db.close()
    return n_docs, n_items
