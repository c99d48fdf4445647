"""Header rows vs body rows, and header paths (``财政拨款（补助）/一般公共预算``) for each column."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from extractor.model import Grid
from extractor.model.amounts import is_amount
from extractor.structure.numbering import squeeze
from extractor.structure.patterns import lazy_pattern

MAX_HEADER_ROWS = 6
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}(?:\D|$)|^\d{2}$")
_TOTAL = re.compile(r"^(?:合计|总计|小计|收入总计|支出总计|本年收入合计|本年支出合计)$")
FORM_KEYS = re.compile(
    r"^(?:项目名称|预算单位|部门（单位）名称|部门\(单位\)名称|单位名称|部门名称|主管部门|实施单位)"
)


_COLUMN_HEADING = re.compile(r"^(?:合计|总计|小计|金额|预算数|决算数|资金来源|.*(?:预算|支出|收入|拨款|合计|小计))$")
_LABEL_COLUMN = lazy_pattern(r"科目名称|项目|名称|功能分类|经济分类|内容")


def is_column_heading(text: str) -> bool:
    """A header word naming a column of amounts (合计, 小计, 项目支出, 一般公共预算拨款, …)."""
    return bool(_COLUMN_HEADING.match(text))


def is_form_row(texts: list[str]) -> bool:
    """``项目名称 | 科技创新经费 | 项目负责人 | 朱丽敏``: a form (key, value), not a header row."""
    cells = [squeeze(t) for t in texts if t.strip()]
    if len(cells) < 2 or not FORM_KEYS.match(cells[0]):
        return False
    # 单位名称 | 项目名称 | 总计 | 一般公共预算 …: a header whose first two columns are names
    return not _COLUMN_HEADING.match(cells[1]) and not FORM_KEYS.match(cells[1])


def row_is_data(texts: list[str], header: list[list[str]]) -> bool:
    """A body row: it prints an amount or a code, a total label, or (below a header) one
    label in a label column (科目名称, 项目 …). One text elsewhere is a sub-header."""
    cells = [squeeze(t) for t in texts]
    filled = [j for j, c in enumerate(cells) if c]
    if any(is_amount(c) and not _looks_like_year(c) for c in cells[1:]):
        return True
    if filled and _CODE.match(cells[filled[0]]) and not _TOTAL.match(cells[filled[0]]):
        return True
    if len(filled) >= 2 and any(cells[j].startswith("其中") for j in filled):
        return False  # 小计 | 其中：专项资金…: the sub-headers of a column group, not a 小计 row
    if any(_TOTAL.match(cells[j]) for j in filled) and len(filled) <= 2:
        return True
    if not header or len(filled) > 1:
        return False
    if not filled:
        return True
    above = "".join(squeeze(row[filled[0]]) for row in header if filled[0] < len(row))
    return filled[0] == 0 or bool(_LABEL_COLUMN().search(above)) or not above


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d{2}", text))


_COLUMN_NUMBER_LABEL = frozenset({"栏次", "行次", "栏号", "**", "*", "甲", "乙", "丙", "丁", "戊", "序号"})
_COLUMN_NUMBER = re.compile(r"^(\d{1,2})(?:[=＝][\d+\-＋－×*/()（）]+)?$")


def is_column_number_row(texts: list[str]) -> bool:
    """``栏次 | 1 | 2 | 3 …`` or ``** | 1 | 2 …`` under a header: the numbers of the columns,
    not data. The numbers are small integers (``3=4+5`` formulas allowed) rising by one."""
    cells = [squeeze(t) for t in texts if t.strip()]
    numbers: list[int] = []
    labelled = False
    for cell in cells:
        match = _COLUMN_NUMBER.match(cell)
        if match is not None:
            numbers.append(int(match.group(1)))
        elif cell in _COLUMN_NUMBER_LABEL:  # 栏次 | 1 | 栏次 | 2 | 3: one label per side of a summary
            labelled = True
        else:
            return False
    if not numbers:
        return labelled and len(cells) >= 2 and all(c == "**" for c in cells)  # ** | ** | ** | **
    if len(numbers) < 3 and not (labelled and numbers[0] == 1):
        return False
    return all(b == a + 1 for a, b in itertools.pairwise(numbers))


_CODE_PARTS = ("类", "款", "项")


def split_code_header_row(grid: Grid) -> Grid:
    """``类 | 款 | 项 | 合计 | 2,940.05 | …``: the code-part labels of a header printed on the
    table's 合计 row. The row is cut in two: the labels stay in the header, the 合计 and its
    amounts become the first body row (rows below move down by one)."""
    for r in range(min(grid.n_rows, MAX_HEADER_ROWS)):
        cells = list(grid.row_cells(r))
        parts = [c for c in cells if squeeze(c.text) in _CODE_PARTS]
        texts = [squeeze(c.text) for c in parts]
        if texts not in (["类", "款", "项"], ["类", "款"]) or not any(is_amount(c.text) for c in cells):
            continue
        moved = []
        for cell in grid.cells:
            if cell.row > r or (cell.row == r and cell not in parts):
                moved.append(replace(cell, row=cell.row + 1))
            elif cell.row < r and cell.row + cell.rowspan > r:
                moved.append(cell)  # a header cell spanning down over the split row keeps its rows
            else:
                moved.append(cell)
        return Grid(grid.n_rows + 1, grid.n_cols, tuple(moved))
    return grid


def count_header_rows(grid: Grid, declared: int | None) -> int:
    """How many leading rows form the header. A count the source declares (a GFM header line,
    ``<th>`` rows) is a lower bound: GFM can mark only one row, converters mark too few.
    A row of column numbers (栏次) right under the header belongs to the header."""
    if grid.n_rows and is_form_row(grid.row_texts(0)):
        return 0
    declared = min(declared or 0, grid.n_rows)
    header = [grid.row_texts(r, fill_spans=True) for r in range(declared)]
    for r in range(declared, min(grid.n_rows, max(MAX_HEADER_ROWS, declared) + 1)):
        texts = grid.row_texts(r, fill_spans=False)
        if header and is_column_number_row(texts):
            header.append(texts)
            continue
        if r >= max(MAX_HEADER_ROWS, declared):
            break
        if row_is_data(texts, header):
            return len(header)
        header.append(grid.row_texts(r, fill_spans=True))
    return len(header)


def header_paths(grid: Grid, header_rows: int) -> tuple[str, ...]:
    """One '/'-joined path per column from the header cells above it.

    Spans are filled. In grids that print a merged header as a text followed by empty cells
    (tab-separated conversions), an empty header cell takes the text on its left when the
    row below has its own text there, i.e. when it sits under the same merged parent.
    """
    rows = [grid.row_texts(r, fill_spans=True) for r in range(header_rows)]
    rows = [row for row in rows if not is_column_number_row(row)]
    filled = _fill_smeared(rows)
    paths: list[str] = []
    for j in range(grid.n_cols):
        parts: list[str] = []
        for row in filled:
            text = squeeze(row[j]) if j < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        paths.append("/".join(parts))
    return tuple(paths)


def _fill_smeared(rows: list[list[str]]) -> list[list[str]]:
    """Bottom-up: an empty header cell takes its left neighbour's text when the (already
    filled) row below has text under both, i.e. both sit under one merged parent."""
    filled = [list(r) for r in rows]
    for r in range(len(filled) - 2, -1, -1):
        row, below = filled[r], filled[r + 1]
        for j in range(1, len(row)):
            if not row[j].strip() and row[j - 1].strip() and below[j].strip() and below[j - 1].strip():
                row[j] = row[j - 1]
    return filled
