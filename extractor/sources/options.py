"""Reader settings (:class:`ReadOptions`), validated once; shared by every reader."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.errors import UsageError

ENGINES = ("pdfplumber", "camelot")
READERS = ("pdfium", "pdfplumber")
"""How a PDF page's glyphs and shapes are read: pdfium (fast, the default) or pdfminer through
pdfplumber (the reference the fast reader is tested against, page by page, on the corpus)."""
OCR_MODES = ("auto", "never", "force")
"""When pages are read by OCR (see :mod:`extractor.sources.ocr_pages`)."""
DEFAULT_MAX_PAGES = 2000
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_CELLS = 2_000_000


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Reader settings, validated once."""

    engine: str = "pdfplumber"
    reader: str = "pdfium"
    max_pages: int = DEFAULT_MAX_PAGES
    max_bytes: int = DEFAULT_MAX_BYTES
    max_cells: int = DEFAULT_MAX_CELLS
    ocr: str = "auto"
    """Pages read by OCR: ``auto`` (those without a text layer that show an image), ``never``,
    ``force`` (every page, its text layer ignored)."""
    ocr_workers: int = 0
    """Threads that OCR pages of one document (0: one per core)."""

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r}: choose one of {', '.join(ENGINES)}")
        if self.reader not in READERS:
            raise UsageError(f"unknown reader {self.reader!r}: choose one of {', '.join(READERS)}")
        if self.ocr not in OCR_MODES:
            raise UsageError(f"unknown OCR mode {self.ocr!r}: choose one of {', '.join(OCR_MODES)}")
