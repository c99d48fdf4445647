"""``extractor batch``: manifest, statuses, byte-identical outputs, resume, kill safety, timeouts."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, SEED
from rich.console import Console

from extractor.batch.inputs import plan_tasks
from extractor.batch.jobs import BatchConfig, Conversion, Status, convert_document
from extractor.batch.run import MANIFEST_NAME, BatchReport, Manifest, Record, run_batch
from extractor.cli import build_parser, main
from extractor.cli.progress import BatchProgress
from extractor.sources import ReadOptions

SEEDS = sorted((ROOT / "fixtures" / "seed").glob("*.md"))
BAD_NAMES = ("empty.pdf", "html-named.pdf", "random.pdf", "truncated.pdf")


def make_pdf(path: Path, pages: int = 2) -> bytes:
    """A small valid PDF made with reportlab; returns its bytes."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for number in range(pages):
        pdf.drawString(72, 720, f"2026 budget page {number + 1}")
        pdf.showPage()
    pdf.save()
    return path.read_bytes()


def make_bad_inputs(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "empty.pdf").write_bytes(b"")
    (directory / "html-named.pdf").write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    (directory / "random.pdf").write_bytes(bytes((i * 97 + 13) % 256 for i in range(4096)))
    good = make_pdf(directory / "source.pdf.tmp")
    (directory / "truncated.pdf").write_bytes(good[: len(good) // 2])
    (directory / "source.pdf.tmp").unlink()


def manifest_lines(out_dir: Path) -> list[dict[str, object]]:
    text = (out_dir / MANIFEST_NAME).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def clean_batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, BatchReport]]:
    """One batch over the seed fixtures plus a folder of bad files."""
    bad = tmp_path_factory.mktemp("bad")
    make_bad_inputs(bad)
    out = tmp_path_factory.mktemp("out")
    config = BatchConfig(out_dir=out, jobs=max(2, os.cpu_count() or 1), timeout=120)
    report = run_batch([str(ROOT / "fixtures" / "seed"), str(bad)], config)
    yield out, report


def test_manifest_has_one_line_per_input_with_status(clean_batch: tuple[Path, BatchReport]) -> None:
    out, report = clean_batch
    lines = manifest_lines(out)
    assert len(lines) == len(SEEDS) + len(BAD_NAMES) == len(report.records)
    by_name = {Path(str(line["input"])).name: line for line in lines}
    for name in BAD_NAMES:
        line = by_name[name]
        assert line["status"] == "failed" and line["output"] is None
        assert name in str(line["error"]) and "Traceback" not in str(line["error"])
    for seed in SEEDS:
        line = by_name[seed.name]
        assert line["status"] in {"success", "partial"}, line
        assert line["output"] == f"{seed.name}.json" and line["tool_version"]
        assert line["tables"] and line["line_items"] and set(line["findings"]) == {"error", "warning", "info"}  # type: ignore[arg-type]
        assert (line["status"] == "partial") == bool(line["warnings"])
    assert by_name[SEED.name]["status"] == "success"
    assert not report.ok


def test_outputs_are_byte_identical_to_parse(clean_batch: tuple[Path, BatchReport], tmp_path: Path) -> None:
    out, _ = clean_batch
    for seed in (SEED, SEEDS[-1]):
        target = tmp_path / f"{seed.name}.json"
        assert main(["parse", str(seed), "-o", str(target)]) in (0, 1)
        assert (out / f"{seed.name}.json").read_bytes() == target.read_bytes()


def test_only_outputs_and_manifest_are_left(clean_batch: tuple[Path, BatchReport]) -> None:
    out, report = clean_batch
    expected = {r.output for r in report.records if r.output} | {MANIFEST_NAME}
    assert {p.name for p in out.iterdir()} == expected


def test_resume_does_no_work_for_converted_inputs(
    clean_batch: tuple[Path, BatchReport], tmp_path: Path
) -> None:
    out, first = clean_batch
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    mtimes = {p.name: p.stat().st_mtime_ns for p in copy.glob("*.json")}
    again = run_batch(
        [str(ROOT / "fixtures" / "seed"), *(r.input for r in first.records if r.status is Status.FAILED)],
        BatchConfig(out_dir=copy, jobs=1, resume=True),
        converter=refuse_good_inputs,
    )
    assert {p.name: p.stat().st_mtime_ns for p in copy.glob("*.json")} == mtimes
    good = [r for r in again.records if r.output]
    assert len(good) == len(SEEDS) and all(r.status is Status.SKIPPED and r.seconds == 0 for r in good)
    assert [r.converted for r in good] == [r.status for r in first.records if r.output]
    assert again.count(Status.FAILED) == len(BAD_NAMES)  # failures are retried
    assert len(manifest_lines(copy)) == len(SEEDS) + len(BAD_NAMES)


def refuse_good_inputs(path: str, options: ReadOptions) -> Conversion:
    """A converter for the resume test: converting a good input again is a test failure."""
    if path.endswith(".md"):
        return Conversion(Status.FAILED, 0.0, error="resume converted a finished input again")
    return convert_document(path, options)


