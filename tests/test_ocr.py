"""OCR of scanned pages (issue 14): image-only copies of the seed PDF, made here, read back.

The copies are made by ``scripts/make_scans.py`` in a temporary directory (nothing generated is
committed): page 2 of the seed (narrative, the start of 表1) and page 3 (表1's end and 表2, a
15-column table with split 类|款|项 codes), as a plain 150 dpi scan and as a realistic one
(100 dpi, skewed 1°, JPEG, speckle).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.model import Extraction, Severity
from extractor.pipeline import extract
from extractor.sources import ReadOptions, read_source
from tests.conftest import ROOT, load_script

pytest.importorskip("rapidocr")
SEED_PDF = ROOT / "fixtures" / "pdf" / "seed.pdf"
PAGES = [2, 3]


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    make_scans = load_script("make_scans")
    folder = tmp_path_factory.mktemp("scans")
    plain, realistic = folder / "plain.pdf", folder / "realistic.pdf"
    make_scans.make_scan(SEED_PDF, plain, make_scans.ScanStyle(), PAGES)
    make_scans.make_scan(SEED_PDF, realistic, make_scans.REALISTIC, PAGES)
    return {"plain": plain, "realistic": realistic}


@pytest.fixture(scope="module")
def text_result() -> Extraction:
    return extract(SEED_PDF)


def _figures(result: Extraction) -> set[tuple[str, str | None, str, Decimal]]:
    return {(i.table_type, i.code or i.label, i.measure, i.amount_yuan) for i in result.line_items
            if i.prov.page in PAGES}


@pytest.mark.parametrize("kind", ["plain", "realistic"])
def test_scanned_tables_give_the_text_layer_figures(scans: dict[str, Path], text_result: Extraction, kind: str) -> None:
    result = extract(scans[kind])
    assert result.source.pages_ocr == (1, 2)
    assert result.source.warnings == ()
    # the copy's page 1 is the seed's page 2: compare what both read from those pages
    want = {(t, k, m, a) for t, k, m, a in _figures(text_result)}
    got = {(i.table_type, i.code or i.label, i.measure, i.amount_yuan) for i in result.line_items}
    found = len(want & got) / len(want)
    assert found >= (0.99 if kind == "plain" else 0.95), sorted(want - got)[:10]
    assert all(i.ocr_confidence is not None and 0 <= i.ocr_confidence <= 1 for i in result.line_items)


def test_scanned_narrative_gives_its_outline_and_facts(scans: dict[str, Path]) -> None:
    result = extract(scans["plain"])
    titles = [s.numbering + s.title for s in result.sections]
    assert any(t.startswith("第二部分") for t in titles), titles
    assert any(s.title.startswith("机构设置") for s in result.sections), titles
    assert any(t.type == "income_expenditure_summary" for t in result.tables)


def test_json_keeps_pages_ocr_and_confidences(scans: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "scan.json"
    assert main(["parse", str(scans["plain"]), "-o", str(out)]) in (0, 1)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source"]["pages_ocr"] == [1, 2] and data["source"]["status"] == "complete"
    assert all("ocr_confidence" in item for item in data["line_items"])
    from jsonschema import validate

    from extractor.schema import json_schema

    validate(data, json_schema())


def test_text_layer_pages_are_never_ocrd(text_result: Extraction) -> None:
    assert text_result.source.pages_ocr == ()
    assert all(i.ocr_confidence is None for i in text_result.line_items)


def test_ocr_never_keeps_the_warning(scans: dict[str, Path]) -> None:
    doc = read_source(scans["plain"], ReadOptions(ocr="never"))
    assert doc.pages_ocr == ()
    assert doc.warnings == ("page 1: no text layer — OCR needed", "page 2: no text layer — OCR needed")


def test_ocr_force_reads_text_pages_by_ocr(tmp_path: Path) -> None:
    import pypdfium2

    one = tmp_path / "one.pdf"  # a text PDF of one page: its text layer is ignored
    source, copy = pypdfium2.PdfDocument(str(SEED_PDF)), pypdfium2.PdfDocument.new()
    copy.import_pages(source, [1])
    copy.save(str(one))
    doc = read_source(one, ReadOptions(ocr="force"))
    assert doc.pages_ocr == (1,)
    assert any("机构设置" in getattr(b, "text", "") for b in doc.pages[0].blocks)


def test_missing_engine_names_the_extra(scans: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.sources import ocr_engine

    monkeypatch.setattr(ocr_engine, "engine_available", lambda: False)
    doc = read_source(scans["plain"])
    assert doc.pages_ocr == ()
    assert doc.warnings == (
        "page 1: no text layer — OCR needed",
        "page 2: no text layer — OCR needed",
        "pages without a text layer were not read: OCR needs the engine: pip install 'budget-extractor[ocr]' "
        "(RapidOCR and onnxruntime)",
    )
    from extractor.errors import UsageError

    with pytest.raises(UsageError, match=r"budget-extractor\[ocr\]"):
        read_source(scans["plain"], ReadOptions(ocr="force"))


def test_engine_ships_its_models_and_runs_without_network(scans: dict[str, Path]) -> None:
    """The models are in the wheel; OCR runs with every network connection refused (and, where
    the machine allows it, in a network namespace with no interface up at all)."""
    script = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network is off in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from extractor.sources import read_source\n"
        f"doc = read_source({str(scans['plain'])!r})\n"
        "assert doc.pages_ocr == (1, 2), doc.warnings\n"
        "print('ok')\n"
    )
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    command = [sys.executable, "-c", script]
    if shutil.which("unshare") and os.geteuid() == 0:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            command = ["unshare", "-n", *command]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


# ---------------------------------------------------------------- digits chosen by the identities


def test_misread_digit_is_corrected_by_the_identities(text_result: Extraction) -> None:
    from dataclasses import replace

    from extractor.ocr_digits import CHECK, correct_ocr_amounts
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
    from extractor.ocr_digits import readings

    got = list(readings("3,108.50"))
    assert "8,108.50" in got and "3,103.50" in got and "3,106.50" in got
    assert "310,850" in got and "31,085.0" in got  # a misplaced decimal point
    assert "3,108.50" not in got
