"""Table regions → tables: number, title, 编制部门, 单位, 备注, header and body, stitched.

Steps, each a function: :func:`context_before` and :func:`context_after` read the lines around
a region; :func:`strip_caption_rows` moves title/unit rows printed inside the grid to the
context; :func:`count_header_rows` (``extractor.structure.header``) splits header from body;
:func:`is_continuation` and :func:`stitch` join a table continued on the next page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from extractor.model import Cell, Grid, Page, Prov, Section, SourceDoc, Table, TableRegion, TextLine
from extractor.model.amounts import is_amount, parse_amount
from extractor.structure.columns import align_to_columns, column_spans
from extractor.structure.header import count_header_rows, header_paths, is_form_row, split_code_header_row
from extractor.structure.numbering import parse_numbering, squeeze
from extractor.structure.patterns import lazy_pattern
from extractor.structure.table_context import (
    HEADER_UNIT,
    LineRole,
    is_empty_note,
    normalize_title,
    read_line_role,
    wrapped_unit,
)

MAX_CONTEXT_LINES = 6
_TITLE_DONE = re.compile(r"(表|情况|明细|[)）])$")
Item = tuple[Page, TextLine | TableRegion]


@dataclass(slots=True)
class Caption:
    """What the lines around a region say about it."""

    number: str | None = None
    title: str | None = None
    unit: str | None = None
    department: str | None = None
    notes: list[str] = field(default_factory=list)
    provs: list[Prov] = field(default_factory=list)
    title_open: bool = False
    year: str | None = None

    def take(self, role: LineRole, prov: Prov) -> None:
        if role.year:
            self.year = role.year
        self.number = self.number or role.number
        if role.title and self.title and self.title_open:  # 一般公共预算“三公”经费、… / 支出预算表
            self.title = normalize_title(self.title + role.title)
        elif role.title and not self._keeps_title(role.title):
            self.title = normalize_title(role.title)  # the nearest title wins over a document title above
        self.title_open = bool(self.title) and role.title is not None and not _TITLE_DONE.search(self.title or "")
        self.unit = self.unit or role.unit
        self.department = self.department or role.department
        if role.note:
            self.notes.append(role.note.strip())
        if self.title and self.title.startswith("年") and self.year and self.year.isdigit():
            self.title = self.year + self.title  # 2026 / 年部门收支总体情况表 printed on two lines
        self.provs.append(prov)

    def _keeps_title(self, nearer: str) -> bool:
        """A table's title (ending in 表) is not replaced by a nearer line that reads as a title
        but does not end like one: a form's row label such as 当年整体绩效目标."""
        return bool(self.title) and bool(_TABLE_TITLE_END.search(squeeze(self.title or ""))) and not _TITLE_DONE.search(
            squeeze(nearer)
        )

    @property
    def names_a_table(self) -> bool:
        return self.number is not None or self.title is not None


def context_before(items: Sequence[Item], index: int) -> Caption:
    """Read upwards from a region to the previous region or the first line that is prose. When
    those lines name no table (no number, no title) and the walk stopped at prose, the caption
    may stand above that text: see :func:`caption_across_text`."""
    lines, stop = _caption_lines(items, index)
    if not any(_names_table(read_line_role(line.text)) for line, _ in lines):
        far = caption_across_text(items, index, stop)
        if far is not None:
            lines = lines + _caption_lines(items, far + 1)[0]
    caption = Caption()
    for line, tail in reversed(lines):
        if tail and caption.department:
            caption.department += squeeze(line.text)
        else:
            caption.take(read_line_role(line.text), line.prov)
    return caption


def _caption_lines(items: Sequence[Item], index: int) -> tuple[list[tuple[TextLine, bool]], int]:
    """The caption lines right above ``index`` (nearest first, each with its department-tail
    flag) and the index of the block the walk stopped at (-1 at the start of the document)."""
    lines: list[tuple[TextLine, bool]] = []
    j = index - 1
    while j > max(-1, index - 1 - MAX_CONTEXT_LINES):
        block = items[j][1]
        if isinstance(block, TableRegion):
            break
        above = items[j - 1][1] if j > 0 else None
        if isinstance(above, TextLine) and wrapped_unit(above.text, block.text):
            block = TextLine(above.text + block.text, above.prov.union(block.prov))
            j -= 1  # 单位：万 / 元: the line above is read with this one
        role = read_line_role(block.text)
        numbering = parse_numbering(block.text)
        if numbering is not None and numbering.kind == "part":
            break
        tail = role == LineRole() and _is_department_tail(items, j)
        if (role == LineRole() and not tail) or role.note is not None:
            break  # prose, or the previous table's 备注
        lines.append((block, tail))
        j -= 1
    return lines, j


