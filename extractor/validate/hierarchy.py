"""Code hierarchy: 类 = Σ款, 款 = Σ项, and the table's 总计 = Σ类 (function and economic codes).

Each amount column of a table is checked on its own (items grouped by measure and column). A
parent row whose cell is blank counts as 0 when its children are not. A failure of a parent that
disappears once a failing child is replaced by its own children's sum is a consequence of that
child's misprint, reported as a warning that names the child. The table total is always compared
with the printed top-level rows (that is the sum a reader makes), and its message says whether
corrected rows would add up. Several failing columns of one row make one finding.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from extractor.model import Finding, LineItem, Severity, Table
from extractor.model.tolerance import agrees, half_ulp, sum_tolerance
from extractor.validate.context import SUMMARY_TYPES, Context, fmt, make, row_name, squeeze, table_name

SUM = "hierarchy-sum"
TOTAL = "hierarchy-total"

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_TOTAL_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十]+、)?(?:总计|合计|支出总计|支出合计|本年支出合计|收入总计)$"
)
CHILD_LEVEL = {3: "款", 5: "项"}
MEASURE_WORDS = {
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费",
    "operating": "公用经费",
    "budget": "预算数",
    "actual": "决算数",
    "appropriation": "财政拨款",
    "general_budget": "一般公共预算",
    "general_budget_transfer": "上级一般公共预算转移支付",
    "government_fund": "政府性基金",
    "government_fund_transfer": "上级政府性基金转移支付",
    "state_capital": "国有资本经营",
    "state_capital_transfer": "上级国有资本经营转移支付",
    "fiscal_special_account": "财政专户",
    "unit_funds": "单位资金",
    "business_income": "事业收入",
    "operation_income": "经营收入",
    "other_income": "其他收入",
    "carryover": "上年结转",
}


def valid_code(code: str | None) -> bool:
    """A 3, 5 or 7 digit code whose 类 is a real class (2xx function, 3xx/5xx economic)."""
    return code is not None and code[:1] in ("2", "3", "5") and _CODE.match(code) is not None


def parent_code(item: LineItem) -> str | None:
    if item.parent:
        return item.parent
    code = item.code or ""
    return code[:-2] if valid_code(code) and len(code) > 3 else None


def measure_word(item: LineItem) -> str:
    if item.column:
        return squeeze(item.column.split("/")[-1]) or MEASURE_WORDS.get(item.measure, item.measure)
    return MEASURE_WORDS.get(item.measure, item.measure)


@dataclass(frozen=True)
class Failure:
    """One column of one row failing its sum."""

    item: LineItem
    expected: Decimal
    actual: Decimal
    parts: tuple[LineItem, ...]
    part_level: str
    note: str = ""
    consequence: bool = False


Group = dict[str, LineItem]


def coded_tables(ctx: Context) -> list[Table]:
    """Tables with code rows, summary tables excepted (see :mod:`.summary`)."""
    return [t for t in ctx.result.tables if t.type not in SUMMARY_TYPES and _coded(ctx.items_of(t))]


def _coded(items: Sequence[LineItem]) -> bool:
    return any(valid_code(i.code) for i in items)


def groups_of(items: Sequence[LineItem]) -> dict[tuple[str, str], list[LineItem]]:
    """Items of one table by (measure, column): one amount column each."""
    groups: dict[tuple[str, str], list[LineItem]] = defaultdict(list)
    for item in items:
        groups[(item.measure, item.column or "")].append(item)
    return groups


def _by_code(items: Sequence[LineItem]) -> Group:
    out: Group = {}
    for item in items:
        if valid_code(item.code):
            out.setdefault(item.code or "", item)
    return out


def _stand_in(code: str, items: Sequence[LineItem], template: LineItem) -> LineItem:
    """The item standing for a blank cell of a printed row: amount 0, the row's location."""
    row_item = next(i for i in items if i.code == code)
    return LineItem(
        table=row_item.table,
        table_type=row_item.table_type,
        row=row_item.row,
        classification=row_item.classification,
        code=code,
        name=row_item.name,
        label=None,
        measure=template.measure,
        amount_yuan=Decimal(0),
        printed="",
        unit=template.unit,
        prov=row_item.prov,
        column=template.column,
        parent=row_item.parent,
        level=row_item.level,
    )


