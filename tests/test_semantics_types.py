"""Table types: title rules (national and regional names), header and content fallbacks, numbers."""

from __future__ import annotations

import pytest
from semantics_support import make_table

from extractor.semantics.types import classify_tables, number_ordinal, type_from_title

TITLES = [
    # summary
    ("昌吉高新区创业创新服务中心收支总体情况表", "income_expenditure_summary"),
    ("2026年部门财务收支预算总表", "income_expenditure_summary"),
    ("2024年上海市普陀区司法局部门收支总表", "income_expenditure_summary"),
    ("收支预算总表", "income_expenditure_summary"),
    ("收入支出决算总表", "income_expenditure_summary"),
    # income / expenditure
    ("昌吉高新区创业创新服务中心收入总体情况表", "income"),
    ("2024年预算单位收入预算总表", "income"),
    ("收入决算表", "income"),
    ("部门支出总表", "expenditure"),
    ("支出决算表", "expenditure"),
    ("昌吉高新区创业创新服务中心支出总体情况表", "expenditure"),
    # appropriation before summary
    ("财政拨款收支预算总体情况表", "appropriation_summary"),
    ("2026年部门财政拨款收支预算总表", "appropriation_summary"),
    ("财政拨款收入支出决算总表", "appropriation_summary"),
    # general budget: basic and project before the plain one
    ("一般公共预算基本支出情况表", "general_budget_basic_expenditure"),
    ("2026年部门一般公共预算基本支出部门预算经济分类预算表", "general_budget_basic_expenditure"),
    ("一般公共预算财政拨款基本支出决算表", "general_budget_basic_expenditure"),
    ("一般公共预算项目支出情况表", "general_budget_project_expenditure"),
    ("一般公共预算支出情况表", "general_budget_expenditure"),
    ("2026年部门一般公共预算支出功能分类预算表", "general_budget_expenditure"),
    ("一般公共预算财政拨款支出决算表", "general_budget_expenditure"),
    # 三公 before 机关运行经费 and before 一般公共预算
    ("财政拨款“三公”经费支出情况表", "three_public_expenses"),
    ("2026年部门“三公”经费和机关运行经费预算表", "three_public_expenses"),
    ("一般公共预算“三公”经费、会议费、培训费支出预算表", "three_public_expenses"),
    ('财政拨款"三公"经费支出决算表', "three_public_expenses"),
    ("一般公共预算机关运行经费支出预算表", "office_operation"),
    # funds: final-accounts titles read 收入支出决算表
    ("政府性基金预算支出情况表", "government_fund_expenditure"),
    ("政府性基金预算财政拨款收入支出决算表", "government_fund_expenditure"),
    ("财政拨款政府性基金支出预算表", "government_fund_expenditure"),
    ("国有资本经营预算财政拨款收入支出决算表", "state_capital_expenditure"),
    # the rest
    ("财政拨款委托业务费支出情况表", "entrusted_services"),
    ("上年结转结余情况表", "carryover"),
    ("项目支出预算表", "project_expenditure"),
    ("昌吉高新区创业创新服务中心整体绩效目标表", "performance_targets"),
    ("项目支出绩效目标表", "performance_targets"),
    ("2017年政府采购预算表", "government_procurement"),
    ("国有资产占用情况表", "state_assets"),
    # Jiangsu's 财政拨款 duplicates of the 一般公共预算 tables are `other`
    ("财政拨款支出预算表", "other"),
    ("财政拨款基本支出预算表", "other"),
    # entity names that contain table words do not mislead
    ("上海市政府采购中心收支总表", "income_expenditure_summary"),
    ("上海市国有资产监督管理委员会部门收入总表", "income"),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_type_from_title(title: str, expected: str) -> None:
    found = type_from_title(title)
    assert found is not None
    assert found[0].value == expected


def test_unknown_title_is_none() -> None:
    assert type_from_title("部门基本情况") is None
    assert type_from_title(None) is None


def test_classify_records_title_evidence() -> None:
    (table,) = classify_tables(
        [make_table([["项目", "预算数"], ["一、本年收入", "1"]], title="收支总体情况表")]
    )
    assert table.type == "income_expenditure_summary"
    assert table.type_evidence[0].startswith("title:")


def test_header_decides_without_title_expenditure_family() -> None:
    rows = [
        ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"],
        ["206", "", "", "科学技术支出", "1", "", "1"],
    ]
    (table,) = classify_tables([make_table(rows)])
    assert table.type == "expenditure"
    assert table.type_evidence == ("header:基本支出+项目支出",)


def test_header_decides_side_by_side_summary() -> None:
    rows = [
        ["收入", "收入", "支出", "支出"],
        ["项目", "预算数", "项目", "预算数"],
        ["收入总计", "1", "支出总计", "1"],
    ]
    (table,) = classify_tables([make_table(rows, header_rows=2)])
    assert table.type == "income_expenditure_summary"


def test_header_decides_appropriation_summary() -> None:
    rows = [
        ["财政拨款收入", "财政拨款收入", "财政拨款支出", "财政拨款支出"],
        ["项目", "合计", "项目", "合计"],
    ]
    (table,) = classify_tables([make_table(rows, header_rows=2)])
    assert table.type == "appropriation_summary"


def test_header_decides_three_public_and_performance() -> None:
    three = make_table([["合计", "因公出国(境)费", "公务接待费"], ["1", "0", "1"]])
    perf = make_table(
        [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "次数", ">=1次"]]
    )
    assert [t.type for t in classify_tables([three, perf])] == [
        "three_public_expenses",
        "performance_targets",
    ]


