"""Markdown as real converters write it (issue #15): tables read by what the cells hold.

Each case is a small self-made document in the dialect of one converter (pymupdf4llm pipe tables
with ``<br>``, the seed's tab-separated tables, MinerU's HTML tables) with one kind of damage.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from extractor.model import Extraction, LineItem, TableRegion, TextLine
from extractor.pipeline import extract
from extractor.semantics.roles import fuzzy_measure, split_code_columns, three_public_subtotals
from extractor.sources.markdown import read_markdown
from extractor.sources.md_repair import fit_columns, is_page_number


def run(tmp_path: Path, text: str) -> Extraction:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return extract(path)


def items(result: Extraction, table_type: str | None = None) -> dict[tuple[str | None, str], str]:
    """(code or label, measure) → printed, for the line items of one table type."""
    return {
        (i.code or i.label, i.measure): i.printed
        for i in result.line_items
        if table_type is None or i.table_type == table_type
    }


def no_part_amounts(found: Iterable[LineItem]) -> bool:
    return all(len(i.printed) > 2 for i in found)


GARBLED_SPLIT = """\
### 2026年部门支出总表

单位：元

||||项目||支出预算||
|---|---|---|---|---|---|---|
|类<br>功能|款<br>分类科|项<br>目编码|功能分类科目名称|合计|基本支出|项目支出|
|201|||一般公共服务支出|84,861,719|80,000,000|4,861,719|
|201|06||财政事务|84,861,719|80,000,000|4,861,719|
|201|06|01|行政运行|80,000,000|80,000,000||
|201|06|02|一般行政管理事务|4,861,719||4,861,719|
||||合计|84,861,719|80,000,000|4,861,719|
"""


def test_split_code_columns_are_codes_whatever_the_header_says(tmp_path: Path) -> None:
    result = run(tmp_path, GARBLED_SPLIT)
    got = items(result, "expenditure")
    assert got[("2010601", "total")] == "80,000,000"
    assert got[("2010601", "basic")] == "80,000,000"
    assert got[("2010602", "project")] == "4,861,719"
    assert got[("20106", "total")] == "84,861,719"
    assert no_part_amounts(result.line_items)
    assert result.tables[0].reading is not None and result.tables[0].reading.code_form == "split"


def test_split_code_columns_from_content_alone() -> None:
    bodies = [["201", "201", "201", "合计"], ["", "06", "06", ""], ["", "", "1", ""], ["x", "y", "z", ""]]
    assert split_code_columns(bodies) == {0, 1, 2}
    # amounts that happen to be 3-digit numbers are no codes when no 款 column follows
    assert split_code_columns([["120", "210"], ["1,200.00", "35.00"]]) == set()
    # a garbled 类 (``7`` for ``210``) among codes still makes the column a code column
    assert split_code_columns([["210", "210", "7", "221"], ["", "11", "11", "02"]]) == {0, 1}


def test_amount_column_under_a_header_that_names_a_code(tmp_path: Path) -> None:
    text = GARBLED_SPLIT.replace("|类<br>功能|款<br>分类科|项<br>目编码|功能分类科目名称|合计|", "|类|款|项|功能分类科目名称|编码/合计|")
    text = text.replace("||||项目||支出预算||", "||||项目|编码|支出预算||")
    got = items(run(tmp_path, text), "expenditure")
    assert got[("2010601", "total")] == "80,000,000"


SPLIT_ACROSS_PAGES = """\
### 2026年部门支出总表

单位：元

||||项目||支出预算||
|---|---|---|---|---|---|---|
|功能分|类科目|编码||||
|类|款|项|功能分类科目名称|合计|基本支出|项目支出|
|201|||一般公共服务支出|84,861,719|80,000,000|4,861,719|
|201|06||财政事务|84,861,719|80,000,000|4,861,719|

- 5 -

