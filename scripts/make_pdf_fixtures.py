"""Generate the PDF fixtures from the seed Markdown, deterministically, with reportlab.

    .venv/bin/python scripts/make_pdf_fixtures.py [--out fixtures/pdf]

Outputs:

- ``seed.pdf``: the seed document laid out as a department would print it: headings in larger
  (fake-bold) type, every tab-separated table ruled with its merged header cells drawn as spans,
  the widest table on a landscape page, one table broken across two pages without a repeated
  header and one with it, a running header and ``- N -`` page numbers;
- ``doubled-rulings.pdf``: a Word-style table whose rulings are drawn twice, 1 pt apart, as
  pieces of thin filled rectangles (naive finders see twice the rows and columns);
- ``partly-ruled.pdf``: a table with horizontal rules only, and one without an outer border.

Font: reportlab's built-in CID font STSong-Light (UniGB-UCS2-H), so nothing is embedded and the
files stay small. ``invariant=1`` makes the output byte-identical from run to run.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed" / "changji-hitech-center-2026-budget.md"
FONT = "STSong-Light"
MARGIN = 56.0
RUNNING_HEADER = "昌吉高新区创业创新服务中心 2026 年部门预算公开"
HEADING_SIZES = {1: 20.0, 2: 16.0, 3: 14.0, 4: 13.0}
BODY_SIZE = 11.0
TABLE_SIZE = 8.5
BREAK_WITHOUT_HEADER = 1
"""Table number (1-based, in seed order) forced across a page break, header not repeated."""
BREAK_WITH_HEADER = 4
"""Table forced across a page break with its header rows repeated on the next page."""
BREAK_AFTER = 14
"""Body rows before the forced break."""
AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?%?$")


@dataclass
class SeedTable:
    rows: list[list[str]]
    bold: list[list[bool]]


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str
    bold: bool


@dataclass
class Span:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Writer:
    """A reportlab canvas with a top-down cursor, page furniture and wrapping."""

    canvas: Canvas
    portrait: bool = True
    top: float = MARGIN
    page: int = 0
    pending: bool = field(default=False)
    furniture: bool = True

    @property
    def size(self) -> tuple[float, float]:
        width, height = A4 if self.portrait else landscape(A4)
        return float(width), float(height)

    def start_page(self, portrait: bool | None = None) -> None:
        if self.pending:
            self.canvas.showPage()
        if portrait is not None:
            self.portrait = portrait
        self.canvas.setPageSize(self.size)
        self.page += 1
        self.pending = True
        width, height = self.size
        if not self.furniture:
            self.top = MARGIN
            return
        self.text(RUNNING_HEADER, MARGIN, 28.0, 8.0)
        label = f"- {self.page} -"
        self.text(label, (width - text_width(label, 9.0)) / 2, height - 36.0, 9.0)
        self.top = MARGIN + 10

    def text(self, text: str, x: float, top: float, size: float, bold: bool = False) -> None:
        """Draw one line with its top at ``top``; bold is drawn twice, 0.4 pt apart (fake bold)."""
        height = self.size[1]
        self.canvas.setFont(FONT, size)
        baseline = height - top - size * 0.88
        self.canvas.drawString(x, baseline, text)
        if bold:
            self.canvas.drawString(x + 0.4, baseline, text)

    def room(self, needed: float) -> bool:
        return self.top + needed <= self.size[1] - MARGIN

    def paragraph(self, text: str, size: float, bold: bool = False, indent: float = 0.0) -> None:
        width = self.size[0] - 2 * MARGIN - indent
        for line in wrap(text, size, width):
            if not self.room(size * 1.6):
                self.start_page()
            self.text(line, MARGIN + indent, self.top, size, bold)
            self.top += size * 1.6


def text_width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, size))


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than ``width`` (character by character: CJK wraps anywhere)."""
    if "\n" in text:
        return [line for part in text.split("\n") for line in wrap(part, size, width)]
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and text_width(current + ch, size) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    return [*lines, current] if current else lines or [""]


