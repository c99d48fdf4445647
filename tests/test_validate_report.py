"""The report: grouped by severity, with page or line; and its JSON form."""

from __future__ import annotations

import json
from decimal import Decimal

from extractor.model import Finding, Prov, Severity
from extractor.output.findings import location, render_report
from extractor.validate import one_error_per_cell

FINDINGS = [
    Finding("table-empty", Severity.INFO, "表8 is declared empty", table="t8", prov=Prov(lines=(333, 336))),
    Finding(
        "hierarchy-sum",
        Severity.ERROR,
        "表2 row 20604 技术与开发: 总计 prints 3775.20 万元 but its 项 sum to 3755.20 万元",
        table="t2",
        row=3,
        column="total",
        prov=Prov(lines=(155, 155)),
        expected=Decimal("37552000"),
        actual=Decimal("37752000"),
        cause="document",
    ),
    Finding("entity-name-variant", Severity.WARNING, "the entity is named differently", prov=Prov(page=4)),
]


def test_location() -> None:
    assert location(Prov(page=12)) == "p. 12"
    assert location(Prov(lines=(155, 155))) == "line 155"
    assert location(Prov(lines=(30, 32))) == "lines 30-32"
    assert location(None) == "-"


def test_text_report_groups_by_severity() -> None:
    text = render_report(FINDINGS, "seed.md")
    lines = text.splitlines()
    assert lines[0] == "seed.md: 1 error, 1 warning, 1 note"
    assert lines.index("ERRORS") < lines.index("WARNINGS") < lines.index("NOTES")
    assert "  line 155      hierarchy-sum  表2 row 20604" in text and "[cause: document]" in text
    assert "  p. 4          entity-name-variant" in text


def test_json_report() -> None:
    data = json.loads(render_report(FINDINGS, "seed.md", fmt="json"))
    assert data["counts"] == {"error": 1, "warning": 1, "info": 1}
    issue = data["issues"][1]
    assert (issue["check"], issue["expected"], issue["actual"], issue["difference"]) == (
        "hierarchy-sum",
        "37552000",
        "37752000",
        "200000",
    )
    assert issue["prov"] == {"lines": [155, 155]}


def test_one_error_per_cell() -> None:
    first = FINDINGS[1]
    second = Finding("row-income-sources", Severity.ERROR, "m", table="t2", row=3, column="total")
    other = Finding("row-income-sources", Severity.ERROR, "m", table="t2", row=4, column="total")
    out = one_error_per_cell([first, second, other])
    assert [f.severity for f in out] == [Severity.ERROR, Severity.WARNING, Severity.ERROR]
    assert out[1].message.endswith("(same cell as hierarchy-sum)")


def test_fail_levels() -> None:
    from extractor.output.findings import should_fail

    assert should_fail(FINDINGS, "error") and should_fail(FINDINGS, "warning")
    assert not should_fail(FINDINGS, "never")
    assert not should_fail([FINDINGS[2]], "error") and should_fail([FINDINGS[2]], "warning")


def test_findings_round_trip_through_json(tmp_path: object) -> None:
    from pathlib import Path

    import pytest

    from extractor.errors import InputError
    from extractor.output import SCHEMA_ID, finding_to_dict
    from extractor.output.findings import load_findings

    path = Path(str(tmp_path)) / "out.json"
    data = {
        "schema": SCHEMA_ID,
        "source": {"path": "seed.md"},
        "issues": [finding_to_dict(f) for f in FINDINGS],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    findings, name = load_findings(path)
    assert (findings, name) == (tuple(FINDINGS), "seed.md")
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError):
        load_findings(path)
