"""What should be there: the nine mandatory tables, the tables the 目录 promises, units, codes.

- ``table-missing``: a mandatory table type (DOMAIN.md's nine) has no table. Error for budgets
  and final accounts from 2020 on (warning before, when the rule did not yet hold everywhere);
  a warning with cause ``extraction`` when an untyped table's title names it. A document with none
  of the nine (a narrative published apart from its tables, a lone 绩效自评表) gets one
  ``tables-absent`` info instead.
- ``toc-table-missing``: a 目录 entry of the table part (or any 目录 entry ending in 表) matches no
  table by number (``七`` ↔ ``表7`` / ``公开表七`` / ``公开07表``), by title, nor by the type its
  title names (``政府采购支出预算表`` ↔ a government_procurement table). A warning (cause
  ``extraction``) when tables without number or title could be the missing ones, or when most
  entries go unmatched.
- ``table-unit-missing``: a standard table with amounts but no 单位.
- ``table-empty``: a table declared empty (info, with its note).
- ``code-unknown``: a code not shaped like a code, or whose 类 is in no list, or an economic 款
  missing from a class the list holds completely (301, 302, 303, 310).
- ``code-name-mismatch``: a printed name that is not an accepted name of its code.
- ``code-name-inconsistent``: one code printed with different names in different tables.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from extractor.model import Finding, LineItem, Severity, Table, TocEntry
from extractor.validate.context import Context, make, squeeze, table_name
from extractor.validate.hierarchy import valid_code

MANDATORY: dict[str, str] = {
    "income_expenditure_summary": r"收支总|收入支出.*总表",
    "income": r"收入(?:总|预算|决算)?(?:体情况)?表",
    "expenditure": r"支出(?:总|预算总|决算)(?:体情况)?表",
    "appropriation_summary": r"财政拨款收",
    "general_budget_expenditure": r"一般公共预算.*支出",
    "general_budget_basic_expenditure": r"基本支出",
    "three_public_expenses": r"三公",
    "government_fund_expenditure": r"政府性基金",
    "state_capital_expenditure": r"国有资本",
}
TYPE_WORDS = {
    "income_expenditure_summary": "收支总表",
    "income": "收入总表",
    "expenditure": "支出总表",
    "appropriation_summary": "财政拨款收支总表",
    "general_budget_expenditure": "一般公共预算支出表",
    "general_budget_basic_expenditure": "一般公共预算基本支出表",
    "three_public_expenses": "“三公”经费支出表",
    "government_fund_expenditure": "政府性基金预算支出表",
    "state_capital_expenditure": "国有资本经营预算支出表",
}
MANDATORY_SINCE = 2020
"""DOMAIN.md: required "since about 2019"; 2019 budgets in the corpus (Jiangsu) still follow the
older twelve-table template without a 国有资本经营 table, so the rule is enforced from 2020."""
UNITLESS_TYPES = frozenset({"other", "performance_targets", "project_expenditure", "state_assets"})
CN_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
_NUMBER = re.compile(r"^(?:附)?(?:公开)?表\s*([0-9一二三四五六七八九十]+)|^公开\s*0*(\d+)\s*表")
_TABLE_PART = re.compile(r"表$|报表|公开表|预算表|决算表")
_TOC_NUMBER = re.compile(r"^([一二三四五六七八九十]+)[、.．]?$|^(\d+)[、.．]?$")


def cn_to_int(text: str) -> int | None:
    """``七`` → 7, ``十二`` → 12, ``07`` → 7."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_NUMERALS and c != "十" for c in text):
        return None
    if "十" not in text:
        return CN_NUMERALS[text[0]] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_NUMERALS.get(tens, 1) if tens else 1) * 10 + (CN_NUMERALS.get(ones, 0) if ones else 0)


def table_number(table: Table) -> int | None:
    match = _NUMBER.match(squeeze(table.number))
    if not match:
        return None
    return cn_to_int(match.group(1) or match.group(2))


def _titled(tables: Sequence[Table], pattern: str) -> list[Table]:
    return [t for t in tables if re.search(pattern, squeeze(t.title))]


