"""Shared test helpers: paths, the seed, the golden-file helper, corpus discovery."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "seed" / "changji-hitech-center-2026-budget.md"
EXPECTED = FIXTURES / "expected"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"

def load_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` as a module (registered in ``sys.modules``: dataclasses need it)."""
    spec = importlib.util.spec_from_file_location(f"_script_{name}", ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
"""Set UPDATE_GOLDEN=1 to rewrite golden files; test_golden_flag_is_off fails while it is set in CI."""


def assert_golden(name: str, data: Any) -> None:
    """Compare ``data`` with ``fixtures/expected/<name>.json``; rewrite it under UPDATE_GOLDEN=1.

    Golden files are reviewed by hand against the printed document before they are committed.
    """
    path = EXPECTED / f"{name}.json"
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}: run UPDATE_GOLDEN=1 pytest, then review it"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert data == expected, f"{name} differs from its golden file {path}"


def corpus_pdfs() -> list[Path]:
    """Every PDF of ../shared/corpus (empty when the corpus is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.rglob("*.pdf"))


@cache
def corpus_extraction(relpath: str) -> Any:
    """One parse per corpus document for the whole test session (default engine)."""
    from extractor.pipeline import extract

    return extract(CORPUS / relpath)


def needs_corpus() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


@pytest.fixture(scope="session")
def seed_result() -> Iterator[Any]:
    from extractor.pipeline import extract

    yield extract(SEED)
