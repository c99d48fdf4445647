"""国有资产占用 sentences → ``state_assets`` facts; project entries → ``project`` facts."""

from __future__ import annotations

import pytest
from narrative_support import compact, facts_of, section_of

from extractor.model import Prov
from extractor.semantics.fact_projects import section_to_projects


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the seed
        ("1. 办公设备价值 1.9492 万元。", [("state_assets", "asset_value", "19492", "办公设备", None)]),
        (
            "昌吉高新区创业创新服务中心价值单价 50 万元以上大型设备 0 台。",
            [("state_assets", "equipment", None, "0", "holding")],
        ),
        (
            "昌吉高新区创业创新服务中心预算未安排购置车辆经费，安排购置单价 50 万元以上大型设备 0 台。",
            [("state_assets", "equipment", None, "0", "purchase")],
        ),
        # Shanghai: holdings by vehicle kind, equipment of 100 万元 and more
        (
            "截至2025年8月31日，上海市普陀区司法局共有车辆3辆，其中：部级领导干部用车0辆、执法执勤用车3辆；单价100万元（含）以上设备（不含车辆）0台（套）。",
            [
                ("state_assets", "vehicles", None, "3", "holding"),
                ("state_assets", "vehicles", None, "0", "holding"),
                ("state_assets", "vehicles", None, "3", "holding"),
                ("state_assets", "equipment", None, "0", "holding"),
            ],
        ),
        (
            "2026年部门预算安排购置车辆0辆，其中：部级领导干部用车0辆。",
            [
                ("state_assets", "vehicles", None, "0", "purchase"),
                ("state_assets", "vehicles", None, "0", "purchase"),
            ],
        ),
        # Jiangsu
        (
            "本部门共有车辆127辆，其中，一般公务用车127辆。",
            [
                ("state_assets", "vehicles", None, "127", "holding"),
                ("state_assets", "vehicles", None, "127", "holding"),
            ],
        ),
        ("单价20万元（含）以上的设备33台（套）。", [("state_assets", "equipment", None, "33", "holding")]),
        # Shanghai 2023: asset classes with their values
        (
            "截止2022年12月31日，本部门流动资产448.82万元。",
            [("state_assets", "asset_value", "4488200", "流动资产", None)],
        ),
        ("无形资产471项234.37万元。", [("state_assets", "asset_value", "2343700", "无形资产", None)]),
        ("在建工程1项12277.73万元。", [("state_assets", "asset_value", "122777300", "在建工程", None)]),
    ],
)
def test_state_assets(sentence: str, expected: list[tuple[object, ...]]) -> None:
    facts = [f for f in facts_of(sentence) if f.kind == "state_assets"]
    rows = []
    for fact in facts:
        values = dict(fact.values)
        first = values.get("asset") or values.get("count")
        rows.append((*compact(fact)[:3], first, values.get("purpose")))
    assert rows == expected


def test_vehicle_kinds_and_equipment_threshold() -> None:
    facts = facts_of("共有车辆3辆，其中：执法执勤用车3辆；单价100万元（含）以上设备（不含车辆）0台（套）。")
    assert [dict(f.values).get("vehicle_kind") for f in facts[:2]] == ["all", "执法执勤用车"]
    assert dict(facts[2].values)["threshold_yuan"] == "1000000"


SEED_PROJECT = """
设立的政策依据：新科高字【2025】35 号《关于举办第

十四届中国创新创业大赛（新疆赛区）暨第十二届新疆创新创业大赛的通知》。

预算安排规模：3.2 万元

项目承担单位：高新区创业创新服务中心

资金分配情况：本项目拟投入 3.2 万元用于开展科技创新及科技成果转移转化工作。

资金执行时间：2026 年 1 月 1 日-2026 年 12 月 31 日"""


def test_project_named_in_its_heading() -> None:
    section = section_of(SEED_PROJECT, title="2、项目名称：科技创新经费", first_line=508)
    (fact,) = section_to_projects(section)
    values = dict(fact.values)
    assert (fact.kind, fact.label, fact.amount_yuan, fact.printed, fact.unit) == (
        "project",
        "科技创新经费",
        32000,
        "3.2",
        "万元",
    )
    assert (
        values["policy_basis"]
        == "新科高字【2025】35 号《关于举办第十四届中国创新创业大赛（新疆赛区）暨第十二届新疆创新创业大赛的通知》。"
    )
    assert values["undertaker"] == "高新区创业创新服务中心"
    assert values["period"] == "2026 年 1 月 1 日-2026 年 12 月 31 日"
    assert values["allocation"].startswith("本项目拟投入 3.2 万元")
    assert fact.prov == Prov(lines=(508, 520))


def test_projects_named_in_the_text() -> None:
    text = "项目名称：甲项目\n预算安排规模：10 万元\n项目名称：乙项目\n预算安排规模：20.5 万元\n项目承担单位：某局"
    facts = section_to_projects(section_of(text))
    assert [(f.label, f.amount_yuan, dict(f.values).get("undertaker")) for f in facts] == [
        ("甲项目", 100000, None),
        ("乙项目", 205000, "某局"),
    ]


def test_shanghai_project_description() -> None:
    # Shanghai 2026 司法局: keys as numbered lines, values on the lines after
    text = (
        "人民调解项目经费情况说明\n一、项目概述\n人民调解承担着化解社会矛盾的责任。\n二、立项依据\n"
        "《关于加强人民调解员队伍建设的实施意见》（沪司发〔2018〕86号）。\n三、实施主体\n上海市普陀区司法局\n"
        "五、实施周期\n2025年1月1日-2025年12月31日\n六、年度预算安排\n795万元"
    )
    (fact,) = section_to_projects(section_of(text))
    values = dict(fact.values)
    assert (fact.label, fact.amount_yuan) == ("人民调解", 7950000)
    assert values["undertaker"] == "上海市普陀区司法局"
    assert values["period"] == "2025年1月1日-2025年12月31日"
    assert values["policy_basis"].startswith("《关于加强人民调解员队伍建设")
