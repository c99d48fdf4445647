"""The scanned case of ``make bench``: OCR'd pages against RapidOCR's own pipeline.

    .venv/bin/python scripts/bench.py ../shared/corpus --only scan [--scan-pages 12] [--repeats 3]

Image-only copies of corpus pages are made with ``scripts/make_scans.py`` (150 dpi, grey), then
two whole processes are timed on the same file, alternating per repeat:

  (s) ``extractor parse SCAN.pdf -o OUT.json``        the full pipeline, pages OCR'd in parallel
  (r) RapidOCR's own detect + recognize on each page image (``RapidOCR()(image)``, its defaults:
      detection, direction classifier, recognition), images taken from the same PDF at the
      resolution they were scanned at — ``scripts/bench_scan.py rapidocr SCAN.pdf``

and the report gives seconds per scanned page for each, their ratio (target ≤ 1.0×) and peak
memory (``ru_maxrss`` of the process).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))

DEFAULT_DOCS = ("jiangsu-suzhou/2026年苏州市审计局部门预算.pdf", "zhejiang-huzhou/2026年湖州市财政局部门预算.pdf")
SCAN_DPI = 150.0


def pick_pages(corpus: Path, budget: int) -> list[tuple[Path, list[int]]]:
    """Pages of the default documents (tables and narrative alike), ``budget`` in all."""
    import pypdfium2

    out: list[tuple[Path, list[int]]] = []
    per_doc = max(1, budget // len(DEFAULT_DOCS))
    for name in DEFAULT_DOCS:
        path = corpus / name
        if not path.is_file():
            continue
        count = len(pypdfium2.PdfDocument(str(path)))
        step = max(1, count // per_doc)
        out.append((path, list(range(1, count + 1, step))[:per_doc]))
    return out


def rapidocr_pages(scan: Path) -> int:
    """RapidOCR's own pipeline on every page image of ``scan`` (the baseline process)."""
    import pypdfium2
    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Global.log_level": "error"})
    pdf = pypdfium2.PdfDocument(str(scan))
    boxes = 0
    for index in range(len(pdf)):
        image = pdf[index].render(scale=SCAN_DPI / 72, grayscale=True).to_numpy()
        result = engine(image)
        found = getattr(result, "boxes", None)
        boxes += 0 if found is None else len(found)
    print(boxes)
    return 0


def run_scan_bench(corpus: Path, budget: int, repeats: int, timeout: float) -> str:
    """Measure both processes; returns the report section (Markdown)."""
    import bench
    from make_scans import ScanStyle, make_scan

    picks = pick_pages(corpus, budget)
    if not picks:
        return "## Scanned pages (OCR)\n\nNo corpus documents to scan: skipped.\n"
    runs: dict[str, list[Any]] = {"s": [], "r": []}
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        work = Path(tmp)
        scans: list[tuple[Path, int]] = []
        for k, (path, pages) in enumerate(picks):
            target = work / f"scan{k}.pdf"
            scans.append((target, make_scan(path, target, ScanStyle(dpi=SCAN_DPI), pages)))
        for repeat in range(repeats):
            for scan, pages in scans:
                order = ("s", "r") if repeat % 2 == 0 else ("r", "s")
                for which in order:
                    cmd = ([*bench.extractor_command(), "parse", str(scan), "-o", str(work / "out.json")]
                           if which == "s" else [sys.executable, str(Path(__file__)), "rapidocr", str(scan)])
                    proc = bench.run_process(cmd, timeout)
                    if not proc.ok and not (which == "s" and proc.returncode == 1):
                        raise SystemExit(f"bench-scan: {which} failed on {scan.name}: {proc.failure}")
                    runs[which].append((pages, proc))
                    bench.log(f"  scan {scan.name} {which}: {proc.wall:.1f} s, {proc.peak_mb:.0f} MB")
    pages_total = sum(pages for _, pages in scans)
    return _section(runs, pages_total, repeats, [(p.parent.name + "/" + p.name, len(pg)) for p, pg in picks])


def _section(runs: dict[str, list[Any]], pages: int, repeats: int, docs: list[tuple[str, int]]) -> str:
    def per_page(which: str) -> float:
        per_repeat = [sum(p.wall for _, p in runs[which][i::repeats]) for i in range(repeats)]
        return statistics.median(per_repeat) / pages if pages else 0.0

    def peak(which: str) -> float:
        return max(p.peak_mb for _, p in runs[which])

    s, r = per_page("s"), per_page("r")
    ratio = s / r if r else float("nan")
    lines = [
        "## Scanned pages (OCR)",
        "",
        f"Image-only copies ({SCAN_DPI:.0f} dpi, grey, no text layer; scripts/make_scans.py) of {pages} pages: "
        + ", ".join(f"{name} ({n} pages)" for name, n in docs) + f"; median of {repeats} repeats, whole processes.",
        "",
        "| | s / page | peak memory |",
        "|---|---:|---:|",
        f"| (s) extractor parse (OCR, pages in parallel) | {s:.2f} | {peak('s'):.0f} MB |",
        f"| (r) RapidOCR's own detect + classify + recognize | {r:.2f} | {peak('r'):.0f} MB |",
        "",
        f"(s)/(r) = **{ratio:.2f}** (target ≤ 1.0: {'met' if ratio <= 1.0 else 'not met'}).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "rapidocr":
        return rapidocr_pages(Path(argv[1]))
    raise SystemExit("usage: bench_scan.py rapidocr SCAN.pdf (the baseline process; see scripts/bench.py --only scan)")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
