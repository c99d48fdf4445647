"""Identities across tables (DOMAIN.md, "Across tables").

- ``cross-grand-total``: the totals of 收入总表 and 支出总表 agree with the 收支总表 (its 收入总计 /
  支出总计, or 本年收入合计 / 本年支出合计 where printed: final accounts keep carry-overs out of the
  收入 and 支出 tables). Either reading of the summary is accepted.
- ``cross-appropriation``: 财政拨款收支总表 支出总计 = 一般公共预算支出表 + 政府性基金预算支出表 +
  国有资本经营预算支出表 totals (an empty or absent fund table counts 0), and its 一般公共预算
  column = the 一般公共预算支出表 total.
- ``cross-basic``: 一般公共预算基本支出表 total = the 基本支出 column total of 一般公共预算支出表.

A table's total is its 总计 / 合计 row, else the sum of its top-level code rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from extractor.model import Finding, LineItem, Severity, Table
from extractor.model.tolerance import agrees, half_ulp
from extractor.validate.context import Context, fmt, make, squeeze
from extractor.validate.hierarchy import parent_code, valid_code

GRAND = "cross-grand-total"
APPROPRIATION = "cross-appropriation"
BASIC = "cross-basic"

_TOTAL = re.compile(r"^(?:总计|合计|支出总计|支出合计|收入总计|收入合计|本年支出合计|本年收入合计)$")
_INCOME_TOTALS = (re.compile(r"^收入总计$"), re.compile(r"^(?:[一二三四五六七八九十]+、)?本年收入合计$"))
_SPENDING_TOTALS = (re.compile(r"^支出总计$"), re.compile(r"^(?:[一二三四五六七八九十]+、)?本年支出合计$"))
_CARRYOVER = (re.compile(r"^(?:[一二三四五六七八九十]+、)?上年结转(?:结余|和结余)?$"),)
FUND_TYPES = ("general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure")


@dataclass(frozen=True)
class Amount:
    """A table-level amount: its value, a rounding half-width, and the item to point at."""

    value: Decimal
    half: Decimal
    item: LineItem | None
    table: Table


def _labelled(items: Sequence[LineItem], pattern: re.Pattern[str], measure: str) -> LineItem | None:
    for item in items:
        if not item.code and item.measure == measure and pattern.match(squeeze(item.label)):
            return item
    return None


def table_total(ctx: Context, table: Table, measure: str = "total") -> Amount | None:
    """The table's printed total in ``measure`` (0 for a declared-empty table)."""
    items = ctx.items_of(table)
    item = _labelled(items, _TOTAL, measure)
    if item is not None:
        return Amount(item.amount_yuan, half_ulp(item.printed, item.unit), item, table)
    coded: dict[str | None, LineItem] = {}
    for i in items:
        if valid_code(i.code) and i.measure == measure:
            coded.setdefault(i.code, i)
    tops = [i for i in coded.values() if parent_code(i) not in coded]
    if tops:
        value = sum((i.amount_yuan for i in tops), Decimal(0))
        return Amount(value, sum((half_ulp(i.printed, i.unit) for i in tops), Decimal(0)), tops[0], table)
    if table.empty and not items:
        return Amount(Decimal(0), Decimal(0), None, table)
    return None


def summary_totals(ctx: Context, table: Table, patterns: Sequence[re.Pattern[str]]) -> list[Amount]:
    items = ctx.items_of(table)
    found = [_labelled(items, p, "total") for p in patterns]
    return [Amount(i.amount_yuan, half_ulp(i.printed, i.unit), i, table) for i in found if i is not None]


def _agree(a: Amount, b: Amount) -> bool:
    return agrees(a.value, b.value, a.half + b.half)


def _finding(ctx: Context, check: str, this: Amount, what: str, other: Amount, other_what: str) -> Finding:
    unit = this.item.unit if this.item else (other.item.unit if other.item else "万元")
    message = (
        f"{ctx.table_name(this.table.id)} {what} {fmt(this.value, unit)} but "
        f"{ctx.table_name(other.table.id)} {other_what} {fmt(other.value, unit)}"
    )
    prov = this.item.prov if this.item else this.table.prov
    return make(
        check,
        Severity.ERROR,
        message,
        this.item,
        table=this.table.id,
        prov=prov,
        expected=other.value,
        actual=this.value,
    )


def grand_totals(ctx: Context) -> list[Finding]:
    summaries = ctx.tables_of("income_expenditure_summary")
    if not summaries:
        return []
    findings = []
    for kind, patterns, word in (
        ("income", _INCOME_TOTALS, "收入"),
        ("expenditure", _SPENDING_TOTALS, "支出"),
    ):
        references = summary_totals(ctx, summaries[0], patterns)
        for table in ctx.tables_of(kind):
            total = table_total(ctx, table)
            if total is None or not references or any(_agree(total, r) for r in references):
                continue
            findings.append(_finding(ctx, GRAND, total, "total", references[0], f"{word}总计"))
    return findings


def appropriation(ctx: Context) -> list[Finding]:
    summaries = ctx.tables_of("appropriation_summary")
    general = ctx.tables_of("general_budget_expenditure")
    if not summaries or not general:
        return []
    references = summary_totals(ctx, summaries[0], _SPENDING_TOTALS)
    funds = [table_total(ctx, t[0]) for t in (ctx.tables_of(k) for k in FUND_TYPES) if t]
    if not references or any(f is None for f in funds):
        return []
    parts = [f for f in funds if f is not None]
    value = sum((f.value for f in parts), Decimal(0))
    combined = Amount(value, sum((f.half for f in parts), Decimal(0)), parts[0].item, parts[0].table)
    if any(_agree(combined, r) for r in references):
        return []
    # 本年支出 of the 财政拨款 summary also spends 上年结转, which the 一般公共预算 table's 年初预算数
    # leaves out (国家信访局: 16,474.82 + 上年结转 2,254.12 = 18,728.94): that reading is tried too
    carried = summary_totals(ctx, summaries[0], _CARRYOVER)
    for carry in carried:
        with_carry = Amount(combined.value + carry.value, combined.half + carry.half, combined.item, combined.table)
        if any(_agree(with_carry, r) for r in references):
            return []
    return [_finding(ctx, APPROPRIATION, references[0], "支出总计", combined, "with the fund tables adds to")]


def basic(ctx: Context) -> list[Finding]:
    findings = []
    for basic_table in ctx.tables_of("general_budget_basic_expenditure")[:1]:
        for general in ctx.tables_of("general_budget_expenditure")[:1]:
            this, other = table_total(ctx, basic_table), table_total(ctx, general, "basic")
            if this is None or other is None or other.item is None or _agree(this, other):
                continue
            findings.append(_finding(ctx, BASIC, this, "total", other, "基本支出"))
    return findings


def check_cross_tables(ctx: Context) -> list[Finding]:
    return [*grand_totals(ctx), *appropriation(ctx), *basic(ctx)]
