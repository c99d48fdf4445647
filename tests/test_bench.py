"""The benchmark harness (scripts/bench.py) runs end to end and writes its report.

Speed itself is checked by ``make bench``, never by timed tests; these only check the harness.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import load_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script("bench")


@pytest.fixture()
def tiny_pdf(tmp_path: Path) -> Path:
    """A 2-page budget-like PDF (a cover, then one ruled table in STSong-Light) made by make_big_pdf."""
    pytest.importorskip("reportlab")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "tiny.pdf"
    load_script("make_big_pdf").build(path, pages=2, entity="测试中心", year=2026)
    return path


def run_bench(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(SCRIPTS / "bench.py"), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT)


def test_make_big_pdf_is_deterministic_and_readable(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    pdfplumber = pytest.importorskip("pdfplumber")
    make = load_script("make_big_pdf")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    make.build(a, pages=3, entity="测试中心", year=2026)
    make.build(b, pages=3, entity="测试中心", year=2026)
    assert a.read_bytes() == b.read_bytes()
    with pdfplumber.open(a) as pdf:
        assert len(pdf.pages) == 3
        page = pdf.pages[1]
        assert "表1 一般公共预算支出功能分类预算表" in (page.extract_text() or "")
        rows = page.extract_tables()[0]
    assert rows[0] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert rows[1][1] == "合计"


def test_run_process_measures_one_child(bench: ModuleType) -> None:
    grow = "b = bytearray(120 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"
    proc = bench.run_process([sys.executable, "-c", grow], timeout=60)
    assert proc.ok and proc.returncode == 0
    assert proc.peak_mb >= 120
    small = bench.run_process([sys.executable, "-c", "pass"], timeout=60)
    assert small.peak_mb < 100  # the child's own peak, not the earlier child's
    assert small.wall > 0 and small.cpu >= 0


def test_run_process_reports_failures_and_timeouts(bench: ModuleType) -> None:
    crash = bench.run_process([sys.executable, "-c", "raise SystemExit('boom')"], timeout=60)
    assert not crash.ok and crash.returncode == 1 and "boom" in crash.stderr_tail
    crash.produced = True  # exit 1 with its output written = extractor's "document problems"
    assert crash.ok
    slow = bench.run_process([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert slow.timed_out and not slow.ok and slow.wall < 10


def test_camelot_subset_spreads_over_the_corpus(bench: ModuleType) -> None:
    docs = [bench.Doc(Path(f"{i}.pdf"), f"{i}.pdf", 20) for i in range(24)]
    subset = bench.camelot_subset(docs, 120)
    assert 4 <= len(subset) <= 8
    assert subset[0] is docs[0] and subset[-1].label != docs[len(subset) - 1].label  # spread, not a prefix
    assert bench.camelot_subset(docs, 0) == docs


def test_no_documents_is_not_an_error(
    tmp_path: Path, bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "FIXTURE_PDFS", tmp_path / "no-fixtures")
    assert bench.main([str(tmp_path / "absent"), "--output", str(tmp_path / "B.md")]) == 0
    assert not (tmp_path / "B.md").exists()


def test_baselines_end_to_end(tiny_pdf: Path, tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    done = run_bench(tiny_pdf.parent, "--repeats", "1", "--only", "baselines", "--output", report)
    assert done.returncode == 0, done.stderr
    text = report.read_text(encoding="utf-8")
    for heading in ("# Benchmarks", "## Set-up", "## Summary", "## Per document", "## Start-up cost"):
        assert heading in text
    for engine in (
        "(b) pdfplumber extract_tables",
        "(c) camelot lattice (default engine)",
        '(d) camelot lattice engine="vector"',
    ):
        assert engine in text
    assert "- CPU: " in text and "- command: `" in text and "UTC" in text and "camelot-py" in text
    assert "| tiny.pdf | 2 |" in text
    assert "fail" not in text.split("## Per document", 1)[1].split("## Start-up", 1)[0]
    assert "pages/s" in done.stdout


@pytest.mark.slow
def test_everything_end_to_end(tiny_pdf: Path, tmp_path: Path) -> None:
    """The whole run on the tiny PDF: extractor, baselines, Markdown, batch, and --big (small)."""
    big = tmp_path / "big.pdf"
    load_script("make_big_pdf").build(big, pages=20, entity="测试中心", year=2026)
    report = tmp_path / "BENCHMARKS.md"
    done = run_bench(tiny_pdf.parent, "--repeats", "1", "--output", report, "--big", big, timeout=900)
    assert done.returncode == 0, done.stderr
    text = report.read_text(encoding="utf-8")
    for heading in ("## Summary", "Ratios and targets", "## Markdown", "## Batch", "## 1,000-page document"):
        assert heading in text
    assert "(a)/(b)" in text and "(a)/(d)" in text
