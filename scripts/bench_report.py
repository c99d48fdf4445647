"""Size and cost of the review site against the parse, per document (BENCHMARKS.md, issue 16).

    python scripts/bench_report.py FILE...      # documents (PDF or Markdown)

For each document, in one process (start-up excluded on both sides), the best of ``--runs``:
the parse (``extract`` + ``extraction_to_dict``), the page images (render + encode) and the
document page's HTML, in CPU seconds and wall seconds; then the page's size, the number of page
images and their total size. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractor.output import extraction_to_dict
from extractor.pipeline import extract
from extractor.report.images import render_pages
from extractor.report.site import DocumentView, document_html, pages_referenced


def best(runs: int, fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(min CPU seconds, min wall seconds, last result) over ``runs`` calls."""
    cpu, wall, result = float("inf"), float("inf"), None
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        result = fn()
        cpu, wall = min(cpu, time.process_time() - c), min(wall, time.perf_counter() - w)
    return cpu, wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--images", choices=("checked", "all"), default="checked")
    args = parser.parse_args()
    print("| document | pages | parse CPU / wall ms | images: n, KB | images CPU / wall ms | HTML KB | HTML ms | site / parse (CPU) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.files:
            extract(path)  # warm caches (code lists, fonts)
            p_cpu, p_wall, data = best(args.runs, lambda path=path: extraction_to_dict(extract(path)))
            images: list[Any] = []
            i_cpu = i_wall = 0.0
            if data["source"]["format"] == "pdf":
                i_cpu, i_wall, images = best(
                    args.runs, lambda path=path, data=data, which=args.images: render_pages(path, pages_referenced(data, which), Path(tmp) / path.name)
                )
            view = DocumentView(path.name, data, f"docs/{path.name}.html", {i.page: i for i in images}, path.name)
            h_cpu, _, html = best(args.runs, lambda view=view: document_html(view))
            size = len(html.encode("utf-8"))
            ratio = (i_cpu + h_cpu) / p_cpu
            print(
                f"| {path.parent.parent.name}/{path.parent.name}/{path.name} | {data['source'].get('pages') or '–'} "
                f"| {p_cpu * 1000:.0f} / {p_wall * 1000:.0f} | {len(images)}, {sum(i.bytes for i in images) / 1024:.0f} "
                f"| {i_cpu * 1000:.0f} / {i_wall * 1000:.0f} | {size / 1024:.0f} | {h_cpu * 1000:.0f} | {ratio:.2f} |"
            )


if __name__ == "__main__":
    main()
