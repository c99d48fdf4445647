"""Command line: a thin layer over the library. Data to stdout or files, messages to stderr.

Exit codes: 0 ok; 1 the document was read but has problems (a partial read, or findings at or
above ``--fail-on`` for ``validate``); 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from extractor import __version__
from extractor.errors import ExtractorError
from extractor.limits import DEFAULT_TIMEOUT, deadline
from extractor.model import Extraction
from extractor.sources import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CELLS,
    DEFAULT_MAX_PAGES,
    ENGINES,
    OCR_MODES,
    READERS,
    ReadOptions,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


def _add_read_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads documents (defined once)."""
    parser.add_argument("--engine", choices=ENGINES, default="pdfplumber", help="PDF table engine (default: %(default)s)")
    parser.add_argument("--reader", choices=READERS, default="pdfium",
                        help="how PDF glyphs and rulings are read: pdfium (fast) or pdfplumber (the reference) "
                             "(default: %(default)s)")
    parser.add_argument("--ocr", choices=OCR_MODES, default="auto",
                        help="read pages by OCR: auto (the pages without a text layer that show an image), never, "
                             "or force (every page, its text layer ignored) (default: %(default)s)")
    parser.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES, help="refuse PDFs with more pages (default: %(default)s)")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse larger files (default: %(default)s)")
    parser.add_argument("--max-cells", type=int, default=DEFAULT_MAX_CELLS, help="refuse documents with more table cells (default: %(default)s)")


def _add_timeout(parser: argparse.ArgumentParser) -> None:
    """``--timeout`` for the one-document commands (``batch`` has its own, which stops the worker)."""
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help="give up on the document after this many seconds; 0: no limit (default: %(default)g)",
    )


def _read_options(args: argparse.Namespace) -> ReadOptions:
    return ReadOptions(engine=args.engine, reader=args.reader, max_pages=args.max_pages, max_bytes=args.max_bytes,
                       max_cells=args.max_cells, ocr=args.ocr)


