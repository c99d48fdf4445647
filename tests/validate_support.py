"""Builders of small tables, line items and facts for the validation tests.

Amounts are given as printed in 万元 (``"3755.2"``); :func:`item` turns them into yuan exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from extractor.model import (
    Cell,
    DocumentMeta,
    Extraction,
    Fact,
    Grid,
    LineItem,
    Prov,
    Section,
    SourceDoc,
    SourceFormat,
    Table,
    TocEntry,
)
from extractor.model.amounts import parse_amount, to_yuan


def item(
    table: str,
    row: int,
    printed: str,
    *,
    code: str | None = None,
    label: str | None = None,
    measure: str = "total",
    column: str | None = None,
    unit: str = "万元",
    name: str | None = None,
    table_type: str = "expenditure",
) -> LineItem:
    value = parse_amount(printed)
    assert value is not None, printed
    level = {3: "类", 5: "款", 7: "项"}.get(len(code or ""))
    parent = code[:-2] if code and len(code) > 3 else None
    return LineItem(
        table=table,
        table_type=table_type,
        row=row,
        classification="functional" if code and code.startswith("2") else ("economic" if code else None),
        code=code,
        name=name or (f"name{code}" if code else None),
        label=label,
        measure=measure,
        amount_yuan=to_yuan(value, unit),
        printed=printed,
        unit=unit,
        prov=Prov(lines=(100 + row, 100 + row)),
        column=column,
        parent=parent,
        level=level,
    )


def grid(rows: Sequence[Sequence[str]] = ()) -> Grid:
    cells = tuple(
        Cell(text, r, c, Prov(lines=(100 + r, 100 + r)))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    )
    return Grid(len(rows), max((len(r) for r in rows), default=0), cells)


def table(
    id: str,
    type: str,
    *,
    number: str | None = None,
    title: str | None = None,
    unit: str | None = "万元",
    empty: bool = False,
    rows: Sequence[Sequence[str]] = (),
    note: str | None = None,
    department: str | None = None,
) -> Table:
    return Table(
        id=id,
        number=number if number is not None else f"表{id.lstrip('t')}",
        title=title if title is not None else type,
        unit=unit,
        department=department,
        note=note,
        empty=empty,
        grid=grid(rows),
        header_rows=0,
        columns=(),
        prov=Prov(lines=(90, 99)),
        type=type,
    )


def fact(
    kind: str,
    label: str | None,
    printed: str | None = None,
    *,
    sentence: str = "s",
    section: str | None = "s1",
    line: int = 500,
    **values: str,
) -> Fact:
    amount = to_yuan(Decimal(printed), "万元") if printed is not None else None
    return Fact(
        kind=kind,
        label=label,
        sentence=sentence,
        prov=Prov(lines=(line, line)),
        section=section,
        amount_yuan=amount,
        printed=printed,
        unit="万元" if printed is not None else None,
        values=tuple(values.items()),
    )


def wan(printed: str) -> Decimal:
    return to_yuan(Decimal(printed), "万元")


def extraction(
    tables: Sequence[Table] = (),
    items: Sequence[LineItem] = (),
    facts: Sequence[Fact] = (),
    *,
    toc: Sequence[TocEntry] = (),
    sections: Sequence[Section] = (),
    fiscal_year: int | None = 2026,
    kind: str | None = "budget",
    entity: str | None = None,
) -> Extraction:
    source = SourceDoc(path="doc.md", sha256="0", format=SourceFormat.MARKDOWN, pages=())
    return Extraction(
        source=source,
        document=DocumentMeta(entity=entity, fiscal_year=fiscal_year, kind=kind, scope=None),
        sections=tuple(sections),
        toc=tuple(toc),
        tables=tuple(tables),
        line_items=tuple(items),
        facts=tuple(facts),
    )


def section(
    id: str, numbering: str, title: str, text: str, *, parent: str | None = None, first_line: int = 10
) -> Section:
    n = len(text.split("\n"))
    provs = tuple(Prov(lines=(first_line + 1 + i, first_line + 1 + i)) for i in range(n))
    return Section(
        id=id,
        level=2,
        numbering=numbering,
        title=title,
        text=text,
        parent=parent,
        prov=Prov(lines=(first_line, first_line + n)),
        line_provs=provs,
    )


def compact(findings: Sequence[object]) -> list[tuple[str, str, str | None, int | None]]:
    """``[(check, severity, table, row)]`` for comparing findings."""
    return [(f.check, f.severity.value, f.table, f.row) for f in findings]  # type: ignore[attr-defined]
