"""Repairs of what PDF-to-Markdown converters do to whole tables (cell-level repairs are in
:mod:`table_repair`).

- :func:`rejoin_split_tables`: a table that a page break cut into two Markdown tables (pymupdf4llm
  writes one table per page) is one region again: the second piece follows the first with nothing
  between but blank lines or a page number (``16``, ``— 12 —``, ``- 3 -``, ``第 3 页``), has the
  same number of columns, prints no caption of its own, and either starts with data rows or starts
  with header rows that repeat the first piece's header (the same header words, whatever cells the
  converter put them in: ``功能分类科目编码`` over ``类|款|项`` on one page and
  ``功能分<br>类|类科目<br>款|编码<br>项`` on the next). The repeated header rows are dropped and
  the page number lines go with the join. A piece that starts with data right below the other
  (nothing between) is left to the tables stage, which stitches it the same way.
- :func:`regroup_centered_headers`: a group header word (当年预算, 上年结转结余) that the converter
  printed over the middle of the columns it spans goes over the first of them, the column whose
  sub-header is its 小计.
- :func:`withhold_split_numbers`: a table whose numbers the converter cut across cells
  (``|25|.00|``, ``<br>3.|57|``) has its numbers withheld, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations

from extractor.model import Block, Cell, Grid, TableRegion, TextLine
from extractor.model.amounts import is_amount
from extractor.sources.table_repair import CellKind, cell_kind, row_is_data
from extractor.structure.header import is_column_heading
from extractor.structure.header import row_is_data as header_row_is_data
from extractor.structure.numbering import squeeze
from extractor.structure.table_context import LineRole, read_line_role

_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*(?:/|[，,]?\s*共)\s*\d{1,4}\s*页?)?[-—–－\s]*$"
)
_HEADER_NOISE = re.compile(r"<[^>]+>|[\s|*（）()/、:：]")
MIN_HEADER_OVERLAP = 0.9
MAX_CLASH = 1 / 3


def is_page_number(text: str) -> bool:
    """``16``, ``— 12 —``, ``- 3 -``, ``第 3 页``: a page number the converter kept as a line."""
    return bool(_PAGE_NUMBER.match(text.strip())) and any(ch.isdigit() for ch in text)


def _leading_header_rows(grid: Grid) -> int:
    n = 0
    while n < grid.n_rows and not row_is_data(grid.row_texts(n)):
        n += 1
    return n


def _header_chars(grid: Grid, rows: int) -> set[str]:
    text = "".join(_HEADER_NOISE.sub("", t) for r in range(rows) for t in grid.row_texts(r))
    return set(text)


def _names_a_table(grid: Grid, rows: int) -> bool:
    """A leading row that reads as a caption (表3, a title, 单位：万元) starts another table."""
    for r in range(rows):
        texts = [t for t in grid.row_texts(r) if t.strip()]
        for text in texts:
            role = read_line_role(text)
            if role.number or role.unit or role.department:
                return True
        joined = squeeze("".join(texts))
        if len(texts) == 1 and read_line_role(joined).title and joined.endswith("表"):
            return True
    return False


def repeated_header(first: Grid, second: Grid) -> int | None:
    """How many leading rows of ``second`` to drop when it continues ``first`` (0: it starts with
    data), or None when it is not a continuation of ``first`` by its content."""
    if first.n_cols != second.n_cols or not second.n_rows:
        return None
    rows = _leading_header_rows(second)
    if rows == second.n_rows or _names_a_table(second, rows):
        return None
    if rows == 0:
        return 0
    mine = _header_chars(first, _leading_header_rows(first))
    theirs = _header_chars(second, rows)
    if not mine or not theirs:
        return None
    overlap = len(mine & theirs) / len(theirs)  # the first piece's header may hold its caption too
    return rows if overlap >= MIN_HEADER_OVERLAP else None


def fit_columns(first: Grid, second: Grid) -> Grid | None:
    """``second`` with the columns of ``first``: the columns the converter dropped because they
    were empty on that page put back (where ``first`` has columns with an empty body, else at the
    end), or two neighbouring columns that are never both filled (an amount set one cell off)
    merged. None when that cannot be done."""
    if second.n_cols == first.n_cols:
        return second
    if second.n_cols < first.n_cols:
        where = _dropped_columns(first, second)
        if where is None:
            return None
        mapping = [k for k in range(first.n_cols) if k not in where]
        cells = tuple(
            Cell(c.text, c.row, mapping[c.col], c.prov, c.rowspan, c.colspan, c.bold)
            for c in second.cells
            if c.col < len(mapping)
        )
        fill = tuple(Cell("", r, k, second.cells[0].prov) for r in range(second.n_rows) for k in where) if second.cells else ()
        return Grid(second.n_rows, first.n_cols, cells + fill)
    grid: Grid | None = second
    while grid is not None and grid.n_cols > first.n_cols:
        grid = _merge_complementary(grid) or _merge_as_header(first, grid)
    return grid


def _merge_as_header(first: Grid, second: Grid) -> Grid | None:
    """``second`` starting with header rows, with the two neighbouring columns merged that no body
    row fills both and whose header cells joined print the header cell of ``first`` over that
    column (a converter put two header cells in one, ``国有资本…<br>财政专户…``, on one page only)."""
    top = _leading_header_rows(second)
    top_first = _leading_header_rows(first)
    if not top or top >= second.n_rows or top != top_first or second.n_cols != first.n_cols + 1:
        return None
    if any(c.rowspan > 1 or c.colspan > 1 for c in (*first.cells, *second.cells)):
        return None
    rows = second.matrix()
    mine = [[squeeze(t) for t in first.row_texts(r)] for r in range(top)]
    for j in range(second.n_cols - 1):
        if any(row[j].strip() and row[j + 1].strip() for row in rows[top:]):
            continue
        joined = [squeeze(rows[r][j]) + squeeze(rows[r][j + 1]) for r in range(top)]
        if not all(joined[r] == mine[r][j] for r in range(top)):
            continue
        merged = [[*[squeeze(t) for t in rows[r][:j]], joined[r], *[squeeze(t) for t in rows[r][j + 2 :]]] for r in range(top)]
        if merged != mine:
            continue
        cells = []
        for c in second.cells:
            if c.col == j + 1:
                continue
            text = c.text + "\n" + rows[c.row][j + 1] if c.col == j and c.row < top else c.text or rows[c.row][j + 1] if c.col == j else c.text
            cells.append(Cell(text, c.row, c.col - 1 if c.col > j else c.col, c.prov, c.rowspan, c.colspan, c.bold))
        return Grid(second.n_rows, second.n_cols - 1, tuple(cells))
    return None


def _dropped_columns(first: Grid, second: Grid) -> tuple[int, ...] | None:
    """Which columns of ``first`` the narrower ``second`` lacks: the placement under which the
    most of its body cells are of a kind (code, name, amount) seen in the column they land in;
    the rightmost such placement on a tie. None when even that placement puts more than
    :data:`MAX_CLASH` of its filled cells under columns whose body holds only other kinds (a
    piece the converter laid out otherwise: ``208 01 09242002`` glued codes under 单位编码, names
    under 采购目录): joined, every row of it would be read wrong."""
    missing = first.n_cols - second.n_cols
    if missing > 4 or first.n_cols > 16:
        return None
    rows = [first.row_texts(r) for r in range(_leading_header_rows(first), first.n_rows)]
    profile = [{cell_kind(row[j]) for row in rows} - {CellKind.EMPTY} for j in range(first.n_cols)]
    body = [second.row_texts(r) for r in range(_leading_header_rows(second), second.n_rows)]
    best: tuple[int, ...] | None = None
    best_score = -1
    for where in combinations(range(first.n_cols), missing):
        mapping = [k for k in range(first.n_cols) if k not in where]
        score = sum(
            1 for row in body for j, text in enumerate(row) if text.strip() and cell_kind(text) in profile[mapping[j]]
        )
        if score >= best_score:
            best, best_score = where, score
    if best is None:
        return None
    mapping = [k for k in range(first.n_cols) if k not in best]
    filled = [(cell_kind(text), profile[mapping[j]]) for row in body for j, text in enumerate(row) if text.strip()]
    clashes = sum(1 for kind, seen in filled if seen and kind not in seen)
    if clashes > MAX_CLASH * len(filled):
        return None  # even the best placement puts the piece's cells under columns of other kinds
    return best


def _merge_complementary(grid: Grid) -> Grid | None:
    """The grid with its first pair of neighbouring columns that no row fills both merged."""
    rows = grid.matrix()
    for j in range(grid.n_cols - 1):
        if all(not (row[j].strip() and row[j + 1].strip()) for row in rows) and any(row[j + 1].strip() for row in rows):
            return _merge_columns(grid, j, rows)
    return None


def merge_shifted_headers(region: TableRegion) -> TableRegion:
    """A header word set one column off its amounts (``项目 | 预算数 | `` over ``合计 | | 11.20``):
    a column that prints only header text beside one that prints only body text is one column."""
    grid = region.grid
    top = _leading_header_rows(grid)
    if not top or top >= grid.n_rows or any(c.rowspan > 1 or c.colspan > 1 for c in grid.cells):
        return region
    rows = grid.matrix()
    for j in range(grid.n_cols - 1):
        head = [any(rows[r][k].strip() for r in range(top)) for k in (j, j + 1)]
        body = [any(rows[r][k].strip() for r in range(top, grid.n_rows)) for k in (j, j + 1)]
        if (head, body) in (([True, False], [False, True]), ([False, True], [True, False])):
            merged = _merge_columns(grid, j, rows)
            return merge_shifted_headers(replace(region, grid=merged))
    return region


def _merge_columns(grid: Grid, j: int, rows: list[list[str]]) -> Grid:
    """Columns ``j`` and ``j + 1`` (never both filled on a row) as one."""
    cells = []
    for c in grid.cells:
        if c.col == j and not c.text.strip() and rows[c.row][j + 1].strip():
            continue
        if c.col == j + 1 and not c.text.strip():
            continue
        col = c.col - 1 if c.col > j else c.col
        cells.append(Cell(c.text, c.row, col, c.prov, c.rowspan, c.colspan, c.bold))
    taken = {(c.row, c.col) for c in cells}
    cells += [Cell("", r, j, grid.cells[0].prov) for r in range(grid.n_rows) if (r, j) not in taken]
    return Grid(grid.n_rows, grid.n_cols - 1, tuple(cells))


def drop_repeated_header_rows(region: TableRegion) -> TableRegion:
    """Rows inside a table that print its header again (a page break inside one Markdown table)."""
    grid = region.grid
    top = _leading_header_rows(grid)
    if not top or top == grid.n_rows:
        return region
    header = {tuple(squeeze(t) for t in grid.row_texts(r)) for r in range(top)}
    header = {h for h in header if sum(1 for t in h if t) >= 2}
    again = {r for r in range(top, grid.n_rows) if tuple(squeeze(t) for t in grid.row_texts(r)) in header}
    if not again:
        return region
    shift = {r: r - sum(1 for a in again if a < r) for r in range(grid.n_rows)}
    cells = tuple(
        Cell(c.text, shift[c.row], c.col, c.prov, c.rowspan, c.colspan, c.bold) for c in grid.cells if c.row not in again
    )
    return TableRegion(Grid(grid.n_rows - len(again), grid.n_cols, cells), region.prov, region.header_rows, region.ruled)


_UNIT_TEXT = re.compile(r"(?:金额)?单\s*位\s*[:：]\s*(?:万元|元|千元|亿元)")
_DEPARTMENT_KEY = re.compile(r"^(?:预算单位|单位名称|部门名称|编制单位|编制部门|预算部门|部门)[:：]")
_NAME_END = re.compile(r"(?:局|委|厅|办|院|会|中心|部|室|所|站|队|馆|处|校|司|社|团|署|府)")


def _caption_lines(text: str) -> list[str] | None:
    """``预算单位：长春市信访局本年一般公共预算支出表（预算表5）单位：万元`` → the department, the
    title and the unit as separate caption lines; None when the text is not a caption."""
    lines: list[str] = []
    unit = _UNIT_TEXT.search(text)
    rest = text
    if unit is not None:
        rest = (text[: unit.start()] + text[unit.end() :]).strip()
    if rest and _DEPARTMENT_KEY.match(rest):
        cut = len(rest)
        for m in _NAME_END.finditer(rest):
            tail = rest[m.end() :]
            if tail and (read_line_role(tail).title or read_line_role(tail).number):
                cut = m.end()
                break
        lines.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        role = read_line_role(rest)
        if role.note or not (role.number or (role.title and squeeze(role.title).endswith("表"))):
            return None  # a header row (项目名称 | … | 绩效目标) is no caption
        lines.insert(0, rest)
    if unit is not None:
        lines.append(unit.group(0))
    return lines or None


def split_caption_rows(region: TableRegion) -> list[Block]:
    """Leading rows of a pipe table that print the table's caption spread over cells the converter
    cut it into (``预算单位：长春市信|访局|||…|单位：万元``, ``||||财政拨款收支|总表(预算表4)||||``)
    become caption lines above the table. Rows whose every cell reads as a caption on its own are
    left to the tables stage. A row that holds the caption and the header's first line as two
    lines of the same cells (:func:`interleaved_caption`) gives its caption lines and keeps the
    header's."""
    grid = region.grid
    lines: list[TextLine] = []
    top = 0
    kept_row: dict[int, str] | None = None
    while top < min(grid.n_rows - 1, 3):
        cells = [c for c in grid.row_cells(top) if c.text.strip()]
        texts = [c.text for c in cells]
        split = interleaved_caption(cells) if top == 0 else None
        if split is not None:
            kept_row = split[1]
            lines.extend(TextLine(text, cells[0].prov) for text in split[0])
            break
        if not cells or row_is_data(texts):
            break
        if all(read_line_role(t) != LineRole() and not read_line_role(t).note for t in texts):
            break  # each cell a caption: the tables stage reads it as it is
        captions = _caption_lines("".join(squeeze(t) for t in texts))
        if captions is None:
            break
        lines.extend(TextLine(text, cells[0].prov) for text in captions)
        top += 1
    if not top and kept_row is None:
        return [region]
    kept = tuple(
        Cell(_kept_text(c, top, kept_row), c.row - top, c.col, c.prov, c.rowspan, c.colspan, c.bold)
        for c in grid.cells
        if c.row >= top
    )
    header = region.header_rows - top if region.header_rows and region.header_rows > top else None
    return [*lines, TableRegion(Grid(grid.n_rows - top, grid.n_cols, kept), region.prov, header, region.ruled)]


