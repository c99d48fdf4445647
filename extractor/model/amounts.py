"""Printed amounts and units → exact decimals in yuan. Never floats.

Conventions (documented for users in README):
- blank, ``-``, ``—``, ``--``, ``/`` and ``－`` mean "nothing printed": :func:`parse_amount` returns None;
- ``0``, ``0.00`` are a printed zero: ``Decimal("0")``;
- thousands separators (``,``, ``，``) and surrounding spaces are dropped; digits in groups that
  spaces part and that are no thousands groups (``302 13 502``) are no amount; ``(123.00)`` and
  ``-123`` are negative; a trailing ``%`` is not an amount.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

BLANKS = frozenset({"", "-", "—", "--", "——", "－", "/", "–", "---"})
_AMOUNT = re.compile(r"^[-－]?\d{1,3}(?:[,，]\d{3})*(?:\.\d+)?$|^[-－]?\d+(?:\.\d+)?$")
UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000), "千元": Decimal(1000)}


def clean_printed(text: str) -> str:
    """The printed text without markup spaces, as used to decide whether it is an amount."""
    return text.replace("\u3000", " ").strip().replace(" ", "")


_SPACED = re.compile(r"\d\s+\d")
_SPACED_THOUSANDS = re.compile(r"^[-－]?\d{1,3}(?:\s+\d{3})+(?:\.\d+)?$")


def _spaced_codes(text: str) -> bool:
    """Digits in groups that spaces part and that are no thousands groups (``302 13 502``,
    ``208 01 09242002``: codes of neighbouring columns a converter put in one cell): no amount."""
    t = text.replace("\u3000", " ").strip()
    return bool(_SPACED.search(t)) and not _SPACED_THOUSANDS.match(t)


def is_amount(text: str) -> bool:
    """True when ``text`` reads as a number (blank markers excluded)."""
    if _spaced_codes(text):
        return False
    t = clean_printed(text)
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1]
    return bool(_AMOUNT.match(t))


def parse_amount(text: str) -> Decimal | None:
    """The value printed, exactly; None when nothing (or no number) is printed."""
    t = clean_printed(text)
    if t in BLANKS or _spaced_codes(text):
        return None
    negative = False
    if t.startswith("(") and t.endswith(")"):
        t, negative = t[1:-1], True
    if not _AMOUNT.match(t):
        return None
    t = t.replace(",", "").replace("，", "").replace("－", "-")
    try:
        value = Decimal(t)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    return -value if negative else value


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """``value`` printed in ``unit`` (元, 万元, 千元, 亿元) as yuan, exactly."""
    try:
        factor = UNIT_FACTORS[unit]
    except KeyError as err:
        raise ValueError(f"unknown unit {unit!r}") from err
    return value * factor


def yuan_str(value: Decimal) -> str:
    """Canonical decimal string: no exponent, no trailing zeros after the point (``"39204100"``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
