"""Columns → measures, and side-by-side tables → blocks.

A *measure* names what an amount column holds. The vocabulary (``Measure``):

================================  =====================================================
slug                              printed column headers (after spaces are removed)
================================  =====================================================
``total``                         合计, 总计, 小计, 金额, 本年收入合计, 本年支出合计, 预算数 or
                                  决算数 when the block prints only one of them
``basic``                         基本支出
``project``                       项目支出
``personnel``                     人员经费 (also the row 人员经费合计 of a basic-expenditure table)
``operating``                     公用经费 (also the row 公用经费合计)
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
``other``                         an amount column whose header is none of the above
================================  =====================================================

When two columns of one block would get the same slug (the 财政拨款 and 非财政拨款 halves of a
上年结转结余 table), the later ones are prefixed with the slug of their distinguishing ancestor
(``non_appropriation_personnel``).

Side-by-side tables (项目 | 预算数 || 项目 | 预算数; Jiangsu's 收入 | 功能分类 | 支出用途; the two
code blocks of a final-accounts basic-expenditure table) are split into :class:`Block` values:
a block starts at each label or code column that follows an amount column. A block's side is
``income`` or ``expenditure`` from its header (收入 / 支出), else by position in a summary
table (first block income, the rest expenditure).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from extractor.amounts import is_amount
from extractor.model import Table
from extractor.semantics.codes import is_code, split_fused


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
    OTHER = "other"


class Role(StrEnum):
    CODE = "code"
    LABEL = "label"
    AMOUNT = "amount"


class Side(StrEnum):
    INCOME = "income"
    EXPENDITURE = "expenditure"


# Exact segment texts (normalized: no spaces, half-width brackets, no trailing 数).
_EXACT: dict[str, Measure] = {
    "合计": Measure.TOTAL,
    "总计": Measure.TOTAL,
    "小计": Measure.TOTAL,
    "金额": Measure.TOTAL,
    "本年收入合计": Measure.TOTAL,
    "本年支出合计": Measure.TOTAL,
    "收入合计": Measure.TOTAL,
    "支出合计": Measure.TOTAL,
    "预算金额": Measure.TOTAL,
    "全年预算": Measure.TOTAL,
    "基本支出": Measure.BASIC,
    "项目支出": Measure.PROJECT,
    "人员经费": Measure.PERSONNEL,
    "公用经费": Measure.OPERATING,
    "预算": Measure.BUDGET,
    "决算": Measure.ACTUAL,
    "财政拨款(补助)": Measure.APPROPRIATION,
    "财政拨款收入": Measure.APPROPRIATION,
    "财政拨款": Measure.APPROPRIATION,
    "财政拨款(补助)资金": Measure.APPROPRIATION,
    "一般公共预算": Measure.GENERAL_BUDGET,
    "一般公共预算拨款": Measure.GENERAL_BUDGET,
    "一般公共预算财政拨款": Measure.GENERAL_BUDGET,
    "一般公共预算资金": Measure.GENERAL_BUDGET,
    "公共财政拨款(补助)资金": Measure.GENERAL_BUDGET,
    "政府性基金预算": Measure.GOVERNMENT_FUND,
    "政府性基金": Measure.GOVERNMENT_FUND,
    "政府性基金预算拨款": Measure.GOVERNMENT_FUND,
    "政府性基金预算财政拨款": Measure.GOVERNMENT_FUND,
    "国有资本经营预算": Measure.STATE_CAPITAL,
    "国有资本经营预算拨款": Measure.STATE_CAPITAL,
    "国有资本经营预算财政拨款": Measure.STATE_CAPITAL,
    "国有资本经营": Measure.STATE_CAPITAL,
    "财政专户(教育收费)": Measure.FISCAL_SPECIAL_ACCOUNT,
    "财政专户管理资金": Measure.FISCAL_SPECIAL_ACCOUNT,
    "财政专户核拨": Measure.FISCAL_SPECIAL_ACCOUNT,
    "财政专户": Measure.FISCAL_SPECIAL_ACCOUNT,
    "单位资金": Measure.UNIT_FUNDS,
    "事业收入": Measure.BUSINESS_INCOME,
    "事业单位经营收入": Measure.OPERATION_INCOME,
    "经营收入": Measure.OPERATION_INCOME,
    "上级补助收入": Measure.SUPERIOR_SUBSIDY,
    "附属单位上缴收入": Measure.SUBORDINATE_REMITTANCE,
    "其他收入": Measure.OTHER_INCOME,
    "其他资金": Measure.OTHER_INCOME,
    "上年结转": Measure.CARRYOVER,
    "上年结转结余": Measure.CARRYOVER,
    "上年结转和结余": Measure.CARRYOVER,
    "上年结转和结余资金": Measure.CARRYOVER,
    "上年结转资金": Measure.CARRYOVER,
    "财政拨款结转": Measure.APPROPRIATION_CARRYOVER,
    "财政拨款结转结余": Measure.APPROPRIATION_CARRYOVER,
    "非财政拨款结转结余": Measure.NON_APPROPRIATION_CARRYOVER,
    "非财政拨款结转": Measure.NON_APPROPRIATION_CARRYOVER,
    "非财政拨款": Measure.NON_APPROPRIATION_CARRYOVER,
    "用事业基金弥补收支差额": Measure.BUSINESS_FUND,
    "年初结转和结余": Measure.OPENING_BALANCE,
    "年初财政拨款结转和结余": Measure.OPENING_BALANCE,
    "本年收入": Measure.INCOME,
    "本年支出": Measure.EXPENDITURE,
    "年末结转和结余": Measure.CLOSING_BALANCE,
    "年末财政拨款结转和结余": Measure.CLOSING_BALANCE,
    "上缴上级支出": Measure.REMITTANCE_TO_SUPERIOR,
    "经营支出": Measure.OPERATION_EXPENDITURE,
    "对附属单位补助支出": Measure.SUBSIDY_TO_SUBORDINATES,
    "单位预留机动经费": Measure.RESERVE,
    "结转下年资金": Measure.CARRY_FORWARD,
    "结转下年": Measure.CARRY_FORWARD,
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
_CODE_HEADER = re.compile(r"^(类|款|项)$|编码|代码")
_LABEL_HEADER = re.compile(r"项目|名称|科目|内容|品目|单位$|^类别$|指标")
_TRAILING_SHU = re.compile(r"(?<=[算支])数$")
_YEAR_PREFIX = re.compile(r"^(?:\d{4}年|本年度?|当年)(?=预算|决算)")


def normalize_segment(text: str) -> str:
    """A header segment as matched: no spaces/markup, half-width brackets, 预算数 → 预算."""
    text = re.sub(r"\s+|<[^>]+>", "", text).replace("（", "(").replace("）", ")")
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


@dataclass(frozen=True, slots=True)
class AmountColumn:
    col: int
    path: str
    measure: str


@dataclass(frozen=True, slots=True)
class Block:
    """One side of a table: its code column(s), label column and amount columns."""

    code_cols: tuple[int, ...]
    label_col: int | None
    amounts: tuple[AmountColumn, ...]
    side: Side | None = None

    @property
    def split_codes(self) -> bool:
        return len(self.code_cols) > 1


def _body_column(table: Table, col: int) -> list[str]:
    return [table.grid.origin_text(r, col).strip() for r in table.body_rows]


def column_role(table: Table, col: int) -> Role:
    """Code, label or amount column, from its header first and its body when the header is silent."""
    path = table.columns[col] if col < len(table.columns) else ""
    return header_role(path) or _role_from_body(_body_column(table, col))


def header_role(path: str) -> Role | None:
    """The role a header path names, or None when it names none (``'项目/科目名称/合计'`` → label:
    a 合计 row printed inside the header does not make a name column an amount column)."""
    segments = [normalize_segment(s) for s in path.split("/") if s.strip()]
    if not segments:
        return None
    if any(_CODE_HEADER.search(s) for s in segments) and not any("名称" in s for s in segments):
        return Role.CODE
    labels = [s for s in segments[1:] if _is_label_segment(s)]
    if column_measure(path) is not None:
        return Role.LABEL if labels else Role.AMOUNT
    return Role.LABEL if labels or _is_label_segment(segments[0]) else None


def _is_label_segment(segment: str) -> bool:
    return bool(_LABEL_HEADER.search(segment)) and segment_measure(segment) is None


def _role_from_body(cells: list[str]) -> Role:
    filled = [c for c in cells if c and c not in {"-", "—", "--", "－"}]
    if not filled:
        return Role.AMOUNT
    codes = sum(1 for c in filled if is_code(c) or (c.isdigit() and len(c) == 2))
    amounts = sum(1 for c in filled if is_amount(c))
    if codes == len(filled) and any(len(c) >= 3 for c in filled):
        return Role.CODE
    if amounts * 2 >= len(filled):
        return Role.AMOUNT
    return Role.LABEL


def table_blocks(table: Table, summary: bool = False) -> tuple[Block, ...]:
    """The blocks of a table, left to right (one block for ordinary tables)."""
    groups = _group_columns(table, [column_role(table, j) for j in range(table.grid.n_cols)])
    blocks = [_make_block(table, group) for group in groups]
    return tuple(_with_sides(table, blocks, summary))


def _group_columns(table: Table, roles: list[Role]) -> list[list[tuple[int, Role]]]:
    groups: list[list[tuple[int, Role]]] = [[]]
    for col, role in enumerate(roles):
        current = groups[-1]
        seen_amount = any(r is Role.AMOUNT for _, r in current)
        if role is not Role.AMOUNT and seen_amount:
            groups.append([])
        groups[-1].append((col, role))
    return [g for g in groups if g]


def _make_block(table: Table, group: list[tuple[int, Role]]) -> Block:
    code_cols = tuple(c for c, r in group if r is Role.CODE)
    labels = [c for c, r in group if r is Role.LABEL]
    amount_cols = [c for c, r in group if r is Role.AMOUNT]
    paths = [table.columns[c] if c < len(table.columns) else "" for c in amount_cols]
    measures = resolve_measures(paths)
    amounts = tuple(AmountColumn(c, p, m) for c, p, m in zip(amount_cols, paths, measures, strict=True))
    label_col = _pick_label_col(table, labels)
    return Block(code_cols=code_cols, label_col=label_col, amounts=amounts)


def _pick_label_col(table: Table, labels: list[int]) -> int | None:
    """The label column: the first one whose body has text (a fused code column counts too)."""
    for col in labels:
        if any(_body_column(table, col)):
            return col
    return labels[0] if labels else None


def resolve_measures(paths: Sequence[str]) -> list[str]:
    """Measures for the amount columns of one block, made unique and budget/actual resolved."""
    found = [column_measure(p) for p in paths]
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
            slug = f"{_qualifier(path, slug)}_{slug}"
        seen.add(slug)
        unique.append(slug)
    return unique


def _qualifier(path: str, slug: str) -> str:
    for segment in path.split("/")[:-1]:
        measure = segment_measure(segment)
        if measure is not None and measure.value != slug:
            return measure.value
    return "col"


def _with_sides(table: Table, blocks: list[Block], summary: bool) -> list[Block]:
    if len(blocks) < 2:
        return blocks
    sided = []
    for i, block in enumerate(blocks):
        side = _header_side(table, block)
        if side is None and summary:
            side = Side.INCOME if i == 0 else Side.EXPENDITURE
        sided.append(Block(block.code_cols, block.label_col, block.amounts, side))
    return sided


def _header_side(table: Table, block: Block) -> Side | None:
    cols = [*block.code_cols, *([block.label_col] if block.label_col is not None else [])]
    cols += [a.col for a in block.amounts]
    firsts = {normalize_segment(table.columns[c].split("/")[0]) for c in cols if c < len(table.columns)}
    income = any("收入" in f for f in firsts)
    expenditure = any("支出" in f for f in firsts)
    if income and not expenditure:
        return Side.INCOME
    if expenditure and not income:
        return Side.EXPENDITURE
    return None


def label_looks_fused(text: str) -> bool:
    """True when a label cell starts with a classification code (``206 科学技术支出``)."""
    return split_fused(text) is not None
