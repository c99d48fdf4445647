"""The PDF reader: pages of text lines and table regions, in reading order, with provenance.

Each page's objects are read once, by :mod:`extractor.sources.pdf_pdfium` (the default, fast) or
:func:`page_objects` (pdfplumber, the reference), and laid out at once: rulings become table
frames (:mod:`extractor.sources.pdf_grid`, or camelot's lattice with ``engine='camelot'``), frames
are filled with glyphs, and the remaining glyphs become text lines
(:mod:`extractor.sources.pdf_lines`). The page's glyphs are then dropped, so memory stays bounded
on long documents. Across pages (:mod:`extractor.sources.pdf_pages`), running headers, footers and
page numbers are dropped and labels cut by a page break are rejoined.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.errors import EncryptedError, ExtractorError, InputError, LimitExceeded
from extractor.model import Block, Page, Prov, SourceDoc, SourceFormat, TableRegion, TextLine
from extractor.sources.pdf_cells import frame_to_region
from extractor.sources.pdf_grid import (
    Frame,
    Shape,
    merge_segments,
    segments_to_frames,
    shapes_to_segments,
)
from extractor.sources.pdf_lines import (
    MAX_DESCENT,
    Char,
    chars_to_lines,
    dedupe_chars,
    is_bold_font,
    mark_spaces,
)
from extractor.sources.pdf_pages import (
    FrameFinder,
    LaidOutPage,
    PageObjects,
    last_row_chars,
    rejoin_cut_rows,
    running_furniture,
)

if TYPE_CHECKING:
    from extractor.sources.options import ReadOptions




def read_pdf(path: Path, data: bytes, sha256: str, options: ReadOptions) -> SourceDoc:
    """Read a PDF into a :class:`SourceDoc`; raises :class:`InputError` and its subclasses only.

    Pages are laid out as they are read (see :func:`objects_to_doc`), so only one page's glyphs
    are held at a time. The pdfium reader goes first; when it cannot open the file or fails on a
    page, what was laid out is dropped and pdfplumber reads the whole file again: its diagnosis
    of a damaged file is the one reported. Errors of the layout itself (such as
    :class:`LimitExceeded`) are not the reader's and pass through.
    """
    finder: FrameFinder = ruling_frames
    if options.engine == "camelot":
        _quiet_pdfminer()
        from extractor.sources.camelot_engine import camelot_frame_finder

        finder = camelot_frame_finder(path, data)
    doc = _pdfium_document(path, data, options.max_pages) if options.reader == "pdfium" else None
    if doc is not None:
        try:
            return objects_to_doc(path, sha256, _scans(_pdfium_pages(path, doc), data, options), finder,
                                  options.max_cells)
        except _PdfiumFailed:
            pass
    pages = _scans(_pdfplumber_pages(path, data, options.max_pages), data, options)
    return objects_to_doc(path, sha256, pages, finder, options.max_cells)


def _scans(pages: Iterator[PageObjects], data: bytes, options: ReadOptions) -> Iterator[PageObjects]:
    """The pages, those without a text layer read by OCR as ``options.ocr`` says
    (:mod:`extractor.sources.ocr_pages`)."""
    from extractor.sources.ocr_pages import with_ocr

    return with_ocr(pages, data, options)


class _PdfiumFailed(Exception):
    """pdfium could not read a page: the reference reader takes the whole file."""


def _pdfium_document(path: Path, data: bytes, max_pages: int) -> Any:
    """The file opened by pdfium, or None when pdfium may not or cannot read it; raises for an
    encrypted file or too many pages."""
    try:
        from extractor.sources.pdf_pdfium import open_pdf
        from extractor.sources.pdf_pdfium_lib import ERR_PASSWORD, PdfiumError
    except ImportError:  # pragma: no cover - pypdfium2 is a dependency; a broken install falls back
        return None
    from extractor.sources.pdf_guard import inflates_within

    if not inflates_within(data):  # pdfium would abort the process if memory ran out
        return None
    try:
        doc = open_pdf(data)
    except PdfiumError as err:
        if err.code == ERR_PASSWORD:
            raise EncryptedError(f"{path}: the PDF is encrypted; decrypt it (e.g. qpdf --decrypt) and retry") from err
        return None
    except OSError as err:  # no usable pdfium library (PdfiumUnsupported): the reference reader reads
        _warn_once(f"extractor: warning: {err}; PDFs are read with pdfplumber (slower) — "
                   f"install pypdfium2=={TESTED_PYPDFIUM2} for the fast reader")
        return None
    count = len(doc)
    if count > max_pages:
        doc.close()
        raise LimitExceeded(f"{path}: {count} pages exceeds the limit of {max_pages} (--max-pages); raise the limit")
    return doc


TESTED_PYPDFIUM2 = "5.15.2"
"""The pypdfium2 release pyproject.toml pins, whose pdfium build the fast reader is tested with."""

_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    """One line on stderr, once per process (a batch worker reads many files)."""
    if message not in _WARNED:
        _WARNED.add(message)
        print(message, file=sys.stderr)


def _pdfium_pages(path: Path, doc: Any) -> Iterator[PageObjects]:
    """Each page of ``doc`` through pdfium, read and released in turn; a pdfium failure raises
    :class:`_PdfiumFailed` (errors of the caller's layout are not pdfium's and pass through)."""
    from extractor.sources.pdf_pdfium import iter_page_objects

    pages = iter_page_objects(doc)
    while True:
        try:
            number, width, height, rotation, chars, shapes = next(pages)
        except StopIteration:
            return
        except MemoryError as err:
            raise LimitExceeded(
                f"{path}: the PDF needs more memory than this process may use (a decompression bomb?); "
                "raise the memory limit only for a file you trust"
            ) from err
        except Exception as err:  # a page pdfium cannot read
            raise _PdfiumFailed from err
        yield PageObjects(number, float(width), float(height), rotation, tuple(chars), tuple(shapes))


def _pdfplumber_pages(path: Path, data: bytes, max_pages: int) -> Iterator[PageObjects]:
    """Each page through pdfplumber (the reference reader); library errors become InputError."""
    _quiet_pdfminer()
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > max_pages:
                raise LimitExceeded(
                    f"{path}: {count} pages exceeds the limit of {max_pages} (--max-pages); raise the limit"
                )
            for i, page in enumerate(pdf.pages):
                yield _read_and_release(page, i + 1)
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


def _quiet_pdfminer() -> None:
    """pdfminer logs damaged-file warnings; with no handler Python would print them raw on
    stderr. Set up only when pdfminer is about to be used (logging is not loaded otherwise)."""
    import logging

    logger = logging.getLogger("pdfminer")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


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
    chars = dedupe_chars(mark_spaces(_char(c) for c in page.chars))
    shapes = [_shape(o, "line") for o in page.lines]
    shapes += [_shape(o, "rect") for o in page.rects if not _invisible(o)]
    shapes += [_shape(o, "line") for o in page.curves if min(o["x1"] - o["x0"], o["bottom"] - o["top"]) <= 2.5]
    return PageObjects(number, float(page.width), float(page.height), int(page.rotation or 0) % 360,
                       tuple(chars), tuple(shapes))


def _char(c: dict[str, Any]) -> Char:
    """A pdfplumber glyph; an upright one whose box reaches deeper than
    :data:`~extractor.sources.pdf_lines.MAX_DESCENT` below its baseline (the matrix's origin) is
    moved up to that depth, as the fast reader clamps the font's descent."""
    top, bottom, size = float(c["top"]), float(c["bottom"]), float(c.get("size") or 0.0)
    matrix = c.get("matrix")
    if c.get("upright") and matrix and matrix[1] == 0 == matrix[2] and matrix[3] > 0:
        drop = float(matrix[5]) - float(c["y0"])  # baseline above the box's bottom, in points
        allowed = MAX_DESCENT * size
        if drop > allowed + 1e-6:
            top, bottom = top - (drop - allowed), bottom - (drop - allowed)
    return Char(c["text"], float(c["x0"]), top, float(c["x1"]), bottom, size, is_bold_font(str(c.get("fontname", ""))))


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


def objects_to_doc(path: Path, sha256: str, objects: Iterable[PageObjects], finder: FrameFinder,
                   max_cells: int) -> SourceDoc:
    """Regions and lines per page, running headers and footers removed, cut rows rejoined.

    Each page is laid out as soon as it is read and its glyphs are dropped (``objects`` may be a
    generator): a long document never holds more than one page's glyphs, only what the later
    steps need (:class:`~extractor.sources.pdf_pages.LaidOutPage`).
    """
    warnings: list[str] = []
    laid_out: list[LaidOutPage] = []
    ocr: list[int] = []
    cells = 0
    for obj in objects:
        laid_out.append(_lay_out(obj, finder, warnings))
        if obj.ocr:
            ocr.append(obj.number)
        cells += sum(r.grid.n_rows * r.grid.n_cols for r in laid_out[-1].regions)
        if cells > max_cells:
            raise LimitExceeded(f"{path}: more than {max_cells} table cells by page {obj.number} (--max-cells)")
    if any(w.endswith("no text layer — OCR needed") for w in warnings):
        hint = _ocr_hint()
        if hint:
            warnings.append(hint)
    furniture = running_furniture(laid_out)
    for page in laid_out:
        page.lines = [ln for ln in page.lines if (page.number, ln.bbox) not in furniture]
    rejoin_cut_rows(laid_out)
    pages = tuple(_page(page) for page in laid_out)
    return SourceDoc(path=str(path), sha256=sha256, format=SourceFormat.PDF, pages=pages,
                     page_count=len(laid_out), warnings=tuple(warnings), pages_ocr=tuple(ocr))


def _lay_out(obj: PageObjects, finder: FrameFinder, warnings: list[str]) -> LaidOutPage:
    """One page's regions and lines; a scanned page left without text (OCR not run) or a page
    whose text cannot be decoded gets a warning and neither; a page of neither text nor image
    (blank, or an empty ruling) is simply empty."""
    page = LaidOutPage(obj.number, obj.width, obj.height, obj.rotation, bool(obj.chars), [], [])
    if not obj.chars:
        if obj.image and not obj.ocr:  # (an OCR'd page that shows no text is simply blank)
            warnings.append(f"page {obj.number}: no text layer — OCR needed")
    elif _undecodable(obj.chars):
        warnings.append(f"page {obj.number}: text cannot be decoded (fonts without a Unicode map) — OCR needed")
    else:
        page.regions, rest = page_regions(obj, finder(obj))
        if obj.ocr:
            from extractor.sources.ocr import region_confidences

            page.regions = [region_confidences(region, obj.chars) for region in page.regions]
        # text set wholly outside the page (clipped overflow of a cell) is not printed: not read
        page.lines = [replace(ln, chars=()) for ln in chars_to_lines(rest) if _on_page(ln.bbox, obj.width, obj.height)]
        page.last_row_chars = last_row_chars(page.regions, obj.chars)
    return page


def _on_page(bbox: tuple[float, float, float, float], width: float, height: float) -> bool:
    x0, top, x1, bottom = bbox
    return bottom > 0 and top < height and x1 > 0 and x0 < width


def _ocr_hint() -> str:
    """What to do about scanned pages left without OCR because the engine is not installed
    (one line for the document; empty when the engine is there)."""
    from extractor.sources.ocr_engine import INSTALL_HINT, engine_available

    return f"pages without a text layer were not read: {INSTALL_HINT}" if not engine_available() else ""


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


def _page(page: LaidOutPage) -> Page:
    """Blocks top to bottom; lines sharing a baseline band (编制部门 … 单位：元) left to right."""
    blocks: list[tuple[float, float, float, Block]] = []
    for ln in sorted(page.lines, key=lambda ln: ln.top):
        line = TextLine(ln.text, Prov(page=page.number, bbox=_round(ln.bbox)), size=ln.size, bold=ln.bold)
        band = blocks[-1][0] if blocks and abs(blocks[-1][2] - ln.top) < (ln.bottom - ln.top) / 2 else ln.top
        blocks.append((band, ln.x0, ln.top, line))
    for region in page.regions:
        bbox = region.prov.bbox or (0.0, 0.0, 0.0, 0.0)
        blocks.append((bbox[1], bbox[0], bbox[1], region))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return Page(number=page.number, blocks=tuple(b[3] for b in blocks), width=round(page.width, 2),
                height=round(page.height, 2), rotation=page.rotation, has_text=page.has_text)


def _round(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))
