"""The review site: a static, offline HTML report of documents for people to check (issue 16).

``build_report(paths, out_dir)`` takes documents (parsed here), JSON files written by
``extractor parse`` and batch output folders, and writes into ``out_dir``::

    index.html                 one row per document; sortable, filterable
    assets/report.css, .js     the only style sheet and script (no CDN, nothing fetched)
    docs/<id>.html             one page per document: outline, findings, tables, charts, narrative
    docs/<id>/pNNNN.png        page images of PDFs (pdfium, 108 dpi, 4 greys): the pages of tables
                               and findings (``images="all"``: every page something points at)

Every page works opened from disk. Nothing is written outside ``out_dir``; the source document is
linked only with ``link_source``. A JSON's source PDF (for its page images) is found through the
batch manifest beside it, or as the file of the same name beside it, and used only when its
sha256 is the one the JSON records.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from extractor.errors import InputError, UsageError
from extractor.export.files import OutputError, atomic_path
from extractor.limits import DEFAULT_TIMEOUT, deadline
from extractor.report.assets import CSS, JS
from extractor.report.images import PageImage, render_pages
from extractor.report.site import IMAGE_CHOICES, DocumentView, document_html, index_page, pages_referenced
from extractor.sources import ReadOptions

JSONDict = dict[str, Any]
MANIFEST_NAME = "manifest.jsonl"
DOCUMENT_SUFFIXES = (".pdf", ".md", ".markdown", ".html", ".htm")
_UNSAFE = re.compile(r"[^\w.\-~]+")


@dataclass(frozen=True, slots=True)
class SiteInput:
    """One document for the site: a name, its JSON dict, and its source file when known."""

    name: str
    data: JSONDict
    source: Path | None = None
    note: str | None = None
    """Why ``source`` is None for a PDF (shown instead of page images)."""


@dataclass(slots=True)
class SiteSummary:
    directory: Path
    documents: int = 0
    pages: list[Path] = field(default_factory=list)
    html_bytes: int = 0
    image_bytes: int = 0
    images: int = 0

    @property
    def index(self) -> Path:
        return self.directory / "index.html"

    def __str__(self) -> str:
        return (
            f"{self.documents} document{'s' if self.documents != 1 else ''}, {self.images} page images "
            f"({self.image_bytes / 1024:.0f} KB), HTML {self.html_bytes / 1024:.0f} KB → {self.index}"
        )


# ---------------------------------------------------------------- inputs


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_output(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(300)
    return b'"schema"' in head and b"budget-disclosure/" in head


def _manifest_inputs(folder: Path) -> dict[str, str]:
    """``output file name → input path`` from a batch manifest in ``folder`` (empty without one)."""
    manifest = folder / MANIFEST_NAME
    found: dict[str, str] = {}
    if not manifest.is_file():
        return found
    for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("output"), str) and isinstance(record.get("input"), str):
            found[record["output"]] = record["input"]
    return found


def find_source(json_path: Path, data: JSONDict, manifest: dict[str, str] | None = None) -> tuple[Path | None, str | None]:
    """The source document of an output JSON, checked by sha256; or None and why."""
    source = data.get("source") or {}
    sha = source.get("sha256")
    name = source.get("path")
    candidates: list[Path] = []
    recorded = (manifest if manifest is not None else _manifest_inputs(json_path.parent)).get(json_path.name)
    if recorded:
        candidates += [Path(recorded), json_path.parent / recorded]
    if isinstance(name, str) and name and Path(name).name == name:
        candidates.append(json_path.parent / name)
    for candidate in candidates:
        try:
            if candidate.is_file() and (not sha or sha256_of(candidate) == sha):
                return candidate, None
        except OSError:
            continue
    if source.get("format") != "pdf":
        return None, None
    return None, f"the source PDF ({name}) was not found beside {json_path.name} with the same sha256: no page images"


def load_json(path: Path) -> JSONDict:
    from extractor.export.records import load_output

    return load_output(path)


def parse_document(path: Path, options: ReadOptions | None, timeout: float) -> JSONDict:
    from extractor.output import extraction_to_dict
    from extractor.pipeline import extract

    with deadline(timeout, str(path)):
        return extraction_to_dict(extract(path, options))


def collect_inputs(
    paths: Sequence[str | Path], options: ReadOptions | None = None, timeout: float = DEFAULT_TIMEOUT
) -> list[SiteInput]:
    """Documents (parsed now), output JSON files and batch output folders → site inputs."""
    out: list[SiteInput] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            manifest = _manifest_inputs(path)
            files = sorted(p for p in path.rglob("*.json") if not p.name.startswith(".") and _is_output(p))
            if not files:
                raise InputError(f"{path}: no extractor output JSON in this folder; run `extractor batch` first")
            for file in files:
                data = load_json(file)
                local = manifest if file.parent == path else None
                source, note = find_source(file, data, local)
                out.append(SiteInput(file.name.removesuffix(".json"), data, source, note))
        elif path.is_file():
            if path.suffix.lower() == ".json":
                data = load_json(path)
                source, note = find_source(path, data)
                out.append(SiteInput(path.name.removesuffix(".json"), data, source, note))
            elif path.suffix.lower() in DOCUMENT_SUFFIXES:
                out.append(SiteInput(path.name, parse_document(path, options, timeout), path))
            else:
                raise InputError(
                    f"{path}: not a document (.pdf, .md, .html), an output .json or a batch folder"
                )
        else:
            raise InputError(f"{path}: no such file or directory")
    return out


# ---------------------------------------------------------------- the site


def safe_name(name: str, taken: set[str]) -> str:
    """A file name for a document's page and image folder: word characters (CJK included), dots
    and dashes only, never starting with a dot, unique among ``taken`` (case-insensitively)."""
    base = _UNSAFE.sub("_", name).strip("._") or "document"
    base = base[:100]
    candidate, n = base, 1
    while candidate.lower() in taken or candidate.lower() in {"index", "assets"}:
        n += 1
        candidate = f"{base}~{n}"
    taken.add(candidate.lower())
    return candidate


def _write_text(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return len(data)


def build_site(
    inputs: Sequence[SiteInput], out_dir: str | Path, *, link_source: bool = False, images: str = "checked"
) -> SiteSummary:
    """Write the site for ``inputs`` into ``out_dir``; documents are listed by name. ``images``:
    which PDF pages get an image (:data:`~extractor.report.site.IMAGE_CHOICES`)."""
    if images not in IMAGE_CHOICES:
        raise UsageError(f"unknown --images {images!r}: choose one of {', '.join(IMAGE_CHOICES)}")
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: the report is a directory, and this is a file")
    summary = SiteSummary(target)
    try:
        (target / "assets").mkdir(parents=True, exist_ok=True)
        summary.html_bytes += _write_text(target / "assets" / "report.css", CSS)
        summary.html_bytes += _write_text(target / "assets" / "report.js", JS)
        taken: set[str] = set()
        views: list[DocumentView] = []
        docs_dir = target / "docs"
        docs_dir.mkdir(exist_ok=True)
        for item in sorted(inputs, key=lambda i: i.name):
            slug = safe_name(item.name, taken)
            page_images: dict[int, PageImage] = {}
            note = item.note
            if item.source is not None and (item.data.get("source") or {}).get("format") == "pdf" and images != "none":
                try:
                    rendered = render_pages(item.source, pages_referenced(item.data, images), docs_dir / slug)
                except Exception as err:  # pdfium refused the file: the page still works without images
                    rendered, note = [], f"page images could not be rendered ({type(err).__name__}: {err})"
                page_images = {img.page: img for img in rendered}
                summary.images += len(rendered)
                summary.image_bytes += sum(img.bytes for img in rendered)
            href = None
            if link_source and item.source is not None:
                href = quote(Path(os.path.relpath(item.source.resolve(), docs_dir.resolve())).as_posix())
            view = DocumentView(
                id=item.name,
                data=item.data,
                page_file=f"docs/{quote(slug)}.html",
                images=page_images,
                image_dir=quote(slug),
                source_href=href,
                note=note,
            )
            try:
                html = document_html(view)
            except (TypeError, ValueError, KeyError, AttributeError, IndexError) as err:
                raise InputError(
                    f"{item.name}: not a well-formed extractor output ({type(err).__name__}: {err}); "
                    "re-run `extractor parse` on its source"
                ) from err
            page = docs_dir / f"{slug}.html"
            summary.html_bytes += _write_text(page, html)
            summary.pages.append(page)
            views.append(view)
        summary.html_bytes += _write_text(target / "index.html", index_page(views))
    except OSError as err:
        raise OutputError(f"{target}: cannot write the report ({err.strerror or err}); check free space and permissions") from err
    summary.documents = len(views)
    return summary


def build_report(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    options: ReadOptions | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    link_source: bool = False,
    images: str = "checked",
) -> SiteSummary:
    """Read ``paths`` (documents, output JSONs, batch folders) and write the site into ``out_dir``."""
    if not paths:
        raise UsageError("nothing to report on: name documents, output JSONs or a batch folder")
    return build_site(collect_inputs(paths, options, timeout), out_dir, link_source=link_source, images=images)


__all__ = ["SiteInput", "SiteSummary", "build_report", "build_site", "collect_inputs", "find_source"]
