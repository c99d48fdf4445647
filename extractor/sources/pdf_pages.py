"""PDF pages as read (:class:`PageObjects`) and laid out (:class:`LaidOutPage`), and the reader's
steps that need more than one page.

:class:`LaidOutPage` is what :func:`extractor.sources.pdf.objects_to_doc` keeps of a page once it
is laid out: its table regions and text lines, but not its glyphs, so a long document is read in
memory bounded by its output. Two steps then look across pages: :func:`running_furniture` (lines
repeated at the same place on most pages, page numbers) and :func:`rejoin_cut_rows` (a label cut
by a page break). The only glyphs the second needs, those in the last row of each table, are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from extractor.model import Cell, Grid, Prov, TableRegion
from extractor.sources.pdf_cells import remove_row
from extractor.sources.pdf_grid import Frame, Shape
from extractor.sources.pdf_lines import Char, Line, join_lines

FrameFinder = Callable[["PageObjects"], list[Frame]]


@dataclass(frozen=True, slots=True)
class PageObjects:
    """Everything the reader needs from one page, read once."""

    number: int
    width: float
    height: float
    rotation: int
    chars: tuple[Char, ...]
    shapes: tuple[Shape, ...]
    image: bool = True
    """The page draws an image (checked only for pages without text: a scan, or a blank page)."""
    ocr: bool = False
    """``chars`` and ``shapes`` were read from the page image by OCR."""


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—─_\s]*\d{1,4}[-–—─_\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?|[-–—─]\s*[ivxlc]+\s*[-–—─])$",
    re.IGNORECASE,
)
_MARGIN = 0.12
"""Fraction of the page height at the top and bottom where headers, footers and page numbers live."""
_REPEAT_MARGIN = 0.08
"""Repeated lines count as running headers or footers only this close to the edge."""


@dataclass(slots=True)
class LaidOutPage:
    """One page laid out: its size, table regions and text lines, without the page's glyphs."""

    number: int
    width: float
    height: float
    rotation: int
    has_text: bool
    regions: list[TableRegion]
    lines: list[Line]
    """Text lines, their ``chars`` dropped (nothing after the layout reads them)."""
    last_row_chars: tuple[Char, ...] = ()
    """The glyphs in the cells starting on the last row of each region: all :func:`_fills_width`
    reads (a cut label sits in the last row of the page's lowest table)."""


