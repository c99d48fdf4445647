"""Table types from the DOMAIN.md vocabulary. (stub: filled by the semantics work)"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.model import Table


def classify_tables(tables: Sequence[Table]) -> tuple[Table, ...]:
    return tuple(tables)
