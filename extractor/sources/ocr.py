"""OCR of one page image into the reader's own page objects: glyphs with boxes, and rulings.

A scanned page becomes the very :class:`~extractor.sources.pdf_pages.PageObjects` a text page gives —
:class:`OcrChar` glyphs (each with its recognition confidence) in PDF points, top-left origin, and
ruling lines as :class:`~extractor.sources.pdf_grid.Shape` values — so the PDF reader's layout
(frames, cells, lines, running headers, cut rows) and every later stage run unchanged:

1. the page's skew is measured and undone (:mod:`extractor.sources.ocr_image`);
2. rulings are found in the image (OpenCV morphology) and turned into table frames by the
   reader's own :func:`~extractor.sources.pdf_grid.segments_to_frames`;
3. each ruled cell is split into text lines by horizontal projection and each line is
   *recognized* directly — no text detection, which is most of an OCR engine's cost;
4. the rest of the page (outside the ruled frames) goes through text detection, then recognition;
5. each recognized character gets a box from its place in the recognizer's output.

Boxes are those of the straightened page (a skew of a degree moves a point near the page's
edge by a few points at most).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from extractor.model import Cell, Grid, TableRegion
from extractor.sources.ocr_image import (
    PixelBox,
    anchored,
    ink_bands,
    ink_mask,
    paper_level,
    remove_specks,
    rotate,
    ruling_masks,
    ruling_segments,
    skew_angle,
)
from extractor.sources.pdf_cells import frame_boxes
from extractor.sources.pdf_grid import Frame, Shape, merge_segments, segments_to_frames, shapes_to_segments
from extractor.sources.pdf_lines import Char, is_cjk

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from extractor.sources.ocr_engine import Engine, Reading

Image = Any
"""A grey page image (a 2-D uint8 array)."""

DPI = 200
"""Resolution pages are rendered at for OCR."""
_DETECT_DPI = 120
"""Resolution text detection runs at (recognition gets the full one)."""
_INK_HEIGHT = 0.8
"""Ink height of a line of text as a fraction of its font size."""


@dataclass(slots=True)
class OcrChar(Char):
    """A glyph read by OCR, with the recognizer's confidence (0–1)."""

    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class OcrResult:
    """One page read by OCR: glyphs and rulings in PDF points."""

    chars: tuple[Char, ...]
    shapes: tuple[Shape, ...]


def image_to_objects(image: Image, engine: Engine, dpi: float = DPI) -> OcrResult:
    """Glyphs and rulings of a grey page image rendered at ``dpi``."""
    image = _straighten(image)
    mask = ink_mask(image)
    hmask, vmask = ruling_masks(mask, dpi)
    scale = 72 / dpi
    segments = anchored(ruling_segments(hmask, vmask, dpi), hmask, 25 * dpi / 72)
    shapes = tuple(_shape(seg, scale) for seg in segments)
    frames = [f for f in segments_to_frames(merge_segments(shapes_to_segments(shapes)), []) if f.ruled]
    rulings = cv2.dilate(hmask | vmask, np.ones((3, 3), np.uint8), iterations=max(1, round(dpi / 100)))
    text_mask = cv2_and_not(mask, rulings)
    text_mask = remove_specks(text_mask, max(2, round(3 * (dpi / 150) ** 2)))
    boxes = [box for frame in frames for box in _cell_lines(frame, text_mask, dpi)]
    boxes += _detected_lines(image, frames, engine, dpi)
    crops = [_crop(image, box, pad) for box, pad in boxes]
    readings = engine.recognize(crops)
    chars: list[Char] = []
    for (box, pad), reading in zip(boxes, readings, strict=True):
        chars += reading_to_chars(reading, box, pad, scale)
    return OcrResult(tuple(chars), shapes)


def cv2_and_not(a: Image, b: Image) -> Image:
    """Pixels set in ``a`` and not in ``b``."""
    return np.where(b > 0, 0, a).astype(np.uint8)


def _straighten(image: Image) -> Image:
    angle = skew_angle(ink_mask(image))
    if abs(angle) < 0.05:
        return image
    return rotate(image, angle, paper_level(image))


def _shape(seg: tuple[bool, float, float, float], scale: float) -> Shape:
    horizontal, pos, start, end = seg
    if horizontal:
        return Shape(start * scale, pos * scale, end * scale, pos * scale, "line")
    return Shape(pos * scale, start * scale, pos * scale, end * scale, "line")


# ---------------------------------------------------------------- where the text is


