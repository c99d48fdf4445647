"""What a batch worker runs and returns: one document's conversion, the run's settings, atomic writes.

Shared by the run (:mod:`extractor.batch.run`) and its engines (:mod:`extractor.batch.pool`,
:mod:`extractor.batch.dask_engine`), which import nothing else of the batch.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from extractor.errors import ExtractorError, UsageError
from extractor.sources import ReadOptions

TEMP_PREFIX = ".extractor-"
TEMP_SUFFIX = ".tmp"
DEFAULT_TIMEOUT = 300.0
SEVERITIES = ("error", "warning", "info")


class Status(StrEnum):
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Conversion:
    """What a worker returns for one document: the JSON text and the manifest counts."""

    status: Status
    seconds: float
    text: str | None = None
    tables: int | None = None
    line_items: int | None = None
    findings: dict[str, int] | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None
    written: bool = False
    """The worker wrote the JSON to the output file itself (atomically, as :func:`write_atomic`):
    ``text`` is then None, and the batch process only records it."""


Converter = Callable[[str, ReadOptions], Conversion]


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Settings of one batch run, validated once."""

    out_dir: Path
    read: ReadOptions = field(default_factory=ReadOptions)
    jobs: int = 1
    timeout: float = DEFAULT_TIMEOUT
    resume: bool = False
    scheduler: str | None = None
    local_dask: bool = False

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise UsageError(f"-j must be at least 1 (got {self.jobs})")
        if self.timeout <= 0:
            raise UsageError(f"--timeout must be positive (got {self.timeout})")
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise UsageError(f"{self.out_dir}: output must be a directory, and this is a file")


def convert_document(path: str, options: ReadOptions) -> Conversion:
    """Convert one document; never raises (errors become a failed :class:`Conversion`)."""
    start = time.perf_counter()
    try:
        return _converted(path, options, start)
    except ExtractorError as err:
        return Conversion(Status.FAILED, _elapsed(start), error=str(err))
    except Exception as err:  # the worker boundary: a bug must not stop the batch
        return Conversion(Status.FAILED, _elapsed(start), error=f"crash: {type(err).__name__}: {err}")


def _converted(path: str, options: ReadOptions, start: float) -> Conversion:
    from extractor.output import dumps, extraction_to_dict
    from extractor.pipeline import extract

    result = extract(path, options)
    findings = {s: sum(1 for i in result.issues if i.severity.value == s) for s in SEVERITIES}
    warnings = tuple(result.source.warnings)
    return Conversion(
        status=Status.PARTIAL if warnings else Status.SUCCESS,
        seconds=_elapsed(start),
        text=dumps(extraction_to_dict(result)),
        tables=len(result.tables),
        line_items=len(result.line_items),
        findings=findings,
        warnings=warnings,
    )


def _elapsed(start: float) -> float:
    return round(time.perf_counter() - start, 3)


def write_atomic(path: Path, data: bytes) -> None:
    """Temporary file in the same directory, fsync, rename: readers see all or nothing."""
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
