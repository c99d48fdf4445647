"""OCR on the project's own fixture, with no ../shared: two pages of the seed laid out with an
embedded Chinese font (``fixtures/pdf/seed-ocr-pages.pdf``, made by ``scripts/make_ocr_fixtures.py``),
scanned here into an image-only PDF (``scripts/make_scans.py``: pdfium renders with no system
font, so the embedded one is what draws the characters) and read back by OCR.

Page 1 is a table page (the end of 表5 一般公共预算支出情况表 and 表6 一般公共预算基本支出情况表),
page 2 a narrative page (第三部分 预算情况说明). What the scan gives is compared with what the
same pages' text layer gives.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.model import Extraction
from extractor.pipeline import extract
from tests.conftest import ROOT, load_script

pytest.importorskip("rapidocr")
FIXTURE = ROOT / "fixtures" / "pdf" / "seed-ocr-pages.pdf"
AMOUNT = re.compile(r"^-?[\d,]+\.\d{1,2}$")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    make_scans = load_script("make_scans")
    path = tmp_path_factory.mktemp("ocr-fixture") / "scan.pdf"
    make_scans.make_scan(FIXTURE, path, make_scans.ScanStyle())
    return path


@pytest.fixture(scope="module")
def text_layer() -> Extraction:
    return extract(FIXTURE)


@pytest.fixture(scope="module")
def ocr(scanned: Path) -> Extraction:
    return extract(scanned)


def test_fixture_embeds_its_font_and_scan_has_no_text() -> None:
    """The fixture draws its characters with its own font; the scan is image-only."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(FIXTURE))
    assert len(doc) == 2
    data = FIXTURE.read_bytes()
    assert b"/FontFile2" in data  # an embedded TrueType font
    text = doc[0].get_textpage().get_text_range()
    assert "一般公共预算基本支出情况表" in text and "135.71" in text


def test_scan_is_read_by_ocr(ocr: Extraction, scanned: Path) -> None:
    assert ocr.source.pages_ocr == (1, 2)
    assert ocr.source.warnings == ()
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(scanned))
    assert all(doc[k].get_textpage().count_chars() == 0 for k in range(len(doc)))


def _amounts(result: Extraction) -> list[Counter[str]]:
    return [Counter(c.text for c in t.grid.cells if AMOUNT.match(c.text)) for t in result.tables]


def test_tables_give_the_text_layer_figures(ocr: Extraction, text_layer: Extraction) -> None:
    """Same tables, same types, every amount of every table and every line item as the text
    layer reads them (exact Decimals), each with its OCR confidence."""
    assert [(t.number, t.type) for t in ocr.tables] == [(t.number, t.type) for t in text_layer.tables]
    want = _amounts(text_layer)
    assert sum(sum(c.values()) for c in want) > 40
    assert _amounts(ocr) == want
    keys = Counter((i.table_type, i.code, i.name, i.measure, i.amount_yuan) for i in text_layer.line_items)
    got = Counter((i.table_type, i.code, i.name, i.measure, i.amount_yuan) for i in ocr.line_items)
    assert len(keys) >= 10 and got == keys
    wages = next(i for i in ocr.line_items if i.code == "301" and i.measure == "total")
    assert wages.amount_yuan == Decimal("1602900") and wages.printed == "160.29"
    assert all(i.ocr_confidence is not None and 0 < i.ocr_confidence <= 1 for i in ocr.line_items)
    assert all(i.ocr_confidence is None for i in text_layer.line_items)
    assert all(c.ocr_confidence is not None for t in ocr.tables for c in t.grid.cells if c.text)


def test_narrative_gives_its_outline_and_facts(ocr: Extraction, text_layer: Extraction) -> None:
    titles = [(s.numbering, s.title) for s in ocr.sections]
    assert ("第三部分", "2026年昌吉高新区创业创新服务中心预算情况说明") in titles
    want = [(s.numbering, s.title) for s in text_layer.sections]
    assert [n for n, _ in titles] == [n for n, _ in want]
    # a heading the seed breaks mid-line (三、…支出预 / 算情况说明) is joined in the text layer by
    # its (fake) bold, which a scan does not show: there OCR gives the heading's first line
    assert all(got == title or (len(got) >= 15 and title.startswith(got)) for (_, got), (_, title) in zip(titles, want, strict=True))
    assert sum(got == title for (_, got), (_, title) in zip(titles, want, strict=True)) >= len(want) - 1
    facts = Counter((f.kind, f.label, f.amount_yuan, f.values) for f in text_layer.facts)
    got = Counter((f.kind, f.label, f.amount_yuan, f.values) for f in ocr.facts)
    assert sum(facts.values()) >= 15
    assert sum((facts & got).values()) >= 0.9 * sum(facts.values()), facts - got
    change = next(f for f in ocr.facts if f.kind == "change" and f.label == "basic")
    assert change.amount_yuan == Decimal("201400") and ("percent", "13.88") in change.values


