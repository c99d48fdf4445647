"""Tables and line items as pandas DataFrames (pandas is imported only here, and only when asked)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from extractor.model.amounts import yuan_str

if TYPE_CHECKING:
    import pandas as pd

    from extractor.model import LineItem, Table


def table_to_frame(table: Table) -> pd.DataFrame:
    """The body rows as strings, columns named by their header paths (made unique): :meth:`Table.to_frame`."""
    frame: pd.DataFrame = table.to_frame()  # type: ignore[assignment]
    return frame


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
