"""The PDF reader over ../shared/corpus (skipped when absent): every PDF parses with both
engines, every region is a sane grid, and the gold figures are found in regions on their pages."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from extractor.model import Grid, SourceDoc, TableRegion
from extractor.sources import ReadOptions, read_source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
PDFS = sorted(CORPUS.rglob("*.pdf")) if CORPUS.is_dir() else []
ENGINES = ("pdfplumber", "camelot")

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not PDFS, reason="../shared/corpus is absent")]

AMOUNT = re.compile(r"(?<![\d≥≤<>＞＜=])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d≥≤<>＞＜=.])\d+\.\d{2}(?![\d%])")
LABEL = re.compile(r"[一二三四五六七八九十]+、|[\u4e00-\u9fff]{3,}")


@cache
def read(path: Path, engine: str) -> SourceDoc:
    return read_source(path, ReadOptions(engine=engine))


def regions(doc: SourceDoc) -> list[tuple[int, TableRegion]]:
    return [(page.number, b) for page, b in doc.blocks() if isinstance(b, TableRegion)]


# a number with its unit of measure (23.66万人次 in a 绩效 table, 3个, 12项) is one real cell
QUANTITY = re.compile(r"\d\s*万?(?:人次|人|次|个|项|件|家|户|台|套|辆|所|场|期|篇|份|天|小时)")


def fused_cells(grid: Grid) -> list[str]:
    """Cells holding both an amount and a label, like ``37,188.34 一、一般公共服务支出``."""
    return [c.text for c in grid.cells if AMOUNT.search(c.text) and LABEL.search(AMOUNT.sub("", c.text))
            and not re.search(r"[（(]|万元|元|%|年", c.text) and not QUANTITY.search(c.text)]


def empty_rows(grid: Grid) -> list[int]:
    return [i for i in range(grid.n_rows) if not any(grid.row_texts(i, fill_spans=True))]


def empty_columns(grid: Grid) -> list[int]:
    matrix = grid.matrix(fill_spans=True)
    return [j for j in range(grid.n_cols) if not any(row[j] for row in matrix)]


def holes(grid: Grid) -> list[tuple[int, int]]:
    return [(i, j) for i in range(grid.n_rows) for j in range(grid.n_cols) if grid.at(i, j) is None]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_corpus_pdf_parses_into_sane_regions(path: Path, engine: str) -> None:
    doc = read(path, engine)
    assert doc.pages and all(p.number == i + 1 for i, p in enumerate(doc.pages))
    problems: list[str] = []
    for page, region in regions(doc):
        grid = region.grid
        where = f"page {page} region {region.prov.bbox}"
        assert region.prov.page == page and region.prov.bbox is not None
        problems += [f"{where}: fused cell {t!r}" for t in fused_cells(grid)]
        problems += [f"{where}: empty row {i}" for i in empty_rows(grid)]
        problems += [f"{where}: hole at {h}" for h in holes(grid)]
        for cell in grid.cells:
            assert cell.prov.page == page and cell.prov.bbox is not None
        cols = empty_columns(grid)
        if cols and region is not _first_block(doc, page):
            problems.append(f"{where}: empty columns {cols} in a region that does not continue a table")
    assert not problems, "\n".join(problems[:20])


def _first_block(doc: SourceDoc, page: int) -> object:
    blocks = doc.pages[page - 1].blocks
    return blocks[0] if blocks else None


def test_engines_find_tables_on_the_same_pages() -> None:
    """camelot may miss a table pdfplumber rulings give; it must not find tables elsewhere."""
    for path in PDFS:
        ours = {p for p, _ in regions(read(path, "pdfplumber"))}
        theirs = {p for p, _ in regions(read(path, "camelot"))}
        assert theirs <= ours, f"{path.name}: camelot found tables on pages {sorted(theirs - ours)}"


GOLDS = sorted(GOLD.glob("*.json")) if GOLD.is_dir() else []


def gold_hits(gold_path: Path) -> tuple[int, int, list[str]]:
    """How many gold ``printed`` values are whole cell texts of regions on the gold table's pages."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = read(CORPUS / gold["file"], "pdfplumber")
    texts: dict[int, set[str]] = {}
    for page, region in regions(doc):
        texts.setdefault(page, set()).update(c.text for c in region.grid.cells)
    pages = {t["type"]: t["pages"] for t in gold["tables"]}
    missing = []
    for fig in gold["figures"]:
        first, last = pages[fig["table"]]
        if not any(fig["printed"] in texts.get(p, ()) for p in range(first, last + 1)):
            missing.append(f"{fig['table']} {fig.get('code') or fig.get('label')} {fig['printed']}")
    for table in gold["tables"]:
        first, last = table["pages"]
        assert any(p in texts for p in range(first, last + 1)), f"{gold['file']}: no region for {table['title']}"
    return len(gold["figures"]) - len(missing), len(gold["figures"]), missing


@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.stem[:40] for g in GOLDS])
def test_gold_figures_are_cells_of_regions_on_their_pages(gold_path: Path) -> None:
    found, total, missing = gold_hits(gold_path)
    assert found == total, f"{found}/{total} gold values found; missing: {missing[:10]}"
