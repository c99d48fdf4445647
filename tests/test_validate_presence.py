"""Mandatory tables, tables promised in the 目录, units, empty tables, codes."""

from __future__ import annotations

import pytest
from validate_support import compact, extraction, item, table

from extractor.model import Prov, TocEntry
from extractor.validate.context import Context
from extractor.validate.presence import MANDATORY, check_presence, cn_to_int, table_number

NINE = [table(f"t{i}", kind) for i, kind in enumerate(MANDATORY, start=1)]


def _checks(findings: list) -> list[tuple[str, str]]:
    return [(f.check, f.severity.value) for f in findings]


@pytest.mark.parametrize(
    ("text", "n"), [("七", 7), ("十", 10), ("十二", 12), ("二十一", 21), ("07", 7), ("x", None)]
)
def test_cn_to_int(text: str, n: int | None) -> None:
    assert cn_to_int(text) == n


@pytest.mark.parametrize(
    ("number", "n"), [("表 7", 7), ("公开表一", 1), ("公开07表", 7), ("附表2", 2), ("表1-1", 1)]
)
def test_table_number(number: str, n: int) -> None:
    assert table_number(table("t1", "other", number=number)) == n


def test_all_nine_present_is_quiet() -> None:
    assert check_presence(Context.of(extraction(NINE))) == []


def test_missing_mandatory_table() -> None:
    found = check_presence(Context.of(extraction(NINE[:-1])))
    assert _checks(found) == [("table-missing", "error")]
    assert "国有资本经营预算支出表" in found[0].message
    before_2019 = check_presence(Context.of(extraction(NINE[:-1], fiscal_year=2017)))
    assert _checks(before_2019) == [("table-missing", "warning")]
    untyped = [*NINE[:-1], table("t99", "other", title="国有资本经营预算支出情况表")]
    assert [(f.severity.value, f.cause) for f in check_presence(Context.of(extraction(untyped)))] == [
        ("warning", "extraction")
    ]


def test_no_tables_at_all_is_a_note() -> None:
    assert _checks(check_presence(Context.of(extraction()))) == [("tables-absent", "info")]


def _toc(*titles: str) -> list[TocEntry]:
    numerals = "一二三四五六七八九十"
    entries = [TocEntry("第二部分", "2026年部门预算公开表", 1, Prov(lines=(16, 16)))]
    entries += [
        TocEntry(f"{numerals[i]}、", t, 2, Prov(lines=(18 + 2 * i, 18 + 2 * i))) for i, t in enumerate(titles)
    ]
    return [*entries, TocEntry("第三部分", "预算情况说明", 1, Prov(lines=(44, 44)))]


def test_table_promised_in_the_toc_but_absent() -> None:
    titles = ["收支总体情况表", "收入总体情况表", "支出总体情况表", "一般公共预算项目支出情况表"]
    tables = [table(f"t{i}", "other", number=f"表{i}", title=titles[i - 1]) for i in (1, 2, 3)]
    found = [
        f
        for f in check_presence(Context.of(extraction(tables, toc=_toc(*titles))))
        if f.check.startswith("toc")
    ]
    assert [(f.check, f.severity.value, f.prov.lines if f.prov else None) for f in found] == [
        ("toc-table-missing", "error", (24, 24))
    ]


def test_toc_matched_by_title_when_unnumbered() -> None:
    tables = [
        table("a", "other", number="", title="单位收支总体情况表"),
        table("b", "other", number="", title="单位收入总体情况表"),
    ]
    found = check_presence(
        Context.of(extraction(tables, toc=_toc("部门收支总体情况表", "部门收入总体情况表")))
    )
    assert [f for f in found if f.check == "toc-table-missing"] == []


def test_unnamed_tables_make_a_toc_miss_an_extraction_warning() -> None:
    tables = [
        table("t1", "other", number="表1", title="收支总体情况表"),
        table("t2", "other", number="", title=""),
    ]
    found = [
        f
        for f in check_presence(Context.of(extraction(tables, toc=_toc("收支总体情况表", "收入总体情况表"))))
        if f.check.startswith("toc")
    ]
    assert [(f.severity.value, f.cause) for f in found] == [("warning", "extraction")]


def test_units_and_empty_tables() -> None:
    tables = [
        *NINE[:-1],
        table("t9", "state_capital_expenditure", unit=None),
        table("t8x", "other", empty=True, note="本表为空表"),
    ]
    items = [item("t9", 1, "1", label="合计")]
    found = check_presence(Context.of(extraction(tables, items)))
    assert sorted(_checks(found)) == [("table-empty", "info"), ("table-unit-missing", "warning")]


def test_codes_against_the_lists() -> None:
    items = [
        item("t1", 1, "1", code="301", name="工资福利支出"),
        item("t1", 2, "1", code="30101", name="基本工资"),
        item("t1", 3, "1", code="30202", name="咨询费"),  # 30202 is 印刷费
        item("t1", 4, "1", code="30298", name="x"),  # no such 款 in a complete class
        item("t1", 5, "1", code="71102", name="事业单位医疗"),  # 类 printed as 7
        item("t1", 6, "1", code="2069999", name="not observed but class known"),
    ]
    found = check_presence(Context.of(extraction(NINE, items)))
    assert compact(found) == [
        ("code-name-mismatch", "warning", "t1", 3),
        ("code-unknown", "warning", "t1", 4),
        ("code-unknown", "warning", "t1", 5),
    ]


def test_same_code_named_differently() -> None:
    items = [
        item("t3", 1, "1", code="20604", name="技术研究与开发"),
        item("t5", 1, "1", code="20604", name="技术与研究开发"),
    ]
    found = [
        f for f in check_presence(Context.of(extraction(NINE, items))) if f.check == "code-name-inconsistent"
    ]
    assert len(found) == 1 and "技术研究与开发 (表3); 技术与研究开发 (表5)" in found[0].message


def test_toc_matched_by_the_type_its_title_names() -> None:
    tables = [
        table("t1", "other", number="", title="收支预算总表"),
        table("t2", "government_procurement", number="", title="2017年政府采购预算表"),
    ]
    found = check_presence(Context.of(extraction(tables, toc=_toc("收支预算总表", "政府采购支出预算表"))))
    assert [f for f in found if f.check == "toc-table-missing"] == []
    # a project-expenditure promise is not answered by the general-budget table
    tables = [table("t5", "general_budget_expenditure", number="表5", title="一般公共预算支出情况表")]
    toc = _toc(
        "收支", "收入", "支出", "财政拨款", "一般公共预算支出情况表", "基本", "一般公共预算项目支出情况表"
    )
    found = [
        f for f in check_presence(Context.of(extraction(tables, toc=toc))) if f.check == "toc-table-missing"
    ]
    assert "一般公共预算项目支出情况表" in found[-1].message
