"""HTML ``<table>`` markup (as MinerU and web pages write it) → :class:`RawTable` → :class:`TableRegion`.

Only the structural tags are parsed (``table tr td th thead tbody tfoot caption``); what lies
between a cell's start and its end is cleaned by :func:`markup_to_cell`. Missing closing tags are
implied (a new ``<td>`` or ``<tr>`` closes the open one); nested tables become text of their cell;
an unclosed table ends with its input. Spans are clamped in :mod:`raw_tables`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from extractor.model import Prov, TableRegion, TextLine
from extractor.sources.inline import markup_to_cell, markup_to_segments
from extractor.sources.md_tables import repair_table
from extractor.sources.raw_tables import MAX_COLUMNS, RawCell, RawTable, raw_table_to_region
from extractor.sources.table_repair import row_looks_like_data

_STRUCT = re.compile(r"<(/?)(table|thead|tbody|tfoot|tr|td|th|caption)\b([^<>]*)>", re.IGNORECASE)
TABLE_TAG = re.compile(r"<(/?)table\b[^<>]*>", re.IGNORECASE)
_SPAN = {
    name: re.compile(rf"\b{name}\s*=\s*[\"']?\s*(\d{{1,9}})", re.IGNORECASE)
    for name in ("rowspan", "colspan")
}


class LineIndex:
    """Line numbers of character positions in a text that starts at line ``base``."""

    def __init__(self, text: str, base: int = 1) -> None:
        breaks: list[int] = []
        pos = text.find("\n")
        while pos >= 0:
            breaks.append(pos)
            pos = text.find("\n", pos + 1)
        self._breaks = breaks
        self._base = base

    def line_at(self, pos: int) -> int:
        return self._base + bisect_right(self._breaks, pos - 1)


_BODY_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def find_table_end(text: str, start: int) -> int:
    """End position of the ``<table>`` opened at ``start`` (nesting counted); an unclosed table
    ends before ``</body>`` or at the end of the text."""
    depth = 0
    for m in TABLE_TAG.finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth <= 0:
            return m.end()
    body_end = _BODY_END.search(text, start)
    return len(text) if body_end is None else body_end.start()


def _span(attrs: str, name: str) -> int:
    m = _SPAN[name].search(attrs)
    return max(1, int(m.group(1))) if m else 1


@dataclass
class _TableBuilder:
    """State of the structural walk over one table."""

    chunk: str
    index: LineIndex
    table: RawTable = field(default_factory=lambda: RawTable(rows=[], row_lines=[]))
    header_flags: list[bool] = field(default_factory=list)
    in_thead: bool = False
    row_open: bool = False
    cell: tuple[int, int, bool, str] | None = None  # tag start, content start, is <th>, attributes
    caption: tuple[int, int] | None = None
    captions: list[TextLine] = field(default_factory=list)
    dropped: int = 0

    def close_cell(self, end: int) -> None:
        if self.cell is None:
            return
        tag_start, start, is_th, attrs = self.cell
        self.cell = None
        text = markup_to_cell(self.chunk[start:end])
        first, last = self.index.line_at(tag_start), self.index.line_at(max(start, end - 1))
        if not self.row_open:
            self.open_row(tag_start)
        if len(self.table.rows[-1]) >= MAX_COLUMNS:
            self.dropped += 1
            return
        self.table.rows[-1].append(
            RawCell(
                text.text,
                first,
                last,
                text.bold,
                text.breaks,
                _span(attrs, "rowspan"),
                _span(attrs, "colspan"),
                is_th or self.in_thead,
            )
        )
        row_first, row_last = self.table.row_lines[-1]
        self.table.row_lines[-1] = (row_first, max(row_last, last))

    def open_row(self, pos: int) -> None:
        self.close_cell(pos)
        line = self.index.line_at(pos)
        self.table.rows.append([])
        self.table.row_lines.append((line, line))
        self.header_flags.append(self.in_thead)
        self.row_open = True

    def close_row(self, pos: int) -> None:
        self.close_cell(pos)
        self.row_open = False

    def end_caption(self, end: int) -> None:
        if self.caption is None:
            return
        start, tag_start = self.caption
        self.caption = None
        segments, _ = markup_to_segments(self.chunk[start:end], markdown=False)
        line = self.index.line_at(tag_start)
        self.captions.extend(TextLine(s.text, Prov(lines=(line, line)), bold=s.bold) for s in segments)

    def handle(self, closing: bool, name: str, attrs: str, m: re.Match[str]) -> None:
        if name in ("td", "th"):
            self.close_cell(m.start())
            if not closing:
                if not self.row_open:
                    self.open_row(m.start())
                self.cell = (m.start(), m.end(), name == "th", attrs)
        elif name == "tr":
            self.close_row(m.start())
            if not closing:
                self.open_row(m.start())
        elif name in ("thead", "tbody", "tfoot"):
            self.close_row(m.start())
            self.in_thead = name == "thead" and not closing
        elif name == "caption":
            if closing:
                self.end_caption(m.start())
            else:
                self.caption = (m.end(), m.start())


def _walk(chunk: str, builder: _TableBuilder) -> None:
    depth = 0
    for m in _STRUCT.finditer(chunk):
        closing, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
        if name == "table":
            depth += -1 if closing else 1
            if depth == 0:
                builder.close_row(m.start())
                return
            continue
        if depth == 1:
            builder.handle(closing, name, attrs, m)
    builder.end_caption(len(chunk))
    builder.close_row(len(chunk))


def _header_rows(rows: list[list[RawCell]], flags: list[bool]) -> int | None:
    count = 0
    for row, in_thead in zip(rows, flags, strict=True):
        if not row or not (in_thead or all(c.header for c in row)):
            break
        if row_looks_like_data([c.text for c in row]):
            break
        count += 1
    return count or None


def html_table_to_raw(chunk: str, base_line: int) -> tuple[RawTable, list[TextLine]]:
    """The rows of the table ``chunk`` (starting with ``<table``) and its caption lines."""
    builder = _TableBuilder(chunk, LineIndex(chunk, base_line))
    _walk(chunk, builder)
    table = builder.table
    keep = [i for i, row in enumerate(table.rows) if row]
    table.rows = [table.rows[i] for i in keep]
    table.row_lines = [table.row_lines[i] for i in keep]
    table.header_rows = _header_rows(table.rows, [builder.header_flags[i] for i in keep])
    if builder.dropped:
        table.warnings.append(
            f"line {base_line}: {builder.dropped} cells beyond {MAX_COLUMNS} columns dropped"
        )
    table.span = (base_line, builder.index.line_at(max(0, len(chunk.rstrip()) - 1)))
    return table, builder.captions


def html_table_to_blocks(chunk: str, base_line: int) -> tuple[list[TextLine | TableRegion], list[str]]:
    """Caption lines then the table region (none when the table has no cells), with warnings."""
    table, captions = html_table_to_raw(chunk, base_line)
    if not table.rows:
        return list(captions), []
    if not table.has_spans:
        repair_table(table)
    return [*captions, raw_table_to_region(table)], table.warnings
