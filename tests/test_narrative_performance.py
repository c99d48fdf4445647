"""绩效目标表 → ``performance_target`` and ``performance_indicator`` facts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from narrative_support import compact, grid_from_rows

from extractor.model import Cell, Grid, Prov, Table
from extractor.semantics.performance import parse_indicator_value, table_to_performance_facts


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (">=3 次", (">=", Decimal("3"), "次", "number")),
        ("=1次", ("=", Decimal("1"), "次", "number")),
        (">=60份", (">=", Decimal("60"), "份", "number")),
        ("<=0.88万元", ("<=", Decimal("0.88"), "万元", "number")),
        ("≥90%", (">=", Decimal("90"), "%", "number")),
        ("≤ 5 人", ("<=", Decimal("5"), "人", "number")),
        ("95%以上", (">=", Decimal("95"), "%", "number")),
        ("不低于15家", (">=", Decimal("15"), "家", "number")),
        ("100%", (None, Decimal("100"), "%", "number")),
        # Shanghai: units in brackets, thousands separators
        ("≥13459.00(平方米)", (">=", Decimal("13459.00"), "平方米", "number")),
        ("=100.00(%)", ("=", Decimal("100.00"), "%", "number")),
        ("≥1,000(人次)", (">=", Decimal("1000"), "人次", "number")),
        ("不低于50人次的个体心理咨询辅导", (None, None, None, "text")),
        ("2026年12月10日", (None, None, None, "date")),
        ("<=2026年12月", ("<=", None, None, "date")),
        ("有效提高", (None, None, None, "text")),
    ],
)
def test_parse_indicator_value(printed: str, expected: tuple[object, ...]) -> None:
    parsed = parse_indicator_value(printed)
    assert (parsed.operator, parsed.value, parsed.unit, parsed.kind) == expected
    assert parsed.text == printed


def test_dates_are_kept_and_given_in_iso_form() -> None:
    assert parse_indicator_value("2026年12月10日").date == "2026-12-10"
    assert parse_indicator_value("<=2026年6月").date == "2026-06"


PROJECT_ROWS = [
    ["项目支出绩效目标表", "", "", "", "", "", "", "", ""],
    ["预算单位", "", "昌吉市高新技术产业开发区", "", "", "", "", "", ""],
    ["项目名称", "", "科技政策奖补资金", "", "", "项目负责人", "", "朱丽敏", ""],
    ["项目资金(万元)", "", "年度预算总额:", "3750", "其中:财政拨款", "3750", "其他资金:", "0", ""],
    ["项目总体目标", "", "<p>本项目2026年计划投入3750万元。</p>", "", "", "", "", "", ""],
    [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值设置依据",
        "上年完成值",
        "指标分值权重",
        "指标赋分规则",
        "佐证资料",
    ],
    [
        "产出指标",
        "数量指标",
        "科技政策奖补次数",
        ">=6次",
        "计划标准",
        "=1次",
        "20",
        "按照完成比例赋分",
        "工作资料",
    ],
    [
        "",
        "时效指标",
        "项目完成时间",
        "2026年12月10日",
        "计划标准",
        "=2026年12月20日",
        "15",
        "按照完成比例赋分",
        "工作资料",
    ],
    [
        "成本指标",
        "经济成本指标",
        "实施优质科技型企业培育行动",
        "<=1430万元",
        "计划标准",
        "=1180万元",
        "4",
        "按照完成比例赋分",
        "原始凭证",
    ],
    ["", "", "科技成果转化活动", "<=155万元", "计划标准", "/", "3", "按照完成比例赋分", "原始凭证"],
    [
        "效益指标",
        "社会效益指标",
        "园区科技型企业集聚度提升幅度",
        "有效提升",
        "计划标准",
        "有效提升",
        "20",
        "按评判等级赋分",
        "说明材料",
    ],
    ["备注:无内容应删除空表。", "", "", "", "", "", "", "", ""],
]


def _table(grid: Grid, title: str | None = None) -> Table:
    return Table(
        "t16", None, title, None, None, None, False, grid, 0, (), Prov(lines=(685, 702)), section="s60"
    )


def test_project_table_header_and_indicators() -> None:
    target, *indicators = table_to_performance_facts(_table(grid_from_rows(PROJECT_ROWS, 685)))
    values = dict(target.values)
    assert (target.kind, target.label, target.amount_yuan, target.printed, target.unit) == (
        "performance_target",
        "科技政策奖补资金",
        Decimal("37500000"),
        "3750",
        "万元",
    )
    assert (values["scope"], values["title"], values["unit"], values["manager"]) == (
        "project",
        "项目支出绩效目标表",
        "昌吉市高新技术产业开发区",
        "朱丽敏",
    )
    assert (values["fiscal"], values["other_funds"], values["goal"], values["indicators"]) == (
        "3750",
        "0",
        "本项目2026年计划投入3750万元。",
        "5",
    )
    keys = ("level1", "level2", "operator", "value", "value_unit", "weight", "previous")
    assert [compact(f, *keys) for f in indicators] == [
        (
            "performance_indicator",
            "科技政策奖补次数",
            None,
            "产出指标",
            "数量指标",
            ">=",
            "6",
            "次",
            "20",
            "=1次",
        ),
        (
            "performance_indicator",
            "项目完成时间",
            None,
            "产出指标",
            "时效指标",
            "",
            "2026-12-10",
            "",
            "15",
            "=2026年12月20日",
        ),
        (
            "performance_indicator",
            "实施优质科技型企业培育行动",
            "14300000",
            "成本指标",
            "经济成本指标",
            "<=",
            "1430",
            "万元",
            "4",
            "=1180万元",
        ),
        (
            "performance_indicator",
            "科技成果转化活动",
            "1550000",
            "成本指标",
            "经济成本指标",
            "<=",
            "155",
            "万元",
            "3",
            "/",
        ),
        (
            "performance_indicator",
            "园区科技型企业集聚度提升幅度",
            None,
            "效益指标",
            "社会效益指标",
            "",
            "",
            "",
            "20",
            "有效提升",
        ),
    ]
    assert indicators[0].prov == Prov(lines=(691, 691))
    assert (
        indicators[0].sentence
        == "产出指标 | 数量指标 | 科技政策奖补次数 | >=6次 | 计划标准 | =1次 | 20 | 按照完成比例赋分 | 工作资料"
    )


def test_row_spans_carry_the_levels_down() -> None:
    # HTML: 一级指标 and 二级指标 span rows instead of leaving them blank
    p = Prov(lines=(1, 1))
    header = ["一级指标", "二级指标", "三级指标", "指标值", "分值"]
    cells = [Cell(t, 0, c, p) for c, t in enumerate(header)]
    cells += [Cell("产出指标", 1, 0, p, rowspan=2), Cell("数量指标", 1, 1, p, rowspan=2)]
    cells += [Cell("活动次数", 1, 2, p), Cell("≥3次", 1, 3, p), Cell("10", 1, 4, p)]
    cells += [Cell("培训人数", 2, 2, p), Cell("≥50人", 2, 3, p), Cell("10", 2, 4, p)]
    facts = table_to_performance_facts(_table(Grid(3, 5, tuple(cells)), "整体绩效目标表"))
    assert dict(facts[0].values)["scope"] == "overall"
    assert [compact(f, "level1", "level2", "value", "value_unit") for f in facts[1:]] == [
        ("performance_indicator", "活动次数", None, "产出指标", "数量指标", "3", "次"),
        ("performance_indicator", "培训人数", None, "产出指标", "数量指标", "50", "人"),
    ]


def test_other_tables_give_nothing() -> None:
    grid = grid_from_rows([["项目", "预算数"], ["一般公共预算", "3920.41"]])
    assert table_to_performance_facts(_table(grid, "收支总体情况表")) == ()


def test_a_table_continued_on_the_next_page_adds_its_indicators() -> None:
    from extractor.semantics.performance import tables_to_performance_facts

    first = _table(grid_from_rows(PROJECT_ROWS[:9], 685), "项目支出绩效目标表")
    rest = [["项目名称", "", "科技政策奖补资金", "", "", "项目负责人", "", "朱丽敏", ""], *PROJECT_ROWS[9:]]
    second = _table(grid_from_rows(rest, 700))
    second = Table(
        "t17",
        None,
        None,
        None,
        None,
        None,
        False,
        second.grid,
        0,
        (),
        Prov(lines=(700, 703)),
        type="performance_targets",
    )
    target, *indicators = tables_to_performance_facts([first, second])
    assert dict(target.values)["indicators"] == "5"
    assert [compact(f, "level1", "level2") for f in indicators[-2:]] == [
        ("performance_indicator", "科技成果转化活动", "1550000", "成本指标", "经济成本指标"),
        ("performance_indicator", "园区科技型企业集聚度提升幅度", None, "效益指标", "社会效益指标"),
    ]
