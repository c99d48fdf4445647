"""Drawn shapes of a page through pdfium, and the page geometry the fast reader shares.

:class:`PageSpace` maps PDF user space to pdfplumber's page coordinates (pdfminer's rotation
matrix, the MediaBox shift of pdfplumber #1181). :func:`page_shapes` walks the page objects
(form XObjects with their matrices), cuts each path into subpaths at every move and classifies
them as pdfminer does: a single segment is a line, a closed axis-parallel four-sided path a
rectangle, anything else a curve (kept only when thin, as the reference reader keeps it). White
cell backgrounds are dropped. Text objects met on the way are handed to the caller.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

from extractor.sources.pdf_grid import Shape
from extractor.sources.pdf_pdfium_lib import FsMatrix, Pdfium

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]

_TEXT = 1
_PATH = 2
_FORM = 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
_EPS = 1e-3
"""Coordinates this close are equal when deciding whether a path is an axis-parallel rectangle."""
_WHITE = 252
"""A fill whose red, green and blue are all at least this is white (pdfium gives 0–255)."""


def mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention, as pdfminer's ``mult_matrix``)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


class PageSpace:
    """pdfplumber's page coordinates: the rotated page, ``top`` measured down from its top edge.

    pdfminer maps user space through a rotation matrix anchored on the MediaBox; pdfplumber then
    flips ``y`` against the rotated height and shifts by the MediaBox origin (pdfplumber #1181).
    """

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        x0, x1 = sorted((mediabox[0], mediabox[2]))
        y0, y1 = sorted((mediabox[1], mediabox[3]))
        self.rotation = rotation % 360
        if self.rotation == 90:
            self.ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif self.rotation == 180:
            self.ctm = (-1, 0, 0, -1, x1, y1)
        elif self.rotation == 270:
            self.ctm = (0, 1, -1, 0, y1, -x0)
        else:
            self.ctm = (1, 0, 0, 1, -x0, -y0)
        if self.rotation in (90, 270):
            self.width, self.height = y1 - y0, x1 - x0
            self.left, self.top_shift = y0, -x0
        else:
            self.width, self.height = x1 - x0, y1 - y0
            self.left, self.top_shift = x0, -y0

    def box(self, points: list[Point]) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of user-space points, as pdfplumber reports them."""
        xs: list[float] = []
        ys: list[float] = []
        for x, y in points:
            dx, dy = apply(self.ctm, x, y)
            xs.append(dx)
            ys.append(dy)
        return (min(xs) + self.left, self.height - max(ys) + self.top_shift,
                max(xs) + self.left, self.height - min(ys) + self.top_shift)


def page_shapes(lib: Pdfium, page: int, space: PageSpace,
                texts: list[tuple[int, Matrix]] | None = None) -> list[Shape]:
    """Lines, rectangles and thin curves, as :func:`extractor.sources.pdf.page_objects` keeps them;
    the page's text objects (with the matrix of the forms around them) go to ``texts``, in
    drawing order (a form's objects where the form is drawn)."""
    shapes: list[Shape] = []
    found: list[tuple[int, Matrix]] = [] if texts is None else texts
    get_type = lib.FPDFPageObj_GetType
    fm = FsMatrix()

    def visit(obj: int, kind: int, outer: Matrix, depth: int) -> None:
        if kind == _TEXT:
            found.append((obj, outer))
        elif kind == _PATH:
            shapes.extend(_path_shapes(lib, obj, outer, space))
        elif kind == _FORM and depth < 32:
            lib.FPDFPageObj_GetMatrix(obj, ctypes.byref(fm))
            inner = mult((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), outer)
            for k in range(max(lib.FPDFFormObj_CountObjects(obj), 0)):
                child = lib.FPDFFormObj_GetObject(obj, k)
                if child:
                    visit(child, get_type(child), inner, depth + 1)

    identity: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    get_object = lib.FPDFPage_GetObject
    for i in range(lib.FPDFPage_CountObjects(page)):
        obj = get_object(page, i)
        if not obj:
            continue
        kind = get_type(obj)
        if kind == _TEXT:  # most objects of a page: without a call
            found.append((obj, identity))
        else:
            visit(obj, kind, identity, 0)
    return shapes


def _path_shapes(lib: Pdfium, obj: int, outer: Matrix, space: PageSpace) -> Iterator[Shape]:
    fill_mode = ctypes.c_int()
    stroke = ctypes.c_int()
    if not lib.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return
    filled, stroked = fill_mode.value != 0, bool(stroke.value)
    if not filled and not stroked:
        return
    m = FsMatrix()
    lib.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    matrix = mult((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    white = filled and not stroked and _white_fill(lib, obj)
    for ops, pts in _subpaths(lib, obj, matrix, space):
        shape = _classify(ops, pts, space, stroked, filled, white)
        if shape is not None:
            yield shape


def _white_fill(lib: Pdfium, obj: int) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not lib.FPDFPageObj_GetFillColor(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return False
    return min(r.value, g.value, b.value) >= _WHITE


def _subpaths(lib: Pdfium, obj: int, matrix: Matrix, space: PageSpace) -> Iterator[tuple[str, list[Point]]]:
    """(operators, device points) per subpath: ``m``, ``l``, ``c`` (three pdfium points), ``h``."""
    n = lib.FPDFPath_CountSegments(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    get_segment, get_point = lib.FPDFPath_GetPathSegment, lib.FPDFPathSegment_GetPoint
    get_kind, get_close = lib.FPDFPathSegment_GetType, lib.FPDFPathSegment_GetClose
    m0, m1, m2, m3, m4, m5 = matrix
    c0, c1, c2, c3, c4, c5 = space.ctm
    ops: list[str] = []
    pts: list[Point] = []
    pending = 0
    for k in range(max(n, 0)):
        seg = get_segment(obj, k)
        if not seg or not get_point(seg, x_ref, y_ref):
            continue
        kind = get_kind(seg)
        ux, uy = x.value, y.value
        ux, uy = m0 * ux + m2 * uy + m4, m1 * ux + m3 * uy + m5  # user space, then the page's
        point = (c0 * ux + c2 * uy + c4, c1 * ux + c3 * uy + c5)
        if kind == _MOVETO:
            if ops:
                yield "".join(ops), pts
            ops, pts, pending = ["m"], [point], 0
            continue
        if not ops:
            ops, pts = ["m"], [point]
            continue
        if kind == _BEZIERTO:
            pending += 1
            if pending == 3:
                ops.append("c")
                pts.append(point)
                pending = 0
        else:
            ops.append("l")
            pts.append(point)
        if get_close(seg):
            ops.append("h")
            pts.append(pts[0])
    if ops:
        yield "".join(ops), pts


def _same(p: Point, q: Point) -> bool:
    return abs(p[0] - q[0]) <= _EPS and abs(p[1] - q[1]) <= _EPS


def _classify(shape: str, pts: list[Point], space: PageSpace, stroked: bool, filled: bool,
              white: bool) -> Shape | None:
    """pdfminer's line / rectangle / curve decision for one subpath, then the reader's filter."""
    if len(shape) > 3 and shape[-2:] == "lh" and _same(pts[-2], pts[0]):
        shape = shape[:-2] + "h"
        pts = pts[:-2] + pts[-1:]
    x0, y0 = min(p[0] for p in pts), min(p[1] for p in pts)
    x1, y1 = max(p[0] for p in pts), max(p[1] for p in pts)
    box = (x0 + space.left, space.height - y1 + space.top_shift, x1 + space.left, space.height - y0 + space.top_shift)
    if shape in {"mlh", "ml"}:
        return Shape(*box, "line", stroked, filled)
    if shape in {"mlllh", "mllll"} and _rectangle(pts):
        if white:
            return None
        return Shape(*box, "rect", stroked, filled)
    if shape.count("m") == 1 and len(pts) > 1 and min(box[2] - box[0], box[3] - box[1]) <= 2.5:
        return Shape(*box, "line", stroked, filled)
    return None


def _rectangle(pts: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    closed = _same(pts[0], pts[4])

    def eq(a: float, b: float) -> bool:
        return abs(a - b) <= _EPS

    square = (eq(x0, x1) and eq(y1, y2) and eq(x2, x3) and eq(y3, y0)) or (
        eq(y0, y1) and eq(x1, x2) and eq(y2, y3) and eq(x3, x0))
    return closed and square