# ---------------------------------------------------------------- seed Markdown


def strip_tags(cell: str) -> tuple[str, bool]:
    """Cell text without markup; paragraphs (``<p>``, ``<br>``) become line breaks."""
    bold = "<b>" in cell or "**" in cell
    text = re.sub(r"</p>\s*<p>|<br\s*/?>", "\n", cell)
    return re.sub(r"</?(?:b|p)>|\*\*", "", text).strip(), bold


def parse_seed(text: str) -> list[Heading | Para | SeedTable]:
    """The seed as headings, paragraphs (one per source line) and tables, in order."""
    items: list[Heading | Para | SeedTable] = []
    rows: list[list[str]] = []
    bolds: list[list[bool]] = []
    for raw in [*text.splitlines(), ""]:
        if "\t" in raw:
            cells = [strip_tags(c) for c in raw.rstrip("\n").split("\t")]
            rows.append([c for c, _ in cells])
            bolds.append([b for _, b in cells])
            continue
        if rows:
            items.append(_square(SeedTable(rows, bolds)))
            rows, bolds = [], []
        line = raw.strip()
        if not line:
            continue
        heading = re.match(r"^(#{1,6})\s*(.*)$", line)
        if heading:
            items.append(Heading(len(heading.group(1)), strip_tags(heading.group(2))[0]))
        else:
            items.append(Para(*strip_tags(line)))
    return items


def _square(table: SeedTable) -> SeedTable:
    width = max(len(r) for r in table.rows)
    rows = [r + [""] * (width - len(r)) for r in table.rows]
    bold = [b + [False] * (width - len(b)) for b in table.bold]
    return SeedTable(rows, bold)


def header_count(rows: list[list[str]]) -> int:
    """Leading rows before the first row holding an amount or a classification code."""
    for i, row in enumerate(rows):
        if any(AMOUNT.match(c) for c in row if c):
            return max(i, 1) if i < len(rows) else 1
    return 1


def header_spans(rows: list[list[str]], n_header: int) -> list[Span]:
    """Merged header cells: a label spans the empty cells to its right that nothing above covers,
    and the header rows below it while they are empty under its whole width."""
    covered: set[tuple[int, int]] = set()
    spans: list[Span] = []
    width = len(rows[0])
    for r in range(n_header):
        for c in range(width):
            if (r, c) in covered or not rows[r][c]:
                continue
            span = Span(r, c)
            while c + span.colspan < width and not rows[r][c + span.colspan] and (r, c + span.colspan) not in covered:
                span.colspan += 1
            while r + span.rowspan < n_header and all(
                not rows[r + span.rowspan][k] for k in range(c, c + span.colspan)
            ):
                span.rowspan += 1
            spans.append(span)
            covered |= {(i, k) for i in range(r, r + span.rowspan) for k in range(c, c + span.colspan)}
    return spans


# ---------------------------------------------------------------- tables


def column_widths(rows: list[list[str]], spans: list[Span], available: float) -> list[float]:
    """Widths proportional to content; amounts and codes never wrap, long labels may."""
    wide = {(s.row, s.col) for s in spans if s.colspan > 1}
    width = len(rows[0])
    fixed = [20.0] * width
    wants = [0.0] * width
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if not cell or (i, j) in wide:
                continue
            if AMOUNT.match(cell):
                fixed[j] = max(fixed[j], text_width(cell, TABLE_SIZE) + 8)
            else:
                wants[j] = max(wants[j], min(text_width(cell, TABLE_SIZE), 130.0) + 8 - fixed[j])
    room = available - sum(fixed)
    scale = room / sum(wants) if sum(wants) else 0.0
    return [f + max(w, 0.0) * scale for f, w in zip(fixed, wants, strict=True)]


