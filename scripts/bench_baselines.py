"""The bare table finders the benchmark compares ``extractor parse`` against, one per subcommand.

Each subcommand is what a user of that library would write to get every table of a PDF, run as a
whole process by ``scripts/bench.py`` (start-up and imports included), and prints one JSON line
on stdout (engine, pages, tables found) so the work cannot be skipped and the bench can sanity-check
the run::

    python scripts/bench_baselines.py pdfplumber FILE.pdf      # page.extract_tables() on every page
    python scripts/bench_baselines.py camelot FILE.pdf         # camelot lattice, default engine
    python scripts/bench_baselines.py camelot-vector FILE.pdf  # camelot lattice, engine="vector"
    python scripts/bench_baselines.py import NAME              # only import pdfplumber / camelot

Only used by the benchmark; never imported by the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

ENGINES = ("pdfplumber", "camelot", "camelot-vector")

# camelot 2.x: ``read_pdf(..., flavor="lattice", engine=...)`` with engine in
# {"combined" (default), "raster", "vector"}; "vector" reads the ruled lines from the PDF's
# vector graphics and skips rasterisation (camelot/parsers/lattice.py, ``Lattice.__init__``).
CAMELOT_FAST_ENGINE = "vector"


def run_pdfplumber(path: str) -> dict[str, Any]:
    import pdfplumber

    tables = cells = 0
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            for table in page.extract_tables():
                tables += 1
                cells += sum(len(row) for row in table)
    return {"engine": "pdfplumber", "pages": pages, "tables": tables, "cells": cells}


def run_camelot(path: str, engine: str | None) -> dict[str, Any]:
    from camelot.io import read_pdf  # what ``camelot.read_pdf`` is

    kwargs: dict[str, Any] = {"pages": "all", "flavor": "lattice"}
    if engine is not None:
        kwargs["engine"] = engine
    found = read_pdf(path, **kwargs)
    cells = sum(int(t.shape[0]) * int(t.shape[1]) for t in found)
    name = "camelot" if engine is None else f"camelot-{engine}"
    return {"engine": name, "tables": found.n, "cells": cells}


def run_import(name: str) -> dict[str, Any]:
    if name == "pdfplumber":
        import pdfplumber  # noqa: F401
    elif name == "camelot":
        import camelot  # noqa: F401
    else:
        raise SystemExit(f"unknown module {name!r}: choose pdfplumber or camelot")
    return {"import": name}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("engine", choices=(*ENGINES, "import"))
    parser.add_argument("target", help="a PDF (or, for `import`, pdfplumber|camelot)")
    args = parser.parse_args(argv)
    if args.engine == "pdfplumber":
        result = run_pdfplumber(args.target)
    elif args.engine == "camelot":
        result = run_camelot(args.target, None)
    elif args.engine == "camelot-vector":
        result = run_camelot(args.target, CAMELOT_FAST_ENGINE)
    else:
        result = run_import(args.target)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
