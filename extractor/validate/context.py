"""What every check needs: the extraction indexed, and the words to name tables, rows and amounts.

Messages name a table by its printed number (``表2``, ``公开表一``) or its title, a row by its code
and name or its label, and amounts in the table's own unit (``3775.20 万元``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from extractor.model import Extraction, Finding, LineItem, Prov, Severity, Table
from extractor.model.amounts import UNIT_FACTORS
from extractor.model.tolerance import half_ulp

_SPACES = re.compile(r"[\s\u3000]+")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_TABLE_NUMBER = re.compile(r"^表\s*(\d+)$")

FUNCTION_TYPES = frozenset(
    {
        "income",
        "expenditure",
        "general_budget_expenditure",
        "general_budget_project_expenditure",
        "government_fund_expenditure",
        "state_capital_expenditure",
    }
)
SUMMARY_TYPES = frozenset({"income_expenditure_summary", "appropriation_summary"})


def squeeze(text: str | None) -> str:
    """Text without spaces or markup tags, as compared (``<b>总 计</b>`` → ``总计``)."""
    text = text or ""
    if "<" in text:  # every tag starts with one
        text = _TAGS.sub("", text)
    return "".join(text.split())  # = _SPACES.sub("", text): split() cuts at what \s matches


@dataclass(frozen=True)
class Context:
    """The extraction with its line items grouped the ways the checks look them up."""

    result: Extraction
    tables: dict[str, Table] = field(default_factory=dict)
    items: dict[str, tuple[LineItem, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, result: Extraction) -> Context:
        grouped: dict[str, list[LineItem]] = defaultdict(list)
        for item in result.line_items:
            grouped[item.table].append(item)
        return cls(
            result=result,
            tables={t.id: t for t in result.tables},
            items={k: tuple(sorted(v, key=lambda i: i.row)) for k, v in grouped.items()},
        )

    def tables_of(self, *types: str) -> list[Table]:
        return [t for t in self.result.tables if t.type in types]

    def items_of(self, table: Table | str) -> tuple[LineItem, ...]:
        return self.items.get(table if isinstance(table, str) else table.id, ())

    @cached_property
    def printings(self) -> dict[tuple[str, str, str], Printing]:
        """Where each row is printed: by ``("code", code, measure)`` and by ``("label", squeezed
        label, measure)``. Built on first use (only a failed sum asks)."""
        grouped: dict[tuple[str, str, str], list[tuple[int, LineItem]]] = defaultdict(list)
        for position, table in enumerate(self.result.tables):
            for item in self.items_of(table):
                if item.code:
                    grouped[("code", item.code, item.measure)].append((position, item))
                grouped[("label", squeeze(item.label), item.measure)].append((position, item))
        return {key: Printing.of(entries) for key, entries in grouped.items()}

    def table_name(self, table_id: str) -> str:
        table = self.tables.get(table_id)
        return table_name(table) if table is not None else table_id


@dataclass(frozen=True, slots=True)
class Printing:
    """The line items printing one row (a code or a label) for one measure, sorted by amount,
    each with its table's position and its rounding half-ulp. The items printing about a given
    amount are then found by bisection, not by a scan: a long document (a 汇编 of many units)
    prints the same codes in hundreds of tables, and a scan per failed sum would be quadratic."""

    amounts: list[Decimal]
    entries: list[tuple[int, Decimal, LineItem]]
    widest: Decimal
    """The largest half-ulp among the entries."""

    @classmethod
    def of(cls, items: Sequence[tuple[int, LineItem]]) -> Printing:
        ordered = sorted(items, key=lambda entry: entry[1].amount_yuan)
        entries = [(position, half_ulp(item.printed, item.unit), item) for position, item in ordered]
        return cls([item.amount_yuan for _, item in ordered], entries, max(half for _, half, _ in entries))

    def near(self, value: Decimal, slack: Decimal) -> list[tuple[int, Decimal, LineItem]]:
        """The entries whose amount lies within their own half-ulp plus ``slack`` of ``value``,
        and maybe a few more (callers check each exactly)."""
        reach = self.widest + slack
        return self.entries[bisect_left(self.amounts, value - reach):bisect_right(self.amounts, value + reach)]


def table_name(table: Table) -> str:
    """``表2`` for ``表 2``; the printed number as is otherwise; else the title; else the id."""
    if table.number:
        number = squeeze(table.number)
        match = _TABLE_NUMBER.match(number)
        return f"表{match.group(1)}" if match else number
    return squeeze(table.title) or table.id


def row_name(item: LineItem) -> str:
    """``20604 技术与开发`` for a code row, the label otherwise."""
    if item.code:
        return f"{item.code} {squeeze(item.name)}".strip()
    return squeeze(item.label) or f"row {item.row}"


def fmt(yuan: Decimal, unit: str | None) -> str:
    """An amount in ``unit`` with at least two decimals (``39204100`` 万元 → ``3920.41 万元``)."""
    unit = unit if unit in UNIT_FACTORS else "元"
    value = yuan / UNIT_FACTORS[unit]
    text = format(value.normalize(), "f")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')} {unit}"


def unit_of(items: Iterable[LineItem]) -> str:
    """The unit the items were printed in (the first one's)."""
    for item in items:
        return item.unit
    return "万元"


def make(
    check: str,
    severity: Severity,
    message: str,
    item: LineItem | None = None,
    *,
    table: str | None = None,
    prov: Prov | None = None,
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    cause: str | None = None,
) -> Finding:
    """A finding located at ``item`` (table, row, column, provenance) unless told otherwise."""
    return Finding(
        check=check,
        severity=severity,
        message=message,
        table=table if table is not None else (item.table if item else None),
        row=item.row if item else None,
        column=(item.column or item.measure) if item else None,
        prov=prov if prov is not None else (item.prov if item else None),
        expected=expected,
        actual=actual,
        cause=cause,
    )


def total_of(items: Sequence[LineItem]) -> Decimal:
    return sum((i.amount_yuan for i in items), Decimal(0))
