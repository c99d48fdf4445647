"""Summary tables: balance and each half's own total."""

from __future__ import annotations

from validate_support import compact, extraction, item, table

from extractor.validate.context import Context
from extractor.validate.summary import check_summaries


def _run(items: list) -> list:
    return check_summaries(Context.of(extraction([table("t1", "income_expenditure_summary")], items)))


def _income(row: int, label: str, printed: str) -> object:
    return item("t1", row, printed, label=label, column="收入/预算数")


def _spend(row: int, printed: str, *, code: str | None = None, label: str | None = None) -> object:
    return item("t1", row, printed, code=code, label=label, column="支出/预算数")


def test_balanced_summary_passes() -> None:
    items = [
        _income(1, "一、本年收入", "3920.41"),
        _income(2, "1.一般公共预算拨款", "3920.41"),
        _income(3, "其中: 一般财力", "3920.41"),
        _spend(1, "3890.91", code="206"),
        _spend(2, "29.5", code="208"),
        _income(9, "收入总计", "3920.41"),
        _spend(9, "3920.41", label="支出总计"),
    ]
    assert _run(items) == []


def test_unbalanced_and_halves_that_do_not_add() -> None:
    items = [
        _income(1, "一、本年收入", "100"),
        _income(2, "二、上年结转结余", "5"),
        _spend(1, "90", code="206"),
        _income(9, "收入总计", "100"),
        _spend(9, "101", label="支出总计"),
    ]
    assert compact(_run(items)) == [
        ("summary-balance", "error", "t1", 9),
        ("summary-income-total", "error", "t1", 9),
        ("summary-expenditure-total", "error", "t1", 9),
    ]


def test_expenditure_use_block_with_numbered_rows() -> None:
    # Jiangsu: 支出用途 block (一、基本支出 二、项目支出 三、单位预留机动经费) is a second reading
    items = [
        _income(1, "一、财政拨款", "10"),
        _income(5, "收入总计", "10"),
        _spend(1, "6", label="一、基本支出"),
        _spend(2, "3", label="二、项目支出"),
        _spend(3, "1", label="三、单位预留机动经费"),
        _spend(5, "10", label="支出总计"),
    ]
    assert _run(items) == []


def test_unnumbered_income_rows_make_only_a_warning() -> None:
    items = [
        _income(1, "一般公共预算拨款收入", "8"),
        _income(2, "其他收入", "1"),
        _income(3, "本年收入合计", "10"),
        _income(5, "收入总计", "10"),
    ]
    assert compact(_run(items)) == [("summary-income-total", "warning", "t1", 3)]
