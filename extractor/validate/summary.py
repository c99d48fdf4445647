"""Summary tables (收支总表, 财政拨款收支总表): the two halves balance, and each adds up.

- ``summary-balance``: 收入总计 = 支出总计.
- ``summary-income-total``: 收入总计 (or 本年收入合计) = Σ its top-level income rows. Top-level
  rows are those numbered ``一、`` ``二、`` …; without such numbering the rows before 本年收入合计
  are summed (``其中`` rows left out) and a failure is only a warning, the structure being a guess.
- ``summary-expenditure-total``: 支出总计 (or 本年支出合计) = Σ 类 rows (+ 年末结转 / 结转下年 rows
  when the total is 支出总计).

Rows are told apart by their labels: a label naming 支出, 年末 or 结转下年 is on the expenditure
side, others on the income side; code rows are expenditure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from extractor.model import Finding, LineItem, Severity, Table
from extractor.validate.context import SUMMARY_TYPES, Context, fmt, make, row_name, squeeze
from extractor.validate.hierarchy import valid_code
from extractor.validate.tolerance import agrees, half_ulp, sum_tolerance

BALANCE = "summary-balance"
INCOME = "summary-income-total"
EXPENDITURE = "summary-expenditure-total"

_INCOME_TOTAL = re.compile(r"^收入总计$|^收入合计$|^收入总额$")
_EXPENDITURE_TOTAL = re.compile(r"^支出总计$|^支出合计$|^支出总额$")
_INCOME_SUBTOTAL = re.compile(r"^(?:[一二三四五六七八九十]+、)?本年收入合计$")
_EXPENDITURE_SUBTOTAL = re.compile(r"^(?:[一二三四五六七八九十]+、)?本年支出合计$")
_EXPENDITURE_WORDS = re.compile(r"支出|年末|结转下年|结余分配")
_CLOSING = re.compile(r"年末|结转下年|结余分配")
_TOP = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUB = re.compile(r"^(?:其中|\d|[（(]|其他收入中)")


def _label(item: LineItem) -> str:
    return squeeze(item.label)


def _one(items: Sequence[LineItem], pattern: re.Pattern[str]) -> LineItem | None:
    found = [i for i in items if not i.code and pattern.match(_label(i)) and i.measure == "total"]
    found = found or [i for i in items if not i.code and pattern.match(_label(i))]
    return found[0] if found else None


def income_rows(items: Sequence[LineItem]) -> list[LineItem]:
    """Labelled income-side rows (measure total), totals excepted, in row order."""
    return [
        i
        for i in items
        if not i.code
        and i.label
        and i.measure == "total"
        and not _EXPENDITURE_WORDS.search(_label(i))
        and not (_INCOME_TOTAL.match(_label(i)) or _INCOME_SUBTOTAL.match(_label(i)))
    ]


def _compare(
    ctx: Context, check: str, total: LineItem, parts: Sequence[LineItem], what: str, severity: Severity
) -> Finding | None:
    if not parts:
        return None
    expected = sum((p.amount_yuan for p in parts), Decimal(0))
    tol = sum_tolerance(half_ulp(i.printed, i.unit) for i in (total, *parts))
    if agrees(expected, total.amount_yuan, tol):
        return None
    message = (
        f"{ctx.table_name(total.table)} row {row_name(total)}: prints {fmt(total.amount_yuan, total.unit)} "
        f"but {what} sum to {fmt(expected, total.unit)}"
    )
    return make(check, severity, message, total, expected=expected, actual=total.amount_yuan)


def balance(ctx: Context, items: Sequence[LineItem]) -> Finding | None:
    income, spending = _one(items, _INCOME_TOTAL), _one(items, _EXPENDITURE_TOTAL)
    if income is None or spending is None:
        return None
    tol = half_ulp(income.printed, income.unit) + half_ulp(spending.printed, spending.unit)
    if agrees(income.amount_yuan, spending.amount_yuan, tol):
        return None
    message = (
        f"{ctx.table_name(income.table)}: 收入总计 {fmt(income.amount_yuan, income.unit)} "
        f"but 支出总计 {fmt(spending.amount_yuan, spending.unit)}"
    )
    return make(
        BALANCE, Severity.ERROR, message, spending, expected=income.amount_yuan, actual=spending.amount_yuan
    )


def income_total(ctx: Context, items: Sequence[LineItem]) -> Finding | None:
    rows = income_rows(items)
    total = _one(items, _INCOME_TOTAL)
    subtotal = _one(items, _INCOME_SUBTOTAL)
    numbered = [i for i in rows if _TOP.match(_label(i))]
    if numbered and subtotal is not None:
        above = [i for i in numbered if i.row < subtotal.row]
        return _compare(ctx, INCOME, subtotal, above, "its numbered income rows", Severity.ERROR)
    if numbered and total is not None:
        return _compare(ctx, INCOME, total, numbered, "its numbered income rows", Severity.ERROR)
    if subtotal is not None:
        before = [i for i in rows if i.row < subtotal.row and not _SUB.match(_label(i))]
        return _compare(ctx, INCOME, subtotal, before, "the income rows above it", Severity.WARNING)
    return None


def expenditure_total(ctx: Context, items: Sequence[LineItem]) -> Finding | None:
    classes = [i for i in items if valid_code(i.code) and len(i.code or "") == 3 and i.measure == "total"]
    subtotal = _one(items, _EXPENDITURE_SUBTOTAL)
    if subtotal is not None:
        return _compare(ctx, EXPENDITURE, subtotal, classes, "its 类 rows", Severity.ERROR)
    total = _one(items, _EXPENDITURE_TOTAL)
    if total is None or not classes:
        return None
    closing = [i for i in items if not i.code and i.measure == "total" and _CLOSING.search(_label(i))]
    return _compare(ctx, EXPENDITURE, total, classes + closing, "its 类 rows", Severity.ERROR)


def table_findings(ctx: Context, table: Table) -> list[Finding]:
    items = ctx.items_of(table)
    found = (balance(ctx, items), income_total(ctx, items), expenditure_total(ctx, items))
    return [f for f in found if f is not None]


def check_summaries(ctx: Context) -> list[Finding]:
    return [f for table in ctx.tables_of(*SUMMARY_TYPES) for f in table_findings(ctx, table)]
