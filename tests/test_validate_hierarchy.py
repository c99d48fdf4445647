"""类 = Σ款, 款 = Σ项, 总计 = Σ类: failures, consequences, rounding edges, causes."""

from __future__ import annotations

from validate_support import compact, extraction, item, table, wan

from extractor.validate import validate
from extractor.validate.context import Context
from extractor.validate.hierarchy import check_hierarchy


def _run(items: list, tables: list | None = None) -> list:
    tables = tables or [table("t3", "expenditure")]
    return check_hierarchy(Context.of(extraction(tables, items)))


def test_parent_equal_to_children_passes() -> None:
    items = [
        item("t3", 1, "10", code="206"),
        item("t3", 2, "4", code="20604"),
        item("t3", 3, "6", code="20605"),
    ]
    assert _run(items) == []


def test_kuan_not_sum_of_xiang_is_an_error_with_numbers() -> None:
    items = [
        item("t3", 1, "3775.2", code="20604", name="技术与开发"),
        item("t3", 2, "3755.2", code="2060404"),
    ]
    (finding,) = _run(items)
    assert (finding.check, finding.severity.value, finding.table, finding.row) == (
        "hierarchy-sum",
        "error",
        "t3",
        1,
    )
    assert finding.expected == wan("3755.2") and finding.actual == wan("3775.2")
    assert (
        "表3 row 20604 技术与开发: 合计 prints 3775.20 万元 but its 项 sum to 3755.20 万元" in finding.message
    )
    assert finding.prov is not None and finding.prov.lines == (101, 101)


def test_exactly_at_tolerance_passes_and_just_over_fails() -> None:
    # three parts and the parent: (3 + 1) x 0.005 万元 = 0.02 万元
    parts = [
        item("t3", 2, "3.33", code="20604"),
        item("t3", 3, "3.33", code="20605"),
        item("t3", 4, "3.34", code="20606"),
    ]
    assert _run([item("t3", 1, "10.02", code="206"), *parts]) == []
    assert compact(_run([item("t3", 1, "10.03", code="206"), *parts])) == [
        ("hierarchy-sum", "error", "t3", 1)
    ]


def test_parent_failing_only_through_a_failing_child_is_a_warning() -> None:
    items = [
        item("t2", 1, "3890.91", code="206"),
        item("t2", 2, "3775.2", code="20604"),
        item("t2", 3, "3755.2", code="2060404"),
        item("t2", 4, "135.71", code="20605"),
        item("t2", 5, "135.71", code="2060501"),
    ]
    found = _run(items, [table("t2", "income")])
    assert compact(found) == [("hierarchy-sum", "warning", "t2", 1), ("hierarchy-sum", "error", "t2", 2)]
    assert "follows from 20604" in found[0].message


def test_total_against_printed_classes_names_the_correction() -> None:
    items = [
        item("t3", 1, "3755.2", code="206"),
        item("t3", 2, "3755.2", code="20604"),
        item("t3", 3, "135.71", code="20605"),
        item("t3", 4, "165.21", code="208"),
        item("t3", 5, "4056.12", label="总 计"),
    ]
    found = _run(items)
    assert compact(found) == [("hierarchy-sum", "error", "t3", 1), ("hierarchy-total", "error", "t3", 5)]
    assert "表3 row 总计: 合计 prints 4056.12 万元 but its 类 sum to 3920.41 万元" in found[1].message
    assert "they add to 4056.12 万元" in found[1].message


def test_columns_fail_together_in_one_finding() -> None:
    items = [
        item("t3", 1, "10", code="206"),
        item("t3", 1, "1", code="206", measure="basic"),
        item("t3", 2, "12", code="20604"),
        item("t3", 2, "2", code="20604", measure="basic"),
    ]
    (finding,) = _run(items)
    assert (
        finding.column == "total"
        and "基本支出 prints 1.00 万元 but its 款 sum to 2.00 万元" in finding.message
    )


def test_blank_parent_with_children_is_a_warning() -> None:
    items = [
        item("t3", 1, "10", code="206"),
        item("t3", 2, "10", code="20605"),
        item("t3", 2, "5", code="20605", measure="basic"),
    ]
    (finding,) = _run(items)
    assert (finding.severity.value, finding.column) == ("warning", "basic")
    assert "prints nothing" in finding.message


def test_malformed_cell_makes_the_extraction_suspect() -> None:
    rows = [["206", "科学技术支出", "10"], ["20604", "技术研究与开发", "4 6"]]
    items = [item("t3", 0, "10", code="206"), item("t3", 1, "4", code="20604")]
    (finding,) = _run(items, [table("t3", "expenditure", rows=rows)])
    assert (finding.severity.value, finding.cause) == ("warning", "extraction")


def test_another_table_confirming_the_sum_blames_the_document() -> None:
    items = [
        item("t3", 1, "3775.2", code="20604"),
        item("t3", 2, "3755.2", code="2060404"),
        item("t5", 1, "3755.2", code="20604"),
        item("t5", 2, "3755.2", code="2060404"),
    ]
    (finding,) = _run(items, [table("t3", "expenditure"), table("t5", "general_budget_expenditure")])
    assert finding.cause == "document" and "表5 prints 3755.20 万元 as the sum" in finding.message


def test_economic_codes_and_summary_tables() -> None:
    items = [item("t6", 1, "160.29", code="301"), item("t6", 2, "23.68", code="30101")]
    assert compact(_run(items, [table("t6", "general_budget_basic_expenditure")])) == [
        ("hierarchy-sum", "error", "t6", 1)
    ]
    # summary tables are left to the summary checks
    assert (
        _run(
            [item("t1", 1, "5", code="206"), item("t1", 2, "1", code="20604")],
            [table("t1", "income_expenditure_summary")],
        )
        == []
    )


def test_validate_never_raises_on_odd_items() -> None:
    items = [
        item("t3", 1, "1", code="2"),
        item("t3", 2, "-1", code="2060404"),
        item("t3", 3, "0", label="合计"),
    ]
    findings = validate(extraction([table("t3", "expenditure")], items))
    assert all(f.check != "validator-error" for f in findings)
