"""The fast pdfium page reader gives the reference (pdfplumber) reader's glyphs and shapes.

Hand-built PDFs put every construct the reader maps into one page — drawn lines, stroked and
filled rectangles, a white cell background, thin and round curves, a form XObject with its own
matrix, scaled and rotated text, an explicit space — and repeat it under each page rotation and
with a MediaBox that does not start at the origin. Both readers must agree glyph by glyph and
shape by shape (to 0.05 pt: pdfium stores coordinates in single precision).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hostile import build_pdf, pdf_stream

from extractor.sources.pdf import PageObjects, page_objects
from extractor.sources.pdf_grid import Shape
from extractor.sources.pdf_lines import Char, chars_to_lines, join_text
from extractor.sources.pdf_pdfium import TextLost, flag_after_spaces, iter_page_objects, open_pdf

TOL = 0.05

_DRAWING = b"""
q 0 0 0 RG 1 w
50 700 m 300 700 l S
50 600 200 50 re S
1 1 1 rg 60 500 100 20 re f
0 0 0 rg 60 450 100 1 re f
50 400 m 100 420 150 380 200 400 c S
50 350 m 100 350.5 150 351 200 350 c S
300 300 m 400 300 l 400 340 l 300 340 l h S
/Fx Do
Q
BT /F1 12 Tf 72 720 Td (Total 1,234.50) Tj ET
BT /F1 10 Tf 2 0 0 2 72 650 Tm (Big) Tj ET
BT /F1 12 Tf 0 1 -1 0 500 300 Tm (Up) Tj ET
BT /F1 12 Tf 72 530 Td (A B) Tj ET
BT /F1 9 Tf 1 0 0 1 320 310 Tm (12.5%) Tj ET
"""

_FORM = b"q 0 0 0 RG 0.5 w 0 0 m 0 80 l S 0 0 m 120 0 l S Q BT /F1 8 Tf 5 5 Td (in form) Tj ET"


def _pdf(pages: list[tuple[int, tuple[float, float, float, float]]]) -> bytes:
    """One page per (rotation, MediaBox), all drawing the same content."""
    n = len(pages)
    font, form, content = 3 + n, 4 + n, 5 + n
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)]
    for rotation, box in pages:
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Rotate %d /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Fx %d 0 R >> >> >>"
            % (" ".join(f"{v:g}" for v in box).encode(), rotation, content, font, form)
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(pdf_stream(
        _FORM, b" /Type /XObject /Subtype /Form /BBox [0 0 200 100] /Matrix [1 0 0 1 100 100]"
        b" /Resources << /Font << /F1 %d 0 R >> >>" % font))
    objects.append(pdf_stream(_DRAWING))
    return build_pdf(objects)


PAGES = [(rotation, box) for rotation in (0, 90, 180, 270)
         for box in ((0.0, 0.0, 612.0, 792.0), (10.0, 20.0, 622.0, 812.0))]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[PageObjects], list[PageObjects]]:
    import pdfplumber

    data = _pdf(PAGES)
    path = tmp_path_factory.mktemp("pdfium") / "constructs.pdf"
    path.write_bytes(data)
    fast = [PageObjects(n, w, h, r, tuple(c), tuple(s)) for n, w, h, r, c, s in iter_page_objects(open_pdf(data))]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        ref = [page_objects(page, i + 1) for i, page in enumerate(pdf.pages)]
    return fast, ref


def _close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(abs(x - y) <= TOL for x, y in zip(a, b, strict=True))


def _glyph(c: Char) -> tuple[Any, ...]:
    return (c.text, c.x0, c.top, c.x1, c.bottom, c.size)


def _shape_key(s: Shape) -> tuple[Any, ...]:
    return (s.kind, s.stroked, s.filled, round(s.x0, 1), round(s.top, 1), round(s.x1, 1), round(s.bottom, 1))


@pytest.mark.parametrize("index", range(len(PAGES)), ids=[f"rot{r}-{'offset' if b[0] else 'origin'}" for r, b in PAGES])
def test_page_size_and_rotation_match(both: tuple[list[PageObjects], list[PageObjects]], index: int) -> None:
    fast, ref = both[0][index], both[1][index]
    assert (fast.number, fast.rotation) == (ref.number, ref.rotation) == (index + 1, PAGES[index][0])
    assert _close((fast.width, fast.height), (ref.width, ref.height))


@pytest.mark.parametrize("index", range(len(PAGES)), ids=[f"rot{r}-{'offset' if b[0] else 'origin'}" for r, b in PAGES])
def test_glyphs_match_the_reference(both: tuple[list[PageObjects], list[PageObjects]], index: int) -> None:
    fast = sorted(both[0][index].chars, key=lambda c: (c.text, round(c.top), round(c.x0)))
    ref = sorted(both[1][index].chars, key=lambda c: (c.text, round(c.top), round(c.x0)))
    assert [c.text for c in fast] == [c.text for c in ref]
    for f, r in zip(fast, ref, strict=True):
        assert _close(_glyph(f)[1:], _glyph(r)[1:]), (f, r)
        assert (f.bold, f.space_before) == (r.bold, r.space_before), (f, r)


@pytest.mark.parametrize("index", range(len(PAGES)), ids=[f"rot{r}-{'offset' if b[0] else 'origin'}" for r, b in PAGES])
def test_shapes_match_the_reference(both: tuple[list[PageObjects], list[PageObjects]], index: int) -> None:
    fast = sorted(_shape_key(s) for s in both[0][index].shapes)
    ref = sorted(_shape_key(s) for s in both[1][index].shapes)
    assert fast == ref


def test_shapes_are_classified_like_pdfminer(both: tuple[list[PageObjects], list[PageObjects]]) -> None:
    """On the upright page: 2 drawn lines + 2 form lines, the stroked and the closed-path
    rectangles, the thin filled rectangle and the thin curve; no white background, no round curve."""
    kinds = sorted((s.kind, s.stroked, s.filled) for s in both[0][0].shapes)
    assert kinds == sorted([("line", True, False)] * 5 + [("rect", True, False)] * 2 + [("rect", False, True)])
    form_lines = [s for s in both[0][0].shapes if s.kind == "line" and abs(s.x0 - 100) < TOL]
    assert len(form_lines) == 2  # the form's matrix moved its lines to x = 100


def test_scaled_and_rotated_text_sizes(both: tuple[list[PageObjects], list[PageObjects]]) -> None:
    chars = both[0][0].chars
    assert {round(c.size, 2) for c in chars if c.text in ("B", "i", "g") and c.size > 15} == {20.0}
    up = [c for c in chars if c.text in "Up"]
    assert len(up) == 2 and all(c.x1 - c.x0 == pytest.approx(12.0, abs=TOL) for c in up)


def test_explicit_space_is_kept(both: tuple[list[PageObjects], list[PageObjects]]) -> None:
    """pdfium keeps the space glyph inside the text object "A B" (a glyph, not one it generates):
    B follows a space, and the line reads the same as through the reference (upright pages,
    where the text runs left to right)."""
    for index, (rotation, _) in enumerate(PAGES):
        if rotation:
            continue
        for page in (both[0][index], both[1][index]):
            line = sorted((c for c in page.chars if abs(c.size - 12) < TOL and c.text in "AB"), key=lambda c: c.x0)
            assert join_text(line) == "A B"
            assert [c.space_before for c in line] == [False, True]


def test_unreadable_file_falls_back_to_the_reference_diagnosis(tmp_path: Path) -> None:
    """pdfium cannot open a file that is not a PDF body: the reference reader's error is raised."""
    from extractor.errors import InputError
    from extractor.sources import ReadOptions, read_source

    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"garbage " * 100)
    with pytest.raises(InputError, match="cannot parse PDF"):
        read_source(path, ReadOptions(reader="pdfium"))


