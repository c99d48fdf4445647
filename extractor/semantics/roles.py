"""Column roles from what the cells hold, where the header words are garbled or silent.

Converters (pymupdf4llm above all) spread the words of a merged header over the wrong cells
(``类<br>功能 | 款<br>分类科 | 项<br>目编码``), split them (``本年支|出``) or drop them. The header
then names the wrong role: the 款 and 项 columns of a split code read as amounts, an amount column
under ``项目/编码/合计`` reads as a code. The body decides where it is unambiguous:

- **split code**: a column whose filled cells are all classification codes, at least one of them a
  3-digit 类 (``201``, ``301``, ``501``), on at least two rows, followed by one or two columns
  whose filled cells are all 1- or 2-digit numbers (``06``, ``1``) with at least one such part
  printed: these columns are the 类 | 款 | 项 of one code, whatever their header says. Cells that
  print a total label (合计, 总计 …) in the code columns are allowed.
- **amount**: a column whose filled cells are all amounts (blank markers allowed), at least two of
  them, and at least one written as only an amount can be (thousands separators, decimals, or more
  than seven digits), is an amount column even under a header that names a code or a label.

Everything else keeps the role its header names (``blocks.header_role``), or the body's when the
header names none. Measures of the amount columns are then found from the header words
(:func:`fuzzy_measure` for words the converter scrambled) and, where the words say nothing, from
the document's arithmetic (``reading.choose_measures``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from extractor.model.amounts import BLANKS, is_amount
from extractor.semantics.codes import is_code
from extractor.semantics.measures import _EXACT, Measure, normalize_segment, segment_measure

CODE = "code"
LABEL = "label"
AMOUNT = "amount"

_TOTALS = re.compile(r"^(?:合计|总计|小计|.{0,6}(?:合计|总计))$")
_PART = re.compile(r"^\d{1,2}$")
_ONLY_AMOUNT = re.compile(r"[.,，]|\d{8,}")
_MARKUP = re.compile(r"<[^>]+>|\s+")


def _clean(text: str) -> str:
    return _MARKUP.sub("", text)


def _filled(cells: Sequence[str]) -> list[str]:
    return [c for c in (_clean(t) for t in cells) if c and c not in BLANKS]


def _is_code_column(cells: list[str]) -> bool:
    """Codes, at least two and one a 3-digit 类; total labels allowed, and a few garbled parts
    (``7`` for ``210``: rebuilt from the rows above by ``codes.split_codes``)."""
    codes = [c for c in cells if is_code(c)]
    garbled = [c for c in cells if not is_code(c) and c.isdigit() and len(c) <= 3]
    if any(not is_code(c) and not _TOTALS.match(c) and c not in garbled for c in cells):
        return False
    return len(codes) >= 2 and any(len(c) == 3 for c in codes) and len(garbled) * 3 <= len(codes)


def _is_part_column(cells: list[str]) -> bool:
    return all(_PART.match(c) or _TOTALS.match(c) for c in cells)


def split_code_columns(bodies: Sequence[Sequence[str]]) -> set[int]:
    """The columns that print a code split over 类 | 款 (| 项), by their content."""
    filled = [_filled(b) for b in bodies]
    found: set[int] = set()
    for j, cells in enumerate(filled):
        if j in found or not _is_code_column(cells):
            continue
        parts: list[int] = []
        for k in range(j + 1, min(j + 3, len(filled))):
            if not _is_part_column(filled[k]):
                break
            parts.append(k)
        while parts and not any(_PART.match(c) for c in filled[parts[-1]]):
            parts.pop()  # a trailing empty column is not shown to be a part
        if parts:
            found |= {j, *parts}
    return found


def is_amount_column(cells: Sequence[str]) -> bool:
    """Filled cells all amounts, at least two, one of them unmistakably an amount."""
    filled = _filled(cells)
    return (
        len(filled) >= 2
        and all(is_amount(c) for c in filled)
        and any(_ONLY_AMOUNT.search(c) for c in filled)
    )


def content_roles(bodies: Sequence[Sequence[str]], header: Sequence[str | None]) -> list[str | None]:
    """The role each column's content imposes over its header's (None: the header decides)."""
    roles: list[str | None] = [None] * len(bodies)
    for j in split_code_columns(bodies):
        roles[j] = CODE
    for j, cells in enumerate(bodies):
        if roles[j] is None and header[j] in (CODE, LABEL) and is_amount_column(cells):
            roles[j] = AMOUNT
    return roles


# ---------------------------------------------------------------- measures from scrambled words

_FUZZY_TERMS: tuple[tuple[str, Measure], ...] = tuple(
    sorted(
        ((term, m) for term, m in _EXACT.items() if len(term) >= 4 and m is not Measure.OTHER),
        key=lambda tm: -len(tm[0]),
    )
)


def fuzzy_measure(path: str) -> Measure | None:
    """A header word cut over the last segments (``合/计``), else the measure whose header word is
    spelled, in any order, by the column's header characters when no segment names one (``业/事收入`` → 事业收入 → business_income): the longest term of
    four or more characters all of whose characters the header holds. None when two terms of
    that length disagree."""
    segments = [s for s in path.split("/") if s.strip()]
    for k in range(len(segments) - 2, -1, -1):  # 合/计: a word cut over two header rows
        joined = segment_measure("".join(segments[k:]))
        if joined is not None and all(segment_measure(s) is None for s in segments[k:]):
            return joined
    chars = Counter(normalize_segment(path.replace("/", "")))
    if not chars:
        return None
    best: Measure | None = None
    best_len = 0
    for term, measure in _FUZZY_TERMS:
        if len(term) < best_len:
            break
        need = Counter(term)
        if all(chars[ch] >= n for ch, n in need.items()):
            if best is not None and best is not measure:
                return None
            best, best_len = measure, len(term)
    return best


# ---------------------------------------------------------------- 三公 columns by their neighbours

_VEHICLES = "公务用车购置及运行维护费"


def three_public_subtotals(paths: Sequence[str]) -> dict[str, str]:
    """The 公务用车购置及运行维护费 subtotal column of a "三公" table whose group header the converter
    smeared away (``公务小计``, ``预算数/公务/小计``, a bare ``小计``): a column after the table's
    total that names nothing more specific than 小计, directly followed by the 购置 and the 运行
    columns (named by how their header ends when the group's words were smeared onto them).
    Returns ``{path: label}`` for the three columns."""
    from extractor.semantics.labels import THREE_PUBLIC_TOTAL, three_public_label

    labels = [three_public_label(p) for p in paths]
    found: dict[str, str] = {}
    for k in range(1, len(paths) - 2):
        if labels[k] not in (None, THREE_PUBLIC_TOTAL) or THREE_PUBLIC_TOTAL not in labels[:k]:
            continue
        if not normalize_segment(paths[k].split("/")[-1]).endswith("小计"):
            continue
        purchase = labels[k + 1] == "公务用车购置费" or _last(paths[k + 1]).endswith("购置费")
        running = labels[k + 2] == "公务用车运行维护费" or _last(paths[k + 2]).endswith(("运行费", "运行维护费"))
        if purchase and running:  # 用车购置及运行费购置费: the group's words smeared onto its first column
            found[paths[k]] = _VEHICLES
            found[paths[k + 1]] = "公务用车购置费"
            found[paths[k + 2]] = "公务用车运行维护费"
    return found


def _last(path: str) -> str:
    return normalize_segment(path.split("/")[-1])
