"""The rounding tolerance: half-ulps of printed amounts and percentages, rate intervals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor.model.tolerance import (
    agrees,
    growth_rate,
    half_ulp,
    interval,
    interval_distance,
    percent_half_ulp,
    printed_decimals,
    share,
    sum_tolerance,
)


@pytest.mark.parametrize(
    ("printed", "unit", "half_yuan"),
    [
        ("3755.2", "万元", "50"),  # 万元 amounts are kept to 0.01 万元 even when printed shorter
        ("1", "万元", "50"),
        ("3920.41", "万元", "50"),
        ("5.9855", "万元", "0.5"),  # more decimals printed: finer
        ("2,087,959.00", "元", "0.005"),
        ("2087959", "元", "0.5"),
    ],
)
def test_half_ulp(printed: str, unit: str, half_yuan: str) -> None:
    assert half_ulp(printed, unit) == Decimal(half_yuan)


def test_half_ulp_without_printed_text_uses_the_value() -> None:
    assert half_ulp(None, "万元", Decimal("59855")) == Decimal("0.5")
    assert half_ulp(None, "万元", Decimal("39204100")) == Decimal("50")


def test_printed_decimals() -> None:
    assert printed_decimals("3,755.20") == 2
    assert printed_decimals("13.88%") == 2
    assert printed_decimals("(12.5)") == 1
    assert printed_decimals("") is None


def test_sum_tolerance_is_inclusive() -> None:
    tol = sum_tolerance([Decimal(50)] * 4)  # a total and three parts, 0.005 万元 each
    assert tol == Decimal(200)
    assert agrees(Decimal(100000), Decimal(100200), tol)  # exactly at tolerance
    assert not agrees(Decimal(100000), Decimal(100201), tol)  # just over


def test_percent_half_ulp() -> None:
    assert percent_half_ulp("13.88") == Decimal("0.005")
    assert percent_half_ulp("24") == Decimal("0.5")
    assert percent_half_ulp(None, Decimal("9.1")) == Decimal("0.05")


def test_growth_rate_interval_covers_small_bases() -> None:
    # 机关运行经费 4.92 万元, +1.29 万元: 35.54% computed, 35.53% printed; the amounts' rounding
    # moves the rate by about ±0.2 points, so the printed value agrees.
    values = [Decimal("12900"), Decimal("49200")]
    computed = interval(growth_rate, values, [Decimal(50), Decimal(50)])
    assert computed is not None
    assert interval_distance(computed, (Decimal("35.525"), Decimal("35.535"))) == 0


def test_rates_undefined() -> None:
    assert growth_rate(Decimal(100), Decimal(100)) is None
    assert share(Decimal(1), Decimal(0)) is None
    assert interval(growth_rate, [Decimal(100), Decimal(100)], [Decimal(1), Decimal(1)]) is None