# A caption line that names a table on its own: a number (表十), or a title ending in 表
# (2026年市级重点专项资金绩效目标表（一级项目）).
_TABLE_TITLE_END = re.compile(r"表\s*(?:[（(][^（()）]*[)）])?$")
MAX_TEXT_BETWEEN = 12


def _names_table(role: LineRole) -> bool:
    return role.number is not None or (role.title is not None and bool(_TABLE_TITLE_END.search(squeeze(role.title))))


def caption_across_text(items: Sequence[Item], index: int, stop: int) -> int | None:
    """The index of the caption block above the text a converter printed between a table's
    caption and its grid, or None. Converters write the first rows of a form (单位名称, 当年整体绩效目标
    and its paragraphs, 项目名称 …) and page numbers as text; the caption stands above them.
    From the prose line at ``stop`` (above the region at ``index``) upwards, at most :data:`MAX_TEXT_BETWEEN` lines, stopping
    at a region, a part heading (第三部分), a 备注 or the page's top (a cover page is not a
    caption): the first line that names a table (a number, a title ending in 表); the caption
    then runs down from it over the caption lines below it."""
    if stop < 0 or not isinstance(items[stop][1], TextLine):
        return None
    page = items[index][0]
    for k in range(stop, max(-1, stop - MAX_TEXT_BETWEEN), -1):
        block = items[k][1]
        if isinstance(block, TableRegion) or items[k][0] is not page:
            return None
        numbering = parse_numbering(block.text)
        role = read_line_role(block.text)
        if (numbering is not None and numbering.kind == "part") or role.note is not None:
            return None
        if _names_table(role):
            end = k
            while end + 1 < stop and read_line_role(_text_of(items[end + 1][1])) != LineRole():
                end += 1
            return end
    return None


def _text_of(block: TextLine | TableRegion) -> str:
    return block.text if isinstance(block, TextLine) else ""


def _is_department_tail(items: Sequence[Item], j: int) -> bool:
    """``编制部门(单位): 昌吉高新区创业创新`` / ``服务中心``: a department name broken over two
    lines; the tail may come after a 单位 line printed at the same height on the right."""
    line = items[j][1]
    if not isinstance(line, TextLine) or len(squeeze(line.text)) > 12 or parse_numbering(line.text):
        return False
    for k in (j - 1, j - 2):
        above = items[k][1] if k >= 0 else None
        if isinstance(above, TextLine) and read_line_role(above.text).department is not None:
            return True
    return False


def context_after(items: Sequence[Item], index: int) -> tuple[list[str], list[Prov], int]:
    """备注 and bracketed notes right below a region; returns notes, their provs, lines used."""
    notes: list[str] = []
    provs: list[Prov] = []
    used = 0
    for j in range(index + 1, min(len(items), index + 1 + 3)):
        block = items[j][1]
        if isinstance(block, TableRegion):
            break
        role = read_line_role(block.text)
        if role.note is None:
            break
        notes.append(role.note.strip())
        provs.append(block.prov)
        used += 1
    return notes, provs, used


def strip_caption_rows(grid: Grid) -> tuple[Grid, list[tuple[LineRole, Prov]]]:
    """Leading grid rows that hold captions (a title, 单位, 编制单位, a year) become context.

    A row qualifies when each of its texts reads as a caption (``预算单位：X | 单位：万元``), or
    when its texts together read as a title that a column ruling cut apart
    (``201 | 9年部门综合预算…支出表``)."""
    roles: list[tuple[LineRole, Prov]] = []
    top = 0
    while top < grid.n_rows - 1:
        row_roles = _caption_row(grid, top)
        if row_roles is None:
            break
        roles.extend(row_roles)
        top += 1
    return (shift_grid(grid, top), roles) if top else (grid, roles)