||||项目||支出预算||
|---|---|---|---|---|---|---|
|功能分<br>类|类科目<br>款|编码<br>项|功能分类科目名称|合计|基本支出|项目支出|
|201|06|01|行政运行|80,000,000|80,000,000||
|201|06|02|一般行政管理事务|4,861,719||4,861,719|
||||合计|84,861,719|80,000,000|4,861,719|
"""


def test_table_cut_at_a_page_break_is_one_table_without_its_repeated_header(tmp_path: Path) -> None:
    result = run(tmp_path, SPLIT_ACROSS_PAGES)
    [table] = result.tables
    assert table.type == "expenditure"
    assert not any("功能分类科目名称" in c.text for c in table.grid.cells if c.row >= table.header_rows)
    got = items(result)
    assert got[("2010602", "project")] == "4,861,719"
    assert got[("合计", "total")] == "84,861,719"


def test_continuation_without_header_after_a_page_number(tmp_path: Path) -> None:
    text = SPLIT_ACROSS_PAGES.replace(
        "||||项目||支出预算||\n|---|---|---|---|---|---|---|\n|功能分<br>类|类科目<br>款|编码<br>项|功能分类科目名称|合计|基本支出|项目支出|\n|201|06|01|",
        "|201|06|01|",
    ).replace("- 5 -", "第5页，共45页")
    result = run(tmp_path, text)
    assert len(result.tables) == 1
    assert items(result)[("2010601", "total")] == "80,000,000"


def test_continuation_whose_empty_column_the_converter_dropped(tmp_path: Path) -> None:
    text = """\
### 一般公共预算支出表

单位：万元

|科目编码|科目名称|合计|基本支出|项目支出|备注|
|---|---|---|---|---|---|
|201|一般公共服务支出|30.00|20.00|10.00||
|20106|财政事务|30.00|20.00|10.00||

**6**

|2010601|行政运行|20.00|20.00||
|---|---|---|---|---|
|2010602|一般行政管理事务|10.00||10.00|
"""
    result = run(tmp_path, text)
    assert len(result.tables) == 1
    got = items(result)
    assert got[("2010602", "project")] == "10.00"
    assert got[("2010601", "basic")] == "20.00"


def test_fit_columns_puts_dropped_columns_where_the_kinds_agree() -> None:
    doc = read_markdown(Path("t.md"), b"|a|b|c|d|\n|---|---|---|---|\n|201|x|1.00||\n\n- 2 -\n\n|2010101|y|2.00|\n|---|---|---|\n", "x")
    [region] = [b for _, b in doc.blocks() if isinstance(b, TableRegion)]  # the two pieces joined by the reader
    assert region.grid.n_cols == 4
    assert region.grid.row_texts(2) == ["2010101", "y", "2.00", ""]


def test_page_numbers() -> None:
    for text in ("16", "— 12 —", "- 3 -", "第 3 页", "第7页，共45页", "**6**".strip("*")):
        assert is_page_number(text), text
    for text in ("2026年", "单位：万元", "表3"):
        assert not is_page_number(text), text


def test_caption_smeared_over_the_first_row(tmp_path: Path) -> None:
    text = """\
|预算单位：长春市信|访局|||单位：万元|
|---|---|---|---|---|
|科目编码|科目名称|合计|基本支出|项目支出|
|201|一般公共服务支出|30.00|20.00|10.00|
"""
    [table] = run(tmp_path, text).tables
    assert table.unit == "万元"
    assert table.department == "长春市信访局"
    assert table.grid.row_texts(0)[0] == "科目编码"


def test_title_with_its_number_after_it(tmp_path: Path) -> None:
    text = "### 支出总表（预算表3）\n\n单位：万元\n\n" + GARBLED_SPLIT.split("单位：元\n\n")[1]
    [table] = run(tmp_path, text).tables
    assert (table.number, table.title, table.type) == ("预算表3", "支出总表", "expenditure")


def test_header_row_repeated_inside_one_table(tmp_path: Path) -> None:
    text = """\
### 一般公共预算支出表

单位：万元

