"""Column geometry: put a continuation's cells under the columns of the table it continues.

A page that carries only the last row of a table (``合计`` spanning the code columns) is
found with fewer columns than the table above; by x position its cells still fall under the
table's columns. Works on PDF grids (cells with boxes); Markdown grids have none and keep
their own columns.
"""

from __future__ import annotations

from dataclasses import replace

from extractor.model import Grid


def column_spans(grid: Grid) -> list[tuple[float, float]] | None:
    """The (x0, x1) of each column, from its single-column cells; None if one is unknown."""
    from statistics import median  # few documents need this; statistics costs start-up time (fractions …)

    spans: list[tuple[float, float]] = []
    for j in range(grid.n_cols):
        boxes = [c.prov.bbox for c in grid.cells if c.col == j and c.colspan == 1 and c.prov.bbox]
        if not boxes:
            return None
        spans.append((median(b[0] for b in boxes), median(b[2] for b in boxes)))
    return spans


def align_to_columns(reference: Grid, grid: Grid) -> Grid | None:
    """``grid`` re-indexed onto the columns of ``reference`` by x position, or None when a
    cell covers no reference column or two cells would share one."""
    spans = column_spans(reference)
    if spans is None:
        return None
    placed = []
    taken: set[tuple[int, int]] = set()
    for cell in grid.cells:
        box = cell.prov.bbox
        if box is None:
            return None
        cols = [j for j, (x0, x1) in enumerate(spans) if box[0] - 1 <= (x0 + x1) / 2 <= box[2] + 1]
        if not cols:
            if cell.text.strip():
                return None
            continue
        slots = {(r, j) for r in range(cell.row, cell.row + cell.rowspan) for j in range(cols[0], cols[-1] + 1)}
        if slots & taken:
            return None
        taken |= slots
        placed.append(replace(cell, col=cols[0], colspan=cols[-1] - cols[0] + 1))
    return Grid(grid.n_rows, reference.n_cols, tuple(placed))
