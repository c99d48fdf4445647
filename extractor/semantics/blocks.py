"""Table layout: which columns hold codes, labels and amounts, and the blocks of a table.

Side-by-side tables (项目 | 预算数 || 项目 | 预算数; Jiangsu's 收入 | 功能分类 | 支出用途; the two
code blocks of a final-accounts basic-expenditure table) are split into :class:`Block` values:
a block starts at each label or code column that follows an amount column. A block's side is
``income`` or ``expenditure`` from its header (收入 / 支出), else by position in a summary
table (first block income, the rest expenditure).

Roles come from the header first (类/款/项, 编码, 名称, a measure word) and from the body when the
header is silent (all codes → code, mostly amounts → amount, else label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from extractor.model import Table
from extractor.model.amounts import is_amount
from extractor.semantics.codes import is_code
from extractor.semantics.labels import Side
from extractor.semantics.measures import column_measure, normalize_segment, resolve_measures, segment_measure


class Role(StrEnum):
    CODE = "code"
    LABEL = "label"
    AMOUNT = "amount"


_CODE_HEADER = re.compile(r"^(类|款|项)$|编码|代码")
_LABEL_HEADER = re.compile(r"项目|名称|科目|内容|品目|单位$|^类别$|指标|^行次$|^栏次$")


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
    """Code, label or amount column (see :func:`column_roles`)."""
    return column_roles(table)[col]


def column_roles(table: Table) -> list[Role]:
    """Each column's role: what its content makes unambiguous (``roles.content_roles``: split
    codes, columns of amounts), else what its header names, else what its body suggests."""
    from extractor.semantics.roles import content_roles

    n = table.grid.n_cols
    headers = [header_role(table.columns[j] if j < len(table.columns) else "") for j in range(n)]
    bodies = [_body_column(table, j) for j in range(n)]
    forced = content_roles(bodies, [h.value if h else None for h in headers])
    paths = [table.columns[j] if j < len(table.columns) else "" for j in range(n)]
    return [
        Role.LABEL if _not_money(paths[j]) else _forced_or(forced[j], headers[j] or _role_from_body(bodies[j]))
        for j in range(n)
    ]


def _forced_or(forced: str | None, role: Role) -> Role:
    return Role(forced) if forced else role


_NOT_MONEY = re.compile(r"数量|人数|台数|辆数|套数|个数|件数|时间$|日期$|期限$")
"""A column of numbers that are not money: quantities (政府采购 数量 352 → not 352 万元), dates."""


def _not_money(path: str) -> bool:
    last = normalize_segment(path.split("/")[-1]) if path else ""
    return bool(_NOT_MONEY.search(last)) and column_measure(path) is None


def header_role(path: str) -> Role | None:
    """The role a header path names, or None when it names none (``'项目/科目名称/合计'`` → label:
    a 合计 row printed inside the header does not make a name column an amount column)."""
    segments = [normalize_segment(s) for s in path.split("/") if s.strip()]
    if not segments:
        return None
    if any(_CODE_HEADER.search(s) for s in segments) and not any("名称" in s for s in segments):
        return Role.CODE
    # 事业单位 over 经营收入 (one word over two header rows) names the measure 事业单位经营收入, no label
    labels = [
        s
        for i, s in enumerate(segments[1:], 1)
        if _is_label_segment(s) and not (i + 1 < len(segments) and segment_measure(s + segments[i + 1]) is not None)
    ]
    if column_measure(path) is not None:
        return Role.LABEL if labels else Role.AMOUNT
    return Role.LABEL if labels or _is_label_segment(segments[0]) else None


def _is_label_segment(segment: str) -> bool:
    """A header segment naming a label column; a ``其中：…`` segment names a part of an amount
    (``一般公共预算拨款/其中：专项资金列入部门预算项目``), never names, whatever words it holds."""
    if segment.startswith(_OF_WHICH):
        return False
    return bool(_LABEL_HEADER.search(segment)) and segment_measure(segment) is None


_OF_WHICH = ("其中", "其中：", "其中:")


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
    groups = _group_columns(table, column_roles(table))
    blocks = [_make_block(table, group) for group in groups]
    return tuple(_with_sides(table, blocks, summary))


_RATE_HEADER = re.compile(r"%|％|率|比例|占比")
_RATE_CELL = re.compile(r"^[-+]?[\d,.]*\d[%％]$")


def _is_rate_column(table: Table, col: int, role: Role) -> bool:
    """A column of percentages (增减(%), 增长率): not a label that starts a block of its own, and
    never an amount; its cells stay in the grid."""
    if role is not Role.LABEL:
        return False
    path = table.columns[col] if col < len(table.columns) else ""
    cells = [c for c in _body_column(table, col) if c]
    rates = sum(1 for c in cells if _RATE_CELL.match(c))
    if cells and rates == len(cells):
        return True
    return bool(_RATE_HEADER.search(normalize_segment(path.split("/")[-1]))) and rates * 2 >= len(cells)


def _group_columns(table: Table, roles: list[Role]) -> list[list[tuple[int, Role]]]:
    groups: list[list[tuple[int, Role]]] = [[]]
    for col, role in enumerate(roles):
        if _is_rate_column(table, col, role):
            continue
        current = groups[-1]
        seen_amount = any(r is Role.AMOUNT for _, r in current)
        if role is not Role.AMOUNT and seen_amount:
            groups.append([])
        groups[-1].append((col, role))
    return [g for g in groups if g]


def _first_code_set(table: Table, cols: list[int]) -> tuple[int, ...]:
    """The code columns of one code: a column of full codes stands alone (部门经济科目编码 |
    名称 | 政府经济科目编码 | 名称 prints two classifications: the first is kept); 类 | 款 | 项
    columns, whose later parts print two digits, stay together."""
    if len(cols) < 2:
        return tuple(cols)
    kept = [cols[0]]
    for col in cols[1:]:
        parts = [t for t in _body_column(table, col) if t.isdigit()]
        if parts and sum(1 for t in parts if len(t) >= 3) * 2 > len(parts):
            break  # a second column of whole codes: another classification
        kept.append(col)
    return tuple(kept)


def _make_block(table: Table, group: list[tuple[int, Role]]) -> Block:
    code_cols = _first_code_set(table, [c for c, r in group if r is Role.CODE])
    labels = [c for c, r in group if r is Role.LABEL]
    amount_cols = [c for c, r in group if r is Role.AMOUNT]
    paths = [table.columns[c] if c < len(table.columns) else "" for c in amount_cols]
    measures = _with_fuzzy(paths, resolve_measures(paths))
    if table.type in _SUMMARIES:
        # 本年支出/合计 in a summary whose 预算数 the converter moved off the path: the side's total
        measures = [
            "total" if m in ("income", "expenditure") and "total" not in measures and _generic_total(p) else m
            for p, m in zip(paths, measures, strict=True)
        ]
    if table.type == "general_budget_basic_expenditure" and "total" not in measures and "basic" in measures:
        # 基本支出/总计 in a table of basic expenditure only: the column is the table's total
        measures = ["total" if m == "basic" else m for m in measures]
    amounts = tuple(AmountColumn(c, p, m) for c, p, m in zip(amount_cols, paths, measures, strict=True))
    label_col = _pick_label_col(table, labels)
    return Block(code_cols=code_cols, label_col=label_col, amounts=amounts)


_SUMMARIES = frozenset({"income_expenditure_summary", "appropriation_summary"})


def _generic_total(path: str) -> bool:
    return normalize_segment(path.split("/")[-1]) in ("合计", "小计", "总计")


def _with_fuzzy(paths: list[str], measures: list[str]) -> list[str]:
    """Unnamed columns whose scrambled header words spell a measure not yet taken (``roles.fuzzy_measure``)."""
    from extractor.semantics.roles import fuzzy_measure

    out = list(measures)
    for k, (path, measure) in enumerate(zip(paths, measures, strict=True)):
        unnamed = measure == "other" or measure.endswith("_other")  # budget_other: 'other' under 预算
        if not unnamed or (found := fuzzy_measure(path)) is None or found.value in out[:k]:
            continue
        # the first column of a measure keeps it, as resolve_measures does with clean words
        out = ["other" if m == found.value else m for m in out]
        out[k] = found.value
    return out


def _pick_label_col(table: Table, labels: list[int]) -> int | None:
    """The label column: the first one whose body has text (a fused code column counts too)."""
    for col in labels:
        if any(_body_column(table, col)):
            return col
    return labels[0] if labels else None


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
