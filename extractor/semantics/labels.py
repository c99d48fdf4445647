"""Row labels of rows without a code, normalized the way the gold annotations write them.

- Every label loses spaces and markup (``收 入 总 计`` → ``收入总计``); the text as printed stays
  in the line item's ``name`` when it differs.
- In a side-by-side summary, the last total row of each half is ``收入总计`` / ``支出总计`` whatever
  it prints (Jiangsu 收入合计, final accounts 总计); other total rows keep their text
  (本年收入合计).
- "三公" items get the fixed labels 合计, 因公出国(境)费, 公务接待费, 公务用车购置及运行维护费,
  公务用车购置费, 公务用车运行维护费 (plus 会议费, 培训费, 机关运行经费 where printed). Where the
  table's overall 合计 also holds 会议费 and 培训费 (Jiangsu) that column is
  ``合计(含会议费、培训费)`` and the "三公"经费 小计 is ``合计``.
"""

from __future__ import annotations

import re
from enum import StrEnum

_SPACES = re.compile(r"\s+|<[^>]+>")
_GENERIC = frozenset({"合计", "小计", "总计", "预算", "决算", "预算数", "决算数"})
_LEADING = re.compile(r"^(其中[:：]?|[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)")



class Side(StrEnum):
    """The half of a side-by-side summary a block of columns belongs to."""

    INCOME = "income"
    EXPENDITURE = "expenditure"


THREE_PUBLIC_TOTAL = "合计"
THREE_PUBLIC_TOTAL_WITH_MEETINGS = "合计(含会议费、培训费)"


def clean_label(text: str) -> str:
    """The label as compared: no spaces or markup, half-width brackets."""
    # without a "<" no tag matches: only \s+ is removed, as split() does
    text = _SPACES.sub("", text) if "<" in text else "".join(text.split())
    return text.replace("（", "(").replace("）", ")")


def is_total_label(label: str) -> bool:
    """合计, 总计, 收入合计, 支出总计 … (not 本年收入合计, 当年收入小计)."""
    return bool(re.fullmatch(r"(收入|支出)?(合计|总计)", clean_label(label)))


def side_total_label(side: Side) -> str:
    return "收入总计" if side is Side.INCOME else "支出总计"


def three_public_label(text: str) -> str | None:
    """The fixed 三公 label of a row text or a header path (``'…/公务用车购置及运行费/小计'``)."""
    segments = [clean_label(s) for s in text.split("/") if s.strip()]
    for segment in reversed(segments):
        core = _core(segment)
        if not core or core in _GENERIC:
            continue
        label = _specific_three_public(core)
        if label is not None:
            return label
    return THREE_PUBLIC_TOTAL if segments and _core(segments[-1]) in _GENERIC else None


def _core(segment: str) -> str:
    core = _LEADING.sub("", segment)
    core = re.sub(r"[(（]?(小计|合计)[)）]?$", "", core) or core
    core = re.sub(r"^\d{4}年", "", core)
    return re.sub(r"(预算|决算)数?$", "", core) or core


def _specific_three_public(core: str) -> str | None:
    if "三公" in core:
        return THREE_PUBLIC_TOTAL
    if "出国" in core:
        return "因公出国(境)费"
    if "接待" in core:
        return "公务接待费"
    if "会议" in core:
        return "会议费"
    if "培训" in core:
        return "培训费"
    if "机关运行" in core:
        return "机关运行经费"
    has_purchase, has_running = "购置" in core, "运行" in core
    if has_purchase and has_running:
        return "公务用车购置及运行维护费"
    if has_purchase:
        return "公务用车购置费"
    if has_running:
        return "公务用车运行维护费"
    if core in _GENERIC or core in {"总计", "合计"}:
        return THREE_PUBLIC_TOTAL
    return None
