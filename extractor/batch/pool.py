"""A local process pool whose stuck or crashed workers are killed and replaced.

``concurrent.futures`` cannot stop a running task, so a pathological document would hold a worker
for ever. Here each worker is a :class:`multiprocessing.Process` with its own pipe: the parent
hands it one task at a time, and kills it (then starts a fresh one) when the task outlives
``--timeout`` or the process dies (segfault, out of memory). The timeout clock starts when the
task is handed over, after the worker has imported the pipeline and said it is ready.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from extractor.batch.inputs import Task
from extractor.batch.jobs import BatchConfig, Conversion, Converter, Status, write_atomic
from extractor.errors import ExtractorError
from extractor.sources import ReadOptions

READY = "ready"
_JOIN_SECONDS = 5.0
_WATCH_SECONDS = 0.5
_MAX_FAILED_STARTS = 3


class WorkerStartError(ExtractorError, RuntimeError):
    """Worker processes die before they can take work (a broken environment, not a document)."""


def worker_main(conn: Connection, options: ReadOptions, converter: Converter, batch_pid: int,
                out_dir: Path | None = None) -> None:
    """The worker loop: say ready, then convert each task received until told to stop.

    With ``out_dir`` the worker writes each output file itself (atomically, before it reports),
    so that writing the JSON runs in parallel too; the batch process then only appends the
    manifest line. Should the write fail, the text goes back and the batch process writes it
    (and reports the failure as for any output it writes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    _exit_with_batch(batch_pid)
    _quiet_libraries()
    import extractor.pipeline  # noqa: F401  (import before the timeout clock starts)

    conn.send(READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conversion = converter(task.path, options)
        if out_dir is not None and conversion.text is not None:
            try:
                write_atomic(out_dir / task.output, conversion.text.encode("utf-8"))
            except OSError:
                pass
            else:
                conversion = replace(conversion, text=None, written=True)
        conn.send(conversion)


def worker_context() -> ForkServerContext | SpawnContext:
    """``forkserver`` with the pipeline preloaded (a fresh worker is a cheap fork of a clean
    process), else ``spawn``; never plain ``fork`` of a parent that runs threads."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["extractor.pipeline"])
        return context
    return multiprocessing.get_context("spawn")


def _quiet_libraries() -> None:
    """Parser libraries log about damaged files on stderr, under the progress bar; the manifest
    records what matters, so a worker process drops log records (never Python warnings, which a
    reader may record as data)."""
    logging.getLogger().addHandler(logging.NullHandler())


def _exit_with_batch(batch_pid: int) -> None:
    """A watchdog thread: when the batch process dies (even by SIGKILL), the worker exits too."""

    def watch() -> None:
        while _alive(batch_pid):
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="extractor-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: Task | None = None
    deadline: float = 0.0


class WorkerPool:
    """``jobs`` worker processes; :meth:`run` yields ``(task, conversion)`` as they finish."""

    def __init__(self, jobs: int, timeout: float, options: ReadOptions, converter: Converter,
                 out_dir: Path | None = None) -> None:
        self.jobs = jobs
        self.out_dir = out_dir
        self.timeout = timeout
        self.options = options
        self.converter = converter
        self.context = worker_context()
        self.workers: list[_Worker] = []
        self.failed_starts = 0

    def run(self, tasks: Sequence[Task]) -> Iterator[tuple[Task, Conversion]]:
        queue = deque(tasks)
        try:
            self.workers = [self._start() for _ in range(min(self.jobs, len(queue)))]
            while queue or self._busy():
                self._dispatch(queue)
                yield from self._collect()
                yield from self._expire()
        finally:
            self._shutdown()

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=worker_main,
            args=(child, self.options, self.converter, os.getpid(), self.out_dir),
            name="extractor-worker",
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _busy(self) -> bool:
        return any(w.task is not None for w in self.workers)

    def _dispatch(self, queue: deque[Task]) -> None:
        for worker in self.workers:
            if worker.ready and worker.task is None and queue:
                worker.task = queue.popleft()
                worker.deadline = time.monotonic() + self.timeout
                worker.conn.send(worker.task)

    def _collect(self) -> Iterator[tuple[Task, Conversion]]:
        """Wait until a worker answers or dies, or the nearest deadline passes."""
        handles = [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers]
        ready = set(wait(handles, timeout=self._wait_seconds()))
        for index, worker in enumerate(self.workers):
            if worker.conn in ready or worker.process.sentinel in ready:
                finished = self._receive(index, worker)
                if finished is not None:
                    yield finished

    def _wait_seconds(self) -> float | None:
        deadlines = [w.deadline for w in self.workers if w.task is not None]
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _receive(self, index: int, worker: _Worker) -> tuple[Task, Conversion] | None:
        try:
            message = worker.conn.recv() if worker.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message == READY:
            worker.ready, self.failed_starts = True, 0
            return None
        if not worker.ready and not worker.process.is_alive():
            self._count_failed_start(worker)
        task, worker.task = worker.task, None
        if isinstance(message, Conversion) and task is not None:
            return task, message
        if worker.process.is_alive() and message is None and task is None:
            return None
        code = self._replace(index)
        if task is None:
            return None
        return task, Conversion(
            Status.FAILED, 0.0, error=f"crash: the worker process died (exit code {code})"
        )

    def _count_failed_start(self, worker: _Worker) -> None:
        """Workers that die before they are ready would be restarted for ever: give up."""
        self.failed_starts += 1
        if self.failed_starts >= _MAX_FAILED_STARTS:
            raise WorkerStartError(
                f"cannot start worker processes (exit code {worker.process.exitcode} before ready); "
                "run the batch from the `extractor` command or a script file, not from standard input"
            )

    def _expire(self) -> Iterator[tuple[Task, Conversion]]:
        now = time.monotonic()
        for index, worker in enumerate(self.workers):
            if worker.task is not None and worker.deadline <= now:
                task = worker.task
                self._replace(index)
                error = f"timeout: conversion took longer than {self.timeout:g} s (--timeout); the worker was stopped"
                yield task, Conversion(Status.FAILED, round(self.timeout, 3), error=error)

    def _replace(self, index: int) -> int | None:
        """Kill worker ``index`` (if alive) and start a fresh one in its place; its exit code."""
        old = self.workers[index]
        _stop(old)
        self.workers[index] = self._start()
        return old.process.exitcode

    def _shutdown(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(_JOIN_SECONDS if worker.task is None else 0)
            _stop(worker)
        self.workers = []


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(_JOIN_SECONDS)
    worker.conn.close()


def convert_in_pool(
    tasks: Sequence[Task], config: BatchConfig, converter: Converter
) -> Iterator[tuple[Task, Conversion]]:
    """The local engine (``-j N``)."""
    if not tasks:
        return iter(())
    return WorkerPool(config.jobs, config.timeout, config.read, converter, config.out_dir).run(tasks)
