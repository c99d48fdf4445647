"""Serialization of an :class:`Extraction` to the JSON contract (DESIGN.md). No logic here.

The shape is published as a JSON Schema by :func:`extractor.output.schema.json_schema`; every output
validates against it. Output is deterministic: same input and version, byte-identical JSON.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any, TextIO

from extractor.model import (
    Cell,
    DocumentMeta,
    Extraction,
    Fact,
    Finding,
    Identities,
    LineItem,
    Prov,
    Reading,
    Section,
    SourceDoc,
    Table,
    TocEntry,
)
from extractor.model.amounts import yuan_str

SCHEMA_MAJOR = 1
SCHEMA_ID = f"budget-disclosure/{SCHEMA_MAJOR}"

JSONDict = dict[str, Any]

_ROUNDED: dict[float, float] = {}
"""``round(v, 2)`` of box coordinates seen: a page's boxes share few coordinates (1.8k distinct
values among 24k in the bench documents). Keys are nonzero, non-NaN floats only: ``0.0 == -0.0``
but they round apart, and an int equal to a key would be looked up as that float."""
_ROUNDED_MAX = 1 << 16


def _rounded(value: float) -> float:
    """``round(value, 2)``, remembered in :data:`_ROUNDED` when the value may be a key."""
    rounded = round(value, 2)
    if type(value) is float and value and value == value:
        if len(_ROUNDED) >= _ROUNDED_MAX:
            _ROUNDED.clear()
        _ROUNDED[value] = rounded
    return rounded


def prov_to_dict(prov: Prov | None) -> JSONDict | None:
    if prov is None:
        return None
    out: JSONDict = {}
    if prov.page is not None:
        out["page"] = prov.page
    if prov.bbox is not None:
        get = _ROUNDED.get
        out["bbox"] = [r if type(v) is float and (r := get(v)) is not None else _rounded(v) for v in prov.bbox]
    if prov.lines is not None:
        out["lines"] = list(prov.lines)
    return out


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else yuan_str(value)


def source_to_dict(doc: SourceDoc) -> JSONDict:
    out: JSONDict = {
        "path": doc.name,
        "sha256": doc.sha256,
        "format": doc.format.value,
        "pages": doc.page_count,
        "warnings": list(doc.warnings),
        "status": "partial" if doc.warnings else "complete",
    }
    if doc.pages_ocr:  # only for documents OCR'd: others keep their exact output
        out["pages_ocr"] = list(doc.pages_ocr)
    return out


def document_to_dict(meta: DocumentMeta) -> JSONDict:
    return {
        "entity": meta.entity,
        "fiscal_year": meta.fiscal_year,
        "kind": meta.kind,
        "scope": meta.scope,
        "title": meta.title,
    }


def section_to_dict(section: Section) -> JSONDict:
    return {
        "id": section.id,
        "level": section.level,
        "numbering": section.numbering,
        "title": section.title,
        "text": section.text,
        "parent": section.parent,
        "prov": prov_to_dict(section.prov),
    }


def toc_to_dict(entry: TocEntry) -> JSONDict:
    return {
        "numbering": entry.numbering,
        "title": entry.title,
        "level": entry.level,
        "prov": prov_to_dict(entry.prov),
    }


def cell_to_dict(cell: Cell) -> JSONDict:
    out: JSONDict = {"text": cell.text, "col": cell.col}
    if cell.rowspan > 1:
        out["rowspan"] = cell.rowspan
    if cell.colspan > 1:
        out["colspan"] = cell.colspan
    if cell.ocr_confidence is not None:
        out["ocr_confidence"] = cell.ocr_confidence
    out["prov"] = prov_to_dict(cell.prov)
    return out


def _row_to_dict(table: Table, row: int) -> JSONDict:
    return {
        "row": row,
        "cells": table.grid.row_texts(row),
        "spans": [cell_to_dict(c) for c in table.grid.row_cells(row)],
    }


def table_to_dict(table: Table) -> JSONDict:
    return {
        "id": table.id,
        "number": table.number,
        "title": table.title,
        "type": table.type,
        "type_evidence": list(table.type_evidence),
        "unit": table.unit,
        "department": table.department,
        "empty": table.empty,
        "note": table.note,
        "section": table.section,
        "pages": list(table.pages) if table.pages else None,
        "continuations": table.continuations,
        "n_rows": table.grid.n_rows,
        "n_cols": table.grid.n_cols,
        "header_rows": table.header_rows,
        "columns": list(table.columns),
        "header": [_row_to_dict(table, r) for r in range(table.header_rows)],
        "rows": [_row_to_dict(table, r) for r in table.body_rows],
        "prov": prov_to_dict(table.prov),
        "extra_prov": [prov_to_dict(p) for p in table.extra_prov],
        "reading": reading_to_dict(table.reading),
        "confidence": identities_to_dict(table.reading.confidence if table.reading else None),
    }


def identities_to_dict(found: Identities | None) -> JSONDict | None:
    """``{"closed", "tried", "ratio"}``; ratio is a decimal string (4 places), null when nothing was tried."""
    if found is None:
        return None
    ratio = None if not found.tried else str((Decimal(found.closed) / Decimal(found.tried)).quantize(Decimal("0.0001")))
    return {"closed": found.closed, "tried": found.tried, "ratio": ratio}


def reading_to_dict(reading: Reading | None) -> JSONDict | None:
    if reading is None:
        return None
    return {
        "header_rows": reading.header_rows,
        "column_roles": list(reading.column_roles),
        "code_form": reading.code_form,
        "pages": list(reading.pages),
        "measures_from_arithmetic": list(reading.measures_from_arithmetic),
    }


def line_item_to_dict(item: LineItem) -> JSONDict:
    out: JSONDict = {
        "table": item.table,
        "table_type": item.table_type,
        "row": item.row,
        "classification": item.classification,
        "code": item.code,
        "parent": item.parent,
        "level": item.level,
        "name": item.name,
        "label": item.label,
        "measure": item.measure,
        "column": item.column,
        "amount_yuan": yuan_str(item.amount_yuan),
        "printed": item.printed,
        "unit": item.unit,
        "prov": prov_to_dict(item.prov),
    }
    if item.ocr_confidence is not None:  # only on OCR'd pages
        out["ocr_confidence"] = item.ocr_confidence
    return out


def fact_to_dict(fact: Fact) -> JSONDict:
    return {
        "kind": fact.kind,
        "label": fact.label,
        "amount_yuan": _decimal(fact.amount_yuan),
        "printed": fact.printed,
        "unit": fact.unit,
        "values": dict(fact.values),
        "sentence": fact.sentence,
        "section": fact.section,
        "prov": prov_to_dict(fact.prov),
    }


def finding_to_dict(finding: Finding) -> JSONDict:
    difference = None
    if finding.expected is not None and finding.actual is not None:
        difference = yuan_str(finding.actual - finding.expected)
    return {
        "check": finding.check,
        "severity": finding.severity.value,
        "message": finding.message,
        "table": finding.table,
        "row": finding.row,
        "column": finding.column,
        "expected": _decimal(finding.expected),
        "actual": _decimal(finding.actual),
        "difference": difference,
        "cause": finding.cause,
        "prov": prov_to_dict(finding.prov),
    }


def _many(items: Iterable[Any], fn: Any) -> list[JSONDict]:
    return [fn(item) for item in items]


def extraction_to_dict(result: Extraction) -> JSONDict:
    """The whole document as plain JSON-ready data, in the contract's field order."""
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "extractor", "version": _version()},
        "source": source_to_dict(result.source),
        "document": document_to_dict(result.document),
        "toc": _many(result.toc, toc_to_dict),
        "sections": _many(result.sections, section_to_dict),
        "tables": _many(result.tables, table_to_dict),
        "line_items": _many(result.line_items, line_item_to_dict),
        "facts": _many(result.facts, fact_to_dict),
        "issues": _many(result.issues, finding_to_dict),
        "confidence": identities_to_dict(result.confidence),
    }