|科目编码|科目名称|合计|基本支出|项目支出|
|---|---|---|---|---|
|201|一般公共服务支出|30.00|20.00|10.00|
|科目编码|科目名称|合计|基本支出|项目支出|
|20106|财政事务|30.00|20.00|10.00|
"""
    [table] = run(tmp_path, text).tables
    assert table.grid.n_rows == 3


def test_two_columns_printed_as_one_are_split(tmp_path: Path) -> None:
    text = """\
### 一般公共预算财政拨款基本支出决算表

单位：万元

||人员经费|||公用经费|
|---|---|---|---|---|
|经济分类<br>科目编码|科目名称|金额|经济分类<br>科目编码|科目名称<br>金额|
|301|工资福利支出|649.20|302|商品和服务支出<br>94.65|
|30101|基本工资|301.79|30201|办公费<br>13.80|
"""
    result = run(tmp_path, text)
    assert result.tables[0].grid.n_cols == 6
    got = items(result)
    assert got[("30201", "total")] == "13.80"
    assert got[("302", "total")] == "94.65"


def test_summary_halves_joined_in_one_cell_are_split(tmp_path: Path) -> None:
    text = """\
### 收支总体情况表

单位：万元

|收入|支出||
|---|---|---|
|项目|预算<br>项目|预算|
|一、预算拨款|3,944.08 一、一般公共服务支出|2,570.71|
|二、财政专户拨款|0.00 二、外交支出|0.00|
||三、国防支出|1,373.37|
|收入总计|3,944.08 支出总计|3,944.08|
"""
    table = run(tmp_path, text).tables[0]
    assert table.grid.n_cols == 4
    assert table.grid.row_texts(table.header_rows) == ["一、预算拨款", "3,944.08", "一、一般公共服务支出", "2,570.71"]


def test_rows_stacked_with_br_are_rows_again(tmp_path: Path) -> None:
    text = """\
### 一般公共预算支出表

单位：万元

|科目编码|科目名称|合计|人员经费支出|
|---|---|---|---|
|208|社会保障和就业支出|44.24|44.24|
|05<br>2080505|行政事业单位离退休<br>机关事业单位基本养老保险缴费<br>支出|22.12<br>22.12|22.12<br>22.12|
"""
    table = run(tmp_path, text).tables[0]
    assert table.grid.row_texts(3)[:3] == ["2080505", "机关事业单位基本养老保险缴费支出", "22.12"]


def test_amount_wrapped_inside_its_cell(tmp_path: Path) -> None:
    text = """\
### 支出总表

单位：万元

|科目编码|科目名称|合计|基本支出|项目支出|
|---|---|---|---|---|
|201|一般公共服务支出|1378.4<br>1|903.85|474.56|
"""
    assert items(run(tmp_path, text))[("201", "total")] == "1378.41"


def test_header_word_one_column_off_its_amounts(tmp_path: Path) -> None:
    text = """\
### 一般公共预算“三公”经费支出预算表

单位：万元

|项目|预算数||
|---|---|---|
|合计||11.20|
|1、因公出国（境）费用||0.00|
|2、公务接待费||2.00|
|3、公务用车购置及运行费||9.20|
"""
    got = items(run(tmp_path, text))
    assert got[("合计", "total")] == "11.20"
    assert got[("公务接待费", "total")] == "2.00"


def test_multi_row_header_under_the_gfm_line_with_a_lone_total_word(tmp_path: Path) -> None:
    text = """\
### 一般公共预算支出情况表

单位：万元

