"""The pdfium functions the fast reader calls, bound directly with ctypes.

pypdfium2 ships the pdfium library and binds all of its ~500 functions at import (about 30 ms a
process, paid again by every process of a batch) and wraps documents and pages in Python objects
with finalizers. The reader needs some thirty functions: this module loads the library pypdfium2
installed (from ``pypdfium2_raw``'s folder, without importing it), declares those functions, and
opens documents and pages with plain handles.

The library is loaded as a ``PyDLL``: a call keeps the GIL instead of releasing and taking it
again (another thread, such as a batch worker's watchdog, waits at most one call). Handles are
ints (``restype = c_void_p``; ``None`` for NULL). Every function is declared with its argument
types, except the per-glyph text-page functions in :attr:`Pdfium.glyph`, which are called tens of
thousands of times a document: those are left undeclared, which makes a call about twice as
cheap, and must be given a ``c_void_p`` text page, Python ints for indices and ``byref``
out-arguments — :func:`extractor.sources.pdf_pdfium.page_chars` and its ``_page_codes`` are
their only callers.

Two things make the reader's output the same on every machine:

- **The build.** A binding of hand-declared signatures is only right for the library it was
  written against, and the reader's output is only tested against one pdfium. At load time the
  library must be the one pypdfium2 installed (``pypdfium2_raw``'s folder) and its build
  (``version.json`` beside it, read without importing pypdfium2) one of :data:`TESTED_BUILDS`;
  otherwise :func:`pdfium` raises :class:`PdfiumUnsupported` and the reference reader reads
  (:mod:`extractor.sources.pdf` prints a one-line warning). ``EXTRACTOR_PDFIUM_ANY_BUILD=1``
  skips the build check, to compare a new build before adding it (the functions must exist).
- **No system fonts.** For a font a file only names (not embedded), pdfium substitutes the
  closest font it finds among the machine's fonts (``/usr/share/fonts``…): installing a CJK
  font package changes the glyph boxes and whether a glyph has an outline at all. The reader
  installs a system-font source with no fonts (:data:`_NO_SYSTEM_FONTS`), so pdfium uses only
  the fonts built into the library, the same everywhere — as the reference reader, pdfminer,
  never consults system fonts either. The setting is the library's, so it also holds for
  pypdfium2 in the same process once the reader has loaded the library.
"""

from __future__ import annotations

import ctypes
import json
import os
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


class _SysFontInfo(ctypes.Structure):
    """FPDF_SYSFONTINFO, version 1: a system-font source given as callbacks. pdfium calls none
    that is NULL (no font is listed, mapped or read), so one with every callback NULL is a
    machine without fonts."""

    _fields_ = [("version", c_int)] + [(name, c_void_p) for name in (
        "Release", "EnumFonts", "MapFont", "GetFont", "GetFontData", "GetFaceName", "GetFontCharset", "DeleteFont")]


_NO_SYSTEM_FONTS = _SysFontInfo(version=1)
"""The reader's system-font source: no fonts. pdfium keeps a pointer to it for the life of the
process, so it is a module global, never freed."""

TESTED_BUILDS: frozenset[int] = frozenset({8149})
"""The pdfium builds (``build`` in ``pypdfium2_raw/version.json``) this binding was written for
and the reader's output is tested with: 8149 is pypdfium2 5.15.2's, the version pyproject.toml
pins. Add a build only after ``scripts/compare_readers.py`` and the test suite pass with it."""

ANY_BUILD_VARIABLE = "EXTRACTOR_PDFIUM_ANY_BUILD"
"""Set to 1 to load a pdfium build not in :data:`TESTED_BUILDS` (to test it)."""

_FLOAT_P, _DOUBLE_P, _INT_P, _UINT_P = POINTER(c_float), POINTER(c_double), POINTER(c_int), POINTER(c_uint)
_H = c_void_p

_SIGNATURES: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "FPDF_InitLibraryWithConfig": (None, (POINTER(_Config),)),
    "FPDF_SetSystemFontInfo": (None, (POINTER(_SysFontInfo),)),
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


class PdfiumUnsupported(OSError):
    """The pdfium library cannot be used by this binding: not found, not a build the reader was
    tested with (or of unknown build), or lacking a function. The reference reader reads."""


_LIB: Pdfium | None = None
_UNSUPPORTED: PdfiumUnsupported | None = None


def pdfium() -> Pdfium:
    """The library, loaded, checked and initialized on first use; raises
    :class:`PdfiumUnsupported` (every time) when it may not be used."""
    global _LIB, _UNSUPPORTED
    if _LIB is None:
        if _UNSUPPORTED is not None:  # a new exception each time: re-raising one would grow its traceback
            raise PdfiumUnsupported(str(_UNSUPPORTED))
        try:
            path = library_file()
            library = ctypes.PyDLL(str(path))  # holds the GIL: no release and re-take per call
            lib = Pdfium(library)
        except PdfiumUnsupported as err:
            _UNSUPPORTED = err
            raise
        except (OSError, AttributeError) as err:  # the file does not load, or lacks a function
            _UNSUPPORTED = PdfiumUnsupported(f"the pdfium library cannot be used ({err})")
            raise _UNSUPPORTED from err
        if "pypdfium2._library_scope" not in sys.modules:  # importing pypdfium2 initialized it
            config = _Config(version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0)
            lib.FPDF_InitLibraryWithConfig(ctypes.byref(config))
        lib.FPDF_SetSystemFontInfo(ctypes.byref(_NO_SYSTEM_FONTS))
        _LIB = lib
    return _LIB


_LIBRARY_NAMES = ("libpdfium.so", "libpdfium.dylib", "pdfium.dll")


def library_file() -> Path:
    """The pdfium library pypdfium2 installed (in ``pypdfium2_raw``'s folder, found without
    importing it), after checking that its build is one of :data:`TESTED_BUILDS`; raises
    :class:`PdfiumUnsupported` otherwise."""
    spec = find_spec("pypdfium2_raw")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    for folder in map(Path, folders):
        for name in _LIBRARY_NAMES:
            if (folder / name).is_file():
                check_build(folder / "version.json")
                return folder / name
    raise PdfiumUnsupported("no pdfium library in pypdfium2_raw (is pypdfium2 installed?)")


def check_build(version_file: Path) -> int:
    """The build ``version_file`` (pypdfium2_raw's ``version.json``) names, if it is one of
    :data:`TESTED_BUILDS` (or :data:`ANY_BUILD_VARIABLE` is set); raises
    :class:`PdfiumUnsupported` for another build or one that cannot be read."""
    try:
        info = json.loads(version_file.read_text(encoding="utf-8"))
        build = info["build"]
        origin = info.get("origin", "?")
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise PdfiumUnsupported(f"the pdfium build is unknown ({version_file} unreadable: {err})") from err
    if not isinstance(build, int) or isinstance(build, bool):
        raise PdfiumUnsupported(f"the pdfium build is unknown ({version_file} gives build {build!r})")
    if build not in TESTED_BUILDS and os.environ.get(ANY_BUILD_VARIABLE) != "1":
        tested = ", ".join(map(str, sorted(TESTED_BUILDS)))
        raise PdfiumUnsupported(f"pdfium build {build} ({origin}) is not the build the fast reader is tested "
                                f"with ({tested})")
    return build


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
