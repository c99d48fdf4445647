"""绩效目标表 (overall and project performance-target tables) → structured facts.

One ``performance_target`` fact per table: ``label`` is the project name (or the unit's name
for an 整体绩效目标表); ``amount_yuan`` the 年度预算总额 / 合计; values ``scope`` (overall |
project), ``table``, ``title``, and the header fields printed: ``project_name``, ``unit``,
``manager``, ``contact``, ``phone``, ``budget_total``, ``fiscal``, ``other_funds``,
``from_higher_level``, ``same_level``, ``annual_request``, ``fiscal_current_year``, ``carryover``,
``department``, ``undertaker``, ``start``, ``end``, ``goal``, plus ``indicators`` (their count).
Amounts are in 万元 unless the table says 元 (``项目资金（元）``, Shanghai).

One ``performance_indicator`` fact per indicator row: ``label`` is the 三级指标; values ``table``,
``project``, ``level1``, ``level2`` (carried down over blank or row-spanned cells), ``indicator``,
``value_text`` (as printed), ``operator`` (``>=``, ``<=``, ``=``, ``>``, ``<``; empty when
qualitative), ``value`` (a decimal, or an ISO date ``2026-12-10``), ``value_unit`` (``次``, ``%``, ``万元`` …),
``value_kind`` (number | date | text), ``weight`` (分值/权重), ``basis``, ``previous`` (上年完成值),
``scoring`` (赋分规则), ``evidence`` (佐证资料). A value in 万元 or 元 also gives ``amount_yuan``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from extractor.model import Fact, Prov, Table
from extractor.model.amounts import UNIT_FACTORS, parse_amount, to_yuan, yuan_str
from extractor.structure.patterns import lazy_pattern

# the indicator value: ">=3 次", "<=0.88万元", "=1次", "≥90%", "95%以上", "不低于 90%"
_VALUE = lazy_pattern(
    r"^(?P<op>>=|<=|≥|≤|＞=|＜=|>|<|＞|＜|=|＝|不低于|不少于|不高于|不超过|不大于|不小于|大于|小于|等于)?\s*"
    r"(?P<num>-?\d+(?:,\d{3})*(?:\.\d+)?)\s*[(（]?(?P<unit>[^\d\s以及()（）]{0,4}?)[)）]?\s*"
    r"(?P<word>及以上|以上|及以下|以下|以内)?$"
)
# a date value: "2026年12月10日", "2026年12月底前"
_DATE = lazy_pattern(
    r"^(?P<op>[<>=≤≥＜＞]*)\s*(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月)?(?:\s*(?P<d>\d{1,2})\s*日)?"
)
_OPERATORS = {
    ">=": ">=",
    "≥": ">=",
    "＞=": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "<=": "<=",
    "≤": "<=",
    "＜=": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "不大于": "<=",
    ">": ">",
    "＞": ">",
    "大于": ">",
    "<": "<",
    "＜": "<",
    "小于": "<",
    "=": "=",
    "＝": "=",
    "等于": "=",
}
_WORD_OPERATORS = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<="}
# header fields → value keys; keys compared without spaces, brackets and colons
_HEADER_KEYS: dict[str, str] = {
    "预算单位": "unit",
    "部门单位名称盖章": "unit",
    "部门单位名称": "unit",
    "单位名称": "unit",
    "项目名称": "project_name",
    "项目负责人": "manager",
    "部门单位联系人": "contact",
    "联系人": "contact",
    "联系电话": "phone",
    "年度预算总额": "budget_total",
    "资金总额": "budget_total",
    "合计": "budget_total",
    "财政拨款": "fiscal",
    "其中财政拨款": "fiscal",
    "其他资金": "other_funds",
    "其他": "other_funds",
    "上级安排": "from_higher_level",
    "本级安排": "same_level",
    "项目总体目标": "goal",
    "年度绩效目标": "goal",
    "总体目标": "goal",
    "年度目标": "goal",
    "项目资金总额": "budget_total",
    "项目总目标": "goal",
    "年度总体目标": "annual_goal",
    "年度资金申请总额": "annual_request",
    "财政资金": "fiscal",
    "当年财政拨款": "fiscal_current_year",
    "上年结转资金": "carryover",
    "主管部门": "department",
    "实施单位": "undertaker",
    "计划开始日期": "start",
    "计划完成日期": "end",
}
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "indicator"),
    ("设置依据", "basis"),
    ("设定依据", "basis"),
    ("上年完成值", "previous"),
    ("赋分规则", "scoring"),
    ("佐证", "evidence"),
    ("权重", "weight"),
    ("分值", "weight"),
    ("指标值", "value"),
    ("目标值", "value"),
)
_KEY_NOISE = lazy_pattern(r"[\s:：()（）\u3000]|万元")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """A parsed 指标值."""

    text: str
    operator: str | None
    value: Decimal | None
    unit: str | None
    kind: str
    date: str | None = None
    """For a date value: ISO ``2026-12-10`` (``2026-12`` or ``2026`` when less is printed)."""


def parse_indicator_value(text: str) -> IndicatorValue:
    """``">=3 次"`` → (``>=``, 3, ``次``); ``"有效提高"`` → text only; dates kept as text."""
    printed = text.strip()
    if (date := _DATE().match(printed)) is not None:
        parts = [date.group("y"), *(f"{int(p):02d}" for p in (date.group("m"), date.group("d")) if p)]
        return IndicatorValue(printed, _OPERATORS.get(date.group("op")), None, None, "date", "-".join(parts))
    match = _VALUE().match(printed.replace(" ", ""))
    if match is None:
        return IndicatorValue(printed, None, None, None, "text")
    operator = _OPERATORS.get(match.group("op") or "") or _WORD_OPERATORS.get(match.group("word") or "")
    unit = match.group("unit").replace("％", "%") or None
    return IndicatorValue(printed, operator, Decimal(match.group("num").replace(",", "")), unit, "number")


def is_performance_table(table: Table) -> bool:
    """True for a 绩效目标表: typed so, titled so, or with an 一级指标 … 三级指标 header row."""
    if table.type == "performance_targets" or "绩效目标" in (table.title or ""):
        return True
    return _indicator_header_row(table) is not None


def _row(table: Table, row: int, fill: bool) -> list[str]:
    return [(_MARKUP.sub("", t) if "<" in t else t).strip() for t in table.grid.row_texts(row, fill_spans=fill)]


def _indicator_header_row(table: Table) -> int | None:
    for row in range(table.grid.n_rows):
        texts = _row(table, row, fill=True)
        if any("一级指标" in t for t in texts) and any("三级指标" in t for t in texts):
            return row
    return None


def _header_key(text: str) -> str | None:
    key = _KEY_NOISE().sub("", text)
    return _HEADER_KEYS.get(key) or _HEADER_KEYS.get(key.removeprefix("其中"))


def _header_fields(table: Table, stop: int) -> dict[str, str]:
    """Key → value pairs of the rows above the indicators (a key cell, then its value cell)."""
    fields: dict[str, str] = {}
    for row in range(stop):
        cells = [t for t in _row(table, row, fill=False) if t]
        for i, cell in enumerate(cells):
            fused = re.match(r"^(?P<k>[^:：]{2,12})[:：]\s*(?P<v>\S.*)$", cell)
            if fused and _header_key(fused.group("k")) and not _header_key(cell):
                fields.setdefault(_header_key(fused.group("k")) or "", fused.group("v").strip())
                continue
            key = _header_key(cell)
            if key and i + 1 < len(cells) and _header_key(cells[i + 1]) is None:
                fields.setdefault(key, cells[i + 1])
    return fields


def _columns(table: Table, header_row: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, text in enumerate(_row(table, header_row, fill=False)):
        for word, key in _COLUMNS:
            if word in text and key not in found:
                found[key] = col
                break
    return found


def _indicator_rows(
    table: Table, first: int, columns: dict[str, int], carry: dict[str, str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with a 三级指标 from row ``first`` on, their 一级/二级指标 carried down over blank
    cells (``carry`` holds the levels of the row above, across a page break too)."""
    for row in range(first, table.grid.n_rows):
        texts = _row(table, row, fill=True)
        record = {key: texts[col] if col < len(texts) else "" for key, col in columns.items()}
        if record.get("level1", "").startswith("备注"):
            break
        if any(_header_key(t) for t in texts[:2] if t):
            continue  # a header row repeated on a continuation page: "项目名称 | … | 项目负责人"
        for level in ("level1", "level2"):
            if record.get(level):
                if level == "level1" and record[level] != carry.get("level1"):
                    carry["level2"] = ""
                carry[level] = record[level]
            record[level] = carry.get(level, "")
        if record.get("indicator"):
            yield row, record


