"""Line items: exact yuan, blank markers, codes, labels, side-by-side halves, 三公 labels."""

from __future__ import annotations

from decimal import Decimal

import pytest
from semantics_support import make_table

from extractor.model import LineItem
from extractor.semantics.items import amount_in_yuan, table_to_line_items, tables_to_line_items


def compact(items: tuple[LineItem, ...]) -> list[tuple[object, ...]]:
    return [(i.row, i.code or i.label, i.measure, str(i.amount_yuan)) for i in items]


@pytest.mark.parametrize(
    ("printed", "unit", "yuan"),
    [
        ("5.9855", "万元", Decimal("59855")),
        ("3920.41", "万元", Decimal("39204100")),
        ("12,345.67", "元", Decimal("12345.67")),
        ("0.00", "元", Decimal("0")),
        ("-", "万元", None),
        ("—", "万元", None),
        ("", "元", None),
    ],
)
def test_amount_in_yuan(printed: str, unit: str, yuan: Decimal | None) -> None:
    assert amount_in_yuan(printed, unit) == yuan


EXPENDITURE = [
    ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"],
    ["206", "", "", "科学技术支出", "3755.2", "", "3755.2"],
    ["", "04", "", "技术研究与开发", "3755.2", "-", "3755.2"],
    ["", "", "04", "科技成果转化与扩散", "3755.2", "0.00", "3755.2"],
    ["", "", "", "总 计", "3920.41", "165.21", "3755.2"],
    ["合计", "", "", "", "3920.41", "165.21", "3755.2"],
]


def test_expenditure_items_with_split_codes_and_blank_markers() -> None:
    items = table_to_line_items(make_table(EXPENDITURE, type="expenditure", first_line=10))
    assert compact(items) == [
        (1, "206", "total", "37552000"),
        (1, "206", "project", "37552000"),
        (2, "20604", "total", "37552000"),
        (2, "20604", "project", "37552000"),
        (3, "2060404", "total", "37552000"),
        (3, "2060404", "basic", "0"),
        (3, "2060404", "project", "37552000"),
        (4, "总计", "total", "39204100"),
        (4, "总计", "basic", "1652100"),
        (4, "总计", "project", "37552000"),
        (5, "合计", "total", "39204100"),
        (5, "合计", "basic", "1652100"),
        (5, "合计", "project", "37552000"),
    ]
    first = items[0]
    assert (first.classification, first.level, first.parent, first.name) == (
        "functional",
        "类",
        None,
        "科学技术支出",
    )
    assert (first.printed, first.unit, first.column, first.table_type) == (
        "3755.2",
        "万元",
        "合计",
        "expenditure",
    )
    assert first.prov.lines == (11, 11)
    total = items[-6]
    assert (total.code, total.label, total.name) == (None, "总计", "总 计")


def test_yuan_table_with_thousands_separators() -> None:
    rows = [["科目编码", "科目名称", "金额"], ["2040401", "行政运行", "12,345.67"]]
    (item,) = table_to_line_items(make_table(rows, unit="元"))
    assert (item.code, item.amount_yuan, item.printed, item.unit) == (
        "2040401",
        Decimal("12345.67"),
        "12,345.67",
        "元",
    )


def test_unit_from_header_when_no_unit_line() -> None:
    rows = [["科目编码", "科目名称", "金额（万元）"], ["2040401", "行政运行", "1.5"]]
    (item,) = table_to_line_items(make_table(rows, unit=None))
    assert (item.amount_yuan, item.unit) == (Decimal("15000"), "万元")


def test_no_unit_anywhere_means_no_items() -> None:
    rows = [["科目编码", "科目名称", "金额"], ["2040401", "行政运行", "1.5"]]
    assert table_to_line_items(make_table(rows, unit=None)) == ()


def test_fused_code_column_and_economic_codes() -> None:
    rows = [["科目", "合计", "人员经费", "公用经费"], ["30228工会经费", "1.84", "", "1.84"]]
    items = table_to_line_items(make_table(rows, type="general_budget_basic_expenditure"))
    assert compact(items) == [(1, "30228", "total", "18400"), (1, "30228", "operating", "18400")]
    assert items[0].classification == "economic" and items[0].name == "工会经费"


def test_summary_halves_and_grand_totals() -> None:
    rows = [
        ["收 入", "收 入", "支 出", "支 出"],
        ["项 目", "预算数", "科目名称", "预算数"],
        ["一、本年收入", "3920.41", "201 一般公共服务支出", ""],
        ["1.一般公共预算拨款", "3920.41", "206 科学技术支出", "3890.91"],
        ["收入合计", "3920.41", "总计", "3920.41"],
    ]
    items = table_to_line_items(make_table(rows, header_rows=2, type="income_expenditure_summary"))
    assert compact(items) == [
        (2, "一、本年收入", "total", "39204100"),
        (3, "1.一般公共预算拨款", "total", "39204100"),
        (4, "收入总计", "total", "39204100"),
        (3, "206", "total", "38909100"),
        (4, "支出总计", "total", "39204100"),
    ]
    assert items[2].name == "收入合计" and items[4].name == "总计"


def test_final_accounts_basic_two_blocks_and_block_totals() -> None:
    rows = [
        ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "95.36", "302", "商品和服务支出", "10.23"],
        ["30101", "基本工资", "14.12", "30202", "印刷费", "0.00"],
        ["人员经费合计", "", "95.36", "公用经费合计", "", "10.23"],
    ]
    items = table_to_line_items(make_table(rows, type="general_budget_basic_expenditure"))
    assert compact(items) == [
        (1, "301", "total", "953600"),
        (2, "30101", "total", "141200"),
        (3, "人员经费合计", "personnel", "953600"),
        (1, "302", "total", "102300"),
        (2, "30202", "total", "0"),
        (3, "公用经费合计", "operating", "102300"),
    ]


