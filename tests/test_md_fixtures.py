"""The Markdown fixtures under fixtures/seed/ are exactly what scripts/make_fixtures.py makes."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, SEED, load_script

MAKE_FIXTURES = load_script("make_fixtures")
OUTPUTS: dict[str, bytes] = MAKE_FIXTURES.build_outputs(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_fixture_is_up_to_date(name: str) -> None:
    path = FIXTURES / "seed" / name
    assert path.exists(), f"{path} is missing: run make fixtures"
    assert path.read_bytes() == OUTPUTS[name], f"{path} is stale: run make fixtures"


def test_html_spans_are_only_in_header_rows() -> None:
    module = MAKE_FIXTURES
    rows = [
        ["收 入", "", "支 出", ""],
        ["项 目", "预算数", "科目名称", "预算数"],
        ["一、本年收入", "3920.41", "", ""],
    ]
    assert module.header_spans(rows) == {(0, 0): (1, 2), (0, 2): (1, 2)}
    rows = [["项目", "合计", "资金来源", ""], ["", "", "一般", "基金"], ["总计", "1", "1", ""]]
    assert module.header_spans(rows) == {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2)}