def test_second_print_is_bold_like_the_reference() -> None:
    """Word's fake bold prints a line twice, a fraction of a point apart. pdfium keeps one copy
    in its text; the reader marks it bold, as the reference reader's de-duplication does."""
    content = (b"BT /F1 12 Tf 72 700 Td (Heading) Tj ET BT /F1 12 Tf 72.4 700 Td (Heading) Tj ET "
               b"BT /F1 12 Tf 72 650 Td (Body) Tj ET")
    data = build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
                      b"/Resources << /Font << /F1 4 0 R >> >> >>",
                      b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", pdf_stream(content)])
    import pdfplumber

    fast = next(iter_page_objects(open_pdf(data)))[4]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        ref = page_objects(pdf.pages[0], 1).chars
    for chars in (fast, ref):
        assert {c.text: c.bold for c in chars if c.text in "HB"} == {"H": True, "B": False}
        assert "".join(c.text for c in chars if c.bold) == "Heading"


def test_left_out_space_flags_the_glyph_it_ends_at() -> None:
    """pdfium leaves a text object of spaces out of its text and, at a narrow gap, generates no
    space instead: the space's box (from the object's origin, font and size) flags the first
    glyph of the next text object when it ends at it, as the reference's space glyph does —
    not a glyph the space ends short of, and not after an object of other text."""
    a, b, c = Char(")", 686.83, 130.26, 688.83, 137.46, 7.2), Char("⑦", 689.8, 130.26, 697.0, 137.46, 7.2), \
        Char("=", 696.88, 130.26, 700.82, 137.46, 7.2)
    chars, objects = [a, b, c], [1, 2, 2]
    space = (688.03, 130.26, 689.83, 137.46)
    flagged = flag_after_spaces(chars, objects, [(1, None), (9, space), (2, None)])
    assert [ch.space_before for ch in flagged] == [False, True, False]
    assert join_text(flagged) == ") ⑦="
    short = (686.0, 130.26, 687.8, 137.46)
    assert not any(ch.space_before for ch in flag_after_spaces(chars, objects, [(1, None), (9, short), (2, None)]))
    other = [(1, None), (9, space), (8, None), (2, None)]  # a left-out object of other text in between
    assert not any(ch.space_before for ch in flag_after_spaces(chars, objects, other))
    assert chars == [a, b, c] and not b.space_before  # a new list: the glyphs are values