def _row_prov(table: Table, row: int) -> Prov:
    provs = [cell.prov for cell in table.grid.row_cells(row)]
    if not provs:
        return table.prov
    prov = provs[0]
    for other in provs[1:]:
        prov = prov.union(other)
    return prov


def _indicator_fact(table: Table, row: int, record: dict[str, str], project: str) -> Fact:
    parsed = parse_indicator_value(record.get("value", ""))
    amount = None
    if parsed.value is not None and parsed.unit in UNIT_FACTORS:
        amount = Decimal(yuan_str(to_yuan(parsed.value, parsed.unit)))
    values = [
        ("table", table.id),
        ("project", project),
        ("level1", record.get("level1", "")),
        ("level2", record.get("level2", "")),
        ("indicator", record["indicator"]),
        ("value_text", parsed.text),
        ("operator", parsed.operator or ""),
        ("value", yuan_str(parsed.value) if parsed.value is not None else parsed.date or ""),
        ("value_unit", parsed.unit or ""),
        ("value_kind", parsed.kind),
    ]
    values += [
        (key, record[key]) for key in ("weight", "basis", "previous", "scoring", "evidence") if key in record
    ]
    sentence = " | ".join(t for t in _row(table, row, fill=False) if t)
    return Fact(
        kind="performance_indicator",
        label=record["indicator"],
        sentence=sentence,
        prov=_row_prov(table, row),
        section=table.section,
        amount_yuan=amount,
        printed=parsed.text if amount is not None else None,
        unit=parsed.unit if amount is not None else None,
        values=tuple(values),
    )


