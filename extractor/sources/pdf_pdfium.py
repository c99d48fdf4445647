"""The fast page reader: glyphs and drawn shapes of each page through pdfium.

pdfminer's object parse (what pdfplumber's ``page.chars`` runs) costs about 100 ms a page on
this corpus; pdfium reads the same glyphs and paths in a few. This module gives the very
:class:`~extractor.sources.pdf_pages.PageObjects` that :func:`extractor.sources.pdf.page_objects`
builds from pdfplumber, in pdfplumber's coordinates, so every later stage is shared and the
two readers can be compared page by page (``--reader pdfplumber`` stays the reference):

- a glyph's box is pdfminer's: from the glyph origin, the advance along the text direction and
  the font size across it, the bottom at the font descriptor's descent (not pdfium's loose box,
  which uses the ascent and so sits a little higher; a descent deeper than
  :data:`~extractor.sources.pdf_lines.MAX_DESCENT` is clamped, in both readers), mapped by the
  page rotation as pdfminer's interpreter does (``x`` from the left, ``top`` from the top of the
  rotated page);
- drawn paths come from :mod:`extractor.sources.pdf_pdfium_shapes` (pdfminer's line, rectangle
  and curve decisions, forms with their matrices), which also holds the page geometry;
- text objects pdfium leaves out of a page's text are audited (:func:`audit_text_objects`).

Only these modules and :mod:`extractor.sources.pdf` touch a PDF library's page model.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

from extractor.sources.pdf_grid import Shape
from extractor.sources.pdf_lines import (
    MAX_DESCENT,
    Char,
    dedupe_chars,
    is_bold_font,
    mark_spaces,
    space_ends_at,
)
from extractor.sources.pdf_pdfium_lib import Document, FsMatrix, FsRect, Pdfium, pdfium
from extractor.sources.pdf_pdfium_shapes import Matrix, PageSpace, Point, apply, page_shapes

_EPS = 1e-3
"""A text matrix this close to axis-parallel is treated as such."""

_AFM_DESCENT = {
    **dict.fromkeys(("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
                     "Arial", "Arial,Bold", "Arial,Italic", "Arial,BoldItalic"), -207.0),
    **dict.fromkeys(("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
                     "CourierNew", "CourierNew,Bold", "CourierNew,Italic", "CourierNew,BoldItalic"), -194.0),
    **dict.fromkeys(("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "TimesNewRoman",
                     "TimesNewRoman,Bold", "TimesNewRoman,Italic", "TimesNewRoman,BoldItalic"), -217.0),
    "Symbol": 0.0,
    "ZapfDingbats": 0.0,
}
"""Descents (per 1,000) pdfminer takes from its built-in AFM metrics for these font names, whatever
the file says; pdfium would measure the substituted system font instead."""


_UNSEEN: Any = object()
"""A style not looked up yet (``None`` is a style that places nothing)."""


class _Style:
    """What every glyph of one text object shares: weight, and the vectors that place its box.

    In device space (the rotated page, ``y`` up) a glyph's box runs from ``origin + low`` to
    ``origin + advance × along + high``: ``along`` is one unit of advance, ``low`` and ``high``
    the offsets of the descent line and of descent + font size — pdfminer's box, whose two
    corners it maps through the text matrix.
    """

    __slots__ = ("advance_axis", "along", "bold", "high", "low", "odd", "scale")

    def __init__(self, bold: bool, m: Matrix, font_size: float, descent: float, space: PageSpace) -> None:
        a, b, c, d = m[0], m[1], m[2], m[3]
        ca, cb, cc, cd = space.ctm[0], space.ctm[1], space.ctm[2], space.ctm[3]

        def device_vector(x: float, y: float) -> Point:
            ux, uy = a * x + c * y, b * x + d * y
            return (ca * ux + cc * uy, cb * ux + cd * uy)

        self.bold = bold
        self.scale = (a * a + b * b) ** 0.5
        self.odd = not (abs(b) <= _EPS * self.scale or abs(a) <= _EPS * self.scale)
        self.advance_axis = 0 if abs(b) <= _EPS * self.scale else 1
        """Which side of pdfium's loose box measures the advance: 0 its width, 1 its height."""
        self.along = device_vector(1.0, 0.0)
        self.low = device_vector(0.0, descent * font_size)
        self.high = device_vector(0.0, (descent + 1.0) * font_size)


