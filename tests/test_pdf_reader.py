"""The PDF reader on the generated fixtures: seed tables as in the Markdown, layout, errors."""

from __future__ import annotations

import contextlib
import re
from functools import cache
from pathlib import Path

import pytest
from conftest import load_script

from extractor.errors import EncryptedError, InputError, LimitExceeded
from extractor.model import SourceDoc, TableRegion, TextLine
from extractor.sources import ReadOptions, read_source

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "fixtures" / "pdf"
SEED_MD = ROOT / "fixtures" / "seed" / "changji-hitech-center-2026-budget.md"


@cache
def read(name: str, engine: str = "pdfplumber") -> SourceDoc:
    return read_source(PDF / name, ReadOptions(engine=engine))


def regions(doc: SourceDoc) -> list[TableRegion]:
    return [b for _, b in doc.blocks() if isinstance(b, TableRegion)]


def squash(matrix: list[list[str]]) -> list[list[str]]:
    return [[re.sub(r"\s+", "", c) for c in row] for row in matrix]


def stitch_to(expected: list[list[list[str]]], found: list[list[list[str]]]) -> list[list[list[str]]]:
    """PDF regions joined until each has the rows of its Markdown table, repeated headers dropped.

    Joining continuations is the tables stage's job; here it is done naively, guided by the
    expected row counts, so that the cells can be compared.
    """
    out: list[list[list[str]]] = []
    queue = list(found)
    for table in expected:
        rows = queue.pop(0)
        while len(rows) < len(table) and queue:
            more = queue.pop(0)
            head = 0
            while head < len(more) and more[head] == rows[head]:
                head += 1
            rows = rows + more[head:]
        out.append(rows)
    return out + queue


def test_seed_pdf_gives_the_same_tables_as_the_seed_markdown() -> None:
    expected = [squash(r.grid.matrix()) for r in regions(read_source(SEED_MD))]
    found = [squash(r.grid.matrix()) for r in regions(read("seed.pdf"))]
    assert len(found) > len(expected)  # two tables are broken across pages, more by the layout
    assert stitch_to(expected, found) == expected


def test_seed_pdf_tables_have_spans_and_provenance() -> None:
    found = regions(read("seed.pdf"))
    first = found[0].grid.at(0, 0)
    assert first is not None and first.text == "收入" and first.colspan == 2
    for region in found:
        assert region.prov.page is not None and region.prov.bbox is not None
        for cell in region.grid.cells:
            assert cell.prov.page == region.prov.page and cell.prov.bbox is not None


def test_landscape_page_keeps_reading_order() -> None:
    doc = read("seed.pdf")
    landscape = [p for p in doc.pages if p.width and p.height and p.width > p.height]
    assert landscape
    region = next(b for b in landscape[0].blocks if isinstance(b, TableRegion))
    assert region.grid.n_cols == 15 and region.grid.origin_text(0, 0) == "科目代码"


def test_titles_stay_above_their_table_in_order() -> None:
    page = read("seed.pdf").pages[1]
    texts = [b.text if isinstance(b, TextLine) else "<table>" for b in page.blocks]
    i = texts.index("表1")
    assert texts[i + 1 : i + 5] == ["昌吉高新区创业创新服务中心收支总体情况表", "编制部门(单位): 昌吉高新区创业创新服务中心",
                                   "单位: 万元", "<table>"]


def test_headings_are_larger_and_bold() -> None:
    lines = [b for _, b in read("seed.pdf").blocks() if isinstance(b, TextLine)]
    heading = next(ln for ln in lines if ln.text.startswith("第二部分") and ln.text.endswith("预算公开表"))
    body = next(ln for ln in lines if ln.text.startswith("编制部门"))
    assert heading.bold and not body.bold
    assert heading.size is not None and body.size is not None and heading.size > body.size


