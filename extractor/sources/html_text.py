"""An HTML document → blocks: block elements and ``<br>`` end lines, ``<table>`` become regions.

Tags are stripped and entities unescaped; ``<h1>``–``<h6>`` give the heading level; a line is bold
when all its text is inside ``<b>``/``<strong>``. ``<script>``/``<style>`` and comments are
skipped. Provenance is the span of source lines a line's text came from.
"""

from __future__ import annotations

import re

from extractor.model import Block, Prov, TextLine
from extractor.sources.html_tables import LineIndex, find_table_end, html_table_to_blocks
from extractor.sources.inline import InlineState, markup_to_segments

_SCAN = re.compile(r"<!--|<!|<\?|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_DECLARATION_END = re.compile(r"[<>]")
_SKIP_CONTENT = frozenset({"script", "style", "template", "noscript"})
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "head",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "title",
        "ul",
        "br",
        "tr",
        "td",
        "th",
    }
    | {f"h{n}" for n in range(1, 7)}
)
_NON_SPACE = re.compile(r"\S")


class _HtmlBlocks:
    """Walks the tags of a document, cutting text into lines at block boundaries."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.state = InlineState()
        self.heading: int | None = None

    def flush(self, start: int, end: int, br: bool = False) -> None:
        raw = self.text[start:end]
        first = _NON_SPACE.search(raw)
        if first is not None:
            last = len(raw.rstrip()) - 1
            lines = (self.index.line_at(start + first.start()), self.index.line_at(start + last))
            segments, self.state = markup_to_segments(raw, self.state, markdown=False)
            self.blocks.extend(
                TextLine(s.text, Prov(lines=lines), bold=s.bold, heading=self.heading) for s in segments
            )
        if not br:
            self.state = InlineState()

    def skip_content(self, name: str, pos: int) -> int:
        end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(self.text, pos)
        return len(self.text) if end is None else end.end()

    def table(self, start: int) -> int:
        end = find_table_end(self.text, start)
        blocks, warnings = html_table_to_blocks(self.text[start:end], self.index.line_at(start))
        self.blocks.extend(blocks)
        self.warnings.extend(warnings)
        return end

    def special(self, m: re.Match[str]) -> int:
        """Skip a comment, a declaration (``<!DOCTYPE …>``) or a processing instruction."""
        if m.group() == "<!--":
            end = self.text.find("-->", m.end())
            return len(self.text) if end < 0 else end + 3
        stop = _DECLARATION_END.search(self.text, m.end())
        return len(self.text) if stop is None else stop.end() if stop.group() == ">" else stop.start()

    def tag(self, m: re.Match[str], seg_start: int) -> tuple[int, int]:
        """Handle one tag; returns (scan position, start of the pending text)."""
        closing, name = m.group(1) == "/", m.group(2).lower()
        if name in _SKIP_CONTENT and not closing:
            self.flush(seg_start, m.start())
            end = self.skip_content(name, m.end())
            return end, end
        if name == "table" and not closing:
            self.flush(seg_start, m.start())
            end = self.table(m.start())
            return end, end
        if name in BLOCK_TAGS:
            self.flush(seg_start, m.start(), br=name == "br")
            if re.fullmatch(r"h[1-6]", name):
                self.heading = None if closing else int(name[1])
            return m.end(), m.end()
        return m.end(), seg_start

    def run(self) -> None:
        pos = seg_start = 0
        while (m := _SCAN.search(self.text, pos)) is not None:
            if m.group(2) is None:
                self.flush(seg_start, m.start())
                pos = seg_start = self.special(m)
            else:
                pos, seg_start = self.tag(m, seg_start)
        self.flush(seg_start, len(self.text))


def html_to_blocks(text: str) -> tuple[list[Block], list[str]]:
    """The blocks of an HTML document, in reading order, and the table-repair warnings."""
    walker = _HtmlBlocks(text)
    walker.run()
    return walker.blocks, walker.warnings
