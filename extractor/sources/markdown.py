"""The Markdown (and HTML) reader: bytes → one :class:`Page` of :class:`TextLine` and :class:`TableRegion`.

Markdown as PDF converters write it: ``#`` headings, ``**``/``<b>`` emphasis, tab-separated tables
(the seed), GFM pipe tables, HTML ``<table>`` markup (MinerU), ``<p>``/``<br>`` inside text.
Every block carries ``Prov(lines=(first, last))`` with 1-based line numbers; never a page.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractor.model import Block, Page, Prov, SourceDoc, SourceFormat, TableRegion, TextLine
from extractor.sources.decoding import bytes_to_text, text_to_lines
from extractor.sources.html_tables import TABLE_TAG, html_table_to_blocks
from extractor.sources.html_text import html_to_blocks
from extractor.sources.inline import InlineState, count_star_markers, markup_to_segments, strip_comments
from extractor.sources.md_repair import rejoin_split_tables, withhold_split_numbers
from extractor.sources.md_tables import (
    HEADING,
    collect_pipe_table,
    collect_tab_table,
    is_tab_row,
    starts_pipe_table,
    text_table_to_region,
)
from extractor.sources.raw_tables import RawTable

_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^[ \t]*[-*+][ \t]+(?=\S)")
_QUOTE_MARKER = re.compile(r"^[ \t]*(?:>[ \t]+)+")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_RULE = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|`{3,}.*|~{3,}.*)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")


def clean_markdown_line(line: str) -> str:
    """A text line without list or quote markers, comments, image and link syntax (link text kept)."""
    line = strip_comments(line)
    line = _LIST_MARKER.sub("", line, count=1)
    line = _QUOTE_MARKER.sub("", line, count=1)
    return _LINK.sub(r"\1", _IMAGE.sub(r"\1", line))


def paragraph_to_lines(paragraph: list[tuple[int, str]]) -> list[TextLine]:
    """Consecutive text lines → TextLines; bold opened on one line and closed on a later one
    (``**昌吉…`` / ``2026 年部门预算公开**``) marks every line between as bold."""
    cleaned = [(n, clean_markdown_line(raw)) for n, raw in paragraph]
    counts = [count_star_markers(text) for _, text in cleaned]
    live_total = sum(counts) - sum(counts) % 2
    state, used = InlineState(), 0
    out: list[TextLine] = []
    for (lineno, text), count in zip(cleaned, counts, strict=True):
        live = max(0, min(count, live_total - used))
        used += count
        segments, state = markup_to_segments(text, state, live_stars=live)
        out.extend(TextLine(s.text, Prov(lines=(lineno, lineno)), bold=s.bold) for s in segments)
    return out


def heading_to_lines(line: str, lineno: int) -> list[TextLine]:
    """``### **第三部分 …**`` → TextLine(heading=3, bold=True)."""
    m = HEADING.match(line)
    level = len(m.group(1)) if m else 0
    body = _CLOSING_HASHES.sub("", line[m.end() :] if m else line)
    segments, _ = markup_to_segments(clean_markdown_line(body), live_stars=count_star_markers(body) // 2 * 2)
    return [TextLine(s.text, Prov(lines=(lineno, lineno)), bold=s.bold, heading=level) for s in segments]


def _is_text_with_tabs(table: RawTable) -> bool:
    """A lone tab line with one text, or lines whose only text is before the first tab: not a table."""
    if len(table.rows) == 1 and sum(1 for c in table.rows[0] if c.text) <= 1:
        return True
    return all(not c.text for row in table.rows for c in row[1:])


class _MarkdownBlocks:
    """Walks the lines once, handing runs to the table readers and paragraphs to the text rules."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.paragraph: list[tuple[int, str]] = []

    def end_paragraph(self) -> None:
        if self.paragraph:
            self.blocks.extend(paragraph_to_lines(self.paragraph))
            self.paragraph = []

    def add_text_table(self, table: RawTable) -> None:
        if _is_text_with_tabs(table):
            for row, lines in zip(table.rows, table.row_lines, strict=True):
                self.blocks.extend(TextLine(c.text, Prov(lines=lines), bold=c.bold) for c in row if c.text)
            return
        region: TableRegion = text_table_to_region(table)
        self.blocks.append(region)
        self.warnings.extend(table.warnings)

    def html_table(self, i: int, col: int) -> int:
        """Read the ``<table>`` starting at line ``i``, column ``col``; returns the next line index."""
        chunk, last, rest = collect_html_chunk(self.lines, i, col)
        blocks, warnings = html_table_to_blocks(chunk, i + 1)
        self.blocks.extend(blocks)
        self.warnings.extend(warnings)
        if rest.strip():
            self.lines[last] = rest
            return last
        return last + 1

    def step(self, i: int) -> int:
        line = self.lines[i]
        if not line.strip() or ("\t" not in line and _RULE.fullmatch(line)):
            self.end_paragraph()
            return i + 1
        if HEADING.match(line):
            self.end_paragraph()
            self.blocks.extend(heading_to_lines(line, i + 1))
            return i + 1
        if (m := _TABLE_OPEN.search(line)) is not None:
            if line[: m.start()].strip():
                self.paragraph.append((i + 1, line[: m.start()]))
            self.end_paragraph()
            return self.html_table(i, m.start())
        if starts_pipe_table(self.lines, i) or is_tab_row(line):
            self.end_paragraph()
            reader = collect_pipe_table if starts_pipe_table(self.lines, i) else collect_tab_table
            table, after = reader(self.lines, i)
            if table.rows:
                self.add_text_table(table)
            return max(after, i + 1)
        self.paragraph.append((i + 1, line))
        return i + 1

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            i = self.step(i)
        self.end_paragraph()


def _blank_run_end(lines: list[str], j: int) -> int:
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j


def collect_html_chunk(lines: list[str], i: int, col: int) -> tuple[str, int, str]:
    """The ``<table>`` markup from line ``i`` column ``col`` to its ``</table>``; an unclosed table
    stops before a ``#`` heading or before prose after a blank line. Returns (chunk, index of its
    last line, the rest of that line after ``</table>``)."""
    parts: list[str] = []
    depth, j = 0, i
    while j < len(lines):
        if j > i and HEADING.match(lines[j]):
            break
        if j > i and not lines[j].strip():
            after = _blank_run_end(lines, j)
            if after >= len(lines) or not lines[after].lstrip().startswith("<"):
                break
            parts.extend(lines[j:after])
            j = after
            continue
        segment = lines[j][col:] if j == i else lines[j]
        for m in TABLE_TAG.finditer(segment):
            depth += -1 if m.group(1) else 1
            if depth <= 0:
                parts.append(segment[: m.end()])
                return "\n".join(parts), j, segment[m.end() :]
        parts.append(segment)
        j += 1
    return "\n".join(parts), max(i, j - 1), ""


def lines_to_blocks(lines: list[str]) -> tuple[list[Block], list[str]]:
    """The blocks of Markdown lines, in order, and the warnings of the table repairs."""
    walker = _MarkdownBlocks(lines)
    walker.run()
    blocks, withheld = withhold_split_numbers(rejoin_split_tables(walker.blocks))
    return blocks, [*walker.warnings, *withheld]


def read_markdown(path: Path, data: bytes, sha256: str, html: bool = False) -> SourceDoc:
    """Read a Markdown (or, with ``html``, an HTML) document as one page of blocks.

    Raises :class:`extractor.errors.InputError` when the bytes are not UTF-8/GB18030 text."""
    lines = text_to_lines(bytes_to_text(path, data))
    blocks, warnings = html_to_blocks("\n".join(lines)) if html else lines_to_blocks(lines)
    return SourceDoc(
        path=str(path),
        sha256=sha256,
        format=SourceFormat.HTML if html else SourceFormat.MARKDOWN,
        pages=(Page(number=1, blocks=tuple(blocks)),),
        warnings=tuple(warnings),
    )
