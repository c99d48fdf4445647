"""Document metadata: entity, fiscal year, budget or final accounts, department or unit.

Sources, in order of trust:

1. the cover: the text lines of the first page before the 目录 or the first outline heading
   (``江苏省人民检察院`` / ``2018年部门预算``; ``上海市普陀区2026年区级部门预算`` /
   ``预算主管部门：上海市普陀区司法局``);
2. the table titles and their 编制部门 lines (tables-only PDFs);
3. the file name (``省法院2017年度部门预算公开.pdf``, ``…单位25年预算.pdf``, ``2024 年度部门决算``).

The entity is taken, in this order, from a ``预算主管部门：`` / ``预算单位：`` / ``部门：`` line of
the cover, from the cover text before its year, from the most common table 编制部门, and from
the file name before its year. It is kept as printed (spaces removed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath

from extractor.model import DocumentMeta, Section, SourceDoc, Table, TextLine

COVER_LINES = 8
_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r"<[^>]+>|\*\*|^#+\s*")
_COVER_END = re.compile(r"^(目\s*录|第[一二三四1-4]部分|[一二三四五六七八九十]+、)")
_ENTITY_LINE = re.compile(
    r"^(?:预算主管部门|预算单位|主管部门|部门|单位名称|编制部门|编制单位)(?:[(（]单位[)）])?[:：]\s*(\S.+)$"
)
_TABLE_CAPTION = re.compile(r"^(单位[:：]|公开\d*表|表\d+$)")
_YEAR = re.compile(r"(20\d{2})\s*年")
_SHORT_YEAR = re.compile(r"(?<!\d)(\d{2})年")
_BARE_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_UNIT_SCOPE = re.compile(r"单位预算|单位决算|预算单位(?!构成)|单位\d{2,4}年")
_DEPT_SCOPE = re.compile(r"部门预算|部门决算|预算主管部门|部门[:：]")
_ENTITY_BEFORE_YEAR = re.compile(r"^(?P<entity>.+?)(?:20\d{2}|\d{2})\s*年")


def squeeze(text: str) -> str:
    return _SPACES.sub("", _MARKUP.sub("", text.strip()))


def cover_lines(doc: SourceDoc) -> list[str]:
    """The cover: first-page lines before the 目录 or the first heading (at most a few)."""
    lines: list[str] = []
    for page in doc.pages[:2]:
        for block in page.blocks:
            if not isinstance(block, TextLine):
                continue
            text = squeeze(block.text)
            if not text:
                continue
            if _COVER_END.match(text) or len(lines) >= COVER_LINES:
                return lines
            lines.append(text)
        if lines:
            return lines
    return lines


def fiscal_year(texts: Sequence[str]) -> int | None:
    """The first 4-digit year printed with 年 in the texts, in order."""
    for text in texts:
        match = _YEAR.search(_SPACES.sub("", text))
        if match:
            return int(match.group(1))
    return None


def year_from_filename(name: str) -> int | None:
    """``…2017年度…`` → 2017, ``…25年预算`` → 2025, ``dept_2026.pdf`` → 2026."""
    stem = _SPACES.sub("", PurePath(name).stem)
    for pattern, offset in ((_YEAR, 0), (_SHORT_YEAR, 2000), (_BARE_YEAR, 0)):
        match = pattern.search(stem)
        if match:
            return int(match.group(1)) + offset
    return None


def document_kind(texts: Sequence[str]) -> str | None:
    """final_accounts (决算) or budget (预算), from the first text that says either."""
    for text in texts:
        has_final, has_budget = "决算" in text, "预算" in text
        if has_final and not has_budget:
            return "final_accounts"
        if has_budget and not has_final:
            return "budget"
        if has_final and has_budget:
            return "final_accounts" if text.index("决算") < text.index("预算") else "budget"
    return None


def document_scope(texts: Sequence[str]) -> str | None:
    """unit (单位预算 / 预算单位：) or department (部门预算 / 预算主管部门：)."""
    for text in texts:
        if _UNIT_SCOPE.search(text):
            return "unit"
        if _DEPT_SCOPE.search(text):
            return "department"
    return None


def entity_from_lines(lines: Sequence[str]) -> str | None:
    """The entity named by a ``预算主管部门：X`` line, else the cover text before its year."""
    for line in lines:
        match = _ENTITY_LINE.match(line)
        if match:
            return match.group(1).strip()
    match = _ENTITY_BEFORE_YEAR.match("".join(lines))
    if match is None:
        return None
    entity = match.group("entity").strip("：: ")
    return entity if len(entity) >= 3 and not entity.endswith(("区", "省", "市")) else None


def entity_from_tables(tables: Sequence[Table]) -> str | None:
    departments = Counter(squeeze(t.department) for t in tables if t.department)
    return departments.most_common(1)[0][0] if departments else None


def entity_from_filename(name: str) -> str | None:
    match = _ENTITY_BEFORE_YEAR.match(_SPACES.sub("", PurePath(name).stem))
    if match is None:
        return None
    entity = match.group("entity")
    return entity if len(entity) >= 3 and not entity.isdigit() else None


def document_meta(doc: SourceDoc, sections: Sequence[Section], tables: Sequence[Table]) -> DocumentMeta:
    """Entity, year, kind and scope of a document (each None when nothing says it)."""
    cover = cover_lines(doc)
    name = doc.name
    headings = [squeeze(s.title) for s in sections[:12]]
    titles = [squeeze(t.title) for t in tables if t.title]
    texts = [*cover, *headings, *titles]
    joined = "".join(cover)
    return DocumentMeta(
        entity=entity_from_lines(cover) or entity_from_tables(tables) or entity_from_filename(name),
        fiscal_year=fiscal_year(cover) or year_from_filename(name) or fiscal_year(texts),
        kind=document_kind([*cover, joined, name, *headings, *titles]),
        scope=document_scope([*cover, joined, name, *texts]),
        title=cover_title(cover),
    )


def cover_title(cover: Sequence[str]) -> str | None:
    """The cover lines joined, without the entity line; None when the cover is a table caption."""
    if any(_TABLE_CAPTION.match(line) for line in cover):
        return None
    return "".join(line for line in cover if not _ENTITY_LINE.match(line)) or None
