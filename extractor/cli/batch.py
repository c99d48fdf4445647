"""The ``batch`` and ``export`` commands (registered by :mod:`extractor.cli`).

``batch`` exit codes: 0 every document converted (or skipped by ``--resume``), 1 any document
failed or was read only partly, 2 usage error. ``export``: 0 ok, 2 usage error or no output JSON.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path
from types import FrameType
from typing import TextIO

from extractor.batch.jobs import DEFAULT_TIMEOUT, BatchConfig, Status
from extractor.batch.run import MANIFEST_NAME, BatchReport, run_batch
from extractor.sources import ReadOptions

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_FAILURES_SHOWN = 20
EXPORT_FORMATS = ("csv", "datapackage", "sqlite", "parquet")

AddReadOptions = Callable[[argparse.ArgumentParser], None]


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], add_read_options: AddReadOptions
) -> None:
    """Add the ``batch`` and ``export`` subcommands to the main parser."""
    _register_batch(sub, add_read_options)
    _register_export(sub)


def _register_batch(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], add_read_options: AddReadOptions
) -> None:
    batch = sub.add_parser(
        "batch",
        help="many documents → one JSON each + manifest.jsonl",
        description=(
            "Convert files, directories (recursive: *.pdf, *.md, *.markdown, *.html, *.htm) and globs into "
            f"DIR, one JSON per document (byte-identical to `extractor parse`) and DIR/{MANIFEST_NAME} with "
            "one line per input. Safe to kill at any moment; rerun with --resume."
        ),
        epilog="Exit codes: 0 all converted, 1 some document failed or was read only partly, 2 usage error.",
    )
    batch.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="a document, a directory or a glob (quote it)"
    )
    batch.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="DIR",
        help="output directory (created if missing)",
    )
    batch.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes, or local Dask workers with --dask (default: %(default)s, the number of cores; ignored with --scheduler)",
    )
    batch.add_argument(
        "--resume",
        action="store_true",
        help="skip inputs DIR's manifest shows converted (success or partial) from the same bytes (sha256), tool version and read options; failed ones are retried",
    )
    batch.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="per-document time limit; the worker is killed past it (default: %(default)g)",
    )
    engine = batch.add_mutually_exclusive_group()
    engine.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (workers must see the input paths)",
    )
    engine.add_argument(
        "--dask", action="store_true", help="run on a local Dask cluster of -j worker processes"
    )
    batch.add_argument(
        "--report",
        action="store_true",
        help="also write the review site (static HTML, see `extractor report`) into DIR/report",
    )
    batch.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (it is off anyway when stderr is not a terminal)",
    )
    add_read_options(batch)


def _register_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export",
        help="output JSONs → csv, datapackage, sqlite or parquet",
        description=(
            "Export output JSONs (files, or directories searched recursively for *.json) to tables: "
            "csv (a directory: line_items.csv + one CSV per table), datapackage (a directory with "
            "datapackage.json), sqlite (a database file), parquet (line_items as a Parquet file)."
        ),
        epilog="Exit codes: 0 ok, 2 usage error or no output JSON found.",
    )
    export.add_argument(
        "inputs", nargs="+", metavar="JSON_OR_DIR", help="output JSON files or directories of them"
    )
    export.add_argument("--to", dest="format", choices=EXPORT_FORMATS, required=True, help="export format")
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="PATH",
        help="directory (csv, datapackage) or file (sqlite, parquet)",
    )
    export.add_argument(
        "--bom", action="store_true", help="csv: start each file with a UTF-8 BOM so Excel reads it"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``batch`` or ``export``; :class:`ExtractorError` propagates to the CLI's handler."""
    if args.command == "export":
        return run_export(args)
    return run_batch_command(args, sys.stderr)


def read_options(args: argparse.Namespace) -> ReadOptions:
    """The :class:`ReadOptions` from whichever shared read options the parser defined."""
    values = {f.name: getattr(args, f.name) for f in fields(ReadOptions) if hasattr(args, f.name)}
    return ReadOptions(**values)


def run_batch_command(args: argparse.Namespace, err: TextIO) -> int:
    jobs = max(1, args.jobs)
    config = BatchConfig(
        out_dir=args.output,
        read=replace(read_options(args), ocr_workers=max(1, (os.cpu_count() or 1) // jobs)),
        jobs=args.jobs,
        timeout=args.timeout,
        resume=args.resume,
        scheduler=args.scheduler,
        local_dask=args.dask,
    )
    if args.no_progress or not _may_be_terminal(err):  # no bar: rich is not even imported
        with sigterm_as_interrupt():
            report = run_batch(args.inputs, config)
    else:
        from rich.console import Console  # only here: `parse` never pays for rich

        from extractor.cli.progress import BatchProgress

        console = Console(file=err, stderr=err is sys.stderr)
        with sigterm_as_interrupt(), BatchProgress(console, enabled=console.is_terminal) as progress:
            report = run_batch(args.inputs, config, observer=progress)
    print(summary_line(report, args.output), file=err)
    print_failures(report, err)
    code = EXIT_OK if report.ok else EXIT_PROBLEMS
    if getattr(args, "report", False):
        code = max(code, write_batch_report(args.output, err))
    return code


REPORT_DIR = "report"


def write_batch_report(out_dir: Path, err: TextIO) -> int:
    """The review site of a batch's outputs in ``out_dir/report``; 0, or 1 when it cannot be
    written (the batch's outputs stay valid)."""
    from extractor.errors import ExtractorError
    from extractor.report import build_report

    try:
        summary = build_report([out_dir], out_dir / REPORT_DIR)
    except ExtractorError as error:
        print(f"extractor: error: report: {error}", file=err)
        return EXIT_PROBLEMS
    print(f"report: {summary}", file=err)
    return EXIT_OK


def _may_be_terminal(stream: TextIO) -> bool:
    """Whether rich could take ``stream`` for a terminal: it is one, or the environment says to
    treat it as one (rich's FORCE_COLOR / TTY_COMPATIBLE / FORCE_TERMINAL)."""
    if any(name in os.environ for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "FORCE_TERMINAL")):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except ValueError:  # a closed stream
        return False


def print_failures(report: BatchReport, err: TextIO, limit: int = MAX_FAILURES_SHOWN) -> None:
    """One line per failed input (the first ``limit``; the manifest has them all)."""
    failed = [r for r in report.records if r.status is Status.FAILED]
    for record in failed[:limit]:
        error = record.error or "unknown error"
        where = "" if record.input in error else f"{record.input}: "
        print(f"extractor: failed: {where}{error}", file=err)
    if len(failed) > limit:
        print(f"extractor: … and {len(failed) - limit} more failed inputs: see the manifest", file=err)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the batch like Ctrl-C: workers are stopped, finished outputs are kept."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def summary_line(report: BatchReport, out_dir: Path) -> str:
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status)
    return f"batch: {len(report.records)} inputs: {counts} in {report.seconds:.1f} s; manifest: {out_dir / MANIFEST_NAME}"


def run_export(args: argparse.Namespace) -> int:
    from extractor.export import export

    summary = export(args.inputs, args.format, args.output, bom=args.bom)
    print(f"export: {summary}", file=sys.stderr)
    return EXIT_OK
