"""Line items: one record per (body row, measure) with a printed amount.

Conventions (for users, see also ``extractor.model.amounts``):

- A blank cell, ``-``, ``—``, ``--``, ``/`` produce no line item; a printed ``0`` / ``0.00`` is an
  item with amount 0.
- ``amount_yuan`` is exact: the printed value times the table's unit (元, 万元, 千元, 亿元).
  When the tables stage found no 单位 line, a unit printed in the header (``金额（万元）``) is
  used. A table with no unit anywhere produces **no** line items: the unit is never guessed
  (the validation stage reports such tables).
- Rows with a classification code carry ``code`` (full), ``classification``, ``level``,
  ``parent`` and the printed ``name``; other rows carry ``label`` (see ``labels``) and, when
  the label was normalized, the printed text in ``name``.
- ``performance_targets`` tables produce no items (their numbers are targets, not amounts).
- A row that prints its code and name but whose amounts sit on the next grid row (a PDF cell
  whose text wrapped below the baseline) takes the amounts of that next row when that row has
  neither code nor label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from extractor.model import Cell, LineItem, Table
from extractor.model.amounts import UNIT_FACTORS, parse_amount, to_yuan, yuan_str
from extractor.semantics.blocks import AmountColumn, Block, table_blocks
from extractor.semantics.codes import Code, code_from_cell, column_codes, settle_repeated_codes, split_codes
from extractor.semantics.labels import (
    THREE_PUBLIC_TOTAL,
    THREE_PUBLIC_TOTAL_WITH_MEETINGS,
    clean_label,
    is_total_label,
    side_total_label,
    three_public_label,
)
from extractor.semantics.measures import Measure, column_measure, segment_measure
from extractor.semantics.roles import three_public_subtotals
from extractor.semantics.types import TableType
from extractor.structure.table_context import HEADER_UNIT

NO_ITEMS = frozenset({TableType.PERFORMANCE_TARGETS.value})
SUMMARY_TYPES = frozenset({TableType.INCOME_EXPENDITURE_SUMMARY.value, TableType.APPROPRIATION_SUMMARY.value})
_MARKUP = re.compile(r"<[^>]+>")
SINGLE_ROW_LABEL = "合计"
_BLOCK_TOTAL_MEASURES = {"人员经费合计": Measure.PERSONNEL.value, "公用经费合计": Measure.OPERATING.value}


@dataclass(frozen=True, slots=True)
class RowKey:
    """What identifies a row: its code, or its label (and the printed text behind it)."""

    code: Code | None
    label: str | None
    printed: str | None


def table_unit(table: Table) -> str | None:
    """The table's unit: its 单位 line, else a unit printed in its header; None if neither."""
    if table.unit in UNIT_FACTORS:
        return table.unit
    for path in table.columns:
        match = HEADER_UNIT.search(path)
        if match:
            return match.group(1) or match.group(2)
    return None


def tables_to_line_items(tables: Sequence[Table]) -> tuple[LineItem, ...]:
    """Line items of every table, in table and row order."""
    return tuple(item for table in tables for item in table_to_line_items(table))


def table_to_line_items(table: Table) -> tuple[LineItem, ...]:
    unit = table_unit(table)
    if unit is None or table.type in NO_ITEMS or table.header_rows >= table.grid.n_rows:
        return ()
    blocks = table_blocks(table, summary=table.type in SUMMARY_TYPES)
    items: list[LineItem] = []
    for i, block in enumerate(blocks):
        items.extend(_block_items(table, block, unit, _sibling_label_cols(blocks, i)))
    return tuple(items)


def _sibling_label_cols(blocks: Sequence[Block], index: int) -> tuple[int, ...]:
    """Label columns of earlier blocks on the same side (Jiangsu prints 支出合计 under 功能分类
    and its amount under 支出用途)."""
    side = blocks[index].side
    if side is None:
        return ()
    return tuple(b.label_col for b in blocks[:index] if b.side is side and b.label_col is not None)