def _tolerance(parent: LineItem, parts: Sequence[LineItem]) -> Decimal:
    return sum_tolerance(half_ulp(i.printed, i.unit) for i in (parent, *parts))


def code_failures(group: Sequence[LineItem], table_items: Sequence[LineItem]) -> list[Failure]:
    """Parents whose printed amount is not the sum of their children, in one column."""
    values = _by_code(group)
    rows = {i.code for i in table_items if valid_code(i.code)}
    children: dict[str, list[LineItem]] = defaultdict(list)
    for item in values.values():
        parent = parent_code(item)
        while parent is not None and parent not in rows and len(parent) == 5:
            parent = parent[:3]  # 3010201 under 301 when 30102 is not printed (local numbering)
        if parent in rows:
            children[parent or ""].append(item)
    failures = []
    for code, kids in children.items():
        whole = values.get(code) or _stand_in(code, table_items, kids[0])
        expected = sum((k.amount_yuan for k in kids), Decimal(0))
        if not agrees(expected, whole.amount_yuan, _tolerance(whole, kids)):
            level = CHILD_LEVEL.get(len(code), "children")
            failures.append(Failure(whole, expected, whole.amount_yuan, tuple(kids), level))
    return _mark_consequences(failures)


def _mark_consequences(failures: list[Failure]) -> list[Failure]:
    """A parent failing only because a failing child misprints is that child's consequence."""
    by_code = {f.item.code: f for f in failures}
    out = []
    for f in failures:
        culprits = [by_code[k.code] for k in f.parts if k.code in by_code]
        if culprits:
            fixed = {c.item.code: c.expected for c in culprits}
            corrected = sum((fixed.get(k.code, k.amount_yuan) for k in f.parts), Decimal(0))
            if agrees(corrected, f.actual, _tolerance(f.item, f.parts)):
                names = ", ".join(row_name(c.item) for c in culprits)
                f = Failure(
                    f.item, f.expected, f.actual, f.parts, f.part_level, f"follows from {names}", True
                )
        out.append(f)
    return out


def code_runs(group: Sequence[LineItem]) -> list[list[LineItem]]:
    """The coded items of one column as runs: a code printed again further down (the same
    codes under each unit of a 部门综合预算) starts a new run; a code printed on consecutive rows
    (one 部门 economic code beside several 政府 codes) is one item, its amounts summed."""
    runs: list[list[LineItem]] = [[]]
    seen: set[str] = set()
    for item in sorted((i for i in group if valid_code(i.code)), key=lambda i: i.row):
        run = runs[-1]
        if run and run[-1].code == item.code:
            last = run[-1]
            run[-1] = replace(last, amount_yuan=last.amount_yuan + item.amount_yuan)
            continue
        if item.code in seen:
            runs.append([])
            seen = set()
        runs[-1].append(item)
        seen.add(item.code or "")
    return [r for r in runs if r]


def _rows_of(items: Sequence[LineItem], runs: Sequence[Sequence[LineItem]], k: int) -> Sequence[LineItem]:
    """The table's items on the rows of run ``k`` (from the end of the run before to the start of
    the run after): its printed codes, for the stand-ins of blank parent cells."""
    if len(runs) == 1:
        return items
    first = runs[k - 1][-1].row + 1 if k else -1
    last = runs[k + 1][0].row - 1 if k + 1 < len(runs) else None
    return [i for i in items if i.row >= first and (last is None or i.row <= last)]