def _font(lib: Pdfium, font: int | None) -> tuple[bool, float]:
    """Bold (from the font name, as the reference reader decides) and the descent ratio
    (pdfminer's: the AFM value for the base-14 names, else the font descriptor's)."""
    name = ""
    descent = 0.0
    if font:
        buf = ctypes.create_string_buffer(512)
        length = lib.FPDFFont_GetBaseFontName(font, buf, 512)
        name = _decode_name(buf.raw[: max(length - 1, 0)])
        value = ctypes.c_float()
        if name in _AFM_DESCENT:
            descent = _AFM_DESCENT[name] / 1000.0
        elif lib.FPDFFont_GetDescent(font, 1000.0, ctypes.byref(value)):
            descent = value.value / 1000.0
    return is_bold_font(name), max(descent, -MAX_DESCENT)


def _decode_name(raw_name: bytes) -> str:
    for encoding in ("utf-8", "gbk"):
        try:
            return raw_name.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw_name.decode("latin-1")


def _page_codes(lib: Pdfium, textpage: int, count: int) -> list[int]:
    """The character code of each glyph index: the page's text in one call (one UTF-16 unit per
    index — pdfium itself gives a character outside the BMP two indices, its two surrogates),
    glyph by glyph if the text does not line up with the indices."""
    buf = (ctypes.c_ushort * (count + 1))()
    if lib.FPDFText_GetText(textpage, 0, count, buf) == count + 1:  # count units and the final NUL
        codes: list[int] = buf[:count]
        return codes
    get_unicode = lib.glyph["FPDFText_GetUnicode"]
    tp = ctypes.c_void_p(textpage)
    return [get_unicode(tp, i) for i in range(count)]


def _code_point(codes: list[int], i: int) -> tuple[int, bool]:
    """The character at index ``i`` when it is a surrogate, and whether it took index ``i + 1``
    too: a pair makes one character, a lone surrogate (which no text may hold) is U+FFFD."""
    code = codes[i]
    low = codes[i + 1] if i + 1 < len(codes) else 0
    if code < 0xDC00 and 0xDC00 <= low < 0xE000:
        return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), True
    return 0xFFFD, False


