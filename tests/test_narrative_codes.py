"""类/款/项 chains in 具体使用情况 → ``code_amount`` facts, codes resolved from the tables."""

from __future__ import annotations

from dataclasses import replace

import pytest
from narrative_support import compact, facts_of, grid_from_rows, section_of

from extractor.model import DocumentMeta, Prov, Table
from extractor.semantics.fact_codes import sentence_to_chains, tables_to_function_names
from extractor.semantics.narrative import narrative_facts


def _table(rows: list[list[str]], type_: str = "general_budget_expenditure") -> Table:
    grid = grid_from_rows(rows)
    return Table(
        "t5",
        "5",
        "一般公共预算支出情况表",
        "万元",
        None,
        None,
        False,
        grid,
        2,
        (),
        Prov(lines=(1, 9)),
        type=type_,
    )


SPLIT_CODES = _table(
    [
        ["科目编码", "", "", "科目名称", "合计"],
        ["类", "款", "项", "", ""],
        ["206", "", "", "科学技术支出", "3755.2"],
        ["206", "04", "", "技术与开发", "3775.2"],
        ["206", "04", "04", "科技成果转化与扩散", "3755.2"],
        ["206", "05", "", "科技条件与服务", "135.71"],
        ["", "", "01", "机构运行", "135.71"],
        ["210", "11", "99", "其他行政事业单位医疗支出", "0.45"],
    ]
)


def test_function_names_from_split_fused_and_single_code_columns() -> None:
    assert tables_to_function_names([SPLIT_CODES]) == {
        "206": "科学技术支出",
        "20604": "技术与开发",
        "2060404": "科技成果转化与扩散",
        "20605": "科技条件与服务",
        "2060501": "机构运行",
        "2101199": "其他行政事业单位医疗支出",
    }
    fused = _table([["科目", "合计"], ["", ""], ["2040601行政运行", "1672.67"], ["20406", "司法"]])
    single = _table([["编码", "名称"], ["", ""], ["2040604", "基层司法业务"]])
    assert tables_to_function_names([fused, single]) == {
        "2040601": "行政运行",
        "20406": "司法",
        "2040604": "基层司法业务",
    }


def test_chain_parts_keep_brackets_inside_names() -> None:
    (chain,) = sentence_to_chains("1．党委办公厅（室）及相关机构事务（款）行政运行（项）支出9370.12万元")
    assert [(p.name, p.code, p.level) for p in chain] == [
        ("党委办公厅（室）及相关机构事务", None, "款"),
        ("行政运行", None, "项"),
    ]


SEED_USE = (
    "1、科学技术支出（类）技术与开发（款）科技成果转化与扩散（项）：2026 年预算数为 3890.91 万元，比上年预算增加 3814.51 万元，增长 4992.81%，主要原因是：2026 年对企业的补助经费增加。\n\n"
    "科技条件与服务（款）机构运行（项）：2026 年预算数为 135.71 万元，比上年预算增加 7.31 万元，增长 5.69%，主要原因是：基本支出增加、项目支出减少。\n\n"
    "3、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）：2026 年预算数为 5.37 万元，相比上年预算无变化；其他行政事业单位医疗支出（99 项）：2026 年预算数为 0.45 万元，相比上年预算无变化。"
)


def test_seed_chains_inherit_the_levels_above_and_resolve_codes() -> None:
    facts = [f for f in facts_of(SEED_USE, (SPLIT_CODES,)) if f.kind == "code_amount"]
    keys = ("code", "class_name", "kind_name")
    assert [compact(f, *keys) for f in facts] == [
        ("code_amount", "科技成果转化与扩散", "38909100", "2060404", "科学技术支出", "技术与开发"),
        ("code_amount", "机构运行", "1357100", "2060501", "科学技术支出", "科技条件与服务"),
        ("code_amount", "事业单位医疗", "53700", None, "卫生健康支出", "行政事业单位医疗"),
        ("code_amount", "其他行政事业单位医疗支出", "4500", "2101199", "卫生健康支出", "行政事业单位医疗"),
    ]


def test_changes_of_a_chain_are_labelled_with_it() -> None:
    changes = [f for f in facts_of(SEED_USE, (SPLIT_CODES,)) if f.kind == "change"]
    assert [compact(f, "direction", "of", "current_yuan") for f in changes[:2]] == [
        ("change", "科技成果转化与扩散", "38145100", "increase", "code_amount", "38909100"),
        ("change", "机构运行", "73100", "increase", "code_amount", "1357100"),
    ]


def test_without_tables_only_printed_codes_resolve() -> None:
    facts = [f for f in facts_of(SEED_USE) if f.kind == "code_amount"]
    assert [dict(f.values).get("code") for f in facts] == [None, None, None, None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Shanghai: codes printed in the chain
        (
            "1、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元。主要用于：行政单位的基本支出。",
            [("code_amount", "行政运行", "16726700", "2040601", "budget")],
        ),
        # Shanghai unit budget: the chain in quotes
        (
            "1. “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”53.84万元，主要用于事业单位退休人员福利费。",
            [("code_amount", "事业单位离退休", "538400", None, "budget")],
        ),
        # Jiangsu: the 类 in the line before, the amount after the chain
        (
            "（一）一般公共服务（类）\n1．党委办公厅（室）及相关机构事务（款）行政运行（项）\n支出9370.12万元，与上年相比增加1297.83万元，增长16.07%。",
            [("code_amount", "行政运行", "93701200", None, "budget")],
        ),
        # Shanghai final accounts: the chain ends its sentence, the amounts follow
        (
            "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。\n主要用于：行政单位人员支出、公用支出。全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算数的 98.69%。",
            [
                ("code_amount", "行政运行", "520000", None, "budget"),
                ("code_amount", "行政运行", "513200", None, "actual"),
            ],
        ),
        # a chain that stops at a 类 is a function-class total
        (
            "一般公共服务支出（类）264.87 万元，占 86.05%；",
            [("total", "function_class", "2648700", "201", None)],
        ),
    ],
)
def test_chain_layouts(text: str, expected: list[tuple[object, ...]]) -> None:
    facts = [f for f in facts_of(text) if f.kind in ("code_amount", "total")]
    assert [compact(f, "code", "measure") for f in facts] == expected


def test_a_pending_chain_does_not_leak_into_the_next_section() -> None:
    first = section_of("1、公共安全支出（204类）司法（06款）行政运行（01项）。")
    second = replace(section_of("全年预算为 5 万元。"), id="s2", prov=Prov(lines=(20, 21)))
    assert narrative_facts([first, second], (), DocumentMeta(None, None, None, None)) == ()
