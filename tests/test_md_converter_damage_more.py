"""More Markdown converter damage (issue #15), each case a small self-made table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_md_converter_damage import items, run

from extractor.model import Grid, TableRegion
from extractor.model.amounts import is_amount, parse_amount
from extractor.semantics.measures import mend_cut_words
from extractor.sources.markdown import read_markdown
from extractor.sources.md_repair import fit_columns

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


HEADER_TAIL_IN_TOTAL_ROW = """\
#### 2020年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）

单位：万元

|部门经济科目<br>|部门经济科目名称|政府经济科<br>|政府经济科目名称|合计|人员经费支出|公用经费支出|
|---|---|---|---|---|---|---|
|编码||目编码|合计|100|80|20|
|301|工资福利支出|||80|80|0|
|30101|基本工资|50101|工资奖金津补贴|60|60|0|
|30102|津贴补贴|50101|工资奖金津补贴|20|20|0|
|302|商品和服务支出|||20|0|20|
|30201|办公费|50201|办公经费|20|0|20|
"""


def test_code_header_words_wrapped_into_the_total_row_go_up_into_the_header(tmp_path: Path) -> None:
    """``政府经济科`` over ``目编码`` in the 合计 row: the second code column is a code column
    (50101 is no amount) and the 合计 row keeps its amounts."""
    result = run(tmp_path, HEADER_TAIL_IN_TOTAL_ROW)
    found = [i for i in result.line_items if i.table_type == "general_budget_basic_expenditure"]
    assert all(i.printed not in {"50101", "50201"} for i in found)
    got = items(result, "general_budget_basic_expenditure")
    assert got[("30101", "total")] == "60"
    assert got[("30201", "operating")] == "20"
    assert got[(None, "total")] == "100"  # the 合计 row, as the PDF reads it


def _grid(text: str) -> Grid:
    doc = read_markdown(Path("t.md"), text.encode(), "x")
    [region] = [b for _, b in doc.blocks() if isinstance(b, TableRegion)]
    return region.grid


def test_a_narrower_piece_laid_out_otherwise_is_not_fitted() -> None:
    """No placement of the piece's columns puts its cells under columns of their kind (amounts
    under the code and name columns, names under the amount columns): joined, every row of it
    would be read wrong. A piece that lacks one amount column is still fitted."""
    first = _grid(
        "|编码|名称|说明|合计|基本支出|\n|---|---|---|---|---|\n"
        + "".join(f"|201010{k}|办公费{k}|日常办公|{k}.00|{k}.00|\n" for k in range(1, 6))
    )
    rows = [f"|{k}.50|{k}.25|购置{k}|设备|\n" for k in range(1, 6)]
    second = _grid(rows[0] + "|---|---|---|---|\n" + "".join(rows[1:]))
    assert fit_columns(first, second) is None
    rows = [f"|201020{k}|印刷费{k}|印刷|{k}.00|\n" for k in range(1, 6)]
    fitting = fit_columns(first, _grid(rows[0] + "|---|---|---|---|\n" + "".join(rows[1:])))
    assert fitting is not None
    assert fitting.row_texts(0) == ["2010201", "印刷费1", "印刷", "1.00", ""]


def test_codes_of_neighbouring_columns_in_one_cell_are_no_amount() -> None:
    """``302 13 502`` (a 部门经济科目 and the head of a 政府经济科目 code a converter put in one
    cell) or ``208 01 09242002`` (科目 glued to a 单位编码) are no amounts; spaced thousands are."""
    for text in ("302 13 502", "208 01 09242002", "208 01 09", "50 2 05"):
        assert not is_amount(text), text
        assert parse_amount(text) is None, text
    for text in ("1 234 567.00", " 12.50 ", "1234", "1,234.5"):
        assert is_amount(text), text
    assert parse_amount("1 234 567.00") == Decimal("1234567.00")


CUT_HEADER_WORD = """\
#### 2020年部门综合预算一般公共预算支出明细表（按支出功能分类科目）

