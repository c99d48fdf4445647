"""More Markdown converter damage (issue #15), each case a small self-made table."""

from __future__ import annotations

from pathlib import Path

from extractor.model import Extraction
from extractor.pipeline import extract


def run(tmp_path: Path, text: str) -> Extraction:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return extract(path)


def items(result: Extraction, table_type: str | None = None) -> dict[tuple[str | None, str], str]:
    return {
        (i.code or i.label, i.measure): i.printed
        for i in result.line_items
        if table_type is None or i.table_type == table_type
    }


OF_WHICH_PROJECT = """\
##### 2020年部门综合预算收入总表

单位：万元

|单位编码|单位名称|合计|一般公共预算拨款||政府性基金拨款|事业收入|
|---|---|---|---|---|---|---|
||||小计|其中：专项资金列入部门预算项目||||
||合计|1500|1400|500|0|100|
|242001|某某局|1000|1000|500|0|0|
|242002|某某中心|500|400|0|0|100|
"""


def test_an_of_which_column_naming_projects_is_an_amount_column(tmp_path: Path) -> None:
    """``其中：专项资金列入部门预算项目`` holds 项目 but is a part of an amount, not a name column:
    its 500 and 0 are no codes or labels of the rows."""
    got = items(run(tmp_path, OF_WHICH_PROJECT), "income")
    assert got[("某某中心", "business_income")] == "100"
    assert got[("某某局", "government_fund")] == "0"
    assert ("0", "government_fund") not in got
    assert all(label not in {"0", "500"} for label, _ in got)
