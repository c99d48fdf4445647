"""The seed end to end through the Markdown path: outline, 目录, tables (issue #2 acceptance)."""

from __future__ import annotations

from typing import Any

from conftest import SEED, assert_golden

from extractor.model import Extraction, Table


def table_summary(table: Table) -> dict[str, Any]:
    return {
        "number": table.number,
        "title": table.title,
        "unit": table.unit,
        "department": table.department,
        "empty": table.empty,
        "note": table.note,
        "columns": list(table.columns),
        "header": table.header_matrix(),
        "body": table.body_matrix(),
    }


def test_four_parts_with_numbered_subsections(seed_result: Extraction) -> None:
    parts = [s for s in seed_result.sections if s.level == 1]
    assert [p.numbering for p in parts] == ["第一部分", "第二部分", "第三部分", "第四部分"]
    children = {p.numbering: [s.numbering for s in seed_result.sections if s.parent == p.id] for p in parts}
    assert children["第一部分"] == ["一、", "二、"]
    assert children["第三部分"] == [f"{n}、" for n in "一二三四五六七八九十"] + ["十一、", "十二、", "十三、"]
    other = next(s for s in seed_result.sections if s.title.startswith("其他重要事项"))
    assert [s.numbering for s in seed_result.sections if s.parent == other.id] == ["（一）", "（二）", "（三）", "（四）", "(五)"]


def test_heading_split_over_two_lines_is_joined(seed_result: Extraction) -> None:
    seven = next(s for s in seed_result.sections if s.numbering == "七、" and s.level == 2)
    assert seven.title.endswith("一般公共预算预算项目支出情况说明")
    toc_seven = [e for e in seed_result.toc if e.numbering == "七、"]
    assert toc_seven[0].title.endswith("一般公共预算算项目支出情况表")


def test_toc_is_kept_as_promises_not_body(seed_result: Extraction) -> None:
    toc = seed_result.toc
    assert [e.numbering for e in toc if e.level == 1] == ["第一部分", "第二部分", "第三部分", "第四部分"]
    part_two = [e for e in toc if e.level == 2 and e.prov.lines and 20 < e.prov.lines[0] < 50]
    assert len(part_two) == 12  # 表1 … 表12 promised, 表7 among them
    assert any("项目支出情况表" in e.title for e in part_two)
    first_body = seed_result.sections[0]
    assert first_body.prov.lines is not None and first_body.prov.lines[0] > toc[-1].prov.lines[1]  # type: ignore[index]


def test_eleven_body_tables_numbered_with_units(seed_result: Extraction) -> None:
    numbered = [t for t in seed_result.tables if t.number]
    assert [t.number for t in numbered] == [f"表{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12)]
    assert all(t.unit == "万元" for t in numbered)
    assert {t.number for t in numbered if t.empty} == {"表8", "表9", "表10", "表12"}
    for t in numbered:
        if t.empty:
            assert t.note and "空表" in t.note


def test_printed_rows_and_columns(seed_result: Extraction) -> None:
    by_number = {t.number: t for t in seed_result.tables}
    shape = {n: (t.grid.n_cols, t.header_rows, len(t.body_rows)) for n, t in by_number.items() if n}
    assert shape == {
        "表1": (4, 2, 31),
        "表2": (15, 2, 18),
        "表3": (7, 3, 18),
        "表4": (7, 2, 31),
        "表5": (7, 3, 18),
        "表6": (6, 2, 20),
        "表8": (8, 3, 1),
        "表9": (8, 3, 1),
        "表10": (5, 2, 6),
        "表11": (5, 2, 3),
        "表12": (10, 3, 1),
    }
    assert by_number["表2"].columns[6] == "财政拨款（补助）/一般公共预算"


def test_performance_tables_are_captured(seed_result: Extraction) -> None:
    titles = [t.title for t in seed_result.tables if t.title and "绩效目标表" in t.title]
    assert titles == ["昌吉高新区创业创新服务中心整体绩效目标表"] + ["项目支出绩效目标表"] * 4


def test_every_cell_traceable_to_its_markdown_line(seed_result: Extraction) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for table in seed_result.tables:
        for cell in table.grid.cells:
            assert cell.prov.lines is not None
            first, last = cell.prov.lines
            source = "\n".join(lines[first - 1 : last])
            assert cell.text.replace(" ", "")[:6] in source.replace(" ", "").replace("<b>", "").replace("</b>", ""), (table.number, cell)


def test_tables_golden(seed_result: Extraction) -> None:
    assert_golden("seed-tables", [table_summary(t) for t in seed_result.tables])


def test_sections_golden(seed_result: Extraction) -> None:
    data = [[s.id, s.level, s.numbering, s.title, s.parent, list(s.prov.lines or ())] for s in seed_result.sections]
    assert_golden("seed-sections", data)


def test_line_items_golden(seed_result: Extraction) -> None:
    """Every line item of the seed, compactly: reviewed by hand against the printed tables."""
    numbers = {t.id: t.number or t.title for t in seed_result.tables}
    data = [
        [numbers[i.table], i.table_type, i.code or i.label, i.measure, str(i.amount_yuan), i.printed, i.unit]
        for i in seed_result.line_items
    ]
    assert_golden("seed-line-items", data)
