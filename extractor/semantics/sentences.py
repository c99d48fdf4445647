"""Section text → sentences, each remembering the text lines it spans.

Narratives break sentences across lines (PDF line wrap, Markdown paragraphs split by a converter):
``…2026 年`` / ``预算数为 9.22 万元``. A line that does not end a sentence is joined to the next
non-blank line unless that line visibly starts something new (a list marker, ``（一）``, ``1、``,
a ``label：`` line), and always when the line ends inside brackets (``…缴费支出（`` / ``项）：``).
Sentences end at ``。；;！？!?``, and at a line ending in a colon.
Page-number lines (``4``, ``- 4 -``) between the two halves of a sentence are dropped.
Markdown emphasis (``**``) and HTML tags are removed from the sentence text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from extractor.model import Prov, Section

# 。；; end a sentence: "收支总预算3920.41万元。收入预算包括：一般公共预算。"
_TERMINATORS = frozenset("。；;！？!?")
# a line ending in a colon closes its sentence: "…收入预算3920.41万元，其中："
_COLONS = frozenset("：:")
# a page number alone on a line: "4", "- 12 -", "—3—"
_PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,3}\s*[-—–]?\s*$")
# markup the converters leave in text: "**六、关于…**", "<b>…</b>", "<p>…</p>"
_MARKUP = re.compile(r"\*\*|__|</?[a-zA-Z][^>]*>")
# a line that starts a new item: "- 2.社会保障…", "1、科学…", "（一）…", "1. 办公设备…", "1.2 将…", "一、"
_STARTER = re.compile(
    r"^\s*(?:[-*•·]\s+|\d{1,2}(?:\.\d{1,2})+\s+(?![万元亿千%％])|\d+\s*[、.．]\s*(?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]+)"
)
# a "label：value" line: "预算安排规模：1 万元", "项目承担单位：高新区…", "主要原因：一是…"
_LABEL_LINE = re.compile(r"^\s*(?!其中)(?![）)\]】」”’])[^\s，,。；;：:]{2,12}[：:]")
# a line ending inside brackets continues on the next: "…缴费支出（" / "项）：2026 年"
_OPENERS = frozenset("（(【「“‘")
# a piece of a line up to and including a terminator, or the rest of the line after the last one
_PIECE = re.compile(r"[^。；;！？!?]*[。；;！？!?]|[^。；;！？!?]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence and the (0-based) indexes of the first and last text lines it came from."""

    text: str
    first: int
    last: int


def clean_text(text: str) -> str:
    """The text without markup, with no-break and ideographic spaces as plain spaces."""
    if "<" in text or "**" in text or "__" in text:  # every match of _MARKUP holds one of them
        text = _MARKUP.sub("", text)
    return text.replace("\u00a0", " ").replace("\u3000", " ")


def starts_new_sentence(line: str) -> bool:
    """True for a line that begins a new item even when the previous one did not end."""
    return bool(_STARTER.match(line) or _LABEL_LINE.match(line))


def _line_closes(text: str) -> bool:
    tail = text.rstrip()
    return not tail or tail[-1] in _TERMINATORS or tail[-1] in _COLONS


def _logical_lines(text: str) -> Iterator[tuple[str, int, int]]:
    """Lines joined where a sentence continues onto the next one: (text, first, last)."""
    buffer: list[str] = []
    first = last = 0
    for index, raw in enumerate(text.split("\n")):
        line = clean_text(raw).strip()
        if not line or (buffer and _PAGE_NUMBER.match(line)):
            continue
        if buffer and starts_new_sentence(line) and buffer[-1][-1] not in _OPENERS:
            yield "".join(buffer), first, last
            buffer = []
        if not buffer:
            first = index
        buffer.append(line)
        last = index
        if _line_closes(line):
            yield "".join(buffer), first, last
            buffer = []
    if buffer:
        yield "".join(buffer), first, last


def _split_on_terminators(text: str) -> list[str]:
    """``text`` cut after each terminator; the rest after the last one (if any) is the last piece."""
    return _PIECE.findall(text)


@lru_cache(maxsize=256)
def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of a section's text in order; blank and page-number-only pieces dropped.

    Remembered: the facts stage and the hygiene check both read every section (the result is
    immutable)."""
    sentences: list[Sentence] = []
    for line, first, last in _logical_lines(text):
        for piece in _split_on_terminators(line):
            piece = piece.strip()
            if piece and not _PAGE_NUMBER.match(piece) and piece not in _TERMINATORS:
                sentences.append(Sentence(piece, first, last))
    return tuple(sentences)


def sentence_prov(section: Section, sentence: Sentence) -> Prov:
    """Where a sentence of ``section`` is: the union of its lines' provenance.

    Uses ``section.line_provs`` (one per text line) when the sections stage gives them; else the
    contract "text line ``k`` is source line ``prov.lines[0] + 1 + k``" (Markdown), else the
    section's page (PDF).
    """
    provs = section.line_provs
    if len(provs) > sentence.last:
        prov = provs[sentence.first]
        for index in range(sentence.first + 1, sentence.last + 1):
            prov = prov.union(provs[index])
        return prov
    if section.prov.lines is not None:
        base = section.prov.lines[0] + 1
        return Prov(lines=(base + sentence.first, base + sentence.last))
    return Prov(page=section.prov.page)


def title_prov(section: Section) -> Prov:
    """Where the heading of ``section`` is: its first source line, or the section's page."""
    if section.prov.lines is not None:
        line = section.prov.lines[0]
        return Prov(lines=(line, line))
    return Prov(page=section.prov.page)
