"""Score extraction against the hand-verified gold in ../shared/gold (wired as ``make eval``).

For each gold file: parse the corpus document it names, then score

- tables typed: gold tables for which an extracted table with the same title (or, failing that,
  the same first page) has the gold ``type``;
- figures exact: gold figures matched by a line item with the same table type, the same code
  (or label), the same measure and the same amount in yuan (exact decimal string);
- extra figures: the same for the gold's ``extra_figures`` and ``other_figures`` (合计 rows, the
  Jiangsu 支出预算总表 row, 机关运行经费 in the Shanghai 三公 tables), reported apart.

Prints one line per document and a total; ``--misses`` lists what was not found.
``--scan`` scores image-only copies of the documents instead (made by ``scripts/make_scans.py``
in a temporary directory and read by OCR): ``--scan plain`` (150 dpi, grey) or ``--scan
realistic`` (100 dpi, skewed, JPEG, speckled); ``--only TEXT`` keeps the gold files whose name
contains TEXT.
Exit status 0 always (this is a measurement, not a test).

``--markdown DIR`` (``make eval-markdown``: ``../shared/corpus-markdown``) scores the same gold
against the converter's Markdown of each document (same relative path, ``.md``) and also prints
the denominator that matters there: the gold figures whose printed text appears as a cell of a
table in the Markdown (a pipe, tab or HTML cell, or one ``<br>`` part of one, spaces and markup
removed). A figure the converter lost or garbled cannot be found; one that is a clean cell can.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from extractor.model import Extraction, LineItem, Table  # noqa: E402
from extractor.model.amounts import yuan_str  # noqa: E402
from extractor.pipeline import extract  # noqa: E402


@dataclass
class Score:
    tables: int = 0
    tables_ok: int = 0
    figures: int = 0
    figures_ok: int = 0
    extra: int = 0
    extra_ok: int = 0
    in_cells: int = 0
    in_cells_ok: int = 0

    def add(self, other: Score) -> None:
        self.tables += other.tables
        self.tables_ok += other.tables_ok
        self.figures += other.figures
        self.figures_ok += other.figures_ok
        self.extra += other.extra
        self.extra_ok += other.extra_ok
        self.in_cells += other.in_cells
        self.in_cells_ok += other.in_cells_ok

    def line(self) -> str:
        return (
            f"tables typed {self.tables_ok}/{self.tables} ({_pct(self.tables_ok, self.tables)}), "
            f"figures exact {self.figures_ok}/{self.figures} ({_pct(self.figures_ok, self.figures)}); "
            f"extra figures {self.extra_ok}/{self.extra}"
        )

    def cells_line(self) -> str:
        return (
            f"; of the figures printed as a cell in the Markdown {self.in_cells_ok}/{self.in_cells} "
            f"({_pct(self.in_cells_ok, self.in_cells, 1)})"
        )


def _pct(a: int, b: int, digits: int = 0) -> str:
    return f"{100 * a / b:.{digits}f}%" if b else "-"


_CELL_MARKUP = re.compile(r"<(?!br\b)[^>]*>|\*\*|\s+", re.IGNORECASE)
_CELL_SPLIT = re.compile(r"(?<!\\)\||\t|<br\s*/?>|<t[dh]\b[^>]*>|</t[dh]>", re.IGNORECASE)


def markdown_cells(text: str) -> set[str]:
    """Every cell text of the Markdown's tables (pipe, tab, HTML), and every ``<br>`` part of
    one, without spaces and markup: what a figure's printed text must equal to count as present."""
    cells: set[str] = set()
    for line in text.splitlines():
        if "|" not in line and "\t" not in line and "<td" not in line.lower() and "<th" not in line.lower():
            continue
        for part in _CELL_SPLIT.split(line):
            cleaned = _CELL_MARKUP.sub("", part)
            if cleaned:
                cells.add(cleaned)
    return cells


def _norm(text: str | None) -> str:
    return re.sub(r"\s+|[“”\"]", "", text or "").replace("（", "(").replace("）", ")")


def find_table(gold_table: dict[str, Any], tables: tuple[Table, ...]) -> Table | None:
    title = _norm(gold_table.get("title"))
    first_page = (gold_table.get("pages") or [None])[0]
    on_page = [t for t in tables if t.pages and t.pages[0] == first_page]
    for candidates in (tables, on_page):
        for table in candidates:
            got = _norm(table.title)
            if got and title and (got == title or (candidates is on_page and got.endswith(title))):
                return table
    return on_page[0] if len(on_page) == 1 else None


def figure_found(figure: dict[str, Any], items: tuple[LineItem, ...]) -> bool:
    for item in items:
        if item.table_type != figure["table"] or item.measure != figure["measure"]:
            continue
        if "code" in figure and item.code != figure["code"]:
            continue
        if "code" not in figure and item.label != figure.get("label"):
            continue
        if yuan_str(item.amount_yuan) == figure["yuan"]:
            return True
    return False


