"""Table regions → tables: number, title, 编制部门, 单位, 备注, header and body, stitched.

Steps, each a function: :func:`context_before` and :func:`context_after` read the lines around
a region; :func:`strip_caption_rows` moves title/unit rows printed inside the grid to the
context; :func:`count_header_rows` (``extractor.header``) splits header from body;
:func:`is_continuation` and :func:`stitch` join a table continued on the next page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from extractor.amounts import is_amount
from extractor.columns import align_to_columns
from extractor.header import count_header_rows, header_paths, is_form_row
from extractor.model import Cell, Grid, Page, Prov, Section, SourceDoc, Table, TableRegion, TextLine
from extractor.numbering import parse_numbering, squeeze
from extractor.patterns import lazy_pattern
from extractor.table_context import LineRole, normalize_title, read_line_role

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

    def take(self, role: LineRole, prov: Prov) -> None:
        self.number = self.number or role.number
        if role.title and self.title and self.title_open:  # 一般公共预算“三公”经费、… / 支出预算表
            self.title = normalize_title(self.title + role.title)
        elif role.title:  # the title nearest the table wins over a document title above it
            self.title = normalize_title(role.title)
        self.title_open = bool(self.title) and role.title is not None and not _TITLE_DONE.search(self.title or "")
        self.unit = self.unit or role.unit
        self.department = self.department or role.department
        if role.note:
            self.notes.append(role.note.strip())
        self.provs.append(prov)

    @property
    def names_a_table(self) -> bool:
        return self.number is not None or self.title is not None


def context_before(items: Sequence[Item], index: int) -> Caption:
    """Read upwards from a region to the previous region or the first line that is prose."""
    lines: list[tuple[TextLine, bool]] = []
    for j in range(index - 1, max(-1, index - 1 - MAX_CONTEXT_LINES), -1):
        block = items[j][1]
        if isinstance(block, TableRegion):
            break
        role = read_line_role(block.text)
        numbering = parse_numbering(block.text)
        if numbering is not None and numbering.kind == "part":
            break
        tail = role == LineRole() and _is_department_tail(items, j)
        if (role == LineRole() and not tail) or role.note is not None:
            break  # prose, or the previous table's 备注
        lines.append((block, tail))
    caption = Caption()
    for line, tail in reversed(lines):
        if tail and caption.department:
            caption.department += squeeze(line.text)
        else:
            caption.take(read_line_role(line.text), line.prov)
    return caption


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
    """Leading grid rows holding one caption text (a title, 单位, a year) become context."""
    roles: list[tuple[LineRole, Prov]] = []
    top = 0
    while top < grid.n_rows - 1:
        cells = [c for c in grid.row_cells(top) if c.text.strip()]
        if len(cells) != 1 or is_amount(cells[0].text):
            break
        role = read_line_role(cells[0].text)
        if role == LineRole() or role.note:
            break
        roles.append((role, cells[0].prov))
        top += 1
    return (shift_grid(grid, top), roles) if top else (grid, roles)


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
        return replace(self.table, grid=Grid(self.n_rows, self.table.grid.n_cols, tuple(self.cells)))


def region_to_table(region: TableRegion, grid: Grid, caption: Caption, number_hint: int, declared: bool) -> Table:
    """A table from a region whose caption rows were already moved to ``caption``."""
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
    if caption.names_a_table and not repeats_title(previous, caption, from_grid, region):
        return False
    first = region.grid.row_texts(0) if region.grid.n_rows else []
    if first and is_form_row(first) and first != previous.table.grid.row_texts(0):
        return False  # a new form (项目名称 …) starts
    if region.grid.n_cols != previous.table.grid.n_cols:
        return False
    page, last = region.prov.page, previous.last_page
    if page is not None and last is not None:
        return page == last + 1
    return True


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


def build_tables(doc: SourceDoc, sections: Sequence[Section]) -> tuple[Table, ...]:
    """Every table of the document in reading order, continuations joined."""
    items: list[Item] = list(doc.blocks())
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
            items, built[-1].region, i
        ):
            stitch(built[-1], replace(block, grid=grid))
            built[-1].region = block  # the block as it stands in ``items`` (found by identity)
        else:
            table = region_to_table(block, grid, caption, len(built) + 1, declared=not roles)
            built.append(_Built.start(table, block))
        pending_notes[len(built) - 1] = _merge_notes(pending_notes.get(len(built) - 1), notes, note_provs)
    tables = [_with_notes(b.finish(), pending_notes.get(k)) for k, b in enumerate(built)]
    return tuple(_with_section(t, sections) for t in tables)


def _has_text_between(items: Sequence[Item], region: TableRegion, index: int) -> bool:
    """True when prose stands between the previous region and this one (not just captions)."""
    j = index - 1
    while j >= 0 and items[j][1] is not region:
        block = items[j][1]
        if isinstance(block, TextLine) and read_line_role(block.text) == LineRole():
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


def _with_section(table: Table, sections: Sequence[Section]) -> Table:
    """The deepest section whose heading comes before the table."""
    where = _position(table.prov)
    owner = None
    for section in sections:
        if _position(section.prov) <= where:
            owner = section.id
        else:
            break
    return replace(table, section=owner)