def dumps(data: JSONDict) -> str:
    """Canonical JSON text: UTF-8 characters kept, one-space indentation, trailing newline.

    The bytes are exactly those of ``json.dumps(data, ensure_ascii=False, indent=1) + "\\n"``
    (the published format). That call is slow: with an ``indent`` CPython 3.11 does not use its C
    encoder but a pure-Python one whose generators are nested once per level (about 60 ms per MB
    of output). :func:`_encode` lays out the same text into one list, escaping strings with the
    same (C) escaper as :mod:`json`: about twice as fast.
    """
    out: list[str] = []
    _encode(data, "\n", out)
    out.append("\n")
    return "".join(out)


def dump(data: JSONDict, stream: TextIO) -> None:
    """Write exactly :func:`dumps` ``(data)`` to ``stream``, one item of a top-level list at a time.

    The text of a 1,000-page document is tens of MB (and its pieces several times that): written
    item by item, only one table, line item or fact is held as text at once.
    """
    if not data:
        stream.write("{}\n")
        return
    sep = "{\n "
    for key, value in data.items():
        head = f"{sep}{_name(key)}: "
        if isinstance(value, (list, tuple)) and value:
            stream.write(head)
            item_sep = "[\n  "
            for item in value:
                out: list[str] = []
                _item(item_sep, item, "\n  ", out)
                stream.write("".join(out))
                item_sep = ",\n  "
            stream.write("\n ]")
        else:
            out = []
            _item(head, value, "\n ", out)
            stream.write("".join(out))
        sep = ",\n "
    stream.write("\n}\n")


