"""Per-document report over the corpus, as Markdown: pages, tables, stitched continuations,
the standard tables found (type, number or title, pages), line items, the identities the reading
closed / tried (the document's ``confidence``), error findings, seconds.

    .venv/bin/python scripts/corpus_report.py ../shared/corpus [--engine camelot] [--both]

Each document runs through the whole pipeline; a document that fails is reported, not fatal.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import ExtractorError
from extractor.model import Extraction, Table
from extractor.pipeline import extract
from extractor.sources import ReadOptions

REPEATABLE = {"other", "performance_targets", "project_expenditure"}


@dataclass(frozen=True)
class DocReport:
    """One document through the pipeline with one engine."""

    path: str
    engine: str
    pages: int | None
    tables: int
    stitched: int
    standard: tuple[str, ...]
    duplicates: tuple[str, ...]
    line_items: int
    errors: int
    seconds: float
    failure: str | None = None
    closed: int = 0
    tried: int = 0


def _table_label(table: Table) -> str:
    name = table.number or (table.title or "?")[-14:]
    pages = "" if table.pages is None else f" p{table.pages[0]}" + (f"-{table.pages[1]}" if table.pages[1] != table.pages[0] else "")
    return f"{table.type} ({name}{pages}{', empty' if table.empty else ''})"


def summarize(name: str, engine: str, result: Extraction, seconds: float) -> DocReport:
    standard = [t for t in result.tables if t.type not in REPEATABLE]
    seen: dict[str, int] = {}
    for t in standard:
        seen[t.type] = seen.get(t.type, 0) + 1
    return DocReport(
        path=name,
        engine=engine,
        pages=result.source.page_count,
        tables=len(result.tables),
        stitched=sum(t.continuations for t in result.tables),
        standard=tuple(_table_label(t) for t in standard),
        duplicates=tuple(k for k, v in seen.items() if v > 1),
        line_items=len(result.line_items),
        errors=sum(1 for i in result.issues if i.severity.value == "error"),
        seconds=seconds,
        closed=result.confidence.closed,
        tried=result.confidence.tried,
    )


def report_one(path: Path, corpus: Path, engine: str) -> DocReport:
    name = str(path.relative_to(corpus))
    start = time.perf_counter()
    try:
        result = extract(path, ReadOptions(engine=engine))
    except ExtractorError as err:
        return DocReport(name, engine, None, 0, 0, (), (), 0, 0, time.perf_counter() - start, str(err))
    return summarize(name, engine, result, time.perf_counter() - start)


def _closed(r: DocReport) -> str:
    return f"{r.closed}/{r.tried} ({100 * r.closed / r.tried:.1f}%)" if r.tried else "–"


def to_markdown(reports: list[DocReport]) -> str:
    lines = [
        "| document | engine | pages | tables | stitched | line items | identities closed | errors | seconds | standard tables found |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in reports:
        found = r.failure or "; ".join(r.standard) or "—"
        if r.duplicates:
            found += f" **DUPLICATED: {', '.join(r.duplicates)}**"
        lines.append(
            f"| {r.path} | {r.engine} | {r.pages or ''} | {r.tables} | {r.stitched} | {r.line_items} "
            f"| {_closed(r)} | {r.errors} "
            f"| {r.seconds:.1f} | {found} |"
        )
    total_pages = sum(r.pages or 0 for r in reports)
    total_seconds = sum(r.seconds for r in reports)
    lines.append("")
    lines.append(
        f"{len(reports)} runs, {total_pages} pages, {sum(r.tables for r in reports)} tables "
        f"({sum(r.stitched for r in reports)} continuations stitched), {sum(r.line_items for r in reports)} line items, "
        f"{sum(1 for r in reports if r.failure)} failures, identities closed {sum(r.closed for r in reports)}/"
        f"{sum(r.tried for r in reports)}, {total_seconds:.1f} s"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--engine", choices=("pdfplumber", "camelot"), default="pdfplumber")
    parser.add_argument("--both", action="store_true", help="run every document with both engines")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus_report: {args.corpus} is not a directory; nothing to report", file=sys.stderr)
        return 0
    engines = ["pdfplumber", "camelot"] if args.both else [args.engine]
    paths = sorted([*args.corpus.rglob("*.pdf"), *args.corpus.rglob("*.html")])
    reports = [report_one(p, args.corpus, e) for p in paths for e in engines]
    sys.stdout.write(to_markdown(reports))
    return 1 if any(r.failure for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
