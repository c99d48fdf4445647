"""OCR of scanned pages (issue 14): image-only copies made here, read back.

The copies are made by ``scripts/make_scans.py`` in a temporary directory (nothing generated is
committed) from three pages of a corpus document (its fonts are embedded, so its pages render
as printed: the seed PDF's fonts are not, and this machine has no Chinese font to draw them):
a narrative page (第三部分, with its totals and changes), the 收支总表 and the 支出总表 (codes in
a hierarchy). They are scanned plain (150 dpi, grey) and realistic (100 dpi, skewed 1°, JPEG,
speckle), and compared with the same pages read from their text layer. Checks that need no
rendering use the seed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.model import Extraction, Severity
from extractor.pipeline import extract
from extractor.sources import ReadOptions, read_source
from tests.conftest import CORPUS, ROOT, load_script

pytest.importorskip("rapidocr")
SEED_PDF = ROOT / "fixtures" / "pdf" / "seed.pdf"
SOURCE = CORPUS / "jiangsu-suzhou" / "2026年苏州市审计局部门预算.pdf"
PAGES = [23, 9, 11]
"""第三部分 (narrative), 公开01表 收支总表, 公开03表 支出总表."""
needs_corpus = pytest.mark.skipif(not SOURCE.is_file(), reason="needs ../shared/corpus")
Key = tuple[str, str | None, str, Decimal]


def _pages(source: Path, target: Path, pages: list[int]) -> Path:
    import pypdfium2

    pdf, copy = pypdfium2.PdfDocument(str(source)), pypdfium2.PdfDocument.new()
    copy.import_pages(pdf, [p - 1 for p in pages])
    copy.save(str(target))
    return target


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scans")


@pytest.fixture(scope="module")
def text_pages(folder: Path) -> Extraction:
    return extract(_pages(SOURCE, folder / "text.pdf", PAGES))


@pytest.fixture(scope="module")
def scans(folder: Path) -> dict[str, Extraction]:
    make_scans = load_script("make_scans")
    out: dict[str, Extraction] = {}
    for kind, style in (("plain", make_scans.ScanStyle()), ("realistic", make_scans.REALISTIC)):
        make_scans.make_scan(SOURCE, folder / f"{kind}.pdf", style, PAGES)
        out[kind] = extract(folder / f"{kind}.pdf")
    return out


def _keys(result: Extraction) -> set[Key]:
    return {(i.table_type, i.code or i.label, i.measure, i.amount_yuan) for i in result.line_items}


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize(("kind", "share"), [("plain", 0.99), ("realistic", 0.97)])
def test_scanned_tables_give_the_text_layer_figures(scans: dict[str, Extraction], text_pages: Extraction,
                                                    kind: str, share: float) -> None:
    result = scans[kind]
    assert result.source.pages_ocr == (1, 2, 3) and result.source.warnings == ()
    want, got = _keys(text_pages), _keys(result)
    assert len(want) > 30
    assert len(want & got) >= share * len(want), sorted(want - got)[:10]
    assert [t.type for t in result.tables] == [t.type for t in text_pages.tables]
    assert all(i.ocr_confidence is not None and 0 <= i.ocr_confidence <= 1 for i in result.line_items)
    assert all(c.ocr_confidence is not None for t in result.tables for c in t.grid.cells if c.text)


@needs_corpus
@pytest.mark.corpus
def test_scanned_narrative_gives_its_outline_and_facts(scans: dict[str, Extraction], text_pages: Extraction) -> None:
    result = scans["plain"]
    titles = [(s.numbering, s.title) for s in result.sections]
    assert ("第三部分", "2026年度部门预算情况说明") in titles
    assert titles == [(s.numbering, s.title) for s in text_pages.sections]
    facts = Counter((f.kind, f.label, f.amount_yuan, f.values) for f in text_pages.facts)
    assert sum(facts.values()) > 10
    got = Counter((f.kind, f.label, f.amount_yuan, f.values) for f in result.facts)
    assert sum((facts & got).values()) >= 0.95 * sum(facts.values()), facts - got


@needs_corpus
@pytest.mark.corpus
def test_json_keeps_pages_ocr_and_confidences(folder: Path, scans: dict[str, Extraction]) -> None:
    out = folder / "scan.json"
    assert main(["parse", str(folder / "plain.pdf"), "-o", str(out)]) in (0, 1)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source"]["pages_ocr"] == [1, 2, 3] and data["source"]["status"] == "complete"
    assert data["line_items"] and all("ocr_confidence" in item for item in data["line_items"])
    from jsonschema import validate

    from extractor.output.schema import json_schema

    validate(data, json_schema())


@needs_corpus
@pytest.mark.corpus
def test_engine_ships_its_models_and_runs_without_network(folder: Path) -> None:
    """The models are in the wheel; OCR runs with every network connection refused (and, where
    the machine allows it, in a network namespace with no interface up at all)."""
    make_scans = load_script("make_scans")
    one = folder / "one.pdf"
    make_scans.make_scan(SOURCE, one, make_scans.ScanStyle(), [9])
    script = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network is off in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from extractor.pipeline import extract\n"
        f"result = extract({str(one)!r})\n"
        "assert result.source.pages_ocr == (1,), result.source.warnings\n"
        "assert any(i.printed == '4,651.67' for i in result.line_items)\n"
        "print('ok')\n"
    )
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
           "HOME": str(folder)}
    command = [sys.executable, "-c", script]
    if shutil.which("unshare") and os.geteuid() == 0:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            command = ["unshare", "-n", *command]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


# ---------------------------------------------------------------- modes (the seed: no rendering needed)


@pytest.fixture(scope="module")
def seed_scan(folder: Path) -> Path:
    make_scans = load_script("make_scans")
    path = folder / "seed-scan.pdf"
    make_scans.make_scan(SEED_PDF, path, make_scans.ScanStyle(), [2, 3])
    return path


@pytest.fixture(scope="module")
def text_result() -> Extraction:
    return extract(SEED_PDF)


def test_text_layer_pages_are_never_ocrd(text_result: Extraction) -> None:
    assert text_result.source.pages_ocr == ()
    assert all(i.ocr_confidence is None for i in text_result.line_items)


def test_ocr_never_keeps_the_warning(seed_scan: Path) -> None:
    doc = read_source(seed_scan, ReadOptions(ocr="never"))
    assert doc.pages_ocr == ()
    assert doc.warnings == ("page 1: no text layer — OCR needed", "page 2: no text layer — OCR needed")


def test_ocr_auto_reads_the_scanned_pages(seed_scan: Path) -> None:
    doc = read_source(seed_scan)
    assert doc.pages_ocr == (1, 2) and doc.warnings == ()


def test_ocr_force_reads_text_pages_by_ocr(folder: Path) -> None:
    one = _pages(SEED_PDF, folder / "one.pdf", [2])  # a text page: its text layer is ignored
    assert read_source(one).pages_ocr == ()
    assert read_source(one, ReadOptions(ocr="force")).pages_ocr == (1,)


def test_missing_engine_names_the_extra(seed_scan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.errors import UsageError
    from extractor.sources import ocr_engine

    monkeypatch.setattr(ocr_engine, "engine_available", lambda: False)
    doc = read_source(seed_scan)
    assert doc.pages_ocr == ()
    assert doc.warnings == (
        "page 1: no text layer — OCR needed",
        "page 2: no text layer — OCR needed",
        "pages without a text layer were not read: OCR needs the engine: pip install 'budget-extractor[ocr]' "
        "(RapidOCR and onnxruntime)",
    )
    with pytest.raises(UsageError, match=r"budget-extractor\[ocr\]"):
        read_source(seed_scan, ReadOptions(ocr="force"))


# ---------------------------------------------------------------- digits chosen by the identities


def test_misread_digit_is_corrected_by_the_identities(text_result: Extraction) -> None:
    from extractor.correct.ocr_digits import CHECK, correct_ocr_amounts
    from extractor.validate import validate

    base = text_result
    items = list(base.line_items)
    index = next(k for k, i in enumerate(items) if i.table == "t2" and i.code == "2060501" and i.measure == "total")
    good = items[index]
    assert good.printed == "135.71"
    items = [replace(i, ocr_confidence=0.99) for i in items]
    items[index] = replace(good, printed="185.71", amount_yuan=Decimal("1857100"), ocr_confidence=0.61)
    misread = replace(base, line_items=tuple(items), source=replace(base.source, pages_ocr=(1,)))
    assert any(f.severity is Severity.ERROR for f in validate(misread))
    fixed, findings = correct_ocr_amounts(misread)
    assert fixed.line_items[index].printed == "135.71"
    assert fixed.line_items[index].amount_yuan == Decimal("1357100")
    assert [f.check for f in findings] == [CHECK]
    assert "'185.71'" in findings[0].message and "'135.71'" in findings[0].message and "8→3" in findings[0].message
    cell = next(c for c in fixed.tables[1].grid.cells if c.prov == good.prov)
    assert cell.text == "135.71"


def test_readings_of_a_printed_amount() -> None:
    from extractor.correct.ocr_digits import readings

    got = list(readings("3,108.50"))
    assert "8,108.50" in got and "3,103.50" in got and "3,106.50" in got
    assert "310,850" in got and "31,085.0" in got  # a misplaced decimal point
    assert "3,108.50" not in got


def test_misread_code_is_corrected_by_its_name(text_result: Extraction) -> None:
    from extractor.correct.ocr_digits import CHECK, correct_ocr_amounts

    items = [replace(i, ocr_confidence=0.99) for i in text_result.line_items]
    rows = [k for k, i in enumerate(items) if i.code == "2060404"]
    assert rows
    for k in rows:  # 2060404 科技成果转化与扩散, its 0 read as 6
        items[k] = replace(items[k], code="2066404")
    misread = replace(text_result, line_items=tuple(items), source=replace(text_result.source, pages_ocr=(1,)))
    fixed, findings = correct_ocr_amounts(misread)
    assert all(fixed.line_items[k].code == "2060404" and fixed.line_items[k].parent == "20604" for k in rows)
    assert any(f.check == CHECK and "'2066404'" in f.message and "6→0" in f.message for f in findings)
