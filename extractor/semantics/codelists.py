"""The classification code lists shipped in ``extractor/data`` (see ``data/SOURCES.md``).

Three reference lists (支出功能分类 类, 部门预算支出经济分类, 政府预算支出经济分类), two lists
of (code, name) pairs observed in real documents, and a small list of further function codes
seen in the seed (``extra_function_codes.csv``). Loaded once, cached. Names are compared after
:func:`normalize_name` (spaces dropped, full-width brackets made half-width).
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from pathlib import Path

_FUNCTION_LEI = "function_classes_lei.csv"
_DEPT_ECON = "dept_budget_econ_classification.csv"
_GOV_ECON = "gov_budget_econ_classification.csv"
_OBSERVED_FUNCTION = "observed_function_codes.csv"
_OBSERVED_ECON = "observed_dept_econ_codes.csv"
_EXTRA_FUNCTION = "extra_function_codes.csv"

_DATA = Path(__file__).parent.parent / "data"
"""``extractor/data``, shipped as package data (``pyproject.toml``); read as plain files, which an
installed wheel and a source checkout both provide (``importlib.resources`` would cost its import,
zipfile and tempfile included, at every start-up)."""

_SPACES = re.compile(r"\s+")
_OLDER_NAME = re.compile(r"^\s*([^()（）;；]+?)\s*(?:[（(].*)?$")


def normalize_name(text: str) -> str:
    """A name as compared: no spaces or markup, half-width brackets."""
    text = _SPACES.sub("", text.replace("<b>", "").replace("</b>", ""))
    return text.replace("（", "(").replace("）", ")")


@cache
def _rows(filename: str) -> tuple[dict[str, str], ...]:
    text = (_DATA / filename).read_text(encoding="utf-8")
    return tuple(dict(row) for row in csv.DictReader(io.StringIO(text, newline="")))


def _older_names(field: str) -> list[str]:
    """``'文化体育与传媒支出 (to 2018); 医疗卫生支出 (earlier)'`` → the names only."""
    names = []
    for part in re.split(r"[;；]", field):
        match = _OLDER_NAME.match(part)
        if match and not match.group(1).strip().startswith("new"):
            names.append(match.group(1).strip())
    return names


@cache
def reference_names() -> dict[str, str]:
    """code → current reference name, for every code of the three reference lists."""
    names = {row["code"]: row["name"] for row in _rows(_FUNCTION_LEI)}
    for filename in (_DEPT_ECON, _GOV_ECON, _EXTRA_FUNCTION):
        for row in _rows(filename):
            names.setdefault(row["code"], row["name"])
    return names


@cache
def accepted_names() -> dict[str, frozenset[str]]:
    """code → every name accepted for it: reference, older names, and names seen in documents."""
    accepted: dict[str, set[str]] = {}

    def add(code: str, name: str) -> None:
        if code and name:
            accepted.setdefault(code, set()).add(normalize_name(name))

    for row in _rows(_FUNCTION_LEI):
        add(row["code"], row["name"])
        for older in _older_names(row.get("older_names") or ""):
            add(row["code"], older)
    for filename in (_DEPT_ECON, _GOV_ECON, _EXTRA_FUNCTION):
        for row in _rows(filename):
            add(row["code"], row["name"])
    for row in _rows(_OBSERVED_FUNCTION):
        add(row["code"], row["name_as_printed"])
    return {code: frozenset(names) for code, names in accepted.items()}


@cache
def known_codes() -> frozenset[str]:
    """Every code in any list (reference or observed)."""
    codes = set(reference_names())
    codes.update(row["code"] for row in _rows(_OBSERVED_FUNCTION))
    codes.update(row["code"] for row in _rows(_OBSERVED_ECON))
    return frozenset(codes)


def reference_name(code: str) -> str | None:
    """The reference (or, failing that, most often observed) name of ``code``."""
    name = reference_names().get(code)
    if name is not None:
        return name
    observed = [row for row in _rows(_OBSERVED_FUNCTION) if row["code"] == code]
    if not observed:
        return None
    return max(observed, key=lambda row: int(row.get("n_docs") or 0))["name_as_printed"]


def name_agrees(code: str, printed: str) -> bool | None:
    """True when ``printed`` is an accepted name of ``code``; None when the code is in no list.

    Economic codes are compared with the reference list only: documents that renumber economic
    款 locally print names that disagree, and that is worth flagging.
    """
    names = accepted_names().get(code)
    if names is None:
        return None
    return normalize_name(printed) in names


@cache
def function_class_codes() -> dict[str, str]:
    """Every accepted name of a 支出功能分类 类 (201–234, older names too) → its code."""
    return {name: code for code, names in accepted_names().items() if len(code) == 3 and code.startswith("2") for name in names}
