"""Findings as a report for people (grouped by severity, with page or line) or as JSON.

``render_report(findings, "budget.pdf")``::

    budget.pdf: 6 errors, 3 warnings, 2 notes

    ERRORS
      line 155    hierarchy-sum  表2 row 20604 技术与开发: 总计 prints 3775.20 万元 but its 项 sum to …
    …
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from extractor.model import Finding, Prov, Severity
from extractor.output import finding_to_dict

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
