"""Row identities: 合计 = 基本 + 项目, 合计 = 人员 + 公用, income and fund columns."""

from __future__ import annotations

import pytest
from validate_support import compact, extraction, item, table

from extractor.validate.context import Context
from extractor.validate.rows import check_rows


def _run(*items_: object, kind: str = "expenditure") -> list:
    return check_rows(Context.of(extraction([table("t1", kind)], list(items_))))  # type: ignore[arg-type]


def _row(**amounts: str) -> list:
    return [item("t1", 1, printed, code="2060404", measure=measure) for measure, printed in amounts.items()]


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ({"total": "10", "basic": "4", "project": "6"}, []),
        ({"total": "10", "basic": "4", "project": "5"}, [("row-basic-project", "error", "t1", 1)]),
        ({"total": "10", "project": "10"}, []),  # blank basic is 0
        ({"total": "10", "personnel": "3", "operating": "1", "project": "6"}, []),  # 基本 as 人员 + 公用
        ({"total": "10.01", "basic": "4", "project": "6"}, []),  # exactly (2 + 1) x 0.005 … within
        (
            {"total": "10.02", "basic": "4", "project": "6"},
            [("row-basic-project", "error", "t1", 1)],
        ),  # just over
        ({"total": "5", "personnel": "3", "operating": "2"}, []),
        ({"total": "5", "personnel": "3", "operating": "1"}, [("row-personnel-operating", "error", "t1", 1)]),
        ({"total": "10", "basic": "4", "project": "5", "other": "1"}, []),  # an unknown column: skipped
    ],
)
def test_spending_rows(amounts: dict[str, str], expected: list) -> None:
    assert compact(_run(*_row(**amounts))) == expected


def test_income_columns_accept_either_reading_of_transfers() -> None:
    row = _row(total="10", appropriation="10", general_budget="8", general_budget_transfer="2")
    assert _run(*row, kind="income") == []
    row = _row(total="10", appropriation="8", general_budget="8")
    found = _run(*row, kind="income")
    assert compact(found) == [("row-income-sources", "error", "t1", 1)]


def test_income_total_from_unit_fund_parts() -> None:
    assert (
        _run(*_row(total="12", appropriation="10", business_income="1", other_income="1"), kind="income")
        == []
    )


def test_fund_columns_of_a_summary_row() -> None:
    rows = [item("t1", 3, "5", label="支出总计", measure=m) for m in ("total",)] + [
        item("t1", 3, "4", label="支出总计", measure="general_budget"),
        item("t1", 3, "2", label="支出总计", measure="government_fund"),
    ]
    found = _run(*rows, kind="appropriation_summary")
    assert compact(found) == [("row-fund-sources", "error", "t1", 3)]
    expected = "表1 row 支出总计: 合计 prints 5.00 万元 but 一般公共预算 + 政府性基金 make 6.00 万元"
    assert found[0].message == expected
