"""The narrative against the tables: totals, per-code amounts, 三公, 机关运行经费, 政府采购.

- ``narrative-total``: a total the narrative states (收支总预算, 一般公共预算, 基本支出 …, see the
  ``total`` labels of :mod:`extractor.semantics.fact_subjects`) agrees with at least one table
  printing that total. Documents restate one total from several tables; one match is enough.
- ``narrative-code-amount``: an amount given for a classification code (``科学技术支出（206 类）
  3890.91 万元``) agrees with at least one table row of that code.
- ``narrative-code-missing``: the narrative gives a non-zero amount for a code that no table
  prints an amount for (while the tables do print codes).
- ``narrative-three-public``: 三公 amounts agree with the 三公 table (an empty table is 0).
- ``narrative-office-operation``: 机关运行经费 agrees with the 机关运行经费 table, when there is one.
- ``narrative-procurement-sum``: 政府采购 total = 货物 + 工程 + 服务 when all are stated.

A difference within the rounding of both numbers passes; within one more printed unit it is a
warning (a near miss); beyond, an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from extractor.model import Fact, Finding, LineItem, Severity
from extractor.model.amounts import to_yuan
from extractor.model.tolerance import ZERO, half_ulp, narrative_half_ulp
from extractor.validate.context import Context, fmt, make, squeeze, table_name
from extractor.validate.cross_tables import table_total
from extractor.validate.hierarchy import valid_code
from extractor.validate.rates import value, where
from extractor.validate.three_public import part_of

TOTAL = "narrative-total"
CODE_AMOUNT = "narrative-code-amount"
CODE_MISSING = "narrative-code-missing"
THREE_PUBLIC = "narrative-three-public"
OFFICE = "narrative-office-operation"
PROCUREMENT = "narrative-procurement-sum"

_ITEM_NAME = re.compile(r"([^（）()：:，,]+?)\s*[（(]\s*\d*\s*项\s*[)）]")
THREE_PUBLIC_PARTS = {
    "total": "total",
    "outbound_travel": "outbound",
    "reception": "reception",
    "vehicles": "vehicles",
    "vehicle_purchase": "purchase",
    "vehicle_operation": "operation",
}


@dataclass(frozen=True)
class Candidate:
    """A table value the narrative may be restating."""

    value: Decimal
    half: Decimal
    where: str
    kind: str = "other"


def _item_candidate(ctx: Context, item: LineItem) -> Candidate:
    return Candidate(
        item.amount_yuan, half_ulp(item.printed, item.unit), ctx.table_name(item.table), item.table_type
    )


def _labelled(ctx: Context, types: Iterable[str], pattern: str, measure: str = "total") -> list[Candidate]:
    regex = re.compile(pattern)
    out = []
    for table in ctx.tables_of(*types):
        for item in ctx.items_of(table):
            if not item.code and item.measure == measure and regex.search(squeeze(item.label)):
                out.append(_item_candidate(ctx, item))
    return out


def _totals(ctx: Context, types: Iterable[str], measure: str = "total") -> list[Candidate]:
    out = []
    for table in ctx.tables_of(*types):
        amount = table_total(ctx, table, measure)
        if amount is not None and (amount.item is not None or table.empty):
            out.append(Candidate(amount.value, amount.half, table_name(table), table.type))
    return out


SPENDING = ("expenditure", "general_budget_expenditure")


def total_candidates(ctx: Context, label: str) -> list[Candidate]:
    """The table values a narrative total with ``label`` may restate (only ``label``'s are looked up)."""
    summary = ("income_expenditure_summary",)
    approp = ("appropriation_summary",)
    table: dict[str, Callable[[], list[Candidate]]] = {
        "income_expenditure_total": lambda: _labelled(ctx, summary, r"^(?:收入|支出)总计$")
        + _totals(ctx, ("income", "expenditure")),
        "income_total": lambda: _labelled(ctx, summary, r"收入(?:总计|合计)$") + _totals(ctx, ("income",)),
        "expenditure_total": lambda: _labelled(ctx, summary, r"支出(?:总计|合计)$") + _totals(ctx, ("expenditure",)),
        "appropriation_total": lambda: _labelled(ctx, approp, r"(?:收入|支出)(?:总计|合计)$"),
        "appropriation_income": lambda: _labelled(ctx, approp, r"收入(?:总计|合计)$|财政拨款"),
        "appropriation_expenditure": lambda: _labelled(ctx, approp, r"支出(?:总计|合计)$"),
        "general_budget_total": lambda: _totals(ctx, ("general_budget_expenditure",))
        + _labelled(ctx, (*summary, *approp), r"一般公共预算")
        + _labelled(ctx, approp, r"支出(?:总计|合计)$", "general_budget"),
        "government_fund_total": lambda: _totals(ctx, ("government_fund_expenditure",))
        + _labelled(ctx, (*summary, *approp), r"政府性基金"),
        "state_capital_total": lambda: _totals(ctx, ("state_capital_expenditure",))
        + _labelled(ctx, (*summary, *approp), r"国有资本经营"),
        "basic": lambda: _totals(ctx, SPENDING, "basic") + _totals(ctx, ("general_budget_basic_expenditure",)),
        "project": lambda: _totals(ctx, SPENDING, "project") + _totals(ctx, ("general_budget_project_expenditure",)),
        "personnel": lambda: _totals(ctx, ("general_budget_basic_expenditure",), "personnel"),
        "operating": lambda: _totals(ctx, ("general_budget_basic_expenditure",), "operating"),
    }
    build = table.get(label)
    return build() if build is not None else []


def _closest(fact: Fact, candidates: Sequence[Candidate]) -> tuple[Decimal, Candidate] | None:
    """The smallest excess of the difference over the rounding of both, and its candidate."""
    if fact.amount_yuan is None or not candidates:
        return None
    own = narrative_half_ulp(fact.printed, fact.unit, fact.amount_yuan)
    scored = [(max(ZERO, abs(fact.amount_yuan - c.value) - own - c.half), c) for c in candidates]
    return min(scored, key=lambda s: s[0])


REQUIRED: dict[str, tuple[str, ...]] = {
    "income_expenditure_total": ("income_expenditure_summary",),
    "appropriation_total": ("appropriation_summary",),
    "appropriation_income": ("appropriation_summary",),
    "appropriation_expenditure": ("appropriation_summary",),
    "general_budget_total": ("general_budget_expenditure",),
    "government_fund_total": ("government_fund_expenditure",),
    "state_capital_total": ("state_capital_expenditure",),
    "basic": ("expenditure", "general_budget_expenditure", "general_budget_basic_expenditure"),
    "project": ("expenditure", "general_budget_expenditure"),
    "personnel": ("general_budget_basic_expenditure",),
    "operating": ("general_budget_basic_expenditure",),
    "code": ("expenditure", "general_budget_expenditure"),
    "three_public": ("three_public_expenses",),
    "office_operation": ("office_operation",),
}
"""The tables that must all have offered a value before a mismatch is an error: with one
missing (or its total not found), the matching value may simply be in the table not read. Labels not listed (``income_total``,
``expenditure_total``: catch-alls for any 收入/支出 total) never make errors."""
PART_RATIO = Decimal("0.5")


def _trusted(ctx: Context, key: str, fact: Fact, candidates: Sequence[Candidate]) -> bool:
    """Whether a mismatch for this fact may be an error: its tables are all there, and it is not
    so much smaller than every candidate that it is more likely a part mislabelled as the total."""
    types = REQUIRED.get(key)
    kinds = {c.kind for c in candidates}
    if types is None or any(t not in kinds for t in types):
        return False
    smallest = min((c.value for c in candidates), default=ZERO)
    return fact.amount_yuan is not None and fact.amount_yuan >= smallest * PART_RATIO


_MONEY = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|千元|元)")


