"""Amounts read by OCR, checked digit by digit against the document's own identities.

OCR confuses a few digits (3/8, 1/7, 0/6, 5/6, 0/8 …) and can lose a decimal point. Where the
identities the validator checks (parent = Σ children, 合计 = 基本 + 项目, 收入总计 = 支出总计,
the same total in several tables) fail on an OCR'd table, :func:`correct_ocr_amounts` tries the
readings such a confusion allows for the unsure amounts (confidence under :data:`UNSURE`) of the
failing tables — the least confident first — and keeps one only when it closes more identities than it opens and no other reading
of that amount does as well. The table cell and the line item take the corrected text; a
finding (``ocr-digit-corrected``, info) says which digits changed and which identities chose
them. Each line item of an OCR'd page also gets its cell's ``ocr_confidence``.

Only documents with OCR'd pages go through here; the others are returned unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from extractor.model import Cell, Extraction, Finding, Grid, LineItem, Severity, Table
from extractor.model.amounts import parse_amount, to_yuan
from extractor.validate.context import Context
from extractor.validate.cross_tables import check_cross_tables
from extractor.validate.hierarchy import check_hierarchy
from extractor.validate.rows import check_rows
from extractor.validate.summary import check_summaries
from extractor.validate.three_public import check_three_public

CHECK = "ocr-digit-corrected"
CONFUSABLE = {
    "0": "689", "1": "7", "2": "7", "3": "8", "5": "6", "6": "058", "7": "12", "8": "036", "9": "0",
}
"""Digits the recognizer mistakes for one another."""
MAX_ITEMS = 40
"""Amounts tried per round, least confident first."""
UNSURE = 0.98
"""Only amounts read with less confidence are tried: a misprint the recognizer read with
certainty is the document's (the validator reports it), not the OCR's."""
MAX_ROUNDS = 4
_ARITHMETIC = (check_hierarchy, check_rows, check_summaries, check_cross_tables, check_three_public)


def correct_ocr_amounts(result: Extraction) -> tuple[Extraction, tuple[Finding, ...]]:
    """The extraction with OCR confidences on its line items and misread digits corrected,
    and one finding per correction."""
    if not result.source.pages_ocr:
        return result, ()
    result = _with_confidences(result)
    result, findings = _correct_codes(result)
    for _ in range(MAX_ROUNDS):
        failures = _failures(result)
        if not failures:
            break
        fix = _best_fix(result, failures)
        if fix is None:
            break
        index, printed, closed = fix
        old = result.line_items[index]
        result = _apply(result, index, printed)
        findings.append(_finding(old, printed, closed))
    return result, tuple(findings)


def _correct_codes(result: Extraction) -> tuple[Extraction, list[Finding]]:
    """Codes misread on OCR'd rows (``2066404`` for ``2060404``): when a code's parent is not in
    its table, and exactly one code a confusable digit away (after the 类 part), not in the table
    yet, is a known code of the row's printed name under a parent the table has, the row takes it."""
    from extractor.semantics.codelists import name_agrees
    from extractor.semantics.codes import code_parent

    codes: dict[str, set[str]] = {}
    for item in result.line_items:
        if item.code:
            codes.setdefault(item.table, set()).add(item.code)
    fixes: dict[tuple[str, int, str], str] = {}
    for item in result.line_items:
        if item.ocr_confidence is None or not item.code or not item.name:
            continue
        key = (item.table, item.row, item.code)
        if key in fixes:
            continue
        present = codes[item.table]
        parent = code_parent(item.code)
        if parent is None or parent in present:  # in its place in the table's hierarchy
            continue
        found = {v for v in _code_variants(item.code) if v not in present and name_agrees(v, item.name)
                 and code_parent(v) in present}
        fixes[key] = found.pop() if len(found) == 1 else ""
    fixes = {k: v for k, v in fixes.items() if v}
    if not fixes:
        return result, []
    items: list[LineItem] = []
    findings: list[Finding] = []
    for item in result.line_items:
        new = fixes.get((item.table, item.row, item.code or ""))
        if new is None:
            items.append(item)
            continue
        items.append(replace(item, code=new, parent=code_parent(new)))
        if (item.table, item.row) not in {(f.table, f.row) for f in findings}:
            findings.append(Finding(
                CHECK, Severity.INFO,
                f"OCR read the code {item.code!r} ({item.name}); corrected to {new!r} "
                f"({', '.join(f'{a}→{b}' for a, b in _changes(item.code or '', new))}): {item.code} is no code of "
                f"that name in this table's hierarchy, and {new} is the only code a confusable digit away that is",
                table=item.table, row=item.row, prov=item.prov, cause="extraction"))
    return replace(result, line_items=tuple(items)), findings


def _code_variants(code: str) -> Iterator[str]:
    for k in range(3, len(code)):
        for other in CONFUSABLE.get(code[k], ""):
            yield code[:k] + other + code[k + 1:]


def _with_confidences(result: Extraction) -> Extraction:
    confidence = {(c.prov.page, c.prov.bbox): c.ocr_confidence for t in result.tables for c in t.grid.cells
                  if c.ocr_confidence is not None}
    items = tuple(replace(i, ocr_confidence=confidence.get((i.prov.page, i.prov.bbox), i.ocr_confidence))
                  for i in result.line_items)
    return replace(result, line_items=items)


def _failures(result: Extraction) -> list[Finding]:
    ctx = Context.of(result)
    out: list[Finding] = []
    for check in _ARITHMETIC:
        try:
            out += check(ctx)
        except Exception:  # a check that cannot run decides nothing here (validate reports it)
            continue
    return out