||功能分类科目|||基本支出|||
|---|---|---|---|---|---|---|
|||总 计||||项目支出|
|科目编码|科目名称||小计|人员经费|公用经费||
|208|社会保障和就业支出|90.00|82.51|82.32|0.19|7.49|
|20805|行政事业单位养老支出|90.00|82.51|82.32|0.19|7.49|
"""
    result = run(tmp_path, text)
    assert result.tables[0].header_rows == 3
    got = items(result)
    assert got[("208", "total")] == "90.00"
    assert got[("208", "project")] == "7.49"
    assert got[("208", "personnel")] == "82.32"
    # 小计 under a smeared 基本支出: the measure under which 合计 = 基本 + 项目 closes (reading.choose_measures)
    assert got[("208", "basic")] == "82.51"


def test_two_columns_with_one_header_path_are_told_apart_by_the_arithmetic(tmp_path: Path) -> None:
    """A converter that lost the spanning cells (当年预算 over 小计, 基本支出 over 小计) leaves two
    columns headed ``小计``: the second is 基本支出 (合计 = 基本 + 项目, 基本 = 人员 + 公用 close),
    the first stays unnamed. A row that prints only the first 小计 keeps it apart."""
    text = """\
### 一般公共预算支出表

单位：万元

|科目编码|科目名称|合计|小计|小计|人员经费|公用经费|项目支出|
|---|---|---|---|---|---|---|---|
|201|一般公共服务支出|100.00|100.00|80.00|60.00|20.00|20.00|
|20101|人大事务|100.00|100.00|80.00|60.00|20.00|20.00|
|2010101|行政运行|80.00|80.00|80.00|60.00|20.00|0.00|
|2010102|一般行政管理事务|20.00|20.00||||20.00|
"""
    result = run(tmp_path, text)
    table = result.tables[0]
    assert table.columns[3] == table.columns[4] == "小计"
    got = [(i.code, i.measure, i.printed) for i in result.line_items if i.code in ("201", "2010102")]
    assert got == [
        ("201", "total", "100.00"),
        ("201", "other", "100.00"),
        ("201", "basic", "80.00"),
        ("201", "personnel", "60.00"),
        ("201", "operating", "20.00"),
        ("201", "project", "20.00"),
        ("2010102", "total", "20.00"),
        ("2010102", "other", "20.00"),
        ("2010102", "project", "20.00"),
    ]
    assert table.reading is not None
    assert table.reading.column_roles[3:5] == ("3:amount:other", "4:amount:basic")
    assert table.reading.measures_from_arithmetic == ("小计 (column 4) → basic",)


@pytest.mark.parametrize(
    ("path", "measure"),
    [("收入预算/业/事收入", "business_income"), ("项目/合/计", "total"), ("当年预算/项目支/出", "project"), ("x/y", None)],
)
def test_measures_from_scrambled_header_words(path: str, measure: str | None) -> None:
    found = fuzzy_measure(path)
    assert (found.value if found else None) == measure


def test_three_public_vehicle_subtotal_known_by_its_neighbours() -> None:
    paths = ["合计", "因公出国(境)费", "公务接待费", "预算数/公务/小计", "购置费", "运行费"]
    assert three_public_subtotals(paths)["预算数/公务/小计"] == "公务用车购置及运行维护费"
    smeared = ["合计", "因公出国(境)费", "公务接待费", "公务小计", "用车购置及运行费购置费", "运行费"]
    assert three_public_subtotals(smeared)["用车购置及运行费购置费"] == "公务用车购置费"
    assert three_public_subtotals(["合计", "购置费", "运行费"]) == {}


def test_html_tables_split_at_a_page_break_are_rejoined(tmp_path: Path) -> None:
    """MinerU writes HTML tables; the same rejoin and content roles apply."""
    head = "<table><tr><td>类<br>功能</td><td>款<br>分类科</td><td>项<br>目编码</td><td>科目名称</td><td>合计</td></tr>"
    text = f"""\
### 一般公共预算支出表

单位：元

{head}<tr><td>201</td><td>06</td><td></td><td>财政事务</td><td>84,861,719</td></tr></table>

12

