"""The pdfium functions the fast reader calls, bound directly with ctypes.

pypdfium2 ships the pdfium library and binds all of its ~500 functions at import (about 30 ms a
process, paid again by every process of a batch) and wraps documents and pages in Python objects
with finalizers. The reader needs some thirty functions: this module loads the library pypdfium2
installed (importing pypdfium2 only to find it when its file is not where expected), declares
those functions, and opens documents and pages with plain handles.

The library is loaded as a ``PyDLL``: a call keeps the GIL instead of releasing and taking it
again (another thread, such as a batch worker's watchdog, waits at most one call). Handles are
ints (``restype = c_void_p``; ``None`` for NULL). Every function is declared with its argument
types, except the per-glyph text-page functions in :attr:`Pdfium.glyph`, which are called tens of
thousands of times a document: those are left undeclared, which makes a call about twice as
cheap, and must be given a ``c_void_p`` text page, Python ints for indices and ``byref``
out-arguments — :func:`extractor.sources.pdf_pdfium.page_chars` and its ``_page_codes`` are
their only callers.
"""

from __future__ import annotations

import ctypes
import sys
from ctypes import POINTER, c_char_p, c_double, c_float, c_int, c_size_t, c_uint, c_ulong, c_ushort, c_void_p
from importlib.util import find_spec
from pathlib import Path
from typing import Any


class FsRect(ctypes.Structure):
    """pdfium's FS_RECTF."""

    _fields_ = [("left", c_float), ("top", c_float), ("right", c_float), ("bottom", c_float)]


class FsMatrix(ctypes.Structure):
    """pdfium's FS_MATRIX."""

    _fields_ = [("a", c_float), ("b", c_float), ("c", c_float), ("d", c_float), ("e", c_float), ("f", c_float)]


class _Config(ctypes.Structure):
    """FPDF_LIBRARY_CONFIG, version 2 (as pypdfium2 initializes the library)."""

    _fields_ = [("version", c_int), ("m_pUserFontPaths", c_void_p), ("m_pIsolate", c_void_p),
                ("m_v8EmbedderSlot", c_uint)]


_FLOAT_P, _DOUBLE_P, _INT_P, _UINT_P = POINTER(c_float), POINTER(c_double), POINTER(c_int), POINTER(c_uint)
_H = c_void_p

_SIGNATURES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "FPDF_InitLibraryWithConfig": (None, (POINTER(_Config),)),
    "FPDF_LoadMemDocument64": (_H, (c_char_p, c_size_t, c_char_p)),
    "FPDF_GetLastError": (c_ulong, ()),
    "FPDF_GetPageCount": (c_int, (_H,)),
    "FPDF_CloseDocument": (None, (_H,)),
    "FPDF_LoadPage": (_H, (_H, c_int)),
    "FPDF_ClosePage": (None, (_H,)),
    "FPDFPage_GetMediaBox": (c_int, (_H, _FLOAT_P, _FLOAT_P, _FLOAT_P, _FLOAT_P)),
    "FPDFPage_GetRotation": (c_int, (_H,)),
    "FPDFPage_CountObjects": (c_int, (_H,)),
    "FPDFPage_GetObject": (_H, (_H, c_int)),
    "FPDFPageObj_GetType": (c_int, (_H,)),
    "FPDFPageObj_GetMatrix": (c_int, (_H, POINTER(FsMatrix))),
    "FPDFPageObj_GetBounds": (c_int, (_H, _FLOAT_P, _FLOAT_P, _FLOAT_P, _FLOAT_P)),
    "FPDFPageObj_GetFillColor": (c_int, (_H, _UINT_P, _UINT_P, _UINT_P, _UINT_P)),
    "FPDFFormObj_CountObjects": (c_int, (_H,)),
    "FPDFFormObj_GetObject": (_H, (_H, c_ulong)),
    "FPDFPath_GetDrawMode": (c_int, (_H, _INT_P, _INT_P)),
    "FPDFPath_CountSegments": (c_int, (_H,)),
    "FPDFPath_GetPathSegment": (_H, (_H, c_int)),
    "FPDFPathSegment_GetPoint": (c_int, (_H, _FLOAT_P, _FLOAT_P)),
    "FPDFPathSegment_GetType": (c_int, (_H,)),
    "FPDFPathSegment_GetClose": (c_int, (_H,)),
    "FPDFText_LoadPage": (_H, (_H,)),
    "FPDFText_ClosePage": (None, (_H,)),
    "FPDFText_CountChars": (c_int, (_H,)),
    "FPDFText_GetText": (c_int, (_H, c_int, c_int, POINTER(c_ushort))),
    "FPDFTextObj_GetFont": (_H, (_H,)),
    "FPDFTextObj_GetFontSize": (c_int, (_H, _FLOAT_P)),
    "FPDFFont_GetGlyphWidth": (c_int, (_H, c_uint, c_float, _FLOAT_P)),
    "FPDFFont_GetBaseFontName": (c_size_t, (_H, c_char_p, c_size_t)),
    "FPDFFont_GetDescent": (c_int, (_H, c_float, _FLOAT_P)),
    "FPDFFont_GetFlags": (c_int, (_H,)),
    "FPDFFont_GetIsEmbedded": (c_int, (_H,)),
}

