"""Generate a large budget-like PDF (default 1,000 pages) to check that parsing stays in bounded memory.

Every page after the cover carries one ruled table in the shape of a 一般公共预算支出表
(科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出, amounts in 万元) with Chinese text in reportlab's
built-in CID font STSong-Light; every few tables continue over a second page (续表). The numbers
add up (合计 = 基本支出 + 项目支出; each 类 row is the sum of its 项 rows; the 合计 row is the sum
of the 类 rows), so the checks have little to report and the run measures reading, not findings.
Output is deterministic (``invariant=1``, no randomness): the same arguments give the same bytes.

    python scripts/make_big_pdf.py                  # /tmp/big-1000.pdf
    python scripts/make_big_pdf.py OUT.pdf --pages 200

Not committed (too big); ``scripts/bench.py --big`` generates it when missing.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
PAGE_W, PAGE_H = A4
MARGIN = 40.0
ROW_H = 22.0
COL_W = (80.0, 195.0, 80.0, 80.0, 80.0)  # 515 pt = A4 width minus margins
HEADER = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")

# (类 code, 类 name, [(项 suffix, 项 name)]) — real 2xx functional classification names.
CLASSES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "201",
        "一般公共服务支出",
        (
            ("0101", "行政运行"),
            ("0102", "一般行政管理事务"),
            ("0150", "事业运行"),
            ("0199", "其他人大事务支出"),
        ),
    ),
    (
        "205",
        "教育支出",
        (("0101", "行政运行"), ("0201", "学前教育"), ("0202", "小学教育"), ("0203", "初中教育")),
    ),
    ("206", "科学技术支出", (("0101", "行政运行"), ("0201", "机构运行"), ("0404", "科技成果转化与扩散"))),
    (
        "208",
        "社会保障和就业支出",
        (
            ("0501", "行政单位离退休"),
            ("0505", "机关事业单位基本养老保险缴费支出"),
            ("0506", "机关事业单位职业年金缴费支出"),
        ),
    ),
    ("210", "卫生健康支出", (("1101", "行政单位医疗"), ("1102", "事业单位医疗"), ("1103", "公务员医疗补助"))),
    ("221", "住房保障支出", (("0201", "住房公积金"), ("0203", "购房补贴"))),
)
TABLE_TITLES = (
    "一般公共预算支出功能分类预算表",
    "一般公共预算基本支出预算表",
    "部门支出总表",
    "政府性基金预算支出表",
)


def amount(page: int, row: int, col: int) -> Decimal:
    """A deterministic amount in 万元 with two decimals (no randomness)."""
    raw = (page * 7919 + row * 104729 + col * 1299709) % 987_654
    return Decimal(raw) / Decimal(100)


def page_rows(page: int) -> list[tuple[str, str, Decimal, Decimal]]:
    """(code, name, 基本支出, 项目支出) for the 类 and 项 rows of one page's table; 类 rows are sums."""
    rows: list[tuple[str, str, Decimal, Decimal]] = []
    start = page % len(CLASSES)
    for k in range(3):
        cls_code, cls_name, items = CLASSES[(start + k) % len(CLASSES)]
        item_rows = []
        for j, (suffix, name) in enumerate(items):
            basic, project = amount(page, 10 * k + j, 1), amount(page, 10 * k + j, 2)
            item_rows.append((cls_code + suffix, name, basic, project))
        basic_sum = sum((r[2] for r in item_rows), Decimal(0))
        project_sum = sum((r[3] for r in item_rows), Decimal(0))
        rows.append((cls_code, cls_name, basic_sum, project_sum))
        rows.extend(item_rows)
    return rows


def draw_table(c: canvas.Canvas, top: float, cells: Sequence[Sequence[str]]) -> None:
    """A fully ruled grid; text centred in the header row, amounts right-aligned."""
    xs = [MARGIN]
    for w in COL_W:
        xs.append(xs[-1] + w)
    ys = [top - i * ROW_H for i in range(len(cells) + 1)]
    c.setLineWidth(0.6)
    c.grid(xs, ys)
    for i, row in enumerate(cells):
        baseline = ys[i] - ROW_H + 7
        for j, text in enumerate(row):
            if i == 0:
                c.drawCentredString((xs[j] + xs[j + 1]) / 2, baseline, text)
            elif j >= 2:
                c.drawRightString(xs[j + 1] - 4, baseline, text)
            else:
                c.drawString(xs[j] + 4, baseline, text)


def fmt(value: Decimal) -> str:
    return f"{value:,.2f}"


def draw_cover(c: canvas.Canvas, entity: str, year: int, pages: int) -> None:
    c.setFont(FONT, 24)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 200, f"{entity}{year}年部门预算")
    c.setFont(FONT, 14)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 240, f"（压力测试文档，共 {pages} 页）")
    c.setFont(FONT, 11)
    text = c.beginText(MARGIN, PAGE_H - 320)
    text.textLine("第一部分 部门概况")
    text.textLine("一、主要职能")
    text.textLine(f"{entity}负责本单位的行政管理工作。本文件由脚本生成，仅用于测试解析的内存与速度。")
    text.textLine("第二部分 部门预算表")
    c.drawText(text)
    c.showPage()


def build(path: Path, pages: int, entity: str, year: int) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(f"{entity}{year}年部门预算")
    c.setAuthor("scripts/make_big_pdf.py")
    draw_cover(c, entity, year, pages)
    number = 0
    for page in range(1, pages):
        continued = page % 5 == 0  # every fifth page continues the previous table (续表)
        if not continued:
            number += 1
        rows = page_rows(page)
        c.setFont(FONT, 14)
        title = TABLE_TITLES[(number - 1) % len(TABLE_TITLES)]
        heading = f"表{number} {title}" + ("（续）" if continued else "")
        c.drawCentredString(PAGE_W / 2, PAGE_H - 60, heading)
        c.setFont(FONT, 9)
        c.drawString(MARGIN, PAGE_H - 85, f"编制部门：{entity}")
        c.drawRightString(PAGE_W - MARGIN, PAGE_H - 85, "单位：万元")
        cells: list[list[str]] = [list(HEADER)]
        if not continued:
            classes = [r for r in rows if len(r[0]) == 3]
            basic = sum((r[2] for r in classes), Decimal(0))
            project = sum((r[3] for r in classes), Decimal(0))
            cells.append(["", "合计", fmt(basic + project), fmt(basic), fmt(project)])
        for code, name, basic, project in rows:
            cells.append(
                [
                    code,
                    name if len(code) == 3 else f"  {name}",
                    fmt(basic + project),
                    fmt(basic),
                    fmt(project),
                ]
            )
        draw_table(c, PAGE_H - 95, cells)
        c.setFont(FONT, 8)
        c.drawCentredString(PAGE_W / 2, 30, f"— {page + 1} —")
        c.showPage()
    c.save()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=Path("/tmp/big-1000.pdf"),
        help="where to write (default: %(default)s)",
    )
    parser.add_argument(
        "--pages", type=int, default=1000, help="number of pages, cover included (default: %(default)s)"
    )
    parser.add_argument("--entity", default="压力测试中心", help="the 编制部门 printed on every table")
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.pages < 2:
        parser.error("--pages must be at least 2")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    build(args.output, args.pages, args.entity, args.year)
    print(f"wrote {args.output} ({args.pages} pages, {args.output.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
