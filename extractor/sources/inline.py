"""Inline markup (Markdown emphasis, HTML tags, entities) → plain text segments with a bold flag.

Shared by the Markdown reader, the pipe/tab/HTML table readers and the HTML document reader, so
that a cell or a line is cleaned the same way whatever wrote it. Everything here is linear in the
length of the input: patterns never scan past the next ``<`` or ``>``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(
    r"(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?P<star>\*\*)"
    r"|(?P<span>`+|~~)"
    r"|(?P<tag><(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>)"
)
_HTML_TOKEN = re.compile(r"(?P<tag><(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>)")
_SPECIAL = re.compile(r"[<*\\&`~]")
_SPACE = re.compile(r"[^\S\u3000]+")
BOLD_TAGS = frozenset({"b", "strong"})
BREAK_TAGS = frozenset({"br"})
PARAGRAPH_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote", "section", "article", "hr"}
    | {f"h{n}" for n in range(1, 7)}
)


@dataclass(frozen=True, slots=True)
class InlineState:
    """Emphasis open at the end of a piece of text, carried to the next line of a paragraph."""

    star_bold: bool = False
    tag_bold: int = 0

    @property
    def bold(self) -> bool:
        return self.star_bold or self.tag_bold > 0


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text between line breaks: ``after_br`` when a ``<br>`` (not a paragraph) precedes it."""

    text: str
    bold: bool
    after_br: bool = False


def normalize_space(text: str) -> str:
    """Runs of whitespace → one space, ends stripped; ideographic spaces (U+3000) kept as printed."""
    return _SPACE.sub(" ", text).strip()


def strip_comments(text: str) -> str:
    """``<!-- … -->`` removed; an unclosed comment runs to the end. Linear (no regex backtracking)."""
    start = text.find("<!--")
    if start < 0:
        return text
    out: list[str] = []
    pos = 0
    while start >= 0:
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(out)
        pos = end + 3
        start = text.find("<!--", pos)
    out.append(text[pos:])
    return "".join(out)


def count_star_markers(raw: str) -> int:
    """How many ``**`` emphasis markers a Markdown line holds (escaped stars excluded)."""
    return sum(1 for m in _TOKEN.finditer(raw) if m.lastgroup == "star")


class _SegmentBuilder:
    """Collects text pieces into segments, remembering whether any visible character was not bold."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._parts: list[str] = []
        self._plain = False
        self._visible = False
        self._pending_br = True

    def add(self, text: str, bold: bool) -> None:
        if not text:
            return
        self._parts.append(text)
        if text.strip():
            self._visible = True
            self._plain = self._plain or not bold

    def flush(self, br: bool) -> None:
        """End the current segment at a break; ``br`` says whether the break is a ``<br>``."""
        text = normalize_space("".join(self._parts))
        if text:
            self.segments.append(Segment(text, self._visible and not self._plain, self._pending_br))
            self._pending_br = br
        else:
            self._pending_br = self._pending_br and br
        self._parts, self._plain, self._visible = [], False, False


def markup_to_segments(
    raw: str,
    state: InlineState | None = None,
    *,
    markdown: bool = True,
    live_stars: int | None = None,
) -> tuple[list[Segment], InlineState]:
    """Strip markup from ``raw``; split at ``<br>`` and block tags; say which segments are all bold.

    ``state`` is the emphasis left open by the previous line of the same paragraph. In Markdown,
    ``**`` toggles bold, backslash escapes are honoured, and the markers of code spans and
    strikethrough are dropped with their text kept (pymupdf4llm wraps a monospaced glyph run in
    backticks and marks text a ruling crosses as ``~~struck~~``); ``live_stars`` limits how many ``**``
    markers toggle (an unmatched last marker is dropped without opening bold).
    """
    state = state or InlineState()
    if not _SPECIAL.search(raw):
        text = normalize_space(raw)
        return ([Segment(text, state.bold)] if text else []), state
    star, tags = state.star_bold, state.tag_bold
    stars_seen = 0
    builder = _SegmentBuilder()
    pattern = _TOKEN if markdown else _HTML_TOKEN
    pos = 0
    for m in pattern.finditer(raw):
        builder.add(html.unescape(raw[pos : m.start()]), star or tags > 0)
        pos = m.end()
        kind = m.lastgroup
        if kind == "esc":
            builder.add(m.group()[1], star or tags > 0)
        elif kind == "star":
            stars_seen += 1
            if live_stars is None or stars_seen <= live_stars:
                star = not star
        elif kind == "span":
            pass  # code-span backticks and ~~strikethrough~~ markers: the text between is kept
        else:
            name = (m.group("name") or "").lower()
            closing = bool(m.group("close"))
            if name in BOLD_TAGS:
                tags = max(0, tags - 1) if closing else tags + 1
            elif name in BREAK_TAGS:
                builder.flush(br=True)
            elif name in PARAGRAPH_TAGS:
                builder.flush(br=False)
    builder.add(html.unescape(raw[pos:]), star or tags > 0)
    builder.flush(br=False)
    return builder.segments, InlineState(star, tags)


@dataclass(frozen=True, slots=True)
class CellText:
    """A cell's text after markup is stripped; ``breaks`` are its ``<br>``-separated parts, if any."""

    text: str
    bold: bool
    breaks: tuple[str, ...] = ()


_EMPTY_CELL = CellText("", False)


@lru_cache(maxsize=4096)
def markup_to_cell(raw: str, *, markdown: bool = True) -> CellText:
    """Text of one table cell: paragraphs and ``<br>`` become newlines; bold when all text is bold."""
    if not raw or raw.isspace():
        return _EMPTY_CELL
    if not _SPECIAL.search(raw):
        return CellText(normalize_space(raw), False)
    segments, _ = markup_to_segments(raw, markdown=markdown)
    text = "\n".join(s.text for s in segments)
    bold = bool(segments) and all(s.bold for s in segments)
    only_br = len(segments) > 1 and all(s.after_br for s in segments[1:])
    return CellText(text, bold, tuple(s.text for s in segments) if only_br else ())
