"""Small constructed Tables for the semantics tests: rows of texts → a Table as the tables stage
would build it (columns are the '/'-joined header texts, repeats collapsed, spaces removed)."""

from __future__ import annotations

from collections.abc import Sequence

from extractor.model import Cell, Grid, Page, Prov, SourceDoc, SourceFormat, Table, TextLine


def header_paths(rows: Sequence[Sequence[str]], header_rows: int, n_cols: int) -> tuple[str, ...]:
    paths = []
    for j in range(n_cols):
        segments: list[str] = []
        for row in rows[:header_rows]:
            text = row[j].replace(" ", "") if j < len(row) else ""
            if text and (not segments or segments[-1] != text):
                segments.append(text)
        paths.append("/".join(segments))
    return tuple(paths)


def make_table(
    rows: Sequence[Sequence[str]],
    header_rows: int = 1,
    *,
    title: str | None = None,
    unit: str | None = "万元",
    number: str | None = None,
    type: str = "other",
    id: str = "t1",
    first_line: int = 1,
) -> Table:
    """A Table whose cell (r, c) holds ``rows[r][c]`` and comes from Markdown line first_line + r."""
    n_cols = max(len(r) for r in rows)
    cells = tuple(
        Cell(
            text=(row[c] if c < len(row) else ""),
            row=r,
            col=c,
            prov=Prov(lines=(first_line + r, first_line + r)),
        )
        for r, row in enumerate(rows)
        for c in range(n_cols)
    )
    grid = Grid(n_rows=len(rows), n_cols=n_cols, cells=cells)
    body_has_text = any(text.strip() for row in rows[header_rows:] for text in row)
    return Table(
        id=id,
        number=number,
        title=title,
        unit=unit,
        department=None,
        note=None,
        empty=not body_has_text,
        grid=grid,
        header_rows=header_rows,
        columns=header_paths(rows, header_rows, n_cols),
        prov=Prov(lines=(first_line, first_line + len(rows) - 1)),
        type=type,
    )


def make_doc(lines: Sequence[str], path: str = "doc.md") -> SourceDoc:
    """A one-page Markdown SourceDoc with the given text lines."""
    blocks = tuple(TextLine(text=t, prov=Prov(lines=(i + 1, i + 1))) for i, t in enumerate(lines))
    return SourceDoc(
        path=path, sha256="0" * 64, format=SourceFormat.MARKDOWN, pages=(Page(number=1, blocks=blocks),)
    )