def _caption_row(grid: Grid, row: int) -> list[tuple[LineRole, Prov]] | None:
    cells = [c for c in grid.row_cells(row) if c.text.strip()]
    if not cells:
        return None
    if len(cells) == 1 and is_amount(cells[0].text):
        return None
    found = [(read_line_role(c.text), c.prov) for c in cells]
    if all(role != LineRole() and not role.note for role, _ in found):
        return found
    joined = "".join(squeeze(c.text) for c in cells)
    role = read_line_role(joined)
    if len(cells) > 1 and (role.number or (role.title and joined.endswith("表") and len(joined) >= 8)):
        prov = cells[0].prov
        for c in cells[1:]:
            prov = prov.union(c.prov)
        return [(role, prov)]
    return None


def shift_grid(grid: Grid, top: int) -> Grid:
    """The grid without its first ``top`` rows."""
    cells = tuple(_moved(c, c.row - top) for c in grid.cells if c.row >= top)
    return Grid(grid.n_rows - top, grid.n_cols, cells)


def _moved(cell: Cell, row: int) -> Cell:
    """``cell`` at grid row ``row``: ``replace(cell, row=row)`` without its per-call field walk."""
    return Cell(cell.text, row, cell.col, cell.prov, cell.rowspan, cell.colspan, cell.bold, cell.ocr_confidence)


def _grid_has_amount(grid: Grid, header_rows: int) -> bool:
    return any(is_amount(c.text) for c in grid.cells if c.row >= header_rows)


@dataclass(slots=True)
class _Built:
    """A table being assembled: its first piece as a :class:`Table`, the cells of every piece
    (rows counted from the top of the whole table), and the last piece for cut-row checks.
    Continuations are appended, never copied, so stitching stays linear in the table's size."""

    table: Table
    last_page: int | None
    region: TableRegion
    cells: list[Cell] = field(default_factory=list)
    n_rows: int = 0
    last_piece: Grid | None = None

    @classmethod
    def start(cls, table: Table, region: TableRegion) -> _Built:
        grid = table.grid
        return cls(table, region.prov.page, region, list(grid.cells), grid.n_rows, grid)

    def finish(self) -> Table:
        if not self.table.continuations:
            return self.table
        n_cols = max([self.table.grid.n_cols, *(c.col + c.colspan for c in self.cells)])
        return replace(self.table, grid=Grid(self.n_rows, n_cols, tuple(self.cells)))


def region_to_table(region: TableRegion, grid: Grid, caption: Caption, number_hint: int, declared: bool) -> Table:
    """A table from a region whose caption rows were already moved to ``caption``."""
    grid = split_code_header_row(grid)
    header_rows = count_header_rows(grid, region.header_rows if declared else None)
    pages = (region.prov.page, region.prov.page) if region.prov.page is not None else None
    return Table(
        id=f"t{number_hint}",
        number=caption.number,
        title=caption.title,
        unit=caption.unit,
        department=caption.department,
        note="\n".join(caption.notes) or None,
        empty=not _grid_has_amount(grid, header_rows),
        grid=grid,
        header_rows=header_rows,
        columns=header_paths(grid, header_rows),
        prov=region.prov,
        pages=pages,
        extra_prov=tuple(caption.provs),
    )


def is_continuation(previous: _Built, region: TableRegion, caption: Caption, from_grid: bool = False) -> bool:
    """A region that names no table (or repeats the title in its grid), on the page after a
    table, with its columns, continues it."""
    if caption.names_a_table and not (
        repeats_title(previous, caption, from_grid, region) or repeats_caption(previous, caption, region)
    ):
        return False
    first = region.grid.row_texts(0) if region.grid.n_rows else []
    if first and is_form_row(first) and first != previous.table.grid.row_texts(0):
        return False  # a new form (项目名称 …) starts
    if region.grid.n_cols != previous.table.grid.n_cols and not continues_form(previous, region):
        return False
    page, last = region.prov.page, previous.last_page
    if page is not None and last is not None:
        return page == last + 1
    return True


_FORM_TITLE = lazy_pattern(r"绩效(目标|指标|自评)")
_FORM_BODY = lazy_pattern(r"指标")


def continues_form(previous: _Built, region: TableRegion) -> bool:
    """A 绩效目标 form goes on over the next pages in pieces ruled differently (its left column
    merged from the page before): a piece that prints 指标 continues it whatever its columns."""
    title = squeeze(previous.table.title or "")
    if not _FORM_TITLE().search(title):
        return False
    return any(_FORM_BODY().search(c.text) for c in region.grid.cells)


