"""``extractor batch --scheduler``: a real Dask scheduler and two workers on 127.0.0.1.

Outputs must be byte-identical to the local pool's; a task that outlives ``--timeout`` is
recorded as failed and its worker restarted, and the batch goes on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, SEED

from extractor.batch.jobs import BatchConfig, Conversion, Status, convert_document
from extractor.batch.run import MANIFEST_NAME, run_batch
from extractor.cli import main
from extractor.sources import ReadOptions

DASK = Path(sys.executable).with_name("dask")
TESTS = Path(__file__).resolve().parent
TINY_TEXT = "# 某单位2026年部门预算\n\n单位：元\n\n| 项目 | 金额 |\n|---|---|\n| 收入总计 | 100.00 |\n"


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    with open(log, "wb") as handle:
        return subprocess.Popen(
            args, stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def _scheduler_address(scheduler_file: Path, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if scheduler_file.exists():
            try:
                return str(json.loads(scheduler_file.read_text())["address"])
            except (ValueError, KeyError):
                pass
        time.sleep(0.1)
    raise RuntimeError(f"the dask scheduler did not start (exit code {process.poll()})")


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Address of a scheduler with two single-threaded workers (each with a nanny)."""
    if not DASK.exists():
        pytest.skip("the dask command is not installed in the virtual environment")
    work = tmp_path_factory.mktemp("dask")
    scheduler_file = work / "scheduler.json"
    processes = [
        _start(
            [
                str(DASK),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            work / "scheduler.log",
        )
    ]
    try:
        address = _scheduler_address(scheduler_file, processes[0])
        for index in range(2):
            worker = [
                str(DASK),
                "worker",
                address,
                "--host",
                "127.0.0.1",
                "--nthreads",
                "1",
                "--no-dashboard",
                "--name",
                f"w{index}",
            ]
            processes.append(_start(worker, work / f"worker{index}.log"))
        _wait_for_workers(address, 2)
        yield address
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(count, timeout=60)


def _comparable(out: Path) -> list[tuple[object, ...]]:
    lines = [json.loads(line) for line in (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()]
    return [
        (d["input"], d["status"], d["output"], d["tables"], d["line_items"], d["findings"], d["error"])
        for d in lines
    ]


def test_dask_outputs_are_byte_identical_to_the_local_pool(scheduler: str, tmp_path: Path) -> None:
    empty, tiny = tmp_path / "empty.pdf", tmp_path / "tiny.md"
    empty.write_bytes(b"")
    tiny.write_text(TINY_TEXT, encoding="utf-8")
    inputs = [str(SEED), str(tiny), os.path.relpath(empty)]  # a relative path: errors name it as given
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main(["batch", *inputs, "-o", str(local), "-j", "2"]) == 1
    assert main(["batch", *inputs, "-o", str(remote), "--scheduler", scheduler]) == 1
    assert _comparable(local) == _comparable(remote)
    for name in (f"{SEED.name}.json", "tiny.md.json"):
        assert (local / name).read_bytes() == (remote / name).read_bytes()
    assert {p.name for p in remote.iterdir()} == {p.name for p in local.iterdir()}


def hang_on_slow(path: str, options: ReadOptions) -> Conversion:
    """Runs on the Dask workers (tests/ is on their PYTHONPATH): hangs on ``slow*`` inputs."""
    if Path(path).name.startswith("slow"):
        time.sleep(300)
    return convert_document(path, options)


def test_dask_timeout_restarts_the_stuck_worker(scheduler: str, tmp_path: Path) -> None:
    names = ("slow.md", "fast-1.md", "fast-2.md", "fast-3.md")
    for name in names:
        (tmp_path / name).write_text(TINY_TEXT, encoding="utf-8")
    config = BatchConfig(out_dir=tmp_path / "out", timeout=3, scheduler=scheduler)
    start = time.monotonic()
    report = run_batch([str(tmp_path / n) for n in names], config, converter=hang_on_slow)
    assert time.monotonic() - start < 90
    status = {Path(r.input).name: r for r in report.records}
    assert status["slow.md"].status is Status.FAILED and "timeout" in str(status["slow.md"].error)
    assert all(status[n].status is Status.SUCCESS for n in names[1:])
    _wait_for_workers(scheduler, 2)  # the restarted worker is back for later tests


def test_local_dask_cluster(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.md"
    tiny.write_text(TINY_TEXT, encoding="utf-8")
    assert main(["batch", str(tiny), "-o", str(tmp_path / "out"), "-j", "1", "--dask"]) == 0
    expected = tmp_path / "parse.json"
    assert main(["parse", str(tiny), "-o", str(expected)]) == 0
    assert (tmp_path / "out" / "tiny.md.json").read_bytes() == expected.read_bytes()


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_corpus_on_dask_is_byte_identical_to_the_local_pool(scheduler: str, tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    run_batch([str(CORPUS)], BatchConfig(out_dir=local, jobs=2))
    report = run_batch([str(CORPUS)], BatchConfig(out_dir=remote, scheduler=scheduler))
    assert report.count(Status.FAILED) == 0
    assert _comparable(local) == _comparable(remote)
    names = sorted(p.name for p in local.glob("*.json"))
    assert names == sorted(p.name for p in remote.glob("*.json")) and len(names) == len(report.records)
    for name in names:
        assert (local / name).read_bytes() == (remote / name).read_bytes(), name