def page_chars(lib: Pdfium, textpage: int, space: PageSpace) -> tuple[list[Char], list[int]]:
    """Every glyph of the page (pdfium's generated spaces and line breaks left out, flagging
    nothing), and the text object (handle) each one belongs to.

    The hot loop of the fast reader: four pdfium calls a glyph through the undeclared bindings
    (:attr:`Pdfium.glyph`), the characters from one call for the whole page, everything shared
    by a text object (font, matrix, size) computed once per object. A character outside the BMP,
    which pdfium gives as two glyphs (its surrogates) with one box, is one glyph.
    """
    count = lib.FPDFText_CountChars(textpage)
    objects: list[int] = []
    if count <= 0:
        return [], objects
    codes = _page_codes(lib, textpage, count)
    styles: dict[tuple[int | None, bytes, float], _Style | None] = {}
    fonts: dict[int | None, tuple[bool, float]] = {}
    loose = FsRect()
    m = FsMatrix()
    m_linear = (ctypes.c_char * 16).from_buffer(m)  # a, b, c, d (not the offset) as one hashable key
    chars: list[Char] = []
    tp = ctypes.c_void_p(textpage)  # the undeclared functions need it as a pointer, not an int
    glyph = lib.glyph
    is_generated = glyph["FPDFText_IsGenerated"]
    get_object = glyph["FPDFText_GetTextObject"]
    get_loose = glyph["FPDFText_GetLooseCharBox"]
    map_error = glyph["FPDFText_HasUnicodeMapError"]
    get_origin = glyph["FPDFText_GetCharOrigin"]
    get_matrix = glyph["FPDFText_GetMatrix"]
    get_size = glyph["FPDFText_GetFontSize"]
    get_font = lib.FPDFTextObj_GetFont
    ox, oy = ctypes.c_double(), ctypes.c_double()
    loose_ref, ox_ref, oy_ref, m_ref = ctypes.byref(loose), ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(m)
    ca, cb, cc, cd, ce, cf = space.ctm
    height, left, shift = space.height, space.left, space.top_shift
    last_object: int | None = None
    style: _Style | None = None
    placed: _Style | None = None  # the style whose vectors are unpacked below
    odd, axis, scale, bold = False, 0, 1.0, False
    low_x = low_y = along_x = along_y = high_x = high_y = 0.0
    add_object, add_char = objects.append, chars.append
    paired = -1  # the index of a low surrogate taken with the glyph before it
    for i in range(count):
        code = codes[i]
        if 0xD800 <= code < 0xE000:
            if i == paired:
                continue
            code, pair = _code_point(codes, i)
            paired = i + 1 if pair else paired
        # pdfium generates only spaces and line breaks: any other code is the page's own glyph.
        # A generated space is no glyph of the page and flags nothing (the reference reader
        # sees none): pdfium adds one at a wide kerning or tracking gap ("9 9 9 . 8 3" of
        # letter-spaced digits) as well as where it dropped an object of spaces — those the
        # page drew are flagged from the objects themselves (audit_text_objects), and a space
        # inside a text object stays a glyph (mark_spaces).
        if code <= 0x20 and is_generated(tp, i) == 1:
            continue
        key = get_object(tp, i)
        if not key:
            continue
        if key != last_object:
            last_object = key
            style = None
            if get_matrix(tp, i, m_ref):
                # the text object's matrix; each glyph sits at its own origin
                font = get_font(key)
                look = (font, m_linear.raw, get_size(tp, i))
                style = styles.get(look, _UNSEEN)
                if style is _UNSEEN:
                    if font not in fonts:
                        fonts[font] = _font(lib, font)
                    found = _Style(fonts[font][0], (m.a, m.b, m.c, m.d, 0.0, 0.0), look[2], fonts[font][1], space)
                    style = styles[look] = found if found.scale > 0 and look[2] > 0 else None
        if style is None or not get_loose(tp, i, loose_ref) or not get_origin(tp, i, ox_ref, oy_ref):
            continue
        if style is not placed:
            placed = style
            odd, axis, scale, bold = style.odd, style.advance_axis, style.scale, style.bold
            (low_x, low_y), (along_x, along_y), (high_x, high_y) = style.low, style.along, style.high
        text = f"(cid:{code})" if code == 0 or code > 0x10FFFF or map_error(tp, i) == 1 else chr(code)
        if odd:  # text at an odd angle: pdfium's loose box, as is
            x0, top, x1, bottom = space.box([(loose.left, loose.bottom), (loose.right, loose.top)])
            size = bottom - top
        else:
            advance = abs(loose.right - loose.left if axis == 0 else loose.top - loose.bottom) / scale
            x, y = ox.value, oy.value
            dx, dy = ca * x + cc * y + ce, cb * x + cd * y + cf
            x_a, y_a = dx + low_x, dy + low_y
            x_b = dx + advance * along_x + high_x
            y_b = dy + advance * along_y + high_y
            x0, x1 = (x_a, x_b) if x_a <= x_b else (x_b, x_a)
            y0, y1 = (y_a, y_b) if y_a <= y_b else (y_b, y_a)
            x0, x1, top, bottom, size = x0 + left, x1 + left, height - y1 + shift, height - y0 + shift, y1 - y0
        add_object(key)
        add_char(Char(text, x0, top, x1, bottom, size, bold))
    return chars, objects


# ---------------------------------------------------------------- text objects pdfium left out


class TextLost(Exception):
    """pdfium left a text object out of the page's text, and not as a duplicate: the page would
    lose glyphs (a lone glyph of a font pdfium has no metrics for). The reference reader takes
    the document."""


_NONSYMBOLIC = 32
"""Font descriptor flag: the font uses the standard Latin character set."""
_DOUBLED = 1.5
"""A text object this close (points, every side) to another is a second print of it (fake bold)."""