def stitch(built: _Built, region: TableRegion) -> None:
    """Append a continuation's rows to ``built``, dropping a repeated header and rejoining a
    row cut at the page edge."""
    grid = region.grid
    repeat = _repeated_header_rows(built.table.grid, grid)
    if repeat:
        grid = shift_grid(grid, repeat)
    last = built.last_piece
    if grid.n_rows and last is not None and last.n_rows and is_cut_row_tail(last, grid):
        _rejoin_last_row(built, grid)
        grid = shift_grid(grid, 1)
    offset = built.n_rows
    built.cells.extend(_moved(c, c.row + offset) for c in grid.cells)
    built.n_rows += grid.n_rows
    if grid.n_rows:
        built.last_piece = grid
    table = built.table
    pages = table.pages
    if pages is not None and region.prov.page is not None:
        pages = (pages[0], region.prov.page)
    built.table = replace(
        table,
        pages=pages,
        continuations=table.continuations + 1,
        empty=table.empty and not _grid_has_amount(grid, 0),
        extra_prov=(*table.extra_prov, region.prov),
    )
    built.last_page = region.prov.page


def _rejoin_last_row(built: _Built, continuation: Grid) -> None:
    """Append the continuation's first-row texts to the cells of the table's last row."""
    tails = {c.col: c.text.strip() for c in continuation.row_cells(0) if c.text.strip()}
    last = built.n_rows - 1
    for k in range(len(built.cells) - 1, -1, -1):
        cell = built.cells[k]
        if cell.row != last:
            break
        if cell.col in tails:
            built.cells[k] = replace(cell, text=cell.text + tails[cell.col])


