"""The rounding tolerance: how far printed numbers may disagree and still be right.

Amounts
    Every printed amount is the true amount rounded to its last printed decimal, so it is off by
    at most half a unit of that decimal (its *half-ulp*). Tables in 万元 keep two decimals
    (0.01 万元 = 100 元) but often drop trailing zeros (``3755.2``, ``1``), so a 万元 amount is
    taken as precise to 0.01 万元 unless it prints more decimals (``5.9855``): half-ulp 0.005 万元
    = 50 元. Tables in 元 are taken at their printed decimals (``2,087,959.00`` → 0.005 元).

    A printed total T and its n printed parts t₁…tₙ: when the total was added up from the
    unrounded amounts and rounded on its own, |T − Σtᵢ| ≤ h(T) + Σh(tᵢ), i.e. (n + 1) × 0.005
    万元 for two-decimal 万元 amounts. A difference up to that bound is rounding (no finding);
    anything beyond is not. (The bound is reached only when every rounding goes the same way, so
    it never hides a real misprint of a whole 0.01 万元 step in short sums, and it grows with n as
    it must for long lists of 项.)

Percentages
    A percentage printed with d decimals is off by at most 0.5 × 10⁻ᵈ points (±0.005 for
    ``13.88%``, ±0.5 for ``24%``). A percentage recomputed from printed amounts carries their
    rounding too, and for small bases that dominates (1.29 / (4.92 − 1.29) moves by ±0.2 points
    when each amount moves by 0.005). So a rate is recomputed as an *interval*: the formula is
    evaluated at every corner of the amounts' rounding box (rates and shares are monotone in each
    amount over that box), and the printed percentage agrees when its own rounding interval meets
    the computed one. The distance between the two intervals is the disagreement; up to one unit
    of the printed last decimal it is a near miss (printed truncated, or forced to add to 100%),
    beyond that a wrong number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import product

from extractor.model.amounts import UNIT_FACTORS, clean_printed

WAN = Decimal(10000)
HALF = Decimal("0.5")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
MIN_WAN_DECIMALS = 2

Interval = tuple[Decimal, Decimal]


def printed_decimals(printed: str | None) -> int | None:
    """Decimals printed after the point (``"3,755.20"`` → 2, ``"1"`` → 0); None when no text."""
    if printed is None:
        return None
    text = clean_printed(printed).rstrip("%").strip("()")
    if not text:
        return None
    return len(text.rsplit(".", 1)[1]) if "." in text else 0


def _value_decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def half_ulp(printed: str | None, unit: str | None, yuan: Decimal | None = None) -> Decimal:
    """Half a unit of the last decimal of an amount, in yuan (see the module docstring)."""
    factor = UNIT_FACTORS.get(unit or "万元", WAN)
    decimals = printed_decimals(printed)
    if decimals is None:
        decimals = _value_decimals(yuan / factor) if yuan is not None else MIN_WAN_DECIMALS
    if factor >= WAN:
        decimals = max(decimals, MIN_WAN_DECIMALS)
    return _half(decimals, factor)


def narrative_half_ulp(printed: str | None, unit: str | None, yuan: Decimal | None = None) -> Decimal:
    """The rounding of an amount the narrative restates: a whole number of 万元 (``17,192万元``
    for 171,915,169 元, ``30,441万元`` for 30,441.39 万元) is rounded to the 万元, ±0.5 万元;
    otherwise as :func:`half_ulp`."""
    factor = UNIT_FACTORS.get(unit or "万元", WAN)
    if factor >= WAN and printed_decimals(printed) == 0:
        return _half(0, factor)
    return half_ulp(printed, unit, yuan)


@lru_cache(maxsize=256)
def _half(decimals: int, factor: Decimal) -> Decimal:
    """Half a unit of the ``decimals``-th decimal times ``factor`` (a few distinct pairs per document)."""
    return HALF * Decimal(10) ** -decimals * factor


def sum_tolerance(halves: Iterable[Decimal]) -> Decimal:
    """The largest rounding difference between a printed total and its printed parts.

    ``halves`` are the half-ulps of the total and of every part (n + 1 values).
    """
    return sum(halves, ZERO)


def agrees(expected: Decimal, actual: Decimal, tolerance: Decimal) -> bool:
    """True when ``actual`` is within ``tolerance`` of ``expected`` (the bound itself included)."""
    return abs(actual - expected) <= tolerance


def percent_half_ulp(printed: str | None, value: Decimal | None = None) -> Decimal:
    """Half a unit of the last decimal of a printed percentage, in points."""
    decimals = printed_decimals(printed)
    if decimals is None:
        decimals = _value_decimals(value) if value is not None else 2
    return HALF * Decimal(10) ** -decimals


def interval(
    formula: Callable[..., Decimal | None], values: Sequence[Decimal], halves: Sequence[Decimal]
) -> Interval | None:
    """The range of ``formula`` over the rounding box of ``values`` (None when undefined there)."""
    results: list[Decimal] = []
    for signs in product((-1, 1), repeat=len(values)):
        args = [v + s * h for v, s, h in zip(values, signs, halves, strict=True)]
        try:
            result = formula(*args)
        except (InvalidOperation, ZeroDivisionError):
            return None
        if result is None:
            return None
        results.append(result)
    return (min(results), max(results))


def interval_distance(a: Interval, b: Interval) -> Decimal:
    """How far apart two intervals are (0 when they meet)."""
    return max(ZERO, a[0] - b[1], b[0] - a[1])


def growth_rate(change: Decimal, current: Decimal) -> Decimal | None:
    """Percent growth X / (C − X) × 100 of a change X to a current amount C; None if no base."""
    base = current - change
    if base <= 0:
        return None
    return change / base * HUNDRED


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """Percent share part / whole × 100; None for a zero or negative whole."""
    if whole <= 0:
        return None
    return part / whole * HUNDRED
