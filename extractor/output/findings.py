"""Findings as a report for people (grouped by severity, with page or line) or as JSON.

``render_report(findings, "budget.pdf")``::

    budget.pdf: 6 errors, 3 warnings, 2 notes

    ERRORS
      line 155    hierarchy-sum  表2 row 20604 技术与开发: 总计 prints 3775.20 万元 but its 项 sum to …
    …
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.model import Finding, Prov, Severity, file_name
from extractor.output import SCHEMA_ID, finding_to_dict

HEADINGS = ((Severity.ERROR, "ERRORS"), (Severity.WARNING, "WARNINGS"), (Severity.INFO, "NOTES"))
LOCATION_WIDTH = 13


def location(prov: Prov | None) -> str:
    """``p. 12``, ``line 155``, ``lines 155-158``, or ``-``."""
    if prov is None:
        return "-"
    if prov.page is not None:
        return f"p. {prov.page}"
    if prov.lines is not None:
        first, last = prov.lines
        return f"line {first}" if first == last else f"lines {first}-{last}"
    return "-"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(findings: Sequence[Finding], source_name: str) -> str:
    counts = {s: sum(1 for f in findings if f.severity is s) for s, _ in HEADINGS}
    parts = (
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
        _plural(counts[Severity.INFO], "note"),
    )
    return f"{source_name}: {', '.join(parts)}"


def _line(finding: Finding) -> str:
    cause = f" [cause: {finding.cause}]" if finding.cause else ""
    return f"  {location(finding.prov):<{LOCATION_WIDTH}} {finding.check}  {finding.message}{cause}"


def render_text(findings: Sequence[Finding], source_name: str) -> str:
    out = [summary_line(findings, source_name)]
    for severity, heading in HEADINGS:
        group = [f for f in findings if f.severity is severity]
        if group:
            out += ["", heading, *(_line(f) for f in group)]
    return "\n".join(out) + "\n"


def render_json(findings: Sequence[Finding], source_name: str) -> str:
    data = {
        "source": source_name,
        "counts": {s.value: sum(1 for f in findings if f.severity is s) for s, _ in HEADINGS},
        "issues": [finding_to_dict(f) for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render_report(findings: Sequence[Finding], source_name: str, fmt: str = "text") -> str:
    """The report as text (``fmt="text"``) or JSON (``fmt="json"``)."""
    return render_json(findings, source_name) if fmt == "json" else render_text(findings, source_name)


FAIL_LEVELS = {"error": (Severity.ERROR,), "warning": (Severity.ERROR, Severity.WARNING), "never": ()}


def should_fail(findings: Sequence[Finding], fail_on: str) -> bool:
    """Whether ``--fail-on error|warning|never`` turns these findings into exit code 1."""
    levels = FAIL_LEVELS.get(fail_on, ())
    return any(f.severity in levels for f in findings)


def _prov(data: Mapping[str, Any] | None) -> Prov | None:
    if not data:
        return None
    lines = data.get("lines")
    bbox = data.get("bbox")
    return Prov(
        page=data.get("page"),
        bbox=tuple(bbox) if bbox else None,
        lines=(lines[0], lines[1]) if lines else None,
    )


def _decimal(text: Any) -> Decimal | None:
    try:
        return Decimal(str(text)) if text is not None else None
    except InvalidOperation:
        return None


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    """The inverse of :func:`extractor.output.finding_to_dict`."""
    return Finding(
        check=str(data["check"]),
        severity=Severity(data["severity"]),
        message=str(data.get("message", "")),
        table=data.get("table"),
        row=data.get("row"),
        column=data.get("column"),
        prov=_prov(data.get("prov")),
        expected=_decimal(data.get("expected")),
        actual=_decimal(data.get("actual")),
        cause=data.get("cause"),
    )


def findings_from_json(text: str, name: str) -> tuple[tuple[Finding, ...], str]:
    """The findings of an output JSON written by ``extractor parse``, and its source name."""
    try:
        data = json.loads(text)
        if not str(data.get("schema", "")).startswith(SCHEMA_ID.split("/")[0]):
            raise ValueError("no budget-disclosure schema")
        issues = tuple(finding_from_dict(i) for i in data.get("issues", []))
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise InputError(
            f"{name}: not an extractor output JSON ({err}); pass the source document instead"
        ) from err
    return issues, str(data.get("source", {}).get("path") or name)


def load_findings(path: Path, options: Any = None) -> tuple[tuple[Finding, ...], str]:
    """Findings of a source document (extracted now) or of an output JSON (read back)."""
    if path.suffix.lower() == ".json":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror})") from err
        return findings_from_json(text, file_name(str(path)))
    from extractor.pipeline import extract

    return extract(path, options).issues, file_name(str(path))
