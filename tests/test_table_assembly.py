"""Regions → tables: captions, header rows and paths, notes, continuation (constructed inputs)."""

from __future__ import annotations

import pytest

from extractor.model import Cell, Grid, Page, Prov, SourceDoc, SourceFormat, TableRegion, TextLine
from extractor.structure.header import count_header_rows, header_paths
from extractor.structure.table_context import LineRole, read_line_role
from extractor.structure.tables import build_tables


def grid_of(rows: list[list[str]], page: int = 1) -> Grid:
    cells = tuple(
        Cell(text, r, c, Prov(page=page, bbox=(c * 50.0, 100.0 + r * 10, c * 50.0 + 50, 110.0 + r * 10)))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    )
    return Grid(len(rows), max(len(r) for r in rows), cells)


def region(rows: list[list[str]], page: int = 1, top: float = 100.0) -> TableRegion:
    return TableRegion(grid_of(rows, page), Prov(page=page, bbox=(50.0, top, 550.0, top + 10 * len(rows))))


def line(text: str, page: int = 1) -> TextLine:
    return TextLine(text, Prov(page=page, bbox=(50.0, 60.0, 300.0, 70.0)))


def doc_of(*pages: list[TextLine | TableRegion]) -> SourceDoc:
    return SourceDoc(
        "x.pdf", "0" * 64, SourceFormat.PDF, tuple(Page(n, tuple(b), 595.0, 842.0) for n, b in enumerate(pages, 1)), len(pages)
    )


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("表1", LineRole(number="表1")),
        ("公开表一 2018年度部门收支预算总表", LineRole(number="公开表一", title="2018年度部门收支预算总表")),
        ("公开01表", LineRole(number="公开01表")),
        ("附表 2", LineRole(number="附表2")),
        ("单位：万元", LineRole(unit="万元")),
        ("金额单位：元", LineRole(unit="元")),
        ("编制单位：上海市普陀区司法局   单位：元", LineRole(unit="元", department="上海市普陀区司法局")),
        ("编制部门(单位): 昌吉高新区创业创新服务中心", LineRole(department="昌吉高新区创业创新服务中心")),
        ("备注：本单位无政府性基金预算，故本表为空表。", LineRole(note="备注：本单位无政府性基金预算，故本表为空表。")),
        ("(2026 年)", LineRole(year="(2026年)")),
        ("2024年部门收支总表", LineRole(title="2024年部门收支总表")),
        ("按照全口径预算的原则，所有收入和支出均纳入预算管理。", LineRole()),
    ],
)
def test_line_roles(text: str, role: LineRole) -> None:
    assert read_line_role(text) == role


def test_header_rows_and_paths_with_smeared_merged_header() -> None:
    grid = grid_of(
        [
            ["科目代码", "", "", "科目名称", "总计", "财政拨款（补助）", "", "单位资金"],
            ["类", "款", "项", "", "", "小计", "一般公共预算", ""],
            ["206", "", "", "科学技术支出", "3890.91", "3890.91", "3890.91", ""],
        ]
    )
    assert count_header_rows(grid, None) == 2
    assert header_paths(grid, 2) == (
        "科目代码/类",
        "科目代码/款",
        "科目代码/项",
        "科目名称",
        "总计",
        "财政拨款（补助）/小计",
        "财政拨款（补助）/一般公共预算",
        "单位资金",
    )


def test_a_subtotal_beside_its_part_is_a_sub_header_and_the_column_numbers_follow() -> None:
    # 西安: 小计 | 其中：专项资金… under 一般公共预算拨款, then ** | ** | 1 | 2 | 3 (column numbers)
    grid = grid_of(
        [
            ["单位编码", "单位名称", "部门预算", "", "", ""],
            ["", "", "合计", "一般公共预算拨款", "", "政府性基金拨款"],
            ["", "", "", "小计", "其中：专项资金列入部门预算项目", ""],
            ["**", "**", "1", "2", "3", "4"],
            ["", "合计", "182157.13", "181716.56", "50830", "0"],
        ]
    )
    assert count_header_rows(grid, None) == 4
    assert header_paths(grid, 4)[3:5] == ("部门预算/一般公共预算拨款/小计", "部门预算/一般公共预算拨款/其中：专项资金列入部门预算项目")


def test_a_subtotal_row_without_amounts_is_still_a_row() -> None:
    grid = grid_of([["项目", "合计", "基本支出"], ["小计", "", "说明"]])
    assert count_header_rows(grid, None) == 1


def test_empty_table_header_then_total_row() -> None:
    grid = grid_of([["项目", "合计", "基本支出"], ["", "", "人员经费"], ["总计", "", ""]])
    assert count_header_rows(grid, None) == 2


def test_a_header_whose_first_two_columns_are_names_is_not_a_form() -> None:
    # 湖州 项目支出预算表: 单位名称 | 项目名称 | 总计 | …, then the column numbers ** | ** | 1 | 2
    grid = grid_of(
        [
            ["单位名称", "项目名称", "总计", "一般公共预算"],
            ["**", "**", "1", "2"],
            ["", "合计", "1266.75", "1266.75"],
        ]
    )
    assert count_header_rows(grid, None) == 2


def test_form_table_has_no_header() -> None:
    grid = grid_of([["项目名称", "科技创新经费", "项目负责人", "朱丽敏"], ["一级指标", "二级指标", "三级指标", "指标值"]])
    assert count_header_rows(grid, None) == 0


