"""Classification codes: single column, fused with names, split 类|款|项 with blank parents."""

from __future__ import annotations

import pytest

from extractor.semantics.codelists import name_agrees, reference_name
from extractor.semantics.codes import (
    Classification,
    Level,
    code_from_cell,
    code_parent,
    names_disagree,
    split_codes,
    split_fused,
)


@pytest.mark.parametrize(
    ("text", "code", "level", "parent", "classification"),
    [
        ("2060404", "2060404", Level.XIANG, "20604", Classification.FUNCTIONAL),
        ("20604", "20604", Level.KUAN, "206", Classification.FUNCTIONAL),
        ("206", "206", Level.LEI, None, Classification.FUNCTIONAL),
        ("30101", "30101", Level.KUAN, "301", Classification.ECONOMIC),
        ("50101", "50101", Level.KUAN, "501", Classification.ECONOMIC),
        (" <b>221</b> ", "221", Level.LEI, None, Classification.FUNCTIONAL),
    ],
)
def test_single_column_codes(
    text: str, code: str, level: Level, parent: str | None, classification: Classification
) -> None:
    found = code_from_cell(text)
    assert found is not None
    assert (found.code, found.level, found.parent, found.classification) == (
        code,
        level,
        parent,
        classification,
    )


@pytest.mark.parametrize("text", ["3920.41", "12,345", "2026", "199", "538,440", "04", "", "总计"])
def test_not_codes(text: str) -> None:
    assert code_from_cell(text) is None


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("2060404科技成果转化与扩散", "2060404", "科技成果转化与扩散"),
        ("30228工会经费", "30228", "工会经费"),
        ("206 科学技术支出", "206", "科学技术支出"),
        ("201、一般公共服务支出", "201", "一般公共服务支出"),
    ],
)
def test_codes_fused_with_names(text: str, code: str, name: str) -> None:
    assert split_fused(text) == (code, name)
    found = code_from_cell(text)
    assert found is not None and (found.code, found.name) == (code, name)


def test_fused_rejects_numbers_and_list_markers() -> None:
    assert split_fused("2.政府性基金预算拨款") is None
    assert split_fused("2026年预算") is None
    assert split_fused("538,440") is None


def test_split_columns_with_blank_parents() -> None:
    rows = [["206", "", ""], ["", "04", ""], ["", "", "04"], ["", "05", ""], ["", "", "01"], ["", "", ""]]
    codes = split_codes(rows)
    assert [c.code if c else None for c in codes] == ["206", "20604", "2060404", "20605", "2060501", None]
    assert [c.level.value if c else None for c in codes] == ["类", "款", "项", "款", "项", None]


def test_split_columns_with_repeated_parents() -> None:
    rows = [["204", "", ""], ["204", "06", ""], ["204", "06", "01"], ["208", "05", "05"]]
    assert [c.code for c in split_codes(rows) if c] == ["204", "20406", "2040601", "2080505"]


def test_split_column_malformed_lei_taken_from_context_and_printed_kept() -> None:
    rows = [["210", "", ""], ["210", "11", ""], ["7", "11", "02"]]
    last = split_codes(rows)[-1]
    assert last is not None
    assert (last.code, last.printed) == ("2101102", "7 | 11 | 02")


def test_split_economic_two_columns_and_names() -> None:
    codes = split_codes(
        [["301", ""], ["", "01"], ["302", "28"]], names=["工资福利支出", "基本工资", "工会经费"]
    )
    assert [(c.code, c.name) for c in codes if c] == [
        ("301", "工资福利支出"),
        ("30101", "基本工资"),
        ("30228", "工会经费"),
    ]
    assert all(c is not None and c.classification is Classification.ECONOMIC for c in codes)


def test_split_text_in_code_columns_is_no_code() -> None:
    codes = split_codes([["221", "02", "03"], ["合计", "", ""], ["人员经费合计", "", ""]])
    assert [c.code if c else None for c in codes] == ["2210203", None, None]


def test_split_whole_code_in_first_column() -> None:
    assert [c.code for c in split_codes([["2080505", "", ""]]) if c] == ["2080505"]


def test_parent_chain() -> None:
    assert code_parent("2060404") == "20604"
    assert code_parent("20604") == "206"
    assert code_parent("206") is None


def test_names_compared_with_code_lists() -> None:
    assert reference_name("30101") == "基本工资"
    assert name_agrees("210", "医疗卫生与计划生育支出") is True  # older name accepted
    assert name_agrees("30101", "基本 工资") is True
    assert name_agrees("30101", "津贴补贴") is False
    assert name_agrees("9999999", "x") is None
    typo = code_from_cell("30201", name="办 公 费")
    assert typo is not None and not names_disagree(typo)
    wrong = code_from_cell("30202", name="咨询费")  # a unit's local numbering
    assert wrong is not None and names_disagree(wrong)