def draw_table(w: Writer, table: SeedTable, number: int) -> None:
    n_header = header_count(table.rows)
    spans = header_spans(table.rows, n_header)
    portrait = len(table.rows[0]) <= 10
    if portrait != w.portrait:
        w.start_page(portrait)
    widths = column_widths(table.rows, spans, w.size[0] - 2 * MARGIN)
    heights = [_row_height(row, widths) for row in table.rows]
    header_height = sum(heights[:n_header])
    if not w.room(header_height + heights[min(n_header, len(heights) - 1)]):
        w.start_page()
    _draw_rows(w, table, spans, widths, heights, range(n_header))
    forced = number in (BREAK_WITHOUT_HEADER, BREAK_WITH_HEADER)
    for k, i in enumerate(range(n_header, len(table.rows))):
        if not w.room(heights[i]) or (forced and k == BREAK_AFTER):
            w.start_page()
            if number == BREAK_WITH_HEADER or (number != BREAK_WITHOUT_HEADER and n_header):
                _draw_rows(w, table, spans, widths, heights, range(n_header))
        _draw_rows(w, table, [], widths, heights, [i])
    if not w.portrait:
        w.top = w.size[1]  # leave the landscape page after its table


def _row_height(row: list[str], widths: list[float]) -> float:
    lines = max(len(wrap(cell, TABLE_SIZE, widths[j] - 6)) for j, cell in enumerate(row))
    return lines * TABLE_SIZE * 1.3 + 8


def _draw_rows(w: Writer, table: SeedTable, spans: list[Span], widths: list[float], heights: list[float],
               rows: range | list[int]) -> None:
    by_origin = {(s.row, s.col): s for s in spans}
    covered = {(s.row + i, s.col + k) for s in spans for i in range(s.rowspan) for k in range(s.colspan)
               if (i, k) != (0, 0)}
    top = w.top
    row_tops = {}
    for i in rows:
        row_tops[i] = top
        top += heights[i]
    for i in rows:
        x = MARGIN
        for j, cell in enumerate(table.rows[i]):
            if (i, j) in covered:
                x += widths[j]
                continue
            span = by_origin.get((i, j), Span(i, j))
            cw = sum(widths[j : j + span.colspan])
            ch = sum(heights[i : i + span.rowspan])
            _draw_cell(w, cell, table.bold[i][j], x, row_tops[i], cw, ch, header=bool(spans))
            x += widths[j]
    w.top = top


def _draw_cell(w: Writer, text: str, bold: bool, x: float, top: float, width: float, height: float,
               header: bool) -> None:
    page_height = w.size[1]
    w.canvas.setLineWidth(0.6)
    w.canvas.rect(x, page_height - top - height, width, height, stroke=1, fill=0)
    lines = wrap(text, TABLE_SIZE, width - 6) if text else []
    y = top + (height - len(lines) * TABLE_SIZE * 1.3) / 2
    for line in lines:
        lw = text_width(line, TABLE_SIZE)
        if header:
            lx = x + (width - lw) / 2
        elif AMOUNT.match(text):
            lx = x + width - 3 - lw
        else:
            lx = x + 3
        w.text(line, lx, y, TABLE_SIZE, bold)
        y += TABLE_SIZE * 1.3


# ---------------------------------------------------------------- documents


def make_seed(out: Path) -> None:
    canvas = Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle("seed fixture")
    w = Writer(canvas)
    w.start_page(True)
    number = 0
    for item in parse_seed(SEED.read_text(encoding="utf-8")):
        if isinstance(item, SeedTable):
            number += 1
            draw_table(w, item, number)
            if not w.portrait:
                w.start_page(True)
            else:
                w.top += 6
            continue
        if not w.portrait:
            w.start_page(True)
        if isinstance(item, Heading):
            w.top += 4
            w.paragraph(item.text, HEADING_SIZES.get(item.level, BODY_SIZE), bold=True)
        else:
            w.paragraph(item.text, BODY_SIZE, bold=item.bold)
    canvas.showPage()
    canvas.save()


