"""Budget disclosure extractor: Chinese department budgets and final accounts → checked JSON.

Library entry points::

    from extractor import extract
    result = extract("budget.pdf")          # an Extraction (typed values)
    result.tables[0].to_frame()              # a pandas DataFrame
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from extractor.model import Extraction

__all__ = ["__version__", "extract"]


def extract(path: Any, **options: Any) -> Extraction:
    """Read and understand one document (PDF, Markdown or HTML). See :mod:`extractor.pipeline`."""
    from extractor.pipeline import extract as _extract
    from extractor.sources import ReadOptions

    return _extract(path, ReadOptions(**options))