def test_content_decides_basic_expenditure_from_economic_codes() -> None:
    rows = [["科目编码", "科目名称", "金额"], ["301", "工资福利支出", "10"], ["30101", "基本工资", "10"]]
    (table,) = classify_tables([make_table(rows)])
    assert table.type == "general_budget_basic_expenditure"
    assert table.type_evidence[0].startswith("content:")


def test_number_decides_last() -> None:
    rows = [["项目", "金额"], ["某项", "1"]]
    typed = classify_tables([make_table(rows, number="公开表二"), make_table(rows, number="表 9")])
    assert [t.type for t in typed] == ["income", "other"]


@pytest.mark.parametrize(
    ("number", "ordinal"),
    [("表1", 1), ("表 12", 12), ("公开表三", 3), ("公开表十一", 11), ("公开 07 表", 7), (None, None)],
)
def test_number_ordinal(number: str | None, ordinal: int | None) -> None:
    assert number_ordinal(number) == ordinal


def test_title_wins_and_disagreement_is_recorded() -> None:
    rows = [
        ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"],
        ["206", "", "", "科学技术支出", "1", "", "1"],
    ]
    (table,) = classify_tables([make_table(rows, title="一般公共预算支出情况表")])
    assert table.type == "general_budget_expenditure"
    assert "header:基本支出+项目支出 (suggests expenditure)" in table.type_evidence


def test_header_and_content_decide_jiangsu_tables_without_titles() -> None:
    office = make_table([["科目编码", "科目名称", "机关运行经费支出"], ["302", "商品和服务支出", "1"]])
    procurement = make_table(
        [["采购品目大类", "专项名称", "采购组织形式", "总计"], ["货物", "x", "分散", "1"]]
    )
    income = make_table(
        [["项目名称", "", "金额"], ["收入总计", "", "2"], ["一般公共预算资金", "公共财政拨款(补助)资金", "2"]]
    )
    typed = classify_tables([office, procurement, income])
    assert [t.type for t in typed] == ["office_operation", "government_procurement", "income"]


def test_specific_header_overrides_a_generic_cut_title() -> None:
    rows = [
        ["合计", "“三公”经费", "会议费"],
        ["合计", "因公出国（境）费/公务接待费", "会议费"],
        ["1", "1", "0"],
    ]
    (table,) = classify_tables([make_table(rows, header_rows=2, title="支出预算表")])
    assert table.type == "three_public_expenses"
    assert table.type_evidence[-1] == "title:支出预算表 (generic, overridden)"