def test_caption_title_unit_department_notes_and_empty() -> None:
    doc = doc_of(
        [
            line("2024年部门决算表"),
            line("政府性基金预算支出情况表"),
            line("编制单位：某局"),
            line("单位：万元"),
            region([["项目", "合计"], ["", ""], ["总计", ""]]),
            line("备注：本单位无政府性基金预算，故本表为空表。"),
            line("这是下一段正文，与表格无关。"),
        ]
    )
    (table,) = build_tables(doc, ())
    assert (table.title, table.unit, table.department, table.empty) == ("政府性基金预算支出情况表", "万元", "某局", True)
    assert table.note == "备注：本单位无政府性基金预算，故本表为空表。"


def test_continuation_on_next_page_with_repeated_header_is_stitched() -> None:
    header = [["科目编码", "科目名称", "合计"]]
    doc = doc_of(
        [line("表3"), line("支出总表"), line("单位：元"), region([*header, ["204", "公共安全支出", "100.00"]], page=1, top=600)],
        [region([*header, ["20406", "司法", "100.00"], ["", "合计", "100.00"]], page=2, top=60)],
    )
    (table,) = build_tables(doc, ())
    assert table.pages == (1, 2) and table.continuations == 1
    assert table.body_matrix() == [["204", "公共安全支出", "100.00"], ["20406", "司法", "100.00"], ["", "合计", "100.00"]]


def test_next_titled_table_is_not_a_continuation() -> None:
    doc = doc_of(
        [line("表1"), line("收支总表"), region([["项目", "预算数"], ["收入总计", "1.00"]])],
        [line("表2"), line("收入总表"), region([["项目", "预算数"], ["合计", "1.00"]], page=2)],
    )
    assert [t.number for t in build_tables(doc, ())] == ["表1", "表2"]


def test_title_row_inside_the_grid_becomes_the_caption() -> None:
    doc = doc_of([region([["项目支出绩效目标表", "", ""], ["(2026年)", "", ""], ["项目名称", "某项目", ""]])])
    (table,) = build_tables(doc, ())
    assert table.title == "项目支出绩效目标表" and table.grid.n_rows == 1


def test_lone_total_row_on_next_page_is_aligned_and_stitched() -> None:
    header = [["类", "款", "项", "科目名称", "合计"]]
    first = region([*header, ["201", "", "", "一般公共服务支出", "100"]], page=1, top=600)
    total = Cell("合计", 0, 0, Prov(page=2, bbox=(0.0, 60.0, 200.0, 70.0)), colspan=1)
    amount = Cell("100", 0, 1, Prov(page=2, bbox=(200.0, 60.0, 250.0, 70.0)))
    lone = TableRegion(Grid(1, 2, (total, amount)), Prov(page=2, bbox=(0.0, 60.0, 250.0, 70.0)))
    doc = doc_of([line("支出总表"), line("单位：元"), first], [lone])
    (table,) = build_tables(doc, ())
    assert table.pages == (1, 2)
    assert table.body_matrix()[-1] == ["合计", "", "", "", "100"]
    assert table.grid.at(table.grid.n_rows - 1, 3) is not None  # 合计 spans the code and name columns


def test_table_over_three_pages_after_prose_is_one_table() -> None:
    header = [["科目编码", "科目名称", "合计"]]
    doc = doc_of(
        [line("这是正文，说明预算情况。"), line("支出总表"), line("单位：元"), region([*header, ["201", "一般公共服务支出", "1"]], page=1)],
        [region([["20101", "人大事务", "1"]], page=2, top=60)],
        [region([["2010101", "行政运行", "1"]], page=3, top=60)],
        [region([["", "合计", "1"]], page=4, top=60)],
    )
    (table,) = build_tables(doc, ())
    assert table.pages == (1, 4) and table.continuations == 3 and len(table.body_rows) == 4


def test_caption_above_the_text_of_a_forms_first_rows() -> None:
    """A converter printed a form's first rows (单位名称, 当年整体绩效目标 and its paragraph) as text
    between the caption and the grid: the caption above that text is the table's; the title
    ending in 表 is not replaced by the form's row label 当年整体绩效目标."""
    form = [["", "指标名称", "指标值"], ["绩效指标", "巡查覆盖率", "100"]]
    pages = [
        line("表十"),
        line("2026年部门整体绩效目标表"),
        line("单位名称：某某局"),
        line("当年整体绩效目标"),
        line("一是构建高质量发展新格局。二是统筹系统保护修复。"),
        region(form),
    ]
    (table,) = build_tables(doc_of(pages), ())
    assert (table.number, table.title, table.department) == ("表十", "2026年部门整体绩效目标表", "某某局")


def test_caption_across_text_only_when_nothing_else_names_the_table() -> None:
    """Prose above a table with no table-naming line above it, within the page, gives no title;
    a caption directly above the table is still the caption; a cover title on the page before
    is not a caption."""
    grid = [["项目", "金额"], ["合计", "1.00"]]
    prose = line("按照全口径预算的原则，所有收入和支出均纳入预算管理。")
    (plain,) = build_tables(doc_of([line("一、部门职责"), prose, region(grid)]), ())
    assert (plain.number, plain.title) == (None, None)
    near, far = build_tables(
        doc_of([line("表1 收支总表"), prose, line("表2 收入总表"), region(grid), prose, region(grid, top=300.0)]), ()
    )
    assert (near.number, near.title) == ("表2", "收入总表")
    assert (far.number, far.title) == (None, None)  # the text stops at the region above
    on_two = doc_of([line("2020年部门综合预算公开报表")], [line("按照全口径预算的原则编制。", page=2), region(grid, page=2)])
    (cover,) = build_tables(on_two, ())
    assert cover.title is None
