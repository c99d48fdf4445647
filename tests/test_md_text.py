"""Text lines of the Markdown reader: headings, emphasis, markup, lists, HTML documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.model import SourceDoc, TableRegion, TextLine
from extractor.sources.inline import markup_to_cell, markup_to_segments, normalize_space, strip_comments
from extractor.sources.markdown import read_markdown


def read_text(text: str, html: bool = False) -> SourceDoc:
    return read_markdown(Path("t.html" if html else "t.md"), text.encode("utf-8"), "x", html=html)


def lines(text: str, html: bool = False) -> list[tuple[str, int | None, bool, tuple[int, int] | None]]:
    doc = read_text(text, html)
    return [(b.text, b.heading, b.bold, b.prov.lines) for _, b in doc.blocks() if isinstance(b, TextLine)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# 目录", ("目录", 1, False)),
        ("### **第三部分 说明**", ("第三部分 说明", 3, True)),
        ("#### <b>第四部分</b> ####", ("第四部分", 4, True)),
        ("**一、财政拨款：**指由一般公共预算", ("一、财政拨款：指由一般公共预算", None, False)),
        ("<strong>表1</strong>", ("表1", None, True)),
        ("- 1.科学技术支出", ("1.科学技术支出", None, False)),
        ("* 第二项", ("第二项", None, False)),
        ("编制部门(单位): 昌吉  ", ("编制部门(单位): 昌吉", None, False)),
        ("  收 入   总   计 ", ("收 入 总 计", None, False)),
        ("收\u3000入", ("收\u3000入", None, False)),
        ("<p>段落</p>", ("段落", None, False)),
        ("A &amp; B &lt;b&gt; &nbsp;C", ("A & B <b> C", None, False)),
        (r"\*\*不是粗体\*\*", ("**不是粗体**", None, False)),
        ("![图](images/a.jpg) 见 [附件](http://x)", ("图 见 附件", None, False)),
        (">=90% 达标", (">=90% 达标", None, False)),
        ("#1 不是标题", ("#1 不是标题", None, False)),
        ("text <!-- hidden --> shown", ("text shown", None, False)),
    ],
)
def test_one_line(source: str, expected: tuple[str, int | None, bool]) -> None:
    [(text, heading, bold, prov)] = lines(source)
    assert (text, heading, bold) == expected
    assert prov == (1, 1)


def test_bold_spanning_two_lines_marks_both() -> None:
    got = lines("**昌吉高新区  \n2026 年部门预算公开**\n\n正文")
    assert got == [
        ("昌吉高新区", None, True, (1, 1)),
        ("2026 年部门预算公开", None, True, (2, 2)),
        ("正文", None, False, (4, 4)),
    ]


def test_html_bold_spanning_two_lines_marks_both() -> None:
    assert [(g[0], g[2]) for g in lines("<b>第一行\n第二行</b>\n\n后")] == [
        ("第一行", True),
        ("第二行", True),
        ("后", False),
    ]


def test_unmatched_bold_marker_does_not_leak() -> None:
    got = lines("**注意\n下一行\n再下一行")
    assert [g[2] for g in got] == [False, False, False]
    assert got[0][0] == "注意"


def test_bold_does_not_cross_a_blank_line() -> None:
    got = lines("<b>开始\n\n后面")
    assert [(g[0], g[2]) for g in got] == [("开始", True), ("后面", False)]


def test_br_splits_a_line_into_lines_with_the_same_provenance() -> None:
    assert lines("第一<br>第二<br/>") == [("第一", None, False, (1, 1)), ("第二", None, False, (1, 1))]


def test_heading_split_over_two_lines_stays_two_lines() -> None:
    """As in the seed (lines 431/433): the sections stage must join them; the reader keeps them."""
    got = lines("#### 三、关于支出预\n\n## 算情况说明")
    assert got == [("三、关于支出预", 4, False, (1, 1)), ("算情况说明", 2, False, (3, 3))]


def test_rules_and_fences_are_not_text() -> None:
    assert [g[0] for g in lines("上\n\n---\n\n```\n代码\n```\n下")] == ["上", "代码", "下"]


def test_html_document_lines_headings_and_tables() -> None:
    doc = read_text(
        "<html><head><title>标题</title><style>p{}</style></head><body>\n"
        "<h2>一、概况</h2><p>&nbsp;&nbsp;第一段<br>第二段</p>\n"
        "<!-- 注释 <div> -->\n"
        "<p><b>粗体</b>行</p><div><strong>全粗</strong></div>\n"
        "<script>var x = '<p>no</p>';</script>\n"
        "<table><tr><th>项目</th><th>金额</th></tr><tr><td>合计</td><td>1.5</td></tr></table>尾\n"
        "</body></html>",
        html=True,
    )
    blocks = [b for _, b in doc.blocks()]
    texts = [(b.text, b.heading, b.bold, b.prov.lines) for b in blocks if isinstance(b, TextLine)]
    assert texts == [
        ("标题", None, False, (1, 1)),
        ("一、概况", 2, False, (2, 2)),
        ("第一段", None, False, (2, 2)),
        ("第二段", None, False, (2, 2)),
        ("粗体行", None, False, (4, 4)),
        ("全粗", None, True, (4, 4)),
        ("尾", None, False, (6, 6)),
    ]
    [table] = [b for b in blocks if isinstance(b, TableRegion)]
    assert table.grid.matrix() == [["项目", "金额"], ["合计", "1.5"]]
    assert table.header_rows == 1 and table.prov.lines == (6, 6)


def test_html_document_with_cr_line_ends_keeps_line_numbers() -> None:
    assert [(g[0], g[3]) for g in lines("<p>一</p>\r<p>二</p>\r\n<p>三</p>", html=True)] == [
        ("一", (1, 1)),
        ("二", (2, 2)),
        ("三", (3, 3)),
    ]


def test_html_text_spanning_lines_gets_a_line_span() -> None:
    [(text, _, _, prov)] = lines("<p>第一\n第二</p>", html=True)
    assert (text, prov) == ("第一 第二", (1, 2))


def test_markup_to_cell_paragraphs_and_breaks() -> None:
    cell = markup_to_cell("<p>甲</p> <p>乙</p>")
    assert (cell.text, cell.breaks) == ("甲\n乙", ())
    cell = markup_to_cell("甲<br>3755.2")
    assert (cell.text, cell.breaks) == ("甲\n3755.2", ("甲", "3755.2"))
    assert markup_to_cell("**总计**").bold and not markup_to_cell("**总**计").bold
    assert markup_to_cell("<=0.88万元").text == "<=0.88万元"


def test_inline_helpers() -> None:
    assert normalize_space(" a \t b\u3000c ") == "a b\u3000c"
    assert strip_comments("a<!--x-->b<!--unclosed") == "ab"
    segments, state = markup_to_segments("**open")
    assert state.star_bold and segments[0].bold
