"""Sentences → totals, changes, shares, 三公, 机关运行经费 and 政府采购 facts.

Sentences come from the seed and from real narratives of the corpus (Shanghai Putuo budgets and
final accounts, Jiangsu provincial budgets, the Chongqing HTML narrative), copied by hand.
Each fact is summarised as ``(kind, label, amount_yuan, …)``; for changes ``(…, direction,
percent, current_yuan)``, for shares ``(…, percent)``.
"""

from __future__ import annotations

import pytest
from narrative_support import facts_of, summaries

SEED_ENTITY = "昌吉高新区创业创新服务中心"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # seed 二: amount, share, change with 增长（下降）, reason
        (
            "一般公共预算3920.41万元，占100%，比上年预算增加3694.94万元，增长（下降）1638.78%，主要原因是对企业的补助经费增加。",
            [
                ("total", "general_budget_total", "39204100"),
                ("share", "general_budget_total", "39204100", "100"),
                ("change", "general_budget_total", "36949400", "increase", "1638.78", "39204100"),
            ],
        ),
        ("收支总预算3920.41万元。", [("total", "income_expenditure_total", "39204100")]),
        ("2026 年财政拨款收支总预算 3920.41 万元。", [("total", "appropriation_total", "39204100")]),
        ("2026 年一般公共预算拨款合计 3920.41 万元，其中：", [("total", "general_budget_total", "39204100")]),
        ("人员经费 160.29 万元，主要包括：基本工资、津贴补贴。", [("total", "personnel", "1602900")]),
        ("公用经费 4.92 万元，主要包括：办公费、印刷费。", [("total", "operating", "49200")]),
        (
            "- 1.科学技术支出（206 类）3890.91 万元，占 99.24%。",
            [
                ("total", "function_class", "38909100", "206"),
                ("share", "function_class", "38909100", "99.24"),
            ],
        ),
        # a 类 named without code: the national list gives it
        (
            "一般公共预算支出包括：一般公共服务支出 3920.41 万元，",
            [("total", "function_class", "39204100", "201")],
        ),
        # Shanghai: 比<year>预算, thousands separator, 与…持平
        (
            "支出预算3,121.42万元，其中：财政拨款支出预算3,121.42万元，比2024年预算增加107.62万元。",
            [
                ("total", "expenditure_total", "31214200"),
                ("total", "appropriation_expenditure", "31214200"),
                ("change", "appropriation_expenditure", "1076200", "increase", None, "31214200"),
            ],
        ),
        (
            "政府性基金拨款支出预算0万元，与2024年预算持平；",
            [
                ("total", "government_fund_total", "0"),
                ("change", "government_fund_total", "0", "unchanged", "0", "0"),
            ],
        ),
        # Shanghai: a percent change against last year's execution, no amount change
        (
            "2025年当年预算执行数为1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少1.07%。",
            [("change", None, None, "decrease", "-1.07", "16726700")],
        ),
        # Shanghai final accounts: comparison in its own clause, shares of a named base
        (
            "与 2023 年度相比，收入支出总计增加 307.82 万元，增长 100.00%。",
            [("change", "income_expenditure_total", "3078200", "increase", "100")],
        ),
        (
            "本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；",
            [
                ("total", "expenditure_total", "3078200"),
                ("total", "basic", "1055800"),
                ("share", "basic", "1055800", "34.3"),
            ],
        ),
        # Jiangsu: 与上年相比 … 各增加, 收、支 totals
        (
            "江苏省委办公厅2019年度收入、支出预算总计27664.22万元，与上年相比收、支预算总计各增加3205.79万元，增长13.11%。",
            [
                ("total", "income_expenditure_total", "276642200"),
                ("change", "income_expenditure_total", "32057900", "increase", "13.11", "276642200"),
            ],
        ),
        (
            "（2）政府性基金收入预算0万元，与上年相比无变化。",
            [
                ("total", "government_fund_total", "0"),
                ("change", "government_fund_total", "0", "unchanged", "0", "0"),
            ],
        ),
        # Chongqing: decrease with 比2017年
        (
            "项目支出263928.15万元，比2017年减少150086.1万元，主要原因是支出结构调整",
            [
                ("total", "project", "2639281500"),
                ("change", "project", "-1500861000", "decrease", None, "2639281500"),
            ],
        ),
        # a decrease stated as a negative growth rate
        (
            "基本支出 100 万元，比上年预算减少 5 万元，下降 4.76%。",
            [("total", "basic", "1000000"), ("change", "basic", "-50000", "decrease", "-4.76", "1000000")],
        ),
        # Jiangsu template wording "增加（减少）0万元" is no change
        (
            "（1）公务用车购置预算支出0万元，比上年预算增加（减少）0万元。",
            [
                ("three_public", "vehicle_purchase", "0"),
                ("change", "vehicle_purchase", "0", "unchanged", "0", "0"),
            ],
        ),
        # income sources and Jiangsu's reserve
        (
            "事业收入262.00万元；",
            [("total", "business_income", "2620000")],
        ),
        ("单位预留机动经费预算数为140.2万元。", [("total", "reserve", "1402000")]),
        # Jiangsu's other income sources, and one fund's part of the appropriation income
        ("2．财政专户管理资金收入预算总计147.20万元。", [("total", "fiscal_special_account", "1472000")]),
        ("3．其他资金收入预算总计15万元。", [("total", "other_income", "150000")]),
        ("2026年政府性基金预算财政拨款收入579.89万元。", [("total", "government_fund_total", "5798900")]),
        # a carryover of one fund is the carryover, not the fund's total
        ("上年结转结余的一般公共预算收入12万元。", [("total", "carryover", "120000")]),
        # money moved between 项 is not a total
        ("二是《财政拨款支出预算表（功能科目）》增加了“其他检察支出”项级科目分流469.5万元。", []),
        # an amount in 元 stays in 元
        ("项目支出 59855 元。", [("total", "project", "59855")]),
        # amounts nobody names are not facts; completion rates are not changes
        ("全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算数的 98.69%。", []),
    ],
)
def test_totals_changes_shares(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert summaries(sentence) == expected


def test_change_reason_and_basis() -> None:
    facts = facts_of(
        "基本支出 165.21 万元，占 4.21%，比上年预算增加 20.14 万元，增长 13.88%，主要原因是主要原因是基本工资福利支出、西部志愿者生活补助增加。"
    )
    change = dict(facts[-1].values)
    assert change["reason"] == "基本工资福利支出、西部志愿者生活补助增加"
    assert change["basis"] == "上年预算"
    assert change["change_yuan"] == "201400"


def test_reason_in_the_next_sentence_explains_the_change_before() -> None:
    facts = facts_of(
        "基本支出 165.21 万元，比上年预算增加 20.14 万元，增长 13.88%。主要原因是：基本工资福利支出增加。"
    )
    assert dict(facts[-1].values)["reason"] == "基本工资福利支出增加"


def test_change_in_its_own_sentence_is_about_the_amount_before() -> None:
    # Jiangsu 2019: the change follows in the next sentence
    text = "1．一般公共服务（类）支出22395.50万元，主要用于保障机构正常运转。与上年相比增加2241.75万元，增长11.12%。"
    assert summaries(text)[-1] == ("change", "function_class", "22417500", "increase", "11.12", "223955000")


def test_unchanged_sentence_names_its_own_subject() -> None:
    text = "2026 年财政拨款“三公”经费相比上年预算无变化，2026年公务用车运行费由管委会综合办统一管理。"
    (fact,) = facts_of(text)
    assert (fact.kind, fact.label, dict(fact.values)["of"], dict(fact.values)["change_yuan"]) == (
        "change",
        "total",
        "three_public",
        "0",
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "昌吉高新区创业创新服务中心 2026 年财政拨款“三公”经费数为 0 万元，其中：因公出国（境）费 0 万元，公务用车购置费 0 万元，公务用车运行费 0 万元，公务接待费 0 万元。",
            [
                ("three_public", "total", "0"),
                ("three_public", "outbound_travel", "0"),
                ("three_public", "vehicle_purchase", "0"),
                ("three_public", "vehicle_operation", "0"),
                ("three_public", "reception", "0"),
            ],
        ),
        # Shanghai
        (
            "2026年“三公”经费预算数为10.81万元，比2025年预算持平。",
            [("three_public", "total", "108100"), ("change", "total", "0", "unchanged", "0", "108100")],
        ),
        (
            "（二）公务用车购置及运行费9.98万元，与2025年预算持平，",
            [("three_public", "vehicles", "99800"), ("change", "vehicles", "0", "unchanged", "0", "99800")],
        ),
        # Jiangsu: shares of the 三公 total
        (
            "公务用车购置及运行费支出411.20万元，占“三公”经费的80.92%；",
            [("three_public", "vehicles", "4112000"), ("share", "vehicles", "4112000", "80.92")],
        ),
        (
            "（2）公务用车运行维护费预算支出411.20万元，与上年预算数一致。",
            [
                ("three_public", "vehicle_operation", "4112000"),
                ("change", "vehicle_operation", "0", "unchanged", "0", "4112000"),
            ],
        ),
        # 会议费 and 培训费 sit beside the 三公 but are neither 三公 nor totals
        (
            "2019年度一般公共预算拨款安排的会议费预算支出933.50万元，与上年预算数一致。",
            [("change", None, "0", "unchanged", "0", "9335000")],
        ),
    ],
)
def test_three_public(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert summaries(sentence) == expected


def test_office_operation_carries_its_change() -> None:
    facts = facts_of("2026 年的机关运行经费财政拨款预算 4.92 万元，比上年预算增加 1.29 万元，增长 35.53%。")
    office = facts[0]
    assert (office.kind, office.label, office.amount_yuan) == ("office_operation", "total", 49200)
    assert dict(office.values)["change_yuan"] == "12900"
    assert dict(office.values)["percent"] == "35.53"
    assert summaries(
        "2026年上海市普陀区司法局下属1家机关和1家参公事业单位财政拨款的机关运行经费预算为217.83万元。"
    ) == [("office_operation", "total", "2178300")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the seed: 5.9855 万元 = 59855 元, split 1.3355 / 0 / 4.65 万元 (the entity name holds 服务)
        (
            "2026 年，昌吉高新区创业创新服务中心政府采购预算\n\n5.9855 万元，其中：政府采购货物预算 1.3355 万元，政府采购工程预算 0 万元，政府采购服务预算 4.65 万元。",
            [
                ("procurement", "total", "59855"),
                ("procurement", "goods", "13355"),
                ("procurement", "works", "0"),
                ("procurement", "services", "46500"),
            ],
        ),
        (
            "2026 年，昌吉高新区创业创新服务中心面向中小企业预留政府采购项目预算金额 5.9855 万元，其中：小微企业预留政府采购项目预算金额 5.9855 万元。",
            [("procurement", "sme_reserved", "59855"), ("procurement", "small_micro_reserved", "59855")],
        ),
        # Shanghai budget and final accounts
        (
            "2026年本部门面向中小企业预留政府采购项目预算金额1486.42万元，其中，预留给小型和微型企业的政府采购项目预算为1486.42万元。",
            [
                ("procurement", "sme_reserved", "14864200"),
                ("procurement", "small_micro_reserved", "14864200"),
            ],
        ),
        (
            "中共上海市普陀区委社会工作部 2024 年度政府采购金额（以合同签订为准）为 21.07 万元，其中：货物采购金额 21.07 万元、工程采购金额 0 万元、服务采购金额 0 万元。",
            [
                ("procurement", "total", "210700"),
                ("procurement", "goods", "210700"),
                ("procurement", "works", "0"),
                ("procurement", "services", "0"),
            ],
        ),
        ("在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额 21.07 万元；", []),
        # Jiangsu: 拟采购货物, 拟购买服务
        (
            "2019年度政府采购支出预算总额1422.50万元，其中：拟采购货物支出84万元、拟购买服务支出1338.50万元。",
            [
                ("procurement", "total", "14225000"),
                ("procurement", "goods", "840000"),
                ("procurement", "services", "13385000"),
            ],
        ),
    ],
)
def test_procurement(text: str, expected: list[tuple[object, ...]]) -> None:
    assert summaries(text) == expected