def _kept_text(cell: Cell, top: int, kept_row: dict[int, str] | None) -> str:
    """A cell's text, or in the row whose caption went above, the header text left in it."""
    return kept_row.get(cell.col, "") if kept_row is not None and cell.row == top else cell.text


def interleaved_caption(cells: Sequence[Cell]) -> tuple[list[str], dict[int, str]] | None:
    """A first row where the converter put the caption and the header's first line into the same
    cells, one above the other (西安 表11: ``表11 | 201 | 9年部 | 功能分类科<br>门综合预 | … |
    政府经济分类科<br>资金支出表 | 单 | 位：万元``): the caption lines (the table number, the
    title read from the one-line cells and one line of each two-line cell, the unit) and the
    header text left in each two-line cell (by column). None unless a table number stands
    alone in the first cell and one choice of lines reads as a title ending in 表."""
    if not cells or not any("\n" in c.text for c in cells):
        return None
    first = read_line_role(cells[0].text)
    if first.number is None or first.title is not None or "\n" in cells[0].text:
        return None
    for pick in (-1, 0):
        parts = [_lines(c.text) for c in cells[1:]]
        if any(len(p) > 2 for p in parts):
            return None
        chosen = [p[pick] if len(p) == 2 else "".join(p) for p in parts]
        captions = _caption_lines(f"{squeeze(cells[0].text)} {''.join(squeeze(t) for t in chosen)}")
        title = read_line_role(captions[0]).title if captions else None
        if captions and title and squeeze(title).endswith("表"):
            left = {c.col: p[1 + pick] for c, p in zip(cells[1:], parts, strict=True) if len(p) == 2}
            return captions, left
    return None