def _block_items(table: Table, block: Block, unit: str, siblings: tuple[int, ...] = ()) -> Iterator[LineItem]:
    if block.label_col is None and not block.code_cols:
        yield from _column_labelled_items(table, block, unit)
        return
    if _three_public_by_unit(table, block):
        yield from _column_labelled_items(table, block, unit, _total_rows(table, block))
        return
    keys = _row_keys(table, block, siblings)
    last_total = _last_total_row(keys) if block.side is not None else None
    consumed: set[int] = set()
    for row, key in keys.items():
        if row in consumed:
            continue
        if row == last_total and block.side is not None:
            key = RowKey(None, side_total_label(block.side), key.printed)
        source = _amount_row(table, block, row)
        consumed.add(source)
        for column, cell, amount in _amount_cells(table, block, source):
            yield _item(table, row, key, column, cell, amount, unit, _row_measure(block, key, column))


def _row_measure(block: Block, key: RowKey, column: AmountColumn) -> str:
    """人员经费合计 / 公用经费合计 rows of a single-amount block are personnel / operating."""
    if key.label in _BLOCK_TOTAL_MEASURES and len(block.amounts) == 1:
        return _BLOCK_TOTAL_MEASURES[key.label]
    return column.measure


def _row_keys(table: Table, block: Block, siblings: tuple[int, ...] = ()) -> dict[int, RowKey]:
    rows = list(table.body_rows)
    labels = [_text(table, r, block.label_col) for r in rows]
    codes = _block_codes(table, block, rows, labels)
    labels = [label or _label_in_code_cols(table, r, block) for r, label in zip(rows, labels, strict=True)]
    labels = [label or _sibling_label(table, r, siblings) for r, label in zip(rows, labels, strict=True)]
    three_public = table.type == TableType.THREE_PUBLIC_EXPENSES.value
    keys: dict[int, RowKey] = {}
    for row, label, code in zip(rows, labels, codes, strict=True):
        if code is None and not label:
            keys[row] = RowKey(None, None, None)
            continue
        keys[row] = _key(label, code, three_public)
    return keys


def _key(label: str, code: Code | None, three_public: bool) -> RowKey:
    if code is not None:
        return RowKey(code, None, code.name)
    cleaned = clean_label(label)
    normalized = three_public_label(cleaned) if three_public else None
    return RowKey(None, normalized or cleaned, label.strip())


def _sibling_label(table: Table, row: int, siblings: tuple[int, ...]) -> str:
    """A total row's label printed in an earlier block of the same side."""
    for col in siblings:
        text = _text(table, row, col)
        if text and is_total_label(text):
            return text
    return ""


def _label_in_code_cols(table: Table, row: int, block: Block) -> str:
    """Text printed in the code columns that is not a code (合计, 人员经费合计 spanning both)."""
    text = "".join(_text(table, row, c) for c in block.code_cols)
    return "" if not text or text.isdigit() else text


def _block_codes(table: Table, block: Block, rows: list[int], labels: list[str]) -> list[Code | None]:
    return settle_repeated_codes(_printed_codes(table, block, rows, labels))


def _printed_codes(table: Table, block: Block, rows: list[int], labels: list[str]) -> list[Code | None]:
    if block.split_codes:
        parts = [[_text(table, r, c) for c in block.code_cols] for r in rows]
        return split_codes(parts, labels)
    if block.code_cols:
        col = block.code_cols[0]
        return column_codes([_text(table, r, col) for r in rows], labels)
    return [code_from_cell(label) if label else None for label in labels]


def _text(table: Table, row: int, col: int | None) -> str:
    if col is None:
        return ""
    return _strip_markup(table.grid.origin_text(row, col))


def _last_total_row(keys: dict[int, RowKey]) -> int | None:
    totals = [
        row for row, key in keys.items() if key.code is None and key.label and is_total_label(key.label)
    ]
    return totals[-1] if totals else None


