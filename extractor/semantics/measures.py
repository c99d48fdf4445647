"""Columns → measures: the vocabulary and the header path → measure rules (layout: ``blocks``).

A *measure* names what an amount column holds. The vocabulary (``Measure``):

================================  =====================================================
slug                              printed column headers (after spaces are removed)
================================  =====================================================
``total``                         合计, 总计, 小计, 金额, 本年收入合计, 本年支出合计, 预算数 or
                                  决算数 when the block prints only one of them
``basic``                         基本支出
``project``                       项目支出, 专项业务经费支出 (Xi'an 部门综合预算)
``personnel``                     人员经费, 人员支出, 人员经费支出 (also the row 人员经费合计 of a basic-expenditure table)
``operating``                     公用经费, 公用支出, 公用经费支出 (also the row 公用经费合计)
``budget`` / ``actual``           预算数 / 决算数 where a block prints both (final accounts)
``appropriation``                 财政拨款（补助）小计, 财政拨款收入, 财政拨款
``general_budget``                一般公共预算, 一般公共预算拨款, 一般公共预算财政拨款, 一般公共预算资金
``general_budget_transfer``       上级一般公共预算安排的转移支付
``government_fund``               政府性基金预算, 政府性基金, 政府性基金预算财政拨款
``government_fund_transfer``      上级政府性基金安排的转移支付
``state_capital``                 国有资本经营预算, 国有资本经营预算财政拨款
``state_capital_transfer``        上级国有资本经营预算安排的转移支付
``fiscal_special_account``        财政专户（教育收费）, 财政专户管理资金, 财政专户核拨
``unit_funds``                    单位资金
``business_income``               事业收入
``operation_income``              事业单位经营收入, 经营收入
``superior_subsidy``              上级补助收入
``subordinate_remittance``        附属单位上缴收入
``other_income``                  其他收入, 其他资金
``carryover``                     上年结转, 上年结转结余, 上年结转和结余资金
``appropriation_carryover``       财政拨款结转
``non_appropriation_carryover``   非财政拨款结转结余, 非财政拨款结转
``business_fund``                 用事业基金弥补收支差额
``opening_balance``               年初结转和结余, 年初财政拨款结转和结余
``income``                        本年收入 (final-accounts 收入支出 tables)
``expenditure``                   本年支出 (its 合计)
``closing_balance``               年末结转和结余, 年末财政拨款结转和结余
``remittance_to_superior``        上缴上级支出
``operation_expenditure``         经营支出
``subsidy_to_subordinates``       对附属单位补助支出
``reserve``                       单位预留机动经费
``carry_forward``                 结转下年资金, 结转下年
``prior_year``                    the previous year's figure printed for comparison: a column under
                                  the earlier of two years (2025年预算数 beside 2026年预算数), 上年预算数,
                                  上年执行数
``other``                         an amount column whose header is none of the above
================================  =====================================================

When two columns of one block would get the same slug (the 财政拨款 and 非财政拨款 halves of a
上年结转结余 table), the later ones are prefixed with the slug of their distinguishing ancestor
(``non_appropriation_carryover_personnel``); a later column that nothing distinguishes is ``other``
(every measure in the output is a slug of this vocabulary or two of them; the schema enforces it).
A generic 合计/小计 directly below a source header is that source (``财政拨款/小计`` →
``appropriation``, ``本年支出/合计`` → ``expenditure``), except below the side headers of a
summary (``财政拨款收入/合计`` → ``total``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum


class Measure(StrEnum):
    TOTAL = "total"
    BASIC = "basic"
    PROJECT = "project"
    PERSONNEL = "personnel"
    OPERATING = "operating"
    BUDGET = "budget"
    ACTUAL = "actual"
    APPROPRIATION = "appropriation"
    GENERAL_BUDGET = "general_budget"
    GENERAL_BUDGET_TRANSFER = "general_budget_transfer"
    GOVERNMENT_FUND = "government_fund"
    GOVERNMENT_FUND_TRANSFER = "government_fund_transfer"
    STATE_CAPITAL = "state_capital"
    STATE_CAPITAL_TRANSFER = "state_capital_transfer"
    FISCAL_SPECIAL_ACCOUNT = "fiscal_special_account"
    UNIT_FUNDS = "unit_funds"
    BUSINESS_INCOME = "business_income"
    OPERATION_INCOME = "operation_income"
    SUPERIOR_SUBSIDY = "superior_subsidy"
    SUBORDINATE_REMITTANCE = "subordinate_remittance"
    OTHER_INCOME = "other_income"
    CARRYOVER = "carryover"
    APPROPRIATION_CARRYOVER = "appropriation_carryover"
    NON_APPROPRIATION_CARRYOVER = "non_appropriation_carryover"
    BUSINESS_FUND = "business_fund"
    OPENING_BALANCE = "opening_balance"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    CLOSING_BALANCE = "closing_balance"
    REMITTANCE_TO_SUPERIOR = "remittance_to_superior"
    OPERATION_EXPENDITURE = "operation_expenditure"
    SUBSIDY_TO_SUBORDINATES = "subsidy_to_subordinates"
    RESERVE = "reserve"
    CARRY_FORWARD = "carry_forward"
    PRIOR_YEAR = "prior_year"
    OTHER = "other"


# Exact segment texts (normalized: no spaces, half-width brackets, no trailing 数).
_EXACT: dict[str, Measure] = {
    **dict.fromkeys(
        (
            "合计",
            "总计",
            "小计",
            "金额",
            "本年收入合计",
            "本年支出合计",
            "收入合计",
            "支出合计",
            "预算金额",
            "全年预算",
        ),
        Measure.TOTAL,
    ),
    "基本支出": Measure.BASIC,
    "项目支出": Measure.PROJECT,
    **dict.fromkeys(("人员经费", "人员支出", "人员经费支出"), Measure.PERSONNEL),
    **dict.fromkeys(("公用经费", "公用支出", "公用经费支出"), Measure.OPERATING),
    **dict.fromkeys(("专项业务经费支出", "专项业务经费"), Measure.PROJECT),
    "预算": Measure.BUDGET,
    "决算": Measure.ACTUAL,
    **dict.fromkeys(
        ("财政拨款(补助)", "财政拨款收入", "财政拨款", "财政拨款(补助)资金"), Measure.APPROPRIATION
    ),
    **dict.fromkeys(
        (
            "一般公共预算",
            "一般公共预算拨款",
            "一般公共预算财政拨款",
            "一般公共预算资金",
            "公共财政拨款(补助)资金",
        ),
        Measure.GENERAL_BUDGET,
    ),
    **dict.fromkeys(
        ("政府性基金预算", "政府性基金", "政府性基金预算拨款", "政府性基金预算财政拨款"),
        Measure.GOVERNMENT_FUND,
    ),
    **dict.fromkeys(
        ("国有资本经营预算", "国有资本经营预算拨款", "国有资本经营预算财政拨款", "国有资本经营"),
        Measure.STATE_CAPITAL,
    ),
    **dict.fromkeys(
        ("财政专户(教育收费)", "财政专户管理资金", "财政专户核拨", "财政专户"), Measure.FISCAL_SPECIAL_ACCOUNT
    ),
    "单位资金": Measure.UNIT_FUNDS,
    "事业收入": Measure.BUSINESS_INCOME,
    **dict.fromkeys(("事业单位经营收入", "经营收入"), Measure.OPERATION_INCOME),
    "上级补助收入": Measure.SUPERIOR_SUBSIDY,
    "附属单位上缴收入": Measure.SUBORDINATE_REMITTANCE,
    **dict.fromkeys(("其他收入", "其他资金"), Measure.OTHER_INCOME),
    **dict.fromkeys(
        ("上年结转", "上年结转结余", "上年结转和结余", "上年结转和结余资金", "上年结转资金"),
        Measure.CARRYOVER,
    ),
    **dict.fromkeys(("财政拨款结转", "财政拨款结转结余"), Measure.APPROPRIATION_CARRYOVER),
    **dict.fromkeys(
        ("非财政拨款结转结余", "非财政拨款结转", "非财政拨款"), Measure.NON_APPROPRIATION_CARRYOVER
    ),
    "用事业基金弥补收支差额": Measure.BUSINESS_FUND,
    **dict.fromkeys(("年初结转和结余", "年初财政拨款结转和结余"), Measure.OPENING_BALANCE),
    "本年收入": Measure.INCOME,
    "本年支出": Measure.EXPENDITURE,
    **dict.fromkeys(("年末结转和结余", "年末财政拨款结转和结余"), Measure.CLOSING_BALANCE),
    "上缴上级支出": Measure.REMITTANCE_TO_SUPERIOR,
    "经营支出": Measure.OPERATION_EXPENDITURE,
    "对附属单位补助支出": Measure.SUBSIDY_TO_SUBORDINATES,
    "单位预留机动经费": Measure.RESERVE,
    **dict.fromkeys(("结转下年资金", "结转下年"), Measure.CARRY_FORWARD),
}
_TRANSFERS: tuple[tuple[str, Measure], ...] = (
    ("一般公共预算", Measure.GENERAL_BUDGET_TRANSFER),
    ("政府性基金", Measure.GOVERNMENT_FUND_TRANSFER),
    ("国有资本经营", Measure.STATE_CAPITAL_TRANSFER),
)
_GENERIC_TOTALS = frozenset({"合计", "小计", "总计"})
# Parents that a generic 合计/小计 below them stands for (财政拨款/小计 → appropriation).
_ABSORBING = frozenset(Measure) - {Measure.TOTAL, Measure.BUDGET, Measure.ACTUAL, Measure.OTHER}
# Side headers of summary tables: a 合计 below them is the side's total, not a source.
_SIDE_HEADERS = frozenset({"财政拨款收入", "财政拨款支出", "收入", "支出"})
_SPACES_OR_TAGS = re.compile(r"\s+|<[^>]+>")
_TRAILING_SHU = re.compile(r"(?<=[算支])数$")
_YEAR_PREFIX = re.compile(r"^(?:\d{4}年|本年度?|当年)(?=预算|决算)")


def normalize_segment(text: str) -> str:
    """A header segment as matched: no spaces/markup, half-width brackets, 预算数 → 预算."""
    # without a "<" no tag matches: only \s+ is removed, as split() does
    text = _SPACES_OR_TAGS.sub("", text) if "<" in text else "".join(text.split())
    text = text.replace("（", "(").replace("）", ")")
    text = _YEAR_PREFIX.sub("", text)
    return _TRAILING_SHU.sub("", text)


def segment_measure(segment: str) -> Measure | None:
    """The measure one header segment names, or None."""
    seg = normalize_segment(segment)
    if seg in _EXACT:
        return _EXACT[seg]
    if "转移支付" in seg and seg.startswith("上级"):
        return next((m for key, m in _TRANSFERS if key in seg), None)
    for suffix in ("小计", "合计"):
        if seg.endswith(suffix) and len(seg) > len(suffix):
            inner = segment_measure(seg[: -len(suffix)])
            if inner is not None:
                return Measure.TOTAL if inner in (Measure.INCOME, Measure.EXPENDITURE) else inner
    if seg.startswith("机关运行经费"):
        return Measure.TOTAL
    return None


def column_measure(path: str) -> Measure | None:
    """The measure of a flattened header path (``'财政拨款(补助)/小计'`` → appropriation)."""
    segments = [s for s in path.split("/") if s.strip()]
    if not segments:
        return None
    last = segment_measure(segments[-1])
    if last is None:
        return None
    if last is Measure.TOTAL and normalize_segment(segments[-1]) in _GENERIC_TOTALS and len(segments) > 1:
        parent = segment_measure(segments[-2])
        if parent in _ABSORBING and normalize_segment(segments[-2]) not in _SIDE_HEADERS:
            return parent
    return last


_YEAR = re.compile(r"((?:19|20)\d{2})年")
_PRIOR = re.compile(r"^上年(?:预算|执行|决算)")


def prior_year_columns(paths: Sequence[str]) -> set[int]:
    """Columns of the previous year printed for comparison: under the earlier of two years
    (``2025年预算数`` beside ``2026年预算数/总计``), or headed 上年预算数 / 上年执行数."""
    years = {i: int(m.group(1)) for i, p in enumerate(paths) if (m := _YEAR.search(p.split("/")[0]))}
    prior = {i for i, p in enumerate(paths) if _PRIOR.match(normalize_segment(p.split("/")[0]))}
    if len(set(years.values())) >= 2:
        latest = max(years.values())
        prior |= {i for i, year in years.items() if year < latest}
    return prior


def resolve_measures(paths: Sequence[str]) -> list[str]:
    """Measures for the amount columns of one block, made unique and budget/actual resolved."""
    prior = prior_year_columns(paths)
    found = [Measure.PRIOR_YEAR if i in prior else column_measure(p) for i, p in enumerate(paths)]
    has_budget = Measure.BUDGET in found
    has_actual = Measure.ACTUAL in found
    slugs: list[str] = []
    for measure in found:
        if measure in (Measure.BUDGET, Measure.ACTUAL) and not (has_budget and has_actual):
            measure = Measure.TOTAL
        slugs.append((measure or Measure.OTHER).value)
    return _make_unique(paths, slugs)


def _make_unique(paths: Sequence[str], slugs: list[str]) -> list[str]:
    seen: set[str] = set()
    unique: list[str] = []
    for path, slug in zip(paths, slugs, strict=True):
        if slug in seen:
            qualifier = _qualifier(path, slug)
            # nothing tells the two columns apart: the later one is "other" (never a made-up slug)
            slug = f"{qualifier}_{slug}" if qualifier else Measure.OTHER.value
        seen.add(slug)
        unique.append(slug)
    return unique


def _qualifier(path: str, slug: str) -> str | None:
    for segment in path.split("/")[:-1]:
        measure = segment_measure(segment)
        if measure is not None and measure.value != slug:
            return measure.value
    return None


MAX_CUT = 3
"""The most characters of a header word a converter moves into the neighbouring cell."""


def mend_cut_words(paths: Sequence[str]) -> tuple[str, ...]:
    """Column paths with header words cut across neighbouring cells made whole again: a converter
    printed ``公用经费支出专 | 项业务经费支出`` for ``公用经费支出 | 专项业务经费支出``. When
    neither of two neighbouring last segments names a measure and moving one to
    :data:`MAX_CUT` characters across the cut makes both name one, they are moved."""
    out = list(paths)
    for j in range(len(out) - 1):
        left, right = out[j].rsplit("/", 1), out[j + 1].rsplit("/", 1)
        a, b = left[-1], right[-1]
        if not a or not b or segment_measure(a) is not None or segment_measure(b) is not None:
            continue
        for k in range(1, MAX_CUT + 1):
            moved = [(a[:-k], a[-k:] + b)] if k < len(a) else []
            moved += [(a + b[:k], b[k:])] if k < len(b) else []
            fit = [(x, y) for x, y in moved if segment_measure(x) is not None and segment_measure(y) is not None]
            if len(fit) == 1:
                out[j] = "/".join([*left[:-1], fit[0][0]])
                out[j + 1] = "/".join([*right[:-1], fit[0][1]])
                break
    return tuple(out)
