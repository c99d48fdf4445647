"""HTML of the review site, from the JSON dict of :func:`extractor.output.extraction_to_dict`.

Documents parsed on the spot and JSON files read back go through the same functions, so the site
shows exactly what the JSON says. Every text that comes from a document is escaped with
:func:`html.escape`; the data handed to the script sits in a ``<script type="application/json">``
block whose ``<`` are written ``\\u003c``, so nothing in a document can close it. Output is a
pure function of its inputs (no timestamps, stable order).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

from extractor.report.charts import bar_chart, economic_bars, function_bars, group_digits
from extractor.report.images import PageImage
from extractor.validate.presence import TYPE_WORDS

JSONDict = dict[str, Any]

STANDARD_TABLES: dict[str, str] = TYPE_WORDS
"""The nine tables every budget must publish (DOMAIN.md), with their usual names (the validator's list)."""
SEVERITIES = ("error", "warning", "info")
SYMBOLS = {"error": "✖", "warning": "▲", "info": "●"}
SEVERITY_WORDS = {"error": "error", "warning": "warning", "info": "note"}
PERCENT_CHECKS = frozenset({"narrative-change-rate", "narrative-share", "narrative-share-sum"})
"""Checks whose expected and actual values are percentages, not amounts."""
LOW_CONFIDENCE = 0.8
"""A document (or table) whose identities close below this share is flagged "low confidence"."""
KIND_WORDS = {"budget": "budget 预算", "final_accounts": "final 决算"}
SCOPE_WORDS = {"department": "department 部门", "unit": "unit 单位"}
DASH = "–"


@dataclass(frozen=True, slots=True)
class DocumentView:
    """One document of the site: its id (file stem of its page), JSON dict and page images."""

    id: str
    data: JSONDict
    page_file: str
    """The document page's file name, relative to the site root (``docs/<id>.html``)."""
    images: Mapping[int, PageImage]
    image_dir: str
    """The image folder relative to the document page (URL-quoted)."""
    source_href: str | None = None
    """A link to the source document (only when asked for), relative to the document page."""
    note: str | None = None
    """Why there are no page images, when there are none for a PDF."""


# ---------------------------------------------------------------- small helpers


def e(value: Any) -> str:
    """Escaped text of any value (None → empty)."""
    return "" if value is None else escape(str(value), quote=True)


def script_json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>`` and ``&`` escaped as
    ``\\u003c`` …, so no ``</script>`` (or ``<!--``) can appear in it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _int_box(bbox: Sequence[Any]) -> list[int]:
    return [int(float(bbox[0])), int(float(bbox[1])), int(float(bbox[2]) + 0.999), int(float(bbox[3]) + 0.999)]


def prov_attrs(prov: Mapping[str, Any] | None, *, page: bool = True) -> str:
    """``data-p``/``data-b`` (PDF) or ``data-l`` (Markdown) attributes for a provenance."""
    if not prov:
        return ""
    out = ""
    if page and prov.get("page") is not None:
        out += f' data-p="{int(prov["page"])}"'
    if prov.get("bbox"):
        out += ' data-b="{}"'.format(",".join(map(str, _int_box(prov["bbox"]))))
    if prov.get("lines"):
        first, last = prov["lines"][0], prov["lines"][-1]
        out += f' data-l="{int(first)},{int(last)}"'
    return out


def location(prov: Mapping[str, Any] | None) -> str:
    """``p. 12``, ``line 155``, ``lines 155–158`` or empty."""
    if not prov:
        return ""
    if prov.get("page") is not None:
        return f"p. {prov['page']}"
    lines = prov.get("lines")
    if lines:
        return f"line {lines[0]}" if lines[0] == lines[-1] else f"lines {lines[0]}–{lines[-1]}"
    return ""


def confidence_text(conf: Any) -> tuple[str, float | None]:
    """``"41/45 (91%)"`` and the share, or ``"–"`` and None when absent or nothing was tried."""
    if not isinstance(conf, Mapping):
        return DASH, None
    closed_raw, tried_raw = conf.get("closed"), conf.get("tried")
    if isinstance(closed_raw, bool) or isinstance(tried_raw, bool):
        return DASH, None
    try:
        closed, tried = int(closed_raw), int(tried_raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DASH, None
    if tried <= 0:
        return f"{closed}/{tried}", None
    share = closed / tried
    return f"{closed}/{tried} ({share:.0%})", share


def yuan(amount: Any) -> str:
    """An exact ``amount_yuan`` string with thousands separators, plus 元 (text, not escaped)."""
    if amount is None:
        return ""
    try:
        Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    return f"{group_digits(str(amount))} 元"


def severity_counts(issues: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for issue in issues:
        if issue.get("severity") in counts:
            counts[issue["severity"]] += 1
    return counts


def sym(severity: str) -> str:
    word = SEVERITY_WORDS.get(severity, severity)
    return f'<span class="sym sev-{e(severity)}" role="img" aria-label="{e(word)}" title="{e(word)}">{SYMBOLS.get(severity, "?")}</span>'


def _worst(severities: Iterable[str]) -> str | None:
    found = set(severities)
    return next((s for s in SEVERITIES if s in found), None)


def _page_shell(title: str, css: str, js: str, body: str, data: Any = None) -> str:
    data_block = (
        f'<script type="application/json" id="report-data">{script_json(data)}</script>\n' if data is not None else ""
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; "
        "style-src 'self'; script-src 'self'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{e(title)}</title>\n"
        f'<link rel="stylesheet" href="{css}">\n'
        "</head>\n<body>\n"
        f"{body}\n"
        '<div id="tip" role="tooltip" hidden></div>\n'
        f"{data_block}"
        f'<script src="{js}"></script>\n'
        "</body>\n</html>\n"
    )


# ---------------------------------------------------------------- the index


def standard_tables(data: Mapping[str, Any]) -> tuple[int, list[str]]:
    """How many of the nine standard tables the document has, and the names of those missing."""
    types = {t.get("type") for t in data.get("tables", [])}
    missing = [name for slug, name in STANDARD_TABLES.items() if slug not in types]
    return len(STANDARD_TABLES) - len(missing), missing


def index_page(views: Sequence[DocumentView]) -> str:
    rows = []
    totals = dict.fromkeys(SEVERITIES, 0)
    for view in views:
        data = view.data
        doc = data.get("document") or {}
        source = data.get("source") or {}
        counts = severity_counts(data.get("issues", []))
        for key, value in counts.items():
            totals[key] += value
        found, missing = standard_tables(data)
        conf_text, share = confidence_text(data.get("confidence"))
        partial = source.get("status") == "partial" or bool(source.get("warnings"))
        flags = []
        if share is not None and share < LOW_CONFIDENCE:
            flags.append(" data-low")
        if counts["error"]:
            flags.append(" data-errors")
        if partial:
            flags.append(" data-partial")
        status = "partial" if partial else (source.get("status") or "complete")
        warnings = [str(w) for w in source.get("warnings") or []]
        status_title = "; ".join(warnings[:3]) + (f"; … {len(warnings) - 3} more" if len(warnings) > 3 else "")
        kind = doc.get("kind")
        scope = doc.get("scope")
        name = doc.get("entity") or doc.get("title") or source.get("path") or view.id
        cells = [
            f'<td data-sort="{e(name)}"><a href="{e(view.page_file)}">{e(name)}</a>'
            f'<br><span class="muted">{e(source.get("path") or view.id)}</span></td>',
            f'<td class="num" data-sort="{e(doc.get("fiscal_year") or "")}">{e(doc.get("fiscal_year") or DASH)}</td>',
            f'<td data-sort="{e(kind or "")}">{e(KIND_WORDS.get(kind, kind) if kind else DASH)}</td>',
            f'<td data-sort="{e(scope or "")}">{e(SCOPE_WORDS.get(scope, scope) if scope else DASH)}</td>',
            f'<td data-sort="{e(status)}" title="{e(status_title)}">{e(status)}'
            + (f'<br><span class="muted">{e(status_title)}</span>' if status_title else "")
            + "</td>",
            f'<td class="num" data-sort="{found}" title="{e("missing: " + "、".join(missing) if missing else "all nine")}">'
            f"{found}/{len(STANDARD_TABLES)}</td>",
            f'<td class="num" data-sort="{len(data.get("tables", []))}">{len(data.get("tables", []))}</td>',
            f'<td class="num" data-sort="{len(data.get("line_items", []))}">{len(data.get("line_items", []))}</td>',
            *(
                f'<td class="num" data-sort="{counts[s]}">'
                + (f"{sym(s)} {counts[s]}" if counts[s] else "0")
                + "</td>"
                for s in SEVERITIES
            ),
            f'<td class="num conf" data-sort="{"" if share is None else f"{share:.4f}"}">{e(conf_text)}</td>',
        ]
        low = ' class="low"' if share is not None and share < LOW_CONFIDENCE else ""
        rows.append(f'<tr{low}{"".join(flags)} data-id="{e(view.id)}">{"".join(cells)}</tr>')
    heads = [
        ("document 文件", False), ("year 年度", True), ("kind", False), ("scope", False), ("status", False),
        ("standard tables 九张表", True), ("tables", True), ("line items", True),
        (f"{SYMBOLS['error']} errors", True), (f"{SYMBOLS['warning']} warnings", True),
        (f"{SYMBOLS['info']} notes", True), ("confidence", True),
    ]
    head = "".join(
        f'<th scope="col"{" data-numeric" if numeric else ""}{" class=num" if numeric else ""}>'
        f'<button type="button">{e(label)}</button></th>'
        for label, numeric in heads
    )
    body = (
        '<header class="top"><h1>Review: budget disclosures 预决算公开审阅</h1>'
        f'<div class="sub">{len(views)} documents · {sym("error")} {totals["error"]} errors · '
        f'{sym("warning")} {totals["warning"]} warnings · {sym("info")} {totals["info"]} notes</div></header>\n'
        '<main class="index">\n'
        '<div class="filters" role="group" aria-label="filters">'
        '<label><input type="checkbox" value="low"> low confidence</label>'
        '<label><input type="checkbox" value="errors"> has errors</label>'
        '<label><input type="checkbox" value="partial"> partial / OCR</label>'
        '<label>search <input type="search" id="q" placeholder="entity, file, year…"></label>'
        f'<span class="muted">showing <span id="shown">{len(views)}</span> of {len(views)}</span></div>\n'
        f'<table class="docs" id="docs"><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>\n"
        f'<p class="legend">Confidence: identities closed / tried by the reading step (below {LOW_CONFIDENCE:.0%} '
        f"is low; {DASH} when not reported). Symbols: {sym('error')} error {sym('warning')} warning "
        f"{sym('info')} note.</p>\n</main>"
    )
    return _page_shell("Review: budget disclosures", "assets/report.css", "assets/report.js", body)


# ---------------------------------------------------------------- a document page


class _Targets:
    """Where each finding points: a cell, a row, a table, a narrative sentence or a section."""

    def __init__(self) -> None:
        self.cell_findings: dict[str, list[int]] = defaultdict(list)
        self.row_findings: dict[str, list[int]] = defaultdict(list)
        self.table_findings: dict[str, list[int]] = defaultdict(list)
        self.sentence_findings: dict[str, list[int]] = defaultdict(list)
        self.section_findings: dict[str, list[int]] = defaultdict(list)
        self.toc_findings: dict[str, list[int]] = defaultdict(list)
        self.target: dict[int, str] = {}


def _column_index(table: Mapping[str, Any], column: Any, row_spans: Mapping[int, Mapping[str, Any]],
                  prov: Mapping[str, Any] | None, printed: Any = None) -> int | None:
    columns = list(table.get("columns") or [])
    candidates = [i for i, c in enumerate(columns) if c == column]
    if len(candidates) > 1:
        bbox = (prov or {}).get("bbox")
        for i in candidates:
            span = row_spans.get(i)
            if span and bbox and (span.get("prov") or {}).get("bbox") == bbox:
                return i
        for i in candidates:
            span = row_spans.get(i)
            if span and printed is not None and span.get("text") == printed:
                return i
    return candidates[0] if candidates else None


def _row_spans(row: Mapping[str, Any]) -> dict[int, Mapping[str, Any]]:
    return {int(s["col"]): s for s in row.get("spans", [])}


def _overlaps(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    if not a or not b:
        return False
    if a.get("lines") and b.get("lines"):
        return bool(a["lines"][0] <= b["lines"][-1] and b["lines"][0] <= a["lines"][-1])
    if a.get("page") is None or a.get("page") != b.get("page") or not a.get("bbox") or not b.get("bbox"):
        return False
    x0, y0, x1, y1 = a["bbox"]
    u0, v0, u1, v1 = b["bbox"]
    return bool(x0 < u1 and u0 < x1 and y0 < v1 and v0 < y1)


def _overlap_share(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> float:
    """How much two places coincide: intersection over union of their boxes (same page) or of
    their line spans; 0 when they do not overlap."""
    if not _overlaps(a, b) or a is None or b is None:
        return 0.0
    if a.get("lines") and b.get("lines"):
        a0, a1, b0, b1 = (int(a["lines"][0]), int(a["lines"][-1]), int(b["lines"][0]), int(b["lines"][-1]))
        return (min(a1, b1) - max(a0, b0) + 1) / (max(a1, b1) - min(a0, b0) + 1)
    x0, y0, x1, y1 = (float(v) for v in a["bbox"])
    u0, v0, u1, v1 = (float(v) for v in b["bbox"])
    inter = max(0.0, min(x1, u1) - max(x0, u0)) * max(0.0, min(y1, v1) - max(y0, v0))
    union = (x1 - x0) * (y1 - y0) + (u1 - u0) * (v1 - v0) - inter
    return inter / union if union > 0 else 0.0


def _position(prov: Mapping[str, Any] | None) -> tuple[float, float] | None:
    """A sortable position: (page, top) or (0, first line)."""
    if not prov:
        return None
    if prov.get("page") is not None:
        return (float(prov["page"]), float(prov["bbox"][1]) if prov.get("bbox") else 0.0)
    if prov.get("lines"):
        return (0.0, float(prov["lines"][0]))
    return None


@dataclass(frozen=True, slots=True)
class _Sentence:
    id: str
    text: str
    prov: Mapping[str, Any] | None
    section: str | None
    facts: tuple[int, ...]


def _sentences(facts: Sequence[Mapping[str, Any]]) -> list[_Sentence]:
    """The sentences facts came from, once each, in document order."""
    keyed: dict[tuple[str, str], list[int]] = {}
    for i, fact in enumerate(facts):
        key = (str(fact.get("sentence") or ""), json.dumps(fact.get("prov"), sort_keys=True))
        keyed.setdefault(key, []).append(i)
    out = []
    for n, ((text, _), indexes) in enumerate(keyed.items()):
        first = facts[indexes[0]]
        out.append(_Sentence(f"sen-{n + 1}", text, first.get("prov"), first.get("section"), tuple(indexes)))
    return out


class DocumentPage:
    """Builds the HTML of one document's page."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.data = view.data
        self.tables: list[JSONDict] = list(self.data.get("tables") or [])
        self.by_id = {str(t.get("id")): t for t in self.tables}
        self.issues: list[JSONDict] = list(self.data.get("issues") or [])
        self.facts: list[JSONDict] = list(self.data.get("facts") or [])
        self.sections: list[JSONDict] = list(self.data.get("sections") or [])
        self.sentences = _sentences(self.facts)
        self.items: dict[str, list[JSONDict]] = defaultdict(list)
        self._rows: dict[str, dict[Any, Mapping[str, Any]]] = {}
        self.targets = _Targets()
        self._index_items()
        self._index_findings()

    # -- ids

    @staticmethod
    def cell_id(table: Any, row: Any, col: Any) -> str:
        return f"c-{table}-{row}-{col}"

    def item_cell(self, item: Mapping[str, Any]) -> str | None:
        table = self.by_id.get(str(item.get("table")))
        if table is None:
            return None
        row = self._row(table, item.get("row"))
        if row is None:
            return None
        col = _column_index(table, item.get("column"), _row_spans(row), item.get("prov"), item.get("printed"))
        return None if col is None else self.cell_id(table["id"], row["row"], col)

    def _row(self, table: Mapping[str, Any], number: Any) -> Mapping[str, Any] | None:
        """The body row ``number`` of ``table`` (rows indexed once per table)."""
        if number is None:
            return None
        key = str(table.get("id"))
        rows = self._rows.get(key)
        if rows is None:
            rows = self._rows[key] = {}
            for row in table.get("rows") or []:
                rows.setdefault(row.get("row"), row)
        return rows.get(number)

    def _index_items(self) -> None:
        for item in self.data.get("line_items") or []:
            cell = self.item_cell(item)
            if cell is not None:
                self.items[cell].append(item)

    def _index_findings(self) -> None:
        t = self.targets
        for i, issue in enumerate(self.issues):
            table = self.by_id.get(str(issue.get("table"))) if issue.get("table") is not None else None
            if table is not None:
                row = self._row(table, issue.get("row"))
                if row is not None:
                    col = (
                        _column_index(table, issue.get("column"), _row_spans(row), issue.get("prov"))
                        if issue.get("column") is not None
                        else None
                    )
                    if col is not None:
                        cid = self.cell_id(table["id"], row["row"], col)
                        t.cell_findings[cid].append(i)
                        t.target[i] = cid
                    else:
                        rid = f"r-{table['id']}-{row['row']}"
                        t.row_findings[rid].append(i)
                        t.target[i] = rid
                    continue
                tid = f"tbl-{table['id']}"
                t.table_findings[tid].append(i)
                t.target[i] = tid
                continue
            sentence = self._sentence_for(issue.get("prov"))
            if sentence is not None:
                t.sentence_findings[sentence].append(i)
                t.target[i] = sentence
                continue
            toc = self._toc_for(issue.get("prov"))
            if toc is not None:
                t.toc_findings[toc].append(i)
                t.target[i] = toc
                continue
            section = self._section_for(issue.get("prov"))
            if section is not None:
                t.section_findings[section].append(i)
                t.target[i] = section
                continue
            t.target[i] = "tables" if str(issue.get("check", "")).startswith("table") else "outline"

    def _sentence_for(self, prov: Mapping[str, Any] | None) -> str | None:
        if not prov:
            return None
        for sentence in self.sentences:
            if sentence.prov == prov:
                return sentence.id
        scored = [(_overlap_share(sentence.prov, prov), n) for n, sentence in enumerate(self.sentences)]
        best = max(scored, default=(0.0, -1))
        return self.sentences[best[1]].id if best[0] > 0 else None

    def _toc_for(self, prov: Mapping[str, Any] | None) -> str | None:
        for n, entry in enumerate(self.data.get("toc") or []):
            if _overlaps(entry.get("prov"), prov):
                return f"toc-{n + 1}"
        return None

    def _section_for(self, prov: Mapping[str, Any] | None) -> str | None:
        where = _position(prov)
        if where is None:
            return None
        best: tuple[tuple[float, float], str] | None = None
        for section in self.sections:
            start = _position(section.get("prov"))
            if start is None or start > where or (where[0] == 0) != (start[0] == 0):
                continue
            if best is None or start >= best[0]:
                best = (start, f"sec-{section.get('id')}")
        return None if best is None else best[1]

    # -- data for the script

    def script_data(self) -> JSONDict:
        pages = {
            str(n): {"src": f"{self.view.image_dir}/{img.file}", "w": img.width, "h": img.height}
            for n, img in sorted(self.view.images.items())
        }
        boxes: dict[str, JSONDict] = {}
        for table in self.tables:
            per_page: dict[int, list[float]] = {}
            provs = [table.get("prov")]
            for row in [*(table.get("header") or []), *(table.get("rows") or [])]:
                provs.extend(s.get("prov") for s in row.get("spans", []))
            for prov in provs:
                if not prov or prov.get("page") is None or not prov.get("bbox"):
                    continue
                b = prov["bbox"]
                box = per_page.setdefault(int(prov["page"]), [b[0], b[1], b[2], b[3]])
                box[0], box[1] = min(box[0], b[0]), min(box[1], b[1])
                box[2], box[3] = max(box[2], b[2]), max(box[3], b[3])
            boxes[str(table.get("id"))] = {
                "name": str(table.get("number") or table.get("title") or table.get("id")),
                "cols": [str(c) for c in table.get("columns") or []],
                "boxes": {str(p): _int_box(b) for p, b in sorted(per_page.items())},
            }
        cells = {
            cid: [_item_tip(item) for item in items] for cid, items in sorted(self.items.items())
        }
        return {"pages": pages, "tables": boxes, "cells": cells}

    # -- the page

    def html(self) -> str:
        data = self.data
        doc = data.get("document") or {}
        source = data.get("source") or {}
        title = doc.get("entity") or doc.get("title") or source.get("path") or self.view.id
        body = (
            self._header(title)
            + f'\n<div class="layout{"" if self.view.images else " md"}">\n<main>\n'
            + self._charts()
            + self._findings()
            + self._outline()
            + self._tables()
            + self._narrative()
            + "</main>\n"
            + self._viewer()
            + "</div>"
        )
        return _page_shell(f"{title} — review", "../assets/report.css", "../assets/report.js", body, self.script_data())

    def _header(self, title: str) -> str:
        data = self.data
        doc = data.get("document") or {}
        source = data.get("source") or {}
        counts = severity_counts(self.issues)
        found, missing = standard_tables(data)
        conf_text, _ = confidence_text(data.get("confidence"))
        status = source.get("status") or "complete"
        warnings = source.get("warnings") or []
        facts = [
            ("year 年度", doc.get("fiscal_year") or DASH),
            ("kind", KIND_WORDS.get(str(doc.get("kind")), doc.get("kind")) if doc.get("kind") else DASH),
            ("scope", SCOPE_WORDS.get(str(doc.get("scope")), doc.get("scope")) if doc.get("scope") else DASH),
            ("status", status),
            ("source", f"{source.get('path') or ''} ({source.get('format') or '?'}"
                       + (f", {source.get('pages')} pages" if source.get("pages") else "") + ")"),
            ("standard tables 九张表", f"{found}/{len(STANDARD_TABLES)}"
             + (f" — missing {'、'.join(missing)}" if missing else "")),
            ("tables", len(self.tables)),
            ("line items", len(data.get("line_items") or [])),
            ("facts", len(self.facts)),
            ("confidence", conf_text),
        ]
        grid = "".join(f"<div><b>{e(k)}</b>{e(v)}</div>" for k, v in facts)
        sev = " ".join(
            f'<span class="badge sev-{s}">{sym(s)} {counts[s]} {SEVERITY_WORDS[s]}{"s" if counts[s] != 1 else ""}</span>'
            for s in SEVERITIES
        )
        warn = "".join(f'<div class="sev-warning">{sym("warning")} {e(w)}</div>' for w in warnings)
        link = (
            f' · <a href="{e(self.view.source_href)}">source document</a>' if self.view.source_href else ""
        )
        sha = str(source.get("sha256") or "")
        return (
            '<header class="top"><div class="crumbs"><a href="../index.html">← all documents</a>'
            f"{link}</div>"
            f'<h1 id="doc-title">{e(title)}</h1>'
            f'<div class="sub">{e(doc.get("title") or "")}</div>'
            f'<div class="facts-grid">{grid}</div>'
            f'<div class="sevline">{sev} <span class="muted">sha256 {e(sha[:12])}…</span></div>{warn}'
            '<nav class="jump" aria-label="sections of this page"><a href="#findings">Findings</a>'
            '<a href="#charts">Pictures</a><a href="#outline">Outline</a><a href="#tables">Tables</a>'
            '<a href="#narrative">Narrative facts</a></nav></header>'
        )

    def _charts(self) -> str:
        items = self.data.get("line_items") or []
        fbars, ftable = function_bars(items, self.item_cell)
        ebars, etable = economic_bars(items, self.item_cell)

        def caption(text: str, bars: Sequence[Any], table: str | None) -> str:
            if not bars:
                return e(text)
            t = self.by_id.get(str(table)) or {}
            name = t.get("number") or t.get("title") or table
            return f'{e(text)} <span class="muted">(<a href="#tbl-{e(table)}">{e(name)}</a>, {e(bars[0].unit)})</span>'

        return (
            '<h2 id="charts">Pictures</h2><div class="charts">'
            f'<figure><figcaption>{caption("Expenditure by function class 支出功能分类（类）", fbars, ftable)}</figcaption>'
            f'{bar_chart(fbars, "Expenditure by function class", "chart-function")}</figure>'
            f'<figure><figcaption>{caption("Basic expenditure by economic class 基本支出经济分类（款）", ebars, etable)}'
            f'</figcaption>{bar_chart(ebars, "Basic expenditure by economic class", "chart-economic")}</figure>'
            "</div>\n"
        )

    def _finding_where(self, issue: Mapping[str, Any]) -> str:
        parts = []
        table = self.by_id.get(str(issue.get("table"))) if issue.get("table") is not None else None
        if table is not None:
            parts.append(str(table.get("number") or table.get("title") or table.get("id")))
            row = self._row(table, issue.get("row"))
            if row is not None:
                label = " ".join(c for c in row.get("cells", [])[:4] if c)[:40]
                parts.append(f"row {row['row']}" + (f" {label}" if label else ""))
            if issue.get("column"):
                parts.append(str(issue["column"]))
        loc = location(issue.get("prov"))
        if loc:
            parts.append(loc)
        return " · ".join(parts)

    def _findings(self) -> str:
        if not self.issues:
            return '<h2 id="findings">Findings</h2><p class="muted">No findings.</p>\n'
        order = sorted(range(len(self.issues)),
                       key=lambda i: (SEVERITIES.index(self.issues[i].get("severity", "info"))
                                      if self.issues[i].get("severity") in SEVERITIES else 3, i))
        items = []
        for i in order:
            issue = self.issues[i]
            severity = str(issue.get("severity") or "info")
            target = self.targets.target.get(i)
            where = self._finding_where(issue)
            numbers = []
            percent = issue.get("check") in PERCENT_CHECKS
            for key in ("expected", "actual", "difference"):
                if issue.get(key) is not None:
                    numbers.append(f"{key} {issue[key]}%" if percent else f"{key} {yuan(issue[key])}")
            if issue.get("cause"):
                numbers.append(f"cause: {issue['cause']}")
            link = ""
            if target is not None:
                what = {"c-": "cell", "r-": "row", "tb": "table", "se": "sentence", "to": "目录 entry",
                        "ou": "outline", "ta": "tables"}.get(target[:2], "place")
                if target.startswith("sec-"):
                    what = "section"
                link = f' <a href="#{e(target)}">→ {what}</a>'
            go = f' data-go="{e(target)}"' if target is not None else ""
            items.append(
                f'<li id="f-{i + 1}" class="finding sev-{e(severity)}" tabindex="0"{go}{prov_attrs(issue.get("prov"))}'
                f' data-where="{e(where)}">'
                f'{sym(severity)} <span class="check">{e(issue.get("check"))}</span> <span class="msg">{e(issue.get("message"))}</span>{link}'
                f'<div class="meta">{e(where)}'
                + (f" · {e(' · '.join(numbers))}" if numbers else "")
                + "</div></li>"
            )
        counts = severity_counts(self.issues)
        summary = ", ".join(f"{counts[s]} {SEVERITY_WORDS[s]}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES)
        return (
            f'<h2 id="findings">Findings <span class="muted">({e(summary)})</span></h2>'
            f'<div class="findings"><ol>{"".join(items)}</ol></div>\n'
        )

    def _outline(self) -> str:
        children: dict[Any, list[JSONDict]] = defaultdict(list)
        ids = {s.get("id") for s in self.sections}
        for section in self.sections:
            parent = section.get("parent") if section.get("parent") in ids else None
            children[parent].append(section)

        def render(parent: Any, depth: int) -> str:
            if depth > 12 or not children.get(parent):
                return ""
            out = []
            for section in children[parent]:
                sid = f"sec-{section.get('id')}"
                n = len(self.targets.section_findings.get(sid, []))
                badge = f' <span class="badge">{n} finding{"s" if n != 1 else ""}</span>' if n else ""
                label = f"{section.get('numbering') or ''} {section.get('title') or ''}".strip()
                out.append(
                    f'<li><span id="{e(sid)}" data-pick tabindex="0"{prov_attrs(section.get("prov"))}'
                    f' data-where="{e(label[:40])}">{e(label)}</span>'
                    f' <span class="loc muted">{e(location(section.get("prov")))}</span>{badge}'
                    f"{render(section.get('id'), depth + 1)}</li>"
                )
            return f"<ol>{''.join(out)}</ol>"

        toc = self.data.get("toc") or []
        toc_html = ""
        if toc:
            entries = []
            for n, entry in enumerate(toc):
                tid = f"toc-{n + 1}"
                found = self.targets.toc_findings.get(tid, [])
                worst = _worst(str(self.issues[i].get("severity")) for i in found)
                mark = f' class="sev-{worst}"' if worst else ""
                entries.append(
                    f'<li><span id="{tid}"{mark} data-pick tabindex="0"{prov_attrs(entry.get("prov"))} data-where="目录">'
                    f"{sym(worst) if worst else ''}{e(entry.get('numbering') or '')} {e(entry.get('title') or '')}</span>"
                    f' <span class="loc muted">{e(location(entry.get("prov")))}</span></li>'
                )
            opened = " open" if self.targets.toc_findings else ""
            toc_html = (
                f"<details{opened}><summary>目录 promises {len(toc)} entries</summary><ol>{''.join(entries)}</ol></details>"
            )
        body = render(None, 0) or '<p class="muted">No headings found.</p>'
        return f'<h2 id="outline">Outline</h2><nav class="outline" aria-label="outline">{body}{toc_html}</nav>\n'

    def _tables(self) -> str:
        out = ['<h2 id="tables">Tables</h2>']
        if not self.tables:
            out.append('<p class="muted">No tables found.</p>')
        else:
            entries = []
            for table in self.tables:
                tid = str(table.get("id"))
                severities = [
                    str(self.issues[i].get("severity"))
                    for i, target in self.targets.target.items()
                    if target == f"tbl-{tid}" or target.startswith((f"c-{tid}-", f"r-{tid}-"))
                ]
                counts = "".join(
                    f" {sym(s)}{severities.count(s)}" for s in SEVERITIES if severities.count(s)
                )
                title = f"{table.get('number') or ''} {table.get('title') or tid}".strip()
                entries.append(f'<li><a href="#tbl-{e(tid)}">{e(title)}</a>{counts}</li>')
            out.append(f'<ol class="tlist">{"".join(entries)}</ol>')
        for table in self.tables:
            out.append(self._table(table))
        return "\n".join(out) + "\n"

    def _table(self, table: Mapping[str, Any]) -> str:
        tid = str(table.get("id"))
        tfind = self.targets.table_findings.get(f"tbl-{tid}", [])
        badges = "".join(
            f' <a class="badge sev-{e(self.issues[i].get("severity"))}" href="#f-{i + 1}">'
            f'{sym(str(self.issues[i].get("severity")))} {e(self.issues[i].get("check"))}</a>'
            for i in tfind
        )
        type_slug = str(table.get("type") or "other")
        type_name = STANDARD_TABLES.get(type_slug, "")
        pages = table.get("pages")
        where = (f"p. {pages[0]}" + (f"–{pages[-1]}" if pages[-1] != pages[0] else "")) if pages else location(table.get("prov"))
        conf_text, share = confidence_text(table.get("confidence"))
        reading = table.get("reading")
        reading_html, roles = "", {}
        if isinstance(reading, Mapping) and reading:
            reading_html = " · reading: " + e(reading_text(reading))
            roles = column_roles(reading.get("column_roles"))
        meta = [
            f"type {type_slug}" + (f" {type_name}" if type_name else ""),
            f"单位：{table.get('unit')}" if table.get("unit") else "unit not printed 单位未注明",
            where,
            f"confidence {conf_text}" + (" (low)" if share is not None and share < LOW_CONFIDENCE else ""),
        ]
        if table.get("department"):
            meta.append(f"编制部门：{table['department']}")
        if table.get("empty"):
            meta.append("empty table 空表")
        columns = list(table.get("columns") or [])
        paths = "".join(
            f"<li>{e(c)}" + (f' <span class="muted">— {e(roles[i])}</span>' if i in roles else "") + "</li>"
            for i, c in enumerate(columns)
        )
        head_rows = "".join(self._row_html(table, row, header=True) for row in table.get("header") or [])
        body_rows = "".join(self._row_html(table, row, header=False) for row in table.get("rows") or [])
        title = f"{table.get('number') or ''} {table.get('title') or ''}".strip() or tid
        note = f'<div class="muted">{e(table.get("note"))}</div>' if table.get("note") else ""
        return (
            f'<section class="tablebox" id="tbl-{e(tid)}" data-t="{e(tid)}" data-pick tabindex="-1"'
            f'{prov_attrs(table.get("prov"))} data-where="{e(title[:40])}">'
            f'<div class="cap"><span class="title">{e(title)}</span>{badges}'
            f'<div class="muted">{e(" · ".join(meta))}{reading_html}</div></div>'
            f"<details><summary>header paths ({len(columns)} columns)</summary><ol>{paths}</ol></details>"
            f'<div class="tscroll"><table class="grid" data-t="{e(tid)}">'
            f"<thead>{head_rows}</thead><tbody>{body_rows}</tbody></table></div>{note}</section>"
        )

    def _row_html(self, table: Mapping[str, Any], row: Mapping[str, Any], *, header: bool) -> str:
        tid = str(table.get("id"))
        number = row.get("row")
        spans = list(row.get("spans") or [])
        first = next((s.get("prov") for s in spans if s.get("prov")), None)
        row_page = first.get("page") if first else None
        lines = (first or {}).get("lines")
        row_attrs = ""
        if row_page is not None:
            row_attrs += f' data-p="{int(row_page)}"'
        elif lines:
            row_attrs += f' data-l="{int(lines[0])},{int(lines[-1])}"'
        rid = f"r-{tid}-{number}"
        row_findings = self.targets.row_findings.get(rid, [])
        row_worst = _worst(str(self.issues[i].get("severity")) for i in row_findings)
        cls = f' class="sev-{row_worst}"' if row_worst else ""
        cells = []
        for k, span in enumerate(spans):
            col = int(span.get("col", 0))
            text = str(span.get("text") or "")
            attrs = ""
            if span.get("rowspan", 1) > 1:
                attrs += f' rowspan="{int(span["rowspan"])}"'
            if span.get("colspan", 1) > 1:
                attrs += f' colspan="{int(span["colspan"])}"'
            if header:
                cells.append(f"<th{attrs}>{e(text)}</th>")
                continue
            cid = self.cell_id(tid, number, col)
            items = self.items.get(cid, [])
            findings = self.targets.cell_findings.get(cid, [])
            worst = _worst(str(self.issues[i].get("severity")) for i in findings)
            classes = []
            if items or _looks_numeric(text):
                classes.append("num")
            if worst:
                classes.append(f"sev-{worst}")
            prefix = sym(worst) if worst else ""
            if k == 0 and row_worst:
                prefix = sym(row_worst) + prefix
            prov = span.get("prov") or {}
            if text or items or findings:
                attrs += f' id="{e(cid)}" data-pick tabindex="0"'
                if prov.get("page") is not None and prov.get("page") != row_page:
                    attrs += f' data-p="{int(prov["page"])}"'
                if prov.get("bbox"):
                    attrs += ' data-b="{}"'.format(",".join(map(str, _int_box(prov["bbox"]))))
                if findings:
                    attrs += ' data-f="{}"'.format(" ".join(str(i + 1) for i in findings))
            cls_attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{cls_attr}{attrs}>{prefix}{e(text)}</td>")
        return f'<tr id="{e(rid)}"{cls}{row_attrs}>{"".join(cells)}</tr>'

    def _narrative(self) -> str:
        if not self.sentences:
            return '<h2 id="narrative">Narrative facts</h2><p class="muted">No narrative facts.</p>\n'
        titles = {s.get("id"): f"{s.get('numbering') or ''} {s.get('title') or ''}".strip() for s in self.sections}
        out = ['<h2 id="narrative">Narrative facts <span class="muted">(sentence · what was read from it)</span></h2>'
               '<div class="narrative">']
        current = object()
        for sentence in self.sentences:
            if sentence.section != current:
                current = sentence.section
                out.append(f"<h3>{e(titles.get(sentence.section, sentence.section or ''))}</h3>")
            findings = self.targets.sentence_findings.get(sentence.id, [])
            worst = _worst(str(self.issues[i].get("severity")) for i in findings)
            cls = f" sev-{worst}" if worst else ""
            marks = "".join(
                f' <a class="badge sev-{e(self.issues[i].get("severity"))}" href="#f-{i + 1}">'
                f'{sym(str(self.issues[i].get("severity")))} {e(self.issues[i].get("check"))}</a>'
                for i in findings
            )
            facts = "".join(self._fact(self.facts[i]) for i in sentence.facts)
            out.append(
                f'<div class="sentence{cls}" id="{e(sentence.id)}" data-pick tabindex="0"{prov_attrs(sentence.prov)}'
                f' data-where="{e(sentence.text[:30])}">'
                f'<div>{e(sentence.text)} <span class="loc muted">{e(location(sentence.prov))}</span>{marks}</div>'
                f"<div>{facts}</div></div>"
            )
        out.append("</div>")
        return "".join(out) + "\n"

    @staticmethod
    def _fact(fact: Mapping[str, Any]) -> str:
        parts = []
        if fact.get("printed"):
            parts.append(f"{fact['printed']} {fact.get('unit') or ''}".strip())
        if fact.get("amount_yuan") is not None:
            parts.append(f"= {yuan(fact['amount_yuan'])}")
        values = fact.get("values") or {}
        for key in sorted(values):
            value = values[key]
            if value is None or value == "" or key == "subject":
                continue
            text = value if isinstance(value, str | int | float) else json.dumps(value, ensure_ascii=False)
            parts.append(f"{key}: {text}")
        subject = values.get("subject") if isinstance(values, Mapping) else None
        head = f"{fact.get('kind') or ''} {fact.get('label') or ''}".strip()
        return (
            f'<span class="fact"><span class="k">{e(head)}</span>'
            + (f" {e(subject)}" if subject else "")
            + f" {e(' · '.join(parts))}</span>"
        )

    def _viewer(self) -> str:
        source = self.data.get("source") or {}
        images = self.view.images
        options = "".join(f'<option value="{n}">p. {n}</option>' for n in sorted(images))
        if images:
            scroll = (
                '<div class="pagewrap" id="page-wrap">'
                '<img id="page-img" alt="page" src="{}" decoding="async">'.format(
                    e(f"{self.view.image_dir}/{images[min(images)].file}")
                )
                + '<div class="box" id="box-table" hidden></div><div class="box" id="box-cell" hidden></div></div>'
                '<div class="nopage" id="nopage" hidden>This page has no image: images are made for the pages of '
                'tables and findings (`extractor report --images all` makes them for every page).</div>'
            )
            bar = (
                '<button type="button" id="page-prev" aria-label="previous page">◀</button>'
                f'<label>page <select id="page-pick">{options}</select></label>'
                '<button type="button" id="page-next" aria-label="next page">▶</button>'
                '<button type="button" id="page-zoom" aria-pressed="false">zoom</button>'
            )
        else:
            if source.get("format") == "markdown":
                why = "Markdown source: there are no page images; places are shown as Markdown line numbers."
            else:
                why = self.view.note or "No page images."
            scroll = f'<div class="nopage" id="nopage">{e(why)}</div>'
            bar = "<span>source locations</span>"
        if self.view.source_href:
            bar += f' <a href="{e(self.view.source_href)}">open the source</a>'
        return (
            '<aside aria-label="page viewer"><div class="viewer">'
            f'<div class="bar">{bar}</div>'
            '<div class="where" id="where" aria-live="polite">Click a cell, a finding or a sentence to see where it is.</div>'
            f'<div class="scroll">{scroll}</div></div></aside>\n'
        )


def _item_tip(item: Mapping[str, Any]) -> list[str]:
    """What a cell's tip says of one line item: [code or label, measure, exact yuan, printed + unit]."""
    code = item.get("code")
    if code:
        extra = " ".join(str(x) for x in (item.get("level"), item.get("classification")) if x)
        what = f"code {code}" + (f" ({extra})" if extra else "") + (f" {item.get('name')}" if item.get("name") else "")
    else:
        what = f"label {item.get('label') or ''}".strip()
    printed = f"{item.get('printed') or ''} {item.get('unit') or ''}".strip()
    return [what, str(item.get("measure") or ""), yuan(item.get("amount_yuan")), printed]


def column_roles(roles: Any) -> dict[int, str]:
    """``["0:code", "4:amount:total"]`` → ``{0: "code", 4: "amount:total"}`` (others ignored)."""
    out: dict[int, str] = {}
    for role in roles if isinstance(roles, list) else []:
        index, _, what = str(role).partition(":")
        if index.isdigit() and what:
            out[int(index)] = what
    return out


def reading_text(reading: Mapping[str, Any]) -> str:
    """A table's reading in a line: header rows, code form, pages, measures decided by arithmetic,
    then any other field (column roles are shown beside the header paths)."""
    parts = []
    if reading.get("header_rows") is not None:
        parts.append(f"{reading['header_rows']} header rows")
    if reading.get("code_form"):
        parts.append(f"codes {reading['code_form']}")
    pages = [p for p in reading.get("pages") or [] if isinstance(p, int)]
    if pages:
        parts.append(f"p. {pages[0]}" + (f"–{pages[-1]}" if pages[-1] != pages[0] else ""))
    if reading.get("measures_from_arithmetic"):
        parts.append("measures from arithmetic: " + ", ".join(map(str, reading["measures_from_arithmetic"])))
    known = {"header_rows", "code_form", "pages", "measures_from_arithmetic", "column_roles"}
    for key in sorted(k for k in reading if k not in known):
        text = json.dumps(reading[key], ensure_ascii=False)
        parts.append(f"{key} {text[:80]}")
    return ", ".join(parts)


def _looks_numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace("，", "").strip()
    if not stripped:
        return False
    try:
        Decimal(stripped.rstrip("%"))
    except InvalidOperation:
        return False
    return True


IMAGE_CHOICES = ("checked", "all", "none")
"""Which pages get an image: ``checked`` the pages of tables and findings (the numbers a reviewer
checks; the default), ``all`` also those only headings and narrative facts point at, ``none``."""


def pages_referenced(data: Mapping[str, Any], which: str = "checked") -> set[int]:
    """The pages to render for ``which`` (see :data:`IMAGE_CHOICES`)."""
    pages: set[int] = set()
    if which == "none":
        return pages

    def add(prov: Any) -> None:
        if isinstance(prov, Mapping) and isinstance(prov.get("page"), int):
            pages.add(prov["page"])

    for table in data.get("tables") or []:
        add(table.get("prov"))
        span = [p for p in table.get("pages") or [] if isinstance(p, int)]
        if span:
            pages.update(range(min(span), max(span) + 1))
    for key in ("issues", "facts", "sections") if which == "all" else ("issues",):
        for entry in data.get(key) or []:
            add(entry.get("prov"))
    return pages


def document_html(view: DocumentView) -> str:
    return DocumentPage(view).html()