def make_doubled(out: Path) -> None:
    """A 6-column table drawn the Word way: each ruling twice, 1 pt apart, in per-cell pieces."""
    canvas = Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    w = Writer(canvas, furniture=False)
    w.start_page(True)
    w.text("公开01表：收支预算总表", MARGIN, 80, 14, bold=True)
    w.text("单位：万元", 460, 104, 9)
    rows = [["收入", "", "支出", "", "", ""],
            ["项目名称", "金额", "功能科目名称", "金额", "项目名称", "金额"],
            ["一、财政拨款", "21,940.96", "一、一般公共服务支出", "", "一、基本支出", "13,994.31"],
            ["1.一般公共预算", "21,940.96", "二、公共安全支出", "16,458.75", "二、项目支出", "5,573.00"],
            ["二、其他资金", "14.39", "三、社会保障和就业支出", "1,836.22", "", ""],
            ["收入合计", "21,955.35", "支出合计", "21,955.35", "", "21,955.35"]]
    xs = [MARGIN, 150, 215, 330, 390, 470, 540]
    ys = [120 + 20 * i for i in range(len(rows) + 1)]
    height = A4[1]
    canvas.setFillGray(0)
    for r in range(len(rows) + 1):
        for c in range(len(xs) - 1):
            for offset in (0.0, 2.0):
                canvas.rect(xs[c], height - ys[r] - offset - 0.48, xs[c + 1] - xs[c], 0.48, stroke=0, fill=1)
    for c, x in enumerate(xs):
        for r in range(len(rows)):
            if r == 0 and c in (1, 3, 4, 5):
                continue  # 收入 spans two columns, 支出 four
            for offset in (0.0, 2.4):
                canvas.rect(x + offset, height - ys[r + 1], 0.48, ys[r + 1] - ys[r], stroke=0, fill=1)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                w.text(text, xs[c] + 4, ys[r] + 6, 9, bold=r < 2)
    canvas.showPage()
    canvas.save()


def make_partly_ruled(out: Path) -> None:
    """Horizontal rules only (no verticals); then a table without an outer border."""
    canvas = Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    w = Writer(canvas, furniture=False)
    w.start_page(True)
    height = A4[1]
    w.text("一般公共预算支出表", MARGIN, 80, 14, bold=True)
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "264.87", "62.63", "202.24"],
            ["20139", "社会工作事务", "264.87", "62.63", "202.24"],
            ["2013901", "行政运行", "51.32", "51.32", ""],
            ["", "合计", "307.82", "105.58", "202.24"]]
    xs = [MARGIN, 130, 300, 380, 460, 540]
    canvas.setLineWidth(0.8)
    for i in range(len(rows) + 1):
        y = height - (110 + 22 * i)
        canvas.line(xs[0], y, xs[-1], y)
    for i, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                w.text(text, xs[c] + 4, 110 + 22 * i + 7, 9)
    w.text("机关运行经费表", MARGIN, 260, 14, bold=True)
    rows2 = [["项目", "预算数", "上年数"], ["机关运行经费", "217.83", "201.10"], ["合计", "217.83", "201.10"]]
    xs2 = [MARGIN, 250, 400, 540]
    for i in range(1, len(rows2)):
        y = height - (290 + 22 * i)
        canvas.line(xs2[0], y, xs2[-1], y)
    for x in xs2[1:-1]:
        canvas.line(x, height - 290, x, height - (290 + 22 * len(rows2)))
    for i, row in enumerate(rows2):
        for c, text in enumerate(row):
            w.text(text, xs2[c] + 4, 290 + 22 * i + 7, 9)
    canvas.showPage()
    canvas.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "pdf")
    args = parser.parse_args(argv)
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    args.out.mkdir(parents=True, exist_ok=True)
    make_seed(args.out / "seed.pdf")
    make_doubled(args.out / "doubled-rulings.pdf")
    make_partly_ruled(args.out / "partly-ruled.pdf")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
