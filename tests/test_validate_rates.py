"""Within the narrative: change vs growth rate, shares vs amounts (cases from real documents)."""

from __future__ import annotations

import pytest
from validate_support import compact, fact, wan

from extractor.validate.rates import check_rates


def _change(change: str, percent: str, current: str, direction: str = "increase") -> object:
    sign = "-" if direction == "decrease" else ""
    return fact(
        "change",
        None,
        sign + change,
        direction=direction,
        change_yuan=str(wan(sign + change)),
        percent=sign + percent,
        percent_printed=percent,
        current_yuan=str(wan(current)),
    )


@pytest.mark.parametrize(
    ("change", "percent", "current", "direction", "expected"),
    [
        ("20.14", "13.88", "165.21", "increase", None),  # seed 基本支出
        ("1.29", "35.53", "4.92", "increase", None),  # seed 机关运行经费: small base, wide interval
        ("3958.67", "21.95", "21955.35", "increase", "error"),  # Jiangsu 2018: is 22.00%
        ("21.8", "0.06", "3666", "increase", "error"),  # is 0.60%
        ("134", "0.66", "1895", "decrease", "error"),  # is 6.60%
        ("2915.22", "36.58", "10883.36", "increase", "warning"),  # 36.586: truncated
        ("184.96", "9.1", "1836.22", "decrease", "warning"),  # is 9.15, "9.2" at one decimal
        ("307.82", "100.00", "307.82", "increase", "error"),  # no base year: no growth rate
    ],
)
def test_change_rate(change: str, percent: str, current: str, direction: str, expected: str | None) -> None:
    found = check_rates([_change(change, percent, current, direction)])  # type: ignore[list-item]
    assert [f.severity.value for f in found] == ([expected] if expected else [])
    assert all(f.check == "narrative-change-rate" for f in found)


def test_rate_rounding_edges() -> None:
    # 100 / (900 - 100) = 12.5% (12.4992 … 12.5008 with the amounts' rounding)
    def severity(percent: str) -> list[str]:
        return [f.severity.value for f in check_rates([_change("100", percent, "900")])]  # type: ignore[list-item]

    assert severity("12.50") == []
    assert severity("12.51") == ["warning"]  # within one printed unit
    assert severity("12.53") == ["error"]


def _share(printed: str, percent: str, sentence: str) -> object:
    return fact("share", "x", printed, sentence=sentence, percent=percent, percent_printed=percent)


def test_shares_against_the_stated_total() -> None:
    facts = [
        fact("total", "expenditure_total", "3920.41", sentence="支出预算 3920.41 万元，其中："),
        _share("165.21", "4.21", "基本支出"),
        _share("3755.2", "95.79", "项目支出"),
    ]
    assert check_rates(facts) == []  # type: ignore[arg-type]
    facts[1] = _share("165.21", "4.12", "基本支出")
    assert compact(check_rates(facts)) == [  # type: ignore[arg-type]
        ("narrative-share", "error", None, None),
        ("narrative-share-sum", "warning", None, None),
    ]


def test_shares_without_a_stated_total_use_their_sum() -> None:
    facts = [
        _share("3890.91", "99.24", "a"),
        _share("13.74", "0.35", "b"),
        _share("8.08", "0.21", "c"),
        _share("7.68", "0.2", "d"),
    ]
    # 3890.91 / 3920.41 = 99.2475%: 99.24 is a near miss
    assert compact(check_rates(facts)) == [("narrative-share", "warning", None, None)]  # type: ignore[arg-type]


def test_shares_of_a_complete_breakdown_must_add_to_100() -> None:
    facts = [
        fact("total", "expenditure_total", "100", sentence="支出 100 万元，其中："),
        _share("50", "50", "a"),
        _share("50", "40", "b"),
    ]
    checks = [f.check for f in check_rates(facts)]  # type: ignore[arg-type]
    assert "narrative-share-sum" in checks


def test_change_without_its_amount_uses_the_one_stated_before() -> None:
    # "收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%。"
    total = fact("total", "income_expenditure_total", "307.82")
    change = fact(
        "change", None, "307.82", direction="increase", change_yuan=str(wan("307.82")), percent="100"
    )
    assert compact(check_rates([total, change])) == [("narrative-change-rate", "error", None, None)]  # type: ignore[list-item]
