"""The intermediate representation shared by every stage.

Readers (``extractor.sources``) produce a :class:`SourceDoc`: pages of :class:`TextLine` and
:class:`TableRegion` blocks in reading order, each carrying :class:`Prov`. Later stages turn it
into :class:`Section`, :class:`Table`, :class:`LineItem`, :class:`Fact` and :class:`Finding`
values, gathered in one :class:`Extraction`. All values are frozen; stages return new ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter
from pathlib import PurePath

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points, origin at the top-left of the page."""


@dataclass(frozen=True, slots=True)
class Prov:
    """Where something came from: a PDF page and box, or a span of Markdown lines (1-based)."""

    page: int | None = None
    bbox: BBox | None = None
    lines: tuple[int, int] | None = None

    def union(self, other: Prov) -> Prov:
        """The smallest provenance covering both (same page assumed for boxes)."""
        return Prov(
            page=self.page if self.page is not None else other.page,
            bbox=_bbox_union(self.bbox, other.bbox) if self.page == other.page else self.bbox,
            lines=_span_union(self.lines, other.lines),
        )


def _bbox_union(a: BBox | None, b: BBox | None) -> BBox | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _span_union(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))


# ---------------------------------------------------------------- reader output


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of running text. ``heading`` is the Markdown ``#`` level when marked up."""

    text: str
    prov: Prov
    size: float | None = None
    bold: bool = False
    heading: int | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell of a grid at (row, col), spanning ``rowspan`` x ``colspan`` grid positions."""

    text: str
    row: int
    col: int
    prov: Prov
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    ocr_confidence: float | None = None
    """The OCR recognizer's confidence in the cell's text (its lowest digit), on OCR'd pages."""


