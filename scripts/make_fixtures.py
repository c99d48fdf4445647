"""Generate the Markdown fixtures derived from the seed, under fixtures/seed/.

The seed writes its tables as tab-separated lines. This script rewrites them the ways other
converters do, and damages them the ways converters do, one damage per file:

- ``seed-pipe.md``: GFM pipe tables (first row as the header line, ``**bold**`` cells);
- ``seed-html.md``: one-line HTML tables as MinerU writes them, with colspan/rowspan for merged
  header cells (see :func:`header_spans` for the conservative rule);
- ``seed-gb18030.md``, ``seed-bom.md``: the seed encoded as GB18030 / UTF-8 with a BOM;
- ``seed-damaged-br.md``: pipe tables where ``<br>`` glues two cells' text (three rows);
- ``seed-damaged-split.md`` / ``seed-damaged-split-html.md``: 表2 split in two "pages"; the
  continuation's first data row is promoted to the header line / ``<th>`` row;
- ``seed-damaged-sparse.md``: pipe tables whose rows drop their empty cells (every second data row
  of 表1, 表2, 表11; one row of 表3 where the placement of its amounts is ambiguous);
- ``seed-damaged-numsplit.md``: amounts of four or more digits printed with thousands separators,
  every second one split over two cells (``3|,920.41``);
- ``seed-damaged-smear.md``: header words that stand before an empty (merged) cell smeared over
  both cells (``基本支|出``, ``财政拨|款``).

Deterministic: the same seed gives byte-identical files. Run ``make fixtures``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "changji-hitech-center-2026-budget.md"
OUT = ROOT / "fixtures" / "seed"

Rows = list[list[str]]
Run = tuple[str, list[str]]  # ("text", lines) or ("table", tab lines)
TableWriter = Callable[[int, Rows], list[str]]

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CODE_FIRST = re.compile(r"\d{3}(?:\s|$)|\d{3}\D")
_TOTALS = {"总计", "合计", "小计"}
_BOLD = re.compile(r"<b>(.*)</b>")
_BIG_AMOUNT = re.compile(r"(\d{4,})(\.\d+)?")
_HTML_TEXT_LT = re.compile(r"<(?!/?(?:b|p|br)\b)")

BR_GLUES = ((0, 4, 0), (2, 6, 3), (5, 3, 3))
"""(table, row, col): the text of col and col+1 joined with <br> (the row loses a cell)."""
SPLIT_TABLE, SPLIT_ROW = 1, 10
SPARSE_TABLES = (0, 1, 9)
SPARSE_AMBIGUOUS = ((2, 4),)
SMEAR_TERMS = frozenset({"科目代码", "支出预算", "资金来源", "财政拨款", "非财政拨款", "基本支出"})


def seed_runs(lines: list[str]) -> list[Run]:
    """The seed cut into runs of text lines and runs of tab-separated table lines."""
    runs: list[Run] = []
    for line in lines:
        kind = "table" if "\t" in line else "text"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(line)
        else:
            runs.append((kind, [line]))
    return runs


def _squash(text: str) -> str:
    return text.replace(" ", "")


def is_data_row(row: list[str]) -> bool:
    filled = [c for c in row if c.strip()]
    if len(filled) < 2 or _squash(_BOLD.sub(r"\1", filled[0])) in _TOTALS:
        return True
    return any(_NUMBER.fullmatch(_BOLD.sub(r"\1", c).strip()) or _CODE_FIRST.match(c) for c in filled)


def head_rows(rows: Rows) -> int:
    return next((r for r, row in enumerate(rows) if is_data_row(row)), len(rows))


def header_spans(rows: Rows) -> dict[tuple[int, int], tuple[int, int]]:
    """Spans of merged header cells, within the header rows only:

    - rowspan: a cell whose right neighbour is filled (or which is last) and whose cells below,
      down to the last header row, are empty;
    - colspan: a cell, not in the last header row, with a filled cell below it, over the empty
      unclaimed cells to its right.
    """
    height, width = head_rows(rows), len(rows[0])
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    claimed: set[tuple[int, int]] = set()
    for r in range(height):
        for c in range(width):
            if not rows[r][c] or (r, c) in claimed or (c + 1 < width and not rows[r][c + 1]):
                continue
            k = r + 1
            while k < height and not rows[k][c] and (k, c) not in claimed:
                k += 1
            if k - r > 1:
                spans[(r, c)] = (k - r, 1)
                claimed.update((i, c) for i in range(r + 1, k))
    for r in range(height - 1):
        for c in range(width):
            if not rows[r][c] or (r, c) in claimed or (r, c) in spans or not rows[r + 1][c]:
                continue
            k = c + 1
            while k < width and not rows[r][k] and (r, k) not in claimed:
                k += 1
            if k - c > 1:
                spans[(r, c)] = (1, k - c)
                claimed.update((r, j) for j in range(c + 1, k))
    return spans


# ---------------------------------------------------------------- writers


def pipe_cell(text: str) -> str:
    text = text.replace("|", "\\|")
    m = _BOLD.fullmatch(text)
    return f"**{m.group(1)}**" if m else text


def pipe_line(cells: list[str]) -> str:
    return "| " + " | ".join(pipe_cell(c) for c in cells) + " |"


def to_pipe(rows: Rows) -> list[str]:
    return [pipe_line(rows[0]), "|" + "---|" * len(rows[0]), *(pipe_line(r) for r in rows[1:])]


def html_cell(text: str, tag: str, span: tuple[int, int] | None) -> str:
    text = _HTML_TEXT_LT.sub("&lt;", text.replace("&", "&amp;"))
    attrs = ""
    if span and span[0] > 1:
        attrs += f' rowspan="{span[0]}"'
    if span and span[1] > 1:
        attrs += f' colspan="{span[1]}"'
    return f"<{tag}{attrs}>{text}</{tag}>"


def to_html(rows: Rows, th_rows: int = 0, spans: bool = True) -> str:
    span_of = header_spans(rows) if spans else {}
    covered = {
        (r + i, c + j)
        for (r, c), (rs, cs) in span_of.items()
        for i in range(rs)
        for j in range(cs)
        if (i, j) != (0, 0)
    }
    out = ["<table>"]
    if th_rows:
        out.append("<thead>")
    for r, row in enumerate(rows):
        tag = "th" if r < th_rows else "td"
        cells = "".join(
            html_cell(t, tag, span_of.get((r, c))) for c, t in enumerate(row) if (r, c) not in covered
        )
        out.append(f"<tr>{cells}</tr>")
        if th_rows and r == th_rows - 1:
            out.append("</thead><tbody>")
    out.append("</tbody></table>" if th_rows else "</table>")
    return "".join(out)


def render(runs: list[Run], write_table: TableWriter) -> str:
    lines: list[str] = []
    index = 0
    for kind, run in runs:
        if kind == "text":
            lines.extend(run)
        else:
            lines.extend(write_table(index, [line.split("\t") for line in run]))
            index += 1
    return "\n".join(lines)


# ---------------------------------------------------------------- damages


def glue_br(index: int, rows: Rows) -> list[str]:
    rows = [list(r) for r in rows]
    for t, r, c in BR_GLUES:
        if t == index:
            rows[r][c : c + 2] = [f"{rows[r][c]}<br>{rows[r][c + 1]}"]
    return to_pipe(rows)


def split_pages(index: int, rows: Rows) -> list[str]:
    if index != SPLIT_TABLE:
        return to_pipe(rows)
    return [*to_pipe(rows[:SPLIT_ROW]), "", *to_pipe(rows[SPLIT_ROW:])]


def split_pages_html(index: int, rows: Rows) -> list[str]:
    if index != SPLIT_TABLE:
        return [to_html(rows)]
    first, rest = rows[:SPLIT_ROW], rows[SPLIT_ROW:]
    return [to_html(first, th_rows=head_rows(first)), "", to_html(rest, th_rows=1, spans=False)]


def drop_empties(index: int, rows: Rows) -> list[str]:
    rows = [list(r) for r in rows]
    start = head_rows(rows)
    for r in range(start, len(rows)):
        if (index in SPARSE_TABLES and (r - start) % 2 == 1) or (index, r) in SPARSE_AMBIGUOUS:
            rows[r] = [c for c in rows[r] if c.strip()]
    return to_pipe(rows)


def with_separators(text: str) -> str:
    """``3920.41`` → ``3,920.41`` (also inside ``<b>…</b>``)."""
    bold = _BOLD.fullmatch(text)
    if bold:
        return f"<b>{with_separators(bold.group(1))}</b>"
    m = _BIG_AMOUNT.fullmatch(text)
    return f"{int(m.group(1)):,}{m.group(2) or ''}" if m else text


def split_numbers(index: int, rows: Rows, counter: list[int]) -> list[str]:
    out: Rows = []
    for row in rows:
        cells: list[str] = []
        for text in row:
            text = with_separators(text)
            if "," in text and _BIG_AMOUNT.fullmatch(text.replace(",", "")):
                counter[0] += 1
                if counter[0] % 2 == 1:
                    head, tail = text.split(",", 1)
                    cells.extend([head, "," + tail])
                    continue
            cells.append(text)
        out.append(cells)
    return to_pipe(out)


def smear(text: str) -> tuple[str, str]:
    cut = 1 if len(text) == 2 else len(text) - 1
    return text[:cut], text[cut:]


def smear_headers(index: int, rows: Rows) -> list[str]:
    rows = [list(r) for r in rows]
    for r in range(head_rows(rows)):
        for c in range(len(rows[r]) - 1):
            if rows[r][c] in SMEAR_TERMS and not rows[r][c + 1]:
                rows[r][c], rows[r][c + 1] = smear(rows[r][c])
    return to_pipe(rows)


def build_outputs(seed_text: str) -> dict[str, bytes]:
    """Every derived fixture, by file name, from the text of the seed."""
    runs = seed_runs(seed_text.split("\n"))
    counter = [0]
    return {
        "seed-pipe.md": render(runs, lambda i, rows: to_pipe(rows)).encode(),
        "seed-html.md": render(runs, lambda i, rows: [to_html(rows)]).encode(),
        "seed-gb18030.md": seed_text.encode("gb18030"),
        "seed-bom.md": b"\xef\xbb\xbf" + seed_text.encode(),
        "seed-damaged-br.md": render(runs, glue_br).encode(),
        "seed-damaged-split.md": render(runs, split_pages).encode(),
        "seed-damaged-split-html.md": render(runs, split_pages_html).encode(),
        "seed-damaged-sparse.md": render(runs, drop_empties).encode(),
        "seed-damaged-numsplit.md": render(runs, lambda i, rows: split_numbers(i, rows, counter)).encode(),
        "seed-damaged-smear.md": render(runs, smear_headers).encode(),
    }


def main(argv: list[str]) -> int:
    for name, data in build_outputs(SEED.read_text(encoding="utf-8")).items():
        (OUT / name).write_bytes(data)
        sys.stderr.write(f"wrote {OUT / name} ({len(data)} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