QUICK_HOSTILE = {
    "zero-bytes-pdf", "zero-bytes-md", "html-named-pdf", "random-named-pdf", "docx-named-pdf",
    "truncated-50pct", "truncated-before-eof", "flipped-0", "broken-xref", "encrypted-user",
    "encrypted-owner-only", "scanned", "kids-cycle", "md-gb18030", "md-unclosed-tables", "md-binary",
}  # fmt: skip
STATUS_OF_EXIT = {0: Status.SUCCESS, 1: Status.PARTIAL, 2: Status.FAILED}


def test_batch_over_hostile_inputs_records_each_as_parse_would(tmp_path: Path) -> None:
    """Issue 8: each bad file gets the status matching `extractor parse`'s exit code, with its error."""
    hostile = pytest.importorskip("hostile")
    cases = [c for c in hostile.CASES if c.name in QUICK_HOSTILE]
    paths = hostile.make_all(tmp_path / "in", cases)
    good = hostile.make_good_pdf(tmp_path)
    config = BatchConfig(out_dir=tmp_path / "out", jobs=2, timeout=60)
    report = run_batch([str(tmp_path / "in"), str(good)], config)
    by_input = {r.input: r for r in report.records}
    assert len(report.records) == len(cases) + 1 and by_input[str(good)].status is Status.SUCCESS
    for case in cases:
        record = by_input[os.path.normpath(paths[case.name])]
        assert record.status in {STATUS_OF_EXIT[c] for c in case.codes}, (case.name, record)
        if record.status is Status.FAILED:
            assert record.error and case.needle in record.error and record.output is None
        else:
            assert (tmp_path / "out" / str(record.output)).is_file()


