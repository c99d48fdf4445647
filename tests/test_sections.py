"""Outline rules on small constructed documents (PDF-like: no Markdown markup)."""

from __future__ import annotations

import pytest

from extractor.model import Page, Prov, SourceDoc, SourceFormat, TextLine
from extractor.structure.numbering import parse_numbering
from extractor.structure.sections import build_outline


def doc_of(*pages: list[str]) -> SourceDoc:
    built = []
    for n, lines in enumerate(pages, start=1):
        blocks = tuple(TextLine(t, Prov(page=n, bbox=(50.0, 50.0 + 15 * i, 500.0, 62.0 + 15 * i))) for i, t in enumerate(lines))
        built.append(Page(n, blocks, 595.0, 842.0))
    return SourceDoc("x.pdf", "0" * 64, SourceFormat.PDF, tuple(built), len(built))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第二部分 预算公开表", ("第二部分", 1, "预算公开表")),
        ("第 三 部 分 情况说明", ("第三部分", 1, "情况说明")),
        ("十三、其他重要事项", ("十三、", 2, "其他重要事项")),
        ("（一）单位运行经费情况", ("（一）", 3, "单位运行经费情况")),
        ("(五)其他需说明的事项", ("(五)", 3, "其他需说明的事项")),
        ("1、项目名称：产教联合体建设", ("1、", 4, "项目名称：产教联合体建设")),
        ("9.2025年单位“三公”经费预算表", ("9.", 4, "2025年单位“三公”经费预算表")),
        ("(2)公务接待费", ("(2)", 5, "公务接待费")),
        ("1.9492 万元", None),
        ("2026年部门预算", None),
    ],
)
def test_parse_numbering(text: str, expected: tuple[str, int, str] | None) -> None:
    n = parse_numbering(text)
    assert (None if n is None else (n.label, n.rank, n.rest)) == expected


def test_toc_with_leaders_ends_and_unnumbered_body_headings_follow_it() -> None:
    doc = doc_of(
        ["目 录", "一、部门主要职能……………………", "二、部门机构设置……………………", "三、名词解释…………………"],
        ["上海市某区某局主要职能", "某局是主管本区某工作的区政府工作部门，主要职责是：", "（一）贯彻执行国家和本市有关法律、法规。"],
        ["上海市某区某局机构设置", "本部门中，行政单位1家。", "名词解释", "（一）财政拨款收入：是区级预算主管部门从本级财政部门取得的财政拨款。"],
    )
    toc, sections = build_outline(doc)
    assert [(e.numbering, e.title) for e in toc] == [("一、", "部门主要职能"), ("二、", "部门机构设置"), ("三、", "名词解释")]
    assert [(s.numbering, s.title, s.level, s.prov.page) for s in sections] == [
        ("一、", "上海市某区某局主要职能", 2, 2),
        ("二、", "上海市某区某局机构设置", 2, 3),
        ("三、", "名词解释", 2, 3),
    ]
    assert "贯彻执行" in sections[0].text


def test_toc_without_leaders_ends_at_repeated_title() -> None:
    doc = doc_of(
        ["目 录", "一、单位主要职能", "二、单位机构设置"],
        ["某办公室主要职能", "主要职能包括：", "1.根据区政府领导的要求，组织起草文件。"],
    )
    toc, sections = build_outline(doc)
    assert len(toc) == 2
    assert [s.title for s in sections] == ["某办公室主要职能"]


def test_restarted_numbering_nests_under_same_kind() -> None:
    doc = doc_of(["六、其他相关情况说明", "一、“三公”经费预算情况说明", "说明文字。", "二、机关运行经费预算", "七、项目经费情况说明", "一、项目概述"])
    _, sections = build_outline(doc)
    tree = [(s.numbering, s.level, next((p.numbering for p in sections if p.id == s.parent), None)) for s in sections]
    assert tree == [("六、", 2, None), ("一、", 3, "六、"), ("二、", 3, "六、"), ("七、", 2, None), ("一、", 3, "七、")]


def test_definitions_and_sentences_are_not_headings() -> None:
    doc = doc_of(
        [
            "第四部分 名词解释",
            "一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款",
            "二、基本支出 165.21 万元，比上年增加 20.14 万元",
            "三、名词",
        ]
    )
    _, sections = build_outline(doc)
    assert [s.numbering for s in sections] == ["第四部分", "三、"]


def test_bold_or_larger_numbered_line_is_heading_even_with_comma() -> None:
    lines = [
        TextLine("第三部分 说明", Prov(page=1), size=16.0),
        TextLine("（二）一般公共预算当年拨款结构情况，其中：", Prov(page=1), size=12.0, bold=True),
        TextLine("正文" * 30, Prov(page=1), size=10.5),
    ]
    doc = SourceDoc("x.pdf", "0" * 64, SourceFormat.PDF, (Page(1, tuple(lines)),), 1)
    _, sections = build_outline(doc)
    assert [s.numbering for s in sections] == ["第三部分", "（二）"]


def test_pdf_heading_wrapped_to_the_right_edge_is_joined() -> None:
    def at(text: str, top: float, x1: float) -> TextLine:
        return TextLine(text, Prov(page=1, bbox=(90.0, top, x1, top + 16)), size=16.0)

    lines = (
        at("第三部分 预算情况说明", 60, 300),
        at("九、一般公共预算“三公”经费、会议费、培训费支出", 100, 505),
        at("预算情况说明", 128, 186),
        at("省检察院2018年度一般公共预算拨款安排的“三公”经费预算支", 156, 505),
        at("出中，因公出国（境）费支出100万元。", 184, 400),
    )
    doc = SourceDoc("x.pdf", "0" * 64, SourceFormat.PDF, (Page(1, lines, 595.0, 842.0),), 1)
    _, sections = build_outline(doc)
    assert [s.title for s in sections] == ["预算情况说明", "一般公共预算“三公”经费、会议费、培训费支出预算情况说明"]
    assert sections[1].text.startswith("省检察院")
