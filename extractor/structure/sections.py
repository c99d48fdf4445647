"""The outline: 第X部分, 一、, （一）, 1、 headings with the text under each, and the 目录.

A line is a heading when it starts with a numbering (see :mod:`extractor.structure.numbering`) and reads
as a heading: marked up (``#``, bold, a larger font) or short with no sentence punctuation.
The 目录 runs from its own heading until the first numbering of the 目录 appears again; its
lines become :class:`TocEntry` values, the promises the body is checked against.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.model import Page, Prov, Section, SourceDoc, TableRegion, TextLine, TocEntry
from extractor.structure.numbering import (
    Numbering,
    has_leaders,
    ordinal,
    parse_numbering,
    squeeze,
    strip_leaders,
)
from extractor.structure.table_context import LineRole, read_line_role

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
    level: int
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
    if _SENTENCE_END.search(text) or "。" in text or _has_amount_sentence(numbering.rest):
        return False
    if marked or larger:
        return True
    if len(text) > MAX_PLAIN_HEADING_CHARS or numbering.kind == "arabic" or "，" in text:
        return False
    return not _DEFINITION.search(numbering.rest)


# 财政拨款收入：指单位本年度从本级财政部门取得的… — a definition or a sentence, not a title
_DEFINITION = re.compile(r"[:：]\s*\S{12,}")


_AMOUNT_SENTENCE = re.compile(r"\d[\d,.]*\s*(万元|元|%)")


def _has_amount_sentence(rest: str) -> bool:
    return bool(_AMOUNT_SENTENCE.search(rest)) and "：" not in rest[:12] and "项目名称" not in rest


def _toc_span(blocks: Sequence[tuple[Page, TextLine | TableRegion]]) -> tuple[int, int] | None:
    """Indices [start, end) of the 目录 lines (the title line excluded from entries)."""
    for i, (_, block) in enumerate(blocks):
        if isinstance(block, TextLine) and squeeze(block.text) == "目录":  # 目 录 / 目录
            return i, _toc_end(blocks, i + 1)
    return None


def _toc_end(blocks: Sequence[tuple[Page, TextLine | TableRegion]], start: int) -> int:
    """Where the 目录 stops: at a table; at prose (sentence punctuation, long lines); at the
    first numbering of the 目录 seen again; at an unnumbered line repeating an entry's title
    (the body heading ``上海市…主要职能`` for ``一、单位主要职能``); or, when its lines carry dot
    leaders, at the first line with no leader that is not a wrapped entry."""
    first: str | None = None
    keys: list[str] = []
    leadered = False
    for j in range(start, len(blocks)):
        block = blocks[j][1]
        if isinstance(block, TableRegion) or _reads_as_prose(block.text):
            return j
        if has_leaders(block.text):
            leadered = True
        elif leadered and not _next_has_leaders(blocks, j):
            return j
        text = strip_leaders(block.text)
        numbering = parse_numbering(text)
        if numbering is None:
            key = _heading_key(text)
            if keys and len(key) >= 4 and any(key.endswith(k) for k in keys):
                return j
            continue
        if first is None:
            first = numbering.label
        elif numbering.label == first:
            return j
        keys.append(_heading_key(numbering.rest))
    return len(blocks)


def _reads_as_prose(text: str) -> bool:
    """Sentence punctuation inside the line (a 目录 entry may end with 。, never contain one)."""
    s = squeeze(strip_leaders(text)).rstrip("。.")
    return len(s) > MAX_HEADING_CHARS or bool(re.search(r"[，。；]", s))


def _next_has_leaders(blocks: Sequence[tuple[Page, TextLine | TableRegion]], j: int) -> bool:
    following = blocks[j + 1][1] if j + 1 < len(blocks) else None
    return isinstance(following, TextLine) and has_leaders(following.text)


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
    blocks = list(doc.blocks())
    toc_span = _toc_span(blocks)
    toc = _toc_entries(blocks, *toc_span) if toc_span else []
    skip = range(*toc_span) if toc_span else range(0)
    builder = _OutlineBuilder(_font_sizes(doc), _toc_keys(toc), _right_edges(doc))
    for i, (_, block) in enumerate(blocks):
        if i not in skip:
            builder.feed(block)
    return tuple(toc), tuple(builder.finish())


_YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}\s*年(?:度)?")
_OWNER_PREFIX = re.compile(r"^(?:部门|单位|本部门|本单位)")


def _heading_key(text: str) -> str:
    """``2026年部门预算编制说明`` → ``预算编制说明``: what a 目录 title and a body heading share."""
    key = _YEAR_PREFIX.sub("", squeeze(strip_leaders(text)))
    return _OWNER_PREFIX.sub("", key)


def _toc_keys(toc: Sequence[TocEntry]) -> dict[str, TocEntry]:
    """Titles of 目录 entries that are sections (not table titles, except a part's), by key."""
    keys: dict[str, TocEntry] = {}
    for entry in toc:
        key = _heading_key(entry.title)
        if len(key) >= 4 and (entry.level == 1 or not _TABLE_TITLE_END.search(key)):
            keys.setdefault(key, entry)
    return keys


class _OutlineBuilder:
    """Feeds lines in reading order and keeps the stack of open headings."""

    def __init__(self, body_size: float | None, toc_keys: dict[str, TocEntry], right_edges: dict[int, float]) -> None:
        self.body_size = body_size
        self.right_edges = right_edges
        self.toc_keys = dict(toc_keys)
        self.done: list[Section] = []
        self.stack: list[_Open] = []
        self.current: _Open | None = None
        self.after_heading = False

    def feed(self, block: TextLine | TableRegion) -> None:
        if isinstance(block, TableRegion):
            if self.current is not None:
                self.current.end = block.prov
            self.after_heading = False
            return
        numbering = parse_numbering(block.text)
        edge = self.right_edges.get(block.prov.page or 0)
        if self.current is not None and self.after_heading and _continues_heading(block, self.current, edge):
            self.current.title += squeeze(block.text)
            self.current.prov = self.current.prov.union(block.prov)
        elif is_heading(block, numbering, self.body_size):
            assert numbering is not None
            self._consume_toc_key(numbering.rest)
            self.open(numbering, _clean_title(numbering.rest), block.prov)
        elif (entry := self._toc_heading(block, numbering)) is not None:
            parsed = parse_numbering(entry.numbering + entry.title)
            label = Numbering(parsed.kind if parsed else "toc", entry.numbering, entry.level, entry.title)
            self.open(label, _clean_title(block.text), block.prov)
        elif self.current is not None:
            self.after_heading = False
            _add_text(self.current, block)

    def _consume_toc_key(self, title: str) -> None:
        """A numbered heading fulfils its 目录 entry: that title no longer announces a heading."""
        key = _heading_key(title)
        for toc_key in [k for k in self.toc_keys if key.endswith(k)]:
            del self.toc_keys[toc_key]

    def _toc_heading(self, line: TextLine, numbering: Numbering | None) -> TocEntry | None:
        """An unnumbered heading the 目录 announces (``上海市普陀区司法局主要职能`` for ``一、部门主要职能``)."""
        text = squeeze(line.text)
        if numbering is not None or not self.toc_keys or len(text) > MAX_PLAIN_HEADING_CHARS:
            return None
        if _SENTENCE_END.search(text) or "，" in text:
            return None
        key = _heading_key(text)
        for toc_key, entry in self.toc_keys.items():
            if key.endswith(toc_key):
                del self.toc_keys[toc_key]
                return entry
        return None

    def open(self, numbering: Numbering, title: str, prov: Prov) -> None:
        if self.current is not None:
            self.done.append(_close(self.current))
        level = self._level(numbering)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1].id if self.stack else None
        self.current = _Open(numbering, title, prov, parent, f"s{len(self.done) + 1}", level)
        self.stack.append(self.current)
        self.after_heading = True

    def _level(self, numbering: Numbering) -> int:
        """The rank of the numbering, adjusted to the sequence it continues: ``二、`` is a sibling
        of the open ``一、``; a sequence restarting at 一 under a heading of the same kind nests
        one deeper (Shanghai: 六、其他相关情况说明 → 一、“三公”经费…)."""
        same = [o for o in self.stack if o.numbering.kind == numbering.kind]
        n = ordinal(numbering)
        for o in reversed(same):
            if n is not None and ordinal(o.numbering) == n - 1:
                return o.level
        if same and n == 1:
            return same[-1].level + 1
        if same:
            return same[-1].level
        return numbering.rank

    def finish(self) -> list[Section]:
        if self.current is not None:
            self.done.append(_close(self.current))
            self.current = None
        return self.done


