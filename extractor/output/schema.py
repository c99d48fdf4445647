"""The JSON Schema of the output contract (``extractor schema`` prints it)."""

from __future__ import annotations

from typing import Any

from extractor.output import SCHEMA_ID
from extractor.semantics.measures import Measure

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_NINT = {"type": ["integer", "null"]}
_DECIMAL = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}
_NDECIMAL = {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d+)?$"}

PROV: dict[str, Any] = {
    "type": ["object", "null"],
    "additionalProperties": False,
    "properties": {
        "page": {"type": "integer", "minimum": 1},
        "bbox": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
        "lines": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2},
    },
}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": required if required is not None else list(props),
        "additionalProperties": False,
    }


_CONFIDENCE = {"type": "number", "minimum": 0, "maximum": 1}
"""An OCR recognizer's confidence; present only on OCR'd pages."""

CELL = _obj(
    {"text": _STR, "col": {"type": "integer"}, "rowspan": {"type": "integer"}, "colspan": {"type": "integer"},
     "ocr_confidence": _CONFIDENCE, "prov": PROV},
    ["text", "col", "prov"],
)
ROW = _obj({"row": {"type": "integer"}, "cells": {"type": "array", "items": _STR}, "spans": {"type": "array", "items": CELL}})

_SLUGS = "|".join(sorted((m.value for m in Measure), key=len, reverse=True))
MEASURE: dict[str, Any] = {
    "type": "string",
    "pattern": rf"^(?:(?:{_SLUGS})_)?(?:{_SLUGS})$",
    "description": "a slug of extractor.semantics.measures.Measure, or two of them (qualifier_slug)",
}
CONFIDENCE: dict[str, Any] = {
    **_obj(
        {
            "closed": {"type": "integer", "minimum": 0},
            "tried": {"type": "integer", "minimum": 0},
            "ratio": {"type": ["string", "null"], "pattern": r"^[01]\.\d{4}$"},
        }
    ),
    "type": ["object", "null"],
    "description": "identities of the arithmetic (parent = Σ children, 合计 = 基本 + 项目 = 人员 + 公用, "
    "收入总计 = 支出总计) that closed under the reading, of those tried",
}
READING: dict[str, Any] = {
    **_obj(
        {
            "header_rows": {"type": "integer"},
            "column_roles": {"type": "array", "items": _STR},
            "code_form": {"enum": ["split", "column", "partial", "in-name", "none"]},
            "pages": {"type": "array", "items": {"type": "integer"}},
            "measures_from_arithmetic": {"type": "array", "items": _STR},
        }
    ),
    "type": ["object", "null"],
}

TABLE = _obj(
    {
        "id": _STR,
        "number": _NSTR,
        "title": _NSTR,
        "type": _STR,
        "type_evidence": {"type": "array", "items": _STR},
        "unit": {"enum": ["元", "万元", "千元", "亿元", None]},
        "department": _NSTR,
        "empty": {"type": "boolean"},
        "note": _NSTR,
        "section": _NSTR,
        "pages": {"type": ["array", "null"], "items": {"type": "integer"}},
        "continuations": {"type": "integer"},
        "n_rows": {"type": "integer"},
        "n_cols": {"type": "integer"},
        "header_rows": {"type": "integer"},
        "columns": {"type": "array", "items": _STR},
        "header": {"type": "array", "items": ROW},
        "rows": {"type": "array", "items": ROW},
        "prov": PROV,
        "extra_prov": {"type": "array", "items": PROV},
        "reading": READING,
        "confidence": CONFIDENCE,
    }
)

LINE_ITEM = _obj(
    {
        "table": _STR,
        "table_type": _STR,
        "row": {"type": "integer"},
        "classification": {"enum": ["functional", "economic", None]},
        "code": _NSTR,
        "parent": _NSTR,
        "level": _NSTR,
        "name": _NSTR,
        "label": _NSTR,
        "measure": MEASURE,
        "column": _NSTR,
        "amount_yuan": _DECIMAL,
        "printed": _STR,
        "unit": _STR,
        "prov": PROV,
        "ocr_confidence": _CONFIDENCE,
    },
    ["table", "table_type", "row", "classification", "code", "parent", "level", "name", "label", "measure",
     "column", "amount_yuan", "printed", "unit", "prov"],
)

FACT = _obj(
    {
        "kind": _STR,
        "label": _NSTR,
        "amount_yuan": _NDECIMAL,
        "printed": _NSTR,
        "unit": _NSTR,
        "values": {"type": "object", "additionalProperties": _STR},
        "sentence": _STR,
        "section": _NSTR,
        "prov": PROV,
    }
)

ISSUE = _obj(
    {
        "check": _STR,
        "severity": {"enum": ["error", "warning", "info"]},
        "message": _STR,
        "table": _NSTR,
        "row": _NINT,
        "column": _NSTR,
        "expected": _NDECIMAL,
        "actual": _NDECIMAL,
        "difference": _NDECIMAL,
        "cause": {"enum": ["document", "extraction", None]},
        "prov": PROV,
    }
)

SECTION = _obj(
    {
        "id": _STR,
        "level": {"type": "integer"},
        "numbering": _STR,
        "title": _STR,
        "text": _STR,
        "parent": _NSTR,
        "prov": PROV,
    }
)

TOC = _obj({"numbering": _STR, "title": _STR, "level": {"type": "integer"}, "prov": PROV})


def json_schema() -> dict[str, Any]:
    """The schema every output document validates against."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://example.invalid/{SCHEMA_ID}.schema.json",
        "title": "Budget disclosure extraction",
        **_obj(
            {
                "schema": {"const": SCHEMA_ID},
                "tool": _obj({"name": _STR, "version": _STR}),
                "source": _obj(
                    {
                        "path": _STR,
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        "format": {"enum": ["pdf", "markdown", "html"]},
                        "pages": _NINT,
                        "warnings": {"type": "array", "items": _STR},
                        "status": {"enum": ["complete", "partial"]},
                        "pages_ocr": {"type": "array", "items": {"type": "integer"}},
                    },
                    ["path", "sha256", "format", "pages", "warnings", "status"],
                ),
                "document": _obj(
                    {
                        "entity": _NSTR,
                        "fiscal_year": _NINT,
                        "kind": {"enum": ["budget", "final_accounts", None]},
                        "scope": {"enum": ["department", "unit", None]},
                        "title": _NSTR,
                    }
                ),
                "toc": {"type": "array", "items": TOC},
                "sections": {"type": "array", "items": SECTION},
                "tables": {"type": "array", "items": TABLE},
                "line_items": {"type": "array", "items": LINE_ITEM},
                "facts": {"type": "array", "items": FACT},
                "issues": {"type": "array", "items": ISSUE},
                "confidence": CONFIDENCE,
            }
        ),
    }