def test_json_lists_the_ocr_pages_and_confidences(scanned: Path, tmp_path: Path) -> None:
    out = tmp_path / "scan.json"
    assert main(["parse", str(scanned), "-o", str(out)]) in (0, 1)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source"]["pages_ocr"] == [1, 2]
    assert data["line_items"] and all(0 < item["ocr_confidence"] <= 1 for item in data["line_items"])


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads the peak from /proc (Linux)")
def test_ocr_of_a_page_stays_within_its_memory_budget(scanned: Path, tmp_path: Path) -> None:
    """The peak of a process that OCRs the pages one at a time, its engine loaded: bounded by
    detection on strips and recognition in batches of bounded width (a whole-page detection
    alone took 400 MB more)."""
    script = (  # VmHWM: ru_maxrss would keep the parent's (pytest's) peak across exec
        "from extractor.pipeline import extract\n"
        "from extractor.sources import ReadOptions\n"
        f"result = extract({str(scanned)!r}, ReadOptions(ocr_workers=1))\n"
        "assert result.source.pages_ocr == (1, 2)\n"
        "hwm = [line for line in open('/proc/self/status') if line.startswith('VmHWM:')][0]\n"
        "print(int(hwm.split()[1]) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.split()[-1])
    assert peak_mb < 250, peak_mb


# ---------------------------------------------------------------- bounds of the engine's work


@pytest.mark.parametrize(("height", "width"), [(10, 992), (352, 992), (1403, 992), (2339, 1654), (5000, 300), (700, 4000)])
def test_detection_strips_tile_the_image(height: int, width: int) -> None:
    from extractor.sources.ocr_engine import DET_OVERLAP, DET_PIXELS, strips

    parts = strips(height, width)
    assert parts[0][0] == 0 and parts[0][2] == 0 and parts[-1][1] == height and parts[-1][3] == height
    for (top, bottom, own_top, own_bottom), nxt in zip(parts, [*parts[1:], None], strict=True):
        assert top <= own_top < own_bottom <= bottom
        if len(parts) > 1:
            assert (bottom - top) * width <= max(DET_PIXELS, 3 * DET_OVERLAP * width)
        if nxt is not None:  # own parts meet; a box of a line (under half the overlap) lies inside
            assert own_bottom == nxt[2]
            assert bottom - own_bottom >= DET_OVERLAP // 2 and nxt[2] - nxt[0] >= DET_OVERLAP // 2


def test_recognition_batches_are_bounded() -> None:
    from extractor.sources.ocr_engine import REC_BATCH, REC_COLUMNS, _rec_width, rec_batches

    ratios = sorted([0.5, 1, 2, 3, 3, 4, 5, 6, 6.5, 7, 8, 9, 12, 20, 20, 35, 60, 90, 140])
    batches = rec_batches(ratios)
    assert [k for b in batches for k in b] == list(range(len(ratios)))
    for batch in batches:
        width = _rec_width(max(ratios[k] for k in batch))
        assert len(batch) <= REC_BATCH
        assert len(batch) == 1 or len(batch) * width <= REC_COLUMNS
    assert len(batches[0]) == REC_BATCH  # short crops still go eight at a time


@pytest.mark.parametrize(("read", "meant"), [("-15一", "-15-"), ("一15一", "-15-"), ("一 7 一", "- 7 -"),
                                             ("一、", "一、"), ("一1", "一1"), ("第一", "第一"), ("一1一2", "一1一2")])
def test_page_number_dashes_read_as_yi(read: str, meant: str) -> None:
    """``- 15 -`` read ``-15一`` is a page number again (then dropped as page furniture, so a table
    cut by the page break is joined to its continuation); 一 anywhere else stays."""
    from extractor.sources.ocr import _folio_dashes

    assert "".join(ch for ch, _, _ in _folio_dashes([(ch, float(k), 1.0) for k, ch in enumerate(read)])) == meant
