"""Minimal Sections and Tables built straight from the seed Markdown, for the narrative tests.

Used while the Markdown path of the pipeline is not available: every ``#`` line is a heading,
the text under it is its section (text line ``k`` = source line ``heading + 1 + k``), and
every run of tab-separated lines is a table whose title is the heading just above it.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractor.model import Cell, DocumentMeta, Fact, Grid, Prov, Section, Table
from extractor.semantics.narrative import narrative_facts

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "changji-hitech-center-2026-budget.md"
_HEADING = re.compile(r"^(#+)\s*(.*)$")


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def seed_sections() -> tuple[Section, ...]:
    lines = seed_lines()
    starts = [i for i, line in enumerate(lines) if _HEADING.match(line)]
    sections = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        match = _HEADING.match(lines[start])
        assert match is not None
        title = match.group(2).replace("**", "").strip()
        body = [line if "\t" not in line else "" for line in lines[start + 1 : end]]
        sections.append(
            Section(
                id=f"s{n + 1}",
                level=len(match.group(1)),
                numbering="",
                title=title,
                text="\n".join(body),
                parent=None,
                prov=Prov(lines=(start + 1, end)),
            )
        )
    return tuple(sections)


def grid_from_rows(rows: list[list[str]], first_line: int = 1) -> Grid:
    width = max(len(r) for r in rows)
    cells = tuple(
        Cell(text, r, c, Prov(lines=(first_line + r, first_line + r)))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text.strip()
    )
    return Grid(len(rows), width, cells)


def seed_tables() -> tuple[Table, ...]:
    lines = seed_lines()
    tables: list[Table] = []
    title: str | None = None
    i = 0
    while i < len(lines):
        heading = _HEADING.match(lines[i])
        if heading:
            title = heading.group(2).replace("**", "").strip()
        if "\t" not in lines[i]:
            i += 1
            continue
        start = i
        while i < len(lines) and "\t" in lines[i]:
            i += 1
        rows = [line.split("\t") for line in lines[start:i]]
        grid = grid_from_rows(rows, start + 1)
        tables.append(
            Table(
                id=f"t{len(tables) + 1}",
                number=None,
                title=title,
                unit="万元",
                department=None,
                note=None,
                empty=False,
                grid=grid,
                header_rows=1,
                columns=(),
                prov=Prov(lines=(start + 1, i)),
                type="performance_targets" if title and "绩效目标" in title else "other",
            )
        )
        title = None
    return tuple(tables)


def section_of(text: str, title: str = "说明", first_line: int = 1) -> Section:
    """A one-section document holding ``text`` (its heading on ``first_line``)."""
    n_lines = text.count("\n") + 1
    return Section("s1", 2, "", title, text, None, Prov(lines=(first_line, first_line + n_lines)))


def facts_of(text: str, tables: tuple[Table, ...] = (), entity: str | None = None) -> tuple[Fact, ...]:
    """The narrative facts of ``text`` read as one section."""
    meta = DocumentMeta(entity, None, "budget", None)
    return narrative_facts([section_of(text)], tables, meta)


def compact(fact: Fact, *keys: str) -> tuple[object, ...]:
    """``(kind, label, amount_yuan as str or None, values[key] …)`` for compact expectations."""
    values = dict(fact.values)
    amount = None if fact.amount_yuan is None else format(fact.amount_yuan, "f")
    return (fact.kind, fact.label, amount, *(values.get(key) for key in keys))


SUMMARY_KEYS: dict[str, tuple[str, ...]] = {
    "change": ("direction", "percent", "current_yuan"),
    "share": ("percent",),
    "total": ("code",),
    "code_amount": ("code",),
}


def summary(fact: Fact) -> tuple[object, ...]:
    """:func:`compact` with the values that matter for the fact's kind (trailing ``None`` dropped)."""
    row = list(compact(fact, *SUMMARY_KEYS.get(fact.kind, ())))
    while len(row) > 3 and row[-1] is None:
        row.pop()
    return tuple(row)


def summaries(text: str, entity: str | None = None) -> list[tuple[object, ...]]:
    return [summary(f) for f in facts_of(text, entity=entity)]