def _score(findings: Sequence[Finding]) -> int:
    return sum(2 if f.severity is Severity.ERROR else 1 for f in findings)


def _best_fix(result: Extraction, failures: list[Finding]) -> tuple[int, str, list[Finding]] | None:
    """The one reading that closes the most identities, when it is the only one that does."""
    base = _score(failures)
    tables = {f.table for f in failures if f.table}
    suspects = sorted((i for i, item in enumerate(result.line_items)
                       if item.ocr_confidence is not None and item.ocr_confidence < UNSURE and item.table in tables),
                      key=lambda i: (result.line_items[i].ocr_confidence or 1.0, i))[:MAX_ITEMS]
    best: list[tuple[int, int, str, list[Finding]]] = []
    for index in suspects:
        item = result.line_items[index]
        for printed in readings(item.printed):
            value = parse_amount(printed)
            if value is None:
                continue
            trial = replace(result, line_items=_replaced(result.line_items, index,
                                                         replace(item, amount_yuan=to_yuan(value, item.unit))))
            after = _failures(trial)
            gain = base - _score(after)
            if gain > 0:
                best.append((gain, index, printed, _closed(failures, after)))
    if not best:
        return None
    best.sort(key=lambda b: (-b[0], result.line_items[b[1]].ocr_confidence or 1.0))
    if len(best) > 1 and best[1][0] == best[0][0]:
        return None  # two readings do equally well: the identities do not decide
    gain, index, printed, closed = best[0]
    return index, printed, closed


def _closed(before: Sequence[Finding], after: Sequence[Finding]) -> list[Finding]:
    remaining = {(f.check, f.table, f.row, f.column) for f in after}
    return [f for f in before if (f.check, f.table, f.row, f.column) not in remaining]


def _replaced(items: tuple[LineItem, ...], index: int, item: LineItem) -> tuple[LineItem, ...]:
    return (*items[:index], item, *items[index + 1:])


def readings(printed: str) -> Iterator[str]:
    """Other texts OCR may have misread as ``printed``: one confusable digit changed, or the
    decimal point lost, misplaced or invented."""
    seen = {printed}
    for k, ch in enumerate(printed):
        for other in CONFUSABLE.get(ch, ""):
            text = printed[:k] + other + printed[k + 1:]
            if text not in seen:
                seen.add(text)
                yield text
    if len(printed) > 1 and printed[0] in "1I|l" and printed[1].isdigit():  # the end of a ruling read as 1
        text = _group_like(printed[1:], printed)
        if text not in seen:
            seen.add(text)
            yield text
    bare = printed.replace(",", "").replace("，", "")
    digits = bare.replace(".", "")
    sign = "-" if digits.startswith("-") else ""
    digits = digits.lstrip("-")
    for decimals in (2, 1, 0):
        if len(digits) > decimals:
            body = digits[: len(digits) - decimals].lstrip("0") or "0"
            text = sign + _group(body) + ("." + digits[len(digits) - decimals:] if decimals else "")
            if text not in seen and text.replace(",", "") != bare:
                seen.add(text)
                yield text


def _group_like(text: str, printed: str) -> str:
    """``text`` with its thousands grouped again, as ``printed`` groups them."""
    if "," not in printed:
        return text
    whole, dot, decimals = text.replace(",", "").partition(".")
    return (_group(whole) if whole.isdigit() else whole) + dot + decimals


def _group(digits: str) -> str:
    return f"{int(digits):,}"


def _apply(result: Extraction, index: int, printed: str) -> Extraction:
    """The correction written into the line item and its table cell."""
    item = result.line_items[index]
    value = parse_amount(printed)
    assert value is not None
    items = _replaced(result.line_items, index, replace(item, amount_yuan=to_yuan(value, item.unit), printed=printed))
    tables = tuple(_patch_table(t, item, printed) if t.id == item.table else t for t in result.tables)
    return replace(result, line_items=items, tables=tables)


def _patch_table(table: Table, item: LineItem, printed: str) -> Table:
    cells: list[Cell] = [
        replace(c, text=printed) if c.prov.page == item.prov.page and c.prov.bbox == item.prov.bbox else c
        for c in table.grid.cells
    ]
    return replace(table, grid=Grid(table.grid.n_rows, table.grid.n_cols, tuple(cells)))


def _finding(item: LineItem, printed: str, closed: Sequence[Finding]) -> Finding:
    changed = ", ".join(f"{a}→{b}" for a, b in _changes(item.printed, printed)) or _shift(item.printed, printed)
    checks = sorted({f.check for f in closed})
    confidence = f", confidence {item.ocr_confidence:.2f}" if item.ocr_confidence is not None else ""
    where = item.code or item.label or item.name or f"row {item.row}"
    message = (f"OCR read {item.printed!r} ({where}, {item.measure}{confidence}); corrected to {printed!r} "
               f"({changed}): with it {len(closed)} failing identit{'y' if len(closed) == 1 else 'ies'} "
               f"close ({', '.join(checks)}), and no other reading of a confusable digit does as well")
    value = parse_amount(printed)
    return Finding(CHECK, Severity.INFO, message, table=item.table, row=item.row, column=item.column,
                   prov=item.prov, expected=to_yuan(value, item.unit) if value is not None else None,
                   actual=item.amount_yuan, cause="extraction")


def _shift(before: str, after: str) -> str:
    if before.replace(",", "")[1:] == after.replace(",", ""):
        return f"the leading {before[0]!r} dropped: the end of a ruling"
    return "the decimal point moved"


def _changes(before: str, after: str) -> list[tuple[str, str]]:
    if len(before) != len(after):
        return []
    return [(a, b) for a, b in zip(before, after, strict=True) if a != b]

