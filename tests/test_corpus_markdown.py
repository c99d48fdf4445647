"""Every document of ../shared/corpus-markdown (pymupdf4llm's Markdown of the corpus PDFs) parses,
and no line item takes a part of a split code for an amount (issue #15).

A *code-split row* is a body row of a table in which a cell holding a 3-digit classification code
(类: 201–234, 301–399, 501–599) is immediately followed by a cell of one or two digits (the 款):
``201 | 06 | 01 | 行政运行 | 84,861,719``. In such a row, the cells of one or two digits right after
the 3-digit code (款 and 项) are *split-code parts*. The test fails when any line item of the table
sits on such a row, under that column, with that printed text: a 款 or 项 read as 6 or 1 yuan.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED

from extractor.model import Extraction, Table
from extractor.pipeline import extract

CORPUS_MARKDOWN = SHARED / "corpus-markdown"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS_MARKDOWN.is_dir(), reason="../shared/corpus-markdown is absent"),
]

_LEI = re.compile(r"^(?:2(?:0[1-9]|[12]\d|3[0-4])|3\d\d|5\d\d)$")
_PART = re.compile(r"^\d{1,2}$")


def markdown_files() -> list[Path]:
    if not CORPUS_MARKDOWN.is_dir():
        return []
    return sorted(p for p in CORPUS_MARKDOWN.rglob("*.md") if p.name != "README.md")


def split_code_parts(table: Table) -> set[tuple[int, str, str]]:
    """(row, column path, printed text) of every split-code part of the table's code-split rows."""
    parts: set[tuple[int, str, str]] = set()
    for row in table.body_rows:
        texts = [t.strip() for t in table.grid.row_texts(row)]
        for j in range(len(texts) - 1):
            if _LEI.match(texts[j]) and _PART.match(texts[j + 1]):
                for k in (j + 1, j + 2):
                    if k < len(texts) and _PART.match(texts[k]):
                        parts.add((row, table.columns[k] if k < len(table.columns) else "", texts[k]))
                break
    return parts


def items_on_split_code_parts(result: Extraction) -> list[str]:
    found: list[str] = []
    for table in result.tables:
        parts = split_code_parts(table)
        for item in result.line_items:
            if item.table == table.id and (item.row, item.column or "", item.printed) in parts:
                found.append(f"{table.id} {table.title}: row {item.row} {item.column!r} {item.printed} ({item.measure})")
    return found


def _rel(path: Path) -> str:
    return str(path.relative_to(CORPUS_MARKDOWN))


@pytest.mark.parametrize("path", markdown_files(), ids=_rel)
def test_converter_markdown_parses_without_split_code_amounts(path: Path) -> None:
    result = extract(path)
    assert result.source.format == "markdown"
    assert items_on_split_code_parts(result) == []


def test_the_folder_has_documents_with_code_split_tables() -> None:
    """The check above is not vacuous: the folder prints split codes, and they are read as codes."""
    coded = 0
    for path in markdown_files():
        result = extract(path)
        split = [t for t in result.tables if split_code_parts(t)]
        if split and any(i.code and len(i.code) == 7 for i in result.line_items if i.table in {t.id for t in split}):
            coded += 1
    assert coded >= 5