def audit_text_objects(lib: Pdfium, texts: list[tuple[int, Matrix]], objects: list[int],
                       chars: list[Char], space: PageSpace) -> list[Char]:
    """The glyphs, with those printed twice marked bold and those right after a space pdfium
    left out flagged ``space_before`` (:func:`_after_left_out_spaces`); raises :class:`TextLost`
    when pdfium's text leaves out a text object that is neither a second print nor mere spaces.

    pdfium drops, from a page's text, a text object printed again over another one (the
    "fake bold" of Word and WPS: the reference reader sees both glyphs, and
    :func:`~extractor.sources.pdf_lines.dedupe_chars` marks the survivor bold), an object that
    holds only spaces, and an object whose glyphs have no outline in any font it can load (zero
    width: a lone glyph of a non-embedded CJK font). Only the last loses text; a space has no
    outline either, and :func:`_draws_spaces_only` tells them apart by the font (a lone space of
    a non-embedded symbolic font sends the file to the reference reader: slower, never wrong).
    """
    present = set(objects)
    printed: list[tuple[float, float, float, float]] = []  # boxes of the left-out objects with ink
    spaces = False
    for obj, outer in texts:
        if obj in present:
            continue
        box = _object_box(lib, obj, outer, space)
        if box is None or box[2] - box[0] < 0.01:
            if _draws_spaces_only(lib, obj):
                spaces = True
                continue
            raise TextLost("pdfium left out a text object")
        printed.append(box)
    if spaces:
        chars = _after_left_out_spaces(lib, texts, present, objects, chars, space)
    if not printed:
        return chars
    owners: dict[int, list[int]] = {}
    for i, obj in enumerate(objects):
        owners.setdefault(obj, []).append(i)
    cells: dict[tuple[int, int], list[int]] = {}
    for owner, indices in owners.items():
        for i in indices:
            c = chars[i]
            cells.setdefault((int(c.xc // 20), int(c.yc // 20)), []).append(owner)
    outers = dict(texts)
    bold: set[int] = set()
    boxes: dict[int, tuple[float, float, float, float] | None] = {}
    for box in printed:
        near = {o for x in range(int(box[0] // 20) - 1, int(box[2] // 20) + 2)
                for y in range(int(box[1] // 20) - 1, int(box[3] // 20) + 2) for o in cells.get((x, y), ())}
        for owner in near - bold:
            if owner not in boxes:
                boxes[owner] = _object_box(lib, owner, outers[owner], space) if owner in outers else None
            other = boxes[owner]
            if other is not None and all(abs(a - b) <= _DOUBLED for a, b in zip(box, other, strict=True)):
                bold.add(owner)
    if not bold:
        return chars
    out = list(chars)
    for owner in bold:
        for i in owners[owner]:
            out[i] = out[i].as_bold()
    return out


def _after_left_out_spaces(lib: Pdfium, texts: list[tuple[int, Matrix]], present: set[int], objects: list[int],
                           chars: list[Char], space: PageSpace) -> list[Char]:
    """The glyphs, the one right after a space glyph pdfium left out of the page's text flagged
    ``space_before`` as the reference reader flags it (:func:`flag_after_spaces`).

    pdfium drops a text object that holds only spaces (see :func:`audit_text_objects`), and the
    spaces it generates are no evidence of one: it generates none at a narrow gap (")" + " " +
    "⑦", 0.13 em apart, in a Ningde header) and some where the page drew none (kerned or
    letter-spaced digits, "," before a wide gap). Only the page's left-out objects are looked at
    (a handful, on the pages that have any), never its glyphs one by one.
    """
    runs = [(obj, None if obj in present else _space_box(lib, obj, outer, space)) for obj, outer in texts]
    if all(box is None for _, box in runs):
        return chars
    return flag_after_spaces(chars, objects, runs)


def flag_after_spaces(chars: list[Char], objects: list[int],
                      runs: list[tuple[int, tuple[float, float, float, float] | None]]) -> list[Char]:
    """The glyphs (``objects`` gives each one's text object), the first glyph of a text object
    flagged ``space_before`` when the object right before it in the page's content (``runs``:
    every text object in order, with the box of the space it draws when pdfium left out an
    object of spaces, else ``None``) is such a space ending at that glyph
    (:func:`~extractor.sources.pdf_lines.space_ends_at`, the reference reader's rule).
    """
    first: dict[int, int] = {}
    for i, obj in enumerate(objects):
        first.setdefault(obj, i)
    out = list(chars)
    pending: tuple[float, float, float, float] | None = None  # the space just passed
    for obj, box in runs:
        if box is not None:
            pending = box
            continue
        i = first.get(obj, -1)  # -1: a left-out object drawing more than spaces
        if pending is not None and i >= 0 and not out[i].space_before and space_ends_at(pending[2], pending[1], out[i]):
            out[i] = out[i].as_after_space()
        pending = None
    return out


def _space_box(lib: Pdfium, obj: int, outer: Matrix, space: PageSpace) -> tuple[float, float, float, float] | None:
    """pdfminer's box of the space a left-out text object draws (``None`` if it draws more
    than spaces, or its font or matrix cannot be read): one space's advance of the object's
    font from the object's origin, the descent and the font size across (as :class:`_Style`).
    pdfium's own bounds of such an object are its origin alone, and its text cannot be read
    (it is in no text page): an object of several spaces is measured as one, which ends short
    of the next glyph and flags nothing — as before pdfium's spaces were looked at here."""
    box = _object_box(lib, obj, outer, space)
    if box is None or box[2] - box[0] >= 0.01 or not _draws_spaces_only(lib, obj):
        return None
    font = lib.FPDFTextObj_GetFont(obj)
    m = FsMatrix()
    size, width = ctypes.c_float(), ctypes.c_float()
    if (not lib.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)) or not lib.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
            or not lib.FPDFFont_GetGlyphWidth(font, 0x20, size.value, ctypes.byref(width))):
        return None
    descent = _font(lib, font)[1] * size.value
    corners = [(m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f)
               for x, y in ((0.0, descent), (width.value, descent + size.value))]
    return space.box([apply(outer, x, y) for x, y in corners])


def _draws_spaces_only(lib: Pdfium, obj: int) -> bool:
    """A text object pdfium left out with a zero-width box: spaces, unless its font is one pdfium
    can have no outlines for. An embedded font has outlines for every glyph it draws; a font
    flagged non-symbolic uses Latin glyphs, which pdfium substitutes with its own fonts. A
    symbolic font that is not embedded (a CJK font the file only names, such as STSong-Light)
    may have drawn real text."""
    font = lib.FPDFTextObj_GetFont(obj)
    if not font:
        return False
    flags = lib.FPDFFont_GetFlags(font)
    return lib.FPDFFont_GetIsEmbedded(font) == 1 or (flags >= 0 and bool(flags & _NONSYMBOLIC))


def _object_box(lib: Pdfium, obj: int, outer: Matrix, space: PageSpace) -> tuple[float, float, float, float] | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not lib.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                     ctypes.byref(top)):
        return None
    corners = [apply(outer, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
    return space.box(corners)


# ---------------------------------------------------------------- document


def open_pdf(data: bytes) -> Document:
    """The document pdfium opened from ``data`` (its ``len`` is the page count); raises
    :class:`~extractor.sources.pdf_pdfium_lib.PdfiumError` for a file pdfium cannot open."""
    return Document(data)


def iter_page_objects(doc: Document) -> Iterator[tuple[int, float, float, int, list[Char], list[Shape]]]:
    """(number, width, height, rotation, glyphs, shapes) of each page of ``doc`` (from
    :func:`open_pdf`), read and released in turn; the document is closed at the end. A page
    pdfium cannot load raises :class:`PageUnreadable`."""
    lib = pdfium()
    try:
        for index in range(len(doc)):
            page = lib.FPDF_LoadPage(doc.handle, index)
            if not page:
                raise PageUnreadable(f"pdfium cannot load page {index + 1}")
            try:
                space = PageSpace(_mediabox(lib, page), _rotation(lib, page))
                textpage = lib.FPDFText_LoadPage(page)
                if not textpage:
                    raise PageUnreadable(f"pdfium cannot read the text of page {index + 1}")
                try:
                    glyphs, objects = page_chars(lib, textpage, space)
                finally:
                    lib.FPDFText_ClosePage(textpage)
                texts: list[tuple[int, Matrix]] = []
                shapes = page_shapes(lib, page, space, texts)
                chars = dedupe_chars(mark_spaces(audit_text_objects(lib, texts, objects, glyphs, space)))
            finally:
                lib.FPDF_ClosePage(page)
            yield index + 1, space.width, space.height, space.rotation, chars, shapes
    finally:
        doc.close()


class PageUnreadable(Exception):
    """pdfium could not load a page or its text."""


def _mediabox(lib: Pdfium, page: int) -> tuple[float, float, float, float]:
    """The page's MediaBox; US Letter when the page has none of its own (pypdfium2's fallback:
    pdfium does not look up an inherited one here)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not lib.FPDFPage_GetMediaBox(page, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right),
                                    ctypes.byref(top)):
        return (0.0, 0.0, 612.0, 792.0)
    return (left.value, bottom.value, right.value, top.value)


def _rotation(lib: Pdfium, page: int) -> int:
    turns = lib.FPDFPage_GetRotation(page)
    if turns not in (0, 1, 2, 3):
        raise PageUnreadable("pdfium cannot read the page rotation")
    return int(turns) * 90
