"""Frames to table regions: a :class:`~extractor.sources.pdf_grid.Frame` filled with glyphs.

:func:`frame_to_region` joins the frame's slots into boxes where no ruling separates them,
gives each glyph to the box under its centre, splits a spanning box whose text clearly sits on
both sides of a column boundary, and joins the text per cell; rows without text and sliver
columns are dropped (:func:`remove_row` is shared with the cross-page steps).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from extractor.model import Cell, Grid, Prov, TableRegion
from extractor.sources.pdf_lines import Char, chars_to_rows, join_lines, join_text

if TYPE_CHECKING:  # pdf_grid re-exports this module's entry points
    from extractor.sources.pdf_grid import Frame

MIN_COL = 8.0
"""Empty columns narrower than this are slivers between stray rulings, not content."""


@dataclass(slots=True)
class _Box:
    """A cell being built: slot rectangle rows r0..r1, columns c0..c1 (inclusive), its glyphs."""

    r0: int
    c0: int
    r1: int
    c1: int
    chars: list[Char] = field(default_factory=list)


def frame_to_region(frame: Frame, chars: Sequence[Char], page: int) -> tuple[TableRegion, list[Char]] | None:
    """The region a frame holds, and the glyphs it took; None when it is not a table (one column)."""
    boxes = _frame_boxes(frame)
    taken = _assign_chars(frame, boxes, chars)
    boxes = [piece for box in boxes for piece in _split_fused(frame, box)]
    cells = [_box_to_cell(frame, box, page) for box in boxes]
    cells = _drop_empty(cells, frame)
    n_rows = max((c.row + c.rowspan for c in cells), default=0)
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    if n_cols < 2 or n_rows < (1 if frame.ruled else 2) or not taken:
        return None
    grid = Grid(n_rows, n_cols, tuple(sorted(cells, key=lambda c: (c.row, c.col))))
    return TableRegion(grid=grid, prov=Prov(page=page, bbox=_round(frame.bbox)), ruled=frame.ruled), taken


def frame_boxes(frame: Frame) -> list[tuple[int, int, int, int]]:
    """The cells of an empty frame as slot rectangles (first row, first column, last row, last
    column): what the OCR reader recognizes one by one."""
    return [(b.r0, b.c0, b.r1, b.c1) for b in _frame_boxes(frame)]


def _frame_boxes(frame: Frame) -> list[_Box]:
    """Slots joined where no ruling separates them; non-rectangular unions fall back to row runs."""
    n_rows, n_cols = frame.n_rows, frame.n_cols
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c > 0 and not frame.vdrawn[r][c]:
                parent[find(r * n_cols + c)] = find(r * n_cols + c - 1)
            if r > 0 and not frame.hdrawn[r][c]:
                parent[find(r * n_cols + c)] = find((r - 1) * n_cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    boxes: list[_Box] = []
    for slots in groups.values():
        rows = [r for r, _ in slots]
        cols = [c for _, c in slots]
        box = _Box(min(rows), min(cols), max(rows), max(cols))
        if (box.r1 - box.r0 + 1) * (box.c1 - box.c0 + 1) == len(slots):
            boxes.append(box)
        else:
            boxes += _row_runs(slots)
    return boxes


def _row_runs(slots: Sequence[tuple[int, int]]) -> list[_Box]:
    runs: list[_Box] = []
    for r, c in sorted(slots):
        if runs and runs[-1].r0 == r and runs[-1].c1 == c - 1:
            runs[-1].c1 = c
        else:
            runs.append(_Box(r, c, r, c))
    return runs


def _assign_chars(frame: Frame, boxes: Sequence[_Box], chars: Sequence[Char]) -> list[Char]:
    """Each glyph whose centre lies inside the frame goes to the box covering its slot."""
    xs, ys, n_cols = frame.xs, frame.ys, frame.n_cols
    last_row, last_col = frame.n_rows - 1, n_cols - 1
    owner: dict[int, list[Char]] = {}  # slot r * n_cols + c → its box's glyphs
    for box in boxes:
        for r in range(box.r0, box.r1 + 1):
            for c in range(box.c0, box.c1 + 1):
                owner[r * n_cols + c] = box.chars
    x0, top, x1, bottom = frame.bbox
    taken: list[Char] = []
    for ch in chars:
        yc = (ch.top + ch.bottom) / 2  # Char.yc and Char.xc, inlined
        if not top <= yc <= bottom:
            continue
        xc = (ch.x0 + ch.x1) / 2
        if not x0 <= xc <= x1:
            continue
        r = bisect_right(ys, yc) - 1  # clamped to 0..last_row, as min(max(r, 0), last_row)
        if r < 0:
            r = 0
        if r > last_row:
            r = last_row
        c = bisect_right(xs, xc) - 1
        if c < 0:
            c = 0
        if c > last_col:
            c = last_col
        owner[r * n_cols + c].append(ch)
        taken.append(ch)
    return taken


def _split_fused(frame: Frame, box: _Box) -> list[_Box]:
    """Split a spanning box at an interior column boundary that its text clearly falls on both sides of."""
    if box.c0 == box.c1 or not box.chars:
        return [box]
    for c in range(box.c0 + 1, box.c1 + 1):
        x = frame.xs[c]
        left = [ch for ch in box.chars if ch.xc < x]
        right = [ch for ch in box.chars if ch.xc >= x]
        if not left or not right or any(ch.x0 < x - 1 and ch.x1 > x + 1 for ch in box.chars):
            continue
        gap = min(ch.x0 for ch in right) - max(ch.x1 for ch in left)
        size = max(ch.size for ch in box.chars)
        if gap >= 2 * size or _amount_like(left) or _amount_like(right):
            a = _Box(box.r0, box.c0, box.r1, c - 1, left)
            b = _Box(box.r0, c, box.r1, box.c1, right)
            return _split_fused(frame, a) + _split_fused(frame, b)
    return [box]


def _amount_like(chars: Sequence[Char]) -> bool:
    text = "".join(ch.text for ch in chars)
    return bool(text) and all(ch in "0123456789,.-%" for ch in text) and any(ch.isdigit() for ch in text)


def _box_to_cell(frame: Frame, box: _Box, page: int) -> Cell:
    chars = box.chars
    text = join_lines([join_text(row) for row in chars_to_rows(chars)]) if chars else ""
    bold = bool(chars) and sum(ch.bold for ch in chars) * 2 > len(chars)
    bbox = (frame.xs[box.c0], frame.ys[box.r0], frame.xs[box.c1 + 1], frame.ys[box.r1 + 1])
    return Cell(text=text, row=box.r0, col=box.c0, prov=Prov(page=page, bbox=_round(bbox)),
                rowspan=box.r1 - box.r0 + 1, colspan=box.c1 - box.c0 + 1, bold=bold)


def _round(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))


def _drop_empty(cells: list[Cell], frame: Frame) -> list[Cell]:
    """Remove rows without text of their own, and thin columns without (slivers between rulings).

    Blank rows carry nothing. Columns of normal width stay even when empty: the column of a
    continuation that has no entries on this page is what the page shows, and stitching needs it.
    """
    # Rows (columns) are removed bottom up (right to left): removing one renumbers only those
    # after it, so which of the earlier ones have text of their own can be found once.
    with_text = {c.row for c in cells if c.text}
    for r in reversed(range(frame.n_rows)):
        if r not in with_text:
            cells = remove_row(cells, r)
    with_text = {c.col for c in cells if c.text}
    for k in reversed(range(frame.n_cols)):
        if frame.xs[k + 1] - frame.xs[k] < MIN_COL and k not in with_text:
            cells = [_shrink(c, k, False) for c in cells if not (c.col == k and c.colspan == 1)]
    return cells


def remove_row(cells: Sequence[Cell], r: int) -> list[Cell]:
    """The cells without row ``r``: its own cells go, spans over it shrink, rows below move up."""
    return [_shrink(c, r, True) for c in cells if not (c.row == r and c.rowspan == 1)]


def _shrink(cell: Cell, at: int, row: bool) -> Cell:
    start, span = (cell.row, cell.rowspan) if row else (cell.col, cell.colspan)
    if start > at:
        start -= 1
    elif start + span > at:
        span -= 1
    else:
        return cell  # wholly before ``at``: unchanged
    if row:
        return replace(cell, row=start, rowspan=span)
    return replace(cell, col=start, colspan=span)
