"""Helpers for the review-site tests (issue 16): documents to report on, and an HTML reader."""

from __future__ import annotations

import copy
import json
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from extractor.output import extraction_to_dict
from extractor.pipeline import extract

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed" / "changji-hitech-center-2026-budget.md"
SEED_PDF = ROOT / "fixtures" / "pdf" / "seed.pdf"
PUTUO = ROOT.parent / "shared" / "corpus" / "shanghai-putuo" / "budget-2026" / "dept_budget.pdf"

HOSTILE = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


@cache
def _parsed(path: Path) -> str:
    return json.dumps(extraction_to_dict(extract(path)), ensure_ascii=False)


def parsed(path: Path) -> dict[str, Any]:
    """The JSON dict of ``extractor parse`` for ``path`` (parsed once per test session)."""
    return dict(json.loads(_parsed(path)))


def write_json(folder: Path, name: str, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def hostile_json(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an output whose title, entity, table titles, column paths, a cell, a finding's
    message and a sentence carry markup meant to run."""
    out = copy.deepcopy(data)
    out["document"]["entity"] = "昌吉" + HOSTILE
    out["document"]["title"] = HOSTILE + "预算"
    out["source"]["warnings"] = [HOSTILE]
    out["source"]["status"] = "partial"
    out["sections"][0]["title"] = HOSTILE
    table = next(t for t in out["tables"] if t["rows"])
    table["title"] = HOSTILE
    table["columns"][0] = HOSTILE
    table["note"] = HOSTILE
    span = table["rows"][0]["spans"][0]
    span["text"] = HOSTILE
    table["rows"][0]["cells"][0] = HOSTILE
    for issue in out["issues"]:
        issue["message"] = HOSTILE + issue["message"]
    for item in out["line_items"][:5]:
        item["name"] = HOSTILE
        item["label"] = HOSTILE
    out["facts"][0]["sentence"] = HOSTILE
    out["facts"][0]["values"] = {"subject": HOSTILE, "x": HOSTILE}
    out["toc"].append({"numbering": "九、", "title": HOSTILE, "level": 2, "prov": None})
    out["confidence"] = {"closed": HOSTILE, "tried": 3}
    return out


class Page(HTMLParser):
    """Ids, elements with their attributes, links and the text of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, dict[str, str | None]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.tags.append((tag, d))
        if d.get("id"):
            assert d["id"] not in self.ids, f"duplicate id {d['id']}"
            self.ids[str(d["id"])] = {"tag": tag, **d}
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)

    def links(self) -> list[str]:
        return [str(d[k]) for _, d in self.tags for k in ("href", "src") if d.get(k)]

    def classes(self, element_id: str) -> set[str]:
        return set(str(self.ids[element_id].get("class") or "").split())


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))
