"""Check every corpus document against its own arithmetic, as the reading step does.

For every table: parent code = Σ child codes per amount column; 合计 = 基本 + 项目 (+ 预留),
合计 = 人员 + 公用, 基本 = 人员 + 公用 per row; 收入总计 = 支出总计 in the summary tables
(``extractor.semantics.reading``). Prints, per document, the items, the tables typed (not
``other``) and the identities closed / tried (the document's ``confidence``); ``--show`` lists
those that do not close (mostly the documents' own defects: see the session notes).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.model import LineItem  # noqa: E402
from extractor.pipeline import extract  # noqa: E402
from extractor.semantics.reading import table_identities  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--show", action="store_true", help="list the identities that do not close")
    args = parser.parse_args(argv)
    for path in sorted(args.corpus.rglob("*.pdf")):
        try:
            result = extract(path)
        except Exception as err:  # a measurement script reports and goes on
            print(f"{path.relative_to(args.corpus)}: ERROR {type(err).__name__}: {err}")
            continue
        by_table: dict[str, list[LineItem]] = defaultdict(list)
        for item in result.line_items:
            by_table[item.table].append(item)
        failures: list[str] = []
        for table in result.tables:
            table_identities(table, by_table.get(table.id, []), failures)
        typed = sum(1 for t in result.tables if t.type != "other")
        c = result.confidence
        share = f"{100 * c.closed / c.tried:.1f}%" if c.tried else "-"
        print(
            f"{path.relative_to(args.corpus)}: items {len(result.line_items)}, tables typed {typed}/{len(result.tables)}, "
            f"identities closed {c.closed}/{c.tried} ({share})"
        )
        if args.show:
            for line in failures:
                print(f"    {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