def _one_page(content: bytes) -> bytes:
    return build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
                      b"/Resources << /Font << /F1 4 0 R >> >> >>",
                      b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", pdf_stream(content)])


def test_narrow_spaces_read_like_the_reference() -> None:
    """Kerned digits (a TJ gap of 0.15 em, where pdfium generates a space though the page draws
    none) read as one number; a space drawn as its own text object 0.125 em before "B" (which
    pdfium drops, generating nothing) separates "A B". Both readers, glyph flags and text alike."""
    import pdfplumber

    content = (b"BT /F1 12 Tf 72 700 Td [(9) -150 (9) -150 (9) -150 (.) -150 (8) -150 (3)] TJ ET "
               b"BT /F1 12 Tf 72 650 Td (A) Tj ET BT /F1 12 Tf 78.164 650 Td ( ) Tj ET "
               b"BT /F1 12 Tf 81.5 650 Td (B) Tj ET")
    data = _one_page(content)
    fast = next(iter_page_objects(open_pdf(data)))[4]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        ref = page_objects(pdf.pages[0], 1).chars
    for chars in (fast, ref):
        lines = [ln.text for ln in chars_to_lines(chars)]
        assert lines == ["999.83", "A B"]
    assert [(c.text, c.space_before) for c in fast] == [(c.text, c.space_before) for c in ref]


def _reportlab_lines(lines: list[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    for k, line in enumerate(lines):
        text = c.beginText(100, 700 - 12 * k)
        text.setFont("STSong-Light", 9)
        text.textLine(line)
        c.drawText(text)
    c.showPage()
    c.save()
    return buffer.getvalue()


def test_lone_glyph_of_a_font_pdfium_cannot_outline_sends_the_file_to_the_reference(tmp_path: Path) -> None:
    """A cell's wrapped last character printed alone, in a CJK font the file only names: pdfium
    has no outline for it, gives it no box and leaves it out of the page's text. The fast reader
    notices the missing text object and the reference reader reads the file; nothing is lost.
    The same on every machine: pdfium is never shown the machine's fonts, so an installed CJK
    font (fonts-noto-cjk) does not give it an outline (tests/test_pdf_pdfium_build.py)."""
    from extractor.sources import ReadOptions, read_source

    data = _reportlab_lines(["工作资", "料"])
    with pytest.raises(TextLost):
        list(iter_page_objects(open_pdf(data)))
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(data)
    doc = read_source(path, ReadOptions(reader="pdfium"))
    texts = [b.text for page in doc.pages for b in page.blocks if hasattr(b, "text")]
    assert texts == ["工作资", "料"]
    assert list(iter_page_objects(open_pdf(_reportlab_lines(["工作资", "料料"]))))  # two glyphs: pdfium keeps them
