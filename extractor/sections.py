"""The outline: 第X部分, 一、, （一）, 1、 headings with the text under each. (in progress)"""

from __future__ import annotations

from extractor.model import Section, SourceDoc, TocEntry


def build_outline(doc: SourceDoc) -> tuple[tuple[TocEntry, ...], tuple[Section, ...]]:
    return (), ()
