"""The reading of each table, and how far the document's own arithmetic proves it.

A table's *reading* is the interpretation the later stages used: how many header rows, which
columns hold codes, names and amounts (and each amount column's measure), how the codes are
printed, which pages the table spans. Its *confidence* counts the identities that real data
satisfies (DOMAIN.md, "Arithmetic") and that close under that reading:

- hierarchy: a parent code = Σ its child codes, per amount column (a code printed again, as
  under each unit of a 部门综合预算, starts a new run);
- rows: 合计 = 基本支出 + 项目支出 (+ 单位预留机动经费), 合计 = 人员经费 + 公用经费,
  基本支出 = 人员经费 + 公用经费;
- summary: 收入总计 = 支出总计.

An identity closes when the printed whole and the sum of its printed parts differ by no more than
their rounding (``extractor.model.tolerance``). ``closed / tried`` is the table's confidence;
the document's is the sum over its tables. A portal routes documents with low confidence to a person.

Where header words leave a measure open, candidate readings are compared by the same count:
:func:`choose_measures` gives an amount column whose header names no measure (``other``) the
measure under which the most identities close (an unlabelled column between 合计 and 项目支出
that makes 合计 = 基本 + 项目 close on every row is 基本支出). Header text proposes; arithmetic decides.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal

from extractor.model import Identities, LineItem, Reading, Table
from extractor.model.tolerance import half_ulp

ROW_IDENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("basic", "project", "reserve")),
    ("total", ("personnel", "operating")),
    ("basic", ("personnel", "operating")),
)
# measures an unnamed amount column may turn out to hold, tried in this order
CANDIDATE_MEASURES = ("total", "basic", "project", "personnel", "operating")
_SUMMARY_TYPES = frozenset({"income_expenditure_summary", "appropriation_summary"})
_CELL_NOISE = re.compile(r"<[^>]+>|\s+")
_INCOME_TOTALS = ("收入总计", "收入合计")
_SPENDING_TOTALS = ("支出总计", "支出合计")


def _closes_sum(wholes: Sequence[LineItem], parts: Sequence[LineItem]) -> bool:
    """Σ wholes = Σ parts within the rounding of every printed amount."""
    tolerance = sum((half_ulp(i.printed, i.unit, i.amount_yuan) for i in (*wholes, *parts)), Decimal(0))
    total = sum((i.amount_yuan for i in wholes), Decimal(0))
    return abs(total - sum((p.amount_yuan for p in parts), Decimal(0))) <= tolerance


def _closes(whole: LineItem, parts: Sequence[LineItem]) -> bool:
    return _closes_sum((whole,), parts)


def hierarchy_identities(items: Iterable[LineItem], failures: list[str] | None = None) -> Identities:
    """Parent = Σ children for every coded parent with printed children, per amount column."""
    columns: dict[tuple[str, str | None], list[LineItem]] = defaultdict(list)
    for item in items:
        if item.code:
            columns[(item.measure, item.column)].append(item)
    result = Identities()
    for column in columns.values():
        for run in _runs(column):
            result += _run_identities(run, failures)
    return result


def _runs(column: list[LineItem]) -> Iterator[dict[str, list[LineItem]]]:
    """The column's items by code. A code printed on consecutive rows (one 部门 economic code
    beside several 政府 codes, 西安) is one node, its rows summed; a code printed again later
    (under each unit of a 部门综合预算) starts a new run."""
    run: dict[str, list[LineItem]] = {}
    last: str | None = None
    for item in sorted(column, key=lambda i: i.row):
        assert item.code is not None
        if item.code in run and item.code != last:
            yield run
            run = {}
        run.setdefault(item.code, []).append(item)
        last = item.code
    if run:
        yield run


def _printed_ancestor(code: str, run: dict[str, list[LineItem]]) -> str | None:
    """The nearest ancestor printed in the run: the parent, or the grandparent when the parent
    row is not printed (3010201 directly under 301, Xi'an's local economic numbering)."""
    ancestor = code[:-2] if len(code) in (5, 7) else None
    while ancestor is not None and ancestor not in run:
        ancestor = ancestor[:-2] if len(ancestor) == 5 else None
    return ancestor


def _run_identities(run: dict[str, list[LineItem]], failures: list[str] | None = None) -> Identities:
    children: dict[str, list[LineItem]] = defaultdict(list)
    for code, rows in run.items():
        parent = _printed_ancestor(code, run)
        if parent is not None:
            children[parent].extend(rows)
    closed = 0
    for parent, parts in children.items():
        wholes = run[parent]
        if _closes_sum(wholes, parts):
            closed += 1
        elif failures is not None:
            whole = wholes[0]
            failures.append(
                f"{whole.table} row {whole.row} {parent} {whole.measure}: {whole.printed} ≠ Σ{len(parts)} children "
                f"{sum((p.amount_yuan for p in parts), Decimal(0))} 元"
            )
    return Identities(closed, len(children))


def row_identities(items: Iterable[LineItem], failures: list[str] | None = None) -> Identities:
    """合计 = 基本 + 项目 (+ 预留), 合计 = 人员 + 公用, 基本 = 人员 + 公用 on each row that prints them."""
    # keyed by the row and its code or label: the two sides of a summary share grid rows
    rows: dict[tuple[int, str | None], dict[str, LineItem]] = defaultdict(dict)
    for item in items:
        rows[(item.row, item.code or item.label)].setdefault(item.measure, item)
    result = Identities()
    for measures in rows.values():
        for whole, part_names in ROW_IDENTITIES:
            if whole == "total" and "personnel" in part_names and ("basic" in measures or "project" in measures):
                continue  # 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出: 人员 + 公用 make 基本, not 合计
            parts = [measures[p] for p in part_names if p in measures]
            if whole in measures and len(parts) >= 2:
                ok = _closes(measures[whole], parts)
                result += Identities(int(ok), 1)
                if not ok and failures is not None:
                    w = measures[whole]
                    failures.append(
                        f"{w.table} row {w.row} {w.code or w.label}: {whole} {w.printed} ≠ "
                        + " + ".join(f"{p.measure} {p.printed}" for p in parts)
                    )
    return result


def summary_identities(table: Table, items: Iterable[LineItem], failures: list[str] | None = None) -> Identities:
    """收入总计 = 支出总计 in a summary table."""
    if table.type not in _SUMMARY_TYPES:
        return Identities()
    totals = [i for i in items if i.label and i.measure == "total"]
    income = next((i for i in totals if i.label in _INCOME_TOTALS), None)
    spending = next((i for i in totals if i.label in _SPENDING_TOTALS), None)
    if income is None or spending is None:
        return Identities()
    ok = _closes(income, [spending])
    if not ok and failures is not None:
        failures.append(f"{table.id} 收入总计 {income.printed} ≠ 支出总计 {spending.printed}")
    return Identities(int(ok), 1)


def table_identities(table: Table, items: Sequence[LineItem], failures: list[str] | None = None) -> Identities:
    """All identities of one table; descriptions of those that do not close go to ``failures``."""
    return (
        hierarchy_identities(items, failures)
        + row_identities(items, failures)
        + summary_identities(table, items, failures)
    )


# An amount column as choose_measures tells columns apart: its header path and, when two amount
# columns print the same path (``小计`` under 当年预算 and again under 基本支出 when a converter
# lost the spanning cell between), its grid column; -1 for a path that names one column.
ColumnKey = tuple[str, int]


def column_keys(items: Sequence[LineItem], table: Table | None = None) -> list[ColumnKey]:
    """The column of each item, aligned with ``items``. Items of a path that several grid columns
    print are placed by their row: on each row (and row key) the items of the path go, in order,
    to those columns whose cell on that row (or the next, where amounts wrapped) prints the
    item's text; when every such column has an item, they go in column order. An item that
    cannot be placed keys as ``(path, -1)``."""
    paths = [i.column or "" for i in items]
    if table is None:
        return [(p, -1) for p in paths]
    where: dict[str, list[int]] = defaultdict(list)
    for col, path in enumerate(table.columns):
        where[path].append(col)
    shared = {path for path, cols in where.items() if len(cols) > 1}
    keys: list[ColumnKey] = [(p, -1) for p in paths]
    groups: dict[tuple[int, str | None, str], list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        if paths[n] in shared:
            groups[(item.row, item.code or item.label, paths[n])].append(n)
    for (row, _, path), members in groups.items():
        cols = where[path]
        if len(members) == len(cols):
            for n, col in zip(members, cols, strict=True):
                keys[n] = (path, col)
            continue
        free = list(cols)
        for n in members:
            found = next((c for c in free if _prints(table, row, c, items[n].printed)), None)
            if found is not None:
                free.remove(found)
                keys[n] = (path, found)
    return keys


def _prints(table: Table, row: int, col: int, printed: str) -> bool:
    """The cell at (``row`` or ``row + 1``, ``col``) prints ``printed`` (spaces and tags aside)."""
    squeezed = _CELL_NOISE.sub("", printed)
    return any(_CELL_NOISE.sub("", table.grid.origin_text(r, col)) == squeezed for r in (row, row + 1) if r < table.grid.n_rows)


def _key_name(key: ColumnKey) -> str:
    path, col = key
    return path if col < 0 else f"{path} (column {col})"


def choose_measures(
    items: Sequence[LineItem], table: Table | None = None
) -> tuple[tuple[LineItem, ...], tuple[str, ...]]:
    """Items with each unnamed (``other``) amount column given the candidate measure under which
    the most row identities close, when one closes more than the unnamed reading does; returns
    the items and the columns so decided (``'column → measure'``). Columns are told apart by
    :func:`column_keys`: two columns with one header path are two candidates."""
    keys = column_keys(items, table)
    unnamed = sorted({k for i, k in zip(items, keys, strict=True) if i.measure == "other"})
    decided: list[str] = []
    for column in unnamed:
        taken = {i.measure for i, k in zip(items, keys, strict=True) if k != column}
        best, best_closed = None, row_identities(items).closed
        for measure in CANDIDATE_MEASURES:
            if measure in taken:
                continue
            found = row_identities(_with_measure(items, keys, column, measure))
            if found.closed > best_closed and found.closed == found.tried:
                best, best_closed = measure, found.closed
        if best is not None:
            items = _with_measure(items, keys, column, best)
            decided.append(f"{_key_name(column)} → {best}")
    return tuple(items), tuple(decided)


def _with_measure(items: Sequence[LineItem], keys: list[ColumnKey], column: ColumnKey, measure: str) -> list[LineItem]:
    return [
        replace(i, measure=measure) if k == column and i.measure == "other" else i
        for i, k in zip(items, keys, strict=True)
    ]


def code_form(table: Table, items: Sequence[LineItem]) -> str:
    """How the table prints its codes: ``split`` (类 | 款 | 项 columns), ``column`` (one column of
    codes; ``partial`` when a 款 prints its last two digits only), ``in-name`` (fused with or
    bracketed in the name), ``none`` (no code)."""
    from extractor.semantics.blocks import table_blocks

    if not any(i.code for i in items):
        return "none"
    blocks = table_blocks(table, summary=table.type in _SUMMARY_TYPES)
    coded = next((b for b in blocks if b.code_cols), None)
    if coded is None:
        return "in-name"
    if coded.split_codes:
        return "split"
    col = coded.code_cols[0]
    printed = {table.grid.origin_text(i.row, col).strip() for i in items if i.code}
    return "partial" if any(len(p) == 2 for p in printed) else "column"


def read_tables(tables: Sequence[Table], items: Sequence[LineItem]) -> tuple[tuple[Table, ...], tuple[LineItem, ...], Identities]:
    """Each table's reading and confidence; the line items with measures decided by arithmetic;
    the document's confidence."""
    by_table: dict[str, list[LineItem]] = defaultdict(list)
    for item in items:
        by_table[item.table].append(item)
    out_tables: list[Table] = []
    out_items: list[LineItem] = []
    document = Identities()
    for table in tables:
        own, decided = choose_measures(by_table.get(table.id, []), table)
        confidence = table_identities(table, own)
        document += confidence
        out_items.extend(own)
        out_tables.append(replace(table, reading=describe(table, own, decided, confidence)))
    return tuple(out_tables), tuple(out_items), document


def describe(table: Table, items: Sequence[LineItem], decided: tuple[str, ...], confidence: Identities) -> Reading:
    roles: list[str] = []
    measures = {key: i.measure for i, key in zip(items, column_keys(items, table), strict=True) if i.column}
    for col, path in enumerate(table.columns):
        measure = (measures.get((path, col)) or measures.get((path, -1))) if path else None
        roles.append(f"{col}:amount:{measure}" if measure else f"{col}:{_role(table, col)}")
    pages = tuple(range(table.pages[0], table.pages[1] + 1)) if table.pages else ()
    return Reading(
        header_rows=table.header_rows,
        column_roles=tuple(roles),
        code_form=code_form(table, items),
        pages=pages,
        measures_from_arithmetic=decided,
        confidence=confidence,
    )


def _role(table: Table, col: int) -> str:
    from extractor.semantics.blocks import column_role

    return column_role(table, col).value
