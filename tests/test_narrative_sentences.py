"""Section text → sentences: terminators, line breaks inside sentences, list items, provenance."""

from __future__ import annotations

import pytest

from extractor.model import Prov, Section
from extractor.semantics.sentences import Sentence, sentence_prov, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 。 and ； end sentences; numbers with a decimal point stay whole
        (
            "收支总预算3920.41万元。收入预算包括：一般公共预算。",
            ["收支总预算3920.41万元。", "收入预算包括：一般公共预算。"],
        ),
        (
            "事业单位医疗（项）：预算数为 5.37 万元；公务员医疗补助（项）",
            ["事业单位医疗（项）：预算数为 5.37 万元；", "公务员医疗补助（项）"],
        ),
        # a sentence broken over a blank line (Markdown) is joined
        (
            "（项）：2026 年\n\n预算数为 9.22 万元，相比上年预算无变化。",
            ["（项）：2026 年预算数为 9.22 万元，相比上年预算无变化。"],
        ),
        (
            "政府采购预算\n\n5.9855 万元，其中：货物 1.3355 万元。",
            ["政府采购预算5.9855 万元，其中：货物 1.3355 万元。"],
        ),
        # PDF line wrap inside a number's unit and inside a word (Shanghai final accounts, Jiangsu)
        ("全年预算为 9.00 万元，支出决算为 6.18 万\n元。", ["全年预算为 9.00 万元，支出决算为 6.18 万元。"]),
        (
            "与上年相比收、支预算总计各增加3205.79万元，增长\n4\n13.11%。其中：",
            ["与上年相比收、支预算总计各增加3205.79万元，增长13.11%。", "其中："],
        ),
        # a line ending in a colon closes the sentence
        (
            "收入预算3920.41万元，其中：\n\n一般公共预算3920.41万元，占100%",
            ["收入预算3920.41万元，其中：", "一般公共预算3920.41万元，占100%"],
        ),
        # list items and label lines start new sentences even when the previous line has no 。
        (
            "- 2.社会保障和就业支出（208 类）13.74 万元，占 0.35%\n- 3.卫生健康支出（210 类）8.08 万元",
            ["- 2.社会保障和就业支出（208 类）13.74 万元，占 0.35%", "- 3.卫生健康支出（210 类）8.08 万元"],
        ),
        (
            "预算安排规模：1 万元\n\n项目承担单位：高新区创业创新服务中心",
            ["预算安排规模：1 万元", "项目承担单位：高新区创业创新服务中心"],
        ),
        (
            "（一）因公出国（境）费0万元\n（二）公务用车购置及运行费9.98万元",
            ["（一）因公出国（境）费0万元", "（二）公务用车购置及运行费9.98万元"],
        ),
        # a wrapped line starting with a number is not a list item
        ("截至2025年底，办公设备价值\n1.9492 万元。", ["截至2025年底，办公设备价值1.9492 万元。"]),
        # a line ending inside brackets goes on (PDF): "…缴费支出（" / "项）：2026 年"
        (
            "养老保险缴费支出（\n项）：2026 年\n预算数为 9.22 万元，相比上年预算无变化；",
            ["养老保险缴费支出（项）：2026 年预算数为 9.22 万元，相比上年预算无变化；"],
        ),
        # markup is removed
        ("**（二）政府采购情况**", ["（二）政府采购情况"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_sentences_remember_their_lines() -> None:
    sentences = split_sentences("第一句。\n\n第二句在\n\n两行。")
    assert sentences == (Sentence("第一句。", 0, 0), Sentence("第二句在两行。", 2, 4))


def test_markdown_provenance_counts_from_the_line_after_the_heading() -> None:
    section = Section("s1", 2, "", "标题", "甲。\n\n乙在\n\n两行。", None, Prov(lines=(10, 15)))
    first, second = split_sentences(section.text)
    assert sentence_prov(section, first) == Prov(lines=(11, 11))
    assert sentence_prov(section, second) == Prov(lines=(13, 15))


def test_line_provenance_is_used_when_the_sections_stage_gives_it() -> None:
    lines = (Prov(lines=(21, 21)), Prov(lines=(22, 22)), Prov(lines=(23, 23)))
    section = Section("s1", 2, "", "标题", "甲在\n\n两行。", None, Prov(lines=(19, 23)), line_provs=lines)
    assert sentence_prov(section, split_sentences(section.text)[0]) == Prov(lines=(21, 23))


def test_pdf_provenance_is_the_page() -> None:
    section = Section("s1", 2, "", "标题", "甲。", None, Prov(page=7, bbox=(0, 0, 10, 10)))
    assert sentence_prov(section, split_sentences(section.text)[0]) == Prov(page=7)