单位：万元

|功能科目编码|功能科目名称|合计|人员经费支出|公用经费支出专|<br>项业务经费支出|
|---|---|---|---|---|---|
||合计|100|50|20|30|
|201|一般公共服务支出|100|50|20|30|
|20110|人力资源事务|100|50|20|30|
|2011002|一般行政管理事务|100|50|20|30|
"""


def test_a_header_word_cut_across_two_cells_is_whole_again(tmp_path: Path) -> None:
    """``公用经费支出专 | 项业务经费支出``: the 专 belongs to the right cell's 专项业务经费支出."""
    got = items(run(tmp_path, CUT_HEADER_WORD), "general_budget_expenditure")
    assert got[("2011002", "project")] == "30"
    assert got[("2011002", "operating")] == "20"
    assert mend_cut_words(("合计", "人员经费支出公", "用经费支出")) == ("合计", "人员经费支出", "公用经费支出")
    assert mend_cut_words(("一般公共", "预算拨款")) == ("一般公共", "预算拨款")  # no move names two measures


THREE_ROW_CUT_HEADER = """\
#### 本年一般公共预算支出表

单位：万元

||||||当年预算|||||上年结|转结余||
|---|---|---|---|---|---|---|---|---|---|---|---|---|
|科目编<br>码|功能分类科目名称|合计|小计||基本支出||项目支|小||基本支|出|项目支出|
|||||小计|人员经<br>费|公用经<br>费|出|计|小<br>计|人员经<br>费|公用经<br>费||
||总计：|1682.76|1682.76|1208.20|997.20|211.00|474.56|5.00|3.00|2.00|1.00|2.00|
|201|一般公共服务支出|1378.41|1378.41|903.85|692.85|211.00|474.56|5.00|3.00|2.00|1.00|2.00|
|2014001|行政运行|903.85|903.85|903.85|692.85|211.00|0.00|0.00|0.00|0.00|0.00|0.00|
"""


def test_a_three_row_header_with_words_cut_over_rows_and_centred_groups(tmp_path: Path) -> None:
    """``项目支`` over ``出`` and ``小`` over ``计`` are one word each; then 当年预算 and
    上年结|转结余 go over their groups' 小计 columns, and 基本支出 over its own 小计."""
    got = items(run(tmp_path, THREE_ROW_CUT_HEADER), "general_budget_expenditure")
    assert got[("201", "budget_total")] == "1378.41"
    assert got[("201", "basic")] == "903.85"
    assert got[("201", "project")] == "474.56"
    assert got[("201", "carryover")] == "5.00"
    assert got[("201", "carryover_basic")] == "3.00"
    assert got[("201", "carryover_personnel")] == "2.00"
    assert got[("201", "carryover_project")] == "2.00"
    assert not any(m == "other" or m.startswith("budget_other") for _, m in got)


WORD_OVER_TWO_ROWS = """\
### 2024年部门收入预算总表

单位：元

||||项目|||收入预算|||
|---|---|---|---|---|---|---|---|---|
|功能分|类科|目编码|功能分类科名称|合计|财政拨款收入|事业收入|事业单位|其他收入|
|类|款|项|目||||经营收入||
|201|||一般公共服务支出|300|200|50|30|20|
|201|05||统计信息事务|300|200|50|30|20|
|201|05|07|专项普查活动|300|200|50|30|20|
"""


def test_a_measure_word_over_two_header_rows_is_no_label_column(tmp_path: Path) -> None:
    """``事业单位`` over ``经营收入``: 事业单位 ends like a 单位 (label) header, but with the
    segment below it names 事业单位经营收入."""
    got = items(run(tmp_path, WORD_OVER_TWO_ROWS), "income")
    assert got[("2010507", "operation_income")] == "30"
    assert got[("2010507", "other_income")] == "20"