@dataclass(frozen=True, slots=True)
class Grid:
    """A rectangular grid of cells. Only span origins are stored; :meth:`at` resolves cover."""

    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    _index: dict[tuple[int, int], Cell] = field(default_factory=dict, compare=False, repr=False)
    _rows: dict[int, list[Cell]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        rows, index, n_rows, n_cols = self._rows, self._index, self.n_rows, self.n_cols
        for cell in self.cells:
            row, col = cell.row, cell.col
            rows.setdefault(row, []).append(cell)
            if cell.rowspan == 1 and cell.colspan == 1:  # most cells: the loops below, unrolled
                if row < n_rows and col < n_cols:
                    index.setdefault((row, col), cell)
                continue
            for r in range(row, min(row + cell.rowspan, n_rows)):
                for c in range(col, min(col + cell.colspan, n_cols)):
                    index.setdefault((r, c), cell)

    def at(self, row: int, col: int) -> Cell | None:
        """The cell covering (row, col), or None for a hole."""
        return self._index.get((row, col))

    def origin_text(self, row: int, col: int) -> str:
        """Text of the cell at (row, col) only if that position is the cell's origin."""
        cell = self._index.get((row, col))
        return cell.text if cell is not None and cell.row == row and cell.col == col else ""

    def row_texts(self, row: int, fill_spans: bool = False) -> list[str]:
        """Texts of one row; covered positions are empty unless ``fill_spans``."""
        index = self._index
        if fill_spans:
            return [c.text if (c := index.get((row, j))) is not None else "" for j in range(self.n_cols)]
        return [
            c.text if (c := index.get((row, j))) is not None and c.row == row and c.col == j else ""
            for j in range(self.n_cols)
        ]

    def matrix(self, fill_spans: bool = False) -> list[list[str]]:
        return [self.row_texts(i, fill_spans) for i in range(self.n_rows)]

    def row_cells(self, row: int) -> Iterator[Cell]:
        """The cells whose origin lies in ``row``, left to right."""
        return iter(sorted(self._rows.get(row, ()), key=_col))


_col = attrgetter("col")


@dataclass(frozen=True, slots=True)
class TableRegion:
    """A table as a reader found it, before titles, units and headers are understood.

    ``header_rows`` is set when the source itself marks header rows (HTML ``<th>``, a GFM
    separator line); otherwise the tables stage decides. ``continued`` marks a region that
    the reader already knows to continue a previous one.
    """

    grid: Grid
    prov: Prov
    header_rows: int | None = None
    ruled: bool = True


Block = TextLine | TableRegion


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    blocks: tuple[Block, ...]
    width: float | None = None
    height: float | None = None
    rotation: int = 0
    has_text: bool = True


class SourceFormat(StrEnum):
    PDF = "pdf"
    MARKDOWN = "markdown"
    HTML = "html"


def unique_names(names: Sequence[str]) -> list[str]:
    """Column names made unique for a DataFrame: an empty one is ``col<j>``, a repeat ``name#2``."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for j, name in enumerate(names):
        base = name or f"col{j}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return out


def file_name(path: str) -> str:
    """The name of the file at ``path`` as text, the same whatever the locale: the bytes the file
    system holds, decoded as UTF-8 (under a GB18030 locale Python decodes a UTF-8 name into
    mojibake and lone surrogates, which no JSON may hold); a name that is not UTF-8 is taken as
    the locale decodes it, any undecodable byte replaced."""
    name = PurePath(path).name
    try:
        return os.fsencode(name).decode("utf-8")
    except UnicodeDecodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in name)


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """What a reader returns: the document as pages of blocks."""

    path: str
    sha256: str
    format: SourceFormat
    pages: tuple[Page, ...]
    page_count: int | None = None
    warnings: tuple[str, ...] = ()
    pages_ocr: tuple[int, ...] = ()
    """The pages whose text was read by OCR."""

    @property
    def name(self) -> str:
        """The file's name, the same text in every locale (:func:`file_name`)."""
        return file_name(self.path)

    def blocks(self) -> Iterator[tuple[Page, Block]]:
        for page in self.pages:
            for block in page.blocks:
                yield page, block


# ---------------------------------------------------------------- later stages


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the outline with the text under it (up to the next heading)."""

    id: str
    level: int
    numbering: str
    title: str
    text: str
    parent: str | None
    prov: Prov
    line_provs: tuple[Prov, ...] = ()
    """One provenance per line of ``text`` (``text.split("\\n")``), blank lines included."""


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One line of the 目录: what the document promises."""

    numbering: str
    title: str
    level: int
    prov: Prov


@dataclass(frozen=True, slots=True)
class Identities:
    """Identities of a table's arithmetic (parent = Σ children, 合计 = 基本 + 项目 …): how many
    were tried and how many closed (``extractor.semantics.reading``)."""

    closed: int = 0
    tried: int = 0

    def __add__(self, other: Identities) -> Identities:
        return Identities(self.closed + other.closed, self.tried + other.tried)


@dataclass(frozen=True, slots=True)
class Reading:
    """How a table was read: header rows, each column's role (``2:amount:total``, ``0:code``),
    the code form, the pages, the measures that arithmetic decided, and the confidence."""

    header_rows: int
    column_roles: tuple[str, ...]
    code_form: str
    pages: tuple[int, ...]
    measures_from_arithmetic: tuple[str, ...] = ()
    confidence: Identities = Identities()


@dataclass(frozen=True, slots=True)
class Table:
    """A table understood: where it is, what it is called, its header and body."""

    id: str
    number: str | None
    title: str | None
    unit: str | None
    department: str | None
    note: str | None
    empty: bool
    grid: Grid
    header_rows: int
    columns: tuple[str, ...]
    prov: Prov
    pages: tuple[int, int] | None = None
    continuations: int = 0
    section: str | None = None
    type: str = "other"
    type_evidence: tuple[str, ...] = ()
    extra_prov: tuple[Prov, ...] = ()
    reading: Reading | None = None

    @property
    def body_rows(self) -> range:
        return range(self.header_rows, self.grid.n_rows)

    def header_matrix(self) -> list[list[str]]:
        return self.grid.matrix(fill_spans=True)[: self.header_rows]

    def body_matrix(self) -> list[list[str]]:
        return [self.grid.row_texts(i) for i in self.body_rows]

    def to_frame(self) -> object:
        """The body as a pandas DataFrame (of strings) whose columns are the flattened header paths,
        made unique (pandas is imported only here, and only when asked)."""
        import pandas as pd

        return pd.DataFrame(self.body_matrix(), columns=unique_names(self.columns), dtype="string")


@dataclass(frozen=True, slots=True)
class LineItem:
    """One amount of one row of one table: the fact table downstream tools load."""

    table: str
    table_type: str
    row: int
    classification: str | None
    code: str | None
    name: str | None
    label: str | None
    measure: str
    amount_yuan: Decimal
    printed: str
    unit: str
    prov: Prov
    column: str | None = None
    parent: str | None = None
    level: str | None = None
    ocr_confidence: float | None = None
    """The confidence of the amount's OCR reading (its cell's), on OCR'd pages."""


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement of the narrative, parsed: ``kind`` says which, ``values`` hold its parts."""

    kind: str
    label: str | None
    sentence: str
    prov: Prov
    section: str | None = None
    amount_yuan: Decimal | None = None
    printed: str | None = None
    unit: str | None = None
    values: tuple[tuple[str, str], ...] = ()


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in the data. Returned, never raised."""

    check: str
    severity: Severity
    message: str
    table: str | None = None
    row: int | None = None
    column: str | None = None
    prov: Prov | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None
    cause: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    entity: str | None
    fiscal_year: int | None
    kind: str | None
    scope: str | None
    title: str | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything known about one document; serialized by ``extractor.output``."""

    source: SourceDoc
    document: DocumentMeta
    sections: tuple[Section, ...]
    toc: tuple[TocEntry, ...]
    tables: tuple[Table, ...]
    line_items: tuple[LineItem, ...] = ()
    facts: tuple[Fact, ...] = ()
    issues: tuple[Finding, ...] = ()
    confidence: Identities = Identities()
