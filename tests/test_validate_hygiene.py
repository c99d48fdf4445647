"""Hygiene: placeholders, years, entity names, words that contradict numbers."""

from __future__ import annotations

from validate_support import extraction, section, table

from extractor.validate.context import Context
from extractor.validate.hygiene import check_hygiene


def _run(
    text: str,
    *,
    title: str = "说明",
    kind: str = "budget",
    tables: list | None = None,
    entity: str | None = None,
) -> list:
    sections = [section("s1", "一、", title, text)]
    ctx = Context.of(extraction(tables or [], sections=sections, kind=kind, entity=entity))
    return [(f.check, f.severity.value, f.prov.lines if f.prov else None) for f in check_hygiene(ctx)]


def test_clean_text_is_quiet() -> None:
    assert _run("2026年收支总预算3920.41万元。\n截至2025年底，办公设备价值1.9492万元。") == []


def test_placeholders() -> None:
    found = _run("上海市XX局2024年度收入支出总计XXX万元。\n比上年增加3694.94万元，增长（下降）1638.78%。")
    assert [f[0] for f in found] == ["template-placeholder", "template-placeholder"]
    assert found[1][2] == (12, 12)


def test_comparison_with_the_fiscal_year_itself() -> None:
    assert _run("支出预算9628.22万元，比2026年预算增加793.14万元。")[0][:2] == ("year-mismatch", "warning")


def test_as_of_dates_and_periods() -> None:
    assert [f[0] for f in _run("截至2024年底，占用国有资产。")] == ["year-mismatch"]
    assert _run("截至2026年12月31日，占用国有资产。", kind="final_accounts") == []
    assert [f[0] for f in _run("截至2025年12月31日，占用国有资产。", kind="final_accounts")] == [
        "year-mismatch"
    ]
    assert [f[0] for f in _run("2025年1月1日-2025年12月31日", title="实施周期")] == ["year-mismatch"]


def test_heading_year() -> None:
    assert [f[0] for f in _run("正文。", title="2025年部门预算情况说明")] == ["year-mismatch"]


def test_entity_variants() -> None:
    tables = [
        table("t1", "income", department="昌吉高新区创业创新服务中心"),
        table("t2", "expenditure", department="昌吉高新区创业创新投资服务中心"),
    ]
    found = _run("正文。", tables=tables, entity="昌吉高新技术产业开发区创业创新服务中心")
    assert [f[0] for f in found] == ["entity-name-variant"]


def test_contradicting_words() -> None:
    assert [f[0] for f in _run("比上年增加-5.2万元。")] == ["comparison-contradiction"]
    flat = _run("2025年预算执行数为10万元，2026年预算安排12万元，与上年持平。")
    assert [f[0] for f in flat] == ["comparison-contradiction"]
    more = _run("年初预算为52.00万元，决算数为51.32万元，决算数大于预算数。", kind="final_accounts")
    assert [f[0] for f in more] == ["comparison-contradiction"]


def test_two_year_sentences() -> None:
    # Shanghai 2026: 43269.3 → 3845.49 "增加17.62%": direction and rate both wrong
    found = _run(
        "2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%。"
    )
    assert [f[:2] for f in found] == [
        ("comparison-contradiction", "warning"),
        ("narrative-change-rate", "error"),
    ]
    ok = _run("2025年当年预算执行数为156.34万元，2026年预算安排183.95万元，比2025年预算执行数增加17.66%。")
    assert ok == []


def test_a_change_amount_is_not_the_earlier_year() -> None:
    # "比2016年增加4032.99万元": 4032.99 is the change, not the 2016 amount (checked by .rates)
    text = "2017年本部门一般公共预算机关运行经费预算支出5619.31万元，比2016年增加4032.99万元，增加254.23%。"
    assert _run(text) == []


def test_amount_restated_differently() -> None:
    # Shanghai 2026 item 12: heading 208.8万元, then 2026年预算安排201.50万元
    text = (
        "12.“住房保障支出（类）住房改革支出（款）住房公积金（项）”208.8万元，主要用于住房公积金。\n"
        "2025年当年预算执行数为198.34万元，2026年预算安排201.50万元。"
    )
    found = _run(text)
    assert ("narrative-amount-restated", "error", (11, 11)) in found
    same = text.replace("201.50", "208.80")
    assert [f for f in _run(same) if f[0] == "narrative-amount-restated"] == []


def test_blank_reason() -> None:
    found = _run("公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。")
    assert [f[0] for f in found] == ["template-placeholder"]