def total_failure(
    group: Sequence[LineItem], failures: Sequence[Failure], runs: Sequence[Sequence[LineItem]] | None = None
) -> Failure | None:
    """The table total against its printed top-level rows (of every run), in one column."""
    totals = [i for i in group if not i.code and _TOTAL_LABEL.match(squeeze(i.label))]
    tops: list[LineItem] = []
    for run in runs if runs is not None else [group]:
        values = _by_code(run)
        tops.extend(i for c, i in values.items() if parent_code(i) not in values)
    if len(totals) != 1 or not tops:
        return None
    total = totals[0]
    expected = sum((i.amount_yuan for i in tops), Decimal(0))
    if agrees(expected, total.amount_yuan, _tolerance(total, tops)):
        return None
    fixed = {f.item.code: f.expected for f in failures if not f.consequence and len(runs or [group]) == 1}
    corrected = sum((fixed.get(i.code, i.amount_yuan) for i in tops), Decimal(0))
    note = ""
    if any(i.code in fixed for i in tops) and agrees(corrected, total.amount_yuan, _tolerance(total, tops)):
        names = ", ".join(row_name(i) for i in tops if i.code in fixed)
        note = f"with {names} at its own children's sum they add to {fmt(corrected, total.unit)}"
    level = "类" if all(len(i.code or "") == 3 for i in tops) else "top-level rows"
    return Failure(total, expected, total.amount_yuan, tuple(tops), level, note)


def _message(ctx: Context, failures: Sequence[Failure]) -> str:
    first = failures[0]
    item = first.item
    head = f"{ctx.table_name(item.table)} row {row_name(item)}: "
    parts = [
        f"{measure_word(f.item)} prints {fmt(f.actual, f.item.unit) if f.item.printed else 'nothing'} "
        f"but its {f.part_level} sum to {fmt(f.expected, f.item.unit)}"
        for f in failures
    ]
    notes = [f.note for f in failures if f.note][:1]
    return head + "; ".join(parts) + ("" if not notes else f" ({notes[0]})")


def _row_finding(ctx: Context, check: str, failures: list[Failure]) -> Finding:
    # imported on a failure only: most documents have none, and the module's patterns cost start-up time
    from extractor.validate.cause import EXTRACTION, sum_cause

    failures.sort(key=lambda f: (f.item.measure != "total", f.item.printed == "", f.item.column or ""))
    first = failures[0]
    rows = [first.item.row, *(p.row for p in first.parts)]
    cause, evidence = sum_cause(ctx, first.item, first.expected, rows)
    consequence = all(f.consequence for f in failures) and check == SUM
    blank_only = all(not f.item.printed for f in failures)
    severity = Severity.WARNING if consequence or cause == EXTRACTION or blank_only else Severity.ERROR
    message = _message(ctx, failures) + (f"; {evidence}" if evidence else "")
    return make(
        check, severity, message, first.item, expected=first.expected, actual=first.actual, cause=cause
    )


def table_findings(ctx: Context, table: Table) -> list[Finding]:
    items = ctx.items_of(table)
    by_row: dict[tuple[str, int], list[Failure]] = defaultdict(list)
    for group in groups_of(items).values():
        runs = code_runs(group)
        failures = [f for k, run in enumerate(runs) for f in code_failures(run, _rows_of(items, runs, k))]
        for f in failures:
            by_row[(SUM, f.item.row)].append(f)
        total = total_failure(group, failures, runs)
        if total is not None:
            by_row[(TOTAL, total.item.row)].append(total)
    return [_row_finding(ctx, check, fs) for (check, _), fs in sorted(by_row.items(), key=_order)]


def _order(entry: tuple[tuple[str, int], list[Failure]]) -> tuple[int, str]:
    (check, row), _ = entry
    return (row, check)


def check_hierarchy(ctx: Context) -> list[Finding]:
    """Every coded table, in document order."""
    return [f for table in coded_tables(ctx) for f in table_findings(ctx, table)]


__all__ = ["SUM", "TOTAL", "check_hierarchy", "table_name"]