_NEW_ITEM = lazy_pattern(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|[（(]|其中|合计|总计|小计|\d{3})")
_CLOSED = lazy_pattern(r"[)）。：:]$")


def is_cut_row_tail(previous: Grid, continuation: Grid) -> bool:
    """The first row of a continuation finishes the last row of the page before
    (``十七、国土海洋气象等支`` / ``出``): short texts only, under texts that are not closed,
    no amount, no code, nothing that starts a new item."""
    first = continuation.row_texts(0)
    last = previous.row_texts(previous.n_rows - 1)
    filled = [j for j, t in enumerate(first) if t.strip()]
    if not filled or len(first) != len(last):
        return False
    for j in filled:
        text, above = squeeze(first[j]), squeeze(last[j])
        if len(text) > 4 or is_amount(text) or _NEW_ITEM().match(text):
            return False
        if not above or is_amount(above) or _CLOSED().search(above):
            return False
    return True


def _repeated_header_rows(first: Grid, grid: Grid) -> int:
    """How many leading rows of a continuation repeat the first rows of the table (its header,
    all of it or only its top row; or the first lines of a form)."""
    n = 0
    while n < grid.n_rows - 1 and n < first.n_rows:
        if [squeeze(t) for t in first.row_texts(n)] != [squeeze(t) for t in grid.row_texts(n)]:
            break
        n += 1
    return n


def repeats_title(previous: _Built, caption: Caption, from_grid: bool, region: TableRegion) -> bool:
    """A continuation that prints the table's title again inside its grid, at the top of the
    next page, and goes on with the table's rows (not a new form of the same name)."""
    if not from_grid or caption.number or not caption.title or not previous.table.title:
        return False
    if squeeze(caption.title) != squeeze(previous.table.title):
        return False
    return previous.last_page is not None and region.prov.page == previous.last_page + 1


def repeats_caption(previous: _Built, caption: Caption, region: TableRegion) -> bool:
    """A page that prints the table's number (and title) again above the rest of its rows
    (湖州 表01 on two pages): the same number, no other title, on the next page."""
    number = previous.table.number
    if not caption.number or not number or squeeze(caption.number) != squeeze(number):
        return False
    if caption.title and previous.table.title and squeeze(caption.title) != squeeze(previous.table.title):
        return False
    return previous.last_page is not None and region.prov.page == previous.last_page + 1


_ROW_TOKEN = lazy_pattern(r"^(?:\d{3}(?:\d{2}){0,2}|-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+\.\d+|-)$")


def _row_tokens(line: TextLine) -> list[tuple[str, float]] | None:
    """The codes and amounts of a line with their x centres (several amounts set on one line,
    glued or spaced, share its width by their lengths); None if the line holds anything else."""
    words: list[str] = []
    for word in line.text.split():
        glued = _GLUED().match(word)
        words.extend(glued.groups() if glued else [word])
    if not words or not all(_ROW_TOKEN().match(w) for w in words) or line.prov.bbox is None:
        return None
    x0, _, x1, _ = line.prov.bbox
    total = sum(len(w) for w in words)
    out, at = [], x0
    for word in words:
        width = (x1 - x0) * len(word) / total
        out.append((word, at + width / 2))
        at += width
    return out


def absorb_trailing_row(items: list[Item], index: int) -> None:
    """Glyphs of a table's last row printed across its bottom ruling (codes and amounts set a
    little low, 重庆) come out as lines just below the region: when every such line is a code or
    an amount lying under one of the region's columns, they become the region's last row."""
    page, region = items[index]
    if not isinstance(region, TableRegion) or region.prov.bbox is None or not region.grid.n_rows:
        return
    bottom = region.prov.bbox[3]
    spans = column_spans(region.grid)
    if spans is None:
        return
    row: dict[int, tuple[str, Prov]] = {}
    j = index + 1
    while j < len(items) and items[j][0] is page and isinstance(items[j][1], TextLine):
        line = items[j][1]
        assert isinstance(line, TextLine)
        tokens = _row_tokens(line) if line.prov.bbox is not None and line.prov.bbox[1] < bottom else None
        if tokens is None:
            break
        for word, centre in tokens:
            cols = [k for k, (x0, x1) in enumerate(spans) if x0 - 1 <= centre <= x1 + 1]
            if len(cols) != 1 or cols[0] in row:
                return
            row[cols[0]] = (word, line.prov)
        j += 1
    if not row or not any(is_amount(word) for word, _ in row.values()):
        return
    grid = region.grid
    n = grid.n_rows
    cells = (*grid.cells, *(Cell(word, n, col, prov) for col, (word, prov) in sorted(row.items())))
    prov = region.prov
    for _, line_prov in row.values():
        prov = prov.union(line_prov)
    items[index] = (page, replace(region, grid=Grid(n + 1, grid.n_cols, cells), prov=prov))
    del items[index + 1 : j]


_GLUED = lazy_pattern(r"^(-?\d{1,3}(?:,\d{3})*\.\d{2})(-?\d{1,3}(?:,\d{3})*\.\d{2})$")


def unglue_amounts(grid: Grid) -> Grid:
    """``| 15,500.0015,500.00 |`` after an empty cell: two amounts whose glyphs a converter set
    in one cell (重庆); the first goes back to the empty cell on the left."""
    moved: dict[tuple[int, int], Cell] = {}
    for cell in grid.cells:
        match = _GLUED().match(squeeze(cell.text)) if cell.col else None
        if match is None:
            continue
        left = grid.at(cell.row, cell.col - 1)
        if left is None:  # a hole: the first amount gets a cell of its own
            left = Cell("", cell.row, cell.col - 1, cell.prov)
        elif left.text.strip() or left.row != cell.row or left.colspan != 1:
            continue
        moved[(left.row, left.col)] = replace(left, text=match.group(1))
        moved[(cell.row, cell.col)] = replace(cell, text=match.group(2))
    if not moved:
        return grid
    kept = tuple(moved.pop((c.row, c.col), c) for c in grid.cells)
    return Grid(grid.n_rows, grid.n_cols, kept + tuple(moved.values()))


def build_tables(doc: SourceDoc, sections: Sequence[Section]) -> tuple[Table, ...]:
    """Every table of the document in reading order, continuations joined."""
    items: list[Item] = list(doc.blocks())
    for i, (page, block) in enumerate(items):
        if isinstance(block, TableRegion):
            grid = unglue_amounts(block.grid)
            if grid is not block.grid:
                items[i] = (page, replace(block, grid=grid))
    for i in range(len(items) - 1, -1, -1):
        if isinstance(items[i][1], TableRegion):
            absorb_trailing_row(items, i)
    built: list[_Built] = []
    pending_notes: dict[int, tuple[list[str], list[Prov]]] = {}
    for i, (_, block) in enumerate(items):
        if not isinstance(block, TableRegion):
            continue
        caption = context_before(items, i)
        grid, roles = strip_caption_rows(block.grid)
        for role, prov in roles:
            caption.take(role, prov)
        notes, note_provs, _ = context_after(items, i)
        if built and not caption.names_a_table and grid.n_cols != built[-1].table.grid.n_cols:
            grid = align_to_columns(built[-1].table.grid, grid) or grid
        if built and is_continuation(built[-1], replace(block, grid=grid), caption, bool(roles)) and not _has_text_between(
            items, built[-1].region, i, short_ok=continues_form(built[-1], block)
        ):
            stitch(built[-1], replace(block, grid=grid))
            built[-1].region = block  # the block as it stands in ``items`` (found by identity)
        else:
            table = region_to_table(block, grid, caption, len(built) + 1, declared=not roles)
            built.append(_Built.start(table, block))
        pending_notes[len(built) - 1] = _merge_notes(pending_notes.get(len(built) - 1), notes, note_provs)
    tables = [_settle_empty(_with_notes(b.finish(), pending_notes.get(k))) for k, b in enumerate(built)]
    return tuple(_with_section(t, sections) for t in tables)


def _settle_empty(table: Table) -> Table:
    """A table whose note says it is empty (本表本年无发生额, 故本表无数据) and whose body prints
    only zeros (a 合计 row of 0.00) is empty, as the note says."""
    if table.empty or not is_empty_note(table.note):
        return table
    for cell in table.grid.cells:
        if cell.row >= table.header_rows and is_amount(cell.text):
            value = parse_amount(cell.text)
            if value is not None and value != 0:
                return table
    return replace(table, empty=True)


def _has_text_between(items: Sequence[Item], region: TableRegion, index: int, short_ok: bool = False) -> bool:
    """True when prose stands between the previous region and this one (not just captions; with
    ``short_ok``, not the short labels of a form's merged cells either: 产出指标, 年 / 度)."""
    j = index - 1
    while j >= 0 and items[j][1] is not region:
        block = items[j][1]
        if isinstance(block, TextLine) and read_line_role(block.text) == LineRole():
            short_label = short_ok and len(squeeze(block.text)) <= 8 and not re.search(r"[。，；]", block.text)
            if not short_label:
                return True
        j -= 1
    return False


def _merge_notes(
    old: tuple[list[str], list[Prov]] | None, notes: list[str], provs: list[Prov]
) -> tuple[list[str], list[Prov]]:
    if old is None:
        return notes, provs
    return old[0] + notes, old[1] + provs


def _with_notes(table: Table, notes: tuple[list[str], list[Prov]] | None) -> Table:
    if not notes or not notes[0]:
        return table
    text = "\n".join(filter(None, [table.note, *notes[0]]))
    return replace(table, note=text, extra_prov=(*table.extra_prov, *notes[1]))


def _position(prov: Prov) -> tuple[int, float]:
    if prov.lines is not None:
        return (0, float(prov.lines[0]))
    return (prov.page or 0, prov.bbox[1] if prov.bbox else 0.0)


_TABLE_HEADING = lazy_pattern(r"(表|绩效目标(情况)?)$")


def _with_section(table: Table, sections: Sequence[Section]) -> Table:
    """The deepest section whose heading comes before the table. A table printed with no
    number and no title under a heading that names a table (七、重点项目预算绩效目标情况)
    takes the heading as its title; a table with no 单位 line takes a unit its header prints
    (预算数（单位：万元）)."""
    where = _position(table.prov)
    owner = None
    for section in sections:
        if _position(section.prov) <= where:
            owner = section
        else:
            break
    changes: dict[str, object] = {"section": owner.id if owner else None}
    if owner is not None and table.number is None and table.title is None:
        heading = squeeze(owner.title)
        if _TABLE_HEADING().search(heading) and len(heading) <= 30:
            changes["title"] = owner.title.strip()
    if table.unit is None:
        # the header's paths, or the first rows of a form (预算金额（万元）) that has no header
        texts = [*table.columns, *(c.text for c in table.grid.cells if c.row < 3)]
        for text in texts:
            match = HEADER_UNIT.search(squeeze(text))
            if match:
                changes["unit"] = match.group(1) or match.group(2)
                break
    return replace(table, **changes)  # type: ignore[arg-type]