{head}<tr><td>201</td><td>06</td><td>01</td><td>行政运行</td><td>84,861,719</td></tr></table>
"""
    result = run(tmp_path, text)
    assert len(result.tables) == 1
    got = items(result)
    assert got[("2010601", "total")] == "84,861,719"
    assert no_part_amounts(result.line_items)


def test_tab_separated_split_codes(tmp_path: Path) -> None:
    """The seed's dialect: tab-separated rows, the header words garbled the same way."""
    text = (
        "### 支出总表\n\n单位：元\n\n"
        "类\t款功能\t项分类\t科目名称\t合计\t基本支出\t项目支出\n"
        "201\t06\t\t财政事务\t84,861,719\t80,000,000\t4,861,719\n"
        "201\t06\t01\t行政运行\t80,000,000\t80,000,000\t\n"
        "201\t06\t02\t一般行政管理事务\t4,861,719\t\t4,861,719\n"
    )
    result = run(tmp_path, text)
    got = items(result)
    assert got[("2010601", "basic")] == "80,000,000"
    assert no_part_amounts(result.line_items)


def test_fit_columns_merges_a_column_set_one_cell_off() -> None:
    doc = read_markdown(Path("t.md"), b"|a|b|\n|---|---|\n|x|1.00|\n\n|a|b||\n|---|---|---|\n|y||2.00|\n", "x")
    grids = [b.grid for _, b in doc.blocks() if isinstance(b, TableRegion)]
    assert len(grids) == 1 and grids[0].matrix()[-1] == ["y", "2.00"]
    assert fit_columns(grids[0], grids[0]) is grids[0]


def test_caption_lines_come_before_the_table() -> None:
    doc = read_markdown(Path("t.md"), "|预算单位：某|局||单位：万元|\n|---|---|---|---|\n|项目|合计|基本|项目|\n".encode(), "x")
    blocks = [b for _, b in doc.blocks()]
    assert isinstance(blocks[0], TextLine) and isinstance(blocks[-1], TableRegion)


def test_summary_and_three_public_cells_holding_two_cells(tmp_path: Path) -> None:
    text = """\
### 2026年部门财务收支预算总表

单位：元

|本年收入|本年支出|
|---|---|
|项目<br>预算数|项目<br>预算数|
|一、财政拨款收入<br>96,282,213.44|一、公共安全支出<br>96,282,213.44|
|收入总计<br>96,282,213.44|支出总计<br>96,282,213.44|

### 2026年部门“三公”经费和机关运行经费预算表

单位:万元

|||“三公”经费预算数||||
|---|---|---|---|---|---|
|合计|因公出国(境)费|公务接待费<br>公务<br>小计|用车购置及运行费<br>购置费|运行费|机关运行经费预算<br>数|
|10.81|0|0.83<br>9.98|0|9.98|217.83|
"""
    result = run(tmp_path, text)
    got = items(result)
    assert got[("收入总计", "total")] == "96,282,213.44"
    assert got[("支出总计", "total")] == "96,282,213.44"
    assert got[("公务接待费", "total")] == "0.83"
    assert got[("公务用车购置及运行维护费", "total")] == "9.98"
    assert got[("公务用车购置费", "total")] == "0"


def test_summary_expenditure_total_whose_budget_word_moved_off_the_path(tmp_path: Path) -> None:
    text = """\
### 2026年预算单位财务收支预算总表

单位：元

|本年收入|||本年|支出|||
|---|---|---|---|---|---|---|
|||||预算|数||
|项目|预算数|项目||基本|支出||
||||合计|人员经费|公用经费|项目支出|
|一、财政拨款收入|300|一、教育支出|300|200|50|50|
|收入总计|300|支出总计|300|200|50|50|
"""
    got = items(run(tmp_path, text))
    assert got[("支出总计", "total")] == "300"
    assert got[("收入总计", "total")] == "300"


