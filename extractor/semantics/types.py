"""Table types from the DOMAIN.md vocabulary, decided from title, header and content.

Rules are tried in order; the first that matches decides. Title rules come first (the title is
the most reliable signal), then header rules, then content rules, then the printed number for
the four tables every template numbers alike (表1–表4, 公开表一–四). The order matters:
一般公共预算基本支出 before 一般公共预算支出, 财政拨款收支总表 before 收支总表, 政府性基金 (its
final-accounts title reads 收入支出决算表) before 收支总表, 三公 (Shanghai: "三公"经费和机关运行经费)
before 机关运行经费. Titles that repeat the 财政拨款 subset of the expenditure tables (Jiangsu's
财政拨款支出预算表, 财政拨款基本支出预算表) are ``other`` on purpose: they duplicate the
一般公共预算 tables. Each decision records its evidence: ``title:…``, ``header:…``, ``content:…``
or ``number:…``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from extractor.model import Table
from extractor.semantics.codes import is_code, split_fused
from extractor.semantics.measures import mend_cut_words


class TableType(StrEnum):
    INCOME_EXPENDITURE_SUMMARY = "income_expenditure_summary"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    APPROPRIATION_SUMMARY = "appropriation_summary"
    GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure"
    GENERAL_BUDGET_BASIC_EXPENDITURE = "general_budget_basic_expenditure"
    GENERAL_BUDGET_PROJECT_EXPENDITURE = "general_budget_project_expenditure"
    THREE_PUBLIC_EXPENSES = "three_public_expenses"
    GOVERNMENT_FUND_EXPENDITURE = "government_fund_expenditure"
    STATE_CAPITAL_EXPENDITURE = "state_capital_expenditure"
    ENTRUSTED_SERVICES = "entrusted_services"
    CARRYOVER = "carryover"
    PROJECT_EXPENDITURE = "project_expenditure"
    PERFORMANCE_TARGETS = "performance_targets"
    OFFICE_OPERATION = "office_operation"
    GOVERNMENT_PROCUREMENT = "government_procurement"
    STATE_ASSETS = "state_assets"
    OTHER = "other"


T = TableType


@dataclass(frozen=True, slots=True)
class TitleRule:
    type: TableType
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None


def _rule(kind: TableType, pattern: str, unless: str | None = None) -> TitleRule:
    return TitleRule(kind, re.compile(pattern), re.compile(unless) if unless else None)


TITLE_RULES: tuple[TitleRule, ...] = (
    _rule(T.PERFORMANCE_TARGETS, r"绩效目标|绩效指标|支出绩效(情况)?表|绩效自评"),
    _rule(T.THREE_PUBLIC_EXPENSES, r"三公"),
    _rule(T.OFFICE_OPERATION, r"机关运行经费|单位运行经费"),
    _rule(T.GOVERNMENT_PROCUREMENT, r"政府采购(\([^)]*\))?(预算|支出|情况|明细|计划)*表"),
    _rule(T.STATE_ASSETS, r"国有资产(占用|使用)|资产(占用|情况)表"),
    _rule(T.ENTRUSTED_SERVICES, r"委托业务费"),
    _rule(T.CARRYOVER, r"上年结转|结转结余(情况|明细)?表"),
    _rule(T.GOVERNMENT_FUND_EXPENDITURE, r"政府性基金"),
    _rule(T.STATE_CAPITAL_EXPENDITURE, r"国有资本经营"),
    _rule(T.GENERAL_BUDGET_BASIC_EXPENDITURE, r"一般公共预算.*基本支出"),
    _rule(T.GENERAL_BUDGET_PROJECT_EXPENDITURE, r"一般公共预算.*项目支出"),
    _rule(T.GENERAL_BUDGET_EXPENDITURE, r"一般公共预算.*支出"),
    _rule(T.APPROPRIATION_SUMMARY, r"财政拨款收支|财政拨款收入支出"),
    _rule(T.OTHER, r"财政拨款.*支出"),
    _rule(T.PROJECT_EXPENDITURE, r"项目支出|项目(预算|明细)表|专项业务经费"),
    _rule(T.GENERAL_BUDGET_BASIC_EXPENDITURE, r"基本支出"),
    _rule(T.INCOME_EXPENDITURE_SUMMARY, r"收支.*总|收入支出.*总|收支(预算|决算)?表|收支总体"),
    _rule(T.INCOME, r"收入(预算|决算)?(总体情况|总|情况)?表"),
    _rule(T.EXPENDITURE, r"支出(预算|决算)?(总体情况|总|情况)?表"),
)

# Numbers every template gives the same table: 表1–表4 / 公开表一–四 / 公开01–04表.
NUMBERED: dict[int, TableType] = {
    1: T.INCOME_EXPENDITURE_SUMMARY,
    2: T.INCOME,
    3: T.EXPENDITURE,
    4: T.APPROPRIATION_SUMMARY,
}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SPACES = re.compile(r"\s+|<[^>]+>")
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")


def normalize_title(title: str) -> str:
    """Title without spaces, markup and quotes (``财政拨款“三公”经费`` → ``财政拨款三公经费``)."""
    # without a "<" no tag matches: only \s+ is removed, as split() does
    title = _SPACES.sub("", title) if "<" in title else "".join(title.split())
    return _QUOTES.sub("", title).replace("（", "(").replace("）", ")")


def type_from_title(title: str | None) -> tuple[TableType, str] | None:
    """The type a title names and the words that matched, or None when no rule matches."""
    if not title:
        return None
    text = normalize_title(title)
    for rule in TITLE_RULES:
        match = rule.pattern.search(text)
        if match and not (rule.unless and rule.unless.search(text)):
            return rule.type, match.group(0)
    return None


def header_words(table: Table) -> str:
    """All header texts of a table, normalized and joined."""
    return normalize_title("/".join(table.columns))


def _has(words: str, *needles: str) -> bool:
    return all(n in words for n in needles)


HeaderRule = tuple[TableType, Callable[[str], bool], str]

HEADER_RULES: tuple[HeaderRule, ...] = (
    (T.PERFORMANCE_TARGETS, lambda w: _has(w, "一级指标") or _has(w, "三级指标"), "一级指标/三级指标"),
    (T.THREE_PUBLIC_EXPENSES, lambda w: _has(w, "出国") and _has(w, "接待"), "因公出国+公务接待"),
    (T.OFFICE_OPERATION, lambda w: _has(w, "机关运行经费") and not _has(w, "三公"), "机关运行经费"),
    (
        T.GOVERNMENT_PROCUREMENT,
        lambda w: _has(w, "采购") and ("品目" in w or "采购方式" in w or "组织形式" in w),
        "采购",
    ),
    (T.INCOME_EXPENDITURE_SUMMARY, lambda w: _summary_header(w) and "财政拨款收入" not in w, "收入|支出"),
    (
        T.APPROPRIATION_SUMMARY,
        lambda w: _summary_header(w) and "财政拨款收入" in w,
        "财政拨款收入|财政拨款支出",
    ),
    (T.CARRYOVER, lambda w: _has(w, "非财政拨款") and _has(w, "基本支出"), "财政拨款+非财政拨款"),
    (
        T.GENERAL_BUDGET_BASIC_EXPENDITURE,
        lambda w: _has(w, "人员经费", "公用经费") and "项目支出" not in w,
        "人员经费+公用经费",
    ),
    (T.EXPENDITURE, lambda w: _has(w, "基本支出", "项目支出"), "基本支出+项目支出"),
    (
        T.INCOME,
        lambda w: sum(s in w for s in ("财政拨款", "事业收入", "其他收入", "单位资金")) >= 2,
        "income sources",
    ),
)


def _summary_header(words: str) -> bool:
    parts = words.split("/")
    has_income = any(p.startswith(("收入", "本年收入", "财政拨款收入")) for p in parts)
    has_spending = any(p.startswith(("支出", "本年支出", "财政拨款支出")) for p in parts)
    return has_income and has_spending


def type_from_header(table: Table) -> tuple[TableType, str] | None:
    words = header_words(table)
    for kind, test, evidence in HEADER_RULES:
        if test(words):
            return kind, evidence
    return None


def content_codes(table: Table) -> tuple[int, int]:
    """Counts of (function, economic) codes printed in the body (alone or fused with names)."""
    functional = economic = 0
    for r in table.body_rows:
        for text in table.grid.row_texts(r):
            code = _code_in(text)
            if code is None:
                continue
            if code.startswith("2"):
                functional += 1
            else:
                economic += 1
    return functional, economic


def _code_in(text: str) -> str | None:
    text = text.strip()
    if len(text) >= 3 and is_code(text):
        return text
    fused = split_fused(text)
    return fused[0] if fused else None


def type_from_content(table: Table) -> tuple[TableType, str] | None:
    body = normalize_title("".join("".join(table.grid.row_texts(r)) for r in table.body_rows))
    functional, economic = content_codes(table)
    if "因公出国" in body and "公务接待" in body and functional + economic == 0:
        return T.THREE_PUBLIC_EXPENSES, "因公出国+公务接待 rows"
    if "收入总计" in body and "支出总计" in body and "财政拨款" not in header_words(table):
        return T.INCOME_EXPENDITURE_SUMMARY, "收入总计+支出总计 rows"
    if "收入总计" in body and "支出" not in body:
        return T.INCOME, "收入总计 row, no 支出"
    if economic > functional and economic >= 2:
        return T.GENERAL_BUDGET_BASIC_EXPENDITURE, f"{economic} economic codes"
    return None


def number_ordinal(number: str | None) -> int | None:
    """``表1`` / ``表 2`` / ``公开表三`` / ``公开03表`` → 1 / 2 / 3 / 3."""
    if not number:
        return None
    text = _SPACES.sub("", number)
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group(0))
    chinese = re.search(r"表([一二三四五六七八九十]+)", text)
    if chinese is None:
        return None
    return _chinese_number(chinese.group(1))


def _chinese_number(text: str) -> int:
    if text.startswith("十"):
        return 10 + (_CN_DIGITS.get(text[1:], 0) if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(text, 0)


def classify_table(table: Table) -> Table:
    """The table with ``type`` and ``type_evidence`` set."""
    kind, evidence = decide_type(table)
    return replace(table, type=kind.value, type_evidence=evidence)


def decide_type(table: Table) -> tuple[TableType, tuple[str, ...]]:
    by_title = type_from_title(table.title)
    by_header = type_from_header(table)
    by_content = type_from_content(table) if not table.empty else None
    if by_title is not None and by_header is not None and _header_overrides(by_title[0], by_header[0]):
        return by_header[0], (f"header:{by_header[1]}", f"title:{by_title[1]} (generic, overridden)")
    if by_title is not None:
        return by_title[0], _evidence(by_title, by_header, by_content)
    for found, source in ((by_header, "header"), (by_content, "content")):
        if found is not None:
            return found[0], (f"{source}:{found[1]}",)
    ordinal = number_ordinal(table.number)
    if ordinal in NUMBERED:
        return NUMBERED[ordinal], (f"number:{table.number}",)
    return T.OTHER, ()


# A title cut by a line break (``…“三公”经费、会议费、培训费`` / ``支出预算表``) may leave only a
# generic family name; a header that names a specific table then decides.
GENERIC_TITLE_TYPES = frozenset({T.INCOME, T.EXPENDITURE, T.INCOME_EXPENDITURE_SUMMARY, T.OTHER})
SPECIFIC_HEADER_TYPES = frozenset({T.THREE_PUBLIC_EXPENSES, T.PERFORMANCE_TARGETS})


def _header_overrides(by_title: TableType, by_header: TableType) -> bool:
    return by_title in GENERIC_TITLE_TYPES and by_header in SPECIFIC_HEADER_TYPES


def _evidence(
    by_title: tuple[TableType, str],
    by_header: tuple[TableType, str] | None,
    by_content: tuple[TableType, str] | None,
) -> tuple[str, ...]:
    evidence = [f"title:{by_title[1]}"]
    for found, source in ((by_header, "header"), (by_content, "content")):
        if found is not None:
            agrees = "" if found[0] is by_title[0] else f" (suggests {found[0].value})"
            evidence.append(f"{source}:{found[1]}{agrees}")
    return tuple(evidence)


def classify_tables(tables: Sequence[Table]) -> tuple[Table, ...]:
    """Every table typed; see the module docstring for the rules. Then two checks over the
    document: a table whose codes contradict its type's classification is ``other``, and a
    standard table type claimed twice goes to the strongest claim (see :func:`resolve_duplicates`).
    Header words a converter cut across neighbouring cells are first made whole
    (:func:`~extractor.semantics.measures.mend_cut_words`)."""
    tables = [replace(t, columns=mended) if (mended := mend_cut_words(t.columns)) != t.columns else t for t in tables]
    return resolve_duplicates([check_classification(classify_table(t)) for t in tables])


# The function-classification tables print 2xx codes, the basic-expenditure tables 3xx/5xx codes.
_BY_FUNCTION = frozenset({T.GENERAL_BUDGET_EXPENDITURE, T.EXPENDITURE})
_BY_ECONOMIC = frozenset({T.GENERAL_BUDGET_BASIC_EXPENDITURE})
_TITLE_SAYS_ECONOMIC = re.compile(r"经济(分类|科目)")
_TITLE_SAYS_FUNCTION = re.compile(r"功能(分类|科目)")


def check_classification(table: Table) -> Table:
    """``一般公共预算支出明细表（按支出经济分类科目）`` lists economic codes: not the function table;
    ``…基本支出明细表（按支出功能分类科目）`` lists function codes: not the economic one. A title
    that says the other classification, or a body that prints only the other kind of codes,
    makes the table ``other``. A 基本支出 table with no economic code at all (by fund source)
    is ``other`` too when its type came from the bare word 基本支出."""
    kind = TableType(table.type)
    if kind not in _BY_FUNCTION and kind not in _BY_ECONOMIC:
        return table
    title = normalize_title(table.title or "")
    functional, economic = content_codes(table)
    reason = None
    if kind in _BY_FUNCTION and kind is not T.EXPENDITURE and (
        _TITLE_SAYS_ECONOMIC.search(title) or (economic > 0 and functional == 0)
    ):
        reason = "economic classification (not the function table)"
    elif kind in _BY_ECONOMIC and (_TITLE_SAYS_FUNCTION.search(title) or (functional > 0 and economic == 0)):
        reason = "function classification (not the economic table)"
    elif kind in _BY_ECONOMIC and "一般公共预算" not in title and economic == 0 and not table.empty:
        reason = "no economic code (not the basic-expenditure table)"
    if reason is None:
        return table
    return replace(table, type=T.OTHER.value, type_evidence=(*table.type_evidence, f"content:{reason}"))


REPEATABLE_TYPES = frozenset({T.OTHER, T.PERFORMANCE_TARGETS, T.PROJECT_EXPENDITURE})
_SOURCE_RANK = {"title": 3, "header": 2, "content": 1, "number": 0}


def claim_strength(table: Table) -> tuple[int, int]:
    """(how the type was decided: title > header > content > number, how many signals agree)."""
    first = table.type_evidence[0].split(":", 1)[0] if table.type_evidence else "number"
    agreeing = sum(1 for e in table.type_evidence if "suggests" not in e and "overridden" not in e)
    return _SOURCE_RANK.get(first, 0), agreeing


def resolve_duplicates(tables: Sequence[Table]) -> tuple[Table, ...]:
    """A document prints each standard table once: when several tables claim one type (a
    财政拨款 table titled like the 一般公共预算 one, an untitled page typed by its header), the
    strongest claim keeps it (:func:`claim_strength`, then the first printed) and the others
    become ``other``, with the evidence naming the table that holds the type."""
    holders: dict[str, Table] = {}
    for table in tables:
        if TableType(table.type) in REPEATABLE_TYPES:
            continue
        held = holders.get(table.type)
        if held is None or claim_strength(table) > claim_strength(held):
            holders[table.type] = table
    out = []
    for table in tables:
        held = holders.get(table.type)
        if held is not None and held is not table:
            table = replace(
                table, type=T.OTHER.value, type_evidence=(*table.type_evidence, f"duplicate:{held.id} holds {held.type}")
            )
        out.append(table)
    return tuple(out)