def test_three_public_rows_get_fixed_labels() -> None:
    rows = [
        ["“三公”经费支出内容", "合计", "一般公共预算"],
        ["因公出国（境）费用", "0", "0"],
        ["公务接待费", "0.83", "0.83"],
        ["公务用车购置及运行维护费 （小计）", "9.98", ""],
        ["其中：公务用车购置费", "0", ""],
        ["公务用车运行维护费", "9.98", ""],
        ["总计", "10.81", ""],
    ]
    items = table_to_line_items(make_table(rows, type="three_public_expenses"))
    assert [(i.label, i.measure, str(i.amount_yuan)) for i in items if i.measure == "total"] == [
        ("因公出国(境)费", "total", "0"),
        ("公务接待费", "total", "8300"),
        ("公务用车购置及运行维护费", "total", "99800"),
        ("公务用车购置费", "total", "0"),
        ("公务用车运行维护费", "total", "99800"),
        ("合计", "total", "108100"),
    ]
    assert items[0].name == "因公出国（境）费用"


def test_three_public_columns_shanghai() -> None:
    rows = [
        [
            "“三公”经费预算数",
            "“三公”经费预算数",
            "“三公”经费预算数",
            "“三公”经费预算数",
            "“三公”经费预算数",
            "机关运行经费预算数",
        ],
        [
            "合计",
            "因公出国(境)费",
            "公务接待费",
            "公务用车购置及运行费",
            "公务用车购置及运行费",
            "机关运行经费预算数",
        ],
        ["合计", "因公出国(境)费", "公务接待费", "小计", "运行费", "机关运行经费预算数"],
        ["10.81", "0", "0.83", "9.98", "9.98", "217.83"],
    ]
    items = table_to_line_items(make_table(rows, header_rows=3, type="three_public_expenses"))
    assert [(i.label, i.measure, str(i.amount_yuan)) for i in items] == [
        ("合计", "total", "108100"),
        ("因公出国(境)费", "total", "0"),
        ("公务接待费", "total", "8300"),
        ("公务用车购置及运行维护费", "total", "99800"),
        ("公务用车运行维护费", "total", "99800"),
        ("机关运行经费", "total", "2178300"),
    ]


def test_three_public_columns_jiangsu_with_meetings() -> None:
    rows = [
        ["合计", "“三公”经费", "“三公”经费", "会议费", "培训费"],
        ["合计", "小计", "因公出国（境）费", "会议费", "培训费"],
        ["1,384.74", "484.30", "100.00", "200.44", "700.00"],
    ]
    items = table_to_line_items(make_table(rows, header_rows=2, type="three_public_expenses"))
    assert [i.label for i in items] == [
        "合计(含会议费、培训费)",
        "合计",
        "因公出国(境)费",
        "会议费",
        "培训费",
    ]


def test_final_accounts_three_public_budget_and_actual() -> None:
    rows = [
        ["合计", "合计", "公务接待费", "公务接待费"],
        ["预算数", "决算数", "预算数", "决算数"],
        ["1.00", "0.90", "1.00", "0.90"],
    ]
    items = table_to_line_items(make_table(rows, header_rows=2, type="three_public_expenses"))
    assert [(i.label, i.measure) for i in items] == [
        ("合计", "budget"),
        ("合计", "actual"),
        ("公务接待费", "budget"),
        ("公务接待费", "actual"),
    ]


def test_amounts_wrapped_onto_next_row_belong_to_the_code_row() -> None:
    rows = [["功能科目代码", "功能科目名称", "金额"], ["204", "公共安全支出", ""], ["", "", "16,444.36"]]
    (item,) = table_to_line_items(make_table(rows, type="general_budget_expenditure"))
    assert (item.row, item.code, str(item.amount_yuan)) == (1, "204", "164443600")


def test_performance_tables_and_empty_tables_give_no_items() -> None:
    perf = make_table(
        [["一级指标", "指标值", "分值权重"], ["产出指标", ">=3", "30"]], type="performance_targets"
    )
    empty = make_table(
        [["类", "款", "项", "科目名称", "合计"], ["", "", "", "总 计", ""]], type="expenditure"
    )
    assert tables_to_line_items([perf, empty]) == ()


def test_project_rows_without_codes_keep_their_label() -> None:
    rows = [["项目名称", "合计", "资金来源/一般公共预算"], ["产教联合体建设", "1", "1"], ["总计", "3", "3"]]
    items = table_to_line_items(make_table(rows, type="entrusted_services"))
    assert compact(items) == [
        (1, "产教联合体建设", "total", "10000"),
        (1, "产教联合体建设", "general_budget", "10000"),
        (2, "总计", "total", "30000"),
        (2, "总计", "general_budget", "30000"),
    ]


def test_one_row_of_amounts_without_labels_is_the_total_row() -> None:
    rows = [
        ["合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"],
        ["21,955.35", "13,994.31", "5,573.00", "2,388.04", ""],
    ]
    items = table_to_line_items(make_table(rows, type="expenditure"))
    assert [(i.label, i.measure, str(i.amount_yuan)) for i in items] == [
        ("合计", "total", "219553500"),
        ("合计", "basic", "139943100"),
        ("合计", "project", "55730000"),
        ("合计", "reserve", "23880400"),
    ]