def test_caption_above_text_and_a_page_number_the_converter_put_between(tmp_path: Path) -> None:
    """pymupdf4llm wrote the title, then the form's first row as a paragraph and the page number,
    then the grid (福州): the title is the table's, and so is the type it names. A 单位：万 line
    whose 元 went into a cell (西安 表12) does not hide the caption above it."""
    text = """\
1.项目支出绩效目标表

2026 `年医` 疗 `服` 务 `与保障能力提升` 补 `助` 资 `金` 项 `目` 绩 `效目` 标 `表`

项 `目名称` 2026 `年医` 疗 `服` 务 资

24

|`主管部`门|`福州市`|`医`疗`保障局`|
|---|---|---|
|`一`级`指`<br>标|`二`级`指`标|`指`标值|
|产`出指`<br>标|`数量指`标|≥90%|

表12

#### 2019年部门综合预算政府采购（资产配置、购买服务）预算表

单位：万

|采购项目|采购目录|~~元~~<br>预算金额|
|---|---|---|
|合计||192.13|
|监控管理系统|网络监控设备|5.00|
"""
    result = run(tmp_path, text)
    form, procurement = result.tables
    assert "".join((form.title or "").split()) == "2026年医疗服务与保障能力提升补助资金项目绩效目标表"
    assert form.type == "performance_targets"
    assert form.grid.origin_text(0, 0) == "主管部门"  # the code-span backticks dropped
    assert (procurement.number, procurement.type) == ("表12", "government_procurement")


def test_caption_and_header_line_in_the_same_cells_of_the_first_row(tmp_path: Path) -> None:
    """pymupdf4llm put the title line and the header's first line into the same cells, one above
    the other (西安 表11): the title is read from the one-line cells and the lower line of each
    two-line cell, the upper lines stay the header's."""
    text = """\
|表11||201|9年部|功能分类科<br>门综合预|功能分类科目<br>算财政|政府经济分类科<br>拨款结转|政府经济分类科<br>资金支出表||单<br>|位：万元<br>|
|---|---|---|---|---|---|---|---|---|---|---|
|预算单位代码|预算单位名称|预算项目名称|金额|目代码|名称|目代码|目名称|项目类别|资金性质|备注|
|125001|某某局|某某资金|9.00|2150510|工业和信息<br>产业支持|50299|其他商品和服<br>务支出|项目支出|一般公共预算支出||
"""
    result = run(tmp_path, text)
    (table,) = result.tables
    assert (table.number, table.title, table.unit) == ("表11", "2019年部门综合预算财政拨款结转资金支出表", "万元")
    assert table.columns[:5] == ("预算单位代码", "预算单位名称", "预算项目名称", "金额", "功能分类科/目代码")
    assert table.type == "other"
    assert table.type_evidence[0] == "title:财政拨款结转资金支出"


_DIALECT_CAPTION = "表3\n\n2026年部门支出总体情况表\n\n单位：万元\n\n"
_DIALECT_ROWS = [
    ("201", "一般公共服务支出", "100.00", "80.00", "20.00"),
    ("20101", "人大事务", "100.00", "80.00", "20.00"),
    ("2010101", "行政运行", "80.00", "80.00", ""),
    ("2010102", "一般行政管理事务", "20.00", "", "20.00"),
]
DIALECTS = {
    # MinerU: the whole table on one line, unquoted spans, the caption as paragraphs
    "html": "<table><tr><td rowspan=2>科目编码</td><td rowspan=2>科目名称</td><td colspan=3>本年预算</td></tr>"
    "<tr><td>合计</td><td>基本支出</td><td>项目支出</td></tr>"
    + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in _DIALECT_ROWS)
    + "</table>\n",
    # the seed's form: one tab-separated line per row, the spanning cell's text once
    "tab": "科目编码\t科目名称\t本年预算\t\t\n\t\t合计\t基本支出\t项目支出\n"
    + "".join("\t".join(row) + "\n" for row in _DIALECT_ROWS),
    # pymupdf4llm: a pipe table whose header cells hold both header lines at <br>
    "pipe-br": "|科目编码|科目名称|本年预算<br>合计|<br>基本支出|<br>项目支出|\n|---|---|---|---|---|\n"
    + "".join("|" + "|".join(row) + "|\n" for row in _DIALECT_ROWS),
}


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_one_table_in_every_converter_dialect_gives_the_same_items(tmp_path: Path, dialect: str) -> None:
    """The same 支出总体情况表 written as MinerU's HTML (rowspan/colspan), the seed's tabs and
    pymupdf4llm's pipes with <br>: the same caption, type and line items."""
    result = run(tmp_path, _DIALECT_CAPTION + DIALECTS[dialect])
    (table,) = result.tables
    assert (table.number, table.title, table.unit, table.type) == ("表3", "2026年部门支出总体情况表", "万元", "expenditure")
    assert items(result) == {
        ("201", "total"): "100.00", ("201", "basic"): "80.00", ("201", "project"): "20.00",
        ("20101", "total"): "100.00", ("20101", "basic"): "80.00", ("20101", "project"): "20.00",
        ("2010101", "total"): "80.00", ("2010101", "basic"): "80.00",
        ("2010102", "total"): "20.00", ("2010102", "project"): "20.00",
    }  # fmt: skip


