"""The PDF reader: pages of text lines and table regions, in reading order, with provenance.

Each page's objects are read once, by :func:`page_objects` (the one place that touches
pdfplumber's page model, so a faster extraction can replace it). Rulings become table frames
(:mod:`extractor.sources.pdf_grid`, or camelot's lattice with ``engine='camelot'``), frames are
filled with glyphs, and the remaining glyphs become text lines
(:mod:`extractor.sources.pdf_lines`). Running headers, footers and page numbers are dropped.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.errors import EncryptedError, ExtractorError, InputError, LimitExceeded
from extractor.model import Block, Cell, Grid, Page, Prov, SourceDoc, SourceFormat, TableRegion, TextLine
from extractor.sources.pdf_grid import (
    Frame,
    Shape,
    frame_to_region,
    merge_segments,
    remove_row,
    segments_to_frames,
    shapes_to_segments,
)
from extractor.sources.pdf_lines import (
    Char,
    Line,
    chars_to_lines,
    dedupe_chars,
    is_bold_font,
    join_lines,
    mark_spaces,
)

if TYPE_CHECKING:
    from extractor.sources import ReadOptions

FrameFinder = Callable[["PageObjects"], list[Frame]]

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—─_\s]*\d{1,4}[-–—─_\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?|[-–—─]\s*[ivxlc]+\s*[-–—─])$",
    re.IGNORECASE,
)
_MARGIN = 0.12
"""Fraction of the page height at the top and bottom where headers, footers and page numbers live."""
_REPEAT_MARGIN = 0.08
"""Repeated lines count as running headers or footers only this close to the edge."""


@dataclass(frozen=True, slots=True)
class PageObjects:
    """Everything the reader needs from one page, read once."""

    number: int
    width: float
    height: float
    rotation: int
    chars: tuple[Char, ...]
    shapes: tuple[Shape, ...]


def read_pdf(path: Path, data: bytes, sha256: str, options: ReadOptions) -> SourceDoc:
    """Read a PDF into a :class:`SourceDoc`; raises :class:`InputError` and its subclasses only."""
    objects = read_page_objects(path, data, options.max_pages, options.reader)
    finder: FrameFinder = ruling_frames
    if options.engine == "camelot":
        from extractor.sources.camelot_engine import camelot_frame_finder

        finder = camelot_frame_finder(path, data)
    return objects_to_doc(path, sha256, objects, finder, options.max_cells)


def read_page_objects(path: Path, data: bytes, max_pages: int, reader: str = "pdfium") -> list[PageObjects]:
    """Open the PDF and read every page's glyphs and shapes; library errors become InputError.

    The pdfium reader goes first; a file it cannot open (or a page it fails on) is read again by
    pdfplumber, whose diagnosis of a damaged file is the one reported.
    """
    if reader == "pdfium":
        fast = _read_with_pdfium(path, data, max_pages)
        if fast is not None:
            return fast
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > max_pages:
                raise LimitExceeded(
                    f"{path}: {count} pages exceeds the limit of {max_pages} (--max-pages); raise the limit"
                )
            return [_read_and_release(page, i + 1) for i, page in enumerate(pdf.pages)]
    except ExtractorError:
        raise
    except Exception as err:  # pdfminer/pdfplumber raise many unrelated types
        if _is_encryption_error(err):
            raise EncryptedError(f"{path}: the PDF is encrypted; decrypt it (e.g. qpdf --decrypt) and retry") from err
        if _is_memory_error(err):
            raise LimitExceeded(
                f"{path}: the PDF needs more memory than this process may use (a decompression bomb?); "
                "raise the memory limit only for a file you trust"
            ) from err
        raise InputError(f"{path}: cannot parse PDF ({type(err).__name__}: {_short(err)}); check the file is complete") from err


def _read_with_pdfium(path: Path, data: bytes, max_pages: int) -> list[PageObjects] | None:
    """Every page through pdfium, or None when pdfium fails (the reference reader then decides)."""
    try:
        from extractor.sources.pdf_pdfium import iter_page_objects, page_count
    except ImportError:  # pragma: no cover - pypdfium2 is a dependency; a broken install falls back
        return None
    from extractor.sources.pdf_guard import inflates_within

    if not inflates_within(data):  # pdfium would abort the process if memory ran out
        return None
    try:
        count = page_count(data)
    except Exception as err:  # pypdfium2 raises PdfiumError with pdfium's error code in the text
        if _is_encryption_error(err):
            raise EncryptedError(f"{path}: the PDF is encrypted; decrypt it (e.g. qpdf --decrypt) and retry") from err
        return None
    if count > max_pages:
        raise LimitExceeded(f"{path}: {count} pages exceeds the limit of {max_pages} (--max-pages); raise the limit")
    try:
        return [PageObjects(number, float(width), float(height), rotation, tuple(chars), tuple(shapes))
                for number, width, height, rotation, chars, shapes in iter_page_objects(data)]
    except MemoryError as err:
        raise LimitExceeded(
            f"{path}: the PDF needs more memory than this process may use (a decompression bomb?); "
            "raise the memory limit only for a file you trust"
        ) from err
    except Exception:  # a page pdfium cannot read: the reference reader takes the whole file
        return None


def _short(err: BaseException, limit: int = 80) -> str:
    """The library's message on one line, cut to ``limit`` characters (pdfminer quotes whole objects)."""
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_memory_error(err: BaseException) -> bool:
    """MemoryError, or zlib's "Unable to allocate output buffer", anywhere in the chain."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, MemoryError) or "unable to allocate" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _is_encryption_error(err: BaseException) -> bool:
    seen: BaseException | None = err
    while seen is not None:
        name = type(seen).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(seen).lower():
            return True
        for arg in getattr(seen, "args", ()):
            if isinstance(arg, BaseException) and _is_encryption_error(arg):
                return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read_and_release(page: Any, number: int) -> PageObjects:
    """Read one page, then drop pdfplumber's cached objects so long documents stay small."""
    try:
        return page_objects(page, number)
    finally:
        page.close()


