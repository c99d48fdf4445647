"""The seed through the whole pipeline: every table typed, the line items of 表1, 表3, 表5, 表6 and
表11 exact in yuan with full codes (expected values read off the printed seed by hand)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from extractor.model import LineItem, Table
from extractor.semantics.types import number_ordinal

SEED_TYPES = [
    (1, "income_expenditure_summary"),
    (2, "income"),
    (3, "expenditure"),
    (4, "appropriation_summary"),
    (5, "general_budget_expenditure"),
    (6, "general_budget_basic_expenditure"),
    (8, "government_fund_expenditure"),
    (9, "state_capital_expenditure"),
    (10, "three_public_expenses"),
    (11, "entrusted_services"),
    (12, "carryover"),
]

# 表3 and 表5 print the same rows: code → (合计, 基本支出, 项目支出) in 万元 as printed.
FUNCTION_ROWS = {
    "206": ("3755.2", None, "3755.2"),
    "20604": ("3755.2", None, "3755.2"),
    "2060404": ("3755.2", None, "3755.2"),
    "20605": ("135.71", "135.71", None),
    "2060501": ("135.71", "135.71", None),
    "208": ("13.74", "13.74", None),
    "20805": ("13.74", "13.74", None),
    "2080505": ("9.22", "9.22", None),
    "2080506": ("4.52", "4.52", None),
    "210": ("8.08", "8.08", None),
    "21011": ("8.08", "8.08", None),
    "2101102": ("5.37", "5.37", None),
    "2101103": ("2.26", "2.26", None),
    "2101199": ("0.45", "0.45", None),
    "221": ("7.68", "7.68", None),
    "22102": ("7.68", "7.68", None),
    "2210201": ("7.68", "7.68", None),
}

# 表6: code → (合计, 人员经费, 公用经费).
ECONOMIC_ROWS = {
    "301": ("160.29", "160.29", None),
    "30101": ("23.68", "23.68", None),
    "30102": ("5.2", "5.2", None),
    "30103": ("19.23", "19.23", None),
    "30107": ("16.43", "16.43", None),
    "30108": ("9.22", "9.22", None),
    "30109": ("4.52", "4.52", None),
    "30110": ("5.37", "5.37", None),
    "30111": ("2.26", "2.26", None),
    "30112": ("0.45", "0.45", None),
    "30113": ("7.68", "7.68", None),
    "30199": ("66.25", "66.25", None),
    "302": ("4.92", None, "4.92"),
    "30201": ("1.33", None, "1.33"),
    "30202": ("0.05", None, "0.05"),
    "30207": ("0.2", None, "0.2"),
    "30211": ("1.3", None, "1.3"),
    "30214": ("0.2", None, "0.2"),
    "30228": ("1.84", None, "1.84"),
}


def wan(printed: str) -> Decimal:
    return Decimal(printed) * 10000


def table_numbered(result: Any, ordinal: int) -> Table:
    found = [t for t in result.tables if number_ordinal(t.number) == ordinal]
    assert len(found) == 1, f"表{ordinal} not found once"
    return found[0]


def items_of(result: Any, table: Table) -> list[LineItem]:
    return [i for i in result.line_items if i.table == table.id]


def coded(items: list[LineItem], measures: tuple[str, str, str]) -> dict[str, tuple[Decimal | None, ...]]:
    rows: dict[str, dict[str, Decimal]] = {}
    for item in items:
        if item.code:
            rows.setdefault(item.code, {})[item.measure] = item.amount_yuan
    return {code: tuple(values.get(m) for m in measures) for code, values in rows.items()}


def expected(rows: dict[str, tuple[str | None, ...]]) -> dict[str, tuple[Decimal | None, ...]]:
    return {code: tuple(wan(v) if v else None for v in values) for code, values in rows.items()}


def test_every_seed_table_typed(seed_result: Any) -> None:
    numbered = {number_ordinal(t.number): t.type for t in seed_result.tables if t.number}
    assert [(n, numbered.get(n)) for n, _ in SEED_TYPES] == SEED_TYPES
    unnumbered = [t.type for t in seed_result.tables if not t.number]
    assert unnumbered == ["performance_targets"] * 5


def test_table1_summary(seed_result: Any) -> None:
    items = items_of(seed_result, table_numbered(seed_result, 1))
    got = [(i.code or i.label, i.measure, i.amount_yuan) for i in items]
    assert got == [
        ("一、本年收入", "total", wan("3920.41")),
        ("1.一般公共预算拨款", "total", wan("3920.41")),
        ("其中:一般财力", "total", wan("3920.41")),
        ("收入总计", "total", wan("3920.41")),
        ("206", "total", wan("3890.91")),
        ("208", "total", wan("13.74")),
        ("210", "total", wan("8.08")),
        ("221", "total", wan("7.68")),
        ("支出总计", "total", wan("3920.41")),
    ]
    assert {i.unit for i in items} == {"万元"}


@pytest.mark.parametrize("ordinal", [3, 5])
def test_function_tables(seed_result: Any, ordinal: int) -> None:
    items = items_of(seed_result, table_numbered(seed_result, ordinal))
    assert coded(items, ("total", "basic", "project")) == expected(FUNCTION_ROWS)
    totals = [(i.measure, i.amount_yuan) for i in items if i.label == "总计"]
    assert totals == [("total", wan("3920.41")), ("basic", wan("165.21")), ("project", wan("3755.2"))]
    assert all(i.classification == "functional" for i in items if i.code)


def test_table6_basic_expenditure(seed_result: Any) -> None:
    items = items_of(seed_result, table_numbered(seed_result, 6))
    assert coded(items, ("total", "personnel", "operating")) == expected(ECONOMIC_ROWS)
    assert all(i.classification == "economic" for i in items if i.code)
    union_dues = next(i for i in items if i.code == "30228")
    assert (union_dues.parent, union_dues.level, union_dues.name) == ("302", "款", "工会经费")


def test_table11_entrusted_services(seed_result: Any) -> None:
    items = items_of(seed_result, table_numbered(seed_result, 11))
    assert [(i.label, i.measure, i.amount_yuan) for i in items] == [
        ("产教联合体建设", "total", wan("1")),
        ("产教联合体建设", "general_budget", wan("1")),
        ("科技创新经费", "total", wan("2")),
        ("科技创新经费", "general_budget", wan("2")),
        ("总计", "total", wan("3")),
        ("总计", "general_budget", wan("3")),
    ]


def test_empty_seed_tables_give_no_items(seed_result: Any) -> None:
    for ordinal in (8, 9, 10, 12):
        assert items_of(seed_result, table_numbered(seed_result, ordinal)) == []


def test_seed_metadata(seed_result: Any) -> None:
    meta = seed_result.document
    assert (meta.entity, meta.fiscal_year, meta.kind, meta.scope) == (
        "昌吉高新技术产业开发区创业创新投资服务中心",
        2026,
        "budget",
        "department",
    )