def missing_tables(ctx: Context) -> list[Finding]:
    tables = ctx.result.tables
    if not any(t.type in MANDATORY for t in tables):
        # a narrative published apart from its tables, or a lone form (部门整体绩效自评表): no
        # financial table to miss the others of
        message = "no tables found: the document prints none, or publishes them separately"
        if tables:
            message = "none of the standard financial tables: the document publishes them separately, or is a form only"
        return [
            make(
                "tables-absent",
                Severity.INFO,
                message,
                prov=ctx.result.sections[0].prov if ctx.result.sections else None,
            )
        ]
    year = ctx.result.document.fiscal_year
    findings = []
    for kind, pattern in MANDATORY.items():
        if any(t.type == kind for t in tables):
            continue
        others = [t for t in tables if t.type == "other"]
        untyped = _titled(others, pattern) or [t for t in others if not squeeze(t.title)]
        severity = (
            Severity.WARNING if untyped or (year is not None and year < MANDATORY_SINCE) else Severity.ERROR
        )
        message = f"mandatory table {TYPE_WORDS[kind]} ({kind}) is missing"
        if untyped:
            message += f"; {table_name(untyped[0])} “{squeeze(untyped[0].title)}” may be it"
        findings.append(make("table-missing", severity, message, cause="extraction" if untyped else None))
    return findings


def toc_table_entries(toc: Sequence[TocEntry]) -> list[TocEntry]:
    """目录 entries promising a table: children of the table part, or titles ending in 表."""
    out: list[TocEntry] = []
    in_part = False
    top = min((e.level for e in toc), default=1)
    for entry in toc:
        title = squeeze(entry.title)
        if entry.level == top:
            in_part = bool(_TABLE_PART.search(title)) and "说明" not in title
            continue
        if (in_part and entry.level == top + 1) or title.endswith("表"):
            out.append(entry)
    return out


def _suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


MIN_TITLE_SUFFIX = 6
MIN_TITLE_CHARS = 2


def match_toc(entries: Sequence[TocEntry], tables: Sequence[Table]) -> list[TocEntry]:
    """The entries no table answers, by number first, then by title."""
    by_number = {n: t for t in tables if (n := table_number(t)) is not None}
    claimed: set[str] = set()
    unmatched: list[TocEntry] = []
    for entry in entries:
        number = _TOC_NUMBER.match(squeeze(entry.numbering))
        n = cn_to_int(number.group(1) or number.group(2)) if number else None
        if n is not None and n in by_number:
            claimed.add(by_number[n].id)
        else:
            unmatched.append(entry)
    exact = {squeeze(t.title): t for t in reversed(tables) if t.id not in claimed and squeeze(t.title)}
    rest = []
    for entry in unmatched:
        found = exact.get(squeeze(entry.title))
        if found is not None and found.id not in claimed:
            claimed.add(found.id)
        else:
            rest.append(entry)
    missing = []
    for entry in rest:
        title = squeeze(entry.title)
        free = [t for t in tables if t.id not in claimed]
        best = max(free, key=lambda t: _suffix(title, squeeze(t.title)), default=None)
        kind = title_type(title)
        typed = next((t for t in free if kind is not None and t.type == kind), None)
        if best is not None and _suffix(title, squeeze(best.title)) >= MIN_TITLE_SUFFIX:
            claimed.add(best.id)
        elif typed is not None:
            claimed.add(typed.id)
        else:
            missing.append(entry)
    return missing


TITLE_TYPES: tuple[tuple[str, str], ...] = (
    ("项目支出", "general_budget_project_expenditure"),
    ("基本支出", "general_budget_basic_expenditure"),
    ("三公", "three_public_expenses"),
    ("政府性基金", "government_fund_expenditure"),
    ("国有资本", "state_capital_expenditure"),
    ("机关运行", "office_operation"),
    ("政府采购", "government_procurement"),
    ("委托业务", "entrusted_services"),
    ("结转结余", "carryover"),
    ("绩效目标", "performance_targets"),
    ("收支总|收入支出总|收入支出决算总", "income_expenditure_summary"),
    ("财政拨款收", "appropriation_summary"),
    ("收入", "income"),
    ("支出总|支出预算总|支出决算表", "expenditure"),
    ("一般公共预算.*支出", "general_budget_expenditure"),
)
"""目录 titles → the type of table they promise, most specific first (a fallback match)."""