def _joined(first: TableRegion, second: TableRegion, drop: int) -> TableRegion:
    offset = first.grid.n_rows - drop
    moved = tuple(
        Cell(c.text, c.row + offset, c.col, c.prov, c.rowspan, c.colspan, c.bold)
        for c in second.grid.cells
        if c.row >= drop
    )
    grid = Grid(first.grid.n_rows + second.grid.n_rows - drop, first.grid.n_cols, first.grid.cells + moved)
    return TableRegion(grid=grid, prov=first.prov.union(second.prov), header_rows=first.header_rows, ruled=first.ruled)


def _previous_piece(out: list[Block]) -> int:
    """Index of the block a table region may continue: the last block, looking past page numbers
    and past lines that print the previous table's caption again (表6 / its title / 单位：万元
    repeated on each page); -1 when there is none."""
    k = len(out) - 1
    while k >= 0 and isinstance(out[k], TextLine):
        k -= 1
    if k < 0:
        return -1
    between = [b for b in out[k + 1 :] if isinstance(b, TextLine) and not is_page_number(b.text)]
    if not between:
        return k
    captions: set[str] = set()
    j = k - 1
    while j >= 0 and isinstance(out[j], TextLine) and len(captions) < 8:
        line = out[j]
        assert isinstance(line, TextLine)
        if not is_page_number(line.text):
            captions.add(squeeze(line.text))
        j -= 1
    if all(squeeze(b.text) in captions and read_line_role(b.text) != LineRole() for b in between):
        return k
    return len(out) - 1


