"""Validation: checks that return findings as data; they never raise and never edit the data.

:func:`validate` runs every check family in a fixed order and returns their findings in that
order, each family's in document order. One wrong cell breaks several identities (its 款 sum, its row's
income columns …); only the first finding on a cell stays an error, later ones on the same cell
become warnings that say so. Tolerances are stated in :mod:`.tolerance`; causes in :mod:`.cause`.

=============================  ========  ==============================================================
check                          severity  what
=============================  ========  ==============================================================
``table-missing``              error     a mandatory table (the nine of DOMAIN.md) is absent (warning
                                         before 2020, or when an untyped table may be it)
``tables-absent``              info      the document has no tables (narrative published apart)
``toc-table-missing``          error     a table the 目录 promises is not in the body
``table-unit-missing``         warning   a standard table prints amounts but no 单位
``table-empty``                info      a table declared empty (with its note)
``code-unknown``               warning   a code in no code list
``code-name-mismatch``         warning   a printed name not accepted for its code
``code-name-inconsistent``     warning   one code named differently in different tables
``hierarchy-sum``              error     类 ≠ Σ款 or 款 ≠ Σ项 beyond rounding (warning when it only follows
                                         from a failing child, or the parent prints nothing)
``hierarchy-total``            error     a table's 总计 ≠ Σ its top-level code rows
``row-basic-project``          error     合计 ≠ 基本支出 + 项目支出 (+ the other spending columns)
``row-personnel-operating``    error     合计 (or 基本支出) ≠ 人员经费 + 公用经费
``row-income-sources``         error     a row's 总计 ≠ the sum of its income-source columns
``row-fund-sources``           error     财政拨款 (or 合计) ≠ 一般公共预算 + 政府性基金 + 国有资本经营
``summary-balance``            error     收入总计 ≠ 支出总计 in a summary table
``summary-income-total``       error     收入总计 ≠ Σ its numbered income rows (warning if unnumbered)
``summary-expenditure-total``  error     支出总计 ≠ Σ 类 rows (+ 年末结转)
``cross-grand-total``          error     收入总表 / 支出总表 totals ≠ the 收支总表's
``cross-appropriation``        error     财政拨款收支总表 支出 ≠ 一般公共预算 + 政府性基金 + 国有资本经营 tables
``cross-basic``                error     基本支出表 total ≠ 一般公共预算支出表 基本支出 total
``three-public-sum``           error     三公 合计 ≠ its parts; 公务用车 ≠ 购置 + 运行维护
``narrative-total``            error     a total stated in the narrative matches no table (warning when
                                         within one more printed unit)
``narrative-code-amount``      error     an amount given for a code matches no table row of that code
``narrative-code-missing``     error     the narrative gives an amount for a code no table prints
``narrative-three-public``     error     三公 amounts in the narrative ≠ the 三公 table
``narrative-office-operation`` error     机关运行经费 in the narrative ≠ its table
``narrative-procurement-sum``  error     政府采购 total ≠ 货物 + 工程 + 服务
``narrative-change-rate``      error     增加 X, 增长 Y%: Y ≠ X / (current − X); growth from a zero base;
                                         ``A年执行数 a, B年预算 b, 增加 Y%``: Y ≠ (b − a) / a (warning
                                         within one printed unit)
``narrative-share``            error     占 Z% ≠ amount / base (warning within one printed unit)
``narrative-share-sum``        warning   the shares of a complete breakdown do not add to 100%
``narrative-amount-restated``  error     an item's heading amount ≠ its ``…年预算安排`` amount below
``template-placeholder``       warning   XX局, XX年, ××, 增长（下降） left in
``year-mismatch``              warning   headings, comparisons (比2026年 in a 2026 budget), 截至 dates,
                                         实施周期 in the wrong year
``entity-name-variant``        warning   the entity is named differently in different places
``comparison-contradiction``   warning   增加 with a negative, 持平 with different amounts, 决算数大于
                                         预算数 when smaller
``validator-error``            info      a check could not run on this data (a bug to report)
``ocr-digit-corrected``        info      an amount read by OCR was corrected: which digits changed (3/8,
                                         1/7, 0/6 …, a lost or misplaced decimal point, a ruling read as
                                         1) and which failing identities the corrected reading closes
                                         (:mod:`extractor.correct.ocr_digits`, before the checks run)
=============================  ========  ==============================================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from extractor.model import Extraction, Finding, Severity
from extractor.validate.context import Context
from extractor.validate.cross_tables import check_cross_tables
from extractor.validate.hierarchy import check_hierarchy
from extractor.validate.hygiene import check_hygiene
from extractor.validate.narrative import check_narrative
from extractor.validate.presence import check_presence
from extractor.validate.rates import check_rates
from extractor.validate.rows import check_rows
from extractor.validate.summary import check_summaries
from extractor.validate.three_public import check_three_public

Check = Callable[[Context], list[Finding]]


def check_narrative_rates(ctx: Context) -> list[Finding]:
    return check_rates(ctx.result.facts, ctx.result.sections)


CHECKS: tuple[Check, ...] = (
    check_presence,
    check_hierarchy,
    check_rows,
    check_summaries,
    check_cross_tables,
    check_three_public,
    check_narrative,
    check_narrative_rates,
    check_hygiene,
)


def one_error_per_cell(findings: Sequence[Finding]) -> list[Finding]:
    """Later errors on a cell already in error become warnings naming the first check."""
    first: dict[tuple[str, int, str], str] = {}
    out = []
    for finding in findings:
        key = (finding.table or "", finding.row if finding.row is not None else -1, finding.column or "")
        if finding.severity is Severity.ERROR and finding.table is not None and finding.row is not None:
            if key in first:
                finding = replace(
                    finding,
                    severity=Severity.WARNING,
                    message=f"{finding.message} (same cell as {first[key]})",
                )
            else:
                first[key] = finding.check
        out.append(finding)
    return out


def _safe(check: Check, ctx: Context) -> list[Finding]:
    """A check that fails on odd data yields an info finding instead of stopping validation."""
    try:
        return check(ctx)
    except Exception as err:  # validation must never raise on bad data
        name = getattr(check, "__name__", "check")
        return [
            Finding("validator-error", Severity.INFO, f"{name} could not run: {type(err).__name__}: {err}")
        ]


def validate(result: Extraction) -> tuple[Finding, ...]:
    """Every check on one extraction, in a deterministic order."""
    ctx = Context.of(result)
    findings = [f for check in CHECKS for f in _safe(check, ctx)]
    return tuple(one_error_per_cell(findings))


__all__ = ["CHECKS", "validate"]
