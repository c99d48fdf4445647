"""Page-image operations for OCR (OpenCV): ink, skew, rulings, and the lines of text in a box.

- :func:`ink_mask`: dark pixels (text and rulings) of a grey page, speckle removed;
- :func:`skew_angle` and :func:`rotate`: a scan's small skew, found by the projection profile
  (rows of ink are sharpest when the page is straight) and undone;
- :func:`ruling_segments`: horizontal and vertical rulings, as camelot's lattice finds them — an
  opening of the ink with long thin kernels — returned as (horizontal, pos, start, end) in pixels;
- :func:`ink_bands`: the text lines of a cell, split by horizontal projection, each with its
  horizontal extent.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

Image = Any
"""A grey page image (a 2-D uint8 array): typed loosely, as OpenCV's stubs are."""

PixelSegment = tuple[bool, float, float, float]
"""(horizontal, position, start, end) in pixels."""
PixelBox = tuple[int, int, int, int]
"""(x0, y0, x1, y1) in pixels, end exclusive."""


def ink_mask(image: Image) -> Image:
    """255 where the page is inked: Otsu's threshold (the scan's grey background is paper), but
    never within 50 grey levels of the paper — a blank page's noise is not ink."""
    blurred = cv2.GaussianBlur(image, (3, 3), 0)
    threshold, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ceiling = paper_level(image) - 50
    if threshold > ceiling:
        _, mask = cv2.threshold(blurred, max(ceiling - 1, 0), 255, cv2.THRESH_BINARY_INV)
    return mask


def skew_angle(mask: Image, limit: float = 3.0) -> float:
    """The rotation (degrees, counter-clockwise) that makes the ink's rows sharpest."""
    scale = 800 / max(mask.shape[1], 1)
    small = cv2.resize(mask, None, fx=min(scale, 1.0), fy=min(scale, 1.0), interpolation=cv2.INTER_AREA)
    if int(small.sum()) == 0:
        return 0.0
    best = _best_angle(small, [a / 10 for a in range(int(-limit * 10), int(limit * 10) + 1, 2)])
    return _best_angle(small, [best + a / 100 for a in range(-10, 11, 2)])


def _best_angle(small: Image, angles: list[float]) -> float:
    h, w = small.shape
    scores: list[tuple[float, float]] = []
    for angle in angles:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        turned = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = turned.sum(axis=1, dtype=np.float64)
        scores.append((float(np.square(np.diff(rows)).sum()), -abs(angle)))
    return angles[max(range(len(angles)), key=lambda i: scores[i])]


def rotate(image: Image, angle: float, fill: int) -> Image:
    """The image turned by ``angle`` degrees about its centre, uncovered corners ``fill``."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def paper_level(image: Image) -> int:
    """The page's background grey (the brightest common level)."""
    return int(np.percentile(image, 90))


def ruling_masks(mask: Image, dpi: float) -> tuple[Image, Image]:
    """Horizontal and vertical rulings of an ink mask: openings with kernels longer than any
    stroke of text (40 points across; 10 points down, once the horizontal rulings are taken out,
    so that strokes of characters above and below a ruling do not join into a vertical one)."""
    px = dpi / 72
    hlen, vlen = max(int(40 * px), 10), max(int(10 * px), 8)
    bridge = max(int(1.5 * px), 2)
    hmask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1)))
    cut = np.where(cv2.dilate(hmask, np.ones((3, 1), np.uint8), iterations=1) > 0, 0, mask).astype(np.uint8)
    vmask = cv2.morphologyEx(cut, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen)))
    return hmask, vmask


def ruling_segments(hmask: Image, vmask: Image, dpi: float) -> list[PixelSegment]:
    """The rulings as segments: each connected piece of a ruling mask, thinner than 3 points."""
    thin = 3 * dpi / 72
    out: list[PixelSegment] = []
    for horizontal, mask in ((True, hmask), (False, vmask)):
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for k in range(1, count):
            x, y, w, h = (int(v) for v in stats[k][:4])
            if horizontal and h <= thin * 2:
                out.append((True, y + h / 2, float(x), float(x + w)))
            elif not horizontal and w <= thin * 2:
                out.append((False, x + w / 2, float(y), float(y + h)))
    return out


