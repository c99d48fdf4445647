"""Readers: the only modules that touch pdfplumber, camelot, pypdfium2, the OCR engine (RapidOCR,
OpenCV) or Markdown/HTML parsing.

Each returns a :class:`extractor.model.SourceDoc`. :func:`read_source` picks the reader;
:class:`ReadOptions` (:mod:`extractor.sources.options`) holds its settings.
"""

from __future__ import annotations

from pathlib import Path

from extractor.errors import InputError
from extractor.limits import check_cells
from extractor.model import SourceDoc, TableRegion
from extractor.sources.options import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CELLS,
    DEFAULT_MAX_PAGES,
    ENGINES,
    OCR_MODES,
    READERS,
    ReadOptions,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CELLS",
    "DEFAULT_MAX_PAGES",
    "ENGINES",
    "OCR_MODES",
    "READERS",
    "ReadOptions",
    "count_cells",
    "read_source",
    "sniff_format",
]

def sniff_format(path: Path, head: bytes) -> str:
    """'pdf', 'markdown' or 'html' from the first bytes, then the suffix."""
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise InputError(f"{path}: not a PDF (no %PDF- header); check that the download is complete")
    lowered = head[:2048].lower()
    if suffix in {".html", ".htm"} or (suffix not in {".md", ".markdown"} and b"<html" in lowered):
        return "html"
    return "markdown"


def read_source(path: str | Path, options: ReadOptions | None = None) -> SourceDoc:
    """Read one document; raises :class:`InputError` when it cannot be read at all."""
    options = options or ReadOptions()
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"{p}: cannot read file ({err.strerror or err})") from err
    if not data:
        raise InputError(f"{p}: file is empty (0 bytes); check that the download or conversion finished")
    if len(data) > options.max_bytes:
        raise InputError(f"{p}: {len(data)} bytes exceeds the limit of {options.max_bytes} (--max-bytes)")
    import hashlib  # here, not at the top: importing the package alone need not load OpenSSL

    digest = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(p, data[:4096])
    if fmt == "pdf":
        from extractor.sources.pdf import read_pdf

        return read_pdf(p, data, digest, options)
    from extractor.sources.markdown import read_markdown

    doc = read_markdown(p, data, digest, html=(fmt == "html"))
    check_cells(count_cells(doc), options.max_cells, str(p))
    return doc


def count_cells(doc: SourceDoc) -> int:
    """Table cells of every region of the document."""
    return sum(b.grid.n_rows * b.grid.n_cols for page in doc.pages for b in page.blocks if isinstance(b, TableRegion))