def last_row_chars(regions: Sequence[TableRegion], chars: Sequence[Char]) -> tuple[Char, ...]:
    """The glyphs whose centre lies in a cell starting on the last row of one of ``regions``."""
    centres: list[tuple[float, float, Char]] | None = None  # made when a region needs them
    kept: dict[int, Char] = {}
    for region in regions:
        boxes = [c.prov.bbox for c in region.grid.cells
                 if c.row == region.grid.n_rows - 1 and c.prov.bbox is not None]
        if not boxes:
            continue
        if centres is None:  # Char.xc and Char.yc, inlined
            centres = [((ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2, ch) for ch in chars]
        low, high = min(b[1] for b in boxes), max(b[3] for b in boxes)
        band = [(x, y, ch) for x, y, ch in centres if low <= y <= high]
        for x0, top, x1, bottom in boxes:
            kept.update((id(ch), ch) for x, y, ch in band if x0 <= x <= x1 and top <= y <= bottom)
    return tuple(kept.values())


# ---------------------------------------------------------------- running headers and footers


def running_furniture(pages: Sequence[LaidOutPage]) -> set[tuple[int, tuple[float, ...]]]:
    """(page, bbox) of lines that are page numbers, or repeat at the same place on most pages."""
    marginal: list[tuple[int, Line, tuple[str, int, int]]] = []
    for page in pages:
        for ln in page.lines:
            zone = _zone(page, ln, _MARGIN)
            if zone:
                key = (re.sub(r"\d+", "#", ln.text.replace(" ", "")), _zone(page, ln, _REPEAT_MARGIN), round(ln.top / 6))
                marginal.append((page.number, ln, key))
    counts = Counter(key for _, key in {(n, key) for n, _, key in marginal})
    threshold = max(3, len(pages) // 2)
    out: set[tuple[int, tuple[float, ...]]] = set()
    for number, ln, key in marginal:
        if _PAGE_NUMBER.match(ln.text.strip()) or (key[1] and counts[key] >= threshold):
            out.add((number, ln.bbox))
    return out


def _zone(page: LaidOutPage, ln: Line, margin: float) -> int:
    """1 for the header band, 2 for the footer band, 0 for the body."""
    if ln.bottom <= page.height * margin:
        return 1
    if ln.top >= page.height * (1 - margin):
        return 2
    return 0


# ---------------------------------------------------------------- rows cut by a page break

_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|\d{3,}|其中)")
_AMOUNT = re.compile(r"^[-—]?[\d,，]*\.?\d+%?$")
_MAX_FRAGMENT = 4
_WHOLE_LABELS = frozenset({"小计", "合计", "总计", "其他", "其中", "备注", "说明"})


def rejoin_cut_rows(pages: Sequence[LaidOutPage]) -> None:
    """Join a label cut at the foot of a page to its remainder heading the next page's table.

    Safe cases only: the table closes one page and opens the next, the columns line up, the
    first row there holds nothing but short unnumbered label fragments, each under a label that
    fills its cell to the right edge (so it wrapped). The fragment row is removed. Only one
    short fragment (up to four characters, not a whole label like 小计) qualifies: a Word table
    sized to its longest label makes a complete label fill its cell too, and a table may continue
    a merged group on the next page with a short new row, so anything longer is left to the
    tables stage, which sees both pages.
    """
    for k in range(1, len(pages)):
        prev, page = pages[k - 1], pages[k]
        prev_regions, prev_lines, regions, lines = prev.regions, prev.lines, page.regions, page.lines
        if not prev_regions or not regions:
            continue
        last = max(prev_regions, key=lambda r: _box(r)[3])
        first = min(regions, key=lambda r: _box(r)[1])
        if any(ln.top > _box(last)[3] for ln in prev_lines) or any(ln.bottom < _box(first)[1] for ln in lines):
            continue
        joined = _join_cut_row(last, first, prev.last_row_chars)
        if joined is None:
            continue
        prev_regions[prev_regions.index(last)] = joined[0]
        if joined[1] is None:
            regions.remove(first)
        else:
            regions[regions.index(first)] = joined[1]


def _box(region: TableRegion) -> tuple[float, float, float, float]:
    return region.prov.bbox or (0.0, 0.0, 0.0, 0.0)


def _join_cut_row(above: TableRegion, below: TableRegion,
                  above_chars: Sequence[Char]) -> tuple[TableRegion, TableRegion | None] | None:
    a, b = above.grid, below.grid
    if a.n_cols != b.n_cols or not _columns_align(above, below):
        return None
    head = list(b.row_cells(0))
    fragments = [c for c in head if c.text]
    if len(fragments) != 1 or any(c.rowspan > 1 or _AMOUNT.match(c.text) for c in head):
        return None
    updates: dict[tuple[int, int], str] = {}
    for frag in fragments:
        target = a.at(a.n_rows - 1, frag.col)
        if (target is None or target.row != a.n_rows - 1 or target.col != frag.col or not target.text
                or len(frag.text) > _MAX_FRAGMENT or _ENUMERATED.match(frag.text) or frag.text in _WHOLE_LABELS
                or len(target.text) < _MAX_FRAGMENT
                or target.text[-1] in "。；;：:" or not _fills_width(target, above_chars)):
            return None
        updates[(target.row, target.col)] = join_lines([target.text, frag.text])
    cells = tuple(replace(c, text=updates.get((c.row, c.col), c.text)) for c in a.cells)
    new_above = replace(above, grid=Grid(a.n_rows, a.n_cols, cells))
    rest = remove_row(b.cells, 0)
    if b.n_rows == 1 or not rest:
        return new_above, None
    top = min(c.prov.bbox[1] for c in rest if c.prov.bbox is not None)
    x0, _, x1, bottom = _box(below)
    return new_above, replace(below, grid=Grid(b.n_rows - 1, b.n_cols, tuple(rest)),
                              prov=Prov(page=below.prov.page, bbox=(x0, top, x1, bottom)))


def _columns_align(above: TableRegion, below: TableRegion, tol: float = 3.0) -> bool:
    def lefts(region: TableRegion) -> dict[int, float]:
        return {c.col: c.prov.bbox[0] for c in region.grid.cells if c.colspan == 1 and c.prov.bbox is not None}

    la, lb = lefts(above), lefts(below)
    shared = set(la) & set(lb)
    return len(shared) >= above.grid.n_cols - 1 and all(abs(la[j] - lb[j]) <= tol for j in shared)


def _fills_width(cell: Cell, chars: Sequence[Char]) -> bool:
    """Whether the last text line of a cell runs to its right edge (its text wrapped there);
    ``chars`` holds at least the page's glyphs inside the cell."""
    if cell.prov.bbox is None:
        return False
    x0, top, x1, bottom = cell.prov.bbox
    inside = [ch for ch in chars if x0 <= ch.xc <= x1 and top <= ch.yc <= bottom]
    if not inside:
        return False
    last_top = max(ch.top for ch in inside)
    last = [ch for ch in inside if ch.top >= last_top - ch.size / 2]
    size = max(ch.size for ch in last)
    return max(ch.x1 for ch in last) >= x1 - 1.5 * size - 3
