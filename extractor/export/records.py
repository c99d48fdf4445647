"""Output JSONs → flat rows with typed columns: what every export format writes.

Each resource (``documents``, ``tables``, ``line_items``, ``issues``, ``codes``) has a fixed
column list (:data:`RESOURCES`) with a Table Schema type. Row values are ``str``, ``int``,
``bool`` or ``None``; amounts stay decimal *strings* (exact), with ``amount_fen`` as an integer
when the amount is a whole number of fen (null otherwise).

A document's id (``document`` column) is its JSON file name without ``.json``, made unique with
``~2``, ``~3`` … in input order when two files share a name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from extractor.errors import InputError

SCHEMA_PREFIX = "budget-disclosure/"
_SCHEMA_FIELD = re.compile(rb'"schema"\s*:\s*"' + re.escape(SCHEMA_PREFIX.encode()))
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # Table Schema type: string | integer | number | boolean
    description: str = ""


@dataclass(frozen=True, slots=True)
class Resource:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    description: str

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(spec: str) -> tuple[Column, ...]:
    """``"a b:integer c:number"`` → columns (type string unless given)."""
    out = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        out.append(Column(name, kind or "string"))
    return tuple(out)


DOCUMENTS = Resource(
    "documents",
    _cols(
        "document source_path sha256 format pages:integer entity fiscal_year:integer kind scope title "
        "schema tool_version tables:integer line_items:integer facts:integer "
        "errors:integer warnings:integer infos:integer reader_warnings"
    ),
    ("document",),
    "one row per converted document",
)
TABLES = Resource(
    "tables",
    _cols(
        "document table number title type unit department empty:boolean note section "
        "page_first:integer page_last:integer n_rows:integer n_cols:integer header_rows:integer columns"
    ),
    ("document", "table"),
    "one row per table of every document; columns = header paths joined by ' | '",
)
LINE_ITEMS = Resource(
    "line_items",
    _cols(
        "document item:integer table table_type row:integer classification code code_ref parent level "
        "name label measure column amount_yuan:number amount_fen:integer printed unit "
        "page:integer line_first:integer line_last:integer"
    ),
    ("document", "item"),
    "the fact table: one row per (row, measure); code_ref = code when it is in the codes resource",
)
ISSUES = Resource(
    "issues",
    _cols(
        "document issue:integer check severity message table row:integer column "
        "expected:number actual:number difference:number cause page:integer"
    ),
    ("document", "issue"),
    "validation findings",
)
CODES = Resource(
    "codes",
    _cols("code name classification level parent"),
    ("code",),
    "classification codes shipped with extractor (支出功能分类, 支出经济分类; reference and observed)",
)
RESOURCES = (DOCUMENTS, TABLES, LINE_ITEMS, ISSUES, CODES)


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    path: Path
    data: dict[str, Any]

    @property
    def sha256(self) -> str:
        return str(self.data["source"]["sha256"])


def find_json_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and ``*.json`` under directories (recursive, sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.json") if not p.name.startswith(".")))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return found


def document_ids(files: Sequence[Path]) -> list[str]:
    ids: list[str] = []
    seen: dict[str, int] = {}
    for path in files:
        base = path.name.removesuffix(".json")
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}~{seen[base]}")
    return ids


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document]:
    """Every output JSON named by ``paths``, loaded one at a time (memory stays bounded).

    In directories, JSON files that are not extractor outputs (e.g. ``datapackage.json``) are
    skipped; a file named explicitly must be an output.
    """
    raw = list(paths)
    explicit = {Path(p) for p in raw if Path(p).is_file()}
    files = find_json_files(raw)
    kept = [f for f in files if f in explicit or _looks_like_output(f)]
    for path, doc_id in zip(kept, document_ids(kept), strict=True):
        yield Document(doc_id, path, load_output(path))


def _looks_like_output(path: Path) -> bool:
    """Cheap test on the first bytes: outputs start with their ``"schema"`` field."""
    with open(path, "rb") as handle:
        head = handle.read(300)
    return _SCHEMA_FIELD.search(head) is not None


def load_output(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(
            f"{path}: not a readable output JSON ({err}); re-run `extractor parse` on its source"
        ) from err
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith(SCHEMA_PREFIX):
        raise InputError(f'{path}: not an extractor output (no "schema": "{SCHEMA_PREFIX}…")')
    return data


# --- rows ------------------------------------------------------------------------------------


def amount_fen(amount: str | None) -> int | None:
    """``"12.34"`` → 1234; None when absent or not a whole number of fen."""
    if amount is None:
        return None
    try:
        fen = Decimal(amount) * 100
    except InvalidOperation:
        return None
    return int(fen) if fen == fen.to_integral_value() else None


def _page(prov: dict[str, Any] | None) -> int | None:
    return None if not prov else prov.get("page")


def _lines(prov: dict[str, Any] | None) -> tuple[int | None, int | None]:
    lines = (prov or {}).get("lines")
    return (lines[0], lines[1]) if lines else (None, None)


def document_row(doc: Document) -> Row:
    data, source, meta = doc.data, doc.data["source"], doc.data["document"]
    severities = [i["severity"] for i in data["issues"]]
    return {
        "document": doc.id,
        "source_path": source["path"],
        "sha256": source["sha256"],
        "format": source["format"],
        "pages": source.get("pages"),
        "entity": meta.get("entity"),
        "fiscal_year": meta.get("fiscal_year"),
        "kind": meta.get("kind"),
        "scope": meta.get("scope"),
        "title": meta.get("title"),
        "schema": data["schema"],
        "tool_version": data.get("tool", {}).get("version"),
        "tables": len(data["tables"]),
        "line_items": len(data["line_items"]),
        "facts": len(data.get("facts", [])),
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
        "infos": severities.count("info"),
        "reader_warnings": "; ".join(source.get("warnings", [])) or None,
    }


def table_rows(doc: Document) -> Iterator[Row]:
    for table in doc.data["tables"]:
        pages = table.get("pages") or [None, None]
        yield {
            "document": doc.id,
            "table": table["id"],
            **{
                k: table.get(k)
                for k in ("number", "title", "type", "unit", "department", "empty", "note", "section")
            },
            "page_first": pages[0],
            "page_last": pages[-1],
            **{k: table.get(k) for k in ("n_rows", "n_cols", "header_rows")},
            "columns": " | ".join(table.get("columns", [])),
        }


def line_item_rows(doc: Document, known_codes: frozenset[str]) -> Iterator[Row]:
    for index, item in enumerate(doc.data["line_items"]):
        first, last = _lines(item.get("prov"))
        code = item.get("code")
        yield {
            "document": doc.id,
            "item": index,
            **{k: item.get(k) for k in ("table", "table_type", "row", "classification", "code")},
            "code_ref": code if code in known_codes else None,
            **{
                k: item.get(k)
                for k in ("parent", "level", "name", "label", "measure", "column", "amount_yuan")
            },
            "amount_fen": amount_fen(item.get("amount_yuan")),
            "printed": item.get("printed"),
            "unit": item.get("unit"),
            "page": _page(item.get("prov")),
            "line_first": first,
            "line_last": last,
        }


def issue_rows(doc: Document) -> Iterator[Row]:
    keys = (
        "check",
        "severity",
        "message",
        "table",
        "row",
        "column",
        "expected",
        "actual",
        "difference",
        "cause",
    )
    for index, issue in enumerate(doc.data["issues"]):
        yield {
            "document": doc.id,
            "issue": index,
            **{k: issue.get(k) for k in keys},
            "page": _page(issue.get("prov")),
        }


def table_grid(table: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """A table as a header (its column paths, or ``c1…cN``) and its body rows' cell texts."""
    n_cols = int(table.get("n_cols") or 0)
    columns = list(table.get("columns") or [])
    if len(columns) != n_cols:
        columns = [f"c{i + 1}" for i in range(n_cols)]
    rows = [list(r["cells"]) + [""] * (n_cols - len(r["cells"])) for r in table.get("rows", [])]
    return columns, rows