MAX_HEADER_ROWS = 6
_NAME_THEN_AMOUNT = re.compile(r"^(\S.*?)\s*\n\s*([-－]?[\d,，]+(?:\.\d+)?)$", re.DOTALL)
_AMOUNT_THEN_NAME = re.compile(r"^([-－]?[\d,，]+(?:\.\d+)?)\s+(\D.*)$", re.DOTALL)
_TWO_AMOUNTS = re.compile(r"^([-－]?[\d,，]+(?:\.\d+)?)\s*\n\s*([-－]?[\d,，]+(?:\.\d+)?)$")
_JOINED = ((_NAME_THEN_AMOUNT, False), (_AMOUNT_THEN_NAME, True))


def _split_parts(text: str, pattern: re.Pattern[str], amount_first: bool) -> tuple[str, str] | None:
    t = text.strip()
    if not t:
        return ("", "")
    m = pattern.match(t)
    if m is not None and is_amount(m.group(1 if amount_first else 2)):
        return (m.group(1), m.group(2).strip())
    if is_amount(t):
        return (t, "") if amount_first else ("", t)
    if amount_first:
        return ("", t)
    return (t, "")


_WRAP_HEAD = re.compile(r"^[-－]?[\d,，]*\d[.．]\d*$|^[-－]?\d{1,3}(?:[,，]\d{3})*[,，]?$")
_SEPARATOR = re.compile(r"[.．,，]")
_WRAP_TAIL = re.compile(r"^\d{1,3}(?:[,，]\d{3})*(?:\.\d+)?$|^[.,，]\d+$")