def page_objects(page: Any, number: int) -> PageObjects:
    """Glyphs and drawn shapes of one pdfplumber page, in display coordinates (rotation applied)."""
    chars = dedupe_chars(mark_spaces(
        Char(c["text"], float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]),
             float(c.get("size") or 0.0), is_bold_font(str(c.get("fontname", ""))))
        for c in page.chars
    ))
    shapes = [_shape(o, "line") for o in page.lines]
    shapes += [_shape(o, "rect") for o in page.rects if not _invisible(o)]
    shapes += [_shape(o, "line") for o in page.curves if min(o["x1"] - o["x0"], o["bottom"] - o["top"]) <= 2.5]
    return PageObjects(number, float(page.width), float(page.height), int(page.rotation or 0) % 360,
                       tuple(chars), tuple(shapes))


def _shape(obj: dict[str, Any], kind: str) -> Shape:
    return Shape(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]), kind,
                 bool(obj.get("stroke", True)), bool(obj.get("fill", False)))


def _invisible(obj: dict[str, Any]) -> bool:
    """A filled, unstroked rectangle painted white (cell backgrounds, not rulings)."""
    if obj.get("stroke") or not obj.get("fill"):
        return False
    color = obj.get("non_stroking_color")
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)):
        return False
    values = [float(v) for v in color if isinstance(v, (int, float))]
    if len(values) == 4:
        return all(v == 0 for v in values)
    return bool(values) and all(v >= 0.99 for v in values)


def ruling_frames(objects: PageObjects) -> list[Frame]:
    """Table frames found from the page's own rulings (the default engine)."""
    segments = merge_segments(shapes_to_segments(objects.shapes))
    return segments_to_frames(segments, objects.chars)


# ---------------------------------------------------------------- objects → document


def objects_to_doc(path: Path, sha256: str, objects: Sequence[PageObjects], finder: FrameFinder,
                   max_cells: int) -> SourceDoc:
    """Regions and lines per page, running headers and footers removed."""
    warnings: list[str] = []
    laid_out: list[tuple[PageObjects, list[TableRegion], list[Line]]] = []
    cells = 0
    for obj in objects:
        if not obj.chars:
            warnings.append(f"page {obj.number}: no text layer — OCR needed")
            laid_out.append((obj, [], []))
            continue
        if _undecodable(obj.chars):
            warnings.append(f"page {obj.number}: text cannot be decoded (fonts without a Unicode map) — OCR needed")
            laid_out.append((obj, [], []))
            continue
        regions, rest = page_regions(obj, finder(obj))
        cells += sum(r.grid.n_rows * r.grid.n_cols for r in regions)
        if cells > max_cells:
            raise LimitExceeded(f"{path}: more than {max_cells} table cells by page {obj.number} (--max-cells)")
        laid_out.append((obj, regions, chars_to_lines(rest)))
    furniture = running_furniture([(o, lines) for o, _, lines in laid_out])
    laid_out = [(o, regions, [ln for ln in lines if (o.number, ln.bbox) not in furniture])
                for o, regions, lines in laid_out]
    rejoin_cut_rows(laid_out)
    pages = tuple(_page(obj, regions, lines) for obj, regions, lines in laid_out)
    return SourceDoc(path=str(path), sha256=sha256, format=SourceFormat.PDF, pages=pages,
                     page_count=len(objects), warnings=tuple(warnings))


def _undecodable(chars: Sequence[Char]) -> bool:
    """Most glyphs came out as pdfminer's ``(cid:N)`` placeholders: the text cannot be trusted."""
    return sum(1 for c in chars if c.text.startswith("(cid:")) > len(chars) // 2


