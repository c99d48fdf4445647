"""Causes: malformed cells point at the extraction; other tables confirming point at the document.
And the composition: a check that breaks on odd data becomes a note, never an exception."""

from __future__ import annotations

import pytest
from validate_support import extraction, item, table

from extractor.model import Severity
from extractor.validate import CHECKS, _safe, validate
from extractor.validate.cause import malformed
from extractor.validate.context import Context


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("3755.20", False),
        ("3,755.20", False),
        ("", False),
        ("-", False),
        ("2060404科技成果转化与扩散", False),  # a code fused with its name: the semantics stage splits it
        ("科学技术支出", False),
        ("3755.2 135.71", True),  # two amounts in one cell
        ("科学技术支出3890.91", True),  # a label fused with an amount
        ("3,7,55.2.0", True),  # digits that read as no amount
    ],
)
def test_malformed(text: str, bad: bool) -> None:
    assert malformed(text) is bad


def test_a_failing_check_becomes_a_note() -> None:
    def broken(ctx: Context) -> list:
        raise KeyError("boom")

    (finding,) = _safe(broken, Context.of(extraction()))
    assert (finding.check, finding.severity) == ("validator-error", Severity.INFO)
    assert "broken could not run: KeyError" in finding.message


def test_validate_runs_every_family_in_order() -> None:
    items = [
        item("t3", 1, "10", code="206"),
        item("t3", 2, "9", code="20604"),
        item("t3", 2, "9", code="20604"),
    ]
    result = extraction([table("t3", "expenditure")], items, fiscal_year=2017)  # missing tables: warnings
    assert validate(result) == validate(result)
    assert len(CHECKS) == 9
    assert [f.check for f in validate(result) if f.severity is Severity.ERROR] == ["hierarchy-sum"]
