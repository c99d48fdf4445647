"""The Dask engine: one task per document on a dask.distributed cluster.

``--scheduler tcp://HOST:PORT`` connects to an existing scheduler; ``--dask`` starts a
:class:`distributed.LocalCluster` of ``-j`` single-threaded worker processes. Each task runs
:func:`extractor.batch.jobs.convert_document` on the worker and returns the JSON text and counts; the
client (this process) writes outputs and manifest exactly as with the local pool, so outputs are
byte-identical. Workers read the input paths themselves: they must see the same files (same
machine or a shared filesystem), which is why paths are sent absolute.

Tasks are submitted in a window of as many tasks as the cluster has threads, so a task's
deadline (``--timeout``) runs from about when it starts. An overdue task is cancelled and the
worker running it is restarted through its nanny, which kills the stuck conversion.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from extractor.batch.inputs import Task
from extractor.batch.jobs import BatchConfig, Conversion, Converter, Status
from extractor.errors import UsageError

_CONNECT_SECONDS = 30


def _distributed() -> Any:
    """The ``distributed`` module (untyped: used through ``Any``)."""
    return importlib.import_module("distributed")


def convert_on_dask(
    tasks: Sequence[Task], config: BatchConfig, converter: Converter
) -> Iterator[tuple[Task, Conversion]]:
    """Run ``tasks`` on the cluster named by ``config`` and yield results as they finish."""
    if not tasks:
        return
    cluster = _local_cluster(config.jobs) if config.scheduler is None else None
    client = _connect(cluster if cluster is not None else config.scheduler)
    try:
        yield from _run_windowed(client, tasks, config, converter)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _local_cluster(jobs: int) -> Any:
    return _distributed().LocalCluster(
        n_workers=jobs,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # the scheduler's HTTP server on a free port, no dashboard
        scheduler_kwargs={"dashboard": False},
        worker_dashboard_address=None,
        silence_logs=logging.ERROR,
    )


def warm_up() -> None:
    """Runs on each worker before the first task: import the pipeline."""
    importlib.import_module("extractor.pipeline")


def _connect(target: Any) -> Any:
    """A client with at least one worker; a clear :class:`UsageError` when there is none."""
    try:
        client = _distributed().Client(target, timeout=_CONNECT_SECONDS)
    except (OSError, TimeoutError) as err:
        raise UsageError(
            f"cannot connect to the Dask scheduler at {target} ({err}); check the address and that it runs"
        ) from err
    try:
        client.wait_for_workers(1, timeout=_CONNECT_SECONDS)
        client.run(warm_up)  # imports do not count as conversion time
    except (OSError, TimeoutError) as err:
        client.close()
        raise UsageError(
            f"the Dask scheduler at {target} has no workers; start some with `dask worker`"
        ) from err
    except ImportError as err:
        client.close()
        raise UsageError(
            f"the Dask workers at {target} cannot import extractor ({err}); install it there"
        ) from err
    return client


def _run_windowed(
    client: Any, tasks: Sequence[Task], config: BatchConfig, converter: Converter
) -> Iterator[tuple[Task, Conversion]]:
    wait = _distributed().wait
    queue = deque(tasks)
    running: dict[Any, tuple[Task, float]] = {}
    while queue or running:
        slots = max(1, sum(client.nthreads().values()))  # workers may join or leave
        while queue and len(running) < slots:
            task = queue.popleft()
            future = client.submit(converter, os.path.abspath(task.path), config.read, pure=False)
            running[future] = (task, time.monotonic() + config.timeout)
        nearest = min(deadline for _, deadline in running.values())
        try:
            done, _ = wait(
                list(running), timeout=max(0.05, nearest - time.monotonic()), return_when="FIRST_COMPLETED"
            )
        except TimeoutError:
            done = set()
        for future in done:
            task, _ = running.pop(future)
            yield task, _as_given(_future_conversion(future), task)
        yield from _expire(client, running, config.timeout)


def _as_given(conversion: Conversion, task: Task) -> Conversion:
    """Error messages name the input as the user gave it (the worker saw the absolute path)."""
    if conversion.error is None:
        return conversion
    return replace(conversion, error=conversion.error.replace(os.path.abspath(task.path), task.path))


def _future_conversion(future: Any) -> Conversion:
    """The task's result; a task the cluster itself lost (worker killed) is a failed one."""
    try:
        result = future.result()
    except Exception as err:
        return Conversion(Status.FAILED, 0.0, error=f"crash on the Dask cluster: {type(err).__name__}: {err}")
    if not isinstance(result, Conversion):
        return Conversion(
            Status.FAILED, 0.0, error=f"crash on the Dask cluster: unexpected result {type(result).__name__}"
        )
    return result


def _expire(
    client: Any, running: dict[Any, tuple[Task, float]], timeout: float
) -> Iterator[tuple[Task, Conversion]]:
    now = time.monotonic()
    for future in [f for f, (_, deadline) in running.items() if deadline <= now]:
        task, _ = running.pop(future)
        note = _stop_stuck_task(client, future)
        error = f"timeout: conversion took longer than {timeout:g} s (--timeout){note}"
        yield task, Conversion(Status.FAILED, round(timeout, 3), error=error)


def _stop_stuck_task(client: Any, future: Any) -> str:
    """Cancel the future and restart the worker running it; a note for the error message."""
    workers = [addr for addr, keys in client.processing().items() if future.key in keys]
    future.cancel()
    if not workers:
        return ""
    try:
        client.restart_workers(workers, timeout=_CONNECT_SECONDS)
    except Exception as err:  # e.g. workers started without a nanny cannot be restarted
        return f"; could not restart the worker ({type(err).__name__}: {err})"
    return "; the worker was restarted"
