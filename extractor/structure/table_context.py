"""The text around a table: number (表1, 公开表一, 公开01表, 附表2), title, 编制部门, 单位, 备注.

Each function reads one line (or one single-cell grid row) and says what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.structure.numbering import squeeze
from extractor.structure.patterns import lazy_pattern

# 表1 / 表 3 / 表1-1 / 附表2 / 公开表一 / 公开01表 / 公开表 3
_NUMBER = re.compile(
    r"^((?:附\s*)?表\s*[0-9一二三四五六七八九十]+(?:\s*[-－—]\s*\d+)?|公开\s*表\s*[0-9一二三四五六七八九十]+|公开\s*\d{1,2}\s*表|附\s*件\s*\d+)"
    r"\s*[:：、.．]?\s*"
)
_TRAILING_NUMBER = re.compile(r"^(\S.*?表)\s*[（(]\s*((?:预算|决算|公开)?\s*表\s*\d{1,2})\s*[)）]$")
# 单位：万元 / 单位: 元 / 金额单位：万元 / (单位：万元)
_UNIT = re.compile(r"(?:金额)?单\s*位\s*[:：]\s*(万元|元|千元|亿元)|^(?:金额)?单位\s*(万元|元|千元|亿元)$")
# 单位：万 / 元 — a unit wrapped over two lines (or two lines of one header cell)
_UNIT_HEAD = re.compile(r"(?:金额)?单\s*位\s*[:：]?\s*(万|千|亿)$")
# 编制部门(单位): X / 编制单位：X / 部门名称：X / 部门：X  单位：万元
_DEPARTMENT = re.compile(
    r"^(?:编\s*制\s*(?:部\s*门|单\s*位)\s*(?:[（(]\s*单\s*位\s*[)）])?|部门名称|单位名称|预算部门|预算单位|主管部门|部\s*门)"
    r"\s*[:：]\s*(.*?)\s*(?:(?:金额)?单\s*位\s*[:：].*)?$"
    # 单位名称重庆市气象局 (the colon printed as a separate glyph line) / 341-湖州市财政局 (agency code)
    r"|^单\s*位\s*[:：]\s*(?!(?:万元|元|千元|亿元)\s*$)([^\s:：]{4,}?)\s*(?:(?:金额)?单\s*位\s*[:：].*)?$"
    r"|^(?:单位名称|部门名称)\s*(\S.*?(?:局|委|厅|办|院|会|中心|部|室|所|站|队|馆|处|校|学|司|社|团|署|府))$"
    r"|^\d{3,6}\s*[-－—]\s*(\S.*?(?:局|委|厅|办|院|会|中心|部|室|所|站|队|馆|处|校|学|司|社|团|署|府|[)）]))$"
)
# 备注：… / 注：… / 说明：… / （表 4 中不包含…）
_NOTE = re.compile(r"^(?:备\s*注|注|说\s*明)\s*\d*\s*[:：]|^[（(]\s*表\s*\d+\s*中")
_EMPTY_NOTE = lazy_pattern(
    r"空表|无此项|未安排|没有.*(?:支出|收入|经费)|无.*(?:收支|支出|收入)|无发生额?|无数据|不涉及|无此类"
)
_TITLE_WORDS = re.compile(r"(表|情况|明细)$|表[（(]|绩效目标")
# 具体情况见下表(按项目分别填报)： — a sentence pointing at a table, not its title
_POINTS_TO_TABLE = re.compile(r"[见如]下表|[:：]$")
# a unit printed in a header cell or a form's first rows: 预算数（万元）, 预算数（单位：万元）
HEADER_UNIT = re.compile(r"[（(]\s*(万元|千元|亿元|元)\s*[)）]|单位[:：]\s*(万元|千元|亿元|元)")
_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*年(?:度)?\s*[)）]$|^(?:19|20)\d{2}$")
# a line of punctuation only (``: :``): glyphs a converter printed apart from their line
_PUNCTUATION_ONLY = re.compile(r"^[:：,，.。、;；“”\"‘’]+$")
# 万元 alone at the right of a caption (湖州 表11): the unit without 单位：
_BARE_UNIT = re.compile(r"^[（(]?(万元|元|千元|亿元)[)）]?$")


@dataclass(frozen=True, slots=True)
class LineRole:
    """What one line near a table says; more than one field may be set (``编制单位：X 单位：元``)."""

    number: str | None = None
    title: str | None = None
    unit: str | None = None
    department: str | None = None
    note: str | None = None
    year: str | None = None


def read_line_role(text: str) -> LineRole:
    """Classify one line of text near a table. An unrecognised line gives an empty role."""
    t = text.strip()
    s = squeeze(t)
    if not s:
        return LineRole()
    if _PUNCTUATION_ONLY.match(s):
        return LineRole(year="")  # says nothing, but does not end a caption either
    if _NOTE.match(s):
        return LineRole(note=t)
    if _YEAR_LINE.match(s):
        return LineRole(year=s)
    unit_match = _UNIT.search(s) or _BARE_UNIT.match(s)
    unit = (unit_match.group(1) or unit_match.group(2)) if unit_match else None
    dept_match = _DEPARTMENT.match(t)
    if dept_match:
        name = next((g for g in dept_match.groups() if g is not None), "")
        return LineRole(department=name.strip() or None, unit=unit)
    if unit is not None:
        return LineRole(unit=unit)
    trailing = _TRAILING_NUMBER.match(t)  # 收支总表（预算表1）: the number after the title
    if trailing:
        return LineRole(number=squeeze(trailing.group(2)), title=trailing.group(1).strip())
    number_match = _NUMBER.match(t)
    if number_match:
        rest = t[number_match.end() :].strip()
        return LineRole(number=squeeze(number_match.group(1)), title=rest or None)
    if _TITLE_WORDS.search(s) and len(s) <= 60 and not _POINTS_TO_TABLE.search(s):
        return LineRole(title=t)
    return LineRole()


def wrapped_unit(first: str, second: str) -> str | None:
    """``单位：万`` over ``元``: the unit a caption prints across two lines, else None."""
    head = _UNIT_HEAD.search(squeeze(first))
    if head is None or squeeze(second) != "元":
        return None
    return head.group(1) + "元"


def is_empty_note(note: str | None) -> bool:
    return note is not None and bool(_EMPTY_NOTE().search(squeeze(note)))


def normalize_title(title: str) -> str:
    """Titles keep inner spacing as printed but lose leading/trailing blanks and doubled spaces."""
    return re.sub(r"\s+", " ", title).strip()
