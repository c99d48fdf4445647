"""Whose fault is a failed sum: the document's, or the extraction's?

- ``extraction``: a cell of one of the rows involved is malformed (non-numeric junk in an amount
  position, two amounts fused in one cell, a label fused with an amount): the reader or the table
  stage probably mis-cut the row, so the sum says nothing about the document.
- ``document``: another table, or the narrative, prints for the same code the value the sum
  expects (or the value extracted): the extracted numbers are confirmed, the page itself is
  inconsistent.
- None: nothing to tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from extractor.model import LineItem, Table
from extractor.model.amounts import BLANKS, is_amount
from extractor.model.tolerance import agrees, half_ulp
from extractor.validate.context import Context, fmt, squeeze

DOCUMENT = "document"
EXTRACTION = "extraction"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_DECIMAL = re.compile(r"\d+\.\d+")
_NUMERIC_ISH = re.compile(r"^[\d,，.．\s\-－()]+$")
_FUSED_CODE = re.compile(r"^\d{3,7}\s*[\u4e00-\u9fff]")
_MANY_NUMBERS = re.compile(r"\d[\d,]*(?:\.\d+)?\s+\d[\d,]*(?:\.\d+)?")


def malformed(text: str) -> bool:
    """A cell that should hold an amount but holds something a reader mis-cut."""
    t = squeeze(text)
    raw = text.strip()
    if _MANY_NUMBERS.search(raw) and not _CJK.search(raw):
        return True  # two amounts in one cell
    if t in BLANKS or is_amount(t) or _FUSED_CODE.match(t):
        return False
    if _DECIMAL.search(t) and _CJK.search(t):
        return True  # a label fused with an amount
    return bool(_NUMERIC_ISH.match(t))  # digits that do not read as one amount


def malformed_rows(table: Table | None, rows: Iterable[int]) -> list[int]:
    """The grid rows among ``rows`` holding a malformed cell."""
    if table is None:
        return []
    bad = []
    for row in sorted(set(rows)):
        if 0 <= row < table.grid.n_rows and any(malformed(c.text) for c in table.grid.row_cells(row)):
            bad.append(row)
    return bad


def confirmed_elsewhere(ctx: Context, item: LineItem, value: Decimal) -> list[str]:
    """Names of the other tables printing ``value`` for the item's code (or label) and measure,
    in table order, each once."""
    if item.code:
        printing = ctx.printings.get(("code", item.code, item.measure))
    elif item.label:
        printing = ctx.printings.get(("label", squeeze(item.label), item.measure))
    else:
        return []
    if printing is None:
        return []
    own = half_ulp(item.printed, item.unit)
    agreeing = {position: other.table for position, half, other in printing.near(value, own)
                if other.table != item.table and agrees(value, other.amount_yuan, half + own)}
    return [ctx.table_name(agreeing[position]) for position in sorted(agreeing)]


def narrative_confirms(ctx: Context, code: str | None, value: Decimal) -> bool:
    """Whether a narrative fact gives ``value`` for ``code``."""
    if not code:
        return False
    for fact in ctx.result.facts:
        if fact.amount_yuan is None or dict(fact.values).get("code") != code:
            continue
        if agrees(value, fact.amount_yuan, half_ulp(fact.printed, fact.unit) * 2):
            return True
    return False


def sum_cause(ctx: Context, item: LineItem, expected: Decimal, rows: Iterable[int]) -> tuple[str | None, str]:
    """The likely cause of ``item`` printing other than ``expected``, and the evidence in words."""
    table = ctx.tables.get(item.table)
    rows = list(rows)
    # every row the parent and its parts span: a row between them that holds two rows' texts
    # (20805012080505 | 31.01424.00) is a part the reading lost
    bad = malformed_rows(table, range(min(rows), max(rows) + 1) if rows else rows)
    if bad:
        return EXTRACTION, f"row {bad[0]} has a malformed cell"
    for value, what in ((expected, "as the sum"), (item.amount_yuan, "as printed here")):
        amount = fmt(value, item.unit)
        others = confirmed_elsewhere(ctx, item, value)
        if others:
            return DOCUMENT, f"{', '.join(others)} print{'s' if len(others) == 1 else ''} {amount} {what}"
        if narrative_confirms(ctx, item.code, value):
            return DOCUMENT, f"the narrative gives {amount} {what}"
    return None, ""
