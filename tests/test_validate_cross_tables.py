"""Identities across tables: grand totals, 财政拨款 against the fund tables, 基本支出, 三公."""

from __future__ import annotations

from validate_support import compact, extraction, item, table

from extractor.validate.context import Context
from extractor.validate.cross_tables import check_cross_tables
from extractor.validate.three_public import check_three_public


def _tables() -> list:
    return [
        table("t1", "income_expenditure_summary"),
        table("t2", "income"),
        table("t3", "expenditure"),
        table("t4", "appropriation_summary"),
        table("t5", "general_budget_expenditure"),
        table("t6", "general_budget_basic_expenditure"),
        table("t8", "government_fund_expenditure", empty=True),
    ]


def _items(income_total: str = "100", basic_total: str = "40", gb_total: str = "100") -> list:
    return [
        item("t1", 9, "100", label="收入总计"),
        item("t1", 9, "100", label="支出总计"),
        item("t2", 9, income_total, label="总计"),
        item("t3", 1, "100", code="206"),
        item("t4", 9, "100", label="支出总计"),
        item("t5", 9, gb_total, label="总计"),
        item("t5", 9, "40", label="总计", measure="basic"),
        item("t6", 9, basic_total, label="总计"),
    ]


def _run(items: list) -> list:
    return check_cross_tables(Context.of(extraction(_tables(), items)))


def test_consistent_tables_pass() -> None:
    assert _run(_items()) == []


def test_each_identity_fails_alone() -> None:
    assert compact(_run(_items(income_total="99"))) == [("cross-grand-total", "error", "t2", 9)]
    assert compact(_run(_items(basic_total="40.02"))) == [("cross-basic", "error", "t6", 9)]
    assert compact(_run(_items(gb_total="90"))) == [("cross-appropriation", "error", "t4", 9)]


def test_rounding_edge_between_two_totals() -> None:
    # two printed totals: 0.005 + 0.005 万元
    assert _run(_items(basic_total="40.01")) == []


def test_three_public_rows_and_columns() -> None:
    rows = [
        item("t10", 1, "10", label="因公出国（境）费用"),
        item("t10", 2, "5", label="公务接待费"),
        item("t10", 3, "8", label="公务用车购置及运行维护费 （小计）"),
        item("t10", 4, "3", label="其中：公务用车购置费"),
        item("t10", 5, "5", label="公务用车运行维护费"),
        item("t10", 6, "23", label="合计"),
    ]
    ctx = Context.of(extraction([table("t10", "three_public_expenses")], rows))
    assert check_three_public(ctx) == []
    bad = [*rows[:-1], item("t10", 6, "24", label="合计")]
    ctx = Context.of(extraction([table("t10", "three_public_expenses")], bad))
    assert compact(check_three_public(ctx)) == [("three-public-sum", "error", "t10", 6)]
    columns = [
        item("t10", 3, "23", column="合计"),
        item("t10", 3, "10", column="因公出国(境)费"),
        item("t10", 3, "5", column="公务接待费"),
        item("t10", 3, "8", column="公务用车购置及运行费/小计"),
        item("t10", 3, "3", column="公务用车购置及运行费/公务用车购置费"),
        item("t10", 3, "4", column="公务用车购置及运行费/公务用车运行维护费"),
    ]
    ctx = Context.of(extraction([table("t10", "three_public_expenses")], columns))
    assert [f.message.split(": ")[1] for f in check_three_public(ctx)] == [
        "公务用车购置及运行维护费 prints 8.00 万元 but 公务用车购置费 + 公务用车运行维护费 make 7.00 万元"
    ]


def test_office_operation_column_is_not_a_three_public_part() -> None:
    from extractor.validate.three_public import part_of

    assert part_of("机关运行经费") is None
    assert part_of("公务用车运行维护费") == "operation"
    assert part_of("因公出国（境）费用") == "outbound"