def _sentence_agrees(fact: Fact, candidates: Sequence[Candidate]) -> bool:
    """Whether any amount of the fact's sentence matches a candidate: the sentence then states
    the table's value, and the fact may have taken another of its amounts (预算 beside 决算)."""
    for number, unit in _MONEY.findall(fact.sentence):
        value = to_yuan(Decimal(number.replace(",", "")), unit)
        half = half_ulp(number, unit)
        if any(abs(value - c.value) <= half + c.half for c in candidates):
            return True
    return False


def _compare(
    ctx: Context, check: str, fact: Fact, what: str, candidates: Sequence[Candidate], key: str
) -> Finding | None:
    closest = _closest(fact, candidates)
    if closest is None or closest[0] == 0 or fact.amount_yuan is None or _sentence_agrees(fact, candidates):
        return None
    excess, candidate = closest
    unit = fact.unit or "万元"
    near = excess <= 2 * half_ulp(None, unit)
    severity = Severity.ERROR if not near and _trusted(ctx, key, fact, candidates) else Severity.WARNING
    tables = ", ".join(sorted({c.where for c in candidates if c.value == candidate.value}))
    message = (
        f"{where(fact, ctx.result.sections)}: {what} {fmt(fact.amount_yuan, unit)} but {tables} "
        f"print{'s' if ',' not in tables else ''} {fmt(candidate.value, unit)}"
    )
    return make(check, severity, message, prov=fact.prov, expected=candidate.value, actual=fact.amount_yuan)


def total_findings(ctx: Context, fact: Fact) -> Finding | None:
    if fact.kind != "total" or fact.label is None or value(fact, "code"):
        return None
    return _compare(ctx, TOTAL, fact, f"{fact.label} is", total_candidates(ctx, fact.label), fact.label)


