"""The camelot engine (``--engine camelot``): table grids from camelot-py's lattice parser.

camelot finds the grid (column and row boundaries, which cell edges are drawn); the glyphs,
text lines and everything else still come from pdfplumber, through the same
:func:`extractor.sources.pdf_cells.frame_to_region`, so the two engines differ only in where
the tables are and how they are cut — which is what comparing them should show.

camelot 2.x offers a render-free ``engine='vector'`` for lattice; it is tried first, and the
default raster/vector ``'combined'`` engine is the fallback.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.errors import InputError
from extractor.sources.pdf_grid import Frame

if TYPE_CHECKING:
    from extractor.sources.pdf_pages import FrameFinder, PageObjects

LATTICE_ENGINES = ("vector", "combined")


def camelot_frame_finder(path: Path, data: bytes) -> FrameFinder:
    """Run camelot once over the whole document; return a finder giving each page its frames."""
    tables = _camelot_tables(path, data)
    by_page: dict[int, list[Any]] = {}
    for table in tables:
        by_page.setdefault(int(table.page), []).append(table)

    def finder(objects: PageObjects) -> list[Frame]:
        frames = [table_to_frame(t, objects.height) for t in by_page.get(objects.number, [])]
        return sorted((f for f in frames if f is not None), key=lambda f: (f.ys[0], f.xs[0]))

    return finder


@contextlib.contextmanager
def _temp_pdf(data: bytes) -> Iterator[str]:
    fd, name = tempfile.mkstemp(suffix=".pdf", prefix="extractor-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        yield name
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _no_system_fonts() -> None:
    """camelot's raster engine renders pages with pypdfium2, the library the fast reader binds:
    loading the reader's binding first takes the machine's fonts away from pdfium (see
    :mod:`extractor.sources.pdf_pdfium_lib`), so the rendered pages are the same on every machine."""
    from extractor.sources.pdf_pdfium_lib import pdfium

    with contextlib.suppress(OSError):  # no usable pdfium: camelot brings its own diagnosis
        pdfium()


def _camelot_tables(path: Path, data: bytes) -> list[Any]:
    try:
        import camelot
    except ImportError as err:
        raise InputError(
            f"{path}: --engine camelot needs camelot-py; install it with pip install 'budget-extractor[camelot]'"
        ) from err
    _no_system_fonts()
    last: Exception | None = None
    with _temp_pdf(data) as name:
        for engine in LATTICE_ENGINES:
            try:
                with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                    warnings.simplefilter("ignore")
                    found = camelot.read_pdf(  # type: ignore[attr-defined]
                        name, pages="all", flavor="lattice", engine=engine, suppress_stdout=True
                    )
                return list(found)
            except Exception as err:  # camelot raises many types; try the next engine
                last = err
    raise InputError(f"{path}: camelot could not read the PDF ({type(last).__name__}: {last})") from last


def table_to_frame(table: Any, page_height: float) -> Frame | None:
    """A camelot table as a :class:`Frame` in top-left page coordinates, with its drawn edges."""
    cols: Sequence[tuple[float, float]] = table.cols
    rows: Sequence[tuple[float, float]] = table.rows
    if not cols or not rows:
        return None
    xs = [float(cols[0][0])] + [float(c[1]) for c in cols]
    ys = [page_height - float(rows[0][0])] + [page_height - float(r[1]) for r in rows]
    if any(b <= a for a, b in pairwise(xs)) or any(b <= a for a, b in pairwise(ys)):
        return None
    cells = table.cells
    frame = Frame(xs, ys)
    frame.vdrawn = [[False] + [bool(cells[r][c].left) for c in range(1, len(cols))] for r in range(len(rows))]
    frame.hdrawn = [[False] * len(cols)] + [
        [bool(cells[r][c].top) for c in range(len(cols))] for r in range(1, len(rows))
    ]
    return frame
