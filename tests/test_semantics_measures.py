"""Columns → measures (``measures``), and column roles and side-by-side blocks (``blocks``)."""

from __future__ import annotations

import pytest
from semantics_support import make_table

from extractor.semantics.blocks import Role, column_role, header_role, table_blocks
from extractor.semantics.labels import Side
from extractor.semantics.measures import column_measure, resolve_measures


@pytest.mark.parametrize(
    ("path", "measure"),
    [
        ("合计", "total"),
        ("合 计", "total"),
        ("总计", "total"),
        ("支出预算/合计", "total"),
        ("一般公共预算支出/基本支出", "basic"),
        ("支出预算/项目支出", "project"),
        ("一般公共预算基本支出/人员经费", "personnel"),
        ("基本支出/公用经费", "operating"),
        ("本年支出合计", "total"),
        ("财政拨款（补助）/财政拨款（补助）小计", "appropriation"),
        ("财政拨款/小计", "appropriation"),
        ("财政拨款（补助）/一般公共预算", "general_budget"),
        ("财政拨款（补助）/上级一般公共预算安排的转移支付", "general_budget_transfer"),
        ("财政拨款（补助）/政府性基金预算", "government_fund"),
        ("财政拨款（补助）/国有资本经营预算", "state_capital"),
        ("财政专户（教育收费）", "fiscal_special_account"),
        ("单位资金", "unit_funds"),
        ("收入预算/事业收入", "business_income"),
        ("收入预算/事业单位经营收入", "operation_income"),
        ("其他收入", "other_income"),
        ("财政拨款结转", "appropriation_carryover"),
        ("非财政拨款结转结余", "non_appropriation_carryover"),
        ("年初结转和结余", "opening_balance"),
        ("本年收入", "income"),
        ("本年支出/合计", "expenditure"),
        ("本年支出/基本支出", "basic"),
        ("年末结转和结余", "closing_balance"),
        ("上缴上级支出", "remittance_to_superior"),
        ("单位预留机动经费", "reserve"),
        ("结转下年资金", "carry_forward"),
        ("财政拨款收入/合计", "total"),
        ("本年支出/预算数/合计", "total"),
        ("2024年预算数", "budget"),
        ("科目名称", None),
        ("", None),
    ],
)
def test_column_measure(path: str, measure: str | None) -> None:
    found = column_measure(path)
    assert (found.value if found else None) == measure


def test_budget_and_actual_only_when_both_printed() -> None:
    assert resolve_measures(["预算数"]) == ["total"]
    assert resolve_measures(["决算数"]) == ["total"]
    assert resolve_measures(["合计/预算数", "合计/决算数"]) == ["budget", "actual"]


def test_duplicate_measures_are_qualified() -> None:
    slugs = resolve_measures(["财政拨款/基本支出/人员经费", "非财政拨款/基本支出/人员经费"])
    assert slugs == ["personnel", "non_appropriation_carryover_personnel"]


def test_unknown_amount_column_is_other() -> None:
    assert resolve_measures(["某某数"]) == ["other"]


def test_roles_from_header_and_body() -> None:
    table = make_table(
        [
            ["类", "款", "项", "科目名称", "合计", "", "备注"],
            ["206", "", "", "科学技术支出", "3755.2", "1.00", "说明文字"],
            ["", "04", "", "技术研究与开发", "3755.2", "-", "说明"],
        ]
    )
    roles = [column_role(table, j) for j in range(7)]
    assert roles == [Role.CODE, Role.CODE, Role.CODE, Role.LABEL, Role.AMOUNT, Role.AMOUNT, Role.LABEL]


def test_side_by_side_summary_splits_into_income_and_expenditure() -> None:
    rows = [
        ["收 入", "收 入", "支 出", "支 出"],
        ["项 目", "预算数", "科目名称", "预算数"],
        ["一、本年收入", "3920.41", "201 一般公共服务支出", ""],
        ["收入总计", "3920.41", "支出总计", "3920.41"],
    ]
    left, right = table_blocks(make_table(rows, header_rows=2), summary=True)
    assert (left.side, left.label_col, [a.col for a in left.amounts]) == (Side.INCOME, 0, [1])
    assert (right.side, right.label_col, [a.col for a in right.amounts]) == (Side.EXPENDITURE, 2, [3])
    assert [a.measure for a in left.amounts + right.amounts] == ["total", "total"]


def test_three_blocks_side_by_position_without_side_headers() -> None:
    rows = [
        ["项目名称", "金额", "功能科目名称", "金额", "项目名称", "金额"],
        ["一、财政拨款", "1", "四、公共安全支出", "1", "一、基本支出", "1"],
    ]
    blocks = table_blocks(make_table(rows), summary=True)
    assert [b.side for b in blocks] == [Side.INCOME, Side.EXPENDITURE, Side.EXPENDITURE]


def test_final_accounts_basic_table_two_code_blocks() -> None:
    rows = [
        ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "95.36", "302", "商品和服务支出", "10.23"],
    ]
    first, second = table_blocks(make_table(rows))
    assert (first.code_cols, first.label_col, first.amounts[0].measure) == ((0,), 1, "total")
    assert (second.code_cols, second.label_col, second.amounts[0].measure) == ((3,), 4, "total")
    assert first.side is None


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("项目/功能分类科目编码/类", Role.CODE),
        ("项目/功能分类科目编码/合计", Role.CODE),
        ("项目/科目名称/合计", Role.LABEL),
        ("支出/支出用途/项目名称", Role.LABEL),
        ("项目名称", Role.LABEL),
        ("支出预算/项目支出", Role.AMOUNT),
        ("本年支出/预算数/基本支出/人员经费", Role.AMOUNT),
        ("“三公”经费预算数/因公出国(境)费", None),
    ],
)
def test_header_role(path: str, role: Role | None) -> None:
    assert header_role(path) == role
