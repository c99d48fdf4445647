"""Two pictures of a document, as inline SVG built from its line items.

- expenditure by function class (类): the ``total`` of each 类 row of the 支出总表 (or, when
  there is none, of the 一般公共预算支出表);
- basic expenditure by economic class (款): the ``total`` of each 款 row of the 一般公共预算基本
  支出表.

Horizontal bars, one per class, labelled with the code, the name and the amount as printed;
each bar's ``<title>`` (shown on hover) and its ``aria-label`` give the exact amount in yuan.
Every text is escaped. Amounts are decimals; only the bar lengths are rounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

FUNCTION_TABLES = ("expenditure", "general_budget_expenditure")
BASIC_TABLE = "general_budget_basic_expenditure"
WIDTH = 640
BAR_H = 20
GAP = 6
LABEL_W = 250
VALUE_W = 130


@dataclass(frozen=True, slots=True)
class Bar:
    code: str
    name: str
    amount: Decimal
    printed: str
    unit: str
    anchor: str
    """The id of the table cell the amount was read from."""


def group_digits(amount: str) -> str:
    """``"39204100.5"`` → ``"39,204,100.5"`` (the exact decimal, thousands separated)."""
    sign = "-" if amount.startswith("-") else ""
    whole, dot, frac = amount.lstrip("-").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ",".join(groups) + (dot + frac)


def _bars(items: Sequence[Mapping[str, Any]], table_types: Sequence[str], classification: str,
          level: str, cell_id: Any) -> tuple[list[Bar], str | None]:
    for table_type in table_types:
        bars: list[Bar] = []
        seen: set[str] = set()
        table = None
        for item in items:
            if (item.get("table_type") != table_type or item.get("classification") != classification
                    or item.get("level") != level or item.get("measure") != "total"):
                continue
            if table is None:
                table = item.get("table")
            if item.get("table") != table or not item.get("code") or item["code"] in seen:
                continue
            try:
                amount = Decimal(str(item.get("amount_yuan")))
            except InvalidOperation:
                continue
            seen.add(item["code"])
            bars.append(Bar(str(item["code"]), str(item.get("name") or ""), amount,
                            str(item.get("printed") or ""), str(item.get("unit") or ""),
                            cell_id(item)))
        if bars:
            return bars, table
    return [], None


def function_bars(items: Sequence[Mapping[str, Any]], cell_id: Any) -> tuple[list[Bar], str | None]:
    """Expenditure by function class (类), and the table it was read from."""
    return _bars(items, FUNCTION_TABLES, "functional", "类", cell_id)


def economic_bars(items: Sequence[Mapping[str, Any]], cell_id: Any) -> tuple[list[Bar], str | None]:
    """Basic expenditure by economic class (款), and the table it was read from."""
    return _bars(items, (BASIC_TABLE,), "economic", "款", cell_id)


def bar_chart(bars: Sequence[Bar], title: str, chart_id: str) -> str:
    """An SVG bar chart (largest bar full width); an explanatory line when there are no bars."""
    if not bars:
        return f'<p class="muted">{escape(title)}: no line items to draw.</p>'
    top = max((b.amount for b in bars), default=Decimal(0))
    span = WIDTH - LABEL_W - VALUE_W
    height = len(bars) * (BAR_H + GAP) + GAP
    out = [
        f'<svg id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    for i, bar in enumerate(bars):
        y = GAP + i * (BAR_H + GAP)
        length = 0 if top <= 0 or bar.amount <= 0 else max(1, round(float(bar.amount / top) * span))
        exact = f"{bar.code} {bar.name}: {group_digits(str(bar.amount))} 元 (printed {bar.printed} {bar.unit})"
        label = f"{bar.code} {bar.name}"
        if len(label) > 15:
            label = label[:14] + "…"
        out.append(
            f'<g tabindex="0" aria-label="{escape(exact)}"><title>{escape(exact)}</title>'
            f'<text x="{LABEL_W - 6}" y="{y + BAR_H - 5}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="bar" x="{LABEL_W}" y="{y}" width="{length}" height="{BAR_H}"/>'
            f'<text class="num" x="{LABEL_W + length + 4}" y="{y + BAR_H - 5}">{escape(bar.printed)}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
