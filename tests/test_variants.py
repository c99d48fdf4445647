"""The same document through other conversions gives the same tables (issues #2 and #3).

Each Markdown variant is generated from the seed by ``scripts/make_fixtures.py`` (pipe tables,
HTML tables with spans, other encodings, and one converter damage each); the PDF by
``scripts/make_pdf_fixtures.py``. Cell texts are compared without spaces: the seed prints
letter-spaced CJK (``总 计``) that a PDF reader rightly joins.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SEED

from extractor.model import Table
from extractor.numbering import squeeze
from extractor.pipeline import extract

MARKDOWN_VARIANTS = sorted(p.name for p in (FIXTURES / "seed").glob("seed-*.md"))


def canonical(table: Table) -> tuple[Any, ...]:
    body = [[squeeze(c) for c in row] for row in table.body_matrix()]
    return (table.number, table.title, table.unit, table.empty, table.columns, body)


@cache
def tables_of(path: Path) -> list[tuple[Any, ...]]:
    return [canonical(t) for t in extract(path).tables]


def test_variants_exist() -> None:
    expected = {"seed-pipe.md", "seed-html.md", "seed-bom.md", "seed-gb18030.md", "seed-damaged-br.md",
                "seed-damaged-split.md", "seed-damaged-sparse.md", "seed-damaged-numsplit.md", "seed-damaged-smear.md"}
    assert expected <= set(MARKDOWN_VARIANTS)


@pytest.mark.parametrize("name", MARKDOWN_VARIANTS)
def test_markdown_variant_gives_the_seed_tables(name: str) -> None:
    seed, variant = tables_of(SEED), tables_of(FIXTURES / "seed" / name)
    assert len(variant) == len(seed)
    for a, b in zip(seed, variant, strict=True):
        assert a == b, f"{name}: {a[0] or a[1]} differs"
