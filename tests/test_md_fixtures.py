"""The Markdown fixtures under fixtures/seed/ are exactly what scripts/make_fixtures.py makes."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from conftest import FIXTURES, ROOT, SEED


def _make_fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OUTPUTS: dict[str, bytes] = _make_fixtures().build_outputs(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_fixture_is_up_to_date(name: str) -> None:
    path = FIXTURES / "seed" / name
    assert path.exists(), f"{path} is missing: run make fixtures"
    assert path.read_bytes() == OUTPUTS[name], f"{path} is stale: run make fixtures"


def test_html_spans_are_only_in_header_rows() -> None:
    module = _make_fixtures()
    rows = [
        ["收 入", "", "支 出", ""],
        ["项 目", "预算数", "科目名称", "预算数"],
        ["一、本年收入", "3920.41", "", ""],
    ]
    assert module.header_spans(rows) == {(0, 0): (1, 2), (0, 2): (1, 2)}
    rows = [["项目", "合计", "资金来源", ""], ["", "", "一般", "基金"], ["总计", "1", "1", ""]]
    assert module.header_spans(rows) == {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2)}
