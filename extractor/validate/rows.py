"""Row identities: within one row, a total column equals the sum of its part columns.

=========================  ===============  ==================================================
check                      whole            parts (any one reading that adds up is accepted)
=========================  ===============  ==================================================
``row-basic-project``      total            basic + project (+ 上缴上级 / 经营 / 对附属单位补助 /
                                            单位预留机动经费); basic may be printed as 人员经费 +
                                            公用经费 columns instead
``row-personnel-operating`` total or basic  personnel + operating
``row-income-sources``     total            财政拨款 (or its fund columns) + 财政专户 + 单位资金 (or
                                            its 事业/经营/上级补助/附属上缴/其他 columns) + 结转
                                            columns + 用事业基金弥补
``row-fund-sources``       appropriation,   一般公共预算 + 政府性基金 + 国有资本经营, with or without
                           or total         the 上级…转移支付 columns (printed both ways)
=========================  ===============  ==================================================

A row is checked only when every amount it prints belongs to the identity (an unknown column
could be another part), and only when at least one part is printed. Side-by-side blocks are kept
apart by keying rows on (row, code or label).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from extractor.model import Finding, LineItem, Severity, Table
from extractor.model.tolerance import agrees, half_ulp, sum_tolerance
from extractor.validate.context import Context, fmt, make, row_name
from extractor.validate.hierarchy import measure_word

EXTRA_EXPENDITURE = ("remittance_to_superior", "operation_expenditure", "subsidy_to_subordinates", "reserve")
FUNDS = ("general_budget", "government_fund", "state_capital")
FUNDS_WITH_TRANSFERS = (
    "general_budget",
    "general_budget_transfer",
    "government_fund",
    "government_fund_transfer",
    "state_capital",
    "state_capital_transfer",
)
UNIT_PARTS = (
    "business_income",
    "operation_income",
    "superior_subsidy",
    "subordinate_remittance",
    "other_income",
)
CARRYOVER_PARTS = ("appropriation_carryover", "non_appropriation_carryover")
TAIL = ("fiscal_special_account", "business_fund")


@dataclass(frozen=True)
class Identity:
    check: str
    whole: str
    trigger: frozenset[str]
    readings: tuple[tuple[str, ...], ...]
    absent: frozenset[str] = frozenset()

    @property
    def domain(self) -> frozenset[str]:
        return frozenset({self.whole}.union(*self.readings))


def _income_readings() -> tuple[tuple[str, ...], ...]:
    appropriations: tuple[tuple[str, ...], ...] = (("appropriation",), FUNDS, FUNDS_WITH_TRANSFERS)
    units: tuple[tuple[str, ...], ...] = (("unit_funds",), UNIT_PARTS)
    carries: tuple[tuple[str, ...], ...] = (("carryover",), CARRYOVER_PARTS)
    return tuple((*a, *u, *c, *TAIL) for a in appropriations for u in units for c in carries)


IDENTITIES = (
    Identity(
        "row-basic-project",
        "total",
        frozenset({"basic", "project"}),
        (("basic", "project", *EXTRA_EXPENDITURE), ("personnel", "operating", "project", *EXTRA_EXPENDITURE)),
    ),
    Identity(
        "row-personnel-operating",
        "total",
        frozenset({"personnel", "operating"}),
        (("personnel", "operating"),),
        absent=frozenset({"basic", "project"}),
    ),
    Identity(
        "row-personnel-operating",
        "basic",
        frozenset({"personnel", "operating"}),
        (("personnel", "operating"),),
    ),
    Identity("row-fund-sources", "appropriation", frozenset(FUNDS), (FUNDS, FUNDS_WITH_TRANSFERS)),
    Identity(
        "row-fund-sources",
        "total",
        frozenset(FUNDS),
        (FUNDS, FUNDS_WITH_TRANSFERS),
        absent=frozenset({"appropriation", "unit_funds", "fiscal_special_account", *UNIT_PARTS, "carryover"}),
    ),
    Identity(
        "row-income-sources",
        "total",
        frozenset({"appropriation", "unit_funds", "fiscal_special_account", *UNIT_PARTS, "carryover"}),
        _income_readings(),
    ),
)

Row = dict[str, LineItem]


def rows_of(items: Sequence[LineItem]) -> list[Row]:
    """Items of one table by (row, code or label): the amounts of one printed row of one block."""
    rows: dict[tuple[int, str], Row] = defaultdict(dict)
    for item in items:
        rows[(item.row, item.code or item.label or "")].setdefault(item.measure, item)
    return [rows[k] for k in sorted(rows)]


def _applies(identity: Identity, row: Row) -> bool:
    """The row prints the whole and a trigger, no absent measure, and nonzero amounts only in the
    domain (the measure sets are tested first: most rows fail them)."""
    if identity.whole not in row or identity.trigger.isdisjoint(row) or not identity.absent.isdisjoint(row):
        return False
    domain = identity.domain
    return all(m in domain for m, i in row.items() if i.amount_yuan != 0)


def _reading_sum(row: Row, reading: tuple[str, ...]) -> tuple[Decimal, list[LineItem]]:
    parts = [row[m] for m in reading if m in row]
    return sum((p.amount_yuan for p in parts), Decimal(0)), parts


def row_failure(identity: Identity, row: Row) -> tuple[Decimal, list[LineItem]] | None:
    """None when some reading adds up; else the first reading's sum and parts."""
    if not _applies(identity, row):
        return None
    whole = row[identity.whole]
    first: tuple[Decimal, list[LineItem]] | None = None
    for reading in identity.readings:
        expected, parts = _reading_sum(row, reading)
        if not parts:
            continue
        tol = sum_tolerance(half_ulp(i.printed, i.unit) for i in (whole, *parts))
        if agrees(expected, whole.amount_yuan, tol):
            return None
        first = first or (expected, parts)
    return first


def _finding(
    ctx: Context, table: Table, identity: Identity, row: Row, failure: tuple[Decimal, list[LineItem]]
) -> Finding:
    # imported on a failure only: most documents have none, and the module's patterns cost start-up time
    from extractor.validate.cause import EXTRACTION, malformed_rows

    expected, parts = failure
    whole = row[identity.whole]
    names = " + ".join(measure_word(p) for p in parts)
    message = (
        f"{ctx.table_name(table.id)} row {row_name(whole)}: {measure_word(whole)} prints "
        f"{fmt(whole.amount_yuan, whole.unit)} but {names} make {fmt(expected, whole.unit)}"
    )
    bad = malformed_rows(table, [whole.row])
    cause = EXTRACTION if bad else None
    severity = Severity.WARNING if bad else Severity.ERROR
    return make(
        identity.check, severity, message, whole, expected=expected, actual=whole.amount_yuan, cause=cause
    )


def table_findings(ctx: Context, table: Table) -> list[Finding]:
    findings = []
    for row in rows_of(ctx.items_of(table)):
        for identity in IDENTITIES:
            failure = row_failure(identity, row)
            if failure is not None:
                findings.append(_finding(ctx, table, identity, row, failure))
    return findings


def check_rows(ctx: Context) -> list[Finding]:
    """Every table, every row, in document order."""
    return [f for table in ctx.result.tables for f in table_findings(ctx, table)]
