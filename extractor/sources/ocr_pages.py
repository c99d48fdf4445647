"""Which pages of a PDF are read by OCR, and reading them in parallel.

:func:`with_ocr` wraps the reader's stream of :class:`~extractor.sources.pdf_pages.PageObjects`:

- ``ocr="auto"`` (the default): a page without a text layer that shows an image (a scan) is
  rendered and read by OCR; a page with a text layer never is. A page with neither text nor an
  image (an empty ruling, a blank page) is not a scan: it is kept as it is, without a warning;
- ``ocr="never"``: nothing is OCR'd; a scanned page keeps its "OCR needed" warning;
- ``ocr="force"``: every page is rendered and read by OCR, its text layer ignored.

Pages are rendered here, in the reader's thread (pdfium is not thread-safe), and recognized by
a pool of threads (onnxruntime and OpenCV release the GIL), at most ``2 × workers`` pages ahead:
memory stays bounded on long scanned documents, and pages come out in order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pool is imported only for a document with scanned pages
    from concurrent.futures import Future, ThreadPoolExecutor

    from extractor.sources.options import ReadOptions
    from extractor.sources.pdf_pages import PageObjects


def ocr_workers(options: ReadOptions) -> int:
    """Threads that recognize pages: ``options.ocr_workers``, or one per core."""
    return options.ocr_workers if options.ocr_workers > 0 else max(1, os.cpu_count() or 1)


def with_ocr(pages: Iterator[PageObjects], data: bytes, options: ReadOptions) -> Iterator[PageObjects]:
    """The pages, scanned ones read by OCR (see the module's docstring)."""
    renderer = _Renderer(data)
    workers = ocr_workers(options)
    pool: ThreadPoolExecutor | None = None
    pending: deque[tuple[PageObjects | None, Future[PageObjects] | None]] = deque()
    ahead = 0  # pages being OCR'd
    try:
        for obj in pages:
            scan = options.ocr == "force" or (not obj.chars and renderer.has_image(obj.number))
            if not scan:
                pending.append((obj if obj.chars else replace(obj, image=False), None))
            elif options.ocr == "never" or not _engine_ready(options) or (drawn := renderer.render(obj.number)) is None:
                pending.append((obj, None))  # not OCR'd: a page without text keeps its warning
            else:
                if pool is None:
                    from concurrent.futures import ThreadPoolExecutor

                    pool = ThreadPoolExecutor(workers, thread_name_prefix="ocr")
                pending.append((None, pool.submit(_ocr_page, obj, *drawn)))
                ahead += 1
            while pending and (pending[0][1] is None or pending[0][1].done() or ahead > 2 * workers):
                ahead -= pending[0][1] is not None
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        if pool is not None:
            for _, future in pending:
                if future is not None:
                    future.cancel()
            pool.shutdown(wait=True)
        renderer.close()


def _result(item: tuple[PageObjects | None, Future[PageObjects] | None]) -> PageObjects:
    obj, future = item
    if future is not None:
        return future.result()
    assert obj is not None
    return obj


def _engine_ready(options: ReadOptions) -> bool:
    """Whether OCR can run; with ``--ocr force`` a missing engine is an error, with ``auto`` the
    page keeps its warning (which names the extra to install)."""
    from extractor.sources.ocr_engine import INSTALL_HINT, EngineMissing, engine_available

    if engine_available():
        return True
    if options.ocr == "force":
        raise EngineMissing(INSTALL_HINT)
    return False


def _ocr_page(obj: PageObjects, image: Any, dpi: float) -> PageObjects:
    """One page on one of the pool's threads; each runs the models on one thread, so a
    document OCRs on exactly its ``ocr_workers`` cores (a batch of ``-j N`` gives each document
    its share: N documents with one OCR'd page each no longer ask for N × cores threads)."""
    from extractor.sources.ocr import image_to_objects
    from extractor.sources.ocr_engine import load_engine

    engine = load_engine(1)
    result = image_to_objects(image, engine, dpi)
    return replace(obj, chars=result.chars, shapes=result.shapes, image=True, ocr=True)


MAX_PIXELS = 40_000_000
"""The largest page image OCR works on (a poster-sized page is rendered at a lower resolution)."""


class _Renderer:
    """The document opened by pypdfium2 for rendering and image checks, on first need."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._doc: Any = None
        self._failed = False

    def _open(self) -> Any:
        if self._doc is None and not self._failed:
            try:
                import pypdfium2

                self._doc = pypdfium2.PdfDocument(self._data)
            except Exception:  # pdfium cannot open it: nothing to render
                self._failed = True
        return self._doc

    def has_image(self, number: int) -> bool:
        """Whether page ``number`` draws an image (at any depth of forms); True when unknown."""
        doc = self._open()
        if doc is None:
            return True
        try:
            import pypdfium2.raw as raw

            page = doc[number - 1]
            try:
                return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=8))
            finally:
                page.close()
        except Exception:
            return True

    def render(self, number: int) -> tuple[Any, float] | None:
        """Page ``number`` as a grey image and its resolution: the OCR resolution, lower for a
        page so large that the image would pass 40 million pixels; None when pdfium cannot."""
        from extractor.sources.ocr import DPI

        doc = self._open()
        if doc is None:
            return None
        try:
            page = doc[number - 1]
            try:
                width, height = page.get_size()
                dpi = min(DPI, 72 * (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                array = bitmap.to_numpy()
                image = array[:, :, 0].copy() if array.ndim == 3 else array.copy()
                bitmap.close()
                return image, dpi
            finally:
                page.close()
        except Exception:  # a page pdfium cannot draw is left as it is, with its warning
            return None

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None
