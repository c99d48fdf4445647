"""Tab, pipe and HTML tables in Markdown, and the repairs of converter damage, case by case."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.model import SourceDoc, TableRegion, TextLine
from extractor.sources.markdown import read_markdown
from extractor.sources.md_tables import is_pipe_separator, split_pipe_row
from extractor.sources.raw_tables import RawCell
from extractor.sources.table_repair import (
    CellKind,
    cell_kind,
    join_smeared_headers,
    join_split_numbers,
    realign_sparse_row,
    row_looks_like_data,
)


def read_text(text: str) -> SourceDoc:
    return read_markdown(Path("t.md"), text.encode("utf-8"), "x")


def regions(text: str) -> list[TableRegion]:
    return [b for _, b in read_text(text).blocks() if isinstance(b, TableRegion)]


def grid(text: str) -> list[list[str]]:
    [region] = regions(text)
    return region.grid.matrix()


def cells(*texts: str) -> list[RawCell]:
    return [RawCell(t, 1, 1) for t in texts]


# ---------------------------------------------------------------- tab tables


def test_tab_rows_keep_empty_cells_and_pad_short_rows() -> None:
    assert grid("收 入\t\t支 出\t\n项 目\t预算数\n") == [
        ["收 入", "", "支 出", ""],
        ["项 目", "预算数", "", ""],
    ]


def test_tab_table_ends_at_a_blank_line_and_text_follows() -> None:
    doc = read_text("a\tb\nc\td\n\n备注: 无\n")
    blocks = [b for _, b in doc.blocks()]
    assert isinstance(blocks[0], TableRegion) and blocks[0].prov.lines == (1, 2)
    assert isinstance(blocks[1], TextLine) and blocks[1].prov.lines == (4, 4)


def test_one_blank_line_inside_a_table_is_bridged_for_data_rows_only() -> None:
    assert len(regions("项目\t金额\n基本\t1.5\n\n项目\t2.5\n")) == 1
    assert len(regions("项目\t金额\n基本\t1.5\n\n标题\t说明\n")) == 2
    assert len(regions("项目\t金额\n总计\t1.5\n\n其他\t2.5\n")) == 2  # the total ended the table
    assert len(regions("a\tb\n1\t2.5\n\n\nc\t3.5\n")) == 2  # two blank lines always end it


def test_lone_tab_line_with_one_text_is_a_text_line() -> None:
    doc = read_text("单位：万元\t\n")
    assert [b.text for _, b in doc.blocks() if isinstance(b, TextLine)] == ["单位：万元"]
    doc = read_text("\t\t总 计\t\n")
    assert [(b.text, b.prov.lines) for _, b in doc.blocks()] == [("总 计", (1, 1))]


def test_lines_with_trailing_tabs_only_are_text() -> None:
    doc = read_text("第一段\t\n第二段\t\t\n")
    assert [(type(b).__name__, b.prov.lines) for _, b in doc.blocks()] == [
        ("TextLine", (1, 1)),
        ("TextLine", (2, 2)),
    ]


# ---------------------------------------------------------------- pipe tables


def test_pipe_table_with_header_line() -> None:
    [t] = regions("| 项目 | 预算数 |\n|:---|---:|\n| 一、本年收入 | 3920.41 |\n")
    assert t.header_rows == 1 and t.grid.matrix() == [["项目", "预算数"], ["一、本年收入", "3920.41"]]
    assert t.prov.lines == (1, 3) and t.grid.at(1, 1).prov.lines == (3, 3)  # type: ignore[union-attr]


def test_pipe_table_without_separator_and_without_outer_pipes() -> None:
    [t] = regions("| a | b |\n| c | d |\n")
    assert t.header_rows is None and t.grid.matrix() == [["a", "b"], ["c", "d"]]
    assert grid("a | b\n--- | ---\nc | d\n") == [["a", "b"], ["c", "d"]]


def test_escaped_pipes_and_bold_cells() -> None:
    [t] = regions("| a \\| b | **合计** |\n|---|---|\n| x | 1 |\n")
    assert t.grid.matrix()[0] == ["a | b", "合计"]
    assert t.grid.at(0, 1).bold  # type: ignore[union-attr]


def test_promoted_header_line_that_is_data_is_not_a_header() -> None:
    [t] = regions("| 208 | 05 | 06 | 职业年金 | 4.52 |\n|---|---|---|---|---|\n| 210 | | | 卫生 | 8.08 |\n")
    assert t.header_rows is None and t.grid.n_rows == 2
    [t] = regions("| 2060404科技成果转化 | 3755 |\n|---|---|\n| x | 1 |\n")
    assert t.header_rows is None


def test_a_separator_inside_a_run_starts_a_new_table() -> None:
    tables = regions("| h | i |\n|---|---|\n| a | 1.5 |\n| 206 | 2.5 |\n|---|---|\n| b | 3.5 |\n")
    assert [t.grid.matrix() for t in tables] == [[["h", "i"], ["a", "1.5"]], [["206", "2.5"], ["b", "3.5"]]]
    assert [t.header_rows for t in tables] == [1, None]


def test_pipe_helpers() -> None:
    assert split_pipe_row("| a | b\\|c | |") == [" a ", " b|c ", " "]
    assert is_pipe_separator("|---|:---:|") and is_pipe_separator("--- | ---")
    assert not is_pipe_separator("| - | - |") and not is_pipe_separator("---")


# ---------------------------------------------------------------- HTML tables


def test_html_table_spans_th_and_markup() -> None:
    [t] = regions(
        '<table><thead><tr><th rowspan="2">项目</th><th colspan="2">支出</th></tr>'
        "<tr><th>基本</th><th>项目</th></tr></thead>"
        "<tr><td><b>合计</b></td><td>1&nbsp;</td><td><p>多</p><p>段</p></td></tr></table>"
    )
    assert t.header_rows == 2
    assert t.grid.matrix(fill_spans=True) == [
        ["项目", "支出", "支出"],
        ["项目", "基本", "项目"],
        ["合计", "1", "多\n段"],
    ]
    assert t.grid.at(2, 0).bold  # type: ignore[union-attr]


def test_html_table_over_many_lines_with_missing_closing_tags() -> None:
    doc = read_text("前\n<table>\n<tr><td>a<td>b\n<tr><td>c\n<td>d\n</table> 后\n")
    blocks = [b for _, b in doc.blocks()]
    assert [type(b).__name__ for b in blocks] == ["TextLine", "TableRegion", "TextLine"]
    t = blocks[1]
    assert isinstance(t, TableRegion) and t.grid.matrix() == [["a", "b"], ["c", "d"]]
    assert t.prov.lines == (2, 6) and t.grid.at(1, 1).prov.lines == (5, 5)  # type: ignore[union-attr]
    assert isinstance(blocks[2], TextLine) and (blocks[2].text, blocks[2].prov.lines) == ("后", (6, 6))


def test_unclosed_html_table_stops_at_a_heading_or_prose() -> None:
    doc = read_text("<table><tr><td>a</td>\n# 标题\n正文\n")
    kinds = [(type(b).__name__, b.prov.lines) for _, b in doc.blocks()]
    assert kinds == [("TableRegion", (1, 1)), ("TextLine", (2, 2)), ("TextLine", (3, 3))]
    doc = read_text("<table><tr><td>a</td>\n\n正文\n")
    assert [type(b).__name__ for _, b in doc.blocks()] == ["TableRegion", "TextLine"]


def test_nested_table_becomes_text_of_its_cell() -> None:
    assert grid("<table><tr><td>外<table><tr><td>内</td></tr></table></td><td>2</td></tr></table>") == [
        ["外\n内", "2"]
    ]


def test_absurd_spans_are_clamped() -> None:
    [t] = regions(
        '<table><tr><td colspan="100000" rowspan="100000">x</td></tr><tr><td>a</td><td>b</td></tr></table>'
    )
    assert t.grid.n_rows == 2 and t.grid.n_cols <= 1000
    x = t.grid.at(0, 0)
    assert x is not None and x.rowspan == 2 and x.colspan <= 1000
    [t] = regions(
        '<table><tr><td colspan="99999">x</td></tr>'
        + "<tr><td>a</td><td>b</td><td>c</td></tr>" * 3
        + "</table>"
    )
    assert t.grid.n_cols == 3


def test_mineru_wrapper_tags_around_a_table_leave_no_text() -> None:
    doc = read_text("表1\n<html><body><table><tr><td colspan=2>收 入</td></tr></table></body></html>\n单位")
    kinds = [(type(b).__name__, b.prov.lines) for _, b in doc.blocks()]
    assert kinds == [("TextLine", (1, 1)), ("TableRegion", (2, 2)), ("TextLine", (3, 3))]


def test_two_tables_on_one_line() -> None:
    assert len(regions("<table><tr><td>a</td></tr></table><table><tr><td>b</td></tr></table>")) == 2


# ---------------------------------------------------------------- repairs, case by case


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("881", ",803.00", "x"), ["881,803.00", "x"]),
        (("3", ",920.41"), ["3,920.41"]),
        (("1", ",234", ",567.8"), ["1,234,567.8"]),
        (("3920", ".41"), ["3920.41"]),
        (("206", "04"), ["206", "04"]),
        (("收入", ",920.41"), ["收入", ",920.41"]),
    ],
)
def test_join_split_numbers(texts: tuple[str, ...], expected: list[str]) -> None:
    row, _ = join_split_numbers(cells(*texts))
    assert [c.text for c in row] == expected


def test_br_glue_is_split_only_when_the_row_is_short() -> None:
    text = "a\tb\tc\n甲<br>1.5\t2.5\n"
    assert grid(text)[1] == ["甲", "1.5", "2.5"]
    assert grid("a\tb\n甲<br>1.5\t2.5\n")[1] == ["甲\n1.5", "2.5"]  # full row: kept


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("本年支", "出", "合", "计"), ["本年支出", "", "合计", ""]),
        (("基本", "支出", "项目支出"), ["基本支出", "", "项目支出"]),
        (("项目", "预算数"), ["项目", "预算数"]),
        (("基本支出", "项目支出"), ["基本支出", "项目支出"]),
        (("本", "年支", "出"), ["本年支出", "", ""]),
    ],
)
def test_join_smeared_headers(row: tuple[str, ...], expected: list[str]) -> None:
    joined, _ = join_smeared_headers(cells(*row))
    assert [c.text for c in joined] == expected


def test_smear_is_repaired_in_header_rows_only() -> None:
    assert grid("本年支\t出\n收入\t1.5\n") == [["本年支出", ""], ["收入", "1.5"]]
    assert grid("项目\t金额\n206\t1.5\n合\t计\n")[2] == ["合", "计"]


def _profile() -> list[frozenset[CellKind]]:
    code, text, amount = frozenset({CellKind.CODE}), frozenset({CellKind.TEXT}), frozenset({CellKind.AMOUNT})
    return [code, code, text, amount, amount, frozenset()]


def test_realign_sparse_row_unique_and_ambiguous() -> None:
    row = realign_sparse_row(cells("206", "科学技术支出", "3890.91", "3890.91"), _profile())
    assert row is not None and [c.text for c in row] == ["206", "", "科学技术支出", "3890.91", "3890.91", ""]
    row = realign_sparse_row(cells("206", "04", "名称", "1.5", "2.5"), _profile())
    assert row is not None and [c.text for c in row] == ["206", "04", "名称", "1.5", "2.5", ""]
    assert realign_sparse_row(cells("206", "名称", "1.5"), _profile()) is None  # col 3 or 4?
    assert realign_sparse_row(cells("名称", "1.5"), _profile()) is None  # 1.5 under col 3 or 4?
    assert realign_sparse_row(cells("206", "", "名称"), _profile()) is None  # printed empties: not sparse


def test_sparse_rows_in_a_pipe_table() -> None:
    text = "| 类 | 款 | 名称 | 合计 | 基本 |\n|---|---|---|---|---|\n| 206 | 04 | 甲 | 1.5 | 1.5 |\n| 206 | 乙 | 2.5 | 2.5 |\n"
    assert grid(text)[2] == ["206", "", "乙", "2.5", "2.5"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("206", CellKind.CODE),
        ("04", CellKind.CODE),
        ("3920.41", CellKind.AMOUNT),
        ("1", CellKind.AMOUNT),
        ("-", CellKind.AMOUNT),
        ("201 一般公共服务支出", CellKind.CODED),
        ("2060404科技", CellKind.CODED),
        ("2026年12月10日", CellKind.TEXT),
        ("", CellKind.EMPTY),
        ("合 计", CellKind.TEXT),
    ],
)
def test_cell_kind(text: str, kind: CellKind) -> None:
    assert cell_kind(text) is kind


def test_row_looks_like_data() -> None:
    assert row_looks_like_data(["其他", "3920.41"]) and row_looks_like_data(["206", "", "科学"])
    assert not row_looks_like_data(["项目", "2026年预算数"]) and not row_looks_like_data(["1", "2", "3"])
