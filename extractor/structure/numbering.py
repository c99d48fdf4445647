"""Heading numbering: 第X部分, 一、, （一）, 1、/1., (1) — recognised and ranked.

``parse_numbering("（三）政府采购情况")`` → ``Numbering(kind="paren_cn", label="（三）", rank=3, rest="政府采购情况")``.
Ranks give outline levels: 第X部分 1, 一、 2, （一） 3, 1、 4, (1) 5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九十百零〇两"

_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    # 第二部分 / 第 二 部 分 / 第2部分
    ("part", 1, re.compile(rf"^(第\s*[{CN_DIGITS}\d]+\s*部\s*分)\s*[:：、.．]?\s*")),
    # 一、主要职能 / 十三、其他重要事项
    ("cn", 2, re.compile(rf"^([{CN_DIGITS}]{{1,3}}\s*[、.．])\s*")),
    # （一）单位运行经费 / (一)
    ("paren_cn", 3, re.compile(rf"^([（(]\s*[{CN_DIGITS}]{{1,3}}\s*[）)])\s*")),
    # 1、项目名称 / 1.科学技术支出 / 1． / 9.2025年…表 (but not 1.9492 万元)
    ("arabic", 4, re.compile(r"^(\d{1,2}\s*(?:[、．]|\.(?!\d)|\.(?=\d{4}\s*年)))\s*")),
    # (1) / （1）
    ("paren_arabic", 5, re.compile(r"^([（(]\s*\d{1,2}\s*[）)])\s*")),
)

_SPACES = re.compile(r"[\s\u3000]+")
_LEADERS = re.compile(r"[.·…．_\-—]{3,}\s*\d*\s*$|\s+\d{1,3}\s*$")


@dataclass(frozen=True, slots=True)
class Numbering:
    kind: str
    label: str
    rank: int
    rest: str


def squeeze(text: str) -> str:
    """Text with every space removed (Chinese headings are printed with arbitrary spacing).

    ``str.split()`` cuts at exactly the characters ``\\s`` matches (U+3000 among them): the same
    as ``_SPACES.sub("", text)``, without the regex call.
    """
    return "".join(text.split())


def parse_numbering(text: str) -> Numbering | None:
    """The numbering at the start of ``text``, or None."""
    stripped = text.strip()
    for kind, rank, pattern in _PATTERNS:
        m = pattern.match(stripped)
        if m:
            return Numbering(kind, squeeze(m.group(1)), rank, stripped[m.end() :].strip())
    return None


def has_leaders(text: str) -> bool:
    """A 目录 line ending in dot leaders (``……``, ``....``), with or without a page number."""
    return bool(_LEADER_RUN.search(text))


_LEADER_RUN = re.compile(r"[.·…．_]{3,}\s*\d*\s*$")
_ORDINALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def ordinal(numbering: Numbering) -> int | None:
    """1 for 一、/（一）/1、/(1), 2 for 二、 …; None when not simple (第X部分 counts too)."""
    digits = re.sub(r"[^0-9一二三四五六七八九十]", "", numbering.label)
    if digits.isdigit():
        return int(digits)
    if len(digits) == 1:
        return _ORDINALS.get(digits)
    if len(digits) == 2 and digits[0] == "十":
        return 10 + _ORDINALS.get(digits[1], 0)
    return None


def strip_leaders(text: str) -> str:
    """A 目录 line without its dot leaders and page number (``一、概况......3`` → ``一、概况``)."""
    return _LEADERS.sub("", text).strip()
