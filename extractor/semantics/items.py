"""Line items: one record per (row, measure). (stub: filled by the semantics work)"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.model import LineItem, Table


def tables_to_line_items(tables: Sequence[Table]) -> tuple[LineItem, ...]:
    return ()
