"""Repairs of what PDF-to-Markdown converters do to whole tables (cell-level repairs are in
:mod:`table_repair`).

- :func:`rejoin_split_tables`: a table that a page break cut into two Markdown tables (pymupdf4llm
  writes one table per page) is one region again: the second piece follows the first with nothing
  between but blank lines or a page number (``16``, ``— 12 —``, ``- 3 -``, ``第 3 页``), has the
  same number of columns, prints no caption of its own, and either starts with data rows or starts
  with header rows that repeat the first piece's header (the same header words, whatever cells the
  converter put them in: ``功能分类科目编码`` over ``类|款|项`` on one page and
  ``功能分<br>类|类科目<br>款|编码<br>项`` on the next). The repeated header rows are dropped and
  the page number lines go with the join. A piece that starts with data right below the other
  (nothing between) is left to the tables stage, which stitches it the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractor.model import Block, Cell, Grid, TableRegion, TextLine
from extractor.numbering import squeeze
from extractor.sources.table_repair import row_is_data
from extractor.table_context import read_line_role

_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d{1,4})?[-—–－\s]*$")
_HEADER_NOISE = re.compile(r"<[^>]+>|[\s|*（）()/、:：]")
MIN_HEADER_OVERLAP = 0.8


def is_page_number(text: str) -> bool:
    """``16``, ``— 12 —``, ``- 3 -``, ``第 3 页``: a page number the converter kept as a line."""
    return bool(_PAGE_NUMBER.match(text.strip())) and any(ch.isdigit() for ch in text)


def _leading_header_rows(grid: Grid) -> int:
    n = 0
    while n < grid.n_rows and not row_is_data(grid.row_texts(n)):
        n += 1
    return n


def _header_chars(grid: Grid, rows: int) -> set[str]:
    text = "".join(_HEADER_NOISE.sub("", t) for r in range(rows) for t in grid.row_texts(r))
    return set(text)


def _names_a_table(grid: Grid, rows: int) -> bool:
    """A leading row that reads as a caption (表3, a title, 单位：万元) starts another table."""
    for r in range(rows):
        texts = [t for t in grid.row_texts(r) if t.strip()]
        for text in texts:
            role = read_line_role(text)
            if role.number or role.unit or role.department:
                return True
        joined = squeeze("".join(texts))
        if len(texts) == 1 and read_line_role(joined).title and joined.endswith("表"):
            return True
    return False


def repeated_header(first: Grid, second: Grid) -> int | None:
    """How many leading rows of ``second`` to drop when it continues ``first`` (0: it starts with
    data), or None when it is not a continuation of ``first`` by its content."""
    if first.n_cols != second.n_cols or not second.n_rows:
        return None
    rows = _leading_header_rows(second)
    if rows == second.n_rows or _names_a_table(second, rows):
        return None
    if rows == 0:
        return 0
    mine = _header_chars(first, _leading_header_rows(first))
    theirs = _header_chars(second, rows)
    if not mine or not theirs:
        return None
    overlap = len(mine & theirs) / len(mine | theirs)
    return rows if overlap >= MIN_HEADER_OVERLAP else None


def _joined(first: TableRegion, second: TableRegion, drop: int) -> TableRegion:
    offset = first.grid.n_rows - drop
    moved = tuple(
        Cell(c.text, c.row + offset, c.col, c.prov, c.rowspan, c.colspan, c.bold)
        for c in second.grid.cells
        if c.row >= drop
    )
    grid = Grid(first.grid.n_rows + second.grid.n_rows - drop, first.grid.n_cols, first.grid.cells + moved)
    return TableRegion(grid=grid, prov=first.prov.union(second.prov), header_rows=first.header_rows, ruled=first.ruled)


def rejoin_split_tables(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with each table that a page break split rejoined (see the module docstring)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, TableRegion):
            k = len(out) - 1
            while k >= 0 and isinstance(out[k], TextLine) and is_page_number(out[k].text):  # type: ignore[union-attr]
                k -= 1
            previous = out[k] if k >= 0 else None
            if isinstance(previous, TableRegion) and previous.grid.n_rows:
                drop = repeated_header(previous.grid, block.grid)
                # a piece that starts with data right after the table is the tables stage's to stitch
                if drop is not None and (drop or k < len(out) - 1):
                    del out[k:]
                    out.append(_joined(previous, block, drop))
                    continue
        out.append(block)
    return out