def anchored(segments: list[PixelSegment], hmask: Image, long: float, reach: int = 3) -> list[PixelSegment]:
    """The rulings without stray verticals: a vertical ruling (found with the horizontal ones
    cut out) stops right at a horizontal ruling at both ends, while a stroke of a character
    stops short of it, however tight the row."""
    height, width = hmask.shape

    def meets(x: float, y: float, down: bool) -> bool:
        xi, yi = round(x), round(y)
        y0, y1 = (yi, yi + reach + 1) if down else (yi - reach - 1, yi)
        return bool(hmask[max(y0, 0):min(y1, height), max(xi - 2, 0):min(xi + 3, width)].any())

    kept = [s for s in segments if s[0] or (meets(s[1], s[3], True) and meets(s[1], s[2], False))]
    return _recurring(kept, long)


def _recurring(segments: list[PixelSegment], long: float, tol: float = 3.0) -> list[PixelSegment]:
    """Vertical pieces that are long, that recur at their position in at least three rows, or that
    continue one another across a ruling (a column boundary does; the stroke of a character that
    happens to touch rulings does not), and the pieces continuing those."""
    vs = sorted((s for s in segments if not s[0]), key=lambda s: s[1])
    def paired(v: PixelSegment) -> bool:  # continued across a ruling by a piece at its place
        return any(w is not v and abs(w[1] - v[1]) <= tol and _continues(w, v, long / 6) for w in vs)

    kept = {k for k, v in enumerate(vs)
            if v[3] - v[2] >= long or sum(1 for w in vs if abs(w[1] - v[1]) <= tol) >= 3 or paired(v)}
    grown = True
    while grown:
        grown = False
        for k, v in enumerate(vs):
            if k not in kept and any(abs(vs[j][1] - v[1]) <= tol and _continues(vs[j], v, long / 6) for j in kept):
                kept.add(k)
                grown = True
    return [s for s in segments if s[0]] + [vs[k] for k in sorted(kept)]


def _continues(a: PixelSegment, b: PixelSegment, gap: float) -> bool:
    """Whether ``b`` continues ``a`` up or down across a short gap (a ruling cut out between them)."""
    return 0 <= b[2] - a[3] <= gap or 0 <= a[2] - b[3] <= gap


def ink_bands(mask: Image, min_height: int = 3) -> list[PixelBox]:
    """Lines of ink in a box, top to bottom: runs of inked rows (gaps under a fifth of the
    median run height are bridged), each with the horizontal extent of its ink."""
    rows = mask.any(axis=1)
    runs: list[list[int]] = []
    start: int | None = None
    for y, inked in enumerate(rows.tolist()):
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            runs.append([start, y])
            start = None
    if start is not None:
        runs.append([start, len(rows)])
    if not runs:
        return []
    heights = sorted(b - a for a, b in runs)
    gap = max(1, heights[len(heights) // 2] // 5)
    merged: list[list[int]] = [runs[0]]
    for a, b in runs[1:]:
        if a - merged[-1][1] <= gap:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    out: list[PixelBox] = []
    for a, b in merged:
        if b - a < min_height:
            continue
        extent = _text_extent(mask[a:b], b - a)
        if extent is not None:
            out.append((extent[0], a, extent[1], b))
    return out


def _text_extent(band: Image, height: int) -> tuple[int, int] | None:
    """The horizontal extent of a line's ink, without specks standing apart from the text: runs
    of inked columns closer than the line's height are one piece, and a piece smaller than a
    third of the line's height both ways is a speck, when there is more than specks."""
    counts = np.count_nonzero(band, axis=0)
    cols = np.flatnonzero(counts)
    if not len(cols):
        return None
    pieces: list[list[int]] = [[int(cols[0]), int(cols[0])]]
    for c in cols[1:].tolist():
        if c - pieces[-1][1] <= height:
            pieces[-1][1] = c
        else:
            pieces.append([c, c])
    small = height / 3

    def speck(piece: list[int]) -> bool:
        rows = np.flatnonzero(band[:, piece[0]:piece[1] + 1].any(axis=1))
        return piece[1] - piece[0] + 1 <= small and (len(rows) == 0 or rows[-1] - rows[0] + 1 <= small)

    kept = [p for p in pieces if not speck(p)]
    if not kept:
        return None
    return kept[0][0], kept[-1][1] + 1


def remove_specks(mask: Image, area: int) -> Image:
    """The mask without connected pieces smaller than ``area`` pixels (scanner speckle)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(count, dtype=np.uint8)
    keep[1:] = (stats[1:, cv2.CC_STAT_AREA] >= area).astype(np.uint8) * 255
    return keep[labels]
