"""Raw table rows as a reader found them → :class:`TableRegion` with a rectangular :class:`Grid`.

A :class:`RawTable` is what the tab, pipe and HTML table readers produce: rows of cells with text,
source lines and (HTML only) spans. :func:`raw_table_to_region` places the cells on a grid (the
HTML algorithm: a cell skips positions covered by a rowspan from above), clamps absurd spans, and
fills every position no cell covers with an empty cell so the grid is rectangular.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from extractor.model import Cell, Grid, Prov, TableRegion

MAX_SPAN = 1000
"""No rowspan or colspan exceeds this, whatever the source says."""
MAX_COLUMNS = 1000
"""A line with more cells than this is not read as a table row; HTML cells beyond it are dropped."""
MAX_GRID_CELLS = 2_000_000
"""Holes of a bigger grid are not filled with empty cells (``Grid.at`` returns None there)."""
MAX_SPAN_AREA = 500_000
"""Above this many covered positions, spans are ignored (the table is garbage or hostile)."""


@dataclass(frozen=True, slots=True)
class RawCell:
    """One cell as printed: text without markup, source lines, spans, ``<br>`` parts."""

    text: str
    first: int
    last: int
    bold: bool = False
    breaks: tuple[str, ...] = ()
    rowspan: int = 1
    colspan: int = 1
    header: bool = False

    def with_text(self, text: str) -> RawCell:
        return replace(self, text=text, breaks=())


def empty_cell(first: int, last: int | None = None) -> RawCell:
    return RawCell("", first, first if last is None else last)


@dataclass(slots=True)
class RawTable:
    """Rows of raw cells; ``row_lines`` gives each row's source line span."""

    rows: list[list[RawCell]]
    row_lines: list[tuple[int, int]]
    header_rows: int | None = None
    warnings: list[str] = field(default_factory=list)
    span: tuple[int, int] | None = None
    """Source lines of the whole table when wider than its rows (``<table>`` … ``</table>``)."""

    @property
    def has_spans(self) -> bool:
        return any(c.rowspan > 1 or c.colspan > 1 for row in self.rows for c in row)

    @property
    def first(self) -> int:
        rows_first = self.row_lines[0][0] if self.row_lines else 1
        return min(rows_first, self.span[0]) if self.span else rows_first

    @property
    def last(self) -> int:
        rows_last = max((last for _, last in self.row_lines), default=self.first)
        return max(rows_last, self.span[1]) if self.span else rows_last


@dataclass(frozen=True, slots=True)
class _Placed:
    cell: RawCell
    row: int
    col: int
    rowspan: int
    colspan: int


def _width_cap(rows: list[list[RawCell]]) -> int | None:
    """A width limit when one row's colspans are absurd next to the others; None when all is sane."""
    widths = [sum(min(c.colspan, MAX_SPAN) for c in row) for row in rows if row]
    plain = max((len(row) for row in rows), default=0)
    if not widths or max(widths) <= 4 * plain + 4:
        return None
    common = max(set(widths), key=lambda w: (widths.count(w), -w))
    return max(plain, min(common, 4 * plain + 4))


def _clamped_spans(rows: list[list[RawCell]], table: RawTable) -> list[list[tuple[int, int]]]:
    n_rows = len(rows)
    spans = [
        [(max(1, min(c.rowspan, MAX_SPAN, n_rows - r)), max(1, min(c.colspan, MAX_SPAN))) for c in row]
        for r, row in enumerate(rows)
    ]
    if sum(rs * cs for row in spans for rs, cs in row) > MAX_SPAN_AREA:
        table.warnings.append(f"line {table.first}: table spans too large; spans ignored")
        return [[(1, 1) for _ in row] for row in rows]
    return spans


def place_cells(table: RawTable) -> list[_Placed]:
    """Grid positions of the cells: rowspans from above push later cells right (HTML rules)."""
    if not table.has_spans:
        return [_Placed(cell, r, c, 1, 1) for r, row in enumerate(table.rows) for c, cell in enumerate(row)]
    cap = _width_cap(table.rows)
    spans = _clamped_spans(table.rows, table)
    occupied: set[tuple[int, int]] = set()
    placed: list[_Placed] = []
    for r, row in enumerate(table.rows):
        col = 0
        for cell, (rowspan, colspan) in zip(row, spans[r], strict=True):
            while (r, col) in occupied:
                col += 1
            if cap is not None:
                colspan = max(1, min(colspan, cap - col))
            colspan = next((k for k in range(1, colspan) if (r, col + k) in occupied), colspan)
            for i in range(r, r + rowspan):
                for j in range(col, col + colspan):
                    occupied.add((i, j))
            placed.append(_Placed(cell, r, col, rowspan, colspan))
            col += colspan
    return placed


def _to_cell(p: _Placed) -> Cell:
    return Cell(
        text=p.cell.text,
        row=p.row,
        col=p.col,
        prov=Prov(lines=(p.cell.first, p.cell.last)),
        rowspan=p.rowspan,
        colspan=p.colspan,
        bold=p.cell.bold,
    )


def raw_table_to_region(table: RawTable) -> TableRegion:
    """The grid of ``table``: cells placed, holes filled with empty cells, header rows kept."""
    placed = place_cells(table)
    n_rows = len(table.rows)
    n_cols = max((p.col + p.colspan for p in placed), default=0)
    covered = {
        (i, j)
        for p in placed
        for i in range(p.row, p.row + p.rowspan)
        for j in range(p.col, p.col + p.colspan)
    }
    cells = [_to_cell(p) for p in placed]
    if n_rows * n_cols > MAX_GRID_CELLS:
        table.warnings.append(f"line {table.first}: {n_rows}x{n_cols} table too large; holes left empty")
        n_rows = 0
    for r in range(n_rows):
        first, last = table.row_lines[r]
        cells.extend(
            Cell(text="", row=r, col=j, prov=Prov(lines=(first, last)))
            for j in range(n_cols)
            if (r, j) not in covered
        )
    cells.sort(key=lambda c: (c.row, c.col))
    grid = Grid(n_rows=len(table.rows), n_cols=n_cols, cells=tuple(cells))
    header = table.header_rows if table.header_rows and table.header_rows <= len(table.rows) else None
    return TableRegion(grid=grid, prov=Prov(lines=(table.first, table.last)), header_rows=header)