def test_three_public_subtotal_whose_heading_went_elsewhere_is_known_by_its_sum(tmp_path: Path) -> None:
    """The converter set the “三公”经费 heading over two other columns, leaving the 小计 after
    合计 bare: both read as 合计(含会议费、培训费) by their header. The one that prints exactly
    因公出国 + 公务用车 + 公务接待 is the “三公” 合计 (江苏 公开09表)."""
    text = """\
### 一般公共预算“三公”经费、会议费、培训费支出预算表

单位：万元

||||“三公|”经费|||||
|---|---|---|---|---|---|---|---|---|
|合计|小计|因公出国<br>（境）费|公务用<br>小计|车购置及运<br>公务用车<br>购置费|行维护费<br>公务用车<br>运行维护<br>费|公务接<br>待费|会议<br>费|培训费|
|1,384.74|484.30|100.00|267.80||267.80|116.50|200.44|700.00|
"""
    got = items(run(tmp_path, text), "three_public_expenses")
    assert got[("合计", "total")] == "484.30"
    assert got[("合计(含会议费、培训费)", "total")] == "1,384.74"
    assert got[("因公出国(境)费", "total")] == "100.00"


SPLIT_NUMBERS = """\
### 2020年“三公”经费支出预算表

单位：万元

|单位编码|单位名称|合计|因公出国（境）|公务接待费|公务用车|会议费|
|---|---|---|---|---|---|---|
||合计|267.78<br>66.57|25|.00|<br>3.|57|
|242001|某局|117.00<br>39.0|0 2|5.0|0<br>2|.0|
|242002|某中心|8.50<br>0.5|0<br>|0.0|0<br>0|.5|
"""


def test_table_whose_numbers_the_converter_cut_across_cells_gives_no_amounts(tmp_path: Path) -> None:
    result = run(tmp_path, SPLIT_NUMBERS)
    assert not [i for i in result.line_items if i.table_type == "three_public_expenses"]
    assert any("cut" in w and "withheld" in w for w in result.source.warnings)


def test_one_cut_number_does_not_withhold_a_table(tmp_path: Path) -> None:
    text = """\
### 支出总表

单位：万元

|科目编码|科目名称|合计|基本支出|项目支出|
|---|---|---|---|---|
|201|一般公共服务支出|1378.41|903.85|474|.56|
|20101|人大事务|1378.41|903.85|474.56|
"""
    result = run(tmp_path, text)
    assert items(result)[("20101", "total")] == "1378.41"
    assert not any("withheld" in w for w in result.source.warnings)


def test_two_lines_of_bare_digits_are_two_numbers_not_one_amount() -> None:
    from extractor.model import Cell, Grid, Prov
    from extractor.sources.md_repair import join_wrapped_amounts

    cells = (Cell("7\n8", 0, 0, Prov()), Cell("1682.7\n6", 0, 1, Prov()), Cell("1,234,\n567.00", 0, 2, Prov()))
    region = join_wrapped_amounts(TableRegion(Grid(1, 3, cells), Prov()))
    assert region.grid.row_texts(0) == ["7\n8", "1682.76", "1,234,567.00"]


