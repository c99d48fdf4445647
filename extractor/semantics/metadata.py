"""Document metadata. (stub: filled by the semantics work)"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.model import DocumentMeta, Section, SourceDoc, Table


def document_meta(doc: SourceDoc, sections: Sequence[Section], tables: Sequence[Table]) -> DocumentMeta:
    return DocumentMeta(entity=None, fiscal_year=None, kind=None, scope=None)
