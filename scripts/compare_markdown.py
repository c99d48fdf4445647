"""The converter's Markdown against the PDF, over the whole corpus (``make compare-markdown``).

The gold covers 16 documents; the corpus has 46 and the converter's Markdown of each. The PDF
reading closes ≥ 99% of the corpus's identities, so it is a good stand-in for the figures a person
reads off the pages of the documents without gold. For every PDF with a Markdown beside it
(``../shared/corpus-markdown``, same relative path, ``.md``), both are parsed and their line items
compared by (table type, code or label, measure, amount in yuan), as multisets:

- *agree*: the PDF's line items the Markdown's reading also gives, over those whose printed amount
  is a clean cell of the Markdown (the only ones it can give: a figure the converter split across
  cells or lost is not counted, as in ``make eval-markdown``);
- *all*: the same over every PDF line item;
- *types*: the standard table types both readings find, over those the PDF finds;
- *extra*: Markdown line items the PDF reading does not give (junk from damaged tables, or a
  reading that differs).

``--misses TEXT`` lists the differences of the documents whose name contains TEXT.
Exit status 0 always (this is a measurement, not a test).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_gold import markdown_cells  # noqa: E402

from extractor.errors import ExtractorError  # noqa: E402
from extractor.model import Extraction  # noqa: E402
from extractor.pipeline import extract  # noqa: E402

Key = tuple[str, str, str, str]


def _keys(result: Extraction) -> Counter[Key]:
    return Counter(
        (item.table_type, item.code or item.label or "", item.measure, str(item.amount_yuan))
        for item in result.line_items
    )


def _printed(result: Extraction) -> dict[Key, str]:
    return {
        (i.table_type, i.code or i.label or "", i.measure, str(i.amount_yuan)): "".join(i.printed.split())
        for i in result.line_items
    }


def _types(result: Extraction) -> set[str]:
    return {t.type for t in result.tables if t.type != "other"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--markdown", type=Path, default=SHARED / "corpus-markdown")
    parser.add_argument("--misses", metavar="TEXT", help="list the differences of these documents")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() or not args.markdown.is_dir():
        print(f"needs {args.corpus} and {args.markdown}", file=sys.stderr)
        return 0
    totals = Counter[str]()
    print(f"{'agree':>15} {'all':>15} {'types':>7} {'extra':>6}  document")
    for pdf in sorted(args.corpus.rglob("*.pdf")):
        rel = pdf.relative_to(args.corpus)
        md = (args.markdown / rel).with_suffix(".md")
        if not md.is_file():
            continue
        try:
            a, b = extract(pdf), extract(md)
        except ExtractorError as err:
            print(f"{rel}: {err}")
            continue
        ka, kb = _keys(a), _keys(b)
        cells = markdown_cells(md.read_text(encoding="utf-8", errors="replace"))
        printed = _printed(a)
        reachable = Counter({k: n for k, n in ka.items() if printed[k] in cells})
        common = ka & kb
        agree = sum((reachable & kb).values())
        n_reach, n_all, n_common = sum(reachable.values()), sum(ka.values()), sum(common.values())
        ta, tb = _types(a), _types(b)
        extra = sum((kb - ka).values())
        totals.update(agree=agree, reach=n_reach, common=n_common, all=n_all, types=len(ta & tb), t=len(ta), extra=extra)
        print(
            f"{agree:6}/{n_reach:<6} {_pct(agree, n_reach)} {n_common:6}/{n_all:<6} {len(ta & tb):3}/{len(ta):<3}"
            f" {extra:6}  {rel}"
        )
        if args.misses and args.misses in str(rel):
            for key, n in sorted((reachable - kb).items()):
                print(f"    missing ×{n}: {key} printed {printed[key]}")
            for key, n in sorted((kb - ka).items()):
                print(f"    extra   ×{n}: {key}")
            for kind in sorted(ta - tb):
                print(f"    type not found: {kind}")
    print(
        f"total: agree {totals['agree']}/{totals['reach']} ({_pct(totals['agree'], totals['reach'])}) of the PDF's"
        f" line items whose amount is a Markdown cell; {totals['common']}/{totals['all']}"
        f" ({_pct(totals['common'], totals['all'])}) of all; types {totals['types']}/{totals['t']};"
        f" extra {totals['extra']}"
    )
    return 0


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    –"


if __name__ == "__main__":
    sys.exit(main())
