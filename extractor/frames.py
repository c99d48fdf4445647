"""Tables and line items as pandas DataFrames (pandas is imported only here, and only when asked)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from extractor.amounts import yuan_str

if TYPE_CHECKING:
    import pandas as pd

    from extractor.model import LineItem, Table


def _unique(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out: list[str] = []
    for j, name in enumerate(names):
        base = name or f"col{j}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return out


def table_to_frame(table: Table) -> pd.DataFrame:
    """The body rows as strings, columns named by their header paths (made unique)."""
    import pandas as pd

    return pd.DataFrame(table.body_matrix(), columns=_unique(table.columns), dtype="string")


def line_items_to_frame(items: Sequence[LineItem]) -> pd.DataFrame:
    """One row per line item; ``amount_yuan`` holds exact ``decimal.Decimal`` values."""
    import pandas as pd

    rows = [
        {
            "table": i.table,
            "table_type": i.table_type,
            "row": i.row,
            "classification": i.classification,
            "code": i.code,
            "name": i.name,
            "label": i.label,
            "measure": i.measure,
            "amount_yuan": i.amount_yuan,
            "amount_text": yuan_str(i.amount_yuan),
            "printed": i.printed,
            "unit": i.unit,
        }
        for i in items
    ]
    return pd.DataFrame(rows)
