"""Document metadata from the cover, the tables and the file name."""

from __future__ import annotations

from dataclasses import replace

import pytest
from semantics_support import make_doc, make_table

from extractor.semantics.metadata import document_kind, document_meta, document_scope, year_from_filename


def test_seed_like_cover() -> None:
    doc = make_doc(
        ["**昌吉高新技术产业开发区创业创新投资服务中心", "2026 年部门预算公开**", "目 录", "第一部分 概况"]
    )
    meta = document_meta(doc, (), ())
    assert (meta.entity, meta.fiscal_year, meta.kind, meta.scope) == (
        "昌吉高新技术产业开发区创业创新投资服务中心",
        2026,
        "budget",
        "department",
    )
    assert meta.title == "昌吉高新技术产业开发区创业创新投资服务中心2026年部门预算公开"


def test_shanghai_cover_with_entity_line_and_unit_scope() -> None:
    doc = make_doc(
        ["上海市普陀区2026年区级单位预算", "预算单位：上海市普陀区司法局", "目录", "一、单位主要职能"]
    )
    meta = document_meta(doc, (), ())
    assert (meta.entity, meta.fiscal_year, meta.kind, meta.scope) == (
        "上海市普陀区司法局",
        2026,
        "budget",
        "unit",
    )


def test_final_accounts_cover_broken_over_lines() -> None:
    doc = make_doc(["中共上海市普陀区委", "社会工作部 2024 年度", "部门决算", "目录"])
    meta = document_meta(doc, (), ())
    assert (meta.entity, meta.fiscal_year, meta.kind, meta.scope) == (
        "中共上海市普陀区委社会工作部",
        2024,
        "final_accounts",
        "department",
    )


def test_tables_only_document_uses_table_departments() -> None:
    doc = make_doc(["收支预算总表", "单位：万元"], path="江苏省委办公厅2019年度部门预算公开表格.pdf")
    table = replace(
        make_table([["项目", "金额"], ["收入合计", "1"]], title="收支预算总表"),
        department="中共江苏省委办公厅",
    )
    meta = document_meta(doc, (), (table,))
    assert (meta.entity, meta.fiscal_year, meta.kind, meta.scope, meta.title) == (
        "中共江苏省委办公厅",
        2019,
        "budget",
        "department",
        None,
    )


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("省法院2017年度部门预算公开.pdf", 2017),
        ("上海市普陀区人民政府办公室单位25年预算.pdf", 2025),
        ("中共上海市普陀区委社会工作部 2024 年度部门决算.pdf", 2024),
        ("dept_budget_2026.pdf", 2026),
        ("1769321433314-826553525.pdf", None),
    ],
)
def test_year_from_filename(name: str, year: int | None) -> None:
    assert year_from_filename(name) == year


def test_file_name_fills_what_the_cover_lacks() -> None:
    meta = document_meta(make_doc(["正文"], path="/x/上海市普陀区人民政府办公室单位25年预算.pdf"), (), ())
    assert (meta.entity, meta.fiscal_year, meta.kind, meta.scope) == (
        "上海市普陀区人民政府办公室单位",
        2025,
        "budget",
        "unit",
    )


@pytest.mark.parametrize(
    ("texts", "kind", "scope"),
    [
        (["2024 年度部门决算"], "final_accounts", "department"),
        (["省法院2017年度部门预算公开.pdf"], "budget", "department"),
        (["2024年预算单位财务收支预算总表"], "budget", "unit"),
        (["说明"], None, None),
    ],
)
def test_kind_and_scope(texts: list[str], kind: str | None, scope: str | None) -> None:
    assert document_kind(texts) == kind
    assert document_scope(texts) == scope
