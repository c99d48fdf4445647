"""Repairs of damage that PDF-to-Markdown converters do to tables. Each repair is conservative:
when the evidence is ambiguous the row is left as printed (and padded at the end).

- :func:`join_split_numbers`: ``881`` | ``,803.00`` → ``881,803.00`` (a cell never starts with a
  thousands separator or a decimal point).
- :func:`split_glued_cell`: a row one cell short whose only ``<br>`` cell holds two cells' text.
- :func:`realign_sparse_row`: a row whose empty cells were dropped, put back under the columns
  whose kinds (code, name, amount) match, when that placement is unique.
- :func:`join_smeared_headers`: ``本年支`` | ``出`` in a header row → ``本年支出`` | ``""``.
- :func:`row_looks_like_data`: a header row that is really data (a page continuation's first row).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from extractor.model.amounts import BLANKS, is_amount
from extractor.sources.raw_tables import RawCell, empty_cell

_HEADER_WORDS = (
    "本年支出 本年收入 合计 基本支出 项目支出 人员经费 公用经费 预算数 决算数 科目名称 项目 总计 小计 "
    "科目代码 科目编码 支出预算 收入预算 财政拨款 非财政拨款 资金来源 一般公共预算 政府性基金预算 "
    "国有资本经营预算 本年收入合计 本年支出合计 收入总计 支出总计 项目名称 单位资金 上年结转 "
    "功能分类科目 经济分类科目 预算数合计 年初预算数 全年预算数"
)
HEADER_TERMS: frozenset[str] = frozenset(_HEADER_WORDS.split())
"""Header words that converters smear over two cells; a join must produce one of these."""


class CellKind(StrEnum):
    EMPTY = "empty"
    CODE = "code"
    CODED = "coded"
    AMOUNT = "amount"
    TEXT = "text"


_CODE = re.compile(r"\d{2}|\d{3}|\d{5}|\d{7}")
_CODED = re.compile(r"(?:\d{3}|\d{5}|\d{7})(?!\d)\s*[^\d\s.,，%％]")
_SPLIT_HEAD = re.compile(r"[-－]?\d{1,3}(?:[,，]\d{3})*|[-－]?\d+")
_SPLIT_TAIL = re.compile(r"[,，]\d{3}(?:[,，]\d{3})*(?:\.\d+)?|\.\d+")
_TAIL_STARTS = frozenset(",，.")
_DECIMAL = re.compile(r"\d[.,，]\d")


@lru_cache(maxsize=8192)
def cell_kind(text: str) -> CellKind:
    t = text.strip().replace(" ", "")
    if not t:
        return CellKind.EMPTY
    if _CODE.fullmatch(t):
        return CellKind.CODE
    if t in BLANKS or is_amount(t):
        return CellKind.AMOUNT
    if _CODED.match(t):
        return CellKind.CODED
    return CellKind.TEXT


def row_is_data(texts: list[str]) -> bool:
    """A row holding an amount, a code or a code fused with a name (blank markers do not count)."""
    return any(
        cell_kind(t) in (CellKind.CODE, CellKind.CODED)
        or (cell_kind(t) is CellKind.AMOUNT and t.strip() not in BLANKS)
        for t in texts
    )


def row_looks_like_data(texts: list[str]) -> bool:
    """A row marked as header that is clearly data: an amount with decimals or separators, or a
    first cell that is a 3/5/7-digit classification code (alone or fused with its name)."""
    if any(cell_kind(t) is CellKind.AMOUNT and _DECIMAL.search(t) for t in texts):
        return True
    first = next((t.strip() for t in texts if t.strip()), "")
    return bool(re.fullmatch(r"\d{3}|\d{5}|\d{7}", first) or _CODED.match(first))


# ---------------------------------------------------------------- split numbers


def join_split_numbers(row: list[RawCell]) -> tuple[list[RawCell], list[str]]:
    """Join ``3`` | ``,920.41`` (and ``3920`` | ``.41``) into one amount cell; the row loses a cell."""
    if not any(c.text[:1] in _TAIL_STARTS for c in row[1:]):
        return row, []
    out: list[RawCell] = []
    joined: list[str] = []
    for cell in row:
        prev = out[-1] if out else None
        head, tail = (prev.text.strip() if prev else ""), cell.text.strip()
        if (
            prev is not None
            and _SPLIT_HEAD.fullmatch(head)
            and _SPLIT_TAIL.fullmatch(tail)
            and is_amount(head + tail)
        ):
            out[-1] = prev.with_text(head + tail)
            joined.append(f"{head}|{tail}")
            continue
        out.append(cell)
    return out, joined


# ---------------------------------------------------------------- <br> glue


def split_glued_cell(row: list[RawCell], width: int) -> list[RawCell] | None:
    """Split the one cell whose ``<br>`` parts make the row exactly ``width`` long; None if not unique."""
    missing = width - len(row)
    if missing < 1:
        return None
    candidates = [i for i, c in enumerate(row) if len(c.breaks) == missing + 1]
    if len(candidates) != 1:
        return None
    i = candidates[0]
    parts = [RawCell(p, row[i].first, row[i].last, row[i].bold) for p in row[i].breaks]
    return row[:i] + parts + row[i + 1 :]


# ---------------------------------------------------------------- sparse rows

ColumnProfile = list[frozenset[CellKind]]
_NEAR = {
    (CellKind.CODE, CellKind.AMOUNT),
    (CellKind.AMOUNT, CellKind.CODE),
    (CellKind.TEXT, CellKind.CODED),
    (CellKind.CODED, CellKind.TEXT),
}
_NEG = -(10**9)
MAX_REALIGN_WIDTH = 64


def column_profile(rows: list[list[str]], width: int) -> ColumnProfile:
    """Kinds seen in each column over the full-width data rows."""
    seen: list[set[CellKind]] = [set() for _ in range(width)]
    for texts in rows:
        if len(texts) == width and row_is_data(texts):
            for j, t in enumerate(texts):
                if (kind := cell_kind(t)) is not CellKind.EMPTY:
                    seen[j].add(kind)
    return [frozenset(s) for s in seen]


def _score(kind: CellKind, seen: frozenset[CellKind]) -> int:
    if kind in seen:
        return 2
    return 1 if any((kind, s) in _NEAR for s in seen) else 0


def _running_max(values: list[int]) -> list[int]:
    """out[j] = max(values[j:]), with one extra _NEG at the end."""
    out = [_NEG] * (len(values) + 1)
    for j in range(len(values) - 1, -1, -1):
        out[j] = max(values[j], out[j + 1])
    return out


def _best_suffix(scores: list[list[int]], width: int) -> list[list[int]]:
    """suffix[i][j]: best score of cells i.. with cell i at column j (monotone placement)."""
    k = len(scores)
    suffix = [[_NEG] * width for _ in range(k)]
    for i in range(k - 1, -1, -1):
        after = [0] * (width + 1) if i == k - 1 else _running_max(suffix[i + 1])
        for j in range(width):
            rest = after[j + 1]
            suffix[i][j] = scores[i][j] + rest if rest > _NEG else _NEG
    return suffix


def realign_sparse_row(row: list[RawCell], profile: ColumnProfile) -> list[RawCell] | None:
    """Place a short row's cells under matching columns, leftmost for codes and names.

    Returns None (leave the row as printed) when an amount could go under more than one column,
    when some cell matches no column, or when the table is too wide to try."""
    width, k = len(profile), len(row)
    if not 0 < k < width or width > MAX_REALIGN_WIDTH:
        return None
    kinds = [cell_kind(c.text) for c in row]
    scores = [[_score(kind, profile[j]) for j in range(width)] for kind in kinds]
    suffix = _best_suffix(scores, width)
    total = max(suffix[0])
    positions: list[int] = []
    acc, prev = 0, -1
    for i in range(k):
        feasible = [j for j in range(prev + 1, width) if suffix[i][j] > _NEG and acc + suffix[i][j] == total]
        if not feasible or scores[i][feasible[0]] == 0:
            return None
        if kinds[i] is CellKind.AMOUNT and len(feasible) > 1:
            return None
        prev = feasible[0]
        acc += scores[i][prev]
        positions.append(prev)
    line = row[0].first
    out = [empty_cell(line, row[0].last) for _ in range(width)]
    for cell, j in zip(row, positions, strict=True):
        out[j] = cell
    return out


# ---------------------------------------------------------------- smeared headers


def _squash(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "")


def join_smeared_headers(row: list[RawCell]) -> tuple[list[RawCell], list[str]]:
    """In a header row, ``本年支`` | ``出`` → ``本年支出`` | ``""`` when the join is a known term
    and the second part alone is not."""
    out = list(row)
    joined: list[str] = []
    j = 0
    while j < len(out) - 1:
        for n in (3, 2):
            part = out[j : j + n]
            if len(part) < n or not all(_squash(c.text) for c in part):
                continue
            text = "".join(c.text for c in part)
            if _squash(text) in HEADER_TERMS and _squash(part[-1].text) not in HEADER_TERMS:
                out[j] = out[j].with_text(text)
                for m in range(j + 1, j + n):
                    out[m] = empty_cell(out[m].first, out[m].last)
                joined.append("|".join(c.text for c in part))
                break
        j += 1
    return out, joined