def score_document(
    gold: dict[str, Any], result: Extraction, misses: list[str], cells: set[str] | None = None
) -> Score:
    score = Score()
    for gold_table in gold["tables"]:
        score.tables += 1
        table = find_table(gold_table, result.tables)
        if table is not None and table.type == gold_table["type"]:
            score.tables_ok += 1
        else:
            got = f"{table.type} ({table.title})" if table else "no table"
            misses.append(f"  table {gold_table['type']} {gold_table['title']!r}: {got}")
    for figure in gold["figures"]:
        score.figures += 1
        in_cells = cells is not None and re.sub(r"\s+", "", figure["printed"]) in cells
        score.in_cells += in_cells
        if figure_found(figure, result.line_items):
            score.figures_ok += 1
            score.in_cells_ok += in_cells
        else:
            note = "" if cells is None else (" [a cell]" if in_cells else " [not a cell]")
            misses.append(f"  figure {_describe(figure)}{note}")
    for figure in [*gold.get("extra_figures", []), *gold.get("other_figures", [])]:
        score.extra += 1
        if figure_found(figure, result.line_items):
            score.extra_ok += 1
        else:
            misses.append(f"  extra {_describe(figure)}")
    return score


def _describe(figure: dict[str, Any]) -> str:
    key = figure.get("code") or figure.get("label")
    return f"{figure['table']} {key} {figure['measure']} {figure['yuan']} ({figure['printed']})"


PARITY = Score()
"""Over the scanned copies: the gold figures the text layer gives, and how many of those OCR gives."""


def _parity(gold: dict[str, Any], scanned: Extraction, original: Path, total: Score) -> str:
    """How many of the gold figures found in the text layer the scan gives too."""
    text = extract(original)
    found = [f for f in gold["figures"] if figure_found(f, text.line_items)]
    also = sum(1 for f in found if figure_found(f, scanned.line_items))
    PARITY.figures += len(found)
    PARITY.figures_ok += also
    return f"; of the {len(found)} the text layer gives: {also} ({_pct1(also, len(found))})"


def _pct1(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gold", type=Path, action="append", default=None,
        help="a folder of gold files (repeatable; default: ../shared/gold and the project's fixtures/gold)",
    )
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument(
        "--markdown", type=Path, default=None, metavar="DIR",
        help="score the converter Markdown in DIR (same relative paths as the corpus, .md) instead of the PDFs",
    )
    parser.add_argument("--misses", action="store_true", help="list the gold tables and figures not found")
    parser.add_argument("--scan", choices=["plain", "realistic"], help="score image-only copies, read by OCR")
    parser.add_argument("--only", default="", help="only the gold files whose name contains this")
    args = parser.parse_args(argv)
    total = Score()
    folders = args.gold or [SHARED / "gold", ROOT / "fixtures" / "gold"]
    paths = [p for folder in folders for p in sorted(folder.glob("*.json")) if args.only in p.name]
    if args.markdown is None:
        with tempfile.TemporaryDirectory(prefix="eval-scan-") as tmp:
            for path in paths:
                _score_file(path, args, Path(tmp), total)
        print(f"TOTAL: {total.line()}")
        if args.scan:
            print(f"TOTAL of the figures the text layer gives: {PARITY.figures_ok}/{PARITY.figures} "
                  f"({_pct1(PARITY.figures_ok, PARITY.figures)})")
        return 0
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        misses: list[str] = []
        source = (args.markdown / gold["file"]).with_suffix(".md")
        cells = markdown_cells(source.read_text(encoding="utf-8")) if source.exists() else set()
        try:
            result = extract(source)
        except Exception as err:  # a measurement script reports and goes on
            print(f"{gold['file']}: ERROR {type(err).__name__}: {err}")
            continue
        score = score_document(gold, result, misses, cells)
        total.add(score)
        print(f"{gold['file']}: {score.line()}{score.cells_line()}")
        if args.misses and misses:
            print("\n".join(misses))
    print(f"TOTAL: {total.line()}{total.cells_line()}")
    return 0


def _score_file(path: Path, args: argparse.Namespace, tmp: Path, total: Score) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    misses: list[str] = []
    source = args.corpus / gold["file"]
    started = time.perf_counter()
    if args.scan:
        from make_scans import REALISTIC, ScanStyle, make_scan

        target = tmp / f"{path.stem}.pdf"
        make_scan(source, target, REALISTIC if args.scan == "realistic" else ScanStyle())
        source = target
    try:
        result = extract(source)
    except Exception as err:  # a measurement script reports and goes on
        print(f"{gold['file']}: ERROR {type(err).__name__}: {err}")
        return
    score = score_document(gold, result, misses)
    total.add(score)
    seconds = ""
    if args.scan:
        seconds = f" [{time.perf_counter() - started:.0f} s, {len(result.source.pages_ocr)} pages OCR'd]"
        seconds += _parity(gold, result, args.corpus / gold["file"], total)
    print(f"{gold['file']}: {score.line()}{seconds}", flush=True)
    if args.misses and misses:
        print("\n".join(misses), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
