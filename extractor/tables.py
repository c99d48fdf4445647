"""Table regions → tables with number, title, unit, header and body. (in progress)"""

from __future__ import annotations

from collections.abc import Sequence

from extractor.model import Section, SourceDoc, Table


def build_tables(doc: SourceDoc, sections: Sequence[Section]) -> tuple[Table, ...]:
    return ()
