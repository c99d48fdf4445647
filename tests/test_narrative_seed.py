"""The seed's 第三部分 and 绩效目标表 → facts (issue #4 acceptance: projects, 绩效目标表, 政府采购).

Runs on Sections and Tables built straight from the seed Markdown (``narrative_support``), and on
the pipeline's own output once the Markdown reader is available.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from narrative_support import SEED, compact, seed_sections, seed_tables

from extractor.model import DocumentMeta, Fact
from extractor.semantics.narrative import narrative_facts


@pytest.fixture(scope="module")
def facts() -> tuple[Fact, ...]:
    meta = DocumentMeta("昌吉高新区创业创新服务中心", 2026, "budget", None)
    return narrative_facts(seed_sections(), seed_tables(), meta)


def of_kind(facts: tuple[Fact, ...], kind: str) -> list[Fact]:
    return [f for f in facts if f.kind == kind]


def assert_seed_facts(facts: tuple[Fact, ...]) -> None:
    """What the seed must give, whatever built its sections and tables."""
    assert [compact(f) for f in of_kind(facts, "procurement")] == [
        ("procurement", "total", "59855"),
        ("procurement", "goods", "13355"),
        ("procurement", "works", "0"),
        ("procurement", "services", "46500"),
        ("procurement", "sme_reserved", "59855"),
        ("procurement", "small_micro_reserved", "59855"),
    ]
    assert [compact(f, "undertaker") for f in of_kind(facts, "project")] == [
        ("project", "产教联合体建设", "10000", "高新区创业创新服务中心"),
        ("project", "科技创新经费", "32000", "高新区创业创新服务中心"),
        ("project", "科技计划项目评审", "10000", "高新区创业创新服务中心"),
        ("project", "科技政策奖补资金", "37500000", "高新区创业创新服务中心"),
    ]
    targets = of_kind(facts, "performance_target")
    assert [compact(f, "scope", "indicators") for f in targets] == [
        ("performance_target", "昌吉高新区创业创新服务中心", "39204100", "overall", "4"),
        ("performance_target", "产教联合体建设", "10000", "project", "8"),
        ("performance_target", "科技创新经费", "32000", "project", "10"),
        ("performance_target", "科技计划项目评审", "10000", "project", "8"),
        ("performance_target", "科技政策奖补资金", "37500000", "project", "11"),
    ]
    assert len(of_kind(facts, "performance_indicator")) == 41
    assert [compact(f) for f in of_kind(facts, "three_public")] == [
        ("three_public", "total", "0"),
        ("three_public", "outbound_travel", "0"),
        ("three_public", "vehicle_purchase", "0"),
        ("three_public", "vehicle_operation", "0"),
        ("three_public", "reception", "0"),
    ]
    assert [compact(f, "count") for f in of_kind(facts, "performance_summary")] == [
        ("performance_summary", "overall", "39204100", "1"),
        ("performance_summary", "targets", "37552000", "4"),
    ]
    (office,) = of_kind(facts, "office_operation")
    assert (office.amount_yuan, dict(office.values)["change_yuan"]) == (Decimal("49200"), "12900")


def test_seed_facts(facts: tuple[Fact, ...]) -> None:
    assert_seed_facts(facts)


def test_seed_counts_per_kind(facts: tuple[Fact, ...]) -> None:
    assert Counter(f.kind for f in facts) == {
        "total": 23,
        "change": 15,
        "share": 7,
        "code_amount": 8,
        "three_public": 5,
        "office_operation": 1,
        "procurement": 6,
        "state_assets": 3,
        "project": 4,
        "performance_target": 5,
        "performance_indicator": 41,
        "performance_summary": 2,
        "entrusted_services": 2,
    }


def test_seed_totals_keep_the_printed_defects(facts: tuple[Fact, ...]) -> None:
    # 四 says 一般公共服务支出 (201) 3920.41 万元; 五（三） gives 2060404 as 3890.91 万元: kept as printed
    classes = [compact(f, "code") for f in of_kind(facts, "total") if f.label == "function_class"]
    assert classes[0] == ("total", "function_class", "39204100", "201")
    code_amounts = {dict(f.values).get("code"): f.amount_yuan for f in of_kind(facts, "code_amount")}
    assert code_amounts["2060404"] == Decimal("38909100")
    assert set(code_amounts) == {
        "2060404",
        "2060501",
        "2080505",
        "2080506",
        "2101102",
        "2101103",
        "2101199",
        "2210201",
    }


def test_seed_facts_point_at_their_source_lines(facts: tuple[Fact, ...]) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for fact in facts:
        assert fact.prov.lines is not None
        first, last = fact.prov.lines
        source = "".join(lines[first - 1 : last]).replace("**", "")
        if fact.kind not in ("project", "performance_target", "performance_indicator"):
            assert fact.sentence.replace(" ", "") in source.replace(" ", ""), fact


def test_seed_through_the_pipeline() -> None:
    from extractor.pipeline import extract

    assert_seed_facts(extract(SEED).facts)


def test_seed_pdf_gives_the_same_facts() -> None:
    # the PDF rendering wraps lines inside chains ("…缴费支出（" / "项）") and splits the last
    # 绩效目标表 over two pages
    from extractor.pipeline import extract

    pdf = extract(SEED.parents[1] / "pdf" / "seed.pdf").facts
    assert_seed_facts(pdf)
    key = lambda f: (f.kind, f.label, f.amount_yuan)  # noqa: E731
    assert Counter(map(key, pdf)) == Counter(map(key, extract(SEED).facts))
