"""Generate the OCR fixture: two pages of the seed PDF with their Chinese font embedded.

    .venv/bin/python scripts/make_ocr_fixtures.py [--font FONT.ttc] [--out fixtures/pdf/seed-ocr-pages.pdf]

``fixtures/pdf/seed.pdf`` names its font (STSong-Light) without embedding it, so on a machine
without a Chinese font pdfium draws none of its characters, and a scanned copy of it is blank.
This script lays the seed out again with ``scripts/make_pdf_fixtures.py``, in WenQuanYi Micro Hei
(embedded, subset: GPL with the font exception, Apache-2.0), and keeps two pages:

1. a table page: the page that holds the title of 一般公共预算基本支出情况表 (the end of 表5, the
   一般公共预算支出情况表, with its codes and totals, and the start of 表6);
2. a narrative page: the page that holds 第三部分 (预算情况说明) and its first sections, with
   totals, changes and shares.

``tests/test_ocr_fixtures.py`` scans the pages (``scripts/make_scans.py``, in a temporary
directory) and reads them back by OCR. The font comes from Debian's ``fonts-wqy-microhei``
(``apt-get download``, unpacked into a temporary directory, not installed) unless ``--font``
names it. The output is deterministic for a given font file.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import make_pdf_fixtures  # noqa: E402

OUT = ROOT / "fixtures" / "pdf" / "seed-ocr-pages.pdf"
PACKAGE = "fonts-wqy-microhei"
FONT_FILE = "wqy-microhei.ttc"
TABLE_PAGE = "一般公共预算基本支出情况表"
NARRATIVE_PAGE = "第三部分"


def fetch_font(folder: Path) -> Path:
    """Debian's WenQuanYi Micro Hei, downloaded and unpacked into ``folder`` (not installed)."""
    subprocess.run(["apt-get", "download", PACKAGE], cwd=folder, check=True, capture_output=True, timeout=600)
    deb = next(folder.glob(f"{PACKAGE}_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(folder / "root")], check=True, capture_output=True, timeout=600)
    return next((folder / "root").rglob(FONT_FILE))


def page_holding(doc: pypdfium2.PdfDocument, text: str) -> int:
    """The index of the first page with a line starting with ``text``, the table of contents
    (目录) aside."""
    for index in range(len(doc)):
        page = doc[index]
        try:
            lines = [line.strip() for line in page.get_textpage().get_text_range().splitlines()]
        finally:
            page.close()
        if not any(line.replace(" ", "") == "目录" for line in lines) and any(line.startswith(text) for line in lines):
            return index
    raise SystemExit(f"no page of the seed layout holds {text!r}")


def make(font: Path, out: Path) -> None:
    pdfmetrics.registerFont(TTFont("WenQuanYiMicroHei", str(font), subfontIndex=0))
    make_pdf_fixtures.FONT = "WenQuanYiMicroHei"
    with tempfile.TemporaryDirectory(prefix="ocr-fixture-") as tmp:
        whole = Path(tmp) / "seed.pdf"
        make_pdf_fixtures.make_seed(whole)
        doc = pypdfium2.PdfDocument(str(whole))
        pages = [page_holding(doc, TABLE_PAGE), page_holding(doc, NARRATIVE_PAGE)]
        copy = pypdfium2.PdfDocument.new()
        copy.import_pages(doc, pages)
        copy.save(str(whole.with_name("pages.pdf")))
        copy.close()
        doc.close()
        data = whole.with_name("pages.pdf").read_bytes()
    # pdfium writes a random file identifier: one from the content instead (the same length)
    ident = hashlib.md5(re.sub(rb"/ID\s*\[<[0-9A-Fa-f]+><[0-9A-Fa-f]+>\]", b"", data)).hexdigest().upper().encode()
    data = re.sub(rb"/ID\s*\[<[0-9A-Fa-f]+><[0-9A-Fa-f]+>\]", b"/ID[<" + ident + b"><" + ident + b">]", data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--font", type=Path, help=f"{FONT_FILE} (default: fetched from Debian's {PACKAGE})")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.font is not None:
        make(args.font, args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="ocr-font-") as tmp:
        make(fetch_font(Path(tmp)), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