def _title(table: Table) -> str:
    if table.title and "绩效目标" in table.title:
        return table.title
    for row in range(min(3, table.grid.n_rows)):
        for text in _row(table, row, fill=False):
            if "绩效目标" in text and text.endswith("表"):
                return text
    return table.title or "绩效目标表"


def _money_unit(table: Table, title: str) -> str:
    """万元 unless the table says 元: ``单位：元``, ``项目资金（元）``."""
    texts = [table.unit or "", title, *(t for row in table.grid.matrix()[:8] for t in row)]
    if any(re.search(r"[(（]元[)）]|单位[:：]\s*元", t) for t in texts):
        return "元"
    return "万元"


def _target_fact(table: Table, fields: dict[str, str], count: int) -> Fact:
    title = _title(table)
    scope = "overall" if "整体" in title or "project_name" not in fields else "project"
    budget = parse_amount(fields.get("budget_total", ""))
    unit = _money_unit(table, title)
    ordered = (
        "project_name",
        "unit",
        "manager",
        "contact",
        "phone",
        "budget_total",
        "fiscal",
        "other_funds",
        "from_higher_level",
        "same_level",
        "annual_request",
        "fiscal_current_year",
        "carryover",
        "department",
        "undertaker",
        "start",
        "end",
        "goal",
    )
    values = [("scope", scope), ("table", table.id), ("title", title)]
    values += [(key, fields[key]) for key in ordered if key in fields]
    values.append(("indicators", str(count)))
    return Fact(
        kind="performance_target",
        label=fields.get("project_name") or fields.get("unit"),
        sentence=title,
        prov=table.prov,
        section=table.section,
        amount_yuan=Decimal(yuan_str(to_yuan(budget, unit))) if budget is not None else None,
        printed=fields.get("budget_total") if budget is not None else None,
        unit=unit if budget is not None else None,
        values=tuple(values),
    )


@dataclass(slots=True)
class _Open:
    """The 绩效目标表 read last, which a headerless table on the next page continues."""

    columns: dict[str, int]
    carry: dict[str, str]
    project: str
    n_cols: int
    target: int


def _read_table(table: Table, facts: list[Fact]) -> _Open | None:
    header_row = _indicator_header_row(table)
    columns = _columns(table, header_row) if header_row is not None else {}
    if header_row is None or "indicator" not in columns:
        return None
    fields = _header_fields(table, header_row)
    project = fields.get("project_name") or fields.get("unit") or ""
    state = _Open(columns, {}, project, table.grid.n_cols, len(facts))
    rows = _indicator_rows(table, header_row + 1, columns, state.carry)
    indicators = [_indicator_fact(table, row, record, project) for row, record in rows]
    facts += [_target_fact(table, fields, len(indicators)), *indicators]
    return state


def _continue_table(table: Table, state: _Open, facts: list[Fact]) -> None:
    rows = _indicator_rows(table, 0, state.columns, state.carry)
    indicators = [_indicator_fact(table, row, record, state.project) for row, record in rows]
    target = facts[state.target]
    values = dict(target.values)
    values["indicators"] = str(int(values["indicators"]) + len(indicators))
    facts[state.target] = replace(target, values=tuple(values.items()))
    facts += indicators


def table_to_performance_facts(table: Table) -> tuple[Fact, ...]:
    """The target fact and the indicator facts of one 绩效目标表 (none for other tables)."""
    facts: list[Fact] = []
    _read_table(table, facts)
    return tuple(facts)


def tables_to_performance_facts(tables: Sequence[Table]) -> tuple[Fact, ...]:
    """Performance facts of every 绩效目标表, in table order; a table without the 一级指标 header
    right after one continues it (a page break the tables stage did not stitch)."""
    facts: list[Fact] = []
    state: _Open | None = None
    for table in tables:
        if not is_performance_table(table):
            state = None
        elif _indicator_header_row(table) is None and state is not None and table.grid.n_cols == state.n_cols:
            _continue_table(table, state, facts)
        else:
            state = _read_table(table, facts)
    return tuple(facts)
