"""Narrative facts. (stub: filled by the narrative work)"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.model import DocumentMeta, Fact, Section, Table


def narrative_facts(sections: Sequence[Section], tables: Sequence[Table], meta: DocumentMeta) -> tuple[Fact, ...]:
    return ()