def _amount_cells(
    table: Table, block: Block, row: int
) -> Iterator[tuple[AmountColumn, Cell, tuple[str, Decimal]]]:
    """The amount cells of a row that print a number (blank markers yield nothing), each with
    its printed text (markup stripped) and value."""
    for column in block.amounts:
        cell = table.grid.at(row, column.col)
        if cell is None or (cell.row, cell.col) != (row, column.col):
            continue
        printed = _strip_markup(cell.text)
        value = parse_amount(printed)
        if value is not None:
            yield column, cell, (printed, value)


def _amount_row(table: Table, block: Block, row: int) -> int:
    """``row`` itself, or the next row when the amounts of ``row`` wrapped onto it."""
    nxt = row + 1
    if nxt >= table.grid.n_rows or _has_amounts(table, block, row):
        return row
    key_cols = [*block.code_cols, *([block.label_col] if block.label_col is not None else [])]
    if any(_text(table, nxt, c) for c in key_cols) or not any(_text(table, row, c) for c in key_cols):
        return row
    return nxt if _has_amounts(table, block, nxt) else row


def _has_amounts(table: Table, block: Block, row: int) -> bool:
    return any(parse_amount(_text(table, row, a.col)) is not None for a in block.amounts)


def _strip_markup(text: str) -> str:
    """``text`` without ``<…>`` tags, stripped (a text without ``<`` has no tag to remove)."""
    return (_MARKUP.sub("", text) if "<" in text else text).strip()


def _item(
    table: Table,
    row: int,
    key: RowKey,
    column: AmountColumn,
    cell: Cell,
    amount: tuple[str, Decimal],
    unit: str,
    measure: str,
) -> LineItem:
    printed, value = amount  # as _amount_cells read them
    code = key.code
    name = code.name if code is not None else (key.printed if key.printed != key.label else None)
    return LineItem(
        table=table.id,
        table_type=table.type,
        row=row,
        classification=code.classification.value if code else None,
        code=code.code if code else None,
        name=name,
        label=key.label if code is None else None,
        measure=measure,
        amount_yuan=Decimal(yuan_str(to_yuan(value, unit))),
        printed=printed,
        unit=unit,
        prov=cell.prov,
        column=column.path or None,
        parent=code.parent if code else None,
        level=code.level.value if code else None,
    )


def _three_public_by_unit(table: Table, block: Block) -> bool:
    """A "三公" table whose columns are the items and whose rows are units (湖州: 单位名称 |
    “三公”经费合计 | 因公出国(境)费用 | … with a 合计 row, then one row per unit)."""
    if table.type != TableType.THREE_PUBLIC_EXPENSES.value or block.label_col is None:
        return False
    items = ("出国", "接待", "公务用车")
    return any(w in a.path for a in block.amounts for w in items) and not any(
        w in _text(table, r, block.label_col) for r in table.body_rows for w in items
    )


def _total_rows(table: Table, block: Block) -> tuple[int, ...] | None:
    """The rows labelled 合计/总计 in the label column (None when there is none)."""
    rows = tuple(r for r in table.body_rows if is_total_label(_text(table, r, block.label_col)))
    return rows or None