def _json_float(value: float) -> str:
    """A float as :mod:`json` writes it (``allow_nan``: ``NaN``, ``Infinity``, ``-Infinity``)."""
    if value != value:
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    return float.__repr__(value)


# How :mod:`json` writes each scalar type, looked up by exact type; subclasses such as a StrEnum
# take the slower isinstance path in :func:`_encode`, as they do in :mod:`json`.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _json_float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


def _scalar(value: Any) -> str:
    """A scalar of any type :mod:`json` accepts, checked in the order :mod:`json` checks them."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _json_float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    """A dict key as :mod:`json` writes it: strings as such, numbers, booleans and None quoted."""
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, (int, float)) or key is None:
        return encode_basestring(_scalar(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _name(key: Any) -> str:
    return encode_basestring(key) if type(key) is str else _key(key)


def _item(head: str, item: Any, newline: str, out: list[str]) -> None:
    """Append ``head`` and ``item`` at the depth of ``newline``: a scalar inline, in one piece."""
    scalar = _SCALARS.get(type(item))
    if scalar is not None:
        out.append(head + scalar(item))
    else:
        out.append(head)
        _encode(item, newline, out)


_FLOAT_TEXT: dict[float, str] = {}
"""``float.__repr__`` of the finite, nonzero floats written in lists (box coordinates repeat).
Zeros are not keys: ``0.0 == -0.0`` but they print apart."""


def _float_text(value: Any) -> str | None:
    """How :mod:`json` writes a finite float (remembered when it may be a key); None for anything
    else (NaN, infinities and non-floats take the item-by-item path)."""
    if not isinstance(value, float) or value != value or value in (math.inf, -math.inf):
        return None
    text = float.__repr__(value)
    if type(value) is float and value:
        if len(_FLOAT_TEXT) >= 1 << 16:
            _FLOAT_TEXT.clear()
        _FLOAT_TEXT[value] = text
    return text


def _scalar_run(items: list[Any] | tuple[Any, ...], sep: str) -> str | None:
    """The items of a list joined by ``sep`` when all are strings or all finite floats, else None.

    The common leaves (a row's texts, a bbox) in one join. Strings: ``encode_basestring`` raises
    TypeError on a non-str, and the list takes the item-by-item path. Floats: exact floats are
    looked up in :data:`_FLOAT_TEXT` (an int equal to a key is not an exact float), any other
    item goes through :func:`_float_text`, whose None sends the list item by item as well.
    """
    first = type(items[0])
    if first is str:
        try:
            return sep.join(map(encode_basestring, items))
        except TypeError:
            return None
    if first is float:
        get = _FLOAT_TEXT.get
        texts = [t if type(v) is float and (t := get(v)) is not None else _float_text(v) for v in items]
        return None if None in texts else sep.join(texts)  # type: ignore[arg-type]
    return None


def _encode(value: Any, newline: str, out: list[str]) -> None:
    """Append ``value`` laid out as ``json.dumps(..., indent=1)`` does at the depth of ``newline``.

    ``newline`` is a line break followed by the current indentation. A non-empty list or dict
    puts each item on its own line, one space deeper, separated by ``,``; empty ones are ``[]``
    and ``{}``. Scalar items are written inline, each with its separator and key in one piece;
    a list of only strings or only floats in one join (:func:`_scalar_run`).
    """
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + " "
        sep = "{" + inner
        comma = "," + inner
        scalars = _SCALARS
        for key, item in value.items():
            name = encode_basestring(key) if type(key) is str else _key(key)
            scalar = scalars.get(type(item))
            if scalar is not None:
                out.append(f"{sep}{name}: {scalar(item)}")
            elif type(item) is list and item and (run := _scalar_run(item, comma + " ")) is not None:
                out.append(f"{sep}{name}: [{inner} {run}{inner}]")
            else:
                out.append(f"{sep}{name}: ")
                _encode(item, inner, out)
            sep = comma
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + " "
        comma = "," + inner
        run = _scalar_run(value, comma)
        if run is not None:
            out.append(f"[{inner}{run}{newline}]")
            return
        sep = "[" + inner
        scalars = _SCALARS
        for item in value:  # _item's body, inlined: a call per item is a tenth of the encoder's time
            scalar = scalars.get(type(item))
            if scalar is not None:
                out.append(sep + scalar(item))
            else:
                out.append(sep)
                _encode(item, inner, out)
            sep = comma
        out.append(newline + "]")
    else:
        out.append(_scalar(value))


def _version() -> str:
    from extractor import __version__

    return __version__