def _cell_lines(frame: Frame, text_mask: Image, dpi: float) -> list[tuple[PixelBox, int]]:
    """The text lines of each cell of a frame, as pixel boxes (with the padding to crop with)."""
    px = dpi / 72
    inset = max(2, int(2 * px))
    height, width = text_mask.shape
    out: list[tuple[PixelBox, int]] = []
    for r0, c0, r1, c1 in frame_boxes(frame):
        x0, y0 = int(frame.xs[c0] * px) + inset, int(frame.ys[r0] * px) + inset
        x1, y1 = int(frame.xs[c1 + 1] * px) - inset, int(frame.ys[r1 + 1] * px) - inset
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
        if x1 - x0 < 3 or y1 - y0 < 3:
            continue
        for bx0, by0, bx1, by1 in ink_bands(text_mask[y0:y1, x0:x1], min_height=max(3, int(4 * px))):
            box = (x0 + bx0, y0 + by0, x0 + bx1, y0 + by1)
            pad = max(2, (by1 - by0) // 4)
            pad = min(pad, box[1] - y0 + inset - 1, y1 + inset - 1 - box[3], box[0] - x0 + inset - 1, x1 + inset - 1 - box[2])
            out.append((box, max(pad, 1)))
    return out


def _detected_lines(image: Image, frames: Sequence[Frame], engine: Engine, dpi: float) -> list[tuple[PixelBox, int]]:
    """Text outside the ruled frames: the frames are blanked and the horizontal bands of the page
    that hold anything else go through text detection."""
    px = dpi / 72
    height, width = image.shape
    blank = image.copy()
    paper = paper_level(image)
    covered = np.zeros(height, dtype=bool)
    for frame in frames:
        x0, top, x1, bottom = (int(v * px) for v in frame.bbox)
        blank[max(top - 2, 0):bottom + 3, max(x0 - 2, 0):x1 + 3] = paper
        if x1 - x0 > 0.6 * width:
            covered[max(top, 0):bottom] = True
    out: list[tuple[PixelBox, int]] = []
    for a, b in _runs(~covered):
        if b - a < 8:
            continue
        band = blank[a:b]
        if int((ink_mask(band) > 0).sum()) < 10:
            continue
        for bx0, by0, bx1, by1 in engine.detect(band, min(1.0, _DETECT_DPI / dpi)):
            box = _tighten(blank, (bx0, a + by0, bx1, a + by1))
            if box is not None:
                out.append((box, max(2, (box[3] - box[1]) // 4)))
    return out


def _runs(flags: NDArray[np.bool_]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, flag in enumerate(flags.tolist()):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(flags)))
    return out


def _tighten(image: Image, box: PixelBox) -> PixelBox | None:
    """A detected box shrunk to its ink (detection boxes are padded)."""
    x0, y0, x1, y1 = max(box[0], 0), max(box[1], 0), min(box[2], image.shape[1]), min(box[3], image.shape[0])
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    ink = ink_mask(image[y0:y1, x0:x1])
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    return (x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1)


def _crop(image: Image, box: PixelBox, pad: int) -> Image:
    x0, y0, x1, y1 = box
    return np.ascontiguousarray(image[max(y0 - pad, 0):y1 + pad, max(x0 - pad, 0):x1 + pad])


# ---------------------------------------------------------------- readings → glyphs


def reading_to_chars(reading: Reading, box: PixelBox, pad: int, scale: float) -> list[Char]:
    """Glyph boxes (PDF points) for a line's reading: each character centred where the
    recognizer saw it, as wide as its kind (a Chinese character about its size, others half),
    never overlapping its neighbours; a space read between two characters marks the next one."""
    x0, y0, x1, y1 = box
    crop_x0 = max(x0 - pad, 0)
    crop_w = (x1 + pad) - crop_x0
    ink = max(y1 - y0, 1)
    size_px = ink / _INK_HEIGHT
    top, bottom = y0 - (size_px - ink) / 2, y1 + (size_px - ink) / 2
    placed = [(ch, crop_x0 + f * crop_w, conf)
              for ch, f, conf in zip(reading.text, reading.centres, reading.confidences, strict=True)]
    placed = _amount_glyphs(_folio_dashes(_without_specks(placed)))
    text = amount_separators("".join(ch for ch, _, _ in placed))  # (the same length)
    placed = [(ch, x, conf) for ch, (_, x, conf) in zip(text, placed, strict=True)]
    glyphs = [(ch, x, conf) for ch, x, conf in placed if not ch.isspace()]
    spaced = _after_space(text)
    out: list[Char] = []
    for k, (ch, x, conf) in enumerate(glyphs):
        half = size_px / 2 if is_cjk(ch) else size_px / 4
        left, right = x - half, x + half
        if k > 0:  # neighbours touch, unless a space was read between them
            left = (glyphs[k - 1][1] + x) / 2 + (0.1 * size_px if spaced[k] else 0)
        if k + 1 < len(glyphs):
            right = (glyphs[k + 1][1] + x) / 2 - (0.1 * size_px if spaced[k + 1] else 0)
        if right <= left:
            right = left + 0.5
        out.append(OcrChar(ch, left * scale, top * scale, right * scale, bottom * scale, size_px * scale,
                           False, spaced[k], conf))
    return out


_SPECKS = frozenset(";；:：,，.·'\"`_~、")
"""Marks a speck of dirt or the end of a ruling is read as, at the start of a line."""
_TRAILING_SPECKS = frozenset(";；,，.·'\"`_~")
"""The same at the end of a line (a colon or 、 ends a label: 部门：, 一、)."""


def _without_specks(placed: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """A line's reading without specks read as marks at its ends (no cell or line of a budget
    table begins with one; a heading ends with none but 。), when anything else is left."""
    start, end = 0, len(placed)
    while start < end - 1 and (placed[start][0] in _SPECKS or placed[start][0].isspace()):
        start += 1
    while end - 1 > start and (placed[end - 1][0] in _TRAILING_SPECKS or placed[end - 1][0].isspace()):
        end -= 1
    return placed[start:end]


_FOLIO = re.compile(r"^[-–—一~_][-–—一~_ ]*\d{1,4}[-–—一~_ ]*[-–—一~_]$")


def _folio_dashes(placed: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """A page number printed between dashes (``- 15 -``), its dashes read as the character 一
    (``-15一``): the dashes, so that it is known for a page number (no line of a budget is a
    number between 一 marks)."""
    text = "".join(ch for ch, _, _ in placed)
    if "一" not in text or not _FOLIO.match(text):
        return placed
    return [("-" if ch == "一" else ch, x, conf) for ch, x, conf in placed]


_DIGIT_LIKE = {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "S": "5",
               "B": "8", "H": "4", "b": "6", "g": "9"}
"""Letters the recognizer reads for digits in small or blurred print."""


def _amount_glyphs(placed: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """A line that is an amount or a code, as printed: letters read for digits become the
    digits (``0H`` is ``04``), a space read next to a group separator goes (``3,580, 522``), and
    so does the first of two separators in a row (``1,300..77``)."""
    text = "".join(ch for ch, _, _ in placed)
    bare = text.replace(" ", "")
    digits = sum(ch.isdigit() for ch in bare)
    if not digits or any(not (ch.isdigit() or ch in ",.-%" or ch in _DIGIT_LIKE) for ch in bare):
        return placed
    if len(placed) >= 3 and placed[-1][0] in "I|l" and _apart(placed):  # the end of a ruling
        placed = placed[:-1]
    out: list[tuple[str, float, float]] = []
    for k, (ch, x, conf) in enumerate(placed):
        if ch.isspace():
            before = out[-1][0] if out else ""
            after = placed[k + 1][0] if k + 1 < len(placed) else ""
            if before in ",." or after in ",.":
                continue
        if ch in ",." and out and out[-1][0] in ",.":  # 1,300..77: one separator read twice
            out.pop()
        out.append((_DIGIT_LIKE.get(ch, ch), x, conf))
    return out


def _apart(placed: list[tuple[str, float, float]]) -> bool:
    """Whether the last glyph stands further from the one before than the others stand apart."""
    xs = [x for _, x, _ in placed]
    gaps = sorted(b - a for a, b in pairwise(xs))
    return xs[-1] - xs[-2] > 1.5 * gaps[(len(gaps) - 1) // 2]


_GROUPED = re.compile(r"^-?\d{1,3}(?:[.,]\d{3})+[.,]\d{1,2}$")
_COMMA_DECIMALS = re.compile(r"^-?\d+,\d{1,2}$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:[.,]\d{3})+$")
_POINT_LIKE = re.compile(r"(?<=\d)[:：;；·](?=\d)")


def amount_separators(text: str) -> str:
    """An amount's separators as printed, when OCR read them as other marks: a colon or a
    middle dot between digits is a decimal point; in ``4.312.17`` the group separators are
    commas. The length never changes (each character keeps its place)."""
    text = _POINT_LIKE.sub(".", text)
    if _THOUSANDS.match(text):  # 503.724: no budget prints three decimals, so the point is a comma
        return text.replace(".", ",")
    if _COMMA_DECIMALS.match(text):  # 0,15: a comma before one or two last digits is the point
        return text.replace(",", ".")
    if _GROUPED.match(text):
        cut = max(text.rfind("."), text.rfind(","))
        return text[:cut].replace(".", ",") + "." + text[cut + 1:]
    return text


def _after_space(text: str) -> list[bool]:
    """For each non-space character of ``text``: whether a space comes right before it."""
    out: list[bool] = []
    prev_space = False
    for ch in text:
        if ch.isspace():
            prev_space = bool(out)
            continue
        out.append(prev_space)
        prev_space = False
    return out


# ---------------------------------------------------------------- confidence of cells


def region_confidences(region: TableRegion, chars: Sequence[Char]) -> TableRegion:
    """The region with each cell's ``ocr_confidence``: the lowest confidence of its digits (of
    all its characters when it has no digit)."""
    cells: list[Cell] = []
    for cell in region.grid.cells:
        bbox = cell.prov.bbox
        if bbox is None or not cell.text:
            cells.append(cell)
            continue
        inside = [ch for ch in chars if isinstance(ch, OcrChar)
                  and bbox[0] <= ch.xc <= bbox[2] and bbox[1] <= ch.yc <= bbox[3]]
        digits = [ch.confidence for ch in inside if ch.text.isdigit()]
        confs = digits or [ch.confidence for ch in inside]
        cells.append(replace(cell, ocr_confidence=round(min(confs), 3)) if confs else cell)
    grid = Grid(region.grid.n_rows, region.grid.n_cols, tuple(cells))
    return replace(region, grid=grid)
