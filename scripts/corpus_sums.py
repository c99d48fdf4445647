"""Check the line items of every corpus document against the document's own arithmetic.

For the expenditure, income, general-budget and basic-expenditure tables:

- hierarchy: each parent code equals the sum of its child codes (per table and measure);
- rows: total = basic + project (+ reserve, Jiangsu 单位预留机动经费), total = personnel + operating.

Prints, per document, the items, the tables typed (not ``other``), and how many sums close;
``--show`` lists the sums that do not close (mostly the documents' own defects).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.model import LineItem  # noqa: E402
from extractor.pipeline import extract  # noqa: E402

CHECKED = {"expenditure", "income", "general_budget_expenditure", "general_budget_basic_expenditure"}
ROW_IDENTITIES = (("total", ("basic", "project", "reserve")), ("total", ("personnel", "operating")))


def hierarchy_sums(items: Iterable[LineItem]) -> tuple[int, list[str]]:
    """(sums checked, descriptions of those that fail) for parent = Σ children."""
    amounts: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    for item in items:
        if item.code and item.table_type in CHECKED:
            amounts[(item.table, item.measure)].setdefault(item.code, item.amount_yuan)
    checked, failed = 0, []
    for (table, measure), codes in amounts.items():
        children: dict[str, list[Decimal]] = defaultdict(list)
        for code, value in codes.items():
            if len(code) > 3:
                children[code[:-2]].append(value)
        for parent, values in children.items():
            if parent in codes:
                checked += 1
                if sum(values) != codes[parent]:
                    failed.append(
                        f"{table} {measure} {parent}: printed {codes[parent]}, children {sum(values)}"
                    )
    return checked, failed


def row_sums(items: Iterable[LineItem]) -> tuple[int, list[str]]:
    """(sums checked, failures) for total = basic + project and total = personnel + operating."""
    rows: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(dict)
    for item in items:
        if item.table_type in CHECKED:
            rows[(item.table, item.row)][item.measure] = item.amount_yuan
    checked, failed = 0, []
    for (table, row), measures in rows.items():
        for whole, parts in ROW_IDENTITIES:
            if whole in measures and any(p in measures for p in parts):
                checked += 1
                total = sum((measures.get(p, Decimal(0)) for p in parts), Decimal(0))
                if total != measures[whole]:
                    failed.append(
                        f"{table} row {row}: {whole} {measures[whole]} != {'+'.join(parts)} {total}"
                    )
    return checked, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--show", action="store_true", help="list the sums that do not close")
    args = parser.parse_args(argv)
    for path in sorted(args.corpus.rglob("*.pdf")):
        try:
            result = extract(path)
        except Exception as err:  # a measurement script reports and goes on
            print(f"{path.relative_to(args.corpus)}: ERROR {type(err).__name__}: {err}")
            continue
        typed = sum(1 for t in result.tables if t.type != "other")
        h_checked, h_failed = hierarchy_sums(result.line_items)
        r_checked, r_failed = row_sums(result.line_items)
        print(
            f"{path.relative_to(args.corpus)}: items {len(result.line_items)}, "
            f"tables typed {typed}/{len(result.tables)}, "
            f"hierarchy sums {h_checked - len(h_failed)}/{h_checked}, row sums {r_checked - len(r_failed)}/{r_checked}"
        )
        if args.show:
            for line in h_failed + r_failed:
                print(f"    {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