# Commands that need neither ``batch`` nor ``export``. Registering those two imports the batch and
# export machinery (:mod:`extractor.cli.batch` and what it imports: tens of milliseconds), which a
# process that parses or validates one document would pay for nothing.
_SINGLE_DOCUMENT_COMMANDS = frozenset({"parse", "validate", "schema", "report"})


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser. ``command`` is the first command-line argument: when it names a
    single-document command, ``batch`` and ``export`` are left out, as that run cannot use them."""
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Turn Chinese budget and final-accounts disclosures (PDF or Markdown) into checked JSON.",
        epilog="Exit codes: 0 ok, 1 document problems, 2 usage error or unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    parse = sub.add_parser("parse", help="one document → JSON", description="Parse one PDF or Markdown document into JSON.")
    parse.add_argument("file", type=Path, help="a PDF, Markdown or HTML file")
    parse.add_argument("-o", "--output", type=Path, help="write the JSON here (default: stdout)")
    parse.add_argument("-v", "--verbose", action="store_true", help="print a human summary on stderr")
    _add_read_options(parse)
    _add_timeout(parse)

    sub.add_parser("schema", help="print the JSON Schema of the output", description="Print the JSON Schema of the output.")

    validate = sub.add_parser(
        "validate", help="check a document and report findings", description="Check a document (or an output JSON) and report findings."
    )
    validate.add_argument("file", type=Path, help="a source document, or a JSON written by `extractor parse`")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: %(default)s)")
    validate.add_argument(
        "--fail-on", choices=("error", "warning", "never"), default="error", help="exit 1 when a finding is at least this severe (default: %(default)s)"
    )
    _add_read_options(validate)
    _add_timeout(validate)

    report = sub.add_parser(
        "report",
        help="review site (static HTML) for documents, output JSONs or batch folders",
        description=(
            "Write a static review site into DIR: index.html (one row per document) and one page per "
            "document (outline, findings, tables with findings marked, page images with boxes, charts). "
            "It works opened from disk: no server, nothing fetched. Inputs: documents (parsed now), JSON "
            "written by `extractor parse`, or `extractor batch` output folders (page images need the "
            "source PDF: found through the batch manifest, or beside the JSON)."
        ),
    )
    report.add_argument("inputs", nargs="+", metavar="INPUT_OR_JSON", help="a document, an output JSON or a batch output folder")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the site's directory (created if missing)")
    report.add_argument(
        "--link-source", action="store_true",
        help="link each document page to its source file (otherwise nothing outside DIR is linked)",
    )
    report.add_argument(
        "--images", choices=("checked", "all", "none"), default="checked",
        help="PDF page images for: the pages of tables and findings (checked), also those of headings "
             "and narrative facts (all), or none (default: %(default)s)",
    )
    _add_read_options(report)
    _add_timeout(report)
    if command not in _SINGLE_DOCUMENT_COMMANDS:
        _register_batch_commands(sub)
    return parser


def _register_batch_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``batch`` and ``export`` live in :mod:`extractor.cli.batch` (same shared read options)."""
    try:
        from extractor.cli import batch as batch_cli
    except ImportError:  # pragma: no cover - the module is part of the package
        return
    batch_cli.register(sub, _add_read_options)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv[0] if argv else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_UNREADABLE
    try:
        if args.command == "parse":
            return cmd_parse(args)
        if args.command == "schema":
            return cmd_schema()
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command in {"batch", "export"}:
            from extractor.cli import batch as batch_cli

            return batch_cli.run(args)
    except ExtractorError as err:
        print(f"extractor: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug of ours: still one line, and the data is not half-written
        if os.environ.get("EXTRACTOR_DEBUG"):
            raise
        where = getattr(args, "file", None) or getattr(args, "command", "")
        print(
            f"extractor: internal error on {where}: {type(err).__name__}: {err} "
            "(please report it; set EXTRACTOR_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    parser.error(f"unknown command {args.command}")
    return EXIT_UNREADABLE  # pragma: no cover


def cmd_parse(args: argparse.Namespace) -> int:
    from extractor.output import dump, extraction_to_dict
    from extractor.pipeline import extract

    with deadline(args.timeout, str(args.file)):
        result = extract(args.file, _read_options(args))
    data = extraction_to_dict(result)
    if args.output:
        write_atomic(args.output, lambda stream: dump(data, stream))
    else:
        dump(data, utf8_stdout())
    if args.verbose:
        print_summary(result, args.output, sys.stderr)
    for warning in result.source.warnings:
        print(f"extractor: warning: {args.file}: {warning}", file=sys.stderr)
    return EXIT_PROBLEMS if result.source.warnings else EXIT_OK


def cmd_schema() -> int:
    from extractor.output.schema import json_schema

    utf8_stdout().write(json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from extractor.output.findings import load_findings, render_report, should_fail

    with deadline(args.timeout, str(args.file)):
        findings, name = load_findings(args.file, _read_options(args))
    out = utf8_stdout() if args.format == "json" else sys.stdout
    out.write(render_report(findings, name, args.format))
    return EXIT_PROBLEMS if should_fail(findings, args.fail_on) else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from extractor.report import build_report

    summary = build_report(
        args.inputs, args.output, _read_options(args), timeout=args.timeout, link_source=args.link_source,
        images=args.images,
    )
    print(f"report: {summary}", file=sys.stderr)
    sys.stdout.write(f"{summary.index}\n")
    return EXIT_OK


def utf8_stdout() -> TextIO:
    """Standard output for JSON, which is UTF-8 (RFC 8259) whatever the locale: under
    ``zh_CN.GB18030`` Python would encode it in GB18030. Text reports keep the locale's encoding."""
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.encoding.replace("-", "").lower() != "utf8":
        sys.stdout.reconfigure(encoding="utf-8")
    return sys.stdout


def write_atomic(path: Path, write: Callable[[TextIO], None]) -> None:
    """Write through ``write`` into a temporary file, then rename, so a killed run never leaves
    half a file (the text is streamed, never held whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as stream:
            write(stream)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)


def print_summary(result: Extraction, output: Path | None, out: TextIO) -> None:
    """A short human summary: document, parts, tables, counts."""
    doc = result.document
    print(f"{Path(result.source.path).name}: {doc.entity or '?'} {doc.fiscal_year or '?'} {doc.kind or '?'}", file=out)
    parts = [s for s in result.sections if s.level == 1]
    print(f"  outline: {len(parts)} parts, {len(result.sections)} headings; 目录 promises {len(result.toc)} entries", file=out)
    for s in parts:
        print(f"    {s.numbering} {s.title}", file=out)
    print(f"  tables: {len(result.tables)}", file=out)
    for t in result.tables:
        flags = " (empty)" if t.empty else ""
        pages = f" p.{t.pages[0]}" + (f"-{t.pages[1]}" if t.pages[1] != t.pages[0] else "") if t.pages else ""
        print(
            f"    {t.id:>4} {t.number or '-':<8} {t.type:<36} {t.unit or '?':<3} {len(t.body_rows):>3} rows{pages}{flags}  {t.title or ''}",
            file=out,
        )
    severities = {s: sum(1 for i in result.issues if i.severity.value == s) for s in ("error", "warning", "info")}
    print(f"  line items: {len(result.line_items)}; facts: {len(result.facts)}; findings: {severities}", file=out)
    c = result.confidence
    if c.tried:
        print(f"  confidence: {c.closed}/{c.tried} identities of the document's arithmetic close", file=out)
    if output:
        print(f"  JSON written to {output}", file=out)
