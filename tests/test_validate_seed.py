"""Issue 5 acceptance on the seed: its six known defects, each at its table, row and line, and
no other error."""

from __future__ import annotations

from typing import Any

from extractor.model import Severity

# (check, table number, row code or label, Markdown line of the offending cell or sentence)
SEED_ERRORS = [
    ("toc-table-missing", None, "七、", 30),  # 表7 in the 目录, not in the body
    ("hierarchy-sum", "表2", "20604", 155),  # 3775.2 vs its 项 3755.2
    ("hierarchy-sum", "表3", "206", 186),  # 3755.2 vs its 款 3890.91
    ("hierarchy-total", "表3", "总计", 203),  # 3920.41 vs printed 类 3784.7
    ("hierarchy-sum", "表5", "206", 264),
    ("hierarchy-total", "表5", "总计", 281),
    ("narrative-code-missing", None, "201", 449),  # 第三部分 四: 一般公共服务支出 3920.41
    ("narrative-code-amount", None, "2060404", 470),  # 第三部分 五(三): 3890.91 vs 3755.2
]


def _row_key(message: str) -> str:
    """The row (code or label) a message names: ``表2 row 20604 …`` → ``20604``."""
    if " row " in message:
        return message.split(" row ", 1)[1].split()[0].rstrip(":")
    for token in ("七、", "201", "2060404"):
        if f" {token}" in message:
            return token
    return ""


def _table_number(result: Any, table_id: str | None) -> str | None:
    table = next((t for t in result.tables if t.id == table_id), None)
    return "".join((table.number or "").split()) if table is not None else None


def test_seed_reports_exactly_its_six_defects(seed_result: Any) -> None:
    errors = [f for f in seed_result.issues if f.severity is Severity.ERROR]
    found = [
        (f.check, _table_number(seed_result, f.table), _row_key(f.message), f.prov.lines[0]) for f in errors
    ]
    assert found == SEED_ERRORS


def test_seed_defect_numbers(seed_result: Any) -> None:
    messages = " | ".join(f.message for f in seed_result.issues if f.severity is Severity.ERROR)
    for text in (
        "prints 3775.20 万元 but its 项 sum to 3755.20 万元",
        "prints 3755.20 万元 but its 款 sum to 3890.91 万元",
        "prints 3920.41 万元 but its 类 sum to 3784.70 万元",
        "gives 201 一般公共服务支出 3920.41 万元 but no table prints an amount for 201",
        "gives 2060404 科技成果转化与扩散 3890.91 万元 but 表2, 表3, 表5 print 3755.20 万元",
    ):
        assert text in messages


def test_seed_consequences_are_warnings(seed_result: Any) -> None:
    warnings = {(f.check, _row_key(f.message)) for f in seed_result.issues if f.severity is Severity.WARNING}
    assert ("hierarchy-sum", "206") in warnings  # 表2 206 follows from 20604
    assert ("row-income-sources", "20604") in warnings  # the same cell as the 20604 error


def test_seed_validation_is_deterministic(seed_result: Any) -> None:
    from extractor.validate import validate

    assert validate(seed_result) == seed_result.issues
