"""The outline: 第X部分, 一、, （一）, 1、 headings with the text under each, and the 目录.

A line is a heading when it starts with a numbering (see :mod:`extractor.numbering`) and reads
as a heading: marked up (``#``, bold, a larger font) or short with no sentence punctuation.
The 目录 runs from its own heading until the first numbering of the 目录 appears again; its
lines become :class:`TocEntry` values, the promises the body is checked against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.model import Page, Prov, Section, SourceDoc, TableRegion, TextLine, TocEntry
from extractor.numbering import Numbering, parse_numbering, squeeze, strip_leaders

_TOC_TITLE = re.compile(r"^目\s*录$")
_SENTENCE_END = re.compile(r"[。；;！？!?]$")
_TABLE_TITLE_END = re.compile(r"表$")
MAX_HEADING_CHARS = 60
MAX_PLAIN_HEADING_CHARS = 40


@dataclass(slots=True)
class _Open:
    """A heading being filled with text."""

    numbering: Numbering
    title: str
    prov: Prov
    parent: str | None
    id: str
    lines: list[str] = field(default_factory=list)
    provs: list[Prov] = field(default_factory=list)
    end: Prov | None = None


def _font_sizes(doc: SourceDoc) -> float | None:
    """The body font size (the most common one), when the reader knows sizes."""
    counts: dict[float, int] = {}
    for _, block in doc.blocks():
        if isinstance(block, TextLine) and block.size:
            key = round(block.size, 1)
            counts[key] = counts.get(key, 0) + len(block.text)
    return max(counts, key=lambda k: (counts[k], -k)) if counts else None


def is_heading(line: TextLine, numbering: Numbering | None, body_size: float | None) -> bool:
    """Whether a numbered line is a heading rather than a numbered sentence or list item."""
    if numbering is None:
        return False
    text = squeeze(line.text)
    if len(text) > MAX_HEADING_CHARS or (numbering.kind == "part" and len(text) > 80):
        return False
    marked = line.heading is not None or line.bold
    larger = body_size is not None and line.size is not None and line.size > body_size + 0.5
    if numbering.kind == "part":
        return True
    if _SENTENCE_END.search(text) or _has_amount_sentence(numbering.rest):
        return False
    if marked or larger:
        return True
    return len(text) <= MAX_PLAIN_HEADING_CHARS and numbering.kind != "arabic"


_AMOUNT_SENTENCE = re.compile(r"\d[\d,.]*\s*(万元|元|%)")


def _has_amount_sentence(rest: str) -> bool:
    return bool(_AMOUNT_SENTENCE.search(rest)) and "：" not in rest[:12] and "项目名称" not in rest


def _text_lines(doc: SourceDoc) -> list[tuple[Page, TextLine | TableRegion]]:
    return list(doc.blocks())


def _toc_span(blocks: Sequence[tuple[Page, TextLine | TableRegion]]) -> tuple[int, int] | None:
    """Indices [start, end) of the 目录 lines (the title line excluded from entries)."""
    for i, (_, block) in enumerate(blocks):
        if isinstance(block, TextLine) and _TOC_TITLE.match(squeeze(block.text).replace("目录", "目 录")):
            return i, _toc_end(blocks, i + 1)
        if isinstance(block, TextLine) and squeeze(block.text) == "目录":
            return i, _toc_end(blocks, i + 1)
    return None


def _toc_end(blocks: Sequence[tuple[Page, TextLine | TableRegion]], start: int) -> int:
    first: str | None = None
    for j in range(start, len(blocks)):
        block = blocks[j][1]
        if isinstance(block, TableRegion):
            return j
        numbering = parse_numbering(strip_leaders(block.text))
        if numbering is None:
            if len(squeeze(block.text)) > MAX_HEADING_CHARS:
                return j
            continue
        if first is None:
            first = numbering.label
        elif numbering.label == first:
            return j
    return len(blocks)


def _toc_entries(
    blocks: Sequence[tuple[Page, TextLine | TableRegion]], start: int, end: int
) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for _, block in blocks[start + 1 : end]:
        if not isinstance(block, TextLine):
            continue
        text = strip_leaders(block.text)
        numbering = parse_numbering(text)
        if numbering is None and entries and len(squeeze(text)) <= 20:
            last = entries[-1]  # a title broken over two lines: 七、…一般公共预算 / 算项目支出情况表
            entries[-1] = TocEntry(
                last.numbering, last.title + squeeze(text), last.level, last.prov.union(block.prov)
            )
        elif numbering is not None:
            entries.append(
                TocEntry(numbering.label, _clean_title(numbering.rest), numbering.rank, block.prov)
            )
    return entries


def _clean_title(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def build_outline(doc: SourceDoc) -> tuple[tuple[TocEntry, ...], tuple[Section, ...]]:
    """The 目录 entries and the section tree of the body."""
    blocks = _text_lines(doc)
    toc_span = _toc_span(blocks)
    toc = _toc_entries(blocks, *toc_span) if toc_span else []
    skip = range(*toc_span) if toc_span else range(0)
    body_size = _font_sizes(doc)
    sections = _sections(blocks, skip, body_size)
    return tuple(toc), tuple(sections)


def _sections(
    blocks: Sequence[tuple[Page, TextLine | TableRegion]], skip: range, body_size: float | None
) -> list[Section]:
    done: list[Section] = []
    stack: list[_Open] = []
    current: _Open | None = None
    previous_was_heading = False
    for i, (_, block) in enumerate(blocks):
        if i in skip:
            continue
        if isinstance(block, TableRegion):
            if current is not None:
                current.end = block.prov
            previous_was_heading = False
            continue
        numbering = parse_numbering(block.text)
        if is_heading(block, numbering, body_size):
            assert numbering is not None
            if current is not None:
                done.append(_close(current))
            while stack and stack[-1].numbering.rank >= numbering.rank:
                stack.pop()
            parent = stack[-1].id if stack else None
            current = _Open(numbering, _clean_title(numbering.rest), block.prov, parent, f"s{len(done) + 1}")
            stack.append(current)
            previous_was_heading = True
            continue
        if current is None:
            continue
        if previous_was_heading and _continues_heading(block, current):
            current.title = current.title + squeeze(block.text)
            current.prov = current.prov.union(block.prov)
            continue
        previous_was_heading = False
        _add_text(current, block)
    if current is not None:
        done.append(_close(current))
    return done


def _continues_heading(line: TextLine, heading: _Open) -> bool:
    """``## 预算项目支出情况说明`` right after ``## 七、关于…一般公共预算``: one heading in two lines."""
    if line.heading is None and not line.bold:
        return False
    if parse_numbering(line.text) is not None or _TABLE_TITLE_END.search(squeeze(line.text)):
        return False
    return len(squeeze(line.text)) <= 20 and not _SENTENCE_END.search(heading.title)


def _add_text(section: _Open, line: TextLine) -> None:
    """Append a line; for Markdown, blank source lines in between are kept as empty lines."""
    last = section.provs[-1] if section.provs else section.prov
    if line.prov.lines and last.lines:
        for n in range(last.lines[1] + 1, line.prov.lines[0]):
            section.lines.append("")
            section.provs.append(Prov(lines=(n, n)))
    section.lines.append(line.text)
    section.provs.append(line.prov)
    section.end = line.prov


def _close(section: _Open) -> Section:
    prov = section.prov
    if section.end is not None and prov.lines and section.end.lines:
        prov = Prov(lines=(prov.lines[0], max(prov.lines[1], section.end.lines[1])))
    return Section(
        id=section.id,
        level=section.numbering.rank,
        numbering=section.numbering.label,
        title=section.title,
        text="\n".join(section.lines),
        parent=section.parent,
        prov=prov,
        line_provs=tuple(section.provs),
    )