def page_regions(obj: PageObjects, frames: Sequence[Frame]) -> tuple[list[TableRegion], list[Char]]:
    """Fill each frame with the page's glyphs; return the regions and the glyphs left over."""
    remaining = list(obj.chars)
    regions: list[TableRegion] = []
    for frame in frames:
        found = frame_to_region(frame, remaining, obj.number)
        if found is None:
            continue
        region, taken = found
        ids = {id(ch) for ch in taken}
        remaining = [ch for ch in remaining if id(ch) not in ids]
        regions.append(region)
    return regions, remaining


def _page(obj: PageObjects, regions: Sequence[TableRegion], lines: Sequence[Line]) -> Page:
    """Blocks top to bottom; lines sharing a baseline band (编制部门 … 单位：元) left to right."""
    blocks: list[tuple[float, float, float, Block]] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        line = TextLine(ln.text, Prov(page=obj.number, bbox=_round(ln.bbox)), size=ln.size, bold=ln.bold)
        band = blocks[-1][0] if blocks and abs(blocks[-1][2] - ln.top) < (ln.bottom - ln.top) / 2 else ln.top
        blocks.append((band, ln.x0, ln.top, line))
    for region in regions:
        bbox = region.prov.bbox or (0.0, 0.0, 0.0, 0.0)
        blocks.append((bbox[1], bbox[0], bbox[1], region))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return Page(number=obj.number, blocks=tuple(b[3] for b in blocks), width=round(obj.width, 2),
                height=round(obj.height, 2), rotation=obj.rotation, has_text=bool(obj.chars))


def _round(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))


# ---------------------------------------------------------------- running headers and footers


def running_furniture(pages: Sequence[tuple[PageObjects, Sequence[Line]]]) -> set[tuple[int, tuple[float, ...]]]:
    """(page, bbox) of lines that are page numbers, or repeat at the same place on most pages."""
    marginal: list[tuple[int, Line, tuple[str, int, int]]] = []
    for obj, lines in pages:
        for ln in lines:
            zone = _zone(obj, ln, _MARGIN)
            if zone:
                key = (re.sub(r"\d+", "#", ln.text.replace(" ", "")), _zone(obj, ln, _REPEAT_MARGIN), round(ln.top / 6))
                marginal.append((obj.number, ln, key))
    counts = Counter(key for _, key in {(n, key) for n, _, key in marginal})
    threshold = max(3, len(pages) // 2)
    out: set[tuple[int, tuple[float, ...]]] = set()
    for number, ln, key in marginal:
        if _PAGE_NUMBER.match(ln.text.strip()) or (key[1] and counts[key] >= threshold):
            out.add((number, ln.bbox))
    return out


def _zone(obj: PageObjects, ln: Line, margin: float) -> int:
    """1 for the header band, 2 for the footer band, 0 for the body."""
    if ln.bottom <= obj.height * margin:
        return 1
    if ln.top >= obj.height * (1 - margin):
        return 2
    return 0


# ---------------------------------------------------------------- rows cut by a page break

_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|\d{3,}|其中)")
_AMOUNT = re.compile(r"^[-—]?[\d,，]*\.?\d+%?$")
_MAX_FRAGMENT = 4
_WHOLE_LABELS = frozenset({"小计", "合计", "总计", "其他", "其中", "备注", "说明"})


def rejoin_cut_rows(pages: list[tuple[PageObjects, list[TableRegion], list[Line]]]) -> None:
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
        prev_obj, prev_regions, prev_lines = pages[k - 1]
        _, regions, lines = pages[k]
        if not prev_regions or not regions:
            continue
        last = max(prev_regions, key=lambda r: _box(r)[3])
        first = min(regions, key=lambda r: _box(r)[1])
        if any(ln.top > _box(last)[3] for ln in prev_lines) or any(ln.bottom < _box(first)[1] for ln in lines):
            continue
        joined = _join_cut_row(last, first, prev_obj)
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
                  above_page: PageObjects) -> tuple[TableRegion, TableRegion | None] | None:
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
                or target.text[-1] in "。；;：:" or not _fills_width(target, above_page)):
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


def _fills_width(cell: Cell, page: PageObjects) -> bool:
    """Whether the last text line of a cell runs to its right edge (its text wrapped there)."""
    if cell.prov.bbox is None:
        return False
    x0, top, x1, bottom = cell.prov.bbox
    inside = [ch for ch in page.chars if x0 <= ch.xc <= x1 and top <= ch.yc <= bottom]
    if not inside:
        return False
    last_top = max(ch.top for ch in inside)
    last = [ch for ch in inside if ch.top >= last_top - ch.size / 2]
    size = max(ch.size for ch in last)
    return max(ch.x1 for ch in last) >= x1 - 1.5 * size - 3
