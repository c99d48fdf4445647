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
from extractor.model.tolerance import agrees, half_ulp, sum_tolerance
from extractor.structure.patterns import lazy_pattern
from extractor.validate.context import SUMMARY_TYPES, Context, fmt, make, row_name, squeeze
from extractor.validate.hierarchy import valid_code

BALANCE = "summary-balance"
INCOME = "summary-income-total"
EXPENDITURE = "summary-expenditure-total"

_INCOME_TOTAL = re.compile(r"^收入总计$|^收入合计$|^收入总额$")
_EXPENDITURE_TOTAL = re.compile(r"^支出总计$|^支出合计$|^支出总额$")
_INCOME_SUBTOTAL = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:本年|当年)收入(?:合计|小计)$")
_EXPENDITURE_SUBTOTAL = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:本年|当年)支出(?:合计|小计)$")
_EXPENDITURE_WORDS = lazy_pattern(r"支出|年末|结转下年|结余分配")
_CLOSING = re.compile(r"年末|结转下年|结余分配")
_TOP = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUB = re.compile(r"^(?:其中|\d|[（(]|其他收入中)")


def _label(item: LineItem) -> str:
    return squeeze(item.label)


def side(item: LineItem) -> str:
    """``income`` or ``expenditure``: from the column's first header segment, else the row."""
    head = squeeze((item.column or "").split("/")[0])
    if "收入" in head and "支出" not in head:
        return "income"
    if "支出" in head and "收入" not in head:
        return "expenditure"
    if item.code or _EXPENDITURE_WORDS().search(_label(item)):
        return "expenditure"
    return "income"


def _one(items: Sequence[LineItem], pattern: re.Pattern[str]) -> LineItem | None:
    found = [i for i in items if not i.code and pattern.match(_label(i)) and i.measure == "total"]
    found = found or [i for i in items if not i.code and pattern.match(_label(i))]
    return found[0] if found else None


def _is_total(item: LineItem) -> bool:
    label = _label(item)
    return any(
        p.match(label) for p in (_INCOME_TOTAL, _INCOME_SUBTOTAL, _EXPENDITURE_TOTAL, _EXPENDITURE_SUBTOTAL)
    )


def income_rows(items: Sequence[LineItem]) -> list[LineItem]:
    """Labelled income-side rows (measure total), totals excepted, in row order."""
    return [
        i
        for i in items
        if not i.code and i.label and i.measure == "total" and side(i) == "income" and not _is_total(i)
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


def _spending_columns(items: Sequence[LineItem]) -> dict[str, list[LineItem]]:
    """Expenditure-side top rows (类 codes, or rows numbered 一、二、) by column."""
    columns: dict[str, list[LineItem]] = {}
    for i in items:
        if i.measure != "total" or side(i) != "expenditure" or _is_total(i):
            continue
        top_code = valid_code(i.code) and len(i.code or "") == 3
        if top_code or (not i.code and _TOP.match(_label(i))):
            columns.setdefault(i.column or "", []).append(i)
    return columns


_NUMERALS = "一二三四五六七八九十"


def _numeral(label: str) -> int | None:
    match = _TOP.match(label)
    if match is None:
        return None
    text = match.group(0)[:-1]
    return _NUMERALS.index(text) + 1 if len(text) == 1 and text in _NUMERALS else None


def _outer_rows(parts: list[LineItem]) -> list[LineItem]:
    """The numbered rows of the outer sequence: after ``一、本年支出`` a numbering that starts
    again (一、一般公共服务支出 …) belongs to it until the outer sequence goes on (二、结转下年)."""
    out: list[LineItem] = []
    outer: int | None = None
    inner: int | None = None  # the numeral of the nested sequence, while in one
    for item in sorted(parts, key=lambda i: i.row):
        n = _numeral(_label(item)) if not item.code else None
        if n is None:
            if inner is None:
                out.append(item)
        elif inner is not None and n == inner + 1:
            inner = n
        elif outer is None or n == outer + 1:
            out.append(item)
            outer, inner = n, None
        elif n <= outer:
            inner = n
    return out


def expenditure_total(ctx: Context, items: Sequence[LineItem]) -> list[Finding]:
    findings = []
    for column, parts in _spending_columns(items).items():
        same = [i for i in items if (i.column or "") == column]
        subtotal = _one(same, _EXPENDITURE_SUBTOTAL) or _one(items, _EXPENDITURE_SUBTOTAL)
        total = subtotal or _one(same, _EXPENDITURE_TOTAL) or _one(items, _EXPENDITURE_TOTAL)
        if total is None:
            continue
        closing = (
            []
            if subtotal
            else [i for i in same if not i.code and _CLOSING.search(_label(i)) and i not in parts]
        )
        what = "its 类 rows" if all(p.code for p in parts) else "its numbered rows"
        found = _compare(ctx, EXPENDITURE, total, parts + closing, what, Severity.ERROR)
        outer = _outer_rows(parts)
        # 一、本年支出 over 一、… 四、 then 二、结转下年: numbering restarted for the children of 一;
        # the reading that sums the outer rows only is tried before reporting
        if (
            found is not None
            and len(outer) < len(parts)
            and _compare(ctx, EXPENDITURE, total, outer + closing, what, Severity.ERROR) is None
        ):
            found = None
        if found is not None:
            findings.append(found)
    return findings


def table_findings(ctx: Context, table: Table) -> list[Finding]:
    items = ctx.items_of(table)
    found = [balance(ctx, items), income_total(ctx, items), *expenditure_total(ctx, items)]
    return [f for f in found if f is not None]


def check_summaries(ctx: Context) -> list[Finding]:
    return [f for table in ctx.tables_of(*SUMMARY_TYPES) for f in table_findings(ctx, table)]
