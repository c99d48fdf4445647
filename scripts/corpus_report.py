"""Per-document report over the corpus: pages, table regions, seconds — as a Markdown table.

    .venv/bin/python scripts/corpus_report.py ../shared/corpus [--engine camelot] [--both]

Each PDF is read with the chosen engine(s); a document that fails is reported, not fatal.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import ExtractorError
from extractor.model import SourceDoc, TableRegion
from extractor.sources import ReadOptions, read_source


@dataclass(frozen=True)
class DocReport:
    """One document read with one engine."""

    path: str
    engine: str
    pages: int
    text_pages: int
    regions: int
    region_pages: int
    seconds: float
    error: str | None = None

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages if self.pages else 0.0


def report_one(path: Path, corpus: Path, engine: str) -> DocReport:
    name = str(path.relative_to(corpus))
    start = time.perf_counter()
    try:
        doc = read_source(path, ReadOptions(engine=engine))
    except ExtractorError as err:
        return DocReport(name, engine, 0, 0, 0, 0, time.perf_counter() - start, str(err))
    return summarize(name, engine, doc, time.perf_counter() - start)


def summarize(name: str, engine: str, doc: SourceDoc, seconds: float) -> DocReport:
    regions = [(page.number, b) for page, b in doc.blocks() if isinstance(b, TableRegion)]
    return DocReport(
        path=name,
        engine=engine,
        pages=len(doc.pages),
        text_pages=sum(1 for p in doc.pages if p.has_text),
        regions=len(regions),
        region_pages=len({n for n, _ in regions}),
        seconds=seconds,
    )


def to_markdown(reports: list[DocReport]) -> str:
    lines = [
        "| document | engine | pages | text pages | table regions | pages with tables | seconds | ms/page | error |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in reports:
        lines.append(
            f"| {r.path} | {r.engine} | {r.pages} | {r.text_pages} | {r.regions} | {r.region_pages} "
            f"| {r.seconds:.2f} | {r.ms_per_page:.0f} | {r.error or ''} |"
        )
    pages = sum(r.pages for r in reports)
    seconds = sum(r.seconds for r in reports)
    regions = sum(r.regions for r in reports)
    per_page = 1000 * seconds / pages if pages else 0.0
    lines.append(f"| **total** ({len(reports)} reads) | | {pages} | | {regions} | | {seconds:.1f} | {per_page:.0f} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Per-document report over the PDF corpus.")
    parser.add_argument("corpus", type=Path, nargs="?", default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--engine", choices=("pdfplumber", "camelot"), default="pdfplumber")
    parser.add_argument("--both", action="store_true", help="read every document with both engines")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no corpus directory; pass its path", file=sys.stderr)
        return 2
    engines = ("pdfplumber", "camelot") if args.both else (args.engine,)
    reports = [report_one(path, args.corpus, engine)
               for path in sorted(args.corpus.rglob("*.pdf")) for engine in engines]
    print(to_markdown(reports))
    return 1 if any(r.error for r in reports) else 0


if __name__ == "__main__":
    raise SystemExit(main())
