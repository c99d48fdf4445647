"""The batch progress bar (rich), on stderr; imported only when a batch runs."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from extractor.batch.jobs import Status
from extractor.batch.run import Record


class BatchProgress:
    """A rich progress bar on stderr: done/total, rate, failures and the last one failed."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self.enabled = enabled
        self.progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failures]}"),
            console=console,
            transient=False,
            disable=not enabled,
        )
        self.task: TaskID | None = None
        self.failed = 0
        self.last_failed = ""

    def __enter__(self) -> BatchProgress:
        self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.progress.stop()

    def started(self, total: int, skipped: int) -> None:
        self.task = self.progress.add_task("batch", total=total, completed=skipped, rate="", failures="")

    def finished(self, record: Record) -> None:
        if self.task is None:
            return
        if record.status is Status.FAILED:
            self.failed, self.last_failed = self.failed + 1, Path(record.input).name
        self.progress.advance(self.task)
        speed = self.progress.tasks[0].speed
        rate = f"{speed:.2f} doc/s" if speed else ""
        failures = f"[red]{self.failed} failed (last: {escape(self.last_failed)})" if self.failed else ""
        self.progress.update(self.task, rate=rate, failures=failures)


