"""Pieces of narrative wording shared by the fact rules: amounts with units, percents, subjects.

Amounts stay exact: ``3,121.42万元`` → ``Decimal("31214200")`` yuan, never floats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractor.model.amounts import parse_amount, to_yuan, yuan_str

NUMBER = r"-?\d+(?:,\d{3})*(?:\.\d+)?"
# an amount with its unit: "3920.41万元", "3,121.42 万元", "0 万元", "59855元"
MONEY = re.compile(rf"(?<![\d.])(?P<num>{NUMBER})\s*(?P<unit>亿元|万元|千元|元)")
# a percent: "4.21%", "100.00 %", "-3％"
PERCENT = re.compile(r"(?<![\d.])(?P<num>-?\d+(?:\.\d+)?)\s*[%％]")
# numbering in front of an item: "1.", "1、", "（一）", "(2)", "- ", "一、", "1．"
_ENUMERATOR = re.compile(
    r"^\s*(?:[-*•·]\s*|\d{1,2}\s*[、.．](?!\d)\s*|[（(][一二三四五六七八九十\d]{1,3}[)）]\s*|[一二三四五六七八九十]{1,3}\s*、\s*)+"
)
# a year or date in front of a subject: "2026 年", "2019年度", "截至 2025 年底"
_YEAR = re.compile(r"(?:截至|截止)?\s*\d{4}\s*年(?:度|底|末|初)?")
# words that lead into a subject without naming it: "其中：基本支出", "主要用于科学技术支出"
_LEAD_WORDS = re.compile(r"^(?:其中|包括|主要用于|此外|另外|另|全部为|均为|以及|和|及|共有|现有|安排|的)+")
# words between a subject and its amount: "预算数为 9.22 万元", "支出预算为", "经费数为"
_TAIL_WORDS = re.compile(r"(?:合计为|总计为|共计|为|是|达到?|约)+$")


@dataclass(frozen=True, slots=True)
class Money:
    """An amount as printed (``printed`` number text and ``unit``) and exactly in yuan."""

    yuan: Decimal
    printed: str
    unit: str


def money_from_match(match: re.Match[str]) -> Money | None:
    """The :class:`Money` of a :data:`MONEY` match, or None when the number does not parse."""
    printed = match.group("num")
    value = parse_amount(printed)
    if value is None:
        return None
    return Money(Decimal(yuan_str(to_yuan(value, match.group("unit")))), printed, match.group("unit"))


def parse_money(text: str) -> Money | None:
    """The first amount with a unit in ``text`` (``"1 万元"`` → 10000 yuan), or None."""
    match = MONEY.search(text)
    return money_from_match(match) if match else None


def decimal_str(value: Decimal) -> str:
    """A canonical decimal string (``"13.88"``, ``"-5"``, ``"100"``) for ``Fact.values``."""
    return yuan_str(value)


def clean_subject(text: str, entity: str | None = None) -> str:
    """The name a clause gives to its amount: numbering, entity, year and lead words removed.

    ``"昌吉高新区创业创新服务中心 2026 年支出预算 "`` → ``"支出预算"``.
    """
    subject = text.replace(" ", "").replace("\u3000", "")
    if entity:
        subject = subject.replace(entity.replace(" ", ""), "")
    subject = _ENUMERATOR.sub("", subject)
    subject = _YEAR.sub("", subject)
    subject = subject.strip("，,、：:；;。 ")
    previous = None
    while previous != subject:
        previous = subject
        subject = _LEAD_WORDS.sub("", subject).strip("，,、：: ")
        subject = _TAIL_WORDS.sub("", subject).strip("，,、：: ")
    return subject