def resolve_code(ctx: Context, fact: Fact) -> str | None:
    """The code a fact is about: given, or the 项 named in its subject when one table row bears that name."""
    code = value(fact, "code")
    if code:
        return code
    names = _ITEM_NAME.findall(value(fact, "subject") or fact.label or "")
    if not names:
        return None
    wanted = squeeze(names[-1])
    codes = {
        i.code for i in ctx.result.line_items if i.code and len(i.code) == 7 and squeeze(i.name) == wanted
    }
    return codes.pop() if len(codes) == 1 else None


_ROW_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．])")


def _class_rows(ctx: Context, code: str) -> list[Candidate]:
    """The rows of the summary tables that name a 类 without its code (财政拨款收支总表:
    ``(一)一般公共服务支出 15,291.30``): a narrative describing that table restates them."""
    if len(code) != 3:
        return []
    from extractor.semantics.codelists import reference_name

    wanted = squeeze(reference_name(code))
    if not wanted:
        return []
    return [
        _item_candidate(ctx, i)
        for i in ctx.result.line_items
        if i.table_type in ("income_expenditure_summary", "appropriation_summary")
        and not i.code
        and i.measure == "total"
        and _ROW_NUMBER.sub("", squeeze(i.label)) == wanted
    ]


def code_findings(ctx: Context, fact: Fact) -> Finding | None:
    code = resolve_code(ctx, fact)
    if code is None or fact.amount_yuan is None or fact.kind in ("change", "share"):
        return None
    items = [i for i in ctx.result.line_items if i.code == code]
    name = value(fact, "name") or next((squeeze(i.name) for i in items if i.name), "")
    if items:
        candidates = [_item_candidate(ctx, i) for i in items] + _class_rows(ctx, code)
        return _compare(ctx, CODE_AMOUNT, fact, f"gives {code} {name}", candidates, "code")
    coded = any(valid_code(i.code) and (i.code or "").startswith("2") for i in ctx.result.line_items)
    if not coded or fact.amount_yuan == 0:
        return None
    message = f"{where(fact, ctx.result.sections)}: gives {code} {name} {fmt(fact.amount_yuan, fact.unit or '万元')} but no table prints an amount for {code}"
    return make(CODE_MISSING, Severity.ERROR, message, prov=fact.prov, actual=fact.amount_yuan)


def three_public_candidates(ctx: Context, label: str) -> list[Candidate]:
    part = THREE_PUBLIC_PARTS.get(label)
    out = []
    for table in ctx.tables_of("three_public_expenses"):
        items = ctx.items_of(table)
        if not items and table.empty:
            out.append(Candidate(ZERO, ZERO, table_name(table), table.type))
        for item in items:
            if part_of(item.label) == part or (not item.label and part_of(item.column) == part):
                out.append(_item_candidate(ctx, item))
    return out


def other_findings(ctx: Context, fact: Fact) -> Finding | None:
    if fact.kind == "three_public" and fact.label:
        return _compare(
            ctx,
            THREE_PUBLIC,
            fact,
            f"三公 {fact.label} is",
            three_public_candidates(ctx, fact.label),
            "three_public",
        )
    if fact.kind == "office_operation":
        return _compare(
            ctx, OFFICE, fact, "机关运行经费 is", _totals(ctx, ("office_operation",)), "office_operation"
        )
    return None


def procurement_findings(ctx: Context, facts: Sequence[Fact]) -> list[Finding]:
    by_label = {f.label: f for f in facts if f.kind == "procurement" and f.amount_yuan is not None}
    total, parts = by_label.get("total"), [by_label.get(k) for k in ("goods", "works", "services")]
    present = [p for p in parts if p is not None]
    if total is None or total.amount_yuan is None or len(present) < 2:
        return []
    expected = sum((p.amount_yuan or ZERO for p in present), ZERO)
    tol = sum((half_ulp(p.printed, p.unit, p.amount_yuan) for p in (total, *present)), ZERO)
    if abs(expected - total.amount_yuan) <= tol:
        return []
    unit = total.unit or "万元"
    message = f"{where(total, ctx.result.sections)}: 政府采购 {fmt(total.amount_yuan, unit)} but 货物 + 工程 + 服务 make {fmt(expected, unit)}"
    return [
        make(
            PROCUREMENT, Severity.ERROR, message, prov=total.prov, expected=expected, actual=total.amount_yuan
        )
    ]


def check_narrative(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for fact in ctx.result.facts:
        for check in (total_findings, code_findings, other_findings):
            found = check(ctx, fact)
            if found is not None:
                findings.append(found)
    return findings + procurement_findings(ctx, ctx.result.facts)
