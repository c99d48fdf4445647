"""A font whose descriptor declares a descent deeper than half an em (重庆's digit font E-BZ:
Descent -1033) must not push its glyphs into the table row below: both readers clamp the
descent (``pdf_lines.MAX_DESCENT``), so the amount stays on its label's row."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import build_pdf, pdf_stream

from extractor.model import TableRegion
from extractor.sources import ReadOptions, read_source
from extractor.sources.pdf_lines import MAX_DESCENT

# two columns (72–200, 200–300) and three rows (700–680, 680–660, 660–640), in PDF points
RULES = b"0.5 w 72 640 228 60 re S 200 640 m 200 700 l S 72 680 m 300 680 l S 72 660 m 300 660 l S"
BASELINE = 684  # the first row's text: the glyphs stand on 684 and rise to about 691


def _pdf(descent: int) -> bytes:
    content = (
        RULES
        + b" BT /F1 10 Tf 76 %d Td (Total) Tj ET" % BASELINE
        + b" BT /F2 10 Tf 240 %d Td (154.00) Tj ET" % BASELINE
        + b" BT /F1 10 Tf 76 664 Td (Other) Tj ET BT /F2 10 Tf 240 664 Td (1.00) Tj ET"
    )
    widths = b" ".join(b"500" for _ in range(32, 127))
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 800] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        pdf_stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /DigitsDeep /FirstChar 32 /LastChar 126"
        b" /Widths [%s] /Encoding /WinAnsiEncoding /FontDescriptor 7 0 R >>" % widths,
        b"<< /Type /FontDescriptor /FontName /DigitsDeep /Flags 32 /FontBBox [-166 %d 1147 1333]"
        b" /ItalicAngle 0 /Ascent 1333 /Descent %d /CapHeight 699 /StemV 80 >>" % (descent, descent),
    ])


def _rows(path: Path, reader: str) -> list[list[str]]:
    doc = read_source(path, ReadOptions(reader=reader))
    regions = [b for page in doc.pages for b in page.blocks if isinstance(b, TableRegion)]
    assert len(regions) == 1
    return [regions[0].grid.row_texts(r) for r in range(regions[0].grid.n_rows)]


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("descent", [-1033, -700, -212])
def test_amount_stays_on_its_labels_row(tmp_path: Path, reader: str, descent: int) -> None:
    path = tmp_path / f"deep-{-descent}.pdf"
    path.write_bytes(_pdf(descent))
    assert _rows(path, reader) == [["Total", "154.00"], ["Other", "1.00"]]


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_deep_descent_is_clamped_to_half_an_em(tmp_path: Path, reader: str) -> None:
    from extractor.sources.pdf import _pdfium_document, _pdfium_pages, _pdfplumber_pages

    path = tmp_path / "deep.pdf"
    data = _pdf(-1033)
    path.write_bytes(data)
    if reader == "pdfium":
        pages = list(_pdfium_pages(path, _pdfium_document(path, data, 10)))
    else:
        pages = list(_pdfplumber_pages(path, data, 10))
    chars = {c.text: c for c in pages[0].chars}
    baseline_top = 800 - BASELINE
    digit, letter = chars["5"], chars["T"]
    assert digit.bottom - baseline_top == pytest.approx(MAX_DESCENT * 10, abs=0.05)
    assert letter.bottom - baseline_top == pytest.approx(0.207 * 10, abs=0.05)  # Helvetica's own descent, kept