def title_type(title: str) -> str | None:
    for pattern, kind in TITLE_TYPES:
        if re.search(pattern, title):
            return kind
    return None


def toc_findings(ctx: Context) -> list[Finding]:
    entries = toc_table_entries(ctx.result.toc)
    tables = ctx.result.tables
    if not entries or not tables:
        return []
    missing = match_toc(entries, tables)
    unnamed = [t for t in tables if not squeeze(t.number) and len(squeeze(t.title)) <= MIN_TITLE_CHARS]
    suspicious = len(missing) * 2 > len(entries) or len(missing) <= len(unnamed)
    findings = []
    for entry in missing:
        message = f"目录 promises {squeeze(entry.numbering)} {squeeze(entry.title)}, but no such table is in the body"
        severity, cause = (Severity.WARNING, "extraction") if suspicious else (Severity.ERROR, "document")
        findings.append(make("toc-table-missing", severity, message, prov=entry.prov, cause=cause))
    return findings


def table_notes(ctx: Context) -> list[Finding]:
    findings = []
    for table in ctx.result.tables:
        name = table_name(table)
        if table.empty:
            note = f": {table.note}" if table.note else ""
            findings.append(
                make(
                    "table-empty",
                    Severity.INFO,
                    f"{name} is declared empty{note}",
                    table=table.id,
                    prov=table.prov,
                )
            )
        if table.unit is None and table.type not in UNITLESS_TYPES and ctx.items_of(table):
            message = f"{name} {squeeze(table.title)} prints amounts but no 单位 (unit)"
            findings.append(
                make("table-unit-missing", Severity.WARNING, message, table=table.id, prov=table.prov)
            )
    return findings


def _codelists() -> (
    tuple[Callable[[], frozenset[str]], Callable[[str, str], bool | None], Callable[[str], str | None]] | None
):
    try:
        from extractor.semantics import codelists
    except ImportError:  # pragma: no cover - the loader ships with the semantics stage
        return None
    return codelists.known_codes, codelists.name_agrees, codelists.reference_name


COMPLETE_CLASSES = frozenset({"301", "302", "303", "310"})
"""Economic classes whose 款 the shipped list holds completely; function 款 and 项 it holds only
as observed in documents, so only their 类 is checked."""


def unknown_code(code: str, known: frozenset[str]) -> bool:
    if not valid_code(code) or code[:3] not in known:
        return True
    return code not in known and code[:3] in COMPLETE_CLASSES


def code_findings(ctx: Context) -> list[Finding]:
    lists = _codelists()
    if lists is None:
        return []
    known, agrees, reference = lists
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for item in ctx.result.line_items:
        if not item.code or (item.table, item.code) in seen:
            continue
        seen.add((item.table, item.code))
        where = f"{ctx.table_name(item.table)} row {item.code}"
        if unknown_code(item.code, known()):
            findings.append(
                make(
                    "code-unknown",
                    Severity.WARNING,
                    f"{where} {squeeze(item.name)}: code in no code list",
                    item,
                )
            )
        elif item.name and agrees(item.code, item.name) is False:
            message = (
                f"{where}: name {squeeze(item.name)} differs from the code list's {reference(item.code)}"
            )
            findings.append(make("code-name-mismatch", Severity.WARNING, message, item))
    return findings + inconsistent_names(ctx)


def inconsistent_names(ctx: Context) -> list[Finding]:
    names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    first: dict[str, LineItem] = {}
    for item in ctx.result.line_items:
        if item.code and item.name:
            tables = names[item.code][squeeze(item.name)]
            name = ctx.table_name(item.table)
            if name not in tables:
                tables.append(name)
            first.setdefault(item.code, item)
    findings = []
    for code, variants in names.items():
        if len(variants) > 1:
            listed = "; ".join(f"{n} ({', '.join(t)})" for n, t in variants.items())
            findings.append(
                make(
                    "code-name-inconsistent",
                    Severity.WARNING,
                    f"code {code} is named differently: {listed}",
                    first[code],
                )
            )
    return findings


def check_presence(ctx: Context) -> list[Finding]:
    return [*missing_tables(ctx), *toc_findings(ctx), *table_notes(ctx), *code_findings(ctx)]
