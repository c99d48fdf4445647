"""Table finding from ruling lines: segments → merged rulings → frames → grids.

The chain, in the style of pdfplumber's table finder but with near-duplicate rulings merged:

- :func:`shapes_to_segments`: drawn lines, thin filled rectangles and stroked rectangle edges
  become horizontal and vertical :class:`Segment` values;
- :func:`merge_segments`: positions closer than ``snap`` points (doubled Word rulings) become one,
  collinear pieces are joined;
- :func:`segments_to_frames`: rulings that touch form a component; each component becomes a
  :class:`Frame` (column and row boundaries, and which interior boundaries are actually drawn).
  Stacks of horizontal rules without vertical ones get their columns from the x-clusters of
  the words between the rules;
- :func:`~extractor.sources.pdf_cells.frame_to_region` (which imports this module) fills a frame with
  characters: cells with spans, text joined per cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from extractor.sources.pdf_lines import Char, chars_to_rows, split_row

SNAP = 3.0
"""Rulings closer than this (points) are one ruling."""
JOIN = 3.0
"""Collinear pieces with a gap up to this are one segment."""
THIN = 2.5
"""A filled rectangle thinner than this is a drawn line."""


@dataclass(frozen=True, slots=True)
class Shape:
    """A drawn line or rectangle, as the PDF gives it."""

    x0: float
    top: float
    x1: float
    bottom: float
    kind: str = "line"
    stroked: bool = True
    filled: bool = False


@dataclass(frozen=True, slots=True)
class Segment:
    """A horizontal (``pos`` = y) or vertical (``pos`` = x) ruling from ``start`` to ``end``."""

    horizontal: bool
    pos: float
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(slots=True)
class Frame:
    """Boundaries of a table: ``xs`` (columns), ``ys`` (rows), and which interior ones are drawn.

    ``vdrawn[r][c]`` tells whether the boundary left of column ``c`` (1..n_cols-1) is drawn in
    row ``r``; ``hdrawn[r][c]`` whether the boundary above row ``r`` (1..n_rows-1) is drawn in
    column ``c``. Index 0 entries are unused.
    """

    xs: list[float]
    ys: list[float]
    vdrawn: list[list[bool]] = field(default_factory=list)
    hdrawn: list[list[bool]] = field(default_factory=list)
    ruled: bool = True

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


# ---------------------------------------------------------------- shapes → segments


def shapes_to_segments(shapes: Iterable[Shape]) -> list[Segment]:
    """Horizontal and vertical segments from lines, thin rectangles and stroked rectangle edges."""
    out: list[Segment] = []
    for s in shapes:
        w, h = s.x1 - s.x0, s.bottom - s.top
        if (s.kind == "line" or s.filled or s.stroked) and min(w, h) <= THIN:
            if w >= h:
                out.append(Segment(True, (s.top + s.bottom) / 2, s.x0, s.x1))
            else:
                out.append(Segment(False, (s.x0 + s.x1) / 2, s.top, s.bottom))
        elif s.kind == "rect" and s.stroked:
            out += [Segment(True, s.top, s.x0, s.x1), Segment(True, s.bottom, s.x0, s.x1),
                    Segment(False, s.x0, s.top, s.bottom), Segment(False, s.x1, s.top, s.bottom)]
    return out


def merge_segments(segments: Iterable[Segment], snap: float = SNAP, join: float = JOIN) -> list[Segment]:
    """Snap near-duplicate positions together and join collinear pieces; drop specks."""
    out: list[Segment] = []
    for horizontal in (True, False):
        group = sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: s.pos)
        for cluster in _clusters(group, snap):
            total = sum(max(s.length, 0.1) for s in cluster)
            pos = sum(s.pos * max(s.length, 0.1) for s in cluster) / total
            out += [Segment(horizontal, round(pos, 2), a, b) for a, b in _join_intervals(cluster, join)]
    return [s for s in out if s.length >= 2.0]


def _clusters(sorted_segments: Sequence[Segment], snap: float) -> list[list[Segment]]:
    clusters: list[list[Segment]] = []
    for s in sorted_segments:
        if clusters and s.pos - clusters[-1][0].pos <= snap:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    return clusters


def _join_intervals(cluster: Iterable[Segment], join: float) -> list[tuple[float, float]]:
    spans: list[tuple[float, float]] = []
    for s in sorted(cluster, key=lambda s: s.start):
        if spans and s.start <= spans[-1][1] + join:
            spans[-1] = (spans[-1][0], max(spans[-1][1], s.end))
        else:
            spans.append((s.start, s.end))
    return spans


# ---------------------------------------------------------------- segments → components


def _touch(h: Segment, v: Segment, tol: float) -> bool:
    return h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol


def segments_to_components(segments: Sequence[Segment], tol: float = SNAP) -> list[list[Segment]]:
    """Groups of rulings connected by intersections (a horizontal with no vertical stays alone)."""
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, s in enumerate(segments) if s.horizontal]
    vs = [i for i, s in enumerate(segments) if not s.horizontal]
    for i in hs:
        for j in vs:
            if _touch(segments[i], segments[j], tol):
                parent[find(i)] = find(j)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segments):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


# ---------------------------------------------------------------- components → frames


def component_to_frame(component: Sequence[Segment], tol: float = SNAP) -> Frame | None:
    """Boundaries of a ruled component; outer borders that are not drawn are added from its extent."""
    hs = [s for s in component if s.horizontal]
    vs = [s for s in component if not s.horizontal]
    if not hs or not vs:
        return None
    xs = _positions([s.pos for s in vs], min(s.start for s in hs), max(s.end for s in hs), tol)
    ys = _positions([s.pos for s in hs], min(s.start for s in vs), max(s.end for s in vs), tol)
    if len(xs) < 2 or len(ys) < 2:
        return None
    frame = Frame(xs, ys)
    near_x = [[s for s in vs if abs(s.pos - x) <= tol] for x in xs]  # the rulings _covered counts
    near_y = [[s for s in hs if abs(s.pos - y) <= tol] for y in ys]
    frame.vdrawn = [[False] + [_covered(near_x[c], xs[c], ys[r], ys[r + 1], tol) for c in range(1, len(xs) - 1)]
                    for r in range(len(ys) - 1)]
    frame.hdrawn = [[False] * (len(xs) - 1)] + [
        [_covered(near_y[r], ys[r], xs[c], xs[c + 1], tol) for c in range(len(xs) - 1)]
        for r in range(1, len(ys) - 1)
    ]
    return frame


def _positions(drawn: Iterable[float], lo: float, hi: float, tol: float) -> list[float]:
    pos = sorted(set(drawn))
    merged: list[float] = []
    for p in pos:
        if merged and p - merged[-1] <= tol:
            continue
        merged.append(p)
    if merged and lo < merged[0] - tol:
        merged.insert(0, lo)
    if merged and hi > merged[-1] + tol:
        merged.append(hi)
    return merged


def _covered(segments: Iterable[Segment], pos: float, a: float, b: float, tol: float) -> bool:
    """Whether rulings at ``pos`` cover at least half of the interval a..b."""
    need = (b - a) * 0.5
    got = 0.0
    for s in segments:
        if abs(s.pos - pos) <= tol:
            got += max(0.0, min(b, s.end) - max(a, s.start))
    return got >= need


def rules_to_frames(hrules: Sequence[Segment], chars: Sequence[Char], tol: float = 8.0) -> list[Frame]:
    """Stacks of horizontal rules (no vertical rulings): columns from the x-clusters of the words."""
    frames: list[Frame] = []
    for stack in _stacks(sorted(hrules, key=lambda s: s.pos), tol):
        frame = _stack_to_frame(stack, chars)
        if frame is not None:
            frames.append(frame)
    return frames


def _stacks(rules: Sequence[Segment], tol: float) -> list[list[Segment]]:
    stacks: list[list[Segment]] = []
    for r in rules:
        if r.length < 60:
            continue
        last = stacks[-1][-1] if stacks else None
        if last is not None and abs(r.start - last.start) <= tol and abs(r.end - last.end) <= tol and (
            r.pos - last.pos < 120
        ):
            stacks[-1].append(r)
        else:
            stacks.append([r])
    return [s for s in stacks if len(s) >= 3]


def _stack_to_frame(stack: Sequence[Segment], chars: Sequence[Char]) -> Frame | None:
    x0, x1 = min(s.start for s in stack), max(s.end for s in stack)
    ys = [s.pos for s in stack]
    bands: list[list[tuple[float, float]]] = []
    centres = [(c, c.yc) for c in chars if x0 <= c.xc <= x1]
    for top, bottom in pairwise(ys):
        inside = [c for c, yc in centres if top < yc < bottom]
        words = [w for row in chars_to_rows(inside) for w in split_row(row, 0.8)]
        bands.append([(min(c.x0 for c in w), max(c.x1 for c in w)) for w in words])
    seps = _separators(bands, x0, x1)
    if not seps or sum(1 for b in bands if b) < 2:
        return None
    xs = [x0, *seps, x1]
    frame = Frame(xs, ys, ruled=False)
    frame.vdrawn = [[False] + [not any(a < x < b for a, b in band) for x in seps] for band in bands]
    frame.hdrawn = [[True] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    return frame


def _separators(bands: Sequence[Sequence[tuple[float, float]]], x0: float, x1: float) -> list[float]:
    """Centres of the vertical gaps that almost no band's words cross (at least 4 pt wide)."""
    width = int(x1 - x0) + 1
    counts = [0] * width
    for band in bands:
        hit = [False] * width
        for a, b in band:
            for i in range(max(0, int(a - x0)), min(width, int(b - x0) + 1)):
                hit[i] = True
        for i, h in enumerate(hit):
            counts[i] += h
    allowed = len([b for b in bands if b]) // 7
    seps: list[float] = []
    run_start: int | None = None
    for i in range(width + 1):
        free = i < width and counts[i] <= allowed
        if free and run_start is None:
            run_start = i
        elif not free and run_start is not None:
            if i - run_start >= 4 and run_start > 0 and i < width:
                seps.append(x0 + (run_start + i) / 2)
            run_start = None
    return seps


def segments_to_frames(segments: Sequence[Segment], chars: Sequence[Char]) -> list[Frame]:
    """Every table frame on a page: ruled components, then stacks of horizontal rules."""
    frames: list[Frame] = []
    loose: list[Segment] = []
    for comp in segments_to_components(segments):
        frame = component_to_frame(comp)
        if frame is not None and frame.n_rows >= 1 and frame.n_cols >= 1:
            frames.append(frame)
        elif all(s.horizontal for s in comp):
            loose += comp
    frames += rules_to_frames(loose, chars)
    return sorted(frames, key=lambda f: (f.ys[0], f.xs[0]))