def _continues_heading(line: TextLine, heading: _Open, right_edge: float | None) -> bool:
    """The second line of a heading printed over two: ``## 预算项目支出情况说明`` after
    ``## 七、关于…一般公共预算`` (marked up), or in a PDF a short line after a heading that ran
    to the right edge of the text (``九、…培训费支出`` / ``预算情况说明``)."""
    text = squeeze(line.text)
    if parse_numbering(line.text) is not None or _TABLE_TITLE_END.search(text) or len(text) > 20:
        return False
    if read_line_role(line.text) != LineRole():  # 部门：…, 单位：万元 under a table title
        return False
    if _SENTENCE_END.search(text) or _SENTENCE_END.search(heading.title) or text.endswith(("：", ":")):
        return False
    if line.heading is not None or line.bold:
        return True
    box, head = line.prov.bbox, heading.prov.bbox
    if box is None or head is None or right_edge is None or line.prov.page != heading.prov.page:
        return False
    return head[2] >= right_edge - 2 * max(head[3] - head[1], 1.0) and box[1] - head[3] < 3 * (head[3] - head[1])


def _right_edges(doc: SourceDoc) -> dict[int, float]:
    """Per page, the right edge of full text lines (where a wrapped line ends)."""
    edges: dict[int, float] = {}
    for page, block in doc.blocks():
        if isinstance(block, TextLine) and block.prov.bbox and len(block.text) >= 10:
            edges[page.number] = max(edges.get(page.number, 0.0), block.prov.bbox[2])
    return edges


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
        level=section.level,
        numbering=section.numbering.label,
        title=section.title,
        text="\n".join(section.lines),
        parent=section.parent,
        prov=prov,
        line_provs=tuple(section.provs),
    )
