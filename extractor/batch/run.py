"""Batch conversion: many documents → one JSON each plus ``manifest.jsonl``, restartable.

The conversion of one document (:func:`convert_document`) is a pure function of its bytes and
options that runs in a worker (a local process pool, :mod:`extractor.batch.pool`, or a Dask
cluster, :mod:`extractor.batch.dask_engine`) and returns the canonical JSON text. This process alone
writes: each output atomically (temporary file in the same directory, fsync, rename), then one
manifest line, appended and flushed. A batch killed at any moment leaves complete outputs, a
manifest whose lines describe them (a trailing half line is dropped on the next run) and at most
stale ``.extractor-*.tmp`` files, which the next run removes.

Manifest line (JSON): ``input``, ``sha256``, ``status`` (success | partial | failed | skipped),
``output`` (JSON path relative to the output directory, null when failed), ``tables``,
``line_items``, ``findings`` ({error, warning, info}), ``warnings`` (reader warnings),
``seconds``, ``error``, ``tool_version``, ``options`` (the read options), ``converted`` (for a
skipped input, the status its kept conversion had: success or partial; else null).

After a complete run the manifest is rewritten (atomically) with one line per input: this run's
inputs in input order, then inputs of earlier runs into the same directory. ``--resume`` skips
an input whose last record has the same sha256, tool version and options, status success,
partial or skipped, and whose output file exists; failed inputs are retried. The library never
prints: progress goes to an :class:`Observer`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from extractor import __version__
from extractor.batch.inputs import Task, plan_tasks
from extractor.batch.jobs import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    BatchConfig,
    Conversion,
    Converter,
    Status,
    convert_document,
    write_atomic,
)
from extractor.export.files import OutputError
from extractor.sources import ReadOptions

MANIFEST_NAME = "manifest.jsonl"


@dataclass(frozen=True, slots=True)
class Record:
    """One manifest line."""

    input: str
    sha256: str | None
    status: Status
    output: str | None
    tables: int | None
    line_items: int | None
    findings: dict[str, int] | None
    warnings: tuple[str, ...]
    seconds: float
    error: str | None
    tool_version: str = __version__
    options: dict[str, Any] = field(default_factory=dict)
    converted: Status | None = None  # for a skipped input: the status of its conversion

    def to_json(self) -> str:
        data = {
            "input": self.input,
            "sha256": self.sha256,
            "status": self.status.value,
            "output": self.output,
            "tables": self.tables,
            "line_items": self.line_items,
            "findings": self.findings,
            "warnings": list(self.warnings),
            "seconds": self.seconds,
            "error": self.error,
            "tool_version": self.tool_version,
            "options": self.options,
            "converted": None if self.converted is None else self.converted.value,
        }
        return json.dumps(data, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class BatchReport:
    """The records of this run, in input order, and its wall time."""

    records: tuple[Record, ...]
    seconds: float

    def count(self, status: Status) -> int:
        return sum(1 for r in self.records if r.status is status)

    @property
    def ok(self) -> bool:
        return not any(r.status in (Status.FAILED, Status.PARTIAL) for r in self.records)


class Observer(Protocol):
    """Receives progress; the CLI draws a progress bar with it."""

    def started(self, total: int, skipped: int) -> None: ...

    def finished(self, record: Record) -> None: ...


# --- files: atomic writes and the manifest ---------------------------------------------------


def remove_stale_temps(out_dir: Path) -> int:
    """Delete temporary files a killed run left behind; returns how many."""
    stale = list(out_dir.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def record_from_json(line: str) -> Record | None:
    """A manifest line back as a :class:`Record`; None for a damaged or foreign line."""
    try:
        data: dict[str, Any] = json.loads(line)
        return Record(
            input=data["input"],
            sha256=data.get("sha256"),
            status=Status(data["status"]),
            output=data.get("output"),
            tables=data.get("tables"),
            line_items=data.get("line_items"),
            findings=data.get("findings"),
            warnings=tuple(data.get("warnings") or ()),
            seconds=float(data.get("seconds") or 0),
            error=data.get("error"),
            tool_version=str(data.get("tool_version")),
            options=dict(data.get("options") or {}),
            converted=Status(data["converted"]) if data.get("converted") else None,
        )
    except (ValueError, KeyError, TypeError):
        return None


class Manifest:
    """``manifest.jsonl``: read the last record per input, append lines, compact at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.previous = self._load()

    def _load(self) -> dict[str, Record]:
        """Records of earlier runs (latest per input); a trailing half line is cut off."""
        if not self.path.exists():
            return {}
        raw = self.path.read_bytes()
        complete = raw[: raw.rfind(b"\n") + 1]
        if len(complete) != len(raw):
            with open(self.path, "r+b") as handle:
                handle.truncate(len(complete))
        records: dict[str, Record] = {}
        for line in complete.decode("utf-8", errors="replace").splitlines():
            record = record_from_json(line)
            if record is not None:
                records[record.input] = record
        return records

    def append(self, record: Record) -> None:
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(record.to_json() + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def compact(self, records: Iterable[Record]) -> None:
        """Rewrite atomically with one line per input: this run's records, then older ones."""
        current = {r.input: r for r in records}
        older = [r for key, r in self.previous.items() if key not in current]
        lines = [r.to_json() + "\n" for r in [*current.values(), *older]]
        write_atomic(self.path, "".join(lines).encode("utf-8"))


def options_to_dict(options: ReadOptions) -> dict[str, Any]:
    """The read options as recorded in the manifest (a change of options means a new conversion);
    ``ocr_workers`` (how many threads OCR a document's pages) changes no output and is left out."""
    out = asdict(options)
    del out["ocr_workers"]
    return out


def already_done(task: Task, previous: Record | None, config: BatchConfig) -> bool:
    """True when an earlier run converted these exact bytes with this tool version and options."""
    return (
        previous is not None
        and task.sha256 is not None
        and previous.sha256 == task.sha256
        and previous.tool_version == __version__
        and previous.options == options_to_dict(config.read)
        and previous.status in (Status.SUCCESS, Status.PARTIAL, Status.SKIPPED)
        and previous.output is not None
        and (config.out_dir / previous.output).is_file()
    )


def skipped_record(previous: Record) -> Record:
    """The record of an input ``--resume`` skips; ``converted`` keeps its conversion's status."""
    converted = previous.converted if previous.status is Status.SKIPPED else previous.status
    return replace(previous, status=Status.SKIPPED, seconds=0.0, converted=converted)


def record_conversion(task: Task, conversion: Conversion, config: BatchConfig) -> Record:
    """Write the output (if any) atomically and return its manifest record."""
    output = None
    if conversion.text is not None:
        write_atomic(config.out_dir / task.output, conversion.text.encode("utf-8"))
        output = task.output
    elif conversion.written:
        output = task.output
    return Record(
        input=task.path,
        sha256=task.sha256,
        status=conversion.status,
        output=output,
        tables=conversion.tables,
        line_items=conversion.line_items,
        findings=conversion.findings,
        warnings=conversion.warnings,
        seconds=conversion.seconds,
        error=conversion.error,
        options=options_to_dict(config.read),
    )


# --- the run ---------------------------------------------------------------------------------


def run_batch(
    inputs: Sequence[str],
    config: BatchConfig,
    observer: Observer | None = None,
    converter: Converter = convert_document,
) -> BatchReport:
    """Convert every input into ``config.out_dir``; see the module docstring for the guarantees."""
    start = time.perf_counter()
    tasks = plan_tasks(inputs)
    with writing(config.out_dir):
        manifest = open_output_dir(config.out_dir)
    records = {t.path: skipped_record(p) for t, p in previous_done(tasks, manifest, config)}
    # largest first: no worker is left converting one long document at the end while the others
    # idle (the manifest keeps the input order)
    todo = sorted((t for t in tasks if t.path not in records), key=_input_size, reverse=True)
    if observer is not None:
        observer.started(len(tasks), len(records))
    for task, conversion in _engine(config)(todo, config, converter):
        with writing(config.out_dir):
            record = record_conversion(task, conversion, config)
            manifest.append(record)
        records[task.path] = record
        if observer is not None:
            observer.finished(record)
    ordered = tuple(records[t.path] for t in tasks)
    with writing(config.out_dir):
        manifest.compact(ordered)
    return BatchReport(ordered, round(time.perf_counter() - start, 3))


def _input_size(task: Task) -> int:
    try:
        return os.stat(task.path).st_size
    except OSError:
        return 0


def open_output_dir(out_dir: Path) -> Manifest:
    """Create the output directory, remove a killed run's temporary files, read the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out_dir)
    return Manifest(out_dir / MANIFEST_NAME)


def previous_done(
    tasks: Sequence[Task], manifest: Manifest, config: BatchConfig
) -> Iterator[tuple[Task, Record]]:
    """With ``--resume``: the tasks an earlier run already converted, with their records."""
    if not config.resume:
        return
    for task in tasks:
        previous = manifest.previous.get(task.path)
        if previous is not None and already_done(task, previous, config):
            yield task, previous


@contextmanager
def writing(out_dir: Path) -> Iterator[None]:
    """Turn a failed write (disk full, no permission) into one clear :class:`OutputError`."""
    try:
        yield
    except OSError as err:
        raise OutputError(
            f"{out_dir}: cannot write ({err.strerror or err}); check free space and permissions"
        ) from err


Engine = Callable[[Sequence[Task], BatchConfig, Converter], Iterator[tuple[Task, Conversion]]]


def _engine(config: BatchConfig) -> Engine:
    if config.scheduler is not None or config.local_dask:
        from extractor.batch.dask_engine import convert_on_dask

        return convert_on_dask
    from extractor.batch.pool import convert_in_pool

    return convert_in_pool