def test_running_header_and_page_numbers_are_dropped() -> None:
    lines = [b.text for _, b in read("seed.pdf").blocks() if isinstance(b, TextLine)]
    assert not any(re.fullmatch(r"-\s*\d+\s*-", t) for t in lines)
    assert not any(t.startswith("昌吉高新区创业创新服务中心 2026 年部门预算公开") for t in lines)


def test_doubled_rulings_fixture() -> None:
    (region,) = regions(read("doubled-rulings.pdf"))
    assert (region.grid.n_rows, region.grid.n_cols) == (6, 6)
    head = region.grid.at(0, 2)
    assert head is not None and head.text == "支出" and head.colspan == 4
    assert region.grid.row_texts(5) == ["收入合计", "21,955.35", "支出合计", "21,955.35", "", "21,955.35"]


def test_partly_ruled_fixture() -> None:
    first, second = regions(read("partly-ruled.pdf"))
    assert not first.ruled and first.grid.n_cols == 5
    assert first.grid.row_texts(3) == ["2013901", "行政运行", "51.32", "51.32", ""]
    assert second.grid.matrix()[0] == ["项目", "预算数", "上年数"]


@pytest.mark.parametrize("name", ["seed.pdf", "doubled-rulings.pdf"])
def test_camelot_engine_gives_the_same_grids(name: str) -> None:
    pytest.importorskip("camelot")
    ours = [r.grid.matrix() for r in regions(read(name))]
    theirs = [r.grid.matrix() for r in regions(read(name, "camelot"))]
    assert theirs == ours


def _reportlab_pdf(path: Path, draw_text: bool = True, encrypt: str | None = None, pages: int = 1) -> Path:
    canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")
    canvas = canvas_mod.Canvas(str(path), invariant=1, encrypt=encrypt)
    for _ in range(pages):
        canvas.rect(100, 100, 200, 100)
        if draw_text:
            canvas.drawString(100, 700, "hello")
        canvas.showPage()
    canvas.save()
    return path


def test_page_of_an_empty_ruling_and_no_image_is_not_a_scan(tmp_path: Path) -> None:
    """Issue 14: a page without text that shows no image is blank, not "OCR needed"."""
    for options in (ReadOptions(), ReadOptions(ocr="never"), ReadOptions(reader="pdfplumber")):
        doc = read_source(_reportlab_pdf(tmp_path / "ruling.pdf", draw_text=False), options)
        assert doc.pages[0].has_text is False and doc.pages[0].blocks == ()
        assert doc.warnings == () and doc.pages_ocr == ()


def test_encrypted_pdf_raises_encrypted_error(tmp_path: Path) -> None:
    with pytest.raises(EncryptedError, match="encrypted"):
        read_source(_reportlab_pdf(tmp_path / "locked.pdf", encrypt="secret"))


def test_page_limit(tmp_path: Path) -> None:
    with pytest.raises(LimitExceeded, match="3 pages"):
        read_source(_reportlab_pdf(tmp_path / "three.pdf", pages=3), ReadOptions(max_pages=2))


@pytest.mark.parametrize("engine", ["pdfplumber", "camelot"])
def test_damaged_pdf_raises_input_error_only(tmp_path: Path, engine: str) -> None:
    good = _reportlab_pdf(tmp_path / "good.pdf").read_bytes()
    for i, data in enumerate([b"%PDF-1.4\n%garbage\n", good[: len(good) // 2], good.replace(b"obj", b"ojb")]):
        path = tmp_path / f"bad{i}.pdf"
        path.write_bytes(data)
        with contextlib.suppress(InputError):  # anything else escaping fails the test
            read_source(path, ReadOptions(engine=engine))


def test_fixtures_are_current(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    module = load_script("make_pdf_fixtures")
    assert module.main(["--out", str(tmp_path)]) == 0
    for name in ("seed.pdf", "doubled-rulings.pdf", "partly-ruled.pdf"):
        made = (tmp_path / name).read_bytes()
        assert made == (PDF / name).read_bytes(), f"{name} is stale: run scripts/make_pdf_fixtures.py"
        assert len(made) < 200_000
