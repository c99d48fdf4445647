"""The "三公" table: 合计 = 因公出国(境) + 公务接待 + 公务用车购置及运行维护; 公务用车 = 购置 + 运行维护.

The items are named by their row label (one row per item, amount columns such as 合计 / 一般公共
预算) or by their column (one row, a column per item, as in Jiangsu and Shanghai). Each amount
column (or each row) is checked on its own. Check slug: ``three-public-sum``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from extractor.model import Finding, LineItem, Severity
from extractor.model.tolerance import agrees, half_ulp, sum_tolerance
from extractor.validate.context import Context, fmt, make, squeeze

CHECK = "three-public-sum"
PART_WORDS = {
    "total": "合计",
    "outbound": "因公出国(境)费",
    "reception": "公务接待费",
    "vehicles": "公务用车购置及运行维护费",
    "purchase": "公务用车购置费",
    "operation": "公务用车运行维护费",
}
_PARTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"出国"), "outbound"),
    (re.compile(r"接待"), "reception"),
    (re.compile(r"购置及运行|购置和运行|小计"), "vehicles"),
    (re.compile(r"购置"), "purchase"),
    (re.compile(r"运行"), "operation"),
    (re.compile(r"^(?:合计|总计|三公经费|\"?三公\"?经费合计)$|三公.*合计"), "total"),
)
IDENTITIES = (
    ("total", ("outbound", "reception", "vehicles")),
    ("total", ("outbound", "reception", "purchase", "operation")),
    ("vehicles", ("purchase", "operation")),
)


def part_of(text: str | None) -> str | None:
    """Which 三公 item a label or column names (机关运行经费, printed in the same table in
    Shanghai, is none of them)."""
    t = squeeze(text).replace("“", "").replace("”", "").replace('"', "")
    if "机关运行" in t:
        return None
    for pattern, part in _PARTS:
        if pattern.search(t):
            return part
    return None


def key_and_part(item: LineItem) -> tuple[tuple[str, ...], str] | None:
    """(which amounts belong together, which item this is)."""
    part = part_of(item.label)
    if part is not None:
        return ("column", item.column or item.measure), part
    segments = (item.column or "").split("/")
    for segment in reversed(segments):
        part = part_of(segment)
        if part is not None:
            rest = "/".join(seg for seg in segments if part_of(seg) is None)
            return ("row", str(item.row), rest), part
    return None


def _applies(whole: str, names: tuple[str, ...], parts: dict[str, LineItem]) -> bool:
    """合计 is the sum of 公务用车 (小计) when printed, else of its 购置 and 运行维护."""
    return whole != "total" or ("vehicles" in names) == ("vehicles" in parts)


def _check(ctx: Context, parts: dict[str, LineItem]) -> Finding | None:
    for whole, names in IDENTITIES:
        present = [parts[n] for n in names if n in parts]
        if whole not in parts or not present or not _applies(whole, names, parts):
            continue
        total = parts[whole]
        expected = sum((p.amount_yuan for p in present), Decimal(0))
        tol = sum_tolerance(half_ulp(i.printed, i.unit) for i in (total, *present))
        if not agrees(expected, total.amount_yuan, tol):
            message = (
                f"{ctx.table_name(total.table)}: {PART_WORDS[whole]} prints {fmt(total.amount_yuan, total.unit)} "
                f"but {' + '.join(PART_WORDS[n] for n in names if n in parts)} make {fmt(expected, total.unit)}"
            )
            return make(CHECK, Severity.ERROR, message, total, expected=expected, actual=total.amount_yuan)
    return None


def table_findings(ctx: Context, items: Sequence[LineItem]) -> list[Finding]:
    groups: dict[tuple[str, ...], dict[str, LineItem]] = defaultdict(dict)
    for item in items:
        found = key_and_part(item)
        if found is not None:
            groups[found[0]].setdefault(found[1], item)
    findings = (_check(ctx, parts) for _, parts in sorted(groups.items()))
    return [f for f in findings if f is not None]


def check_three_public(ctx: Context) -> list[Finding]:
    return [f for t in ctx.tables_of("three_public_expenses") for f in table_findings(ctx, ctx.items_of(t))]