def _column_labelled_items(
    table: Table, block: Block, unit: str, only_rows: tuple[int, ...] | None = None
) -> Iterator[LineItem]:
    """Tables whose items are columns (Shanghai/Jiangsu "三公" tables): one item per amount cell.
    A "三公" table by unit gives the items of its 合计 row only (``only_rows``).

    Other tables without a label column whose body is one row of amounts (Jiangsu's 支出预算总表
    合计 | 基本支出 | 项目支出 | …) print their total row: its label is 合计."""
    three_public = table.type == TableType.THREE_PUBLIC_EXPENSES.value
    with_meetings = three_public and any(("会议" in c or "培训" in c) for c in table.columns)
    rows = [r for r in (only_rows or table.body_rows) if _has_amounts(table, block, r)]
    tops = {segment_measure(a.path.split("/")[0]) for a in block.amounts if "/" in a.path}
    both_halves = {Measure.BUDGET, Measure.ACTUAL} <= tops
    single_total = not three_public and len(rows) == 1
    subtotals = three_public_subtotals([a.path for a in block.amounts]) if three_public else {}
    for row in rows:
        row_items: list[LineItem] = []
        for column, cell, amount in _amount_cells(table, block, row):
            label, measure = _column_label(column, three_public, with_meetings, both_halves)
            label = subtotals.get(column.path, label)
            key = RowKey(None, label, column.path) if three_public else RowKey(None, label, None)
            if single_total:
                key = RowKey(None, SINGLE_ROW_LABEL, None)
            row_items.append(_item(table, row, key, column, cell, amount, unit, measure))
        yield from settle_three_public_totals(row_items) if with_meetings else row_items


_THREE_PUBLIC_PARTS = ("因公出国(境)费", "公务接待费")
_VEHICLE_TOTAL = "公务用车购置及运行维护费"
_VEHICLE_PARTS = ("公务用车购置费", "公务用车运行维护费")


def settle_three_public_totals(row: list[LineItem]) -> list[LineItem]:
    """Two columns of a row that both read as 合计(含会议费、培训费) (a bare 小计 after the 合计 whose
    “三公”经费 heading the converter set over other columns): the one that prints exactly
    因公出国 + 公务用车 + 公务接待 of the same row and measure is the “三公” 合计."""
    out = list(row)
    for measure in {i.measure for i in row}:
        same = [i for i in row if i.measure == measure]
        totals = [i for i in same if i.label == THREE_PUBLIC_TOTAL_WITH_MEETINGS]
        if len(totals) < 2:
            continue
        by_label = {i.label: i.amount_yuan for i in same if i.label}
        vehicle = by_label.get(_VEHICLE_TOTAL)
        if vehicle is None and any(p in by_label for p in _VEHICLE_PARTS):
            vehicle = sum((by_label.get(p, Decimal(0)) for p in _VEHICLE_PARTS), Decimal(0))
        if vehicle is None or not all(p in by_label for p in _THREE_PUBLIC_PARTS):
            continue
        parts = vehicle + sum((by_label[p] for p in _THREE_PUBLIC_PARTS), Decimal(0))
        matching = [i for i in totals if i.amount_yuan == parts]
        if len(matching) == 1 and len(totals) - len(matching) >= 1:
            out = [replace(i, label=THREE_PUBLIC_TOTAL) if i is matching[0] else i for i in out]
    return out


def _column_label(
    column: AmountColumn, three_public: bool, with_meetings: bool, both_halves: bool = False
) -> tuple[str | None, str]:
    if not three_public:
        return None, column.measure
    label = three_public_label(column.path)
    if label == THREE_PUBLIC_TOTAL and with_meetings and "三公" not in column.path:
        label = THREE_PUBLIC_TOTAL_WITH_MEETINGS
    raw = column_measure(column.path)
    if raw in (Measure.BUDGET, Measure.ACTUAL) and column.measure != Measure.TOTAL.value:
        return label, raw.value
    # 预算数/合计 | … | 决算数/合计 | …: the budget and actual halves of a final-accounts 三公 table
    halves = {segment_measure(s) for s in column.path.split("/")[:-1]} & {Measure.BUDGET, Measure.ACTUAL}
    if len(halves) == 1 and both_halves:
        return label, next(m for m in halves if m is not None).value
    return label, Measure.TOTAL.value


def amount_in_yuan(printed: str, unit: str) -> Decimal | None:
    """``'3920.41'`` in 万元 → ``Decimal('39204100')``; None for blank markers."""
    value = parse_amount(printed)
    return None if value is None else to_yuan(value, unit)