CENTERED_GROUPS = """\
### 支出总表

单位：万元

|科目编码|功能分类科目名称|合计||当年预|算|||上年<br>|结转结余<br>||
|---|---|---|---|---|---|---|---|---|---|---|
||||小计|基本支出|项目支出|事业单位<br>经营支出|小计|基本支<br>出|项目支<br>出|事业单位经<br>营支出|
|201|一般公共服务支出|1400.00|1378.41|903.85|474.56|0.00|21.59|20.00|1.59|0.00|
|20140|信访事务|1400.00|1378.41|903.85|474.56|0.00|21.59|20.00|1.59|0.00|
"""


def test_group_header_words_printed_over_the_middle_of_their_columns(tmp_path: Path) -> None:
    found = items(run(tmp_path, CENTERED_GROUPS))
    assert found[("20140", "budget_total")] == "1378.41"
    assert found[("20140", "carryover")] == "21.59"
    assert found[("20140", "carryover_basic")] == "20.00"
    assert found[("20140", "carryover_project")] == "1.59"
    assert not any(m == "other" for _, m in found)


def test_a_total_column_is_no_group_start() -> None:
    """基本支出 over 人员经费 | 公用经费 beside a 合计 and a 项目支出 stays where it is."""
    from extractor.model import Cell, Grid, Prov
    from extractor.sources.md_repair import regroup_centered_headers

    rows = [
        ["项目", "预算数", "", "基本", "支出", ""],
        ["", "", "合计", "人员经费", "公用经费", "项目支出"],
        ["一、财政拨款收入", "9,501,164", "11,281,624", "6,540,674", "2,120,950", "2,620,000"],
    ]
    cells = tuple(Cell(t, r, j, Prov()) for r, row in enumerate(rows) for j, t in enumerate(row))
    region = TableRegion(Grid(3, 6, cells), Prov())
    assert regroup_centered_headers(region) == region


def test_the_middle_row_of_a_three_row_header_is_no_group_row() -> None:
    """小计 | | 基本支出 | | 项目支 over 小计 | 人员经费 | 公用经费 | 出: the upper row prints a 小计 of
    its own, so its words are sub-headers, not one group's words."""
    from extractor.model import Cell, Grid, Prov
    from extractor.sources.md_repair import regroup_centered_headers

    rows = [
        ["科目编码", "合计", "小计", "", "基本支出", "", "项目支"],
        ["", "", "", "小计", "人员经费", "公用经费", "出"],
        ["201", "1378.41", "1378.41", "903.85", "692.85", "211.00", "474.56"],
    ]
    cells = tuple(Cell(t, r, j, Prov()) for r, row in enumerate(rows) for j, t in enumerate(row))
    region = TableRegion(Grid(3, 7, cells), Prov())
    assert regroup_centered_headers(region) == region


def test_continuation_whose_header_the_converter_printed_with_one_cell_more(tmp_path: Path) -> None:
    """The first page put two empty columns' header words in one cell (国有资本…<br>财政专户…);
    the next page prints them apart: the next page's columns are merged where the words join."""
    text = """\
### 收入总表

单位：万元

|科目编码|科目名称|总计|一般公共预算拨款收入|国有资本经营预算拨款收入<br>财政专户管理资金收入|事业收入|
|---|---|---|---|---|---|
||合计|300.00|200.00||100.00|
|206|科学技术支出|300.00|200.00||100.00|
|20601|科学技术管理事务|100.00|100.00|||

— 9 —

|科目编码|科目名称|总计|一般公共预算拨款收入|国有资本经营预算拨款收入|财政专户管理资金收入|事业收入|
|---|---|---|---|---|---|---|
|20602|基础研究|200.00|100.00|||100.00|
"""
    found = items(run(tmp_path, text), "income")
    assert found[("20602", "total")] == "200.00"
    assert found[("20602", "business_income")] == "100.00"
