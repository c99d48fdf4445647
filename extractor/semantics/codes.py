"""Classification codes (政府收支分类科目): full codes, parents, levels, names.

Codes are printed three ways and all become one full code:

- one column: ``2060404`` (a 7-digit 项, 5-digit 款 or 3-digit 类);
- fused with the name: ``2060404科技成果转化与扩散``, ``30228工会经费``, ``206 科学技术支出``,
  or bracketed in it (``[30309]奖励金``, ``【301】工资福利支出``);
- split columns 类 | 款 | 项 (economic: 类 | 款), where a child row may repeat its parents
  (``206 | 04 | 04``) or leave them blank (``| | 04`` under ``206 | 04``): blank parts are taken
  from the rows above. A part with the wrong number of digits (``7 | 11 | 02`` under
  ``210 | 11``) is treated as blank and rebuilt from the rows above, keeping what was printed.

Function codes (支出功能分类) start with 2 (类 201–234); economic codes with 3 (部门预算支出经济分类,
301–399) or 5 (政府预算支出经济分类, 501–599).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from extractor.semantics.codelists import name_agrees, normalize_name


class Classification(StrEnum):
    FUNCTIONAL = "functional"
    ECONOMIC = "economic"


class Level(StrEnum):
    LEI = "类"
    KUAN = "款"
    XIANG = "项"


@dataclass(frozen=True, slots=True)
class Code:
    """A full classification code as rebuilt from what was printed."""

    code: str
    classification: Classification
    level: Level
    parent: str | None
    printed: str
    name: str | None = None

    @property
    def name_known(self) -> bool | None:
        """Whether the printed name is an accepted name of the code (None: code or name unknown)."""
        return None if self.name is None else name_agrees(self.code, self.name)


_FULL_CODE = re.compile(r"^(\d{3})(\d{2})?(\d{2})?$")
_FUSED = re.compile(
    r"^(?:(\d{3}(?:\d{2}){0,2})(?!\d)|[\[【]\s*(\d{3}(?:\d{2}){0,2})\s*[\]】])\s*[、.．:：]?\s*([\u4e00-\u9fff（(A-Za-z“\"].*)$"
)
_LEVELS = {3: Level.LEI, 5: Level.KUAN, 7: Level.XIANG}
_PART_LENGTHS = (3, 2, 2)


def code_classification(code: str) -> Classification | None:
    """Functional (2xx), economic (3xx, 5xx), or None for anything else."""
    if not _FULL_CODE.match(code):
        return None
    head = int(code[:3])
    if 201 <= head <= 234:
        return Classification.FUNCTIONAL
    if 301 <= head <= 399 or 501 <= head <= 599:
        return Classification.ECONOMIC
    return None


def code_level(code: str) -> Level | None:
    return _LEVELS.get(len(code)) if _FULL_CODE.match(code) else None


def code_parent(code: str) -> str | None:
    """``2060404`` → ``20604`` → ``206`` → None."""
    return code[:-2] if len(code) in (5, 7) else None


def is_code(text: str) -> bool:
    """True for a full code printed alone (``206``, ``20604``, ``2060404``, ``30101``)."""
    return code_classification(_clean(text)) is not None


def make_code(code: str, printed: str, name: str | None = None) -> Code | None:
    """A :class:`Code` for a full code string, or None when it is not a classification code."""
    classification = code_classification(code)
    level = code_level(code)
    if classification is None or level is None:
        return None
    return Code(code, classification, level, code_parent(code), printed, _name_or_none(name))


def split_fused(text: str) -> tuple[str, str] | None:
    """``'2060404科技成果转化与扩散'`` → ``('2060404', '科技成果转化与扩散')``; None if no code leads."""
    match = _FUSED.match(_clean(text))
    if match is None:
        return None
    code = match.group(1) or match.group(2)  # 2060404科技… / [30309]奖励金
    if code_classification(code) is None:
        return None
    return code, match.group(3).strip()


def code_from_cell(text: str, name: str | None = None) -> Code | None:
    """The code of a single code cell (``2060404``) or of a code fused with its name."""
    cleaned = _clean(text)
    if is_code(cleaned):
        return make_code(cleaned, cleaned, name)
    fused = split_fused(cleaned)
    if fused is None:
        return None
    return make_code(fused[0], cleaned, name if name else fused[1])


def settle_repeated_codes(codes: list[Code | None]) -> list[Code | None]:
    """A code printed twice in one table whose second row's name is not the code's but a
    sibling's that is printed nowhere else (长春: ``30208 取暖费`` then ``30208 物业管理费``, which
    is 30209): that row is the sibling, the printed code kept in ``printed``. Only names the code
    lists accept decide; anything else stays as printed."""
    from dataclasses import replace

    from extractor.semantics.codelists import accepted_names, normalize_name

    printed = {c.code for c in codes if c is not None}
    seen: set[str] = set()
    out: list[Code | None] = []
    for code in codes:
        if code is not None and code.code in seen and code.name and name_agrees(code.code, code.name) is False:
            name = normalize_name(code.name)
            siblings = [
                other
                for other, names in accepted_names().items()
                if name in names and other != code.code and other[:-2] == code.code[:-2] and other not in printed
            ]
            if len(siblings) == 1:
                code = replace(code, code=siblings[0])
                printed.add(siblings[0])
        if code is not None:
            seen.add(code.code)
        out.append(code)
    return out


def column_codes(texts: Sequence[str], names: Sequence[str | None]) -> list[Code | None]:
    """Codes of one code column, top to bottom: full codes, codes fused with names, and a 款
    printed as its last two digits only (``05`` under ``208`` → ``20805``), rebuilt from the
    nearest 类 above (the part keeps what was printed)."""
    codes: list[Code | None] = []
    lei: str | None = None
    for text, name in zip(texts, names, strict=True):
        code = code_from_cell(text, name or None)
        cleaned = _clean(text)
        if code is None and lei is not None and len(cleaned) == 2 and cleaned.isdigit():
            code = make_code(lei + cleaned, cleaned, name or None)
        if code is not None and len(code.code) == 3:
            lei = code.code
        codes.append(code)
    return codes


def split_codes(
    rows: Sequence[Sequence[str]], names: Sequence[str | None] | None = None
) -> list[Code | None]:
    """Full codes for rows printed in split columns (类 | 款 | 项 or 类 | 款), top to bottom.

    Blank or malformed parts are taken from the nearest row above; a row with no part printed
    (总计, 合计 …) gets None and does not disturb the context.
    """
    context: list[str] = []
    codes: list[Code | None] = []
    for i, row in enumerate(rows):
        parts = [_clean(p) for p in row]
        name = names[i] if names is not None else None
        code, context = _split_row_code(parts, context)
        printed = " | ".join(parts)
        codes.append(make_code(code, printed, name) if code else None)
    return codes


def _split_row_code(parts: list[str], context: list[str]) -> tuple[str | None, list[str]]:
    """One row of split parts → (full code, new context)."""
    filled = [i for i, p in enumerate(parts) if p]
    if not filled or not all(parts[i].isdigit() for i in filled):
        return None, context  # nothing printed, or text (合计, 人员经费合计) in the code columns
    whole = _whole_code_in_first_part(parts)
    if whole is not None:
        return whole, _parts_of(whole)
    segments: list[str] = []
    for i in range(filled[-1] + 1):
        segment = _valid_part(parts[i], i)
        if segment is None:
            if i >= len(context):
                return None, context
            segment = context[i]
        segments.append(segment)
    code = "".join(segments)
    if code_classification(code) is None:
        return None, context
    return code, segments


def _whole_code_in_first_part(parts: list[str]) -> str | None:
    """A full 5- or 7-digit code printed in the 类 column with the other parts blank."""
    first = parts[0]
    if len(first) in (5, 7) and not any(parts[1:]) and code_classification(first) is not None:
        return first
    return None


def _parts_of(code: str) -> list[str]:
    return [code[:3], *(code[i : i + 2] for i in range(3, len(code), 2))]


def _valid_part(text: str, position: int) -> str | None:
    """The part if it has the right number of digits (a lone digit of 款/项 is zero-padded)."""
    if position >= len(_PART_LENGTHS) or not text.isdigit():
        return None
    want = _PART_LENGTHS[position]
    if len(text) == want:
        return text
    if position > 0 and len(text) == 1:
        return text.zfill(2)
    return None


def _clean(text: str) -> str:
    return text.replace("<b>", "").replace("</b>", "").replace("\u3000", " ").strip()


def _name_or_none(name: str | None) -> str | None:
    if name is None:
        return None
    cleaned = _clean(name)
    return cleaned or None


def names_disagree(code: Code) -> bool:
    """True when the code is in the lists and its printed name is none of the accepted names."""
    return code.name is not None and name_agrees(code.code, normalize_name(code.name)) is False
