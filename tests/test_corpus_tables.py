"""Tables of the real corpus against the hand-verified gold, and found once each (issue #3)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, GOLD, corpus_extraction, corpus_pdfs

from extractor.model import Extraction
from extractor.structure.numbering import squeeze

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")]

# Types a document may legitimately print more than once (one per project, per unit …).
REPEATABLE = {"other", "performance_targets", "project_expenditure"}


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json")) if GOLD.is_dir() else []


def extracted(relpath: str) -> Extraction:
    result: Extraction = corpus_extraction(relpath)
    return result


def _match(gold_table: dict[str, Any], result: Extraction) -> list[Any]:
    title = squeeze(gold_table["title"])
    exact = [t for t in result.tables if t.title and squeeze(t.title) == title]
    by_title = exact or [t for t in result.tables if t.title and squeeze(t.title).endswith(title)]
    if gold_table["number"]:
        by_number = [t for t in result.tables if t.number == gold_table["number"]]
        return by_number or by_title
    return by_title


@pytest.mark.parametrize("gold_path", gold_files(), ids=lambda p: p.stem[:40])
def test_gold_tables_found_whole_on_their_pages(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    result = extracted(gold["file"])
    problems = []
    for g in gold["tables"]:
        found = _match(g, result)
        if len(found) != 1:
            problems.append(f"{g['number'] or g['title']}: found {len(found)} times")
            continue
        t = found[0]
        got = (t.type, list(t.pages or ()), t.unit, t.empty)
        want = (g["type"], g["pages"], g["unit"], g["empty"])
        if got != want:
            problems.append(f"{g['number'] or g['title']}: got {got}, gold {want}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("pdf", corpus_pdfs(), ids=lambda p: p.stem[:30])
def test_each_standard_table_found_at_most_once(pdf: Path) -> None:
    result = extracted(str(pdf.relative_to(CORPUS)))
    counts = Counter(t.type for t in result.tables if t.type not in REPEATABLE)
    assert {k: v for k, v in counts.items() if v > 1} == {}
    for t in result.tables:
        if t.type not in REPEATABLE:
            assert t.unit in {"元", "万元"}, f"{t.id} {t.title}: no unit"
            assert t.title or t.number, f"{t.id}: neither title nor number"


@pytest.mark.parametrize("pdf", corpus_pdfs(), ids=lambda p: p.stem[:30])
def test_every_table_and_cell_has_page_and_box(pdf: Path) -> None:
    result = extracted(str(pdf.relative_to(CORPUS)))
    for t in result.tables:
        assert t.prov.page is not None and t.prov.bbox is not None, t.id
        for cell in t.grid.cells:
            assert cell.prov.page is not None and cell.prov.bbox is not None, (t.id, cell)
            assert t.pages is not None and t.pages[0] <= cell.prov.page <= t.pages[1], (t.id, cell)
