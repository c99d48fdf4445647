"""``--to parquet``: the ``line_items`` fact table with exact decimal amounts.

``amount_yuan`` is ``decimal128(20, 2)`` (every yuan amount printed in 元, 万元 or 亿元 has at most
two decimals); an amount with more decimals is stored as null there, and ``amount_text`` always
keeps the exact decimal string. Written one row group per document, so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extractor.export.codes import known_code_set
from extractor.export.files import atomic_path
from extractor.export.records import LINE_ITEMS, Document, Row, line_item_rows

AMOUNT_TYPE = pa.decimal128(20, 2)
_ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_()}


def line_items_schema() -> pa.Schema:
    fields = []
    for column in LINE_ITEMS.columns:
        kind = AMOUNT_TYPE if column.name == "amount_yuan" else _ARROW_TYPES[column.type]
        fields.append(pa.field(column.name, kind))
    fields.append(pa.field("amount_text", pa.string()))
    return pa.schema(fields)


def exact_amount(text: str | None) -> Decimal | None:
    """The amount as a Decimal with two places, or None when it would need rounding."""
    if text is None:
        return None
    value = Decimal(text)
    quantized = value.quantize(Decimal("0.01"))
    return quantized if quantized == value and len(quantized.as_tuple().digits) <= 20 else None


def _table(rows: list[Row], schema: pa.Schema) -> pa.Table:
    columns = {}
    for column in LINE_ITEMS.columns:
        values = [r[column.name] for r in rows]
        if column.name == "amount_yuan":
            values = [exact_amount(v) for v in values]
        columns[column.name] = values
    columns["amount_text"] = [r["amount_yuan"] for r in rows]
    return pa.Table.from_pydict(columns, schema=schema)


def export_parquet(documents: Iterable[Document], out: Path) -> tuple[int, int]:
    """Write ``out`` (a Parquet file); returns (documents, line items)."""
    known, schema = known_code_set(), line_items_schema()
    n_docs = n_items = 0
    with atomic_path(out) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for doc in documents:
            rows = list(line_item_rows(doc, known))
            if rows:
                writer.write_table(_table(rows, schema))
            n_docs, n_items = n_docs + 1, n_items + len(rows)
    return n_docs, n_items