def test_amounts_are_exact_decimals_and_keep_what_was_printed() -> None:
    (fact,) = facts_of("政府采购预算 5.9855 万元。")
    assert (fact.amount_yuan, fact.printed, fact.unit) == (59855, "5.9855", "万元")
    assert str(fact.amount_yuan) == "59855"
    assert fact.sentence == "政府采购预算 5.9855 万元。"


def test_the_heading_says_what_a_bare_item_is_about() -> None:
    # Jiangsu 2017: the items of 政府采购 follow in their own sentences
    from narrative_support import section_of

    from extractor.model import DocumentMeta
    from extractor.semantics.narrative import narrative_facts

    text = "2017年度政府采购支出预算总额2889.8万元；其中拟购买货物334万元；拟购买工程0万元；拟购买服务2555.8万元。"
    section = section_of(text, title="十、政府采购支出预算情况说明")
    facts = narrative_facts([section], (), DocumentMeta(None, None, None, None))
    assert [(f.label, str(f.amount_yuan)) for f in facts] == [
        ("total", "28898000"),
        ("goods", "3340000"),
        ("works", "0"),
        ("services", "25558000"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2026 年，本部门预算绩效管理整体预算绩效目标 1 个，涉及预算金额 3920.41 万元；当年预算安排项目共 4 个，其中：财政拨款项目涉及预算金额 3755.2 万元；",
            [("overall", "39204100", "1")],
        ),
        (
            "编报绩效目标的2024年度项目1个，涉及预算金额175.52万元；绩效跟踪评价的2024年度项目1个，涉及预算金额175.52万元；绩效自评的2024年度项目1个，涉及预算金额175.52万元，平均得分100.00分",
            [
                ("targets", "1755200", "1"),
                ("monitoring", "1755200", "1"),
                ("self_evaluation", "1755200", "1"),
            ],
        ),
        (
            "2018年本部门共 5个项目实行绩效目标管理，涉及财政性资金合计 5,086万元。",
            [("targets", "50860000", "5")],
        ),
    ],
)
def test_performance_summaries(text: str, expected: list[tuple[str, str, str]]) -> None:
    facts = [f for f in facts_of(text) if f.kind == "performance_summary"]
    assert [(f.label, str(f.amount_yuan), dict(f.values)["count"]) for f in facts] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "1.产教联合体建设（委托业务费）2026 年计划投入 1 万元，主要用于：车辆租赁、牌匾制作、印刷品等。",
            [("entrusted_services", "item", "10000", "产教联合体建设")],
        ),
        ("2026年财政拨款委托业务费预算 3 万元。", [("entrusted_services", "total", "30000", None)]),
    ],
)
def test_entrusted_services(sentence: str, expected: list[tuple[object, ...]]) -> None:
    from narrative_support import compact

    assert [compact(f, "name") for f in facts_of(sentence)] == expected
