"""The narrative against the tables: totals, per-code amounts, 三公, 政府采购."""

from __future__ import annotations

from validate_support import compact, extraction, fact, item, table

from extractor.validate.context import Context
from extractor.validate.narrative import check_narrative

TABLES = [
    table("t1", "income_expenditure_summary"),
    table("t2", "income"),
    table("t3", "expenditure"),
    table("t5", "general_budget_expenditure"),
    table("t6", "general_budget_basic_expenditure"),
    table("t10", "three_public_expenses", empty=True),
]
ITEMS = [
    item("t1", 9, "3920.41", label="收入总计"),
    item("t3", 1, "3890.91", code="206", name="科学技术支出"),
    item("t3", 2, "3755.2", code="2060404", name="科技成果转化与扩散"),
    item(
        "t5", 2, "3755.2", code="2060404", name="科技成果转化与扩散", table_type="general_budget_expenditure"
    ),
    item("t3", 9, "3920.41", label="总计"),
    item("t3", 9, "165.21", label="总计", measure="basic"),
    item("t5", 9, "3920.41", label="总计"),
    item("t5", 9, "165.21", label="总计", measure="basic"),
    item("t6", 9, "165.21", label="总计"),
]


def _run(*facts: object) -> list:
    return check_narrative(Context.of(extraction(TABLES, ITEMS, list(facts))))  # type: ignore[arg-type]


def test_agreeing_facts_pass() -> None:
    assert (
        _run(
            fact("total", "income_expenditure_total", "3920.41"),
            fact("total", "basic", "165.21"),
            fact("total", "function_class", "3890.91", code="206", name="科学技术支出"),
            fact("three_public", "total", "0"),
        )
        == []
    )


def test_total_off_by_a_misprint_is_an_error() -> None:
    (finding,) = _run(fact("total", "basic", "165.12", line=437))
    assert (finding.check, finding.severity.value) == ("narrative-total", "error")
    assert finding.prov is not None and finding.prov.lines == (437, 437)
    assert "basic is 165.12 万元 but" in finding.message and "print 165.21 万元" in finding.message


def test_total_at_rounding_edge() -> None:
    # narrative and table both printed to 0.01 万元: 0.01 apart is within 0.005 + 0.005
    assert _run(fact("total", "basic", "165.22")) == []
    # one more printed unit is a near miss: a warning
    assert compact(_run(fact("total", "basic", "165.23"))) == [("narrative-total", "warning", None, None)]


def test_catch_all_labels_never_make_errors() -> None:
    assert compact(_run(fact("total", "income_total", "15"))) == [("narrative-total", "warning", None, None)]


def test_code_amount_and_missing_code() -> None:
    found = _run(
        fact("code_amount", None, "3890.91", code="2060404"),
        fact("total", "function_class", "3920.41", code="201", name="一般公共服务支出"),
    )
    assert compact(found) == [
        ("narrative-code-amount", "error", None, None),
        ("narrative-code-missing", "error", None, None),
    ]
    assert "gives 2060404 科技成果转化与扩散 3890.91 万元 but 表3, 表5 print 3755.20 万元" in found[0].message
    assert "no table prints an amount for 201" in found[1].message


def test_code_mismatch_is_a_warning_when_a_spending_table_offers_no_value() -> None:
    items = [i for i in ITEMS if i.table != "t5"]
    found = check_narrative(
        Context.of(extraction(TABLES, items, [fact("code_amount", None, "3890.91", code="2060404")]))
    )
    assert compact(found) == [("narrative-code-amount", "warning", None, None)]


def test_code_resolved_from_the_item_name() -> None:
    subject = "科学技术支出（类）技术与开发（款）科技成果转化与扩散（项）"
    (finding,) = _run(fact("total", None, "3890.91", subject=subject))
    assert finding.check == "narrative-code-amount"


def test_three_public_against_an_empty_table() -> None:
    assert compact(_run(fact("three_public", "reception", "2"))) == [
        ("narrative-three-public", "error", None, None)
    ]


def test_procurement_parts() -> None:
    ok = [
        fact("procurement", "total", "5.9855"),
        fact("procurement", "goods", "1.3355"),
        fact("procurement", "services", "4.65"),
    ]
    assert _run(*ok) == []
    bad = [fact("procurement", "total", "6.9855"), *ok[1:]]
    assert compact(_run(*bad)) == [("narrative-procurement-sum", "error", None, None)]