_GLYPH_RESULTS: dict[str, Any] = {
    "FPDFText_GetUnicode": c_uint,
    "FPDFText_IsGenerated": c_int,
    "FPDFText_HasUnicodeMapError": c_int,
    "FPDFText_GetTextObject": c_void_p,
    "FPDFText_GetLooseCharBox": c_int,
    "FPDFText_GetCharOrigin": c_int,
    "FPDFText_GetMatrix": c_int,
    "FPDFText_GetFontSize": c_double,
}
"""The per-glyph functions (text page, index[, out-arguments]), bound without argument types."""

ERR_PASSWORD = 4
"""FPDF_GetLastError: the document is encrypted and needs a password."""


class PdfiumError(Exception):
    """pdfium could not open a document; ``code`` is FPDF_GetLastError's."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class Pdfium:
    """The bound functions (``lib.FPDF_LoadPage(...)``) and the per-glyph ones (``lib.glyph[name]``)."""

    def __init__(self, library: ctypes.CDLL) -> None:
        for name, (result, arguments) in _SIGNATURES.items():
            function = getattr(library, name)
            function.restype = result
            function.argtypes = arguments
            setattr(self, name, function)
        self.glyph: dict[str, Any] = {}
        for name, result in _GLYPH_RESULTS.items():
            function = getattr(library, name)
            function.restype = result
            self.glyph[name] = function

    def __getattr__(self, name: str) -> Any:  # the functions set in __init__, for the type checker
        raise AttributeError(name)


_LIB: Pdfium | None = None


def pdfium() -> Pdfium:
    """The library, loaded and initialized on first use."""
    global _LIB
    if _LIB is None:
        library = ctypes.PyDLL(_library_path())  # holds the GIL: no release and re-take per call
        lib = Pdfium(library)
        if "pypdfium2._library_scope" not in sys.modules:  # importing pypdfium2 initialized it
            config = _Config(version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0)
            lib.FPDF_InitLibraryWithConfig(ctypes.byref(config))
        _LIB = lib
    return _LIB


def _library_path() -> str:
    """The pdfium library file pypdfium2 installed: next to ``pypdfium2_raw`` (found without
    importing it), else where pypdfium2's own loader finds it."""
    spec = find_spec("pypdfium2_raw")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            for name in ("libpdfium.so", "libpdfium.dylib", "pdfium.dll"):
                if (Path(folder) / name).is_file():
                    return str(Path(folder) / name)
    from pypdfium2_raw import bindings

    return str(bindings._libs["pdfium"]._name)


class Document:
    """An open document (its ``len`` is the page count); keeps the file's bytes alive, as pdfium
    reads them in place."""

    def __init__(self, data: bytes) -> None:
        lib = pdfium()
        self._data = data
        self.handle: int | None = lib.FPDF_LoadMemDocument64(data, len(data), None)
        self.pages: int = lib.FPDF_GetPageCount(self.handle) if self.handle else 0
        if self.pages < 1:  # not opened, or no pages (pypdfium2 refuses those too)
            code = int(lib.FPDF_GetLastError())
            self.close()
            raise PdfiumError(_open_error(code), code)

    def __len__(self) -> int:
        return self.pages

    def close(self) -> None:
        if self.handle:
            pdfium().FPDF_CloseDocument(self.handle)
            self.handle = None


def _open_error(code: int) -> str:
    reasons = {1: "unknown error", 2: "file access error", 3: "not a PDF or damaged",
               ERR_PASSWORD: "the document needs a password", 5: "unsupported security handler",
               6: "page not found or content error"}
    return f"pdfium cannot open the document ({reasons.get(code, f'error {code}')})"