def test_exit_code_and_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    assert main(["batch", str(bad), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "batch: 1 inputs: 0 success, 0 partial, 1 failed, 0 skipped" in err
    assert "empty" in err and "Traceback" not in err
    assert "━" not in err  # no progress bar when stderr is not a terminal
    assert main(["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "out")]) == 2
    assert main(["batch", str(bad), "-o", str(tmp_path / "out"), "-j", "0"]) == 2


def test_progress_bar_shows_counts_and_failures() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    failed = Record("x/[2024]bad.pdf", None, Status.FAILED, None, None, None, None, (), 0.0, "bad")
    done = Record("x/good.md", None, Status.SUCCESS, "good.md.json", 1, 2, None, (), 0.5, None)
    with BatchProgress(console, enabled=True) as progress:
        progress.started(total=3, skipped=0)
        progress.finished(done)
        progress.finished(failed)
    text = stream.getvalue()
    assert "2/3" in text and "1 failed (last: [2024]bad.pdf)" in text


def slow_for_names_with_slow(path: str, options: ReadOptions) -> Conversion:
    """A converter for the timeout test: hangs on inputs named ``slow*``."""
    if Path(path).name.startswith("slow"):
        time.sleep(120)
    return convert_document(path, options)


def test_timeout_kills_the_worker_and_the_batch_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    tiny = "# 某单位2026年部门预算\n\n单位：元\n\n| 项目 | 金额 |\n|---|---|\n| 收入总计 | 100.00 |\n"
    for name in ("a-slow.md", "slow.md", "z-fast.md"):
        (inputs / name).write_text(tiny, encoding="utf-8")
    start = time.monotonic()
    config = BatchConfig(out_dir=tmp_path / "out", jobs=1, timeout=2)
    report = run_batch([str(inputs)], config, converter=slow_for_names_with_slow)
    assert time.monotonic() - start < 60
    status = {Path(r.input).name: r for r in report.records}
    assert status["slow.md"].status is Status.FAILED and "timeout" in str(status["slow.md"].error)
    assert status["a-slow.md"].status is Status.SUCCESS and status["z-fast.md"].status is Status.SUCCESS


def test_killed_batch_resumes_to_the_clean_result(
    clean_batch: tuple[Path, BatchReport], tmp_path: Path
) -> None:
    clean_out, _ = clean_batch
    inputs = tmp_path / "in"
    inputs.mkdir()
    chosen = SEEDS[:3]
    for seed in chosen:
        shutil.copy(seed, inputs / seed.name)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "extractor", "batch", str(inputs), "-o", str(out), "-j", "1"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        lines_at_kill = wait_for_manifest_line(out / MANIFEST_NAME, process)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert 1 <= lines_at_kill < len(chosen)
    leftovers = {p.name for p in out.iterdir()} - {MANIFEST_NAME} - {f"{s.name}.json" for s in chosen}
    assert all(name.startswith(".extractor-") and name.endswith(".tmp") for name in leftovers)
    for path in out.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every output present is complete
    report = run_batch([str(inputs)], BatchConfig(out_dir=out, jobs=2, resume=True))
    assert report.count(Status.SKIPPED) >= 1 and report.count(Status.FAILED) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST_NAME, *(f"{s.name}.json" for s in chosen)]
    )
    for seed in chosen:
        assert (out / f"{seed.name}.json").read_bytes() == (clean_out / f"{seed.name}.json").read_bytes()
    assert len(manifest_lines(out)) == len(chosen)


def wait_for_manifest_line(manifest: Path, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 1:
            os.killpg(process.pid, signal.SIGKILL)
            return manifest.read_bytes().count(b"\n")
        time.sleep(0.01)
    raise AssertionError("the batch wrote no manifest line before it ended")


def test_manifest_drops_a_trailing_half_line(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST_NAME
    good = json.dumps({"input": "a.md", "sha256": "0" * 64, "status": "success", "output": "a.md.json"})
    path.write_text(good + "\n" + '{"input": "b.md", "sha', encoding="utf-8")
    manifest = Manifest(path)
    assert list(manifest.previous) == ["a.md"]
    assert path.read_text(encoding="utf-8") == good + "\n"


def test_equal_names_in_different_folders_get_distinct_outputs(tmp_path: Path) -> None:
    for folder in ("a", "b/c"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "x.md").write_text("# x\n", encoding="utf-8")
    from_dir = [t.output for t in plan_tasks([str(tmp_path)])]
    assert from_dir == ["a__x.md.json", "b__c__x.md.json"]
    files = [str(tmp_path / "a" / "x.md"), str(tmp_path / "b" / "c" / "x.md")]
    from_files = [t.output for t in plan_tasks(files)]
    assert len(set(from_files)) == 2 and from_files == [t.output for t in plan_tasks(files)]
    from_glob = [t.output for t in plan_tasks([str(tmp_path / "**" / "*.md")])]
    assert len(set(from_glob)) == 2


def test_batch_and_export_options_all_have_help() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands is not None
    for name in ("batch", "export"):
        sub = commands[name]  # type: ignore[index]
        for action in sub._actions:
            assert action.help, f"{name} {action.dest} has no help"


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_corpus_batch_converts_every_document_and_resume_does_nothing(tmp_path: Path) -> None:
    """Issue 6 acceptance: -j 2 converts every document, --resume does no work, and the exports
    of the corpus pass `frictionless validate` and answer one function code across documents."""
    out = tmp_path / "out"
    pdfs = sorted(CORPUS.rglob("*.pdf"))
    first = run_batch([str(CORPUS)], BatchConfig(out_dir=out, jobs=2))
    assert len(manifest_lines(out)) == len(first.records) >= len(pdfs)
    assert first.count(Status.FAILED) == 0, [(r.input, r.error) for r in first.records if r.error]
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    again = run_batch([str(CORPUS)], BatchConfig(out_dir=out, jobs=2, resume=True))
    assert again.count(Status.SKIPPED) == len(first.records)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == mtimes
    assert_corpus_exports(out, tmp_path)


def assert_corpus_exports(out: Path, tmp_path: Path) -> None:
    from frictionless import validate

    from extractor.export import export

    export([out], "datapackage", tmp_path / "dp")
    report = validate(tmp_path / "dp" / "datapackage.json")
    assert report.valid, report.flatten(["title", "message"])
    export([out], "sqlite", tmp_path / "corpus.sqlite")
    db = sqlite3.connect(tmp_path / "corpus.sqlite")
    try:
        (code, documents), *_ = db.execute(
            "SELECT code, COUNT(DISTINCT document) n FROM line_items WHERE classification = 'functional' "
            "GROUP BY code ORDER BY n DESC, code LIMIT 1"
        ).fetchall()
        rows = db.execute("SELECT DISTINCT document FROM line_items WHERE code = ?", (code,)).fetchall()
    finally:
        db.close()
    assert documents >= 2 and len(rows) == documents


def test_workers_write_their_outputs_and_send_back_only_counts(tmp_path: Path) -> None:
    """The local pool's workers write each JSON themselves (atomically, in parallel); what
    comes back is the manifest counts, and the file is exactly `parse`'s output."""
    from extractor.batch.jobs import convert_document
    from extractor.batch.pool import convert_in_pool

    out = tmp_path / "out"
    out.mkdir()
    tasks = plan_tasks([str(SEED)])
    config = BatchConfig(out_dir=out, jobs=2, timeout=120)
    results = list(convert_in_pool(tasks, config, convert_document))
    assert len(results) == len(tasks) == 1
    task, conversion = results[0]
    assert conversion.written and conversion.text is None and conversion.tables
    assert (out / task.output).read_bytes() == convert_document(str(SEED), ReadOptions()).text.encode("utf-8")
    assert not [p for p in out.iterdir() if p.name != task.output]  # no temporary file left


def test_a_worker_that_cannot_write_hands_the_text_back(tmp_path: Path) -> None:
    """When the worker's write fails, the text goes back and the batch process writes it, so a
    full disk is reported once, by the batch process, as for any output."""
    from extractor.batch.jobs import convert_document
    from extractor.batch.pool import convert_in_pool

    tasks = plan_tasks([str(SEED)])
    config = BatchConfig(out_dir=tmp_path / "missing" / "dir", jobs=1, timeout=120)
    [(_task, conversion)] = list(convert_in_pool(tasks, config, convert_document))
    assert not conversion.written
    assert conversion.text is not None and conversion.text.startswith("{")
