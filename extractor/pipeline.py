"""The pipeline, composed in one place: read → outline → tables → reading → semantics → facts → (OCR digits) → validate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extractor.correct.ocr_digits import correct_ocr_amounts
from extractor.model import Extraction
from extractor.semantics.items import tables_to_line_items
from extractor.semantics.metadata import document_meta
from extractor.semantics.narrative import narrative_facts
from extractor.semantics.reading import read_tables
from extractor.semantics.types import classify_tables
from extractor.sources import ReadOptions, read_source
from extractor.structure.sections import build_outline
from extractor.structure.tables import build_tables
from extractor.validate import validate


def extract(path: str | Path, options: ReadOptions | None = None) -> Extraction:
    """Run every stage on one document. Raises only :class:`extractor.errors.ExtractorError`."""
    doc = read_source(path, options)
    toc, sections = build_outline(doc)
    tables = classify_tables(build_tables(doc, sections))
    meta = document_meta(doc, sections, tables)
    tables, items, confidence = read_tables(tables, tables_to_line_items(tables))
    result = Extraction(
        source=doc,
        document=meta,
        sections=sections,
        toc=toc,
        tables=tables,
        line_items=items,
        facts=narrative_facts(sections, tables, meta),
        confidence=confidence,
    )
    result, corrections = correct_ocr_amounts(result)  # only documents with OCR'd pages
    if corrections:  # the corrected digits are read again: their identities now close
        tables, items, confidence = read_tables(result.tables, result.line_items)
        result = replace(result, tables=tables, line_items=items, confidence=confidence)
    return replace(result, issues=validate(result) + corrections)
