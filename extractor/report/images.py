"""Page images for the review site: PDF pages rendered with pdfium, small enough to ship.

Each page is rendered in grey at :data:`SCALE` (108 dpi: 9-point Chinese text stays legible),
reduced to 16 grey levels and written as a 4-bit PNG (a text page is 20–40 KB; a deterministic
encoder, so the same PDF gives the same bytes). Only the pages something points at (a table, a
finding, a fact, a heading) are rendered.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SCALE = 1.5
"""Pixels per PDF point (72 dpi × 1.5 = 108 dpi)."""
PNG_COMPRESS_LEVEL = 6
_GREY_LEVELS = 16
_TO_4BIT = [v * _GREY_LEVELS // 256 for v in range(256)]
_PALETTE = [c for i in range(_GREY_LEVELS) for c in (i * 17,) * 3]


@dataclass(frozen=True, slots=True)
class PageImage:
    page: int
    """1-based page number."""
    file: str
    """File name, relative to the document's image folder."""
    width: float
    height: float
    """The page's size in PDF points (the coordinates of every ``bbox``)."""
    bytes: int


def render_pages(pdf: Path, pages: Iterable[int], folder: Path) -> list[PageImage]:
    """Render the 1-based ``pages`` of ``pdf`` into ``folder`` as ``pNNNN.png``; pages that do
    not exist, or that pdfium cannot render, are left out."""
    import pypdfium2 as pdfium
    from PIL import Image

    wanted = sorted(set(pages))
    out: list[PageImage] = []
    if not wanted:
        return out
    document = pdfium.PdfDocument(str(pdf))
    try:
        count = len(document)
        folder.mkdir(parents=True, exist_ok=True)
        for number in wanted:
            if not 1 <= number <= count:
                continue
            page = document[number - 1]
            try:
                width, height = page.get_size()
                bitmap = page.render(scale=SCALE, grayscale=True, may_draw_forms=False)
                grey = bitmap.to_pil().convert("L").point(_TO_4BIT)
            except pdfium.PdfiumError:
                continue
            finally:
                page.close()
            image = Image.frombytes("P", grey.size, grey.tobytes())
            image.putpalette(_PALETTE)
            buffer = io.BytesIO()
            image.save(buffer, "PNG", bits=4, compress_level=PNG_COMPRESS_LEVEL)
            name = f"p{number:04d}.png"
            data = buffer.getvalue()
            (folder / name).write_bytes(data)
            out.append(PageImage(number, name, round(float(width), 2), round(float(height), 2), len(data)))
    finally:
        document.close()
    return out
