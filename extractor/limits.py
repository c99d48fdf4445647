"""Per-document limits: time, pages, bytes, table cells — with their documented defaults.

A damaged or hostile document must end quickly with a clear message, never hang and never eat
the machine's memory. The limits, their flags and defaults:

==================  ==================  ============  =============================================
limit               flag                default       what happens past it
==================  ==================  ============  =============================================
time per document   ``--timeout``       300 s         :class:`LimitExceeded` (exit 2); in a batch
                                                      the document is recorded as failed
pages               ``--max-pages``     2,000         :class:`LimitExceeded` before any page is read
bytes               ``--max-bytes``     200 MiB       :class:`LimitExceeded` before anything is read
table cells         ``--max-cells``     2,000,000     :class:`LimitExceeded` as soon as the count
                                                      passes the limit
==================  ==================  ============  =============================================

A limit of 0 (or a negative number) for ``--timeout`` means no time limit. Memory is bounded by
these limits (a page, a cell and a byte each cost a bounded amount) and, for decompression
bombs, by the time limit; a batch can add an address-space limit per worker.

:func:`deadline` is the time limit: a context manager built on ``signal.setitimer``. It works in
the main thread of a process (the CLI, and each worker process of a batch); elsewhere (a thread
of a Dask worker) it does nothing, and the batch engine's own timeout applies.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from extractor.errors import LimitExceeded

DEFAULT_TIMEOUT = 300.0
"""Seconds one document may take (``--timeout``)."""
DEFAULT_MAX_PAGES = 2000
"""Pages a PDF may have (``--max-pages``)."""
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
"""Bytes an input file may have (``--max-bytes``)."""
DEFAULT_MAX_CELLS = 2_000_000
"""Table cells a document may have in all (``--max-cells``)."""

_RETRY = 0.25
"""After the deadline, the alarm rings again this often, in case code under it swallowed the ring."""


class DeadlineExpired(BaseException):
    """Raised by the alarm inside a :func:`deadline` block and turned into :class:`LimitExceeded`
    at the block's edge. A ``BaseException``, like ``KeyboardInterrupt``, so that library code
    that catches ``Exception`` (pdfplumber wraps every error it sees, validation turns a failing
    check into a finding) cannot swallow or disguise it."""


def _can_use_signals() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None, what: str = "the document") -> Iterator[None]:
    """Raise :class:`LimitExceeded` from the block if it runs longer than ``seconds``.

    ``what`` names the input in the message (``"<what>: took longer than N s (--timeout); …"``).
    ``None``, 0, a negative number or infinity means no limit. Off the main thread, or on a
    platform without ``setitimer``, this does nothing. Nested deadlines keep the sooner one, and
    the enclosing timer and handler are restored on exit.
    """
    if seconds is None or not seconds > 0 or not math.isfinite(seconds) or not _can_use_signals():
        yield
        return
    outer_remaining, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_remaining and outer_remaining < seconds:
        yield  # an enclosing deadline rings first
        return
    armed = [True]

    def ring(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            raise DeadlineExpired

    previous = signal.signal(signal.SIGALRM, ring)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds, _RETRY)
    try:
        yield
    except DeadlineExpired as err:
        armed[0] = False
        raise LimitExceeded(
            f"{what}: took longer than {seconds:g} s (--timeout); "
            "the file may be damaged or hostile — raise --timeout if it is just large"
        ) from err
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining:
            left = outer_remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), outer_interval)


def check_bytes(size: int, limit: int, what: str) -> None:
    """Refuse an input of more than ``limit`` bytes."""
    if limit > 0 and size > limit:
        raise LimitExceeded(f"{what}: {size} bytes exceeds the limit of {limit} (--max-bytes); raise the limit")


def check_pages(count: int, limit: int, what: str) -> None:
    """Refuse a PDF of more than ``limit`` pages (before reading any of them)."""
    if limit > 0 and count > limit:
        raise LimitExceeded(f"{what}: {count} pages exceeds the limit of {limit} (--max-pages); raise the limit")


def check_cells(count: int, limit: int, what: str, where: str = "") -> None:
    """Refuse a document whose tables hold more than ``limit`` cells in all; ``where`` says how
    far the reader got (``"by page 12"``)."""
    if limit > 0 and count > limit:
        at = f" {where}" if where else ""
        raise LimitExceeded(
            f"{what}: more than {limit} table cells{at} (--max-cells); raise the limit if the tables are real"
        )


class CellBudget:
    """A running count of table cells against ``limit``, for readers that find tables one by one.

    >>> budget = CellBudget(10, "a.md")
    >>> budget.add(4, 2)
    >>> budget.used
    8
    """

    def __init__(self, limit: int, what: str) -> None:
        self.limit = limit
        self.what = what
        self.used = 0

    def add(self, rows: int, cols: int, where: str = "") -> None:
        """Count a table of ``rows`` × ``cols``; raise :class:`LimitExceeded` past the limit."""
        self.used += max(rows, 0) * max(cols, 0)
        check_cells(self.used, self.limit, self.what, where)
