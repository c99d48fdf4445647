"""国有资产占用 sentences → ``state_assets`` facts: vehicles, large equipment, asset values.

Labels and values:

- ``vehicles``: one fact per vehicle kind printed (``车辆 3 辆``, ``执法执勤用车3辆``); values
  ``vehicle_kind`` (``all`` for the total, else the printed kind), ``count``, ``purpose``
  (``holding`` or ``purchase`` when the sentence is about 购置).
- ``equipment``: ``单价 50 万元以上大型设备 0 台``; values ``threshold_yuan``, ``count``, ``purpose``.
- ``asset_value``: ``办公设备价值 1.9492 万元``, ``固定资产3149.52万元``, ``无形资产471项234.37万元``;
  ``amount_yuan`` is the value; values ``asset``, ``measure`` (价值, 原值, 净值 …), ``items`` (项).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractor.semantics.phrases import MONEY, NUMBER, money_from_match

# a count of vehicles: "共有车辆3辆", "执法执勤用车3辆", "一般公务用车127辆", "购置车辆0辆"
_VEHICLES = re.compile(r"(?P<kind>[\u4e00-\u9fff（）()]{0,12}?)(?:车辆|用车)\s*(?P<count>\d+)\s*辆")
# large equipment: "单价 50 万元以上大型设备 0 台", "单价100万元（含）以上设备（不含车辆）0台（套）"
_EQUIPMENT = re.compile(
    rf"单价\s*(?P<num>{NUMBER})\s*(?P<unit>万元|元)\s*(?:[（(]含[)）])?\s*(?:以上|及以上)"
    r"[^，,。；;\d]{0,16}?设备[^，,。；;\d]{0,12}?(?P<count>\d+)\s*台"
)
# an asset value: "办公设备价值 1.9492 万元", "固定资产原值 120 万元", "资产总额 30 万元"
_VALUE = re.compile(
    rf"(?P<asset>[\u4e00-\u9fff]{{2,12}}?)(?P<measure>账面价值|价值|原值|净值|总额|总值)\s*(?:为|共计)?\s*"
    rf"(?P<money>{NUMBER}\s*(?:亿元|万元|千元|元))"
)
# a class of assets with its value (Shanghai 2023): "固定资产3149.52万元", "无形资产471项234.37万元",
# "在建工程1项12277.73万元", "长期投资0项0万元"
_ASSET_CLASS = re.compile(
    r"(?P<asset>其他固定资产|固定资产|流动资产|无形资产|在建工程|长期投资|对外投资|负债总额|净资产)"
    rf"(?:(?P<items>\d+)项)?\s*(?:为|共计)?\s*(?P<money>{NUMBER}\s*(?:亿元|万元|千元|元))"
)
_ASSET_WORDS = ("车", "设备", "资产", "在建工程", "长期投资")
_HOLDING_LEAD = re.compile(r"^(?:其中|截至|截止|共有|现有|实有|拥有|占用|本部门|单位)+")

StateAsset = tuple[str, tuple[tuple[str, str], ...], str | None]
"""(label, values, printed money or None) of one asset statement."""


def _purpose(sentence: str, position: int) -> str:
    return (
        "purchase"
        if "购置" in sentence[:position] or "购置" in sentence[position : position + 4]
        else "holding"
    )


def _vehicle_kind(kind: str) -> str:
    kind = _HOLDING_LEAD.sub("", kind.strip())
    return kind + "用车" if kind else "all"


def sentence_to_vehicles(sentence: str) -> Iterator[StateAsset]:
    for match in _VEHICLES.finditer(sentence):
        kind = match.group("kind")
        if match.group(0).startswith(kind) and "用车" not in match.group(0):
            kind = ""
        values = (
            ("vehicle_kind", _vehicle_kind(kind)),
            ("count", match.group("count")),
            ("purpose", _purpose(sentence, match.end("kind"))),
        )
        yield "vehicles", values, None


def sentence_to_equipment(sentence: str) -> Iterator[StateAsset]:
    for match in _EQUIPMENT.finditer(sentence):
        money = money_from_match(match)
        values = (
            ("threshold_yuan", str(money.yuan) if money else ""),
            ("count", match.group("count")),
            ("purpose", _purpose(sentence, match.start())),
        )
        yield "equipment", values, None


def sentence_to_asset_values(sentence: str) -> Iterator[StateAsset]:
    for match in _VALUE.finditer(sentence):
        if "单价" in match.group("asset"):
            continue
        asset = _HOLDING_LEAD.sub("", match.group("asset"))
        values = (("asset", asset), ("measure", match.group("measure")))
        yield "asset_value", values, match.group("money")


def sentence_to_asset_classes(sentence: str) -> Iterator[StateAsset]:
    for match in _ASSET_CLASS.finditer(sentence):
        values: tuple[tuple[str, str], ...] = (("asset", match.group("asset")), ("measure", "价值"))
        if match.group("items") is not None:
            values += (("items", match.group("items")),)
        yield "asset_value", values, match.group("money")


def sentence_to_state_assets(sentence: str) -> list[StateAsset]:
    """The vehicles, equipment and asset values a sentence states (none when it names no asset)."""
    if not any(word in sentence for word in _ASSET_WORDS):
        return []
    return [
        *sentence_to_vehicles(sentence),
        *sentence_to_equipment(sentence),
        *sentence_to_asset_values(sentence),
        *sentence_to_asset_classes(sentence),
    ]


def printed_money(text: str | None) -> re.Match[str] | None:
    """The :data:`MONEY` match of a printed asset value."""
    return MONEY.search(text) if text else None
