"""The reader's own pdfium binding: opening errors, the whole-page text and its per-glyph fallback,
and living in one process with pypdfium2 (which initializes the same library)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import build_pdf, pdf_stream, small_budget_pdf

from extractor.errors import EncryptedError
from extractor.sources import ReadOptions, read_source
from extractor.sources.pdf import page_objects
from extractor.sources.pdf_pdfium import iter_page_objects, open_pdf
from extractor.sources.pdf_pdfium_lib import ERR_PASSWORD, PdfiumError, pdfium

_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test def 1 begincodespacerange <00> <FF> endcodespacerange
2 beginbfchar <41> <D835DC00> <42> <0042> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""
"""Code A reads as U+1D400 (MATHEMATICAL BOLD CAPITAL A, outside the BMP: two UTF-16 units), B as B."""


def _pdf_with_text(text: bytes, to_unicode: bytes | None = None) -> bytes:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica%s >>" % (b" /ToUnicode 5 0 R" if to_unicode else b"")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 6 0 R >> >> >>",
        pdf_stream(b"BT /F1 12 Tf 20 100 Td (" + text + b") Tj ET"),
        pdf_stream(to_unicode or b""),
        font,
    ]
    return build_pdf(objects)


def test_not_a_pdf_is_a_pdfium_error_with_its_code() -> None:
    with pytest.raises(PdfiumError) as caught:
        open_pdf(b"this is not a PDF at all")
    assert caught.value.code == 3
    assert "not a PDF or damaged" in str(caught.value)


def test_an_encrypted_file_gets_the_password_code_and_the_encrypted_message(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = small_budget_pdf(encrypt=StandardEncryption("user-secret", "owner-secret"))
    with pytest.raises(PdfiumError) as caught:
        open_pdf(data)
    assert caught.value.code == ERR_PASSWORD
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    with pytest.raises(EncryptedError, match="encrypted"):
        read_source(path, ReadOptions())


def test_page_count_and_close() -> None:
    doc = open_pdf(small_budget_pdf(pages=3))
    assert len(doc) == 3
    doc.close()
    doc.close()  # closing twice is harmless
    assert doc.handle is None


def test_glyph_outside_the_bmp_falls_back_to_per_glyph_codes() -> None:
    """The page text comes in one call when each glyph is one UTF-16 unit; a glyph outside the
    BMP takes two, and the reader then asks glyph by glyph — with the reference reader's text."""
    import pdfplumber

    data = _pdf_with_text(b"BAB", _TO_UNICODE)
    fast = [c.text for c in next(iter_page_objects(open_pdf(data)))[4]]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        ref = [c.text for c in page_objects(pdf.pages[0], 1).chars]
    assert fast == ref == ["B", "\U0001d400", "B"]


def test_plain_text_comes_from_the_whole_page_text() -> None:
    data = _pdf_with_text(b"Total 1,234.50")
    chars = next(iter_page_objects(open_pdf(data)))[4]
    assert "".join(c.text for c in chars) == "Total1,234.50"
    assert [c.space_before for c in chars][5] is True  # the dropped space marks the next glyph


def test_the_undeclared_glyph_functions_are_the_only_unchecked_ones() -> None:
    lib = pdfium()
    assert set(lib.glyph) == {
        "FPDFText_GetUnicode", "FPDFText_IsGenerated", "FPDFText_HasUnicodeMapError", "FPDFText_GetTextObject",
        "FPDFText_GetLooseCharBox", "FPDFText_GetCharOrigin", "FPDFText_GetMatrix", "FPDFText_GetFontSize",
    }
    assert all(f.argtypes is None for f in lib.glyph.values())
    assert lib.FPDF_LoadPage.argtypes is not None


@pytest.mark.parametrize("order", ["binding first", "pypdfium2 first"])
def test_shares_the_process_with_pypdfium2(order: str) -> None:
    """pypdfium2 initializes pdfium when imported; the binding initializes it only when pypdfium2
    has not. Either order reads the same glyphs (run in a fresh interpreter: the order matters)."""
    script = f"""
import sys
from hostile import small_budget_pdf
data = small_budget_pdf()
if {order == "pypdfium2 first"!r}:
    import pypdfium2
from extractor.sources.pdf_pdfium import iter_page_objects, open_pdf
first = [c.text for c in next(iter_page_objects(open_pdf(data)))[4]]
import pypdfium2
doc = pypdfium2.PdfDocument(data)
assert len(doc) == 1 and doc[0].get_textpage().count_chars() > 0
doc.close()
again = [c.text for c in next(iter_page_objects(open_pdf(data)))[4]]
assert first == again and first, (first, again)
print("ok", len(first))
"""
    tests = Path(__file__).parent
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tests.parent, env={"PYTHONPATH": f"{tests}:{tests.parent}", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")


def test_a_lone_surrogate_becomes_the_replacement_character(tmp_path: Path) -> None:
    """A ToUnicode map may name half a surrogate pair; no JSON text may hold one (the file could
    not be written as UTF-8), so the glyph reads as U+FFFD and the document is written."""
    path = tmp_path / "lone.pdf"
    path.write_bytes(_pdf_with_text(b"BAB", _TO_UNICODE.replace(b"<D835DC00>", b"<D835>")))
    chars = next(iter_page_objects(open_pdf(path.read_bytes())))[4]
    assert [c.text for c in chars] == ["B", "\ufffd", "B"]
    done = subprocess.run([sys.executable, "-m", "extractor", "parse", str(path), "-o", str(tmp_path / "out.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "B\ufffdB" in (tmp_path / "out.json").read_text(encoding="utf-8")
