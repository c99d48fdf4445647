"""On every corpus PDF, the fast pdfium reader gives the reference reader's whole output.

The pipeline runs on each PDF with ``reader="pdfium"`` (the default, cached for the session)
and ``reader="pdfplumber"`` (pdfminer's object parse, the reference); the two JSON documents
must agree value by value: every table cell, line item, amount, code, fact, finding and
section. Coordinates may differ by 0.1 pt (single-precision storage, width tables), and running
prose (section text, fact sentences, finding messages) is compared without whitespace: in two
Jiangsu documents a FangSong font's width table disagrees with its glyphs, so the libraries
measure a different gap before "%" ("8.8 %" against "8.8%"). scripts/compare_readers.py prints
the same comparison, strict by default.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, corpus_extraction, corpus_pdfs, load_script, needs_corpus


@needs_corpus()
@pytest.mark.parametrize("path", corpus_pdfs(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_fast_reader_gives_the_reference_output(path: Path) -> None:
    from extractor.output import extraction_to_dict
    from extractor.pipeline import extract
    from extractor.sources import ReadOptions

    compare = load_script("compare_readers")
    fast = extraction_to_dict(corpus_extraction(str(path.relative_to(CORPUS))))
    ref = extraction_to_dict(extract(path, ReadOptions(reader="pdfplumber")))
    for doc in (fast, ref):
        doc.pop("run", None)
    diffs = list(compare.differences(fast, ref, 0.1, strict_prose=False))
    assert not diffs, "\n".join(diffs[:30])


def test_differences_catch_what_matters() -> None:
    """The comparison itself: cells and amounts exact, coordinates and prose spacing tolerated."""
    compare = load_script("compare_readers")
    a = {"tables": [{"rows": [{"cells": ["8.8 %"]}], "bbox": [1.0, 2.0]}], "facts": [{"sentence": "增长 8.8 %"}]}
    b = {"tables": [{"rows": [{"cells": ["8.8%"]}], "bbox": [1.05, 2.0]}], "facts": [{"sentence": "增长8.8%"}]}
    diffs = list(compare.differences(a, b, 0.1, strict_prose=False))
    assert diffs == ["$.tables[0].rows[0].cells[0]: '8.8 %' vs '8.8%'"]
    assert len(list(compare.differences(a, b, 0.1))) == 2
    assert list(compare.differences({"bbox": [1.0]}, {"bbox": [1.2]}, 0.1)) == ["$.bbox[0]: 1.0 vs 1.2"]
