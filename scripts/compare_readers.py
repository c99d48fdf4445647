"""Compare the fast pdfium reader with the pdfplumber reference on PDFs: the whole output must agree.

    python scripts/compare_readers.py ../shared/corpus [--tolerance 0.1] [--loose-prose]

For each PDF the full pipeline runs twice (``reader="pdfium"`` and ``reader="pdfplumber"``) and
the two JSON documents are compared value by value. Text, amounts, codes, types, findings and
structure must be equal; coordinates (bbox values, page sizes) may differ by ``--tolerance``
points, because pdfium stores coordinates in single precision and the two libraries read a
glyph's advance from different width tables. ``--loose-prose`` also ignores whitespace inside
running prose (see :func:`differences`). Prints one line per document and every difference;
exits 1 when any document differs.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

COORD_KEYS = frozenset({"bbox", "width", "height"})
PROSE = re.compile(r"^\$\.(?:sections\[\d+\]\.text|facts\[\d+\]\.sentence|issues\[\d+\]\.message)$")
"""Running prose, where a space before "%" may differ (see --strict-prose)."""


def differences(a: Any, b: Any, tolerance: float, path: str = "$", *, strict_prose: bool = True) -> Iterator[str]:
    """Where two JSON values differ (numbers under a coordinate key may differ by ``tolerance``).

    With ``strict_prose=False``, section text, fact sentences and finding messages are compared
    without whitespace: in fonts whose width tables disagree with the glyphs, the two libraries
    measure a different gap before "%" and one of them prints "8.8 %". Table cells, labels,
    amounts and every other value are always compared exactly.
    """
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                yield f"{path}.{key}: only in {'pdfium' if key in a else 'pdfplumber'}"
                continue
            if key in COORD_KEYS and _close(a[key], b[key], tolerance):
                continue
            yield from differences(a[key], b[key], tolerance, f"{path}.{key}", strict_prose=strict_prose)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from differences(x, y, tolerance, f"{path}[{i}]", strict_prose=strict_prose)
    elif a != b:
        if (not strict_prose and isinstance(a, str) and isinstance(b, str) and PROSE.match(path)
                and "".join(a.split()) == "".join(b.split())):
            return
        yield f"{path}: {_short(a)} vs {_short(b)}"


def _close(a: Any, b: Any, tolerance: float) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= tolerance
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return all(_close(x, y, tolerance) for x, y in zip(a, b, strict=False))
    return a is None and b is None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def compare(path: Path, tolerance: float, *, strict_prose: bool = True) -> tuple[list[str], float, float]:
    """The differences for one PDF, and the seconds each reader's full pipeline took."""
    from extractor.output import extraction_to_dict
    from extractor.pipeline import extract
    from extractor.sources import ReadOptions

    t0 = time.perf_counter()
    fast = extraction_to_dict(extract(path, ReadOptions(reader="pdfium")))
    t1 = time.perf_counter()
    ref = extraction_to_dict(extract(path, ReadOptions(reader="pdfplumber")))
    t2 = time.perf_counter()
    for doc in (fast, ref):
        doc.pop("run", None)
    return list(differences(fast, ref, tolerance, strict_prose=strict_prose)), t1 - t0, t2 - t1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.1)
    parser.add_argument("--loose-prose", action="store_true",
                        help="compare section text, fact sentences and finding messages without whitespace")
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.rglob("*.pdf")) if args.corpus.is_dir() else [args.corpus]
    bad = 0
    total_fast = total_ref = 0.0
    for path in paths:
        diffs, fast, ref = compare(path, args.tolerance, strict_prose=not args.loose_prose)
        total_fast += fast
        total_ref += ref
        status = "same" if not diffs else f"{len(diffs)} differences"
        print(f"{path}: {status} (pdfium {fast:.2f} s, pdfplumber {ref:.2f} s)")
        for line in diffs[:40]:
            print("   ", line)
        bad += bool(diffs)
    print(f"{len(paths) - bad}/{len(paths)} documents identical; pdfium {total_fast:.1f} s, pdfplumber {total_ref:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