def join_wrapped_amounts(region: TableRegion) -> TableRegion:
    """An amount the converter wrapped inside its cell (``1682.7<br>6``, ``0.0<br>0``): when the
    first line is cut inside the number (after its decimal point, or after a thousands group) and
    the lines joined read as one amount, they are one amount. Two lines of bare digits (``7<br>8``,
    the column numbers of two columns a converter put in one cell) are two numbers: a cut is
    only seen at a decimal point or a thousands separator on either line."""
    changed = False
    cells: list[Cell] = []
    for c in region.grid.cells:
        lines = _lines(c.text)
        if len(lines) == 2 and _WRAP_HEAD.match(lines[0]) and _WRAP_TAIL.match(lines[1]) and _SEPARATOR.search("".join(lines)):
            joined = lines[0] + lines[1]
            if is_amount(joined) and joined.count(".") <= 1:
                cells.append(Cell(joined, c.row, c.col, c.prov, c.rowspan, c.colspan, c.bold))
                changed = True
                continue
        cells.append(c)
    if not changed:
        return region
    return replace(region, grid=Grid(region.grid.n_rows, region.grid.n_cols, tuple(cells)))


def _lines(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _stack_height(texts: list[str]) -> int | None:
    """The number of rows a converter stacked into this one (``05<br>2080505 | … | 22.12<br>22.12``):
    every numeric cell prints that many numbers on as many lines (two or more), every text cell at
    least that many lines; None when the row is not such a stack."""
    heights: set[int] = set()
    for text in texts:
        lines = _lines(text)
        if len(lines) > 1 and all(is_amount(line) for line in lines):
            heights.add(len(lines))
        elif len(lines) == 1 and is_amount(lines[0]):
            return None
    if len(heights) != 1:
        return None
    n = heights.pop()
    numeric = sum(1 for t in texts if len(_lines(t)) == n and all(is_amount(x) for x in _lines(t)))
    if numeric < 2 or any(0 < len(_lines(t)) < n for t in texts):
        return None
    return n


def split_stacked_rows(region: TableRegion) -> TableRegion:
    """Rows that a converter stacked into one row with ``<br>`` are rows again: line k of each
    cell goes to row k (a name wrapped over more lines keeps its extra lines in the last row)."""
    grid = region.grid
    if any(c.rowspan > 1 or c.colspan > 1 for c in grid.cells):
        return region
    heights = [_stack_height(grid.row_texts(r)) for r in range(grid.n_rows)]
    if not any(heights):
        return region
    cells: list[Cell] = []
    offset = 0
    for r in range(grid.n_rows):
        n = heights[r] or 1
        for c in grid.row_cells(r):
            if n == 1:
                cells.append(Cell(c.text, r + offset, c.col, c.prov, 1, 1, c.bold))
                continue
            lines = _lines(c.text)
            parts = [*lines[: n - 1], "".join(lines[n - 1 :])] if lines else [""] * n
            cells.extend(Cell(part, r + offset + k, c.col, c.prov, 1, 1, c.bold) for k, part in enumerate(parts))
        offset += n - 1
    header = region.header_rows
    if header and any(heights[:header]):
        header = None  # the GFM header line held data
    return TableRegion(Grid(grid.n_rows + offset, grid.n_cols, tuple(cells)), region.prov, header, region.ruled)


def _joined_cell(text: str) -> bool:
    """A body cell holding two cells' text: a name and an amount, an amount and a name, two amounts."""
    t = text.strip()
    for pattern, amount_first in _JOINED:
        m = pattern.match(t)
        if m is not None and is_amount(m.group(1 if amount_first else 2)) and is_amount(m.group(1)) is amount_first:
            return True
    m = _TWO_AMOUNTS.match(t)
    return m is not None and is_amount(m.group(1)) and is_amount(m.group(2))


def _header_end(grid: Grid) -> int:
    """Leading rows that neither print a code or amount nor a cell of two cells' text."""
    n = 0
    while n < grid.n_rows:
        texts = grid.row_texts(n)
        if row_is_data(texts) or any(_joined_cell(t) for t in texts):
            break
        n += 1
    return n


def split_joined_columns(region: TableRegion) -> TableRegion:
    """Two columns the converter printed as one: a header cell of two or more lines over body cells
    that hold a name and an amount (``科目名称<br>金额`` over ``办公费<br>13.80``; ``项目<br>预算数`` over
    ``收入总计<br>96,282,213.44``; ``预算<br>项目`` over ``3,944.08 一、一般公共服务支出``, the halves
    of a summary joined) or two amounts (``公务接待费<br>公务<br>小计`` over ``0.83<br>9.98``) become
    two columns again: a quarter of the filled body cells (one at least) hold such a pair
    (the others a name alone or an amount alone, put on the side their kind belongs to)."""
    grid = region.grid
    top = _header_end(grid)
    if not top or top >= grid.n_rows or any(c.rowspan > 1 or c.colspan > 1 for c in grid.cells):
        return region
    for j in range(grid.n_cols):
        if not any(len(_lines(grid.origin_text(r, j))) >= 2 for r in range(top)):
            continue
        filled = [t for t in (grid.origin_text(r, j).strip() for r in range(top, grid.n_rows)) if t]
        for pattern, amount_first in (*_JOINED, (_TWO_AMOUNTS, True)):
            pairs = sum(1 for t in filled if (m := pattern.match(t)) and is_amount(m.group(1 if amount_first else 2)))
            if pairs and pairs * 4 >= len(filled):
                return split_joined_columns(_split_column(region, j, top, pattern, amount_first))
    return region


def _split_column(region: TableRegion, j: int, top: int, pattern: re.Pattern[str], amount_first: bool) -> TableRegion:
    grid = region.grid
    cells: list[Cell] = []
    for c in grid.cells:
        col = c.col + 1 if c.col > j else c.col
        if c.col != j:
            cells.append(Cell(c.text, c.row, col, c.prov, c.rowspan, c.colspan + (1 if c.col < j < c.col + c.colspan else 0), c.bold))
            continue
        if c.row < top:
            parts = _lines(c.text)
            left, right = (parts[0], "".join(parts[1:])) if len(parts) >= 2 else (c.text, "")
        else:
            left, right = _split_parts(c.text, pattern, amount_first) or (c.text, "")
        cells.append(Cell(left, c.row, j, c.prov, 1, 1, c.bold))
        cells.append(Cell(right, c.row, j + 1, c.prov, 1, 1, c.bold))
    return replace(region, grid=Grid(grid.n_rows, grid.n_cols + 1, tuple(cells)))


def declare_header(region: TableRegion) -> TableRegion:
    """A pipe table's GFM header line marks one header row; converters print the rest of a
    multi-row header below it, where a word such as 总计 sitting alone in its row would read as a
    total row. When the tables stage would take such a row for data, every row above the first
    that prints a code or an amount is declared header."""
    if not region.header_rows:
        return region
    grid = region.grid
    rows = _leading_header_rows(grid)
    if rows <= region.header_rows or rows >= grid.n_rows or rows > MAX_HEADER_ROWS:
        return region
    header = [grid.row_texts(r, fill_spans=True) for r in range(region.header_rows)]
    for r in range(region.header_rows, rows):
        if header_row_is_data(grid.row_texts(r), header):
            return replace(region, header_rows=rows)  # the tables stage would end the header here
        header.append(grid.row_texts(r, fill_spans=True))
    return region


def rejoin_split_tables(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with each table that a page break split rejoined (see the module docstring)."""
    out: list[Block] = []
    pieces = [b for block in blocks for b in (split_caption_rows(block) if isinstance(block, TableRegion) else [block])]
    for block in pieces:
        if isinstance(block, TableRegion):
            block = declare_header(drop_repeated_header_rows(regroup_centered_headers(join_cut_header_words(merge_shifted_headers(split_joined_columns(join_wrapped_amounts(split_stacked_rows(block))))))))
            block = lift_code_header_tails(block)
            k = _previous_piece(out)
            previous = out[k] if k >= 0 else None
            if isinstance(previous, TableRegion) and previous.grid.n_rows:
                fitted = fit_columns(previous.grid, block.grid)
                drop = repeated_header(previous.grid, fitted) if fitted is not None else None
                # a piece that starts with data right after the table is the tables stage's to stitch
                if fitted is not None and drop is not None and (drop or k < len(out) - 1 or fitted is not block.grid):
                    del out[k:]
                    out.append(_joined(previous, replace(block, grid=fitted), drop))
                    continue
        out.append(block)
    return out



_FRAGMENT = re.compile(r"^[-－]?\d+[.．]$|^[.．]\d+$")
_NUMERIC = re.compile(r"^[-－\d.,，．\s%]*\d[-－\d.,，．\s%]*$")
MIN_FRAGMENTS = 3


def split_number_cells(grid: Grid) -> int:
    """How many cells of ``grid`` print a number cut in two at its decimal point: a line that is
    digits then the point (``3.``, ``-12.``) or the point then digits (``.00``). No amount is
    written so; a converter that cut one number over two cells (``|25|.00|``, ``<br>3.|57|``)
    leaves them."""
    return sum(1 for c in grid.cells if any(_FRAGMENT.match(line) for line in _lines(c.text)))


def withhold_split_numbers(blocks: Sequence[Block]) -> tuple[list[Block], list[str]]:
    """The blocks with the numbers of each table whose numbers the converter cut across cells
    withheld (their cells blanked; codes, names and header words kept), and one warning per such
    table. Which piece of a cut number belongs to which column cannot be told once the cells are
    shifted (``|267.78<br>66.57|25|.00|<br>3.|57|``: the figures of neighbouring columns run into
    each other), so every number of the table goes: no line item is better than a wrong one.
    A table needs :data:`MIN_FRAGMENTS` such cells on two rows at least (one cut cell is a slip
    of one figure, not a table whose columns moved)."""
    out: list[Block] = []
    warnings: list[str] = []
    for block in blocks:
        if isinstance(block, TableRegion):
            grid = block.grid
            cut = [c for c in grid.cells if any(_FRAGMENT.match(line) for line in _lines(c.text))]
            if len(cut) >= MIN_FRAGMENTS and len({c.row for c in cut}) >= 2:
                top = _leading_header_rows(grid)
                cells = tuple(
                    replace(c, text="") if c.row >= top and _NUMERIC.match(_MARKUP.sub("", c.text).replace("\n", " ")) else c
                    for c in grid.cells
                )
                block = replace(block, grid=Grid(grid.n_rows, grid.n_cols, cells))
                lines = block.prov.lines
                where = f"lines {lines[0]}–{lines[1]}" if lines else "a table"
                warnings.append(
                    f"Markdown table at {where}: the converter cut {len(cut)} numbers across cells"
                    " (such as '" + _lines(cut[0].text)[0] + "'); its amounts are withheld"
                )
        out.append(block)
    return out, warnings


_MARKUP = re.compile(r"<[^>]+>")


_SUBTOTAL = "小计"


def regroup_centered_headers(region: TableRegion) -> TableRegion:
    """Group header words over the wrong columns of their span: a converter prints a merged cell's
    text where the cell's middle was (``合计 | | 当年预 | 算 | | | 上年 | 结转结余 | |`` over
    ``| | | 小计 | 基本支出 | 项目支出 | 事业单位经营支出 | 小计 | 基本支出 | …``), so the words
    of one group fall over the columns of the next one, or are cut over two cells. In a header
    row above a row of sub-headers, each run of sub-headed columns that starts with a 小计
    column, up to the next such column, is one group (a 合计 is no group's: it is as often the
    table's total, 基本支出 printed over its 人员经费 | 公用经费 only): the words printed over the run,
    joined in order, go over its first column (the header stage carries them over the rest).
    Columns without a sub-header (合计 spanning both rows) keep their words. Nothing changes
    unless every run has words over it, nor when the upper row prints a 小计 itself (the middle
    row of a three-row header, whose words are sub-headers: 基本支出 | 项目支出)."""
    grid = region.grid
    top = _leading_header_rows(grid)
    if top < 2 or top >= grid.n_rows or any(c.rowspan > 1 or c.colspan > 1 for c in grid.cells):
        return region
    rows = grid.matrix()
    for r in range(top - 1):
        upper, lower = rows[r], [squeeze(t) for t in rows[r + 1]]
        # a column is sub-headed when any header row below prints a word in it (三-row headers:
        # 基本支出 centred over 小计 | 人员经费 | 公用经费 leaves its 小计 column blank in the row below)
        below = [next((squeeze(rows[k][j]) for k in range(r + 1, top) if rows[k][j].strip()), "") for j in range(grid.n_cols)]
        starts = [j for j, t in enumerate(lower) if t == _SUBTOTAL]
        runs: list[tuple[int, int]] = []
        for k, start in enumerate(starts):
            end = start + 1
            stop = starts[k + 1] if k + 1 < len(starts) else grid.n_cols
            while end < stop and below[end]:
                end += 1
            runs.append((start, end))
        if not runs or any(end - start < 2 for start, end in runs):
            continue
        if any(squeeze(t) == _SUBTOTAL for t in upper) and any(
            len(lower[j]) < 2 and not is_column_heading(lower[j]) for start, end in runs for j in range(start, end) if lower[j]
        ):
            continue  # a row of sub-headers itself over a word cut in two (项目支 over 出): no group row
        words = ["".join(squeeze(upper[j]) for j in range(start, end) if upper[j].strip()) for start, end in runs]
        if not all(words) or all(not upper[j].strip() for start, end in runs for j in range(start + 1, end)):
            continue  # a run without words, or every group already over its first column
        # words over the columns between two runs (after a run's last sub-header) would be lost
        covered = {j for start, end in runs for j in range(start, end)}
        if any(upper[j].strip() and below[j] and j not in covered for j in range(grid.n_cols)):
            continue
        new = {j: "" for start, end in runs for j in range(start, end)}
        new.update({start: w for (start, _), w in zip(runs, words, strict=True)})
        cells = tuple(replace(c, text=new[c.col]) if c.row == r and c.col in new else c for c in grid.cells)
        return regroup_centered_headers(replace(region, grid=Grid(grid.n_rows, grid.n_cols, cells)))
    return region


_CODE_HEADER_END = re.compile(r"(?:编码|代码|编号)$")


def lift_code_header_tails(region: TableRegion) -> TableRegion:
    """Header words the converter wrapped into the first data row (``部门经济科目<br>`` over
    ``编码 | | 目编码 | 合计 | 8563.95``: the header's second line and the 合计 row are one row):
    in a column whose body below prints codes only, a word of the first data row that is no code
    and completes the header cell above into a code header (…编码, …代码) is that cell's tail.
    It goes up into the header; the row keeps its amounts as data."""
    grid = region.grid
    top = _leading_header_rows(grid)
    if not top or top + 1 >= grid.n_rows or any(c.rowspan > 1 or c.colspan > 1 for c in grid.cells):
        return region
    rows = grid.matrix()
    moved: dict[int, str] = {}
    for j in range(grid.n_cols):
        word = squeeze(rows[top][j])
        if not word or cell_kind(word) is not CellKind.TEXT:
            continue
        below = [rows[r][j].strip() for r in range(top + 1, grid.n_rows) if rows[r][j].strip()]
        if not below or any(cell_kind(t) is not CellKind.CODE for t in below):
            continue
        head = squeeze(rows[top - 1][j])
        if head and not _CODE_HEADER_END.search(head) and _CODE_HEADER_END.search(head + word):
            moved[j] = head + word
    if not moved:
        return region
    cells = tuple(
        replace(c, text=moved[c.col]) if c.row == top - 1 and c.col in moved
        else replace(c, text="") if c.row == top and c.col in moved
        else c
        for c in grid.cells
    )
    return replace(region, grid=Grid(grid.n_rows, grid.n_cols, cells))


MAX_CUT_TAIL = 2
"""The most characters of a header word a converter wraps into the header row below."""


def join_cut_header_words(region: TableRegion) -> TableRegion:
    """A header word the converter cut over two header rows (``项目支`` over ``出``, ``小`` over
    ``计``: a merged cell's lines put in the rows they face) is one word in the upper cell again:
    when neither part is a column heading, the lower is a short tail (up to :data:`MAX_CUT_TAIL`
    characters) and the two joined are one (…支出, 小计, …预算)."""
    grid = region.grid
    top = _leading_header_rows(grid)
    if top < 2 or top >= grid.n_rows or any(c.rowspan > 1 or c.colspan > 1 for c in grid.cells):
        return region
    rows = [[squeeze(t) for t in row] for row in grid.matrix()]
    joined: dict[tuple[int, int], str] = {}
    for r in range(top - 1):
        for j in range(grid.n_cols):
            upper, lower = rows[r][j], rows[r + 1][j]
            if (r, j) in joined or (r + 1, j) in joined or not upper or not lower or len(lower) > MAX_CUT_TAIL:
                continue
            if not is_column_heading(upper) and not is_column_heading(lower) and is_column_heading(upper + lower):
                joined[(r, j)] = upper + lower
                joined[(r + 1, j)] = ""
    if not joined:
        return region
    cells = tuple(replace(c, text=joined[(c.row, c.col)]) if (c.row, c.col) in joined else c for c in grid.cells)
    return replace(region, grid=Grid(grid.n_rows, grid.n_cols, cells))
