"""Numbers that are not money: a 政府采购 table's 数量 (352 sets, not 352 万元) and its 采购时间
never become line items, whatever their cells look like; the amounts beside them still do."""

from __future__ import annotations

from semantics_support import make_table

from extractor.semantics.blocks import Role, column_role
from extractor.semantics.items import tables_to_line_items

ROWS = [
    ["科目编码", "采购项目", "数量", "采购时间", "预算金额"],
    ["2080109", "全民参保计划工作经费", "1", "2019-04-12", "28.00"],
    ["2080102", "退休管理工作经费", "352", "1月-12月", "8.50"],
]


def test_quantity_and_time_columns_are_not_amounts() -> None:
    table = make_table(ROWS, type="government_procurement", title="政府采购预算表")
    assert [column_role(table, j) for j in range(5)] == [Role.CODE, Role.LABEL, Role.LABEL, Role.LABEL, Role.AMOUNT]


def test_only_the_money_becomes_line_items() -> None:
    table = make_table(ROWS, type="government_procurement", title="政府采购预算表")
    items = tables_to_line_items((table,))
    assert [(i.code, i.printed, i.amount_yuan) for i in items] == [("2080109", "28.00", 280000), ("2080102", "8.50", 85000)]


def test_a_money_column_named_with_a_count_word_stays_money() -> None:
    # 编制预算 (the compiled budget) is money; 数量 alone is not
    table = make_table([["项目", "编制预算"], ["一般公共预算拨款收入", "100.00"]], type="income")
    assert column_role(table, 1) == Role.AMOUNT


def test_a_column_of_rates_neither_names_rows_nor_starts_a_block() -> None:
    # 国家信访局: … | 增减额 | 增减(%) | 增减额 | 增减(%): the second 增减额 belongs to the row's code
    table = make_table(
        [
            ["科目编码", "科目名称", "预算数", "增减额", "增减(%)", "增减额（扣除基建）", "增减(%)"],
            ["201", "一般公共服务支出", "13,144.37", "-20,442.30", "-60.86%", "3,099.90", "30.86%"],
            ["20140", "信访事务", "13,144.37", "-20,442.30", "-60.86%", "3,099.90", "30.86%"],
        ],
        type="general_budget_expenditure",
    )
    items = tables_to_line_items((table,))
    assert {(i.code, i.label, i.printed) for i in items if i.printed == "3,099.90"} == {
        ("201", None, "3,099.90"),
        ("20140", None, "3,099.90"),
    }
    assert not any(i.printed.endswith("%") for i in items)
