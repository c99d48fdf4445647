"""Tab-separated and GFM pipe tables in Markdown → :class:`RawTable` → repaired :class:`TableRegion`.

A tab table is a run of lines that contain a TAB; a pipe table is a run of lines with unescaped
``|``, with or without the ``|---|`` separator. Runs end at a blank line, except that one blank
line is bridged when the next line is a data row of the same width (some converters put blank
lines inside tables) and the table has not printed its total yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractor.model import TableRegion
from extractor.sources.inline import markup_to_cell
from extractor.sources.raw_tables import MAX_COLUMNS, RawCell, RawTable, raw_table_to_region
from extractor.sources.table_repair import (
    column_profile,
    join_smeared_headers,
    join_split_numbers,
    realign_sparse_row,
    row_is_data,
    row_looks_like_data,
    split_glued_cell,
)

HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_PIPE = re.compile(r"(?<!\\)\|")
_SEPARATOR_CELL = re.compile(r":?-{3,}:?|:-+:?|:?-+:")
_TOTAL_WORDS = ("总计", "合计")

RowParser = Callable[[str, int], list[RawCell]]


def raw_to_cell(raw: str, lineno: int) -> RawCell:
    cell = markup_to_cell(raw)
    return RawCell(cell.text, lineno, lineno, cell.bold, cell.breaks)


def tab_row_to_cells(line: str, lineno: int) -> list[RawCell]:
    """One tab-separated line → its cells, exactly as many as the tabs say."""
    return [raw_to_cell(part, lineno) for part in line.split("\t")]


def split_pipe_row(line: str) -> list[str]:
    """The raw cell texts of a pipe row; outer pipes dropped, ``\\|`` kept as a literal pipe."""
    text = line.strip()
    parts = _PIPE.split(text)
    if text.startswith("|"):
        parts = parts[1:]
    if len(parts) > 1 and text.endswith("|") and not text.endswith("\\|"):
        parts = parts[:-1]
    return [p.replace("\\|", "|") for p in parts]


def pipe_row_to_cells(line: str, lineno: int) -> list[RawCell]:
    return [raw_to_cell(part, lineno) for part in split_pipe_row(line)]


def has_pipe(line: str) -> bool:
    """A line with an unescaped pipe (and not so many that it cannot be a table row)."""
    return _PIPE.search(line) is not None and line.count("|") <= MAX_COLUMNS + 1


def is_pipe_row(line: str) -> bool:
    """A line that is a pipe-table row on its own: starts with ``|`` and has another pipe."""
    text = line.lstrip()
    return text.startswith("|") and has_pipe(text[1:])


def is_pipe_separator(line: str) -> bool:
    if "-" not in line or not has_pipe(line):
        return False
    parts = [p.strip() for p in split_pipe_row(line)]
    return bool(parts) and all(_SEPARATOR_CELL.fullmatch(p) for p in parts if p) and any(parts)


def is_tab_row(line: str) -> bool:
    return "\t" in line and line.count("\t") < MAX_COLUMNS and HEADING.match(line) is None


def starts_pipe_table(lines: list[str], i: int) -> bool:
    line = lines[i]
    if not has_pipe(line) or HEADING.match(line):
        return False
    return is_pipe_row(line) or (i + 1 < len(lines) and is_pipe_separator(lines[i + 1]))


# ---------------------------------------------------------------- collecting runs


def _is_total_row(row: list[RawCell]) -> bool:
    first = next((c.text.replace(" ", "") for c in row if c.text.strip()), "")
    return any(word in first for word in _TOTAL_WORDS)


def _bridges_blank(
    lines: list[str], j: int, rows: list[list[RawCell]], is_row: Callable[[str], bool], parse: RowParser
) -> bool:
    """One blank line at ``j`` inside a table: the next line is a same-width data row, no total yet."""
    if j + 1 >= len(lines) or not is_row(lines[j + 1]) or not rows or _is_total_row(rows[-1]):
        return False
    if j + 2 < len(lines) and is_pipe_separator(lines[j + 2]):
        return False
    cells = parse(lines[j + 1], j + 2)
    return len(cells) == max(len(r) for r in rows) and row_is_data([c.text for c in cells])


def _collect(
    lines: list[str],
    j: int,
    table: RawTable,
    is_row: Callable[[str], bool],
    parse: RowParser,
    stop_before_header: bool,
) -> int:
    while j < len(lines):
        line = lines[j]
        if is_row(line):
            if stop_before_header and j + 1 < len(lines) and is_pipe_separator(lines[j + 1]):
                break
            if not (stop_before_header and is_pipe_separator(line)):
                table.rows.append(parse(line, j + 1))
                table.row_lines.append((j + 1, j + 1))
            j += 1
        elif not line.strip() and _bridges_blank(lines, j, table.rows, is_row, parse):
            j += 1
        else:
            break
    return j


def collect_tab_table(lines: list[str], i: int) -> tuple[RawTable, int]:
    """The tab table starting at line index ``i``, and the index of the first line after it."""
    table = RawTable(rows=[], row_lines=[])
    return table, _collect(lines, i, table, is_tab_row, tab_row_to_cells, stop_before_header=False)


def collect_pipe_table(lines: list[str], i: int) -> tuple[RawTable, int]:
    """The pipe table starting at ``i``; a GFM header line gives ``header_rows=1`` unless it is data."""
    table = RawTable(rows=[], row_lines=[])
    if is_pipe_separator(lines[i]):
        i += 1
        if i >= len(lines) or not has_pipe(lines[i]):
            return table, i
    header = i + 1 < len(lines) and is_pipe_separator(lines[i + 1])
    table.rows.append(pipe_row_to_cells(lines[i], i + 1))
    table.row_lines.append((i + 1, i + 1))
    j = i + 2 if header else i + 1
    if header:
        texts = [c.text for c in table.rows[0]]
        table.header_rows = 1 if any(texts) and not row_looks_like_data(texts) else None
        table.row_lines[0] = (i + 1, i + 2)

    def is_row(line: str) -> bool:
        return has_pipe(line) and HEADING.match(line) is None and (header or is_pipe_row(line))

    return table, _collect(lines, j, table, is_row, pipe_row_to_cells, stop_before_header=True)


# ---------------------------------------------------------------- repairs


def _header_end(rows: list[list[RawCell]]) -> int:
    return next((r for r, row in enumerate(rows) if row_is_data([c.text for c in row])), len(rows))


def repair_table(table: RawTable) -> None:
    """Apply the repairs of :mod:`table_repair` to a table without spans, in place."""
    for r, row in enumerate(table.rows):
        table.rows[r], joined = join_split_numbers(row)
        table.warnings.extend(f"line {row[0].first}: joined number split over cells {j}" for j in joined)
    width = max((len(row) for row in table.rows), default=0)
    profile = column_profile([[c.text for c in row] for row in table.rows], width)
    for r, row in enumerate(table.rows):
        if not row or len(row) >= width:
            continue
        line = row[0].first
        if (glued := split_glued_cell(row, width)) is not None:
            table.rows[r] = glued
            table.warnings.append(f"line {line}: split a cell that held two cells' text at <br>")
        elif row_is_data([c.text for c in row]):
            if (aligned := realign_sparse_row(row, profile)) is not None:
                table.rows[r] = aligned
                table.warnings.append(f"line {line}: realigned a row with {len(row)} of {width} cells")
            else:
                table.warnings.append(f"line {line}: row has {len(row)} of {width} cells; padded at the end")
    for r in range(_header_end(table.rows)):
        table.rows[r], smeared = join_smeared_headers(table.rows[r])
        table.warnings.extend(f"line {table.rows[r][0].first}: joined header text {s}" for s in smeared)


def text_table_to_region(table: RawTable) -> TableRegion:
    """A tab or pipe table, repaired, as a region."""
    repair_table(table)
    return raw_table_to_region(table)
